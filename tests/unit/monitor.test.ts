// The performance monitor (src/engine/portfolio/monitor.ts): the circular block bootstrap, Page's CUSUM on
// constructed series, a clearly degraded live series alerting, and the false-alarm rate of same-distribution live
// series over seeded runs (measured: percentile rule 6.5 %, CUSUM h = 8 2 % of 200 one-year runs).
import { describe, expect, it } from 'vitest';
import { blockBootstrap, monitorPerformance, pageCusum, resolveMonitorOptions } from '../../src/engine/portfolio/monitor';
import { maxDrawdown, sharpeRatio } from '../../src/engine/metrics/returns';
import { Rng } from '../../src/sources/random';

const gen = (rng: Rng, n: number, mu: number, sd: number) => Float64Array.from({ length: n }, () => mu + sd * rng.normal());

describe('block bootstrap', () => {
  it('draws whole circular blocks, seeded', () => {
    const r = Float64Array.from({ length: 50 }, (_, i) => i);
    const a = blockBootstrap(r, 23, 20, 5, 7);
    expect(blockBootstrap(r, 23, 20, 5, 7)).toEqual(a);
    expect(blockBootstrap(r, 23, 20, 5, 8)).not.toEqual(a);
    for (const x of a) {
      expect(x.length).toBe(23);
      // Inside a block consecutive values step by 1 modulo 50.
      for (let j = 0; j < 23; j++) if (j % 5 !== 0) expect(x[j]).toBe((x[j - 1] + 1) % 50);
    }
    expect(() => blockBootstrap([1], 5, 1, 1, 1)).toThrow('backtest returns: need at least 2 values, got 1');
  });
});

describe("Page's CUSUM", () => {
  it('accumulates standardized shortfalls beyond k and alarms past h, then restarts', () => {
    // μ 0, σ 1, k 0.5, h 2: shortfalls z = 1.5 each add 1 → S 1, 2, 3 (> 2: alarm, restart at 0), then 1.
    const c = pageCusum([-1.5, -1.5, -1.5, -1.5, 1, 0.4], 0, 1, 0.5, 2);
    expect(Array.from(c.stat)).toEqual([1, 2, 3, 1, 0, 0]);
    expect(c.alarms).toEqual([2]);
    expect(() => pageCusum([1], 0, 0, 0.5, 5)).toThrow('standard deviation must be > 0');
  });
});

describe('monitorPerformance', () => {
  it('compares each window with the bootstrap percentiles it reports', () => {
    const rng = new Rng(3);
    const bt = gen(rng, 800, 0.0005, 0.01);
    const live = gen(rng, 200, 0.0005, 0.01);
    const m = monitorPerformance(live, bt, { samples: 400 });
    expect(m.bootstrap.sharpe.length).toBe(400);
    expect(m.evaluations.map((e) => e.end)).toEqual([62, 83, 104, 125, 146, 167, 188]);
    for (const e of m.evaluations) {
      const w = live.subarray(e.end - 62, e.end + 1);
      expect(e.sharpe).toBe(sharpeRatio(w));
      expect(e.max_drawdown).toBe(maxDrawdown(w));
      expect(e.breach).toBe(e.sharpe < m.thresholds.sharpe || e.max_drawdown < m.thresholds.max_drawdown);
    }
    // The 5th percentile sits in the lower tail of the sorted distribution.
    expect(m.thresholds.sharpe).toBeLessThan(m.bootstrap.sharpe[200]);
    expect(m.thresholds.sharpe).toBeGreaterThanOrEqual(m.bootstrap.sharpe[0]);
  });

  it('alerts on a clearly degraded series by both rules', () => {
    const rng = new Rng(11);
    const bt = gen(rng, 1000, 0.0008, 0.01);
    const bad = gen(rng, 252, -0.004, 0.015);
    const m = monitorPerformance(bad, bt, { samples: 500 });
    expect(m.percentile_alert).not.toBeNull();
    expect(m.cusum.alarms.length).toBeGreaterThan(0);
    expect(m.alert).toBe(Math.min(m.percentile_alert as number, m.cusum.alarms[0]));
    const all = monitorPerformance(bad, bt, { samples: 500, rule: 'all' });
    expect(all.alert).toBe(Math.max(m.percentile_alert as number, m.cusum.alarms[0]));
  });

  it('rarely alerts on live returns from the backtest distribution (false-alarm rate over 200 seeded runs)', () => {
    let pct = 0, cus = 0, any = 0, det = 0;
    const R = 200;
    for (let s = 0; s < R; s++) {
      const rng = new Rng(1000 + s);
      const bt = gen(rng, 1000, 0.0008, 0.01);
      const live = gen(rng, 252, 0.0008, 0.01);
      const bad = gen(rng, 252, -0.002, 0.012);
      const m = monitorPerformance(live, bt, { samples: 500, seed: s });
      if (m.percentile_alert !== null) pct++;
      if (m.cusum.alarms.length) cus++;
      if (m.alert !== null) any++;
      if (monitorPerformance(bad, bt, { samples: 500, seed: s }).alert !== null) det++;
    }
    expect(pct / R).toBeLessThan(0.12);
    expect(cus / R).toBeLessThan(0.06);
    expect(any / R).toBeLessThan(0.15);
    expect(det / R).toBeGreaterThan(0.9);
  });

  it('names bad options', () => {
    expect(() => resolveMonitorOptions({ window: 1 })).toThrow('monitor.window: must be an integer ≥ 2, got 1');
    expect(() => resolveMonitorOptions({ percentile: 60 })).toThrow('monitor.percentile: must be in (0, 50), got 60');
    expect(() => resolveMonitorOptions({ rule: 'some' as never })).toThrow(/monitor.rule/);
    expect(() => monitorPerformance([0.01], [0.01, 0.02], { window: 5 })).toThrow('need at least window (5) values, got 2');
  });
});
