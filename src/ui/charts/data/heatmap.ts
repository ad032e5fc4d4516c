// Geometry of the sweep heatmap, pure: cells of (x parameter, y parameter) → one metric value (the rows of
// sweepHeatmapSql), laid out as a grid with one column per distinct x value and one row per distinct y value
// (largest y on top), coloured by d3's RdYlGn around 0 when the values straddle 0 (so a losing cell is red) and by
// viridis otherwise. Cells with no finite value are grey; combinations the constraints exclude have no cell.
import { interpolateRdYlGn, interpolateViridis } from 'd3';
import type { AxisTick, PlotBox } from './equity';

/** One heatmap cell as the SQL returns it: axis values, the aggregated metric (NaN when none) and the row count. */
export interface HeatCell {
  x: number;
  y: number;
  value: number;
  n: number;
}

/** How values map to colours: a diverging scale centred on 0 (|max| either side) or a sequential one over [lo, hi]. */
export interface HeatDomain {
  lo: number;
  hi: number;
  diverging: boolean;
}

/** One drawn cell: its rectangle in px, fill, the text shown inside ('' when too small) and the source cell. */
export interface HeatRect {
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
  text: string;
  cell: HeatCell;
}

/** Everything the heatmap component draws. */
export interface HeatmapChart {
  box: PlotBox;
  rects: HeatRect[];
  xTicks: AxisTick[];
  yTicks: AxisTick[];
  domain: HeatDomain | null;
  /** Distinct axis values, ascending. */
  xs: number[];
  ys: number[];
}

/** Colour of cells without a finite value. */
export const EMPTY_CELL = '#e2e8f0';

/** The colour domain of the finite values: diverging around 0 when they straddle 0, else sequential; null when none. */
export function heatDomain(values: readonly number[]): HeatDomain | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return null;
  if (lo < 0 && hi > 0) {
    const m = Math.max(-lo, hi);
    return { lo: -m, hi: m, diverging: true };
  }
  return { lo, hi, diverging: false };
}

/** Fill of `v` under `d` (EMPTY_CELL for a non-finite value or no domain); a single-valued domain maps to its middle. */
export function heatColour(v: number, d: HeatDomain | null): string {
  if (d === null || !Number.isFinite(v)) return EMPTY_CELL;
  const t = d.hi > d.lo ? (v - d.lo) / (d.hi - d.lo) : 0.5;
  const c = Math.min(1, Math.max(0, t));
  return d.diverging ? interpolateRdYlGn(c) : interpolateViridis(c);
}

/** Short label of a cell value: 3 significant digits, "–" for NaN. */
export function formatCellValue(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1000 || a < 0.01 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

/** Axis labels: plain numbers, at most 4 decimals. */
function axisLabel(v: number): string {
  return String(Number(v.toFixed(4)));
}

/** Every k-th index so that at most `max` labels are kept (always the first). */
function thin<T>(items: readonly T[], max: number): T[] {
  const k = Math.max(1, Math.ceil(items.length / Math.max(1, max)));
  return items.filter((_, i) => i % k === 0);
}

/** Left axis width and bottom axis height, px. */
export const HEATMAP_AXIS_LEFT = 52;
export const HEATMAP_AXIS_BOTTOM = 30;

/** The heatmap of `cells` at `width` × `height` px (module comment); coordinates rounded to 0.1 px. */
export function heatmapChart(cells: readonly HeatCell[], width: number, height: number): HeatmapChart {
  const box: PlotBox = {
    left: HEATMAP_AXIS_LEFT,
    right: Math.max(HEATMAP_AXIS_LEFT + 1, width - 8),
    top: 6,
    bottom: Math.max(7, height - HEATMAP_AXIS_BOTTOM),
  };
  const xs = [...new Set(cells.map((c) => c.x))].sort((a, b) => a - b);
  const ys = [...new Set(cells.map((c) => c.y))].sort((a, b) => a - b);
  const domain = heatDomain(cells.map((c) => c.value));
  const cw = (box.right - box.left) / Math.max(1, xs.length);
  const ch = (box.bottom - box.top) / Math.max(1, ys.length);
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const xi = new Map(xs.map((v, i) => [v, i]));
  const yi = new Map(ys.map((v, i) => [v, i]));
  const showText = cw >= 34 && ch >= 15;
  const rects = cells.map((c) => ({
    x: r1(box.left + xi.get(c.x)! * cw),
    y: r1(box.bottom - (yi.get(c.y)! + 1) * ch),
    w: r1(Math.max(0.5, cw - 1)),
    h: r1(Math.max(0.5, ch - 1)),
    fill: heatColour(c.value, domain),
    text: showText ? formatCellValue(c.value) : '',
    cell: c,
  }));
  const xTicks = thin(
    xs.map((v, i) => ({ at: r1(box.left + (i + 0.5) * cw), label: axisLabel(v) })),
    Math.floor((box.right - box.left) / 36),
  );
  const yTicks = thin(
    ys.map((v, i) => ({ at: r1(box.bottom - (i + 0.5) * ch), label: axisLabel(v) })),
    Math.floor((box.bottom - box.top) / 14),
  );
  return { box, rects, xTicks, yTicks, domain, xs, ys };
}
