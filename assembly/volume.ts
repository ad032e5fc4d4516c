// Volume indicators (TA-Lib group "Volume Indicators"): AD, ADOSC, OBV. Each kernel reads n f64 per input,
// writes n f64 at `dst` (NaN in the warm-up [0, lookback)) and never allocates. Floating-point operations follow
// TA-Lib 0.6's C source in the same order, so results are bit-identical.

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

/** The money-flow volume of bar i, ((close − low) − (high − close))/(high − low)·volume, or 0 when high ≤ low. */
// @ts-ignore: decorator
@inline
function moneyFlow(high: usize, low: usize, close: usize, volume: usize, i: i32): f64 {
  const h = ld(high, i);
  const l = ld(low, i);
  const tmp = h - l;
  const c = ld(close, i);
  // TA-Lib adds nothing when the range is not positive (also when it is NaN); adding +0.0 is the same, as the
  // running sum starts at +0.0 and so is never −0.0.
  return tmp > 0.0 ? (((c - l) - (h - c)) / tmp) * ld(volume, i) : 0.0;
}

/** Lookback of AD: 0 (TA_AD_Lookback). */
export function adLookback(): i32 {
  return 0;
}

/**
 * Chaikin accumulation/distribution line, equal to TA_AD: the running sum of money-flow volume from bar 0.
 * A bar with high ≤ low (or a NaN high/low) adds nothing; a NaN close or volume makes every later value NaN.
 */
export function ad(high: usize, low: usize, close: usize, volume: usize, dst: usize, n: i32): void {
  let acc: f64 = 0.0;
  for (let i = 0; i < n; i++) {
    const h = ld(high, i);
    const l = ld(low, i);
    const tmp = h - l;
    const c = ld(close, i);
    if (tmp > 0.0) acc += (((c - l) - (h - c)) / tmp) * ld(volume, i);
    st(dst, i, acc);
  }
}

/** Lookback of ADOSC: max(fast, slow) − 1 (TA_ADOSC_Lookback: TA_EMA_Lookback of the slowest period). */
export function adoscLookback(fastPeriod: i32, slowPeriod: i32): i32 {
  return (fastPeriod < slowPeriod ? slowPeriod : fastPeriod) - 1;
}

/**
 * Chaikin A/D oscillator, equal to TA_ADOSC: EMA(fast) − EMA(slow) of the AD line, where both EMAs are seeded
 * with the first AD value (not an SMA) and updated as k·ad + (1 − k)·ema, k = 2/(period + 1) (TA-Lib's order).
 * "fast" is simply the first period, whichever is shorter. dst[i] = NaN for i < max(fast, slow) − 1.
 */
export function adosc(high: usize, low: usize, close: usize, volume: usize, dst: usize, n: i32,
  fastPeriod: i32, slowPeriod: i32): void {
  const lb = adoscLookback(fastPeriod, slowPeriod);
  if (n <= lb) {
    for (let i = 0; i < n; i++) st(dst, i, NaN);
    return;
  }
  for (let i = 0; i < lb; i++) st(dst, i, NaN);
  const fastk: f64 = 2.0 / <f64>(fastPeriod + 1);
  const oneMinusFastk = 1.0 - fastk;
  const slowk: f64 = 2.0 / <f64>(slowPeriod + 1);
  const oneMinusSlowk = 1.0 - slowk;
  let acc: f64 = 0.0;
  acc += moneyFlow(high, low, close, volume, 0);
  let fastEma = acc;
  let slowEma = acc;
  for (let i = 1; i < n; i++) {
    acc += moneyFlow(high, low, close, volume, i);
    fastEma = (fastk * acc) + (oneMinusFastk * fastEma);
    slowEma = (slowk * acc) + (oneMinusSlowk * slowEma);
    if (i >= lb) st(dst, i, fastEma - slowEma);
  }
}

/** Lookback of OBV: 0 (TA_OBV_Lookback). */
export function obvLookback(): i32 {
  return 0;
}

/**
 * On-balance volume, equal to TA_OBV: starts at volume[0], then adds the volume on a rise of `real`, subtracts
 * it on a fall and keeps it when unchanged (or when either price is NaN). A NaN volume that is added makes
 * every later value NaN.
 */
export function obv(real: usize, volume: usize, dst: usize, n: i32): void {
  if (n < 1) return;
  let prevObv = ld(volume, 0);
  let prevReal = ld(real, 0);
  for (let i = 0; i < n; i++) {
    const t = ld(real, i);
    if (t > prevReal) prevObv += ld(volume, i);
    else if (t < prevReal) prevObv -= ld(volume, i);
    st(dst, i, prevObv);
    prevReal = t;
  }
}
