// ACCBANDS, IMI and AVGDEV (TA-Lib 0.6's late additions) against the TA-Lib oracle — random walks, adversarial
// series, parameter grids with the minimum, default and maximum period, NaN inputs, inputs shorter than the
// lookback, range errors — and every kernel against its plain-TS reference (src/kernels/reference/extra.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adversarialOhlcv, engine, expectMatchesTalib, randomOhlcv, talib, type Ohlcv } from './harness';
import { accbandsRef, avgdevRef, imiRef } from '../../../src/kernels/reference/extra';

const ADVERSARIAL = Object.values(adversarialOhlcv());
/** Function, TA-Lib group, default period. Lookback is period − 1 for all three. */
const FNS: [string, string, number][] = [
  ['ACCBANDS', 'Overlap Studies', 20],
  ['IMI', 'Momentum Indicators', 14],
  ['AVGDEV', 'Price Transform', 14],
];

/** A random walk with NaN in each field at a few rows. */
function withNaNs(n: number, seed: number): Ohlcv {
  const c = randomOhlcv(n, seed);
  c.close[17] = NaN;
  c.open[120] = NaN;
  c.high[200] = NaN;
  c.low[301] = NaN;
  return c;
}

/** Bars straddling zero: high + low exactly 0, within ±1e-14 of 0, just outside, and negative prices. */
function zeroSums(n: number): Ohlcv {
  const c = randomOhlcv(n, 11);
  for (let i = 0; i < n; i++) {
    const m = i % 6;
    if (m === 0) [c.high[i], c.low[i]] = [1, -1];
    else if (m === 1) [c.high[i], c.low[i]] = [0.5, -0.5 + 5e-15];
    else if (m === 2) [c.high[i], c.low[i]] = [0.5, -0.5 + 3e-14];
    else if (m === 3) [c.high[i], c.low[i], c.close[i]] = [-2, -3, -2.5];
    else if (m === 4) [c.high[i], c.low[i]] = [0, 0];
    c.open[i] = i % 5 === 0 ? c.close[i] : c.open[i]; // close = open bars (IMI's "else" branch)
  }
  return c;
}

async function expectError(fn: string, params: Record<string, unknown>, message: string) {
  const eng = await engine();
  expect(() => eng.indicator({ fn, params: params as Record<string, number> }, randomOhlcv(50, 1))).toThrow(message);
}

describe('oracle: ACCBANDS, IMI, AVGDEV', () => {
  for (const [fn, group, dflt] of FNS) {
    it(`${fn} matches TA-Lib (random walks, adversarial, periods 2..100000, NaN and short inputs, range errors)`, async () => {
      const eng = await engine();
      const meta = eng.functions().find((m) => m.name === fn);
      expect(meta?.group).toBe(group);
      expect(meta?.group).toBe(talib.explain(fn).group);
      expect(meta?.params).toEqual([{ name: 'timeperiod', default: dflt, min: 2, max: 100_000, type: 'integer' }]);
      for (const [seed, n] of [
        [1, 300],
        [2, 1000],
        [3, 2000],
      ])
        await expectMatchesTalib(fn, randomOhlcv(n, seed));
      for (const cols of ADVERSARIAL) {
        await expectMatchesTalib(fn, cols);
        await expectMatchesTalib(fn, cols, { timeperiod: 2 });
      }
      for (const p of [2, 3, 7, dflt, 31, 64, 250]) await expectMatchesTalib(fn, randomOhlcv(700, p), { timeperiod: p });
      for (const p of [2, dflt]) {
        await expectMatchesTalib(fn, withNaNs(400, p), { timeperiod: p });
        await expectMatchesTalib(fn, zeroSums(300), { timeperiod: p });
      }
      for (const n of [1, dflt - 2, dflt - 1, dflt]) await expectMatchesTalib(fn, randomOhlcv(n, 9));
      for (const n of [99_998, 99_999, 100_000, 100_002]) await expectMatchesTalib(fn, randomOhlcv(n, n % 7), { timeperiod: 100_000 });
      await expectError(fn, { timeperiod: 1 }, `${fn} timeperiod must be 2..100000, got 1`);
      await expectError(fn, { timeperiod: 100_001 }, `${fn} timeperiod must be 2..100000, got 100001`);
    });
  }

  it('inputs can be remapped to other fields', async () => {
    const c = randomOhlcv(500, 21);
    await expectMatchesTalib('AVGDEV', c, { timeperiod: 10 }, { real: 'volume' });
    const eng = await engine();
    const got = eng.indicator({ fn: 'IMI', inputs: { prices: ['low', 'high'] } }, c).outputs.real;
    // Every bar has high > low, so with (open, close) = (low, high) every window is all gains: IMI = 100.
    expect(Array.from(got.subarray(13))).toEqual(new Array(500 - 13).fill(100));
  });

  it('IMI is NaN on windows without any change and AVGDEV is 0 on flat windows, as in TA-Lib', async () => {
    const eng = await engine();
    const flat = adversarialOhlcv().flat;
    expect(eng.indicator({ fn: 'IMI' }, flat).outputs.real.every(Number.isNaN)).toBe(true);
    const dev = eng.indicator({ fn: 'AVGDEV' }, flat).outputs.real;
    expect(Array.from(dev.subarray(13)).every((v) => v === 0)).toBe(true);
  });
});

/** Positive OHLC bars (low ≤ open, close ≤ high) with arbitrary magnitudes, as the functions are meant for. */
const bars = fc
  .array(
    fc.tuple(
      fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
    ),
    { minLength: 1, maxLength: 150 },
  )
  .map((rows): Ohlcv => {
    const low = Float64Array.from(rows, (r) => r[0]);
    const high = Float64Array.from(rows, (r) => r[0] * (1 + r[3]));
    return {
      low,
      high,
      open: Float64Array.from(rows, (r, i) => low[i] + (high[i] - low[i]) * r[1]),
      close: Float64Array.from(rows, (r, i) => low[i] + (high[i] - low[i]) * r[2]),
      volume: new Float64Array(rows.length),
    };
  });

/** |got − want| ≤ 1e-9·scale[i] everywhere, NaN exactly where want is NaN. */
function close(got: Float64Array, want: Float64Array, scale: (i: number) => number): boolean {
  return got.every((v, i) => (Number.isNaN(want[i]) ? Number.isNaN(v) : Math.abs(v - want[i]) <= 1e-9 * Math.max(1, scale(i))));
}

/** Largest |x| in the window of `period` rows ending at i (the magnitude rounding errors scale with). */
const windowMax = (xs: ArrayLike<number>[], period: number) => (i: number) => {
  let m = 0;
  for (let k = Math.max(0, i - period + 1); k <= i; k++) for (const x of xs) m = Math.max(m, Math.abs(x[k]));
  return m;
};

describe('kernels equal the plain-TS references', () => {
  const period = fc.integer({ min: 2, max: 40 });

  it('ACCBANDS (running sums vs fresh window means)', async () => {
    const eng = await engine();
    await fc.assert(
      fc.asyncProperty(bars, period, async (c, p) => {
        const got = eng.indicator({ fn: 'ACCBANDS', params: { timeperiod: p } }, c).outputs;
        const want = accbandsRef(c.high, c.low, c.close, p);
        // The upper band reaches 3·high (w ≤ 2 for positive prices); running sums err relative to the series' size.
        const scale = (i: number) => 3 * windowMax([c.high, c.low, c.close], c.close.length)(i);
        for (const k of ['upperband', 'middleband', 'lowerband'] as const) expect(close(got[k], want[k], scale)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('IMI (gains over absolute moves)', async () => {
    const eng = await engine();
    await fc.assert(
      fc.asyncProperty(bars, period, async (c, p) => {
        const got = eng.indicator({ fn: 'IMI', params: { timeperiod: p } }, c).outputs.real;
        expect(close(got, imiRef(c.open, c.close, p), () => 100)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('AVGDEV (newest-first sums vs two-pass mean absolute deviation)', async () => {
    const eng = await engine();
    await fc.assert(
      fc.asyncProperty(bars, period, async (c, p) => {
        const got = eng.indicator({ fn: 'AVGDEV', params: { timeperiod: p } }, c).outputs.real;
        expect(close(got, avgdevRef(c.close, p), windowMax([c.close], p))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
