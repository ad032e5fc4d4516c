// Metrics of a return series against a factor (benchmark) series of the same length, as empyrical 0.5.5
// computes them: pairs are aligned by position and a pair with a NaN on either side is ignored.
import { annualReturn } from './returns';
import { mapSeries, nanmean, nanstd, type Series } from './stats';

function checkLengths(returns: Series, factor: Series): void {
  if (returns.length !== factor.length) {
    throw new Error(`factor_returns must have the same length as returns (${returns.length}), got ${factor.length}`);
  }
}

/**
 * cov(r − rf, f − rf)/var(f − rf) over pairs with both values present (empyrical `beta_aligned`: the ddof cancels;
 * NaN below 2 values or when the factor's variance is under 1e-30).
 */
export function beta(returns: Series, factorReturns: Series, riskFree = 0): number {
  checkLengths(returns, factorReturns);
  if (returns.length < 2) return NaN;
  const n = returns.length;
  // empyrical masks the factor where the return is NaN; products with a NaN factor then drop out of the means.
  const ind = new Float64Array(n);
  for (let i = 0; i < n; i++) ind[i] = Number.isNaN(returns[i]) ? NaN : factorReturns[i] - riskFree;
  const m = nanmean(ind);
  const cov = new Float64Array(n);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = ind[i] - m;
    cov[i] = d * (returns[i] - riskFree);
    sq[i] = d * d;
  }
  const v = nanmean(sq);
  return v < 1e-30 || Number.isNaN(v) ? NaN : nanmean(cov) / v;
}

/**
 * Annualized alpha (1 + mean(r − rf − β·(f − rf)))^ppy − 1 over pairs with both values present (empyrical
 * `alpha_aligned`; NaN below 2 values or when β is NaN).
 */
export function alpha(returns: Series, factorReturns: Series, riskFree = 0, periodsPerYear = 252): number {
  return alphaBeta(returns, factorReturns, riskFree, periodsPerYear)[0];
}

/** [alpha, beta] as the two functions above compute them, sharing one β (empyrical `alpha_beta_aligned`). */
export function alphaBeta(returns: Series, factorReturns: Series, riskFree = 0, periodsPerYear = 252): [number, number] {
  const b = beta(returns, factorReturns, riskFree);
  if (returns.length < 2) return [NaN, b];
  const resid = mapSeries(returns, (r, i) => r - riskFree - b * (factorReturns[i] - riskFree));
  return [(1 + nanmean(resid)) ** periodsPerYear - 1, b];
}

/**
 * mean(r − f)/std(r − f, ddof 1) per period, not annualized (empyrical `excess_sharpe`, formerly
 * `information_ratio`; a NaN tracking error counts as 0, so a single active return gives ±Infinity).
 */
export function excessSharpe(returns: Series, factorReturns: Series): number {
  checkLengths(returns, factorReturns);
  if (returns.length < 2) return NaN;
  const active = mapSeries(returns, (r, i) => r - factorReturns[i]);
  const te = nanstd(active, 1);
  return nanmean(active) / (Number.isNaN(te) ? 0 : te);
}

/** annual_return(returns)/annual_return(factor) over all periods (empyrical `capture`). */
export function capture(returns: Series, factorReturns: Series, periodsPerYear = 252): number {
  checkLengths(returns, factorReturns);
  return annualReturn(returns, periodsPerYear) / annualReturn(factorReturns, periodsPerYear);
}

function captureWhere(returns: Series, factorReturns: Series, periodsPerYear: number, keep: (f: number) => boolean): number {
  checkLengths(returns, factorReturns);
  const r: number[] = [];
  const f: number[] = [];
  for (let i = 0; i < returns.length; i++) {
    if (keep(factorReturns[i])) {
      r.push(returns[i]);
      f.push(factorReturns[i]);
    }
  }
  return capture(r, f, periodsPerYear);
}

/** capture over the periods whose factor return is > 0 (empyrical `up_capture`; NaN when there are none). */
export function upCapture(returns: Series, factorReturns: Series, periodsPerYear = 252): number {
  return captureWhere(returns, factorReturns, periodsPerYear, (f) => f > 0);
}

/** capture over the periods whose factor return is < 0 (empyrical `down_capture`; NaN when there are none). */
export function downCapture(returns: Series, factorReturns: Series, periodsPerYear = 252): number {
  return captureWhere(returns, factorReturns, periodsPerYear, (f) => f < 0);
}
