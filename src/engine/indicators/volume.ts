// TA-Lib group "Volume Indicators": definitions backed by the kernels in assembly/volume.ts.
// NaN inputs behave as in TA-Lib: AD/ADOSC skip a bar whose high − low is not positive (also NaN) but carry a NaN
// close or volume into every later value; OBV keeps its total on a bar whose price or previous price is NaN, and carries a NaN volume it adds.
import type { IndicatorDef } from './types';

const GROUP = 'Volume Indicators';
const REAL = [{ name: 'real', kind: 'real' }] as const;

/** Volume Indicators definitions; outputs equal TA-Lib's functions of the same name bit for bit. */
export const VOLUME_INDICATORS: readonly IndicatorDef[] = [
  {
    name: 'AD',
    group: GROUP,
    description: 'Chaikin A/D Line',
    inputs: { prices: ['high', 'low', 'close', 'volume'] },
    params: [],
    outputs: REAL,
    lookback: () => 0,
    compute(k, [high, low, close, volume], _p, [dst]) {
      k.exports.ad(high.ptr, low.ptr, close.ptr, volume.ptr, dst.ptr, dst.length);
    },
  },
  {
    name: 'ADOSC',
    group: GROUP,
    description: 'Chaikin A/D Oscillator',
    inputs: { prices: ['high', 'low', 'close', 'volume'] },
    params: [
      { name: 'fastperiod', default: 3, min: 2, max: 100_000, type: 'integer' },
      { name: 'slowperiod', default: 10, min: 2, max: 100_000, type: 'integer' },
    ],
    outputs: REAL,
    // TA_ADOSC_Lookback: TA_EMA_Lookback of the slower period (the EMAs are seeded with the first AD value).
    lookback: (p) => Math.max(p.fastperiod, p.slowperiod) - 1,
    compute(k, [high, low, close, volume], p, [dst]) {
      k.exports.adosc(high.ptr, low.ptr, close.ptr, volume.ptr, dst.ptr, dst.length, p.fastperiod, p.slowperiod);
    },
  },
  {
    name: 'OBV',
    group: GROUP,
    description: 'On Balance Volume',
    inputs: { real: 'close', prices: ['volume'] },
    params: [],
    outputs: REAL,
    lookback: () => 0,
    compute(k, [real, volume], _p, [dst]) {
      k.exports.obv(real.ptr, volume.ptr, dst.ptr, dst.length);
    },
  },
];
