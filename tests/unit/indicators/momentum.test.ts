// Momentum indicators (except APO/PPO/MACD*, see momentum-ma.test.ts): every function against the TA-Lib oracle
// (seeded random walks, adversarial series, NaN inputs, parameter grids with each parameter's minimum, default and
// maximum, every MA type, inputs shorter than the lookback, range errors) and every kernel against its plain-TS
// reference (src/kernels/reference/momentum.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adversarialOhlcv, engine, expectMatchesTalib, randomOhlcv, type Ohlcv } from './harness';
import { createEngine } from '../../../src/engine/index';
import { loadKernelsNode } from '../../../src/kernels/node';
import {
  adxRef, adxrRef, aroonRef, bopRef, cciRef, changeRef, cmoRef, diRef, dmRef, dxRef, mfiRef, rsiRef, stochfRef, stochRef,
  stochrsiRef, trixRef, ultoscRef, willrRef,
} from '../../../src/kernels/reference/momentum';

const SEEDS = [1, 2, 3];
const SIZES = [300, 1000, 2000];
const ADVERSARIAL = Object.entries(adversarialOhlcv());

/** Oracle checks shared by every function: seeded random walks, the adversarial series and short inputs. */
async function common(fn: string, params: Record<string, number>, lookback: number) {
  for (const [i, seed] of SEEDS.entries()) await expectMatchesTalib(fn, randomOhlcv(SIZES[i], seed), params);
  for (const [, cols] of ADVERSARIAL) await expectMatchesTalib(fn, cols, params);
  // Shorter than (and exactly) the lookback: all NaN, no error.
  for (const n of [1, Math.max(1, lookback - 1), Math.max(1, lookback)]) await expectMatchesTalib(fn, randomOhlcv(n, 9), params);
}

/** Runs `params` on a series one too short for `lookback` and just long enough for one and three values. */
async function nearLookback(fn: string, params: Record<string, number>, lookback: number) {
  for (const n of [lookback, lookback + 1, lookback + 3]) await expectMatchesTalib(fn, randomOhlcv(n, n % 7), params);
}

async function expectError(fn: string, params: Record<string, unknown>, message: string) {
  const eng = await engine();
  expect(() => eng.indicator({ fn, params: params as Record<string, number> }, randomOhlcv(50, 1))).toThrow(message);
}

/** A random walk with NaN sprinkled into every price column (volume too), to pin TA-Lib's NaN behaviour. */
function withNaNs(n: number, seed: number): Ohlcv {
  const c = randomOhlcv(n, seed);
  for (const [k, col] of Object.entries(c)) {
    const at = { open: 50, high: 90, low: 130, close: 170, volume: 210 }[k] ?? 0;
    col[at] = NaN;
  }
  return c;
}

// name, default period, TA-Lib's minimum period, lookback.
const PERIOD_FNS: [string, number, number, (p: number) => number][] = [
  ['RSI', 14, 2, (p) => p],
  ['CMO', 14, 2, (p) => p],
  ['MOM', 10, 1, (p) => p],
  ['ROC', 10, 1, (p) => p],
  ['ROCP', 10, 1, (p) => p],
  ['ROCR', 10, 1, (p) => p],
  ['ROCR100', 10, 1, (p) => p],
  ['WILLR', 14, 2, (p) => p - 1],
  ['CCI', 14, 2, (p) => p - 1],
  ['AROON', 14, 2, (p) => p],
  ['AROONOSC', 14, 2, (p) => p],
  ['MINUS_DM', 14, 1, (p) => (p > 1 ? p - 1 : 1)],
  ['PLUS_DM', 14, 1, (p) => (p > 1 ? p - 1 : 1)],
  ['MINUS_DI', 14, 1, (p) => p],
  ['PLUS_DI', 14, 1, (p) => p],
  ['DX', 14, 2, (p) => p],
  ['ADX', 14, 2, (p) => 2 * p - 1],
  ['ADXR', 14, 2, (p) => 3 * p - 2],
  ['TRIX', 30, 2, (p) => 3 * (p - 1) + 1],
  ['MFI', 14, 2, (p) => p],
];

describe('oracle: single-period momentum indicators', () => {
  for (const [fn, dflt, min, lb] of PERIOD_FNS) {
    it(`${fn} matches TA-Lib (defaults, grid ${min}..100000, NaN inputs, short inputs, range errors)`, async () => {
      await common(fn, {}, lb(dflt));
      for (const p of [min, min + 1, 3, 7, 14, 31, 64]) await expectMatchesTalib(fn, randomOhlcv(700, p), { timeperiod: p });
      for (const [, cols] of ADVERSARIAL) await expectMatchesTalib(fn, cols, { timeperiod: min });
      for (const p of [min, dflt]) await expectMatchesTalib(fn, withNaNs(400, p), { timeperiod: p });
      await nearLookback(fn, { timeperiod: 100_000 }, lb(100_000));
      await expectError(fn, { timeperiod: min - 1 }, `${fn} timeperiod must be ${min}..100000, got ${min - 1}`);
      await expectError(fn, { timeperiod: 100_001 }, `${fn} timeperiod must be ${min}..100000, got 100001`);
      await expectError(fn, { timeperiod: 2.5 }, `${fn} timeperiod must be an integer, got 2.5`);
    }, 60_000);
  }

  it('TRIX refuses period 1 (TA-Lib 0.6 returns values read outside its buffer there)', async () => {
    await expectError('TRIX', { timeperiod: 1 }, 'TRIX timeperiod must be 2..100000, got 1');
  });
});

describe('oracle: BOP and ULTOSC', () => {
  it('BOP matches TA-Lib (no parameters; zero ranges give 0)', async () => {
    await common('BOP', {}, 0);
    await expectMatchesTalib('BOP', withNaNs(300, 4));
    await expectError('BOP', { timeperiod: 5 }, 'BOP has no parameter "timeperiod"; valid parameters: (none)');
  });

  it('ULTOSC matches TA-Lib over period orders, 1..100000', async () => {
    await common('ULTOSC', {}, 28);
    const grid = [[7, 14, 28], [28, 14, 7], [14, 28, 7], [1, 1, 2], [1, 2, 3], [2, 2, 2], [5, 30, 1], [40, 3, 3]];
    for (const [a, b, c] of grid) {
      await expectMatchesTalib('ULTOSC', randomOhlcv(600, a * 7 + b), { timeperiod1: a, timeperiod2: b, timeperiod3: c });
    }
    for (const [, cols] of ADVERSARIAL) await expectMatchesTalib('ULTOSC', cols, { timeperiod1: 1, timeperiod2: 2, timeperiod3: 3 });
    await expectMatchesTalib('ULTOSC', withNaNs(400, 5));
    await nearLookback('ULTOSC', { timeperiod1: 100_000, timeperiod2: 1, timeperiod3: 50 }, 100_000);
    await nearLookback('ULTOSC', { timeperiod1: 100_000, timeperiod2: 100_000, timeperiod3: 100_000 }, 100_000);
    await expectError('ULTOSC', { timeperiod1: 1, timeperiod2: 1, timeperiod3: 1 },
      'ULTOSC needs one period ≥ 2, got timeperiod1 1, timeperiod2 1 and timeperiod3 1');
    await expectError('ULTOSC', { timeperiod2: 0 }, 'ULTOSC timeperiod2 must be 1..100000, got 0');
    await expectError('ULTOSC', { timeperiod3: 100_001 }, 'ULTOSC timeperiod3 must be 1..100000, got 100001');
  }, 30_000);
});

const maLb = (p: number, m: number) => (p <= 1 ? 0 : [p - 1, p - 1, p - 1, 2 * (p - 1), 3 * (p - 1), p - 1, p, 32, 6 * (p - 1)][m]);

describe('oracle: stochastics (every MA type)', () => {
  it('STOCH matches TA-Lib for slowk/slowd matype 0..8, periods 1..100000', async () => {
    await common('STOCH', {}, 8);
    for (let m = 0; m <= 8; m++) {
      const grid = [[5, 3, 3], [1, 1, 1], [14, 2, 5], [3, 7, 2], [1, 9, 1]];
      for (const [a, b, c] of grid) {
        const p = { fastk_period: a, slowk_period: b, slowk_matype: m, slowd_period: c, slowd_matype: (m * 4 + a) % 9 };
        await expectMatchesTalib('STOCH', randomOhlcv(500, m * 10 + a + b), p);
      }
      const p = { slowk_matype: m, slowd_matype: m };
      await common('STOCH', p, 4 + 2 * maLb(3, m));
      await expectMatchesTalib('STOCH', withNaNs(400, m), p);
    }
    await nearLookback('STOCH', { fastk_period: 100_000, slowk_period: 1, slowd_period: 1 }, 99_999);
    await nearLookback('STOCH', { slowk_period: 100_000 }, 4 + 99_999 + 2);
    await nearLookback('STOCH', { slowd_period: 100_000, slowd_matype: 1 }, 4 + 2 + 99_999);
    await expectError('STOCH', { slowk_matype: 9 }, 'STOCH slowk_matype must be 0..8 (0=SMA, 1=EMA, 2=WMA, 3=DEMA, 4=TEMA, 5=TRIMA, 6=KAMA, 7=MAMA, 8=T3), got 9');
    await expectError('STOCH', { fastk_period: 0 }, 'STOCH fastk_period must be 1..100000, got 0');
    await expectError('STOCH', { slowd_period: 100_001 }, 'STOCH slowd_period must be 1..100000, got 100001');
  }, 60_000);

  it('STOCHF matches TA-Lib for fastd matype 0..8, periods 1..100000', async () => {
    await common('STOCHF', {}, 6);
    for (let m = 0; m <= 8; m++) {
      for (const [a, c] of [[5, 3], [1, 1], [14, 5], [3, 12], [1, 2]]) {
        await expectMatchesTalib('STOCHF', randomOhlcv(500, m * 10 + a + c), { fastk_period: a, fastd_period: c, fastd_matype: m });
      }
      await common('STOCHF', { fastd_matype: m }, 4 + maLb(3, m));
      await expectMatchesTalib('STOCHF', withNaNs(400, m), { fastd_matype: m });
    }
    await nearLookback('STOCHF', { fastk_period: 100_000, fastd_period: 1 }, 99_999);
    await nearLookback('STOCHF', { fastd_period: 100_000 }, 4 + 99_999);
    await expectError('STOCHF', { fastd_matype: -1 }, 'STOCHF fastd_matype must be 0..8 (0=SMA, 1=EMA, 2=WMA, 3=DEMA, 4=TEMA, 5=TRIMA, 6=KAMA, 7=MAMA, 8=T3), got -1');
    await expectError('STOCHF', { fastk_period: 0 }, 'STOCHF fastk_period must be 1..100000, got 0');
  }, 60_000);

  it('STOCHRSI matches TA-Lib for fastd matype 0..8, periods at their minimum and maximum', async () => {
    await common('STOCHRSI', {}, 20);
    for (let m = 0; m <= 8; m++) {
      for (const [t, a, c] of [[14, 5, 3], [2, 1, 1], [5, 14, 5], [30, 3, 12], [3, 1, 2]]) {
        await expectMatchesTalib('STOCHRSI', randomOhlcv(500, m * 10 + t + a), { timeperiod: t, fastk_period: a, fastd_period: c, fastd_matype: m });
      }
      await common('STOCHRSI', { fastd_matype: m }, 18 + maLb(3, m));
      await expectMatchesTalib('STOCHRSI', withNaNs(400, m), { fastd_matype: m });
    }
    await nearLookback('STOCHRSI', { timeperiod: 100_000, fastk_period: 1, fastd_period: 1 }, 100_000);
    await nearLookback('STOCHRSI', { fastk_period: 100_000, fastd_period: 1 }, 14 + 99_999);
    await nearLookback('STOCHRSI', { fastd_period: 100_000 }, 14 + 4 + 99_999);
    await expectError('STOCHRSI', { timeperiod: 1 }, 'STOCHRSI timeperiod must be 2..100000, got 1');
    await expectError('STOCHRSI', { fastd_period: 0 }, 'STOCHRSI fastd_period must be 1..100000, got 0');
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------
// Kernels against the plain-TS references on random inputs (fast-check).

const walk = fc
  .record({ start: fc.double({ min: 1, max: 1e4, noNaN: true }), steps: fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 1, maxLength: 300 }) })
  .map(({ start, steps }) => {
    // Prices on a 1/64 grid: windows then hold exact ties or clearly distinct values, never the near-ties (1e-13 apart)
    // where the kernel (TA-Lib's operation order) and the textbook reference legitimately round differently.
    let p = start;
    return Float64Array.from(steps, (s) => Math.max(1 / 64, Math.round((p *= 1 + s) * 64) / 64));
  });

/** OHLCV around a close path: a spread that varies by bar, open at the previous close, volume ≥ 1. */
function cols(close: Float64Array, spread = 0.01): Ohlcv {
  return {
    open: close.map((c, i) => (i ? close[i - 1] : c)),
    close,
    high: close.map((c, i) => c * (1 + spread * ((i % 5) + 1) / 5)),
    low: close.map((c, i) => c * (1 - spread * ((i % 3) + 1) / 3)),
    volume: close.map((c, i) => 1 + ((i * 7 + Math.floor(c)) % 40)),
  };
}

function close(got: Float64Array, want: Float64Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const g = got[i];
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (Number.isNaN(w) !== Number.isNaN(g)) expect.fail(`${what}[${i}]: expected ${w}, got ${g}`);
    } else if (!(Math.abs(g - w) <= 1e-9 * Math.max(1, Math.abs(w)))) {
      expect.fail(`${what}[${i}]: expected ${w}, got ${g}`);
    }
  }
}

async function run(fn: string, c: Ohlcv, params: Record<string, number> = {}) {
  return (await engine()).indicator({ fn, params }, c).outputs;
}

const RUNS = { numRuns: 40 };

describe('kernels equal the plain-TS references', () => {
  it('RSI, CMO, MOM, ROC, ROCP, ROCR, ROCR100, TRIX', async () => {
    await fc.assert(fc.asyncProperty(walk, fc.integer({ min: 2, max: 40 }), async (x, p) => {
      const c = cols(x);
      close((await run('RSI', c, { timeperiod: p })).real, rsiRef(x, p), `RSI(${p})`);
      close((await run('CMO', c, { timeperiod: p })).real, cmoRef(x, p), `CMO(${p})`);
      for (const fn of ['MOM', 'ROC', 'ROCP', 'ROCR', 'ROCR100'] as const) {
        close((await run(fn, c, { timeperiod: p - 1 })).real, changeRef(x, p - 1, fn), `${fn}(${p - 1})`);
      }
      close((await run('TRIX', c, { timeperiod: p })).real, trixRef(x, p), `TRIX(${p})`);
    }), RUNS);
  });

  it('WILLR, CCI, BOP, AROON, AROONOSC, ULTOSC, MFI', async () => {
    await fc.assert(fc.asyncProperty(walk, fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 30 }), async (x, p, q) => {
      const c = cols(x, 0.02);
      close((await run('WILLR', c, { timeperiod: p })).real, willrRef(c.high, c.low, x, p), `WILLR(${p})`);
      close((await run('CCI', c, { timeperiod: p })).real, cciRef(c.high, c.low, x, p), `CCI(${p})`);
      close((await run('BOP', c)).real, bopRef(c.open, c.high, c.low, x), 'BOP');
      const a = await run('AROON', c, { timeperiod: p });
      const ra = aroonRef(c.high, c.low, p);
      close(a.aroondown, ra.down, `AROON down(${p})`);
      close(a.aroonup, ra.up, `AROON up(${p})`);
      close((await run('AROONOSC', c, { timeperiod: p })).real, ra.osc, `AROONOSC(${p})`);
      close((await run('ULTOSC', c, { timeperiod1: q, timeperiod2: p, timeperiod3: 7 })).real,
        ultoscRef(c.high, c.low, x, q, p, 7), `ULTOSC(${q}, ${p}, 7)`);
      close((await run('MFI', c, { timeperiod: p })).real, mfiRef(c.high, c.low, x, c.volume, p), `MFI(${p})`);
    }), RUNS);
  });

  it('MINUS_DM, PLUS_DM, MINUS_DI, PLUS_DI, DX, ADX, ADXR', async () => {
    await fc.assert(fc.asyncProperty(walk, fc.integer({ min: 1, max: 30 }), async (x, q) => {
      const c = cols(x, 0.02);
      const p = Math.max(2, q);
      close((await run('MINUS_DM', c, { timeperiod: q })).real, dmRef(c.high, c.low, q, true), `MINUS_DM(${q})`);
      close((await run('PLUS_DM', c, { timeperiod: q })).real, dmRef(c.high, c.low, q, false), `PLUS_DM(${q})`);
      close((await run('MINUS_DI', c, { timeperiod: q })).real, diRef(c.high, c.low, x, q, true), `MINUS_DI(${q})`);
      close((await run('PLUS_DI', c, { timeperiod: q })).real, diRef(c.high, c.low, x, q, false), `PLUS_DI(${q})`);
      close((await run('DX', c, { timeperiod: p })).real, dxRef(c.high, c.low, x, p), `DX(${p})`);
      close((await run('ADX', c, { timeperiod: p })).real, adxRef(c.high, c.low, x, p), `ADX(${p})`);
      close((await run('ADXR', c, { timeperiod: p })).real, adxrRef(c.high, c.low, x, p), `ADXR(${p})`);
    }), RUNS);
  });

  it('STOCH, STOCHF, STOCHRSI (every MA type)', async () => {
    const per = fc.integer({ min: 1, max: 12 });
    const matype = fc.integer({ min: 0, max: 8 });
    await fc.assert(fc.asyncProperty(walk, per, per, per, matype, matype, async (x, a, b, d, m1, m2) => {
      const c = cols(x, 0.02);
      const s = await run('STOCH', c, { fastk_period: a, slowk_period: b, slowk_matype: m1, slowd_period: d, slowd_matype: m2 });
      const rs = stochRef(c.high, c.low, x, a, b, m1, d, m2);
      close(s.slowk, rs.slowk, `STOCH slowk(${a}, ${b}, ${m1}, ${d}, ${m2})`);
      close(s.slowd, rs.slowd, `STOCH slowd(${a}, ${b}, ${m1}, ${d}, ${m2})`);
      const f = await run('STOCHF', c, { fastk_period: a, fastd_period: d, fastd_matype: m1 });
      const rf = stochfRef(c.high, c.low, x, a, d, m1);
      close(f.fastk, rf.fastk, `STOCHF fastk(${a}, ${d}, ${m1})`);
      close(f.fastd, rf.fastd, `STOCHF fastd(${a}, ${d}, ${m1})`);
      const t = b + 1;
      const r = await run('STOCHRSI', c, { timeperiod: t, fastk_period: a, fastd_period: d, fastd_matype: m2 });
      const rr = stochrsiRef(x, t, a, d, m2);
      close(r.fastk, rr.fastk, `STOCHRSI fastk(${t}, ${a}, ${d}, ${m2})`);
      close(r.fastd, rr.fastd, `STOCHRSI fastd(${t}, ${a}, ${d}, ${m2})`);
    }), RUNS);
  });
});

describe('memory', () => {
  it('the WASM heap does not grow over repeated calls (scratch buffers are freed)', async () => {
    const k = await loadKernelsNode();
    const eng = createEngine(k);
    const c = randomOhlcv(2000, 3);
    const calls: [string, Record<string, number>][] = [
      ['CCI', {}], ['STOCH', { slowk_matype: 7, slowd_matype: 3 }], ['STOCHF', { fastd_matype: 8 }], ['STOCHRSI', { fastd_matype: 6 }],
      ['ADXR', {}], ['MFI', {}], ['ULTOSC', {}], ['AROON', {}], ['TRIX', {}], ['RSI', {}],
    ];
    for (const [fn, p] of calls) eng.indicator({ fn, params: p }, c);
    const before = k.memoryBytes();
    for (let i = 0; i < 300; i++) for (const [fn, p] of calls) eng.indicator({ fn, params: p }, c);
    expect(k.memoryBytes()).toBe(before);
  });
});
