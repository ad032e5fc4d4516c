// The Portfolio panel's pure parts: donut arcs, heatmap colours/ordering/hit-testing, frontier geometry, the form →
// request conversion, the portfolio_allocations SQL (strings, then a round trip on the Node DuckDB store), and the
// portfolio study the worker runs (universe alignment, HRP-ordered correlation, analytics identities, rebalancing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compound, contributions, maxDrawdown, portfolioReturns, quantile, riskMetrics } from '../../src/engine/portfolio-study/analytics';
import { createPortfolioStudy } from '../../src/engine/portfolio-study/index';
import { businessDays, syntheticPrices } from '../../src/engine/portfolio-study/synthetic';
import { demoUniverse, isoLabel, seriesUniverse } from '../../src/engine/portfolio-study/universe';
import { returnsFromPrices, sampleCov } from '../../src/engine/portfolio/index';
import type { OptimizeRequest } from '../../src/shared/portfolio-api';
import {
  ALLOCATION_BATCH,
  insertAllocationsSql,
  insertAssetsSql,
  insertPortfolioSql,
  insertSleeveStrategySql,
  listAllocations,
  listAllocationsSql,
  saveAllocation,
  saveAllocationSql,
  sqlUuid,
  type AllocationRecord,
} from '../../src/store/allocations';
import { openNodeStore } from '../../src/store/duckdb-node';
import type { Store } from '../../src/store/index';
import { cellAt, corrColour, corrCss, heatmapPixels, labelStep, meanOffDiagonal, orderedNames } from '../../src/ui/charts/data/correlation';
import { arcAt, arcPath, donutArcs, OTHER_COLOUR } from '../../src/ui/charts/data/donut';
import { frontierChart, nearestPoint } from '../../src/ui/charts/data/frontier';
import { buildOptimizeRequest, buildRebalanceRequest, defaultPortfolioInputs, defaultRebalanceInputs, parseSectorLimits } from '../../src/ui/state/portfolio-form';

const TAU = 2 * Math.PI;

describe('donut arcs', () => {
  it('gives each non-zero weight its share of gross exposure, largest first, closing at exactly 2π', () => {
    const arcs = donutArcs(['A', 'B', 'C', 'D'], [0.2, 0.5, 0, 0.3]);
    expect(arcs.map((a) => a.name)).toEqual(['B', 'D', 'A']);
    expect(arcs.map((a) => a.share)).toEqual([0.5, 0.3, 0.2]);
    expect(arcs[0].start).toBe(0);
    expect(arcs[0].end).toBeCloseTo(Math.PI, 12);
    expect(arcs[1].start).toBe(arcs[0].end);
    expect(arcs[2].end).toBe(TAU);
  });
  it('merges the tail beyond maxSlices − 1 and below minShare into "Other (k)", and marks shorts', () => {
    const w = [0.4, 0.3, -0.2, 0.05, 0.03, 0.02, 0.005, 0.005];
    const arcs = donutArcs(w.map((_, i) => `X${i}`), w, 4, 0.01);
    expect(arcs.map((a) => a.name)).toEqual(['X0', 'X1', 'X2', 'Other (5)']);
    expect(arcs[2].short).toBe(true);
    expect(arcs[3].colour).toBe(OTHER_COLOUR);
    expect(arcs[3].count).toBe(5);
    expect(arcs[3].weight).toBeCloseTo(0.11, 12);
    const gross = w.reduce((a, v) => a + Math.abs(v), 0);
    expect(arcs[3].share).toBeCloseTo(0.11 / gross, 12);
    // a weight below minShare goes to Other even when slices are left
    expect(donutArcs(['a', 'b'], [0.999, 0.001], 12, 0.01).map((a) => a.name)).toEqual(['a', 'Other (1)']);
    // exactly maxSlices weights: no Other
    expect(donutArcs(['a', 'b', 'c'], [0.5, 0.3, 0.2], 3).map((a) => a.name)).toEqual(['a', 'b', 'c']);
  });
  it('is empty for all-zero weights and rejects bad input by name', () => {
    expect(donutArcs(['a'], [0])).toEqual([]);
    expect(() => donutArcs(['a', 'b'], [1])).toThrow(/same length/);
    expect(() => donutArcs(['a'], [NaN])).toThrow(/weight of a must be finite/);
  });
  it('draws ring sectors, a full ring, and hit-tests angles clockwise from 12 o’clock', () => {
    expect(arcPath(50, 100, 0, Math.PI / 2)).toBe('M0,-100A100,100,0,0,1,100,0L50,0A50,50,0,0,0,0,-50Z');
    expect(arcPath(0, 10, 0, 1.5 * Math.PI)).toBe('M0,-10A10,10,0,1,1,-10,0L0,0Z');
    expect(arcPath(5, 10, 0, TAU)).toBe('M0,-10A10,10,0,1,1,0,10A10,10,0,1,1,0,-10M0,-5A5,5,0,1,0,0,5A5,5,0,1,0,0,-5Z');
    expect(arcPath(5, 10, 1, 1)).toBe('');
    expect(() => arcPath(10, 5, 0, 1)).toThrow(/radii/);
    const arcs = donutArcs(['A', 'B'], [0.25, 0.75]);
    expect(arcAt(arcs, 80, -1, 50, 100)?.name).toBe('B'); // 3 o'clock: a quarter turn, inside B (the larger arc comes first)
    expect(arcAt(arcs, -80, -1, 50, 100)?.name).toBe('A'); // 9 o'clock, just above: angle ≈ 2π − ε → last arc
    expect(arcAt(arcs, 10, 0, 50, 100)).toBeNull();
  });
});

describe('correlation heatmap', () => {
  it('maps −1 / 0 / +1 to the three stops and interpolates linearly', () => {
    expect(corrColour(-1)).toEqual([37, 99, 235]);
    expect(corrColour(0)).toEqual([248, 250, 252]);
    expect(corrColour(1)).toEqual([220, 38, 38]);
    expect(corrColour(0.5)).toEqual([234, 144, 145]);
    expect(corrColour(7)).toEqual(corrColour(1));
    expect(corrColour(NaN)).toEqual([148, 163, 184]);
    expect(corrCss(1)).toBe('rgb(220,38,38)');
  });
  it('makes one RGBA pixel per cell, row-major', () => {
    const px = heatmapPixels([1, -1, 0, 0.5], 2);
    expect(Array.from(px)).toEqual([220, 38, 38, 255, 37, 99, 235, 255, 248, 250, 252, 255, 234, 144, 145, 255]);
    expect(() => heatmapPixels([1, 2, 3], 2)).toThrow(/2×2/);
  });
  it('hit-tests cells, orders names, spaces labels', () => {
    expect(cellAt(0, 0, 100, 20)).toEqual({ row: 0, col: 0 });
    expect(cellAt(99.9, 5.1, 100, 20)).toEqual({ row: 1, col: 19 });
    expect(cellAt(100, 5, 100, 20)).toBeNull();
    expect(cellAt(-1, 5, 100, 20)).toBeNull();
    expect(orderedNames(['a', 'b', 'c'], [2, 0, 1])).toEqual(['c', 'a', 'b']);
    expect(() => orderedNames(['a', 'b'], [0, 0])).toThrow(/permutation/);
    expect(labelStep(20, 400)).toBe(1);
    expect(labelStep(500, 500)).toBe(11);
    expect(meanOffDiagonal([1, 0.2, 0.2, 1], 2)).toBeCloseTo(0.2, 15);
  });
});

describe('frontier chart', () => {
  const input = {
    curve: [
      { volatility: 0.1, expected_return: 0.05 },
      { volatility: 0.12, expected_return: 0.08 },
      { volatility: 0.2, expected_return: 0.12 },
    ],
    assets: [
      { name: 'A', volatility: 0.25, expected_return: 0.1 },
      { name: 'B', volatility: 0.15, expected_return: 0.04 },
    ],
    maxSharpe: { volatility: 0.12, expected_return: 0.08 },
    minVolatility: { volatility: 0.1, expected_return: 0.05 },
    chosen: null,
  };
  it('places the curve left to right and up, assets and both markers, with percent ticks', () => {
    const c = frontierChart(input, 400, 300);
    const curve = c.points.filter((p) => p.kind === 'frontier');
    expect(curve).toHaveLength(3);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i].x).toBeGreaterThan(curve[i - 1].x);
      expect(curve[i].y).toBeLessThan(curve[i - 1].y);
    }
    expect(c.path).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
    expect(c.points.filter((p) => p.kind === 'asset').map((p) => p.label)).toEqual(['A', 'B']);
    expect(c.points.find((p) => p.kind === 'max_sharpe')).toMatchObject({ x: curve[1].x, y: curve[1].y });
    expect(c.points.find((p) => p.kind === 'min_volatility')).toMatchObject({ x: curve[0].x, y: curve[0].y });
    for (const p of c.points) {
      expect(p.x).toBeGreaterThanOrEqual(c.box.left);
      expect(p.x).toBeLessThanOrEqual(c.box.right);
      expect(p.y).toBeGreaterThanOrEqual(c.box.top);
      expect(p.y).toBeLessThanOrEqual(c.box.bottom);
    }
    expect(c.xTicks.every((t) => /%$/.test(t.label))).toBe(true);
    expect(c.yTicks.length).toBeGreaterThan(1);
  });
  it('finds the nearest point within reach, preferring marked portfolios on ties', () => {
    const c = frontierChart(input, 400, 300);
    const ms = c.points.find((p) => p.kind === 'max_sharpe')!;
    expect(nearestPoint(c.points, ms.x + 1, ms.y)?.kind).toBe('max_sharpe');
    expect(nearestPoint(c.points, -100, -100)).toBeNull();
  });
});

describe('portfolio form', () => {
  it('converts the defaults (percent → fractions) to the CLI-shaped request', () => {
    const r = buildOptimizeRequest(defaultPortfolioInputs(), ['A', 'B'], []);
    expect(r).toEqual({
      ok: true,
      value: {
        expected_returns: { method: 'mean_historical', compounding: true, span: 500 },
        risk_model: { method: 'sample_cov', shrinkage_target: 'constant_variance', span: 180, benchmark: 0.000079 },
        objective: { method: 'max_sharpe', risk_free_rate: 0.02 },
        weight_bounds: [0, 1],
        l2_gamma: 0,
        frontier_points: 50,
      },
    });
  });
  it('reads the options of each objective and names the bad field', () => {
    const f = { ...defaultPortfolioInputs(), objective: 'efficient_risk' as const, targetVol: '12', marketNeutral: true, lower: '', upper: '' };
    const r = buildOptimizeRequest(f, ['A'], []);
    expect(r.ok && r.value.objective).toEqual({ method: 'efficient_risk', risk_free_rate: 0.02, target_volatility: 0.12, market_neutral: true });
    expect(r.ok && r.value.weight_bounds).toEqual([null, null]);
    const rp = buildOptimizeRequest({ ...defaultPortfolioInputs(), objective: 'risk_parity', budgets: 'A=2, B=1' }, ['A', 'B'], []);
    expect(rp.ok && rp.value.objective.risk_budget).toEqual({ A: 2, B: 1 });
    expect(buildOptimizeRequest({ ...defaultPortfolioInputs(), objective: 'risk_parity', budgets: 'Z=2' }, ['A'], [])).toMatchObject({ ok: false, field: 'budgets', error: expect.stringContaining('unknown name "Z"') });
    expect(buildOptimizeRequest({ ...defaultPortfolioInputs(), targetVol: 'x', objective: 'efficient_risk' }, [], [])).toMatchObject({ ok: false, field: 'targetVol', error: expect.stringContaining('(0, 1000)') });
    expect(buildOptimizeRequest({ ...defaultPortfolioInputs(), lower: '50', upper: '10' }, [], [])).toMatchObject({ ok: false, field: 'lower' });
    expect(buildOptimizeRequest({ ...defaultPortfolioInputs(), frontierPoints: '1' }, [], [])).toMatchObject({ ok: false, field: 'frontierPoints' });
  });
  it('parses sector limits in percent and rejects unknown sectors', () => {
    expect(parseSectorLimits('Technology<=40, Energy>=5', ['Technology', 'Energy'])).toEqual({ lower: { Energy: 0.05 }, upper: { Technology: 0.4 } });
    expect(() => parseSectorLimits('Tech<=40', ['Technology'])).toThrow(/unknown sector "Tech"/);
    expect(() => parseSectorLimits('Technology=40', ['Technology'])).toThrow(/Sector<=40/);
  });
  it('builds rebalance requests: calendar, threshold in pp, costs in bp', () => {
    const w = Float64Array.of(0.5, 0.5);
    expect(buildRebalanceRequest(defaultRebalanceInputs(), w)).toEqual({ ok: true, value: { weights: w, rule: { type: 'calendar', frequency: 'monthly' }, costs: { rate: 0.001, fixed: 0 }, initial_value: 10000 } });
    const t = buildRebalanceRequest({ ...defaultRebalanceInputs(), rule: 'threshold', threshold: '2.5' }, w);
    expect(t.ok && t.value.rule).toEqual({ type: 'threshold', threshold: 0.025 });
    expect(buildRebalanceRequest({ ...defaultRebalanceInputs(), costBps: '-1' }, w)).toMatchObject({ ok: false, field: 'costBps' });
  });
});

const P = '11111111-2222-4333-8444-555555555555';
const S = '66666666-7777-4888-9999-aaaaaaaaaaaa';
function record(): AllocationRecord {
  return {
    portfolioId: P,
    name: "max_sharpe · O'Neil",
    settings: { objective: 'max_sharpe' },
    summary: { sharpe: 1.5, nan: NaN },
    sleeves: [
      { name: "DEMO:O'NEIL", kind: 'asset', allocationPct: 61.5, targetPct: 60 },
      { name: 'SMA(10,30) · ACME', kind: 'strategy', strategyType: 'SMA_CROSS', parameters: { type: 'sma_cross' }, allocationPct: 38.5, targetPct: 40 },
    ],
    lastRebalanceMs: Date.UTC(2025, 11, 1),
    newIds: [S],
  };
}

describe('portfolio_allocations SQL', () => {
  it('quotes names, casts ids and percentages, and stamps the last rebalance', () => {
    expect(insertPortfolioSql(record())).toBe(
      "INSERT INTO strategies (id, name, strategy_type, parameters, backtest_results, last_signal_date, is_active) VALUES (CAST('11111111-2222-4333-8444-555555555555' AS UUID), 'max_sharpe · O''Neil', 'PORTFOLIO', '{\"objective\":\"max_sharpe\"}', '{\"sharpe\":1.5,\"nan\":null}', epoch_ms(CAST(1764547200000 AS BIGINT)), false)",
    );
    expect(insertAssetsSql(["DEMO:O'NEIL", "DEMO:O'NEIL"])).toBe(
      "INSERT INTO strategies (name, strategy_type, parameters) SELECT v.name, 'ASSET', v.parameters FROM (VALUES ('DEMO:O''NEIL', '{\"symbol\":\"DEMO:O''NEIL\"}')) AS v(name, parameters) WHERE NOT EXISTS (SELECT 1 FROM strategies s WHERE s.strategy_type = 'ASSET' AND s.name = v.name)",
    );
    expect(insertAssetsSql([])).toBeNull();
    expect(insertSleeveStrategySql(S, record().sleeves[1])).toBe(
      "INSERT INTO strategies (id, name, strategy_type, parameters) VALUES (CAST('66666666-7777-4888-9999-aaaaaaaaaaaa' AS UUID), 'SMA(10,30) · ACME', 'SMA_CROSS', '{\"type\":\"sma_cross\"}')",
    );
    expect(insertAllocationsSql(record(), [undefined, S])).toEqual([
      "INSERT INTO portfolio_allocations (portfolio_id, strategy_id, allocation_percentage, target_allocation, last_rebalance) VALUES " +
        "(CAST('11111111-2222-4333-8444-555555555555' AS UUID), (SELECT id FROM strategies WHERE strategy_type = 'ASSET' AND name = 'DEMO:O''NEIL' ORDER BY created_at, id LIMIT 1), CAST('61.5' AS DOUBLE), CAST('60' AS DOUBLE), epoch_ms(CAST(1764547200000 AS BIGINT))), " +
        "(CAST('11111111-2222-4333-8444-555555555555' AS UUID), CAST('66666666-7777-4888-9999-aaaaaaaaaaaa' AS UUID), CAST('38.5' AS DOUBLE), CAST('40' AS DOUBLE), epoch_ms(CAST(1764547200000 AS BIGINT)))",
    ]);
    expect(listAllocationsSql()).toMatch(/WHERE p\.strategy_type = 'PORTFOLIO' ORDER BY p\.created_at DESC/);
  });
  it('orders the statements of a save and batches allocation rows', () => {
    const sql = saveAllocationSql(record());
    expect(sql).toEqual([insertPortfolioSql(record()), insertAssetsSql(["DEMO:O'NEIL"]), insertSleeveStrategySql(S, record().sleeves[1]), ...insertAllocationsSql(record(), [undefined, S])]);
    const many = { ...record(), sleeves: Array.from({ length: ALLOCATION_BATCH + 1 }, (_, i) => ({ name: `A${i}`, kind: 'asset' as const, allocationPct: 0.1, targetPct: 0.1 })), newIds: [] };
    expect(insertAllocationsSql(many, [])).toHaveLength(2);
  });
  it('rejects injection through ids, bad percentages and missing ids, naming the field', () => {
    expect(() => sqlUuid("x' OR 1=1 --", 'portfolio id')).toThrow(/portfolio id must be a UUID/);
    expect(() => insertPortfolioSql({ ...record(), portfolioId: "'; DROP TABLE bars; --" })).toThrow(/portfolio id must be a UUID/);
    expect(() => insertAllocationsSql({ ...record(), sleeves: [{ name: 'A', kind: 'asset', allocationPct: NaN, targetPct: 1 }] }, [])).toThrow(/sleeves\[0\]\.allocationPct/);
    expect(() => saveAllocationSql({ ...record(), newIds: [] })).toThrow(/newIds must hold one UUID per unsaved strategy sleeve \(1\)/);
    expect(() => saveAllocationSql({ ...record(), sleeves: [] })).toThrow(/at least one sleeve/);
    expect(() => insertPortfolioSql({ ...record(), name: ' ' })).toThrow(/portfolio name/);
  });
});

describe('portfolio_allocations in DuckDB', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openNodeStore();
  });
  afterAll(async () => {
    await store?.close();
  });
  it('saves twice (the asset row is shared) and lists both, newest first', async () => {
    await saveAllocation(store, record());
    const second = { ...record(), portfolioId: 'aaaaaaaa-2222-4333-8444-555555555555', newIds: ['bbbbbbbb-7777-4888-9999-aaaaaaaaaaaa'], name: 'second' };
    await saveAllocation(store, second);
    const list = await listAllocations(store);
    expect(list).toHaveLength(2);
    expect(list.map((l) => l.sleeves)).toEqual([2, 2]);
    const first = list.find((l) => l.id === P)!;
    expect(first.rows).toEqual([
      { name: "DEMO:O'NEIL", allocationPct: 61.5, targetPct: 60 },
      { name: 'SMA(10,30) · ACME', allocationPct: 38.5, targetPct: 40 },
    ]);
    const assets = (await store.query("SELECT count(*)::DOUBLE AS n FROM strategies WHERE strategy_type = 'ASSET'")).toArray()[0].toJSON();
    expect(assets.n).toBe(1);
    const last = (await store.query(`SELECT epoch_ms(last_rebalance)::DOUBLE AS t FROM portfolio_allocations WHERE portfolio_id = '${P}' LIMIT 1`)).toArray()[0].toJSON();
    expect(last.t).toBe(Date.UTC(2025, 11, 1));
  });
  it('writes nothing when a statement fails (transaction rolled back)', async () => {
    const before = (await listAllocations(store)).length;
    // the same portfolio id again: the primary key fails after nothing else has been committed
    await expect(saveAllocation(store, record())).rejects.toThrow();
    expect(await listAllocations(store)).toHaveLength(before);
  });
});

const day = (i: number) => Date.UTC(2020, 0, 1) + i * 86_400_000;

describe('portfolio study (the worker’s computations, in-thread)', () => {
  it('aligns series on the union of times with ragged starts as NaN', () => {
    const u = seriesUniverse([
      { name: 'a', ts: Float64Array.of(day(0), day(1), day(2)), values: Float64Array.of(1, 2, 3) },
      { name: 'b', ts: Float64Array.of(day(1), day(3)), values: Float64Array.of(5, 6) },
    ]);
    expect(u.dates).toEqual(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04']);
    expect(Array.from(u.prices)).toEqual([1, NaN, 2, 5, 3, NaN, NaN, 6]);
    expect(() => seriesUniverse([{ name: 'a', ts: Float64Array.of(1, 2), values: Float64Array.of(1, -1) }, { name: 'b', ts: Float64Array.of(1, 2), values: Float64Array.of(1, 1) }])).toThrow(/values must be > 0/);
    expect(isoLabel(Date.UTC(2020, 0, 2, 9, 30))).toBe('2020-01-02T09:30');
  });

  it('orders the correlation by HRP so correlated pairs sit together', () => {
    // a and c share one driver, b and d another: the quasi-diagonal order keeps {a, c} and {b, d} adjacent.
    const T = 300;
    let s = 7;
    const g = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.02;
    const px = [1, 1, 1, 1].map(() => new Float64Array(T));
    const ts = Float64Array.from({ length: T }, (_, t) => day(t));
    for (let i = 0; i < 4; i++) px[i][0] = 100;
    for (let t = 1; t < T; t++) {
      const f1 = g();
      const f2 = g();
      const r = [f1 + 0.2 * g(), f2 + 0.2 * g(), f1 + 0.2 * g(), f2 + 0.2 * g()];
      for (let i = 0; i < 4; i++) px[i][t] = px[i][t - 1] * (1 + r[i]);
    }
    const study = createPortfolioStudy();
    study.setUniverse({ kind: 'series', series: ['a', 'b', 'c', 'd'].map((name, i) => ({ name, ts, values: px[i] })) });
    const r = study.optimize({ ...request(), objective: { method: 'hrp', risk_free_rate: 0 }, frontier_points: 0 });
    const pos = (k: number) => r.order.indexOf(k);
    expect(Math.abs(pos(0) - pos(2))).toBe(1);
    expect(Math.abs(pos(1) - pos(3))).toBe(1);
    // the matrix is reordered: cell (k, l) holds ρ(order[k], order[l]); diagonal 1, symmetric, the pairs high
    const n = 4;
    for (let k = 0; k < n; k++) expect(r.correlation[k * n + k]).toBeCloseTo(1, 6);
    expect(r.correlation[pos(0) * n + pos(2)]).toBeGreaterThan(0.9);
    expect(r.correlation[pos(0) * n + pos(1)]).toBeLessThan(0.3);
    expect(r.weights.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 12);
  });

  it('optimizes the demo universe: max Sharpe weights sum to 1, frontier and markers, analytics identities', () => {
    const study = createPortfolioStudy();
    const u = study.setUniverse({ kind: 'demo', symbols: ['DEMO:ACME', 'DEMO:RAILX', 'DEMO:MEDIQ', 'DEMO:PETRV', 'DEMO:VAULT'] });
    expect(u.assets).toHaveLength(5);
    expect(u.sectors.every((s) => typeof s === 'string')).toBe(true);
    const r = study.optimize(request());
    // the study's shortcut for sample_cov (re-using the daily pairwise covariance) equals risk_models.sample_cov exactly
    const cov = sampleCov(returnsFromPrices(demoUniverse(['DEMO:ACME', 'DEMO:RAILX', 'DEMO:MEDIQ', 'DEMO:PETRV', 'DEMO:VAULT']))).matrix;
    expect(r.asset_points.map((p) => p.volatility)).toEqual([0, 1, 2, 3, 4].map((i) => Math.sqrt(cov[i * 5 + i])));
    expect(r.weights.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 9);
    expect(Math.min(...r.weights)).toBeGreaterThanOrEqual(-1e-12);
    expect(r.frontier).toHaveLength(10);
    expect(r.max_sharpe!.sharpe_ratio).toBeCloseTo(r.performance.sharpe_ratio!, 6);
    for (const p of r.frontier) expect(p.volatility).toBeGreaterThanOrEqual(r.min_volatility!.volatility - 1e-9);
    const total = r.contributions.reduce((a, c) => a + c, 0);
    expect(total).toBeCloseTo(r.equity[r.equity.length - 1] - 1, 10);
    expect(r.ts).toHaveLength(r.equity.length);
    expect(r.risk.risk_contributions.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 10);
    expect(r.risk.var_95).toBeGreaterThan(0);
    expect(r.risk.cvar_95).toBeGreaterThanOrEqual(r.risk.var_95);
    const a = study.allocate(Object.fromEntries(r.assets.map((n, i) => [n, r.weights[i]])), 10000, null);
    const spent = Object.entries(a.allocation).reduce((s, [n, k]) => s + k * r.latest_prices[r.assets.indexOf(n)], 0);
    expect(spent + a.leftover).toBeCloseTo(10000, 6);
    const rb = study.rebalance({ weights: new Float64Array(5).fill(0.2), rule: { type: 'calendar', frequency: 'monthly' }, costs: { rate: 0.001, fixed: 0 }, initial_value: 10000 });
    expect(rb.events[0].reason).toBe('initial');
    expect(rb.events.length - 1).toBeGreaterThan(100); // ten years of month starts
    expect(rb.events.slice(1).every((e) => e.reason === 'calendar' && e.cost > 0)).toBe(true);
    expect(rb.ts).toHaveLength(rb.equity.length);
    expect(rb.final_weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    expect(() => study.optimize({ ...request(), sector_upper: { Nowhere: 0.3 } })).toThrow(/unknown sector "Nowhere"/);
    expect(() => study.optimize({ ...request(), objective: { method: 'max_sharpe', risk_free_rate: 0, market_neutral: true } })).toThrow(/market neutral applies/);
  });

  it('fails clearly before a universe is loaded', () => {
    expect(() => createPortfolioStudy().optimize(request())).toThrow(/no universe loaded/);
  });
});

function request(): OptimizeRequest {
  return {
    expected_returns: { method: 'mean_historical', compounding: true, span: 500 },
    risk_model: { method: 'sample_cov', shrinkage_target: 'constant_variance', span: 180, benchmark: 0.000079 },
    objective: { method: 'max_sharpe', risk_free_rate: 0.0 },
    weight_bounds: [0, 1],
    l2_gamma: 0,
    frontier_points: 10,
  };
}

describe('analytics and the synthetic universe', () => {
  it('matches hand computations', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.05)).toBeCloseTo(1.2, 15); // numpy.quantile linear
    expect(Array.from(compound([0.1, -0.5]))).toEqual([1, 1.1, 0.55]);
    expect(maxDrawdown([1, 2, 1, 3, 1.5])).toBe(-0.5);
    const ret = { dates: ['1', '2'], assets: ['a', 'b'], r: Float64Array.of(0.1, NaN, -0.2, 0.3) };
    const w = [0.5, 0.5];
    const { port, equal } = portfolioReturns(ret, w);
    expect(port[0]).toBeCloseTo(0.05, 15);
    expect(port[1]).toBeCloseTo(0.05, 15);
    expect(equal[0]).toBeCloseTo(0.1, 15);
    expect(equal[1]).toBeCloseTo(0.05, 15);
    const eq = compound(port);
    const c = contributions(ret, w, eq);
    expect(c[0] + c[1]).toBeCloseTo(eq[2] - 1, 15);
    const m = riskMetrics(Float64Array.of(0.01, -0.02, 0.03), Float64Array.of(0.01, -0.01, 0.02), w, Float64Array.of(1, 0, 0, 1), 252);
    expect(m.beta_equal_weight).toBeCloseTo(((0.01 - 0.02 / 3) * (0.01 - 1 / 150) + (-0.02 - 0.02 / 3) * (-0.01 - 1 / 150) + (0.03 - 0.02 / 3) * (0.02 - 1 / 150)) / ((0.01 - 1 / 150) ** 2 + (-0.01 - 1 / 150) ** 2 + (0.02 - 1 / 150) ** 2), 12);
    expect(Array.from(m.risk_contributions)).toEqual([0.5, 0.5]);
  });
  it('is deterministic per seed, on business days, and validates its fields', () => {
    const a = syntheticPrices(5, 40, 3);
    expect(Array.from(syntheticPrices(5, 40, 3).prices)).toEqual(Array.from(a.prices));
    expect(Array.from(syntheticPrices(5, 40, 4).prices)).not.toEqual(Array.from(a.prices));
    expect(a.assets).toEqual(['S000', 'S001', 'S002', 'S003', 'S004']);
    expect(a.dates.slice(0, 6)).toEqual(['2016-01-04', '2016-01-05', '2016-01-06', '2016-01-07', '2016-01-08', '2016-01-11']);
    expect(Array.from(businessDays(3), (t) => new Date(t).getUTCDay())).toEqual([1, 2, 3]);
    expect(() => syntheticPrices(1, 40, 1)).toThrow(/synthetic assets must be an integer in \[2, 2000\]/);
    expect(() => syntheticPrices(5, 10, 1)).toThrow(/synthetic days/);
  });
});
