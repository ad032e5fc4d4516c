// Geometry of the allocation donut, pure: one arc per weight by its share of the gross exposure Σ|wᵢ| (shorts
// drawn hatched), the smallest weights merged into one "Other" arc, angles clockwise from 12 o'clock in radians,
// and SVG arc paths (as d3.arc draws them, without d3-shape in the bundle).

/** One arc: the weight(s) it stands for, its share of Σ|w|, its angles (radians) and colour. */
export interface DonutArc {
  name: string;
  /** Signed weight (sum of the merged weights for "Other"). */
  weight: number;
  /** |weight| / Σ|w|. */
  share: number;
  start: number;
  end: number;
  short: boolean;
  colour: string;
  /** How many weights an "Other" arc merges (1 otherwise). */
  count: number;
}

/** Arc colours in order of size (Tableau 10 + 2), and the "Other" arc's grey. */
export const DONUT_COLOURS: readonly string[] = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1f77b4', '#17becf'];
export const OTHER_COLOUR = '#94a3b8';

/**
 * Arcs of `weights` (names[i] ↔ weights[i]): non-zero weights sorted by |w| descending (ties by index), at most
 * `maxSlices` arcs; weights beyond maxSlices − 1 or below `minShare` of Σ|w| merge into "Other (k)".
 */
export function donutArcs(names: readonly string[], weights: ArrayLike<number>, maxSlices = 12, minShare = 0.01): DonutArc[] {
  if (names.length !== weights.length) throw new Error(`names (${names.length}) and weights (${weights.length}) must have the same length`);
  if (!Number.isInteger(maxSlices) || maxSlices < 1) throw new Error(`maxSlices must be an integer ≥ 1, got ${maxSlices}`);
  let gross = 0;
  const idx: number[] = [];
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!Number.isFinite(w)) throw new Error(`weight of ${names[i]} must be finite, got ${w}`);
    if (w !== 0) idx.push(i), (gross += Math.abs(w));
  }
  if (gross === 0) return [];
  idx.sort((a, b) => Math.abs(weights[b]) - Math.abs(weights[a]) || a - b);
  const keep: number[] = [];
  const rest: number[] = [];
  for (const i of idx) {
    const fits = keep.length < maxSlices - 1 || (keep.length === maxSlices - 1 && idx.length === maxSlices);
    (fits && Math.abs(weights[i]) / gross >= minShare ? keep : rest).push(i);
  }
  const arcs: DonutArc[] = [];
  let a = 0;
  const push = (name: string, weight: number, abs: number, short: boolean, colour: string, count: number) => {
    const share = abs / gross;
    const end = arcs.length === keep.length + (rest.length ? 1 : 0) - 1 ? 2 * Math.PI : a + share * 2 * Math.PI;
    arcs.push({ name, weight, share, start: a, end, short, colour, count });
    a = end;
  };
  keep.forEach((i, k) => push(names[i], weights[i], Math.abs(weights[i]), weights[i] < 0, DONUT_COLOURS[k % DONUT_COLOURS.length], 1));
  if (rest.length) {
    let w = 0;
    let abs = 0;
    for (const i of rest) (w += weights[i]), (abs += Math.abs(weights[i]));
    push(`Other (${rest.length})`, w, abs, false, OTHER_COLOUR, rest.length);
  }
  return arcs;
}

const f2 = (v: number) => String(Math.round(v * 100) / 100);

/** The SVG path of a ring sector around (0, 0) from angle `start` to `end` (clockwise from 12 o'clock). */
export function arcPath(inner: number, outer: number, start: number, end: number): string {
  if (!(outer > inner && inner >= 0)) throw new Error(`radii must satisfy 0 ≤ inner < outer, got ${inner}, ${outer}`);
  const span = end - start;
  if (!(span > 0)) return '';
  if (span >= 2 * Math.PI - 1e-9) {
    // A full ring: two half circles each way (an arc cannot start and end at the same point).
    return `M0,${f2(-outer)}A${outer},${outer},0,1,1,0,${f2(outer)}A${outer},${outer},0,1,1,0,${f2(-outer)}` + (inner > 0 ? `M0,${f2(-inner)}A${inner},${inner},0,1,0,0,${f2(inner)}A${inner},${inner},0,1,0,0,${f2(-inner)}Z` : 'Z');
  }
  const pt = (r: number, t: number) => `${f2(r * Math.sin(t))},${f2(-r * Math.cos(t))}`;
  const large = span > Math.PI ? 1 : 0;
  return `M${pt(outer, start)}A${outer},${outer},0,${large},1,${pt(outer, end)}L${pt(inner, end)}` + (inner > 0 ? `A${inner},${inner},0,${large},0,${pt(inner, start)}Z` : 'Z');
}

/** The arc under the point (x, y) relative to the centre, if it lies in the ring [inner, outer]. */
export function arcAt(arcs: readonly DonutArc[], x: number, y: number, inner: number, outer: number): DonutArc | null {
  const r = Math.hypot(x, y);
  if (r < inner || r > outer) return null;
  let t = Math.atan2(x, -y);
  if (t < 0) t += 2 * Math.PI;
  return arcs.find((a) => t >= a.start && t < a.end) ?? null;
}
