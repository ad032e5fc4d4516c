// The three functions TA-Lib 0.6 added last, each in its own TA-Lib group: ACCBANDS (Overlap Studies), IMI
// (Momentum Indicators), AVGDEV (Price Transform); backed by the kernels in assembly/extra.ts. NaN inputs behave as
// in TA-Lib: ACCBANDS' running sums carry a NaN into every later value of the band it feeds; IMI and AVGDEV sum each
// window afresh, so a NaN only spoils the `timeperiod` windows that contain it.
import type { IndicatorParamMeta } from '../../shared/engine-api';
import type { IndicatorDef } from './types';

const REAL = [{ name: 'real', kind: 'real' }] as const;

/** TA-Lib's optInTimePeriod: valid 2..100000 (the C argument checks of all three functions), with its default. */
const timeperiod = (dflt: number): IndicatorParamMeta => ({ name: 'timeperiod', default: dflt, min: 2, max: 100_000, type: 'integer' });

/** ACCBANDS, IMI and AVGDEV definitions; outputs equal TA-Lib's functions of the same name bit for bit. */
export const EXTRA_INDICATORS: readonly IndicatorDef[] = [
  {
    name: 'ACCBANDS',
    group: 'Overlap Studies',
    description: 'Acceleration Bands',
    inputs: { prices: ['high', 'low', 'close'] },
    params: [timeperiod(20)],
    outputs: [{ name: 'upperband', kind: 'real' }, { name: 'middleband', kind: 'real' }, { name: 'lowerband', kind: 'real' }],
    lookback: (p) => p.timeperiod - 1,
    compute(k, [high, low, close], p, [up, mid, lo]) {
      k.exports.accbands(high.ptr, low.ptr, close.ptr, up.ptr, mid.ptr, lo.ptr, up.length, p.timeperiod);
    },
  },
  {
    name: 'IMI',
    group: 'Momentum Indicators',
    description: 'Intraday Momentum Index',
    inputs: { prices: ['open', 'close'] },
    params: [timeperiod(14)],
    outputs: REAL,
    // A window whose bars all have close = open gives NaN (0/0), as in TA-Lib.
    lookback: (p) => p.timeperiod - 1,
    compute(k, [open, close], p, [dst]) {
      k.exports.imi(open.ptr, close.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
  {
    name: 'AVGDEV',
    group: 'Price Transform',
    description: 'Average Deviation',
    inputs: { real: 'close' },
    params: [timeperiod(14)],
    outputs: REAL,
    lookback: (p) => p.timeperiod - 1,
    compute(k, [src], p, [dst]) {
      k.exports.avgdev(src.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
];
