// The `backtest` command (docs/cli.md § backtest): load and slice the data, run the engine's backtest, and print
// stats, trades (with formatted times) and one equity value per bar.
import type { BacktestConfig, Trade } from '../shared/backtest';
import type { EngineApi } from '../shared/engine-api';
import type { Bars, Timeframe } from '../shared/types';
import { formatTs, loadBars, parseTimeBound, selectRows, type DataSpec, type Resampler } from './data';
import { LazyArray } from './json';

/** The request fields of BacktestConfig (besides `strategy`), passed to the engine as they are. */
export const BACKTEST_CONFIG_FIELDS = [
  'strategy',
  'direction',
  'cash',
  'fill',
  'sizing',
  'fractional',
  'fractional_step',
  'commission',
  'slippage_bps',
  'spread',
  'stop_loss',
  'take_profit',
  'trailing_stop',
  'stop_reference',
  'risk',
  'periods_per_year',
  'risk_free',
  'start',
] as const;

/** Runs one backtest request: data fields select and slice the bars, the rest is the engine's BacktestConfig. */
export async function runBacktest(
  req: Record<string, unknown>,
  spec: DataSpec,
  engine: EngineApi,
  resampler: Resampler,
): Promise<Record<string, unknown>> {
  if (req.strategy === undefined) {
    throw new Error('backtest needs "strategy" (e.g. {"type":"sma_cross","params":{"fast":10,"slow":30}})');
  }
  const from = parseTimeBound('from', req.from);
  const to = parseTimeBound('to', req.to);
  const config: Record<string, unknown> = {};
  for (const k of BACKTEST_CONFIG_FIELDS) if (req[k] !== undefined) config[k] = req[k];
  const all = await loadBars(spec, engine, resampler);
  const bars = from === undefined && to === undefined ? all : sliceBars(all, selectRows(all.ts, from, to));
  if (bars.ts.length === 0) throw new Error('backtest: no bars in the selected range (check from/to)');
  // The engine validates the whole config and names any bad field (strategy.params.fast: …).
  const r = engine.backtest(config as unknown as BacktestConfig, bars);
  return {
    symbol: bars.symbol,
    timeframe: bars.timeframe,
    bars: bars.ts.length,
    first_bar: r.first_bar,
    start_row: r.start_row,
    periods_per_year: r.periods_per_year,
    stats: r.stats,
    trades: new LazyArray(r.trades.length, (k) => tradeRow(r.trades[k], bars.timeframe)),
    equity: r.equity,
  };
}

function tradeRow(t: Trade, tf: Timeframe): Record<string, unknown> {
  return {
    entry_index: t.entry_index,
    exit_index: t.exit_index,
    entry_time: formatTs(t.entry_time, tf),
    exit_time: formatTs(t.exit_time, tf),
    direction: t.direction,
    size: t.size,
    entry_price: t.entry_price,
    exit_price: t.exit_price,
    pnl: t.pnl,
    return_pct: t.return_pct,
    commission: t.commission,
    exit_reason: t.exit_reason,
    mae: t.mae,
    mfe: t.mfe,
    bars_held: t.bars_held,
  };
}

/** The rows `rows` (consecutive, ascending) of every column. */
function sliceBars(b: Bars, rows: Int32Array): Bars {
  if (rows.length === 0) return { ...b, ts: new Float64Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0) };
  const lo = rows[0];
  const hi = rows[rows.length - 1] + 1;
  return {
    symbol: b.symbol,
    timeframe: b.timeframe,
    ts: b.ts.slice(lo, hi),
    open: b.open.slice(lo, hi),
    high: b.high.slice(lo, hi),
    low: b.low.slice(lo, hi),
    close: b.close.slice(lo, hi),
    volume: b.volume.slice(lo, hi),
  };
}
