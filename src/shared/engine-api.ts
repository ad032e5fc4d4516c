// The engine's API as seen across the worker boundary (comlink). Import with `import type` only.
import type { BacktestConfig, BacktestResult, SignalType, StrategySignals, StrategySpec } from './backtest';
import type { Bars, DemoSymbol, EngineInfo, IndicatorRequest, IndicatorResult, PriceField, Timeframe } from './types';

/** A moving-average overlay drawn on the price chart. */
export interface OverlaySpec {
  fn: 'SMA' | 'EMA';
  period: number;
}

/** One optional input of a TA-Lib function, named as in TA-Lib's Python wrapper (e.g. 'timeperiod'). */
export interface IndicatorParamMeta {
  name: string;
  default: number;
  /** Inclusive bounds, as TA-Lib's C argument validation. */
  min: number;
  max: number;
  /** 'matype' is an integer code of a moving-average type (TA_MAType: 0=SMA … 8=T3). */
  type: 'integer' | 'real' | 'matype';
}

/** One output series of a TA-Lib function (Python wrapper name, e.g. 'real', 'upperband'). */
export interface IndicatorOutputMeta {
  name: string;
  /** 'integer' outputs (pattern codes, indexes) hold whole numbers. */
  kind: 'real' | 'integer';
}

/** Plain-data description of one TA-Lib function, as TA-Lib's abstract API reports it. */
export interface IndicatorMeta {
  name: string;
  /** TA-Lib group name, e.g. 'Overlap Studies', 'Momentum Indicators'. */
  group: string;
  /** One line, TA-Lib's hint, e.g. 'Simple Moving Average'. */
  description: string;
  /**
   * Input names in C argument order with their default price fields: one field for a series input
   * (`{ real: 'close' }`), a list for a price input (`{ prices: ['high', 'low', 'close'] }`).
   */
  inputs: Readonly<Record<string, PriceField | readonly PriceField[]>>;
  params: readonly IndicatorParamMeta[];
  outputs: readonly IndicatorOutputMeta[];
}

/** One function over many values of one parameter (a sweep grid); the other parameters are fixed. */
export interface IndicatorGridRequest {
  fn: string;
  /** The parameter that varies, by TA-Lib Python name (e.g. 'timeperiod'). */
  param: string;
  /** Its values; each is validated as a single request would be. */
  values: number[];
  /** The fixed parameters (defaults as TA-Lib's); must not name `param`. */
  params?: Record<string, number>;
  inputs?: Record<string, PriceField | PriceField[]>;
}

/** Result of a grid: outputs[name][j] is the series for values[j], equal to `indicator` with that value. */
export interface IndicatorGridResult {
  fn: string;
  param: string;
  values: number[];
  /** lookbacks[j]: warm-up rows for values[j]. */
  lookbacks: number[];
  outputs: Record<string, Float64Array[]>;
}

/** What workers/engine.worker.ts exposes; src/engine's createEngine() returns the same shape in-thread. */
export interface EngineApi {
  /** Engine version, kernel ABI, SIMD flag. */
  info(): EngineInfo;
  /** Metadata of every function in the indicator registry, sorted by name. */
  functions(): IndicatorMeta[];
  /** The 20 symbols of the synthetic demo market. */
  demoSymbols(): DemoSymbol[];
  /** Deterministic demo bars for a symbol at a native timeframe ('1d' or '1m'). */
  demoBars(id: string, timeframe: Extract<Timeframe, '1d' | '1m'>): Bars;
  /** One TA-Lib function over the given columns (one value per row, NaN warm-up). */
  indicator(req: IndicatorRequest, columns: Partial<Pick<Bars, 'open' | 'high' | 'low' | 'close' | 'volume'>>): IndicatorResult;
  /** Several moving-average overlays of one series; result[i] belongs to specs[i]. */
  overlays(close: Float64Array, specs: OverlaySpec[]): Float64Array[];
  /** One function for many values of one parameter in one pass; each column bit-identical to `indicator`. */
  indicatorGrid(req: IndicatorGridRequest, columns: Partial<Pick<Bars, PriceField>>): IndicatorGridResult;
  /** A strategy's signal flags and strengths per bar (docs/strategies.md); throws naming the bad spec field. */
  strategySignals(spec: StrategySpec, bars: Bars): StrategySignals;
  /** One backtest of `config` over `bars` (docs/semantics.md); throws naming the bad config field. */
  backtest(config: BacktestConfig, bars: Bars): BacktestResult;
  /** Each symbol's current signal under `spec` (bars, or the message of why they could not be loaded). */
  scan(spec: StrategySpec, universe: ScanInput[]): ScanResult;
}

/** One symbol handed to the scanner. */
export interface ScanInput {
  symbol: string;
  /** Its bars, or why they could not be loaded. */
  bars: Bars | string;
}

/** One symbol's scan row: the last bar's signal, close and time, and its latest BUY/SELL. */
export interface ScanRow {
  symbol: string;
  signal: SignalType;
  /** 0–100; 0 for HOLD. */
  strength: number;
  price: number;
  /** epoch ms, timezone-naive. */
  time: number;
  last_signal: { signal: Exclude<SignalType, 'HOLD'>; strength: number; price: number; time: number; bars_ago: number } | null;
}

/** The scanner's answer: rows sorted BUY/SELL first, then by strength; symbols that could not be evaluated. */
export interface ScanResult {
  signals: ScanRow[];
  failed: { symbol: string; error: string }[];
}

/** The worker's view of EngineApi: every method returns a Promise (the engine loads asynchronously). */
export type EngineWorkerApi = {
  [K in keyof EngineApi]: (...args: Parameters<EngineApi[K]>) => Promise<ReturnType<EngineApi[K]>>;
};
