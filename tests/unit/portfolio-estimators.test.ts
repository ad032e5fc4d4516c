// Estimators, HRP, risk parity, discrete allocation, rebalancing and the wide price CSV, against hand
// computations of PyPortfolioOpt 1.5.6's conventions.
import { describe, expect, it } from 'vitest';
import {
  capm,
  ewmMeanLast,
  expCov,
  greedyPortfolio,
  hrp,
  ledoitWolf,
  meanHistorical,
  emaHistorical,
  pairwiseCov,
  quasiDiagOrder,
  returnsFromPrices,
  riskContributions,
  riskParity,
  sampleCov,
  semicovariance,
  simulateRebalance,
  singleLinkage,
  type PriceTable,
} from '../../src/engine/portfolio/index';
import { cholesky } from '../../src/engine/portfolio/linalg';
import { parseWidePricesCsv } from '../../src/sources/wide-csv';

const nan = NaN;
const table = (assets: string[], rows: number[][]): PriceTable => ({
  dates: rows.map((_, t) => `2024-01-${String(t + 1).padStart(2, '0')}`),
  assets,
  prices: Float64Array.from(rows.flat()),
});

describe('returns and expected returns', () => {
  const p = table(['A', 'B'], [
    [100, nan],
    [110, nan],
    [99, 50],
    [108.9, 55],
    [117.612, 44],
  ]);
  const ret = returnsFromPrices(p);
  it('pct_change per column with leading gaps kept; all-missing first row dropped', () => {
    expect(ret.dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    const r = Array.from(ret.r);
    expect(r[0]).toBeCloseTo(0.1, 14);
    expect(r[1]).toBeNaN();
    expect(r[3]).toBeNaN();
    expect(r[2]).toBeCloseTo(-0.1, 14);
    expect(r[5]).toBeCloseTo(0.1, 14);
    expect(r[7]).toBeCloseTo(-0.2, 14);
  });
  it('mean_historical compounds each column over its own count', () => {
    const m = meanHistorical(ret, true, 252);
    expect(m[0]).toBeCloseTo((117.612 / 100) ** (252 / 4) - 1, 8);
    expect(m[1]).toBeCloseTo((44 / 50) ** (252 / 2) - 1, 12);
    const a = meanHistorical(ret, false, 252);
    expect(a[1]).toBeCloseTo(((0.1 - 0.2) / 2) * 252, 12);
  });
  it('ewm mean (adjust=True) equals Σ(1−α)^k·x_{T−k}/Σ(1−α)^k; leading NaNs ignored', () => {
    const x = [nan, 1, 2, 3, 4];
    const alpha = 2 / (3 + 1);
    const w = [1, 1 - alpha, (1 - alpha) ** 2, (1 - alpha) ** 3];
    const want = (4 * w[0] + 3 * w[1] + 2 * w[2] + 1 * w[3]) / w.reduce((a, v) => a + v, 0);
    expect(ewmMeanLast(x, 3)).toBeCloseTo(want, 14);
    const e = emaHistorical(ret, 3, false, 252);
    expect(e[1]).toBeCloseTo(((-0.2 * 1 + 0.1 * (1 - alpha)) / (2 - alpha)) * 252, 12);
  });
  it('capm with the equal-weight market: β of the market itself is 1', () => {
    const one = table(['A'], [[1], [1.1], [1.21], [1.1], [1.2]]);
    const r = returnsFromPrices(one);
    const c = capm(r, 0.02, false, 252);
    expect(c[0]).toBeCloseTo(meanHistorical(r, false, 252)[0], 12);
  });
});

describe('risk models', () => {
  const rows = Array.from({ length: 40 }, (_, t) => [100 * (1 + 0.01 * Math.sin(t)) ** t, 50 * (1 + 0.02 * Math.cos(t * 1.3)) ** t, t < 10 ? nan : 20 + Math.sin(t * 0.7)]);
  const ret = returnsFromPrices(table(['A', 'B', 'C'], rows));
  it('sample_cov is pairwise complete with ddof 1, × 252', () => {
    const S = sampleCov(ret).matrix;
    const T = ret.dates.length;
    const a: number[] = [];
    const c: number[] = [];
    for (let t = 0; t < T; t++) if (!Number.isNaN(ret.r[t * 3 + 2])) (a.push(ret.r[t * 3]), c.push(ret.r[t * 3 + 2]));
    const ma = a.reduce((x, v) => x + v, 0) / a.length;
    const mc = c.reduce((x, v) => x + v, 0) / c.length;
    const cov = a.reduce((x, v, i) => x + (v - ma) * (c[i] - mc), 0) / (a.length - 1);
    expect(S[2]).toBeCloseTo(cov * 252, 12);
  });
  it('semicovariance counts missing returns as 0 and divides by all rows', () => {
    const S = semicovariance(ret, 0).matrix;
    const T = ret.dates.length;
    let s = 0;
    for (let t = 0; t < T; t++) {
      const c = ret.r[t * 3 + 2];
      s += Math.min(ret.r[t * 3 + 1], 0) * (Number.isNaN(c) ? 0 : Math.min(c, 0));
    }
    expect(S[1 * 3 + 2]).toBeCloseTo((s / T) * 252, 12);
  });
  it('exp_cov with a huge span tends to the biased covariance; Ledoit–Wolf δ ∈ [0, 1] and PSD for every target', () => {
    const full = returnsFromPrices(table(['A', 'B'], rows.map((r) => r.slice(0, 2))));
    const E = expCov(full, 1e9).matrix;
    const S = pairwiseCov(full);
    const T = full.dates.length;
    expect(E[1] / (S[1] * 252 * ((T - 1) / T))).toBeCloseTo(1, 6);
    for (const target of ['constant_variance', 'single_factor', 'constant_correlation'] as const) {
      const lw = ledoitWolf(ret, target);
      expect(lw.delta!).toBeGreaterThanOrEqual(0);
      expect(lw.delta!).toBeLessThanOrEqual(1);
      const m = Float64Array.from(lw.matrix);
      for (let i = 0; i < 3; i++) m[i * 3 + i] += 1e-16;
      expect(cholesky(m, 3)).not.toBeNull();
    }
  });
  it('a non-PSD pairwise covariance is repaired by eigenvalue clipping', () => {
    const rag = returnsFromPrices(table(['A', 'B', 'C'], [
      [1, 1, nan], [2, 1, nan], [1, 2, nan], [2, 2, 1], [2, 2, 2], [1, 2, 1], [nan, 1, 2], [nan, 2, 1],
    ]));
    const r = sampleCov(rag);
    const m = Float64Array.from(r.matrix);
    for (let i = 0; i < 3; i++) m[i * 3 + i] += 1e-12;
    expect(cholesky(m, 3)).not.toBeNull();
  });
});

describe('HRP (4-asset hand example)', () => {
  const sd = [0.1, 0.2, 0.15, 0.25];
  const corr = [1, 0.9, 0.1, 0.1, 0.9, 1, 0.1, 0.1, 0.1, 0.1, 1, 0.8, 0.1, 0.1, 0.8, 1];
  const cov = Float64Array.from(corr, (c, k) => c * sd[Math.floor(k / 4)] * sd[k % 4]);
  it('single linkage merges (A,B) then (C,D) then both; order A,B,C,D', () => {
    const dist = Float64Array.from(corr, (c) => Math.sqrt((1 - c) / 2));
    const link = singleLinkage(dist, 4);
    expect(link.map((r) => [r[0], r[1], r[3]])).toEqual([[0, 1, 2], [2, 3, 2], [4, 5, 4]]);
    expect(link[0][2]).toBeCloseTo(Math.sqrt(0.05), 14);
    expect(quasiDiagOrder(link, 4)).toEqual([0, 1, 2, 3]);
  });
  it('recursive bisection with inverse-variance cluster variances', () => {
    const { weights } = hrp(Float64Array.from(corr), cov, 4);
    const cv = (i: number, j: number) => {
      const a = 1 / cov[i * 5], b = 1 / cov[j * 5];
      const wa = a / (a + b), wb = b / (a + b);
      return wa * wa * cov[i * 5] + wb * wb * cov[j * 5] + 2 * wa * wb * cov[i * 4 + j];
    };
    const v1 = cv(0, 1), v2 = cv(2, 3);
    const alpha = 1 - v1 / (v1 + v2);
    const inner = (i: number, j: number) => 1 - cov[i * 5] / (cov[i * 5] + cov[j * 5]);
    expect(weights[0]).toBeCloseTo(alpha * inner(0, 1), 14);
    expect(weights[1]).toBeCloseTo(alpha * (1 - inner(0, 1)), 14);
    expect(weights[2]).toBeCloseTo((1 - alpha) * inner(2, 3), 14);
    expect(weights[3]).toBeCloseTo((1 - alpha) * (1 - inner(2, 3)), 14);
  });
});

describe('risk parity', () => {
  const sd = [0.1, 0.2, 0.3];
  const cov = Float64Array.from({ length: 9 }, (_, k) => (k % 4 === 0 ? 1 : 0.3) * sd[Math.floor(k / 3)] * sd[k % 3]);
  it('equal risk contributions to 1e-10; uncorrelated case is inverse volatility', () => {
    const r = riskParity(cov, 3);
    for (const rc of riskContributions(cov, 3, r.weights)) expect(Math.abs(rc - 1 / 3)).toBeLessThan(1e-10);
    const diag = Float64Array.from({ length: 9 }, (_, k) => (k % 4 === 0 ? sd[Math.floor(k / 3)] ** 2 : 0));
    const w = riskParity(diag, 3).weights;
    const inv = sd.map((s) => 1 / s);
    const s = inv.reduce((a, v) => a + v, 0);
    w.forEach((v, i) => expect(v).toBeCloseTo(inv[i] / s, 10));
  });
  it('risk budgets are met', () => {
    const b = [0.5, 0.3, 0.2];
    const r = riskParity(cov, 3, b);
    riskContributions(cov, 3, r.weights).forEach((rc, i) => expect(Math.abs(rc - b[i])).toBeLessThan(1e-10));
    expect(() => riskParity(cov, 3, [1, 0, 1])).toThrow('risk_budget values must be > 0');
  });
});

describe('greedy_portfolio', () => {
  it('rounds down, then buys the largest deficit it can afford', () => {
    expect(greedyPortfolio({ A: 0.5, B: 0.5 }, { A: 30, B: 70 }, 100)).toEqual({ allocation: { A: 1, B: 1 }, leftover: 0 });
  });
  it('long/short books: shorts worth short_ratio × value', () => {
    const r = greedyPortfolio({ A: 0.5, B: 0.3, C: -0.2 }, { A: 10, B: 33, C: 7 }, 10000, 0.3);
    expect(r.allocation).toEqual({ A: 625, B: 113, C: -428 });
    expect(r.leftover).toBeCloseTo(10000 - 6250 - 113 * 33 + 3000 - 428 * 7, 9);
  });
  it('bad input names the field', () => {
    expect(() => greedyPortfolio({ A: 1 }, {}, 100)).toThrow('latest_prices needs a positive price for "A"');
    expect(() => greedyPortfolio({ A: 1 }, { A: 1 }, 0)).toThrow('total_portfolio_value must be greater than zero');
  });
});

describe('rebalancing', () => {
  const dates = ['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2024-03-01'];
  const p: PriceTable = { dates, assets: ['A', 'B'], prices: Float64Array.from([10, 10, 20, 10, 20, 10, 20, 20, 40, 20]) };
  const w = Float64Array.from([0.5, 0.5]);
  it('monthly rule rebalances on the first day of each month; buy-and-hold drifts', () => {
    const r = simulateRebalance(p, w, { type: 'calendar', frequency: 'monthly' }, { rate: 0, fixed: 0 }, 100);
    expect(r.events.map((e) => e.reason)).toEqual(['initial', 'calendar', 'calendar']);
    expect(r.buy_and_hold).toEqual([100, 150, 150, 200, 300]);
    // Rebalanced at 150 on Feb 1 to 75/75: A 3.75 units at 20, B 7.5 at 10.
    expect(r.equity[3]).toBeCloseTo(3.75 * 20 + 7.5 * 20, 12);
  });
  it('costs: the initial purchase costs rate × value/(1 + rate); threshold rule fires on drift', () => {
    const r = simulateRebalance(p, w, { type: 'threshold', threshold: 0.1 }, { rate: 0.01, fixed: 0 }, 100);
    expect(r.events[0].cost).toBeCloseTo(100 - 100 / 1.01, 10);
    expect(r.events[1]).toMatchObject({ reason: 'threshold', date: '2024-01-31' });
    expect(r.total_cost).toBeCloseTo(r.events.reduce((a, e) => a + e.cost, 0), 12);
  });
});

describe('wide price CSV', () => {
  it('reads a date column then assets; empty cells are NaN', () => {
    const w = parseWidePricesCsv('date,A,B\n2024-01-02,1.5,\n2024-01-03,1.6,2\n');
    expect(w.assets).toEqual(['A', 'B']);
    expect(Array.from(w.prices)).toEqual([1.5, NaN, 1.6, 2]);
  });
  it('errors name the line and column', () => {
    expect(() => parseWidePricesCsv('date,A\n2024-01-02,x\n2024-01-03,1')).toThrow('prices CSV line 2, column "A": price must be a positive number or empty, got "x"');
    expect(() => parseWidePricesCsv('date,A\n2024-01-03,1\n2024-01-02,1')).toThrow('line 3: dates must be strictly ascending');
  });
});
