// Internals shared by assembly/ma.ts and assembly/overlap.ts (NOT re-exported by assembly/index.ts, so none
// of this is ABI): TA-Lib's moving-average cores over n values at src (TA_X with startIdx 0), TA_MA with a start
// index (maAt), and MAMA over the Hilbert-transform machinery of ./hilbert-util. Floating-point operations follow
// TA-Lib 0.6's C source in the same order. Outputs are aligned with inputs, NaN in the warm-up.

import { htBegin, htI1, htQ1, htRad2Deg, htStep } from './hilbert-util';

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

export function nanFill(dst: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) st(dst, i, NaN);
}

// Cores: each computes TA_X(startIdx = 0 .. lookback, endIdx = n − 1) over n values at src.

export function smaCore(src: usize, dst: usize, n: i32, period: i32): void {
  const lb = period - 1;
  if (n <= lb) { nanFill(dst, 0, n); return; }
  nanFill(dst, 0, lb);
  let total: f64 = 0;
  for (let i = 0; i < lb; i++) total += ld(src, i);
  const p = <f64>period;
  for (let i = lb; i < n; i++) {
    total += ld(src, i);
    const t = total;
    total -= ld(src, i - lb);
    st(dst, i, t / p);
  }
}

/** TA_INT_EMA with ratio k: seeded with the mean of the first `period` values (default compatibility). */
export function emaCore(src: usize, dst: usize, n: i32, period: i32, k: f64): void {
  const lb = period - 1;
  if (n <= lb) { nanFill(dst, 0, n); return; }
  let seed: f64 = 0;
  for (let i = 0; i < period; i++) seed += ld(src, i);
  let prev = seed / <f64>period;
  nanFill(dst, 0, lb);
  st(dst, lb, prev);
  for (let i = period; i < n; i++) {
    prev = (ld(src, i) - prev) * k + prev;
    st(dst, i, prev);
  }
}

export function wmaCore(src: usize, dst: usize, n: i32, period: i32): void {
  const lb = period - 1;
  if (n <= lb) { nanFill(dst, 0, n); return; }
  nanFill(dst, 0, lb);
  const divider = <f64>((period * (period + 1)) >> 1);
  let periodSum: f64 = 0;
  let periodSub: f64 = 0;
  for (let i = 0; i < lb; i++) {
    const t = ld(src, i);
    periodSub += t;
    periodSum += t * <f64>(i + 1);
  }
  let trailingValue: f64 = 0;
  const p = <f64>period;
  for (let i = lb; i < n; i++) {
    const t = ld(src, i);
    periodSub += t;
    periodSub -= trailingValue;
    periodSum += t * p;
    trailingValue = ld(src, i - lb);
    st(dst, i, periodSum / divider);
    periodSum -= periodSub;
  }
}

/** DEMA = 2·EMA − EMA(EMA), computed in one streaming pass with TA_DEMA's operation order. */
export function demaCore(src: usize, dst: usize, n: i32, period: i32): void {
  const lb = period - 1;
  if (n <= 2 * lb) { nanFill(dst, 0, n); return; }
  nanFill(dst, 0, 2 * lb);
  const k = 2.0 / <f64>(period + 1);
  const p = <f64>period;
  let s1: f64 = 0;
  for (let i = 0; i < period; i++) s1 += ld(src, i);
  let e1 = s1 / p;
  // e1 is valid from lb; the second EMA is seeded with the mean of e1[lb .. 2·lb].
  let s2: f64 = e1;
  for (let i = period; i <= 2 * lb; i++) {
    e1 = (ld(src, i) - e1) * k + e1;
    s2 += e1;
  }
  let e2 = s2 / p;
  st(dst, 2 * lb, 2.0 * e1 - e2);
  for (let i = 2 * lb + 1; i < n; i++) {
    e1 = (ld(src, i) - e1) * k + e1;
    e2 = (e1 - e2) * k + e2;
    st(dst, i, 2.0 * e1 - e2);
  }
}

/** TEMA = 3·EMA − 3·EMA² + EMA³, streaming, with TA_TEMA's operation order. */
export function temaCore(src: usize, dst: usize, n: i32, period: i32): void {
  const lb = period - 1;
  if (n <= 3 * lb) { nanFill(dst, 0, n); return; }
  nanFill(dst, 0, 3 * lb);
  const k = 2.0 / <f64>(period + 1);
  const p = <f64>period;
  let s1: f64 = 0;
  for (let i = 0; i < period; i++) s1 += ld(src, i);
  let e1 = s1 / p;
  let s2: f64 = e1;
  for (let i = period; i <= 2 * lb; i++) {
    e1 = (ld(src, i) - e1) * k + e1;
    s2 += e1;
  }
  let e2 = s2 / p;
  let s3: f64 = e2;
  for (let i = 2 * lb + 1; i <= 3 * lb; i++) {
    e1 = (ld(src, i) - e1) * k + e1;
    e2 = (e1 - e2) * k + e2;
    s3 += e2;
  }
  let e3 = s3 / p;
  st(dst, 3 * lb, e3 + (3.0 * e1 - 3.0 * e2));
  for (let i = 3 * lb + 1; i < n; i++) {
    e1 = (ld(src, i) - e1) * k + e1;
    e2 = (e1 - e2) * k + e2;
    e3 = (e2 - e3) * k + e3;
    st(dst, i, e3 + (3.0 * e1 - 3.0 * e2));
  }
}

export function trimaCore(src: usize, dst: usize, n: i32, period: i32): void {
  const lb = period - 1;
  if (n <= lb) { nanFill(dst, 0, n); return; }
  nanFill(dst, 0, lb);
  const odd = (period & 1) == 1;
  const half = period >> 1;
  const factor = 1.0 / (odd ? <f64>((half + 1) * (half + 1)) : <f64>(half * (half + 1)));
  let trailingIdx = 0;
  let middleIdx = odd ? half : half - 1;
  let todayIdx = middleIdx + half;
  let numerator: f64 = 0;
  let numeratorSub: f64 = 0;
  for (let i = middleIdx; i >= trailingIdx; i--) {
    numeratorSub += ld(src, i);
    numerator += numeratorSub;
  }
  let numeratorAdd: f64 = 0;
  middleIdx++;
  for (let i = middleIdx; i <= todayIdx; i++) {
    numeratorAdd += ld(src, i);
    numerator += numeratorAdd;
  }
  let out = lb;
  let tempReal = ld(src, trailingIdx++);
  st(dst, out++, numerator * factor);
  todayIdx++;
  while (todayIdx < n) {
    numerator -= numeratorSub;
    numeratorSub -= tempReal;
    tempReal = ld(src, middleIdx++);
    numeratorSub += tempReal;
    if (odd) {
      numerator += numeratorAdd;
      numeratorAdd -= tempReal;
    } else {
      numeratorAdd -= tempReal;
      numerator += numeratorAdd;
    }
    tempReal = ld(src, todayIdx++);
    numeratorAdd += tempReal;
    numerator += tempReal;
    tempReal = ld(src, trailingIdx++);
    st(dst, out++, numerator * factor);
  }
}

// @ts-ignore: decorator
@inline
export function isZero(v: f64): bool {
  return -0.00000000000001 < v && v < 0.00000000000001;
}

export function kamaCore(src: usize, dst: usize, n: i32, period: i32): void {
  const lb = period;
  if (n <= lb) { nanFill(dst, 0, n); return; }
  nanFill(dst, 0, lb);
  const constMax: f64 = 2.0 / (30.0 + 1.0);
  const constDiff: f64 = 2.0 / (2.0 + 1.0) - constMax;
  let sumROC1: f64 = 0;
  let today = 0;
  let trailingIdx = 0;
  for (let i = 0; i < period; i++) {
    let t = ld(src, today++);
    t -= ld(src, today);
    sumROC1 += Math.abs(t);
  }
  let prevKAMA = ld(src, today - 1);
  let t = ld(src, today);
  let t2 = ld(src, trailingIdx++);
  let periodROC = t - t2;
  let trailingValue = t2;
  if (sumROC1 <= periodROC || isZero(sumROC1)) t = 1.0;
  else t = Math.abs(periodROC / sumROC1);
  t = t * constDiff + constMax;
  t *= t;
  prevKAMA = (ld(src, today++) - prevKAMA) * t + prevKAMA;
  st(dst, lb, prevKAMA);
  while (today < n) {
    t = ld(src, today);
    t2 = ld(src, trailingIdx++);
    periodROC = t - t2;
    sumROC1 -= Math.abs(trailingValue - t2);
    sumROC1 += Math.abs(t - ld(src, today - 1));
    trailingValue = t2;
    if (sumROC1 <= periodROC || isZero(sumROC1)) t = 1.0;
    else t = Math.abs(periodROC / sumROC1);
    t = t * constDiff + constMax;
    t *= t;
    prevKAMA = (ld(src, today) - prevKAMA) * t + prevKAMA;
    st(dst, today, prevKAMA);
    today++;
  }
}

export function t3Core(src: usize, dst: usize, n: i32, period: i32, vFactor: f64): void {
  const lb = 6 * (period - 1);
  if (n <= lb) { nanFill(dst, 0, n); return; }
  nanFill(dst, 0, lb);
  let today = 0;
  const p = <f64>period;
  const k: f64 = 2.0 / (p + 1.0);
  const omk: f64 = 1.0 - k;
  let t = ld(src, today++);
  for (let i = period - 1; i > 0; i--) t += ld(src, today++);
  let e1 = t / p;
  t = e1;
  for (let i = period - 1; i > 0; i--) {
    e1 = k * ld(src, today++) + omk * e1;
    t += e1;
  }
  let e2 = t / p;
  t = e2;
  for (let i = period - 1; i > 0; i--) {
    e1 = k * ld(src, today++) + omk * e1;
    e2 = k * e1 + omk * e2;
    t += e2;
  }
  let e3 = t / p;
  t = e3;
  for (let i = period - 1; i > 0; i--) {
    e1 = k * ld(src, today++) + omk * e1;
    e2 = k * e1 + omk * e2;
    e3 = k * e2 + omk * e3;
    t += e3;
  }
  let e4 = t / p;
  t = e4;
  for (let i = period - 1; i > 0; i--) {
    e1 = k * ld(src, today++) + omk * e1;
    e2 = k * e1 + omk * e2;
    e3 = k * e2 + omk * e3;
    e4 = k * e3 + omk * e4;
    t += e4;
  }
  let e5 = t / p;
  t = e5;
  for (let i = period - 1; i > 0; i--) {
    e1 = k * ld(src, today++) + omk * e1;
    e2 = k * e1 + omk * e2;
    e3 = k * e2 + omk * e3;
    e4 = k * e3 + omk * e4;
    e5 = k * e4 + omk * e5;
    t += e5;
  }
  let e6 = t / p;
  // TA-Lib's "skip the unstable period" loop runs while today <= startIdx; here today == lb + 1 already.
  const v2 = vFactor * vFactor;
  const c1 = -(v2 * vFactor);
  const c2 = 3.0 * (v2 - c1);
  const c3 = -6.0 * v2 - 3.0 * (vFactor - c1);
  const c4 = 1.0 + 3.0 * vFactor - c1 + 3.0 * v2;
  st(dst, lb, c1 * e6 + c2 * e5 + c3 * e4 + c4 * e3);
  while (today < n) {
    e1 = k * ld(src, today) + omk * e1;
    e2 = k * e1 + omk * e2;
    e3 = k * e2 + omk * e3;
    e4 = k * e3 + omk * e4;
    e5 = k * e4 + omk * e5;
    e6 = k * e5 + omk * e6;
    st(dst, today, c1 * e6 + c2 * e5 + c3 * e4 + c4 * e3);
    today++;
  }
}

/**
 * TA_MAMA over n values at src (lookback 32): MAMA into mamaDst, FAMA into famaDst. `base` is the index the
 * first value has in TA-Lib's own array, because TA-Lib picks the even/odd Hilbert branch by absolute index.
 * The Hilbert transform and period are hilbert-util's; only the phase-driven adaptive alpha lives here (it reads
 * the period machinery's Q1/I1 but never feeds it, so updating MAMA/FAMA after the period keeps TA-Lib's results).
 */
export function mamaCore(src: usize, mamaDst: usize, famaDst: usize, n: i32, fastLimit: f64, slowLimit: f64, base: i32): void {
  const lb = 32;
  if (n <= lb) { nanFill(mamaDst, 0, n); nanFill(famaDst, 0, n); return; }
  nanFill(mamaDst, 0, lb);
  nanFill(famaDst, 0, lb);
  let mama: f64 = 0.0, fama: f64 = 0.0;
  let prevPhase: f64 = 0.0;
  for (let today = htBegin(src, 9, true, base); today < n; today++) {
    htStep(today);
    const t2 = htI1 != 0.0 ? Math.atan(htQ1 / htI1) * htRad2Deg : 0.0;
    let tr = prevPhase - t2;
    prevPhase = t2;
    if (tr < 1.0) tr = 1.0;
    if (tr > 1.0) {
      tr = fastLimit / tr;
      if (tr < slowLimit) tr = slowLimit;
    } else {
      tr = fastLimit;
    }
    mama = tr * ld(src, today) + (1.0 - tr) * mama;
    tr *= 0.5;
    fama = tr * mama + (1.0 - tr) * fama;
    if (today >= lb) {
      st(mamaDst, today, mama);
      st(famaDst, today, fama);
    }
  }
}

/**
 * Lookback of TA_MA for `period` and `matype` (TA_MA_Lookback): 0 when period ≤ 1 (TA_MA then copies its
 * input), MAMA 32 whatever the period, T3 with its default vFactor 0.7; unknown types 0.
 */
export function maLookbackOf(period: i32, matype: i32): i32 {
  if (period <= 1) return 0;
  switch (matype) {
    case 0: case 1: case 2: case 5: return period - 1;
    case 3: return 2 * (period - 1);
    case 4: return 3 * (period - 1);
    case 6: return period;
    case 7: return 32;
    case 8: return 6 * (period - 1);
    default: return 0;
  }
}

/**
 * TA_MA(startIdx = start, endIdx = n − 1) over the n values at src, written aligned into dst (NaN before
 * max(start, lookback)). With start > lookback, TA-Lib starts the computation at start − lookback (an EMA is
 * then seeded there), which composite functions (MACDEXT, MAVP) rely on. `tmp` needs 2·n f64 (MAMA's FAMA and
 * the copy of src made when src == dst).
 */
export function maAt(src: usize, dst: usize, n: i32, start: i32, period: i32, matype: i32, tmp: usize): void {
  if (n <= 0) return;
  if (src == dst) {
    memory.copy(tmp + (<usize>n << 3), src, <usize>n << 3);
    src = tmp + (<usize>n << 3);
  }
  const lb = maLookbackOf(period, matype);
  const s = start > lb ? start : lb;
  if (s >= n) { nanFill(dst, 0, n); return; }
  if (period <= 1) {
    nanFill(dst, 0, s);
    memory.copy(dst + (<usize>s << 3), src + (<usize>s << 3), <usize>(n - s) << 3);
    return;
  }
  const off = s - lb;
  nanFill(dst, 0, off);
  const m = n - off;
  const sp = src + (<usize>off << 3);
  const dp = dst + (<usize>off << 3);
  switch (matype) {
    case 0: smaCore(sp, dp, m, period); break;
    case 1: emaCore(sp, dp, m, period, 2.0 / <f64>(period + 1)); break;
    case 2: wmaCore(sp, dp, m, period); break;
    case 3: demaCore(sp, dp, m, period); break;
    case 4: temaCore(sp, dp, m, period); break;
    case 5: trimaCore(sp, dp, m, period); break;
    case 6: kamaCore(sp, dp, m, period); break;
    case 7: mamaCore(sp, dp, tmp, m, 0.5, 0.05, off); break;
    case 8: t3Core(sp, dp, m, period, 0.7); break;
    default: nanFill(dp, 0, m);
  }
}
