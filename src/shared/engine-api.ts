// The engine's API as seen across the worker boundary (comlink). Import with `import type` only.
import type { Bars, DemoSymbol, EngineInfo, IndicatorRequest, IndicatorResult, Timeframe } from './types';

/** A moving-average overlay drawn on the price chart. */
export interface OverlaySpec {
  fn: 'SMA' | 'EMA';
  period: number;
}

/** What workers/engine.worker.ts exposes; src/engine's createEngine() returns the same shape in-thread. */
export interface EngineApi {
  /** Engine version, kernel ABI, SIMD flag. */
  info(): EngineInfo;
  /** The 20 symbols of the synthetic demo market. */
  demoSymbols(): DemoSymbol[];
  /** Deterministic demo bars for a symbol at a native timeframe ('1d' or '1m'). */
  demoBars(id: string, timeframe: Extract<Timeframe, '1d' | '1m'>): Bars;
  /** One TA-Lib function over the given columns (one value per row, NaN warm-up). */
  indicator(req: IndicatorRequest, columns: Partial<Pick<Bars, 'open' | 'high' | 'low' | 'close' | 'volume'>>): IndicatorResult;
  /** Several moving-average overlays of one series; result[i] belongs to specs[i]. */
  overlays(close: Float64Array, specs: OverlaySpec[]): Float64Array[];
}
