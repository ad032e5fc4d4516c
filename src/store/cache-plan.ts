// Pure planning for the bar cache (bar-cache.ts): calendar months, chunk keys, which day ranges of a request
// are missing from the cache, how bars split into month chunks, and which chunks to evict when storage is full.
// Days are ISO dates 'YYYY-MM-DD' (the exchange's local calendar, like Bars.ts) at the edges and integer days
// since 1970-01-01 inside.
import type { Bars, Timeframe } from '../shared/types';

const DAY_MS = 86_400_000;

/** Where cached bars came from; 'csv' chunks are the user's own imports and are never evicted. */
export type CacheSource = 'polygon' | 'yahoo' | 'csv' | 'demo';

/** One cached series: a symbol at one timeframe from one source, split-adjusted or not. */
export interface SeriesId {
  source: CacheSource;
  /** The upstream ticker ('AAPL') or, for CSV, the name the user gave the import. */
  symbol: string;
  timeframe: Timeframe;
  adjusted: boolean;
}

/** An inclusive range of calendar days, ISO 'YYYY-MM-DD'. */
export interface DayRange {
  from: string;
  to: string;
}

/** What the cache knows about one month chunk without reading its bytes. */
export interface ChunkMeta extends SeriesId {
  /** Chunk key: series key + '|' + month. */
  key: string;
  /** Series key (see seriesKey). */
  series: string;
  /** 'YYYY-MM'. */
  month: string;
  /** Bars in the chunk (0 for a covered month without trading). */
  rows: number;
  /** First and last bar start (Bars.ts convention), NaN when rows = 0. */
  firstTs: number;
  lastTs: number;
  /** Days of this month whose bars the chunk holds completely (a single inclusive range). */
  coveredFrom: string;
  coveredTo: string;
  /** FNV-1a-64 of the stored Arrow IPC bytes (chunk-hash.ts). */
  checksum: string;
  /** FNV-1a-64 of the bar values (chunk-hash.ts barsContentHash). */
  contentHash: string;
  /** Size of the stored IPC bytes. */
  bytes: number;
  /** Epoch ms of the fetch (or import) that last wrote the chunk, and of its last read. */
  fetchedAt: number;
  lastUsedAt: number;
}

/** Days since 1970-01-01 of an ISO date; throws naming `field` when it is not a real date. */
export function dayNumber(iso: string, field = 'date'): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) {
    throw new RangeError(`${field} must be a date YYYY-MM-DD, got ${JSON.stringify(iso)}`);
  }
  return ms / DAY_MS;
}

/** ISO date of a day number (inverse of dayNumber). */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM' month of a day number. */
export function monthOf(day: number): string {
  return isoDay(day).slice(0, 7);
}

/** First and last day numbers of month 'YYYY-MM'. */
export function monthBounds(month: string): { first: number; last: number } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { first: Date.UTC(y, m - 1, 1) / DAY_MS, last: Date.UTC(y, m, 0) / DAY_MS };
}

/** Months 'YYYY-MM' touched by the days [from, to] (day numbers), oldest first. */
export function monthsBetween(from: number, to: number): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = monthBounds(monthOf(d)).last + 1) out.push(monthOf(d));
  return out;
}

/** Key of a series: 'source|symbol|timeframe|adj' or '…|raw'. */
export function seriesKey(s: SeriesId): string {
  return `${s.source}|${s.symbol}|${s.timeframe}|${s.adjusted ? 'adj' : 'raw'}`;
}

/** Key of one month chunk of a series. */
export function chunkKey(s: SeriesId, month: string): string {
  return `${seriesKey(s)}|${month}`;
}

/**
 * The symbol id a cached series is shown under in the app ('POLYGON:AAPL', 'POLYGON.RAW:AAPL' for unadjusted
 * prices, 'YAHOO:AAPL', 'CSV:MYFILE'); the demo market's ids ('DEMO:ACME') stay the demo's own.
 */
export function seriesSymbolId(s: Pick<SeriesId, 'source' | 'symbol' | 'adjusted'>): string {
  const prefix = s.source.toUpperCase() + (s.adjusted || s.source === 'csv' ? '' : '.RAW');
  return `${prefix}:${s.symbol}`;
}

/**
 * Day ranges of [from, to] (inclusive) not held by the cache, given the series' chunk metas; adjacent gaps are
 * merged so each range is one upstream request. A chunk covers one range of its month; a request that reaches
 * outside it asks for the gap between (so coverage stays one range). When a gap starts right after covered days,
 * it is widened back by up to `overlapDays` covered days: those bars come again and are compared with the cached
 * copy, which is how a split adjustment changed upstream is noticed (see fetch-plan in market-fetch.ts).
 */
export function missingRanges(
  metas: readonly Pick<ChunkMeta, 'month' | 'coveredFrom' | 'coveredTo'>[],
  from: string,
  to: string,
  overlapDays = 0,
): DayRange[] {
  const lo = dayNumber(from, 'from');
  const hi = dayNumber(to, 'to');
  if (lo > hi) throw new RangeError(`from (${from}) is after to (${to})`);
  const byMonth = new Map(metas.map((m) => [m.month, m]));
  const covered = (d: number): boolean => {
    const m = byMonth.get(monthOf(d));
    return m !== undefined && dayNumber(m.coveredFrom) <= d && d <= dayNumber(m.coveredTo);
  };
  const gaps: [number, number][] = [];
  for (const month of monthsBetween(lo, hi)) {
    const { first, last } = monthBounds(month);
    const a = Math.max(lo, first);
    const b = Math.min(hi, last);
    const chunk = byMonth.get(month);
    if (chunk === undefined) {
      gaps.push([a, b]);
      continue;
    }
    const cf = dayNumber(chunk.coveredFrom);
    const ct = dayNumber(chunk.coveredTo);
    if (a < cf) gaps.push([a, cf - 1]);
    if (b > ct) gaps.push([ct + 1, b]);
  }
  const merged: [number, number][] = [];
  for (const g of gaps) {
    const last = merged[merged.length - 1];
    if (last !== undefined && g[0] <= last[1] + 1) last[1] = Math.max(last[1], g[1]);
    else merged.push([g[0], g[1]]);
  }
  return merged.map(([a, b]) => {
    let start = a;
    for (let k = 0; k < overlapDays && covered(start - 1); k++) start--;
    return { from: isoDay(start), to: isoDay(b) };
  });
}

/** Rows of `bars` per month 'YYYY-MM' of their start time, as [start, end) index ranges, oldest first. */
export function splitByMonth(bars: Pick<Bars, 'ts'>): { month: string; start: number; end: number }[] {
  const out: { month: string; start: number; end: number }[] = [];
  const ts = bars.ts;
  for (let i = 0; i < ts.length;) {
    const month = monthOf(Math.floor(ts[i] / DAY_MS));
    const next = (monthBounds(month).last + 1) * DAY_MS;
    let j = i + 1;
    while (j < ts.length && ts[j] < next) j++;
    out.push({ month, start: i, end: j });
    i = j;
  }
  return out;
}

/** Index range [start, end) of the rows of ascending `ts` whose day lies in [from, to] (day numbers). */
export function rowsInDays(ts: Float64Array, from: number, to: number): { start: number; end: number } {
  const lower = (x: number): number => {
    let a = 0;
    let b = ts.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (ts[m] < x) a = m + 1;
      else b = m;
    }
    return a;
  };
  return { start: lower(from * DAY_MS), end: lower((to + 1) * DAY_MS) };
}

/** What eviction may not touch: pinned series keys, series being written, and (always) source 'csv'. */
export interface EvictionGuard {
  pinned: ReadonlySet<string>;
  protect: ReadonlySet<string>;
}

/** True when chunk `m` may be evicted: not the user's CSV import, not pinned, not protected. */
export function evictable(m: Pick<ChunkMeta, 'source' | 'series'>, guard: EvictionGuard): boolean {
  return m.source !== 'csv' && !guard.pinned.has(m.series) && !guard.protect.has(m.series);
}

/**
 * Chunks to evict to free at least `needBytes`: evictable chunks, least recently used first (ties: oldest
 * fetch, then key), until their bytes add up to needBytes; all evictable ones when they do not suffice.
 */
export function chooseEvictions(metas: readonly ChunkMeta[], needBytes: number, guard: EvictionGuard): ChunkMeta[] {
  const candidates = metas
    .filter((m) => evictable(m, guard))
    .sort((a, b) => a.lastUsedAt - b.lastUsedAt || a.fetchedAt - b.fetchedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out: ChunkMeta[] = [];
  let freed = 0;
  for (const m of candidates) {
    if (freed >= needBytes && out.length > 0) break;
    out.push(m);
    freed += m.bytes;
  }
  return out;
}
