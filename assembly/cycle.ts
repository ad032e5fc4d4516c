// Cycle indicators (TA-Lib group "Cycle Indicators"): Ehlers' Hilbert-transform functions HT_DCPERIOD,
// HT_DCPHASE, HT_PHASOR, HT_SINE and HT_TRENDMODE over the shared machinery in hilbert-util.ts. Each kernel reads
// n f64 at `src`, writes n f64 per output (NaN in the warm-up [0, lookback); HT_TRENDMODE writes integers as f64)
// and never allocates. TA-Lib's unstable period is 0 by default, so the lookbacks are the fixed 32 or 63.
import {
  htAdvance, htBegin, htCurrentSmoothPrice, htDcPhase, htDcPhaseValue, htI1, htQ1, htSmoothPeriod, htStep,
} from './hilbert-util';

// @ts-ignore: decorator
@inline
function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

function fillNaN(dst: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) st(dst, i, NaN);
}

/** Lookback of HT_DCPERIOD: 32 (TA_HT_DCPERIOD_Lookback, unstable period 0). */
export function htDcperiodLookback(): i32 {
  return 32;
}

/**
 * Dominant cycle period in bars, equal to TA_HT_DCPERIOD: the homodyne-discriminator period, smoothed
 * (0.33·period + 0.67·previous). dst[i] = NaN for i < 32. A NaN input makes every later value NaN.
 */
export function htDcperiod(src: usize, dst: usize, n: i32): void {
  const lb = 32;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  for (let today = htBegin(src, 9, true); today < n; today++) {
    htStep(today);
    if (today >= lb) st(dst, today, htSmoothPeriod);
  }
}

/** Lookback of HT_PHASOR: 32 (TA_HT_PHASOR_Lookback, unstable period 0). */
export function htPhasorLookback(): i32 {
  return 32;
}

/**
 * Phasor components, equal to TA_HT_PHASOR: inphase = I1 (the detrended price delayed 3 bars), quadrature = Q1
 * (its Hilbert transform). NaN for i < 32.
 */
export function htPhasor(src: usize, inphase: usize, quadrature: usize, n: i32): void {
  const lb = 32;
  if (n <= lb) { fillNaN(inphase, 0, n); fillNaN(quadrature, 0, n); return; }
  fillNaN(inphase, 0, lb);
  fillNaN(quadrature, 0, lb);
  for (let today = htBegin(src, 9, true); today < n; today++) {
    htStep(today);
    if (today >= lb) {
      st(quadrature, today, htQ1);
      st(inphase, today, htI1);
    }
  }
}

/** Lookback of HT_TRENDMODE (and of HT_DCPHASE, HT_SINE): 63 (TA_HT_TRENDMODE_Lookback, unstable period 0). */
export function htTrendmodeLookback(): i32 {
  return 63;
}

/**
 * Dominant cycle phase in degrees (−45..315], equal to TA_HT_DCPHASE: the phase of the DFT of the last
 * round(smoothPeriod) smoothed prices, with TA-Lib's corrections. dst[i] = NaN for i < 63. The DFT's sin/cos are
 * glibc's (libm.ts), so even a flat series, whose phase is atan of rounding noise, gives TA-Lib's values.
 */
export function htDcphase(src: usize, dst: usize, n: i32): void {
  const lb = 63;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  for (let today = htBegin(src, 34, false); today < n; today++) {
    htStep(today);
    htDcPhase();
    if (today >= lb) st(dst, today, htDcPhaseValue);
    htAdvance();
  }
}

/**
 * Sine wave, equal to TA_HT_SINE: sine = sin(DCPhase), leadsine = sin(DCPhase + 45°), with HT_DCPHASE's phase.
 * NaN for i < 63.
 */
export function htSine(src: usize, sine: usize, leadsine: usize, n: i32): void {
  const lb = 63;
  if (n <= lb) { fillNaN(sine, 0, n); fillNaN(leadsine, 0, n); return; }
  fillNaN(sine, 0, lb);
  fillNaN(leadsine, 0, lb);
  const deg2Rad: f64 = 1.0 / (45.0 / Math.atan(1));
  for (let today = htBegin(src, 34, false); today < n; today++) {
    htStep(today);
    htDcPhase();
    if (today >= lb) {
      st(sine, today, Math.sin(htDcPhaseValue * deg2Rad));
      st(leadsine, today, Math.sin((htDcPhaseValue + 45) * deg2Rad));
    }
    htAdvance();
  }
}

/**
 * Trend vs cycle mode, equal to TA_HT_TRENDMODE: 1 (trend) or 0 (cycle) as f64. Cycle mode when the sine crosses
 * its lead sine, for the first half-period after such a cross, or when the phase advances by 0.67..1.5 × 360/period
 * per bar; trend mode anyway when the smoothed price is ≥ 1.5% away from the instantaneous trendline (a weighted
 * mean of the last round(smoothPeriod) prices' averages). dst[i] = NaN for i < 63.
 */
export function htTrendmode(src: usize, dst: usize, n: i32): void {
  const lb = 63;
  if (n <= lb) { fillNaN(dst, 0, n); return; }
  fillNaN(dst, 0, lb);
  const deg2Rad: f64 = 1.0 / (45.0 / Math.atan(1));
  let iTrend1: f64 = 0.0, iTrend2: f64 = 0.0, iTrend3: f64 = 0.0;
  let daysInTrend: i32 = 0;
  let prevSine: f64 = 0.0, sine: f64 = 0.0, prevLeadSine: f64 = 0.0, leadSine: f64 = 0.0;
  for (let today = htBegin(src, 34, false); today < n; today++) {
    htStep(today);
    const prevDcPhase = htDcPhaseValue;
    htDcPhase();
    const dcPhase = htDcPhaseValue;
    prevSine = sine;
    prevLeadSine = leadSine;
    sine = Math.sin(dcPhase * deg2Rad);
    leadSine = Math.sin((dcPhase + 45) * deg2Rad);
    const smoothPeriod = htSmoothPeriod;
    const dcPeriodInt = <i32>(smoothPeriod + 0.5);
    // TA-Lib sums inReal[today], inReal[today − 1], …; today ≥ 37 and the period needs many bars to exceed that,
    // but the sum stops at bar 0 rather than read before the input as C would.
    let sum: f64 = 0.0;
    for (let i = 0, idx = today; i < dcPeriodInt && idx >= 0; i++, idx--) sum += load<f64>(src + (<usize>idx << 3));
    if (dcPeriodInt > 0) sum = sum / <f64>dcPeriodInt;
    const trendline = (4.0 * sum + 3.0 * iTrend1 + 2.0 * iTrend2 + iTrend3) / 10.0;
    iTrend3 = iTrend2;
    iTrend2 = iTrend1;
    iTrend1 = sum;
    let trend = 1;
    if ((sine > leadSine && prevSine <= prevLeadSine) || (sine < leadSine && prevSine >= prevLeadSine)) {
      daysInTrend = 0;
      trend = 0;
    }
    daysInTrend++;
    if (<f64>daysInTrend < 0.5 * smoothPeriod) trend = 0;
    const dPhase = dcPhase - prevDcPhase;
    if (smoothPeriod != 0.0 && (dPhase > (0.67 * 360.0 / smoothPeriod) && dPhase < (1.5 * 360.0 / smoothPeriod))) trend = 0;
    const price = htCurrentSmoothPrice();
    if (trendline != 0.0 && Math.abs((price - trendline) / trendline) >= 0.015) trend = 1;
    if (today >= lb) st(dst, today, <f64>trend);
    htAdvance();
  }
}
