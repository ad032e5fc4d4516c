// Plain-TS references for the overlap-study and MA-type kernels (assembly/ma.ts, assembly/overlap.ts): each
// computes the function from its textbook definition with plain arrays, NaN in the warm-up rows, so the
// kernels' TA-Lib running-sum order is checked against an independent formulation (equal within 1e-9 relative).
import { emaRef, smaRef } from '../reference';

type Series = ArrayLike<number>;
const nans = (n: number) => new Float64Array(n).fill(NaN);

/** TA_MA_Lookback for `period` and TA_MAType `matype` (0 when period ≤ 1). */
export function maLookbackRef(period: number, matype: number): number {
  if (period <= 1) return 0;
  return [period - 1, period - 1, period - 1, 2 * (period - 1), 3 * (period - 1), period - 1, period, 32, 6 * (period - 1)][matype];
}

/** Applies `f` to the part of x from `from` on and writes its result back aligned (NaN before `from`). */
function tail(x: Series, from: number, f: (y: Float64Array) => Float64Array): Float64Array {
  const out = nans(x.length);
  if (from >= x.length) return out;
  out.set(f(Float64Array.from(x).subarray(from)), from);
  return out;
}

/** WMA: Σ w·x over the window with weights 1..period (newest heaviest) / (period·(period+1)/2). */
export function wmaRef(x: Series, period: number): Float64Array {
  const out = nans(x.length);
  const div = (period * (period + 1)) / 2;
  for (let i = period - 1; i < x.length; i++) {
    let s = 0;
    for (let w = 1; w <= period; w++) s += w * x[i - period + w];
    out[i] = s / div;
  }
  return out;
}

/** An EMA of an EMA's valid part (each level seeded with the SMA of its first `period` values). */
function emaOf(e: Float64Array, period: number, from: number): Float64Array {
  return tail(e, from, (y) => emaRef(y, period));
}

/** DEMA = 2·EMA − EMA(EMA). */
export function demaRef(x: Series, period: number): Float64Array {
  const e1 = emaRef(x, period);
  const e2 = emaOf(e1, period, period - 1);
  return e2.map((v, i) => 2 * e1[i] - v);
}

/** TEMA = 3·EMA − 3·EMA(EMA) + EMA(EMA(EMA)). */
export function temaRef(x: Series, period: number): Float64Array {
  const e1 = emaRef(x, period);
  const e2 = emaOf(e1, period, period - 1);
  const e3 = emaOf(e2, period, 2 * (period - 1));
  return e3.map((v, i) => 3 * e1[i] - 3 * e2[i] + v);
}

/** TRIMA = SMA of an SMA: odd p → SMA((p+1)/2) twice; even p → SMA(p/2) then SMA(p/2 + 1). */
export function trimaRef(x: Series, period: number): Float64Array {
  const a = period % 2 ? (period + 1) / 2 : period / 2;
  const b = period % 2 ? a : a + 1;
  const s1 = smaRef(x, a);
  return tail(s1, a - 1, (y) => smaRef(y, b));
}

/** KAMA: efficiency ratio |x[i] − x[i−p]| / Σ|Δx| over p changes, sc = (ER·(2/3 − 2/31) + 2/31)², seeded with x[p−1]. */
export function kamaRef(x: Series, period: number): Float64Array {
  const out = nans(x.length);
  if (x.length <= period) return out;
  const fast = 2 / 3;
  const slow = 2 / 31;
  let k = x[period - 1];
  for (let i = period; i < x.length; i++) {
    let noise = 0;
    for (let j = i - period + 1; j <= i; j++) noise += Math.abs(x[j] - x[j - 1]);
    const change = x[i] - x[i - period];
    const er = noise <= change || Math.abs(noise) < 1e-14 ? 1 : Math.abs(change / noise);
    const sc = (er * (fast - slow) + slow) ** 2;
    k = k + sc * (x[i] - k);
    out[i] = k;
  }
  return out;
}

/** Tillson T3: six chained seeded EMAs e1..e6, c1·e6 + c2·e5 + c3·e4 + c4·e3 with volume factor v. */
export function t3Ref(x: Series, period: number, v: number): Float64Array {
  const e: Float64Array[] = [emaRef(x, period)];
  for (let l = 1; l < 6; l++) e.push(emaOf(e[l - 1], period, l * (period - 1)));
  const c1 = -v * v * v;
  const c2 = 3 * v * v + 3 * v * v * v;
  const c3 = -6 * v * v - 3 * v - 3 * v * v * v;
  const c4 = 1 + 3 * v + v * v * v + 3 * v * v;
  return e[5].map((e6, i) => c1 * e6 + c2 * e[4][i] + c3 * e[3][i] + c4 * e[2][i]);
}

/**
 * Ehlers' Hilbert-transform machinery as TA-Lib runs it: a 4-3-2-1 WMA smoother from bar 3, the transform
 * h(v)[i] = (0.0962·v[i] + 0.5769·v[i−2] − 0.5769·v[i−4] − 0.0962·v[i−6])·(0.075·period[i−1] + 0.54) from bar
 * `start` on (earlier terms 0), I1 = detrender delayed 3 bars. Calls `bar` once per bar with the values.
 * (TA-Lib's even/odd circular buffers compute exactly these lag-2/4/6 sums.)
 */
function hilbertBars(x: Series, start: number,
  bar: (i: number, s: { q1: number; i1: number; period: number; prevPeriod: number }) => void): void {
  const n = x.length;
  const sm = new Float64Array(n);
  const det = new Float64Array(n);
  const q1 = new Float64Array(n);
  const ji = new Float64Array(n);
  const jq = new Float64Array(n);
  const i1 = (i: number) => (i - 3 >= start ? det[i - 3] : 0);
  const h = (v: (j: number) => number, i: number, adj: number) => {
    const at = (j: number) => (j >= start ? v(j) : 0);
    return (0.0962 * at(i) + 0.5769 * at(i - 2) - 0.5769 * at(i - 4) - 0.0962 * at(i - 6)) * adj;
  };
  let period = 0, re = 0, im = 0, prevI2 = 0, prevQ2 = 0;
  for (let i = start; i < n; i++) {
    const adj = 0.075 * period + 0.54;
    sm[i] = (4 * x[i] + 3 * x[i - 1] + 2 * x[i - 2] + x[i - 3]) / 10;
    det[i] = h((j) => sm[j], i, adj);
    q1[i] = h((j) => det[j], i, adj);
    ji[i] = h(i1, i, adj);
    jq[i] = h((j) => q1[j], i, adj);
    const q2 = 0.2 * (q1[i] + ji[i]) + 0.8 * prevQ2;
    const i2 = 0.2 * (i1(i) - jq[i]) + 0.8 * prevI2;
    re = 0.2 * (i2 * prevI2 + q2 * prevQ2) + 0.8 * re;
    im = 0.2 * (i2 * prevQ2 - q2 * prevI2) + 0.8 * im;
    prevI2 = i2;
    prevQ2 = q2;
    const prevPeriod = period;
    let p = period;
    if (im !== 0 && re !== 0) p = 360 / ((Math.atan(im / re) * 180) / Math.PI);
    p = Math.min(p, 1.5 * prevPeriod);
    p = Math.max(p, 0.67 * prevPeriod);
    p = Math.min(Math.max(p, 6), 50);
    period = 0.2 * p + 0.8 * prevPeriod;
    bar(i, { q1: q1[i], i1: i1(i), period, prevPeriod });
  }
}

/** MESA adaptive moving average (Ehlers): alpha = fast/ΔPhase clamped to [slow, fast]; FAMA with alpha/2. */
export function mamaRef(x: Series, fastLimit: number, slowLimit: number): { mama: Float64Array; fama: Float64Array } {
  const mama = nans(x.length);
  const fama = nans(x.length);
  if (x.length <= 32) return { mama, fama };
  let m = 0, f = 0, prevPhase = 0;
  hilbertBars(x, 12, (i, s) => {
    const phase = s.i1 !== 0 ? (Math.atan(s.q1 / s.i1) * 180) / Math.PI : 0;
    const delta = Math.max(prevPhase - phase, 1);
    prevPhase = phase;
    const alpha = delta > 1 ? Math.max(fastLimit / delta, slowLimit) : fastLimit;
    m = alpha * x[i] + (1 - alpha) * m;
    f = (alpha / 2) * m + (1 - alpha / 2) * f;
    if (i >= 32) {
      mama[i] = m;
      fama[i] = f;
    }
  });
  return { mama, fama };
}

/** HT_TRENDLINE: mean of the last round(smoothed period) inputs, then (4·t + 3·t₋₁ + 2·t₋₂ + t₋₃)/10. */
export function htTrendlineRef(x: Series): Float64Array {
  const out = nans(x.length);
  if (x.length <= 63) return out;
  const trend: number[] = [0, 0, 0];
  let smooth = 0;
  hilbertBars(x, 37, (i, s) => {
    smooth = 0.33 * s.period + 0.67 * smooth;
    const len = Math.floor(smooth + 0.5);
    let sum = 0;
    for (let j = 0; j < len; j++) sum += x[i - j];
    const t = len > 0 ? sum / len : 0;
    if (i >= 63) out[i] = (4 * t + 3 * trend[0] + 2 * trend[1] + trend[2]) / 10;
    trend.unshift(t);
    trend.pop();
  });
  return out;
}

/**
 * TA_MA(startIdx = start) by definition: period 1 copies; otherwise the type's average computed on the
 * inputs from max(start, lookback) − lookback on (where TA-Lib starts it), NaN before max(start, lookback).
 */
export function maRef(x: Series, period: number, matype: number, start = 0): Float64Array {
  const lb = maLookbackRef(period, matype);
  const s = Math.max(start, lb);
  if (period <= 1) return tail(x, s, (y) => y.slice());
  const out = tail(x, s - lb, (y) => {
    switch (matype) {
      case 0: return smaRef(y, period);
      case 1: return emaRef(y, period);
      case 2: return wmaRef(y, period);
      case 3: return demaRef(y, period);
      case 4: return temaRef(y, period);
      case 5: return trimaRef(y, period);
      case 6: return kamaRef(y, period);
      case 7: return mamaRef(y, 0.5, 0.05).mama;
      default: return t3Ref(y, period, 0.7);
    }
  });
  return out;
}

/** Bollinger bands: middle = MA, sd = population standard deviation of the last `period` inputs (two-pass; 0 below 1e-14 variance). */
export function bbandsRef(x: Series, period: number, up: number, dn: number, matype: number) {
  const maLb = maLookbackRef(period, matype);
  const lb = Math.max(maLb, period - 1);
  const m = maRef(x, period, matype);
  const n = x.length;
  const upper = nans(n), middle = nans(n), lower = nans(n);
  for (let i = lb; i < n; i++) {
    let mean = 0;
    for (let j = i - period + 1; j <= i; j++) mean += x[j];
    mean /= period;
    let v = 0;
    for (let j = i - period + 1; j <= i; j++) v += (x[j] - mean) ** 2;
    // TA-Lib treats a variance below 1e-14 as zero.
    const sd = v / period < 1e-14 ? 0 : Math.sqrt(v / period);
    // TA-Lib pairs bar i's sd with the MA value (lb − maLb) bars earlier when the two lookbacks differ.
    const mid = m[i - (lb - maLb)];
    middle[i] = mid;
    upper[i] = mid + sd * up;
    lower[i] = mid - sd * dn;
  }
  return { upper, middle, lower };
}

/** (max + min)/2 of the last `period` values of hi and lo (MIDPOINT: hi = lo = x). */
export function midRef(hi: Series, lo: Series, period: number): Float64Array {
  const out = nans(hi.length);
  for (let i = period - 1; i < hi.length; i++) {
    let h = -Infinity, l = Infinity;
    for (let j = i - period + 1; j <= i; j++) {
      h = Math.max(h, hi[j]);
      l = Math.min(l, lo[j]);
    }
    out[i] = (h + l) / 2;
  }
  return out;
}

/** Options of the extended parabolic SAR (TA_SAREXT's optional inputs). */
export interface SarOptions {
  startValue: number;
  offsetOnReverse: number;
  initLong: number; stepLong: number; maxLong: number;
  initShort: number; stepShort: number; maxShort: number;
}

/**
 * Wilder's parabolic SAR as a state machine: the stop trails the extreme point by af·(ep − sar), never inside
 * the last two bars' range; a bar crossing the stop reverses (stop = ep, optional offset). `signed` writes short
 * stops negative (SAREXT). Initial trend: short when bar 1's −DM beats its +DM (unless startValue ≠ 0).
 */
export function sarRef(high: Series, low: Series, o: SarOptions, signed: boolean): Float64Array {
  const n = high.length;
  const out = nans(n);
  if (n < 2) return out;
  const maxL = o.maxLong, maxS = o.maxShort;
  const initL = Math.min(o.initLong, maxL), initS = Math.min(o.initShort, maxS);
  const stepL = Math.min(o.stepLong, maxL), stepS = Math.min(o.stepShort, maxS);
  const dmMinus = low[0] - low[1];
  let long = o.startValue === 0 ? !(dmMinus > 0 && high[1] - high[0] < dmMinus) : o.startValue > 0;
  let ep = long ? high[1] : low[1];
  let sar = o.startValue === 0 ? (long ? low[0] : high[0]) : Math.abs(o.startValue);
  let afL = initL, afS = initS;
  for (let i = 1; i < n; i++) {
    const ph = high[Math.max(i - 1, 1)], pl = low[Math.max(i - 1, 1)];
    if (long) {
      if (low[i] <= sar) {
        long = false;
        sar = Math.max(ep, ph, high[i]);
        sar += sar * o.offsetOnReverse;
        out[i] = signed ? -sar : sar;
        afS = initS;
        ep = low[i];
        sar = Math.max(sar + afS * (ep - sar), ph, high[i]);
      } else {
        out[i] = sar;
        if (high[i] > ep) { ep = high[i]; afL = Math.min(afL + stepL, maxL); }
        sar = Math.min(sar + afL * (ep - sar), pl, low[i]);
      }
    } else if (high[i] >= sar) {
      long = true;
      sar = Math.min(ep, pl, low[i]);
      sar -= sar * o.offsetOnReverse;
      out[i] = sar;
      afL = initL;
      ep = high[i];
      sar = Math.min(sar + afL * (ep - sar), pl, low[i]);
    } else {
      out[i] = signed ? -sar : sar;
      if (low[i] < ep) { ep = low[i]; afS = Math.min(afS + stepS, maxS); }
      sar = Math.max(sar + afS * (ep - sar), ph, high[i]);
    }
  }
  return out;
}

/** Per-bar MA with period clamp(trunc(periods[i])) (NaN → minPeriod), each MA started at the max-period lookback. */
export function mavpRef(x: Series, periods: Series, minP: number, maxP: number, matype: number): Float64Array {
  const lb = maLookbackRef(maxP, matype);
  const out = nans(x.length);
  const cache = new Map<number, Float64Array>();
  for (let i = lb; i < x.length; i++) {
    const t = Math.trunc(periods[i]);
    const p = Number.isFinite(t) && Math.abs(t) < 2 ** 31 ? Math.min(Math.max(t, minP), maxP) : minP;
    if (!cache.has(p)) cache.set(p, maRef(x, p, matype, lb));
    out[i] = (cache.get(p) as Float64Array)[i];
  }
  return out;
}

/** APO (percent = false) and PPO: fast MA − slow MA, or its ratio to the slow MA in percent (0 if |slow| < 1e-14). */
export function priceOscillatorRef(x: Series, fast: number, slow: number, matype: number, percent: boolean): Float64Array {
  const [f, s] = fast <= slow ? [fast, slow] : [slow, fast];
  const mf = maRef(x, f, matype);
  const ms = maRef(x, s, matype);
  return ms.map((v, i) => (percent ? (Math.abs(v) < 1e-14 ? 0 : ((mf[i] - v) / v) * 100) : mf[i] - v));
}

/** MACD lines from the fast and slow MAs (started where TA-Lib starts them) and a signal MA of their difference. */
function macdLines(fastMa: Float64Array, slowMa: Float64Array, from: number, signal: (d: Float64Array) => Float64Array, total: number) {
  const n = fastMa.length;
  const diff = fastMa.map((v, i) => v - slowMa[i]);
  const sig = tail(diff, from, signal);
  const macd = nans(n), sg = nans(n), hist = nans(n);
  for (let i = total; i < n; i++) {
    macd[i] = diff[i];
    sg[i] = sig[i];
    hist[i] = diff[i] - sig[i];
  }
  return { macd, signal: sg, hist };
}

/** EMA with ratio k seeded with the mean of `period` values ending at index `at`. */
function emaAt(x: Series, period: number, k: number, at: number): Float64Array {
  const out = nans(x.length);
  if (at >= x.length) return out;
  let e = 0;
  for (let j = at - period + 1; j <= at; j++) e += x[j];
  e /= period;
  out[at] = e;
  for (let i = at + 1; i < x.length; i++) out[i] = e = e + k * (x[i] - e);
  return out;
}

/** MACD (fixed = MACDFIX's k 0.15/0.075 for 12/26): both EMAs seeded at the slow lookback, signal = EMA(signal). */
export function macdRef(x: Series, fast: number, slow: number, signal: number, fixed = false) {
  const [f, s] = fast <= slow ? [fast, slow] : [slow, fast];
  const kf = fixed ? 0.15 : 2 / (f + 1);
  const ks = fixed ? 0.075 : 2 / (s + 1);
  return macdLines(emaAt(x, f, kf, s - 1), emaAt(x, s, ks, s - 1), s - 1, (d) => emaRef(d, signal), s + signal - 2);
}

/** MACDEXT: fast/slow TA_MA started at the larger lookback, signal TA_MA of the difference. */
export function macdextRef(x: Series, fast: number, fastType: number, slow: number, slowType: number, signal: number, signalType: number) {
  const [f, ft, s, st] = fast <= slow ? [fast, fastType, slow, slowType] : [slow, slowType, fast, fastType];
  const largest = Math.max(maLookbackRef(f, ft), maLookbackRef(s, st));
  const total = largest + maLookbackRef(signal, signalType);
  return macdLines(maRef(x, f, ft, largest), maRef(x, s, st, largest), largest, (d) => maRef(d, signal, signalType), total);
}
