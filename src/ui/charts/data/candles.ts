// Candle, volume and line geometry in CSS pixels, from bar columns and plain scale functions (no DOM, no d3),
// so it can be unit-tested. When bars are denser than `minPx` per bar, consecutive bars are merged into one
// candle per group (OHLC aggregation, as a coarser bar would be) so a 23,400-bar series draws ≤ width candles.

import type { BarRange } from './viewport';

/** The price columns the geometry reads (a subset of shared Bars). */
export interface OhlcvColumns {
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
}

/** Maps a value to a pixel coordinate (a d3 scale works, so does any function). */
export type PixelScale = (value: number) => number;

/** Scales that place bars: x by bar index, y by price, v by volume (v(0) is the volume baseline). */
export interface CandleScales {
  x: PixelScale;
  y: PixelScale;
  v: PixelScale;
}

/** One drawn candle (or merged group of bars) with its volume bar, in CSS pixels; y grows downwards. */
export interface CandleShape {
  /** First and last bar index merged into this candle. */
  first: number;
  last: number;
  up: boolean;
  /** Whole-pixel x of the 1-px wick. */
  wickX: number;
  wickTop: number;
  wickBottom: number;
  bodyX: number;
  bodyWidth: number;
  bodyTop: number;
  /** At least 1 px, so a doji still shows. */
  bodyHeight: number;
  volumeTop: number;
  volumeHeight: number;
}

/** Bars merged per candle so each candle gets at least `minPx` pixels: 1 when bars are wide enough. */
export function barGroupSize(pxPerBar: number, minPx = 2): number {
  if (!(pxPerBar > 0)) return 1;
  return pxPerBar >= minPx ? 1 : Math.ceil(minPx / pxPerBar);
}

/**
 * Candle and volume rectangles for bars in `range`, merging groups of `group` bars aligned to multiples of
 * `group` (so groups do not shift while panning). Bars with a non-finite open, high, low or close are skipped.
 */
export function candleShapes(cols: OhlcvColumns, range: BarRange, s: CandleScales, pxPerBar: number, group = 1): CandleShape[] {
  const n = cols.close.length;
  const out: CandleShape[] = [];
  const g = Math.max(1, Math.floor(group));
  const width = pxPerBar * g;
  const bodyWidth = Math.max(1, Math.round(width * 0.7));
  const base = s.v(0);
  for (let gs = Math.floor(range.start / g) * g; gs < range.end; gs += g) {
    const ge = Math.min(n, gs + g);
    let open = NaN;
    let close = NaN;
    let high = -Infinity;
    let low = Infinity;
    let volume = 0;
    let first = -1;
    let last = -1;
    for (let i = gs; i < ge; i++) {
      const o = cols.open[i];
      const h = cols.high[i];
      const l = cols.low[i];
      const c = cols.close[i];
      if (!Number.isFinite(o) || !Number.isFinite(h) || !Number.isFinite(l) || !Number.isFinite(c)) continue;
      if (first < 0) {
        first = i;
        open = o;
      }
      last = i;
      close = c;
      if (h > high) high = h;
      if (l < low) low = l;
      const v = cols.volume[i];
      if (Number.isFinite(v)) volume += v;
    }
    if (first < 0) continue;
    const cx = s.x((first + last) / 2);
    const wickX = Math.round(cx);
    const yo = s.y(open);
    const yc = s.y(close);
    const bodyTop = Math.round(Math.min(yo, yc));
    const volumeTop = Math.round(s.v(volume));
    out.push({
      first,
      last,
      up: close >= open,
      wickX,
      wickTop: Math.round(s.y(high)),
      wickBottom: Math.round(s.y(low)),
      bodyX: Math.round(cx - bodyWidth / 2),
      bodyWidth,
      bodyTop,
      bodyHeight: Math.max(1, Math.round(Math.max(yo, yc)) - bodyTop),
      volumeTop,
      volumeHeight: Math.max(0, Math.round(base) - volumeTop),
    });
  }
  return out;
}

/**
 * Points of an overlay line over `range` as a flat [x0, y0, x1, y1, …] array, one point per `group` bars
 * (the group's last bar); a NaN value (warm-up, gaps) gives y = NaN, which the drawer treats as a pen-up.
 */
export function linePoints(values: ArrayLike<number>, range: BarRange, x: PixelScale, y: PixelScale, group = 1): Float64Array {
  const g = Math.max(1, Math.floor(group));
  const n = values.length;
  if (range.end <= range.start) return new Float64Array(0);
  // One bar beyond each edge so the line runs to the plot border instead of stopping short of it.
  const from = Math.max(0, range.start - g);
  const to = Math.min(n, range.end + g);
  if (to <= from) return new Float64Array(0);
  const pts: number[] = [];
  for (let gs = Math.floor(from / g) * g; gs < to; gs += g) {
    const i = Math.min(n - 1, gs + g - 1);
    const v = values[i];
    pts.push(x(i), Number.isFinite(v) ? y(v) : NaN);
  }
  return Float64Array.from(pts);
}
