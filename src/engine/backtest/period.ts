// The metric period of a backtest: annualization from the bar size, the `start` row, and the series derived from
// equity (returns, drawdown, buy & hold benchmark) exactly as docs/semantics.md § 1 and § 8 define them.
import type { Timeframe } from '../../shared/types';

/** Periods per year by bar size: US equity sessions of 6.5 h, 252 a year (docs/semantics.md § 8). */
export const PERIODS_PER_YEAR: Readonly<Record<Timeframe, number>> = {
  '1m': 252 * 390,
  '5m': 252 * 78,
  '15m': 252 * 26,
  // Clock-aligned hours (src/store/sql.ts): 09:00–15:00 buckets, 7 per session.
  '1h': 252 * 7,
  '1d': 252,
  '1w': 52,
  '1mo': 12,
};

/**
 * The row `start` names: a row index, or the first row whose ts is ≥ an ISO date/datetime (read timezone-naive
 * like Bars.ts); 0 when absent. Throws naming `start` when it is malformed or past the last row.
 */
export function resolveStartRow(start: number | string | null | undefined, ts: Float64Array): number {
  if (start === undefined || start === null) return 0;
  const n = ts.length;
  if (typeof start === 'number') {
    if (!Number.isInteger(start) || start < 0) throw new Error(`start: must be a row index ≥ 0 or an ISO date, got ${start}`);
    if (start >= n) throw new Error(`start: row ${start} is past the last row (${n - 1})`);
    return start;
  }
  if (typeof start !== 'string') throw new Error(`start: must be a row index or an ISO date, got ${JSON.stringify(start)}`);
  const t = parseIsoNaive(start);
  if (t === undefined) throw new Error(`start: must be an ISO date (2020-01-02) or datetime (2020-01-02T09:30), got ${JSON.stringify(start)}`);
  for (let i = 0; i < n; i++) if (ts[i] >= t) return i;
  throw new Error(`start: ${start} is after the last bar (${n === 0 ? 'no bars' : new Date(ts[n - 1]).toISOString().slice(0, 19)})`);
}

/** Epoch ms of an ISO date/datetime read as UTC wall-clock (the Bars.ts convention); undefined if invalid. */
export function parseIsoNaive(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?Z?$/.exec(s.trim());
  if (m === null) return undefined;
  const [y, mo, d, h = '0', mi = '0', sec = '0'] = m.slice(1);
  const t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec);
  const b = new Date(t);
  if (b.getUTCFullYear() !== +y || b.getUTCMonth() !== +mo - 1 || b.getUTCDate() !== +d || +h > 23 || +mi > 59 || +sec > 59) {
    return undefined;
  }
  return t;
}

/** Strategy returns over rows startRow..n-1: equity[startRow]/cash − 1, then equity[i]/equity[i−1] − 1. */
export function periodReturns(equity: Float64Array, cash: number, startRow: number): Float64Array {
  const n = equity.length;
  const r = new Float64Array(Math.max(0, n - startRow));
  let prev = cash;
  for (let i = startRow; i < n; i++) {
    r[i - startRow] = equity[i] / prev - 1;
    prev = equity[i];
  }
  return r;
}

/**
 * Buy & hold of `cash` from close[startRow]: equity cash·C[i]/C[startRow] (NaN before startRow) and its returns
 * over the period, the first 0. A NaN close carries the last finite one, as the simulator marks positions.
 */
export function buyAndHold(close: Float64Array, cash: number, startRow: number): { equity: Float64Array; returns: Float64Array } {
  const n = close.length;
  const equity = new Float64Array(n).fill(NaN);
  const returns = new Float64Array(Math.max(0, n - startRow));
  let base = NaN;
  let last = NaN;
  for (let i = startRow; i < n; i++) {
    if (Number.isFinite(close[i])) last = close[i];
    if (Number.isNaN(base) && Number.isFinite(last)) base = last;
    equity[i] = Number.isNaN(base) ? cash : (cash * last) / base;
    returns[i - startRow] = i === startRow ? 0 : equity[i] / equity[i - 1] - 1;
  }
  return { equity, returns };
}

/** equity[i] / max(cash, equity[0..i]) − 1 per row (≤ 0): the drawdown series of docs/semantics.md § 8. */
export function drawdownSeries(equity: Float64Array, cash: number): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = cash;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    out[i] = equity[i] / peak - 1;
  }
  return out;
}

/**
 * Fraction of rows startRow..n-1 holding a position after the row's fills (the `exposure` metric); the last row
 * counts as held when `endHeld` (its position was only closed by the `end` close).
 */
export function exposure(position: Float64Array, startRow: number, endHeld = false): number {
  const n = position.length - startRow;
  if (n <= 0) return NaN;
  let held = 0;
  for (let i = startRow; i < position.length; i++) if (position[i] !== 0) held++;
  if (endHeld && position[position.length - 1] === 0) held++;
  return held / n;
}
