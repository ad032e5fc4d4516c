// Sweeps end to end: every row equals running that combination alone; batching, concurrency and cancel keep the table
// consistent; the best row and its overfitting statistics follow their definitions.
import { beforeAll, describe, expect, it } from 'vitest';
import { COLUMN_METRICS } from '../../src/engine/backtest/columns';
import { runBacktest } from '../../src/engine/backtest/index';
import { createEngine } from '../../src/engine/index';
import { pboFromMatrix } from '../../src/engine/overfit/pbo';
import { bestRow, executeSweep, prepareSweep, runSweepBatch, summarizeSweep, type SweepRun } from '../../src/engine/sweep/index';
import { periodReturns } from '../../src/engine/backtest/period';
import type { Kernels } from '../../src/kernels/index';
import { loadKernelsNode } from '../../src/kernels/node';
import type { Bars } from '../../src/shared/types';

let k: Kernels;
let bars: Bars;
beforeAll(async () => {
  k = await loadKernelsNode();
  const all = createEngine(k).demoBars('DEMO:ACME', '1d');
  const cut = (a: Float64Array) => a.slice(0, 900);
  bars = { ...all, ts: cut(all.ts), open: cut(all.open), high: cut(all.high), low: cut(all.low), close: cut(all.close), volume: cut(all.volume) };
});

const SMA_REQ = {
  strategy: { type: 'sma_cross', params: { fast: { min: 5, max: 25, step: 5 }, slow: { min: 10, max: 65, step: 5 } }, constraints: ['fast < slow'] },
  commission: { rate: 0.0005 },
  direction: 'long_short',
};

function same(got: number, want: number, where: string): void {
  if (Object.is(got, want)) return;
  expect(Math.abs(got - want), `${where}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
}

function checkAgainstSingles(run: SweepRun, req: Record<string, unknown>, specs: unknown[]): void {
  const { strategy: _s, metric: _m, blocks: _b, search: _x, max_tries: _t, seed: _d, ...base } = req;
  run.table.combo.forEach((kk, r) => {
    const one = runBacktest(k, { ...base, strategy: specs[kk] }, bars);
    for (const m of COLUMN_METRICS) same(run.table.metrics[m][r], one.stats[m], `combo ${kk} ${m}`);
  });
}

describe('sweep', () => {
  it('sma_cross grid: N combinations in grid order, each equal to runBacktest alone', async () => {
    const p = prepareSweep(SMA_REQ, bars);
    // fast 5..25 (5 values) × slow 10..65 (12 values) with fast < slow: Σ over fast of #slow > fast = 12+11+10+9+8.
    expect(p.space.specs.length).toBe(50);
    expect(p.space.combos[0]).toEqual([5, 10]);
    expect(p.space.combos[49]).toEqual([25, 65]);
    const run = await executeSweep(k, p, bars, { batchSize: 7 });
    expect(run.completed).toBe(true);
    expect(Array.from(run.table.combo)).toEqual([...Array(50).keys()]);
    checkAgainstSingles(run, SMA_REQ, p.space.specs);
  });

  it('non-SMA strategies (per-spec signals path) equal runBacktest alone, with start and stops', async () => {
    const req = {
      strategy: { type: 'rsi_mean_reversion', params: { period: [7, 14], lower: { min: 20, max: 35, step: 7.5 }, upper: 70 } },
      start: 100,
      stop_loss: { pct: 0.05 },
      blocks: 8,
    };
    const p = prepareSweep(req, bars);
    expect(p.space.combos.map((c) => c[1])).toEqual([20, 27.5, 35, 20, 27.5, 35]);
    const run = await executeSweep(k, p, bars, { batchSize: 4 });
    checkAgainstSingles(run, req, p.space.specs);
    expect(run.blocks.counts.reduce((a, b) => a + b, 0)).toBe(800);
  });

  it('results do not depend on batch size or concurrency', async () => {
    const p = prepareSweep(SMA_REQ, bars);
    const a = await executeSweep(k, p, bars, { batchSize: 50 });
    const b = await executeSweep(k, p, bars, { batchSize: 4, concurrency: 3, runBatch: async (specs) => runSweepBatch(k, bars, p.setup, specs) });
    for (const m of COLUMN_METRICS) expect(Array.from(b.table.metrics[m])).toEqual(Array.from(a.table.metrics[m]));
    expect(Array.from(b.blocks.sum)).toEqual(Array.from(a.blocks.sum));
  });

  it('block sums give the same PBO as the explicit returns matrix of the combinations', async () => {
    const p = prepareSweep({ ...SMA_REQ, blocks: 6 }, bars);
    const run = await executeSweep(k, p, bars);
    const { strategy: _s, ...base } = SMA_REQ;
    const cols = p.space.specs.map((strategy) => {
      const r = runBacktest(k, { ...base, strategy }, bars);
      return periodReturns(r.equity, 10000, r.start_row);
    });
    const matrix = Array.from({ length: cols[0].length }, (_, t) => cols.map((c) => c[t]));
    const viaSweep = summarizeSweep(k, p, run, bars).overfit.pbo;
    expect(viaSweep).toBe(pboFromMatrix(matrix, 6).pbo);
  });

  it('cancel between batches keeps a consistent partial table', async () => {
    const p = prepareSweep(SMA_REQ, bars);
    const ctl = new AbortController();
    let batches = 0;
    const run = await executeSweep(k, p, bars, {
      batchSize: 5,
      onProgress: (pr) => {
        expect(pr.total).toBe(50);
        expect(pr.done).toBeLessThanOrEqual(50);
        if (++batches === 3) ctl.abort();
      },
      signal: ctl.signal,
    });
    expect(run.completed).toBe(false);
    expect(Array.from(run.table.combo)).toEqual([...Array(15).keys()]);
    expect(run.blocks.trials).toBe(15);
    checkAgainstSingles(run, SMA_REQ, p.space.specs);
    const full = await executeSweep(k, p, bars);
    expect(Array.from(run.blocks.sum)).toEqual(Array.from(full.blocks.sum.subarray(0, 15 * 16)));
  });

  it('best is the highest metric (NaN never, ties first) and carries runBacktest stats', async () => {
    expect(bestRow(Float64Array.from([NaN, 1, 3, 3, NaN]))).toBe(2);
    expect(bestRow(Float64Array.from([NaN, NaN]))).toBe(-1);
    const p = prepareSweep({ ...SMA_REQ, metric: 'total_return' }, bars);
    const run = await executeSweep(k, p, bars);
    const s = summarizeSweep(k, p, run, bars);
    const tr = run.table.metrics.total_return;
    expect(s.best!.stats.total_return).toBe(Math.max(...tr));
    expect(s.overfit.trials).toBe(50);
    expect(s.overfit.free_parameters).toBe(2);
    expect(s.overfit.kurtosis).toBeGreaterThan(0);
    expect(s.overfit.dsr).toBeLessThanOrEqual(s.overfit.psr);
    expect(s.overfit.sentence).toMatch(/^With 50 trials, a Sharpe of -?\d+\.\d\d has a (<1%|>99%|\d+%) chance of being luck\./);
  });

  it('rejects bad requests naming the field', () => {
    expect(() => prepareSweep({ ...SMA_REQ, metric: 'sharp' }, bars)).toThrow(/^metric: must be one of/);
    expect(() => prepareSweep({ ...SMA_REQ, blocks: 5 }, bars)).toThrow(/^blocks: must be an even integer/);
    expect(() => prepareSweep({ ...SMA_REQ, cash: -1 }, bars)).toThrow(/^cash:/);
    expect(() => prepareSweep({ strategy: { type: 'sma_cross', params: { fast: [5, 40], slow: 30 } } }, bars)).toThrow(
      /strategy\.params\.fast: must be < slow .*combination 1: fast=40, slow=30.*add a constraint/,
    );
  });
});
