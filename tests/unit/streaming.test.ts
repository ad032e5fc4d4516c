// Streaming indicators against the batch engine: every supported function, fed bar by bar, must give exactly
// (Object.is: same bits, NaN equal to NaN) the batch value at every bar, and a snapshot taken mid-stream and sent
// through JSON must continue identically.
import { describe, expect, it } from 'vitest';
import { createStream, restoreStream, streamingFunctions, type StreamSnapshot } from '../../src/engine/streaming/index';
import { INDICATORS } from '../../src/engine/indicators/registry';
import { wasmCos, wasmSin } from '../../src/engine/streaming/trig';
import { adversarialOhlcv, engine, type Ohlcv, randomOhlcv } from './indicators/harness';
import type { PriceField } from '../../src/shared/types';

const FIELDS: PriceField[] = ['open', 'high', 'low', 'close', 'volume'];
const bar = (c: Ohlcv, i: number) => Object.fromEntries(FIELDS.map((f) => [f, c[f][i]]));

/** The first bar where stream and batch differ (or null), fed from bar `from` of a stream already at `from`. */
async function firstMismatch(
  fn: string,
  params: Record<string, number>,
  cols: Ohlcv,
  cut = -1,
  inputs?: Record<string, PriceField | PriceField[]>,
): Promise<string | null> {
  let batch;
  try {
    batch = (await engine()).indicator({ fn, params, inputs }, cols);
  } catch (e) {
    // A request the batch engine refuses must be refused by createStream with the same message.
    expect(() => createStream(fn, params)).toThrow((e as Error).message);
    return null;
  }
  let s = createStream(fn, params, inputs);
  expect(s.lookback).toBe(batch.lookback);
  const n = cols.close.length;
  for (let i = 0; i < n; i++) {
    if (i === cut) s = restoreStream(JSON.parse(JSON.stringify(s.snapshot())) as StreamSnapshot);
    const out = s.update(bar(cols, i));
    for (const [name, col] of Object.entries(batch.outputs)) {
      if (!Object.is(out[name], col[i])) return `${fn} ${JSON.stringify(params)} bar ${i} ${name}: stream ${out[name]} batch ${col[i]}`;
    }
  }
  return null;
}

/** Parameter sets: defaults, every integer at its minimum, every integer at a moderate maximum, matype sweeps. */
function paramGrid(fn: string): Record<string, number>[] {
  const def = INDICATORS.get(fn)!;
  const dflt = Object.fromEntries(def.params.map((p) => [p.name, p.default]));
  const grid: Record<string, number>[] = [dflt];
  const ints = def.params.filter((p) => p.type === 'integer');
  if (ints.length) {
    grid.push({ ...dflt, ...Object.fromEntries(ints.map((p) => [p.name, p.min])) });
    grid.push({ ...dflt, ...Object.fromEntries(ints.map((p, k) => [p.name, Math.min(p.max, 37 + 5 * k)])) });
    if (ints.length > 1) grid.push({ ...dflt, ...Object.fromEntries(ints.map((p, k) => [p.name, Math.min(p.max, 3 + 7 * (ints.length - k))])) });
  }
  for (const p of def.params.filter((q) => q.type === 'real')) {
    grid.push({ ...dflt, [p.name]: p.name === 'nbdev' || p.name.startsWith('nbdev') ? 1 : (p.min + p.default) / 2 });
  }
  for (const p of def.params.filter((q) => q.type === 'matype')) {
    for (let m = 0; m <= 8; m++) grid.push({ ...dflt, [p.name]: m }, { ...dflt, ...Object.fromEntries(ints.map((q) => [q.name, Math.min(q.max, q.min + 1)])), [p.name]: m });
  }
  return grid;
}

/** A random walk with NaN holes in every column (a NaN bar, then NaN in single fields). */
function withNaNs(c: Ohlcv): Ohlcv {
  const out = Object.fromEntries(FIELDS.map((f) => [f, c[f].slice()])) as Ohlcv;
  for (const f of FIELDS) out[f][120] = NaN;
  out.close[200] = NaN;
  out.high[230] = NaN;
  out.low[260] = NaN;
  out.open[280] = NaN;
  out.volume[290] = NaN;
  return out;
}

const SERIES: [string, Ohlcv][] = [
  ['NaN holes', withNaNs(randomOhlcv(320, 5))],
  ['seed 1', randomOhlcv(500, 1)],
  ['seed 7', randomOhlcv(500, 7)],
  ['seed 42', randomOhlcv(300, 42, 1, 0.05)],
  ...Object.entries(adversarialOhlcv(300)),
];

describe('streaming equals batch, bar by bar', () => {
  for (const fn of streamingFunctions()) {
    it(fn, async () => {
      for (const params of paramGrid(fn)) {
        for (const [label, cols] of SERIES) {
          const bad = await firstMismatch(fn, params, cols);
          expect(bad, label).toBeNull();
        }
      }
    });
  }
});

describe('streaming equals batch: inputs and special parameters', () => {
  // MAVP reads its periods from volume here: fractional, below the minimum and above the maximum.
  const withPeriods = (c: Ohlcv, seed: number): Ohlcv => {
    let r = seed;
    const rnd = () => ((r = (r * 1103515245 + 12345) % 2147483648) / 2147483648);
    return { ...c, volume: Float64Array.from(c.close, () => rnd() * 45 - 5) };
  };
  it('MAVP with varying periods', async () => {
    for (const seed of [1, 2, 3]) {
      const cols = withPeriods(randomOhlcv(400, seed), seed);
      for (const params of [{}, { minperiod: 2, maxperiod: 9 }, { minperiod: 5, maxperiod: 40 }] as Record<string, number>[]) {
        for (let m = 0; m <= 8; m++) {
          const bad = await firstMismatch('MAVP', { ...params, matype: m }, cols, 123, { periods: 'volume' });
          expect(bad).toBeNull();
        }
      }
    }
  });

  it('SAREXT with start values and offsets', async () => {
    const grid: Record<string, number>[] = [
      { startvalue: 95 },
      { startvalue: -105, offsetonreverse: 0.01 },
      { accelerationinitlong: 0.5, accelerationmaxlong: 0.1, accelerationshort: 0.3, accelerationmaxshort: 0.25 },
    ];
    for (const params of grid) for (const [, cols] of SERIES) expect(await firstMismatch('SAREXT', params, cols)).toBeNull();
  });

  it('MAMA-based MAs with delayed starts and long periods', async () => {
    const grid: [string, Record<string, number>][] = [
      ['BBANDS', { timeperiod: 40, matype: 7 }],
      ['BBANDS', { timeperiod: 34, matype: 7, nbdevup: 1.5, nbdevdn: 0.5 }],
      ['MACDEXT', { fastperiod: 3, fastmatype: 7, slowperiod: 40, slowmatype: 1, signalperiod: 5, signalmatype: 7 }],
      ['MACDEXT', { fastperiod: 50, fastmatype: 7, slowperiod: 10, slowmatype: 4, signalperiod: 9, signalmatype: 3 }],
      ['STOCH', { fastk_period: 6, slowk_period: 3, slowk_matype: 7, slowd_period: 3, slowd_matype: 7 }],
      ['STOCHRSI', { timeperiod: 5, fastk_period: 4, fastd_period: 3, fastd_matype: 7 }],
      ['APO', { fastperiod: 5, slowperiod: 9, matype: 7 }],
      ['MAMA', { fastlimit: 0.9, slowlimit: 0.01 }],
    ];
    for (const [fn, params] of grid) for (const [, cols] of SERIES) expect(await firstMismatch(fn, params, cols, 77)).toBeNull();
  });

  it('Hilbert phase functions on flat prices (phase = atan of the DFT rounding noise, table sin/cos)', async () => {
    // Every bit of every DFT sin/cos term shows in the phase of a flat series, so these compare the streaming
    // table (trig.ts) with the kernels' (assembly/libm.ts) on the DFT lengths the smoothed period goes through.
    const flat = (v: number, n = 260): Ohlcv => {
      const c = new Float64Array(n).fill(v);
      return { open: c, high: c, low: c, close: c, volume: c };
    };
    const levels = [42, 7, 0.001, 1, 100, 123.456, -5, 1e6, 1e-9, Math.PI];
    const r = randomOhlcv(300, 8).close;
    const runs = Float64Array.from(r, (v, i) => r[i - (i % 40)]);
    for (const fn of ['HT_DCPHASE', 'HT_SINE', 'HT_TRENDMODE']) {
      for (const v of levels) expect(await firstMismatch(fn, {}, flat(v), 90)).toBeNull();
      expect(await firstMismatch(fn, {}, { open: runs, high: runs, low: runs, close: runs, volume: runs }, 150)).toBeNull();
    }
  });

  it('two-series functions with other inputs', async () => {
    for (const fn of ['BETA', 'CORREL', 'ADD', 'DIV']) {
      for (const [, cols] of SERIES) {
        expect(await firstMismatch(fn, fn === 'BETA' || fn === 'CORREL' ? { timeperiod: 9 } : {}, cols, 50, { real0: 'close', real1: 'open' })).toBeNull();
      }
    }
  });
});

describe('snapshot / restore', () => {
  for (const fn of streamingFunctions()) {
    it(`${fn} continues identically after a JSON round trip`, async () => {
      for (const cut of [1, 17, 250]) expect(await firstMismatch(fn, {}, randomOhlcv(400, 3), cut)).toBeNull();
      // Cut after the NaN bar: the state then holds NaNs, which must survive JSON.
      expect(await firstMismatch(fn, {}, SERIES[0][1], 125)).toBeNull();
    });
  }

  it('rejects a snapshot of another function or other params', () => {
    const a = createStream('SMA', { timeperiod: 5 });
    expect(() => createStream('EMA', { timeperiod: 5 }).restore(a.snapshot())).toThrow(/snapshot is for "SMA", not EMA/);
    expect(() => createStream('SMA', { timeperiod: 6 }).restore(a.snapshot())).toThrow(/timeperiod/);
  });

  it('snapshots carry NaN and -0 through JSON', () => {
    const s = createStream('SMA', { timeperiod: 3 });
    s.update({ close: NaN });
    const back = restoreStream(JSON.parse(JSON.stringify(s.snapshot())) as StreamSnapshot);
    expect(back.bars).toBe(1);
    back.update({ close: 1 });
    expect(back.update({ close: 2 }).real).toBeNaN();
  });
});

describe('kernel-identical sin/cos', () => {
  it('agree with Math.sin/cos to an ulp and keep special values', () => {
    let r = 9;
    const rnd = () => (r = (r * 16807) % 2147483647) / 2147483647;
    for (let j = 0; j < 20000; j++) {
      const x = (rnd() - 0.5) * (j % 2 ? 20 : 2e5);
      expect(Math.abs(wasmSin(x) - Math.sin(x))).toBeLessThanOrEqual(2.3e-16);
      expect(Math.abs(wasmCos(x) - Math.cos(x))).toBeLessThanOrEqual(2.3e-16);
    }
    expect(wasmSin(NaN)).toBeNaN();
    expect(wasmCos(Infinity)).toBeNaN();
    expect(Object.is(wasmSin(-0), -0)).toBe(true);
    expect(wasmCos(0)).toBe(1);
  });
});

describe('requests', () => {
  it('lists supported functions, all registered', () => {
    const fns = streamingFunctions();
    expect(fns.length).toBeGreaterThan(50);
    for (const f of fns) expect(INDICATORS.has(f)).toBe(true);
  });

  it('throws a clear error for functions without a streaming state', () => {
    expect(() => createStream('CDLDOJI')).toThrow(/no streaming state for CDLDOJI yet/);
  });

  it('validates through the registry', () => {
    expect(() => createStream('RSI', { timeperiod: 1 })).toThrow('RSI timeperiod must be 2..100000, got 1');
    expect(() => createStream('NOPE')).toThrow(/Unknown function/);
  });

  it('names a missing bar field', () => {
    const s = createStream('ATR');
    expect(() => s.update({ high: 1, low: 1 })).toThrow(/bar 0 field close must be a number/);
  });

  it('is NaN during warm-up and reports the lookback', () => {
    const s = createStream('SMA', { timeperiod: 3 });
    expect(s.lookback).toBe(2);
    expect(s.update({ close: 1 }).real).toBeNaN();
    expect(s.update({ close: 2 }).real).toBeNaN();
    expect(s.update({ close: 3 }).real).toBe(2);
  });
});
