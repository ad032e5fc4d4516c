// TA-Lib group "Price Transform": definitions backed by the kernels in assembly/price.ts. No warm-up; a NaN
// field gives NaN on that bar only.
import type { IndicatorDef } from './types';

const GROUP = 'Price Transform';
const REAL = [{ name: 'real', kind: 'real' }] as const;

/** Price Transform definitions; outputs equal TA-Lib's functions of the same name bit for bit. */
export const PRICE_TRANSFORM: readonly IndicatorDef[] = [
  {
    name: 'AVGPRICE',
    group: GROUP,
    description: 'Average Price',
    inputs: { prices: ['open', 'high', 'low', 'close'] },
    params: [],
    outputs: REAL,
    lookback: () => 0,
    compute(k, [open, high, low, close], _p, [dst]) {
      k.exports.avgprice(open.ptr, high.ptr, low.ptr, close.ptr, dst.ptr, dst.length);
    },
  },
  {
    name: 'MEDPRICE',
    group: GROUP,
    description: 'Median Price',
    inputs: { prices: ['high', 'low'] },
    params: [],
    outputs: REAL,
    lookback: () => 0,
    compute(k, [high, low], _p, [dst]) {
      k.exports.medprice(high.ptr, low.ptr, dst.ptr, dst.length);
    },
  },
  {
    name: 'TYPPRICE',
    group: GROUP,
    description: 'Typical Price',
    inputs: { prices: ['high', 'low', 'close'] },
    params: [],
    outputs: REAL,
    lookback: () => 0,
    compute(k, [high, low, close], _p, [dst]) {
      k.exports.typprice(high.ptr, low.ptr, close.ptr, dst.ptr, dst.length);
    },
  },
  {
    name: 'WCLPRICE',
    group: GROUP,
    description: 'Weighted Close Price',
    inputs: { prices: ['high', 'low', 'close'] },
    params: [],
    outputs: REAL,
    lookback: () => 0,
    compute(k, [high, low, close], _p, [dst]) {
      k.exports.wclprice(high.ptr, low.ptr, close.ptr, dst.ptr, dst.length);
    },
  },
];
