// Moving averages by TA-Lib MA type (TA_MAType: 0=SMA 1=EMA 2=WMA 3=DEMA 4=TEMA 5=TRIMA 6=KAMA 7=MAMA 8=T3) and
// the generic `ma` kernel other groups call from AssemblyScript (STOCH, STOCHRSI, BBANDS, MACDEXT…).
// Layout: n f64 in at `src`, n f64 out at `dst`, output aligned with input (dst[i] belongs to src[i]), NaN in
// the warm-up [0, lookback). Floating-point operations follow TA-Lib 0.6's C source in the same order.
// Unless noted, src and dst must not overlap (the windowed sums read values behind the write position).
// The computations live in ./ma-util (shared with overlap.ts, not ABI); this file holds the exported kernels.
import {
  demaCore, emaCore, isZero, kamaCore, ld, maAt, maLookbackOf, mamaCore, nanFill, st, t3Core, temaCore, trimaCore, wmaCore,
} from './ma-util';

/** Lookback of WMA: period − 1 (TA_WMA_Lookback). */
export function wmaLookback(period: i32): i32 {
  return period - 1;
}

/** Weighted moving average (weights 1..period), equal to TA_WMA (its running periodSum/periodSub order). */
export function wma(src: usize, dst: usize, n: i32, period: i32): void {
  wmaCore(src, dst, n, period);
}

/** Lookback of DEMA: 2·(period − 1) (TA_DEMA_Lookback). */
export function demaLookback(period: i32): i32 {
  return 2 * (period - 1);
}

/** Double exponential moving average 2·EMA − EMA(EMA), equal to TA_DEMA (SMA-seeded EMAs). In-place allowed. */
export function dema(src: usize, dst: usize, n: i32, period: i32): void {
  demaCore(src, dst, n, period);
}

/** Lookback of TEMA: 3·(period − 1) (TA_TEMA_Lookback). */
export function temaLookback(period: i32): i32 {
  return 3 * (period - 1);
}

/** Triple exponential moving average 3·EMA − 3·EMA² + EMA³, equal to TA_TEMA. In-place allowed. */
export function tema(src: usize, dst: usize, n: i32, period: i32): void {
  temaCore(src, dst, n, period);
}

/** Lookback of TRIMA: period − 1 (TA_TRIMA_Lookback). */
export function trimaLookback(period: i32): i32 {
  return period - 1;
}

/** Triangular moving average (SMA of an SMA), equal to TA_TRIMA's odd/even running-numerator algorithm. */
export function trima(src: usize, dst: usize, n: i32, period: i32): void {
  trimaCore(src, dst, n, period);
}

/** Lookback of KAMA: period (TA_KAMA_Lookback with unstable period 0). */
export function kamaLookback(period: i32): i32 {
  return period;
}

/** Kaufman adaptive moving average (efficiency ratio over `period`, fast 2 / slow 30), equal to TA_KAMA. */
export function kama(src: usize, dst: usize, n: i32, period: i32): void {
  kamaCore(src, dst, n, period);
}

/** Lookback of T3: 6·(period − 1) (TA_T3_Lookback with unstable period 0). */
export function t3Lookback(period: i32): i32 {
  return 6 * (period - 1);
}

/** Tillson T3 (six chained EMAs, volume factor vFactor), equal to TA_T3. In-place allowed. */
export function t3(src: usize, dst: usize, n: i32, period: i32, vFactor: f64): void {
  t3Core(src, dst, n, period, vFactor);
}

/** Lookback of MAMA: 32 (TA_MAMA_Lookback with unstable period 0; the limits do not matter). */
export function mamaLookback(): i32 {
  return 32;
}

/**
 * MESA adaptive moving average, equal to TA_MAMA: MAMA into mamaDst and FAMA into famaDst (Ehlers' Hilbert
 * transform of a 4-bar WMA smoother; alpha clamped to [slowLimit, fastLimit]). In-place (src == mamaDst) allowed.
 */
export function mama(src: usize, mamaDst: usize, famaDst: usize, n: i32, fastLimit: f64, slowLimit: f64): void {
  mamaCore(src, mamaDst, famaDst, n, fastLimit, slowLimit, 0);
}

/**
 * Moving average by TA-Lib MA type, equal to TA_MA(startIdx 0): matype 0=SMA 1=EMA 2=WMA 3=DEMA 4=TEMA
 * 5=TRIMA 6=KAMA 7=MAMA (fast 0.5, slow 0.05, MAMA line) 8=T3 (vFactor 0.7); period 1 copies the input for
 * every type. dst[i] = NaN for i < maLookback(period, matype). `tmp` is caller scratch of at least 3·n f64
 * (2·n are used today: MAMA's discarded FAMA line and a copy of src when src == dst; the rest is reserved so
 * callers never need to change). src == dst is allowed; other overlaps are not. A NaN input propagates as in
 * TA-Lib (running sums/recurrences make every later value NaN).
 */
export function ma(src: usize, dst: usize, n: i32, period: i32, matype: i32, tmp: usize): void {
  maAt(src, dst, n, 0, period, matype, tmp);
}

/**
 * Lookback of TA_MA for `period` and `matype` (TA_MA_Lookback): 0 when period ≤ 1 (TA_MA then copies its
 * input), MAMA 32 whatever the period, T3 with its default vFactor 0.7; unknown types 0.
 */
export function maLookback(period: i32, matype: i32): i32 {
  return maLookbackOf(period, matype);
}

// ---------------------------------------------------------------------------------------------------------
// MA-type-based momentum oscillators (TA-Lib group "Momentum Indicators"), kept here because they need
// TA_MA's start-index behaviour (maAt).

/** TA_INT_PO: fast MA minus slow MA (percent of the slow MA when `percent`); tmp needs 3·n f64. */
function priceOscillator(src: usize, dst: usize, n: i32, fastPeriod: i32, slowPeriod: i32, matype: i32, tmp: usize,
  percent: bool): void {
  if (slowPeriod < fastPeriod) {
    const t = slowPeriod;
    slowPeriod = fastPeriod;
    fastPeriod = t;
  }
  const fast = tmp;
  const scratch = tmp + (<usize>n << 3);
  maAt(src, fast, n, 0, fastPeriod, matype, scratch);
  maAt(src, dst, n, 0, slowPeriod, matype, scratch);
  for (let i = maLookback(slowPeriod, matype); i < n; i++) {
    const slow = ld(dst, i);
    if (percent) st(dst, i, !isZero(slow) ? ((ld(fast, i) - slow) / slow) * 100.0 : 0.0);
    else st(dst, i, ld(fast, i) - slow);
  }
}

/** Lookback of APO and PPO: TA_MA_Lookback of the slower period (TA_APO_Lookback). */
export function apoLookback(fastPeriod: i32, slowPeriod: i32, matype: i32): i32 {
  return maLookback(slowPeriod > fastPeriod ? slowPeriod : fastPeriod, matype);
}

/**
 * Absolute price oscillator, equal to TA_APO: TA_MA(fast) − TA_MA(slow) (periods swapped when slow < fast),
 * both averages started at bar 0. `tmp` is scratch of 3·n f64. src must not overlap dst.
 */
export function apo(src: usize, dst: usize, n: i32, fastPeriod: i32, slowPeriod: i32, matype: i32, tmp: usize): void {
  priceOscillator(src, dst, n, fastPeriod, slowPeriod, matype, tmp, false);
}

/**
 * Percentage price oscillator, equal to TA_PPO: (fast MA − slow MA)/slow MA·100, 0 where |slow MA| < 1e-14.
 * `tmp` is scratch of 3·n f64. src must not overlap dst.
 */
export function ppo(src: usize, dst: usize, n: i32, fastPeriod: i32, slowPeriod: i32, matype: i32, tmp: usize): void {
  priceOscillator(src, dst, n, fastPeriod, slowPeriod, matype, tmp, true);
}

/** Writes the histogram and the NaN warm-ups shared by the MACD family; values valid from `total`. */
function macdFinish(macd: usize, signal: usize, hist: usize, n: i32, total: i32): void {
  const end = total < n ? total : n;
  nanFill(macd, 0, end);
  nanFill(signal, 0, end);
  nanFill(hist, 0, end);
  for (let i = total; i < n; i++) st(hist, i, ld(macd, i) - ld(signal, i));
}

/**
 * TA_INT_MACD: slow/fast EMAs both started at the slow EMA's lookback (so the fast EMA is seeded with the
 * mean of the `fast` values ending there, not at bar 0), ratios k1 (slow) and k2 (fast); signal = EMA of the
 * difference. tmp needs n f64.
 */
function macdCore(src: usize, macd: usize, signal: usize, hist: usize, n: i32, fastPeriod: i32, slowPeriod: i32,
  k2: f64, k1: f64, signalPeriod: i32, tmp: usize): void {
  const slowLb = slowPeriod - 1;
  const total = slowLb + signalPeriod - 1;
  if (n <= total) {
    macdFinish(macd, signal, hist, n, total);
    return;
  }
  emaCore(src, tmp, n, slowPeriod, k1);
  const off = slowLb - (fastPeriod - 1);
  emaCore(src + (<usize>off << 3), macd + (<usize>off << 3), n - off, fastPeriod, k2);
  for (let i = slowLb; i < n; i++) st(macd, i, ld(macd, i) - ld(tmp, i));
  emaCore(macd + (<usize>slowLb << 3), signal + (<usize>slowLb << 3), n - slowLb, signalPeriod,
    2.0 / <f64>(signalPeriod + 1));
  macdFinish(macd, signal, hist, n, total);
}

/** Lookback of MACD: EMA lookback of the slower period + that of the signal (TA_MACD_Lookback). */
export function macdLookback(fastPeriod: i32, slowPeriod: i32, signalPeriod: i32): i32 {
  return (slowPeriod > fastPeriod ? slowPeriod : fastPeriod) - 1 + signalPeriod - 1;
}

/**
 * MACD, equal to TA_MACD: macd = EMA(fast) − EMA(slow) (swapped when slow < fast; both EMAs start at the slow
 * lookback), signal = EMA(signalPeriod) of macd, hist = macd − signal. `tmp` is scratch of n f64.
 */
export function macd(src: usize, macdDst: usize, signalDst: usize, histDst: usize, n: i32, fastPeriod: i32,
  slowPeriod: i32, signalPeriod: i32, tmp: usize): void {
  if (slowPeriod < fastPeriod) {
    const t = slowPeriod;
    slowPeriod = fastPeriod;
    fastPeriod = t;
  }
  macdCore(src, macdDst, signalDst, histDst, n, fastPeriod, slowPeriod, 2.0 / <f64>(fastPeriod + 1),
    2.0 / <f64>(slowPeriod + 1), signalPeriod, tmp);
}

/** Lookback of MACDFIX: 25 + signalPeriod − 1 (TA_MACDFIX_Lookback). */
export function macdfixLookback(signalPeriod: i32): i32 {
  return 25 + signalPeriod - 1;
}

/**
 * MACD with TA-Lib's fixed 12/26 ratios, equal to TA_MACDFIX: the EMAs use k = 0.15 and 0.075 (not 2/13 and
 * 2/27). `tmp` is scratch of n f64.
 */
export function macdfix(src: usize, macdDst: usize, signalDst: usize, histDst: usize, n: i32, signalPeriod: i32,
  tmp: usize): void {
  macdCore(src, macdDst, signalDst, histDst, n, 12, 26, 0.15, 0.075, signalPeriod, tmp);
}

/** Lookback of MACDEXT: the larger fast/slow TA_MA lookback + the signal's (TA_MACDEXT_Lookback). */
export function macdextLookback(fastPeriod: i32, fastMatype: i32, slowPeriod: i32, slowMatype: i32, signalPeriod: i32,
  signalMatype: i32): i32 {
  const a = maLookback(fastPeriod, fastMatype);
  const b = maLookback(slowPeriod, slowMatype);
  return (a > b ? a : b) + maLookback(signalPeriod, signalMatype);
}

/**
 * MACD with MA types, equal to TA_MACDEXT: fast and slow TA_MA both started at the larger of their lookbacks
 * (periods and types swapped together when slow < fast), signal = TA_MA of the difference, hist = macd −
 * signal. `tmp` is scratch of 3·n f64. src must not overlap the outputs.
 */
export function macdext(src: usize, macdDst: usize, signalDst: usize, histDst: usize, n: i32, fastPeriod: i32,
  fastMatype: i32, slowPeriod: i32, slowMatype: i32, signalPeriod: i32, signalMatype: i32, tmp: usize): void {
  if (slowPeriod < fastPeriod) {
    let t = slowPeriod;
    slowPeriod = fastPeriod;
    fastPeriod = t;
    t = slowMatype;
    slowMatype = fastMatype;
    fastMatype = t;
  }
  const fl = maLookback(fastPeriod, fastMatype);
  const sl = maLookback(slowPeriod, slowMatype);
  const largest = fl > sl ? fl : sl;
  const total = largest + maLookback(signalPeriod, signalMatype);
  if (n <= total) {
    macdFinish(macdDst, signalDst, histDst, n, total);
    return;
  }
  const scratch = tmp + (<usize>n << 3);
  maAt(src, tmp, n, largest, slowPeriod, slowMatype, scratch);
  maAt(src, macdDst, n, largest, fastPeriod, fastMatype, scratch);
  for (let i = largest; i < n; i++) st(macdDst, i, ld(macdDst, i) - ld(tmp, i));
  maAt(macdDst + (<usize>largest << 3), signalDst + (<usize>largest << 3), n - largest, 0, signalPeriod,
    signalMatype, scratch);
  macdFinish(macdDst, signalDst, histDst, n, total);
}

