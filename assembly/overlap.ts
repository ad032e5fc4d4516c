// Overlap studies. Every kernel reads n f64 at `src`, writes n f64 at `dst` (src and dst may be the same
// buffer only where noted), fills the warm-up slots [0, lookback) with NaN, and never allocates.
// Floating-point operations follow TA-Lib 0.6's C source in the same order, so results are bit-identical.

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

// @ts-ignore: decorator
@inline
function fillNaN(dst: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) store<f64>(dst + (<usize>i << 3), NaN);
}
