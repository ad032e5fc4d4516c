// Streaming states of the composite oscillators (STOCH, STOCHF, STOCHRSI, MACDEXT, TRIX, ULTOSC, MFI, BOP): the
// kernels' stages (assembly/momentum.ts, ma.ts) chained bar by bar, each stage fed from the bar where the kernel
// starts it, with the kernels' operations in order — bit-identical to the batch values.
import type { ParamValues } from '../indicators/types';
import { rangeInit, rangeStep, type ScanS, type Spec } from './bars';
import { emaNode, maFrom, maNode } from './ma';
import { gainLossNode, macdFrom } from './single';
import { ago, isZero, type Node, push, type Ring, ring } from './state';

interface StochS { i: number; k: ScanS; ma1: unknown; ma2: unknown }
/**
 * STOCH (two MAs: slow %K of fast %K from bar lbK, slow %D of slow %K from its own start) and STOCHF (one MA:
 * %D of fast %K; outputs fast %K and %D). `src` maps the bar's inputs to high, low, close.
 */
function stochSpec(fastK: number, ma1: Node, ma2: Node | null): Spec<StochS> {
  const lbK = fastK - 1;
  const lbKS = lbK + ma1.lb;
  const lb = lbKS + (ma2 ? ma2.lb : 0);
  return {
    lb,
    init: () => ({ i: 0, k: rangeInit(fastK), ma1: ma1.init(), ma2: ma2 ? ma2.init() : null }),
    update(s, [h, l, c]) {
      const i = s.i++;
      const k = rangeStep(s.k, fastK, false, h, l, c);
      if (i < lbK) return [NaN, NaN];
      const m1 = ma1.step(s.ma1, k);
      if (ma2 === null) return i < lb ? [NaN, NaN] : [k, m1];
      if (i < lbKS) return [NaN, NaN];
      const m2 = ma2.step(s.ma2, m1);
      return i < lb ? [NaN, NaN] : [m1, m2];
    },
  };
}

interface StochRsiS { i: number; rsi: unknown; f: StochS }
/** STOCHRSI as the kernel: STOCHF over high = low = close = RSI(period), fed from bar `period`. */
function stochrsiSpec(p: ParamValues, fn: string): Spec<StochRsiS> {
  const rsi: Node = gainLossNode(p.timeperiod, false);
  const f = stochSpec(p.fastk_period, maNode(p.fastd_period, p.fastd_matype, fn), null);
  return {
    lb: p.timeperiod + f.lb,
    init: () => ({ i: 0, rsi: rsi.init(), f: f.init() }),
    update(s, [x]) {
      const r = rsi.step(s.rsi, x);
      if (s.i++ < p.timeperiod) return [NaN, NaN];
      return f.update(s.f, [r, r, r]);
    },
  };
}

/** MACDEXT as the kernel: both MAs started so that they begin at the larger lookback (maAt), signal MA from there. */
function macdextSpec(p: ParamValues, fn: string) {
  let [fp, fm, sp, sm] = [p.fastperiod, p.fastmatype, p.slowperiod, p.slowmatype];
  if (sp < fp) [fp, fm, sp, sm] = [sp, sm, fp, fm];
  const largest = Math.max(maNode(fp, fm, fn).lb, maNode(sp, sm, fn).lb);
  const fast = maFrom(fp, fm, largest, fn);
  const slow = maFrom(sp, sm, largest, fn);
  return macdFrom(fast, slow, maNode(p.signalperiod, p.signalmatype, fn), largest);
}

interface TrixS { i: number; e: unknown[]; prev: number }
/** TRIX as the kernel: EMA of EMA of EMA (each fed from the previous one's first value), then a 1-bar ROC in percent. */
function trixSpec(period: number): Spec<TrixS> {
  const e = period - 1;
  const ema: Node = emaNode(period);
  const lb = 3 * e + 1;
  return {
    lb,
    init: () => ({ i: 0, e: [ema.init(), ema.init(), ema.init()], prev: 0 }),
    update(s, [x]) {
      const i = s.i++;
      let v = ema.step(s.e[0], x);
      if (i >= e) v = ema.step(s.e[1], v);
      if (i >= 2 * e) v = ema.step(s.e[2], v);
      const prev = s.prev;
      s.prev = v;
      if (i < lb) return [NaN];
      return [prev !== 0.0 ? (v / prev - 1.0) * 100.0 : 0.0];
    },
  };
}

interface UltS { i: number; pc: number; a: Ring; b: Ring; sums: number[] }
/** ULTOSC as the kernel: periods sorted, windowed sums of close − true low (A) and true range (B), weights 4/2/1. */
function ultoscSpec(p: ParamValues): Spec<UltS> {
  const per = [p.timeperiod1, p.timeperiod2, p.timeperiod3];
  // TA-Lib's three compare-and-swap steps.
  if (per[0] > per[1]) [per[0], per[1]] = [per[1], per[0]];
  if (per[1] > per[2]) [per[1], per[2]] = [per[2], per[1]];
  if (per[0] > per[1]) [per[0], per[1]] = [per[1], per[0]];
  const lb = per[2];
  return {
    lb,
    init: () => ({ i: 0, pc: 0, a: ring(lb + 1), b: ring(lb + 1), sums: [0, 0, 0, 0, 0, 0] }),
    update(s, [h, l, c]) {
      const today = s.i++;
      const cy = s.pc;
      s.pc = c;
      let cmtl = NaN;
      let tr = NaN;
      if (today > 0) {
        const trueLow = l < cy ? l : cy;
        cmtl = c - trueLow;
        tr = h - l;
        let t = Math.abs(cy - h);
        if (t > tr) tr = t;
        t = Math.abs(cy - l);
        if (t > tr) tr = t;
      }
      push(s.a, cmtl);
      push(s.b, tr);
      if (today < lb) return [NaN];
      const sm = s.sums;
      if (today === lb) {
        for (let k = 0; k < 3; k++) {
          for (let j = lb - per[k] + 1; j < lb; j++) {
            sm[2 * k] += ago(s.a, lb - j);
            sm[2 * k + 1] += ago(s.b, lb - j);
          }
        }
      }
      for (let k = 0; k < 3; k++) sm[2 * k] += cmtl;
      for (let k = 0; k < 3; k++) sm[2 * k + 1] += tr;
      let output = 0.0;
      if (!isZero(sm[1])) output += 4.0 * (sm[0] / sm[1]);
      if (!isZero(sm[3])) output += 2.0 * (sm[2] / sm[3]);
      if (!isZero(sm[5])) output += sm[4] / sm[5];
      for (let k = 0; k < 3; k++) {
        sm[2 * k] -= ago(s.a, per[k] - 1);
        sm[2 * k + 1] -= ago(s.b, per[k] - 1);
      }
      return [100.0 * (output / 7.0)];
    },
  };
}

interface MfiS { i: number; ptp: number; pos: Ring; neg: Ring; ps: number; ns: number }
/** MFI as the kernel: windowed sums of positive and negative money flow (typical price × volume). */
function mfiSpec(period: number): Spec<MfiS> {
  return {
    lb: period,
    init: () => ({ i: 0, ptp: 0, pos: ring(period + 1), neg: ring(period + 1), ps: 0, ns: 0 }),
    update(s, [h, l, c, v]) {
      const today = s.i++;
      const tp = (h + l + c) / 3.0;
      const change = tp - s.ptp;
      s.ptp = tp;
      const flow = tp * v;
      const pos = today > 0 && change > 0 && !(change < 0) ? flow : 0.0;
      const neg = today > 0 && change < 0 ? flow : 0.0;
      push(s.pos, pos);
      push(s.neg, neg);
      if (today === 0) return [NaN];
      if (today > period) {
        s.ps -= ago(s.pos, period);
        s.ns -= ago(s.neg, period);
      }
      s.ns += neg;
      s.ps += pos;
      if (today < period) return [NaN];
      const t = s.ps + s.ns;
      return [t < 1.0 ? 0.0 : 100.0 * (s.ps / t)];
    },
  };
}

/** Streaming specs of the composite oscillators, by TA-Lib name. */
export const oscSpecs: Record<string, (p: ParamValues, fn: string) => Spec> = {
  STOCH: (p, fn) =>
    stochSpec(p.fastk_period, maNode(p.slowk_period, p.slowk_matype, fn), maNode(p.slowd_period, p.slowd_matype, fn)),
  STOCHF: (p, fn) => stochSpec(p.fastk_period, maNode(p.fastd_period, p.fastd_matype, fn), null),
  STOCHRSI: stochrsiSpec,
  MACDEXT: macdextSpec,
  TRIX: (p) => trixSpec(p.timeperiod),
  ULTOSC: ultoscSpec,
  MFI: (p) => mfiSpec(p.timeperiod),
  BOP: () => ({
    lb: 0,
    init: () => null,
    update: (_s: unknown, [o, h, l, c]: readonly number[]) => {
      const r = h - l;
      return [r < 0.00000000000001 ? 0.0 : (c - o) / r];
    },
  }),
};
