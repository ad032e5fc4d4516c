// Mean-variance objectives as PyPortfolioOpt 1.5.6's EfficientFrontier states them (efficient_frontier.py,
// objective_functions.py, base_optimizer.py), each turned into one of our QPs (qp.ts): min_volatility,
// max_sharpe (the Cornuejols–Tütüncü transform), max_quadratic_utility, efficient_return, efficient_risk (the
// variance constraint handled through its multiplier, see docs/portfolio.md) and _max_return; with weight bounds,
// market neutrality, L2 regularization γ·Σw², the transaction-cost term k·‖w − w_prev‖₁ and sector limits.
import { cholesky, cholSolve, eigSym, quadForm } from './linalg';
import { solveQp, type QpProblem, type QpSolution } from './qp';

/** A pair (lower, upper) for every asset, or one pair per asset; null = PyPortfolioOpt's None. */
export type WeightBounds = readonly [number | null, number | null] | readonly (readonly [number | null, number | null])[];

/** Sector limits: the sector of each asset, and lower/upper limits on each sector's total weight. */
export interface SectorLimits {
  mapper: Readonly<Record<string, string>>;
  lower: Readonly<Record<string, number>>;
  upper: Readonly<Record<string, number>>;
}

/** Options every mean-variance objective accepts (PyPortfolioOpt's constructor args and add_objective calls). */
export interface EfOptions {
  weightBounds?: WeightBounds;
  /** γ of objective_functions.L2_reg: adds γ·Σwᵢ² (γ·Σyᵢ² for max_sharpe). */
  l2Gamma?: number;
  /** objective_functions.transaction_cost: adds k·Σ|wᵢ − w_prevᵢ|. */
  transactionCost?: { wPrev: Float64Array; k: number };
  sectors?: SectorLimits;
}

/** Expected annual returns (may be null for min_volatility), annual covariance (row-major n×n) and asset names. */
export interface MeanVariance {
  assets: readonly string[];
  mu: Float64Array | null;
  cov: Float64Array;
}

/** Weights of one optimization, the solver's own solution (for KKT checks) and any warnings PyPortfolioOpt emits. */
export interface OptimizeResult {
  weights: Float64Array;
  warnings: string[];
  qp?: { problem: QpProblem; solution: QpSolution };
}

/** Expected return μᵀw, volatility √(wᵀΣw) and Sharpe (μᵀw − rf)/σ: base_optimizer.portfolio_performance. */
export function portfolioPerformance(
  w: ArrayLike<number>,
  mu: ArrayLike<number> | null,
  cov: Float64Array,
  riskFreeRate = 0,
): { expected_return: number | null; volatility: number; sharpe_ratio: number | null } {
  const n = w.length;
  const vol = Math.sqrt(quadForm(cov, n, w));
  if (mu === null) return { expected_return: null, volatility: vol, sharpe_ratio: null };
  let ret = 0;
  for (let i = 0; i < n; i++) ret += w[i] * mu[i];
  return { expected_return: ret, volatility: vol, sharpe_ratio: (ret - riskFreeRate) / vol };
}

/** Per-asset bounds from PyPortfolioOpt's weight_bounds (None → −1/+1 in a pair, ±∞ in a per-asset list). */
export function mapBounds(bounds: WeightBounds | undefined, n: number): { lb: Float64Array; ub: Float64Array } {
  const b = bounds ?? [0, 1];
  const lb = new Float64Array(n);
  const ub = new Float64Array(n);
  if (b.length === n && Array.isArray(b[0])) {
    (b as readonly (readonly [number | null, number | null])[]).forEach(([l, u], i) => {
      lb[i] = l ?? -Infinity;
      ub[i] = u ?? Infinity;
    });
  } else {
    if (b.length !== 2 || Array.isArray(b[0]))
      throw new Error('weight_bounds must be a pair [lower, upper] or one pair per asset');
    const [l, u] = b as readonly [number | null, number | null];
    lb.fill(l ?? -1);
    ub.fill(u ?? 1);
  }
  for (let i = 0; i < n; i++)
    if (lb[i] > ub[i]) throw new Error(`weight_bounds: lower bound ${lb[i]} exceeds upper bound ${ub[i]} (asset ${i})`);
  return { lb, ub };
}

/** The QP pieces of one w-space problem before the objective is chosen. */
interface Built {
  n: number;
  nv: number;
  lb: Float64Array;
  ub: Float64Array;
  aEq: Float64Array[];
  bEq: number[];
  g: Float64Array[];
  h: number[];
  warnings: string[];
}

function sectorMasks(assets: readonly string[], s: SectorLimits): Map<string, Float64Array> {
  const masks = new Map<string, Float64Array>();
  for (const sector of new Set([...Object.keys(s.upper), ...Object.keys(s.lower)])) {
    const m = new Float64Array(assets.length);
    assets.forEach((a, i) => {
      if (!Object.hasOwn(s.mapper, a)) throw new Error(`sector_mapper has no sector for asset ${JSON.stringify(a)}`);
      if (s.mapper[a] === sector) m[i] = 1;
    });
    masks.set(sector, m);
  }
  return masks;
}

/** Bounds, sum constraint, sectors and transaction-cost rows over variables [w, t]. */
function build(mv: MeanVariance, o: EfOptions, sum: 0 | 1 | null): Built {
  const n = mv.assets.length;
  const warnings: string[] = [];
  let { lb, ub } = mapBounds(o.weightBounds, n);
  if (sum === 0 && !lb.some((v) => v < 0)) {
    warnings.push('Market neutrality requires shorting - bounds have been amended');
    lb = new Float64Array(n).fill(-1);
    ub = new Float64Array(n).fill(1);
  }
  const tc = o.transactionCost;
  const nv = tc ? 2 * n : n;
  const wide = (v: Float64Array): Float64Array => {
    const r = new Float64Array(nv);
    r.set(v);
    return r;
  };
  // t ≥ |w − w_prev| already implies t ≥ 0: no bound on t (a redundant bound would make active sets degenerate).
  const LB = new Float64Array(nv).fill(-Infinity);
  const UB = new Float64Array(nv).fill(Infinity);
  LB.set(lb);
  UB.set(ub);
  const aEq: Float64Array[] = [];
  const bEq: number[] = [];
  if (sum !== null) {
    aEq.push(wide(new Float64Array(n).fill(1)));
    bEq.push(sum);
  }
  const g: Float64Array[] = [];
  const h: number[] = [];
  if (o.sectors) {
    if (lb.some((v) => v < 0)) warnings.push('Sector constraints may not produce reasonable results if shorts are allowed.');
    const masks = sectorMasks(mv.assets, o.sectors);
    for (const [sector, u] of Object.entries(o.sectors.upper)) (g.push(wide(masks.get(sector)!)), h.push(u));
    for (const [sector, l] of Object.entries(o.sectors.lower)) (g.push(wide(masks.get(sector)!.map((v) => -v))), h.push(-l));
  }
  if (tc) {
    for (let i = 0; i < n; i++) {
      const up = new Float64Array(nv);
      up[i] = 1;
      up[n + i] = -1;
      g.push(up);
      h.push(tc.wPrev[i]);
      const dn = new Float64Array(nv);
      dn[i] = -1;
      dn[n + i] = -1;
      g.push(dn);
      h.push(-tc.wPrev[i]);
    }
  }
  return { n, nv, lb: LB, ub: UB, aEq, bEq, g, h, warnings };
}

/** H = varScale·Σ + 2·l2·I on w (+ a ridge so t-variables have curvature), c = linear terms. */
function hessian(b: Built, cov: Float64Array, varScale: number, l2: number): Float64Array {
  const { n, nv } = b;
  const H = new Float64Array(nv * nv);
  let tr = 0;
  for (let i = 0; i < n; i++) tr += cov[i * n + i];
  const ridge = 1e-13 * Math.max(tr / Math.max(n, 1), 1e-300) * Math.max(varScale, 1e-300);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) H[i * nv + j] = varScale * cov[i * n + j];
    H[i * nv + i] += 2 * l2 + ridge;
  }
  // t-variables (transaction costs) are linear in the objective; a 1e-9 proximal term keeps the QP strictly convex.
  for (let i = n; i < nv; i++) H[i * nv + i] = 1e-9 * Math.max(varScale, 1e-3) * Math.max(tr / Math.max(n, 1), 1e-6);
  return H;
}

function linear(b: Built, muScale: number, mu: Float64Array | null, o: EfOptions, extraScale: number): Float64Array {
  const c = new Float64Array(b.nv);
  if (mu) for (let i = 0; i < b.n; i++) c[i] = -muScale * mu[i];
  if (o.transactionCost) for (let i = b.n; i < b.nv; i++) c[i] = extraScale * o.transactionCost.k;
  return c;
}

/** A vertex-like start: bounds clipped at 0, then the budget added (or removed) asset by asset in `order`. */
function greedyStart(b: Built, target: number, order: readonly number[], wPrev?: Float64Array): Float64Array {
  const x = new Float64Array(b.nv);
  let s = 0;
  for (let i = 0; i < b.n; i++) (x[i] = Math.min(b.ub[i], Math.max(b.lb[i], 0))), (s += x[i]);
  let budget = target - s;
  const seq = budget >= 0 ? order : [...order].reverse();
  for (const i of seq) {
    if (Math.abs(budget) <= 0) break;
    const room = budget > 0 ? b.ub[i] - x[i] : b.lb[i] - x[i];
    const d = budget > 0 ? Math.min(room, budget) : Math.max(room, budget);
    x[i] += d;
    budget -= d;
  }
  if (wPrev) for (let i = 0; i < b.n; i++) x[b.n + i] = Math.abs(x[i] - wPrev[i]);
  return x;
}

function byVariance(mv: MeanVariance): number[] {
  const n = mv.assets.length;
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => mv.cov[a * n + a] - mv.cov[b * n + b]);
}

function solveBuilt(b: Built, H: Float64Array, c: Float64Array, x0: Float64Array): OptimizeResult & { qp: NonNullable<OptimizeResult['qp']> } {
  const problem: QpProblem = { n: b.nv, H, c, aEq: b.aEq, bEq: b.bEq, g: b.g, h: b.h, lb: b.lb, ub: b.ub };
  const solution = solveQp(problem, x0);
  return { weights: solution.x.slice(0, b.n), warnings: b.warnings, qp: { problem, solution } };
}

/** min wᵀΣw (+ extras) s.t. Σw = 1, bounds, sectors: EfficientFrontier.min_volatility. */
export function minVolatility(mv: MeanVariance, o: EfOptions = {}, x0?: Float64Array): OptimizeResult {
  const b = build(mv, o, 1);
  return solveBuilt(b, hessian(b, mv.cov, 2, o.l2Gamma ?? 0), linear(b, 0, null, o, 1), x0 ?? greedyStart(b, 1, byVariance(mv), o.transactionCost?.wPrev));
}

/** max μᵀw − δ/2·wᵀΣw (− extras): EfficientFrontier.max_quadratic_utility. */
export function maxQuadraticUtility(mv: MeanVariance, riskAversion = 1, marketNeutral = false, o: EfOptions = {}): OptimizeResult {
  if (!(riskAversion > 0)) throw new Error('risk aversion coefficient must be greater than zero');
  const mu = needMu(mv);
  const b = build(mv, o, marketNeutral ? 0 : 1);
  return solveBuilt(b, hessian(b, mv.cov, riskAversion, o.l2Gamma ?? 0), linear(b, 1, mu, o, 1), greedyStart(b, marketNeutral ? 0 : 1, byVariance(mv), o.transactionCost?.wPrev));
}

/** The largest attainable μᵀw with Σw = 1, bounds and sectors: EfficientFrontier._max_return (an LP). */
export function maxReturn(mv: MeanVariance, o: EfOptions = {}): { value: number; weights: Float64Array } {
  const mu = needMu(mv);
  const b = build(mv, { weightBounds: o.weightBounds, sectors: o.sectors }, 1);
  const n = b.n;
  // A tiny proximal term makes the LP a strictly convex QP whose minimizer is an exact LP optimum (Mangasarian 1984).
  const H = new Float64Array(n * n);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(mu[i]));
  for (let i = 0; i < n; i++) H[i * n + i] = 1e-9 * Math.max(scale, 1e-12);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, c) => mu[c] - mu[a]);
  const r = solveBuilt(b, H, linear(b, 1, mu, {}, 0), greedyStart(b, 1, order));
  let v = 0;
  for (let i = 0; i < n; i++) v += mu[i] * r.weights[i];
  return { value: v, weights: r.weights };
}

/** min wᵀΣw (+ extras) s.t. μᵀw ≥ target, Σw = 1 (0 if market neutral): EfficientFrontier.efficient_return. */
export function efficientReturn(
  mv: MeanVariance,
  targetReturn: number,
  marketNeutral = false,
  o: EfOptions = {},
  x0?: Float64Array,
  maxRet?: number,
): OptimizeResult {
  const mu = needMu(mv);
  if (typeof targetReturn !== 'number' || !Number.isFinite(targetReturn)) throw new Error('target_return should be a float');
  const top = maxRet ?? maxReturn(mv, o).value;
  if (targetReturn > top) throw new Error('target_return must be lower than the maximum possible return');
  const b = build(mv, o, marketNeutral ? 0 : 1);
  const row = new Float64Array(b.nv);
  for (let i = 0; i < b.n; i++) row[i] = -mu[i];
  b.g.push(row);
  b.h.push(-targetReturn);
  const order = Array.from({ length: b.n }, (_, i) => i).sort((a, c) => mu[c] - mu[a]);
  return solveBuilt(b, hessian(b, mv.cov, 2, o.l2Gamma ?? 0), linear(b, 0, null, o, 1), x0 ?? greedyStart(b, marketNeutral ? 0 : 1, order, o.transactionCost?.wPrev));
}

/** √(1/Σᵢⱼ pinv(Σ)ᵢⱼ): the unconstrained minimum volatility PyPortfolioOpt checks efficient_risk against. */
export function globalMinVolatility(cov: Float64Array, n: number): number {
  const l = cholesky(cov, n);
  if (l) return Math.sqrt(1 / cholSolve(l, n, new Float64Array(n).fill(1)).reduce((a, v) => a + v, 0));
  const { values, vectors } = eigSym(cov, n);
  const cut = 1e-15 * n * Math.max(...values.map(Math.abs));
  let s = 0;
  for (let k = 0; k < n; k++) {
    if (Math.abs(values[k]) <= cut) continue;
    let u = 0;
    for (let i = 0; i < n; i++) u += vectors[i * n + k];
    s += (u * u) / values[k];
  }
  return Math.sqrt(1 / s);
}

/**
 * max μᵀw (− extras) s.t. wᵀΣw ≤ σ²: EfficientFrontier.efficient_risk. Solved through the variance constraint's
 * multiplier ν = 1/θ: w(θ) minimizes wᵀΣw + θ·(−μᵀw + extras), whose variance grows with θ; θ is found by
 * safeguarded bisection/secant until wᵀΣw = σ² to 1e-12 (or θ → ∞ when the constraint is slack).
 */
export function efficientRisk(mv: MeanVariance, targetVolatility: number, marketNeutral = false, o: EfOptions = {}): OptimizeResult & { theta: number } {
  const mu = needMu(mv);
  const n = mv.assets.length;
  if (typeof targetVolatility !== 'number' || !(targetVolatility >= 0)) throw new Error('target_volatility should be a positive float');
  const gmv = globalMinVolatility(mv.cov, n);
  if (targetVolatility < gmv)
    throw new Error(`The minimum volatility is ${gmv.toFixed(3)}. Please use a higher target_volatility`);
  const b = build(mv, o, marketNeutral ? 0 : 1);
  const target2 = targetVolatility * targetVolatility;
  const l2 = o.l2Gamma ?? 0;
  let x = greedyStart(b, marketNeutral ? 0 : 1, byVariance(mv), o.transactionCost?.wPrev);
  const at = (theta: number): OptimizeResult & { qp: NonNullable<OptimizeResult['qp']>; v: number } => {
    const r = solveBuilt(b, hessian(b, mv.cov, 2, theta * l2), linear(b, theta, mu, o, theta), x);
    x = r.qp.solution.x;
    return { ...r, v: quadForm(mv.cov, n, r.weights) };
  };
  let lo = at(0);
  let loT = 0;
  if (lo.v > target2 * (1 + 1e-12))
    throw new Error(
      `target_volatility ${targetVolatility} is below the minimum volatility ${Math.sqrt(lo.v).toFixed(6)} attainable under the constraints (infeasible)`,
    );
  let hiT = 1;
  let hi = at(hiT);
  while (hi.v < target2 && hiT < 1e12) {
    lo = hi;
    loT = hiT;
    hiT *= 8;
    hi = at(hiT);
  }
  if (hi.v <= target2) return { weights: hi.weights, warnings: hi.warnings, qp: hi.qp, theta: hiT };
  for (let it = 0; it < 200 && Math.abs(lo.v - target2) > 1e-12 * target2; it++) {
    // Secant on the variance (piecewise quadratic in θ), kept inside the bracket; bisection every third step.
    let t = loT + ((target2 - lo.v) * (hiT - loT)) / (hi.v - lo.v);
    if (!(t > loT && t < hiT) || it % 3 === 2) t = 0.5 * (loT + hiT);
    const r = at(t);
    if (r.v <= target2) (lo = r), (loT = t);
    else (hi = r), (hiT = t);
    if (hiT - loT <= 1e-15 * hiT) break;
  }
  return { weights: lo.weights, warnings: lo.warnings, qp: lo.qp, theta: loT };
}

/**
 * max (μ − rf)ᵀw/√(wᵀΣw): EfficientFrontier.max_sharpe's transform — min yᵀΣy (+ γ·Σy² + k·‖y − w_prev‖₁) s.t.
 * (μ − rf)ᵀy = 1, bounds and sector limits scaled by k = Σy ≥ 0 (k eliminated); w = y/k.
 */
export function maxSharpe(mv: MeanVariance, riskFreeRate = 0, o: EfOptions = {}): OptimizeResult {
  const mu = needMu(mv);
  const n = mv.assets.length;
  if (!Number.isFinite(riskFreeRate)) throw new Error('risk_free_rate should be numeric');
  if (Math.max(...mu) <= riskFreeRate)
    throw new Error('at least one of the assets must have an expected return exceeding the risk-free rate');
  const { lb, ub } = mapBounds(o.weightBounds, n);
  const b = build(mv, { ...o, weightBounds: [0, 1], sectors: undefined }, null);
  b.lb.fill(-Infinity, 0, n);
  b.ub.fill(Infinity, 0, n);
  const ones = new Float64Array(n).fill(1);
  const row = (v: Float64Array): Float64Array => {
    const r = new Float64Array(b.nv);
    r.set(v);
    return r;
  };
  const allNonNeg = lb.every((v) => v >= 0);
  const allZero = lb.every((v) => v === 0);
  for (let i = 0; i < n; i++) {
    if (lb[i] === 0) b.lb[i] = 0;
    else if (lb[i] > -Infinity) {
      const r = ones.map((v) => v * lb[i]);
      r[i] -= 1;
      (b.g.push(row(r)), b.h.push(0));
    }
    if (ub[i] < Infinity && !(allNonNeg && ub[i] >= 1)) {
      const r = ones.map((v) => -v * ub[i]);
      r[i] += 1;
      (b.g.push(row(r)), b.h.push(0));
    }
  }
  if (!allZero) (b.g.push(row(ones.map((v) => -v))), b.h.push(0));
  if (o.sectors) {
    if (lb.some((v) => v < 0)) b.warnings.push('Sector constraints may not produce reasonable results if shorts are allowed.');
    for (const [sector, m] of sectorMasks(mv.assets, o.sectors)) {
      if (Object.hasOwn(o.sectors.upper, sector)) (b.g.push(row(m.map((v) => v - o.sectors!.upper[sector]))), b.h.push(0));
      if (Object.hasOwn(o.sectors.lower, sector)) (b.g.push(row(m.map((v) => o.sectors!.lower[sector] - v))), b.h.push(0));
    }
  }
  const excess = mu.map((v) => v - riskFreeRate);
  b.aEq.push(row(excess));
  b.bEq.push(1);
  if (o.l2Gamma || o.transactionCost) b.warnings.push('max_sharpe transforms the optimization problem so additional objectives may not work as expected.');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, c) => excess[c] / Math.sqrt(mv.cov[c * n + c]) - excess[a] / Math.sqrt(mv.cov[a * n + a]));
  const w0 = greedyStart({ ...b, lb: new Float64Array([...lb, ...new Float64Array(b.nv - n)]), ub: new Float64Array([...ub, ...new Float64Array(b.nv - n).fill(Infinity)]) }, 1, order);
  let e0 = 0;
  for (let i = 0; i < n; i++) e0 += excess[i] * w0[i];
  const y0 = e0 > 0 ? w0.map((v, i) => (i < n ? v / e0 : 0)) : undefined;
  if (y0 && o.transactionCost) for (let i = 0; i < n; i++) y0[n + i] = Math.abs(y0[i] - o.transactionCost.wPrev[i]);
  const r = solveBuilt(b, hessian(b, mv.cov, 2, o.l2Gamma ?? 0), linear(b, 0, null, o, 1), y0 ?? new Float64Array(b.nv));
  let k = 0;
  for (let i = 0; i < n; i++) k += r.weights[i];
  return { weights: r.weights.map((v) => v / k), warnings: r.warnings, qp: r.qp };
}

function needMu(mv: MeanVariance): Float64Array {
  if (!mv.mu) throw new Error('expected returns are required for this objective');
  if (mv.mu.length !== mv.assets.length) throw new Error('Covariance matrix does not match expected returns');
  return mv.mu;
}
