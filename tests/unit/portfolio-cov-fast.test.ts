// The blocked pairwise covariance/correlation (columns grouped by missing pattern, centred once, 4×4 tiles) against
// the straightforward per-pair pandas formula: each pair over its own overlap, means over that overlap, ddof 1.
import { describe, expect, it } from 'vitest';
import { pairwiseCorr, pairwiseCov, type ReturnTable } from '../../src/engine/portfolio/index';
import { gramPanels } from '../../src/engine/portfolio/linalg';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** T×n factor-model returns; column i is missing before start(i) and at the rows hole(i, t) says. */
function returns(T: number, n: number, seed: number, start: (i: number) => number, hole: (i: number, t: number) => boolean): ReturnTable {
  const u = rng(seed);
  const beta = Array.from({ length: n }, () => 2 * u() - 0.5);
  const r = new Float64Array(T * n);
  for (let t = 0; t < T; t++) {
    const f = 0.01 * (u() - 0.5);
    for (let i = 0; i < n; i++) r[t * n + i] = t < start(i) || hole(i, t) ? NaN : 0.0003 + beta[i] * f + 0.01 * (u() - 0.5);
  }
  return { dates: Array.from({ length: T }, (_, t) => String(t)), assets: Array.from({ length: n }, (_, i) => `A${i}`), r };
}

/** pandas DataFrame.cov / DataFrame.corr for one pair, written out directly. */
function reference(ret: ReturnTable, i: number, j: number): { cov: number; corr: number } {
  const n = ret.assets.length;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = 0; t < ret.dates.length; t++) {
    const x = ret.r[t * n + i];
    const y = ret.r[t * n + j];
    if (!Number.isNaN(x) && !Number.isNaN(y)) xs.push(x), ys.push(y);
  }
  const c = xs.length;
  if (c < 2) return { cov: NaN, corr: NaN };
  const mx = xs.reduce((a, v) => a + v, 0) / c;
  const my = ys.reduce((a, v) => a + v, 0) / c;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < c; k++) (sxy += (xs[k] - mx) * (ys[k] - my)), (sxx += (xs[k] - mx) ** 2), (syy += (ys[k] - my) ** 2);
  return { cov: sxy / (c - 1), corr: sxy / Math.sqrt(sxx * syy) };
}

/** Every entry within 1e-12 relative to the pair's scale √(σᵢᵢσⱼⱼ) (correlations: absolute); NaN exactly where pandas has NaN. */
function expectMatches(ret: ReturnTable): void {
  const n = ret.assets.length;
  const cov = pairwiseCov(ret);
  const corr = pairwiseCorr(ret, cov);
  const corrOwn = pairwiseCorr(ret);
  const ref = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => reference(ret, i, j)));
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const { cov: c, corr: r } = ref[i][j];
      if (Number.isNaN(c)) {
        expect(cov[i * n + j], `cov[${i},${j}]`).toBeNaN();
        if (i !== j) expect(corr[i * n + j], `corr[${i},${j}]`).toBeNaN();
        if (i !== j) expect(corrOwn[i * n + j], `corr[${i},${j}] without cov`).toBeNaN();
        continue;
      }
      const scale = Math.sqrt(ref[i][i].cov * ref[j][j].cov);
      worst = Math.max(worst, Math.abs(cov[i * n + j] - c) / scale);
      expect(Math.abs(corr[i * n + j] - (i === j ? 1 : r)), `corr[${i},${j}] from cov`).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(corrOwn[i * n + j] - (i === j ? 1 : r)), `corr[${i},${j}] without cov`).toBeLessThanOrEqual(1e-12);
      expect(cov[i * n + j], `symmetric [${i},${j}]`).toBe(cov[j * n + i]);
    }
  }
  expect(worst).toBeLessThanOrEqual(1e-12);
}

describe('blocked pairwise covariance ≡ the per-pair formula', () => {
  it('complete data, n not a multiple of 4, T over several row chunks', () => {
    expectMatches(returns(1300, 37, 1, () => 0, () => false));
  });
  it('ragged starts: groups of 1 to 9 columns, cross-group pairs on their own overlap and means', () => {
    const starts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 40, 40, 40, 40, 90, 90, 300, 301, 301, 301, 301, 700];
    expectMatches(returns(900, starts.length, 2, (i) => starts[i], () => false));
  });
  it('ragged starts plus scattered holes, and a pair that never overlaps (NaN)', () => {
    const n = 23;
    const ret = returns(600, n, 3, (i) => (i < 12 ? 0 : 100 * (i % 4)), (i, t) => (i % 5 === 1 && t % 17 === i) || (i === n - 1 && t < 599));
    // Column n−1 has one return (the last row): every pair with it has < 2 shared rows.
    expectMatches(ret);
    expect(pairwiseCov(ret)[0 * n + n - 1]).toBeNaN();
  });
  it('gramPanels equals plain dot products for rectangular and upper-triangular blocks', () => {
    const u = rng(9);
    const len = 700;
    const P = Float64Array.from({ length: 3 * 4 * len }, () => u() - 0.5);
    const Q = Float64Array.from({ length: 2 * 4 * len }, () => u() - 0.5);
    const at = (M: Float64Array, k: number, t: number) => M[(k >> 2) * 4 * len + 4 * t + (k & 3)];
    const dot = (X: Float64Array, a: number, Y: Float64Array, b: number) => {
      let s = 0;
      for (let t = 0; t < len; t++) s += at(X, a, t) * at(Y, b, t);
      return s;
    };
    const rect = new Float64Array(12 * 8);
    gramPanels(P, 3, Q, 2, len, rect, false);
    for (let a = 0; a < 12; a++) for (let b = 0; b < 8; b++) expect(rect[a * 8 + b]).toBeCloseTo(dot(P, a, Q, b), 12);
    const up = new Float64Array(12 * 12);
    gramPanels(P, 3, P, 3, len, up, true);
    for (let a = 0; a < 12; a++) {
      for (let b = 0; b < 12; b++) {
        if (b >> 2 >= a >> 2) expect(up[a * 12 + b]).toBeCloseTo(dot(P, a, P, b), 12);
        else expect(up[a * 12 + b]).toBe(0);
      }
    }
  });
});
