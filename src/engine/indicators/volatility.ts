// TA-Lib group "Volatility Indicators": definitions backed by the kernels in assembly/volatility.ts.
// NaN inputs behave as in TA-Lib: Wilder's recurrence carries a NaN true range into every later ATR/NATR value;
// TRANGE ignores a NaN previous close (its comparisons are false) and is NaN for a NaN high or low.
import type { IndicatorDef } from './types';

const GROUP = 'Volatility Indicators';
const REAL = [{ name: 'real', kind: 'real' }] as const;
const HLC = { prices: ['high', 'low', 'close'] } as const;

/** Volatility Indicators definitions; outputs equal TA-Lib's functions of the same name. */
export const VOLATILITY_INDICATORS: readonly IndicatorDef[] = [
  {
    name: 'ATR',
    group: GROUP,
    description: 'Average True Range',
    inputs: HLC,
    // TA_ATR accepts period 1 (it then returns TRANGE).
    params: [{ name: 'timeperiod', default: 14, min: 1, max: 100_000, type: 'integer' }],
    outputs: REAL,
    // TA_ATR_Lookback: period plus the unstable period 0 (period 1 → TRANGE's 1).
    lookback: (p) => p.timeperiod,
    compute(k, [high, low, close], p, [dst]) {
      k.exports.atr(high.ptr, low.ptr, close.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
  {
    name: 'NATR',
    group: GROUP,
    description: 'Normalized Average True Range',
    inputs: HLC,
    // TA_NATR accepts period 1 and then returns TRANGE unnormalized, as TA-Lib does.
    params: [{ name: 'timeperiod', default: 14, min: 1, max: 100_000, type: 'integer' }],
    outputs: REAL,
    lookback: (p) => p.timeperiod,
    compute(k, [high, low, close], p, [dst]) {
      k.exports.natr(high.ptr, low.ptr, close.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
  {
    name: 'TRANGE',
    group: GROUP,
    description: 'True Range',
    inputs: HLC,
    params: [],
    outputs: REAL,
    lookback: () => 1,
    compute(k, [high, low, close], _p, [dst]) {
      k.exports.trange(high.ptr, low.ptr, close.ptr, dst.ptr, dst.length);
    },
  },
];
