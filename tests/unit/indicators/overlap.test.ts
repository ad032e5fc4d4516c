// Overlap studies and the MA-type machinery: every function against the TA-Lib oracle (random walks, adversarial
// series, parameter grids with each parameter's minimum and maximum, all MA types, inputs shorter than the
// lookback, range errors) and every kernel against its plain-TS reference (src/kernels/reference/overlap.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adversarialOhlcv, engine, expectMatchesTalib, randomOhlcv, type Ohlcv } from './harness';
import {
  bbandsRef, demaRef, htTrendlineRef, kamaRef, maRef, mamaRef, mavpRef, midRef, sarRef, t3Ref, temaRef, trimaRef, wmaRef,
} from '../../../src/kernels/reference/overlap';

const SEEDS = [1, 2, 3];
const SIZES = [300, 1000, 2000];
const ADVERSARIAL = Object.entries(adversarialOhlcv());

/** Oracle checks shared by every function: seeded random walks, the adversarial series and short inputs. */
async function common(fn: string, params: Record<string, number>, lookback: number, inputs?: Record<string, string>) {
  for (const [i, seed] of SEEDS.entries()) await expectMatchesTalib(fn, randomOhlcv(SIZES[i], seed), params, inputs as never);
  for (const [, cols] of ADVERSARIAL) await expectMatchesTalib(fn, cols, params, inputs as never);
  // Shorter than (and exactly) the lookback: all NaN, no error.
  for (const n of [1, Math.max(1, lookback - 1), lookback]) await expectMatchesTalib(fn, randomOhlcv(n, 9), params, inputs as never);
}

/** Runs `params` on a series just long enough for `lookback` (one and three valid values) and one too short. */
async function nearLookback(fn: string, params: Record<string, number>, lookback: number, inputs?: Record<string, string>) {
  for (const n of [lookback - 2, lookback + 1, lookback + 3]) await expectMatchesTalib(fn, randomOhlcv(n, n % 7), params, inputs as never);
}

async function expectError(fn: string, params: Record<string, unknown>, message: string) {
  const eng = await engine();
  expect(() => eng.indicator({ fn, params: params as Record<string, number> }, randomOhlcv(50, 1))).toThrow(message);
}

const PERIOD_FNS: [string, number, (p: number) => number][] = [
  ['WMA', 30, (p) => p - 1],
  ['DEMA', 30, (p) => 2 * (p - 1)],
  ['TEMA', 30, (p) => 3 * (p - 1)],
  ['TRIMA', 30, (p) => p - 1],
  ['KAMA', 30, (p) => p],
  ['MIDPOINT', 14, (p) => p - 1],
];

describe('oracle: single-period moving averages', () => {
  for (const [fn, dflt, lb] of PERIOD_FNS) {
    it(`${fn} matches TA-Lib (defaults, grid 2..100000, short inputs, range error)`, async () => {
      await common(fn, {}, lb(dflt));
      for (const p of [2, 3, 4, 7, 10, 31, 64]) await expectMatchesTalib(fn, randomOhlcv(700, p), { timeperiod: p });
      for (const [, cols] of ADVERSARIAL) await expectMatchesTalib(fn, cols, { timeperiod: 2 });
      await nearLookback(fn, { timeperiod: 100_000 }, lb(100_000));
      await expectError(fn, { timeperiod: 1 }, `${fn} timeperiod must be 2..100000, got 1`);
      await expectError(fn, { timeperiod: 100_001 }, `${fn} timeperiod must be 2..100000, got 100001`);
    }, 60_000);
  }

  it('MIDPRICE matches TA-Lib', async () => {
    await common('MIDPRICE', {}, 13);
    for (const p of [2, 5, 30, 77]) await expectMatchesTalib('MIDPRICE', randomOhlcv(600, p), { timeperiod: p });
    await nearLookback('MIDPRICE', { timeperiod: 100_000 }, 99_999);
    await expectError('MIDPRICE', { timeperiod: 1 }, 'MIDPRICE timeperiod must be 2..100000, got 1');
  }, 30_000);

  it('T3 matches TA-Lib over periods and volume factors 0..1', async () => {
    await common('T3', {}, 24);
    for (const p of [2, 3, 5, 13]) for (const v of [0, 0.35, 0.7, 1]) await expectMatchesTalib('T3', randomOhlcv(600, p), { timeperiod: p, vfactor: v });
    for (const [, cols] of ADVERSARIAL) await expectMatchesTalib('T3', cols, { timeperiod: 2, vfactor: 1 });
    await nearLookback('T3', { timeperiod: 100_000 }, 6 * 99_999);
    await expectError('T3', { vfactor: 1.5 }, 'T3 vfactor must be 0..1, got 1.5');
    await expectError('T3', { timeperiod: 1 }, 'T3 timeperiod must be 2..100000, got 1');
  }, 60_000);

  it('MAMA matches TA-Lib over the limits 0.01..0.99', async () => {
    await common('MAMA', {}, 32);
    for (const [f, s] of [[0.5, 0.05], [0.01, 0.01], [0.99, 0.99], [0.99, 0.01], [0.01, 0.99], [0.3, 0.1]]) {
      await expectMatchesTalib('MAMA', randomOhlcv(800, f * 100 + s * 10), { fastlimit: f, slowlimit: s });
    }
    await expectError('MAMA', { fastlimit: 1 }, 'MAMA fastlimit must be 0.01..0.99, got 1');
    await expectError('MAMA', { slowlimit: 0 }, 'MAMA slowlimit must be 0.01..0.99, got 0');
  }, 30_000);

  it('HT_TRENDLINE matches TA-Lib', async () => {
    await common('HT_TRENDLINE', {}, 63);
    for (const seed of [11, 12, 13, 14]) await expectMatchesTalib('HT_TRENDLINE', randomOhlcv(1500, seed, 50, 0.05));
    await expectError('HT_TRENDLINE', { timeperiod: 5 }, 'HT_TRENDLINE has no parameter "timeperiod"');
  });
});

describe('oracle: MA by type', () => {
  it('MA matches TA-Lib for matype 0..8, period 1 (copy), 2, max and default', async () => {
    for (let m = 0; m <= 8; m++) {
      await common('MA', { matype: m }, [29, 29, 29, 58, 87, 29, 30, 32, 174][m]);
      for (const p of [1, 2, 3, 8, 21, 50]) await expectMatchesTalib('MA', randomOhlcv(800, p + m), { timeperiod: p, matype: m });
    }
    await nearLookback('MA', { timeperiod: 100_000, matype: 0 }, 99_999);
    await nearLookback('MA', { timeperiod: 100_000, matype: 7 }, 32);
    await expectError('MA', { matype: 9 }, 'MA matype must be 0..8 (0=SMA, 1=EMA, 2=WMA, 3=DEMA, 4=TEMA, 5=TRIMA, 6=KAMA, 7=MAMA, 8=T3), got 9');
    await expectError('MA', { timeperiod: 0 }, 'MA timeperiod must be 1..100000, got 0');
  }, 60_000);

  it('BBANDS matches TA-Lib for every MA type, deviations ±3e37, period 2..100000', async () => {
    for (let m = 0; m <= 8; m++) {
      await common('BBANDS', { matype: m }, [4, 4, 4, 8, 12, 4, 5, 32, 24][m]);
      for (const p of [2, 9, 20, 34, 40]) {
        await expectMatchesTalib('BBANDS', randomOhlcv(700, p * 9 + m), { timeperiod: p, matype: m, nbdevup: 1.5, nbdevdn: 0.5 });
      }
    }
    for (const [up, dn] of [[-3e37, 3e37], [3e37, -3e37], [1, 1], [1, 2], [2, 1], [0, 0]]) {
      await expectMatchesTalib('BBANDS', randomOhlcv(400, 5), { nbdevup: up, nbdevdn: dn });
    }
    await nearLookback('BBANDS', { timeperiod: 100_000 }, 99_999);
    await nearLookback('BBANDS', { timeperiod: 100_000, matype: 7 }, 99_999);
    await expectError('BBANDS', { nbdevup: 4e37 }, 'BBANDS nbdevup must be -3e+37..3e+37, got 4e+37');
  }, 60_000);

  it('MAVP matches TA-Lib with a periods column (NaN, out-of-range and fractional periods), every type', async () => {
    const withPeriods = (n: number, seed: number): Ohlcv => {
      const c = randomOhlcv(n, seed);
      // volume carries the periods: 0.5 .. 50.4 with NaN, negative and huge values sprinkled in.
      c.volume = Float64Array.from(c.volume, (v, i) => (i % 29 === 0 ? NaN : i % 31 === 0 ? -5 : i % 37 === 0 ? 1e12 : 0.5 + ((v * 7) % 50)));
      return c;
    };
    for (let m = 0; m <= 8; m++) {
      await expectMatchesTalib('MAVP', withPeriods(600, m), { minperiod: 3, maxperiod: 33, matype: m }, { periods: 'volume' });
      await expectMatchesTalib('MAVP', withPeriods(300, m + 20), { minperiod: 2, maxperiod: 2, matype: m }, { periods: 'volume' });
      await expectMatchesTalib('MAVP', randomOhlcv(300, m), { matype: m });
    }
    await common('MAVP', {}, 29, { periods: 'volume' });
    await nearLookback('MAVP', { minperiod: 100_000, maxperiod: 100_000 }, 99_999, { periods: 'volume' });
    await expectError('MAVP', { minperiod: 10, maxperiod: 5 }, 'MAVP minperiod must be ≤ maxperiod, got minperiod 10 and maxperiod 5');
  }, 60_000);
});

describe('oracle: parabolic SAR', () => {
  it('SAR matches TA-Lib (acceleration and maximum 0..3e37)', async () => {
    await common('SAR', {}, 1);
    for (const [a, m] of [[0.02, 0.2], [0, 0], [0.3, 0.1], [3e37, 3e37], [0.01, 3e37], [0.5, 0.5]]) {
      for (const seed of [1, 2]) await expectMatchesTalib('SAR', randomOhlcv(800, seed * 10), { acceleration: a, maximum: m });
    }
    await expectError('SAR', { acceleration: -0.1 }, 'SAR acceleration must be 0..3e+37, got -0.1');
  });

  it('SAREXT matches TA-Lib (start values, offsets, separate long/short factors)', async () => {
    await common('SAREXT', {}, 1);
    const grid: Record<string, number>[] = [
      { startvalue: 95, offsetonreverse: 0.01 },
      { startvalue: -105, offsetonreverse: 0.05 },
      { startvalue: 3e37 },
      { startvalue: -3e37, offsetonreverse: 3e37 },
      { accelerationinitlong: 0.5, accelerationlong: 0.3, accelerationmaxlong: 0.1 },
      { accelerationinitshort: 0.01, accelerationshort: 0.5, accelerationmaxshort: 0.2, accelerationinitlong: 0 },
      { accelerationinitlong: 3e37, accelerationlong: 3e37, accelerationmaxlong: 3e37, accelerationmaxshort: 0 },
      { accelerationinitshort: 3e37, accelerationshort: 3e37, accelerationmaxshort: 3e37, accelerationlong: 0, accelerationmaxlong: 0 },
    ];
    for (const [i, p] of grid.entries()) await expectMatchesTalib('SAREXT', randomOhlcv(700, i + 40), p);
    await expectError('SAREXT', { offsetonreverse: -1 }, 'SAREXT offsetonreverse must be 0..3e+37, got -1');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Kernels against the plain-TS references on random inputs (fast-check).

const walk = fc
  .record({ start: fc.double({ min: 1, max: 1e4, noNaN: true }), steps: fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 1, maxLength: 400, size: 'max' }) })
  .map(({ start, steps }) => {
    let p = start;
    // Steps of at least 0.1 %: on near-flat series TA-Lib's E[x²] − E[x]² variance loses the digits that the
    // two-pass reference keeps, which is TA-Lib's behaviour (the oracle tests cover it), not a kernel error.
    return Float64Array.from(steps, (s) => (p *= 1 + Math.sign(s || 1) * (0.001 + Math.abs(s))));
  });

function cols(close: Float64Array, spread = 0.01): Ohlcv {
  return {
    open: close,
    close,
    high: close.map((c, i) => c * (1 + spread * ((i % 5) + 1) / 5)),
    low: close.map((c, i) => c * (1 - spread * ((i % 3) + 1) / 3)),
    volume: close.map((c, i) => (i * 7 + Math.floor(c)) % 40),
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

async function run(fn: string, c: Ohlcv, params: Record<string, number>, inputs?: Record<string, string>) {
  return (await engine()).indicator({ fn, params, inputs: inputs as never }, c).outputs;
}

const period = fc.integer({ min: 2, max: 40 });
const RUNS = { numRuns: 40 };

describe('kernels equal the plain-TS references', () => {
  it('WMA, DEMA, TEMA, TRIMA, KAMA, MIDPOINT, MIDPRICE', async () => {
    await fc.assert(fc.asyncProperty(walk, period, async (x, p) => {
      const c = cols(x);
      close((await run('WMA', c, { timeperiod: p })).real, wmaRef(x, p), `WMA(${p})`);
      close((await run('DEMA', c, { timeperiod: p })).real, demaRef(x, p), `DEMA(${p})`);
      close((await run('TEMA', c, { timeperiod: p })).real, temaRef(x, p), `TEMA(${p})`);
      close((await run('TRIMA', c, { timeperiod: p })).real, trimaRef(x, p), `TRIMA(${p})`);
      close((await run('KAMA', c, { timeperiod: p })).real, kamaRef(x, p), `KAMA(${p})`);
      close((await run('MIDPOINT', c, { timeperiod: p })).real, midRef(x, x, p), `MIDPOINT(${p})`);
      close((await run('MIDPRICE', c, { timeperiod: p })).real, midRef(c.high, c.low, p), `MIDPRICE(${p})`);
    }), RUNS);
  });

  it('T3, MAMA, HT_TRENDLINE', async () => {
    const v = fc.double({ min: 0, max: 1, noNaN: true });
    await fc.assert(fc.asyncProperty(walk, fc.integer({ min: 2, max: 12 }), v, async (x, p, vf) => {
      const c = cols(x);
      close((await run('T3', c, { timeperiod: p, vfactor: vf })).real, t3Ref(x, p, vf), `T3(${p}, ${vf})`);
      const m = await run('MAMA', c, {});
      const r = mamaRef(x, 0.5, 0.05);
      close(m.mama, r.mama, 'MAMA');
      close(m.fama, r.fama, 'FAMA');
      close((await run('HT_TRENDLINE', c, {})).real, htTrendlineRef(x), 'HT_TRENDLINE');
    }), RUNS);
  });

  it('MA (all types), BBANDS, MAVP', async () => {
    const matype = fc.integer({ min: 0, max: 8 });
    await fc.assert(fc.asyncProperty(walk, fc.integer({ min: 1, max: 40 }), matype, async (x, p, m) => {
      const c = cols(x);
      close((await run('MA', c, { timeperiod: p, matype: m })).real, maRef(x, p, m), `MA(${p}, ${m})`);
      const q = Math.max(2, p);
      const b = await run('BBANDS', c, { timeperiod: q, matype: m, nbdevup: 2, nbdevdn: 1.5 });
      const rb = bbandsRef(x, q, 2, 1.5, m);
      close(b.upperband, rb.upper, `BBANDS upper(${q}, ${m})`);
      close(b.middleband, rb.middle, `BBANDS middle(${q}, ${m})`);
      close(b.lowerband, rb.lower, `BBANDS lower(${q}, ${m})`);
      close((await run('MAVP', c, { minperiod: 2, maxperiod: q, matype: m }, { periods: 'volume' })).real,
        mavpRef(x, c.volume, 2, q, m), `MAVP(2, ${q}, ${m})`);
    }), RUNS);
  });

  it('SAR and SAREXT', async () => {
    const f = fc.double({ min: 0, max: 0.5, noNaN: true });
    await fc.assert(fc.asyncProperty(walk, f, f, fc.integer({ min: -1, max: 1 }), fc.integer({ min: 0, max: 1 }), async (x, a, m, s, o) => {
      const c = cols(x, 0.02);
      close((await run('SAR', c, { acceleration: a, maximum: m })).real,
        sarRef(c.high, c.low, { startValue: 0, offsetOnReverse: 0, initLong: a, stepLong: a, maxLong: m, initShort: a, stepShort: a, maxShort: m }, false), 'SAR');
      const startValue = s === 0 ? 0 : s * x[0];
      const params = { startvalue: startValue, offsetonreverse: o / 10, accelerationinitlong: a, accelerationlong: m, accelerationmaxlong: 0.3,
        accelerationinitshort: m, accelerationshort: a, accelerationmaxshort: 0.2 };
      close((await run('SAREXT', c, params)).real,
        sarRef(c.high, c.low, { startValue, offsetOnReverse: o / 10, initLong: a, stepLong: m, maxLong: 0.3, initShort: m, stepShort: a, maxShort: 0.2 }, true), 'SAREXT');
    }), RUNS);
  });
});

describe('NaN inputs behave as in TA-Lib', () => {
  it('a NaN price propagates (or is skipped by comparisons) exactly as TA-Lib does', async () => {
    const withNaN = (seed: number, at: number[]): Ohlcv => {
      const c = randomOhlcv(400, seed);
      for (const k of ['open', 'high', 'low', 'close'] as const) for (const i of at) c[k][i] = NaN;
      return c;
    };
    const fns: [string, Record<string, number>][] = [
      ['WMA', {}], ['DEMA', {}], ['TEMA', {}], ['TRIMA', {}], ['KAMA', {}], ['T3', {}], ['MAMA', {}], ['HT_TRENDLINE', {}],
      ['MIDPOINT', {}], ['MIDPRICE', {}], ['SAR', {}], ['SAREXT', {}], ['MAVP', {}],
    ];
    for (let m = 0; m <= 8; m++) fns.push(['MA', { matype: m, timeperiod: 10 }], ['BBANDS', { matype: m }]);
    for (const [fn, p] of fns) {
      for (const at of [[0], [150], [399], [100, 101, 102]]) await expectMatchesTalib(fn, withNaN(at[0] + 1, at), p);
    }
  });
});

describe('the ma kernel ABI (called by other kernels)', () => {
  it('runs in place (src == dst) like out of place, for every type, and leaves the heap where it was', async () => {
    const { loadKernelsNode } = await import('../../../src/kernels/node');
    const k = await loadKernelsNode();
    const x = randomOhlcv(300, 5).close;
    const n = x.length;
    const a = k.alloc(n), b = k.alloc(n), tmp = k.alloc(3 * n);
    try {
      const before = k.memoryBytes();
      for (let m = 0; m <= 8; m++) {
        for (const p of [1, 2, 9, 30]) {
          a.view().set(x);
          k.exports.ma(a.ptr, b.ptr, n, p, m, tmp.ptr);
          const apart = b.view().slice();
          k.exports.ma(a.ptr, a.ptr, n, p, m, tmp.ptr);
          expect(Array.from(a.view()), `ma(${p}, ${m}) in place`).toEqual(Array.from(apart));
          expect(k.exports.maLookback(p, m)).toBe(apart.findIndex((v) => !Number.isNaN(v)));
        }
      }
      expect(k.memoryBytes()).toBe(before);
    } finally {
      a.free();
      b.free();
      tmp.free();
    }
  });
});
