// TA-Lib group "Pattern Recognition": definitions backed by the kernels in assembly/.
import type { IndicatorDef } from './types';

/** Pattern Recognition definitions; outputs equal TA-Lib's functions of the same name. */
export const PATTERN_RECOGNITION: readonly IndicatorDef[] = [];
