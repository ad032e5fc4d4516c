// The Portfolio panel's portfolio backtest (docs/portfolio.md § Portfolio backtest and monitor): the request's
// sleeves (a strategy config on bars, or on a demo symbol's daily bars) with weights, the backtest form's
// portfolio-wide trading settings and the risk limits, run by runPortfolioBacktest over one shared cash account,
// then the performance monitor on the combined returns' last months. Returns plain data for the panels.
import type { Kernels } from '../../kernels/index';
import type { PortfolioBacktestAnswer, PortfolioBacktestRequest, PortfolioSleeveOut } from '../../shared/portfolio-api';
import type { Bars } from '../../shared/types';
import { demoBars } from '../../sources/demo';
import { runPortfolioBacktest, type PortfolioBacktestConfig, type SleeveSpec } from '../portfolio/backtest';
import { monitorOutOfSample } from './monitor-oos';

const SLEEVE_FIELDS = ['direction', 'stop_loss', 'take_profit', 'trailing_stop', 'stop_reference'] as const;
const SHARED_FIELDS = ['cash', 'fill', 'fractional', 'fractional_step', 'commission', 'slippage_bps', 'spread'] as const;

/** The engine's PortfolioBacktestConfig of a panel request (weights checked in (0, 1], naming the sleeve). */
export function portfolioConfig(req: PortfolioBacktestRequest): PortfolioBacktestConfig {
  if (!Array.isArray(req.sleeves) || req.sleeves.length === 0)
    throw new RangeError('sleeves: choose at least one strategy sleeve with a weight > 0');
  const sleeves: SleeveSpec[] = req.sleeves.map((s, k) => {
    if (!(typeof s.weight === 'number' && s.weight > 0 && s.weight <= 1))
      throw new RangeError(`sleeves[${k}] (${s.name}).weight: must be in (0, 1], got ${JSON.stringify(s.weight)}`);
    const bars: Bars = 'demo' in s.bars ? demoBars(s.bars.demo, '1d') : s.bars;
    const spec: SleeveSpec = { name: s.name, bars, strategy: s.config.strategy, weight: s.weight };
    for (const f of SLEEVE_FIELDS) if (s.config[f] !== undefined) (spec as unknown as Record<string, unknown>)[f] = s.config[f];
    return spec;
  });
  const config: PortfolioBacktestConfig = { sleeves, risk: { ...req.risk } };
  for (const f of SHARED_FIELDS)
    if (req.trading[f] !== undefined) (config as unknown as Record<string, unknown>)[f] = req.trading[f];
  return config;
}

/** Runs the request's portfolio backtest and its monitor; per-sleeve cumulative net P&L (Σ pnl − costs) per date. */
export function portfolioBacktestAnswer(kernels: Kernels, req: PortfolioBacktestRequest): PortfolioBacktestAnswer {
  const t0 = performance.now();
  const config = portfolioConfig(req);
  const r = runPortfolioBacktest(kernels, config);
  const cash = config.cash ?? 100000;
  const sleeves: PortfolioSleeveOut[] = r.sleeves.map((s) => {
    const cumulative = new Float64Array(r.ts.length);
    let acc = 0;
    for (let i = 0; i < cumulative.length; i++) cumulative[i] = acc += s.pnl[i] - s.costs[i];
    return {
      name: s.name,
      symbol: s.symbol,
      weight: s.weight ?? NaN,
      total_pnl: s.total_pnl,
      total_costs: s.total_costs,
      net_pnl: s.net_pnl,
      contribution: s.contribution,
      trades: s.trades.length,
      cumulative,
    };
  });
  let monitor: PortfolioBacktestAnswer['monitor'];
  try {
    monitor = monitorOutOfSample(r.ts, r.returns, r.periods_per_year, req.monitor);
  } catch (e) {
    monitor = { error: (e as Error).message };
  }
  return {
    ts: r.ts,
    equity: r.equity,
    drawdown: r.drawdown,
    heat: r.heat,
    cash,
    stats: r.stats,
    sleeves,
    risk_log: r.risk_log.map((e) => ({ ...e })),
    risk: { ...r.risk },
    periods_per_year: r.periods_per_year,
    monitor,
    ms: performance.now() - t0,
  };
}
