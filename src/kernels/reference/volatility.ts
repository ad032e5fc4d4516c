// Plain-TS references for the volatility kernels (assembly/volatility.ts): true range and Wilder's ATR from their
// textbook definitions, NaN in the warm-up rows.

type Series = ArrayLike<number>;

/** TRANGE: max(high, previous close) − min(low, previous close) for i ≥ 1 (NaN at 0). */
export function trangeRef(h: Series, l: Series, c: Series): Float64Array {
  const out = new Float64Array(c.length).fill(NaN);
  for (let i = 1; i < c.length; i++) out[i] = Math.max(h[i], c[i - 1]) - Math.min(l[i], c[i - 1]);
  return out;
}

/** ATR: Wilder's average ((n − 1)·prev + TR)/n seeded with the mean of TR[1..n] at bar n; TRANGE for n = 1. */
export function atrRef(h: Series, l: Series, c: Series, period: number): Float64Array {
  const tr = trangeRef(h, l, c);
  if (period === 1) return tr;
  const out = new Float64Array(c.length).fill(NaN);
  if (c.length <= period) return out;
  let a = 0;
  for (let i = 1; i <= period; i++) a += tr[i];
  a /= period;
  out[period] = a;
  for (let i = period + 1; i < c.length; i++) out[i] = a = a + (tr[i] - a) / period;
  return out;
}

/** NATR: 100·ATR/close (TRANGE unnormalized for period 1, as TA-Lib). */
export function natrRef(h: Series, l: Series, c: Series, period: number): Float64Array {
  const a = atrRef(h, l, c, period);
  return period === 1 ? a : a.map((v, i) => (100 * v) / c[i]);
}
