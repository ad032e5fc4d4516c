// Many backtests at once: one strategy spec per column, shared bars and trading settings, one multi-column WASM
// simulation (vectorbt's design), and the sweep's metrics per column computed in one fused pass over each equity
// column. The sweep engine (issue #5) and the benchmark build on this; each column equals a single backtest.
import type { Kernels } from '../../kernels/index';
import type { BacktestConfig, StrategySpec } from '../../shared/backtest';
import type { Bars } from '../../shared/types';
import { resolveStrategyDefaults } from '../spec/defaults';
import { validateStrategy } from '../spec/validate';
import { isValidSmaPair } from '../strategy/grid';
import { smaCrossFlagsGrid, strategySignals } from '../strategy/index';
import { checkBars, resolveBacktest, simSeries } from './index';
import { resolveStartRow } from './period';
import type { ColumnSummary } from './settings';
import { simulateColumns } from './simulate';

/** The per-column metrics a sweep reports, in output order (names as in BacktestResult.stats). */
export const COLUMN_METRICS = [
  'total_return',
  'annual_return',
  'annual_volatility',
  'sharpe_ratio',
  'sortino_ratio',
  'max_drawdown',
  'calmar_ratio',
  'trades',
  'win_rate',
  'profit_factor',
  'expectancy',
  'sqn',
  'exposure',
  'final_equity',
] as const;

/** One column metric's name. */
export type ColumnMetric = (typeof COLUMN_METRICS)[number];

/** Results of backtestColumns: metric → one value per column (column j belongs to specs[j]). */
export interface ColumnsBacktest {
  metrics: Record<ColumnMetric, Float64Array>;
  /** First decision row per column. */
  firstBars: Int32Array;
  startRow: number;
  periodsPerYear: number;
}

/**
 * Backtests `strategies` (one column each) with the trading settings of `base` (its own strategy is ignored) over
 * `bars`: signals (sma_cross lists take the shared-SMA grid path), one kernel call, and COLUMN_METRICS per column —
 * each equal to `runBacktest` of that spec (empyrical formulas, same operation order). `onReturns(j, r)` sees each
 * column's period returns (docs/semantics.md § 8) in a scratch array reused for the next column.
 */
export function backtestColumns(
  kernels: Kernels,
  base: Omit<BacktestConfig, 'strategy'>,
  strategies: readonly StrategySpec[],
  bars: Bars,
  onReturns?: (column: number, returns: Float64Array) => void,
): ColumnsBacktest {
  checkBars(bars);
  if (!Array.isArray(strategies) || strategies.length === 0) throw new Error('strategies: must be a non-empty array of strategy specs');
  const ncols = strategies.length;
  const n = bars.close.length;
  const specs = strategies.map((s, j) => (isPlainSmaCross(s) ? s : resolveStrategyDefaults(validateStrategy(s, `strategies[${j}]`))));
  const { config, settings, periodsPerYear, riskFree } = resolveBacktest({ ...base, strategy: specs[0] }, bars);
  const startRow = resolveStartRow(config.start, bars.ts);
  const { series, lookback } = simSeries(kernels, config, bars, periodsPerYear);

  let flags: Uint8Array;
  const warmups = new Int32Array(ncols);
  if (specs.every((s) => s.type === 'sma_cross')) {
    const pairs = specs.map((s) => [s.params!.fast!, s.params!.slow!] as const);
    const g = smaCrossFlagsGrid(kernels, bars.close, pairs);
    flags = g.flags;
    warmups.set(g.warmups);
  } else {
    flags = new Uint8Array(n * ncols);
    specs.forEach((s, j) => {
      const sig = strategySignals(kernels, s, bars);
      flags.set(sig.flags, j * n);
      warmups[j] = sig.warmup;
    });
  }
  const firstBars = warmups.map((w) => Math.max(w, startRow, lookback));
  const metrics = Object.fromEntries(COLUMN_METRICS.map((m) => [m, new Float64Array(ncols)])) as Record<ColumnMetric, Float64Array>;
  const scratch = new Float64Array(Math.max(0, n - startRow));
  // Metrics straight from the kernel's equity block (no copy out of WASM memory).
  simulateColumns(kernels, bars, flags, firstBars, settings, series, {
    equity: true,
    trades: false,
    visitEquity: (j, equity, summary) => {
      columnMetrics(equity, summary, settings.cash, startRow, periodsPerYear, riskFree, metrics, j, scratch);
      onReturns?.(j, scratch);
    },
  });
  return { metrics, firstBars, startRow, periodsPerYear };
}

/**
 * Writes COLUMN_METRICS of one equity column into out[m][j]: the returns of docs/semantics.md § 8 and empyrical's
 * formulas (src/engine/metrics, same summation order, so equal to computeMetrics to the last bit), trade
 * metrics from the kernel's summary (equal to tradeMetrics).
 */
export function columnMetrics(
  equity: Float64Array,
  s: ColumnSummary,
  cash: number,
  startRow: number,
  ppy: number,
  rf: number,
  out: Record<ColumnMetric, Float64Array>,
  j: number,
  scratch: Float64Array = new Float64Array(Math.max(0, equity.length - startRow)),
): void {
  const n = equity.length;
  const len = n - startRow;
  // Pass 1: the returns (kept in scratch), means of r − rf and r (sortino's required return is 0), compounding,
  // drawdown on wealth 100·∏(1+r).
  let prev = cash;
  let sumAdj = 0;
  let sum = 0;
  let w = 1;
  let wd = 100;
  let peak = 100;
  let mdd = 0;
  for (let i = 0; i < len; i++) {
    const e = equity[startRow + i];
    const r = e / prev - 1;
    prev = e;
    scratch[i] = r;
    sumAdj += r - rf;
    sum += r;
    w *= 1 + r;
    wd *= 1 + r;
    if (wd > peak) peak = wd;
    const dd = (wd - peak) / peak;
    if (dd < mdd) mdd = dd;
  }
  const meanAdj = sumAdj / len;
  const mean = sum / len;
  // Pass 2: deviations (two-pass std as numpy) and downside squares.
  let ssAdj = 0;
  let ss = 0;
  let down = 0;
  for (let i = 0; i < len; i++) {
    const r = scratch[i];
    const da = r - rf - meanAdj;
    ssAdj += da * da;
    const d = r - mean;
    ss += d * d;
    const m = r < 0 ? r : 0;
    down += m * m;
  }
  const sq = Math.sqrt(ppy);
  const total = len === 0 ? NaN : w - 1;
  const annual = len < 1 ? NaN : (1 + total) ** (1 / (len / ppy)) - 1;
  const vol = len < 2 ? NaN : Math.sqrt(ss / (len - 1)) * sq;
  const sharpe = len < 2 ? NaN : (meanAdj / Math.sqrt(ssAdj / (len - 1))) * sq;
  const downside = len < 1 ? NaN : Math.sqrt(down / len) * sq;
  const sortino = len < 2 ? NaN : (mean * ppy) / downside;
  const maxDd = len < 1 ? NaN : mdd;
  const calmarRaw = annual / Math.abs(maxDd);
  const calmar = maxDd === 0 || Number.isNaN(maxDd) || !Number.isFinite(calmarRaw) ? NaN : calmarRaw;
  const t = s.trades;
  const sdPnl = t > 1 ? Math.sqrt(Math.max(0, (s.sumPnlSq - (s.sumPnl * s.sumPnl) / t) / (t - 1))) : NaN;
  out.total_return[j] = total;
  out.annual_return[j] = annual;
  out.annual_volatility[j] = vol;
  out.sharpe_ratio[j] = sharpe;
  out.sortino_ratio[j] = sortino;
  out.max_drawdown[j] = maxDd;
  out.calmar_ratio[j] = calmar;
  out.trades[j] = t;
  out.win_rate[j] = t === 0 ? NaN : s.wins / t;
  out.profit_factor[j] = t === 0 ? NaN : s.grossLoss === 0 ? (s.grossProfit > 0 ? Infinity : NaN) : s.grossProfit / -s.grossLoss;
  out.expectancy[j] = t === 0 ? NaN : s.sumReturn / t;
  out.sqn[j] = t === 0 ? NaN : (Math.sqrt(t) * (s.sumPnl / t)) / sdPnl;
  out.exposure[j] = len <= 0 ? NaN : s.barsInPosition / len;
  out.final_equity[j] = s.finalEquity;
}

/**
 * A sweep's fast path: `{type:'sma_cross', params:{fast, slow}}` with exactly those keys and a valid pair is
 * already in resolved form (what validate + resolveStrategyDefaults would return); anything else goes through them.
 */
function isPlainSmaCross(s: StrategySpec): boolean {
  if (typeof s !== 'object' || s === null || s.type !== 'sma_cross') return false;
  const keys = Object.keys(s);
  if (keys.length !== 2 || !keys.includes('params')) return false;
  const p = s.params as Record<string, unknown> | undefined;
  if (typeof p !== 'object' || p === null || Object.getPrototypeOf(p) !== Object.prototype) return false;
  const pk = Object.keys(p);
  return pk.length === 2 && 'fast' in p && 'slow' in p && isValidSmaPair(p.fast, p.slow);
}
