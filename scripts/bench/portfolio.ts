// Portfolio benchmark (Node): synthetic factor-model daily returns (10 years = 2520 rows; 3 factors plus
// idiosyncratic noise, seeded), then — covariance estimation included — sample covariance + mean_historical,
// max-Sharpe and a 50-point efficient frontier (long only, bounds (0, 1)) for 20, 100 and 500 assets, and HRP
// (pairwise correlation + covariance + linkage + bisection) for 500 assets, complete and with ragged starts.
// Median of 3 runs after one warm-up.
// Targets (issue 6): 500-asset max-Sharpe + frontier ≤ 1 s, HRP ≤ 300 ms. Prints a Markdown table.
import {
  efficientFrontier,
  hrp,
  maxSharpe,
  meanHistorical,
  pairwiseCorr,
  pairwiseCov,
  sampleCov,
  type ReturnTable,
} from '../../src/engine/portfolio/index';
import { timeMedian, table } from './stats';

const T = 2520;

function factorReturns(n: number, seed: number): ReturnTable {
  let s = seed >>> 0;
  const u = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const g = () => Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u());
  const K = 3;
  const beta = Array.from({ length: n }, () => Array.from({ length: K }, (_, k) => (k === 0 ? 0.5 + u() : 0.5 * g())));
  const alpha = Array.from({ length: n }, () => 0.0002 + 0.0004 * u());
  const idio = Array.from({ length: n }, () => 0.005 + 0.015 * u());
  const r = new Float64Array(T * n);
  for (let t = 0; t < T; t++) {
    const f = Array.from({ length: K }, () => 0.01 * g());
    for (let i = 0; i < n; i++) {
      let v = alpha[i] + idio[i] * g();
      for (let k = 0; k < K; k++) v += beta[i][k] * f[k];
      r[t * n + i] = v;
    }
  }
  return { dates: Array.from({ length: T }, (_, t) => String(t)), assets: Array.from({ length: n }, (_, i) => `A${i}`), r };
}

const rows: (string | number)[][] = [];
for (const n of [20, 100, 500]) {
  const ret = factorReturns(n, n);
  let covMs = 0;
  let sharpeMs = 0;
  let frontierMs = 0;
  let nonzero = 0;
  const total = timeMedian(
    () => {
      const t0 = performance.now();
      const cov = sampleCov(ret).matrix;
      const mu = meanHistorical(ret);
      const t1 = performance.now();
      const mv = { assets: ret.assets, mu, cov };
      const ms = maxSharpe(mv, 0.02);
      const t2 = performance.now();
      const f = efficientFrontier(mv, 50, 0.02);
      const t3 = performance.now();
      if (f.points.length !== 50) throw new Error(`frontier has ${f.points.length} points`);
      nonzero = ms.weights.filter((w) => w > 1e-9).length;
      covMs = t1 - t0;
      sharpeMs = t2 - t1;
      frontierMs = t3 - t2;
    },
    3,
    1,
  );
  rows.push([`${n} assets: cov + max-Sharpe + 50-point frontier`, total.toFixed(0), `cov ${covMs.toFixed(0)} ms, max-Sharpe ${sharpeMs.toFixed(0)} ms (${nonzero} holdings), frontier ${frontierMs.toFixed(0)} ms`]);
}
{
  const n = 500;
  const ret = factorReturns(n, 7);
  const ms = timeMedian(() => {
    const cov = pairwiseCov(ret);
    hrp(pairwiseCorr(ret, cov), cov, n);
  }, 3, 1);
  rows.push([`${n} assets: HRP (corr + cov + linkage + bisection)`, ms.toFixed(0), 'target ≤ 300 ms']);
  // Ragged starts: five listing cohorts (the k-th misses its first 250·k rows), so pairs use their own overlaps.
  const rag = { ...ret, r: Float64Array.from(ret.r) };
  for (let i = 0; i < n; i++) for (let t = 0; t < 250 * (i % 5); t++) rag.r[t * n + i] = NaN;
  const msRag = timeMedian(() => {
    const cov = pairwiseCov(rag);
    hrp(pairwiseCorr(rag, cov), cov, n);
  }, 3, 1);
  rows.push([`${n} assets, ragged starts (5 cohorts): HRP`, msRag.toFixed(0), 'pairwise overlaps']);
}
console.log(table(['case (Node, 2520 daily rows)', 'median ms', 'detail'], rows));
