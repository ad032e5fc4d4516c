// TA-Lib group "Math Transform and Math Operators": definitions backed by the kernels in assembly/.
import type { IndicatorDef } from './types';

/** Math Transform and Math Operators definitions; outputs equal TA-Lib's functions of the same name. */
export const MATH_FUNCTIONS: readonly IndicatorDef[] = [];
