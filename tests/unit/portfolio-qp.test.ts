// The QP solver and the mean-variance objectives against closed forms, brute force and the KKT conditions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cholesky, cholSolve, eigSym } from '../../src/engine/portfolio/linalg';
import {
  efficientFrontier,
  efficientReturn,
  efficientRisk,
  kktResiduals,
  maxQuadraticUtility,
  maxReturn,
  maxSharpe,
  minVolatility,
  portfolioPerformance,
  solveQp,
  InfeasibleError,
  type MeanVariance,
  type OptimizeResult,
} from '../../src/engine/portfolio/index';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A random factor-model covariance (annual scale) and expected returns. */
function market(n: number, seed: number): MeanVariance {
  const r = rng(seed);
  const T = 3 * n + 30;
  const X = Array.from({ length: T }, () => {
    const f = r() - 0.5;
    return Array.from({ length: n }, (_, i) => 0.02 * ((0.5 + i / n) * f + (r() - 0.5)));
  });
  const cov = new Float64Array(n * n);
  for (const row of X) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov[i * n + j] += (row[i] * row[j] * 252) / T;
  const mu = Float64Array.from({ length: n }, () => 0.02 + 0.2 * r());
  return { assets: Array.from({ length: n }, (_, i) => `A${i}`), mu, cov };
}

function inv(cov: Float64Array, n: number, b: Float64Array): Float64Array {
  return cholSolve(cholesky(cov, n)!, n, Float64Array.from(b));
}

function expectKkt(r: OptimizeResult): void {
  const k = kktResiduals(r.qp!.problem, r.qp!.solution);
  expect(k.stationarity).toBeLessThan(1e-10);
  expect(k.primal).toBeLessThan(1e-10);
  expect(k.dual).toBeLessThan(1e-10);
  expect(k.complementarity).toBeLessThan(1e-10);
}

const FREE = (n: number) => Array.from({ length: n }, () => [null, null] as [null, null]);

describe('closed forms', () => {
  it('unconstrained efficient_return equals Σ⁻¹[μ 1]M⁻¹[r 1]ᵀ', () => {
    const n = 6;
    const mv = market(n, 1);
    const mu = mv.mu!;
    const one = new Float64Array(n).fill(1);
    const a = inv(mv.cov, n, mu);
    const b = inv(mv.cov, n, one);
    const A = mu.reduce((s, v, i) => s + v * a[i], 0);
    const B = mu.reduce((s, v, i) => s + v * b[i], 0);
    const C = b.reduce((s, v) => s + v, 0);
    const target = 0.3;
    const det = A * C - B * B;
    const l1 = (C * target - B) / det;
    const l2 = (A - B * target) / det;
    const r = efficientReturn(mv, target, false, { weightBounds: FREE(n) });
    for (let i = 0; i < n; i++) expect(r.weights[i]).toBeCloseTo(l1 * a[i] + l2 * b[i], 10);
    expectKkt(r);
  });

  it('unconstrained min volatility is Σ⁻¹1/1ᵀΣ⁻¹1; equal variances and correlations give 1/n', () => {
    const n = 5;
    const mv = market(n, 2);
    const b = inv(mv.cov, n, new Float64Array(n).fill(1));
    const s = b.reduce((x, v) => x + v, 0);
    const r = minVolatility(mv, { weightBounds: FREE(n) });
    for (let i = 0; i < n; i++) expect(r.weights[i]).toBeCloseTo(b[i] / s, 11);
    const eq = new Float64Array(n * n).map((_, k) => (k % (n + 1) === 0 ? 0.04 : 0.04 * 0.3));
    const w = minVolatility({ assets: mv.assets, mu: null, cov: eq }).weights;
    for (const v of w) expect(v).toBeCloseTo(1 / n, 12);
  });

  it('unconstrained max_sharpe is ∝ Σ⁻¹(μ − rf); the Sharpe beats every other weight vector tried', () => {
    const n = 5;
    const mv = market(n, 3);
    const rf = 0.02;
    const z = inv(mv.cov, n, mv.mu!.map((v) => v - rf));
    const s = z.reduce((x, v) => x + v, 0);
    const r = maxSharpe(mv, rf, { weightBounds: FREE(n) });
    for (let i = 0; i < n; i++) expect(r.weights[i]).toBeCloseTo(z[i] / s, 10);
    expectKkt(r);
  });

  it('max_quadratic_utility without bounds is Σ⁻¹(μ − η1)/δ with η making Σw = 1', () => {
    const n = 4;
    const mv = market(n, 4);
    const d = 3;
    const a = inv(mv.cov, n, mv.mu!);
    const b = inv(mv.cov, n, new Float64Array(n).fill(1));
    const eta = (a.reduce((x, v) => x + v, 0) - d) / b.reduce((x, v) => x + v, 0);
    const r = maxQuadraticUtility(mv, d, false, { weightBounds: FREE(n) });
    for (let i = 0; i < n; i++) expect(r.weights[i]).toBeCloseTo((a[i] - eta * b[i]) / d, 10);
  });
});

describe('brute force (3 assets, long only, grid step 0.002)', () => {
  const mv = market(3, 5);
  const grid: [number, number, number][] = [];
  for (let i = 0; i <= 500; i++) for (let j = 0; i + j <= 500; j++) grid.push([i / 500, j / 500, (500 - i - j) / 500]);
  const perf = (w: number[]) => portfolioPerformance(w, mv.mu, mv.cov, 0.02);

  it('min_volatility is no worse than any grid point and close to the best', () => {
    const r = minVolatility(mv);
    const best = grid.reduce((m, w) => Math.min(m, perf(w).volatility), Infinity);
    expect(perf([...r.weights]).volatility).toBeLessThanOrEqual(best + 1e-12);
    expect(best - perf([...r.weights]).volatility).toBeLessThan(1e-4);
    expectKkt(r);
  });

  it('max_sharpe beats every grid point', () => {
    const r = maxSharpe(mv, 0.02);
    const best = grid.reduce((m, w) => Math.max(m, perf(w).sharpe_ratio!), -Infinity);
    expect(perf([...r.weights]).sharpe_ratio!).toBeGreaterThanOrEqual(best - 1e-12);
  });

  it('efficient_risk maximizes return among grid points within the volatility', () => {
    const target = 0.9 * perf([1, 0, 0]).volatility + 0.1 * minVolatility(mv).weights.length * 0;
    const tv = Math.max(target, perf([...minVolatility(mv).weights]).volatility * 1.05);
    const r = efficientRisk(mv, tv);
    const p = perf([...r.weights]);
    expect(p.volatility).toBeLessThanOrEqual(tv * (1 + 1e-10));
    const best = Math.max(...grid.filter((w) => perf(w).volatility <= tv).map((w) => perf(w).expected_return!));
    expect(p.expected_return!).toBeGreaterThanOrEqual(best - 1e-12);
  });
});

describe('errors in PyPortfolioOpt cases', () => {
  const mv = market(4, 6);
  it('max_sharpe when no return exceeds rf', () => {
    expect(() => maxSharpe(mv, 10)).toThrow('at least one of the assets must have an expected return exceeding the risk-free rate');
  });
  it('efficient_risk below the minimum volatility', () => {
    expect(() => efficientRisk(mv, 0.0001)).toThrow(/The minimum volatility is \d\.\d{3}\. Please use a higher target_volatility/);
  });
  it('efficient_return above the maximum return', () => {
    expect(() => efficientReturn(mv, maxReturn(mv).value + 0.01)).toThrow('target_return must be lower than the maximum possible return');
  });
  it('risk aversion must be positive', () => {
    expect(() => maxQuadraticUtility(mv, 0)).toThrow('risk aversion coefficient must be greater than zero');
  });
});

describe('options', () => {
  const mv = market(8, 7);
  const sectors = { mapper: Object.fromEntries(mv.assets.map((a, i) => [a, i < 4 ? 'x' : 'y'])), lower: { y: 0.3 }, upper: { x: 0.5 } };
  it('sector limits and L2 hold and satisfy KKT to 1e-10 (min_volatility, efficient_return, max_sharpe)', () => {
    const o = { sectors, l2Gamma: 0.1 };
    for (const r of [minVolatility(mv, o), efficientReturn(mv, 0.12, false, o), maxSharpe(mv, 0.01, { sectors })]) {
      const x = r.weights.slice(0, 4).reduce((a, v) => a + v, 0);
      expect(x).toBeLessThanOrEqual(0.5 + 1e-12);
      expect(1 - x).toBeGreaterThanOrEqual(0.3 - 1e-12);
      expect(r.weights.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
      expectKkt(r);
    }
  });
  it('the transaction-cost term (auxiliary variables with a 1e-9 proximal term) is accurate to ~1e-4 only (see docs)', () => {
    const wPrev = Float64Array.from({ length: 8 }, (_, i) => (i < 4 ? 0.2 : 0.05));
    const free = minVolatility(mv).weights;
    const near = minVolatility(mv, { transactionCost: { wPrev, k: 1e-4 } }).weights;
    const stuck = minVolatility(mv, { transactionCost: { wPrev, k: 10 } }).weights;
    expect(near.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
    // A large k pins the weights to w_prev; a small one moves part of the way towards the cost-free optimum.
    for (let i = 0; i < 8; i++) expect(stuck[i]).toBeCloseTo(wPrev[i], 3);
    const dist = (a: Float64Array) => a.reduce((s, v, i) => s + Math.abs(v - wPrev[i]), 0);
    expect(dist(near)).toBeLessThan(dist(free));
    expect(dist(near)).toBeGreaterThan(1e-3);
  });
  it('market neutral weights sum to 0 and amend long-only bounds with a warning', () => {
    const r = efficientReturn(mv, 0.1, true);
    expect(r.weights.reduce((a, v) => a + v, 0)).toBeCloseTo(0, 12);
    expect(r.warnings).toContain('Market neutrality requires shorting - bounds have been amended');
  });
  it('the frontier is increasing in volatility and return, between min volatility and max return', () => {
    const f = efficientFrontier(mv, 20, 0.02);
    expect(f.points).toHaveLength(20);
    for (let k = 1; k < 20; k++) {
      expect(f.points[k].expected_return).toBeGreaterThan(f.points[k - 1].expected_return);
      expect(f.points[k].volatility).toBeGreaterThanOrEqual(f.points[k - 1].volatility - 1e-12);
    }
    expect(f.points[0].volatility).toBeCloseTo(f.min_volatility.volatility, 8);
    expect(f.max_sharpe!.sharpe_ratio).toBeGreaterThanOrEqual(Math.max(...f.points.map((p) => p.sharpe_ratio)) - 1e-9);
  });
});

describe('properties (fast-check)', () => {
  it('random QPs: weights sum to 1, bounds hold, KKT residuals ≤ 1e-10', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 25 }), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0, max: 0.2, noNaN: true }), (n, seed, lo) => {
        const mv = market(n, seed);
        const lb = Math.min(lo, 0.9 / n);
        const ub = Math.max(lb + 0.05, 2 / n);
        const o = { weightBounds: [lb, ub] as [number, number] };
        for (const r of [minVolatility(mv, o), maxSharpe(mv, 0, o), maxQuadraticUtility(mv, 2, false, o)]) {
          expect(r.weights.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 11);
          for (const w of r.weights) {
            expect(w).toBeGreaterThanOrEqual(lb - 1e-12);
            expect(w).toBeLessThanOrEqual(ub + 1e-12);
          }
          expectKkt(r);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('solveQp on random dense problems with general rows reaches KKT ≤ 1e-10', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 1e6 }), (n, seed) => {
        const r = rng(seed);
        const M = Array.from({ length: n + 3 }, () => Float64Array.from({ length: n }, () => r() - 0.5));
        const H = new Float64Array(n * n);
        for (const row of M) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) H[i * n + j] += row[i] * row[j];
        for (let i = 0; i < n; i++) H[i * n + i] += 1e-3;
        const p = {
          n,
          H,
          c: Float64Array.from({ length: n }, () => r() - 0.5),
          aEq: [new Float64Array(n).fill(1)],
          bEq: [0.5],
          g: [Float64Array.from({ length: n }, () => r() - 0.5)],
          h: [0.1],
          lb: new Float64Array(n).fill(-1),
          ub: new Float64Array(n).fill(1),
        };
        let s;
        try {
          s = solveQp(p);
        } catch (e) {
          // Infeasible draws must be reported as such, never as a wrong answer.
          expect(e).toBeInstanceOf(InfeasibleError);
          return;
        }
        const k = kktResiduals(p, s);
        expect(Math.max(k.stationarity, k.primal, k.dual, k.complementarity)).toBeLessThan(1e-10);
      }),
      { numRuns: 300 },
    );
  });

  it('eigSym reconstructs the matrix', () => {
    const mv = market(7, 9);
    const { values, vectors } = eigSym(mv.cov, 7);
    for (let i = 0; i < 7; i++)
      for (let j = 0; j < 7; j++) {
        let s = 0;
        for (let k = 0; k < 7; k++) s += vectors[i * 7 + k] * values[k] * vectors[j * 7 + k];
        expect(s).toBeCloseTo(mv.cov[i * 7 + j], 12);
      }
  });
});
