// The live-signals panel's state: one EventSource on the proxy's `/api/stream` (docs/proxy.md § Live stream) for the
// chosen symbols; every minute bar is appended to its symbol and evaluated incrementally (src/engine/live/, O(1) per
// bar, equal to the batch strategy signals), every BUY/SELL is listed with the risk manager's verdict, and the
// status line follows the connection (connected / polling fallback / reconnecting / offline). docs/live.md.
import type { SignalType, StrategySpec } from '../../shared/backtest';
import { LiveSession, parseStreamedBar, type LiveSignal } from '../../engine/live/index';
import { errorMessage } from '../perf';
import {
  parseLiveSymbols,
  reconnectDelayMs,
  statusAfterError,
  statusOfMode,
  statusText,
  streamUrl,
  type LiveStatus,
} from './live-helpers';

/** Live signals kept in the list (newest first); older ones drop off. */
export const MAX_LIVE_SIGNALS = 500;

/** One symbol's line: bars received, the last bar's time and close, and its current signal. */
export interface LiveSymbolRow {
  symbol: string;
  bars: number;
  /** The last bar's start (timezone-naive ms), or null before the first bar. */
  t: number | null;
  close: number | null;
  signal: SignalType | null;
  strength: number;
  /** Bars still needed before the strategy can signal. */
  warmupLeft: number;
}

/** The subset of EventSource the state uses (tests and the bench may substitute their own). */
export type StreamFactory = (url: string) => EventSource;

/** The live panel: symbols as typed, the stream, the per-symbol rows and the signal list. */
export class LiveState {
  /** Symbols as typed (comma or space separated). */
  symbolsText = $state('AAPL, MSFT');
  /** True between start() and stop(). */
  running = $state(false);
  status = $state<LiveStatus>('idle');
  /** The status line's detail (the proxy's own message when it sent one). */
  detail = $state('');
  /** Why the last start failed (bad symbols, a strategy the live evaluator does not support). */
  error = $state<string | null>(null);
  /** The strategy's label while running, e.g. "sma_cross fast 10 slow 30". */
  strategyLabel = $state('');
  rows = $state.raw<LiveSymbolRow[]>([]);
  /** BUY/SELL signals, newest first (at most MAX_LIVE_SIGNALS). */
  signals = $state.raw<LiveSignal[]>([]);
  /** Bars refused (late or repeated minutes, unknown symbols) and the last reason. */
  refused = $state(0);
  refusedReason = $state<string | null>(null);

  readonly #strategy: () => StrategySpec;
  readonly #open: StreamFactory;
  #es: EventSource | null = null;
  #session: LiveSession | null = null;
  #symbols: string[] = [];
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | null = null;

  /** `strategy` returns the spec to run (throws with the form's message when it is invalid). */
  constructor(strategy: () => StrategySpec, open: StreamFactory = (url) => new EventSource(url)) {
    this.#strategy = strategy;
    this.#open = open;
  }

  /** The status line's text. */
  get statusLine(): string {
    return statusText(this.status, this.detail);
  }

  /** Validates the symbols and the strategy, builds a fresh session and opens the stream. */
  start(): void {
    this.stop();
    this.error = null;
    const symbols = parseLiveSymbols(this.symbolsText);
    if (typeof symbols === 'string') {
      this.error = symbols;
      return;
    }
    let spec: StrategySpec;
    try {
      spec = this.#strategy();
      this.#session = new LiveSession(spec, symbols);
    } catch (e) {
      this.error = errorMessage(e);
      return;
    }
    this.#symbols = symbols;
    this.strategyLabel = `${spec.type}${spec.type === 'rules' ? '' : ` ${Object.entries(spec.params ?? {}).map(([k, v]) => `${k} ${String(v)}`).join(' ')}`}`;
    this.signals = [];
    this.refused = 0;
    this.refusedReason = null;
    this.#publishRows();
    this.running = true;
    this.#failures = 0;
    this.#connect();
  }

  /** Closes the stream and cancels any pending reconnect; rows and signals stay for reading. */
  stop(): void {
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = null;
    this.#es?.close();
    this.#es = null;
    if (this.running) {
      this.running = false;
      this.status = 'idle';
      this.detail = 'stopped';
    }
  }

  /** Stops; called when the page goes away. */
  dispose(): void {
    this.stop();
  }

  #connect(): void {
    this.status = this.#failures === 0 ? 'connecting' : statusAfterError(this.#failures);
    if (this.#failures === 0) this.detail = `opening the stream for ${this.#symbols.join(', ')}`;
    let es: EventSource;
    try {
      es = this.#open(streamUrl(this.#symbols));
    } catch (e) {
      this.#lost(`could not open the stream: ${errorMessage(e)}`);
      return;
    }
    this.#es = es;
    es.addEventListener('status', (ev) => {
      if (es !== this.#es) return;
      this.#failures = 0;
      try {
        const s = JSON.parse((ev as MessageEvent<string>).data) as { mode?: unknown; message?: unknown };
        this.status = statusOfMode(s.mode);
        this.detail = typeof s.message === 'string' ? s.message : '';
      } catch {
        this.detail = 'the proxy sent an unreadable status';
      }
    });
    es.addEventListener('bar', (ev) => {
      if (es !== this.#es) return;
      this.#onBar((ev as MessageEvent<string>).data);
    });
    es.addEventListener('error', () => {
      if (es !== this.#es) return;
      if (es.readyState === EventSource.CLOSED) {
        // The browser gave up (an HTTP error such as 503/501, or a non-event-stream answer): retry ourselves.
        this.#es = null;
        es.close();
        void this.#explainAndRetry();
        return;
      }
      // CONNECTING: the browser retries by itself (the proxy asks for 3 s between attempts).
      this.#failures++;
      this.status = statusAfterError(this.#failures);
      this.detail = this.#failures === 1 ? 'the stream dropped; reconnecting' : `the proxy is unreachable; retrying (attempt ${this.#failures})`;
    });
  }

  #onBar(data: string): void {
    const session = this.#session;
    if (!session) return;
    let bar;
    try {
      bar = parseStreamedBar(JSON.parse(data));
    } catch {
      bar = 'bar: not JSON';
    }
    if (typeof bar === 'string') {
      this.refused++;
      this.refusedReason = bar;
      return;
    }
    const out = session.push(bar);
    if (!out.accepted) {
      this.refused++;
      this.refusedReason = out.reason;
      return;
    }
    if (out.signal) this.signals = [out.signal, ...this.signals].slice(0, MAX_LIVE_SIGNALS);
    this.#publishRows();
  }

  #publishRows(): void {
    const session = this.#session;
    if (!session) return;
    this.rows = session.symbols.map((s) => {
      const n = s.ts.length;
      return {
        symbol: s.symbol,
        bars: n,
        t: n > 0 ? s.ts[n - 1] : null,
        close: n > 0 ? s.close[n - 1] : null,
        signal: s.last?.type ?? null,
        strength: s.last?.strength ?? 0,
        warmupLeft: Math.max(0, s.evaluator.warmup - n),
      };
    });
  }

  /** After the browser gave up: ask /api/health why, show it, and reconnect with back-off. */
  async #explainAndRetry(): Promise<void> {
    this.#failures++;
    let why = 'the proxy is unreachable';
    try {
      const res = await fetch('/api/health', { cache: 'no-store' });
      const body = (await res.json()) as { keyConfigured?: unknown; stream?: { available?: unknown } };
      if (body.keyConfigured === false) why = 'the proxy has no POLYGON_API_KEY; the live stream needs it';
      else if (body.stream && body.stream.available === false) why = 'this proxy cannot hold the upstream WebSocket (no live stream)';
      else why = 'the stream was refused';
    } catch {
      // unreachable: keep the default text
    }
    this.#lost(why);
  }

  #lost(why: string): void {
    if (!this.running) return;
    const delay = reconnectDelayMs(this.#failures);
    this.status = 'offline';
    this.detail = `${why}; retrying in ${Math.round(delay / 1000)} s`;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      if (this.running) this.#connect();
    }, delay);
  }
}
