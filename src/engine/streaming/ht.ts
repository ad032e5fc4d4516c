// Streaming Hilbert-transform cycle functions (HT_DCPERIOD, HT_DCPHASE, HT_PHASOR, HT_SINE, HT_TRENDMODE,
// HT_TRENDLINE) as assembly/hilbert-util.ts, cycle.ts and overlap.ts compute them: the 4-bar WMA smoother, the
// even/odd-bar Hilbert transforms (parity of the absolute bar index), the homodyne period, the smoothed-price DFT
// phase (with the kernels' glibc sin/cos table, trig.ts) — same operations in the same order, all state plain
// data. O(1) per bar apart from the O(50) phase DFT and trend sum.
import type { ParamValues } from '../indicators/types';
import type { Spec } from './bars';
import { htPeriodUpdate } from './mama';
import { ago, push, type Ring, ring } from './state';
import { dftCosRow, dftSinRow, wasmSin } from './trig';

const A = 0.0962;
const B = 0.5769;
const SMOOTH_PRICE_SIZE = 50;

interface HtS {
  today: number; sub: number; sum: number; trailing: number; win: Ring; ht: number[]; hIdx: number;
  prevI2: number; prevQ2: number; re: number; im: number; i1OddPrev3: number; i1OddPrev2: number; i1EvenPrev3: number;
  i1EvenPrev2: number; period: number; smoothPeriod: number; smoothed: number; q1: number; i1: number;
  smooth: number[]; smoothIdx: number; dcPhase: number; raw: Ring;
  // HT_TRENDMODE / HT_TRENDLINE extras.
  it1: number; it2: number; it3: number; days: number; sine: number; leadSine: number;
}

function htInit(): HtS {
  return {
    today: 0, sub: 0, sum: 0, trailing: 0, win: ring(4), ht: new Array<number>(40).fill(0), hIdx: 0,
    prevI2: 0, prevQ2: 0, re: 0, im: 0, i1OddPrev3: 0, i1OddPrev2: 0, i1EvenPrev3: 0, i1EvenPrev2: 0, period: 0,
    smoothPeriod: 0, smoothed: 0, q1: 0, i1: 0, smooth: new Array<number>(SMOOTH_PRICE_SIZE).fill(0), smoothIdx: 0,
    dcPhase: 0, raw: ring(SMOOTH_PRICE_SIZE + 2), it1: 0, it2: 0, it3: 0, days: 0, sine: 0, leadSine: 0,
  };
}

function transform(s: HtS, slot: number, input: number, adj: number): number {
  const b = slot * 5;
  const h = A * input;
  let v = -s.ht[b + s.hIdx];
  s.ht[b + s.hIdx] = h;
  v += h;
  v -= s.ht[b + 3];
  const prev = B * s.ht[b + 4];
  s.ht[b + 3] = prev;
  v += prev;
  s.ht[b + 4] = input;
  return v * adj;
}

/**
 * Feeds bar x to the machine (htBegin's WMA warm-up of `warm` steps, then htStep); returns whether htStep ran
 * (the transforms, period and smoothPeriod are then current for this bar).
 */
function htFeed(s: HtS, x: number, warm: number, rad2Deg: number): boolean {
  const today = s.today++;
  push(s.win, x);
  push(s.raw, x);
  if (today < 3) {
    if (today === 0) {
      s.sub = x;
      s.sum = x;
    } else {
      s.sub += x;
      s.sum += x * (today + 1);
    }
    return false;
  }
  const run = today >= 3 + warm;
  const adj = 0.075 * s.period + 0.54;
  s.sub += x;
  s.sub -= s.trailing;
  s.sum += x * 4.0;
  s.trailing = ago(s.win, 3);
  s.smoothed = s.sum * 0.1;
  s.sum -= s.sub;
  if (!run) return false;
  s.smooth[s.smoothIdx] = s.smoothed;
  let q2: number;
  let i2: number;
  if (today % 2 === 0) {
    const detrender = transform(s, 0, s.smoothed, adj);
    const q1 = transform(s, 1, detrender, adj);
    const jI = transform(s, 2, s.i1EvenPrev3, adj);
    const jQ = transform(s, 3, q1, adj);
    if (++s.hIdx === 3) s.hIdx = 0;
    q2 = 0.2 * (q1 + jI) + 0.8 * s.prevQ2;
    i2 = 0.2 * (s.i1EvenPrev3 - jQ) + 0.8 * s.prevI2;
    s.q1 = q1;
    s.i1 = s.i1EvenPrev3;
    s.i1OddPrev3 = s.i1OddPrev2;
    s.i1OddPrev2 = detrender;
  } else {
    const detrender = transform(s, 4, s.smoothed, adj);
    const q1 = transform(s, 5, detrender, adj);
    const jI = transform(s, 6, s.i1OddPrev3, adj);
    const jQ = transform(s, 7, q1, adj);
    q2 = 0.2 * (q1 + jI) + 0.8 * s.prevQ2;
    i2 = 0.2 * (s.i1OddPrev3 - jQ) + 0.8 * s.prevI2;
    s.q1 = q1;
    s.i1 = s.i1OddPrev3;
    s.i1EvenPrev3 = s.i1EvenPrev2;
    s.i1EvenPrev2 = detrender;
  }
  htPeriodUpdate(s, i2, q2, rad2Deg);
  s.smoothPeriod = 0.33 * s.period + 0.67 * s.smoothPeriod;
  return true;
}

/** htDcPhase: the DFT of the last int(smoothPeriod + 0.5) smoothed prices (glibc's sin/cos), TA-Lib's corrections. */
function dcPhase(s: HtS, rad2Deg: number): void {
  const dcPeriodInt = Math.trunc(s.smoothPeriod + 0.5);
  let realPart = 0.0;
  let imagPart = 0.0;
  if (dcPeriodInt > 0) {
    // Never above 50 (the period is clamped to 6..50); min keeps the table reads in bounds, as the kernel does.
    const len = Math.min(dcPeriodInt, 50);
    const sinRow = dftSinRow(len);
    const cosRow = dftCosRow(len);
    let idx = s.smoothIdx;
    for (let i = 0; i < len; i++) {
      const v = s.smooth[idx];
      realPart += sinRow[i] * v;
      imagPart += cosRow[i] * v;
      if (idx === 0) idx = SMOOTH_PRICE_SIZE - 1;
      else idx--;
    }
  }
  const absImag = Math.abs(imagPart);
  if (absImag > 0.0) s.dcPhase = Math.atan(realPart / imagPart) * rad2Deg;
  else if (absImag <= 0.01) {
    if (realPart < 0.0) s.dcPhase -= 90.0;
    else if (realPart > 0.0) s.dcPhase += 90.0;
  }
  s.dcPhase += 90.0;
  s.dcPhase += 360.0 / s.smoothPeriod;
  if (imagPart < 0.0) s.dcPhase += 180.0;
  if (s.dcPhase > 315.0) s.dcPhase -= 360.0;
}

/** Mean of the last `count` raw inputs (newest first, stopping at bar 0), TA-Lib's trendline term. */
function rawMean(s: HtS, count: number): number {
  let sum = 0.0;
  for (let i = 0; i < count && i < s.raw.n; i++) sum += ago(s.raw, i);
  if (count > 0) sum = sum / count;
  return sum;
}

const RAD_DC = 180.0 / (4.0 * Math.atan(1));
const RAD_63 = 45.0 / Math.atan(1);

/** Streaming specs of the Hilbert-transform cycle functions and HT_TRENDLINE, by TA-Lib name. */
export const htSpecs: Record<string, (p: ParamValues) => Spec> = {
  HT_DCPERIOD: () => ({
    lb: 32,
    init: htInit,
    update: (s: HtS, [x]: readonly number[]) => [htFeed(s, x, 9, RAD_DC) && s.today - 1 >= 32 ? s.smoothPeriod : NaN],
  }),
  HT_PHASOR: () => ({
    lb: 32,
    init: htInit,
    update: (s: HtS, [x]: readonly number[]) => (htFeed(s, x, 9, RAD_DC) && s.today - 1 >= 32 ? [s.i1, s.q1] : [NaN, NaN]),
  }),
  HT_DCPHASE: () => ({
    lb: 63,
    init: htInit,
    update(s: HtS, [x]: readonly number[]) {
      if (!htFeed(s, x, 34, RAD_63)) return [NaN];
      dcPhase(s, RAD_63);
      if (++s.smoothIdx > SMOOTH_PRICE_SIZE - 1) s.smoothIdx = 0;
      return [s.today - 1 >= 63 ? s.dcPhase : NaN];
    },
  }),
  HT_SINE: () => ({
    lb: 63,
    init: htInit,
    update(s: HtS, [x]: readonly number[]) {
      if (!htFeed(s, x, 34, RAD_63)) return [NaN, NaN];
      dcPhase(s, RAD_63);
      if (++s.smoothIdx > SMOOTH_PRICE_SIZE - 1) s.smoothIdx = 0;
      if (s.today - 1 < 63) return [NaN, NaN];
      const deg2Rad = 1.0 / (45.0 / Math.atan(1));
      return [wasmSin(s.dcPhase * deg2Rad), wasmSin((s.dcPhase + 45) * deg2Rad)];
    },
  }),
  HT_TRENDLINE: () => ({
    lb: 63,
    init: htInit,
    update(s: HtS, [x]: readonly number[]) {
      if (!htFeed(s, x, 34, RAD_63)) return [NaN];
      const dc = s.smoothPeriod + 0.5;
      const dcInt = dc > 0 && dc < 2147483648.0 ? Math.trunc(dc) : 0;
      const sum = rawMean(s, dcInt);
      const trend = (4.0 * sum + 3.0 * s.it1 + 2.0 * s.it2 + s.it3) / 10.0;
      s.it3 = s.it2;
      s.it2 = s.it1;
      s.it1 = sum;
      return [s.today - 1 >= 63 ? trend : NaN];
    },
  }),
  HT_TRENDMODE: () => ({
    lb: 63,
    init: htInit,
    update(s: HtS, [x]: readonly number[]) {
      if (!htFeed(s, x, 34, RAD_63)) return [NaN];
      const deg2Rad = 1.0 / (45.0 / Math.atan(1));
      const prevDcPhase = s.dcPhase;
      dcPhase(s, RAD_63);
      const phase = s.dcPhase;
      const prevSine = s.sine;
      const prevLeadSine = s.leadSine;
      s.sine = wasmSin(phase * deg2Rad);
      s.leadSine = wasmSin((phase + 45) * deg2Rad);
      const smoothPeriod = s.smoothPeriod;
      const sum = rawMean(s, Math.trunc(smoothPeriod + 0.5));
      const trendline = (4.0 * sum + 3.0 * s.it1 + 2.0 * s.it2 + s.it3) / 10.0;
      s.it3 = s.it2;
      s.it2 = s.it1;
      s.it1 = sum;
      let trend = 1;
      if ((s.sine > s.leadSine && prevSine <= prevLeadSine) || (s.sine < s.leadSine && prevSine >= prevLeadSine)) {
        s.days = 0;
        trend = 0;
      }
      s.days++;
      if (s.days < 0.5 * smoothPeriod) trend = 0;
      const dPhase = phase - prevDcPhase;
      if (smoothPeriod !== 0.0 && dPhase > (0.67 * 360.0) / smoothPeriod && dPhase < (1.5 * 360.0) / smoothPeriod) trend = 0;
      const price = s.smooth[s.smoothIdx];
      if (trendline !== 0.0 && Math.abs((price - trendline) / trendline) >= 0.015) trend = 1;
      if (++s.smoothIdx > SMOOTH_PRICE_SIZE - 1) s.smoothIdx = 0;
      return [s.today - 1 >= 63 ? trend : NaN];
    },
  }),
};
