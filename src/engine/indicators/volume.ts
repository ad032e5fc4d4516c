// TA-Lib group "Volume Indicators": definitions backed by the kernels in assembly/.
import type { IndicatorDef } from './types';

/** Volume Indicators definitions; outputs equal TA-Lib's functions of the same name. */
export const VOLUME_INDICATORS: readonly IndicatorDef[] = [];
