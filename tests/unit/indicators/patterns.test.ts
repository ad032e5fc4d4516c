// Candlestick patterns: every function against the TA-Lib oracle (exact integer codes) on random walks, the
// adversarial series and candle mixes built to contain the patterns (each must fire on some series), penetration
// 0..3e37, inputs shorter than the lookback, range errors; and every kernel against its plain-TS reference
// (src/kernels/reference/patterns.ts) on random candles.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adversarialOhlcv, engine, expectMatchesTalib, lcg, pyParam, randomOhlcv, runTalib, talib, type Ohlcv } from './harness';
import { PATTERN_RULES, patternRef } from '../../../src/kernels/reference/patterns';

/**
 * A random series of candle shapes (dojis, hammers, inverted hammers, long bodies, marubozus, spinning tops…) with
 * occasional gaps, prices rounded to cents so bodies often share an end (TA-Lib's ±80 variants).
 */
function candleMix(n: number, seed: number): Ohlcv {
  const r = lcg(seed);
  const c: Ohlcv = {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n).fill(1e6),
  };
  const cents = (x: number) => Math.round(x * 100) / 100;
  let p = 100;
  for (let i = 0; i < n; i++) {
    const unit = p * 0.01;
    // Small gaps often, no gap sometimes, and now and then a jump wider than a long body (kicking patterns).
    const g = r();
    const gap = g < 0.05 ? (r() < 0.5 ? -6 : 6) * unit : g < 0.25 ? (r() - 0.5) * 4 * unit : g < 0.45 ? 0 : (r() - 0.5) * unit;
    const o = p + gap;
    const dir = r() < 0.5 ? 1 : -1;
    let body: number, up: number, down: number;
    const shape = Math.floor(r() * 7);
    if (shape === 0)
      [body, up, down] = [0, r() * 2 * unit, r() * 2 * unit]; // doji (dragonfly/gravestone when a shadow is 0)
    else if (shape === 1)
      [body, up, down] = [0.3 * unit, 0, 2.5 * unit]; // hammer / hanging man
    else if (shape === 2)
      [body, up, down] = [0.3 * unit, 2.5 * unit, 0]; // inverted hammer / shooting star
    else if (shape === 3)
      [body, up, down] = [(2 + 2 * r()) * unit, 0, 0]; // marubozu
    else if (shape === 4)
      [body, up, down] = [0.2 * unit, unit, unit]; // spinning top
    else [body, up, down] = [r() * 3 * unit, r() * unit * 0.3, r() * unit * 0.3]; // ordinary, short shadows
    const cl = o + dir * body;
    c.open[i] = cents(o);
    c.close[i] = cents(cl);
    c.high[i] = cents(Math.max(o, cl) + up);
    c.low[i] = cents(Math.min(o, cl) - down);
    p = cl;
  }
  return c;
}

/** A short candle mix followed by hand-built bars `tail` ([open, high, low, close] each): plants patterns too rare
 * to appear at random. */
function planted(tail: number[][]): Ohlcv {
  const c = candleMix(30, 99);
  const cat = (a: Float64Array, k: number) => Float64Array.from([...a, ...tail.map((b) => b[k])]);
  return {
    open: cat(c.open, 0),
    high: cat(c.high, 1),
    low: cat(c.low, 2),
    close: cat(c.close, 3),
    volume: new Float64Array(30 + tail.length).fill(1),
  };
}

const PLANTED = [
  // Concealing baby swallow: two black marubozu, a black gapping down with an upper shadow into the prior body, then a
  // black engulfing it shadows included.
  planted([
    [100, 100, 98, 98],
    [98, 98, 96, 96],
    [95, 96.5, 93.9, 94],
    [96.8, 96.8, 93.5, 93.5],
  ]),
  // Three stars in the south: long black with a long lower shadow, a smaller black holding its low, a small marubozu.
  planted([
    [100, 100.1, 93, 97],
    [98.5, 98.6, 95, 96.5],
    [96.2, 96.2, 96, 96],
  ]),
  // Mat hold: long white, small black gapping up, two small falling candles inside the first body, white breakout.
  planted([
    [100, 104.1, 99.9, 104],
    [105.3, 105.4, 104.9, 105],
    [104.2, 104.3, 103.8, 103.9],
    [104, 104.1, 103.6, 103.7],
    [103.8, 106.6, 103.7, 106.5],
  ]),
];

const SEEDS = [1, 2, 3];
const MIXES = [...[11, 12, 13, 14, 15, 16, 17, 18].map((s) => candleMix(2500, s)), ...PLANTED];
const ADVERSARIAL = Object.entries(adversarialOhlcv());
const PENETRATION = new Set([
  'CDLABANDONEDBABY',
  'CDLMATHOLD',
  'CDLDARKCLOUDCOVER',
  'CDLMORNINGSTAR',
  'CDLEVENINGSTAR',
  'CDLMORNINGDOJISTAR',
  'CDLEVENINGDOJISTAR',
]);
const NAMES = Object.keys(PATTERN_RULES);

/** Number of non-zero TA-Lib codes of `fn` on `cols`. */
function hits(fn: string, cols: Ohlcv, params: Record<string, number> = {}): number {
  return runTalib(fn, cols, params).outputs.integer.filter((v) => v !== 0 && !Number.isNaN(v)).length;
}

describe('oracle: candlestick patterns', () => {
  for (const fn of NAMES) {
    const lookback = PATTERN_RULES[fn][0];
    it(`${fn} matches TA-Lib exactly (random walks, candle mixes, adversarial, short inputs) and fires`, async () => {
      for (const seed of SEEDS) await expectMatchesTalib(fn, randomOhlcv(600 * seed, seed));
      for (const cols of MIXES) await expectMatchesTalib(fn, cols);
      for (const [, cols] of ADVERSARIAL) await expectMatchesTalib(fn, cols);
      for (const n of [1, lookback - 1, lookback, lookback + 1]) await expectMatchesTalib(fn, candleMix(n, n));
      // The series must exercise the pattern: TA-Lib (and hence we) report hits on the candle mixes.
      expect(
        MIXES.reduce((s, cols) => s + hits(fn, cols), 0),
        `${fn} hits`,
      ).toBeGreaterThan(0);
      const eng = await engine();
      const res = eng.indicator({ fn }, MIXES[0]);
      expect(res.lookback).toBe(lookback);
    }, 30_000);
  }

  for (const fn of PENETRATION) {
    it(`${fn} matches TA-Lib over penetration 0..3e37 and rejects out-of-range values`, async () => {
      for (const pen of [0, 0.1, 0.3, 0.5, 1, 3, 3e37])
        for (const cols of MIXES.slice(0, 3)) await expectMatchesTalib(fn, cols, { penetration: pen });
      expect(MIXES.reduce((sum, cols) => sum + hits(fn, cols), 0)).toBeGreaterThan(0);
      const eng = await engine();
      expect(() => eng.indicator({ fn, params: { penetration: -0.1 } }, MIXES[0])).toThrow(`${fn} penetration must be 0..`);
    }, 30_000);
  }

  it('ENGULFING and HARAMI produce their ±80 variants on the candle mixes', () => {
    for (const fn of ['CDLENGULFING', 'CDLHARAMI']) {
      const codes = new Set(MIXES.flatMap((cols) => Array.from(runTalib(fn, cols).outputs.integer)));
      expect(codes.has(80) || codes.has(-80), `${fn} ±80`).toBe(true);
      expect(codes.has(100) || codes.has(-100), `${fn} ±100`).toBe(true);
    }
  });

  it('a NaN candle is handled as TA-Lib does', async () => {
    const cols = candleMix(300, 5);
    cols.close[150] = NaN;
    cols.high[200] = NaN;
    for (const fn of NAMES) await expectMatchesTalib(fn, cols);
    const early = candleMix(300, 6);
    early.open[3] = NaN; // inside the warm-up: poisons the first candle averages
    for (const fn of NAMES) await expectMatchesTalib(fn, early);
  });
});

describe('property: pattern kernels equal the plain-TS reference', () => {
  const candles = fc
    .array(
      fc.record({
        o: fc.double({ min: 1, max: 2, noNaN: true }),
        c: fc.double({ min: 1, max: 2, noNaN: true }),
        u: fc.double({ min: 0, max: 0.3, noNaN: true }),
        d: fc.double({ min: 0, max: 0.3, noNaN: true }),
      }),
      { minLength: 1, maxLength: 120 },
    )
    .map((bars) => {
      const n = bars.length;
      const cols: Ohlcv = {
        open: new Float64Array(n),
        high: new Float64Array(n),
        low: new Float64Array(n),
        close: new Float64Array(n),
        volume: new Float64Array(n).fill(1),
      };
      bars.forEach((b, i) => {
        // Quantised to 1/64 so shapes repeat (equal ends, zero shadows, zero bodies) and every sum, difference and
        // window total is exact in binary: the running totals and the reference's direct sums then agree bit for bit,
        // so exact ties on a threshold cannot flip a comparison between the two formulations.
        const q = (x: number) => Math.round(x * 64) / 64;
        cols.open[i] = q(b.o);
        cols.close[i] = q(b.c);
        cols.high[i] = Math.max(cols.open[i], cols.close[i]) + q(b.u);
        cols.low[i] = Math.min(cols.open[i], cols.close[i]) - q(b.d);
      });
      return cols;
    });

  it('every pattern, random quantised candles', async () => {
    const eng = await engine();
    await fc.assert(
      fc.asyncProperty(candles, fc.constantFrom(...NAMES), fc.constantFrom(0, 0.3, 0.5), async (cols, fn, pen) => {
        const params: Record<string, number> = PENETRATION.has(fn) ? { penetration: pen } : {};
        const got = eng.indicator({ fn, params }, cols).outputs.integer;
        const want = patternRef(fn, cols, pen);
        for (let i = 0; i < want.length; i++) {
          if (!Object.is(got[i], want[i])) throw new Error(`${fn} [${i}] kernel ${got[i]} reference ${want[i]}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('registry metadata', () => {
  it('every TA-Lib pattern is registered with its group, hint, OHLC inputs, params and integer output', async () => {
    const eng = await engine();
    const metas = new Map(eng.functions().map((m) => [m.name, m]));
    const names = talib.functions.filter((f) => f.group === 'Pattern Recognition').map((f) => f.name);
    expect(names.length).toBe(61);
    for (const name of names) {
      const meta = metas.get(name);
      const ex = talib.explain(name) as ReturnType<typeof talib.explain> & { hint: string };
      expect(meta, name).toBeDefined();
      expect(meta?.group).toBe('Pattern Recognition');
      expect(meta?.description.trim()).toBe(ex.hint.trim());
      expect(meta?.inputs).toEqual({ prices: ['open', 'high', 'low', 'close'] });
      expect(meta?.params.map((p) => [p.name, p.default])).toEqual(ex.optInputs.map((o) => [pyParam(o.name), o.defaultValue]));
      expect(meta?.outputs).toEqual([{ name: 'integer', kind: 'integer' }]);
    }
  });
});
