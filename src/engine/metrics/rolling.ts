// Rolling versions of the metrics, as empyrical's roll_* functions: the metric over each full window
// returns[i .. i+window−1], so the output has max(0, n − window + 1) values (no leading NaN padding).
import { beta } from './factor';
import { annualVolatility, maxDrawdown, sharpeRatio } from './returns';
import type { Series } from './stats';

function roll(n: number, window: number, f: (start: number, end: number) => number): Float64Array {
  if (!(Number.isInteger(window) && window >= 1)) throw new Error(`window must be a positive integer, got ${window}`);
  const out = new Float64Array(Math.max(0, n - window + 1));
  for (let i = 0; i < out.length; i++) out[i] = f(i, i + window);
  return out;
}

const slice = (x: Series, a: number, b: number): Float64Array => {
  const out = new Float64Array(b - a);
  for (let k = 0; k < out.length; k++) out[k] = x[a + k];
  return out;
};

/** sharpe_ratio over each window of `window` periods (empyrical `roll_sharpe_ratio`). */
export function rollingSharpe(returns: Series, window: number, riskFree = 0, periodsPerYear = 252): Float64Array {
  return roll(returns.length, window, (a, b) => sharpeRatio(slice(returns, a, b), riskFree, periodsPerYear));
}

/** annual_volatility over each window of `window` periods (empyrical `roll_annual_volatility`). */
export function rollingVolatility(returns: Series, window: number, periodsPerYear = 252): Float64Array {
  return roll(returns.length, window, (a, b) => annualVolatility(slice(returns, a, b), periodsPerYear));
}

/** beta against the factor over each window of `window` periods (empyrical `roll_beta`). */
export function rollingBeta(returns: Series, factorReturns: Series, window: number, riskFree = 0): Float64Array {
  if (returns.length !== factorReturns.length) {
    throw new Error(`factor_returns must have the same length as returns (${returns.length}), got ${factorReturns.length}`);
  }
  return roll(returns.length, window, (a, b) => beta(slice(returns, a, b), slice(factorReturns, a, b), riskFree));
}

/** max_drawdown over each window of `window` periods (empyrical `roll_max_drawdown`). */
export function rollingMaxDrawdown(returns: Series, window: number): Float64Array {
  return roll(returns.length, window, (a, b) => maxDrawdown(slice(returns, a, b)));
}
