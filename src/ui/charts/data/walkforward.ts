// Geometry of the walk-forward chart, pure: one lane per window with its in-sample span and its out-of-sample span
// on a shared bar-index axis, and below them the stitched out-of-sample equity curve, each point at the bar it
// belongs to (docs/optimize.md § Walk-forward: window k's OOS rows are [oos_start, oos_end), never overlapping).
import { scaleLinear } from 'd3';
import { formatAxisValue, linePath, type AxisTick, type PlotBox } from './equity';
import { timeTicks } from './time-ticks';

/** Row bounds of one window, half-open (as WindowBounds of src/engine/walkforward). */
export interface WindowSpan {
  is_start: number;
  is_end: number;
  oos_start: number;
  oos_end: number;
}

/** One window's lane: in-sample and out-of-sample rectangles (px). */
export interface WindowLane {
  index: number;
  is: { x: number; w: number };
  oos: { x: number; w: number };
  y: number;
  h: number;
}

/** Everything the walk-forward chart draws. */
export interface WalkForwardChart {
  lanes: { box: PlotBox; items: WindowLane[] };
  equity: { box: PlotBox; path: string; ticks: AxisTick[] };
  timeTicks: AxisTick[];
}

/** The bar row of each stitched point: the windows' OOS rows in order (throws if the windows overlap or run backwards). */
export function stitchedRows(windows: readonly WindowSpan[]): Int32Array {
  const out: number[] = [];
  let last = -1;
  windows.forEach((w, k) => {
    if (!(w.oos_start < w.oos_end && w.oos_start > last))
      throw new RangeError(`windows[${k}]: OOS rows [${w.oos_start}, ${w.oos_end}) must be non-empty and after row ${last}`);
    for (let r = w.oos_start; r < w.oos_end; r++) out.push(r);
    last = w.oos_end - 1;
  });
  return Int32Array.from(out);
}

/** Right axis width and bottom time axis height, px. */
export const WF_AXIS_RIGHT = 64;
export const WF_AXIS_BOTTOM = 20;

/**
 * The chart at `width` × `height` px for `windows` over bars with times `ts` and the stitched OOS `equity` (one
 * value per stitched row): x by bar index from the first window's IS start to the last OOS end; lanes take up to
 * 40 % of the height (at most 14 px each), the equity the rest.
 */
export function walkForwardChart(
  ts: ArrayLike<number>,
  windows: readonly WindowSpan[],
  equity: ArrayLike<number>,
  width: number,
  height: number,
): WalkForwardChart {
  const left = 8;
  const right = Math.max(left + 1, width - WF_AXIS_RIGHT);
  const bottom = Math.max(12, height - WF_AXIS_BOTTOM);
  const top = 6;
  const n = windows.length;
  const laneH = n === 0 ? 0 : Math.min(14, ((bottom - top) * 0.4) / n);
  const lanesBottom = top + laneH * n;
  const lanes: PlotBox = { left, right, top, bottom: lanesBottom };
  const eqBox: PlotBox = { left, right, top: Math.min(bottom - 1, lanesBottom + 8), bottom };
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const from = n ? windows[0].is_start : 0;
  const to = n ? windows[n - 1].oos_end : 1;
  const x = scaleLinear()
    .domain([from, Math.max(from + 1, to)])
    .range([left, right]);
  const items = windows.map((w, k) => ({
    index: k,
    is: { x: r1(x(w.is_start)), w: r1(Math.max(0.5, x(w.is_end) - x(w.is_start))) },
    oos: { x: r1(x(w.oos_start)), w: r1(Math.max(0.5, x(w.oos_end) - x(w.oos_start))) },
    y: r1(top + k * laneH),
    h: r1(Math.max(0.5, laneH - 2)),
  }));
  const rows = n ? stitchedRows(windows) : new Int32Array(0);
  if (rows.length !== equity.length)
    throw new RangeError(`equity: must hold one value per stitched OOS row (${rows.length}), got ${equity.length}`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] < lo) lo = equity[i];
    if (equity[i] > hi) hi = equity[i];
  }
  if (!(lo <= hi)) [lo, hi] = [0, 1];
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
  const y = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([eqBox.bottom, eqBox.top])
    .nice();
  const path = linePath(equity, 0, equity.length, (i) => x(rows[i]), y);
  const ticks = y
    .ticks(Math.max(2, Math.floor((eqBox.bottom - eqBox.top) / 40)))
    .map((v) => ({ at: r1(y(v)), label: formatAxisValue(v) }));
  const tt = timeTicks(ts, { start: from, end: Math.min(to, ts.length) }, Math.max(2, Math.floor((right - left) / 110)));
  return {
    lanes: { box: lanes, items },
    equity: { box: eqBox, path, ticks },
    timeTicks: tt.map((t) => ({ at: r1(x(t.index)), label: t.label })),
  };
}
