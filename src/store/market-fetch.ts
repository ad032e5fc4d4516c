// Fetching through the cache: only the days a series does not hold yet are asked from the source (incremental
// update), every fetched range is written as month chunks, corrupt chunks are refetched, and a change of bars
// already cached (a split adjustment applied upstream) triggers a refetch of the series' whole cached span so
// old and new prices never mix. Also: CSV imports into the cache, and filling DuckDB from the cache.
import type { Bars } from '../shared/types';
import { SourceError, type BarRequest, type FetchOptions, type FetchProgress, type MarketDataSource } from '../sources/source';
import { naiveConverter } from '../sources/timezone';
import type { BarCache } from './bar-cache';
import { dayNumber, isoDay, missingRanges, seriesKey, type DayRange, type SeriesId } from './cache-plan';
import type { Store } from './index';

const DAY_MS = 86_400_000;
/** Days of cached bars fetched again in front of an extension, to compare (split adjustments changed upstream). */
export const OVERLAP_DAYS = 7;

/** The exchange's (New York) calendar day of the epoch-ms instant `now`, 'YYYY-MM-DD'. */
export function exchangeToday(now: number): string {
  return isoDay(Math.floor(naiveConverter('America/New_York')(now) / DAY_MS));
}

/** What fetchIntoCache did. */
export interface CacheFetchResult {
  /** The series from the cache over the requested days, after the fetch. */
  bars: Bars;
  series: SeriesId;
  /** Day ranges asked from the source (empty: everything came from the cache). */
  fetched: DayRange[];
  /** Months whose cached chunk failed its checksum and was fetched again. */
  discarded: string[];
  /** Months whose cached bars differed from upstream's (the whole cached span was then fetched again). */
  changed: string[];
  /** Chunks evicted to make room. */
  evicted: number;
}

/** Options of fetchIntoCache: cancellation, progress (cumulative over every range fetched) and the clock. */
export interface CacheFetchOptions extends FetchOptions {
  now?: () => number;
}

/**
 * Brings the cache up to date for `req` from `source` and returns the requested bars from the cache. Days up
 * to yesterday (New York) count as complete once fetched; today's days are fetched every time (bars may still
 * form) and not stored. Cancelling keeps every range already written (each write is atomic).
 */
export async function fetchIntoCache(
  cache: BarCache,
  source: MarketDataSource,
  req: BarRequest,
  opts: CacheFetchOptions = {},
): Promise<CacheFetchResult> {
  const now = opts.now ?? Date.now;
  const symbol = source.id === 'polygon' || source.id === 'yahoo' ? req.symbol.trim().toUpperCase() : req.symbol;
  const series: SeriesId = { source: source.id, symbol, timeframe: req.timeframe, adjusted: req.adjusted };
  dayNumber(req.from, 'from');
  dayNumber(req.to, 'to');
  if (req.from > req.to) throw new RangeError(`from (${req.from}) is after to (${req.to})`);
  const today = exchangeToday(now());
  const lastComplete = isoDay(dayNumber(today) - 1);
  const to = req.to < today ? req.to : today;
  // Reading first verifies every chunk of the range: corrupt ones are deleted here and so count as missing below.
  const discarded = req.from <= to ? (await cache.read(series, { from: req.from, to })).discarded.map((m) => m.month) : [];
  const result: CacheFetchResult = { bars: null as unknown as Bars, series, fetched: [], discarded, changed: [], evicted: 0 };
  const progress: FetchProgress = { pages: 0, bars: 0 };
  const fetchRange = async (range: DayRange): Promise<string[]> => {
    const base = { ...progress };
    const bars = await source.fetchBars(
      { ...req, symbol, from: range.from, to: range.to },
      {
        signal: opts.signal,
        onProgress: (p) => {
          progress.pages = base.pages + p.pages;
          progress.bars = base.bars + p.bars;
          opts.onProgress?.({ ...progress });
        },
      },
    );
    result.fetched.push(range);
    const coveredTo = range.to < lastComplete ? range.to : lastComplete;
    if (coveredTo < range.from) return [];
    const w = await cache.write(series, bars, { from: range.from, to: coveredTo }, now());
    result.evicted += w.evicted.length;
    return w.changedMonths;
  };
  if (req.from <= to) {
    for (const range of missingRanges(await cache.seriesMetas(series), req.from, to, OVERLAP_DAYS)) {
      if (opts.signal?.aborted) break;
      result.changed.push(...(await fetchRange(range)));
    }
    if (result.changed.length > 0 && !opts.signal?.aborted) {
      const metas = await cache.seriesMetas(series);
      const span = {
        from: metas.map((m) => m.coveredFrom).reduce((a, b) => (a < b ? a : b)),
        to: metas.map((m) => m.coveredTo).reduce((a, b) => (a > b ? a : b)),
      };
      await fetchRange(span);
    }
  }
  if (opts.signal?.aborted) throw new SourceError('aborted', 'cancelled');
  result.bars = (await cache.read(series, { from: req.from, to: req.to })).bars;
  return result;
}

/**
 * Stores an imported CSV series under source 'csv' and name `name` (replacing an earlier import of that name
 * and timeframe): covered days are its first to last bar's days. Such chunks are never evicted.
 */
export async function importIntoCache(cache: BarCache, name: string, bars: Bars, now = Date.now()): Promise<SeriesId> {
  if (bars.ts.length === 0) throw new RangeError('nothing to import: the CSV has no valid rows');
  const series: SeriesId = { source: 'csv', symbol: name, timeframe: bars.timeframe, adjusted: true };
  await cache.remove(series);
  const first = isoDay(Math.floor(bars.ts[0] / DAY_MS));
  const last = isoDay(Math.floor(bars.ts[bars.ts.length - 1] / DAY_MS));
  await cache.write(series, bars, { from: first, to: last }, now);
  return series;
}

/**
 * Inserts every cached series into the DuckDB store under its app symbol id (IndexedDB is the source of truth;
 * DuckDB's tables are rebuilt from it at each start). Returns the series loaded and the months discarded as corrupt.
 */
export async function fillStoreFromCache(store: Store, cache: BarCache): Promise<{ loaded: string[]; discarded: string[] }> {
  const loaded: string[] = [];
  const discarded: string[] = [];
  for (const s of await cache.list()) {
    const { bars, discarded: bad } = await cache.read(s);
    discarded.push(...bad.map((m) => `${seriesKey(s)} ${m.month}`));
    if (bars.ts.length === 0) continue;
    await store.insertBars(bars);
    loaded.push(s.id);
  }
  return { loaded, discarded };
}
