// Parameter grids (engine.indicatorGrid, assembly/multi.ts): every column must be bit-identical to the single
// request with that value — the multi-period SMA/EMA/RSI kernels as well as the generic loop for any other
// function — and a bad value must be rejected by the registry's validation with its index named.
import { describe, expect, it } from 'vitest';
import { adversarialOhlcv, engine, randomOhlcv, type Ohlcv } from './harness';
import { loadKernelsNode } from '../../../src/kernels/node';

const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
const ADVERSARIAL = Object.entries(adversarialOhlcv());

/** Exact equality, NaN equal to NaN; on failure names the row and both values. */
function expectIdentical(where: string, got: Float64Array, want: Float64Array): void {
  expect(got.length, `${where}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i]) && !(Number.isNaN(got[i]) && Number.isNaN(want[i]))) {
      expect.fail(`${where}: row ${i}: grid ${got[i]} ≠ single ${want[i]}`);
    }
  }
}

/** Runs the grid and, for every value, the single request; compares every output column exactly. */
async function expectGridMatches(
  fn: string, param: string, values: number[], cols: Ohlcv, params: Record<string, number> = {}, label = '',
): Promise<void> {
  const eng = await engine();
  const grid = eng.indicatorGrid({ fn, param, values, params }, cols);
  expect(grid.fn).toBe(fn);
  expect(grid.values).toEqual(values);
  values.forEach((v, j) => {
    const single = eng.indicator({ fn, params: { ...params, [param]: v } }, cols);
    expect(grid.lookbacks[j]).toBe(single.lookback);
    for (const [name, want] of Object.entries(single.outputs)) {
      expectIdentical(`${fn} ${label} ${param}=${v} ${name}`, grid.outputs[name][j], want);
    }
  });
}

describe('multi-period kernels (SMA, EMA, RSI) equal the single kernel bit for bit', () => {
  it('RSI timeperiod 2..100 on random walks and adversarial series', async () => {
    for (const [n, seed] of [[1500, 1], [700, 2]]) await expectGridMatches('RSI', 'timeperiod', range(2, 100), randomOhlcv(n, seed), {}, `seed ${seed}`);
    for (const [name, cols] of ADVERSARIAL) await expectGridMatches('RSI', 'timeperiod', range(2, 100), cols, {}, name);
  });

  it('SMA and EMA timeperiod 2..200 on random walks and adversarial series', async () => {
    for (const fn of ['SMA', 'EMA']) {
      await expectGridMatches(fn, 'timeperiod', range(2, 200), randomOhlcv(1200, 3), {}, 'seed 3');
      for (const [name, cols] of ADVERSARIAL) await expectGridMatches(fn, 'timeperiod', range(2, 200), cols, {}, name);
    }
  });

  it('unordered and repeated periods, group sizes not a multiple of 4, inputs shorter than some lookbacks', async () => {
    const values = [50, 3, 100, 3, 17, 2, 99, 64, 5];
    for (const fn of ['SMA', 'EMA', 'RSI']) {
      for (const n of [1, 2, 3, 40, 60, 99, 100, 101, 300]) await expectGridMatches(fn, 'timeperiod', values, randomOhlcv(n, n), {}, `n=${n}`);
      for (let k = 1; k <= 6; k++) await expectGridMatches(fn, 'timeperiod', values.slice(0, k), randomOhlcv(250, k), {}, `k=${k}`);
    }
    // Parameter extremes (2 and 100000) beside periods around n.
    await expectGridMatches('SMA', 'timeperiod', [2, 100000, 600, 601], randomOhlcv(600, 4));
    await expectGridMatches('EMA', 'timeperiod', [2, 100000, 600, 601], randomOhlcv(600, 4));
    await expectGridMatches('RSI', 'timeperiod', [2, 100000, 499, 500], randomOhlcv(600, 4));
  });

  it('a NaN in the input propagates exactly as in the single kernel', async () => {
    const cols = randomOhlcv(400, 8);
    cols.close[120] = NaN;
    for (const fn of ['SMA', 'EMA', 'RSI']) await expectGridMatches(fn, 'timeperiod', range(2, 30), cols, {}, 'NaN at 120');
  });

  it('signed zeros, flat runs and infinities give the same bits (RSI adds a +0 where TA-Lib skips the add)', async () => {
    const base = randomOhlcv(300, 9);
    const x = base.close;
    for (let i = 0; i < 60; i++) x[i] = i % 3 === 0 ? 0 : i % 3 === 1 ? -0 : -1e-300; // -0 − +0 = −0: a "gain" of −0
    for (let i = 60; i < 90; i++) x[i] = 5;
    const inf = { ...base, close: Float64Array.from(x) };
    inf.close[200] = Infinity;
    inf.close[250] = -Infinity;
    for (const fn of ['SMA', 'EMA', 'RSI']) {
      await expectGridMatches(fn, 'timeperiod', range(2, 40), base, {}, 'zeros');
      await expectGridMatches(fn, 'timeperiod', range(2, 40), inf, {}, '±Infinity');
    }
  });

  it('a grid too large for one WASM chunk is split and still exact; the heap does not grow across calls', async () => {
    const eng = await engine();
    const cols = randomOhlcv(600_000, 11);
    const values = range(2, 31); // 30 columns × 600k rows → several 64 MB chunks
    await expectGridMatches('RSI', 'timeperiod', values, cols, {}, 'chunked');
    const before = eng.info().wasmBytes;
    eng.indicatorGrid({ fn: 'RSI', param: 'timeperiod', values }, cols);
    eng.indicatorGrid({ fn: 'SMA', param: 'timeperiod', values }, cols);
    expect(eng.info().wasmBytes).toBe(before);
  }, 60_000);

  it('raw kernels handle period 1 (below the registry minimum; RSI copies its input, as TA-Lib) in a group', async () => {
    const k = await loadKernelsNode();
    const x = randomOhlcv(300, 5).close;
    const n = x.length;
    const periods = [1, 14, 2, 30, 1];
    const src = k.alloc(n), dst = k.alloc(n * periods.length), tmp = k.alloc(2 * n), per = k.alloc(periods.length);
    const one = k.alloc(n);
    try {
      src.view().set(x);
      per.view().set(periods);
      for (const fn of ['sma', 'ema', 'rsi'] as const) {
        if (fn === 'rsi') k.exports.rsiMulti(src.ptr, dst.ptr, n, per.ptr, periods.length, tmp.ptr);
        else k.exports[`${fn}Multi`](src.ptr, dst.ptr, n, per.ptr, periods.length);
        periods.forEach((p, j) => {
          k.exports[fn](src.ptr, one.ptr, n, p);
          expectIdentical(`${fn}Multi period ${p}`, dst.view().slice(j * n, (j + 1) * n), one.view().slice());
        });
      }
    } finally {
      for (const b of [src, dst, tmp, per, one]) b.free();
    }
  });
});

describe('generic fallback (the single kernel looped) for every other function', () => {
  it('MACD over fastperiod and signalperiod', async () => {
    const cols = randomOhlcv(800, 21);
    await expectGridMatches('MACD', 'fastperiod', range(2, 40), cols, { slowperiod: 26, signalperiod: 9 });
    await expectGridMatches('MACD', 'signalperiod', [2, 9, 50, 100000], cols);
    for (const [name, c] of ADVERSARIAL) await expectGridMatches('MACD', 'fastperiod', [2, 12, 30], c, {}, name);
  });

  it('BBANDS over timeperiod, a real parameter (nbdevup) and matype 0..8', async () => {
    const cols = randomOhlcv(700, 22);
    await expectGridMatches('BBANDS', 'timeperiod', range(2, 60), cols, { nbdevup: 2.5, matype: 1 });
    await expectGridMatches('BBANDS', 'nbdevup', [-3, 0, 0.5, 1, 2, 3.25], cols);
    await expectGridMatches('BBANDS', 'matype', range(0, 8), cols, { timeperiod: 10 });
  });

  it('STOCH over fastk_period and slowd_matype (three price inputs)', async () => {
    const cols = randomOhlcv(900, 23);
    await expectGridMatches('STOCH', 'fastk_period', range(1, 50), cols);
    await expectGridMatches('STOCH', 'slowd_matype', range(0, 8), cols, { fastk_period: 9 });
    for (const [name, c] of ADVERSARIAL) await expectGridMatches('STOCH', 'fastk_period', [1, 5, 14], c, {}, name);
  });

  it('empty input gives empty columns', async () => {
    const eng = await engine();
    const cols = randomOhlcv(0, 1);
    const g = eng.indicatorGrid({ fn: 'RSI', param: 'timeperiod', values: [2, 14] }, cols);
    expect(g.outputs.real.map((c) => c.length)).toEqual([0, 0]);
    const m = eng.indicatorGrid({ fn: 'MACD', param: 'fastperiod', values: [5] }, cols);
    expect(Object.keys(m.outputs).sort()).toEqual(['macd', 'macdhist', 'macdsignal']);
  });
});

describe('errors name the bad value', () => {
  const bad = async (req: Record<string, unknown>, message: string) => {
    const eng = await engine();
    expect(() => eng.indicatorGrid(req as never, randomOhlcv(50, 1))).toThrow(message);
  };
  it('out-of-range, non-integer and non-number values', async () => {
    await bad({ fn: 'RSI', param: 'timeperiod', values: [14, 1, 30] }, 'values[1]: RSI timeperiod must be 2..100000, got 1');
    await bad({ fn: 'SMA', param: 'timeperiod', values: [5, 2.5] }, 'values[1]: SMA timeperiod must be an integer, got 2.5');
    await bad({ fn: 'EMA', param: 'timeperiod', values: ['7'] }, 'values[0]: EMA timeperiod must be a number, got "7"');
    await bad({ fn: 'BBANDS', param: 'matype', values: [0, 9] }, 'values[1]: BBANDS matype must be 0..8');
  });
  it('bad request shapes', async () => {
    await bad({ fn: 'NOPE', param: 'timeperiod', values: [2] }, 'Unknown function "NOPE"');
    await bad({ fn: 'RSI', param: 'period', values: [2] }, 'RSI has no parameter "period" to vary; valid parameters: timeperiod');
    await bad({ fn: 'RSI', param: 'timeperiod', values: [] }, 'RSI grid values must be a non-empty array');
    await bad({ fn: 'RSI', param: 'timeperiod', values: 14 }, 'RSI grid values must be a non-empty array');
    await bad({ fn: 'RSI', param: 'timeperiod', values: [2], params: { timeperiod: 3 } }, 'must not also be in params');
    await bad({ fn: 'MACD', param: 'fastperiod', values: [2], params: { slowperiod: 1 } }, 'MACD slowperiod must be 2..100000, got 1');
    await bad({ fn: 'RSI', param: 'timeperiod', values: [2], inputs: { real: 'vwap' } }, 'unknown price field "vwap"');
  });
  it('a missing column is named', async () => {
    const eng = await engine();
    expect(() => eng.indicatorGrid({ fn: 'STOCH', param: 'fastk_period', values: [5] }, { close: new Float64Array(10) })).toThrow(
      'STOCH needs the high column',
    );
  });
});
