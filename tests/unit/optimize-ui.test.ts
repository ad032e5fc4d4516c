// The Optimize section's pure data prep: the parameter-space form → sweep request and complexity (against the
// engine's expandSpace), the pool-side merge of batches (against executeSweep in-thread), query answers from DuckDB
// (a real sweep table in Node DuckDB), the heatmap and walk-forward chart geometry, and the pool size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMN_METRICS } from '../../src/engine/backtest/columns';
import { createEngine } from '../../src/engine/index';
import {
  executeSweep,
  prepareSweep,
  runSweepBatch,
  sweepHeatmapSql,
  sweepTableToArrowIPC,
  sweepTopSql,
} from '../../src/engine/sweep/index';
import { expandSpace } from '../../src/engine/sweep/space';
import { walkForwardWindows } from '../../src/engine/walkforward/index';
import type { Kernels } from '../../src/kernels/index';
import { loadKernelsNode } from '../../src/kernels/node';
import type { StrategySpec } from '../../src/shared/backtest';
import type { Bars } from '../../src/shared/types';
import { openNodeStore } from '../../src/store/duckdb-node';
import type { Store } from '../../src/store/index';
import {
  EMPTY_CELL,
  formatCellValue,
  heatColour,
  heatDomain,
  heatmapChart,
  type HeatCell,
} from '../../src/ui/charts/data/heatmap';
import { stitchedRows, walkForwardChart } from '../../src/ui/charts/data/walkforward';
import { strategyForm } from '../../src/ui/state/backtest-config';
import { SweepCollector } from '../../src/engine/sweep/collect';
import { batchSizeFor, poolSize } from '../../src/ui/state/optimize-pool';
import { formatEta, formatMs, formatRate, heatCells, toNumber, topRows } from '../../src/ui/state/optimize-results';
import {
  buildSpace,
  constraintList,
  defaultSpaceInputs,
  spaceComplexity,
  sweepRequest,
  type SpaceInputs,
} from '../../src/ui/state/optimize-space';

const SMA: StrategySpec = { type: 'sma_cross', params: { fast: 10, slow: 30 } };

function smaInputs(): SpaceInputs {
  return defaultSpaceInputs(SMA, strategyForm('sma_cross').fields);
}

describe('parameter-space form', () => {
  it('starts from the sma_cross preset with "fast < slow" and counts 23 trials, as expandSpace', () => {
    const f = smaInputs();
    expect(f.params.map((p) => [p.name, p.mode, p.min, p.max, p.step])).toEqual([
      ['fast', 'range', '5', '25', '5'],
      ['slow', 'range', '20', '60', '10'],
    ]);
    expect(f.constraints).toBe('fast < slow');
    const b = buildSpace(f);
    if (!b.ok) throw new Error(b.error);
    const c = spaceComplexity(b.strategy, b.search);
    expect(c).toMatchObject({
      free: ['fast', 'slow'],
      gridPoints: 25,
      constrained: 23,
      exact: true,
      trials: 23,
      values: { fast: 5, slow: 5 },
    });
    expect(expandSpace(b.strategy, b.search).specs.length).toBe(23);
  });

  it('builds fixed values, lists, booleans and random search; complexity equals expandSpace for each', () => {
    const macd = defaultSpaceInputs(
      { type: 'macd_momentum', params: { fast: 12, slow: 26, signal: 9, zero_filter: false } },
      strategyForm('macd_momentum').fields,
    );
    const sig = macd.params.find((p) => p.name === 'signal')!;
    sig.mode = 'list';
    sig.list = '5, 9 ,13';
    macd.params.find((p) => p.name === 'zero_filter')!.mode = 'list'; // both values
    for (const search of [{ search: 'grid' as const }, { search: 'random' as const, maxTries: '17', seed: '7' }]) {
      const b = buildSpace({ ...macd, ...search });
      if (!b.ok) throw new Error(b.error);
      expect(b.strategy.params).toEqual({
        fast: { min: 8, max: 16, step: 4 },
        slow: { min: 20, max: 32, step: 6 },
        signal: [5, 9, 13],
        zero_filter: [false, true],
      });
      const c = spaceComplexity(b.strategy, b.search);
      const e = expandSpace(b.strategy, b.search);
      expect(c.trials).toBe(e.specs.length);
      expect(c.free).toEqual(e.free);
    }
  });

  it('names the bad field: non-numbers, fractional integer params, empty lists, the cap, max_tries', () => {
    const f = smaInputs();
    const bad = (patch: (x: SpaceInputs) => void) => {
      const x = structuredClone(f);
      patch(x);
      const b = buildSpace(x);
      expect(b.ok).toBe(false);
      return b.ok ? '' : b.error;
    };
    expect(bad((x) => (x.params[0].min = 'abc'))).toBe('strategy.params.fast.min: enter a number, got "abc"');
    expect(bad((x) => (x.params[1].step = '2.5'))).toBe('strategy.params.slow.step: must be a whole number, got "2.5"');
    expect(bad((x) => ((x.params[0].mode = 'list'), (x.params[0].list = ' , ')))).toContain(
      'strategy.params.fast: list at least one value',
    );
    expect(bad((x) => ((x.params[0].mode = 'list'), (x.params[0].list = '5, x')))).toBe(
      'strategy.params.fast[1]: enter a number, got "x"',
    );
    expect(bad((x) => (x.cap = '0'))).toBe('trial cap: must be in 1..1000000, got 0');
    expect(bad((x) => ((x.search = 'random'), (x.maxTries = '')))).toBe('max_tries: enter a number, got ""');
  });

  it("complexity reports the engine's messages for bad ranges and constraints", () => {
    const b = buildSpace({ ...smaInputs(), constraints: 'fast << slow' });
    if (!b.ok) throw new Error(b.error);
    expect(() => spaceComplexity(b.strategy, b.search)).toThrow(/strategy\.constraints\[0\]/);
    const r = buildSpace({ ...smaInputs(), params: smaInputs().params.map((p) => (p.name === 'fast' ? { ...p, max: '1' } : p)) });
    if (!r.ok) throw new Error(r.error);
    expect(() => spaceComplexity(r.strategy, r.search)).toThrow('strategy.params.fast.max: must be ≥ min (5), got 1');
  });

  it('splits constraints on lines and semicolons; a sweep request keeps the trading settings', () => {
    expect(constraintList(' fast < slow \n\n; slow <= 60;')).toEqual(['fast < slow', 'slow <= 60']);
    const b = buildSpace(smaInputs());
    if (!b.ok) throw new Error(b.error);
    expect(sweepRequest(b, { cash: 5000, direction: 'long_short' }, 'sortino_ratio')).toEqual({
      cash: 5000,
      direction: 'long_short',
      strategy: b.strategy,
      search: 'grid',
      metric: 'sortino_ratio',
    });
  });

  it('rules strategies sweep their numeric params around the value, with fast < slow', () => {
    const f = defaultSpaceInputs({
      type: 'rules',
      params: { fast: 8, slow: 21 },
      rules: { entry_long: { op: '>', left: { price: 'close' }, right: 0 } },
    } as StrategySpec);
    expect(f.params.map((p) => [p.name, p.min, p.max, p.step])).toEqual([
      ['fast', '4', '12', '2'],
      ['slow', '11', '31', '5'],
    ]);
    expect(f.constraints).toBe('fast < slow');
    expect(f.rules).toEqual({ entry_long: { op: '>', left: { price: 'close' }, right: 0 } });
  });
});

let k: Kernels;
let bars: Bars;
let store: Store;
beforeAll(async () => {
  k = await loadKernelsNode();
  const all = createEngine(k).demoBars('DEMO:ACME', '1d');
  const cut = (a: Float64Array) => a.slice(0, 700);
  bars = {
    ...all,
    ts: cut(all.ts),
    open: cut(all.open),
    high: cut(all.high),
    low: cut(all.low),
    close: cut(all.close),
    volume: cut(all.volume),
  };
  store = await openNodeStore();
});
afterAll(async () => store?.close());

const REQ = {
  strategy: {
    type: 'sma_cross',
    params: { fast: { min: 4, max: 20, step: 2 }, slow: [20, 30, 40, 50] },
    constraints: ['fast < slow'],
  },
  direction: 'long_short',
  commission: { rate: 0.001 },
};

describe('SweepCollector', () => {
  it("merges batches arriving in any order into exactly executeSweep's run; a partial run holds whole batches only", async () => {
    const p = prepareSweep(REQ, bars);
    const want = await executeSweep(k, p, bars, { batchSize: 7 });
    const total = p.space.specs.length;
    const ranges: [number, number][] = [];
    for (let lo = 0; lo < total; lo += 5) ranges.push([lo, Math.min(total, lo + 5)]);
    const c = new SweepCollector(total, p.setup.blocks, p.rows);
    for (const [lo, hi] of [...ranges].reverse()) c.add(lo, hi, runSweepBatch(k, bars, p.setup, p.space.specs.slice(lo, hi)));
    const got = c.finish(p.space);
    expect(got.completed).toBe(true);
    expect(Array.from(got.table.combo)).toEqual(Array.from(want.table.combo));
    for (const m of COLUMN_METRICS) expect(Array.from(got.table.metrics[m]), m).toEqual(Array.from(want.table.metrics[m]));
    expect(Array.from(got.table.params[0])).toEqual(Array.from(want.table.params[0]));
    expect(got.blocks).toEqual(want.blocks);

    const part = new SweepCollector(total, p.setup.blocks, p.rows);
    part.add(10, 15, runSweepBatch(k, bars, p.setup, p.space.specs.slice(10, 15)));
    part.add(0, 5, runSweepBatch(k, bars, p.setup, p.space.specs.slice(0, 5)));
    const pr = part.finish(p.space);
    expect(pr.completed).toBe(false);
    expect(Array.from(pr.table.combo)).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
    pr.table.combo.forEach((kk, r) => expect(pr.table.metrics.sharpe_ratio[r]).toBe(want.table.metrics.sharpe_ratio[kk]));
    expect(pr.blocks.trials).toBe(10);
    expect(Array.from(pr.blocks.sum.subarray(5 * p.setup.blocks, 6 * p.setup.blocks))).toEqual(
      Array.from(want.blocks.sum.subarray(10 * p.setup.blocks, 11 * p.setup.blocks)),
    );
  });

  it('rejects a batch merged twice or out of range', () => {
    const p = prepareSweep(REQ, bars);
    const c = new SweepCollector(p.space.specs.length, p.setup.blocks, p.rows);
    const r = runSweepBatch(k, bars, p.setup, p.space.specs.slice(0, 3));
    c.add(0, 3, r);
    expect(() => c.add(2, 5, r)).toThrow('batch range [2, 5) was merged twice');
    expect(() => c.add(-1, 2, r)).toThrow(/must lie within/);
    expect(() => new SweepCollector(-1, 0, 10)).toThrow('total: must be a non-negative integer, got -1');
  });
});

describe('query answers from DuckDB', () => {
  it('reads heatmap cells and top rows of a real sweep table (BigInt counts, NULL cells as NaN)', async () => {
    const p = prepareSweep(REQ, bars);
    const run = await executeSweep(k, p, bars);
    await store.withConnection((c) => c.insertArrowIPC(sweepTableToArrowIPC(run.table), 'sweep_t'));
    const cells = heatCells(
      await store.query(sweepHeatmapSql({ table: 'sweep_t', x: 'fast', y: 'slow', metric: 'sharpe_ratio' })),
    );
    expect(cells.length).toBe(run.table.combo.length); // two free params: one row per cell
    const t = run.table;
    cells.forEach((c) => {
      const r = t.combo.findIndex((_, i) => t.params[0][i] === c.x && t.params[1][i] === c.y);
      const v = t.metrics.sharpe_ratio[r];
      expect(c.n).toBe(1);
      if (Number.isNaN(v)) expect(c.value).toBeNaN();
      else expect(c.value).toBe(v);
    });
    const top = topRows(await store.query(sweepTopSql({ table: 'sweep_t', metric: 'total_return', n: 5 })));
    const want = Array.from(t.combo.keys())
      .sort((a, b) => t.metrics.total_return[b] - t.metrics.total_return[a] || a - b)
      .slice(0, 5);
    expect(top.map((r) => r.combo)).toEqual(want.map((r) => t.combo[r]));
    expect(top[0].values.fast).toBe(t.params[0][want[0]]);
    expect(top[0].values.trades).toBe(t.metrics.trades[want[0]]);
    // a cell whose metric is NaN in every row aggregates to NULL; its count is a BIGINT
    const nul = heatCells(await store.query('SELECT 1::DOUBLE AS x, 2::DOUBLE AS y, NULL::DOUBLE AS value, count(*) AS n'));
    expect(nul).toEqual([{ x: 1, y: 2, value: NaN, n: 1 }]);
  });

  it('converts DuckDB values and formats progress numbers', () => {
    expect([toNumber(3n), toNumber(2.5), toNumber(true), toNumber(null), toNumber(undefined)]).toEqual([3, 2.5, 1, NaN, NaN]);
    expect(() => heatCells({ numRows: 0, schema: { fields: [{ name: 'x' }] }, getChild: () => null })).toThrow(
      'query answer has no column "x" (columns: x)',
    );
    expect([formatMs(0.4), formatMs(9999.4), formatMs(12_345)]).toEqual(['0 ms', '9999 ms', '12.3 s']);
    expect([formatEta(4.4), formatEta(125), formatEta(NaN)]).toEqual(['4 s', '2 min 5 s', '–']);
    expect(formatRate(12345.6)).toBe('12,346/s');
  });
});

describe('heatmap geometry', () => {
  const cells: HeatCell[] = [
    { x: 5, y: 20, value: -1, n: 1 },
    { x: 10, y: 20, value: 0.5, n: 1 },
    { x: 5, y: 30, value: 2, n: 1 },
    { x: 10, y: 30, value: NaN, n: 1 },
  ];

  it('lays one column per x and one row per y (largest y on top), coloured around 0, NaN grey', () => {
    const h = heatmapChart(cells, 252, 136); // plot 52..244 × 6..106: cells 96 × 50
    expect(h.xs).toEqual([5, 10]);
    expect(h.ys).toEqual([20, 30]);
    expect(h.box).toEqual({ left: 52, right: 244, top: 6, bottom: 106 });
    expect(h.rects.map((r) => [r.x, r.y, r.w, r.h, r.text])).toEqual([
      [52, 56, 95, 49, '-1'],
      [148, 56, 95, 49, '0.5'],
      [52, 6, 95, 49, '2'],
      [148, 6, 95, 49, '–'],
    ]);
    expect(h.domain).toEqual({ lo: -2, hi: 2, diverging: true });
    expect(h.rects[3].fill).toBe(EMPTY_CELL);
    expect(h.xTicks).toEqual([
      { at: 100, label: '5' },
      { at: 196, label: '10' },
    ]);
    expect(h.yTicks).toEqual([
      { at: 81, label: '20' },
      { at: 31, label: '30' },
    ]);
  });

  it('colours: diverging red→green through 0, sequential viridis when one-signed, middle for a single value', () => {
    const d = heatDomain([-1, 2])!;
    expect(heatColour(-2, d)).toBe('rgb(165, 0, 38)'); // RdYlGn(0)
    expect(heatColour(2, d)).toBe('rgb(0, 104, 55)'); // RdYlGn(1)
    expect(heatDomain([1, 3])).toEqual({ lo: 1, hi: 3, diverging: false });
    expect(heatColour(1, heatDomain([1, 3]))).toBe('#440154'); // viridis(0)
    expect(heatColour(5, heatDomain([5]))).toBe(heatColour(2, heatDomain([1, 3])));
    expect(heatDomain([NaN, Infinity])).toBeNull();
    expect(heatColour(1, null)).toBe(EMPTY_CELL);
    expect([formatCellValue(1.23456), formatCellValue(12345), formatCellValue(0), formatCellValue(-Infinity)]).toEqual([
      '1.23',
      '1.2e+4',
      '0',
      '−∞',
    ]);
  });

  it('hides cell text when cells are small and thins axis labels', () => {
    const many: HeatCell[] = [];
    for (let x = 0; x < 40; x++) for (let y = 0; y < 40; y++) many.push({ x, y, value: x - y, n: 1 });
    const h = heatmapChart(many, 400, 300);
    expect(h.rects.every((r) => r.text === '')).toBe(true);
    expect(h.xTicks.length).toBeLessThanOrEqual(Math.floor((400 - 8 - 52) / 36));
    expect(h.xTicks[0].label).toBe('0');
  });
});

describe('walk-forward chart geometry', () => {
  it('maps stitched points to their OOS rows and windows to lanes on one bar axis', () => {
    const ws = walkForwardWindows(40, 'rolling', 20, 5, 5); // 4 windows, OOS rows 20..39
    expect(Array.from(stitchedRows(ws))).toEqual(Array.from({ length: 20 }, (_, i) => 20 + i));
    const ts = Float64Array.from({ length: 40 }, (_, i) => Date.UTC(2020, 0, 1 + i));
    const equity = Float64Array.from({ length: 20 }, (_, i) => 100 + i);
    const c = walkForwardChart(ts, ws, equity, 464, 220); // x: rows 0..40 → 8..400 (9.8 px per row)
    expect(c.lanes.items.map((l) => [l.is.x, l.is.w, l.oos.x, l.oos.w])).toEqual([
      [8, 196, 204, 49],
      [57, 196, 253, 49],
      [106, 196, 302, 49],
      [155, 196, 351, 49],
    ]);
    expect(c.equity.path.startsWith('M204,')).toBe(true);
    expect(c.equity.path).toMatch(/L390.2,[\d.]+$/); // last point at row 39
    expect(c.equity.box.top).toBeGreaterThan(c.lanes.box.bottom);
  });

  it('rejects overlapping windows and an equity of the wrong length', () => {
    expect(() =>
      stitchedRows([
        { is_start: 0, is_end: 5, oos_start: 5, oos_end: 8 },
        { is_start: 0, is_end: 6, oos_start: 6, oos_end: 9 },
      ]),
    ).toThrow('windows[1]: OOS rows [6, 9) must be non-empty and after row 7');
    const ws = walkForwardWindows(30, 'anchored', 20, 5, 5);
    expect(() => walkForwardChart(new Float64Array(30), ws, new Float64Array(3), 300, 200)).toThrow(
      'equity: must hold one value per stitched OOS row (10), got 3',
    );
  });
});

describe('pool and batch sizes', () => {
  it('cuts at least 8 batches per worker, 16..128 combinations each', () => {
    expect([batchSizeFor(23, 2), batchSizeFor(1000, 2), batchSizeFor(59_501, 2), batchSizeFor(59_501, 16)]).toEqual([
      16, 63, 128, 128,
    ]);
  });

  it('is navigator.hardwareConcurrency clamped to 1..16', () => {
    expect([poolSize(2), poolSize(64), poolSize(undefined), poolSize(0), poolSize(3.7)]).toEqual([2, 16, 1, 1, 3]);
  });
});
