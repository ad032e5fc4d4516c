// Streaming MAMA/FAMA (TA_MAMA, as mamaCore in assembly/ma-util.ts): the 4-bar WMA smoother, TA-Lib's Hilbert
// transforms (per even/odd bar: 3 circular values, previous output, previous input) and the phase-rate adaptive
// alpha, in the kernel's operation order. `base` is the absolute index of the first value fed: TA-Lib picks the
// even/odd Hilbert branch by the index in its own array (MACDEXT/MAVP start the MA after a delay).
import type { Node } from './state';

const HT_A = 0.0962;
const HT_B = 0.5769;
const RAD2DEG = 180.0 / (4.0 * Math.atan(1));

/** The MAMA state: plain numbers and one array of the 8 Hilbert blocks (5 values each). */
export interface MamaS {
  today: number; sub: number; sum: number; tr: number[]; trailing: number; ht: number[]; hIdx: number;
  period: number; prevI2: number; prevQ2: number; re: number; im: number; mama: number; fama: number;
  i1OddPrev3: number; i1EvenPrev3: number; i1OddPrev2: number; i1EvenPrev2: number; prevPhase: number;
}

/** A fresh MAMA state. */
export function mamaInit(): MamaS {
  return {
    today: 0, sub: 0, sum: 0, tr: [0, 0, 0, 0], trailing: 0, ht: new Array<number>(40).fill(0), hIdx: 0,
    period: 0, prevI2: 0, prevQ2: 0, re: 0, im: 0, mama: 0, fama: 0,
    i1OddPrev3: 0, i1EvenPrev3: 0, i1OddPrev2: 0, i1EvenPrev2: 0, prevPhase: 0,
  };
}

function htStep(ht: number[], slot: number, idx: number, input: number, adj: number): number {
  const b = slot * 5;
  const h = HT_A * input;
  let v = -ht[b + idx];
  ht[b + idx] = h;
  v += h;
  v -= ht[b + 3];
  const prev = HT_B * ht[b + 4];
  ht[b + 3] = prev;
  v += prev;
  ht[b + 4] = input;
  return v * adj;
}

/** One bar of TA_MAMA: [mama, fama], NaN before bar 32 of the values fed. */
export function mamaStep(s: MamaS, x: number, fastLimit: number, slowLimit: number, base: number): [number, number] {
  const today = s.today++;
  s.tr[today & 3] = x;
  if (today < 3) {
    if (today === 0) {
      s.sub = x;
      s.sum = x;
    } else {
      s.sub += x;
      s.sum += x * (today + 1);
    }
    return [NaN, NaN];
  }
  // The 4-bar WMA: x[today − 3] leaves after this bar (TA-Lib's trailingWMAValue).
  let adj = 0;
  if (today >= 12) adj = 0.075 * s.period + 0.54;
  s.sub += x;
  s.sub -= s.trailing;
  s.sum += x * 4.0;
  s.trailing = s.tr[(today - 3) & 3];
  const smoothed = s.sum * 0.1;
  s.sum -= s.sub;
  if (today < 12) return [NaN, NaN];
  const ht = s.ht;
  let Q2: number;
  let I2: number;
  let t2: number;
  if (((base + today) & 1) === 0) {
    const detrender = htStep(ht, 0, s.hIdx, smoothed, adj);
    const Q1 = htStep(ht, 1, s.hIdx, detrender, adj);
    const jI = htStep(ht, 2, s.hIdx, s.i1EvenPrev3, adj);
    const jQ = htStep(ht, 3, s.hIdx, Q1, adj);
    if (++s.hIdx === 3) s.hIdx = 0;
    Q2 = 0.2 * (Q1 + jI) + 0.8 * s.prevQ2;
    I2 = 0.2 * (s.i1EvenPrev3 - jQ) + 0.8 * s.prevI2;
    s.i1OddPrev3 = s.i1OddPrev2;
    s.i1OddPrev2 = detrender;
    t2 = s.i1EvenPrev3 !== 0.0 ? Math.atan(Q1 / s.i1EvenPrev3) * RAD2DEG : 0.0;
  } else {
    const detrender = htStep(ht, 4, s.hIdx, smoothed, adj);
    const Q1 = htStep(ht, 5, s.hIdx, detrender, adj);
    const jI = htStep(ht, 6, s.hIdx, s.i1OddPrev3, adj);
    const jQ = htStep(ht, 7, s.hIdx, Q1, adj);
    Q2 = 0.2 * (Q1 + jI) + 0.8 * s.prevQ2;
    I2 = 0.2 * (s.i1OddPrev3 - jQ) + 0.8 * s.prevI2;
    s.i1EvenPrev3 = s.i1EvenPrev2;
    s.i1EvenPrev2 = detrender;
    t2 = s.i1OddPrev3 !== 0.0 ? Math.atan(Q1 / s.i1OddPrev3) * RAD2DEG : 0.0;
  }
  let tr = s.prevPhase - t2;
  s.prevPhase = t2;
  if (tr < 1.0) tr = 1.0;
  if (tr > 1.0) {
    tr = fastLimit / tr;
    if (tr < slowLimit) tr = slowLimit;
  } else {
    tr = fastLimit;
  }
  s.mama = tr * x + (1.0 - tr) * s.mama;
  tr *= 0.5;
  s.fama = tr * s.mama + (1.0 - tr) * s.fama;
  const out: [number, number] = today >= 32 ? [s.mama, s.fama] : [NaN, NaN];
  htPeriodUpdate(s, I2, Q2, RAD2DEG);
  return out;
}

/** The state the Hilbert dominant-cycle period update reads and writes (MAMA and every HT_* function). */
export interface HtPeriodState { re: number; im: number; prevI2: number; prevQ2: number; period: number }

/**
 * One bar of the Hilbert dominant-cycle period estimate from the smoothed I2/Q2 phasor, in TA-Lib's operation order
 * (ta_MAMA.c / ta_HT_*.c): homodyne discriminator, then the 1.5×/0.67× and 6..50 clamps, then 0.2/0.8 smoothing.
 */
export function htPeriodUpdate(s: HtPeriodState, i2: number, q2: number, rad2Deg: number): void {
  s.re = 0.2 * (i2 * s.prevI2 + q2 * s.prevQ2) + 0.8 * s.re;
  s.im = 0.2 * (i2 * s.prevQ2 - q2 * s.prevI2) + 0.8 * s.im;
  s.prevQ2 = q2;
  s.prevI2 = i2;
  const prevPeriod = s.period;
  if (s.im !== 0.0 && s.re !== 0.0) s.period = 360.0 / (Math.atan(s.im / s.re) * rad2Deg);
  let lim = 1.5 * prevPeriod;
  if (s.period > lim) s.period = lim;
  lim = 0.67 * prevPeriod;
  if (s.period < lim) s.period = lim;
  if (s.period < 6) s.period = 6;
  else if (s.period > 50) s.period = 50;
  s.period = 0.2 * s.period + 0.8 * prevPeriod;
}

/** MAMA (output 0) as a scalar node for TA_MA with matype 7 (limits 0.5 and 0.05), Hilbert parity from `base`. */
export function mamaNode(base: number): Node<MamaS> {
  return { lb: 32, init: mamaInit, step: (s, x) => mamaStep(s, x, 0.5, 0.05, base)[0] };
}
