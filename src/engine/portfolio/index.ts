// The portfolio engine's public face: estimators, optimizers, HRP, risk parity, discrete allocation and
// rebalancing (PyPortfolioOpt 1.5.6 conventions, see docs/portfolio.md), plus the estimator dispatch the CLI uses.
import { capm, emaHistorical, meanHistorical } from './expected-returns';
import { expCov, ledoitWolf, sampleCov, semicovariance, type CovEstimate, type ShrinkageTarget } from './risk-models';
import type { ReturnTable } from './returns';

export * from './returns';
export * from './expected-returns';
export * from './risk-models';
export * from './objectives';
export * from './frontier';
export * from './hrp';
export * from './risk-parity';
export * from './allocation';
export * from './rebalance';
export { solveQp, kktResiduals, maxViolation, InfeasibleError, type QpProblem, type QpSolution } from './qp';

/** How to estimate expected returns (expected_returns.return_model's methods and arguments). */
export interface ExpectedReturnsSpec {
  method: 'mean_historical' | 'ema_historical' | 'capm';
  compounding?: boolean;
  frequency?: number;
  span?: number;
  risk_free_rate?: number;
}

/** How to estimate the covariance (risk_models.risk_matrix's methods and arguments). */
export interface RiskModelSpec {
  method: 'sample_cov' | 'semicovariance' | 'exp_cov' | 'ledoit_wolf';
  shrinkage_target?: ShrinkageTarget;
  span?: number;
  benchmark?: number;
  frequency?: number;
}

/** Annual expected returns of every column by the chosen method. */
export function expectedReturns(ret: ReturnTable, s: ExpectedReturnsSpec): Float64Array {
  const f = s.frequency ?? 252;
  const c = s.compounding ?? true;
  switch (s.method) {
    case 'mean_historical':
      return meanHistorical(ret, c, f);
    case 'ema_historical':
      return emaHistorical(ret, s.span ?? 500, c, f);
    case 'capm':
      return capm(ret, s.risk_free_rate ?? 0, c, f);
    default:
      throw new Error(`expected_returns.method must be mean_historical, ema_historical or capm, got ${JSON.stringify((s as { method: unknown }).method)}`);
  }
}

/** Annual covariance of every column by the chosen risk model. */
export function riskMatrix(ret: ReturnTable, s: RiskModelSpec): CovEstimate {
  const f = s.frequency ?? 252;
  switch (s.method) {
    case 'sample_cov':
      return sampleCov(ret, f);
    case 'semicovariance':
      return semicovariance(ret, s.benchmark ?? 0.000079, f);
    case 'exp_cov':
      return expCov(ret, s.span ?? 180, f);
    case 'ledoit_wolf':
      return ledoitWolf(ret, s.shrinkage_target ?? 'constant_variance', f);
    default:
      throw new Error(`risk_model.method must be sample_cov, semicovariance, exp_cov or ledoit_wolf, got ${JSON.stringify((s as { method: unknown }).method)}`);
  }
}
