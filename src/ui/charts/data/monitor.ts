// Geometry of the portfolio backtest's risk charts, pure: a series over time (portfolio heat), and the performance
// monitor's rolling statistic drawn against its bootstrap bands (5th–95th and 25th–75th percentile bands, the
// median, the breach threshold, the evaluations with breaches marked, and the alert time).
import { scaleLinear } from 'd3';
import {
  EQUITY_AXIS_BOTTOM,
  EQUITY_AXIS_RIGHT,
  finiteExtent,
  formatAxisPercent,
  formatAxisValue,
  linePath,
  type AxisTick,
  type PlotBox,
} from './equity';
import { timeTicks } from './time-ticks';

const r1 = (v: number) => Math.round(v * 10) / 10;

function plotBox(width: number, height: number): PlotBox {
  return { left: 8, right: Math.max(9, width - EQUITY_AXIS_RIGHT), top: 8, bottom: Math.max(10, height - EQUITY_AXIS_BOTTOM) };
}

function xAxis(ts: ArrayLike<number>, box: PlotBox, x: (t: number) => number): AxisTick[] {
  const maxTicks = Math.max(2, Math.floor((box.right - box.left) / 110));
  return timeTicks(ts, { start: 0, end: ts.length }, maxTicks).map((t) => ({ at: r1(x(ts[t.index])), label: t.label }));
}

/** A line of `values` over times `ts` (percent axis from 0 up), with its max and mean over the finite values. */
export interface SeriesChart {
  box: PlotBox;
  d: string;
  yTicks: AxisTick[];
  xTicks: AxisTick[];
  max: number;
  mean: number;
  /** y (px) of `limit`, or null without one. */
  limitY: number | null;
}

/**
 * The heat chart: values (fractions) against time on a percent axis from 0 that also covers `limit` (a horizontal
 * limit line, null for none); the line via linePath's per-pixel reduction.
 */
export function seriesChart(
  ts: ArrayLike<number>,
  values: ArrayLike<number>,
  width: number,
  height: number,
  limit: number | null = null,
): SeriesChart {
  const box = plotBox(width, height);
  const n = Math.min(ts.length, values.length);
  const t0 = n ? ts[0] : 0;
  const t1 = n ? ts[n - 1] : 1;
  const x = scaleLinear()
    .domain([t0, t1 > t0 ? t1 : t0 + 1])
    .range([box.left, box.right]);
  const ext = finiteExtent([values], 0, n) ?? [0, 0];
  const top = Math.max(ext[1], limit ?? -Infinity);
  const y = scaleLinear()
    .domain([Math.min(0, ext[0]), top > 0 ? top : 0.01])
    .range([box.bottom, box.top])
    .nice();
  let s = 0;
  let k = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) ((s += values[i]), k++);
  return {
    box,
    d: linePath(values, 0, n, (i) => x(ts[i]), y),
    yTicks: y
      .ticks(Math.max(2, Math.floor((box.bottom - box.top) / 40)))
      .map((v) => ({ at: r1(y(v)), label: formatAxisPercent(v) })),
    xTicks: xAxis(Array.from(ts).slice(0, n), box, x),
    max: k ? ext[1] : NaN,
    mean: k ? s / k : NaN,
    limitY: limit === null ? null : r1(y(limit)),
  };
}

/** The monitor chart of one statistic: bands as y ranges, the evaluations' path and points, the alert's x. */
export interface BandChart {
  box: PlotBox;
  /** 5th–95th and 25th–75th percentile bands: top and bottom y (px). */
  outer: { y0: number; y1: number };
  inner: { y0: number; y1: number };
  median: number;
  threshold: number;
  d: string;
  points: { x: number; y: number; breach: boolean }[];
  alertX: number | null;
  yTicks: AxisTick[];
  xTicks: AxisTick[];
}

/**
 * Places evaluations `values` at times `ts` against `bands` (5 ascending percentiles: 5, 25, 50, 75, 95) and the
 * breach `threshold`; the y domain covers every band and value; `percent` labels the axis in percent.
 */
export function bandChart(
  ts: readonly number[],
  values: readonly number[],
  breaches: readonly boolean[],
  bands: readonly number[],
  threshold: number,
  alertTs: number | null,
  width: number,
  height: number,
  percent: boolean,
): BandChart {
  if (bands.length !== 5) throw new RangeError(`bands: need 5 percentiles (5, 25, 50, 75, 95), got ${bands.length}`);
  const box = plotBox(width, height);
  const t0 = ts.length ? ts[0] : 0;
  const t1 = ts.length ? ts[ts.length - 1] : 1;
  const x = scaleLinear()
    .domain([t0, t1 > t0 ? t1 : t0 + 1])
    .range([box.left, box.right]);
  const all = [...bands, threshold, ...values].filter(Number.isFinite);
  const lo = all.length ? Math.min(...all) : 0;
  const hi = all.length ? Math.max(...all) : 1;
  const y = scaleLinear()
    .domain([lo, hi > lo ? hi : lo + 1])
    .range([box.bottom, box.top])
    .nice();
  const yy = (v: number) => r1(y(v));
  const points = values.map((v, i) => ({ x: r1(x(ts[i])), y: yy(v), breach: breaches[i] })).filter((p) => Number.isFinite(p.y));
  return {
    box,
    outer: { y0: yy(bands[4]), y1: yy(bands[0]) },
    inner: { y0: yy(bands[3]), y1: yy(bands[1]) },
    median: yy(bands[2]),
    threshold: yy(threshold),
    d: points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(''),
    points,
    alertX: alertTs === null ? null : r1(x(alertTs)),
    yTicks: y
      .ticks(Math.max(2, Math.floor((box.bottom - box.top) / 30)))
      .map((v) => ({ at: yy(v), label: percent ? formatAxisPercent(v) : formatAxisValue(v) })),
    xTicks: xAxis(ts, box, x),
  };
}
