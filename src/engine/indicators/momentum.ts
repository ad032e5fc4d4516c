// TA-Lib group "Momentum Indicators": definitions backed by the kernels in assembly/.
import type { IndicatorDef } from './types';

/** Momentum Indicators definitions; outputs equal TA-Lib's functions of the same name. */
export const MOMENTUM_INDICATORS: readonly IndicatorDef[] = [];
