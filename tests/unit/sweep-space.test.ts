// Parameter spaces, constraints, random search, the scheduler's cancel, the SQL builders (as strings) and the Arrow table.
import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLUMN_METRICS } from '../../src/engine/backtest/columns';
import { expandSpace, parseConstraint, rangeValues, scheduleBatches, sweepHeatmapSql, sweepTable, sweepTableToArrowIPC, sweepTopSql } from '../../src/engine/sweep/index';

describe('ranges and lists', () => {
  it('include both ends; float steps never drift', () => {
    expect(rangeValues({ min: 5, max: 50, step: 5 }, 'p')).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(rangeValues({ min: 0.1, max: 0.7, step: 0.1 }, 'p')).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(rangeValues({ min: 1, max: 2, step: 0.25 }, 'p')).toEqual([1, 1.25, 1.5, 1.75, 2]);
    expect(rangeValues({ min: 5, max: 52, step: 5 }, 'p').at(-1)).toBe(50);
    expect(rangeValues({ min: 3, max: 3, step: 1 }, 'p')).toEqual([3]);
  });
  it('property: k·step values are exact decimals within [min, max] and max is reached when on the grid', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 }), (a, s, k, d) => {
        const scale = 10 ** d;
        const vs = rangeValues({ min: a / scale, max: (a + s * k) / scale, step: s / scale }, 'p');
        return vs.length === k + 1 && vs.every((v, i) => v === (a + s * i) / scale);
      }),
    );
  });
  it('bad ranges and lists name the path', () => {
    const e = (p: unknown) => () => expandSpace({ type: 'sma_cross', params: { fast: p, slow: 100 } });
    expect(e({ min: 5, max: 1, step: 1 })).toThrow(/^strategy\.params\.fast\.max: must be ≥ min \(5\), got 1$/);
    expect(e({ min: 5, max: 10, step: 0 })).toThrow(/^strategy\.params\.fast\.step: must be > 0/);
    expect(e({ min: 5, max: 10 })).toThrow(/^strategy\.params\.fast\.step: must be a finite number/);
    expect(e({ min: 5, max: 10, step: 1, stp: 2 })).toThrow(/^strategy\.params\.fast\.stp: unknown field/);
    expect(e([])).toThrow(/^strategy\.params\.fast: must list at least one value/);
    expect(e([5, 5])).toThrow(/lists a value twice/);
    expect(e(['5'])).toThrow(/^strategy\.params\.fast\[0\]: must be a finite number or a boolean/);
    expect(e(2.5)).toThrow(/^strategy\.params\.fast: /); // validate.ts: integer
    expect(() => expandSpace({ type: 'sma_cross', params: { fsat: [5] } })).toThrow(/strategy\.params\.fsat/);
  });
});

describe('constraints', () => {
  const names = ['fast', 'slow', 'flag'];
  const numeric = [true, true, false];
  it('parse the tiny grammar', () => {
    expect(parseConstraint('fast < slow', names, numeric, 'c')).toMatchObject({ left: { param: 0 }, op: '<', right: { param: 1 } });
    expect(parseConstraint('slow>=2.5e1', names, numeric, 'c')).toMatchObject({ left: { param: 1 }, op: '>=', right: { value: 25 } });
    expect(parseConstraint('-3 != fast', names, numeric, 'c')).toMatchObject({ left: { value: -3 }, op: '!=' });
  });
  it('reject anything else with a message', () => {
    const bad = ['fast << slow', 'fast < slow < 3', 'fast + 1 < slow', 'fast', 'process.exit()', '1 < 2', 'fast = slow', '', 'fast < slow;'];
    for (const b of bad) expect(() => parseConstraint(b, names, numeric, 'c[0]'), b).toThrow(/^c\[0\]: /);
    expect(() => parseConstraint('fats < slow', names, numeric, 'c[0]')).toThrow(/unknown parameter "fats"/);
    expect(() => parseConstraint('flag < slow', names, numeric, 'c[0]')).toThrow(/not numeric/);
    expect(() => parseConstraint(3, names, numeric, 'c[0]')).toThrow(/must be a string/);
  });
  it('filter the grid, which keeps grid order (first param slowest)', () => {
    const s = expandSpace({ type: 'sma_cross', params: { fast: [10, 20, 30], slow: [15, 25] }, constraints: ['fast < slow'] });
    expect(s.combos).toEqual([[10, 15], [10, 25], [20, 25]]);
    expect(s.specs[2]).toEqual({ type: 'sma_cross', params: { fast: 20, slow: 25 } });
    expect(() => expandSpace({ type: 'sma_cross', params: { fast: [30], slow: [15] }, constraints: ['fast < slow'] })).toThrow(/^strategy\.constraints: no combination/);
  });
  it('booleans and rules strategies', () => {
    const s = expandSpace({ type: 'macd_momentum', params: { fast: 12, slow: 26, signal: [5, 9], zero_filter: [false, true] } });
    expect(s.free).toEqual(['signal', 'zero_filter']);
    expect(s.combos).toEqual([[12, 26, 5, false], [12, 26, 5, true], [12, 26, 9, false], [12, 26, 9, true]]);
    const r = expandSpace({ type: 'rules', params: { lo: { min: 20, max: 30, step: 10 } }, rules: { entry_long: { op: '<', left: { indicator: 'RSI' }, right: { param: 'lo' } } } });
    expect(r.specs.map((x) => x.params)).toEqual([{ lo: 20 }, { lo: 30 }]);
  });
});

describe('random search', () => {
  const space = { type: 'sma_cross', params: { fast: { min: 2, max: 40, step: 1 }, slow: { min: 10, max: 200, step: 2 } }, constraints: ['fast < slow'] };
  it('is deterministic per seed, distinct, within the constrained grid, in grid order', () => {
    const grid = expandSpace(space);
    const a = expandSpace(space, { search: 'random', max_tries: 100, seed: 7 });
    const b = expandSpace(space, { search: 'random', max_tries: 100, seed: 7 });
    const c = expandSpace(space, { search: 'random', max_tries: 100, seed: 8 });
    expect(a.combos).toEqual(b.combos);
    expect(a.combos).not.toEqual(c.combos);
    const keys = a.combos.map((x) => x.join());
    expect(new Set(keys).size).toBe(100);
    const gridKeys = grid.combos.map((x) => x.join());
    const pos = keys.map((k) => gridKeys.indexOf(k));
    expect(pos.every((p) => p >= 0)).toBe(true);
    expect(pos).toEqual([...pos].sort((x, y) => x - y));
    expect(a.gridSize).toBe(grid.combos.length);
  });
  it('max_tries ≥ the grid returns the whole grid; bad options name the field', () => {
    expect(expandSpace({ type: 'sma_cross', params: { fast: [5, 6], slow: 30 } }, { search: 'random', max_tries: 10 }).combos.length).toBe(2);
    expect(() => expandSpace(space, { search: 'random' })).toThrow(/^max_tries: random search needs max_tries/);
    expect(() => expandSpace(space, { search: 'random', max_tries: 0 })).toThrow(/^max_tries: must be an integer in 1\.\./);
    expect(() => expandSpace(space, { search: 'random', max_tries: 5, seed: 1.5 })).toThrow(/^seed: must be an integer/);
    expect(() => expandSpace(space, { search: 'bayes' as 'grid' })).toThrow(/^search: must be "grid" or "random"/);
    expect(() => expandSpace(space, { max_tries: 5 })).toThrow(/^max_tries: the grid holds \d+ combinations/);
  });
});

describe('scheduler', () => {
  it('stops promptly on cancel with concurrent in-flight batches and keeps only completed batches', async () => {
    const ctl = new AbortController();
    const merged: number[] = [];
    let t0 = 0;
    const slow = (lo: number) => new Promise<number>((r) => setTimeout(() => r(lo), 30));
    setTimeout(() => {
      t0 = performance.now();
      ctl.abort();
    }, 50);
    const out = await scheduleBatches({ total: 1000, batchSize: 10, concurrency: 2, run: slow, onBatch: (lo) => merged.push(lo), signal: ctl.signal });
    const latency = performance.now() - t0;
    expect(out.completed).toBe(false);
    expect(latency).toBeLessThan(100);
    expect(out.done).toBe(merged.length * 10);
    expect(merged.length).toBeGreaterThan(0);
    expect(merged.length).toBeLessThan(100);
  });
  it('reports progress with rate and ETA, and propagates a batch error', async () => {
    let t = 0;
    const seen: number[] = [];
    await scheduleBatches({ total: 25, batchSize: 10, run: () => 0, onBatch: () => undefined, onProgress: (p) => seen.push(p.done, p.eta), now: () => (t += 1000) });
    expect(seen).toEqual([10, 1.5, 20, 0.5, 25, 0]); // 10 combos per 1000 ms: ETA 15/10 s, then 5/10 s
    await expect(scheduleBatches({ total: 5, batchSize: 2, run: (lo) => { if (lo === 2) throw new Error('boom'); return 0; }, onBatch: () => undefined })).rejects.toThrow('boom');
  });
});

describe('table, Arrow and SQL', () => {
  const metrics = Object.fromEntries(COLUMN_METRICS.map((m, i) => [m, Float64Array.from([i, NaN, i + 0.5])])) as never;
  const t = sweepTable(['fast', 'zero_filter', 'sharpe_ratio'], [[5, true, 1], [10, false, 2], [15, true, 3]], Int32Array.from([0, 1, 2]), metrics);
  it('Arrow IPC round-trips: combo, params (bool stays bool; a name clashing with a metric is prefixed), metrics with NaN', () => {
    const table = arrow.tableFromIPC(sweepTableToArrowIPC(t));
    expect(table.schema.fields.map((f) => f.name)).toEqual(['combo', 'fast', 'zero_filter', 'param_sharpe_ratio', ...COLUMN_METRICS]);
    expect(Array.from(table.getChild('fast')!.toArray())).toEqual([5, 10, 15]);
    expect(table.getChild('zero_filter')!.toArray().length).toBe(3);
    expect([...table.getChild('zero_filter')!]).toEqual([true, false, true]);
    expect(Number.isNaN(table.getChild('sharpe_ratio')!.get(1))).toBe(true);
  });
  it('heatmap SQL: two params × a metric, others fixed or aggregated, NaN excluded', () => {
    expect(sweepHeatmapSql({ table: 'sweep_1', x: 'fast', y: 'slow', metric: 'sharpe_ratio' })).toBe(
      'SELECT "fast" AS x, "slow" AS y, max("sharpe_ratio") FILTER (WHERE NOT isnan("sharpe_ratio")) AS value, count(*) AS n FROM "sweep_1" GROUP BY "fast", "slow" ORDER BY "fast", "slow"',
    );
    expect(sweepHeatmapSql({ table: 's', x: 'signal', y: 'slow', metric: 'total_return', aggregate: 'mean', fixed: { fast: 12, zero_filter: true } })).toBe(
      'SELECT "signal" AS x, "slow" AS y, avg("total_return") FILTER (WHERE NOT isnan("total_return")) AS value, count(*) AS n FROM "s" WHERE "fast" = 12 AND "zero_filter" = TRUE GROUP BY "signal", "slow" ORDER BY "signal", "slow"',
    );
    expect(() => sweepHeatmapSql({ table: 's', x: 'a', y: 'a', metric: 'sharpe_ratio' })).toThrow(/^y: must differ/);
    expect(() => sweepHeatmapSql({ table: 's', x: 'a', y: 'b', metric: 'sharpe' as never })).toThrow(/^metric: must be one of/);
    expect(() => sweepHeatmapSql({ table: 's', x: 'a', y: 'b', metric: 'sharpe_ratio', fixed: { a: 1 } })).toThrow(/^fixed\.a: is a heatmap axis/);
    expect(() => sweepHeatmapSql({ table: 's', x: 'a', y: 'b', metric: 'sharpe_ratio', fixed: { c: NaN } })).toThrow(/^fixed\.c: must be a finite number/);
  });
  it('top-N SQL: NaN last, ties by combination; identifiers quoted', () => {
    expect(sweepTopSql({ table: 'sw"p', metric: 'calmar_ratio', n: 10 })).toBe('SELECT * FROM "sw""p" ORDER BY isnan("calmar_ratio"), "calmar_ratio" DESC, "combo" LIMIT 10');
    expect(sweepTopSql({ table: 's', metric: 'max_drawdown', n: 3, ascending: true, fixed: { sharpe_ratio: 1 } })).toBe(
      'SELECT * FROM "s" WHERE "param_sharpe_ratio" = 1 ORDER BY isnan("max_drawdown"), "max_drawdown" ASC, "combo" LIMIT 3',
    );
    expect(() => sweepTopSql({ table: 's', metric: 'sharpe_ratio', n: 0 })).toThrow(/^n: must be a positive integer/);
  });
});
