// Candle machinery shared by the pattern kernels (assembly/patterns.ts). NOT re-exported by assembly/index.ts.
// One table holds TA-Lib 0.6's default candle settings (TA_CandleDefaultSettings in ta_common/ta_global.c), and the
// macros of ta_func/ta_utility.h (TA_REALBODY, TA_CANDLERANGE, TA_CANDLEAVERAGE…) are functions over it, evaluated
// in the C macros' operation order so every comparison sees bit-identical doubles.

/** Setting ids, in TA_CandleSettingType order. */
export const BODY_LONG: i32 = 0;
export const BODY_VERY_LONG: i32 = 1;
export const BODY_SHORT: i32 = 2;
export const BODY_DOJI: i32 = 3;
export const SHADOW_LONG: i32 = 4;
export const SHADOW_VERY_LONG: i32 = 5;
export const SHADOW_SHORT: i32 = 6;
export const SHADOW_VERY_SHORT: i32 = 7;
export const NEAR: i32 = 8;
export const FAR: i32 = 9;
export const EQUAL: i32 = 10;

// TA_RangeType: what a setting measures on a candle.
const REAL_BODY: i32 = 0;
const HIGH_LOW: i32 = 1;
const SHADOWS: i32 = 2;

// TA_CandleDefaultSettings, one row per setting id: range type, averaging period (previous candles), factor.
const RANGE_TYPE: usize = memory.data<i32>([
  REAL_BODY, REAL_BODY, REAL_BODY, HIGH_LOW, REAL_BODY, REAL_BODY, SHADOWS, HIGH_LOW, HIGH_LOW, HIGH_LOW, HIGH_LOW,
]);
const AVG_PERIOD: usize = memory.data<i32>([10, 10, 10, 10, 0, 0, 10, 10, 5, 5, 5]);
const FACTOR: usize = memory.data<f64>([1.0, 3.0, 1.0, 0.1, 1.0, 2.0, 1.0, 0.1, 0.2, 0.6, 0.05]);

// The OHLC series of the kernel being run (set by `bind`; kernels are single-threaded and non-reentrant).
let O: usize = 0;
let H: usize = 0;
let L: usize = 0;
let C: usize = 0;

/** Points the candle functions at the open, high, low and close series of the current kernel call. */
export function bind(open: usize, high: usize, low: usize, close: usize): void {
  O = open;
  H = high;
  L = low;
  C = close;
}

// @ts-ignore: decorator
@inline export function op(i: i32): f64 { return load<f64>(O + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function hi(i: i32): f64 { return load<f64>(H + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function lo(i: i32): f64 { return load<f64>(L + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function cl(i: i32): f64 { return load<f64>(C + (<usize>i << 3)); }

/** Averaging period of a setting (TA_CANDLEAVGPERIOD). */
// @ts-ignore: decorator
@inline export function avgPeriod(set: i32): i32 { return load<i32>(AVG_PERIOD + (<usize>set << 2)); }

/** TA_REALBODY: |close − open|. */
// @ts-ignore: decorator
@inline export function realBody(i: i32): f64 { return Math.abs(cl(i) - op(i)); }
/** TA_UPPERSHADOW: high − max(open, close) (close ≥ open picks close, as the macro does). */
// @ts-ignore: decorator
@inline export function upperShadow(i: i32): f64 { const c = cl(i), o = op(i); return hi(i) - (c >= o ? c : o); }
/** TA_LOWERSHADOW: min(open, close) − low. */
// @ts-ignore: decorator
@inline export function lowerShadow(i: i32): f64 { const c = cl(i), o = op(i); return (c >= o ? o : c) - lo(i); }
/** TA_CANDLECOLOR: 1 for white (close ≥ open), −1 for black. */
// @ts-ignore: decorator
@inline export function color(i: i32): i32 { return cl(i) >= op(i) ? 1 : -1; }
/** C's min macro: a < b ? a : b (differs from Math.min only for NaN, which TA-Lib's candles then see). */
// @ts-ignore: decorator
@inline export function cmin(a: f64, b: f64): f64 { return a < b ? a : b; }
/** C's max macro: a > b ? a : b. */
// @ts-ignore: decorator
@inline export function cmax(a: f64, b: f64): f64 { return a > b ? a : b; }
/** TA_REALBODYGAPUP(i2, i1): min(open, close) of i2 > max(open, close) of i1. */
// @ts-ignore: decorator
@inline export function bodyGapUp(i2: i32, i1: i32): bool { return cmin(op(i2), cl(i2)) > cmax(op(i1), cl(i1)); }
/** TA_REALBODYGAPDOWN(i2, i1): max(open, close) of i2 < min(open, close) of i1. */
// @ts-ignore: decorator
@inline export function bodyGapDown(i2: i32, i1: i32): bool { return cmax(op(i2), cl(i2)) < cmin(op(i1), cl(i1)); }
/** TA_CANDLEGAPUP(i2, i1): low of i2 > high of i1. */
// @ts-ignore: decorator
@inline export function candleGapUp(i2: i32, i1: i32): bool { return lo(i2) > hi(i1); }
/** TA_CANDLEGAPDOWN(i2, i1): high of i2 < low of i1. */
// @ts-ignore: decorator
@inline export function candleGapDown(i2: i32, i1: i32): bool { return hi(i2) < lo(i1); }

/** TA_HIGHLOWRANGE: high − low. */
// @ts-ignore: decorator
@inline export function candleRangeHL(i: i32): f64 { return hi(i) - lo(i); }

/** TA_CANDLERANGE: the quantity `set` measures on candle i (real body, high − low, or the sum of both shadows). */
export function range(set: i32, i: i32): f64 {
  const t = load<i32>(RANGE_TYPE + (<usize>set << 2));
  if (t == REAL_BODY) return realBody(i);
  if (t == HIGH_LOW) return hi(i) - lo(i);
  return upperShadow(i) + lowerShadow(i);
}

/**
 * TA_CANDLEAVERAGE: factor · (total / period, or candle i's own range when the period is 0) / (2 for shadows),
 * evaluated as the macro is: (factor · x) / d.
 */
export function average(set: i32, total: f64, i: i32): f64 {
  const p = avgPeriod(set);
  const x = p != 0 ? total / <f64>p : range(set, i);
  const d: f64 = load<i32>(RANGE_TYPE + (<usize>set << 2)) == SHADOWS ? 2.0 : 1.0;
  return (load<f64>(FACTOR + (<usize>set << 3)) * x) / d;
}

/**
 * Initial "period total" of `set` for the candle k bars before `start`: Σ range over [start−k−period, start−k),
 * summed in ascending order as the patterns' set-up loops do.
 */
export function total(set: i32, k: i32, start: i32): f64 {
  let s: f64 = 0;
  for (let j = start - k - avgPeriod(set); j < start - k; j++) s += range(set, j);
  return s;
}

/** The per-bar update of a period total for the candle k bars before i: tot + (range(i−k) − range(trailing)). */
export function step(tot: f64, set: i32, i: i32, k: i32): f64 {
  return tot + (range(set, i - k) - range(set, i - k - avgPeriod(set)));
}

/**
 * Kernel prologue: binds the series, fills dst[0, min(n, lookback)) with NaN and returns the first index to
 * evaluate, or −1 when n ≤ lookback (no valid value).
 */
export function begin(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, lookback: i32): i32 {
  bind(open, high, low, close);
  const m = n < lookback ? n : lookback;
  for (let i = 0; i < m; i++) store<f64>(dst + (<usize>i << 3), NaN);
  return n > lookback ? lookback : -1;
}

/** dst[i] = v (an integer pattern code stored as f64). */
// @ts-ignore: decorator
@inline export function put(dst: usize, i: i32, v: i32): void { store<f64>(dst + (<usize>i << 3), <f64>v); }

/** max of two i32. */
// @ts-ignore: decorator
@inline export function imax(a: i32, b: i32): i32 { return a > b ? a : b; }
