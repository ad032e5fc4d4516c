// TA-Lib group "Overlap Studies": definitions backed by the kernels in assembly/overlap.ts.
import type { IndicatorParamMeta } from '../../shared/engine-api';
import type { IndicatorDef } from './types';

/** TA-Lib's optInTimePeriod for SMA/EMA: default 30, valid 2..100000 (TA_SMA/TA_EMA argument checks). */
const TIMEPERIOD_30: IndicatorParamMeta = { name: 'timeperiod', default: 30, min: 2, max: 100_000, type: 'integer' };

/** Overlap-study definitions; outputs equal TA-Lib's functions of the same name bit for bit. */
export const OVERLAP_STUDIES: readonly IndicatorDef[] = [
  {
    name: 'EMA',
    group: 'Overlap Studies',
    description: 'Exponential Moving Average',
    inputs: { real: 'close' },
    params: [TIMEPERIOD_30],
    outputs: [{ name: 'real', kind: 'real' }],
    // TA_EMA_Lookback: period − 1 plus the unstable period, which is 0 by default.
    lookback: (p) => p.timeperiod - 1,
    compute(k, [src], p, [dst]) {
      k.exports.ema(src.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
  {
    name: 'SMA',
    group: 'Overlap Studies',
    description: 'Simple Moving Average',
    inputs: { real: 'close' },
    params: [TIMEPERIOD_30],
    outputs: [{ name: 'real', kind: 'real' }],
    lookback: (p) => p.timeperiod - 1,
    compute(k, [src], p, [dst]) {
      k.exports.sma(src.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
];
