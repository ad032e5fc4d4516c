// TA-Lib group "Cycle Indicators": definitions backed by the kernels in assembly/.
import type { IndicatorDef } from './types';

/** Cycle Indicators definitions; outputs equal TA-Lib's functions of the same name. */
export const CYCLE_INDICATORS: readonly IndicatorDef[] = [];
