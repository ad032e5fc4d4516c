// Geometry of the efficient-frontier chart, pure: annual volatility (x, %) against annual expected return (y, %),
// the curve through the frontier portfolios (ascending return), a dot per asset/strategy, and the max-Sharpe,
// min-volatility and chosen portfolios marked; axis ticks from d3's linear scale; nearest-point hover lookup.
import { scaleLinear } from 'd3';
import type { AxisTick, PlotBox } from './equity';

/** A (volatility, return) pair, both annual fractions. */
export interface RiskReturn {
  volatility: number;
  expected_return: number;
}

/** What the chart shows. */
export interface FrontierInput {
  curve: readonly RiskReturn[];
  assets: readonly (RiskReturn & { name: string })[];
  maxSharpe: RiskReturn | null;
  minVolatility: RiskReturn | null;
  chosen: RiskReturn | null;
}

/** A point placed on the chart: pixel position, its values and a label. */
export interface PlacedPoint {
  x: number;
  y: number;
  volatility: number;
  expected_return: number;
  label: string;
  kind: 'frontier' | 'asset' | 'max_sharpe' | 'min_volatility' | 'chosen';
}

/** Paths, points and ticks of the frontier chart. */
export interface FrontierChart {
  box: PlotBox;
  path: string;
  points: PlacedPoint[];
  xTicks: AxisTick[];
  yTicks: AxisTick[];
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

/** Left and bottom axis sizes, px. */
export const FRONTIER_AXIS_LEFT = 52;
export const FRONTIER_AXIS_BOTTOM = 34;

/** Places every finite point of `input` in a width×height chart (axes include 0 % volatility only if data do). */
export function frontierChart(input: FrontierInput, width: number, height: number): FrontierChart {
  const box: PlotBox = { left: FRONTIER_AXIS_LEFT, right: Math.max(FRONTIER_AXIS_LEFT + 1, width - 12), top: 10, bottom: Math.max(12, height - FRONTIER_AXIS_BOTTOM) };
  const all: (RiskReturn & { label: string; kind: PlacedPoint['kind'] })[] = [
    ...input.curve.map((p, i) => ({ ...p, label: `Frontier point ${i + 1}`, kind: 'frontier' as const })),
    ...input.assets.map((p) => ({ ...p, label: p.name, kind: 'asset' as const })),
    ...(input.minVolatility ? [{ ...input.minVolatility, label: 'Min volatility', kind: 'min_volatility' as const }] : []),
    ...(input.maxSharpe ? [{ ...input.maxSharpe, label: 'Max Sharpe', kind: 'max_sharpe' as const }] : []),
    ...(input.chosen ? [{ ...input.chosen, label: 'Chosen portfolio', kind: 'chosen' as const }] : []),
  ].filter((p) => Number.isFinite(p.volatility) && Number.isFinite(p.expected_return));
  const xs = all.map((p) => p.volatility);
  const ys = all.map((p) => p.expected_return);
  const x0 = xs.length ? Math.min(...xs) : 0;
  const x1 = xs.length ? Math.max(...xs) : 1;
  const y0 = ys.length ? Math.min(...ys) : 0;
  const y1 = ys.length ? Math.max(...ys) : 1;
  const padX = (x1 - x0 || 0.01) * 0.05;
  const padY = (y1 - y0 || 0.01) * 0.05;
  const x = scaleLinear().domain([Math.max(0, x0 - padX), x1 + padX]).range([box.left, box.right]).nice();
  const y = scaleLinear().domain([y0 - padY, y1 + padY]).range([box.bottom, box.top]).nice();
  const points = all.map((p) => ({ x: r1(x(p.volatility)), y: r1(y(p.expected_return)), volatility: p.volatility, expected_return: p.expected_return, label: p.label, kind: p.kind }));
  const curve = points.filter((p) => p.kind === 'frontier');
  return {
    box,
    path: curve.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(''),
    points,
    xTicks: x.ticks(Math.max(2, Math.floor((box.right - box.left) / 70))).map((v) => ({ at: r1(x(v)), label: pct(v) })),
    yTicks: y.ticks(Math.max(2, Math.floor((box.bottom - box.top) / 40))).map((v) => ({ at: r1(y(v)), label: pct(v) })),
  };
}

/** The point nearest to (px, py) within `maxDist` px (marked portfolios win ties over the curve and assets). */
export function nearestPoint(points: readonly PlacedPoint[], px: number, py: number, maxDist = 12): PlacedPoint | null {
  let best: PlacedPoint | null = null;
  let bd = maxDist * maxDist;
  for (const p of points) {
    const d = (p.x - px) ** 2 + (p.y - py) ** 2;
    const marked = p.kind !== 'frontier' && p.kind !== 'asset';
    if (d < bd || (d === bd && marked)) {
      bd = d;
      best = p;
    }
  }
  return best;
}
