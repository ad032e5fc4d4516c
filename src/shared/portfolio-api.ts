// The portfolio worker's API (workers/portfolio.worker.ts; src/engine/portfolio-study runs the same in-thread).
// Plain data only: big matrices travel as typed arrays (transferred). Import with `import type` only.
import type { BacktestConfig } from './backtest';
import type { Bars } from './types';

/** One return source given as a value series over time (a strategy's equity, or any positive price). */
export interface SeriesInput {
  name: string;
  /** Epoch ms (timezone-naive), ascending. */
  ts: Float64Array;
  /** Positive values (equity or price) per ts; NaN = no value. */
  values: Float64Array;
}

/** What the portfolio is built from. */
export type UniverseInput =
  /** Daily closes of demo symbols ('DEMO:ACME' …). */
  | { kind: 'demo'; symbols: string[] }
  /** Value series (strategies' equity curves), aligned on the union of their times; `periods_per_year` from their
   * bar size (src/engine/backtest/period.ts PERIODS_PER_YEAR), default 252 (daily). */
  | { kind: 'series'; series: SeriesInput[]; periods_per_year?: number }
  /** A seeded factor-model universe of `assets` synthetic prices over `days` business days (docs/portfolio.md § UI). */
  | { kind: 'synthetic'; assets: number; days: number; seed: number };

/** The loaded universe: names, their sectors (demo only), the date range and row count. */
export interface UniverseSummary {
  assets: string[];
  sectors: (string | null)[];
  rows: number;
  first: string;
  last: string;
  ms: number;
  /** Rows per year the estimates and risk figures annualize with (252 for daily rows). */
  periods_per_year: number;
}

/** The optimizer's inputs, as the CLI's `optimize` request spells them (docs/cli.md). */
export interface OptimizeRequest {
  expected_returns: { method: 'mean_historical' | 'ema_historical' | 'capm'; compounding: boolean; span: number };
  risk_model: {
    method: 'sample_cov' | 'semicovariance' | 'exp_cov' | 'ledoit_wolf';
    shrinkage_target: 'constant_variance' | 'single_factor' | 'constant_correlation';
    span: number;
    benchmark: number;
  };
  objective: {
    method: 'max_sharpe' | 'min_volatility' | 'efficient_risk' | 'efficient_return' | 'max_quadratic_utility' | 'hrp' | 'risk_parity';
    risk_free_rate: number;
    target_volatility?: number;
    target_return?: number;
    risk_aversion?: number;
    market_neutral?: boolean;
    /** Risk budget per asset name (risk_parity); missing names get 1. */
    risk_budget?: Record<string, number>;
  };
  /** [lower, upper]; null = PyPortfolioOpt's None. */
  weight_bounds: [number | null, number | null];
  l2_gamma: number;
  /** Sector limits (asset → sector from the universe's sectors); omitted = none. */
  sector_lower?: Record<string, number>;
  sector_upper?: Record<string, number>;
  /** Points of the efficient frontier (0 = none). */
  frontier_points: number;
}

/** One point of the frontier chart. */
export interface FrontierPointOut {
  expected_return: number;
  volatility: number;
  sharpe_ratio: number;
}

/** Risk of the chosen portfolio's daily returns (weights held constant, missing returns count as 0). */
export interface RiskMetricsOut {
  /** Annualized volatility √f·std (ddof 1), f the universe's rows per year (252 daily). */
  annual_volatility: number;
  /** Historical 1-day 95 % VaR and CVaR as positive losses (fractions of value). */
  var_95: number;
  cvar_95: number;
  /** Max drawdown of the equity (negative fraction). */
  max_drawdown: number;
  /** Beta against the equal-weight portfolio of the same universe. */
  beta_equal_weight: number;
  /** Annualized return of the equity (geometric). */
  annual_return: number;
  /** Each asset's share of the portfolio variance wᵢ(Σw)ᵢ/(wᵀΣw) (sums to 1). */
  risk_contributions: Float64Array;
}

/** The optimizer's answer: weights, performance, frontier, correlation in HRP order, risk and performance panels. */
export interface OptimizeAnswer {
  assets: string[];
  weights: Float64Array;
  performance: { expected_return: number | null; volatility: number; sharpe_ratio: number | null };
  warnings: string[];
  /** Per asset: annual expected return and volatility (frontier chart dots). */
  asset_points: { expected_return: number; volatility: number }[];
  frontier: FrontierPointOut[];
  min_volatility: FrontierPointOut | null;
  max_sharpe: FrontierPointOut | null;
  /** Pairwise correlation, n×n row-major, rows/columns in `order` (HRP's quasi-diagonal order). */
  correlation: Float32Array;
  order: number[];
  risk: RiskMetricsOut;
  /** Equity (start 1) of the weights held constant, its times (epoch ms), and the equal-weight equity. */
  ts: Float64Array;
  equity: Float64Array;
  equal_weight: Float64Array;
  /** P&L contribution of each asset to the final equity − 1 (sums to it). */
  contributions: Float64Array;
  /** Latest price of each asset (discrete allocation). */
  latest_prices: Float64Array;
  timings: { estimate_ms: number; optimize_ms: number; frontier_ms: number; correlation_ms: number; total_ms: number };
  /** Rows per year the estimates and risk figures annualized with (the universe's; 252 for daily rows). */
  periods_per_year: number;
}

/** A rebalancing simulation of given weights over the universe. */
export interface RebalanceRequest {
  weights: Float64Array;
  rule: { type: 'calendar'; frequency: 'monthly' | 'quarterly' | 'yearly' } | { type: 'threshold'; threshold: number } | { type: 'none' };
  /** Proportional cost rate (0.001 = 10 bp) and fixed cost per asset traded (currency). */
  costs: { rate: number; fixed: number };
  initial_value: number;
}

/** One trade event of a rebalancing simulation. */
export interface RebalanceEventOut {
  date: string;
  reason: 'initial' | 'calendar' | 'threshold';
  turnover: number;
  cost: number;
  max_drift: number;
}

/** The simulation's equity, buy-and-hold's, the events and the drifted weights at the end. */
export interface RebalanceAnswer {
  ts: Float64Array;
  equity: Float64Array;
  buy_and_hold: Float64Array;
  events: RebalanceEventOut[];
  total_cost: number;
  buy_and_hold_cost: number;
  /** Weights at the last date (drifted since the last rebalance). */
  final_weights: Float64Array;
}

/** Whole-share allocation at the latest prices (PyPortfolioOpt greedy_portfolio). */
export interface AllocateAnswer {
  allocation: Record<string, number>;
  leftover: number;
}

/** One sleeve of a portfolio backtest: a strategy (with its direction and stops) on one symbol's bars. */
export interface PortfolioSleeveInput {
  name: string;
  /** Bars to trade, or a demo symbol id whose daily bars the worker generates itself. */
  bars: Bars | { demo: string };
  /** The strategy and its own settings (direction, stops); the portfolio-wide fields come from `trading`. */
  config: BacktestConfig;
  /** Target weight in (0, 1]. */
  weight: number;
}

/** The risk limits as the engine's RiskLimits (src/engine/portfolio/risk-manager.ts); null turns a limit off. */
export interface RiskLimitsInput {
  max_position_pct: number | null;
  max_position_notional: number | null;
  max_heat: number | null;
  max_drawdown_stop: number | null;
  flatten_on_drawdown: boolean;
  max_correlated_exposure: number | null;
  correlation_threshold: number;
  correlation_window: number;
}

/** The performance monitor's settings (src/engine/portfolio/monitor.ts) and the out-of-sample split. */
export interface MonitorSettings {
  /** The last `months` calendar months of the data are the out-of-sample ("live") period, integer ≥ 1. */
  months: number;
  /** Lower bootstrap percentile that counts as a breach, in (0, 50). */
  percentile: number;
  /** Consecutive breached evaluations that raise the alert, integer ≥ 1. */
  consecutive: number;
}

/** A portfolio backtest over one shared cash account (docs/portfolio-backtest.md). */
export interface PortfolioBacktestRequest {
  sleeves: PortfolioSleeveInput[];
  /** Portfolio-wide trading settings: cash, fill, fractional, commission, slippage_bps, spread (others ignored). */
  trading: BacktestConfig;
  risk: RiskLimitsInput;
  monitor: MonitorSettings;
}

/** The monitor's verdict on an out-of-sample period, with the bootstrap bands to draw. */
export interface MonitorAnswer {
  /** Periods in the in-sample (backtest) and out-of-sample (live) parts; the split's time (epoch ms). */
  in_sample: number;
  out_of_sample: number;
  split_ts: number;
  window: number;
  step: number;
  periods_per_year: number;
  /** 5th/25th/50th/75th/95th percentiles of the window's bootstrap Sharpe and max drawdown. */
  bands: { sharpe: number[]; max_drawdown: number[] };
  thresholds: { sharpe: number; max_drawdown: number };
  /** Each evaluation: its time (epoch ms), rolling Sharpe, rolling max drawdown, breach. */
  evaluations: { ts: number; sharpe: number; max_drawdown: number; breach: boolean }[];
  /** Time of the percentile alert, of the first CUSUM alarm, and of the combined alert (rule 'any'), or null. */
  percentile_alert_ts: number | null;
  cusum_alert_ts: number | null;
  alert_ts: number | null;
  cusum_alarms: number;
  settings: MonitorSettings;
}

/** One sleeve's outcome: its weight, P&L at raw prices, costs, net P&L and its cumulative net P&L per date. */
export interface PortfolioSleeveOut {
  name: string;
  symbol: string;
  weight: number;
  total_pnl: number;
  total_costs: number;
  net_pnl: number;
  /** net_pnl / starting cash. */
  contribution: number;
  trades: number;
  cumulative: Float64Array;
}

/** One blocked or reduced order (RiskLogEntry). */
export interface RiskLogRow {
  date: number;
  sleeve: string;
  rule: string;
  requested: number;
  allowed: number;
  detail: string;
}

/** The portfolio backtest's answer for the panels; series share `ts`. */
export interface PortfolioBacktestAnswer {
  ts: Float64Array;
  equity: Float64Array;
  drawdown: Float64Array;
  /** Portfolio heat after each date's record: Σ risk of open positions / equity. */
  heat: Float64Array;
  cash: number;
  stats: Record<string, number>;
  sleeves: PortfolioSleeveOut[];
  risk_log: RiskLogRow[];
  /** The limits the run enforced. */
  risk: RiskLimitsInput;
  periods_per_year: number;
  /** The monitor on the combined returns, or the reason it could not run (e.g. too few periods). */
  monitor: MonitorAnswer | { error: string };
  ms: number;
}

/** What workers/portfolio.worker.ts exposes: the study plus the kernel-backed portfolio backtest. */
export interface PortfolioWorkerApi extends PortfolioApi {
  backtestPortfolio(req: PortfolioBacktestRequest): Promise<PortfolioBacktestAnswer>;
}

/** What workers/portfolio.worker.ts exposes; createPortfolioStudy() returns the same shape in-thread. */
export interface PortfolioApi {
  /** Loads (replaces) the universe; later calls use it. */
  setUniverse(input: UniverseInput): UniverseSummary;
  /** Estimates, optimizes, draws the frontier and prepares every panel's data. */
  optimize(req: OptimizeRequest): OptimizeAnswer;
  /** Simulates rebalancing of `weights` on the universe's prices. */
  rebalance(req: RebalanceRequest): RebalanceAnswer;
  /** Greedy discrete allocation of `weights` at the latest prices. */
  allocate(weights: Record<string, number>, totalValue: number, shortRatio: number | null): AllocateAnswer;
}
