// TA-Lib group "Price Transform": definitions backed by the kernels in assembly/.
import type { IndicatorDef } from './types';

/** Price Transform definitions; outputs equal TA-Lib's functions of the same name. */
export const PRICE_TRANSFORM: readonly IndicatorDef[] = [];
