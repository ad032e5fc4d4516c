// TA-Lib groups "Math Transform" and "Math Operators". These are element-wise maps or simple window scans, so they
// run as plain TypeScript over the WASM-resident buffers (no kernel call: a JS loop is as fast for a map, and the
// scans follow TA-Lib's C loops line by line, which keeps tie-breaking and NaN behaviour identical).
// NaN inputs: element-wise functions give NaN at that row only; SUM's running total stays NaN from the first NaN on
// (as TA_SUM); MAX/MIN/…INDEX compare like TA-Lib, so a NaN inside the window is skipped while a number is held, but
// a NaN that starts a rescan of the window (its oldest value) is held as the extreme until it leaves the window.
import type { IndicatorParamMeta } from '../../shared/engine-api';
import type { F64Buffer } from '../../kernels/index';
import type { IndicatorDef } from './types';

const TRANSFORM = 'Math Transform';
const OPERATORS = 'Math Operators';
const REAL = [{ name: 'real', kind: 'real' }] as const;
/** TA-Lib's optInTimePeriod for MAX/MIN/SUM…: default 30, valid 2..100000 (the C argument checks). */
const TIMEPERIOD: IndicatorParamMeta = { name: 'timeperiod', default: 30, min: 2, max: 100_000, type: 'integer' };

/** An element-wise Math Transform: out[i] = f(in[i]), lookback 0 (TA-Lib applies the C library function). */
function transform(name: string, description: string, f: (x: number) => number): IndicatorDef {
  return {
    name,
    group: TRANSFORM,
    description,
    inputs: { real: 'close' },
    params: [],
    outputs: REAL,
    lookback: () => 0,
    compute(_k, [src], _p, [dst]) {
      const x = src.view();
      const y = dst.view();
      for (let i = 0; i < y.length; i++) y[i] = f(x[i]);
    },
  };
}

/**
 * A two-series Math Operator, out[i] = f(real0[i], real1[i]), lookback 0. The inputs default to high and low, as in
 * TA-Lib's Python abstract API (and as for BETA/CORREL).
 */
function operator(name: string, description: string, f: (a: number, b: number) => number): IndicatorDef {
  return {
    name,
    group: OPERATORS,
    description,
    inputs: { real0: 'high', real1: 'low' },
    params: [],
    outputs: REAL,
    lookback: () => 0,
    compute(_k, [a, b], _p, [dst]) {
      const x = a.view();
      const z = b.view();
      const y = dst.view();
      for (let i = 0; i < y.length; i++) y[i] = f(x[i], z[i]);
    },
  };
}

/**
 * TA-Lib's highest/lowest tracking (TA_MAX, TA_MIN, TA_MINMAX…): keeps the extreme's index; when it leaves the window,
 * rescans the window keeping the first strictly better value; otherwise a new value that ties or beats it takes over
 * (so ties go to the rescan's earliest index, or to the newest value). `highest` picks max (else min).
 * Calls emit(today, extremeIndex) for every today ≥ period − 1.
 */
function track(x: Float64Array, period: number, highest: boolean, emit: (today: number, idx: number) => void): void {
  let idx = -1;
  let ext = 0;
  for (let today = period - 1, trailing = 0; today < x.length; today++, trailing++) {
    const v = x[today];
    if (idx < trailing) {
      idx = trailing;
      ext = x[idx];
      for (let i = idx + 1; i <= today; i++) {
        if (highest ? x[i] > ext : x[i] < ext) {
          idx = i;
          ext = x[i];
        }
      }
    } else if (highest ? v >= ext : v <= ext) {
      idx = today;
      ext = v;
    }
    emit(today, idx);
  }
}

const gt = true;
const lt = false;

/** A windowed scan over `real` (close by default) with TA-Lib's timeperiod; lookback period − 1. */
function scan(
  name: string,
  description: string,
  outputs: IndicatorDef['outputs'],
  run: (x: Float64Array, period: number, outs: Float64Array[]) => void,
): IndicatorDef {
  return {
    name,
    group: OPERATORS,
    description,
    inputs: { real: 'close' },
    params: [TIMEPERIOD],
    outputs,
    lookback: (p) => p.timeperiod - 1,
    compute(_k, [src], p, dsts: readonly F64Buffer[]) {
      const outs = dsts.map((d) => d.view());
      const warm = Math.min(p.timeperiod - 1, src.length);
      for (const o of outs) o.fill(NaN, 0, warm);
      run(src.view(), p.timeperiod, outs);
    },
  };
}

/** Math Transform and Math Operators definitions; outputs equal TA-Lib's functions of the same name. */
export const MATH_FUNCTIONS: readonly IndicatorDef[] = [
  transform('ACOS', 'Vector Trigonometric ACos', Math.acos),
  transform('ASIN', 'Vector Trigonometric ASin', Math.asin),
  transform('ATAN', 'Vector Trigonometric ATan', Math.atan),
  transform('CEIL', 'Vector Ceil', Math.ceil),
  transform('COS', 'Vector Trigonometric Cos', Math.cos),
  transform('COSH', 'Vector Trigonometric Cosh', Math.cosh),
  transform('EXP', 'Vector Arithmetic Exp', Math.exp),
  transform('FLOOR', 'Vector Floor', Math.floor),
  transform('LN', 'Vector Log Natural', Math.log),
  transform('LOG10', 'Vector Log10', Math.log10),
  transform('SIN', 'Vector Trigonometric Sin', Math.sin),
  transform('SINH', 'Vector Trigonometric Sinh', Math.sinh),
  transform('SQRT', 'Vector Square Root', Math.sqrt),
  transform('TAN', 'Vector Trigonometric Tan', Math.tan),
  transform('TANH', 'Vector Trigonometric Tanh', Math.tanh),
  operator('ADD', 'Vector Arithmetic Add', (a, b) => a + b),
  operator('SUB', 'Vector Arithmetic Substraction', (a, b) => a - b),
  operator('MULT', 'Vector Arithmetic Mult', (a, b) => a * b),
  operator('DIV', 'Vector Arithmetic Div', (a, b) => a / b),
  scan('MAX', 'Highest value over a specified period', REAL, (x, p, [y]) => track(x, p, gt, (t, i) => (y[t] = x[i]))),
  scan('MIN', 'Lowest value over a specified period', REAL, (x, p, [y]) => track(x, p, lt, (t, i) => (y[t] = x[i]))),
  // Absolute input indexes (TA-Lib 0.6 reports the row number in the whole input, not within the window).
  scan('MAXINDEX', 'Index of highest value over a specified period', [{ name: 'integer', kind: 'integer' }], (x, p, [y]) =>
    track(x, p, gt, (t, i) => (y[t] = i)),
  ),
  scan('MININDEX', 'Index of lowest value over a specified period', [{ name: 'integer', kind: 'integer' }], (x, p, [y]) =>
    track(x, p, lt, (t, i) => (y[t] = i)),
  ),
  scan(
    'MINMAX',
    'Lowest and highest values over a specified period',
    [
      { name: 'min', kind: 'real' },
      { name: 'max', kind: 'real' },
    ],
    (x, p, [lo, hi]) => {
      track(x, p, gt, (t, i) => (hi[t] = x[i]));
      track(x, p, lt, (t, i) => (lo[t] = x[i]));
    },
  ),
  scan(
    'MINMAXINDEX',
    'Indexes of lowest and highest values over a specified period',
    [
      { name: 'minidx', kind: 'integer' },
      { name: 'maxidx', kind: 'integer' },
    ],
    (x, p, [lo, hi]) => {
      track(x, p, gt, (t, i) => (hi[t] = i));
      track(x, p, lt, (t, i) => (lo[t] = i));
    },
  ),
  // TA_SUM: a running total; each output is taken after adding the newest value and before removing the oldest.
  scan('SUM', 'Summation', REAL, (x, p, [y]) => {
    let total = 0;
    for (let i = 0; i < p - 1 && i < x.length; i++) total += x[i];
    for (let i = p - 1, trailing = 0; i < x.length; i++, trailing++) {
      total += x[i];
      y[i] = total;
      total -= x[trailing];
    }
  }),
];
