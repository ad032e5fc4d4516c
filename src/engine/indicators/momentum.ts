// TA-Lib group "Momentum Indicators": definitions backed by the kernels in assembly/momentum.ts (APO, PPO and the
// MACD family are in ./momentum-ma.ts). Ranges and defaults are TA-Lib C 0.6's argument checks.
// NaN inputs behave as in TA-Lib: the running sums and Wilder recurrences (RSI, CMO, DM, DI, DX, ADX, ADXR, TRIX,
// ULTOSC, MFI, CCI's window) carry a NaN into every later value (CCI: into every window holding it); the
// highest/lowest scans (WILLR, AROON, AROONOSC, STOCH, STOCHF) skip a NaN unless it starts a rescan; MOM/ROC*
// and BOP are per-bar, so a NaN affects only the values that read it.
import type { IndicatorParamMeta } from '../../shared/engine-api';
import type { F64Buffer, Kernels } from '../../kernels/index';
import type { IndicatorDef, ParamValues } from './types';
import { maLookback, matypeParam, withScratch } from './overlap';

const GROUP = 'Momentum Indicators';
const REAL = [{ name: 'real', kind: 'real' }] as const;
const HL = { prices: ['high', 'low'] } as const;
const HLC = { prices: ['high', 'low', 'close'] } as const;

/** An integer period parameter with TA-Lib's range min..100000. */
const period = (name: string, dflt: number, min: number): IndicatorParamMeta => ({ name, default: dflt, min, max: 100_000, type: 'integer' });

type Run = (k: Kernels, inputs: readonly F64Buffer[], dst: number, n: number, p: ParamValues) => void;

/** A one-output function with a single `timeperiod` parameter. */
function single(name: string, description: string, inputs: IndicatorDef['inputs'], dflt: number, min: number,
  lookback: (p: number) => number, run: Run): IndicatorDef {
  return {
    name,
    group: GROUP,
    description,
    inputs,
    params: [period('timeperiod', dflt, min)],
    outputs: REAL,
    lookback: (p) => lookback(p.timeperiod),
    compute(k, inputs, p, [dst]) {
      run(k, inputs, dst.ptr, dst.length, p);
    },
  };
}

/** Momentum-indicator definitions; outputs equal TA-Lib's functions of the same name. */
export const MOMENTUM_INDICATORS: readonly IndicatorDef[] = [
  // RSI and CMO: default compatibility (no Metastock seeding), unstable period 0.
  single('RSI', 'Relative Strength Index', { real: 'close' }, 14, 2, (p) => p,
    (k, [s], d, n, p) => k.exports.rsi(s.ptr, d, n, p.timeperiod)),
  single('MOM', 'Momentum', { real: 'close' }, 10, 1, (p) => p, (k, [s], d, n, p) => k.exports.mom(s.ptr, d, n, p.timeperiod)),
  // The rates of change are 0 (not ±Infinity/NaN) where the earlier price is exactly 0, as in TA-Lib.
  single('ROC', 'Rate of change : ((price/prevPrice)-1)*100', { real: 'close' }, 10, 1, (p) => p,
    (k, [s], d, n, p) => k.exports.roc(s.ptr, d, n, p.timeperiod)),
  single('ROCP', 'Rate of change Percentage: (price-prevPrice)/prevPrice', { real: 'close' }, 10, 1, (p) => p,
    (k, [s], d, n, p) => k.exports.rocp(s.ptr, d, n, p.timeperiod)),
  single('ROCR', 'Rate of change ratio: (price/prevPrice)', { real: 'close' }, 10, 1, (p) => p,
    (k, [s], d, n, p) => k.exports.rocr(s.ptr, d, n, p.timeperiod)),
  single('ROCR100', 'Rate of change ratio 100 scale: (price/prevPrice)*100', { real: 'close' }, 10, 1, (p) => p,
    (k, [s], d, n, p) => k.exports.rocr100(s.ptr, d, n, p.timeperiod)),
  single('CMO', 'Chande Momentum Oscillator', { real: 'close' }, 14, 2, (p) => p,
    (k, [s], d, n, p) => k.exports.cmo(s.ptr, d, n, p.timeperiod)),
  single('WILLR', "Williams' %R", HLC, 14, 2, (p) => p - 1,
    (k, [h, l, c], d, n, p) => k.exports.willr(h.ptr, l.ptr, c.ptr, d, n, p.timeperiod)),
  single('CCI', 'Commodity Channel Index', HLC, 14, 2, (p) => p - 1, (k, [h, l, c], d, n, p) =>
    // Scratch holds TA-Lib's circular buffer of typical prices (`period` values; n ≥ period when it is used).
    withScratch(k, n, 1, ([tmp]) => k.exports.cci(h.ptr, l.ptr, c.ptr, d, n, p.timeperiod, tmp.ptr))),
  {
    name: 'BOP',
    group: GROUP,
    description: 'Balance Of Power',
    inputs: { prices: ['open', 'high', 'low', 'close'] },
    params: [],
    outputs: REAL,
    lookback: () => 0,
    // 0 where high − low < 1e-14 (TA_IS_ZERO_OR_NEG), as in TA-Lib.
    compute(k, [o, h, l, c], _p, [dst]) {
      k.exports.bop(o.ptr, h.ptr, l.ptr, c.ptr, dst.ptr, dst.length);
    },
  },
  {
    name: 'AROON',
    group: GROUP,
    description: 'Aroon',
    inputs: HL,
    params: [period('timeperiod', 14, 2)],
    outputs: [{ name: 'aroondown', kind: 'real' }, { name: 'aroonup', kind: 'real' }],
    lookback: (p) => p.timeperiod,
    compute(k, [h, l], p, [down, up]) {
      k.exports.aroon(h.ptr, l.ptr, down.ptr, up.ptr, down.length, p.timeperiod);
    },
  },
  single('AROONOSC', 'Aroon Oscillator', HL, 14, 2, (p) => p, (k, [h, l], d, n, p) => k.exports.aroonosc(h.ptr, l.ptr, d, n, p.timeperiod)),
  // TA_MINUS_DM_Lookback/TA_PLUS_DM_Lookback: period − 1, but 1 for period 1 (the raw one-bar DM).
  single('MINUS_DM', 'Minus Directional Movement', HL, 14, 1, (p) => (p > 1 ? p - 1 : 1),
    (k, [h, l], d, n, p) => k.exports.minusDm(h.ptr, l.ptr, d, n, p.timeperiod)),
  single('PLUS_DM', 'Plus Directional Movement', HL, 14, 1, (p) => (p > 1 ? p - 1 : 1),
    (k, [h, l], d, n, p) => k.exports.plusDm(h.ptr, l.ptr, d, n, p.timeperiod)),
  // TA-Lib quirk kept: with period 1 the DIs are the bar's DM/true range as a fraction (no ×100).
  single('MINUS_DI', 'Minus Directional Indicator', HLC, 14, 1, (p) => p,
    (k, [h, l, c], d, n, p) => k.exports.minusDi(h.ptr, l.ptr, c.ptr, d, n, p.timeperiod)),
  single('PLUS_DI', 'Plus Directional Indicator', HLC, 14, 1, (p) => p,
    (k, [h, l, c], d, n, p) => k.exports.plusDi(h.ptr, l.ptr, c.ptr, d, n, p.timeperiod)),
  single('DX', 'Directional Movement Index', HLC, 14, 2, (p) => p,
    (k, [h, l, c], d, n, p) => k.exports.dx(h.ptr, l.ptr, c.ptr, d, n, p.timeperiod)),
  single('ADX', 'Average Directional Movement Index', HLC, 14, 2, (p) => 2 * p - 1,
    (k, [h, l, c], d, n, p) => k.exports.adx(h.ptr, l.ptr, c.ptr, d, n, p.timeperiod)),
  single('ADXR', 'Average Directional Movement Index Rating', HLC, 14, 2, (p) => 3 * p - 2,
    (k, [h, l, c], d, n, p) => k.exports.adxr(h.ptr, l.ptr, c.ptr, d, n, p.timeperiod)),
  // timeperiod starts at 2, not TA-Lib's 1: TA_TRIX_Lookback(1) calls TA_EMA_Lookback(1), which rejects the
  // period with −1, so TA_TRIX(1) reports begIdx 0 and returns values read outside its buffer; nothing to match.
  single('TRIX', '1-day Rate-Of-Change (ROC) of a Triple Smooth EMA', { real: 'close' }, 30, 2, (p) => 3 * (p - 1) + 1,
    (k, [s], d, n, p) => k.exports.trix(s.ptr, d, n, p.timeperiod)),
  {
    name: 'ULTOSC',
    group: GROUP,
    description: 'Ultimate Oscillator',
    inputs: HLC,
    params: [period('timeperiod1', 7, 1), period('timeperiod2', 14, 1), period('timeperiod3', 28, 1)],
    outputs: REAL,
    // TA-Lib sorts the three periods (the shortest weighs 4, the longest 1); the lookback is the longest.
    lookback: (p) => {
      const longest = Math.max(p.timeperiod1, p.timeperiod2, p.timeperiod3);
      // All periods 1: TA_ULTOSC_Lookback is TA_SMA_Lookback(1) + 1 = −1 + 1 = 0 and TA_ULTOSC reads the close
      // before bar 0 (garbage memory); refuse instead.
      if (longest < 2) {
        throw new RangeError(`ULTOSC needs one period ≥ 2, got timeperiod1 ${p.timeperiod1}, timeperiod2 ${p.timeperiod2} and timeperiod3 ${p.timeperiod3}`);
      }
      return longest;
    },
    compute(k, [h, l, c], p, [dst]) {
      k.exports.ultosc(h.ptr, l.ptr, c.ptr, dst.ptr, dst.length, p.timeperiod1, p.timeperiod2, p.timeperiod3);
    },
  },
  single('MFI', 'Money Flow Index', { prices: ['high', 'low', 'close', 'volume'] }, 14, 2, (p) => p,
    (k, [h, l, c, v], d, n, p) => k.exports.mfi(h.ptr, l.ptr, c.ptr, v.ptr, d, n, p.timeperiod)),
  {
    name: 'STOCH',
    group: GROUP,
    description: 'Stochastic',
    inputs: HLC,
    params: [
      period('fastk_period', 5, 1),
      period('slowk_period', 3, 1),
      matypeParam('slowk_matype'),
      period('slowd_period', 3, 1),
      matypeParam('slowd_matype'),
    ],
    outputs: [{ name: 'slowk', kind: 'real' }, { name: 'slowd', kind: 'real' }],
    lookback: (p) => p.fastk_period - 1 + maLookback(p.slowk_period, p.slowk_matype) + maLookback(p.slowd_period, p.slowd_matype),
    compute(k, [h, l, c], p, [sk, sd]) {
      const n = sk.length;
      withScratch(k, 4 * n, 1, ([tmp]) => k.exports.stoch(h.ptr, l.ptr, c.ptr, sk.ptr, sd.ptr, n, p.fastk_period,
        p.slowk_period, p.slowk_matype, p.slowd_period, p.slowd_matype, tmp.ptr));
    },
  },
  {
    name: 'STOCHF',
    group: GROUP,
    description: 'Stochastic Fast',
    inputs: HLC,
    params: [period('fastk_period', 5, 1), period('fastd_period', 3, 1), matypeParam('fastd_matype')],
    outputs: [{ name: 'fastk', kind: 'real' }, { name: 'fastd', kind: 'real' }],
    lookback: (p) => p.fastk_period - 1 + maLookback(p.fastd_period, p.fastd_matype),
    compute(k, [h, l, c], p, [fk, fd]) {
      const n = fk.length;
      withScratch(k, 3 * n, 1, ([tmp]) => k.exports.stochf(h.ptr, l.ptr, c.ptr, fk.ptr, fd.ptr, n, p.fastk_period,
        p.fastd_period, p.fastd_matype, tmp.ptr));
    },
  },
  {
    name: 'STOCHRSI',
    group: GROUP,
    description: 'Stochastic Relative Strength Index',
    inputs: { real: 'close' },
    params: [period('timeperiod', 14, 2), period('fastk_period', 5, 1), period('fastd_period', 3, 1), matypeParam('fastd_matype')],
    outputs: [{ name: 'fastk', kind: 'real' }, { name: 'fastd', kind: 'real' }],
    lookback: (p) => p.timeperiod + p.fastk_period - 1 + maLookback(p.fastd_period, p.fastd_matype),
    compute(k, [s], p, [fk, fd]) {
      const n = fk.length;
      withScratch(k, 4 * n, 1, ([tmp]) => k.exports.stochrsi(s.ptr, fk.ptr, fd.ptr, n, p.timeperiod, p.fastk_period,
        p.fastd_period, p.fastd_matype, tmp.ptr));
    },
  },
];
