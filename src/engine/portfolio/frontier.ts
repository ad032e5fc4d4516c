// The efficient frontier as PyPortfolioOpt 1.5.6's plotting.plot_efficient_frontier draws it by default: target
// returns np.linspace(min_vol_return, max_return − 0.0001, points), each solved with efficient_return (points that
// raise are skipped with a warning), plus each asset's (σᵢ, μᵢ) and the min-volatility and max-Sharpe portfolios.
// Points are solved from the highest target down so each warm-starts from the previous (still feasible) solution.
import {
  efficientReturn,
  maxReturn,
  maxSharpe,
  minVolatility,
  portfolioPerformance,
  type EfOptions,
  type MeanVariance,
} from './objectives';

/** One portfolio on (or marked on) the frontier chart. */
export interface FrontierPoint {
  target_return?: number;
  expected_return: number;
  volatility: number;
  sharpe_ratio: number;
  weights: Float64Array;
}

/** The frontier curve (ascending return), assets, min-volatility and max-Sharpe points, and skipped-point warnings. */
export interface Frontier {
  points: FrontierPoint[];
  assets: { name: string; expected_return: number; volatility: number }[];
  min_volatility: FrontierPoint;
  max_sharpe: FrontierPoint | null;
  warnings: string[];
}

function point(mv: MeanVariance, w: Float64Array, rf: number, target?: number): FrontierPoint {
  const p = portfolioPerformance(w, mv.mu, mv.cov, rf);
  return { ...(target === undefined ? {} : { target_return: target }), expected_return: p.expected_return!, volatility: p.volatility, sharpe_ratio: p.sharpe_ratio!, weights: w };
}

/** `points` efficient_return portfolios from the min-volatility return to max return − 0.0001 (PyPortfolioOpt's range). */
export function efficientFrontier(mv: MeanVariance, points = 50, riskFreeRate = 0, o: EfOptions = {}, marketNeutral = false): Frontier {
  if (!Number.isInteger(points) || points < 2 || points > 10_000) throw new Error(`points must be an integer in [2, 10000], got ${points}`);
  const mu = mv.mu;
  if (!mu) throw new Error('expected returns are required for the frontier');
  const n = mv.assets.length;
  const warnings: string[] = [];
  const mv0 = minVolatility(mv, o);
  const minPoint = point(mv, mv0.weights, riskFreeRate);
  const top = maxReturn(mv, o);
  const lo = minPoint.expected_return;
  const hi = top.value - 0.0001;
  const targets = Array.from({ length: points }, (_, k) => (points === 1 ? lo : lo + ((hi - lo) * k) / (points - 1)));
  const out: FrontierPoint[] = [];
  let x0: Float64Array | undefined;
  if (!o.transactionCost) x0 = top.weights;
  for (let k = points - 1; k >= 0; k--) {
    try {
      const r = efficientReturn(mv, targets[k], marketNeutral, o, x0, top.value);
      x0 = r.qp!.solution.x;
      out.push(point(mv, r.weights, riskFreeRate, targets[k]));
    } catch (e) {
      warnings.push(`Could not construct portfolio for parameter value ${targets[k].toFixed(3)}: ${(e as Error).message}`);
    }
  }
  out.reverse();
  let ms: FrontierPoint | null = null;
  try {
    ms = point(mv, maxSharpe(mv, riskFreeRate, o).weights, riskFreeRate);
  } catch (e) {
    warnings.push(`max_sharpe: ${(e as Error).message}`);
  }
  const assets = mv.assets.map((name, i) => ({ name, expected_return: mu[i], volatility: Math.sqrt(mv.cov[i * n + i]) }));
  return { points: out, assets, min_volatility: minPoint, max_sharpe: ms, warnings };
}
