// TA-Lib group "Cycle Indicators": definitions backed by the kernels in assembly/cycle.ts (Hilbert-transform
// machinery in assembly/hilbert-util.ts). Lookbacks are TA-Lib's fixed 32 (HT_DCPERIOD, HT_PHASOR) or 63
// (HT_DCPHASE, HT_SINE, HT_TRENDMODE) with the default unstable period 0. NaN inputs behave as in TA-Lib: the
// smoother and the transforms are recurrences, so a NaN makes every later value NaN (HT_TRENDMODE then reports 1,
// as TA-Lib does, because every comparison with NaN is false). The phase functions use glibc's sin/cos for the
// DFT (assembly/libm.ts): on a flat series TA-Lib's phase is atan of their rounding noise.
import type { IndicatorDef } from './types';

const GROUP = 'Cycle Indicators';
const REAL = [{ name: 'real', kind: 'real' }] as const;

/** Cycle Indicators definitions; outputs equal TA-Lib's functions of the same name. */
export const CYCLE_INDICATORS: readonly IndicatorDef[] = [
  {
    name: 'HT_DCPERIOD',
    group: GROUP,
    description: 'Hilbert Transform - Dominant Cycle Period',
    inputs: { real: 'close' },
    params: [],
    outputs: REAL,
    lookback: () => 32,
    compute(k, [src], _p, [dst]) {
      k.exports.htDcperiod(src.ptr, dst.ptr, dst.length);
    },
  },

  {
    name: 'HT_DCPHASE',
    group: GROUP,
    description: 'Hilbert Transform - Dominant Cycle Phase',
    inputs: { real: 'close' },
    params: [],
    outputs: REAL,
    lookback: () => 63,
    compute(k, [src], _p, [dst]) {
      k.exports.htDcphase(src.ptr, dst.ptr, dst.length);
    },
  },

  {
    name: 'HT_PHASOR',
    group: GROUP,
    description: 'Hilbert Transform - Phasor Components',
    inputs: { real: 'close' },
    params: [],
    outputs: [
      { name: 'inphase', kind: 'real' },
      { name: 'quadrature', kind: 'real' },
    ],
    lookback: () => 32,
    compute(k, [src], _p, [inphase, quadrature]) {
      k.exports.htPhasor(src.ptr, inphase.ptr, quadrature.ptr, inphase.length);
    },
  },

  {
    name: 'HT_SINE',
    group: GROUP,
    description: 'Hilbert Transform - SineWave',
    inputs: { real: 'close' },
    params: [],
    outputs: [
      { name: 'sine', kind: 'real' },
      { name: 'leadsine', kind: 'real' },
    ],
    lookback: () => 63,
    compute(k, [src], _p, [sine, leadsine]) {
      k.exports.htSine(src.ptr, sine.ptr, leadsine.ptr, sine.length);
    },
  },

  {
    name: 'HT_TRENDMODE',
    group: GROUP,
    description: 'Hilbert Transform - Trend vs Cycle Mode',
    inputs: { real: 'close' },
    params: [],
    outputs: [{ name: 'integer', kind: 'integer' }],
    lookback: () => 63,
    compute(k, [src], _p, [dst]) {
      k.exports.htTrendmode(src.ptr, dst.ptr, dst.length);
    },
  },
];
