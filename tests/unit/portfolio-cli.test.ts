// The portfolio CLI contract (issue 6), in-process through runRequest: answer shapes, defaults and error messages.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRequest, type CliContext } from '../../src/cli/commands';

const ctx = {} as CliContext; // the portfolio commands never touch the engine or the resampler
const dir = mkdtempSync(join(tmpdir(), 'pf-'));
const csv = join(dir, 'prices.csv');
{
  let s = 11;
  const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const p = [100, 50, 20, 80];
  const lines = ['date,AAA,BBB,CCC,DDD'];
  for (let t = 0; t < 400; t++) {
    const f = u() - 0.5;
    for (let i = 0; i < 4; i++) p[i] *= 1 + 0.0005 * (i + 1) + 0.01 * (0.5 + 0.3 * i) * f + 0.01 * (u() - 0.5);
    const d = new Date(Date.UTC(2020, 0, 1) + t * 86_400_000).toISOString().slice(0, 10);
    lines.push([d, ...p.map((v, i) => (i === 3 && t < 30 ? '' : v.toFixed(4)))].join(','));
  }
  writeFileSync(csv, lines.join('\n') + '\n');
}

describe('portfolio CLI', () => {
  it('optimize answers weights and performance for every objective', async () => {
    for (const method of ['max_sharpe', 'min_volatility', 'hrp', 'risk_parity', 'max_quadratic_utility']) {
      const a = await runRequest({ cmd: 'optimize', prices: csv, objective: { method, risk_free_rate: 0.02 } }, ctx);
      expect(a.ok).toBe(true);
      const w = Object.values(a.weights as Record<string, number>);
      expect(Object.keys(a.weights as object)).toEqual(['AAA', 'BBB', 'CCC', 'DDD']);
      expect(w.reduce((x, v) => x + v, 0)).toBeCloseTo(1, 10);
      const perf = a.performance as Record<string, number>;
      expect(perf.sharpe_ratio).toBeCloseTo((perf.expected_return - 0.02) / perf.volatility, 12);
    }
  });
  it('frontier answers points, assets and the marked portfolios', async () => {
    const a = await runRequest({ cmd: 'frontier', prices: csv, points: 10, risk_model: { method: 'ledoit_wolf', shrinkage_target: 'single_factor' } }, ctx);
    expect((a.frontier as unknown[]).length).toBe(10);
    expect((a.assets as unknown[]).length).toBe(4);
    expect(a.max_sharpe).toHaveProperty('sharpe_ratio');
  });
  it('allocate and rebalance', async () => {
    const al = await runRequest({ cmd: 'allocate', weights: { A: 0.6, B: 0.4 }, latest_prices: { A: 30, B: 70 }, total_value: 1000 }, ctx);
    expect(al).toMatchObject({ ok: true, allocation: { A: 20, B: 5 }, leftover: 50 });
    const rb = await runRequest({ cmd: 'rebalance', prices: csv, weights: { AAA: 0.5, CCC: 0.5 }, rule: { type: 'calendar', frequency: 'quarterly' }, costs: { rate: 0.001 } }, ctx);
    expect((rb.events as { reason: string }[]).filter((e) => e.reason === 'calendar').length).toBe(4);
  });
  it('errors name the field', async () => {
    await expect(runRequest({ cmd: 'optimize', prices: csv, objective: { method: 'max_sharpe', risk_free_rate: 5 } }, ctx)).rejects.toThrow(
      'at least one of the assets must have an expected return exceeding the risk-free rate',
    );
    await expect(runRequest({ cmd: 'optimize', prices: csv, objective: { method: 'nope' } }, ctx)).rejects.toThrow('objective.method must be one of');
    await expect(runRequest({ cmd: 'optimize', prices: csv, risk_model: { method: 'ledoit_wolf', shrinkage_target: 'x' } }, ctx)).rejects.toThrow(
      'risk_model.shrinkage_target must be constant_variance, single_factor or constant_correlation',
    );
    await expect(runRequest({ cmd: 'allocate', weights: { A: 1 }, latest_prices: { A: 1 }, total_value: -1 }, ctx)).rejects.toThrow('total_value must be a number > 0');
  });
});
