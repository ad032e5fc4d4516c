/**
 * The live-stream hub: ONE upstream Polygon WebSocket (the key travels inside the auth message, so only the
 * proxy can open it) shared by every SSE client. It subscribes to the union of the symbols clients want
 * (`AM.<sym>` minute aggregates), unsubscribes when no client wants a symbol, reconnects with exponential
 * backoff, and falls back to polling the aggregates route within the upstream budget when the plan has no
 * WebSocket access. Web-standard APIs only: the socket comes from an injected factory.
 */
import type { Clock } from './limits';
import { nyOffsetHours } from './time';

/** The subset of the WHATWG WebSocket client the hub uses (the `ws` package implements it on Node). */
export interface WsLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (ev: unknown) => void): void;
}

/** Opens a client WebSocket to `url`. */
export type WsFactory = (url: string) => WsLike;

/** One relayed minute bar: `t` is the window start as timezone-naive New York ms (as `Bars.ts`). */
export interface StreamBar {
  symbol: string;
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** How the hub currently gets bars, with a human-readable explanation. */
export interface StreamStatus {
  mode: 'connecting' | 'websocket' | 'polling';
  message: string;
}

/** A subscriber (one SSE client): receives bars of its symbols and every status change. */
export interface StreamSink {
  bar(b: StreamBar): void;
  status(s: StreamStatus): void;
}

/** One poll of today's minute aggregates of `symbol`: Polygon's results (UTC `t`), or why there are none. */
export type PollResult = { ok: true; results: { t: number; o: number; h: number; l: number; c: number; v: number }[] } | { ok: false; message: string };

/** Settings and collaborators of {@link StreamHub}; times in ms. */
export interface HubOptions {
  wsUrl: string;
  apiKey: string;
  connect: WsFactory;
  clock: Clock;
  log: (line: string) => void;
  /** Fetches today's (New York) one-minute bars of `symbol` through the budgeted upstream client. */
  poll: (symbol: string) => Promise<PollResult>;
  /** Shortest interval between two polls of the same symbol. */
  pollMs: number;
  /** Upstream REST budget per minute: polling uses at most half of it, leaving the rest to browsers. */
  budgetPerMin: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Upstream socket kept open this long after the last client left (default 10 000). */
  idleCloseMs?: number;
}

/** UTC epoch ms → timezone-naive New York wall-clock ms (the `Bars.ts` convention), by the US DST rule. */
export function nyNaive(utcMs: number): number {
  return utcMs + nyOffsetHours(utcMs) * 3_600_000;
}

/** A plan without WebSocket access answers auth with this kind of message (fake-polygon.md, "WebSocket"). */
const NO_WS_PLAN = /plan|upgrade|not (?:authorized|entitled)/i;

/** The shared upstream connection and its subscribers. */
export class StreamHub {
  private readonly subs = new Map<string, Set<StreamSink>>();
  private readonly upstreamSubs = new Set<string>();
  private readonly lastPolled = new Map<string, number>();
  private state: StreamStatus = { mode: 'connecting', message: 'connecting to the upstream WebSocket' };
  private ws: WsLike | null = null;
  private authed = false;
  private failures = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private noWebSocket = false;
  private closed = false;
  /** Upstream WebSocket connections opened so far (a test and health figure). */
  connectsOpened = 0;

  constructor(private readonly o: HubOptions) {}

  /** Adds `sink` for `symbols`; returns the function that removes it again (idempotent). */
  add(sink: StreamSink, symbols: string[]): () => void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const s of symbols) {
      let set = this.subs.get(s);
      if (!set) this.subs.set(s, (set = new Set()));
      set.add(sink);
    }
    sink.status(this.state);
    this.ensureRunning();
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      for (const s of symbols) {
        const set = this.subs.get(s);
        set?.delete(sink);
        if (set && set.size === 0) {
          this.subs.delete(s);
          this.lastPolled.delete(s);
        }
      }
      this.syncSubscriptions();
      if (this.subs.size === 0) this.scheduleIdleClose();
    };
  }

  /** Current mode, number of clients and symbols, upstream subscriptions and connections opened. */
  stats(): { mode: string; clients: number; symbols: string[]; upstream: string[]; connectsOpened: number } {
    const clients = new Set<StreamSink>();
    for (const set of this.subs.values()) for (const s of set) clients.add(s);
    return { mode: this.state.mode, clients: clients.size, symbols: [...this.subs.keys()].sort(), upstream: [...this.upstreamSubs].sort(), connectsOpened: this.connectsOpened };
  }

  /** Stops everything: closes the upstream socket and clears all timers. */
  close(): void {
    this.closed = true;
    for (const t of [this.reconnectTimer, this.idleTimer, this.pollTimer]) if (t) clearTimeout(t);
    this.dropSocket();
  }

  private setState(s: StreamStatus): void {
    this.state = s;
    const seen = new Set<StreamSink>();
    for (const set of this.subs.values()) for (const sink of set) if (!seen.has(sink)) seen.add(sink), sink.status(s);
  }

  private ensureRunning(): void {
    if (this.closed || this.subs.size === 0) return;
    if (this.noWebSocket) {
      if (this.pollTimer === null) this.schedulePoll(0);
      return;
    }
    if (this.ws === null && this.reconnectTimer === null) this.open();
    else this.syncSubscriptions();
  }

  private open(): void {
    this.authed = false;
    this.upstreamSubs.clear();
    let ws: WsLike;
    try {
      ws = this.o.connect(this.o.wsUrl);
    } catch (e) {
      this.o.log(`stream: cannot open upstream socket: ${e instanceof Error ? e.message : String(e)}`);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.connectsOpened += 1;
    ws.addEventListener('message', (ev) => this.onMessage(ws, (ev as { data?: unknown }).data));
    ws.addEventListener('close', () => this.onClose(ws));
    ws.addEventListener('error', () => undefined); // 'close' follows and handles it
  }

  private onMessage(ws: WsLike, data: unknown): void {
    if (ws !== this.ws) return;
    let events: unknown;
    try {
      events = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return;
    }
    if (!Array.isArray(events)) return;
    for (const ev of events as Record<string, unknown>[]) {
      if (ev === null || typeof ev !== 'object') continue;
      if (ev.ev === 'AM') this.relay(ev);
      else if (ev.ev === 'status') this.onStatus(ws, String(ev.status), String(ev.message ?? ''));
    }
  }

  private onStatus(ws: WsLike, status: string, message: string): void {
    if (status === 'connected') {
      ws.send(JSON.stringify({ action: 'auth', params: this.o.apiKey }));
    } else if (status === 'auth_success') {
      this.authed = true;
      this.failures = 0;
      this.setState({ mode: 'websocket', message: 'live minute bars from the upstream WebSocket' });
      this.syncSubscriptions();
    } else if (status === 'auth_failed') {
      if (NO_WS_PLAN.test(message)) {
        this.noWebSocket = true;
        this.dropSocket();
        this.setState({ mode: 'polling', message: `the plan has no WebSocket access; polling minute aggregates every ${Math.round(this.pollInterval() / 1000)} s within the upstream budget` });
        this.schedulePoll(0);
      } else {
        this.o.log(`stream: upstream auth failed: ${message.slice(0, 200)}`);
        this.failures = Math.max(this.failures, 5); // a key problem: retry slowly
        this.dropSocket();
        this.setState({ mode: 'connecting', message: 'the upstream rejected the API key; retrying' });
        this.scheduleReconnect();
      }
    } else if (status === 'max_connections') {
      this.o.log('stream: upstream refused a second connection (max_connections)');
    }
  }

  private relay(ev: Record<string, unknown>): void {
    const sym = ev.sym;
    if (typeof sym !== 'string') return;
    const sinks = this.subs.get(sym);
    if (!sinks) return;
    const n = (k: string): number => (typeof ev[k] === 'number' ? (ev[k] as number) : NaN);
    const bar: StreamBar = { symbol: sym, t: nyNaive(n('s')), o: n('o'), h: n('h'), l: n('l'), c: n('c'), v: n('v') };
    if (!Number.isFinite(bar.t)) return;
    for (const s of sinks) s.bar(bar);
  }

  private onClose(ws: WsLike): void {
    if (ws !== this.ws) return;
    this.ws = null;
    this.authed = false;
    this.upstreamSubs.clear();
    if (this.closed || this.noWebSocket || this.subs.size === 0) return;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer !== null || this.closed) return;
    const base = this.o.reconnectBaseMs ?? 1000, max = this.o.reconnectMaxMs ?? 30_000;
    const delay = Math.min(max, base * 2 ** this.failures);
    this.failures += 1;
    this.setState({ mode: 'connecting', message: `upstream WebSocket closed; reconnecting in ${(delay / 1000).toFixed(1)} s` });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.subs.size > 0 && this.ws === null && !this.closed) this.open();
    }, delay);
  }

  private dropSocket(): void {
    const ws = this.ws;
    this.ws = null;
    this.authed = false;
    this.upstreamSubs.clear();
    try {
      ws?.close(1000, 'done');
    } catch {
      // already closing
    }
  }

  private scheduleIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.subs.size > 0) return;
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.failures = 0;
      this.dropSocket();
      if (!this.noWebSocket) this.state = { mode: 'connecting', message: 'connecting to the upstream WebSocket' };
    }, this.o.idleCloseMs ?? 10_000);
  }

  /** Sends subscribe/unsubscribe so the upstream set equals the union of what clients want. */
  private syncSubscriptions(): void {
    if (this.ws === null || !this.authed) return;
    const add = [...this.subs.keys()].filter((s) => !this.upstreamSubs.has(s));
    const drop = [...this.upstreamSubs].filter((s) => !this.subs.has(s));
    if (add.length > 0) this.ws.send(JSON.stringify({ action: 'subscribe', params: add.map((s) => `AM.${s}`).join(',') }));
    if (drop.length > 0) this.ws.send(JSON.stringify({ action: 'unsubscribe', params: drop.map((s) => `AM.${s}`).join(',') }));
    for (const s of add) this.upstreamSubs.add(s);
    for (const s of drop) this.upstreamSubs.delete(s);
  }

  /** Time between polling rounds: every symbol once per round, using at most half the per-minute budget. */
  private pollInterval(): number {
    const share = Math.max(1, Math.floor(this.o.budgetPerMin / 2));
    return Math.max(this.o.pollMs, Math.ceil((Math.max(1, this.subs.size) * 60_000) / share));
  }

  private schedulePoll(delay: number): void {
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.pollRound(), delay);
  }

  private async pollRound(): Promise<void> {
    this.pollTimer = null;
    if (this.closed || this.subs.size === 0) return;
    for (const sym of [...this.subs.keys()]) {
      const r = await this.o.poll(sym);
      const sinks = this.subs.get(sym);
      if (!sinks) continue;
      if (!r.ok) {
        this.o.log(`stream: poll of ${sym} failed: ${r.message.slice(0, 200)}`);
        continue;
      }
      const last = this.lastPolled.get(sym);
      // The first poll of a symbol relays only its latest bar; later polls every bar newer than the last one.
      const fresh = last === undefined ? r.results.slice(-1) : r.results.filter((b) => b.t > last);
      if (fresh.length > 0) this.lastPolled.set(sym, fresh[fresh.length - 1].t);
      for (const b of fresh) {
        const bar: StreamBar = { symbol: sym, t: nyNaive(b.t), o: b.o, h: b.h, l: b.l, c: b.c, v: b.v };
        for (const s of sinks) s.bar(bar);
      }
    }
    if (this.subs.size > 0 && !this.closed) this.schedulePoll(this.pollInterval());
  }
}
