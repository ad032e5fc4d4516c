// The app's use of the indicator cache (src/store/indicator-cache.ts, docs/indicator-cache.md): computed outputs
// are written behind, at idle time, into DuckDB's `technical_indicators` table keyed by (symbol, timeframe,
// function, params, data version); stale versions of a series are purged at idle; a request is read through the
// table only when that is predicted to be faster than asking the engine (the rule below). The store module (and
// apache-arrow) is imported dynamically, so nothing here enters the main bundle or delays the first paint.
import type { Bars } from '../../shared/types';
import type { IndicatorCache } from '../../store/indicator-cache';
import { whenIdle } from '../perf';
import type { StoreConnection } from './store.svelte';

type Outputs = Record<string, Float64Array>;
type CacheModule = typeof import('../../store/indicator-cache');

/** Counters and timings of the app's indicator cache use (also read by the e2e test through the test hook). */
export interface CacheLinkStats {
  /** Requests answered from the table. */
  reads: number;
  /** Entries written behind. */
  writes: number;
  /** Rows deleted because their series got a new data version. */
  purged: number;
  /** Last measured read-through time in ms, and the compute time of that key that it replaced. */
  lastReadMs: number | null;
  lastComputeMs: number | null;
  /** Read-through cost model: ms per stored row (a moving average of measured reads). */
  readMsPerRow: number;
}

/** How read-through is decided: 'auto' (the cost rule), 'always' (every stored key, for tests) or 'never'. */
export type ReadMode = 'auto' | 'always' | 'never';

/**
 * Prior of the read cost before any read was measured, per stored row, plus a fixed cost per read (two queries
 * through DuckDB's worker). Measured in headless Chromium on this project's machine; see docs/indicator-cache.md.
 */
export const READ_MS_PER_ROW_PRIOR = 0.015;
export const READ_FIXED_MS = 50;

/** The test hook object: `window.__alphastratTest` when a test defined it (docs/indicator-cache.md). */
interface TestHook {
  indicatorCacheMode?: ReadMode;
  indicatorCache?: { query(sql: string): Promise<Record<string, unknown>[]>; stats(): CacheLinkStats };
}

/** Links the indicator state to the store's indicator cache: read-through by a cost rule, write-behind at idle. */
export class IndicatorCacheLink {
  readonly #store: StoreConnection;
  readonly #idle: (fn: () => void) => void;
  #module: Promise<CacheModule> | null = null;
  #loaded: CacheModule | null = null;
  #cache: IndicatorCache | null = null;
  /** dataVersion() per bars object (hashing is done once per series shown). */
  readonly #versions = new WeakMap<Bars, string>();
  /**
   * Entries stored in this session (the in-memory database holds nothing else): (series, function, params) →
   * data version → the compute time the entry saves and its row count.
   */
  readonly #stored = new Map<string, Map<string, { computeMs: number; rows: number }>>();
  /** (symbol, timeframe, kept version) of the purges running. */
  readonly #purging = new Set<string>();
  readonly #stats: CacheLinkStats = {
    reads: 0,
    writes: 0,
    purged: 0,
    lastReadMs: null,
    lastComputeMs: null,
    readMsPerRow: READ_MS_PER_ROW_PRIOR,
  };

  /** `idle` schedules write-behind work (requestIdleCallback by default). */
  constructor(store: StoreConnection, idle: (fn: () => void) => void = (fn) => whenIdle(fn, 2000)) {
    this.#store = store;
    this.#idle = idle;
    const hook = (globalThis as { __alphastratTest?: TestHook }).__alphastratTest;
    if (hook !== null && typeof hook === 'object') {
      hook.indicatorCache = {
        query: async (sql) => (await (await this.#store.open()).query(sql)).toArray().map((r) => ({ ...r.toJSON() })),
        stats: () => this.stats(),
      };
    }
  }

  /**
   * Read-through: the stored outputs of `fn(params)` for `bars`, or null when the request should be computed.
   * Reads only when the store is already open (it is never opened or awaited here), this session stored the
   * key, and the predicted read time (fixed cost + ms per row × rows) is below the compute time measured for it.
   */
  async lookup(fn: string, params: Record<string, number>, bars: Bars): Promise<Outputs | null> {
    const mode = this.#mode();
    if (mode === 'never' || this.#store.status !== 'ready' || this.#cache === null || this.#loaded === null) return null;
    const entry = keyId(bars, fn, params);
    const versions = this.#stored.get(entry);
    if (versions === undefined) return null; // nothing stored for this series, function and params
    const t0 = performance.now();
    const version = this.#version(this.#loaded, bars);
    const saved = versions.get(version);
    if (saved === undefined) return null;
    const predicted = READ_FIXED_MS + this.#stats.readMsPerRow * saved.rows;
    if (mode === 'auto' && predicted >= saved.computeMs) return null;
    const key = { symbol: bars.symbol, timeframe: bars.timeframe, fn, params, dataVersion: version };
    const out = await this.#cache.get(key, bars.ts).catch(() => null);
    const ms = performance.now() - t0;
    if (out === null) {
      versions.delete(version);
      return null;
    }
    const cache = this.#cache;
    this.#idle(() => void this.#purge(cache, bars, version).catch(() => undefined));
    this.#stats.reads++;
    this.#stats.lastReadMs = ms;
    this.#stats.lastComputeMs = saved.computeMs;
    const perRow = Math.max(0, ms - READ_FIXED_MS) / Math.max(1, saved.rows);
    this.#stats.readMsPerRow = 0.5 * this.#stats.readMsPerRow + 0.5 * perRow;
    return out;
  }

  /**
   * Write-behind: at idle time, stores `outputs` (computed for `bars` in `computeMs`) unless this session already
   * stored that key, then purges every other data version of the series. Skipped while the app has not started
   * opening the store; errors are swallowed (the cache is an optimisation, the chart already has its values).
   */
  remember(fn: string, params: Record<string, number>, bars: Bars, outputs: Outputs, computeMs: number): void {
    if (this.#mode() === 'never' || this.#store.status === 'idle' || this.#store.status === 'error') return;
    this.#idle(() => void this.#write(fn, params, bars, outputs, computeMs).catch(() => undefined));
  }

  /** A snapshot of the counters and timings. */
  stats(): CacheLinkStats {
    return { ...this.#stats };
  }

  async #write(fn: string, params: Record<string, number>, bars: Bars, outputs: Outputs, computeMs: number): Promise<void> {
    const store = await this.#store.open();
    const mod = (this.#loaded ??= await (this.#module ??= import('../../store/indicator-cache')));
    this.#cache ??= new mod.IndicatorCache(store);
    const version = this.#version(mod, bars);
    const entry = keyId(bars, fn, params);
    let versions = this.#stored.get(entry);
    if (versions === undefined) this.#stored.set(entry, (versions = new Map()));
    const saved = versions.get(version);
    if (saved === undefined) {
      const key = { symbol: bars.symbol, timeframe: bars.timeframe, fn, params, dataVersion: version };
      await this.#cache.put(key, bars.ts, outputs);
      versions.set(version, { computeMs, rows: Object.keys(outputs).length * bars.ts.length });
      this.#stats.writes++;
    } else {
      saved.computeMs = computeMs;
    }
    await this.#purge(this.#cache, bars, version);
  }

  /**
   * Drops every other data version of the bars' series (a DELETE on the in-memory table, at idle time after each
   * write-behind or read-through); calls for the same series and version while its purge runs are merged into it.
   */
  async #purge(cache: IndicatorCache, bars: Bars, version: string): Promise<void> {
    const series = `${bars.symbol}\u0000${bars.timeframe}\u0000`;
    const id = series + version;
    if (this.#purging.has(id)) return;
    this.#purging.add(id);
    try {
      this.#stats.purged += await cache.invalidate(bars.symbol, bars.timeframe, version);
    } finally {
      this.#purging.delete(id);
    }
    for (const [k, v] of this.#stored) if (k.startsWith(series)) for (const old of v.keys()) if (old !== version) v.delete(old);
  }

  /** dataVersion(bars), hashed once per bars object. */
  #version(mod: CacheModule, bars: Bars): string {
    let v = this.#versions.get(bars);
    if (v === undefined) {
      v = mod.dataVersion(bars);
      this.#versions.set(bars, v);
    }
    return v;
  }

  #mode(): ReadMode {
    const m = (globalThis as { __alphastratTest?: TestHook }).__alphastratTest?.indicatorCacheMode;
    return m === 'always' || m === 'never' ? m : 'auto';
  }
}

/** (symbol, timeframe, function, params sorted by name) of one request, prefixed by its series. */
function keyId(bars: Bars, fn: string, params: Record<string, number>): string {
  const p = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join(',');
  return [bars.symbol, bars.timeframe, fn, p].join('\u0000');
}
