// APO, PPO, MACD, MACDEXT, MACDFIX: against the TA-Lib oracle (random walks, adversarial series, parameter
// grids with minima and maxima, every MA type, swapped fast/slow, short inputs, range errors) and against the
// plain-TS references in src/kernels/reference/overlap.ts on random inputs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adversarialOhlcv, engine, expectMatchesTalib, randomOhlcv, type Ohlcv } from './harness';
import { macdextRef, macdRef, priceOscillatorRef } from '../../../src/kernels/reference/overlap';

const ADVERSARIAL = Object.values(adversarialOhlcv());

async function common(fn: string, params: Record<string, number>, lookback: number) {
  for (const [seed, n] of [[1, 300], [2, 1000], [3, 2000]]) await expectMatchesTalib(fn, randomOhlcv(n, seed), params);
  for (const cols of ADVERSARIAL) await expectMatchesTalib(fn, cols, params);
  for (const n of [1, Math.max(1, lookback - 1), lookback]) await expectMatchesTalib(fn, randomOhlcv(n, 9), params);
}

async function nearLookback(fn: string, params: Record<string, number>, lookback: number) {
  for (const n of [lookback - 2, lookback + 1, lookback + 3]) await expectMatchesTalib(fn, randomOhlcv(n, n % 7), params);
}

async function expectError(fn: string, params: Record<string, number>, message: string) {
  const eng = await engine();
  expect(() => eng.indicator({ fn, params }, randomOhlcv(50, 1))).toThrow(message);
}

const MA_LB = (p: number, m: number) => (p <= 1 ? 0 : [p - 1, p - 1, p - 1, 2 * (p - 1), 3 * (p - 1), p - 1, p, 32, 6 * (p - 1)][m]);

describe('oracle: APO and PPO', () => {
  for (const fn of ['APO', 'PPO']) {
    it(`${fn} matches TA-Lib for every MA type, swapped periods, 2..100000`, async () => {
      for (let m = 0; m <= 8; m++) {
        await common(fn, { matype: m }, MA_LB(26, m));
        for (const [f, s] of [[2, 2], [2, 3], [30, 5], [12, 26], [9, 50]]) {
          await expectMatchesTalib(fn, randomOhlcv(700, f * 13 + s + m), { fastperiod: f, slowperiod: s, matype: m });
        }
      }
      // A flat series makes the MAs equal: PPO's zero-denominator guard and APO's exact zero.
      await expectMatchesTalib(fn, { ...randomOhlcv(100, 1), close: new Float64Array(100) }, { fastperiod: 3, slowperiod: 5 });
      await nearLookback(fn, { fastperiod: 100_000, slowperiod: 2 }, 99_999);
      await nearLookback(fn, { fastperiod: 2, slowperiod: 100_000, matype: 8 }, 6 * 99_999);
      await expectError(fn, { fastperiod: 1 }, `${fn} fastperiod must be 2..100000, got 1`);
      await expectError(fn, { matype: -1 }, `${fn} matype must be 0..8 (0=SMA, 1=EMA, 2=WMA, 3=DEMA, 4=TEMA, 5=TRIMA, 6=KAMA, 7=MAMA, 8=T3), got -1`);
    }, 60_000);
  }
});

describe('oracle: MACD family', () => {
  it('MACD matches TA-Lib (fast EMA seeded at the slow lookback; swapped periods; signal 2..100000)', async () => {
    await common('MACD', {}, 33);
    for (const [f, s, g] of [[2, 2, 2], [12, 26, 9], [26, 12, 9], [2, 100, 2], [50, 3, 20], [7, 8, 30]]) {
      await expectMatchesTalib('MACD', randomOhlcv(800, f + s + g), { fastperiod: f, slowperiod: s, signalperiod: g });
    }
    await nearLookback('MACD', { fastperiod: 2, slowperiod: 100_000, signalperiod: 2 }, 100_000);
    await nearLookback('MACD', { signalperiod: 100_000 }, 25 + 99_999);
    await nearLookback('MACD', { fastperiod: 100_000, slowperiod: 2, signalperiod: 2 }, 100_000);
    await expectError('MACD', { signalperiod: 1 }, 'MACD signalperiod must be 2..100000, got 1');
    await expectError('MACD', { slowperiod: 100_001 }, 'MACD slowperiod must be 2..100000, got 100001');
  }, 60_000);

  it('MACDFIX matches TA-Lib (k = 0.15 and 0.075)', async () => {
    await common('MACDFIX', {}, 33);
    for (const g of [2, 3, 9, 40]) await expectMatchesTalib('MACDFIX', randomOhlcv(600, g), { signalperiod: g });
    await nearLookback('MACDFIX', { signalperiod: 100_000 }, 25 + 99_999);
    await expectError('MACDFIX', { signalperiod: 0 }, 'MACDFIX signalperiod must be 2..100000, got 0');
  }, 30_000);

  it('MACDEXT matches TA-Lib for every fast/slow/signal MA type, signal period 1 (copy) .. 100000', async () => {
    await common('MACDEXT', {}, 33);
    for (let m = 0; m <= 8; m++) {
      for (const [f, s, g] of [[12, 26, 9], [26, 12, 9], [2, 3, 1], [5, 40, 3], [20, 20, 2]]) {
        const p = { fastperiod: f, slowperiod: s, signalperiod: g, fastmatype: m, slowmatype: (m + 4) % 9, signalmatype: (m + 7) % 9 };
        await expectMatchesTalib('MACDEXT', randomOhlcv(700, m * 5 + f + g), p);
        await expectMatchesTalib('MACDEXT', randomOhlcv(700, m * 5 + s), { ...p, fastmatype: m, slowmatype: m, signalmatype: m });
      }
      await expectMatchesTalib('MACDEXT', ADVERSARIAL[m % ADVERSARIAL.length], { fastmatype: m, slowmatype: 8 - m, signalmatype: m });
    }
    await nearLookback('MACDEXT', { signalperiod: 100_000 }, 25 + 99_999);
    await nearLookback('MACDEXT', { fastperiod: 100_000, slowperiod: 2, fastmatype: 7, slowmatype: 7 }, 99_999 + 8);
    await nearLookback('MACDEXT', { fastperiod: 2, slowperiod: 100_000, slowmatype: 4, signalperiod: 1 }, 3 * 99_999);
    await expectError('MACDEXT', { signalmatype: 9 }, 'MACDEXT signalmatype must be 0..8');
    await expectError('MACDEXT', { signalperiod: 0 }, 'MACDEXT signalperiod must be 1..100000, got 0');
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------

const walk = fc
  .record({
    start: fc.double({ min: 1, max: 1e4, noNaN: true }),
    steps: fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { minLength: 1, maxLength: 400, size: 'max' }),
  })
  .map(({ start, steps }) => {
    let p = start;
    // Steps of at least 0.1 % keep PPO's denominator and the MA differences well away from cancellation.
    return Float64Array.from(steps, (s) => (p *= 1 + Math.sign(s || 1) * (0.001 + Math.abs(s))));
  });

const cols = (close: Float64Array): Ohlcv => ({ open: close, high: close, low: close, close, volume: close });

/**
 * |Δ| ≤ 1e-9·max(1, |ref|, scale): these outputs are differences of two averages of size `scale` (the price
 * level), so the reference's other summation order shows up relative to the averages, not to their difference.
 */
function close(got: Float64Array, want: Float64Array, what: string, scale = 1): void {
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const g = got[i];
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (Number.isNaN(w) !== Number.isNaN(g)) expect.fail(`${what}[${i}]: expected ${w}, got ${g}`);
    } else if (!(Math.abs(g - w) <= 1e-9 * Math.max(1, Math.abs(w), scale))) {
      expect.fail(`${what}[${i}]: expected ${w}, got ${g}`);
    }
  }
}

const period = fc.integer({ min: 2, max: 40 });
const matype = fc.integer({ min: 0, max: 8 });

describe('kernels equal the plain-TS references', () => {
  it('APO and PPO', async () => {
    const eng = await engine();
    await fc.assert(fc.asyncProperty(walk, period, period, matype, async (x, f, s, m) => {
      const params = { fastperiod: f, slowperiod: s, matype: m };
      const scale = Math.max(...x.map(Math.abs));
      close(eng.indicator({ fn: 'APO', params }, cols(x)).outputs.real, priceOscillatorRef(x, f, s, m, false), 'APO', scale);
      close(eng.indicator({ fn: 'PPO', params }, cols(x)).outputs.real, priceOscillatorRef(x, f, s, m, true), 'PPO');
    }), { numRuns: 40 });
  });

  it('MACD, MACDFIX, MACDEXT', async () => {
    const eng = await engine();
    await fc.assert(fc.asyncProperty(walk, period, period, period, matype, matype, matype, async (x, f, s, g, a, b, c) => {
      const scale = Math.max(...x.map(Math.abs));
      const check = (fn: string, params: Record<string, number>, ref: ReturnType<typeof macdRef>) => {
        const o = eng.indicator({ fn, params }, cols(x)).outputs;
        close(o.macd, ref.macd, `${fn} macd`, scale);
        close(o.macdsignal, ref.signal, `${fn} signal`, scale);
        close(o.macdhist, ref.hist, `${fn} hist`, scale);
      };
      check('MACD', { fastperiod: f, slowperiod: s, signalperiod: g }, macdRef(x, f, s, g));
      check('MACDFIX', { signalperiod: g }, macdRef(x, 12, 26, g, true));
      check('MACDEXT', { fastperiod: f, fastmatype: a, slowperiod: s, slowmatype: b, signalperiod: g - 1, signalmatype: c },
        macdextRef(x, f, a, s, b, g - 1, c));
    }), { numRuns: 40 });
  });
});

describe('NaN inputs behave as in TA-Lib', () => {
  it('a NaN close carries into every later value (EMA/MA recurrences), exactly as TA-Lib', async () => {
    for (const at of [0, 150, 399]) {
      const c = randomOhlcv(400, at + 3);
      c.close[at] = NaN;
      for (let m = 0; m <= 8; m++) {
        await expectMatchesTalib('APO', c, { matype: m });
        await expectMatchesTalib('PPO', c, { matype: m });
        await expectMatchesTalib('MACDEXT', c, { fastmatype: m, slowmatype: m, signalmatype: m });
      }
      await expectMatchesTalib('MACD', c);
      await expectMatchesTalib('MACDFIX', c);
    }
  });
});
