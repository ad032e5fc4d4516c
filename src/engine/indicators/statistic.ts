// TA-Lib group "Statistic Functions": definitions backed by the kernels in assembly/.
import type { IndicatorDef } from './types';

/** Statistic Functions definitions; outputs equal TA-Lib's functions of the same name. */
export const STATISTIC_FUNCTIONS: readonly IndicatorDef[] = [];
