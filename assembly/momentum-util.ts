// Internals shared by the momentum kernels (assembly/momentum.ts). NOT re-exported by assembly/index.ts: nothing
// here is part of the ABI. Operation order follows TA-Lib 0.6's C source so results stay bit-identical.

/** TA-Lib's TA_EPSILON (ta_utility.h): values strictly inside ±1e-14 count as zero. */
const EPSILON: f64 = 0.00000000000001;

// @ts-ignore: decorator
@inline
export function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
export function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** dst[from..to) = NaN (the warm-up slots). */
export function fillNaN(dst: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) store<f64>(dst + (<usize>i << 3), NaN);
}

/** TA_IS_ZERO: −1e-14 < v < 1e-14 (false for NaN). */
// @ts-ignore: decorator
@inline
export function isZero(v: f64): bool {
  return -EPSILON < v && v < EPSILON;
}

/** TA_IS_ZERO_OR_NEG: v < 1e-14 (false for NaN). */
// @ts-ignore: decorator
@inline
export function isZeroOrNeg(v: f64): bool {
  return v < EPSILON;
}

/** TA-Lib's TRUE_RANGE macro: max(th − tl, |th − yc|, |tl − yc|), compared in that order (NaN never wins). */
// @ts-ignore: decorator
@inline
export function trueRange(th: f64, tl: f64, yc: f64): f64 {
  let out = th - tl;
  let t = Math.abs(th - yc);
  if (t > out) out = t;
  t = Math.abs(tl - yc);
  if (t > out) out = t;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Wilder's directional movement state (TA_PLUS_DI/TA_MINUS_DI/TA_DX/TA_ADX): previous bar, smoothed +DM, −DM
// and true range. Module globals because one kernel runs at a time and AssemblyScript has no tuples.

export let wPrevHigh: f64 = 0;
export let wPrevLow: f64 = 0;
export let wPrevClose: f64 = 0;
export let wPlusDM: f64 = 0;
export let wMinusDM: f64 = 0;
export let wTR: f64 = 0;
/** The last bar's raw differences: +DM candidate (high − prev high) and −DM candidate (prev low − low). */
export let wDiffP: f64 = 0;
export let wDiffM: f64 = 0;

/** Reads bar `today`'s high/low into the state and sets wDiffP/wDiffM (TA-Lib's diffP/diffM). */
// @ts-ignore: decorator
@inline
export function dmDiffs(high: usize, low: usize, today: i32): void {
  let t = ld(high, today);
  wDiffP = t - wPrevHigh;
  wPrevHigh = t;
  t = ld(low, today);
  wDiffM = wPrevLow - t;
  wPrevLow = t;
}

/** TA-Lib's −DM test: the low fell, and by more than the high rose. */
// @ts-ignore: decorator
@inline
export function isMinusDM(): bool {
  return wDiffM > 0 && wDiffP < wDiffM;
}

/** TA-Lib's +DM test: the high rose, and by more than the low fell. */
// @ts-ignore: decorator
@inline
export function isPlusDM(): bool {
  return wDiffP > 0 && wDiffP > wDiffM;
}

/** Starts the state at bar i: previous high, low and close (close may be any series when unused). */
export function wilderStart(high: usize, low: usize, close: usize, i: i32): void {
  wPrevHigh = ld(high, i);
  wPrevLow = ld(low, i);
  wPrevClose = ld(close, i);
}

/**
 * The seeding of TA_DX/TA_ADX/TA_xx_DI (period > 1, unstable period 0): starts at bar 0 and sums raw −DM, +DM
 * and true range over bars 1..period − 1. The next bar to read is `period`.
 */
export function wilderSeed(high: usize, low: usize, close: usize, period: i32): void {
  wMinusDM = 0.0;
  wPlusDM = 0.0;
  wTR = 0.0;
  wilderStart(high, low, close, 0);
  for (let today = 1; today < period; today++) {
    dmDiffs(high, low, today);
    if (isMinusDM()) wMinusDM += wDiffM;
    else if (isPlusDM()) wPlusDM += wDiffP;
    wTR += trueRange(wPrevHigh, wPrevLow, wPrevClose);
    wPrevClose = ld(close, today);
  }
}

/**
 * TA_PLUS_DI/TA_MINUS_DI with period 1 at bar `today`: the bar's DM over its true range (0 when the DM test
 * fails or the range is within 1e-14 of 0); then today's close becomes the previous close.
 */
export function rawDI(high: usize, low: usize, close: usize, today: i32, minus: bool): f64 {
  dmDiffs(high, low, today);
  let v: f64 = 0.0;
  if (minus ? isMinusDM() : isPlusDM()) {
    const tr = trueRange(wPrevHigh, wPrevLow, wPrevClose);
    if (!isZero(tr)) v = (minus ? wDiffM : wDiffP) / tr;
  }
  wPrevClose = ld(close, today);
  return v;
}

/** One Wilder smoothing step at bar `today`: x ← x − x/period (+ today's DM or TR), TA_ADX's order. */
export function wilderStep(high: usize, low: usize, close: usize, today: i32, p: f64): void {
  dmDiffs(high, low, today);
  wMinusDM -= wMinusDM / p;
  wPlusDM -= wPlusDM / p;
  if (isMinusDM()) wMinusDM += wDiffM;
  else if (isPlusDM()) wPlusDM += wDiffP;
  wTR = wTR - (wTR / p) + trueRange(wPrevHigh, wPrevLow, wPrevClose);
  wPrevClose = ld(close, today);
}

// ---------------------------------------------------------------------------------------------------------

/**
 * The highest-high/lowest-low scan of TA_WILLR, TA_STOCH and TA_STOCHF (same comparisons and the same lazily
 * updated `diff`), for bars period − 1 .. n − 1 (n > period − 1). WILLR writes (highest − close)/((highest −
 * lowest)/−100); the fast %K writes (close − lowest)/((highest − lowest)/100); 0 where that range is 0.
 */
export function rangeScan(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32, willr: bool): void {
  const lb = period - 1;
  const scale: f64 = willr ? -100.0 : 100.0;
  let lowestIdx = -1;
  let highestIdx = -1;
  let diff: f64 = 0.0;
  let highest: f64 = 0.0;
  let lowest: f64 = 0.0;
  let trailingIdx = 0;
  for (let today = lb; today < n; today++) {
    let tmp = ld(low, today);
    if (lowestIdx < trailingIdx) {
      lowestIdx = trailingIdx;
      lowest = ld(low, lowestIdx);
      for (let i = lowestIdx + 1; i <= today; i++) {
        tmp = ld(low, i);
        if (tmp < lowest) {
          lowestIdx = i;
          lowest = tmp;
        }
      }
      diff = (highest - lowest) / scale;
    } else if (tmp <= lowest) {
      lowestIdx = today;
      lowest = tmp;
      diff = (highest - lowest) / scale;
    }
    tmp = ld(high, today);
    if (highestIdx < trailingIdx) {
      highestIdx = trailingIdx;
      highest = ld(high, highestIdx);
      for (let i = highestIdx + 1; i <= today; i++) {
        tmp = ld(high, i);
        if (tmp > highest) {
          highestIdx = i;
          highest = tmp;
        }
      }
      diff = (highest - lowest) / scale;
    } else if (tmp >= highest) {
      highestIdx = today;
      highest = tmp;
      diff = (highest - lowest) / scale;
    }
    if (diff != 0.0) st(dst, today, willr ? (highest - ld(close, today)) / diff : (ld(close, today) - lowest) / diff);
    else st(dst, today, 0.0);
    trailingIdx++;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Kernel bodies shared by several exported kernels (see their TSDoc in assembly/momentum.ts).

/** TA_RSI/TA_CMO: smoothed average gain and loss seeded with plain means over bars 1..period. */
export function gainLoss(src: usize, dst: usize, n: i32, period: i32, cmo: bool): void {
  if (n <= period) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, period);
  if (period == 1) {
    // TA-Lib copies its input for period 1.
    for (let i = 1; i < n; i++) st(dst, i, ld(src, i));
    return;
  }
  const p = <f64>period;
  const p1 = <f64>(period - 1);
  let prevValue = ld(src, 0);
  let prevGain: f64 = 0.0;
  let prevLoss: f64 = 0.0;
  for (let today = 1; today <= period; today++) {
    const t1 = ld(src, today);
    const t2 = t1 - prevValue;
    prevValue = t1;
    if (t2 < 0) prevLoss -= t2;
    else prevGain += t2;
  }
  prevLoss /= p;
  prevGain /= p;
  st(dst, period, gainLossValue(prevGain, prevLoss, cmo));
  // Both Wilder recurrences in one f64x2 [gain, loss], branch-free: lane 0 adds the change unless it is < 0
  // (a NaN change is added, as TA-Lib's else-branch does), lane 1 adds −change when it is < 0, the other lane
  // adds +0. Bit-identical to TA-Lib's branches: x·(period−1) is never −0 here, so x·(period−1) + 0 equals it,
  // and loss − t equals loss + (−t) in IEEE 754. Random-walk signs defeat the branch predictor otherwise.
  let gl = f64x2(prevGain, prevLoss);
  const p1v = f64x2.splat(p1);
  const pv = f64x2.splat(p);
  const zero = f64x2.splat(0.0);
  const flipLoss = f64x2(0.0, -0.0);
  const keepGain = i64x2(-1, 0);
  for (let today = period + 1; today < n; today++) {
    const t1 = ld(src, today);
    const d = f64x2.splat(t1 - prevValue);
    prevValue = t1;
    const add = v128.and(v128.xor(d, flipLoss), v128.xor(f64x2.lt(d, zero), keepGain));
    gl = f64x2.div(f64x2.add(f64x2.mul(gl, p1v), add), pv);
    st(dst, today, gainLossValue(f64x2.extract_lane(gl, 0), f64x2.extract_lane(gl, 1), cmo));
  }
}

/** TA_RSI's 100·g/(g + l) or TA_CMO's 100·(g − l)/(g + l); 0 where g + l is within 1e-14 of 0. */
// @ts-ignore: decorator
@inline
function gainLossValue(gain: f64, loss: f64, cmo: bool): f64 {
  const sum = gain + loss;
  if (isZero(sum)) return 0.0;
  return cmo ? 100.0 * ((gain - loss) / sum) : 100.0 * (gain / sum);
}

/** The shared loop of TA_MOM/ROC/ROCP/ROCR/ROCR100; kind 0 MOM, 1 ROC, 2 ROCP, 3 ROCR, 4 ROCR100. */
export function change(src: usize, dst: usize, n: i32, period: i32, kind: i32): void {
  if (n <= period) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, period);
  for (let i = period; i < n; i++) {
    const prev = ld(src, i - period);
    const x = ld(src, i);
    let v: f64;
    if (kind == 0) v = x - prev;
    else if (prev != 0.0) {
      if (kind == 1) v = ((x / prev) - 1.0) * 100.0;
      else if (kind == 2) v = (x - prev) / prev;
      else if (kind == 3) v = x / prev;
      else v = (x / prev) * 100.0;
    } else v = 0.0;
    st(dst, i, v);
  }
}

/** The AROON scan: window [today − period, today], ties go to the latest bar; osc writes up − down only. */
export function aroonCore(high: usize, low: usize, down: usize, up: usize, n: i32, period: i32, osc: bool): void {
  const factor: f64 = 100.0 / <f64>period;
  let lowestIdx = -1;
  let highestIdx = -1;
  let lowest: f64 = 0.0;
  let highest: f64 = 0.0;
  let trailingIdx = 0;
  for (let today = period; today < n; today++) {
    let tmp = ld(low, today);
    if (lowestIdx < trailingIdx) {
      lowestIdx = trailingIdx;
      lowest = ld(low, lowestIdx);
      for (let i = lowestIdx + 1; i <= today; i++) {
        tmp = ld(low, i);
        if (tmp <= lowest) {
          lowestIdx = i;
          lowest = tmp;
        }
      }
    } else if (tmp <= lowest) {
      lowestIdx = today;
      lowest = tmp;
    }
    tmp = ld(high, today);
    if (highestIdx < trailingIdx) {
      highestIdx = trailingIdx;
      highest = ld(high, highestIdx);
      for (let i = highestIdx + 1; i <= today; i++) {
        tmp = ld(high, i);
        if (tmp >= highest) {
          highestIdx = i;
          highest = tmp;
        }
      }
    } else if (tmp >= highest) {
      highestIdx = today;
      highest = tmp;
    }
    if (osc) {
      st(up, today, factor * <f64>(highestIdx - lowestIdx));
    } else {
      st(up, today, factor * <f64>(period - (today - highestIdx)));
      st(down, today, factor * <f64>(period - (today - lowestIdx)));
    }
    trailingIdx++;
  }
}

/**
 * TA_MINUS_DM (minus) / TA_PLUS_DM: period 1 writes each bar's raw DM from bar 1; otherwise the plain sum of
 * bars 1..period − 1 at bar period − 1, then x ← x − x/period (+ the bar's DM).
 */
export function dmCore(high: usize, low: usize, dst: usize, n: i32, period: i32, minus: bool): void {
  const lb = period > 1 ? period - 1 : 1;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  // dmDiffs keeps the previous high/low in the shared Wilder state.
  let prevDM: f64 = 0.0;
  let today = 0;
  wilderStart(high, low, high, 0);
  if (period <= 1) {
    while (today < n - 1) {
      today++;
      dmDiffs(high, low, today);
      st(dst, today, minus ? (isMinusDM() ? wDiffM : 0.0) : (isPlusDM() ? wDiffP : 0.0));
    }
    return;
  }
  const p = <f64>period;
  for (let i = period - 1; i > 0; i--) {
    today++;
    dmDiffs(high, low, today);
    if (minus ? isMinusDM() : isPlusDM()) prevDM += minus ? wDiffM : wDiffP;
  }
  st(dst, today, prevDM);
  while (today < n - 1) {
    today++;
    dmDiffs(high, low, today);
    if (minus ? isMinusDM() : isPlusDM()) prevDM = prevDM - (prevDM / p) + (minus ? wDiffM : wDiffP);
    else prevDM = prevDM - (prevDM / p);
    st(dst, today, prevDM);
  }
}

/**
 * TA_MINUS_DI (minus) / TA_PLUS_DI: 100·smoothed DM/smoothed true range from bar `period` (TA_ADX's seeding and
 * smoothing); period 1 writes each bar's DM/true range as a fraction, as TA-Lib does.
 */
export function diCore(high: usize, low: usize, close: usize, dst: usize, n: i32, period: i32, minus: bool): void {
  const lb = period > 1 ? period : 1;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  if (period <= 1) {
    wilderStart(high, low, close, 0);
    for (let today = 1; today < n; today++) st(dst, today, rawDI(high, low, close, today, minus));
    return;
  }
  const p = <f64>period;
  wilderSeed(high, low, close, period);
  for (let today = period; today < n; today++) {
    wilderStep(high, low, close, today, p);
    st(dst, today, !isZero(wTR) ? 100.0 * ((minus ? wMinusDM : wPlusDM) / wTR) : 0.0);
  }
}

/** Whether the last dxValue was defined (TA-Lib's two TA_IS_ZERO guards passed; a NaN passes them). */
export let dxDefined = false;

/** 100·|−DI − +DI|/(−DI + +DI) from the current Wilder state, or `fallback` where TA-Lib skips (zero sums). */
export function dxValue(fallback: f64): f64 {
  dxDefined = false;
  if (isZero(wTR)) return fallback;
  const minusDI = 100.0 * (wMinusDM / wTR);
  const plusDI = 100.0 * (wPlusDM / wTR);
  const sum = minusDI + plusDI;
  if (isZero(sum)) return fallback;
  dxDefined = true;
  return 100.0 * (Math.abs(minusDI - plusDI) / sum);
}
