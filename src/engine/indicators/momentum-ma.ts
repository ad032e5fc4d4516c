// TA-Lib "Momentum Indicators" built on moving averages (APO, PPO, MACD, MACDEXT, MACDFIX), backed by the
// kernels in assembly/ma.ts (they need TA_MA's start-index behaviour, which lives there).
// NaN inputs behave as in TA-Lib: the EMA/MA recurrences carry a NaN into every later value.
import type { IndicatorParamMeta } from '../../shared/engine-api';
import type { IndicatorDef } from './types';
import { maLookback, matypeParam, withScratch } from './overlap';

const GROUP = 'Momentum Indicators';
const period = (name: string, dflt: number, min = 2): IndicatorParamMeta => ({ name, default: dflt, min, max: 100_000, type: 'integer' });
const MACD_OUTPUTS = [
  { name: 'macd', kind: 'real' },
  { name: 'macdsignal', kind: 'real' },
  { name: 'macdhist', kind: 'real' },
] as const;

/** APO/PPO definition: fast/slow periods and one MA type (TA_APO/TA_PPO argument ranges). */
function oscillator(name: 'APO' | 'PPO', description: string): IndicatorDef {
  return {
    name,
    group: GROUP,
    description,
    inputs: { real: 'close' },
    params: [period('fastperiod', 12), period('slowperiod', 26), matypeParam()],
    outputs: [{ name: 'real', kind: 'real' }],
    lookback: (p) => maLookback(Math.max(p.fastperiod, p.slowperiod), p.matype),
    compute(k, [src], p, [dst]) {
      const n = dst.length;
      const kernel = name === 'APO' ? k.exports.apo : k.exports.ppo;
      withScratch(k, 3 * n, 1, ([tmp]) => kernel(src.ptr, dst.ptr, n, p.fastperiod, p.slowperiod, p.matype, tmp.ptr));
    },
  };
}

/** APO, PPO, MACD, MACDEXT, MACDFIX; outputs equal TA-Lib's functions of the same name. */
export const MOMENTUM_MA_INDICATORS: readonly IndicatorDef[] = [
  oscillator('APO', 'Absolute Price Oscillator'),
  // PPO is 0 where the slow MA is within 1e-14 of zero (TA-Lib's TA_IS_ZERO guard).
  oscillator('PPO', 'Percentage Price Oscillator'),
  {
    name: 'MACD',
    group: GROUP,
    description: 'Moving Average Convergence/Divergence',
    inputs: { real: 'close' },
    // signalperiod starts at 2, not TA-Lib's 1: TA_EMA_Lookback(1) is −1, so TA_MACD(signal 1) reads one slot
    // before its own buffer (its first value is garbage memory) and shifts the signal line; no result to match.
    params: [period('fastperiod', 12), period('slowperiod', 26), period('signalperiod', 9)],
    outputs: MACD_OUTPUTS,
    // TA_MACD_Lookback: slow (after swapping, the larger period) EMA lookback + signal EMA lookback.
    lookback: (p) => Math.max(p.fastperiod, p.slowperiod) - 1 + p.signalperiod - 1,
    compute(k, [src], p, [m, s, h]) {
      const n = m.length;
      withScratch(k, n, 1, ([tmp]) =>
        k.exports.macd(src.ptr, m.ptr, s.ptr, h.ptr, n, p.fastperiod, p.slowperiod, p.signalperiod, tmp.ptr));
    },
  },
  {
    name: 'MACDEXT',
    group: GROUP,
    description: 'MACD with controllable MA type',
    inputs: { real: 'close' },
    params: [
      period('fastperiod', 12), matypeParam('fastmatype'),
      period('slowperiod', 26), matypeParam('slowmatype'),
      period('signalperiod', 9, 1), matypeParam('signalmatype'),
    ],
    outputs: MACD_OUTPUTS,
    lookback: (p) =>
      Math.max(maLookback(p.fastperiod, p.fastmatype), maLookback(p.slowperiod, p.slowmatype)) +
      maLookback(p.signalperiod, p.signalmatype),
    compute(k, [src], p, [m, s, h]) {
      const n = m.length;
      withScratch(k, 3 * n, 1, ([tmp]) =>
        k.exports.macdext(src.ptr, m.ptr, s.ptr, h.ptr, n, p.fastperiod, p.fastmatype, p.slowperiod, p.slowmatype,
          p.signalperiod, p.signalmatype, tmp.ptr));
    },
  },
  {
    name: 'MACDFIX',
    group: GROUP,
    description: 'Moving Average Convergence/Divergence Fix 12/26',
    inputs: { real: 'close' },
    // signalperiod ≥ 2 for the same reason as MACD (TA-Lib's signal 1 reads outside its buffer).
    params: [period('signalperiod', 9)],
    outputs: MACD_OUTPUTS,
    // TA_MACDFIX_Lookback: EMA(26) lookback 25 + signal lookback.
    lookback: (p) => 25 + p.signalperiod - 1,
    compute(k, [src], p, [m, s, h]) {
      const n = m.length;
      withScratch(k, n, 1, ([tmp]) => k.exports.macdfix(src.ptr, m.ptr, s.ptr, h.ptr, n, p.signalperiod, tmp.ptr));
    },
  },
];
