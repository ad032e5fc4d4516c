// Plain-TS references for the momentum kernels (assembly/momentum.ts): each computes the indicator from its
// textbook definition with plain arrays and direct window scans (no running sums, no circular buffers), NaN in
// the warm-up rows, so the kernels' TA-Lib operation order is checked against an independent formulation
// (equal within 1e-9 relative). Zero guards are TA-Lib's (|x| < 1e-14 counts as zero).
import { emaRef } from '../reference';
import { maLookbackRef, maRef } from './overlap';

type Series = ArrayLike<number>;
const nans = (n: number) => new Float64Array(n).fill(NaN);
const isZero = (v: number) => Math.abs(v) < 1e-14;

/** Applies `f` to x[from..] and writes its result back aligned (NaN before `from`). */
function tail(x: Series, from: number, f: (y: Float64Array) => Float64Array): Float64Array {
  const out = nans(x.length);
  if (from >= x.length) return out;
  out.set(f(Float64Array.from(x).subarray(from)), from);
  return out;
}

/** Wilder's average of gains (up) and losses (down): means of the first `period` changes, then (a·(p−1) + x)/p. */
function wilderGainLoss(x: Series, period: number): { gain: Float64Array; loss: Float64Array } {
  const gain = nans(x.length);
  const loss = nans(x.length);
  if (x.length <= period) return { gain, loss };
  let g = 0;
  let l = 0;
  for (let i = 1; i <= period; i++) {
    const d = x[i] - x[i - 1];
    if (d < 0) l -= d;
    else g += d;
  }
  g /= period;
  l /= period;
  gain[period] = g;
  loss[period] = l;
  for (let i = period + 1; i < x.length; i++) {
    const d = x[i] - x[i - 1];
    g = (g * (period - 1) + Math.max(d, 0)) / period;
    l = (l * (period - 1) + Math.max(-d, 0)) / period;
    gain[i] = g;
    loss[i] = l;
  }
  return { gain, loss };
}

/** RSI: 100·gain/(gain + loss) with Wilder's averages; 0 where gain + loss is 0. */
export function rsiRef(x: Series, period: number): Float64Array {
  const { gain, loss } = wilderGainLoss(x, period);
  return gain.map((g, i) => (Number.isNaN(g) ? NaN : isZero(g + loss[i]) ? 0 : (100 * g) / (g + loss[i])));
}

/** CMO: 100·(gain − loss)/(gain + loss) with Wilder's averages; 0 where gain + loss is 0. */
export function cmoRef(x: Series, period: number): Float64Array {
  const { gain, loss } = wilderGainLoss(x, period);
  return gain.map((g, i) => (Number.isNaN(g) ? NaN : isZero(g + loss[i]) ? 0 : (100 * (g - loss[i])) / (g + loss[i])));
}

/** MOM, ROC, ROCP, ROCR, ROCR100 of x[i] against x[i − period] (ratios 0 where x[i − period] is 0). */
export function changeRef(x: Series, period: number, kind: 'MOM' | 'ROC' | 'ROCP' | 'ROCR' | 'ROCR100'): Float64Array {
  const out = nans(x.length);
  for (let i = period; i < x.length; i++) {
    const a = x[i - period];
    const b = x[i];
    if (kind === 'MOM') out[i] = b - a;
    else if (a === 0) out[i] = 0;
    else out[i] = kind === 'ROC' ? (b / a - 1) * 100 : kind === 'ROCP' ? (b - a) / a : kind === 'ROCR' ? b / a : (b / a) * 100;
  }
  return out;
}

const windowMax = (s: Series, from: number, to: number) => { let m = -Infinity; for (let j = from; j <= to; j++) m = Math.max(m, s[j]); return m; };
const windowMin = (s: Series, from: number, to: number) => { let m = Infinity; for (let j = from; j <= to; j++) m = Math.min(m, s[j]); return m; };

/** Williams' %R: −100·(highest high − close)/(highest high − lowest low) over `period` bars; 0 for a zero range. */
export function willrRef(h: Series, l: Series, c: Series, period: number): Float64Array {
  const out = nans(c.length);
  for (let i = period - 1; i < c.length; i++) {
    const hh = windowMax(h, i - period + 1, i);
    const ll = windowMin(l, i - period + 1, i);
    out[i] = hh === ll ? 0 : (-100 * (hh - c[i])) / (hh - ll);
  }
  return out;
}

/** Fast stochastic %K: 100·(close − lowest low)/(highest high − lowest low) over `period` bars; 0 for a zero range. */
export function fastKRef(h: Series, l: Series, c: Series, period: number): Float64Array {
  const out = nans(c.length);
  for (let i = period - 1; i < c.length; i++) {
    const hh = windowMax(h, i - period + 1, i);
    const ll = windowMin(l, i - period + 1, i);
    out[i] = hh === ll ? 0 : (100 * (c[i] - ll)) / (hh - ll);
  }
  return out;
}

/** CCI: (tp − SMA(tp))/(0.015·mean |tp − SMA(tp)|) over `period` bars, tp = (h + l + c)/3; 0 if either is 0. */
export function cciRef(h: Series, l: Series, c: Series, period: number): Float64Array {
  const tp = Float64Array.from(c, (v, i) => (h[i] + l[i] + v) / 3);
  const out = nans(c.length);
  for (let i = period - 1; i < c.length; i++) {
    const w = tp.subarray(i - period + 1, i + 1);
    const mean = w.reduce((a, b) => a + b, 0) / period;
    const dev = w.reduce((a, b) => a + Math.abs(b - mean), 0) / period;
    const d = tp[i] - mean;
    out[i] = d === 0 || dev === 0 ? 0 : d / (0.015 * dev);
  }
  return out;
}

/** Balance of power: (close − open)/(high − low); 0 where high − low < 1e-14. */
export function bopRef(o: Series, h: Series, l: Series, c: Series): Float64Array {
  return Float64Array.from(c, (v, i) => (h[i] - l[i] < 1e-14 ? 0 : (v - o[i]) / (h[i] - l[i])));
}

/** Aroon over the last period + 1 bars: 100·(period − bars since the extreme)/period, ties to the latest bar. */
export function aroonRef(h: Series, l: Series, period: number): { down: Float64Array; up: Float64Array; osc: Float64Array } {
  const n = h.length;
  const down = nans(n);
  const up = nans(n);
  const osc = nans(n);
  for (let i = period; i < n; i++) {
    let hi = i - period;
    let lo = i - period;
    for (let j = i - period; j <= i; j++) {
      if (h[j] >= h[hi]) hi = j;
      if (l[j] <= l[lo]) lo = j;
    }
    up[i] = (100 * (period - (i - hi))) / period;
    down[i] = (100 * (period - (i - lo))) / period;
    osc[i] = (100 * (hi - lo)) / period;
  }
  return { down, up, osc };
}

/** Raw one-bar +DM, −DM (Wilder's rule: only the larger positive move counts) and true range, from bar 1. */
function rawDirectional(h: Series, l: Series, c: Series) {
  const n = h.length;
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const tr = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const up = h[i] - h[i - 1];
    const dn = l[i - 1] - l[i];
    plus[i] = up > 0 && up > dn ? up : 0;
    minus[i] = dn > 0 && dn > up ? dn : 0;
    tr[i] = Math.max(h[i] - l[i], Math.abs(h[i] - c[i - 1]), Math.abs(l[i] - c[i - 1]));
  }
  return { plus, minus, tr };
}

/** Wilder's running sum: s[p−1] = Σ x[1..p−1], then s ← s − s/p + x (period 1: x itself, from bar 1). */
function wilderSum(x: Float64Array, period: number): Float64Array {
  const out = nans(x.length);
  if (period === 1) { for (let i = 1; i < x.length; i++) out[i] = x[i]; return out; }
  if (x.length < period) return out;
  let s = 0;
  for (let i = 1; i < period; i++) s += x[i];
  out[period - 1] = s;
  for (let i = period; i < x.length; i++) out[i] = s = s - s / period + x[i];
  return out;
}

/** −DM (minus) or +DM smoothed with Wilder's running sum over `period`. */
export function dmRef(h: Series, l: Series, period: number, minus: boolean): Float64Array {
  const r = rawDirectional(h, l, h);
  return wilderSum(minus ? r.minus : r.plus, period);
}

/** −DI (minus) or +DI: 100·smoothed DM/smoothed true range (from bar `period`); period 1: DM/TR of the bar. */
export function diRef(h: Series, l: Series, c: Series, period: number, minus: boolean): Float64Array {
  const r = rawDirectional(h, l, c);
  const dm = wilderSum(minus ? r.minus : r.plus, period);
  const tr = wilderSum(r.tr, period);
  const out = nans(c.length);
  const scale = period === 1 ? 1 : 100;
  for (let i = Math.max(period, 1); i < c.length; i++) out[i] = isZero(tr[i]) ? 0 : (scale * dm[i]) / tr[i];
  return out;
}

/** DX per bar from bar `period` (NaN where undefined: zero true range or zero DI sum). */
function rawDx(h: Series, l: Series, c: Series, period: number): Float64Array {
  const mdi = diRef(h, l, c, period, true);
  const pdi = diRef(h, l, c, period, false);
  const r = rawDirectional(h, l, c);
  const tr = wilderSum(r.tr, period);
  return mdi.map((m, i) => (i < period || isZero(tr[i]) || isZero(m + pdi[i]) ? NaN : (100 * Math.abs(m - pdi[i])) / (m + pdi[i])));
}

/** DX: 100·|−DI − +DI|/(−DI + +DI); where undefined, the previous DX (0 at the start). */
export function dxRef(h: Series, l: Series, c: Series, period: number): Float64Array {
  const raw = rawDx(h, l, c, period);
  const out = nans(c.length);
  let prev = 0;
  for (let i = period; i < c.length; i++) out[i] = prev = Number.isNaN(raw[i]) ? prev : raw[i];
  return out;
}

/** ADX: mean of the DX values of bars period..2·period−1 (undefined ones count 0), then (ADX·(p−1) + DX)/p. */
export function adxRef(h: Series, l: Series, c: Series, period: number): Float64Array {
  const raw = rawDx(h, l, c, period);
  const out = nans(c.length);
  const lb = 2 * period - 1;
  if (c.length <= lb) return out;
  let s = 0;
  for (let i = period; i <= lb; i++) if (!Number.isNaN(raw[i])) s += raw[i];
  let a = s / period;
  out[lb] = a;
  for (let i = lb + 1; i < c.length; i++) {
    if (!Number.isNaN(raw[i])) a = (a * (period - 1) + raw[i]) / period;
    out[i] = a;
  }
  return out;
}

/** ADXR: (ADX[i] + ADX[i − (period − 1)])/2. */
export function adxrRef(h: Series, l: Series, c: Series, period: number): Float64Array {
  const a = adxRef(h, l, c, period);
  const out = nans(c.length);
  for (let i = 3 * period - 2; i < c.length; i++) out[i] = (a[i] + a[i - period + 1]) / 2;
  return out;
}

/** TRIX: 1-bar percent change of EMA(EMA(EMA(x))) (each EMA over the previous one's valid part); 0 after a 0. */
export function trixRef(x: Series, period: number): Float64Array {
  const e1 = emaRef(x, period);
  const e2 = tail(e1, period - 1, (y) => emaRef(y, period));
  const e3 = tail(e2, 2 * (period - 1), (y) => emaRef(y, period));
  const out = nans(x.length);
  for (let i = 3 * (period - 1) + 1; i < x.length; i++) out[i] = e3[i - 1] === 0 ? 0 : (e3[i] / e3[i - 1] - 1) * 100;
  return out;
}

/** Ultimate oscillator: 100·(4·A/B(short) + 2·A/B(mid) + A/B(long))/7, A = Σ(close − true low), B = Σ true range. */
export function ultoscRef(h: Series, l: Series, c: Series, p1: number, p2: number, p3: number): Float64Array {
  const [a, b, d] = [p1, p2, p3].sort((x, y) => x - y);
  const out = nans(c.length);
  const ratio = (i: number, p: number) => {
    let num = 0;
    let den = 0;
    for (let j = i - p + 1; j <= i; j++) {
      num += c[j] - Math.min(l[j], c[j - 1]);
      den += Math.max(h[j] - l[j], Math.abs(c[j - 1] - h[j]), Math.abs(c[j - 1] - l[j]));
    }
    return isZero(den) ? 0 : num / den;
  };
  for (let i = d; i < c.length; i++) out[i] = (100 * (4 * ratio(i, a) + 2 * ratio(i, b) + ratio(i, d))) / 7;
  return out;
}

/** Money flow index: 100·P/(P + N) over `period` bars of typical price × volume by the sign of tp's change; 0 if P + N < 1. */
export function mfiRef(h: Series, l: Series, c: Series, v: Series, period: number): Float64Array {
  const tp = Float64Array.from(c, (x, i) => (h[i] + l[i] + x) / 3);
  const out = nans(c.length);
  for (let i = period; i < c.length; i++) {
    let pos = 0;
    let neg = 0;
    for (let j = i - period + 1; j <= i; j++) {
      if (tp[j] > tp[j - 1]) pos += tp[j] * v[j];
      else if (tp[j] < tp[j - 1]) neg += tp[j] * v[j];
    }
    out[i] = pos + neg < 1 ? 0 : (100 * pos) / (pos + neg);
  }
  return out;
}

/** TA_MA of x's valid part from `from` on (the MA starts there), aligned. */
const maFrom = (x: Float64Array, from: number, period: number, matype: number) => tail(x, from, (y) => maRef(y, period, matype));

/** Slow stochastic: slowK = MA(fast %K), slowD = MA(slowK), both NaN before the common start. */
export function stochRef(h: Series, l: Series, c: Series, fastK: number, slowK: number, slowKType: number, slowD: number,
  slowDType: number): { slowk: Float64Array; slowd: Float64Array } {
  const k = fastKRef(h, l, c, fastK);
  const sk = maFrom(k, fastK - 1, slowK, slowKType);
  const skStart = fastK - 1 + maLookbackRef(slowK, slowKType);
  const sd = maFrom(sk, skStart, slowD, slowDType);
  const start = skStart + maLookbackRef(slowD, slowDType);
  return { slowk: sk.map((x, i) => (i < start ? NaN : x)), slowd: sd };
}

/** Fast stochastic: fastK = %K, fastD = MA(%K), both NaN before fastD's start. */
export function stochfRef(h: Series, l: Series, c: Series, fastK: number, fastD: number, fastDType: number) {
  const k = fastKRef(h, l, c, fastK);
  const d = maFrom(k, fastK - 1, fastD, fastDType);
  const start = fastK - 1 + maLookbackRef(fastD, fastDType);
  return { fastk: k.map((x, i) => (i < start ? NaN : x)), fastd: d };
}

/** Stochastic RSI: the fast stochastic of RSI(period) with high = low = close = RSI. */
export function stochrsiRef(x: Series, period: number, fastK: number, fastD: number, fastDType: number) {
  const r = rsiRef(x, period);
  const n = x.length;
  const sub = r.subarray(Math.min(period, n));
  const f = stochfRef(sub, sub, sub, fastK, fastD, fastDType);
  const fastk = nans(n);
  const fastd = nans(n);
  fastk.set(f.fastk, Math.min(period, n));
  fastd.set(f.fastd, Math.min(period, n));
  return { fastk, fastd };
}
