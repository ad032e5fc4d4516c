// The chart's x axis is a bar-index axis (bar i is centred on x = i), so nights, weekends and holidays take
// no room. These pure helpers map between an index domain, the bars it shows and a d3-zoom transform.

/** A span of the bar-index axis, [first, last] in fractional bar indices (bar i spans i-0.5 … i+0.5). */
export type IndexDomain = readonly [number, number];

/** Half-open range of bar indices [start, end) that intersect a domain. */
export interface BarRange {
  start: number;
  end: number;
}

/** A d3-zoom-style x transform: screen = k · base(index) + x. */
export interface XTransform {
  k: number;
  x: number;
}

/** The domain that shows all n bars edge to edge: [-0.5, n-0.5] (a one-bar domain when n = 0). */
export function fullDomain(n: number): IndexDomain {
  return [-0.5, Math.max(n, 1) - 0.5];
}

/** The opening view: the last `count` bars (all of them when there are fewer), in bar indices. */
export function defaultDomain(n: number, count = 250): IndexDomain {
  const [lo, hi] = fullDomain(n);
  return [Math.max(lo, hi - Math.max(1, count)), hi];
}

/** Bars that are at least partly inside the domain: bar i is visible when i+0.5 > d0 and i-0.5 < d1. */
export function visibleRange(domain: IndexDomain, n: number): BarRange {
  if (n <= 0 || !(domain[1] > domain[0])) return { start: 0, end: 0 };
  const start = Math.min(n, Math.max(0, Math.floor(domain[0] - 0.5) + 1));
  const end = Math.max(start, Math.min(n, Math.ceil(domain[1] + 0.5)));
  return { start, end };
}

/** Pixel span [left, right] that the un-zoomed scale maps the full domain onto. */
export type PixelRange = readonly [number, number];

/**
 * The zoom transform that shows `target` across `range` when the un-zoomed scale maps `full` onto `range`
 * (the inverse of d3-zoom's transform.rescaleX for a linear scale).
 */
export function transformForDomain(full: IndexDomain, range: PixelRange, target: IndexDomain): XTransform {
  const k = (full[1] - full[0]) / (target[1] - target[0]);
  const base = range[0] + ((target[0] - full[0]) * (range[1] - range[0])) / (full[1] - full[0]);
  return { k, x: range[0] - k * base };
}

/** The index domain a transform shows across `range` (d3-zoom's rescaleX for a linear scale, without d3). */
export function domainForTransform(full: IndexDomain, range: PixelRange, t: XTransform): IndexDomain {
  const toIndex = (px: number) => full[0] + (((px - t.x) / t.k - range[0]) * (full[1] - full[0])) / (range[1] - range[0]);
  return [toIndex(range[0]), toIndex(range[1])];
}

/** Zoom scale limits: from all n bars (k = 1) down to `minBars` bars across the plot. */
export function zoomScaleExtent(n: number, minBars = 10): [number, number] {
  return [1, Math.max(1, n / minBars)];
}

/** The bar under a fractional index (rounded and clamped to the series), or -1 for an empty series. */
export function barIndexAt(index: number, n: number): number {
  if (n <= 0 || !Number.isFinite(index)) return -1;
  return Math.min(n - 1, Math.max(0, Math.round(index)));
}
