// Plain data of strategies and backtests: the declarative specs (JSON, snake_case as the CLI contract), the
// signal arrays and the results. This module imports nothing; docs/semantics.md defines every rule.

/** A price column a rule can read. */
export type PriceFieldName = 'open' | 'high' | 'low' | 'close' | 'volume';

/** A bar size (the same values as Timeframe in ./types). */
export type TimeframeName = '1m' | '5m' | '15m' | '1h' | '1d' | '1w' | '1mo';

/** A reference to a numeric parameter of a `rules` strategy, resolved from `params` (so sweeps can vary it). */
export interface ParamRef {
  /** Name of an entry of the strategy's `params`. */
  param: string;
}

/** One indicator output as a series: a TA-Lib function from the registry, its parameters and output name. */
export interface IndicatorOperand {
  /** TA-Lib function name, e.g. 'RSI'. */
  indicator: string;
  /** TA-Lib Python parameter names; values may reference the strategy's params. Omitted: TA-Lib defaults. */
  params?: Record<string, number | ParamRef>;
  /** Output name (e.g. 'macdsignal'); omitted: the function's first output. */
  output?: string;
  /** Input mapping as the `indicator` CLI request (e.g. {"real":"open"}). */
  inputs?: Record<string, PriceFieldName | PriceFieldName[]>;
  /**
   * Compute on bars resampled to this coarser timeframe (e.g. '1d' on 15-minute bars); a value becomes visible
   * from the first traded bar after its higher-timeframe bar has closed. Omitted: the traded bars.
   */
  timeframe?: TimeframeName;
}

/** A price column, optionally of a coarser timeframe (visible once that bar has closed, as IndicatorOperand). */
export interface PriceOperand {
  price: PriceFieldName;
  timeframe?: TimeframeName;
}

/** A value a condition compares: a constant, a strategy parameter, a price column, or an indicator output. */
export type Operand = number | ParamRef | PriceOperand | IndicatorOperand;

/** A boolean per bar, built from comparisons and combined with all/any/not (docs/strategies.md § rules). */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { op: 'crosses_above' | 'crosses_below' | '>' | '<'; left: Operand; right: Operand }
  | { op: 'between'; left: Operand; lower: Operand; upper: Operand }
  | { op: 'rising' | 'falling'; left: Operand; n: number };

/** The four conditions of a `rules` strategy; a missing one never fires. */
export interface RuleSet {
  entry_long?: Condition;
  exit_long?: Condition;
  entry_short?: Condition;
  exit_short?: Condition;
}

/** SMA crossover: long when SMA(fast) crosses above SMA(slow), exit/short on the opposite cross. */
export interface SmaCrossSpec {
  type: 'sma_cross';
  params?: {
    /** Fast SMA period, 2..100000, < slow. Default 10. */
    fast?: number;
    /** Slow SMA period, 2..100000, > fast. Default 30. */
    slow?: number;
  };
}

/** RSI mean reversion: long below `lower`, exit above `upper`; shorts mirrored. */
export interface RsiMeanReversionSpec {
  type: 'rsi_mean_reversion';
  params?: {
    /** RSI period, 2..100000. Default 14. */
    period?: number;
    /** Oversold threshold, 0 < lower < upper. Default 30. */
    lower?: number;
    /** Overbought threshold, lower < upper < 100. Default 70. */
    upper?: number;
  };
}

/** MACD momentum: long when MACD crosses above its signal line, exit on the opposite cross. */
export interface MacdMomentumSpec {
  type: 'macd_momentum';
  params?: {
    /** Fast EMA period, 2..100000, < slow. Default 12. */
    fast?: number;
    /** Slow EMA period, 2..100000. Default 26. */
    slow?: number;
    /** Signal EMA period, 2..100000. Default 9. */
    signal?: number;
    /** Only enter long above zero (short below zero). Default false. */
    zero_filter?: boolean;
  };
}

/** Bollinger breakout: long above the upper band, short below the lower band, exit at the middle band. */
export interface BollingerBreakoutSpec {
  type: 'bollinger_breakout';
  params?: {
    /** Band period, 2..100000. Default 20. */
    period?: number;
    /** Band width in standard deviations, > 0. Default 2. */
    k?: number;
  };
}

/** A strategy composed from conditions over indicators and prices. */
export interface RulesSpec {
  type: 'rules';
  /** Named numbers the rules reference with {"param": name}. */
  params?: Record<string, number>;
  rules: RuleSet;
}

/** A strategy: a declarative JSON spec (never code). */
export type StrategySpec = SmaCrossSpec | RsiMeanReversionSpec | MacdMomentumSpec | BollingerBreakoutSpec | RulesSpec;

/** The built-in strategy type names plus 'rules'. */
export type StrategyType = StrategySpec['type'];

/** Which sides may be traded. */
export type Direction = 'long' | 'short' | 'long_short';

/** Where a market order decided at bar i's close fills: open of bar i+1, or close of bar i. */
export type FillMode = 'next_open' | 'close';

/** How many units an entry buys or sells (docs/semantics.md § 6). */
export type Sizing =
  | { mode: 'all_in' }
  | {
      mode: 'percent_equity';
      /** Fraction of equity, 0 < pct ≤ 1. */
      pct: number;
    }
  | {
      mode: 'units';
      /** Units per entry, > 0. */
      units: number;
    }
  | {
      mode: 'cash';
      /** Currency per entry, > 0. */
      amount: number;
    }
  | {
      mode: 'volatility_target';
      /** Annualized volatility as a fraction (0.1 = 10 %), in (0, 10]. */
      target: number;
      /** How σ is measured: sample std of close-to-close returns, or ATR / close. Default 'stdev'. */
      method?: 'stdev' | 'atr';
      /** Rows in the σ window, 2..100000. Default 20. */
      window?: number;
    };

/** Commission per order: `rate` × traded value + `fixed`. */
export interface Commission {
  /** Fraction of traded value, 0 ≤ rate < 1. Default 0. */
  rate?: number;
  /** Currency per order, ≥ 0. Default 0. */
  fixed?: number;
}

/** A stop distance: a fraction of the reference price, or a multiple of ATR(atr_period) at the signal row. */
export type StopSpec =
  | {
      /** Fraction of the reference price (0.08 = 8 %), in (0, 100]. */
      pct: number;
    }
  | {
      /** Multiple of ATR at the signal row, in (0, 1000]. */
      atr: number;
      /** ATR period, 1..100000. Default 14. */
      atr_period?: number;
    };

/** A backtest request: strategy, data window and trading settings (CLI field names). */
export interface BacktestConfig {
  /** The strategy that emits the signals (docs/strategies.md). */
  strategy: StrategySpec;
  /** Default 'long'. */
  direction?: Direction;
  /** Starting cash, > 0. Default 10000. */
  cash?: number;
  /** Default 'next_open'. */
  fill?: FillMode;
  /** Default {mode:'all_in'}. */
  sizing?: Sizing;
  /** Allow fractional units. Default false (whole units). */
  fractional?: boolean;
  /** Unit step when fractional, > 0. Default 1e-8. */
  fractional_step?: number;
  /** Commission per order. Default none. */
  commission?: Commission;
  /** Slippage in basis points against the trader on every fill, ≥ 0. Default 0. */
  slippage_bps?: number;
  /** Spread as a fraction of price, paid on entry, ≥ 0. Default 0. */
  spread?: number;
  /** Stop-loss distance from the reference price (docs/semantics.md § 5). Default none. */
  stop_loss?: StopSpec | null;
  /** Take-profit distance from the reference price. Default none. */
  take_profit?: StopSpec | null;
  /** Trailing-stop distance from the running peak (trough for shorts), ratcheting only. Default none. */
  trailing_stop?: StopSpec | null;
  /** Price stops are measured from. Default 'fill'. */
  stop_reference?: 'fill' | 'signal_close';
  /** Hard risk limits on entries (docs/semantics.md § 6); the portfolio risk manager adds more. Default none. */
  risk?: {
    /** Largest position at entry as a fraction of equity, (0, 1]: units ≤ pct × equity / fill price. */
    max_position_pct?: number;
    /** Drawdown stop, a fraction in (0, 1): no new position while equity is more than this below its peak. */
    max_drawdown_stop?: number;
  } | null;
  /** Annualization; default derived from the bar size (252 for daily). */
  periods_per_year?: number;
  /** Risk-free return per period for the metrics. Default 0. */
  risk_free?: number;
  /** First decision bar: a 0-based row index or an ISO date/time; earlier rows only warm indicators up. */
  start?: number | string | null;
}

/** Bits of a signal flag byte. */
export const SIGNAL_ENTRY_LONG = 1;
export const SIGNAL_EXIT_LONG = 2;
export const SIGNAL_ENTRY_SHORT = 4;
export const SIGNAL_EXIT_SHORT = 8;

/** A strategy's decisions per bar: flag bits (SIGNAL_*) and a strength 0–100 (0 where no flag is set). */
export interface StrategySignals {
  flags: Uint8Array;
  strength: Float64Array;
  /** First row at which every indicator (and the previous bar a cross needs) is valid. */
  warmup: number;
}

/** The per-bar signal shown to users. */
export type SignalType = 'BUY' | 'SELL' | 'HOLD';

/** Why a trade closed. */
export type ExitReason = 'signal' | 'stop_loss' | 'take_profit' | 'trailing_stop' | 'end';

/** One closed round trip (CLI field names; times are epoch ms, timezone-naive). */
export interface Trade {
  entry_index: number;
  exit_index: number;
  entry_time: number;
  exit_time: number;
  direction: 'long' | 'short';
  size: number;
  entry_price: number;
  exit_price: number;
  /** Net of both commissions. */
  pnl: number;
  /** direction × (exit/entry − 1) − commission/(size × entry). */
  return_pct: number;
  commission: number;
  exit_reason: ExitReason;
  /** Maximum adverse excursion, a fraction ≤ 0 of the entry price (docs/semantics.md § Trades). */
  mae: number;
  /** Maximum favorable excursion, a fraction ≥ 0 of the entry price. */
  mfe: number;
  bars_held: number;
}

/** Everything a backtest produces; arrays have one value per input row. */
export interface BacktestResult {
  /** Cash plus positions marked at close[i] after row i's fills. */
  equity: Float64Array;
  cash: Float64Array;
  /** Signed units held after row i's fills. */
  position: Float64Array;
  /** equity[i] / running peak − 1 (≤ 0), the peak starting at the initial cash. */
  drawdown: Float64Array;
  /** Buy & hold equity of the same cash over the metric period (the benchmark), NaN before it. */
  benchmark: Float64Array;
  trades: Trade[];
  /** Metric name → value (docs/metrics.md); NaN where undefined. */
  stats: Record<string, number>;
  signals: StrategySignals;
  /** First row the strategy may act on: max(warm-up, start). */
  first_bar: number;
  /** First row of the metric period (the `start` row, else 0). */
  start_row: number;
  periods_per_year: number;
}
