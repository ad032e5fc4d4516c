// Higher-timeframe operands of `rules` strategies (docs/strategies.md § Higher timeframes): the traded bars are
// grouped into the buckets the DuckDB store's resampling uses (src/store/sql.ts bucketSql: clock-aligned floors,
// Monday weeks, calendar months) and aggregated as resampleSql does; an indicator computed on those bars is then
// shown on the traded bars only once its bucket has closed — from the first traded bar of the NEXT bucket, the
// earliest moment the data itself proves the bucket complete. So row i never sees a bucket that row i belongs to.
import { TIMEFRAMES, type Bars, type Timeframe } from '../../shared/types';
import { MONDAY_EPOCH_MS, TIMEFRAME_MS } from '../../store/sql';

/** Bars resampled to a coarser timeframe, with each traded row's bucket index. */
export interface Resampled {
  bars: Bars;
  /** bucketOf[i]: the index (into `bars`) of the bucket holding traded row i. */
  bucketOf: Int32Array;
}

/** Start (epoch ms, timezone-naive) of the `to` bucket holding `ts`, as bucketSql computes it in DuckDB. */
export function bucketStart(ts: number, to: Timeframe): number {
  if (to === '1mo') {
    const d = new Date(ts);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const size = TIMEFRAME_MS[to];
  const origin = to === '1w' ? MONDAY_EPOCH_MS : 0;
  const r = (((ts - origin) % size) + size) % size;
  return ts - r;
}

/** True when `to` is strictly coarser than `from`. */
export function isCoarser(from: Timeframe, to: Timeframe): boolean {
  return TIMEFRAMES.indexOf(to) > TIMEFRAMES.indexOf(from);
}

/**
 * `bars` resampled to `to` like the store's resampleSql: per bucket the open of the earliest bar with a known open,
 * the close of the latest with a known close, max high, min low, sum of known volumes (NaN when none is known);
 * NaN prices are skipped. `bars.ts` must be ascending.
 */
export function resampleBars(bars: Bars, to: Timeframe): Resampled {
  const n = bars.ts.length;
  const bucketOf = new Int32Array(n);
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = bucketStart(bars.ts[i], to);
    if (starts.length === 0 || b !== starts[starts.length - 1]) {
      if (starts.length > 0 && b < starts[starts.length - 1]) throw new Error(`bars.ts must ascend: row ${i} goes back in time`);
      starts.push(b);
    }
    bucketOf[i] = starts.length - 1;
  }
  const m = starts.length;
  const open = new Float64Array(m).fill(NaN);
  const high = new Float64Array(m).fill(NaN);
  const low = new Float64Array(m).fill(NaN);
  const close = new Float64Array(m).fill(NaN);
  const volume = new Float64Array(m).fill(NaN);
  for (let i = 0; i < n; i++) {
    const k = bucketOf[i];
    if (Number.isNaN(open[k]) && !Number.isNaN(bars.open[i])) open[k] = bars.open[i];
    if (!Number.isNaN(bars.close[i])) close[k] = bars.close[i];
    const h = bars.high[i];
    if (!Number.isNaN(h) && !(h <= high[k])) high[k] = h;
    const l = bars.low[i];
    if (!Number.isNaN(l) && !(l >= low[k])) low[k] = l;
    const v = bars.volume[i];
    if (!Number.isNaN(v)) volume[k] = Number.isNaN(volume[k]) ? v : volume[k] + v;
  }
  return { bars: { symbol: bars.symbol, timeframe: to, ts: Float64Array.from(starts), open, high, low, close, volume }, bucketOf };
}

/**
 * A higher-timeframe series on the traded rows: row i gets the value of the bucket before its own (NaN in the
 * first bucket), so a bucket's value appears from the first row of the next bucket on.
 */
export function alignClosed(values: Float64Array, bucketOf: Int32Array): Float64Array {
  const out = new Float64Array(bucketOf.length);
  for (let i = 0; i < bucketOf.length; i++) {
    const k = bucketOf[i] - 1;
    out[i] = k >= 0 ? values[k] : NaN;
  }
  return out;
}

/** First row whose aligned value can be valid: the first row of bucket `lookback + 1` (bars.length if none). */
export function alignedLookback(lookback: number, bucketOf: Int32Array): number {
  for (let i = 0; i < bucketOf.length; i++) if (bucketOf[i] >= lookback + 1) return i;
  return bucketOf.length;
}
