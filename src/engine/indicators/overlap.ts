// TA-Lib group "Overlap Studies": definitions backed by the kernels in assembly/overlap.ts and assembly/ma.ts.
// NaN inputs behave as in TA-Lib: the running sums and recurrences carry a NaN into every later value.
import type { IndicatorParamMeta } from '../../shared/engine-api';
import type { F64Buffer, Kernels } from '../../kernels/index';
import type { IndicatorDef, ParamValues } from './types';

const GROUP = 'Overlap Studies';
const REAL = [{ name: 'real', kind: 'real' }] as const;

/** TA-Lib's optInTimePeriod: valid 2..100000 (the C argument checks), with the function's default. */
const timeperiod = (dflt: number): IndicatorParamMeta => ({ name: 'timeperiod', default: dflt, min: 2, max: 100_000, type: 'integer' });
/** TA-Lib's optInTimePeriod for SMA/EMA: default 30, valid 2..100000 (TA_SMA/TA_EMA argument checks). */
const TIMEPERIOD_30 = timeperiod(30);
/** An optInMAType parameter (TA_MAType 0..8), default SMA. */
export const matypeParam = (name = 'matype'): IndicatorParamMeta => ({ name, default: 0, min: 0, max: 8, type: 'matype' });

/** TA_MA_Lookback: 0 for period ≤ 1 (copy), else the lookback of the chosen average (MAMA 32, T3 6·(p−1)…). */
export function maLookback(period: number, matype: number): number {
  if (period <= 1) return 0;
  switch (matype) {
    case 3: return 2 * (period - 1);
    case 4: return 3 * (period - 1);
    case 6: return period;
    case 7: return 32;
    case 8: return 6 * (period - 1);
    default: return period - 1;
  }
}

/** Runs `body` with `count` scratch blocks of n f64 in WASM memory, freed afterwards (the heap never grows). */
export function withScratch<T>(k: Kernels, n: number, count: number, body: (blocks: F64Buffer[]) => T): T {
  const blocks: F64Buffer[] = [];
  try {
    for (let i = 0; i < count; i++) blocks.push(k.alloc(n));
    return body(blocks);
  } finally {
    for (const b of blocks) b.free();
  }
}

/** A single-input, single-output moving average with one period parameter. */
function periodMa(name: string, description: string, dflt: number, lookback: (p: number) => number,
  run: (k: Kernels, src: number, dst: number, n: number, p: ParamValues) => void, extra: IndicatorParamMeta[] = []): IndicatorDef {
  return {
    name,
    group: GROUP,
    description,
    inputs: { real: 'close' },
    params: [dflt === 30 ? TIMEPERIOD_30 : timeperiod(dflt), ...extra],
    outputs: REAL,
    lookback: (p) => lookback(p.timeperiod),
    compute(k, [src], p, [dst]) {
      run(k, src.ptr, dst.ptr, dst.length, p);
    },
  };
}

/** Overlap-study definitions; outputs equal TA-Lib's functions of the same name bit for bit. */
export const OVERLAP_STUDIES: readonly IndicatorDef[] = [
  {
    name: 'EMA',
    group: GROUP,
    description: 'Exponential Moving Average',
    inputs: { real: 'close' },
    params: [TIMEPERIOD_30],
    outputs: REAL,
    // TA_EMA_Lookback: period − 1 plus the unstable period, which is 0 by default.
    lookback: (p) => p.timeperiod - 1,
    compute(k, [src], p, [dst]) {
      k.exports.ema(src.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
  {
    name: 'SMA',
    group: GROUP,
    description: 'Simple Moving Average',
    inputs: { real: 'close' },
    params: [TIMEPERIOD_30],
    outputs: REAL,
    lookback: (p) => p.timeperiod - 1,
    compute(k, [src], p, [dst]) {
      k.exports.sma(src.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
  periodMa('WMA', 'Weighted Moving Average', 30, (p) => p - 1, (k, s, d, n, p) => k.exports.wma(s, d, n, p.timeperiod)),
  periodMa('DEMA', 'Double Exponential Moving Average', 30, (p) => 2 * (p - 1), (k, s, d, n, p) => k.exports.dema(s, d, n, p.timeperiod)),
  periodMa('TEMA', 'Triple Exponential Moving Average', 30, (p) => 3 * (p - 1), (k, s, d, n, p) => k.exports.tema(s, d, n, p.timeperiod)),
  periodMa('TRIMA', 'Triangular Moving Average', 30, (p) => p - 1, (k, s, d, n, p) => k.exports.trima(s, d, n, p.timeperiod)),
  // TA_KAMA_Lookback: period (one extra bar for the first price change) plus the unstable period 0.
  periodMa('KAMA', 'Kaufman Adaptive Moving Average', 30, (p) => p, (k, s, d, n, p) => k.exports.kama(s, d, n, p.timeperiod)),
  periodMa('T3', 'Triple Exponential Moving Average (T3)', 5, (p) => 6 * (p - 1), (k, s, d, n, p) => k.exports.t3(s, d, n, p.timeperiod, p.vfactor),
    [{ name: 'vfactor', default: 0.7, min: 0, max: 1, type: 'real' }]),
  {
    name: 'MA',
    group: GROUP,
    description: 'Moving average',
    inputs: { real: 'close' },
    // TA_MA accepts period 1 (it then copies its input, whatever the type).
    params: [{ name: 'timeperiod', default: 30, min: 1, max: 100_000, type: 'integer' }, matypeParam()],
    outputs: REAL,
    lookback: (p) => maLookback(p.timeperiod, p.matype),
    compute(k, [src], p, [dst]) {
      const n = dst.length;
      withScratch(k, 3 * n, 1, ([tmp]) => k.exports.ma(src.ptr, dst.ptr, n, p.timeperiod, p.matype, tmp.ptr));
    },
  },
  {
    name: 'MAMA',
    group: GROUP,
    description: 'MESA Adaptive Moving Average',
    inputs: { real: 'close' },
    params: [
      { name: 'fastlimit', default: 0.5, min: 0.01, max: 0.99, type: 'real' },
      { name: 'slowlimit', default: 0.05, min: 0.01, max: 0.99, type: 'real' },
    ],
    outputs: [{ name: 'mama', kind: 'real' }, { name: 'fama', kind: 'real' }],
    // TA_MAMA_Lookback: a fixed 32 plus the unstable period 0; the limits do not change it.
    lookback: () => 32,
    compute(k, [src], p, [mama, fama]) {
      k.exports.mama(src.ptr, mama.ptr, fama.ptr, mama.length, p.fastlimit, p.slowlimit);
    },
  },
  {
    name: 'BBANDS',
    group: GROUP,
    description: 'Bollinger Bands',
    inputs: { real: 'close' },
    params: [
      timeperiod(5),
      { name: 'nbdevup', default: 2, min: -3e37, max: 3e37, type: 'real' },
      { name: 'nbdevdn', default: 2, min: -3e37, max: 3e37, type: 'real' },
      matypeParam(),
    ],
    outputs: [{ name: 'upperband', kind: 'real' }, { name: 'middleband', kind: 'real' }, { name: 'lowerband', kind: 'real' }],
    // Where TA_BBANDS really starts: TA_MA's lookback, or period − 1 when that is larger (MAMA, period > 33).
    lookback: (p) => Math.max(maLookback(p.timeperiod, p.matype), p.timeperiod - 1),
    compute(k, [src], p, [up, mid, lo]) {
      const n = up.length;
      withScratch(k, 3 * n, 1, ([tmp]) =>
        k.exports.bbands(src.ptr, up.ptr, mid.ptr, lo.ptr, n, p.timeperiod, p.nbdevup, p.nbdevdn, p.matype, tmp.ptr));
    },
  },
  periodMa('MIDPOINT', 'MidPoint over period', 14, (p) => p - 1, (k, s, d, n, p) => k.exports.midpoint(s, d, n, p.timeperiod)),
  {
    name: 'MIDPRICE',
    group: GROUP,
    description: 'Midpoint Price over period',
    inputs: { prices: ['high', 'low'] },
    params: [timeperiod(14)],
    outputs: REAL,
    lookback: (p) => p.timeperiod - 1,
    compute(k, [high, low], p, [dst]) {
      k.exports.midprice(high.ptr, low.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
  {
    name: 'SAR',
    group: GROUP,
    description: 'Parabolic SAR',
    inputs: { prices: ['high', 'low'] },
    params: [
      { name: 'acceleration', default: 0.02, min: 0, max: 3e37, type: 'real' },
      { name: 'maximum', default: 0.2, min: 0, max: 3e37, type: 'real' },
    ],
    outputs: REAL,
    lookback: () => 1,
    compute(k, [high, low], p, [dst]) {
      k.exports.sar(high.ptr, low.ptr, dst.ptr, dst.length, p.acceleration, p.maximum);
    },
  },
  {
    name: 'SAREXT',
    group: GROUP,
    description: 'Parabolic SAR - Extended',
    inputs: { prices: ['high', 'low'] },
    params: [
      { name: 'startvalue', default: 0, min: -3e37, max: 3e37, type: 'real' },
      { name: 'offsetonreverse', default: 0, min: 0, max: 3e37, type: 'real' },
      { name: 'accelerationinitlong', default: 0.02, min: 0, max: 3e37, type: 'real' },
      { name: 'accelerationlong', default: 0.02, min: 0, max: 3e37, type: 'real' },
      { name: 'accelerationmaxlong', default: 0.2, min: 0, max: 3e37, type: 'real' },
      { name: 'accelerationinitshort', default: 0.02, min: 0, max: 3e37, type: 'real' },
      { name: 'accelerationshort', default: 0.02, min: 0, max: 3e37, type: 'real' },
      { name: 'accelerationmaxshort', default: 0.2, min: 0, max: 3e37, type: 'real' },
    ],
    outputs: REAL,
    lookback: () => 1,
    // Short positions come out negative (TA-Lib's convention for SAREXT).
    compute(k, [high, low], p, [dst]) {
      k.exports.sarext(high.ptr, low.ptr, dst.ptr, dst.length, p.startvalue, p.offsetonreverse,
        p.accelerationinitlong, p.accelerationlong, p.accelerationmaxlong,
        p.accelerationinitshort, p.accelerationshort, p.accelerationmaxshort);
    },
  },
  {
    name: 'MAVP',
    group: GROUP,
    description: 'Moving average with variable period',
    // TA-Lib's second real input holds each bar's period. It has no price default in TA-Lib's abstract API;
    // here it defaults to close (so with prices above maxperiod every bar uses maxperiod): map it to the
    // column that holds the periods, e.g. { periods: 'volume' }.
    inputs: { real: 'close', periods: 'close' },
    params: [
      { name: 'minperiod', default: 2, min: 2, max: 100_000, type: 'integer' },
      { name: 'maxperiod', default: 30, min: 2, max: 100_000, type: 'integer' },
      matypeParam(),
    ],
    outputs: REAL,
    lookback: (p) => {
      // TA-Lib leaves MA values unwritten (garbage) when minperiod > maxperiod; refuse instead.
      if (p.minperiod > p.maxperiod) {
        throw new RangeError(`MAVP minperiod must be ≤ maxperiod, got minperiod ${p.minperiod} and maxperiod ${p.maxperiod}`);
      }
      return maLookback(p.maxperiod, p.matype);
    },
    compute(k, [src, periods], p, [dst]) {
      const n = dst.length;
      withScratch(k, 4 * n, 1, ([tmp]) =>
        k.exports.mavp(src.ptr, periods.ptr, dst.ptr, n, p.minperiod, p.maxperiod, p.matype, tmp.ptr));
    },
  },
  {
    name: 'HT_TRENDLINE',
    group: GROUP,
    description: 'Hilbert Transform - Instantaneous Trendline',
    inputs: { real: 'close' },
    params: [],
    outputs: REAL,
    // TA_HT_TRENDLINE_Lookback: a fixed 63 plus the unstable period 0.
    lookback: () => 63,
    compute(k, [src], _p, [dst]) {
      k.exports.htTrendline(src.ptr, dst.ptr, dst.length);
    },
  },
];
