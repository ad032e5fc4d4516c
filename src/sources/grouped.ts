// Polygon grouped daily answers (`/v2/aggs/grouped/locale/us/market/stocks/{date}`, fake-polygon.md: one bar per
// ticker for one date, the ticker in `T`) → one daily `Bars` series per ticker, for the scanner's "US market"
// universe (docs/live.md). Pure: the dates to ask for and the conversion; the fetching is in grouped-fetch.ts.
// Times follow src/sources/polygon.ts exactly: `t` (00:00 New York in UTC ms) becomes the date's naive midnight,
// with the same validity rule (a row whose t/o/h/l/c is not a finite number is dropped; missing v → NaN).
import type { Bars } from '../shared/types';
import { sortDedupe, rowsToBars, type BarRow } from './bar-rows';
import { nyseHolidays } from './calendar';
import { POLYGON_TZ } from './polygon';
import { SourceError, checkDay } from './source';
import { naiveConverter } from './timezone';

const DAY_MS = 86_400_000;

/** Most sessions one grouped universe may ask for (a year of daily bars is ~252). */
export const MAX_GROUPED_SESSIONS = 300;

/** Free-plan Polygon budget the request estimate is quoted at (requests per minute). */
export const FREE_PLAN_PER_MIN = 5;

/** One grouped daily answer: the session date asked for and Polygon's JSON body. */
export interface GroupedDay {
  /** 'YYYY-MM-DD'. */
  date: string;
  body: unknown;
}

/** Options of {@link groupedSeries}. */
export interface GroupedSeriesOptions {
  /**
   * Drop tickers without a bar on the last session with data (default true): their "current" signal would be
   * days old (halted, delisted, renamed). Gaps earlier in a series are kept — the series is ragged.
   */
  requireLastSession?: boolean;
  /** Drop tickers with fewer bars than this (default 1: keep every ragged series; the strategy's warm-up decides). */
  minBars?: number;
}

/** Per-ticker daily series built from grouped answers, and what was left out and why. */
export interface GroupedSeries {
  /** One series per kept ticker (symbol = Polygon's `T`, timeframe '1d'), ordered by ticker. */
  bars: Bars[];
  /** Session dates that had results, ascending. */
  sessions: string[];
  /** Dates whose answer had no results (holidays, closures, not yet published), ascending. */
  empty: string[];
  dropped: {
    /** Tickers without a bar on the last session (only when requireLastSession). */
    notOnLastSession: number;
    /** Tickers with fewer than minBars bars. */
    tooFewBars: number;
    /** Result rows without a usable `T` ticker. */
    badTicker: number;
    /** Result rows whose t/o/h/l/c was not a finite number. */
    badRow: number;
  };
}

const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : NaN);

/** A ticker as Polygon writes it in `T` (e.g. AAPL, BRK.A, ABRpD): 1..40 printable characters without spaces. */
const TICKER = /^[A-Za-z0-9][A-Za-z0-9.:\-/]{0,39}$/;

/**
 * Per-ticker daily `Bars` from grouped daily answers (any order, one per date): rows normalised as
 * src/sources/polygon.ts's polygonRows (New York naive ms, invalid rows dropped, sorted, last duplicate `t`
 * kept). Tickers missing on some dates keep their ragged series; only the rules in {@link GroupedSeriesOptions}
 * drop a ticker. Throws a SourceError('upstream') naming the date when a body is not a grouped answer, and a
 * 'bad-request' one for an invalid or repeated date.
 */
export function groupedSeries(days: readonly GroupedDay[], opts: GroupedSeriesOptions = {}): GroupedSeries {
  const requireLast = opts.requireLastSession ?? true;
  const minBars = opts.minBars ?? 1;
  if (!Number.isInteger(minBars) || minBars < 1 || minBars > MAX_GROUPED_SESSIONS)
    throw new RangeError(`minBars must be an integer 1..${MAX_GROUPED_SESSIONS}, got ${minBars}`);
  const toNaive = naiveConverter(POLYGON_TZ);
  const seenDates = new Set<string>();
  const sessions: string[] = [];
  const empty: string[] = [];
  const rowsOf = new Map<string, BarRow[]>();
  const onDate = new Map<string, Set<string>>();
  const dropped = { notOnLastSession: 0, tooFewBars: 0, badTicker: 0, badRow: 0 };
  // Oldest first, so the converter's quarter-hour memo is hit by every row of a date.
  const ordered = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const { date, body } of ordered) {
    checkDay('grouped date', date);
    if (seenDates.has(date)) throw new SourceError('bad-request', `grouped date ${date} given twice`);
    seenDates.add(date);
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw new SourceError(
        'upstream',
        `grouped daily ${date}: expected a JSON object, got ${JSON.stringify(body)?.slice(0, 80)}`,
      );
    const results = (body as { results?: unknown }).results;
    if (results === undefined || (Array.isArray(results) && results.length === 0)) {
      empty.push(date);
      continue;
    }
    if (!Array.isArray(results)) throw new SourceError('upstream', `grouped daily ${date}: results must be an array`);
    const tickers = new Set<string>();
    for (const r of results as Record<string, unknown>[]) {
      const T = r?.T;
      if (typeof T !== 'string' || !TICKER.test(T)) {
        dropped.badTicker++;
        continue;
      }
      const row = { t: num(r.t), o: num(r.o), h: num(r.h), l: num(r.l), c: num(r.c), v: num(r.v) };
      if ([row.t, row.o, row.h, row.l, row.c].some(Number.isNaN)) {
        dropped.badRow++;
        continue;
      }
      row.t = toNaive(row.t);
      let list = rowsOf.get(T);
      if (!list) rowsOf.set(T, (list = []));
      list.push(row);
      tickers.add(T);
    }
    sessions.push(date);
    onDate.set(date, tickers);
  }
  const last = sessions.length > 0 ? onDate.get(sessions[sessions.length - 1]) : undefined;
  const bars: Bars[] = [];
  for (const T of [...rowsOf.keys()].sort()) {
    if (requireLast && last !== undefined && !last.has(T)) {
      dropped.notOnLastSession++;
      continue;
    }
    const rows = sortDedupe(rowsOf.get(T) as BarRow[]);
    if (rows.length < minBars) {
      dropped.tooFewBars++;
      continue;
    }
    bars.push(rowsToBars(rows, T, '1d'));
  }
  return { bars, sessions, empty, dropped };
}

/** 'YYYY-MM-DD' of a Date.UTC midnight. */
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Up to `count` candidate session dates on or before `date`, newest first: weekdays that are not NYSE rule-based
 * holidays (src/sources/calendar.ts nyseHolidays); one-off closures are not known and show up as empty answers.
 */
export function candidateSessions(date: string, count: number): string[] {
  checkDay('date', date);
  if (!Number.isInteger(count) || count < 1 || count > 2 * MAX_GROUPED_SESSIONS)
    throw new SourceError('bad-request', `count must be an integer 1..${2 * MAX_GROUPED_SESSIONS}, got ${count}`);
  const closed = new Map<number, Set<number>>();
  const holidays = (y: number): Set<number> => {
    let s = closed.get(y);
    if (!s) closed.set(y, (s = new Set(nyseHolidays(y))));
    return s;
  };
  const out: string[] = [];
  for (let t = Date.parse(`${date}T00:00:00Z`); out.length < count; t -= DAY_MS) {
    const d = new Date(t);
    const w = d.getUTCDay();
    if (w === 0 || w === 6 || holidays(d.getUTCFullYear()).has(t)) continue;
    out.push(isoDay(t));
  }
  return out;
}

/** Checks a sessions count (integer 1..MAX_GROUPED_SESSIONS); throws a SourceError('bad-request') naming it. */
export function checkSessions(sessions: unknown): asserts sessions is number {
  if (typeof sessions !== 'number' || !Number.isInteger(sessions) || sessions < 1 || sessions > MAX_GROUPED_SESSIONS)
    throw new SourceError(
      'bad-request',
      `sessions must be an integer 1..${MAX_GROUPED_SESSIONS}, got ${JSON.stringify(sessions)}`,
    );
}

/**
 * The up-front cost of a grouped universe: one request per session (rule-based holidays are skipped without a
 * request) and the minutes it takes at `perMinute` requests per minute (the free plan's 5), with a label
 * "40 requests ≈ 8 minutes at 5/min". Proxy cache hits (dates asked before) cost no budget, so this is an upper bound.
 */
export function groupedEstimate(
  sessions: number,
  perMinute = FREE_PLAN_PER_MIN,
): { requests: number; minutes: number; label: string } {
  checkSessions(sessions);
  if (!(perMinute > 0)) throw new RangeError(`perMinute must be > 0, got ${perMinute}`);
  const minutes = sessions / perMinute;
  const shown = `${Number(minutes.toFixed(1))} minute${minutes === 1 ? '' : 's'}`;
  return { requests: sessions, minutes, label: `${sessions} request${sessions === 1 ? '' : 's'} ≈ ${shown} at ${perMinute}/min` };
}

/** The last weekday strictly before the UTC day of `nowMs`, 'YYYY-MM-DD' (the scanner's default date: end-of-day data is published). */
export function previousWeekday(nowMs: number): string {
  let t = Math.floor(nowMs / DAY_MS) * DAY_MS - DAY_MS;
  while (new Date(t).getUTCDay() === 0 || new Date(t).getUTCDay() === 6) t -= DAY_MS;
  return isoDay(t);
}
