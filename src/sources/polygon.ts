// Polygon aggregates (`/v2/aggs/ticker/…/range/…` pages, fake-polygon.md) → bar rows and `Bars`. Polygon's `t`
// is the window start in UTC ms; bars are stored timezone-naive in New York time (daily bars: 00:00 New York
// becomes the date's midnight), with the DST rule of the bar's own date.
import type { Bars, Timeframe } from '../shared/types';
import { rowsToBars, sortDedupe, type BarRow } from './bar-rows';
import { naiveConverter } from './timezone';

/** Polygon's US stock market time zone. */
export const POLYGON_TZ = 'America/New_York';

const TIMEFRAMES: Record<string, Timeframe> = { '1 minute': '1m', '5 minute': '5m', '15 minute': '15m', '1 hour': '1h', '60 minute': '1h', '1 day': '1d', '1 week': '1w', '1 month': '1mo' };

/** The product timeframe of a Polygon `multiplier`/`timespan` pair (1 minute → '1m', 1 day → '1d'…); throws naming the valid pairs. */
export function polygonTimeframe(multiplier: number, timespan: string): Timeframe {
  const tf = TIMEFRAMES[`${multiplier} ${timespan}`];
  if (tf === undefined) throw new Error(`multiplier/timespan ${multiplier} ${timespan} has no timeframe; valid: ${Object.keys(TIMEFRAMES).join(', ')}`);
  return tf;
}

const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : NaN);

/**
 * Rows of one or more aggregates pages (Polygon's JSON bodies, in any order): `t` → timezone-naive New York ms,
 * `o h l c v` as given (`v` may be fractional). Pages without `results` (empty ranges) add nothing; a bar whose
 * `t`, `o`, `h`, `l` or `c` is not a finite number is dropped; missing `v` becomes NaN. Sorted by `t`, deduplicated.
 */
export function polygonRows(pages: readonly unknown[]): BarRow[] {
  const toNaive = naiveConverter(POLYGON_TZ);
  const rows: BarRow[] = [];
  pages.forEach((page, p) => {
    if (page === null || typeof page !== 'object') throw new Error(`page ${p + 1}: expected a JSON object, got ${JSON.stringify(page)?.slice(0, 80)}`);
    const results = (page as { results?: unknown }).results;
    if (results === undefined) return;
    if (!Array.isArray(results)) throw new Error(`page ${p + 1}: results must be an array`);
    for (const r of results as Record<string, unknown>[]) {
      const row = { t: num(r?.t), o: num(r?.o), h: num(r?.h), l: num(r?.l), c: num(r?.c), v: num(r?.v) };
      if ([row.t, row.o, row.h, row.l, row.c].some(Number.isNaN)) continue;
      rows.push({ ...row, t: toNaive(row.t) });
    }
  });
  return sortDedupe(rows);
}

/** `Bars` of `symbol` from aggregates pages fetched with `multiplier`/`timespan` (see {@link polygonRows}). */
export function normalizePolygonAggs(pages: readonly unknown[], symbol: string, multiplier: number, timespan: string): Bars {
  return rowsToBars(polygonRows(pages), symbol, polygonTimeframe(multiplier, timespan));
}
