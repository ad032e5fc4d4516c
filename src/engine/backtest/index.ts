// One backtest end to end (docs/semantics.md): validate the config, compute the strategy's signals, the ATR and
// volatility series the settings need, simulate in the WASM kernel, and derive drawdown, benchmark and metrics.
import type { Kernels } from '../../kernels/index';
import type { BacktestConfig, BacktestResult, StopSpec, StrategySignals } from '../../shared/backtest';
import type { Bars } from '../../shared/types';
import { computeMetrics } from '../metrics/index';
import { tradeMetrics } from '../metrics/trades';
import { resolveStrategyDefaults } from '../spec/defaults';
import { validateBacktestConfig } from '../spec/validate';
import { strategySignals } from '../strategy/index';
import { PERIODS_PER_YEAR, buyAndHold, drawdownSeries, exposure, periodReturns, resolveStartRow } from './period';
import { atrSeries, sigmaSeries } from './series';
import type { SimSeries, SimSettings, StopRule } from './settings';
import { simulateOne } from './simulate';

/** Default ATR period of ATR-multiple stops. */
export const DEFAULT_ATR_PERIOD = 14;
/** Default window of volatility-target sizing. */
export const DEFAULT_VOL_WINDOW = 20;

/** A validated config with every default filled, ready for the simulator. */
export interface ResolvedBacktest {
  config: BacktestConfig;
  settings: SimSettings;
  periodsPerYear: number;
  riskFree: number;
}

/** Validates `input` (throws a SpecError naming the field) and fills every default of docs/semantics.md. */
export function resolveBacktest(input: unknown, bars: Bars): ResolvedBacktest {
  const v = validateBacktestConfig(input);
  const config: BacktestConfig = { ...v, strategy: resolveStrategyDefaults(v.strategy) };
  const sizing = config.sizing ?? { mode: 'all_in' };
  const settings: SimSettings = {
    direction: config.direction ?? 'long',
    cash: config.cash ?? 10000,
    fill: config.fill ?? 'next_open',
    sizing: {
      mode: sizing.mode,
      value:
        sizing.mode === 'percent_equity'
          ? sizing.pct
          : sizing.mode === 'units'
            ? sizing.units
            : sizing.mode === 'cash'
              ? sizing.amount
              : sizing.mode === 'volatility_target'
                ? sizing.target
                : 0,
    },
    step: config.fractional ? (config.fractional_step ?? 1e-8) : 1,
    commissionRate: config.commission?.rate ?? 0,
    commissionFixed: config.commission?.fixed ?? 0,
    slip: (config.slippage_bps ?? 0) / 10000,
    spread: config.spread ?? 0,
    stopLoss: stopRule(config.stop_loss),
    takeProfit: stopRule(config.take_profit),
    trailingStop: stopRule(config.trailing_stop),
    stopReference: config.stop_reference ?? 'fill',
    maxPositionPct: config.risk?.max_position_pct ?? null,
    maxDrawdownStop: config.risk?.max_drawdown_stop ?? null,
  };
  return {
    config,
    settings,
    periodsPerYear: config.periods_per_year ?? PERIODS_PER_YEAR[bars.timeframe] ?? 252,
    riskFree: config.risk_free ?? 0,
  };
}

function stopRule(s: StopSpec | null | undefined): StopRule | null {
  if (s === undefined || s === null) return null;
  return 'pct' in s ? { kind: 'pct', value: s.pct } : { kind: 'atr', value: s.atr };
}

/**
 * The series the settings read and the first row they are all valid: ATR(atr_period) per ATR stop and σ for
 * volatility-target sizing (docs/semantics.md § 5–6).
 */
export function simSeries(kernels: Kernels, config: BacktestConfig, bars: Bars, periodsPerYear: number): { series: SimSeries; lookback: number } {
  const series: SimSeries = {};
  let lookback = 0;
  const atrFor = (s: StopSpec | null | undefined, field: string): Float64Array | undefined => {
    if (s === undefined || s === null || !('atr' in s)) return undefined;
    const a = atrSeries(kernels, bars, s.atr_period ?? DEFAULT_ATR_PERIOD, `${field}.atr_period`);
    lookback = Math.max(lookback, a.lookback);
    return a.values;
  };
  series.atrStopLoss = atrFor(config.stop_loss, 'stop_loss');
  series.atrTakeProfit = atrFor(config.take_profit, 'take_profit');
  series.atrTrailingStop = atrFor(config.trailing_stop, 'trailing_stop');
  if (config.sizing?.mode === 'volatility_target') {
    const s = sigmaSeries(kernels, bars, config.sizing.method ?? 'stdev', config.sizing.window ?? DEFAULT_VOL_WINDOW, periodsPerYear);
    series.sigma = s.values;
    lookback = Math.max(lookback, s.lookback);
  }
  return { series, lookback };
}

/** Runs one backtest of `input` (a BacktestConfig, validated here) over `bars`: docs/semantics.md end to end. */
export function runBacktest(kernels: Kernels, input: unknown, bars: Bars): BacktestResult {
  checkBars(bars);
  const { config, settings, periodsPerYear, riskFree } = resolveBacktest(input, bars);
  const startRow = resolveStartRow(config.start, bars.ts);
  const signals: StrategySignals = strategySignals(kernels, config.strategy, bars);
  const { series, lookback } = simSeries(kernels, config, bars, periodsPerYear);
  const firstBar = Math.max(signals.warmup, startRow, lookback);
  const sim = simulateOne(kernels, bars, signals.flags, firstBar, settings, series);
  const returns = periodReturns(sim.equity, settings.cash, startRow);
  const bh = buyAndHold(bars.close, settings.cash, startRow);
  const metrics = computeMetrics(returns, { factorReturns: bh.returns, periodsPerYear, riskFree });
  const endHeld = sim.trades.length > 0 && sim.trades[sim.trades.length - 1].exit_reason === 'end';
  const trades = tradeMetrics(sim.trades, exposure(sim.position, startRow, endHeld));
  const last = sim.equity.length - 1;
  return {
    equity: sim.equity,
    cash: sim.cash,
    position: sim.position,
    drawdown: drawdownSeries(sim.equity, settings.cash),
    benchmark: bh.equity,
    trades: sim.trades,
    stats: {
      ...metrics,
      ...trades,
      final_equity: sim.equity[last],
      buy_hold_return: bh.equity[last] / settings.cash - 1,
    },
    signals,
    first_bar: firstBar,
    start_row: startRow,
    periods_per_year: periodsPerYear,
  };
}

/** Throws naming the column when bars are empty or their columns differ in length. */
export function checkBars(bars: Bars): void {
  const n = bars.ts?.length;
  if (!(bars.ts instanceof Float64Array)) throw new Error('bars.ts: must be a Float64Array');
  if (n === 0) throw new Error('bars: no rows to backtest');
  for (const k of ['open', 'high', 'low', 'close'] as const) {
    const c = bars[k];
    if (!(c instanceof Float64Array)) throw new Error(`bars.${k}: must be a Float64Array`);
    if (c.length !== n) throw new Error(`bars.${k}: has ${c.length} rows, bars.ts has ${n}`);
  }
}
