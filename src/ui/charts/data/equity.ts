// Geometry of the backtest charts, pure: the equity curve (with the buy & hold benchmark) above its drawdown, and
// several runs' equity curves overlaid as percent returns. d3 scales map values to pixels; long series are reduced
// per pixel column (first, min, max, last — M4) so an SVG path never has more than ~4 points per pixel.
// Only d3's linear scale: scaleUtc would pull d3-time-format, whose module-level locale set-up lands in the main
// bundle; time ticks come from ./time-ticks instead.
import { scaleLinear, type ScaleLinear } from 'd3';
import type { TimeTick } from './time-ticks';
import { timeTicks } from './time-ticks';

/** A plot rectangle in CSS pixels. */
export interface PlotBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A labelled axis tick at pixel position `at` (y for value axes, x for the time axis). */
export interface AxisTick {
  at: number;
  label: string;
}

/** Right-hand axis width and bottom time-axis height of both charts, in px. */
export const EQUITY_AXIS_RIGHT = 64;
export const EQUITY_AXIS_BOTTOM = 20;

/** Equity box on top (72 % of the plot height), drawdown box below it with an 8 px gap. */
export function equityLayout(width: number, height: number): { equity: PlotBox; drawdown: PlotBox } {
  const left = 8;
  const right = Math.max(left + 1, width - EQUITY_AXIS_RIGHT);
  const top = 8;
  const bottom = Math.max(top + 2, height - EQUITY_AXIS_BOTTOM);
  const split = top + Math.round((bottom - top) * 0.72);
  return {
    equity: { left, right, top, bottom: Math.max(top + 1, split - 4) },
    drawdown: { left, right, top: Math.min(bottom - 1, split + 4), bottom },
  };
}

/** [min, max] of the finite values of every series over rows [from, to); null when there are none. */
export function finiteExtent(series: readonly ArrayLike<number>[], from: number, to: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    const end = Math.min(to, s.length);
    for (let i = Math.max(0, from); i < end; i++) {
      const v = s[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * An SVG path through (x(i), y(values[i])) for rows [from, to): NaN values break the line, and within each pixel
 * column only the first, lowest, highest and last points are kept (in row order), which draws the same pixels.
 * Coordinates are rounded to 0.1 px. Empty string when nothing is finite.
 */
export function linePath(
  values: ArrayLike<number>,
  from: number,
  to: number,
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  const parts: string[] = [];
  let pen = false;
  let col = NaN;
  let bucket: number[] = []; // row indexes of the current pixel column
  const flush = () => {
    if (bucket.length === 0) return;
    let lo = bucket[0];
    let hi = bucket[0];
    for (const i of bucket) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    const keep = [...new Set([bucket[0], lo, hi, bucket[bucket.length - 1]])].sort((a, b) => a - b);
    for (const i of keep) {
      parts.push(`${pen ? 'L' : 'M'}${r1(x(i))},${r1(y(values[i]))}`);
      pen = true;
    }
    bucket = [];
  };
  const end = Math.min(to, values.length);
  for (let i = Math.max(0, from); i < end; i++) {
    if (!Number.isFinite(values[i])) {
      flush();
      pen = false;
      col = NaN;
      continue;
    }
    const c = Math.round(x(i));
    if (c !== col) {
      flush();
      col = c;
    }
    bucket.push(i);
  }
  flush();
  return parts.join('');
}

/** A closed area between y(0) and the values over rows [from, to) (NaN counts as 0), via linePath's reduction. */
export function areaPath(
  values: ArrayLike<number>,
  from: number,
  to: number,
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  const end = Math.min(to, values.length);
  const start = Math.max(0, from);
  if (end <= start) return '';
  const clean = Float64Array.from({ length: end }, (_, i) => (i < start || !Number.isFinite(values[i]) ? 0 : values[i]));
  const line = linePath(clean, start, end, x, y);
  const base = r1(y(0));
  return `M${r1(x(start))},${base}L${line.slice(1)}L${r1(x(end - 1))},${base}Z`;
}

/** Value-axis ticks of a linear scale, labelled with `format`. */
function valueTicks(s: ScaleLinear<number, number>, count: number, format: (v: number) => string): AxisTick[] {
  return s.ticks(count).map((v) => ({ at: r1(s(v)), label: format(v) }));
}

/** What the equity chart shows of one backtest: bar times, equity, drawdown, optional benchmark, first metric row. */
export interface EquityInput {
  ts: ArrayLike<number>;
  equity: ArrayLike<number>;
  drawdown: ArrayLike<number>;
  benchmark?: ArrayLike<number>;
  /** First row drawn (the metric period's start_row). */
  from: number;
}

/** Paths and ticks of the equity + drawdown chart. */
export interface EquityChart {
  layout: { equity: PlotBox; drawdown: PlotBox };
  equityPath: string;
  benchmarkPath: string;
  drawdownPath: string;
  equityTicks: AxisTick[];
  drawdownTicks: AxisTick[];
  timeTicks: AxisTick[];
}

/** Compact currency labels for the equity axis: 12.5K, 1.2M, 950. */
export function formatAxisValue(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}K`;
  return String(Number(v.toPrecision(4)));
}

/** Percent axis labels from fractions: -0.25 → "-25%". */
export function formatAxisPercent(v: number): string {
  return `${Number((v * 100).toPrecision(3))}%`;
}

/**
 * The equity chart of one run at `width` × `height` px: x by bar index over rows [from, n) (no weekend gaps, like
 * the price chart); equity and benchmark share the top scale; drawdown (≤ 0) fills the bottom box down from 0.
 */
export function equityChart(input: EquityInput, width: number, height: number): EquityChart {
  const L = equityLayout(width, height);
  const n = input.equity.length;
  const from = Math.min(Math.max(0, input.from), Math.max(0, n - 1));
  const x = scaleLinear()
    .domain([from, Math.max(from + 1, n - 1)])
    .range([L.equity.left, L.equity.right]);
  const series = input.benchmark ? [input.equity, input.benchmark] : [input.equity];
  const [lo, hi] = finiteExtent(series, from, n) ?? [0, 1];
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
  const y = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([L.equity.bottom, L.equity.top])
    .nice();
  const ddMin = Math.min(-1e-6, finiteExtent([input.drawdown], from, n)?.[0] ?? 0);
  const d = scaleLinear().domain([ddMin, 0]).range([L.drawdown.bottom, L.drawdown.top]).nice();
  const ticksX = Math.max(2, Math.floor((L.equity.right - L.equity.left) / 110));
  const ticks: TimeTick[] = timeTicks(input.ts, { start: from, end: n }, ticksX);
  return {
    layout: L,
    equityPath: linePath(input.equity, from, n, x, y),
    benchmarkPath: input.benchmark ? linePath(input.benchmark, from, n, x, y) : '',
    drawdownPath: areaPath(input.drawdown, from, n, x, d),
    equityTicks: valueTicks(y, Math.max(2, Math.floor((L.equity.bottom - L.equity.top) / 40)), formatAxisValue),
    drawdownTicks: valueTicks(d, 2, formatAxisPercent),
    timeTicks: ticks.map((t) => ({ at: r1(x(t.index)), label: t.label })),
  };
}

/** One run in the comparison chart: its bar times, equity, starting cash, first metric row, colour and label. */
export interface ComparisonCurve {
  ts: ArrayLike<number>;
  equity: ArrayLike<number>;
  cash: number;
  from: number;
  colour: string;
  label: string;
}

/** Paths and ticks of the comparison chart. */
export interface ComparisonChart {
  box: PlotBox;
  paths: { d: string; colour: string; label: string }[];
  yTicks: AxisTick[];
  xTicks: AxisTick[];
}

/**
 * Runs overlaid as cumulative return equity/cash − 1 against bar time (a shared linear time axis, so runs over
 * different symbols, timeframes or windows line up by date).
 */
export function comparisonChart(curves: readonly ComparisonCurve[], width: number, height: number): ComparisonChart {
  const box: PlotBox = {
    left: 8,
    right: Math.max(9, width - EQUITY_AXIS_RIGHT),
    top: 8,
    bottom: Math.max(10, height - EQUITY_AXIS_BOTTOM),
  };
  const rets = curves.map((c) => Float64Array.from(c.equity, (v) => v / c.cash - 1));
  let t0 = Infinity;
  let t1 = -Infinity;
  curves.forEach((c) => {
    const n = c.ts.length;
    if (n === 0) return;
    t0 = Math.min(t0, c.ts[Math.min(Math.max(0, c.from), n - 1)]);
    t1 = Math.max(t1, c.ts[n - 1]);
  });
  if (!(t0 <= t1)) [t0, t1] = [0, 1];
  const x = scaleLinear()
    .domain([t0, t1 > t0 ? t1 : t0 + 1])
    .range([box.left, box.right]);
  const exts = rets.map((r, k) => finiteExtent([r], curves[k].from, r.length) ?? [0, 0]);
  const lo = Math.min(0, ...exts.map((e) => e[0]));
  const hi = Math.max(0, ...exts.map((e) => e[1]));
  const y = scaleLinear()
    .domain([lo, hi > lo ? hi : lo + 0.01])
    .range([box.bottom, box.top])
    .nice();
  // Time ticks on the merged bar times of all runs in the window: first bar of each calendar period, as the price chart.
  const merged = Float64Array.from(new Set(curves.flatMap((c) => Array.from(c.ts).filter((t) => t >= t0 && t <= t1)))).sort();
  const maxTicks = Math.max(2, Math.floor((box.right - box.left) / 110));
  return {
    box,
    paths: curves.map((c, k) => ({
      d: linePath(rets[k], c.from, rets[k].length, (i) => x(c.ts[i]), y),
      colour: c.colour,
      label: c.label,
    })),
    yTicks: valueTicks(y, Math.max(2, Math.floor((box.bottom - box.top) / 40)), formatAxisPercent),
    xTicks: timeTicks(merged, { start: 0, end: merged.length }, maxTicks).map((t) => ({
      at: r1(x(merged[t.index])),
      label: t.label,
    })),
  };
}
