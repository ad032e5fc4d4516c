// The functions TA-Lib 0.6 added late: ACCBANDS (Overlap Studies), IMI (Momentum Indicators) and AVGDEV
// (Price Transform). Each kernel writes all n slots of its outputs (NaN in the warm-up), never allocates, and
// follows TA-Lib 0.6's C source operation order, so results are bit-identical to TA_ACCBANDS, TA_IMI, TA_AVGDEV.
import { sma } from './overlap';

// TA_EPSILON of ta_utility.h: TA_IS_ZERO(v) is −1e-14 < v < 1e-14.
const EPSILON: f64 = 0.00000000000001;

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

function nanFill(p: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) st(p, i, NaN);
}

// TA_IS_ZERO(high + low). NaN is not "zero" there either, so a NaN field gives NaN bands, as in the C code.
@inline function isZero(v: f64): bool {
  return -EPSILON < v && v < EPSILON;
}

// The banded prices TA_ACCBANDS puts in its temp buffers: high·(1 + w), low·(1 − w) with w = 4·(high − low)/(high +
// low) computed as in C, (4·(h − l))/(h + l); plain high/low where high + low is zero.
@inline function accUpper(h: f64, l: f64): f64 {
  const s = h + l;
  return isZero(s) ? h : h * (1 + (4 * (h - l)) / s);
}

@inline function accLower(h: f64, l: f64): f64 {
  const s = h + l;
  return isZero(s) ? l : l * (1 - (4 * (h - l)) / s);
}

/** Lookback of ACCBANDS: period − 1 (TA_ACCBANDS_Lookback = TA_SMA_Lookback). */
export function accbandsLookback(period: i32): i32 {
  return period - 1;
}

/**
 * Acceleration Bands, equal to TA_ACCBANDS: w = 4·(high − low)/(high + low); upper = SMA(high·(1 + w)),
 * middle = SMA(close), lower = SMA(low·(1 − w)), each with TA_INT_SMA's running sum; where high + low is within
 * ±1e-14 of zero the bar contributes plain high/low. A NaN input makes every later value of the bands it feeds
 * NaN (the running sum keeps it), as in TA-Lib. Outputs NaN for i < period − 1; inputs must not overlap outputs.
 */
export function accbands(high: usize, low: usize, close: usize, upper: usize, middle: usize, lower: usize,
  n: i32, period: i32): void {
  sma(close, middle, n, period);
  const lookback = period - 1;
  if (n <= lookback) {
    nanFill(upper, 0, n);
    nanFill(lower, 0, n);
    return;
  }
  nanFill(upper, 0, lookback);
  nanFill(lower, 0, lookback);
  const p = <f64>period;
  // The banded prices are recomputed for the trailing bar instead of buffered: the same operations give the
  // same doubles, so the running sums equal TA_INT_SMA's over TA-Lib's temp buffers.
  let totU: f64 = 0;
  let totL: f64 = 0;
  for (let i = 0; i < lookback; i++) {
    const h = ld(high, i);
    const l = ld(low, i);
    totU += accUpper(h, l);
    totL += accLower(h, l);
  }
  for (let i = lookback; i < n; i++) {
    let h = ld(high, i);
    let l = ld(low, i);
    totU += accUpper(h, l);
    totL += accLower(h, l);
    const u = totU;
    const w = totL;
    h = ld(high, i - lookback);
    l = ld(low, i - lookback);
    totU -= accUpper(h, l);
    totL -= accLower(h, l);
    st(upper, i, u / p);
    st(lower, i, w / p);
  }
}

/** Lookback of IMI: period − 1 (TA_IMI_Lookback with TA-Lib's default unstable period 0). */
export function imiLookback(period: i32): i32 {
  return period - 1;
}

/**
 * Intraday Momentum Index, equal to TA_IMI: over the last `period` bars, up = Σ(close − open) where close > open,
 * down = Σ(open − close) otherwise; IMI = 100·up/(up + down). Each window is summed afresh, oldest bar first, as
 * TA-Lib does (O(n·period)); a window with no change (up + down = 0) gives NaN (0/0), and a NaN open or close gives
 * NaN for the `period` windows containing it only. dst[i] = NaN for i < period − 1.
 */
export function imi(open: usize, close: usize, dst: usize, n: i32, period: i32): void {
  const lookback = period - 1;
  if (n <= lookback) {
    nanFill(dst, 0, n);
    return;
  }
  nanFill(dst, 0, lookback);
  for (let t = lookback; t < n; t++) {
    let up: f64 = 0;
    let down: f64 = 0;
    for (let i = t - lookback; i <= t; i++) {
      const c = ld(close, i);
      const o = ld(open, i);
      if (c > o) up += c - o;
      else down += o - c;
    }
    st(dst, t, 100.0 * (up / (up + down)));
  }
}

/** Lookback of AVGDEV: period − 1 (TA_AVGDEV_Lookback). */
export function avgdevLookback(period: i32): i32 {
  return period - 1;
}

/**
 * Average (mean absolute) deviation, equal to TA_AVGDEV: Σ|x − mean|/period over the last `period` values, the sum
 * and the deviations accumulated newest value first and the mean recomputed as sum/period per term, as TA-Lib does
 * (O(n·period)). A NaN input gives NaN for the `period` windows containing it only. dst[i] = NaN for i < period − 1.
 */
export function avgdev(src: usize, dst: usize, n: i32, period: i32): void {
  const lookback = period - 1;
  if (n <= lookback) {
    nanFill(dst, 0, n);
    return;
  }
  nanFill(dst, 0, lookback);
  const p = <f64>period;
  for (let t = lookback; t < n; t++) {
    let sum: f64 = 0;
    for (let i = 0; i < period; i++) sum += ld(src, t - i);
    let dev: f64 = 0;
    for (let i = 0; i < period; i++) dev += Math.abs(ld(src, t - i) - sum / p);
    st(dst, t, dev / p);
  }
}
