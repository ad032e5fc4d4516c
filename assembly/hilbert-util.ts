// The Hilbert-transform dominant-cycle machinery shared by TA-Lib's HT_DCPERIOD, HT_DCPHASE, HT_PHASOR, HT_SINE
// and HT_TRENDMODE (Ehlers, "Rocket Science for Traders"), in TA-Lib 0.6's exact operation order: a 4-bar WMA
// price smoother, four Hilbert transforms with separate circular buffers for even and odd bars (chosen by the bar's
// absolute index), the homodyne discriminator for the period, and the DFT of the smoothed prices for the phase.
// NOT re-exported by index.ts. State is static data (not heap): kernels run one at a time and each call
// re-initialises it with htBegin, so the kernels stay allocation-free.

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
/** Rad → degrees as HT_DCPERIOD/HT_PHASOR compute it (180/(4·atan 1)); HT_DCPHASE & co. use 45/atan 1. */
let rad2Deg: f64 = 0;

/** The period estimate (homodyne discriminator, smoothed), TA-Lib's `period`. */
export let htPeriod: f64 = 0;
/** TA-Lib's `smoothPeriod`: 0.33·period + 0.67·previous. */
export let htSmoothPeriod: f64 = 0;
/** The WMA-smoothed price of the current bar. */
export let htSmoothedValue: f64 = 0;
/** The quadrature component Q1 of the current bar (HT_PHASOR's quadrature). */
export let htQ1: f64 = 0;
/** The in-phase component I1 (the detrender delayed 3 bars of the same parity) used on the current bar. */
export let htI1: f64 = 0;
/** The dominant-cycle phase in degrees (HT_DCPHASE), updated by htDcPhase. */
export let htDcPhaseValue: f64 = 0;

/**
 * Starts the machinery on `input` as TA-Lib does from bar 0: WMA over bars 0..2, then `warm` WMA steps
 * (9 for HT_DCPERIOD/HT_PHASOR, 34 for the 63-bar functions), zeroed transforms. Returns the next bar index.
 */
export function htBegin(input: usize, warm: i32, dcPeriodRad2Deg: bool): i32 {
  src = input;
  const atan1 = Math.atan(1);
  rad2Deg = dcPeriodRad2Deg ? 180.0 / (4.0 * atan1) : 45.0 / atan1;
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

/** TA-Lib's DO_PRICE_WMA: the 4-bar weighted average (4,3,2,1)/10 by running sums; sets htSmoothedValue. */
// @ts-ignore: decorator
@inline
function priceWma(v: f64): void {
  periodWMASub += v;
  periodWMASub -= trailingWMAValue;
  periodWMASum += v * 4.0;
  trailingWMAValue = ld(src, trailingWMAIdx++);
  htSmoothedValue = periodWMASum * 0.1;
  periodWMASum -= periodWMASub;
}

/** DO_HILBERT_TRANSFORM on state block `slot` (0..3 even bars, 4..7 odd bars), TA-Lib's operation order. */
// @ts-ignore: decorator
@inline
function transform(slot: i32, input: f64, adj: f64): f64 {
  const b = HT_STATE + (<usize>(slot * 5) << 3);
  const h = A * input;
  let v = -ld(b, hilbertIdx);
  st(b, hilbertIdx, h);
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
export function htStep(today: i32): void {
  const adj = (0.075 * htPeriod) + 0.54;
  priceWma(ld(src, today));
  st(SMOOTH_PRICE, smoothIdx, htSmoothedValue);
  let q2: f64, i2: f64;
  if (today % 2 == 0) {
    const detrender = transform(0, htSmoothedValue, adj);
    const q1 = transform(1, detrender, adj);
    const jI = transform(2, i1EvenPrev3, adj);
    const jQ = transform(3, q1, adj);
    if (++hilbertIdx == 3) hilbertIdx = 0;
    q2 = (0.2 * (q1 + jI)) + (0.8 * prevQ2);
    i2 = (0.2 * (i1EvenPrev3 - jQ)) + (0.8 * prevI2);
    htQ1 = q1;
    htI1 = i1EvenPrev3;
    i1OddPrev3 = i1OddPrev2;
    i1OddPrev2 = detrender;
  } else {
    const detrender = transform(4, htSmoothedValue, adj);
    const q1 = transform(5, detrender, adj);
    const jI = transform(6, i1OddPrev3, adj);
    const jQ = transform(7, q1, adj);
    q2 = (0.2 * (q1 + jI)) + (0.8 * prevQ2);
    i2 = (0.2 * (i1OddPrev3 - jQ)) + (0.8 * prevI2);
    htQ1 = q1;
    htI1 = i1OddPrev3;
    i1EvenPrev3 = i1EvenPrev2;
    i1EvenPrev2 = detrender;
  }
  re = (0.2 * ((i2 * prevI2) + (q2 * prevQ2))) + (0.8 * re);
  im = (0.2 * ((i2 * prevQ2) - (q2 * prevI2))) + (0.8 * im);
  prevQ2 = q2;
  prevI2 = i2;
  const prevPeriod = htPeriod;
  if (im != 0.0 && re != 0.0) htPeriod = 360.0 / (Math.atan(im / re) * rad2Deg);
  let lim = 1.5 * prevPeriod;
  if (htPeriod > lim) htPeriod = lim;
  lim = 0.67 * prevPeriod;
  if (htPeriod < lim) htPeriod = lim;
  if (htPeriod < 6) htPeriod = 6;
  else if (htPeriod > 50) htPeriod = 50;
  htPeriod = (0.2 * htPeriod) + (0.8 * prevPeriod);
  htSmoothPeriod = (0.33 * htPeriod) + (0.67 * htSmoothPeriod);
}

/**
 * HT_DCPHASE's update of the dominant-cycle phase: the DFT of the last int(smoothPeriod + 0.5) smoothed prices,
 * atan(real/imag) in degrees plus TA-Lib's quadrant and lag corrections, wrapped to (−45, 315].
 */
export function htDcPhase(): void {
  const constDeg2RadBy360 = Math.atan(1) * 8.0;
  const dcPeriodInt = <i32>(htSmoothPeriod + 0.5);
  let realPart: f64 = 0.0;
  let imagPart: f64 = 0.0;
  let idx = smoothIdx;
  const div = <f64>dcPeriodInt;
  for (let i = 0; i < dcPeriodInt; i++) {
    const angle = (<f64>i * constDeg2RadBy360) / div;
    const v = ld(SMOOTH_PRICE, idx);
    realPart += Math.sin(angle) * v;
    imagPart += Math.cos(angle) * v;
    if (idx == 0) idx = SMOOTH_PRICE_SIZE - 1;
    else idx--;
  }
  const absImag = Math.abs(imagPart);
  if (absImag > 0.0) htDcPhaseValue = Math.atan(realPart / imagPart) * rad2Deg;
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
