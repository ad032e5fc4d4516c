// NaN-aware statistics with numpy/scipy semantics, the building blocks of the empyrical-compatible metrics.
// Sums are plain left-to-right loops (numpy uses pairwise summation), so results agree with numpy to rounding,
// not bit for bit.

/** A series of per-period values (plain array or typed array); NaN marks a missing value. */
export type Series = ArrayLike<number>;

/** f(x[i], i) for every i, as a Float64Array (a plain loop: Float64Array.from with a map function is ~50× slower in V8). */
export function mapSeries(x: Series, f: (v: number, i: number) => number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i], i);
  return out;
}

/** The non-NaN values of `x`, in order (numpy `x[~np.isnan(x)]`). */
export function dropNaN(x: Series): Float64Array {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) out[k++] = x[i];
  return out;
}

/** Mean of the non-NaN values; NaN when there are none (numpy `nanmean`). */
export function nanmean(x: Series): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n === 0 ? NaN : s / n;
}

/** Standard deviation of the non-NaN values with `ddof` (numpy `nanstd`, two-pass); NaN when count ≤ ddof. */
export function nanstd(x: Series, ddof = 0): number {
  const m = nanmean(x);
  let ss = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isNaN(v)) {
      const d = v - m;
      ss += d * d;
      n++;
    }
  }
  return n - ddof <= 0 ? NaN : Math.sqrt(ss / (n - ddof));
}

/**
 * The q-th percentile (q in 0..100) of the non-NaN values with numpy's default 'linear' method: position
 * q/100·(n−1) between the sorted neighbours, interpolated as numpy's `_lerp` does (from the upper neighbour
 * when the fraction is ≥ 0.5). NaN when there are no values.
 */
export function percentile(x: Series, q: number): number {
  return percentileOfSorted(dropNaN(x).sort(), q);
}

/** percentile() of values already sorted ascending with no NaN (computeMetrics sorts once for all tail metrics). */
export function percentileOfSorted(a: Float64Array, q: number): number {
  const n = a.length;
  if (n === 0) return NaN;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const t = pos - lo;
  const d = a[hi] - a[lo];
  return t >= 0.5 ? a[hi] - d * (1 - t) : a[lo] + d * t;
}

/** Central moments 2..4 of the non-NaN values (divided by n), with their mean and count. */
function moments(x: Series): { n: number; mean: number; m2: number; m3: number; m4: number } {
  const mean = nanmean(x);
  let n = 0;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(v)) continue;
    const d = v - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    n++;
  }
  return { n, mean, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

// scipy treats a variance at or below (float64 resolution · mean)² as zero (a constant sample) and answers NaN.
const RESOLUTION = 1e-15;

/** Biased sample skewness m3/m2^1.5 of the non-NaN values (scipy.stats.skew defaults; NaN if constant or empty). */
export function skew(x: Series): number {
  const { n, mean, m2, m3 } = moments(x);
  if (n === 0 || m2 <= (RESOLUTION * mean) ** 2) return NaN;
  return m3 / m2 ** 1.5;
}

/**
 * Biased EXCESS (Fisher) kurtosis m4/m2² − 3 of the non-NaN values (scipy.stats.kurtosis defaults: normal → 0;
 * NaN if constant or empty).
 */
export function kurtosis(x: Series): number {
  const { n, mean, m2, m4 } = moments(x);
  if (n === 0 || m2 <= (RESOLUTION * mean) ** 2) return NaN;
  return m4 / (m2 * m2) - 3;
}

/**
 * Pearson r of a least-squares line through (x, y) as scipy.stats.linregress computes it (population
 * covariances; 0 when either variance is 0; clipped to [−1, 1]). x and y must have the same length ≥ 1.
 */
export function linregressR(x: Series, y: Series): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const den = Math.sqrt((sxx / n) * (syy / n));
  if (den === 0) return 0;
  return Math.max(-1, Math.min(1, sxy / n / den));
}
