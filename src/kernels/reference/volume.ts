// Plain-TS references for the volume kernels (assembly/volume.ts): the Chaikin A/D line, its oscillator and OBV
// from their definitions.

type Series = ArrayLike<number>;

/** AD: cumulative Σ ((close − low) − (high − close))/(high − low)·volume, bars with high ≤ low adding nothing. */
export function adRef(h: Series, l: Series, c: Series, v: Series): Float64Array {
  const out = new Float64Array(c.length);
  let s = 0;
  for (let i = 0; i < c.length; i++) {
    const r = h[i] - l[i];
    if (r > 0) s += (((c[i] - l[i]) - (h[i] - c[i])) / r) * v[i]; // close location value × volume
    out[i] = s;
  }
  return out;
}

/** ADOSC: EMA(fast) − EMA(slow) of AD, both seeded with AD[0]; NaN before max(fast, slow) − 1. */
export function adoscRef(h: Series, l: Series, c: Series, v: Series, fast: number, slow: number): Float64Array {
  const a = adRef(h, l, c, v);
  const out = new Float64Array(c.length).fill(NaN);
  const ema = (p: number) => {
    const e = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) e[i] = i === 0 ? a[0] : e[i - 1] + (2 / (p + 1)) * (a[i] - e[i - 1]);
    return e;
  };
  const f = ema(fast);
  const s = ema(slow);
  for (let i = Math.max(fast, slow) - 1; i < c.length; i++) out[i] = f[i] - s[i];
  return out;
}

/** OBV: volume[0], then ± volume on a rise/fall of the price, unchanged when equal. */
export function obvRef(x: Series, v: Series): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = i === 0 ? v[0] : out[i - 1] + Math.sign(x[i] - x[i - 1]) * v[i];
  return out;
}
