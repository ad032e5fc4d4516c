// Risk parity with risk budgets (equal risk contribution when the budgets are equal): weights w > 0, Σw = 1, with
// risk contributions wᵢ(Σw)ᵢ/(wᵀΣw) = bᵢ. Solved as Spinu's (2013) strictly convex problem
// min ½yᵀΣy − Σ bᵢ·ln yᵢ (whose minimizer satisfies yᵢ(Σy)ᵢ = bᵢ) by damped Newton, then w = y/Σy.
import { cholesky, cholSolve, matVec } from './linalg';

/** Tolerance on max |RCᵢ − bᵢ| the solver reaches (relative risk contributions). */
export const RISK_PARITY_TOL = 1e-10;

/** Risk-budget weights and the achieved max |RCᵢ − bᵢ|; throws if budgets are not positive. */
export function riskParity(cov: Float64Array, n: number, budgets?: ArrayLike<number>): { weights: Float64Array; error: number; iterations: number } {
  const b = new Float64Array(n).fill(1 / n);
  if (budgets) {
    if (budgets.length !== n) throw new Error(`risk_budget must have one value per asset (${n}), got ${budgets.length}`);
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (!(budgets[i] > 0)) throw new Error(`risk_budget values must be > 0, got ${budgets[i]} for asset ${i}`);
      s += budgets[i];
    }
    for (let i = 0; i < n; i++) b[i] = budgets[i] / s;
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = b[i] / Math.sqrt(cov[i * n + i]);
  const sy = Math.sqrt(matVec(cov, n, y).reduce((a, v, i) => a + v * y[i], 0));
  for (let i = 0; i < n; i++) y[i] /= sy;
  const f = (v: Float64Array): number => {
    const sv = matVec(cov, n, v);
    let q = 0;
    for (let i = 0; i < n; i++) q += 0.5 * v[i] * sv[i] - b[i] * Math.log(v[i]);
    return q;
  };
  let it = 0;
  let err = rcError(cov, n, y, b);
  for (; it < 200 && err > RISK_PARITY_TOL * 0.01; it++) {
    const sv = matVec(cov, n, y);
    const g = new Float64Array(n);
    const H = Float64Array.from(cov);
    for (let i = 0; i < n; i++) {
      g[i] = sv[i] - b[i] / y[i];
      H[i * n + i] += b[i] / (y[i] * y[i]);
    }
    const L = cholesky(H, n);
    if (!L) throw new Error('risk_parity: the covariance matrix is not positive semidefinite');
    const d = cholSolve(L, n, g.map((v) => -v));
    let step = 1;
    for (let i = 0; i < n; i++) if (d[i] < 0) step = Math.min(step, (-0.99 * y[i]) / d[i]);
    const f0 = f(y);
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i] * d[i];
    let next = y.map((v, i) => v + step * d[i]);
    for (let k = 0; k < 60 && f(next) > f0 + 1e-4 * step * slope && Math.abs(f(next) - f0) > 1e-15 * Math.abs(f0); k++) {
      step *= 0.5;
      next = y.map((v, i) => v + step * d[i]);
    }
    y.set(next);
    const e = rcError(cov, n, y, b);
    if (e >= err && e <= RISK_PARITY_TOL) {
      err = e;
      break;
    }
    err = e;
  }
  if (err > RISK_PARITY_TOL) throw new Error(`risk_parity did not converge: max |RC − budget| = ${err}`);
  const s = y.reduce((a, v) => a + v, 0);
  return { weights: y.map((v) => v / s), error: err, iterations: it };
}

/** Relative risk contributions wᵢ(Σw)ᵢ/(wᵀΣw) of a portfolio. */
export function riskContributions(cov: Float64Array, n: number, w: ArrayLike<number>): Float64Array {
  const sw = matVec(cov, n, w);
  let v = 0;
  for (let i = 0; i < n; i++) v += w[i] * sw[i];
  return sw.map((x, i) => (w[i] * x) / v);
}

function rcError(cov: Float64Array, n: number, y: Float64Array, b: Float64Array): number {
  const rc = riskContributions(cov, n, y);
  let e = 0;
  for (let i = 0; i < n; i++) e = Math.max(e, Math.abs(rc[i] - b[i]));
  return e;
}
