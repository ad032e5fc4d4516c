// Volatility indicators (TA-Lib group "Volatility Indicators"): TRANGE, ATR, NATR. Each kernel reads n f64 per
// input, writes n f64 at `dst` (NaN in the warm-up [0, lookback)) and never allocates. Floating-point operations
// follow TA-Lib 0.6's C source in the same order, so results are bit-identical.

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

/** TA_TRANGE's value at bar `today` ≥ 1: the greatest of high − low, |close[−1] − high|, |close[−1] − low|. */
// @ts-ignore: decorator
@inline
function trueRange(high: usize, low: usize, close: usize, today: i32): f64 {
  const lo = ld(low, today);
  const hi = ld(high, today);
  const cy = ld(close, today - 1);
  let greatest = hi - lo;
  const v2 = Math.abs(cy - hi);
  if (v2 > greatest) greatest = v2;
  const v3 = Math.abs(cy - lo);
  if (v3 > greatest) greatest = v3;
  return greatest;
}

/**
 * trueRange of bars `today` and `today` + 1 in the two lanes, without branches: f64x2.pmax(a, b) is exactly
 * `b > a ? b : a` (NaN never wins), the comparison trueRange makes, so the values are bit-identical to it.
 */
// @ts-ignore: decorator
@inline
function trueRange2(high: usize, low: usize, close: usize, today: i32): v128 {
  const off = <usize>today << 3;
  const lo = v128.load(low + off);
  const hi = v128.load(high + off);
  const cy = v128.load(close + off - 8);
  let greatest = f64x2.sub(hi, lo);
  greatest = f64x2.pmax(greatest, f64x2.abs(f64x2.sub(cy, hi)));
  return f64x2.pmax(greatest, f64x2.abs(f64x2.sub(cy, lo)));
}

/** Lookback of TRANGE: 1 (TA_TRANGE_Lookback). */
export function trangeLookback(): i32 {
  return 1;
}

/**
 * True range, equal to TA_TRANGE: max(high − low, |close[i−1] − high|, |close[i−1] − low|) for i ≥ 1,
 * dst[0] = NaN. A NaN previous close is ignored (TA-Lib's comparisons are false), a NaN high/low gives NaN.
 */
export function trange(high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  if (n < 1) return;
  st(dst, 0, NaN);
  let i = 1;
  for (; i + 1 < n; i += 2) v128.store(dst + (<usize>i << 3), trueRange2(high, low, close, i));
  if (i < n) st(dst, i, trueRange(high, low, close, i));
}

/** Lookback of ATR: period (TA_ATR_Lookback with the default unstable period 0). */
export function atrLookback(period: i32): i32 {
  return period;
}

/**
 * Wilder smoothing of the true range as TA_ATR: seeded at bar `period` with the SMA of TR[1..period], then
 * atr = (atr·(period − 1) + TR)/period; `normalize` writes 100·atr/close (0 where |close| < 1e-14) as TA_NATR.
 * Period 1 is TRANGE itself (TA-Lib returns TRANGE, not normalized, for both).
 */
function wilderAtr(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32, normalize: bool): void {
  if (period <= 1) {
    trange(high, low, close, dst, n);
    return;
  }
  const lb = period;
  if (n <= lb) {
    fillNaN(dst, 0, n);
    return;
  }
  fillNaN(dst, 0, lb);
  // TA_INT_SMA over the first `period` true ranges: a running sum, then one division.
  let total: f64 = 0;
  for (let i = 1; i <= period; i++) total += trueRange(high, low, close, i);
  const p = <f64>period;
  const pm1 = <f64>(period - 1);
  let prev = total / p;
  st(dst, lb, normalize ? natrValue(prev, ld(close, lb)) : prev);
  let i = lb + 1;
  // Two true ranges per step from f64x2 loads (branch-free, see trueRange2); the recurrence itself stays scalar.
  for (; i + 1 < n; i += 2) {
    const tr = trueRange2(high, low, close, i);
    prev *= pm1;
    prev += f64x2.extract_lane(tr, 0);
    prev /= p;
    st(dst, i, normalize ? natrValue(prev, ld(close, i)) : prev);
    prev *= pm1;
    prev += f64x2.extract_lane(tr, 1);
    prev /= p;
    st(dst, i + 1, normalize ? natrValue(prev, ld(close, i + 1)) : prev);
  }
  if (i < n) {
    prev *= pm1;
    prev += trueRange(high, low, close, i);
    prev /= p;
    st(dst, i, normalize ? natrValue(prev, ld(close, i)) : prev);
  }
}

// @ts-ignore: decorator
@inline
function natrValue(atr: f64, c: f64): f64 {
  // TA_NATR writes 0 for a close within ±1e-14 of zero (its TA_IS_ZERO test).
  return c > -1e-14 && c < 1e-14 ? 0.0 : (atr / c) * 100.0;
}

/**
 * Average true range, equal to TA_ATR: Wilder's smoothing of TRANGE seeded with the SMA of the first `period`
 * true ranges; dst[i] = NaN for i < period; period 1 gives TRANGE. A NaN makes every later value NaN.
 */
export function atr(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32): void {
  wilderAtr(high, low, close, dst, n, period, false);
}

/** Lookback of NATR: period (TA_NATR_Lookback with the default unstable period 0). */
export function natrLookback(period: i32): i32 {
  return period;
}

/**
 * Normalized ATR, equal to TA_NATR: 100·ATR/close (0 where the close is within ±1e-14 of zero — TA-Lib 0.6 then
 * writes 0 to its first output slot instead and leaves that bar's slot unwritten, a bug not reproduced here);
 * period 1 gives TRANGE (TA-Lib does not normalize it). dst[i] = NaN for i < period.
 */
export function natr(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32): void {
  wilderAtr(high, low, close, dst, n, period, true);
}
