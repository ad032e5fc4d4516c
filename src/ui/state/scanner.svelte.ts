// The scanner panel's state: a strategy (the backtest form's) over a universe — every demo symbol, every cached
// symbol, a typed watchlist, or the whole US market from grouped daily bars (src/sources/grouped.ts) — scanned by engine.scan in the engine worker, the rows sorted actionable-first by
// strength, failures listed; re-scanned on a schedule while the page is open and visible (docs/live.md).
import type { StrategySpec } from '../../shared/backtest';
import type { ScanInput, ScanResult } from '../../shared/engine-api';
import type { Bars } from '../../shared/types';
import type { GroupedProgress, GroupedRequest } from '../../sources/grouped-fetch';
import { previousWeekday, type GroupedSeries } from '../../sources/grouped';
import { errorMessage } from '../perf';
import type { EngineConnection } from './engine.svelte';
import { nextScanDelay, resolveWatchlist } from './scanner-helpers';

/** Where the scanned symbols come from. */
export type UniverseMode = 'demo' | 'cached' | 'watchlist' | 'grouped';

/** The timeframes a scan runs on (the demo market's native ones; cached series at their stored timeframe). */
export type ScanTimeframe = '1d' | '1m';

/** What the scanner needs from the rest of the app. */
export interface ScanSources {
  /** Every demo symbol id. */
  demoIds(): string[];
  /** Every cached symbol id (IndexedDB). */
  cachedIds(): string[];
  /** Bars of one symbol id at a timeframe (demo bars from the engine, cached bars from the cache). */
  loadBars(id: string, timeframe: ScanTimeframe): Promise<Bars>;
  /** Per-ticker daily series of the US market from grouped daily bars (src/sources/grouped-fetch.ts). */
  grouped?(req: GroupedRequest, opts: { signal: AbortSignal; onProgress: (p: GroupedProgress) => void }): Promise<GroupedSeries & { requests: number }>;
}

/** Page visibility as the scheduler sees it (document's by default). */
export interface Visibility {
  hidden(): boolean;
  /** Calls `cb` on every change; returns the unsubscribe. */
  onChange(cb: () => void): () => void;
}

const documentVisibility: Visibility = {
  hidden: () => document.visibilityState === 'hidden',
  onChange(cb) {
    document.addEventListener('visibilitychange', cb);
    return () => document.removeEventListener('visibilitychange', cb);
  },
};

/** The scanner form, the last result and the schedule. */
export class ScannerState {
  mode = $state<UniverseMode>('demo');
  /** The watchlist as typed. */
  watchlist = $state('ACME, GLOBX, QBIT, MEDIQ');
  timeframe = $state<ScanTimeframe>('1d');
  /** US market universe: last session 'YYYY-MM-DD' and sessions of history (enough for RSI/SMA warm-ups). */
  groupedDate = $state(previousWeekday(Date.now()));
  groupedSessions = $state(40);
  /** Grouped fetch progress while running, and what the last grouped fetch found. */
  groupedProgress = $state.raw<GroupedProgress | null>(null);
  groupedInfo = $state.raw<{ date: string; sessions: string[]; symbols: number; dropped: GroupedSeries['dropped']; requests: number } | null>(null);
  /** Re-scan interval in ms (0 = off). */
  intervalMs = $state(0);
  running = $state(false);
  error = $state<string | null>(null);
  result = $state.raw<ScanResult | null>(null);
  /** Symbols that could not be scanned: load errors, unknown watchlist entries and the engine's failures. */
  failed = $state.raw<{ symbol: string; error: string }[]>([]);
  /** Completed scans since the page opened, the last one's end time and duration (ms). */
  scans = $state(0);
  lastRunAt = $state<number | null>(null);
  elapsedMs = $state(0);
  /** True while the schedule is held because the tab is hidden. */
  paused = $state(false);

  readonly #engine: EngineConnection;
  readonly #strategy: () => StrategySpec;
  readonly #sources: ScanSources;
  readonly #visibility: Visibility;
  readonly #unwatch: () => void;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #demoCache = new Map<string, Bars>();
  /** The last grouped fetch (key date|sessions): a scheduled re-scan reuses it instead of spending the budget again. */
  #grouped: { key: string; bars: Bars[] } | null = null;
  #abort: AbortController | null = null;

  /** `strategy` returns the spec to scan with (throws with the form's message when invalid). */
  constructor(engine: EngineConnection, strategy: () => StrategySpec, sources: ScanSources, visibility: Visibility = documentVisibility) {
    this.#engine = engine;
    this.#strategy = strategy;
    this.#sources = sources;
    this.#visibility = visibility;
    this.#unwatch = visibility.onChange(() => this.#reschedule());
  }

  /** The symbol ids the current universe resolves to, and the watchlist entries that match nothing. */
  universe(): { ids: string[]; unknown: string[] } {
    if (this.mode === 'grouped') return { ids: this.#grouped?.bars.map((b) => b.symbol) ?? [], unknown: [] };
    if (this.mode === 'demo') return { ids: this.#sources.demoIds(), unknown: [] };
    if (this.mode === 'cached') return { ids: this.#sources.cachedIds(), unknown: [] };
    return resolveWatchlist(this.watchlist, [...this.#sources.demoIds(), ...this.#sources.cachedIds()]);
  }

  /** Sets the re-scan interval and (re)starts the schedule. */
  setInterval(ms: number): void {
    this.intervalMs = ms;
    this.#reschedule();
  }

  /** Loads the universe's bars and scans them in the engine worker; one scan at a time (a second call waits its turn). */
  async scan(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.error = null;
    const t0 = performance.now();
    try {
      const spec = this.#strategy();
      if (this.mode === 'grouped') {
        const bars = await this.#groupedBars();
        await this.#engine.ready;
        const result = await this.#engine.api.scan(spec, bars.map((b) => ({ symbol: b.symbol, bars: b })));
        this.result = result;
        this.failed = result.failed;
        this.scans++;
        return;
      }
      const { ids, unknown } = this.universe();
      if (ids.length === 0 && unknown.length === 0) {
        throw new Error(this.mode === 'cached' ? 'no cached symbols yet: fetch or import some in the Data panel' : 'the universe is empty: add symbols to the watchlist');
      }
      const tf = this.timeframe;
      const inputs: ScanInput[] = await Promise.all(
        ids.map(async (symbol): Promise<ScanInput> => {
          try {
            return { symbol, bars: await this.#bars(symbol, tf) };
          } catch (e) {
            return { symbol, bars: errorMessage(e) };
          }
        }),
      );
      await this.#engine.ready;
      const result = await this.#engine.api.scan(spec, inputs);
      this.result = result;
      this.failed = [...unknown.map((symbol) => ({ symbol, error: 'not a demo or cached symbol (fetch it in the Data panel first)' })), ...result.failed];
      this.scans++;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.elapsedMs = performance.now() - t0;
      this.lastRunAt = Date.now();
      this.running = false;
      this.#reschedule();
    }
  }

  /** Cancels a running grouped fetch (the scan ends with "cancelled"). */
  cancel(): void {
    this.#abort?.abort();
  }

  /** Stops the schedule, the visibility listener and a running grouped fetch. */
  dispose(): void {
    this.#abort?.abort();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#unwatch();
  }

  /** The grouped universe's series: fetched once per (date, sessions), then reused by re-scans. */
  async #groupedBars(): Promise<Bars[]> {
    const date = this.groupedDate;
    const sessions = this.groupedSessions;
    const key = `${date}|${sessions}`;
    if (this.#grouped?.key === key) return this.#grouped.bars;
    if (!this.#sources.grouped) throw new Error('the US market universe needs the data proxy (npm start)');
    const abort = new AbortController();
    this.#abort = abort;
    try {
      const s = await this.#sources.grouped(
        { date, sessions },
        { signal: abort.signal, onProgress: (p) => (this.groupedProgress = p) },
      );
      if (s.bars.length === 0) throw new Error(`no US market symbols on ${date}`);
      this.#grouped = { key, bars: s.bars };
      this.groupedInfo = {
        date: s.sessions[s.sessions.length - 1],
        sessions: s.sessions,
        symbols: s.bars.length,
        dropped: s.dropped,
        requests: s.requests,
      };
      return s.bars;
    } finally {
      this.#abort = null;
      this.groupedProgress = null;
    }
  }

  async #bars(id: string, tf: ScanTimeframe): Promise<Bars> {
    if (!id.startsWith('DEMO:')) return this.#sources.loadBars(id, tf);
    // Demo bars never change: load each once per page.
    const key = `${id}|${tf}`;
    let b = this.#demoCache.get(key);
    if (!b) {
      b = await this.#sources.loadBars(id, tf);
      this.#demoCache.set(key, b);
    }
    return b;
  }

  /** Arms the timer for the next due scan; holds it while the tab is hidden. */
  #reschedule(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.paused = this.intervalMs > 0 && this.#visibility.hidden();
    if (this.paused || this.running) return;
    const delay = nextScanDelay(this.lastRunAt, this.intervalMs, Date.now());
    if (delay === null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.scan();
    }, delay);
  }
}
