// Plain-TS references for the price-transform kernels (assembly/price.ts): per-bar averages from their definitions.

type Series = ArrayLike<number>;
const map = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

/** AVGPRICE: (open + high + low + close)/4 per bar. */
export const avgpriceRef = (o: Series, h: Series, l: Series, c: Series) => map(c.length, (i) => (o[i] + h[i] + l[i] + c[i]) / 4);
/** MEDPRICE: (high + low)/2 per bar. */
export const medpriceRef = (h: Series, l: Series) => map(h.length, (i) => (h[i] + l[i]) / 2);
/** TYPPRICE: (high + low + close)/3 per bar. */
export const typpriceRef = (h: Series, l: Series, c: Series) => map(c.length, (i) => (h[i] + l[i] + c[i]) / 3);
/** WCLPRICE: (high + low + 2·close)/4 per bar. */
export const wclpriceRef = (h: Series, l: Series, c: Series) => map(c.length, (i) => (h[i] + l[i] + 2 * c[i]) / 4);
