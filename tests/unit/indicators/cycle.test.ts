// Cycle indicators (HT_DCPERIOD, HT_PHASOR, HT_TRENDMODE) against the TA-Lib oracle — random walks of several
// volatilities, adversarial series, inputs shorter than the lookback, NaN inputs, errors — and every kernel against
// its plain-TS reference (src/kernels/reference/cycle.ts) on random inputs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adversarialOhlcv, engine, expectMatchesTalib, randomOhlcv, type Ohlcv } from './harness';
import { htDcperiodRef, htPhasorRef, htTrendmodeRef } from '../../../src/kernels/reference/cycle';

const FNS: [string, number][] = [
  ['HT_DCPERIOD', 32],
  ['HT_PHASOR', 32],
  ['HT_TRENDMODE', 63],
];

describe('oracle: Hilbert-transform cycle indicators', () => {
  for (const [fn, lookback] of FNS) {
    it(`${fn} matches TA-Lib (lookback ${lookback})`, async () => {
      for (const [seed, n] of [
        [1, 300],
        [2, 1000],
        [3, 2000],
        [4, 2000],
      ])
        await expectMatchesTalib(fn, randomOhlcv(n, seed));
      for (const seed of [11, 12, 13]) await expectMatchesTalib(fn, randomOhlcv(1500, seed, 50, 0.05));
      for (const seed of [21, 22]) await expectMatchesTalib(fn, randomOhlcv(1500, seed, 1000, 0.002));
      for (const cols of Object.values(adversarialOhlcv())) await expectMatchesTalib(fn, cols);
      await expectMatchesTalib(fn, randomOhlcv(1000, 5), {}, { real: 'high' });
      for (const n of [1, lookback - 1, lookback, lookback + 1, lookback + 2]) await expectMatchesTalib(fn, randomOhlcv(n, 9));
      // A NaN input: every later value is NaN (HT_TRENDMODE: 1, as every comparison with NaN is false).
      const c = randomOhlcv(300, 6);
      c.close[150] = NaN;
      await expectMatchesTalib(fn, c);
      const eng = await engine();
      expect(() => eng.indicator({ fn, params: { timeperiod: 5 } }, c)).toThrow(`${fn} has no parameter "timeperiod"`);
    }, 30_000);
  }
});

// ---------------------------------------------------------------------------------------------------------
// Kernels against the plain-TS references on random inputs (fast-check).

const walk = fc
  .record({
    start: fc.double({ min: 1, max: 1e4, noNaN: true }),
    steps: fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 1, maxLength: 400 }),
  })
  .map(({ start, steps }) => {
    let p = start;
    return Float64Array.from(steps, (s) => (p *= 1 + s));
  });

const cols = (close: Float64Array): Ohlcv => ({ open: close, high: close, low: close, close, volume: close });

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

describe('kernels equal the plain-TS references', () => {
  it('HT_DCPERIOD, HT_PHASOR, HT_TRENDMODE', async () => {
    const eng = await engine();
    await fc.assert(
      fc.asyncProperty(walk, async (x) => {
        const c = cols(x);
        const scale = Math.max(1, ...x.map(Math.abs));
        close(eng.indicator({ fn: 'HT_DCPERIOD' }, c).outputs.real, htDcperiodRef(x), 'HT_DCPERIOD');
        const ph = eng.indicator({ fn: 'HT_PHASOR' }, c).outputs;
        const [inphase, quadrature] = htPhasorRef(x);
        close(ph.inphase, inphase, 'HT_PHASOR inphase', scale);
        close(ph.quadrature, quadrature, 'HT_PHASOR quadrature', scale);
        close(eng.indicator({ fn: 'HT_TRENDMODE' }, c).outputs.integer, htTrendmodeRef(x), 'HT_TRENDMODE');
      }),
      { numRuns: 60 },
    );
  });
});
