// Shapes of the indicator registry. A definition is plain metadata (what TA-Lib's abstract API reports)
// plus two functions: the lookback formula and the computation through the WASM kernels.
import type { F64Buffer, Kernels } from '../../kernels/index';
import type { IndicatorMeta } from '../../shared/engine-api';

/** Validated optional-input values by TA-Lib Python name, defaults filled in (e.g. `{ timeperiod: 30 }`). */
export type ParamValues = Readonly<Record<string, number>>;

/** One TA-Lib function: its metadata plus how to size its warm-up and how to compute it. */
export interface IndicatorDef extends IndicatorMeta {
  /** Number of leading rows without a valid value, as TA_<NAME>_Lookback for these (validated) params. */
  lookback(params: ParamValues): number;
  /**
   * Computes the function over WASM-resident series. `inputs` are in C argument order with price inputs
   * flattened (ATR: high, low, close); `outputs` are in `outputs` order; all buffers have the same length
   * n ≥ 1. Warm-up slots [0, lookback) must be NaN, as the kernels write them.
   */
  compute(kernels: Kernels, inputs: readonly F64Buffer[], params: ParamValues, outputs: readonly F64Buffer[]): void;
}
