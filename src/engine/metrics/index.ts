// Performance metrics of a return series, with Quantopian empyrical 0.5.5's names, formulas and conventions
// (docs/metrics.md). Pure TypeScript: no kernels, no DOM; the CLI's `metrics` command prints computeMetrics.
import { alphaBeta, capture, downCapture, excessSharpe, upCapture } from './factor';
import {
  annualReturn,
  annualVolatility,
  calmarRatio,
  conditionalValueAtRiskOfSorted,
  cumReturnsFinal,
  downsideRisk,
  kurtosis,
  maxDrawdown,
  maxDrawdownDuration,
  omegaRatio,
  sharpeRatio,
  skew,
  sortinoRatio,
  stabilityOfTimeseries,
  tailRatioOfSorted,
} from './returns';
import { dropNaN, percentileOfSorted, type Series } from './stats';

export * from './returns';
export * from './factor';
export * from './rolling';
export * from './trades';
export { dropNaN, nanmean, nanstd, percentile, percentileOfSorted, type Series } from './stats';

/** Options of computeMetrics; rates are fractions (0.01 = 1 %). */
export interface MetricsOptions {
  /** Benchmark returns, same length as the returns (alpha, beta, excess_sharpe, captures need it). */
  factorReturns?: Series;
  /** Periods per year used to annualize (252 trading days by default). */
  periodsPerYear?: number;
  /** Risk-free return per period (sharpe_ratio, omega_ratio, alpha, beta). */
  riskFree?: number;
  /** Target return: per period for sortino_ratio/downside_risk, annual for omega_ratio (as empyrical). */
  requiredReturn?: number;
  /** Tail probability of value_at_risk / conditional_value_at_risk, in (0, 1). */
  cutoff?: number;
}

/** The metric names computeMetrics returns, in output order (empyrical's function names). */
export const METRIC_NAMES = [
  'cum_returns_final',
  'total_return',
  'annual_return',
  'annual_volatility',
  'sharpe_ratio',
  'sortino_ratio',
  'downside_risk',
  'calmar_ratio',
  'omega_ratio',
  'max_drawdown',
  'max_drawdown_duration',
  'tail_ratio',
  'stability_of_timeseries',
  'value_at_risk',
  'conditional_value_at_risk',
  'skew',
  'kurtosis',
  'alpha',
  'beta',
  'information_ratio',
  'excess_sharpe',
  'capture',
  'up_capture',
  'down_capture',
] as const;

/** One metric's name. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** Every metric of METRIC_NAMES; NaN where undefined (empty input, no factor, zero denominators as documented). */
export type Metrics = Record<MetricName, number>;

/** Checks the options (throws naming the field) and fills the defaults: 252, 0, 0, 0.05. */
export function resolveMetricsOptions(o: MetricsOptions = {}): Required<Omit<MetricsOptions, 'factorReturns'>> {
  const periodsPerYear = o.periodsPerYear ?? 252;
  const riskFree = o.riskFree ?? 0;
  const requiredReturn = o.requiredReturn ?? 0;
  const cutoff = o.cutoff ?? 0.05;
  if (!(Number.isFinite(periodsPerYear) && periodsPerYear > 0)) {
    throw new Error(`periods_per_year must be a positive number, got ${periodsPerYear}`);
  }
  if (!Number.isFinite(riskFree)) throw new Error(`risk_free must be a finite number, got ${riskFree}`);
  if (!Number.isFinite(requiredReturn)) throw new Error(`required_return must be a finite number, got ${requiredReturn}`);
  if (!(cutoff > 0 && cutoff < 1)) throw new Error(`cutoff must be strictly between 0 and 1, got ${cutoff}`);
  return { periodsPerYear, riskFree, requiredReturn, cutoff };
}

/** Every empyrical metric of `returns` (see METRIC_NAMES and docs/metrics.md); factor metrics NaN without factorReturns. */
export function computeMetrics(returns: Series, options: MetricsOptions = {}): Metrics {
  const { periodsPerYear: ppy, riskFree, requiredReturn, cutoff } = resolveMetricsOptions(options);
  const f = options.factorReturns;
  if (f !== undefined && f.length !== returns.length) {
    throw new Error(`factor_returns must have the same length as returns (${returns.length}), got ${f.length}`);
  }
  const total = cumReturnsFinal(returns);
  // The tail metrics share one sort of the non-NaN returns.
  const sorted = dropNaN(returns).sort();
  const [a, b] = f === undefined ? [NaN, NaN] : alphaBeta(returns, f, riskFree, ppy);
  const ir = f === undefined ? NaN : excessSharpe(returns, f);
  return {
    cum_returns_final: total,
    total_return: total,
    annual_return: annualReturn(returns, ppy),
    annual_volatility: annualVolatility(returns, ppy),
    sharpe_ratio: sharpeRatio(returns, riskFree, ppy),
    sortino_ratio: sortinoRatio(returns, requiredReturn, ppy),
    downside_risk: downsideRisk(returns, requiredReturn, ppy),
    calmar_ratio: calmarRatio(returns, ppy),
    omega_ratio: omegaRatio(returns, riskFree, requiredReturn, ppy),
    max_drawdown: maxDrawdown(returns),
    max_drawdown_duration: maxDrawdownDuration(returns),
    tail_ratio: tailRatioOfSorted(sorted),
    stability_of_timeseries: stabilityOfTimeseries(returns),
    value_at_risk: percentileOfSorted(sorted, 100 * cutoff),
    conditional_value_at_risk: conditionalValueAtRiskOfSorted(sorted, cutoff),
    skew: skew(returns),
    kurtosis: kurtosis(returns),
    alpha: a,
    beta: b,
    information_ratio: ir,
    excess_sharpe: ir,
    capture: f === undefined ? NaN : capture(returns, f, ppy),
    up_capture: f === undefined ? NaN : upCapture(returns, f, ppy),
    down_capture: f === undefined ? NaN : downCapture(returns, f, ppy),
  };
}

/**
 * A JSON array of returns as a Float64Array, null → NaN; throws naming `field` and the index for a non-array or
 * a non-number entry (the CLI's and any JSON caller's input check).
 */
export function parseReturnSeries(field: string, value: unknown): Float64Array {
  if (!Array.isArray(value))
    throw new Error(`${field} must be an array of numbers (null for missing), got ${JSON.stringify(value)}`);
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (v === null) out[i] = NaN;
    else if (typeof v === 'number' && Number.isFinite(v)) out[i] = v;
    else throw new Error(`${field}[${i}] must be a number or null, got ${JSON.stringify(v)}`);
  }
  return out;
}
