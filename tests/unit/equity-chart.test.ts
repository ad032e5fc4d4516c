// Geometry of the backtest charts (src/ui/charts/data/equity.ts): layout, extents, the per-pixel (M4) path
// reduction, the drawdown area, and the scaling of the equity and comparison charts. No DOM, no clock.
import { describe, expect, it } from 'vitest';
import {
  areaPath,
  comparisonChart,
  equityChart,
  equityLayout,
  finiteExtent,
  formatAxisPercent,
  formatAxisValue,
  linePath,
} from '../../src/ui/charts/data/equity';

/** The (x, y) points of an SVG path made of M/L commands, and how many subpaths (M) it has. */
function points(d: string): { pts: [number, number][]; moves: number } {
  const pts: [number, number][] = [];
  let moves = 0;
  for (const m of d.matchAll(/([MLZ])([-\d.]+)?,?([-\d.]+)?/g)) {
    if (m[1] === 'M') moves++;
    if (m[1] !== 'Z') pts.push([Number(m[2]), Number(m[3])]);
  }
  return { pts, moves };
}

const id = (v: number) => v;

describe('equity chart data', () => {
  it('splits the plot into equity (72 %) over drawdown, inside the axes', () => {
    const L = equityLayout(800, 260);
    // plot 8..240; split at 8 + round(232 × 0.72) = 175, 4 px each side
    expect(L.equity).toEqual({ left: 8, right: 736, top: 8, bottom: 171 });
    expect(L.drawdown).toEqual({ left: 8, right: 736, top: 179, bottom: 240 });
    const tiny = equityLayout(0, 0);
    expect(tiny.equity.right).toBeGreaterThan(tiny.equity.left);
    expect(tiny.drawdown.bottom).toBeGreaterThan(tiny.equity.top);
  });

  it('finds the finite extent of several series over a row range', () => {
    expect(
      finiteExtent(
        [
          [5, NaN, 1, 9],
          [3, Infinity],
        ],
        1,
        4,
      ),
    ).toEqual([1, Infinity]);
    expect(finiteExtent([[5, NaN, 1, 9]], 1, 3)).toEqual([1, 1]);
    expect(finiteExtent([[NaN, NaN]], 0, 2)).toBeNull();
    expect(finiteExtent([], 0, 10)).toBeNull();
  });

  it('draws one point per row when rows are wider than a pixel, breaking the line at NaN', () => {
    const d = linePath(
      [1, 2, NaN, 4, 5],
      0,
      5,
      (i) => i * 10,
      (v) => 100 - v,
    );
    expect(d).toBe('M0,99L10,98M30,96L40,95');
    expect(linePath([NaN, NaN], 0, 2, id, id)).toBe('');
    expect(linePath([1, 2, 3], 1, 3, (i) => i * 10, id)).toBe('M10,2L20,3');
  });

  it('keeps only first, min, max and last of each pixel column (M4), in row order', () => {
    // 1000 rows on 10 pixels: 100 rows per column
    const values = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) * 50 + (i % 100 === 50 ? 500 : 0));
    const d = linePath(values, 0, 1000, (i) => Math.floor(i / 100) + 0.4, id);
    const { pts, moves } = points(d);
    expect(moves).toBe(1);
    expect(pts.length).toBeLessThanOrEqual(40);
    // every column's spike (value + 500 at row 50 of the column) survives the reduction
    const peaks = pts.filter(([, y]) => y > 400);
    expect(peaks.length).toBe(10);
    // the extremes of the whole path equal those of the data (rounded to 0.1)
    const ys = pts.map((p) => p[1]);
    const ext = finiteExtent([values], 0, 1000)!;
    expect(Math.min(...ys)).toBeCloseTo(ext[0], 1);
    expect(Math.max(...ys)).toBeCloseTo(ext[1], 1);
  });

  it('closes the drawdown area on the zero line, NaN counting as 0', () => {
    const d = areaPath(
      [0, -0.1, NaN, -0.2],
      1,
      4,
      (i) => i * 10,
      (v) => -v * 100,
    );
    expect(d).toBe('M10,0L10,10L20,0L30,20L30,0Z');
    expect(areaPath([0, -0.1], 2, 2, id, id)).toBe('');
  });

  it('scales equity and benchmark to the top box and drawdown to the bottom box from start_row', () => {
    const n = 50;
    const equity = Float64Array.from({ length: n }, (_, i) => (i < 10 ? 1000 : 1000 + (i - 10) * 10));
    const benchmark = Float64Array.from({ length: n }, (_, i) => (i < 10 ? NaN : 1000 - (i - 10) * 5));
    const drawdown = Float64Array.from({ length: n }, (_, i) => (i === 30 ? -0.25 : 0));
    const ts = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000);
    const c = equityChart({ ts, equity, drawdown, benchmark, from: 10 }, 600, 300);
    const L = c.layout;
    const eq = points(c.equityPath).pts;
    expect(eq[0][0]).toBe(L.equity.left); // row 10 at the left edge: rows before start_row are not drawn
    expect(eq[eq.length - 1][0]).toBe(L.equity.right);
    for (const [, y] of [...eq, ...points(c.benchmarkPath).pts]) {
      expect(y).toBeGreaterThanOrEqual(L.equity.top);
      expect(y).toBeLessThanOrEqual(L.equity.bottom);
    }
    // rising equity: last point higher (smaller y) than the first; falling benchmark the opposite
    expect(eq[eq.length - 1][1]).toBeLessThan(eq[0][1]);
    const bm = points(c.benchmarkPath).pts;
    expect(bm[bm.length - 1][1]).toBeGreaterThan(bm[0][1]);
    // drawdown: zero at the box top, -25 % inside the box
    const dd = points(c.drawdownPath).pts;
    expect(dd[0][1]).toBe(L.drawdown.top);
    const deepest = Math.max(...dd.map((p) => p[1]));
    expect(deepest).toBeGreaterThan(L.drawdown.top);
    expect(deepest).toBeLessThanOrEqual(L.drawdown.bottom);
    expect(c.drawdownTicks.map((t) => t.label)).toContain('-20%');
    expect(c.equityTicks.length).toBeGreaterThan(1);
    expect(c.timeTicks.length).toBeGreaterThan(0);
    for (const t of c.timeTicks) expect(t.at).toBeGreaterThanOrEqual(L.equity.left);
  });

  it('draws a flat or one-row series without NaN coordinates', () => {
    const c = equityChart({ ts: [0], equity: [100], drawdown: [0], from: 0 }, 300, 200);
    expect(c.equityPath).toMatch(/^M[\d.]+,[\d.]+$/);
    const flat = equityChart({ ts: [0, 1, 2], equity: [5, 5, 5], drawdown: [0, 0, 0], from: 0 }, 300, 200);
    expect(flat.equityPath).not.toContain('NaN');
    expect(flat.drawdownPath).not.toContain('NaN');
  });

  it('overlays runs as cumulative returns on one UTC time axis', () => {
    const day = 86_400_000;
    const t0 = Date.UTC(2024, 0, 1);
    const a = { ts: [t0, t0 + day, t0 + 2 * day], equity: [1000, 1100, 1200], cash: 1000, from: 0, colour: 'red', label: 'A' };
    const b = {
      ts: [t0 + day, t0 + 2 * day, t0 + 3 * day],
      equity: [50_000, 25_000, 40_000],
      cash: 50_000,
      from: 1,
      colour: 'blue',
      label: 'B',
    };
    const c = comparisonChart([a, b], 500, 200);
    expect(c.paths.map((p) => [p.colour, p.label])).toEqual([
      ['red', 'A'],
      ['blue', 'B'],
    ]);
    const pa = points(c.paths[0].d).pts;
    const pb = points(c.paths[1].d).pts;
    expect(pa[0][0]).toBe(c.box.left); // earliest time at the left edge
    expect(pb[pb.length - 1][0]).toBe(c.box.right); // latest time at the right edge
    expect(pb.length).toBe(2); // B starts at its row 1
    expect(pa[2][0]).toBeCloseTo(pb[0][0], 1); // same date (t0 + 2 days), same x
    // +20 % (A's end) is above 0 and −50 % (B's row 1) below it, both inside the box
    const ys = [...pa, ...pb].map((p) => p[1]);
    for (const y of ys) {
      expect(y).toBeGreaterThanOrEqual(c.box.top);
      expect(y).toBeLessThanOrEqual(c.box.bottom);
    }
    expect(pa[2][1]).toBeLessThan(pb[0][1]);
    expect(c.yTicks.map((t) => t.label)).toContain('0%');
    expect(comparisonChart([], 300, 100).paths).toEqual([]);
  });

  it('labels axes compactly', () => {
    expect(formatAxisValue(12_500)).toBe('12.5K');
    expect(formatAxisValue(1_234_567)).toBe('1.23M');
    expect(formatAxisValue(950)).toBe('950');
    expect(formatAxisPercent(-0.25)).toBe('-25%');
    expect(formatAxisPercent(0.123)).toBe('12.3%');
  });
});
