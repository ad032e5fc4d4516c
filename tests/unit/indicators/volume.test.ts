// Volume indicators (AD, ADOSC, OBV) against the TA-Lib oracle — random walks, adversarial series, parameter
// grids with each parameter's minimum and maximum, inputs shorter than the lookback, range errors — and every
// kernel against its plain-TS reference (src/kernels/reference/volume.ts) on random inputs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adversarialOhlcv, engine, expectMatchesTalib, randomOhlcv, type Ohlcv } from './harness';
import { adoscRef, adRef, obvRef } from '../../../src/kernels/reference/volume';

const ADVERSARIAL = Object.values(adversarialOhlcv());

/** Seeded random walks (n 300..2000), the adversarial series, and inputs shorter than / equal to the lookback. */
async function common(fn: string, params: Record<string, number>, lookback: number, inputs?: Record<string, string>) {
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

async function expectError(fn: string, params: Record<string, unknown>, message: string) {
  const eng = await engine();
  expect(() => eng.indicator({ fn, params: params as Record<string, number> }, randomOhlcv(50, 1))).toThrow(message);
}

describe('oracle: volume indicators', () => {
  it('AD matches TA-Lib (also with NaN and zero-range bars)', async () => {
    await common('AD', {}, 0);
    const c = randomOhlcv(300, 4);
    c.high[10] = c.low[10]; // zero range: adds nothing
    c.close[50] = NaN; // NaN close: every later value NaN
    await expectMatchesTalib('AD', c);
    await expectError('AD', { timeperiod: 3 }, 'AD has no parameter "timeperiod"');
  });

  it('ADOSC matches TA-Lib over fast/slow 2..100000 (either order)', async () => {
    await common('ADOSC', {}, 9);
    for (const [f, s] of [
      [2, 2],
      [2, 3],
      [3, 10],
      [10, 3],
      [5, 34],
      [34, 5],
      [100, 7],
    ]) {
      await expectMatchesTalib('ADOSC', randomOhlcv(700, f * 31 + s), { fastperiod: f, slowperiod: s });
      for (const cols of ADVERSARIAL) await expectMatchesTalib('ADOSC', cols, { fastperiod: f, slowperiod: s });
    }
    for (const n of [99_998, 100_000, 100_002]) {
      await expectMatchesTalib('ADOSC', randomOhlcv(n, 5), { fastperiod: 3, slowperiod: 100_000 });
    }
    await expectMatchesTalib('ADOSC', randomOhlcv(100_003, 6), { fastperiod: 100_000, slowperiod: 2 });
    await expectError('ADOSC', { fastperiod: 1 }, 'ADOSC fastperiod must be 2..100000, got 1');
    await expectError('ADOSC', { slowperiod: 100_001 }, 'ADOSC slowperiod must be 2..100000, got 100001');
  }, 60_000);

  it('OBV matches TA-Lib on close and on other price fields (also with NaN prices)', async () => {
    await common('OBV', {}, 0);
    await common('OBV', {}, 0, { real: 'open' });
    const c = randomOhlcv(300, 7);
    c.close[20] = NaN;
    c.close[21] = c.close[22];
    await expectMatchesTalib('OBV', c);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Kernels against the plain-TS references on random inputs (fast-check).

const bars = fc
  .array(
    fc.record({
      c: fc.double({ min: 1, max: 1e4, noNaN: true }),
      up: fc.double({ min: 0, max: 0.05, noNaN: true }),
      dn: fc.double({ min: 0, max: 0.05, noNaN: true }),
      v: fc.integer({ min: 0, max: 1e6 }),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .map((rows): Ohlcv => ({
    open: Float64Array.from(rows, (r) => r.c),
    close: Float64Array.from(rows, (r) => r.c),
    high: Float64Array.from(rows, (r) => r.c * (1 + r.up)),
    low: Float64Array.from(rows, (r) => r.c * (1 - r.dn)),
    volume: Float64Array.from(rows, (r) => r.v),
  }));

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

async function run(fn: string, c: Ohlcv, params: Record<string, number> = {}) {
  return (await engine()).indicator({ fn, params }, c).outputs.real;
}

describe('kernels equal the plain-TS references', () => {
  it('AD, ADOSC, OBV', async () => {
    await fc.assert(
      fc.asyncProperty(bars, fc.integer({ min: 2, max: 40 }), fc.integer({ min: 2, max: 40 }), async (c, f, s) => {
        // The cumulative sums cancel: compare relative to the volume scale (1e-9 of the largest |AD|).
        const a = adRef(c.high, c.low, c.close, c.volume);
        const scale = Math.max(1, ...a.map(Math.abs));
        close(await run('AD', c), a, 'AD', scale);
        close(
          await run('ADOSC', c, { fastperiod: f, slowperiod: s }),
          adoscRef(c.high, c.low, c.close, c.volume, f, s),
          `ADOSC(${f},${s})`,
          scale,
        );
        close(await run('OBV', c), obvRef(c.close, c.volume), 'OBV', Math.max(1, ...c.volume));
      }),
      { numRuns: 60 },
    );
  });
});
