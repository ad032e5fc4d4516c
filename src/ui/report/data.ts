// The tear sheet's numbers, pure (no DOM, no d3): per-period returns of the strategy and its buy & hold benchmark,
// cumulative returns, the underwater curve, the worst drawdown periods (pyfolio's gen_drawdown_table), rolling
// Sharpe/volatility/beta (empyrical's roll_*), monthly and annual compounded returns (pyfolio's
// aggregate_returns), return distributions and the metrics table. Everything is computed over the metric period:
// rows start_row.. of the backtest (docs/semantics.md § 7).
import type { BacktestConfig, BacktestResult, Trade } from '../../shared/backtest';
import type { Timeframe } from '../../shared/types';
import { rollingBeta, rollingSharpe, rollingVolatility } from '../../engine/metrics/rolling';
import { formatMetric, metricInfo, metricOrder } from '../components/backtest/metric-info';

/** What a tear sheet is made from: a finished backtest and the bars' times. */
export interface TearSheetInput {
  title: string;
  symbol: string;
  timeframe: Timeframe;
  ts: Float64Array;
  config: BacktestConfig;
  result: Pick<BacktestResult, 'equity' | 'benchmark' | 'drawdown' | 'trades' | 'stats' | 'start_row' | 'first_bar' | 'periods_per_year'>;
}

/** One drawdown episode (pyfolio gen_drawdown_table): peak → valley → recovery (null while still under water). */
export interface DrawdownPeriod {
  /** Depth as a fraction ≤ 0 of the peak's wealth. */
  depth: number;
  peak: number;
  valley: number;
  recovery: number | null;
  /** Rows from peak to recovery (or to the last row). */
  duration: number;
}

/** A histogram bin of returns [x0, x1). */
export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

/** Everything the tear sheet draws, indexed by metric-period row k = 0..n−1 (bar row start_row + k). */
export interface TearSheetData {
  title: string;
  subtitle: string;
  timeframe: Timeframe;
  ts: Float64Array;
  returns: Float64Array;
  benchReturns: Float64Array;
  /** Wealth − 1 since the start: strategy and buy & hold. */
  cumulative: Float64Array;
  benchCumulative: Float64Array;
  /** Wealth / running peak − 1 (the start counts as a peak). */
  underwater: Float64Array;
  worstDrawdowns: DrawdownPeriod[];
  /** Rolling window in rows (half a year of bars), and the series aligned to rows (NaN until a window is full). */
  rollingWindow: number;
  rollingSharpe: Float64Array;
  rollingVolatility: Float64Array;
  rollingBeta: Float64Array;
  /** Compounded return per calendar month: years ascending, 12 values per year (NaN where no bars). */
  monthly: { years: number[]; values: number[][] };
  annual: { year: number; strategy: number; benchmark: number }[];
  /** Per-bar and monthly return histograms. */
  barHistogram: Bin[];
  monthlyHistogram: Bin[];
  metrics: { name: string; label: string; value: string; definition: string }[];
  trades: Trade[];
}

/** Simple returns of an equity curve over rows from..n−1, the first against `base` (empyrical's convention). */
export function equityReturns(equity: ArrayLike<number>, from: number, base: number): Float64Array {
  const out = new Float64Array(Math.max(0, equity.length - from));
  let prev = base;
  for (let k = 0; k < out.length; k++) {
    const v = equity[from + k];
    out[k] = v / prev - 1;
    prev = v;
  }
  return out;
}

/** ∏(1 + r) − 1 up to each row; NaN returns count as 0 (empyrical cum_returns). */
export function cumulativeReturns(returns: ArrayLike<number>): Float64Array {
  const out = new Float64Array(returns.length);
  let w = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (r === r) w *= 1 + r;
    out[i] = w - 1;
  }
  return out;
}

/** Wealth (1 + cumulative) / running peak − 1, the starting wealth 1 counting as a peak. */
export function underwater(cumulative: ArrayLike<number>): Float64Array {
  const out = new Float64Array(cumulative.length);
  let peak = 1;
  for (let i = 0; i < cumulative.length; i++) {
    const w = 1 + cumulative[i];
    if (w > peak) peak = w;
    out[i] = w / peak - 1;
  }
  return out;
}

/**
 * The `top` deepest drawdown episodes of an underwater curve, deepest first (pyfolio gen_drawdown_table): an
 * episode runs from the last row at a peak (−1 = the start) through its lowest row to the first row back at 0.
 */
export function worstDrawdowns(under: ArrayLike<number>, top = 5): DrawdownPeriod[] {
  const out: DrawdownPeriod[] = [];
  let i = 0;
  const n = under.length;
  while (i < n) {
    if (!(under[i] < 0)) {
      i++;
      continue;
    }
    const peak = i - 1;
    let valley = i;
    while (i < n && under[i] < 0) {
      if (under[i] < under[valley]) valley = i;
      i++;
    }
    const recovery = i < n ? i : null;
    out.push({ depth: under[valley], peak, valley, recovery, duration: (recovery ?? n - 1) - peak });
  }
  return out.sort((a, b) => a.depth - b.depth || a.peak - b.peak).slice(0, top);
}

/** `values` (empyrical roll_* output, one per full window) placed at each window's last row; NaN before. */
export function alignRolling(values: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  out.set(values, n - values.length);
  return out;
}

const yearOf = (t: number) => new Date(t).getUTCFullYear();
const monthOf = (t: number) => new Date(t).getUTCMonth();

/** Compounded returns per calendar month (pyfolio aggregate_returns 'monthly'): years ascending × 12 months. */
export function monthlyReturns(ts: ArrayLike<number>, returns: ArrayLike<number>): { years: number[]; values: number[][] } {
  const byYear = new Map<number, number[]>();
  for (let i = 0; i < returns.length; i++) {
    const y = yearOf(ts[i]);
    let row = byYear.get(y);
    if (!row) byYear.set(y, (row = new Array<number>(12).fill(NaN)));
    const m = monthOf(ts[i]);
    const r = returns[i];
    const prev = row[m] !== row[m] ? 0 : row[m];
    row[m] = r === r ? (1 + prev) * (1 + r) - 1 : prev;
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  return { years, values: years.map((y) => byYear.get(y)!) };
}

/** Compounded return per calendar year (pyfolio aggregate_returns 'yearly'). */
export function annualReturns(ts: ArrayLike<number>, returns: ArrayLike<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < returns.length; i++) {
    const y = yearOf(ts[i]);
    const r = returns[i];
    out.set(y, (1 + (out.get(y) ?? 0)) * (1 + (r === r ? r : 0)) - 1);
  }
  return out;
}

/** A histogram of the finite values with `bins` equal-width bins over [min, max] (the last bin closed). */
export function histogram(values: ArrayLike<number>, bins = 40): Bin[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) return [];
  if (lo === hi) return [{ x0: lo, x1: hi, count: values.length }];
  const w = (hi - lo) / bins;
  const out: Bin[] = Array.from({ length: bins }, (_, k) => ({ x0: lo + k * w, x1: k === bins - 1 ? hi : lo + (k + 1) * w, count: 0 }));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) out[Math.min(bins - 1, Math.floor((v - lo) / w))].count++;
  }
  return out;
}

/** Rolling window of the tear sheet: half a year of bars, at least 2, at most half the rows. */
export function rollingWindowFor(periodsPerYear: number, n: number): number {
  return Math.max(2, Math.min(Math.round(periodsPerYear / 2), Math.floor(n / 2)));
}

/** Prepares every series and table of the tear sheet from one backtest. */
export function tearSheetData(input: TearSheetInput): TearSheetData {
  const { result, config } = input;
  const from = result.start_row;
  const cash = config.cash ?? 10000;
  const ts = input.ts.slice(from);
  const n = ts.length;
  const returns = equityReturns(result.equity, from, cash);
  const benchReturns = equityReturns(result.benchmark, from, cash);
  const cumulative = cumulativeReturns(returns);
  const benchCumulative = cumulativeReturns(benchReturns);
  const under = underwater(cumulative);
  const ppy = result.periods_per_year;
  const window = rollingWindowFor(ppy, n);
  const rf = config.risk_free ?? 0;
  const enough = n >= 2 * window && n >= 4;
  const roll = (f: () => Float64Array) => (enough ? alignRolling(f(), n) : new Float64Array(n).fill(NaN));
  const monthly = monthlyReturns(ts, returns);
  const annualS = annualReturns(ts, returns);
  const annualB = annualReturns(ts, benchReturns);
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  return {
    title: input.title,
    subtitle: n > 0 ? `${input.symbol} · ${input.timeframe} · ${iso(ts[0])} → ${iso(ts[n - 1])} · ${n} bars` : input.symbol,
    timeframe: input.timeframe,
    ts,
    returns,
    benchReturns,
    cumulative,
    benchCumulative,
    underwater: under,
    worstDrawdowns: worstDrawdowns(under, 5),
    rollingWindow: window,
    rollingSharpe: roll(() => rollingSharpe(returns, window, rf, ppy)),
    rollingVolatility: roll(() => rollingVolatility(returns, window, ppy)),
    rollingBeta: roll(() => rollingBeta(returns, benchReturns, window, rf)),
    monthly,
    annual: [...annualS.keys()].map((year) => ({ year, strategy: annualS.get(year)!, benchmark: annualB.get(year) ?? NaN })),
    barHistogram: histogram(returns),
    monthlyHistogram: histogram(monthly.values.flat(), 24),
    metrics: metricOrder(result.stats).map((name) => {
      const info = metricInfo(name);
      return { name, label: info.label, value: formatMetric(result.stats[name], info.kind), definition: info.definition };
    }),
    trades: result.trades,
  };
}
