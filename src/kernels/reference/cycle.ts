// Plain-TS references for the Hilbert-transform cycle kernels (assembly/cycle.ts, assembly/hilbert-util.ts):
// Ehlers' formulas written on whole arrays, without TA-Lib's odd/even circular buffers — the Hilbert transform
// of bar t is (0.0962·v[t] + 0.5769·v[t−2] − 0.5769·v[t−4] − 0.0962·v[t−6])·(0.075·period[t−1] + 0.54), with
// values before the first computed bar taken as 0 (TA-Lib's zeroed buffers). Same start bars as TA-Lib: the
// smoother runs from bar 3, the transforms from bar 12 (32-bar functions) or 37 (63-bar functions).

type Series = ArrayLike<number>;

/** Per-bar state of the dominant-cycle computation, as arrays indexed by bar. */
export interface DominantCycle {
  start: number;
  smooth: Float64Array;
  q1: Float64Array;
  i1: Float64Array;
  smoothPeriod: Float64Array;
  /** Phase in degrees per bar (only computed when asked). */
  phase: Float64Array;
}

/** Runs Ehlers' dominant-cycle estimator on x from bar `start` (12 or 37); `withPhase` adds the DFT phase. */
export function dominantCycleRef(x: Series, start: number, withPhase: boolean): DominantCycle {
  const n = x.length;
  const z = () => new Float64Array(n);
  const smooth = z(),
    det = z(),
    q1 = z(),
    i1 = z(),
    jI = z(),
    jQ = z(),
    smoothPeriod = z(),
    phase = z();
  const at = (a: Float64Array, t: number) => (t >= start ? a[t] : 0);
  const ht = (a: Float64Array, t: number, adj: number) =>
    (0.0962 * at(a, t) + 0.5769 * at(a, t - 2) - 0.5769 * at(a, t - 4) - 0.0962 * at(a, t - 6)) * adj;
  let period = 0,
    sp = 0,
    re = 0,
    im = 0,
    i2p = 0,
    q2p = 0,
    ph = 0;
  for (let t = start; t < n; t++) {
    const adj = 0.075 * period + 0.54;
    smooth[t] = (4 * x[t] + 3 * x[t - 1] + 2 * x[t - 2] + x[t - 3]) / 10;
    det[t] = ht(smooth, t, adj);
    q1[t] = ht(det, t, adj);
    i1[t] = at(det, t - 3);
    jI[t] = ht(i1, t, adj);
    jQ[t] = ht(q1, t, adj);
    const q2 = 0.2 * (q1[t] + jI[t]) + 0.8 * q2p;
    const i2 = 0.2 * (i1[t] - jQ[t]) + 0.8 * i2p;
    re = 0.2 * (i2 * i2p + q2 * q2p) + 0.8 * re;
    im = 0.2 * (i2 * q2p - q2 * i2p) + 0.8 * im;
    i2p = i2;
    q2p = q2;
    const prev = period;
    if (im !== 0 && re !== 0) period = 360 / ((Math.atan(im / re) * 180) / Math.PI);
    period = Math.min(Math.max(period, 0.67 * prev), 1.5 * prev);
    period = Math.min(Math.max(period, 6), 50);
    period = 0.2 * period + 0.8 * prev;
    smoothPeriod[t] = sp = 0.33 * period + 0.67 * sp;
    if (withPhase) {
      const len = Math.trunc(sp + 0.5);
      let rp = 0,
        ip = 0;
      for (let i = 0; i < len; i++) {
        const a = (2 * Math.PI * i) / len;
        rp += Math.sin(a) * at(smooth, t - i);
        ip += Math.cos(a) * at(smooth, t - i);
      }
      if (Math.abs(ip) > 0) ph = (Math.atan(rp / ip) * 180) / Math.PI;
      else if (rp !== 0) ph += rp < 0 ? -90 : 90;
      ph += 90 + 360 / sp + (ip < 0 ? 180 : 0);
      if (ph > 315) ph -= 360;
      phase[t] = ph;
    }
  }
  return { start, smooth, q1, i1, smoothPeriod, phase };
}

const fromLookback = (n: number, lb: number, f: (t: number) => number) =>
  Float64Array.from({ length: n }, (_, t) => (t < lb ? NaN : f(t)));

/** HT_DCPERIOD: the smoothed dominant-cycle period, NaN before bar 32. */
export function htDcperiodRef(x: Series): Float64Array {
  const d = dominantCycleRef(x, 12, false);
  return fromLookback(x.length, 32, (t) => d.smoothPeriod[t]);
}

/** HT_PHASOR: [inphase I1, quadrature Q1], NaN before bar 32. */
export function htPhasorRef(x: Series): [Float64Array, Float64Array] {
  const d = dominantCycleRef(x, 12, false);
  return [fromLookback(x.length, 32, (t) => d.i1[t]), fromLookback(x.length, 32, (t) => d.q1[t])];
}

/**
 * HT_DCPHASE: the DFT phase in degrees, NaN before bar 63. Uses the engine's Math.sin/cos, so on a flat series
 * (where the phase is atan of rounding noise) it differs from the kernel, which follows TA-Lib's glibc values.
 */
export function htDcphaseRef(x: Series): Float64Array {
  const d = dominantCycleRef(x, 37, true);
  return fromLookback(x.length, 63, (t) => d.phase[t]);
}

/** HT_SINE: [sine, leadsine] = [sin(phase), sin(phase + 45°)], NaN before bar 63. */
export function htSineRef(x: Series): [Float64Array, Float64Array] {
  const d = dominantCycleRef(x, 37, true);
  const rad = Math.PI / 180;
  return [
    fromLookback(x.length, 63, (t) => Math.sin(d.phase[t] * rad)),
    fromLookback(x.length, 63, (t) => Math.sin((d.phase[t] + 45) * rad)),
  ];
}

/** HT_TRENDMODE: 1 trend / 0 cycle per TA-Lib's rules (see the kernel), NaN before bar 63. */
export function htTrendmodeRef(x: Series): Float64Array {
  const d = dominantCycleRef(x, 37, true);
  const out = new Float64Array(x.length).fill(NaN);
  const trend: number[] = [0, 0, 0];
  let days = 0,
    sine = 0,
    lead = 0,
    prevPhase = 0;
  const rad = Math.PI / 180;
  for (let t = 37; t < x.length; t++) {
    const sp = d.smoothPeriod[t];
    const [ps, pl] = [sine, lead];
    sine = Math.sin(d.phase[t] * rad);
    lead = Math.sin((d.phase[t] + 45) * rad);
    const len = Math.trunc(sp + 0.5);
    let avg = 0;
    for (let i = 0; i < len; i++) avg += x[t - i];
    if (len > 0) avg /= len;
    const trendline = (4 * avg + 3 * trend[0] + 2 * trend[1] + trend[2]) / 10;
    trend.unshift(avg);
    trend.length = 3;
    let mode = 1;
    if ((sine > lead && ps <= pl) || (sine < lead && ps >= pl)) {
      days = 0;
      mode = 0;
    }
    days++;
    if (days < 0.5 * sp) mode = 0;
    const dPhase = d.phase[t] - prevPhase;
    prevPhase = d.phase[t];
    if (sp !== 0 && dPhase > (0.67 * 360) / sp && dPhase < (1.5 * 360) / sp) mode = 0;
    if (trendline !== 0 && Math.abs((d.smooth[t] - trendline) / trendline) >= 0.015) mode = 1;
    if (t >= 63) out[t] = mode;
  }
  return out;
}
