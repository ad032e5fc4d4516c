// Annual covariance estimates as PyPortfolioOpt 1.5.6's risk_models module: sample_cov (pandas' pairwise-complete
// DataFrame.cov), semicovariance, exp_cov, and CovarianceShrinkage.ledoit_wolf towards constant_variance (sklearn's
// ledoit_wolf), single_factor and constant_correlation; every result passes fix_nonpositive_semidefinite.
import { eigSym, isPositiveSemidefinite } from './linalg';
import { ewmMeanLast } from './expected-returns';
import { columns, pairwiseCov } from './pairwise';
import { rowCount, type ReturnTable } from './returns';

export { pairwiseCorr, pairwiseCov } from './pairwise';

/**
 * The matrix itself when A + 1e-16·I has a Cholesky factor, else V·max(Λ, 0)·Vᵀ (eigenvalue clipping):
 * risk_models.fix_nonpositive_semidefinite with fix_method="spectral". `fixed` tells whether it was repaired.
 */
export function fixNonPsd(a: Float64Array, n: number): { matrix: Float64Array; fixed: boolean } {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new Error('covariance has missing values: some pair of assets shares fewer than 2 returns');
  if (isPositiveSemidefinite(a, n)) return { matrix: a, fixed: false };
  const { values, vectors } = eigSym(a, n);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const q = values[k];
    if (!(q > 0)) continue;
    for (let i = 0; i < n; i++) {
      const vik = vectors[i * n + k] * q;
      if (vik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += vik * vectors[j * n + k];
    }
  }
  return { matrix: out, fixed: true };
}

/** A covariance estimate: annualized n×n matrix and whether the PSD repair ran. */
export interface CovEstimate {
  matrix: Float64Array;
  fixed: boolean;
  /** The shrinkage constant δ (Ledoit–Wolf only). */
  delta?: number;
}

function annualize(a: Float64Array, n: number, frequency: number): CovEstimate {
  for (let i = 0; i < a.length; i++) a[i] *= frequency;
  return fixNonPsd(a, n);
}

/** Pairwise-complete sample covariance × frequency, PSD-repaired: risk_models.sample_cov. */
export function sampleCov(ret: ReturnTable, frequency = 252): CovEstimate {
  return annualize(pairwiseCov(ret), ret.assets.length, frequency);
}

/** Mean over all T rows of min(rᵢ − b, 0)·min(rⱼ − b, 0) (missing → 0, numpy fmin) × frequency: risk_models.semicovariance. */
export function semicovariance(ret: ReturnTable, benchmark = 0.000079, frequency = 252): CovEstimate {
  const n = ret.assets.length;
  const T = rowCount(ret);
  const cols = columns(ret).map((c) => c.map((v) => (Number.isNaN(v) ? 0 : Math.min(v - benchmark, 0))));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += cols[i][t] * cols[j][t];
      out[i * n + j] = out[j * n + i] = s / T;
    }
  }
  return annualize(out, n, frequency);
}

/**
 * Per pair, the last value of ewm(span).mean() of (X − X̄)(Y − Ȳ) (means over each column's own returns; the
 * product is missing where either is), × frequency: risk_models.exp_cov / _pair_exp_cov.
 */
export function expCov(ret: ReturnTable, span = 180, frequency = 252): CovEstimate {
  if (!(span >= 1)) throw new Error(`span must be ≥ 1, got ${span}`);
  const n = ret.assets.length;
  const T = rowCount(ret);
  const cols = columns(ret).map((c) => {
    let m = 0;
    let k = 0;
    for (const v of c) if (!Number.isNaN(v)) (m += v), k++;
    m /= k;
    return c.map((v) => v - m);
  });
  const prod = new Float64Array(T);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      for (let t = 0; t < T; t++) prod[t] = cols[i][t] * cols[j][t];
      out[i * n + j] = out[j * n + i] = ewmMeanLast(prod, span);
    }
  }
  return annualize(out, n, frequency);
}

/** Ledoit–Wolf shrinkage targets of CovarianceShrinkage.ledoit_wolf. */
export type ShrinkageTarget = 'constant_variance' | 'single_factor' | 'constant_correlation';

/** Zero-filled returns (np.nan_to_num), demeaned per column: T×n row-major plus the column means. */
function demeanedZeroFilled(ret: ReturnTable): { X: Float64Array; T: number; n: number } {
  const n = ret.assets.length;
  const T = rowCount(ret);
  const X = ret.r.map((v) => (Number.isNaN(v) ? 0 : v));
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let t = 0; t < T; t++) m += X[t * n + i];
    m /= T;
    for (let t = 0; t < T; t++) X[t * n + i] -= m;
  }
  return { X, T, n };
}

/** Xᵀ·Y / T for T×n row-major X, Y (n×n). */
function gram(X: Float64Array, Y: Float64Array, T: number, n: number): Float64Array {
  const cx = Array.from({ length: n }, (_, i) => Float64Array.from({ length: T }, (_, t) => X[t * n + i]));
  const cy = X === Y ? cx : Array.from({ length: n }, (_, i) => Float64Array.from({ length: T }, (_, t) => Y[t * n + i]));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = X === Y ? i : 0; j < n; j++) {
      let s = 0;
      const a = cx[i];
      const b = cy[j];
      for (let t = 0; t < T; t++) s += a[t] * b[t];
      out[i * n + j] = s / T;
      if (X === Y) out[j * n + i] = s / T;
    }
  }
  return out;
}

/**
 * Ledoit–Wolf shrunk covariance × frequency, PSD-repaired: CovarianceShrinkage(prices).ledoit_wolf(target).
 * constant_variance is sklearn.covariance.ledoit_wolf on zero-filled returns; single_factor and
 * constant_correlation transcribe PyPortfolioOpt's _ledoit_wolf_single_factor / _ledoit_wolf_constant_correlation.
 */
export function ledoitWolf(ret: ReturnTable, target: ShrinkageTarget = 'constant_variance', frequency = 252): CovEstimate {
  const { X, T, n } = demeanedZeroFilled(ret);
  let shrunk: Float64Array;
  let delta: number;
  if (target === 'constant_variance') [shrunk, delta] = lwConstantVariance(X, T, n);
  else if (target === 'single_factor') [shrunk, delta] = lwSingleFactor(X, T, n);
  else if (target === 'constant_correlation') [shrunk, delta] = lwConstantCorrelation(X, T, n, pairwiseCov(ret));
  else throw new Error(`Shrinkage target ${String(target)} not recognised`);
  return { ...annualize(shrunk, n, frequency), delta };
}

function lwConstantVariance(X: Float64Array, T: number, n: number): [Float64Array, number] {
  const S = gram(X, X, T, n);
  if (n === 1) return [S, 0];
  let tr = 0;
  for (let i = 0; i < n; i++) tr += S[i * n + i];
  const mu = tr / n;
  let betaSum = 0;
  for (let t = 0; t < T; t++) {
    let r = 0;
    for (let i = 0; i < n; i++) r += X[t * n + i] ** 2;
    betaSum += r * r;
  }
  let fro = 0;
  for (let k = 0; k < S.length; k++) fro += S[k] * S[k];
  let beta = (betaSum / T - fro) / (n * T);
  const d = (fro - 2 * mu * tr + n * mu * mu) / n;
  beta = Math.min(beta, d);
  const s = beta === 0 ? 0 : beta / d;
  const out = S.map((v) => (1 - s) * v);
  for (let i = 0; i < n; i++) out[i * n + i] += s * mu;
  return [out, s];
}

function lwSingleFactor(Xm: Float64Array, t: number, n: number): [Float64Array, number] {
  const xmkt = new Float64Array(t);
  for (let k = 0; k < t; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Xm[k * n + i];
    xmkt[k] = s / n;
  }
  let mm = 0;
  for (const v of xmkt) mm += v;
  mm /= t;
  const sample = gram(Xm, Xm, t, n);
  const betas = new Float64Array(n);
  let varmkt = 0;
  for (let k = 0; k < t; k++) varmkt += (xmkt[k] - mm) ** 2;
  varmkt /= t;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < t; k++) s += Xm[k * n + i] * (xmkt[k] - mm);
    betas[i] = s / t;
  }
  const F = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) F[i * n + j] = i === j ? sample[i * n + i] : (betas[i] * betas[j]) / varmkt;
  let c = 0;
  let s2 = 0;
  for (let k = 0; k < F.length; k++) (c += (sample[k] - F[k]) ** 2), (s2 += sample[k] ** 2);
  // p = (1/t)·Σ(yᵀy) − Σ sample², y = Xm²; the sums below are the same quantities without n×n temporaries.
  let sumYY = 0;
  let y4 = 0;
  let sumYZb = 0;
  let sumZb2 = 0;
  const diagYZ = new Float64Array(n);
  const diagZZ = new Float64Array(n);
  for (let k = 0; k < t; k++) {
    let ys = 0;
    let zb = 0;
    for (let i = 0; i < n; i++) {
      const x = Xm[k * n + i];
      const y = x * x;
      const z = x * xmkt[k];
      ys += y;
      y4 += y * y;
      zb += z * betas[i];
      diagYZ[i] += y * z;
      diagZZ[i] += z * z;
    }
    sumYY += ys * ys;
    sumYZb += ys * zb;
    sumZb2 += zb * zb;
  }
  const p = sumYY / t - s2;
  let diagS2 = 0;
  for (let i = 0; i < n; i++) diagS2 += sample[i * n + i] ** 2;
  const rdiag = y4 / t - diagS2;
  const Sb = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Sb[i] += sample[i * n + j] * betas[j];
  let bSb = 0;
  let sumBetaSb = 0;
  let v1diagB = 0;
  let v3diagB2 = 0;
  for (let i = 0; i < n; i++) {
    bSb += betas[i] * Sb[i];
    sumBetaSb += betas[i] * Sb[i];
    v1diagB += (diagYZ[i] / t - betas[i] * sample[i * n + i]) * betas[i];
    v3diagB2 += (diagZZ[i] / t - varmkt * sample[i * n + i]) * betas[i] ** 2;
  }
  const v1B = sumYZb / t - sumBetaSb;
  const roff1 = v1B / varmkt - v1diagB / varmkt;
  const v3BB = sumZb2 / t - varmkt * bSb;
  const roff3 = v3BB / varmkt ** 2 - v3diagB2 / varmkt ** 2;
  const r = rdiag + 2 * roff1 - roff3;
  const delta = Math.max(0, Math.min(1, (p - r) / c / t));
  return [F.map((f, k) => delta * f + (1 - delta) * sample[k]), delta];
}

function lwConstantCorrelation(Xm: Float64Array, t: number, n: number, S: Float64Array): [Float64Array, number] {
  const std = new Float64Array(n);
  for (let i = 0; i < n; i++) std[i] = Math.sqrt(S[i * n + i]);
  let rs = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rs += S[i * n + j] / (std[i] * std[j]);
  const rBar = (rs - n) / (n * (n - 1));
  const F = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) F[i * n + j] = i === j ? S[i * n + i] : rBar * std[i] * std[j];
  const Y = Xm.map((v) => v * v);
  const X3 = Xm.map((v) => v * v * v);
  const yy = gram(Y, Y, t, n);
  const help = gram(Xm, Xm, t, n);
  const term1 = gram(X3, Xm, t, n);
  let piHat = 0;
  let piDiag = 0;
  let theta = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      const pi = yy[k] - 2 * help[k] * S[k] + S[k] * S[k];
      piHat += pi;
      if (i === j) {
        piDiag += pi;
        continue;
      }
      const th = term1[k] - help[i * n + i] * S[k] - help[k] * S[i * n + i] + S[i * n + i] * S[k];
      theta += (std[j] / std[i]) * th;
    }
  }
  const rho = piDiag + rBar * theta;
  let gamma = 0;
  for (let k = 0; k < F.length; k++) gamma += (S[k] - F[k]) ** 2;
  const delta = Math.max(0, Math.min(1, (piHat - rho) / gamma / t));
  return [F.map((f, k) => delta * f + (1 - delta) * S[k]), delta];
}

/** Correlation from a covariance: risk_models.cov_to_corr. */
export function covToCorr(cov: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = cov[i * n + j] / Math.sqrt(cov[i * n + i] * cov[j * n + j]);
  return out;
}
