// Plain data types that cross boundaries (worker, CLI, store). This module imports nothing.

/** Bar sizes the product knows. Native demo timeframes are '1m' and '1d'; the rest come from resampling. */
export type Timeframe = '1m' | '5m' | '15m' | '1h' | '1d' | '1w' | '1mo';

/** All timeframes, finest first. */
export const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h', '1d', '1w', '1mo'];

/**
 * OHLCV bars as columns. `ts` is the bar's start as epoch milliseconds of the exchange's local wall-clock
 * time read as if it were UTC (timezone-naive): 2024-01-02 09:30 New York is Date.UTC(2024,0,2,9,30).
 * Missing volume is NaN.
 */
export interface Bars {
  symbol: string;
  timeframe: Timeframe;
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** A price column name usable as an indicator input. */
export type PriceField = 'open' | 'high' | 'low' | 'close' | 'volume';

/** One instrument of the built-in synthetic demo market. */
export interface DemoSymbol {
  /** Full id, e.g. 'DEMO:ACME'; accepted wherever a `data` field is. */
  id: string;
  name: string;
  sector: string;
}

/** A request to compute one indicator, as the CLI and the engine accept it (TA-Lib Python names). */
export interface IndicatorRequest {
  fn: string;
  params?: Record<string, number>;
  /** Maps TA-Lib input names ('real', 'real0', …) to price fields; defaults as TA-Lib's abstract API. */
  inputs?: Record<string, PriceField | PriceField[]>;
}

/** Result of one indicator: one value per input row, NaN before the first valid value. */
export interface IndicatorResult {
  fn: string;
  lookback: number;
  outputs: Record<string, Float64Array>;
}

/** Versions and capabilities of the running engine. */
export interface EngineInfo {
  version: string;
  kernelAbi: number;
  simd: boolean;
  wasmBytes: number;
}
