// Streaming states of Wilder's directional movement (±DM, ±DI, DX, ADX, ADXR) as assembly/momentum-util.ts
// computes them, and of the Math Operators/Transforms window scans and maps (src/engine/indicators/math.ts).
// Same floating-point operations in the same order, so each bar's value equals the batch value bit for bit.
import type { ParamValues } from '../indicators/types';
import type { Spec } from './bars';
import { ago, isZero, push, type Ring, ring } from './state';

interface WS {
  i: number; ph: number; pl: number; pc: number; pdm: number; mdm: number; tr: number; dp: number; dm: number;
  dx: number; sumDX: number; adx: number; adxr: Ring;
}

function wInit(period: number): WS {
  return { i: 0, ph: 0, pl: 0, pc: 0, pdm: 0, mdm: 0, tr: 0, dp: 0, dm: 0, dx: 0, sumDX: 0, adx: 0, adxr: ring(period) };
}

function trueRange(th: number, tl: number, yc: number): number {
  let out = th - tl;
  let t = Math.abs(th - yc);
  if (t > out) out = t;
  t = Math.abs(tl - yc);
  if (t > out) out = t;
  return out;
}

const isMinus = (s: WS) => s.dm > 0 && s.dp < s.dm;
const isPlus = (s: WS) => s.dp > 0 && s.dp > s.dm;

/** dmDiffs: today's +DM and −DM candidates; today's high/low become the previous ones. */
function diffs(s: WS, h: number, l: number): void {
  s.dp = h - s.ph;
  s.ph = h;
  s.dm = s.pl - l;
  s.pl = l;
}

/**
 * Advances the Wilder sums by one bar (wilderSeed for bars 1..period − 1, wilderStep after); returns whether the
 * smoothed values are defined at this bar (bar ≥ period).
 */
function wilder(s: WS, period: number, h: number, l: number, c: number): boolean {
  const i = s.i++;
  if (i === 0) {
    s.ph = h;
    s.pl = l;
    s.pc = c;
    return false;
  }
  diffs(s, h, l);
  if (i < period) {
    if (isMinus(s)) s.mdm += s.dm;
    else if (isPlus(s)) s.pdm += s.dp;
    s.tr += trueRange(s.ph, s.pl, s.pc);
    s.pc = c;
    return false;
  }
  s.mdm -= s.mdm / period;
  s.pdm -= s.pdm / period;
  if (isMinus(s)) s.mdm += s.dm;
  else if (isPlus(s)) s.pdm += s.dp;
  s.tr = s.tr - s.tr / period + trueRange(s.ph, s.pl, s.pc);
  s.pc = c;
  return true;
}

/** dxValue: 100·|−DI − +DI|/(−DI + +DI), or undefined (null) where TA-Lib's zero guards skip the bar. */
function dxOf(s: WS): number | null {
  if (isZero(s.tr)) return null;
  const minusDI = 100.0 * (s.mdm / s.tr);
  const plusDI = 100.0 * (s.pdm / s.tr);
  const sum = minusDI + plusDI;
  if (isZero(sum)) return null;
  return 100.0 * (Math.abs(minusDI - plusDI) / sum);
}

/** PLUS_DM / MINUS_DM as dmCore: sum of bars 1..period − 1, then x − x/period (+ the bar's DM); period 1 raw. */
function dmSpec(period: number, minus: boolean): Spec<WS> {
  const lb = period > 1 ? period - 1 : 1;
  return {
    lb,
    init: () => wInit(1),
    update(s, [h, l]) {
      const i = s.i++;
      if (i === 0) {
        s.ph = h;
        s.pl = l;
        return [NaN];
      }
      diffs(s, h, l);
      const hit = minus ? isMinus(s) : isPlus(s);
      const d = minus ? s.dm : s.dp;
      if (period <= 1) return [hit ? d : 0.0];
      if (i <= lb) {
        if (hit) s.pdm += d;
        return [i < lb ? NaN : s.pdm];
      }
      s.pdm = hit ? s.pdm - s.pdm / period + d : s.pdm - s.pdm / period;
      return [s.pdm];
    },
  };
}

/** PLUS_DI / MINUS_DI as diCore: 100·smoothed DM/smoothed TR from bar `period`; period 1 the raw fraction. */
function diSpec(period: number, minus: boolean): Spec<WS> {
  return {
    lb: Math.max(period, 1),
    init: () => wInit(1),
    update(s, [h, l, c]) {
      if (period <= 1) {
        const i = s.i++;
        if (i === 0) {
          s.ph = h;
          s.pl = l;
          s.pc = c;
          return [NaN];
        }
        diffs(s, h, l);
        let v = 0.0;
        if (minus ? isMinus(s) : isPlus(s)) {
          const tr = trueRange(s.ph, s.pl, s.pc);
          if (!isZero(tr)) v = (minus ? s.dm : s.dp) / tr;
        }
        s.pc = c;
        return [v];
      }
      if (!wilder(s, period, h, l, c)) return [NaN];
      return [!isZero(s.tr) ? 100.0 * ((minus ? s.mdm : s.pdm) / s.tr) : 0.0];
    },
  };
}

/** DX (kind 0), ADX (1), ADXR (2) as the kernels: DX repeats its last value where undefined; ADX Wilder-averages DX. */
function adxSpec(period: number, kind: 0 | 1 | 2): Spec<WS> {
  const lbAdx = 2 * period - 1;
  const lb = kind === 0 ? period : kind === 1 ? lbAdx : 3 * period - 2;
  return {
    lb,
    init: () => wInit(period),
    update(s, [h, l, c]) {
      if (!wilder(s, period, h, l, c)) return [NaN];
      const today = s.i - 1;
      const d = dxOf(s);
      if (kind === 0) {
        if (d !== null) s.dx = d;
        return [s.dx];
      }
      if (today <= lbAdx) {
        if (d !== null) s.sumDX += d;
        if (today < lbAdx) return [NaN];
        s.adx = s.sumDX / period;
      } else if (d !== null) {
        s.adx = (s.adx * (period - 1) + d) / period;
      }
      if (kind === 1) return [s.adx];
      push(s.adxr, s.adx);
      if (today < lb) return [NaN];
      return [(s.adx + ago(s.adxr, period - 1)) / 2.0];
    },
  };
}

/** Streaming specs of the directional-movement family, by TA-Lib name. */
export const dmSpecs: Record<string, (p: ParamValues) => Spec> = {
  PLUS_DM: (p) => dmSpec(p.timeperiod, false),
  MINUS_DM: (p) => dmSpec(p.timeperiod, true),
  PLUS_DI: (p) => diSpec(p.timeperiod, false),
  MINUS_DI: (p) => diSpec(p.timeperiod, true),
  DX: (p) => adxSpec(p.timeperiod, 0),
  ADX: (p) => adxSpec(p.timeperiod, 1),
  ADXR: (p) => adxSpec(p.timeperiod, 2),
};

interface TrackS { idx: number; ext: number }
/** One step of math.ts's `track` at bar `today` over ring r (window period): the extreme's absolute index. */
function track(t: TrackS, r: Ring, period: number, today: number, highest: boolean): number {
  const trailing = today - (period - 1);
  const v = ago(r, 0);
  if (t.idx < trailing) {
    t.idx = trailing;
    t.ext = ago(r, today - trailing);
    for (let i = trailing + 1; i <= today; i++) {
      const x = ago(r, today - i);
      if (highest ? x > t.ext : x < t.ext) {
        t.idx = i;
        t.ext = x;
      }
    }
  } else if (highest ? v >= t.ext : v <= t.ext) {
    t.idx = today;
    t.ext = v;
  }
  return t.idx;
}

interface WinS { r: Ring; hi: TrackS; lo: TrackS; total: number }
/** MAX, MIN, their indexes, MINMAX(INDEX) (amortized O(1) tracking, rescans only when the extreme leaves) and SUM. */
function windowSpec(period: number, kind: string): Spec<WinS> {
  const lb = period - 1;
  const two = kind === 'MINMAX' || kind === 'MINMAXINDEX';
  return {
    lb,
    init: () => ({ r: ring(period), hi: { idx: -1, ext: 0 }, lo: { idx: -1, ext: 0 }, total: 0 }),
    update(s, [x]) {
      push(s.r, x);
      const today = s.r.n - 1;
      if (kind === 'SUM') {
        s.total += x;
        if (today < lb) return [NaN];
        const y = s.total;
        s.total -= ago(s.r, lb);
        return [y];
      }
      if (today < lb) return two ? [NaN, NaN] : [NaN];
      const val = (i: number) => ago(s.r, today - i);
      if (kind === 'MAX') return [val(track(s.hi, s.r, period, today, true))];
      if (kind === 'MIN') return [val(track(s.lo, s.r, period, today, false))];
      if (kind === 'MAXINDEX') return [track(s.hi, s.r, period, today, true)];
      if (kind === 'MININDEX') return [track(s.lo, s.r, period, today, false)];
      const hi = track(s.hi, s.r, period, today, true);
      const lo = track(s.lo, s.r, period, today, false);
      return kind === 'MINMAX' ? [val(lo), val(hi)] : [lo, hi];
    },
  };
}

/** A stateless element-wise spec (Math Transform: one input; Math Operator: two). */
function mapSpec(f: (x: readonly number[]) => number): Spec<null> {
  return { lb: 0, init: () => null, update: (_s, x) => [f(x)] };
}

const TRANSFORMS: Record<string, (x: number) => number> = {
  ACOS: Math.acos, ASIN: Math.asin, ATAN: Math.atan, CEIL: Math.ceil, COS: Math.cos, COSH: Math.cosh, EXP: Math.exp,
  FLOOR: Math.floor, LN: Math.log, LOG10: Math.log10, SIN: Math.sin, SINH: Math.sinh, SQRT: Math.sqrt, TAN: Math.tan,
  TANH: Math.tanh,
};

/** Streaming specs of the Math Operators and Math Transform groups, by TA-Lib name. */
export const windowSpecs: Record<string, (p: ParamValues) => Spec> = {
  ...Object.fromEntries(
    ['MAX', 'MIN', 'MAXINDEX', 'MININDEX', 'MINMAX', 'MINMAXINDEX', 'SUM'].map((k) => [k, (p: ParamValues) => windowSpec(p.timeperiod, k)]),
  ),
  ...Object.fromEntries(Object.entries(TRANSFORMS).map(([k, f]) => [k, () => mapSpec((x) => f(x[0]))])),
  ADD: () => mapSpec(([a, b]) => a + b),
  SUB: () => mapSpec(([a, b]) => a - b),
  MULT: () => mapSpec(([a, b]) => a * b),
  DIV: () => mapSpec(([a, b]) => a / b),
};
