// Statistic functions (STDDEV, VAR, LINEARREG family, TSF, BETA, CORREL) against the TA-Lib oracle — random
// walks, adversarial series, parameter grids with each parameter's minimum and maximum, inputs shorter than the
// lookback, range errors — and every kernel against its plain-TS reference (src/kernels/reference/statistic.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adversarialOhlcv, engine, expectMatchesTalib, randomOhlcv, type Ohlcv } from './harness';
import { betaRef, correlRef, linregRef, stddevRef, varRef } from '../../../src/kernels/reference/statistic';

const ADVERSARIAL = Object.values(adversarialOhlcv());
type Inputs = Record<string, string> | undefined;

/** Seeded random walks (n 300..2000), the adversarial series, and inputs shorter than / equal to the lookback. */
async function common(fn: string, params: Record<string, number>, lookback: number, inputs?: Inputs) {
  for (const [seed, n] of [
    [1, 300],
    [2, 1000],
    [3, 2000],
  ])
    await expectMatchesTalib(fn, randomOhlcv(n, seed), params, inputs as never);
  for (const cols of ADVERSARIAL) await expectMatchesTalib(fn, cols, params, inputs as never);
  for (const n of [1, Math.max(1, lookback - 1), Math.max(1, lookback)])
    await expectMatchesTalib(fn, randomOhlcv(n, 9), params, inputs as never);
}

/** A series just long enough for `lookback` (one and three values) and one too short. */
async function nearLookback(fn: string, params: Record<string, number>, lookback: number) {
  for (const n of [lookback - 1, lookback + 1, lookback + 3]) await expectMatchesTalib(fn, randomOhlcv(n, n % 7), params);
}

async function expectError(fn: string, params: Record<string, unknown>, message: string) {
  const eng = await engine();
  expect(() => eng.indicator({ fn, params: params as Record<string, number> }, randomOhlcv(50, 1))).toThrow(message);
}

const LINREG = ['LINEARREG', 'LINEARREG_ANGLE', 'LINEARREG_INTERCEPT', 'LINEARREG_SLOPE', 'TSF'];

describe('oracle: statistic functions', () => {
  it('STDDEV matches TA-Lib over periods 2..100000 and nbdev −3e37..3e37', async () => {
    await common('STDDEV', {}, 4);
    for (const p of [2, 3, 10, 40, 333])
      for (const d of [1, 2, -1.5, 0]) await expectMatchesTalib('STDDEV', randomOhlcv(800, p), { timeperiod: p, nbdev: d });
    for (const d of [-3e37, 3e37]) await common('STDDEV', { nbdev: d }, 4);
    await nearLookback('STDDEV', { timeperiod: 100_000 }, 99_999);
    await expectError('STDDEV', { timeperiod: 1 }, 'STDDEV timeperiod must be 2..100000, got 1');
    await expectError('STDDEV', { nbdev: -4e37 }, 'STDDEV nbdev must be -3e+37..3e+37, got -4e+37');
  }, 30_000);

  it('VAR matches TA-Lib over periods 1..100000 (nbdev is ignored)', async () => {
    await common('VAR', {}, 4);
    for (const p of [1, 2, 7, 30, 250]) await common('VAR', { timeperiod: p, nbdev: 3 }, p - 1);
    await expectMatchesTalib('VAR', randomOhlcv(500, 3), { nbdev: -3e37 });
    await expectMatchesTalib('VAR', randomOhlcv(500, 3), { nbdev: 3e37 });
    await nearLookback('VAR', { timeperiod: 100_000 }, 99_999);
    await expectError('VAR', { timeperiod: 0 }, 'VAR timeperiod must be 1..100000, got 0');
  }, 30_000);

  for (const fn of LINREG) {
    it(`${fn} matches TA-Lib over periods 2..100000 (including TA-Lib's 32-bit overflow above 1024)`, async () => {
      await common(fn, {}, 13);
      for (const p of [2, 3, 5, 30, 200]) await expectMatchesTalib(fn, randomOhlcv(900, p), { timeperiod: p });
      for (const [, cols] of ADVERSARIAL.entries()) await expectMatchesTalib(fn, cols, { timeperiod: 2 });
      // Periods whose Σx² (and, above 46341, Σx) wraps in TA-Lib's compiled integer arithmetic.
      for (const p of [1024, 1025, 1500, 3000]) await expectMatchesTalib(fn, randomOhlcv(p + 40, p), { timeperiod: p });
      await nearLookback(fn, { timeperiod: 50_000 }, 49_999);
      await nearLookback(fn, { timeperiod: 100_000 }, 99_999);
      await expectError(fn, { timeperiod: 1 }, `${fn} timeperiod must be 2..100000, got 1`);
    }, 30_000);
  }

  it('BETA matches TA-Lib over periods 1..100000, on any pair of fields', async () => {
    await common('BETA', {}, 5);
    for (const p of [1, 2, 3, 20, 90]) await common('BETA', { timeperiod: p }, p);
    await common('BETA', { timeperiod: 10 }, 10, { real0: 'close', real1: 'open' });
    // Zero prices: TA-Lib treats a return from a zero price as 0.
    const c = randomOhlcv(200, 4);
    c.high[30] = 0;
    c.low[31] = 0;
    await expectMatchesTalib('BETA', c, { timeperiod: 8 });
    await nearLookback('BETA', { timeperiod: 100_000 }, 100_000);
    await expectError('BETA', { timeperiod: 0 }, 'BETA timeperiod must be 1..100000, got 0');
  }, 30_000);

  it('CORREL matches TA-Lib over periods 1..100000, on any pair of fields', async () => {
    await common('CORREL', {}, 29);
    for (const p of [1, 2, 3, 14, 120]) await common('CORREL', { timeperiod: p }, p - 1);
    await common('CORREL', { timeperiod: 10 }, 9, { real0: 'close', real1: 'volume' });
    await nearLookback('CORREL', { timeperiod: 100_000 }, 99_999);
    await expectError('CORREL', { timeperiod: 100_001 }, 'CORREL timeperiod must be 1..100000, got 100001');
  }, 30_000);
});

// ---------------------------------------------------------------------------------------------------------
// Kernels against the plain-TS references on random inputs (fast-check).

/** A random walk with steps of at least 0.1 % (on near-flat series TA-Lib's E[x²] − E[x]² loses the digits the
 * two-pass reference keeps — TA-Lib's behaviour, covered by the oracle tests). */
const walk = fc
  .record({
    start: fc.double({ min: 1, max: 1e4, noNaN: true }),
    steps: fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 1, maxLength: 300 }),
  })
  .map(({ start, steps }) => {
    let p = start;
    return Float64Array.from(steps, (s) => (p *= 1 + Math.sign(s || 1) * (0.001 + Math.abs(s))));
  });

function cols(close: Float64Array): Ohlcv {
  return {
    open: close.map((c, i) => c * (1 + 0.02 * Math.sin(i * 1.7))),
    close,
    high: close.map((c, i) => c * (1 + 0.01 * ((i % 5) + 1))),
    low: close.map((c, i) => c * (1 - 0.01 * ((i % 3) + 1) * (1 + Math.cos(i)))),
    volume: close.map((_, i) => i),
  };
}

/** |got − want| ≤ 1e-9·max(scale, |want|) elementwise, NaN where want is NaN. */
function close(got: Float64Array, want: Float64Array, what: string, scale = 1): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const [w, g] = [want[i], got[i]];
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (Number.isNaN(w) !== Number.isNaN(g)) expect.fail(`${what}[${i}]: expected ${w}, got ${g}`);
    } else if (!(Math.abs(g - w) <= 1e-9 * Math.max(scale, Math.abs(w)))) {
      expect.fail(`${what}[${i}]: expected ${w}, got ${g}`);
    }
  }
}

async function run(fn: string, c: Ohlcv, params: Record<string, number>) {
  return (await engine()).indicator({ fn, params }, c).outputs.real;
}

const RUNS = { numRuns: 40 };

describe('kernels equal the plain-TS references', () => {
  it('VAR, STDDEV (running sums vs two-pass)', async () => {
    await fc.assert(
      fc.asyncProperty(walk, fc.integer({ min: 2, max: 40 }), fc.double({ min: -3, max: 3, noNaN: true }), async (x, p, d) => {
        const c = cols(x);
        // Σx²/p − (Σx/p)² cancels digits in proportion to mean²/variance: compare relative to the mean².
        const scale = Math.max(1, ...x.map((v) => v * v));
        close(await run('VAR', c, { timeperiod: p }), varRef(x, p), `VAR(${p})`, scale);
        const sd = await run('STDDEV', c, { timeperiod: p, nbdev: d });
        close(
          sd.map((v) => v * v),
          stddevRef(x, p, d).map((v) => v * v),
          `STDDEV(${p},${d})²`,
          scale * d * d,
        );
      }),
      RUNS,
    );
  });

  it('LINEARREG, _SLOPE, _INTERCEPT, _ANGLE, TSF (normal equations vs centred least squares)', async () => {
    await fc.assert(
      fc.asyncProperty(walk, fc.integer({ min: 2, max: 60 }), async (x, p) => {
        const c = cols(x);
        const scale = Math.max(1, ...x.map(Math.abs));
        close(await run('LINEARREG', c, { timeperiod: p }), linregRef(x, p, 'end'), `LINEARREG(${p})`, scale);
        close(await run('TSF', c, { timeperiod: p }), linregRef(x, p, 'next'), `TSF(${p})`, scale);
        close(await run('LINEARREG_INTERCEPT', c, { timeperiod: p }), linregRef(x, p, 'intercept'), `INTERCEPT(${p})`, scale);
        close(await run('LINEARREG_SLOPE', c, { timeperiod: p }), linregRef(x, p, 'slope'), `SLOPE(${p})`, scale);
        close(await run('LINEARREG_ANGLE', c, { timeperiod: p }), linregRef(x, p, 'angle'), `ANGLE(${p})`, 1);
      }),
      RUNS,
    );
  });

  it('BETA, CORREL (running sums vs two-pass)', async () => {
    await fc.assert(
      fc.asyncProperty(walk, fc.integer({ min: 2, max: 40 }), async (x, p) => {
        const c = cols(x);
        close(await run('BETA', c, { timeperiod: p }), betaRef(c.high, c.low, p), `BETA(${p})`, 1);
        close(await run('CORREL', c, { timeperiod: p }), correlRef(c.high, c.low, p), `CORREL(${p})`, 1);
      }),
      RUNS,
    );
  });
});
