// Shared oracle harness for indicator tests: runs a function through our engine and through the `talib` npm
// package (TA-Lib C 0.6), laid out one value per input row, and compares them with the tolerance.
import { expect } from 'vitest';
import { createRequire } from 'node:module';
import { createEngine } from '../../../src/engine/index';
import { loadKernelsNode } from '../../../src/kernels/node';
import type { EngineApi } from '../../../src/shared/engine-api';
import type { PriceField } from '../../../src/shared/types';

/** What `talib.explain(name)` reports: TA-Lib's abstract-API description of one function (C names). */
export interface TalibExplain {
  name: string;
  group: string;
  /** One-line description, e.g. 'Simple Moving Average' (a few end in a stray space, as in TA-Lib's tables). */
  hint: string;
  inputs: { name: string; type: string; flags?: Record<string, string> }[];
  optInputs: { name: string; defaultValue: number; type: string }[];
  outputs: { name: string; type: string }[];
}
interface Talib {
  explain(name: string): TalibExplain;
  execute(o: Record<string, unknown>): { begIndex: number; nbElement: number; result: Record<string, number[]> };
  functions: { name: string; group: string }[];
}

/** The `talib` npm binding (TA-Lib C 0.6 built from source): the test oracle. */
export const talib = createRequire(import.meta.url)('talib') as Talib;

/** OHLCV columns as our engine takes them. */
export type Ohlcv = Record<PriceField, Float64Array>;

let enginePromise: Promise<EngineApi> | null = null;
/** The engine over the Node-loaded kernels, created once per test file. */
export function engine(): Promise<EngineApi> {
  enginePromise ??= loadKernelsNode().then(createEngine);
  return enginePromise;
}

/** TA-Lib Python name of an optional input: optInTimePeriod → timeperiod, optInFastK_Period → fastk_period. */
export const pyParam = (optIn: string) => optIn.slice(5).toLowerCase();
/** TA-Lib Python name of a series input: inReal → real, inReal0 → real0, inPeriods → periods (price inputs are 'prices'). */
export const pyInput = (inp: { name: string; type: string }) => (inp.type === 'price' ? 'prices' : inp.name.slice(2).toLowerCase());
/** TA-Lib Python name of an output: outReal → real, outRealUpperBand → upperband, outMACDSignal → macdsignal. */
export const pyOutput = (out: string) => {
  const s = out.slice(3);
  return (s.startsWith('Real') && s.length > 4 ? s.slice(4) : s).toLowerCase();
};

/**
 * Runs TA-Lib's function `name` on OHLCV columns (real inputs read `realFields`, default close; BETA/CORREL high, low)
 * with Python-named params; returns outputs by Python name, NaN before begIndex, plus the first valid index.
 */
export function runTalib(
  name: string,
  cols: Ohlcv,
  params: Record<string, number> = {},
  realFields?: Record<string, PriceField | Float64Array>,
): { outputs: Record<string, Float64Array>; begIndex: number } {
  const ex = talib.explain(name);
  const n = cols.close.length;
  const args: Record<string, unknown> = { name, startIdx: 0, endIdx: n - 1 };
  const defaults: Record<string, PriceField> = { inReal: 'close', inReal0: 'high', inReal1: 'low' };
  for (const inp of ex.inputs) {
    if (inp.type === 'price') {
      for (const f of Object.values(inp.flags ?? {})) args[f] = Array.from(cols[f as PriceField]);
    } else {
      const py = pyInput(inp);
      const src = realFields?.[py] ?? defaults[inp.name] ?? 'close';
      args[inp.name] = Array.from(typeof src === 'string' ? cols[src] : src);
    }
  }
  for (const o of ex.optInputs) {
    const v = params[pyParam(o.name)];
    args[o.name] = v ?? o.defaultValue;
  }
  const r = talib.execute(args);
  const outputs: Record<string, Float64Array> = {};
  for (const o of ex.outputs) {
    const arr = new Float64Array(n).fill(NaN);
    const vals = r.result[o.name] ?? [];
    for (let i = 0; i < r.nbElement; i++) arr[r.begIndex + i] = vals[i];
    outputs[pyOutput(o.name)] = arr;
  }
  return { outputs, begIndex: r.nbElement > 0 ? r.begIndex : n };
}

/**
 * Asserts our engine equals TA-Lib for `name` on `cols` with `params`: identical lookback and first valid index,
 * |Δ| ≤ 1e-9·max(1,|ref|) for real outputs, exact equality for integer outputs, NaN exactly where TA-Lib has none.
 */
export async function expectMatchesTalib(
  name: string,
  cols: Ohlcv,
  params: Record<string, number> = {},
  inputs?: Record<string, PriceField | PriceField[]>,
): Promise<void> {
  const eng = await engine();
  const ours = eng.indicator({ fn: name, params, inputs }, cols);
  const realFields = inputs ? Object.fromEntries(Object.entries(inputs).filter(([, v]) => typeof v === 'string')) as Record<string, PriceField> : undefined;
  const ref = runTalib(name, cols, params, realFields);
  const ex = talib.explain(name);
  const n = cols.close.length;
  const where = `${name}(${JSON.stringify(params)}) n=${n}`;
  if (ref.begIndex < n) expect(ours.lookback, `${where} lookback`).toBe(ref.begIndex);
  for (const o of ex.outputs) {
    const key = pyOutput(o.name);
    const got = ours.outputs[key];
    expect(got, `${where} output ${key}`).toBeDefined();
    expectSeriesMatch(`${where} ${key}`, got, ref.outputs[key], o.type === 'integer' ? 'integer' : 'real');
  }
}

/**
 * Asserts `got` equals TA-Lib's `want` row by row: NaN exactly where TA-Lib has NaN, equal values (including equal
 * infinities, where |Δ| would be NaN) and otherwise |Δ| ≤ 1e-9·max(1,|ref|) for real outputs, exact equality for
 * integer outputs.
 */
export function expectSeriesMatch(where: string, got: ArrayLike<number>, want: ArrayLike<number>, kind: 'real' | 'integer'): void {
  expect(got.length, `${where} length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const g = got[i];
    if (Number.isNaN(w)) {
      if (!Number.isNaN(g)) expect.fail(`${where}[${i}]: expected NaN, got ${g}`);
    } else if (kind === 'integer') {
      if (g !== w) expect.fail(`${where}[${i}]: expected ${w}, got ${g}`);
    } else if (!(g === w || Math.abs(g - w) <= 1e-9 * Math.max(1, Math.abs(w)))) {
      expect.fail(`${where}[${i}]: expected ${w}, got ${g} (|Δ|=${Math.abs(g - w)})`);
    }
  }
}

/** Seeded LCG in [0,1). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A seeded random-walk OHLCV series with valid bars (low ≤ open, close ≤ high) and positive volume. */
export function randomOhlcv(n: number, seed: number, start = 100, vol = 0.02): Ohlcv {
  const r = lcg(seed);
  const c: Ohlcv = { open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  let p = start;
  for (let i = 0; i < n; i++) {
    const o = p * (1 + (r() - 0.5) * vol * 0.5);
    const cl = o * Math.exp((r() - 0.5) * 2 * vol);
    c.open[i] = o;
    c.close[i] = cl;
    c.high[i] = Math.max(o, cl) * (1 + r() * vol);
    c.low[i] = Math.min(o, cl) * (1 - r() * vol);
    c.volume[i] = Math.round(1e5 + r() * 1e6);
    p = cl;
  }
  return c;
}

/** Adversarial OHLCV series: flat runs, spikes, huge and tiny magnitudes, alternating signs of change. */
export function adversarialOhlcv(n = 400): Record<string, Ohlcv> {
  const mk = (f: (i: number) => number): Ohlcv => {
    const close = Float64Array.from({ length: n }, (_, i) => f(i));
    const open = Float64Array.from({ length: n }, (_, i) => (i ? close[i - 1] : close[0]));
    return {
      open,
      close,
      high: Float64Array.from({ length: n }, (_, i) => Math.max(open[i], close[i]) * (i % 3 ? 1.001 : 1)),
      low: Float64Array.from({ length: n }, (_, i) => Math.min(open[i], close[i]) * (i % 4 ? 0.999 : 1)),
      volume: Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : 1000 + i)),
    };
  };
  return {
    flat: mk(() => 42),
    flatThenMoves: mk((i) => (i < n / 2 ? 50 : 50 + Math.sin(i) * 3)),
    spikes: mk((i) => (i % 37 === 0 ? 1e4 : 10 + (i % 7))),
    huge: mk((i) => 1e9 + Math.sin(i / 5) * 1e7),
    tiny: mk((i) => 1e-6 * (2 + Math.sin(i / 3))),
    zigzag: mk((i) => 100 + (i % 2 ? 1 : -1) * (i % 11)),
  };
}
