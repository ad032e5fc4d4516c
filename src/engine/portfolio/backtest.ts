// The portfolio backtest with one shared cash account (docs/portfolio-backtest.md): several sleeves — a strategy
// on a symbol with a target weight or a sizing mode — traded on the union of their dates. At each date: exits at
// the open free cash, then entries at the open in sleeve order, sized from the shared equity, checked by the risk
// manager; then stops; then the close's decisions (exits first, then entries); then the record. Fill prices, costs
// and stops follow docs/semantics.md exactly (sleeve.ts repeats reference.ts), so one sleeve with weight 1 equals
// the single-symbol backtester. Per-sleeve P&L at raw prices minus costs adds up to the equity change each date.
import type { Kernels } from '../../kernels/index';
import type { BacktestConfig, Direction, FillMode, Sizing, StopSpec, StrategySpec } from '../../shared/backtest';
import type { Bars } from '../../shared/types';
import { checkBars, resolveBacktest, simSeries } from '../backtest/index';
import { PERIODS_PER_YEAR, drawdownSeries, exposure, periodReturns } from '../backtest/period';
import { computeMetrics } from '../metrics/index';
import { tradeMetrics } from '../metrics/trades';
import { strategySignals } from '../strategy/index';
import { PortfolioEngine, type SleeveBooks } from './portfolio-loop';
import { parseRiskLimits, type RiskLimits, type RiskLogEntry } from './risk-manager';
import { Sleeve, type PortfolioTrade } from './sleeve';

/** One sleeve of the request: a strategy on one symbol's bars, sized by a target weight or a sizing mode. */
export interface SleeveSpec {
  /** Display name; default `<symbol> <strategy type>`, made unique with `#k`. */
  name?: string;
  bars: Bars;
  strategy: StrategySpec;
  /** Target weight: an entry buys weight × equity / fill price units (capped by free cash), in (0, 1]. */
  weight?: number;
  /** Instead of weight: a sizing mode of docs/semantics.md § 6 with equity = the portfolio's equity. */
  sizing?: Sizing;
  /** Default 'long'. */
  direction?: Direction;
  stop_loss?: StopSpec | null;
  take_profit?: StopSpec | null;
  trailing_stop?: StopSpec | null;
  stop_reference?: 'fill' | 'signal_close';
}

/** The portfolio-wide settings: one cash account, the cost model every sleeve shares, and the risk limits. */
export interface PortfolioBacktestConfig {
  sleeves: SleeveSpec[];
  /** Starting cash, > 0. Default 100000. */
  cash?: number;
  fill?: FillMode;
  fractional?: boolean;
  fractional_step?: number;
  commission?: { rate?: number; fixed?: number };
  slippage_bps?: number;
  spread?: number;
  periods_per_year?: number;
  risk_free?: number;
  /** Risk limits (risk-manager.ts); omitted: the defaults (15 % drawdown stop); null: none. */
  risk?: Partial<RiskLimits> | null;
}

/** One sleeve's outcome: its series on the aligned dates, its P&L attribution and its trades. */
export interface SleeveResult extends SleeveBooks {
  name: string;
  symbol: string;
  strategy: StrategySpec;
  /** The target weight, or null when sized by a sizing mode. */
  weight: number | null;
  /** Σ pnl (raw prices), Σ costs, and their difference (the sleeve's net contribution in currency). */
  total_pnl: number;
  total_costs: number;
  net_pnl: number;
  /** net_pnl / starting cash. */
  contribution: number;
  trades: PortfolioTrade[];
  trade_stats: Record<string, number>;
}

/** Everything a portfolio backtest produces; series have one value per aligned date. */
export interface PortfolioBacktestResult {
  /** The union of the sleeves' bar times, ascending (epoch ms). */
  ts: Float64Array;
  equity: Float64Array;
  cash: Float64Array;
  drawdown: Float64Array;
  returns: Float64Array;
  /** Portfolio heat after each date's record: Σ risk of the open positions / equity (risk-manager.ts). */
  heat: Float64Array;
  stats: Record<string, number>;
  sleeves: SleeveResult[];
  risk_log: RiskLogEntry[];
  risk: RiskLimits;
  periods_per_year: number;
}

const TOP_FIELDS = ['sleeves', 'cash', 'fill', 'fractional', 'fractional_step', 'commission', 'slippage_bps', 'spread', 'periods_per_year', 'risk_free', 'risk'];
const SLEEVE_FIELDS = ['name', 'bars', 'strategy', 'weight', 'sizing', 'direction', 'stop_loss', 'take_profit', 'trailing_stop', 'stop_reference'];

function fail(field: string, msg: string): never {
  throw new RangeError(`${field}: ${msg}`);
}

/** The union of the sleeves' times, ascending, and each sleeve's row → date index. */
export function alignDates(all: readonly Float64Array[]): { ts: Float64Array; dateOf: Int32Array[] } {
  const set = new Set<number>();
  for (const t of all) for (const x of t) set.add(x);
  const ts = Float64Array.from([...set].sort((a, b) => a - b));
  const index = new Map<number, number>();
  ts.forEach((t, i) => index.set(t, i));
  const dateOf = all.map((t) => Int32Array.from(t, (x) => index.get(x) as number));
  return { ts, dateOf };
}

/**
 * Runs the portfolio backtest of `config` (validated here; a bad field throws naming `sleeves[k].field`):
 * docs/portfolio-backtest.md end to end, metrics as docs/metrics.md (empyrical) over the combined equity.
 */
export function runPortfolioBacktest(kernels: Kernels, config: PortfolioBacktestConfig): PortfolioBacktestResult {
  if (typeof config !== 'object' || config === null) fail('config', 'must be an object');
  for (const k of Object.keys(config)) if (!TOP_FIELDS.includes(k)) fail(k, `unknown field; valid fields: ${TOP_FIELDS.join(', ')}`);
  const specs = config.sleeves;
  if (!Array.isArray(specs) || specs.length === 0) fail('sleeves', 'must be a non-empty array of sleeves');
  if (specs.length > 1000) fail('sleeves', `at most 1000 sleeves, got ${specs.length}`);
  const cash = config.cash ?? 100000;
  const risk = parseRiskLimits(config.risk);
  const timeframe = specs[0]?.bars?.timeframe;
  const names = new Set<string>();
  const sleeves: Sleeve[] = [];
  const weights: (number | null)[] = [];
  let ppy = 252;
  const shared = {
    cash, fill: config.fill, fractional: config.fractional, fractional_step: config.fractional_step,
    commission: config.commission, slippage_bps: config.slippage_bps, spread: config.spread,
    periods_per_year: config.periods_per_year, risk_free: config.risk_free,
  };
  const { ts, dateOf } = alignDates(specs.map((s, k) => {
    if (typeof s !== 'object' || s === null) fail(`sleeves[${k}]`, 'must be an object');
    if (!s.bars || !(s.bars.ts instanceof Float64Array)) fail(`sleeves[${k}].bars`, 'must be bars with Float64Array columns');
    return s.bars.ts;
  }));
  specs.forEach((s, k) => {
    const at = `sleeves[${k}]`;
    for (const f of Object.keys(s)) if (!SLEEVE_FIELDS.includes(f)) fail(`${at}.${f}`, `unknown field; valid fields: ${SLEEVE_FIELDS.join(', ')}`);
    try {
      checkBars(s.bars);
    } catch (e) {
      fail(`${at}.bars`, (e as Error).message);
    }
    if (s.bars.timeframe !== timeframe) fail(`${at}.bars`, `timeframe ${s.bars.timeframe} differs from sleeves[0]'s ${timeframe}; align bar sizes first`);
    for (let i = 1; i < s.bars.ts.length; i++) if (!(s.bars.ts[i] > s.bars.ts[i - 1])) fail(`${at}.bars.ts`, `must be strictly ascending (row ${i})`);
    if (s.weight !== undefined && s.sizing !== undefined) fail(at, 'give weight or sizing, not both');
    const weight = s.sizing !== undefined ? null : (s.weight ?? 1 / specs.length);
    if (weight !== null && !(typeof weight === 'number' && weight > 0 && weight <= 1)) fail(`${at}.weight`, `must be in (0, 1], got ${JSON.stringify(s.weight)}`);
    const bc: Record<string, unknown> = { ...shared, strategy: s.strategy, direction: s.direction, stop_loss: s.stop_loss, take_profit: s.take_profit, trailing_stop: s.trailing_stop, stop_reference: s.stop_reference, sizing: s.sizing };
    for (const f of Object.keys(bc)) if (bc[f] === undefined) delete bc[f];
    let resolved;
    try {
      resolved = resolveBacktest(bc, s.bars);
    } catch (e) {
      const m = (e as Error).message;
      // Sleeve fields get the sleeve's path; portfolio-wide fields keep their own name.
      const head = m.split(/[.:[]/)[0];
      throw new RangeError(SLEEVE_FIELDS.includes(head) ? `${at}.${m}` : m);
    }
    ppy = resolved.periodsPerYear;
    const cfg: BacktestConfig = resolved.config;
    const signals = strategySignals(kernels, cfg.strategy, s.bars);
    const { series, lookback } = simSeries(kernels, cfg, s.bars, ppy);
    let name = s.name ?? `${s.bars.symbol} ${cfg.strategy.type}`;
    if (typeof name !== 'string' || name === '') fail(`${at}.name`, 'must be a non-empty string');
    if (names.has(name)) {
      if (s.name !== undefined) fail(`${at}.name`, `duplicate sleeve name ${JSON.stringify(name)}`);
      let j = 2;
      while (names.has(`${name} #${j}`)) j++;
      name = `${name} #${j}`;
    }
    names.add(name);
    sleeves.push(new Sleeve(name, s.bars.symbol, s.bars, signals.flags, Math.max(signals.warmup, lookback), resolved.settings, series, dateOf[k]));
    weights.push(weight);
  });
  if (config.periods_per_year === undefined) ppy = PERIODS_PER_YEAR[timeframe] ?? 252;
  const engine = new PortfolioEngine(sleeves, weights, ts, cash, risk);
  const run = engine.run();
  const returns = periodReturns(run.equity, cash, 0);
  const metrics = computeMetrics(returns, { periodsPerYear: ppy, riskFree: config.risk_free ?? 0 });
  let allTrades = 0;
  let totalCosts = 0;
  const out: SleeveResult[] = sleeves.map((s, k) => {
    const b = run.books[k];
    let pnl = 0, costs = 0;
    for (let i = 0; i < ts.length; i++) {
      pnl += b.pnl[i];
      costs += b.costs[i];
    }
    allTrades += s.trades.length;
    totalCosts += costs;
    const n = s.trades.length;
    const endHeld = n > 0 && s.trades[n - 1].exit_reason === 'end';
    return {
      ...b,
      name: s.name,
      symbol: s.symbol,
      strategy: specs[k].strategy,
      weight: weights[k],
      total_pnl: pnl,
      total_costs: costs,
      net_pnl: pnl - costs,
      contribution: (pnl - costs) / cash,
      trades: s.trades,
      trade_stats: tradeMetrics(s.trades, exposure(b.position, 0, endHeld)),
    };
  });
  const last = ts.length - 1;
  return {
    ts,
    equity: run.equity,
    cash: run.cash,
    drawdown: drawdownSeries(run.equity, cash),
    returns,
    heat: run.heat,
    stats: { ...metrics, final_equity: run.equity[last], trades: allTrades, total_costs: totalCosts, risk_events: run.riskLog.length },
    sleeves: out,
    risk_log: run.riskLog,
    risk,
    periods_per_year: ppy,
  };
}
