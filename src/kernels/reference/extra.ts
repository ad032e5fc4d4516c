// Plain-TS references for the kernels in assembly/extra.ts (ACCBANDS, IMI, AVGDEV): every window evaluated afresh,
// oldest value first, NaN in the warm-up rows, so the kernels' running sums and TA-Lib's newest-first order are
// checked against an independent formulation of the textbook definitions.

type Series = ArrayLike<number>;

/** Evaluates f(from, to) on every window [i − period + 1, i] for i ≥ period − 1; NaN before. */
function windows(n: number, period: number, f: (from: number, to: number) => number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  for (let i = period - 1; i < n; i++) out[i] = f(i - period + 1, i);
  return out;
}

/** Mean of g(k) for k in [from, to]. */
function meanOf(from: number, to: number, g: (k: number) => number): number {
  let s = 0;
  for (let k = from; k <= to; k++) s += g(k);
  return s / (to - from + 1);
}

/** ACCBANDS: means over `period` bars of high·(1 + w), close, low·(1 − w), w = 4(high − low)/(high + low) (0 if high + low ≈ 0). */
export function accbandsRef(high: Series, low: Series, close: Series, period: number): { upperband: Float64Array; middleband: Float64Array; lowerband: Float64Array } {
  const w = (k: number) => (Math.abs(high[k] + low[k]) < 1e-14 ? 0 : (4 * (high[k] - low[k])) / (high[k] + low[k]));
  const n = close.length;
  return {
    upperband: windows(n, period, (a, b) => meanOf(a, b, (k) => high[k] * (1 + w(k)))),
    middleband: windows(n, period, (a, b) => meanOf(a, b, (k) => close[k])),
    lowerband: windows(n, period, (a, b) => meanOf(a, b, (k) => low[k] * (1 - w(k)))),
  };
}

/** IMI: 100·Σ max(close − open, 0) / Σ |close − open| over `period` bars (NaN where every bar has close = open). */
export function imiRef(open: Series, close: Series, period: number): Float64Array {
  return windows(close.length, period, (a, b) => {
    let gains = 0;
    let moves = 0;
    for (let k = a; k <= b; k++) {
      gains += Math.max(close[k] - open[k], 0);
      moves += Math.abs(close[k] - open[k]);
    }
    return (100 * gains) / moves;
  });
}

/** AVGDEV: mean absolute deviation from the window mean, Σ|x − mean|/period, over `period` values. */
export function avgdevRef(x: Series, period: number): Float64Array {
  return windows(x.length, period, (a, b) => {
    const m = meanOf(a, b, (k) => x[k]);
    return meanOf(a, b, (k) => Math.abs(x[k] - m));
  });
}
