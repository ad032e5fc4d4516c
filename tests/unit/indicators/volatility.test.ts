// Volatility indicators (ATR, NATR, TRANGE) against the TA-Lib oracle — random walks, adversarial series, periods
// 1..100000, inputs shorter than the lookback, range errors — and every kernel against its plain-TS reference
// (src/kernels/reference/volatility.ts) on random inputs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adversarialOhlcv, engine, expectMatchesTalib, randomOhlcv, type Ohlcv } from './harness';
import { atrRef, natrRef, trangeRef } from '../../../src/kernels/reference/volatility';

const ADVERSARIAL = Object.values(adversarialOhlcv());

/** Seeded random walks (n 300..2000), the adversarial series, and inputs shorter than / equal to the lookback. */
async function common(fn: string, params: Record<string, number>, lookback: number) {
  for (const [seed, n] of [
    [1, 300],
    [2, 1000],
    [3, 2000],
  ])
    await expectMatchesTalib(fn, randomOhlcv(n, seed), params);
  for (const cols of ADVERSARIAL) await expectMatchesTalib(fn, cols, params);
  for (const n of [1, Math.max(1, lookback - 1), Math.max(1, lookback)]) await expectMatchesTalib(fn, randomOhlcv(n, 9), params);
}

async function expectError(fn: string, params: Record<string, unknown>, message: string) {
  const eng = await engine();
  expect(() => eng.indicator({ fn, params: params as Record<string, number> }, randomOhlcv(50, 1))).toThrow(message);
}

describe('oracle: volatility indicators', () => {
  for (const fn of ['ATR', 'NATR']) {
    it(`${fn} matches TA-Lib for periods 1 (TRANGE), 2, 14, 50 and 100000`, async () => {
      await common(fn, {}, 14);
      for (const p of [1, 2, 3, 7, 50, 200]) {
        await common(fn, { timeperiod: p }, p);
      }
      for (const n of [99_999, 100_001, 100_003]) await expectMatchesTalib(fn, randomOhlcv(n, 4), { timeperiod: 100_000 });
      // A NaN bar: TA-Lib's Wilder recurrence carries it into every later value.
      const c = randomOhlcv(200, 5);
      c.high[40] = NaN;
      await expectMatchesTalib(fn, c, { timeperiod: 5 });
      await expectError(fn, { timeperiod: 0 }, `${fn} timeperiod must be 1..100000, got 0`);
      await expectError(fn, { timeperiod: 100_001 }, `${fn} timeperiod must be 1..100000, got 100001`);
    }, 30_000);
  }

  it('TRANGE matches TA-Lib (also with NaN previous close and NaN high)', async () => {
    await common('TRANGE', {}, 1);
    const c = randomOhlcv(100, 6);
    c.close[10] = NaN;
    c.high[30] = NaN;
    await expectMatchesTalib('TRANGE', c);
    await expectError('TRANGE', { timeperiod: 2 }, 'TRANGE has no parameter "timeperiod"');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Kernels against the plain-TS references on random inputs (fast-check).

const bars = fc
  .array(
    fc.record({
      o: fc.double({ min: 1, max: 1e4, noNaN: true }),
      m: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
      up: fc.double({ min: 0, max: 0.05, noNaN: true }),
      dn: fc.double({ min: 0, max: 0.05, noNaN: true }),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .map((rows): Ohlcv => {
    const close = Float64Array.from(rows, (r) => r.o * (1 + r.m));
    return {
      open: Float64Array.from(rows, (r) => r.o),
      close,
      high: Float64Array.from(rows, (r, i) => Math.max(r.o, close[i]) * (1 + r.up)),
      low: Float64Array.from(rows, (r, i) => Math.min(r.o, close[i]) * (1 - r.dn)),
      volume: new Float64Array(rows.length).fill(1),
    };
  });

function close(got: Float64Array, want: Float64Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const [w, g] = [want[i], got[i]];
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (Number.isNaN(w) !== Number.isNaN(g)) expect.fail(`${what}[${i}]: expected ${w}, got ${g}`);
    } else if (!(Math.abs(g - w) <= 1e-9 * Math.max(1, Math.abs(w)))) {
      expect.fail(`${what}[${i}]: expected ${w}, got ${g}`);
    }
  }
}

async function run(fn: string, c: Ohlcv, params: Record<string, number> = {}) {
  return (await engine()).indicator({ fn, params }, c).outputs.real;
}

describe('kernels equal the plain-TS references', () => {
  it('TRANGE, ATR, NATR', async () => {
    await fc.assert(
      fc.asyncProperty(bars, fc.integer({ min: 1, max: 40 }), async (c, p) => {
        close(await run('TRANGE', c), trangeRef(c.high, c.low, c.close), 'TRANGE');
        close(await run('ATR', c, { timeperiod: p }), atrRef(c.high, c.low, c.close, p), `ATR(${p})`);
        close(await run('NATR', c, { timeperiod: p }), natrRef(c.high, c.low, c.close, p), `NATR(${p})`);
      }),
      { numRuns: 60 },
    );
  });
});
