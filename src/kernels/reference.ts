// Plain-TS reference implementations: simple and obviously right, for equivalence tests and the JS
// baseline in benchmarks. They compute the same quantities as the WASM kernels (and TA-Lib).

/** SMA by direct summation of each window (TA_SMA's definition); NaN for the first period − 1 rows. */
export function smaRef(x: ArrayLike<number>, period: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = period - 1; i < x.length; i++) {
    let s = 0;
    for (let j = i - period + 1; j <= i; j++) s += x[j];
    out[i] = s / period;
  }
  return out;
}

/** EMA seeded with the SMA of the first `period` values, k = 2/(period+1) (TA_EMA's default). */
export function emaRef(x: ArrayLike<number>, period: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  if (x.length < period) return out;
  const k = 2 / (period + 1);
  let e = 0;
  for (let i = 0; i < period; i++) e += x[i];
  e /= period;
  out[period - 1] = e;
  for (let i = period; i < x.length; i++) out[i] = e = e + k * (x[i] - e);
  return out;
}

/** Running-sum SMA in plain JS, the fastest straightforward JS loop (benchmark peer, not a reference). */
export function smaFastJs(x: Float64Array, period: number, out: Float64Array): void {
  const n = x.length;
  out.fill(NaN, 0, Math.min(n, period - 1));
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += x[i];
    if (i >= period) s -= x[i - period];
    if (i >= period - 1) out[i] = s / period;
  }
}

/** EMA in plain JS with TA-Lib's seeding (benchmark peer). */
export function emaFastJs(x: Float64Array, period: number, out: Float64Array): void {
  const n = x.length;
  if (n < period) { out.fill(NaN); return; }
  const k = 2 / (period + 1);
  let e = 0;
  for (let i = 0; i < period; i++) { e += x[i]; out[i] = NaN; }
  e /= period;
  out[period - 1] = e;
  for (let i = period; i < n; i++) out[i] = e = (x[i] - e) * k + e;
}
