// Bars as rows, the shape network sources produce before they become columns: `t` is timezone-naive ms
// (as `Bars.ts`), prices as given, `v` NaN when missing.
import type { Bars, Timeframe } from '../shared/types';

/** One OHLCV bar; `t` = bar start as timezone-naive exchange-local epoch ms. */
export interface BarRow {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** Sorts rows by `t` ascending and keeps the LAST row of each `t` (a re-sent forming bar replaces the earlier one). */
export function sortDedupe(rows: BarRow[]): BarRow[] {
  const byT = new Map<number, BarRow>();
  for (const r of rows) byT.set(r.t, r);
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

/** Rows → the `Bars` column layout of src/shared/types.ts. */
export function rowsToBars(rows: BarRow[], symbol: string, timeframe: Timeframe): Bars {
  const n = rows.length;
  const b: Bars = {
    symbol, timeframe,
    ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    b.ts[i] = r.t;
    b.open[i] = r.o;
    b.high[i] = r.h;
    b.low[i] = r.l;
    b.close[i] = r.c;
    b.volume[i] = r.v;
  });
  return b;
}
