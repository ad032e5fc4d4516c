// The correlation heatmap's data, pure: a diverging colour scale (−1 blue · 0 near-white · +1 red, linear in RGB
// between the three stops, as d3.interpolateRgb over that domain), an RGBA image with one pixel per cell (drawn
// scaled on a canvas, so 500 × 500 cells cost one drawImage), hit-testing and the axis labels that fit.

/** The scale's stops: −1, 0, +1. */
export const CORR_STOPS: readonly (readonly [number, number, number])[] = [
  [37, 99, 235],
  [248, 250, 252],
  [220, 38, 38],
];

/** RGB of a correlation in [−1, 1] (clamped); NaN → mid grey. */
export function corrColour(v: number): [number, number, number] {
  if (Number.isNaN(v)) return [148, 163, 184];
  const x = Math.max(-1, Math.min(1, v));
  const [a, b] = x < 0 ? [CORR_STOPS[1], CORR_STOPS[0]] : [CORR_STOPS[1], CORR_STOPS[2]];
  const t = Math.abs(x);
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * t)) as [number, number, number];
}

/** CSS rgb() text of corrColour(v). */
export function corrCss(v: number): string {
  const [r, g, b] = corrColour(v);
  return `rgb(${r},${g},${b})`;
}

/** RGBA bytes of an n×n matrix (row-major, one pixel per cell), for an ImageData of width and height n. */
export function heatmapPixels(matrix: ArrayLike<number>, n: number): Uint8ClampedArray {
  if (matrix.length !== n * n) throw new Error(`matrix must hold ${n}×${n} values, got ${matrix.length}`);
  const px = new Uint8ClampedArray(n * n * 4);
  for (let k = 0; k < n * n; k++) {
    const [r, g, b] = corrColour(matrix[k]);
    px[4 * k] = r;
    px[4 * k + 1] = g;
    px[4 * k + 2] = b;
    px[4 * k + 3] = 255;
  }
  return px;
}

/** The cell (row, col) under (x, y) in a square grid of side `size` px with n cells a side, or null outside. */
export function cellAt(x: number, y: number, size: number, n: number): { row: number; col: number } | null {
  if (!(x >= 0 && y >= 0 && x < size && y < size) || n <= 0) return null;
  const c = size / n;
  return { row: Math.min(n - 1, Math.floor(y / c)), col: Math.min(n - 1, Math.floor(x / c)) };
}

/** Names in display order: names[order[k]] for each k (the quasi-diagonal order of the rows). */
export function orderedNames(names: readonly string[], order: readonly number[]): string[] {
  if (order.length !== names.length) throw new Error(`order must list every one of the ${names.length} names, got ${order.length}`);
  const seen = new Set(order);
  if (seen.size !== order.length || order.some((i) => !(i >= 0 && i < names.length && Number.isInteger(i)))) throw new Error('order must be a permutation of 0…n−1');
  return order.map((i) => names[i]);
}

/** Label every `step`-th row so labels are ≥ `minPx` apart in a grid of `size` px: 1 when all fit. */
export function labelStep(n: number, size: number, minPx = 11): number {
  if (n <= 0) return 1;
  return Math.max(1, Math.ceil(minPx / (size / n)));
}

/** Mean of the off-diagonal correlations (how diversified the universe is); NaN for n < 2. */
export function meanOffDiagonal(matrix: ArrayLike<number>, n: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j && Number.isFinite(matrix[i * n + j])) {
        s += matrix[i * n + j];
        c++;
      }
  return c ? s / c : NaN;
}
