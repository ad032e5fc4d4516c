// Y-axis fitting over the visible bars only, so zooming into a quiet stretch re-scales the price axis.

/** [min, max] of a price axis. */
export type ValueExtent = readonly [number, number];

/**
 * Lowest low and highest high of bars [start, end), widened to include the overlay lines there, then padded
 * by `pad` of the span on each side; NaN values are skipped. Null when no finite value is in range.
 */
export function priceExtent(
  low: ArrayLike<number>,
  high: ArrayLike<number>,
  start: number,
  end: number,
  lines: readonly ArrayLike<number>[] = [],
  pad = 0.05,
): ValueExtent | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < end; i++) {
    const l = low[i];
    const h = high[i];
    if (l < lo) lo = l; // NaN compares false, so missing values drop out without a separate test
    if (h > hi) hi = h;
  }
  for (const line of lines) {
    const stop = Math.min(end, line.length);
    for (let i = start; i < stop; i++) {
      const v = line[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  // A flat stretch still needs a non-zero span for the scale: widen by 1% of the level (or 1 around zero).
  const span = hi - lo || Math.abs(hi) * 0.01 || 1;
  const grow = hi - lo > 0 ? span * pad : span / 2;
  return [lo - grow, hi + grow];
}

/**
 * Largest volume bar among bars [start, end): with `group` > 1, the largest sum over groups of `group` bars
 * aligned to multiples of `group` (as candleShapes merges them). NaN volumes count as 0; 0 when none is finite.
 */
export function volumeMax(volume: ArrayLike<number>, start: number, end: number, group = 1): number {
  const g = Math.max(1, Math.floor(group));
  const n = volume.length;
  let max = 0;
  for (let gs = Math.floor(start / g) * g; gs < end; gs += g) {
    let sum = 0;
    for (let i = gs, e = Math.min(n, gs + g); i < e; i++) {
      const v = volume[i];
      if (Number.isFinite(v)) sum += v;
    }
    if (sum > max) max = sum;
  }
  return max;
}
