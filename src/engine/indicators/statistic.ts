// TA-Lib group "Statistic Functions": definitions backed by the kernels in assembly/statistic.ts.
// NaN inputs behave as in TA-Lib: VAR, STDDEV, BETA and CORREL keep running sums, so a NaN makes every later
// value NaN; the LINEARREG family and TSF re-sum each window, so a NaN spoils only the windows containing it.
import type { IndicatorParamMeta } from '../../shared/engine-api';
import type { Kernels } from '../../kernels/index';
import type { IndicatorDef } from './types';

const GROUP = 'Statistic Functions';
const REAL = [{ name: 'real', kind: 'real' }] as const;

/** TA-Lib's optInTimePeriod with the function's default and C argument-check range. */
const timeperiod = (dflt: number, min = 2): IndicatorParamMeta => ({
  name: 'timeperiod',
  default: dflt,
  min,
  max: 100_000,
  type: 'integer',
});
/** TA-Lib's optInNbDev: a real in −3e37..3e37, default 1. */
const NBDEV: IndicatorParamMeta = { name: 'nbdev', default: 1, min: -3e37, max: 3e37, type: 'real' };

type LinregKernel = 'linearreg' | 'linearregSlope' | 'linearregIntercept' | 'linearregAngle' | 'tsf';

/** A LINEARREG-family definition: one input, period 2..100000 (default 14), lookback period − 1. */
function linreg(name: string, description: string, kernel: LinregKernel): IndicatorDef {
  return {
    name,
    group: GROUP,
    description,
    inputs: { real: 'close' },
    params: [timeperiod(14)],
    outputs: REAL,
    lookback: (p) => p.timeperiod - 1,
    compute(k: Kernels, [src], p, [dst]) {
      k.exports[kernel](src.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  };
}

/** Statistic Functions definitions; outputs equal TA-Lib's functions of the same name bit for bit. */
export const STATISTIC_FUNCTIONS: readonly IndicatorDef[] = [
  {
    name: 'STDDEV',
    group: GROUP,
    description: 'Standard Deviation',
    inputs: { real: 'close' },
    params: [timeperiod(5), NBDEV],
    outputs: REAL,
    lookback: (p) => p.timeperiod - 1,
    compute(k, [src], p, [dst]) {
      k.exports.stddev(src.ptr, dst.ptr, dst.length, p.timeperiod, p.nbdev);
    },
  },
  {
    name: 'VAR',
    group: GROUP,
    description: 'Variance',
    inputs: { real: 'close' },
    // TA_VAR accepts period 1 (variance 0) and ignores nbdev, which it still validates.
    params: [timeperiod(5, 1), NBDEV],
    outputs: REAL,
    lookback: (p) => p.timeperiod - 1,
    compute(k, [src], p, [dst]) {
      k.exports.variance(src.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
  linreg('LINEARREG', 'Linear Regression', 'linearreg'),
  linreg('LINEARREG_ANGLE', 'Linear Regression Angle', 'linearregAngle'),
  linreg('LINEARREG_INTERCEPT', 'Linear Regression Intercept', 'linearregIntercept'),
  linreg('LINEARREG_SLOPE', 'Linear Regression Slope', 'linearregSlope'),
  linreg('TSF', 'Time Series Forecast', 'tsf'),
  {
    name: 'BETA',
    group: GROUP,
    description: 'Beta',
    inputs: { real0: 'high', real1: 'low' },
    params: [timeperiod(5, 1)],
    outputs: REAL,
    // TA_BETA_Lookback: period (the first bar only seeds the first return).
    lookback: (p) => p.timeperiod,
    compute(k, [real0, real1], p, [dst]) {
      k.exports.beta(real0.ptr, real1.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
  {
    name: 'CORREL',
    group: GROUP,
    description: "Pearson's Correlation Coefficient (r)",
    inputs: { real0: 'high', real1: 'low' },
    params: [timeperiod(30, 1)],
    outputs: REAL,
    lookback: (p) => p.timeperiod - 1,
    compute(k, [real0, real1], p, [dst]) {
      k.exports.correl(real0.ptr, real1.ptr, dst.ptr, dst.length, p.timeperiod);
    },
  },
];
