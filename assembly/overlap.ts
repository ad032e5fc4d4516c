// Overlap studies. Every kernel reads n f64 at `src`, writes n f64 at `dst` (src and dst may be the same
// buffer only where noted), fills the warm-up slots [0, lookback) with NaN, and never allocates.
// Floating-point operations follow TA-Lib 0.6's C source in the same order, so results are bit-identical.
import { ma, maLookback } from './ma';
import { htBegin, htSmoothPeriod, htStep } from './hilbert-util';
import { ld, maAt, maLookbackOf, nanFill, st } from './ma-util';

/** Lookback of SMA: period − 1 (TA_SMA_Lookback). */
export function smaLookback(period: i32): i32 {
  return period - 1;
}

/**
 * Simple moving average, equal to TA-Lib's TA_SMA: a running sum over the window, divided by `period`
 * (TA-Lib's TA_INT_SMA operation order; a NaN input makes every later value NaN, as in TA-Lib).
 * dst[i] = NaN for i < period − 1. Period must be ≥ 1; with n < period every slot is NaN.
 */
export function sma(src: usize, dst: usize, n: i32, period: i32): void {
  const lookback = period - 1;
  if (n <= lookback) {
    fillNaN(dst, 0, n);
    return;
  }
  fillNaN(dst, 0, lookback);
  const p = <f64>period;
  let total: f64 = 0;
  for (let i = 0; i < lookback; i++) total += load<f64>(src + (<usize>i << 3));
  let trailing: usize = src;
  const end = src + (<usize>n << 3);
  let inp = src + (<usize>lookback << 3);
  let out = dst + (<usize>lookback << 3);
  while (inp < end) {
    total += load<f64>(inp);
    const t = total;
    total -= load<f64>(trailing);
    store<f64>(out, t / p);
    inp += 8;
    trailing += 8;
    out += 8;
  }
}

/** Lookback of EMA: period − 1 (TA_EMA_Lookback with TA-Lib's default unstable period 0). */
export function emaLookback(period: i32): i32 {
  return period - 1;
}

/**
 * Exponential moving average, equal to TA-Lib's TA_EMA (default compatibility): k = 2/(period+1), seeded
 * with the SMA of the first `period` values, then ema += (x − ema)·k. dst[i] = NaN for i < period − 1.
 * A NaN input makes every later value NaN (as in TA-Lib). In-place (src == dst) is allowed.
 */
export function ema(src: usize, dst: usize, n: i32, period: i32): void {
  const lookback = period - 1;
  if (n <= lookback) {
    fillNaN(dst, 0, n);
    return;
  }
  const k: f64 = 2.0 / <f64>(period + 1);
  let seed: f64 = 0;
  for (let i = 0; i < period; i++) seed += load<f64>(src + (<usize>i << 3));
  let prev = seed / <f64>period;
  fillNaN(dst, 0, lookback);
  store<f64>(dst + (<usize>lookback << 3), prev);
  for (let i = period; i < n; i++) {
    const off = <usize>i << 3;
    prev = (load<f64>(src + off) - prev) * k + prev;
    store<f64>(dst + off, prev);
  }
}

/**
 * Lookback of BBANDS as TA_BBANDS really starts: max(TA_MA_Lookback(period, matype), period − 1). They differ
 * only for MAMA with period > 33, where TA_STDDEV moves the start to period − 1 (TA_BBANDS_Lookback says 32).
 */
export function bbandsLookback(period: i32, matype: i32): i32 {
  const lb = maLookback(period, matype);
  return lb > period - 1 ? lb : period - 1;
}

/**
 * Bollinger Bands, equal to TA_BBANDS: middle = TA_MA(period, matype); sd = population standard deviation of
 * the last `period` inputs (running sums of x and x² as TA-Lib: for SMA the mean of x² minus the SMA², as its
 * INT_stddev_using_precalc_ma; otherwise TA_STDDEV's variance, its sums started at the first band's window);
 * upper = middle + sd·nbDevUp, lower = middle − sd·nbDevDn; sd = 0 where the variance is below 1e-14.
 * TA-Lib quirk kept: with MAMA and period > 33 the bands start at period − 1 but pair the sd of bar i with
 * the MAMA value of bar i − (period − 33) (TA_BBANDS copies the MA from its own start). `tmp` is scratch of
 * 3·n f64 (for `ma`). src must not overlap the outputs.
 */
export function bbands(src: usize, upper: usize, middle: usize, lower: usize, n: i32, period: i32,
  nbDevUp: f64, nbDevDn: f64, matype: i32, tmp: usize): void {
  ma(src, middle, n, period, matype, tmp);
  const lb = bbandsLookback(period, matype);
  if (n <= lb) {
    fillNaN(upper, 0, n);
    fillNaN(middle, 0, n);
    fillNaN(lower, 0, n);
    return;
  }
  const maLb = maLookback(period, matype);
  if (lb > maLb) {
    memory.copy(middle + (<usize>lb << 3), middle + (<usize>maLb << 3), <usize>(n - lb) << 3);
    fillNaN(middle, 0, lb);
  }
  fillNaN(upper, 0, lb);
  fillNaN(lower, 0, lb);
  const p = <f64>period;
  if (matype == 0) {
    // INT_stddev_using_precalc_ma: Σx² over the window, minus the precomputed mean squared.
    let total2: f64 = 0;
    for (let i = lb + 1 - period; i < lb; i++) {
      const t = ld(src, i);
      total2 += t * t;
    }
    for (let i = lb; i < n; i++) {
      let t = ld(src, i);
      total2 += t * t;
      let mean2 = total2 / p;
      t = ld(src, i + 1 - period);
      total2 -= t * t;
      const m = ld(middle, i);
      mean2 -= m * m;
      const sd = !(mean2 < 0.00000000000001) ? Math.sqrt(mean2) : 0.0;
      st(upper, i, m + sd * nbDevUp);
      st(lower, i, m - sd * nbDevDn);
    }
    return;
  }
  // TA_STDDEV(startIdx = lb): TA_INT_VAR's running Σx and Σx², started at lb − (period − 1).
  let total1: f64 = 0;
  let total2: f64 = 0;
  for (let i = lb + 1 - period; i < lb; i++) {
    const t = ld(src, i);
    total1 += t;
    total2 += t * t;
  }
  for (let i = lb; i < n; i++) {
    let t = ld(src, i);
    total1 += t;
    total2 += t * t;
    const mean1 = total1 / p;
    const mean2 = total2 / p;
    t = ld(src, i + 1 - period);
    total1 -= t;
    total2 -= t * t;
    const variance = mean2 - mean1 * mean1;
    const sd = !(variance < 0.00000000000001) ? Math.sqrt(variance) : 0.0;
    const m = ld(middle, i);
    st(upper, i, m + sd * nbDevUp);
    st(lower, i, m - sd * nbDevDn);
  }
}

/** Lookback of MIDPOINT: period − 1 (TA_MIDPOINT_Lookback). */
export function midpointLookback(period: i32): i32 {
  return period - 1;
}

/**
 * (highest + lowest)/2 of the last `period` inputs, equal to TA_MIDPOINT (same scan, so a NaN counts only
 * when it starts the window, as in TA-Lib's comparisons).
 */
export function midpoint(src: usize, dst: usize, n: i32, period: i32): void {
  const lb = period - 1;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  for (let today = lb; today < n; today++) {
    let lowest = ld(src, today - lb);
    let highest = lowest;
    for (let i = today - lb + 1; i <= today; i++) {
      const t = ld(src, i);
      if (t < lowest) lowest = t;
      else if (t > highest) highest = t;
    }
    st(dst, today, (highest + lowest) / 2.0);
  }
}

/** Lookback of MIDPRICE: period − 1 (TA_MIDPRICE_Lookback). */
export function midpriceLookback(period: i32): i32 {
  return period - 1;
}

/** (highest high + lowest low)/2 over the last `period` bars, equal to TA_MIDPRICE. */
export function midprice(high: usize, low: usize, dst: usize, n: i32, period: i32): void {
  const lb = period - 1;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  for (let today = lb; today < n; today++) {
    let lowest = ld(low, today - lb);
    let highest = ld(high, today - lb);
    for (let i = today - lb + 1; i <= today; i++) {
      let t = ld(low, i);
      if (t < lowest) lowest = t;
      t = ld(high, i);
      if (t > highest) highest = t;
    }
    st(dst, today, (highest + lowest) / 2.0);
  }
}

/**
 * Parabolic SAR engine shared by TA_SAR and TA_SAREXT (same operation order). `signed`: SAREXT writes short
 * positions as −sar. The first direction comes from TA_MINUS_DM(1) at bar 1 unless startValue ≠ 0.
 */
function sarCore(high: usize, low: usize, dst: usize, n: i32, startValue: f64, offsetOnReverse: f64,
  initLong: f64, accLong: f64, maxLong: f64, initShort: f64, accShort: f64, maxShort: f64, signed: bool): void {
  if (n < 2) { fillNaN(dst, 0, n); return; }
  st(dst, 0, NaN);
  let afLong = initLong;
  let afShort = initShort;
  if (afLong > maxLong) afLong = initLong = maxLong;
  if (accLong > maxLong) accLong = maxLong;
  if (afShort > maxShort) afShort = initShort = maxShort;
  if (accShort > maxShort) accShort = maxShort;
  let isLong: bool;
  if (startValue == 0) {
    // TA_MINUS_DM with period 1 at bar 1: −DM = low[0] − low[1] when it beats +DM = high[1] − high[0].
    const diffP = ld(high, 1) - ld(high, 0);
    const diffM = ld(low, 0) - ld(low, 1);
    isLong = !(diffM > 0 && diffP < diffM);
  } else {
    isLong = startValue > 0;
  }
  let today = 1;
  let newHigh = ld(high, 0);
  let newLow = ld(low, 0);
  let ep: f64, sar: f64;
  if (startValue == 0) {
    if (isLong) { ep = ld(high, today); sar = newLow; }
    else { ep = ld(low, today); sar = newHigh; }
  } else if (startValue > 0) {
    ep = ld(high, today);
    sar = startValue;
  } else {
    ep = ld(low, today);
    sar = Math.abs(startValue);
  }
  newLow = ld(low, today);
  newHigh = ld(high, today);
  while (today < n) {
    const prevLow = newLow;
    const prevHigh = newHigh;
    newLow = ld(low, today);
    newHigh = ld(high, today);
    const out = today;
    today++;
    if (isLong) {
      if (newLow <= sar) {
        isLong = false;
        sar = ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
        if (offsetOnReverse != 0.0) sar += sar * offsetOnReverse;
        st(dst, out, signed ? -sar : sar);
        afShort = initShort;
        ep = newLow;
        sar = sar + afShort * (ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
      } else {
        st(dst, out, sar);
        if (newHigh > ep) {
          ep = newHigh;
          afLong += accLong;
          if (afLong > maxLong) afLong = maxLong;
        }
        sar = sar + afLong * (ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > newLow) sar = newLow;
      }
    } else {
      if (newHigh >= sar) {
        isLong = true;
        sar = ep;
        if (sar > prevLow) sar = prevLow;
        if (sar > newLow) sar = newLow;
        if (offsetOnReverse != 0.0) sar -= sar * offsetOnReverse;
        st(dst, out, sar);
        afLong = initLong;
        ep = newHigh;
        sar = sar + afLong * (ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > newLow) sar = newLow;
      } else {
        st(dst, out, signed ? -sar : sar);
        if (newLow < ep) {
          ep = newLow;
          afShort += accShort;
          if (afShort > maxShort) afShort = maxShort;
        }
        sar = sar + afShort * (ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
      }
    }
  }
}

/** Lookback of SAR: 1 (TA_SAR_Lookback). */
export function sarLookback(): i32 {
  return 1;
}

/**
 * Parabolic SAR (Wilder), equal to TA_SAR: acceleration step and cap `maximum` (acceleration is lowered to
 * maximum when larger); the first trend is short when bar 1's −DM beats its +DM. dst[0] = NaN.
 */
export function sar(high: usize, low: usize, dst: usize, n: i32, acceleration: f64, maximum: f64): void {
  sarCore(high, low, dst, n, 0, 0, acceleration, acceleration, maximum, acceleration, acceleration, maximum, false);
}

/** Lookback of SAREXT: 1 (TA_SAREXT_Lookback). */
export function sarextLookback(): i32 {
  return 1;
}

/**
 * Parabolic SAR – extended, equal to TA_SAREXT: separate long/short acceleration (init, step, max), an optional
 * start value (> 0 start long there, < 0 start short at |value|, 0 auto) and offset on reversal; short
 * positions are written as negative values, as TA-Lib does.
 */
export function sarext(high: usize, low: usize, dst: usize, n: i32, startValue: f64, offsetOnReverse: f64,
  accelerationInitLong: f64, accelerationLong: f64, accelerationMaxLong: f64,
  accelerationInitShort: f64, accelerationShort: f64, accelerationMaxShort: f64): void {
  sarCore(high, low, dst, n, startValue, offsetOnReverse, accelerationInitLong, accelerationLong, accelerationMaxLong,
    accelerationInitShort, accelerationShort, accelerationMaxShort, true);
}

/** Lookback of MAVP: TA_MA_Lookback(maxPeriod, matype) (TA_MAVP_Lookback). */
export function mavpLookback(minPeriod: i32, maxPeriod: i32, matype: i32): i32 {
  return maLookbackOf(maxPeriod, matype);
}

/**
 * Moving average with a variable period, equal to TA_MAVP: bar i takes the TA_MA(period_i, matype) value, where
 * period_i = periods[i] truncated toward zero and clamped to [minPeriod, maxPeriod] (a NaN or a value outside
 * the i32 range counts as −2^31, as the x86 conversion TA-Lib's C compiles to, so it becomes minPeriod). Each
 * distinct period's MA is started at maLookbackOf(maxPeriod, matype), as TA-Lib does. Requires minPeriod ≤
 * maxPeriod. `tmp` is scratch of 4·n f64. src and periods must not overlap dst.
 */
export function mavp(src: usize, periods: usize, dst: usize, n: i32, minPeriod: i32, maxPeriod: i32, matype: i32,
  tmp: usize): void {
  const lb = maLookbackOf(maxPeriod, matype);
  if (n <= lb) { nanFill(dst, 0, n); return; }
  nanFill(dst, 0, lb);
  const per = tmp;
  const maBuf = tmp + (<usize>n << 3);
  const scratch = tmp + (<usize>(2 * n) << 3);
  for (let i = lb; i < n; i++) {
    const v = ld(periods, i);
    let p: i32 = v > -2147483649.0 && v < 2147483648.0 ? <i32>v : i32.MIN_VALUE;
    if (p < minPeriod) p = minPeriod;
    else if (p > maxPeriod) p = maxPeriod;
    st(per, i, <f64>p);
  }
  // TA-Lib computes one MA per distinct period and fills every bar using it (0 marks a bar done).
  for (let i = lb; i < n; i++) {
    const p = ld(per, i);
    if (p == 0) continue;
    maAt(src, maBuf, n, lb, <i32>p, matype, scratch);
    for (let j = i; j < n; j++) {
      if (ld(per, j) == p) {
        st(dst, j, ld(maBuf, j));
        st(per, j, 0);
      }
    }
  }
}

/** Lookback of HT_TRENDLINE: 63 (TA_HT_TRENDLINE_Lookback with unstable period 0). */
export function htTrendlineLookback(): i32 {
  return 63;
}

/**
 * Hilbert transform instantaneous trendline, equal to TA_HT_TRENDLINE: the mean of the last round(smoothed
 * dominant cycle period) inputs, then a 4-3-2-1 weighted average of the last four such means. The smoothed
 * period is hilbert-util's (the same machinery as MAMA and the HT_* cycle kernels). src must not overlap dst.
 */
export function htTrendline(src: usize, dst: usize, n: i32): void {
  const lb = 63;
  if (n <= lb) { nanFill(dst, 0, n); return; }
  nanFill(dst, 0, lb);
  let iTrend1: f64 = 0.0, iTrend2: f64 = 0.0, iTrend3: f64 = 0.0;
  for (let today = htBegin(src, 34, false); today < n; today++) {
    htStep(today);
    // (int)(smoothPeriod + 0.5); NaN gives no terms either way (x86: −2^31, here 0).
    const dc = htSmoothPeriod + 0.5;
    const dcInt: i32 = dc > 0 && dc < 2147483648.0 ? <i32>dc : 0;
    let sum: f64 = 0.0;
    let idx = today;
    for (let i = 0; i < dcInt && idx >= 0; i++) sum += ld(src, idx--);
    if (dcInt > 0) sum = sum / <f64>dcInt;
    const trend = (4.0 * sum + 3.0 * iTrend1 + 2.0 * iTrend2 + iTrend3) / 10.0;
    iTrend3 = iTrend2;
    iTrend2 = iTrend1;
    iTrend1 = sum;
    if (today >= lb) st(dst, today, trend);
  }
}

// @ts-ignore: decorator
@inline
function fillNaN(dst: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) store<f64>(dst + (<usize>i << 3), NaN);
}
