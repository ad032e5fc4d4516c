// Where and how an added TA-Lib indicator is drawn: on the price scale (overlap studies), as pattern markers
// on the candles, or in a pane of its own below the price chart with its own y scale. Pure functions only.

import type { IndicatorMeta } from '../../../shared/engine-api';
import type { ValueExtent } from './extent';
import type { PixelScale } from './candles';
import type { BarRange } from './viewport';

/** 'price': lines on the price scale; 'pattern': ▲/▼ markers on the candles; 'pane': a separate pane. */
export type IndicatorPlacement = 'price' | 'pattern' | 'pane';

/** TA-Lib's group of price-scale functions (their values are prices: MAs, bands, SAR, midpoints). */
export const PRICE_SCALE_GROUP = 'Overlap Studies';
/** TA-Lib's group of candlestick patterns (outputs ±100/±200 per bar, 0 when no hit). */
export const PATTERN_GROUP = 'Pattern Recognition';

/** Where an indicator of this TA-Lib group is drawn. */
export function indicatorPlacement(meta: Pick<IndicatorMeta, 'group'>): IndicatorPlacement {
  if (meta.group === PRICE_SCALE_GROUP) return 'price';
  if (meta.group === PATTERN_GROUP) return 'pattern';
  return 'pane';
}

/** True for indicators drawn as dots rather than a line (the Parabolic SAR family, as charting tools show it). */
export function drawsAsDots(fn: string): boolean {
  return fn === 'SAR' || fn === 'SAREXT';
}

/** Display label: the function name with its parameter values in registry order, e.g. "BBANDS(20,2,2,0)"; bare name without params. */
export function indicatorLabel(fn: string, params: readonly number[]): string {
  return params.length === 0 ? fn : `${fn}(${params.join(',')})`;
}

/** Horizontal reference levels of well-known oscillators (RSI 30/70, stochastics 20/80, …); none for others. */
export function paneGuides(fn: string): readonly number[] {
  switch (fn) {
    case 'RSI':
    case 'ULTOSC':
      return [30, 70];
    case 'STOCH':
    case 'STOCHF':
    case 'STOCHRSI':
    case 'MFI':
      return [20, 80];
    case 'WILLR':
      return [-80, -20];
    case 'CCI':
      return [-100, 100];
    case 'CMO':
      return [-50, 50];
    case 'ADX':
    case 'ADXR':
      return [25];
    default:
      return [];
  }
}

/** True for the outputs drawn as histogram bars from zero (MACD's macdhist and its variants). */
export function isHistogramOutput(name: string): boolean {
  return name === 'macdhist';
}

/** Number of finite values in a series (a NaN warm-up and NaN gaps do not count). */
export function countFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  return n;
}

/**
 * Y extent of a pane over bars [start, end): min/max of the finite values of every series, widened to include
 * the guide levels (and zero when a histogram is drawn), padded by `pad` of the span each side. A flat or empty
 * range still gets a non-zero span; with no finite value and no guide the extent is [0, 1].
 */
export function paneExtent(
  series: readonly ArrayLike<number>[],
  start: number,
  end: number,
  include: readonly number[] = [],
  pad = 0.08,
): ValueExtent {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    const stop = Math.min(end, s.length);
    for (let i = Math.max(0, start); i < stop; i++) {
      const v = s[i];
      if (v < lo) lo = v; // NaN compares false and drops out
      if (v > hi) hi = v;
    }
  }
  for (const v of include) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi === lo) {
    const half = Math.abs(hi) * 0.01 || 0.5;
    return [lo - half, hi + half];
  }
  const grow = (hi - lo) * pad;
  return [lo - grow, hi + grow];
}

/** Plot area of an indicator pane in CSS pixels; left/right match chartLayout's so bars line up with the price chart. */
export interface PaneLayout {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Splits a width × height pane canvas: the same side margins as the price chart, `top` px for the title row. */
export function paneLayout(width: number, height: number, axisRight = 68, top = 20): PaneLayout {
  const w = Math.max(0, width);
  const h = Math.max(0, height);
  const left = 8;
  const right = Math.max(left + 1, w - axisRight);
  const bottom = Math.max(top + 1, h - 6);
  return { width: w, height: h, left, right, top, bottom };
}

/** One histogram bar: x span and y span in CSS pixels (y0 < y1), and whether the value is positive. */
export interface HistogramBar {
  x: number;
  width: number;
  y0: number;
  y1: number;
  up: boolean;
}

/** Bars from zero to each finite value in `range` (one per `group` bars, the group's last value), `pxPerBar` wide less a gap. */
export function histogramBars(
  values: ArrayLike<number>,
  range: BarRange,
  x: PixelScale,
  y: PixelScale,
  pxPerBar: number,
  group = 1,
): HistogramBar[] {
  const g = Math.max(1, Math.floor(group));
  const n = values.length;
  const width = Math.max(1, pxPerBar * g * 0.7);
  const zero = y(0);
  const out: HistogramBar[] = [];
  for (let gs = Math.floor(range.start / g) * g; gs < Math.min(range.end, n); gs += g) {
    const i = Math.min(n - 1, gs + g - 1);
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const yv = y(v);
    out.push({ x: x(gs + (g - 1) / 2) - width / 2, width, y0: Math.min(zero, yv), y1: Math.max(zero, yv), up: v >= 0 });
  }
  return out;
}

/** A candlestick-pattern hit: bar index, x/y anchor in CSS pixels (y at the bar's low for ▲, high for ▼). */
export interface PatternMarker {
  index: number;
  x: number;
  y: number;
  /** True for a bullish hit (positive TA-Lib code, ▲ below the low); false for bearish (▼ above the high). */
  up: boolean;
}

/** Markers for the non-zero pattern codes of bars in `range`: ▲ at the low for +, ▼ at the high for −. */
export function patternMarkers(
  codes: ArrayLike<number>,
  low: ArrayLike<number>,
  high: ArrayLike<number>,
  range: BarRange,
  x: PixelScale,
  y: PixelScale,
): PatternMarker[] {
  const out: PatternMarker[] = [];
  const end = Math.min(range.end, codes.length, low.length, high.length);
  for (let i = Math.max(0, range.start); i < end; i++) {
    const c = codes[i];
    if (!(c > 0) && !(c < 0)) continue; // 0 and NaN are no hit
    const up = c > 0;
    const price = up ? low[i] : high[i];
    if (!Number.isFinite(price)) continue;
    out.push({ index: i, x: x(i), y: y(price), up });
  }
  return out;
}
