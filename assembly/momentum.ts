// Kernels of this group, re-exported by assembly/index.ts: export only kernels and their lookbacks.
// Momentum indicators (TA-Lib group "Momentum Indicators"; APO/PPO/MACD* live in assembly/ma.ts). Every kernel
// reads n f64 per input, writes n f64 per output, fills the warm-up slots [0, lookback) with NaN and never
// allocates; inputs must not overlap outputs. Floating-point operations follow TA-Lib 0.6's C source in the
// same order (default compatibility, unstable period 0), so results are bit-identical to TA-Lib's.
// NaN inputs: the running sums and Wilder recurrences (RSI, CMO, DM, DI, DX, ADX, ADXR, TRIX, ULTOSC, MFI) carry
// a NaN into every later value; windowed scans (WILLR, AROON, STOCH) skip a NaN except where it starts a scan.
import { ema } from './overlap';
import { stochSmaFused } from './stoch-fused';
import { ma, maLookback } from './ma';
import {
  aroonCore, change, diCore, dmCore, dxDefined, dxValue, fillNaN, gainLoss, isZero, isZeroOrNeg, ld, rangeScan, st,
  wilderSeed, wilderStep,
} from './momentum-util';

// ---------------------------------------------------------------------------------------------------------
// RSI and CMO (Wilder-smoothed gains and losses)

/** Lookback of RSI: period (TA_RSI_Lookback, default compatibility, unstable period 0). */
export function rsiLookback(period: i32): i32 {
  return period;
}

/**
 * Relative Strength Index, equal to TA_RSI: Wilder-smoothed average gain g and loss l (seeded with the means
 * of the first `period` changes), 100·g/(g + l), 0 where g + l is within 1e-14 of 0. Period ≥ 2.
 */
export function rsi(src: usize, dst: usize, n: i32, period: i32): void {
  gainLoss(src, dst, n, period, false);
}

/** Lookback of CMO: period (TA_CMO_Lookback, default compatibility). */
export function cmoLookback(period: i32): i32 {
  return period;
}

/** Chande Momentum Oscillator, equal to TA_CMO: 100·(g − l)/(g + l) with RSI's smoothed gain and loss. */
export function cmo(src: usize, dst: usize, n: i32, period: i32): void {
  gainLoss(src, dst, n, period, true);
}

// ---------------------------------------------------------------------------------------------------------
// Momentum and rates of change: x[i] against x[i − period]

/** Lookback of MOM, ROC, ROCP, ROCR and ROCR100: period. */
export function rocLookback(period: i32): i32 {
  return period;
}

/** Momentum, equal to TA_MOM: x[i] − x[i − period]. */
export function mom(src: usize, dst: usize, n: i32, period: i32): void {
  change(src, dst, n, period, 0);
}

/** Rate of change, equal to TA_ROC: (x[i]/x[i − period] − 1)·100; 0 where x[i − period] is 0. */
export function roc(src: usize, dst: usize, n: i32, period: i32): void {
  change(src, dst, n, period, 1);
}

/** Rate of change percentage, equal to TA_ROCP: (x[i] − x[i − period])/x[i − period]; 0 where that is 0. */
export function rocp(src: usize, dst: usize, n: i32, period: i32): void {
  change(src, dst, n, period, 2);
}

/** Rate of change ratio, equal to TA_ROCR: x[i]/x[i − period]; 0 where x[i − period] is 0. */
export function rocr(src: usize, dst: usize, n: i32, period: i32): void {
  change(src, dst, n, period, 3);
}

/** Rate of change ratio ×100, equal to TA_ROCR100: (x[i]/x[i − period])·100; 0 where x[i − period] is 0. */
export function rocr100(src: usize, dst: usize, n: i32, period: i32): void {
  change(src, dst, n, period, 4);
}

// ---------------------------------------------------------------------------------------------------------
// Range oscillators

/** Lookback of WILLR: period − 1. */
export function willrLookback(period: i32): i32 {
  return period - 1;
}

/**
 * Williams' %R, equal to TA_WILLR: (highest high − close)/(highest high − lowest low)·−100 over the last
 * `period` bars; 0 where the range is 0.
 */
export function willr(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32): void {
  const lb = period - 1;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  rangeScan(high, low, close, dst, n, period, true);
}

/** Lookback of CCI: period − 1. */
export function cciLookback(period: i32): i32 {
  return period - 1;
}

/**
 * Commodity Channel Index, equal to TA_CCI: typical price tp = (h + l + c)/3, (tp − mean)/(0.015·mean absolute
 * deviation) over the last `period` bars; 0 where either is 0. The means are summed in TA-Lib's circular
 * buffer order (slot i mod period), kept in `tmp`, caller scratch of `period` f64 (n f64 always suffices).
 */
export function cci(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32, tmp: usize): void {
  const lb = period - 1;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  let slot = 0;
  let i = 0;
  for (; i < lb; i++) {
    st(tmp, slot, (ld(high, i) + ld(low, i) + ld(close, i)) / 3.0);
    if (++slot > lb) slot = 0;
  }
  const p = <f64>period;
  for (; i < n; i++) {
    const last = (ld(high, i) + ld(low, i) + ld(close, i)) / 3.0;
    st(tmp, slot, last);
    let avg: f64 = 0;
    for (let j = 0; j < period; j++) avg += ld(tmp, j);
    avg /= p;
    let dev: f64 = 0;
    for (let j = 0; j < period; j++) dev += Math.abs(ld(tmp, j) - avg);
    const t = last - avg;
    st(dst, i, t != 0.0 && dev != 0.0 ? t / (0.015 * (dev / p)) : 0.0);
    if (++slot > lb) slot = 0;
  }
}

/** Lookback of BOP: 0. */
export function bopLookback(): i32 {
  return 0;
}

/** Balance of Power, equal to TA_BOP: (close − open)/(high − low); 0 where high − low < 1e-14. */
export function bop(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const r = ld(high, i) - ld(low, i);
    st(dst, i, isZeroOrNeg(r) ? 0.0 : (ld(close, i) - ld(open, i)) / r);
  }
}

/** Lookback of AROON and AROONOSC: period. */
export function aroonLookback(period: i32): i32 {
  return period;
}

/**
 * Aroon, equal to TA_AROON: down = 100/period·(period − bars since the lowest low), up likewise with the highest
 * high, over the last period + 1 bars (ties: the most recent bar).
 */
export function aroon(high: usize, low: usize, down: usize, up: usize, n: i32, period: i32): void {
  if (n <= period) { fillNaN(down, 0, n); fillNaN(up, 0, n); return; }
  fillNaN(down, 0, period);
  fillNaN(up, 0, period);
  aroonCore(high, low, down, up, n, period, false);
}

/** Aroon Oscillator, equal to TA_AROONOSC: 100/period·(index of highest high − index of lowest low). */
export function aroonosc(high: usize, low: usize, dst: usize, n: i32, period: i32): void {
  if (n <= period) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, period);
  aroonCore(high, low, 0, dst, n, period, true);
}

// ---------------------------------------------------------------------------------------------------------
// Directional movement (Wilder)

/** Lookback of PLUS_DM and MINUS_DM: period − 1, or 1 for period 1 (TA_PLUS_DM_Lookback). */
export function dmLookback(period: i32): i32 {
  return period > 1 ? period - 1 : 1;
}

/**
 * Minus directional movement, equal to TA_MINUS_DM: −DM = prev low − low when that is positive and larger than
 * high − prev high, else 0; period 1 gives the raw −DM, otherwise Wilder's running sum (seeded with the plain sum
 * of the first period − 1 values, then x ← x − x/period + −DM).
 */
export function minusDm(high: usize, low: usize, dst: usize, n: i32, period: i32): void {
  dmCore(high, low, dst, n, period, true);
}

/** Plus directional movement, equal to TA_PLUS_DM (see minusDm; +DM = high − prev high under the mirrored test). */
export function plusDm(high: usize, low: usize, dst: usize, n: i32, period: i32): void {
  dmCore(high, low, dst, n, period, false);
}

/** Lookback of PLUS_DI and MINUS_DI: period, or 1 for period 1 (TA_PLUS_DI_Lookback). */
export function diLookback(period: i32): i32 {
  return period > 1 ? period : 1;
}

/**
 * Minus directional indicator, equal to TA_MINUS_DI: 100·(Wilder-smoothed −DM)/(Wilder-smoothed true range);
 * 0 where the range is within 1e-14 of 0. Period 1: the bar's −DM over its true range.
 */
export function minusDi(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32): void {
  diCore(high, low, close, dst, n, period, true);
}

/** Plus directional indicator, equal to TA_PLUS_DI (see minusDi, with +DM). */
export function plusDi(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32): void {
  diCore(high, low, close, dst, n, period, false);
}

/** Lookback of DX: period (TA_DX_Lookback for period ≥ 2). */
export function dxLookback(period: i32): i32 {
  return period;
}

/**
 * Directional Movement Index, equal to TA_DX: 100·|−DI − +DI|/(−DI + +DI); where the true range or the DI sum is
 * within 1e-14 of 0 the previous value is repeated (0 for the first). Period ≥ 2.
 */
export function dx(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32): void {
  if (n <= period) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, period);
  const p = <f64>period;
  wilderSeed(high, low, close, period);
  let prev: f64 = 0.0;
  for (let today = period; today < n; today++) {
    wilderStep(high, low, close, today, p);
    prev = dxValue(prev);
    st(dst, today, prev);
  }
}

/** Lookback of ADX: 2·period − 1. */
export function adxLookback(period: i32): i32 {
  return 2 * period - 1;
}

/**
 * Average Directional Movement Index, equal to TA_ADX: the mean of the first `period` DX values, then Wilder's
 * ADX ← (ADX·(period − 1) + DX)/period (a bar whose DX is undefined leaves ADX unchanged). Period ≥ 2.
 */
export function adx(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32): void {
  const lb = 2 * period - 1;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  const p = <f64>period;
  const p1 = <f64>(period - 1);
  wilderSeed(high, low, close, period);
  let sumDX: f64 = 0.0;
  let today = period;
  for (; today <= lb; today++) {
    wilderStep(high, low, close, today, p);
    // An undefined DX adds nothing (TA-Lib's guards).
    const d = dxValue(0.0);
    if (dxDefined) sumDX += d;
  }
  let prevADX = sumDX / p;
  st(dst, lb, prevADX);
  for (; today < n; today++) {
    wilderStep(high, low, close, today, p);
    const d = dxValue(0.0);
    if (dxDefined) prevADX = ((prevADX * p1) + d) / p;
    st(dst, today, prevADX);
  }
}

/** Lookback of ADXR: 3·period − 2 (TA_ADXR_Lookback for period ≥ 2). */
export function adxrLookback(period: i32): i32 {
  return 3 * period - 2;
}

/** Average Directional Movement Index Rating, equal to TA_ADXR: (ADX[i] + ADX[i − (period − 1)])/2. Period ≥ 2. */
export function adxr(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32): void {
  const lb = 3 * period - 2;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  adx(high, low, close, dst, n, period);
  // In place, newest first: ADX[i − (period − 1)] is still unread ADX when slot i is rewritten.
  const back = period - 1;
  for (let i = n - 1; i >= lb; i--) st(dst, i, (ld(dst, i) + ld(dst, i - back)) / 2.0);
  fillNaN(dst, 0, lb);
}

// ---------------------------------------------------------------------------------------------------------
// TRIX, ULTOSC, MFI

/** Lookback of TRIX: 3·(period − 1) + 1 (three EMAs, then a 1-bar rate of change). */
export function trixLookback(period: i32): i32 {
  return 3 * (period - 1) + 1;
}

/**
 * TRIX, equal to TA_TRIX: the 1-bar rate of change (percent; 0 where the previous value is 0) of an EMA of an
 * EMA of an EMA of the input, each EMA seeded with the mean of its first `period` values (TA_INT_EMA).
 */
export function trix(src: usize, dst: usize, n: i32, period: i32): void {
  const lb = 3 * (period - 1) + 1;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  const e = period - 1;
  ema(src, dst, n, period);
  ema(dst + (<usize>e << 3), dst + (<usize>e << 3), n - e, period);
  ema(dst + (<usize>(2 * e) << 3), dst + (<usize>(2 * e) << 3), n - 2 * e, period);
  // ROC(1) in place, newest first so the previous EMA value is still there.
  for (let i = n - 1; i >= lb; i--) {
    const prev = ld(dst, i - 1);
    st(dst, i, prev != 0.0 ? ((ld(dst, i) / prev) - 1.0) * 100.0 : 0.0);
  }
  fillNaN(dst, 0, lb);
}

// TA_ULTOSC's CALC_TERMS results for one bar: close − true low and the true range (vs the previous close).
let uoCloseMinusTrueLow: f64 = 0;
let uoTrueRange: f64 = 0;

// @ts-ignore: decorator
@inline
function uoTerms(high: usize, low: usize, close: usize, day: i32): void {
  const tempLT = ld(low, day);
  const tempHT = ld(high, day);
  const tempCY = ld(close, day - 1);
  const trueLow = tempLT < tempCY ? tempLT : tempCY;
  uoCloseMinusTrueLow = ld(close, day) - trueLow;
  let tr = tempHT - tempLT;
  let t = Math.abs(tempCY - tempHT);
  if (t > tr) tr = t;
  t = Math.abs(tempCY - tempLT);
  if (t > tr) tr = t;
  uoTrueRange = tr;
}

/** Lookback of ULTOSC: the largest of the three periods. */
export function ultoscLookback(period1: i32, period2: i32, period3: i32): i32 {
  const m = period1 > period2 ? period1 : period2;
  return m > period3 ? m : period3;
}

/**
 * Ultimate Oscillator, equal to TA_ULTOSC: the periods are sorted (shortest weighs 4, middle 2, longest 1);
 * 100·(4·A1/B1 + 2·A2/B2 + A3/B3)/7 with A = Σ(close − min(low, prev close)) and B = Σ true range over each
 * period (a term is skipped where its B is within 1e-14 of 0).
 */
export function ultosc(high: usize, low: usize, close: usize, dst: usize, n: i32, period1: i32, period2: i32,
  period3: i32): void {
  // Sort as TA-Lib does: p1 shortest, p3 longest.
  let a = period1, b = period2, c = period3;
  if (a > b) { const t = a; a = b; b = t; }
  if (b > c) { const t = b; b = c; c = t; }
  if (a > b) { const t = a; a = b; b = t; }
  const lb = c;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  let a1: f64 = 0, b1: f64 = 0, a2: f64 = 0, b2: f64 = 0, a3: f64 = 0, b3: f64 = 0;
  for (let i = lb - a + 1; i < lb; i++) { uoTerms(high, low, close, i); a1 += uoCloseMinusTrueLow; b1 += uoTrueRange; }
  for (let i = lb - b + 1; i < lb; i++) { uoTerms(high, low, close, i); a2 += uoCloseMinusTrueLow; b2 += uoTrueRange; }
  for (let i = lb - c + 1; i < lb; i++) { uoTerms(high, low, close, i); a3 += uoCloseMinusTrueLow; b3 += uoTrueRange; }
  for (let today = lb; today < n; today++) {
    uoTerms(high, low, close, today);
    a1 += uoCloseMinusTrueLow;
    a2 += uoCloseMinusTrueLow;
    a3 += uoCloseMinusTrueLow;
    b1 += uoTrueRange;
    b2 += uoTrueRange;
    b3 += uoTrueRange;
    let output: f64 = 0.0;
    if (!isZero(b1)) output += 4.0 * (a1 / b1);
    if (!isZero(b2)) output += 2.0 * (a2 / b2);
    if (!isZero(b3)) output += a3 / b3;
    uoTerms(high, low, close, today - a + 1);
    a1 -= uoCloseMinusTrueLow;
    b1 -= uoTrueRange;
    uoTerms(high, low, close, today - b + 1);
    a2 -= uoCloseMinusTrueLow;
    b2 -= uoTrueRange;
    uoTerms(high, low, close, today - c + 1);
    a3 -= uoCloseMinusTrueLow;
    b3 -= uoTrueRange;
    st(dst, today, 100.0 * (output / 7.0));
  }
}

// One bar's money flow as TA_MFI stores it in its circular buffer: typical price × volume, on the positive or
// the negative side by the sign of the typical price's change (neither when unchanged or NaN).
let mfPos: f64 = 0;
let mfNeg: f64 = 0;

function moneyFlow(high: usize, low: usize, close: usize, volume: usize, today: i32): void {
  const prevTp = (ld(high, today - 1) + ld(low, today - 1) + ld(close, today - 1)) / 3.0;
  const tp = (ld(high, today) + ld(low, today) + ld(close, today)) / 3.0;
  const change = tp - prevTp;
  const flow = tp * ld(volume, today);
  mfPos = 0.0;
  mfNeg = 0.0;
  if (change < 0) mfNeg = flow;
  else if (change > 0) mfPos = flow;
}

/** Lookback of MFI: period. */
export function mfiLookback(period: i32): i32 {
  return period;
}

/**
 * Money Flow Index, equal to TA_MFI: 100·P/(P + N) with P, N the sums of positive and negative money flow over
 * the last `period` bars; 0 where P + N < 1. The flow leaving the window is recomputed from its bar (the same
 * operations as TA-Lib's stored value, so the running sums are identical).
 */
export function mfi(high: usize, low: usize, close: usize, volume: usize, dst: usize, n: i32, period: i32): void {
  if (n <= period) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, period);
  let posSum: f64 = 0.0;
  let negSum: f64 = 0.0;
  for (let today = 1; today <= period; today++) {
    moneyFlow(high, low, close, volume, today);
    // TA-Lib adds only the side that was set; adding the other side's 0.0 leaves a sum unchanged.
    negSum += mfNeg;
    posSum += mfPos;
  }
  let t = posSum + negSum;
  st(dst, period, t < 1.0 ? 0.0 : 100.0 * (posSum / t));
  for (let today = period + 1; today < n; today++) {
    moneyFlow(high, low, close, volume, today - period);
    posSum -= mfPos;
    negSum -= mfNeg;
    moneyFlow(high, low, close, volume, today);
    negSum += mfNeg;
    posSum += mfPos;
    t = posSum + negSum;
    st(dst, today, t < 1.0 ? 0.0 : 100.0 * (posSum / t));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Stochastics (moving averages by TA-Lib MA type through assembly/ma.ts)

/** Lookback of STOCHF: fastK period − 1 + TA_MA_Lookback(fastD period, fastD type). */
export function stochfLookback(fastKPeriod: i32, fastDPeriod: i32, fastDMatype: i32): i32 {
  return fastKPeriod - 1 + maLookback(fastDPeriod, fastDMatype);
}

/**
 * TA_STOCHF's body on n bars: raw %K into fastK (from fastK period − 1), %D = MA(%K) into fastD, then both
 * NaN before the common start. `tmp` is scratch of 3·n f64 for `ma`.
 */
function stochfCore(high: usize, low: usize, close: usize, fastK: usize, fastD: usize, n: i32, fastKPeriod: i32,
  fastDPeriod: i32, fastDMatype: i32, tmp: usize): void {
  const lbK = fastKPeriod - 1;
  const lb = lbK + maLookback(fastDPeriod, fastDMatype);
  if (n <= lb) { fillNaN(fastK, 0, n); fillNaN(fastD, 0, n); return; }
  rangeScan(high, low, close, fastK, n, fastKPeriod, false);
  ma(fastK + (<usize>lbK << 3), fastD + (<usize>lbK << 3), n - lbK, fastDPeriod, fastDMatype, tmp);
  fillNaN(fastK, 0, lb);
  fillNaN(fastD, 0, lb);
}

/**
 * Stochastic Fast, equal to TA_STOCHF: %K = 100·(close − lowest low)/(highest high − lowest low) over fastK
 * period bars (0 where the range is 0), %D = TA_MA(%K, fastD period, fastD type). `tmp`: scratch of 3·n f64.
 */
export function stochf(high: usize, low: usize, close: usize, fastK: usize, fastD: usize, n: i32, fastKPeriod: i32,
  fastDPeriod: i32, fastDMatype: i32, tmp: usize): void {
  stochfCore(high, low, close, fastK, fastD, n, fastKPeriod, fastDPeriod, fastDMatype, tmp);
}

/** Lookback of STOCH: fastK period − 1 + TA_MA_Lookback(slowK) + TA_MA_Lookback(slowD). */
export function stochLookback(fastKPeriod: i32, slowKPeriod: i32, slowKMatype: i32, slowDPeriod: i32,
  slowDMatype: i32): i32 {
  return fastKPeriod - 1 + maLookback(slowKPeriod, slowKMatype) + maLookback(slowDPeriod, slowDMatype);
}

/**
 * Stochastic, equal to TA_STOCH: slow %K = TA_MA(fast %K, slowK period, slowK type), slow %D = TA_MA(slow %K,
 * slowD period, slowD type), both from the common start. `tmp`: scratch of 4·n f64 (fast %K and `ma`'s).
 */
export function stoch(high: usize, low: usize, close: usize, slowK: usize, slowD: usize, n: i32, fastKPeriod: i32,
  slowKPeriod: i32, slowKMatype: i32, slowDPeriod: i32, slowDMatype: i32, tmp: usize): void {
  const lbK = fastKPeriod - 1;
  const lbKS = lbK + maLookback(slowKPeriod, slowKMatype);
  const lb = lbKS + maLookback(slowDPeriod, slowDMatype);
  if (n <= lb) { fillNaN(slowK, 0, n); fillNaN(slowD, 0, n); return; }
  const fastK = tmp;
  if (slowKMatype == 0 && slowDMatype == 0 && slowKPeriod > 1 && slowDPeriod > 1) {
    // The default SMA smoothings: one fused pass, bit-identical to the three below.
    stochSmaFused(high, low, close, fastK, slowK, slowD, n, fastKPeriod, slowKPeriod, slowDPeriod);
    fillNaN(slowK, 0, lb);
    fillNaN(slowD, 0, lb);
    return;
  }
  const maTmp = tmp + (<usize>n << 3);
  rangeScan(high, low, close, fastK, n, fastKPeriod, false);
  ma(fastK + (<usize>lbK << 3), slowK + (<usize>lbK << 3), n - lbK, slowKPeriod, slowKMatype, maTmp);
  ma(slowK + (<usize>lbKS << 3), slowD + (<usize>lbKS << 3), n - lbKS, slowDPeriod, slowDMatype, maTmp);
  fillNaN(slowK, 0, lb);
  fillNaN(slowD, 0, lb);
}

/** Lookback of STOCHRSI: RSI's period + STOCHF's lookback. */
export function stochrsiLookback(period: i32, fastKPeriod: i32, fastDPeriod: i32, fastDMatype: i32): i32 {
  return period + stochfLookback(fastKPeriod, fastDPeriod, fastDMatype);
}

/**
 * Stochastic RSI, equal to TA_STOCHRSI: TA_STOCHF with high = low = close = RSI(period). `tmp`: scratch of
 * 4·n f64 (the RSI and `ma`'s).
 */
export function stochrsi(src: usize, fastK: usize, fastD: usize, n: i32, period: i32, fastKPeriod: i32,
  fastDPeriod: i32, fastDMatype: i32, tmp: usize): void {
  const lb = stochrsiLookback(period, fastKPeriod, fastDPeriod, fastDMatype);
  if (n <= lb) { fillNaN(fastK, 0, n); fillNaN(fastD, 0, n); return; }
  const r = tmp;
  gainLoss(src, r, n, period, false);
  const off = <usize>period << 3;
  stochfCore(r + off, r + off, r + off, fastK + off, fastD + off, n - period, fastKPeriod, fastDPeriod, fastDMatype,
    tmp + (<usize>n << 3));
  fillNaN(fastK, 0, period);
  fillNaN(fastD, 0, period);
}
