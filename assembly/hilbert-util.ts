// The Hilbert-transform dominant-cycle machinery shared by TA-Lib's HT_DCPERIOD, HT_DCPHASE, HT_PHASOR, HT_SINE,
// HT_TRENDMODE, HT_TRENDLINE (overlap.ts) and MAMA (ma-util.ts) (Ehlers, "Rocket Science for Traders"), in TA-Lib
// 0.6's exact operation order: a 4-bar WMA price smoother, four Hilbert transforms with separate circular buffers
// for even and odd bars (chosen by the bar's absolute index), the homodyne discriminator for the period, and the
// DFT of the smoothed prices for the phase, whose sin/cos terms are glibc's (libm.ts: TA-Lib's phase of a flat
// series depends on their last bit).
// NOT re-exported by index.ts. State is static data (not heap): kernels run one at a time and each call
// re-initialises it with htBegin, so the kernels stay allocation-free.
import { DFT_MAX, dftCosRow, dftSinRow } from './libm';

// @ts-ignore: decorator
@inline
function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

// HILBERT_VARIABLES per (variable, parity): 3 circular values, prev, prev input — 8 blocks of 5 f64.
const HT_STATE: usize = memory.data(8 * 5 * 8);
// TA-Lib's SMOOTH_PRICE_SIZE circular buffer of smoothed prices (HT_DCPHASE, HT_SINE, HT_TRENDMODE).
const SMOOTH_PRICE_SIZE: i32 = 50;
const SMOOTH_PRICE: usize = memory.data(SMOOTH_PRICE_SIZE * 8);
const A: f64 = 0.0962;
const B: f64 = 0.5769;

let src: usize = 0;
let trailingWMAIdx: i32 = 0;
let periodWMASub: f64 = 0;
let periodWMASum: f64 = 0;
let trailingWMAValue: f64 = 0;
let hilbertIdx: i32 = 0;
let prevI2: f64 = 0;
let prevQ2: f64 = 0;
let re: f64 = 0;
let im: f64 = 0;
let i1OddPrev3: f64 = 0;
let i1OddPrev2: f64 = 0;
let i1EvenPrev3: f64 = 0;
let i1EvenPrev2: f64 = 0;
let smoothIdx: i32 = 0;
// Index bar 0 of `src` has in the caller's own array: TA-Lib picks the even/odd branch by absolute index.
let parityBase: i32 = 0;

/** Rad → degrees as HT_DCPERIOD/HT_PHASOR/MAMA compute it (180/(4·atan 1)); HT_DCPHASE & co. use 45/atan 1. */
export let htRad2Deg: f64 = 0;

/** The period estimate (homodyne discriminator, smoothed), TA-Lib's `period`. */
export let htPeriod: f64 = 0;
/** TA-Lib's `smoothPeriod`: 0.33·period + 0.67·previous. */
export let htSmoothPeriod: f64 = 0;
/** The quadrature component Q1 of the current bar (HT_PHASOR's quadrature). */
export let htQ1: f64 = 0;
/** The in-phase component I1 (the detrender delayed 3 bars of the same parity) used on the current bar. */
export let htI1: f64 = 0;
/** The dominant-cycle phase in degrees (HT_DCPHASE), updated by htDcPhase. */
export let htDcPhaseValue: f64 = 0;

/**
 * Starts the machinery on `input` as TA-Lib does from bar 0: WMA over bars 0..2, then `warm` WMA steps
 * (9 for HT_DCPERIOD/HT_PHASOR/MAMA, 34 for the 63-bar functions), zeroed transforms. `base` is the index bar 0
 * has in TA-Lib's own array (MAMA inside TA_MA starts mid-array). Returns the next bar index.
 */
export function htBegin(input: usize, warm: i32, dcPeriodRad2Deg: bool, base: i32 = 0): i32 {
  src = input;
  parityBase = base;
  const atan1 = Math.atan(1);
  htRad2Deg = dcPeriodRad2Deg ? 180.0 / (4.0 * atan1) : 45.0 / atan1;
  trailingWMAIdx = 0;
  let today = 0;
  let t = ld(src, today++);
  periodWMASub = t;
  periodWMASum = t;
  t = ld(src, today++);
  periodWMASub += t;
  periodWMASum += t * 2.0;
  t = ld(src, today++);
  periodWMASub += t;
  periodWMASum += t * 3.0;
  trailingWMAValue = 0.0;
  for (let i = 0; i < warm; i++) priceWma(ld(src, today++));
  hilbertIdx = 0;
  for (let i = 0; i < 40; i++) st(HT_STATE, i, 0.0);
  for (let i = 0; i < SMOOTH_PRICE_SIZE; i++) st(SMOOTH_PRICE, i, 0.0);
  smoothIdx = 0;
  htPeriod = 0.0;
  prevI2 = prevQ2 = 0.0;
  re = im = 0.0;
  i1OddPrev3 = i1EvenPrev3 = 0.0;
  i1OddPrev2 = i1EvenPrev2 = 0.0;
  htSmoothPeriod = 0.0;
  htDcPhaseValue = 0.0;
  return today;
}

/**
 * TA-Lib's DO_PRICE_WMA: the 4-bar weighted average (4,3,2,1)/10 by running sums; returns the smoothed price.
 * Same operations in the same order as the C macro, through locals so each global is written once.
 */
// @ts-ignore: decorator
@inline
function priceWma(v: f64): f64 {
  const sub = periodWMASub + v - trailingWMAValue;
  const sum = periodWMASum + v * 4.0;
  const idx = trailingWMAIdx;
  trailingWMAValue = ld(src, idx);
  trailingWMAIdx = idx + 1;
  const smoothed = sum * 0.1;
  periodWMASum = sum - sub;
  periodWMASub = sub;
  return smoothed;
}

/**
 * DO_HILBERT_TRANSFORM on state block `slot` (0..3 even bars, 4..7 odd bars) at circular index `idx`
 * (hilbertIdx), TA-Lib's operation order.
 */
// @ts-ignore: decorator
@inline
function transform(slot: i32, idx: i32, input: f64, adj: f64): f64 {
  const b = HT_STATE + (<usize>(slot * 5) << 3);
  const h = A * input;
  let v = -ld(b, idx);
  st(b, idx, h);
  v += h;
  v -= ld(b, 3);
  const prev = B * ld(b, 4);
  st(b, 3, prev);
  v += prev;
  st(b, 4, input);
  return v * adj;
}

/**
 * One bar `today` of the shared loop: smooth the price (stored in the smoothed-price buffer), the four Hilbert
 * transforms of the bar's parity, then the period and smoothPeriod updates.
 */
// @ts-ignore: decorator
@inline
export function htStep(today: i32): void {
  const adj = (0.075 * htPeriod) + 0.54;
  const smoothed = priceWma(ld(src, today));
  st(SMOOTH_PRICE, smoothIdx, smoothed);
  let q2: f64, i2: f64;
  const hIdx = hilbertIdx;
  if (((parityBase + today) & 1) == 0) {
    const detrender = transform(0, hIdx, smoothed, adj);
    const q1 = transform(1, hIdx, detrender, adj);
    const jI = transform(2, hIdx, i1EvenPrev3, adj);
    const jQ = transform(3, hIdx, q1, adj);
    hilbertIdx = hIdx == 2 ? 0 : hIdx + 1;
    q2 = (0.2 * (q1 + jI)) + (0.8 * prevQ2);
    i2 = (0.2 * (i1EvenPrev3 - jQ)) + (0.8 * prevI2);
    htQ1 = q1;
    htI1 = i1EvenPrev3;
    i1OddPrev3 = i1OddPrev2;
    i1OddPrev2 = detrender;
  } else {
    const detrender = transform(4, hIdx, smoothed, adj);
    const q1 = transform(5, hIdx, detrender, adj);
    const jI = transform(6, hIdx, i1OddPrev3, adj);
    const jQ = transform(7, hIdx, q1, adj);
    q2 = (0.2 * (q1 + jI)) + (0.8 * prevQ2);
    i2 = (0.2 * (i1OddPrev3 - jQ)) + (0.8 * prevI2);
    htQ1 = q1;
    htI1 = i1OddPrev3;
    i1EvenPrev3 = i1EvenPrev2;
    i1EvenPrev2 = detrender;
  }
  // Locals for the period chain, stored once at the end: each global write-then-read would sit on the
  // bar-to-bar dependency chain (the values and their order are TA-Lib's either way).
  const pI2 = prevI2, pQ2 = prevQ2;
  const r = (0.2 * ((i2 * pI2) + (q2 * pQ2))) + (0.8 * re);
  const m = (0.2 * ((i2 * pQ2) - (q2 * pI2))) + (0.8 * im);
  re = r;
  im = m;
  prevQ2 = q2;
  prevI2 = i2;
  const prevPeriod = htPeriod;
  let period = prevPeriod;
  if (m != 0.0 && r != 0.0) period = 360.0 / (Math.atan(m / r) * htRad2Deg);
  let lim = 1.5 * prevPeriod;
  if (period > lim) period = lim;
  lim = 0.67 * prevPeriod;
  if (period < lim) period = lim;
  if (period < 6) period = 6;
  else if (period > 50) period = 50;
  period = (0.2 * period) + (0.8 * prevPeriod);
  htPeriod = period;
  htSmoothPeriod = (0.33 * htPeriod) + (0.67 * htSmoothPeriod);
}

/**
 * HT_DCPHASE's update of the dominant-cycle phase: the DFT of the last int(smoothPeriod + 0.5) smoothed prices,
 * atan(real/imag) in degrees plus TA-Lib's quadrant and lag corrections, wrapped to (−45, 315].
 */
export function htDcPhase(): void {
  const dcPeriodInt = <i32>(htSmoothPeriod + 0.5);
  let realPart: f64 = 0.0;
  let imagPart: f64 = 0.0;
  if (dcPeriodInt > 0) {
    // int(smoothPeriod + 0.5) never exceeds DFT_MAX (the period is clamped to 6..50); min only keeps the table
    // reads in bounds. The rows hold glibc's std_sin/std_cos of TA-Lib's angles (i·8·atan 1)/dcPeriodInt.
    const len = min(dcPeriodInt, DFT_MAX);
    const sinRow = dftSinRow(len);
    const cosRow = dftCosRow(len);
    let idx = smoothIdx;
    for (let i = 0; i < len; i++) {
      const v = ld(SMOOTH_PRICE, idx);
      realPart += ld(sinRow, i) * v;
      imagPart += ld(cosRow, i) * v;
      if (idx == 0) idx = SMOOTH_PRICE_SIZE - 1;
      else idx--;
    }
  }
  const absImag = Math.abs(imagPart);
  if (absImag > 0.0) htDcPhaseValue = Math.atan(realPart / imagPart) * htRad2Deg;
  else if (absImag <= 0.01) {
    if (realPart < 0.0) htDcPhaseValue -= 90.0;
    else if (realPart > 0.0) htDcPhaseValue += 90.0;
  }
  htDcPhaseValue += 90.0;
  htDcPhaseValue += 360.0 / htSmoothPeriod;
  if (imagPart < 0.0) htDcPhaseValue += 180.0;
  if (htDcPhaseValue > 315.0) htDcPhaseValue -= 360.0;
}

/** The smoothed price of the current bar from the circular buffer (HT_TRENDMODE reads it before advancing). */
export function htCurrentSmoothPrice(): f64 {
  return ld(SMOOTH_PRICE, smoothIdx);
}

/** CIRCBUF_NEXT: moves the smoothed-price buffer to the next slot; call at the end of each bar. */
export function htAdvance(): void {
  if (++smoothIdx > SMOOTH_PRICE_SIZE - 1) smoothIdx = 0;
}
