// TA-Lib group "Volatility Indicators": definitions backed by the kernels in assembly/.
import type { IndicatorDef } from './types';

/** Volatility Indicators definitions; outputs equal TA-Lib's functions of the same name. */
export const VOLATILITY_INDICATORS: readonly IndicatorDef[] = [];
