// The bar cache: bars of each series (source, symbol, timeframe, adjusted) stored as one Arrow IPC chunk per
// calendar month, each with its row count, time range, covered days, checksum, content hash, fetch time and
// last-use time. All logic lives here over a small ChunkBackend, so it runs in Node tests on a Map
// (bar-cache-memory.ts) and in the browser on IndexedDB (bar-cache-idb.ts).
//
// Guarantees: a chunk whose stored bytes fail their checksum is deleted and reported, never decoded; a write
// is one backend transaction (all of its month chunks or none); on a quota error the least recently used
// chunks that are neither pinned, nor the series being written, nor the user's CSV imports are evicted and
// the write is retried.
import { tableFromIPC } from 'apache-arrow';
import type { Bars } from '../shared/types';
import { arrowToBars, barsToArrowIPC, validateBars } from './arrow';
import {
  chooseEvictions,
  chunkKey,
  dayNumber,
  isoDay,
  monthBounds,
  monthsBetween,
  rowsInDays,
  seriesKey,
  seriesSymbolId,
  type ChunkMeta,
  type DayRange,
  type SeriesId,
} from './cache-plan';
import { barsContentHash, fnv1a64 } from './chunk-hash';

/** A chunk as stored: its metadata and its Arrow IPC stream bytes. */
export interface ChunkRecord {
  meta: ChunkMeta;
  ipc: Uint8Array;
}

/** Storage under the cache; put and delete are atomic. A put that exceeds the quota rejects with a QuotaExceededError. */
export interface ChunkBackend {
  listMeta(): Promise<ChunkMeta[]>;
  getIpc(key: string): Promise<Uint8Array | undefined>;
  put(records: ChunkRecord[]): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** Sets lastUsedAt of the given chunks (best effort). */
  touch(keys: string[], at: number): Promise<void>;
  getPins(): Promise<string[]>;
  setPins(add: string[], remove: string[]): Promise<void>;
}

/** A series as the cache lists it: identity, months, rows, covered days, bytes, latest fetch, pinned. */
export interface CachedSeries extends SeriesId {
  key: string;
  /** The app's symbol id for it (cache-plan seriesSymbolId), e.g. 'POLYGON:AAPL'. */
  id: string;
  months: number;
  rows: number;
  from: string;
  to: string;
  bytes: number;
  fetchedAt: number;
  pinned: boolean;
}

/** What a write did: chunks written, chunks evicted to make room, and months whose overlapping bars changed. */
export interface WriteResult {
  written: ChunkMeta[];
  evicted: ChunkMeta[];
  /** Months where bars already cached differ from the newly written ones over the same days. */
  changedMonths: string[];
}

/** Thrown when a write does not fit even after evicting everything evictable. */
export class CacheFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CacheFullError';
  }
}

/** True for a storage-quota failure as IndexedDB reports it (DOMException QuotaExceededError, also inside an AbortError). */
export function isQuotaError(e: unknown): boolean {
  const name = (x: unknown): string =>
    x !== null && typeof x === 'object' && 'name' in x ? String((x as { name: unknown }).name) : '';
  return name(e) === 'QuotaExceededError' || name((e as { cause?: unknown } | null)?.cause) === 'QuotaExceededError';
}

const MAX_EVICTION_ROUNDS = 6;

/** Bars rows [start, end) as a new series (copies). */
function sliceBars(b: Bars, start: number, end: number, symbol = b.symbol): Bars {
  return {
    symbol,
    timeframe: b.timeframe,
    ts: b.ts.slice(start, end),
    open: b.open.slice(start, end),
    high: b.high.slice(start, end),
    low: b.low.slice(start, end),
    close: b.close.slice(start, end),
    volume: b.volume.slice(start, end),
  };
}

/** Concatenation of ascending, non-overlapping parts (in order) as one series labelled `symbol`. */
export function concatBars(parts: readonly Bars[], symbol: string, timeframe: Bars['timeframe']): Bars {
  const n = parts.reduce((s, p) => s + p.ts.length, 0);
  const out: Bars = {
    symbol,
    timeframe,
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let at = 0;
  for (const p of parts) {
    for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) out[c].set(p[c], at);
    at += p.ts.length;
  }
  return out;
}

/** Bars decoded from a chunk's IPC bytes (zero-copy columns over `ipc`). */
export function decodeChunk(ipc: Uint8Array, symbol: string, timeframe: Bars['timeframe']): Bars {
  return arrowToBars(tableFromIPC(ipc), symbol, timeframe);
}

/** A chunk record for `bars` (all in `month`) covering the days `covered` of that month. */
export function encodeChunk(series: SeriesId, month: string, bars: Bars, covered: DayRange, fetchedAt: number): ChunkRecord {
  const ipc = barsToArrowIPC({ ...bars, symbol: seriesSymbolId(series) });
  const n = bars.ts.length;
  const meta: ChunkMeta = {
    ...series,
    key: chunkKey(series, month),
    series: seriesKey(series),
    month,
    rows: n,
    firstTs: n > 0 ? bars.ts[0] : NaN,
    lastTs: n > 0 ? bars.ts[n - 1] : NaN,
    coveredFrom: covered.from,
    coveredTo: covered.to,
    checksum: fnv1a64(ipc),
    contentHash: barsContentHash(bars),
    bytes: ipc.byteLength,
    fetchedAt,
    lastUsedAt: fetchedAt,
  };
  return { meta, ipc };
}

/** The cache over one backend; keeps an in-memory copy of the metadata once listed. */
export class BarCache {
  readonly #backend: ChunkBackend;
  readonly #now: () => number;
  #metas: Map<string, ChunkMeta> | null = null;
  #pins: Set<string> | null = null;
  /** Hook for tests of the quota path: called before every put; may throw (see docs/data.md). */
  beforePut: (() => void) | null = null;

  constructor(backend: ChunkBackend, now: () => number = Date.now) {
    this.#backend = backend;
    this.#now = now;
  }

  /** Every chunk's metadata (read from the backend once, then kept in sync). */
  async metas(): Promise<ChunkMeta[]> {
    return [...(await this.#index()).values()];
  }

  async #index(): Promise<Map<string, ChunkMeta>> {
    this.#metas ??= new Map((await this.#backend.listMeta()).map((m) => [m.key, m]));
    return this.#metas;
  }

  async #pinned(): Promise<Set<string>> {
    this.#pins ??= new Set(await this.#backend.getPins());
    return this.#pins;
  }

  /** Metadata of the chunks of one series, oldest month first. */
  async seriesMetas(series: SeriesId): Promise<ChunkMeta[]> {
    const key = seriesKey(series);
    return (await this.metas()).filter((m) => m.series === key).sort((a, b) => (a.month < b.month ? -1 : 1));
  }

  /** Every cached series with its totals, sorted by source then symbol then timeframe. */
  async list(): Promise<CachedSeries[]> {
    const pins = await this.#pinned();
    const by = new Map<string, CachedSeries>();
    for (const m of await this.metas()) {
      let s = by.get(m.series);
      if (!s) {
        s = {
          source: m.source,
          symbol: m.symbol,
          timeframe: m.timeframe,
          adjusted: m.adjusted,
          key: m.series,
          id: seriesSymbolId(m),
          months: 0,
          rows: 0,
          from: m.coveredFrom,
          to: m.coveredTo,
          bytes: 0,
          fetchedAt: 0,
          pinned: pins.has(m.series),
        };
        by.set(m.series, s);
      }
      s.months++;
      s.rows += m.rows;
      s.bytes += m.bytes;
      if (m.coveredFrom < s.from) s.from = m.coveredFrom;
      if (m.coveredTo > s.to) s.to = m.coveredTo;
      s.fetchedAt = Math.max(s.fetchedAt, m.fetchedAt);
    }
    return [...by.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * The cached bars of `series` (within `range` when given), labelled with its app symbol id. Chunks whose
   * bytes are missing or fail their checksum are deleted and listed in `discarded` (their months must be
   * fetched again); their bars are never returned.
   */
  async read(series: SeriesId, range?: DayRange): Promise<{ bars: Bars; discarded: ChunkMeta[] }> {
    let metas = await this.seriesMetas(series);
    if (range) {
      const lo = range.from.slice(0, 7);
      const hi = range.to.slice(0, 7);
      metas = metas.filter((m) => m.month >= lo && m.month <= hi);
    }
    const parts: Bars[] = [];
    const discarded: ChunkMeta[] = [];
    const id = seriesSymbolId(series);
    for (const m of metas) {
      const ipc = await this.#backend.getIpc(m.key);
      if (ipc === undefined || ipc.byteLength !== m.bytes || fnv1a64(ipc) !== m.checksum) {
        discarded.push(m);
        continue;
      }
      let bars: Bars;
      try {
        bars = decodeChunk(ipc, id, series.timeframe);
        if (bars.ts.length !== m.rows) throw new Error('row count differs');
      } catch {
        discarded.push(m);
        continue;
      }
      parts.push(bars);
    }
    if (discarded.length > 0) await this.#delete(discarded.map((m) => m.key));
    const used = metas.filter((m) => !discarded.includes(m)).map((m) => m.key);
    if (used.length > 0) {
      const at = this.#now();
      const index = await this.#index();
      for (const k of used) {
        const m = index.get(k);
        if (m) index.set(k, { ...m, lastUsedAt: at });
      }
      await this.#backend.touch(used, at).catch(() => undefined);
    }
    let bars = concatBars(parts, id, series.timeframe);
    if (range) {
      const { start, end } = rowsInDays(bars.ts, dayNumber(range.from, 'from'), dayNumber(range.to, 'to'));
      bars = sliceBars(bars, start, end);
    }
    return { bars, discarded };
  }

  /**
   * Stores `bars` of `series` as the complete data of the days `covered` (bars outside those days are ignored):
   * one chunk per month, merged with the month's cached bars when their covered days touch (the new bars win
   * where both have the day). Days cached before and written again are compared by content hash: months where
   * they differ are reported in `changedMonths` (e.g. a split adjustment changed upstream).
   */
  async write(series: SeriesId, bars: Bars, covered: DayRange, fetchedAt = this.#now()): Promise<WriteResult> {
    validateBars(bars);
    if (bars.timeframe !== series.timeframe)
      throw new TypeError(`bars.timeframe ${bars.timeframe} differs from the series' ${series.timeframe}`);
    const lo = dayNumber(covered.from, 'covered.from');
    const hi = dayNumber(covered.to, 'covered.to');
    if (lo > hi) throw new RangeError(`covered.from (${covered.from}) is after covered.to (${covered.to})`);
    const index = await this.#index();
    const records: ChunkRecord[] = [];
    const changedMonths: string[] = [];
    const id = seriesSymbolId(series);
    const months = monthsBetween(lo, hi);
    // One read (checksums verified, corrupt chunks dropped) of every cached bar of the months written.
    const hasOld = months.some((m) => index.has(chunkKey(series, m)));
    const cachedBars = hasOld
      ? (await this.read(series, { from: months[0] + '-01', to: isoDay(monthBounds(months[months.length - 1]).last) })).bars
      : null;
    for (const month of months) {
      const { first, last } = monthBounds(month);
      const a = Math.max(lo, first);
      const b = Math.min(hi, last);
      const fresh = rowsInDays(bars.ts, a, b);
      let monthBars = sliceBars(bars, fresh.start, fresh.end, id);
      let cover: DayRange = { from: isoDay(a), to: isoDay(b) };
      const old = index.get(chunkKey(series, month));
      if (old && cachedBars && index.has(old.key)) {
        const of = dayNumber(old.coveredFrom);
        const ot = dayNumber(old.coveredTo);
        const inMonth = rowsInDays(cachedBars.ts, first, last);
        const oldBars = sliceBars(cachedBars, inMonth.start, inMonth.end);
        const overlapFrom = Math.max(a, of);
        const overlapTo = Math.min(b, ot);
        if (overlapFrom <= overlapTo) {
          const o = rowsInDays(oldBars.ts, overlapFrom, overlapTo);
          const n = rowsInDays(monthBars.ts, overlapFrom, overlapTo);
          if (barsContentHash(oldBars, o.start, o.end) !== barsContentHash(monthBars, n.start, n.end)) changedMonths.push(month);
        }
        if (a <= ot + 1 && of <= b + 1) {
          // Touching or overlapping coverage: keep the old bars outside the new days, one covered range.
          const before = rowsInDays(oldBars.ts, first, a - 1);
          const after = rowsInDays(oldBars.ts, b + 1, last);
          monthBars = concatBars(
            [sliceBars(oldBars, before.start, before.end), monthBars, sliceBars(oldBars, after.start, after.end)],
            id,
            series.timeframe,
          );
          cover = { from: isoDay(Math.min(a, of)), to: isoDay(Math.max(b, ot)) };
        }
      }
      records.push(encodeChunk(series, month, monthBars, cover, fetchedAt));
    }
    const evicted = await this.#putWithEviction(records, seriesKey(series));
    for (const r of records) index.set(r.meta.key, r.meta);
    return { written: records.map((r) => r.meta), evicted, changedMonths };
  }

  async #putWithEviction(records: ChunkRecord[], protect: string): Promise<ChunkMeta[]> {
    const evicted: ChunkMeta[] = [];
    let need = records.reduce((s, r) => s + r.ipc.byteLength, 0);
    for (let round = 0; ; round++) {
      try {
        this.beforePut?.();
        await this.#backend.put(records);
        return evicted;
      } catch (e) {
        if (!isQuotaError(e)) throw e;
        const victims = chooseEvictions(await this.metas(), need, { pinned: await this.#pinned(), protect: new Set([protect]) });
        if (victims.length === 0 || round >= MAX_EVICTION_ROUNDS) {
          const kept = (await this.metas()).reduce((s, m) => s + m.bytes, 0);
          throw new CacheFullError(
            `browser storage is full: ${(need / 1e6).toFixed(2)} MB could not be stored and nothing more may be evicted ` +
              `(${(kept / 1e6).toFixed(2)} MB cached: imported CSV data, pinned series and this series are never evicted); ` +
              'remove cached series in the Data panel or allow persistent storage',
          );
        }
        await this.#delete(victims.map((v) => v.key));
        evicted.push(...victims);
        need *= 2;
      }
    }
  }

  async #delete(keys: string[]): Promise<void> {
    await this.#backend.delete(keys);
    const index = await this.#index();
    for (const k of keys) index.delete(k);
  }

  /** Deletes every chunk of `series` (CSV imports included: this is the user's explicit removal). */
  async remove(series: SeriesId): Promise<void> {
    const keys = (await this.seriesMetas(series)).map((m) => m.key);
    if (keys.length > 0) await this.#delete(keys);
    await this.unpin([seriesKey(series)]);
  }

  /** Marks series keys as needed by a saved backtest or portfolio: their chunks are never evicted. */
  async pin(keys: string[]): Promise<void> {
    const pins = await this.#pinned();
    await this.#backend.setPins(keys, []);
    for (const k of keys) pins.add(k);
  }

  /** Lets pinned series be evicted again. */
  async unpin(keys: string[]): Promise<void> {
    const pins = await this.#pinned();
    await this.#backend.setPins([], keys);
    for (const k of keys) pins.delete(k);
  }

  /** The pinned series keys. */
  async pinned(): Promise<string[]> {
    return [...(await this.#pinned())];
  }
}
