// Return-series metrics with Quantopian empyrical 0.5.5's names, formulas, NaN handling and edge cases
// (docs/metrics.md gives each formula and convention). Returns are simple per-period returns (0.01 = +1 %);
// a NaN return is a missing period: ignored by means, deviations and percentiles, a zero return when compounding.
import { dropNaN, kurtosis as kurtosisOf, linregressR, mapSeries, nanmean, nanstd, percentile, percentileOfSorted, skew as skewOf, type Series } from './stats';

export { type Series } from './stats';

/** Cumulative return after each period, starting_value 0 (empyrical `cum_returns`; NaN returns count as 0). */
export function cumReturns(returns: Series): Float64Array {
  const out = new Float64Array(returns.length);
  let w = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (!Number.isNaN(r)) w *= 1 + r;
    out[i] = w - 1;
  }
  return out;
}

/** Total compounded return ∏(1+r) − 1 over non-NaN returns (empyrical `cum_returns_final`; NaN when empty). */
export function cumReturnsFinal(returns: Series): number {
  if (returns.length === 0) return NaN;
  let w = 1;
  for (let i = 0; i < returns.length; i++) if (!Number.isNaN(returns[i])) w *= 1 + returns[i];
  return w - 1;
}

/** Compound annual growth rate (1+cum)^(ppy/n) − 1, n counting every period (empyrical `annual_return`). */
export function annualReturn(returns: Series, periodsPerYear = 252): number {
  if (returns.length < 1) return NaN;
  const years = returns.length / periodsPerYear;
  return (1 + cumReturnsFinal(returns)) ** (1 / years) - 1;
}

/** Sample standard deviation (ddof 1) of the returns × √ppy (empyrical `annual_volatility`; NaN below 2 values). */
export function annualVolatility(returns: Series, periodsPerYear = 252): number {
  if (returns.length < 2) return NaN;
  return nanstd(returns, 1) * Math.sqrt(periodsPerYear);
}

/** mean(r − rf)/std(r − rf, ddof 1)·√ppy with rf per period (empyrical `sharpe_ratio`; NaN below 2 values). */
export function sharpeRatio(returns: Series, riskFree = 0, periodsPerYear = 252): number {
  if (returns.length < 2) return NaN;
  const adj = mapSeries(returns, (r) => r - riskFree);
  return (nanmean(adj) / nanstd(adj, 1)) * Math.sqrt(periodsPerYear);
}

/** √(mean(min(r − required, 0)²))·√ppy, required per period (empyrical `downside_risk`; NaN when empty). */
export function downsideRisk(returns: Series, requiredReturn = 0, periodsPerYear = 252): number {
  if (returns.length < 1) return NaN;
  const sq = mapSeries(returns, (r) => Math.min(r - requiredReturn, 0) ** 2); // Math.min keeps NaN
  return Math.sqrt(nanmean(sq)) * Math.sqrt(periodsPerYear);
}

/** mean(r − required)·ppy / downside_risk (empyrical `sortino_ratio`; +Infinity when nothing is below target). */
export function sortinoRatio(returns: Series, requiredReturn = 0, periodsPerYear = 252): number {
  if (returns.length < 2) return NaN;
  const mean = nanmean(mapSeries(returns, (r) => r - requiredReturn));
  return (mean * periodsPerYear) / downsideRisk(returns, requiredReturn, periodsPerYear);
}

/** Largest peak-to-trough fall of wealth 100·∏(1+r), as a fraction ≤ 0 (empyrical `max_drawdown`; NaN when empty). */
export function maxDrawdown(returns: Series): number {
  if (returns.length < 1) return NaN;
  // empyrical prepends the starting wealth (100) so a loss in the first period counts as a drawdown.
  let w = 100;
  let peak = 100;
  let worst = 0;
  for (let i = 0; i < returns.length; i++) {
    if (!Number.isNaN(returns[i])) w *= 1 + returns[i];
    peak = Math.max(peak, w); // fmax: a NaN wealth (from a NaN-producing return) never becomes the peak
    const dd = (w - peak) / peak;
    if (dd < worst) worst = dd;
  }
  return worst;
}

/**
 * Longest time under water, in periods: from the period of a wealth peak (0 = the start) to the first period whose
 * wealth is back at or above it, or to the last period if it never recovers; 0 when wealth never falls below a
 * previous peak; NaN when empty. Not in empyrical (documented in docs/metrics.md).
 */
export function maxDrawdownDuration(returns: Series): number {
  if (returns.length < 1) return NaN;
  let w = 1;
  let peak = 1;
  let peakAt = 0; // period index of the current peak: wealth after `peakAt` periods
  let longest = 0;
  for (let i = 0; i < returns.length; i++) {
    if (!Number.isNaN(returns[i])) w *= 1 + returns[i];
    if (w >= peak) {
      // A new high right after the last one spent no time under water; otherwise the episode lasted t − peakAt.
      const t = i + 1;
      if (t - peakAt > 1) longest = Math.max(longest, t - peakAt);
      peak = w;
      peakAt = t;
    }
  }
  return Math.max(longest, returns.length - peakAt);
}

/** annual_return / |max_drawdown|; NaN when max_drawdown is 0 or NaN, or the ratio infinite (empyrical `calmar_ratio`). */
export function calmarRatio(returns: Series, periodsPerYear = 252): number {
  const mdd = maxDrawdown(returns);
  if (!(mdd < 0)) return NaN;
  const c = annualReturn(returns, periodsPerYear) / Math.abs(mdd);
  return Number.isFinite(c) || Number.isNaN(c) ? c : NaN;
}

/**
 * Σ gains above the threshold / Σ losses below it, threshold = rf + ((1 + required)^(1/ppy) − 1) with `required`
 * annual (empyrical `omega_ratio`; NaN below 2 values, for required ≤ −1, or when nothing falls below the threshold).
 */
export function omegaRatio(returns: Series, riskFree = 0, requiredReturn = 0, periodsPerYear = 252): number {
  if (returns.length < 2) return NaN;
  let threshold: number;
  if (periodsPerYear === 1) threshold = requiredReturn;
  else if (requiredReturn <= -1) return NaN;
  else threshold = (1 + requiredReturn) ** (1 / periodsPerYear) - 1;
  let num = 0;
  let den = 0;
  for (let i = 0; i < returns.length; i++) {
    const d = returns[i] - riskFree - threshold;
    if (d > 0) num += d;
    else if (d < 0) den -= d;
  }
  return den > 0 ? num / den : NaN;
}

/** |95th percentile| / |5th percentile| of the non-NaN returns, numpy linear percentiles (empyrical `tail_ratio`). */
export function tailRatio(returns: Series): number {
  return tailRatioOfSorted(dropNaN(returns).sort());
}

/** tailRatio of returns already sorted ascending without NaN. */
export function tailRatioOfSorted(x: Float64Array): number {
  if (x.length < 1) return NaN;
  return Math.abs(percentileOfSorted(x, 95)) / Math.abs(percentileOfSorted(x, 5));
}

/**
 * R² of a least-squares line through the cumulative log returns Σlog1p(r) of the non-NaN returns against their
 * index (empyrical `stability_of_timeseries`; NaN below 2 non-NaN values, 0 when the curve is flat).
 */
export function stabilityOfTimeseries(returns: Series): number {
  const x = dropNaN(returns);
  if (x.length < 2) return NaN;
  const idx = new Float64Array(x.length);
  const cum = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += Math.log1p(x[i]);
    cum[i] = s;
    idx[i] = i;
  }
  return linregressR(idx, cum) ** 2;
}

/** The `cutoff` quantile (linear) of the non-NaN returns (empyrical `value_at_risk`; NaN when none). */
export function valueAtRisk(returns: Series, cutoff = 0.05): number {
  return percentile(returns, 100 * cutoff);
}

/**
 * Mean of the k = ⌊(n−1)·cutoff⌋ + 1 smallest non-NaN returns (empyrical `conditional_value_at_risk`, which
 * partitions at that index rather than comparing with value_at_risk; NaN when none).
 */
export function conditionalValueAtRisk(returns: Series, cutoff = 0.05): number {
  return conditionalValueAtRiskOfSorted(dropNaN(returns).sort(), cutoff);
}

/** conditionalValueAtRisk of returns already sorted ascending without NaN. */
export function conditionalValueAtRiskOfSorted(x: Float64Array, cutoff = 0.05): number {
  if (x.length === 0) return NaN;
  const k = Math.floor((x.length - 1) * cutoff) + 1;
  return nanmean(x.subarray(0, k));
}

/** Biased skewness of the non-NaN returns (scipy.stats.skew defaults, as empyrical's perf stats use). */
export function skew(returns: Series): number {
  return skewOf(returns);
}

/** Biased excess (Fisher) kurtosis of the non-NaN returns (scipy.stats.kurtosis defaults, as empyrical's perf stats use). */
export function kurtosis(returns: Series): number {
  return kurtosisOf(returns);
}
