// Walk-forward: window geometry, the choice uses in-sample rows only (truncation test), OOS trades equal a backtest
// started at the OOS row, the stitched curve chains the windows, and the efficiency follows its definition.
import { beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest/index';
import { periodReturns } from '../../src/engine/backtest/period';
import { createEngine } from '../../src/engine/index';
import { executeSweep, prepareSweep, bestRow } from '../../src/engine/sweep/run';
import { sliceBars, walkForward, walkForwardWindows } from '../../src/engine/walkforward/index';
import type { Kernels } from '../../src/kernels/index';
import { loadKernelsNode } from '../../src/kernels/node';
import type { Bars } from '../../src/shared/types';

let k: Kernels;
let bars: Bars;
beforeAll(async () => {
  k = await loadKernelsNode();
  bars = sliceBars(createEngine(k).demoBars('DEMO:QBIT', '1d'), 0, 1000);
});

const REQ = {
  strategy: { type: 'sma_cross', params: { fast: [5, 10, 20], slow: [30, 60] } },
  metric: 'sharpe_ratio',
  in_sample: 300,
  out_of_sample: 100,
};

describe('walk-forward windows', () => {
  it('rolling and anchored geometry, OOS cut at the next window and at n', () => {
    expect(walkForwardWindows(10, 'rolling', 4, 3, 3)).toEqual([
      { is_start: 0, is_end: 4, oos_start: 4, oos_end: 7 },
      { is_start: 3, is_end: 7, oos_start: 7, oos_end: 10 },
    ]);
    expect(walkForwardWindows(10, 'anchored', 4, 4, 2).map((w) => [w.is_start, w.is_end, w.oos_start, w.oos_end])).toEqual([
      [0, 4, 4, 6],
      [0, 6, 6, 8],
      [0, 8, 8, 10],
    ]);
    expect(walkForwardWindows(10, 'rolling', 4, 2, 5)).toEqual([
      { is_start: 0, is_end: 4, oos_start: 4, oos_end: 6 },
      { is_start: 5, is_end: 9, oos_start: 9, oos_end: 10 },
    ]);
  });
});

describe('walkForward', () => {
  it('each window picks the IS-best and trades it OOS from a warmed-up start; the stitched curve chains them', async () => {
    const r = await walkForward(k, REQ, bars);
    expect(r.windows.length).toBe(7); // OOS starts 300, 400, …, 900
    let e = 10000;
    let pos = 0;
    for (const w of r.windows) {
      const p = prepareSweep({ strategy: REQ.strategy }, bars, { pbo: false });
      const is = await executeSweep(k, p, sliceBars(bars, w.is_start, w.is_end));
      expect(w.combo).toBe(is.table.combo[Math.max(0, bestRow(is.table.metrics.sharpe_ratio))]);
      const one = runBacktest(k, { strategy: { type: 'sma_cross', params: w.params }, start: w.oos_start - w.is_start }, sliceBars(bars, w.is_start, w.oos_end));
      expect(w.oos_stats).toEqual(one.stats);
      for (const x of periodReturns(one.equity, 10000, one.start_row)) {
        e *= 1 + x;
        expect(r.stitched.equity[pos]).toBe(e);
        expect(r.stitched.ts[pos]).toBe(bars.ts[w.oos_start + (pos - (r.stitched.ts.indexOf(bars.ts[w.oos_start])))]);
        pos++;
      }
    }
    expect(pos).toBe(700);
    expect(r.metrics.annual_return).toBe(r.oos_annual_return);
    const g = r.windows.reduce((a, w) => a * (1 + w.is_stats.total_return), 1);
    expect(r.is_annual_return).toBeCloseTo(g ** (252 / 2100) - 1, 14);
    expect(r.efficiency).toBe(r.oos_annual_return / r.is_annual_return);
  });

  it('truncation: changing bars from a window’s OOS start on never changes that window’s choice or IS stats', async () => {
    const r = await walkForward(k, REQ, bars);
    for (const target of [0, 3, 6]) {
      const cut = r.windows[target].oos_start;
      const mutate = (a: Float64Array) => a.map((v, i) => (i >= cut ? v * (i % 2 ? 1.7 : 0.4) : v));
      const changed: Bars = { ...bars, open: mutate(bars.open), high: mutate(bars.high).map((v, i) => Math.max(v, mutate(bars.open)[i], mutate(bars.close)[i])), low: mutate(bars.low).map((v, i) => Math.min(v, mutate(bars.open)[i], mutate(bars.close)[i])), close: mutate(bars.close) };
      const r2 = await walkForward(k, REQ, changed);
      for (let w = 0; w <= target; w++) {
        expect(r2.windows[w].combo).toBe(r.windows[w].combo);
        expect(r2.windows[w].is_stats).toEqual(r.windows[w].is_stats);
      }
    }
  });

  it('anchored mode grows the IS window from row 0', async () => {
    const r = await walkForward(k, { ...REQ, mode: 'anchored', step: 200, out_of_sample: 200 }, bars);
    expect(r.windows.map((w) => [w.is_start, w.is_end, w.oos_end])).toEqual([
      [0, 300, 500],
      [0, 500, 700],
      [0, 700, 900],
      [0, 900, 1000],
    ]);
  });

  it('rejects bad requests naming the field', async () => {
    await expect(walkForward(k, { ...REQ, in_sample: 1 }, bars)).rejects.toThrow(/^in_sample: must be an integer ≥ 2/);
    await expect(walkForward(k, { ...REQ, in_sample: 1000 }, bars)).rejects.toThrow(/^in_sample: must be < the number of bars/);
    await expect(walkForward(k, { ...REQ, mode: 'expanding' }, bars)).rejects.toThrow(/^mode: must be "rolling" or "anchored"/);
    await expect(walkForward(k, { ...REQ, start: 10 }, bars)).rejects.toThrow(/^start: not used by walk-forward/);
    await expect(walkForward(k, { ...REQ, out_of_sample: undefined }, bars)).rejects.toThrow(/^out_of_sample: missing/);
  });
});
