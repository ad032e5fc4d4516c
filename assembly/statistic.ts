// Statistic functions (TA-Lib group "Statistic Functions"): VAR, STDDEV, the LINEARREG family, TSF, BETA and
// CORREL. Each kernel reads n f64 per input, writes n f64 at `dst` (NaN in the warm-up [0, lookback)) and never
// allocates. Floating-point operations follow TA-Lib 0.6's C source in the same order (bit-identical), including
// its integer arithmetic for the regression constants.

// @ts-ignore: decorator
@inline
function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

function fillNaN(dst: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) st(dst, i, NaN);
}

/** TA-Lib's TA_IS_ZERO: |v| < 1e-14 (false for NaN). */
// @ts-ignore: decorator
@inline
function isZero(v: f64): bool {
  return -1e-14 < v && v < 1e-14;
}

/** Lookback of VAR and STDDEV: period − 1 (TA_VAR_Lookback, TA_STDDEV_Lookback). */
export function varLookback(period: i32): i32 {
  return period - 1;
}

/**
 * Population variance of the last `period` values (TA_VAR ignores its nbdev), as TA_INT_VAR: its
 * running Σx and Σx², variance = Σx²/p − (Σx/p)². `sd` writes the standard deviation times nbDev as TA_STDDEV
 * (0 where the variance is below 1e-14). A NaN input makes every later value NaN.
 */
function varCore(src: usize, dst: usize, n: i32, period: i32, sd: bool, nbDev: f64): void {
  const lb = period - 1;
  if (n <= lb) {
    fillNaN(dst, 0, n);
    return;
  }
  fillNaN(dst, 0, lb);
  let total1: f64 = 0;
  let total2: f64 = 0;
  for (let i = 0; i < lb; i++) {
    const t = ld(src, i);
    total1 += t;
    total2 += t * t;
  }
  const p = <f64>period;
  for (let i = lb; i < n; i++) {
    let t = ld(src, i);
    total1 += t;
    total2 += t * t;
    const mean1 = total1 / p;
    const mean2 = total2 / p;
    t = ld(src, i - lb);
    total1 -= t;
    total2 -= t * t;
    const v = mean2 - mean1 * mean1;
    if (!sd) st(dst, i, v);
    else if (!(v < 1e-14)) st(dst, i, nbDev != 1.0 ? Math.sqrt(v) * nbDev : Math.sqrt(v));
    else st(dst, i, 0.0);
  }
}

/** Variance, equal to TA_VAR: population variance over `period` (nbdev is accepted and ignored, as in TA-Lib). */
export function variance(src: usize, dst: usize, n: i32, period: i32): void {
  varCore(src, dst, n, period, false, 1.0);
}

/** Standard deviation, equal to TA_STDDEV: √(population variance)·nbDev, 0 where the variance is below 1e-14. */
export function stddev(src: usize, dst: usize, n: i32, period: i32, nbDev: f64): void {
  varCore(src, dst, n, period, true, nbDev);
}

/** Lookback of LINEARREG, LINEARREG_SLOPE/INTERCEPT/ANGLE and TSF: period − 1. */
export function linearregLookback(period: i32): i32 {
  return period - 1;
}

/**
 * Least-squares line over the last `period` values (x = 0 oldest … period − 1 newest), TA-Lib's formulation:
 * SumX and SumXSqr are computed in 32-bit integer arithmetic as TA-Lib's compiled C does, which wraps for
 * periods above 46341 (SumX) and 1024 (SumXSqr) — kept, so large periods give TA-Lib's (meaningless) numbers.
 * kind: 0 LINEARREG (value at x = period − 1), 1 slope, 2 intercept, 3 angle in degrees, 4 TSF (value at x = period).
 */
function linregCore(src: usize, dst: usize, n: i32, period: i32, kind: i32): void {
  const lb = period - 1;
  if (n <= lb) {
    fillNaN(dst, 0, n);
    return;
  }
  fillNaN(dst, 0, lb);
  const p = <f64>period;
  // gcc compiles TA-Lib's `p*(p-1)*(2*p-1)/6` as a wrapping 32-bit product divided as unsigned (signed overflow
  // is undefined, so it assumes a non-negative product), and `p*(p-1)*0.5` as a wrapping 32-bit product.
  const sumX: f64 = <f64>(period * (period - 1)) * 0.5;
  const sumXSqr: f64 = <f64>(<u32>(period * (period - 1) * (2 * period - 1)) / <u32>6);
  const divisor = sumX * sumX - p * sumXSqr;
  for (let today = lb; today < n; today++) {
    let sumXY: f64 = 0;
    let sumY: f64 = 0;
    for (let i = period - 1; i >= 0; i--) {
      const t = ld(src, today - i);
      sumY += t;
      sumXY += <f64>i * t;
    }
    const m = (p * sumXY - sumX * sumY) / divisor;
    let out: f64;
    if (kind == 1) out = m;
    else if (kind == 3) out = Math.atan(m) * (180.0 / 3.14159265358979323846);
    else {
      const b = (sumY - m * sumX) / p;
      if (kind == 2) out = b;
      else if (kind == 0) out = b + m * <f64>(period - 1);
      else out = b + m * p;
    }
    st(dst, today, out);
  }
}

/** Linear regression, equal to TA_LINEARREG: the fitted line's value at the newest bar. */
export function linearreg(src: usize, dst: usize, n: i32, period: i32): void {
  linregCore(src, dst, n, period, 0);
}

/** Linear regression slope per bar, equal to TA_LINEARREG_SLOPE. */
export function linearregSlope(src: usize, dst: usize, n: i32, period: i32): void {
  linregCore(src, dst, n, period, 1);
}

/** Linear regression intercept (the line's value at the oldest bar of the window), equal to TA_LINEARREG_INTERCEPT. */
export function linearregIntercept(src: usize, dst: usize, n: i32, period: i32): void {
  linregCore(src, dst, n, period, 2);
}

/** Linear regression angle in degrees, atan(slope)·180/π, equal to TA_LINEARREG_ANGLE. */
export function linearregAngle(src: usize, dst: usize, n: i32, period: i32): void {
  linregCore(src, dst, n, period, 3);
}

/** Time series forecast, equal to TA_TSF: the fitted line extended one bar past the newest. */
export function tsf(src: usize, dst: usize, n: i32, period: i32): void {
  linregCore(src, dst, n, period, 4);
}

/** Lookback of BETA: period (TA_BETA_Lookback; one extra bar for the first return). */
export function betaLookback(period: i32): i32 {
  return period;
}

// @ts-ignore: decorator
@inline
function ret(now: f64, last: f64): f64 {
  return !isZero(last) ? (now - last) / last : 0.0;
}

/**
 * Beta of real0's returns against real1's, equal to TA_BETA (0.6): x, y = one-bar relative changes (0 when the
 * previous value is within ±1e-14 of zero), beta = (p·Σxy − Σx·Σy)/(p·Σx² − (Σx)²) over the last `period` returns
 * with running sums (0 when the denominator is within ±1e-14 of zero). A NaN input makes every later value NaN.
 */
export function beta(real0: usize, real1: usize, dst: usize, n: i32, period: i32): void {
  const lb = period;
  if (n <= lb) {
    fillNaN(dst, 0, n);
    return;
  }
  fillNaN(dst, 0, lb);
  let sxx: f64 = 0, sxy: f64 = 0, sx: f64 = 0, sy: f64 = 0;
  let lastX = ld(real0, 0);
  let lastY = ld(real1, 0);
  let trailLastX = lastX;
  let trailLastY = lastY;
  let trailing = 1;
  let i = 1;
  while (i < lb) {
    let t = ld(real0, i);
    const x = ret(t, lastX);
    lastX = t;
    t = ld(real1, i);
    const y = ret(t, lastY);
    lastY = t;
    i++;
    sxx += x * x;
    sxy += x * y;
    sx += x;
    sy += y;
  }
  const p = <f64>period;
  while (i < n) {
    let t = ld(real0, i);
    let x = ret(t, lastX);
    lastX = t;
    t = ld(real1, i);
    let y = ret(t, lastY);
    lastY = t;
    sxx += x * x;
    sxy += x * y;
    sx += x;
    sy += y;
    t = ld(real0, trailing);
    x = ret(t, trailLastX);
    trailLastX = t;
    t = ld(real1, trailing);
    y = ret(t, trailLastY);
    trailLastY = t;
    trailing++;
    const den = (p * sxx) - (sx * sx);
    st(dst, i, !isZero(den) ? ((p * sxy) - (sx * sy)) / den : 0.0);
    sxx -= x * x;
    sxy -= x * y;
    sx -= x;
    sy -= y;
    i++;
  }
}

/** Lookback of CORREL: period − 1 (TA_CORREL_Lookback). */
export function correlLookback(period: i32): i32 {
  return period - 1;
}

/**
 * Pearson's correlation coefficient of real0 and real1 over `period` bars, equal to TA_CORREL: running sums
 * of x, y, x², y², xy; r = (Σxy − ΣxΣy/p)/√((Σx² − (Σx)²/p)(Σy² − (Σy)²/p)), 0 where that product is below
 * 1e-14. A NaN input makes every later value NaN.
 */
export function correl(real0: usize, real1: usize, dst: usize, n: i32, period: i32): void {
  const lb = period - 1;
  if (n <= lb) {
    fillNaN(dst, 0, n);
    return;
  }
  fillNaN(dst, 0, lb);
  const p = <f64>period;
  let sumXY: f64 = 0, sumX: f64 = 0, sumY: f64 = 0, sumX2: f64 = 0, sumY2: f64 = 0;
  for (let today = 0; today <= lb; today++) {
    const x = ld(real0, today);
    sumX += x;
    sumX2 += x * x;
    const y = ld(real1, today);
    sumXY += x * y;
    sumY += y;
    sumY2 += y * y;
  }
  let trailing = 0;
  let tx = ld(real0, trailing);
  let ty = ld(real1, trailing);
  trailing++;
  let tmp = (sumX2 - ((sumX * sumX) / p)) * (sumY2 - ((sumY * sumY) / p));
  st(dst, lb, !(tmp < 1e-14) ? (sumXY - ((sumX * sumY) / p)) / Math.sqrt(tmp) : 0.0);
  for (let today = lb + 1; today < n; today++) {
    sumX -= tx;
    sumX2 -= tx * tx;
    sumXY -= tx * ty;
    sumY -= ty;
    sumY2 -= ty * ty;
    const x = ld(real0, today);
    sumX += x;
    sumX2 += x * x;
    const y = ld(real1, today);
    sumXY += x * y;
    sumY += y;
    sumY2 += y * y;
    tx = ld(real0, trailing);
    ty = ld(real1, trailing);
    trailing++;
    tmp = (sumX2 - ((sumX * sumX) / p)) * (sumY2 - ((sumY * sumY) / p));
    st(dst, today, !(tmp < 1e-14) ? (sumXY - ((sumX * sumY) / p)) / Math.sqrt(tmp) : 0.0);
  }
}
