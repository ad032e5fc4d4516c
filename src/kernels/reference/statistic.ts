// Plain-TS references for the statistic kernels (assembly/statistic.ts): each window evaluated afresh with
// two-pass formulas (mean first, then deviations), NaN in the warm-up rows, so TA-Lib's running sums are checked
// against an independent formulation.

type Series = ArrayLike<number>;

/** Evaluates f(from, to) on every window [i − span, i] for i ≥ span; NaN before. */
function windows(n: number, span: number, f: (from: number, to: number) => number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  for (let i = span; i < n; i++) out[i] = f(i - span, i);
  return out;
}

function mean(x: Series, from: number, to: number): number {
  let s = 0;
  for (let i = from; i <= to; i++) s += x[i];
  return s / (to - from + 1);
}

/** VAR: population variance Σ(x − mean)²/period over each window. */
export function varRef(x: Series, period: number): Float64Array {
  return windows(x.length, period - 1, (a, b) => {
    const m = mean(x, a, b);
    let s = 0;
    for (let i = a; i <= b; i++) s += (x[i] - m) ** 2;
    return s / period;
  });
}

/** STDDEV: √VAR·nbdev. */
export function stddevRef(x: Series, period: number, nbdev: number): Float64Array {
  return varRef(x, period).map((v) => Math.sqrt(v) * nbdev);
}

/** Least-squares fit y = b + m·t over the window (t = 0 oldest), two-pass; valid for periods ≤ 1024 (see kernel). */
function fit(x: Series, a: number, b: number): { m: number; b: number } {
  const p = b - a + 1;
  const tm = (p - 1) / 2;
  const ym = mean(x, a, b);
  let sxy = 0;
  let sxx = 0;
  for (let i = a; i <= b; i++) {
    sxy += (i - a - tm) * (x[i] - ym);
    sxx += (i - a - tm) ** 2;
  }
  const m = sxy / sxx;
  return { m, b: ym - m * tm };
}

/** LINEARREG (at = 'end'), TSF ('next'), LINEARREG_INTERCEPT, _SLOPE, _ANGLE (degrees) over `period` bars. */
export function linregRef(x: Series, period: number, what: 'end' | 'next' | 'intercept' | 'slope' | 'angle'): Float64Array {
  return windows(x.length, period - 1, (a, b) => {
    const f = fit(x, a, b);
    switch (what) {
      case 'end':
        return f.b + f.m * (period - 1);
      case 'next':
        return f.b + f.m * period;
      case 'intercept':
        return f.b;
      case 'slope':
        return f.m;
      default:
        return (Math.atan(f.m) * 180) / Math.PI;
    }
  });
}

/** BETA: cov(rx, ry)/var(rx) of the one-bar returns of x and y over the last `period` returns. */
export function betaRef(x: Series, y: Series, period: number): Float64Array {
  const r = (s: Series, i: number) => (s[i] - s[i - 1]) / s[i - 1];
  return windows(x.length, period, (a, b) => {
    const rx: number[] = [];
    const ry: number[] = [];
    for (let i = a + 1; i <= b; i++) {
      rx.push(r(x, i));
      ry.push(r(y, i));
    }
    const mx = mean(rx, 0, period - 1);
    const my = mean(ry, 0, period - 1);
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < period; i++) {
      sxy += (rx[i] - mx) * (ry[i] - my);
      sxx += (rx[i] - mx) ** 2;
    }
    return sxy / sxx;
  });
}

/** CORREL: Pearson's r = Σ(x − x̄)(y − ȳ)/√(Σ(x − x̄)²·Σ(y − ȳ)²) over each window. */
export function correlRef(x: Series, y: Series, period: number): Float64Array {
  return windows(x.length, period - 1, (a, b) => {
    const mx = mean(x, a, b);
    const my = mean(y, a, b);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = a; i <= b; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) ** 2;
      syy += (y[i] - my) ** 2;
    }
    return sxy / Math.sqrt(sxx * syy);
  });
}
