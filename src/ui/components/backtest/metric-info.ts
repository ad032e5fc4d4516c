// What every backtest statistic means and how a card shows it: one definition per key of BacktestResult.stats,
// worded after docs/metrics.md (empyrical's return metrics) and docs/semantics.md § 8 (trade metrics), plus the two
// totals the backtester adds (final_equity, buy_hold_return; src/engine/backtest/index.ts).

/** How a metric's value is displayed. */
export type MetricKind = 'percent' | 'ratio' | 'count' | 'periods' | 'currency';

/** A metric's label, display kind and one-sentence definition. */
export interface MetricInfo {
  label: string;
  kind: MetricKind;
  definition: string;
}

/** Definitions of the known statistics, in the order the cards show them. */
export const METRIC_INFO: Readonly<Record<string, MetricInfo>> = {
  total_return: {
    label: 'Total return',
    kind: 'percent',
    definition: 'Compounded return over the metric period: ∏(1 + rᵢ) − 1 of the per-bar equity returns.',
  },
  cum_returns_final: {
    label: 'Cumulative return',
    kind: 'percent',
    definition: 'Same number as total return: ∏(1 + rᵢ) − 1 over the non-NaN returns (empyrical cum_returns_final).',
  },
  annual_return: {
    label: 'Annual return (CAGR)',
    kind: 'percent',
    definition: 'Compound annual growth rate: (1 + total return)^(periods per year / n) − 1.',
  },
  annual_volatility: {
    label: 'Annual volatility',
    kind: 'percent',
    definition: 'Sample standard deviation (ddof 1) of the returns × √(periods per year).',
  },
  sharpe_ratio: {
    label: 'Sharpe ratio',
    kind: 'ratio',
    definition: 'mean(r − rf) / std(r − rf) × √(periods per year); NaN for fewer than 2 returns, ±Infinity for zero deviation.',
  },
  sortino_ratio: {
    label: 'Sortino ratio',
    kind: 'ratio',
    definition: 'mean(r − target) × periods per year / downside risk; +Infinity when no return is below the target.',
  },
  downside_risk: {
    label: 'Downside risk',
    kind: 'percent',
    definition: 'Root mean square of the below-target returns (others count as 0) × √(periods per year).',
  },
  calmar_ratio: {
    label: 'Calmar ratio',
    kind: 'ratio',
    definition: 'Annual return / |max drawdown|; NaN when there was no drawdown.',
  },
  omega_ratio: {
    label: 'Omega ratio',
    kind: 'ratio',
    definition: 'Sum of returns above the threshold / sum of shortfalls below it; NaN when nothing is below.',
  },
  max_drawdown: {
    label: 'Max drawdown',
    kind: 'percent',
    definition: 'Largest fall of wealth from a running peak, a fraction in [−1, 0]; the start counts as a peak.',
  },
  max_drawdown_duration: {
    label: 'Max drawdown duration',
    kind: 'periods',
    definition: 'Longest drawdown episode in bars: from a peak to the first bar back at or above it (or to the end).',
  },
  tail_ratio: {
    label: 'Tail ratio',
    kind: 'ratio',
    definition: '|95th percentile| / |5th percentile| of the returns (linear percentiles).',
  },
  stability_of_timeseries: {
    label: 'Stability',
    kind: 'ratio',
    definition: 'R² of a straight line fitted to the cumulative log returns (1 = perfectly steady growth).',
  },
  value_at_risk: {
    label: 'Value at risk (5 %)',
    kind: 'percent',
    definition: 'The 5th percentile of the per-bar returns: a bar worse than this happens 5 % of the time.',
  },
  conditional_value_at_risk: {
    label: 'CVaR (5 %)',
    kind: 'percent',
    definition: 'Mean of the worst 5 % of per-bar returns (empyrical: the ⌊(n − 1)·0.05⌋ + 1 smallest).',
  },
  skew: {
    label: 'Skew',
    kind: 'ratio',
    definition: 'Biased sample skewness m₃ / m₂^1.5 of the returns (scipy defaults); NaN for a constant series.',
  },
  kurtosis: {
    label: 'Kurtosis (excess)',
    kind: 'ratio',
    definition: 'Biased excess (Fisher) kurtosis m₄ / m₂² − 3 of the returns; a normal sample gives about 0.',
  },
  alpha: {
    label: 'Alpha',
    kind: 'percent',
    definition: 'Annualized return not explained by beta to the buy & hold benchmark: (1 + mean(r − rf − β(f − rf)))^ppy − 1.',
  },
  beta: { label: 'Beta', kind: 'ratio', definition: 'cov(r, f) / var(f) against the buy & hold benchmark returns f.' },
  information_ratio: {
    label: 'Information ratio',
    kind: 'ratio',
    definition: 'Same as excess Sharpe: mean(r − f) / std(r − f) per bar, not annualized (empyrical 0.5.5).',
  },
  excess_sharpe: {
    label: 'Excess Sharpe',
    kind: 'ratio',
    definition: 'mean(r − f) / std(r − f) of the returns in excess of the buy & hold benchmark, per bar.',
  },
  capture: {
    label: 'Capture',
    kind: 'ratio',
    definition: 'Annual return of the strategy / annual return of the buy & hold benchmark.',
  },
  up_capture: { label: 'Up capture', kind: 'ratio', definition: 'Capture over the bars where the benchmark rose.' },
  down_capture: {
    label: 'Down capture',
    kind: 'ratio',
    definition: 'Capture over the bars where the benchmark fell (lower is better).',
  },
  trades: {
    label: 'Trades',
    kind: 'count',
    definition: 'Number of closed round trips (including one closed at the end of the data).',
  },
  win_rate: {
    label: 'Win rate',
    kind: 'percent',
    definition: 'Winning trades / trades; a trade wins when its net P&L is > 0. NaN without trades.',
  },
  profit_factor: {
    label: 'Profit factor',
    kind: 'ratio',
    definition: 'Gross profit / |gross loss| of the trades; Infinity with profit and no loss.',
  },
  avg_win: { label: 'Average win', kind: 'percent', definition: 'Mean return_pct of the winning trades.' },
  avg_loss: { label: 'Average loss', kind: 'percent', definition: 'Mean return_pct of the losing trades.' },
  best_trade: { label: 'Best trade', kind: 'percent', definition: 'Highest return_pct of any trade.' },
  worst_trade: { label: 'Worst trade', kind: 'percent', definition: 'Lowest return_pct of any trade.' },
  payoff_ratio: { label: 'Payoff ratio', kind: 'ratio', definition: 'Average win / |average loss|.' },
  expectancy: { label: 'Expectancy', kind: 'percent', definition: 'Mean return_pct per trade.' },
  max_consecutive_losses: {
    label: 'Max consecutive losses',
    kind: 'count',
    definition: 'Longest run of losing trades in a row.',
  },
  exposure: {
    label: 'Exposure',
    kind: 'percent',
    definition: 'Fraction of metric-period bars with a position held after the bar’s fills.',
  },
  kelly_criterion: {
    label: 'Kelly criterion',
    kind: 'percent',
    definition: 'win rate − (1 − win rate) / payoff ratio: the Kelly fraction of equity to risk per trade.',
  },
  sqn: { label: 'SQN', kind: 'ratio', definition: 'System quality number: √trades × mean(P&L) / std(P&L, ddof 1).' },
  final_equity: {
    label: 'Final equity',
    kind: 'currency',
    definition: 'Cash plus the position marked at the last close, after the end-of-data exit (equity[n − 1]).',
  },
  buy_hold_return: {
    label: 'Buy & hold return',
    kind: 'percent',
    definition: 'Return of the benchmark: buying the symbol at the close of the first metric bar and holding to the last close.',
  },
};

/** The description shown for a statistic the engine reports but this module does not define yet. */
export const UNKNOWN_METRIC_DEFINITION = 'Reported by the backtester; see docs/metrics.md and docs/semantics.md § 8.';

/** The metric's info, or a generic one (label from the key, ratio display) for a key not in METRIC_INFO. */
export function metricInfo(name: string): MetricInfo {
  return (
    METRIC_INFO[name] ?? {
      label: name.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase()),
      kind: 'ratio',
      definition: UNKNOWN_METRIC_DEFINITION,
    }
  );
}

const ORDER = new Map(Object.keys(METRIC_INFO).map((k, i) => [k, i]));

/** The keys of `stats` in card order: the known ones in METRIC_INFO order, then any others alphabetically. */
export function metricOrder(stats: Readonly<Record<string, number>>): string[] {
  return Object.keys(stats).sort((a, b) => {
    const ia = ORDER.get(a) ?? Infinity;
    const ib = ORDER.get(b) ?? Infinity;
    return ia !== ib ? ia - ib : a < b ? -1 : a > b ? 1 : 0;
  });
}

/** The exact value for a data-value attribute: JavaScript's shortest round-trip text ("NaN", "Infinity", "-0.1234…"). */
export function metricDataValue(x: number): string {
  return String(x);
}

/** Fixed decimals with a minus sign for negatives and no "-0.00". */
function fixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/**
 * A metric value for display: percent kinds ×100 with 2 decimals and "%", ratios with 2 decimals (3 significant
 * digits below 0.1, exponent form from 1e6), counts and periods as whole numbers, currency with 2 decimals and
 * thousands separators; NaN → "n/a", ±Infinity → "∞"/"−∞".
 */
export function formatMetric(x: number, kind: MetricKind): string {
  if (Number.isNaN(x)) return 'n/a';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  switch (kind) {
    case 'percent':
      return `${fixed(x * 100, 2)}%`;
    case 'count':
    case 'periods':
      return Number.isInteger(x) ? String(x) : fixed(x, 1);
    case 'currency':
      return fixed(x, 2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    case 'ratio': {
      const a = Math.abs(x);
      if (a >= 1e6) return x.toExponential(2);
      if (a !== 0 && a < 0.1) return String(Number(x.toPrecision(3)));
      return fixed(x, 2);
    }
  }
}

/** Whether a value should be shown as good (true), bad (false) or neutral (null): sign of returns and P&L metrics. */
export function metricTone(name: string, x: number): boolean | null {
  if (!Number.isFinite(x) || x === 0) return null;
  if (
    ['total_return', 'cum_returns_final', 'annual_return', 'sharpe_ratio', 'sortino_ratio', 'alpha', 'expectancy'].includes(name)
  ) {
    return x > 0;
  }
  return null;
}
