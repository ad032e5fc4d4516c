// Price transforms (AVGPRICE, MEDPRICE, TYPPRICE, WCLPRICE) against the TA-Lib oracle — random walks, adversarial
// series, remapped price inputs, short inputs, errors — and against the plain-TS references
// (src/kernels/reference/price.ts) on random inputs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adversarialOhlcv, engine, expectMatchesTalib, randomOhlcv, type Ohlcv } from './harness';
import { avgpriceRef, medpriceRef, typpriceRef, wclpriceRef } from '../../../src/kernels/reference/price';

const FNS = ['AVGPRICE', 'MEDPRICE', 'TYPPRICE', 'WCLPRICE'];

describe('oracle: price transforms', () => {
  for (const fn of FNS) {
    it(`${fn} matches TA-Lib bit for bit`, async () => {
      for (const [seed, n] of [
        [1, 300],
        [2, 1000],
        [3, 2000],
      ])
        await expectMatchesTalib(fn, randomOhlcv(n, seed));
      for (const cols of Object.values(adversarialOhlcv())) await expectMatchesTalib(fn, cols);
      await expectMatchesTalib(fn, randomOhlcv(1, 4));
      const c = randomOhlcv(50, 5);
      c.close[7] = NaN; // NaN on that bar only
      c.high[9] = NaN;
      await expectMatchesTalib(fn, c);
      const eng = await engine();
      expect(() => eng.indicator({ fn, params: { timeperiod: 3 } }, c)).toThrow(`${fn} has no parameter "timeperiod"`);
    });
  }

  it('price inputs can be remapped to other fields', async () => {
    const eng = await engine();
    const c = randomOhlcv(100, 8);
    const out = eng.indicator({ fn: 'MEDPRICE', inputs: { prices: ['open', 'close'] } }, c).outputs.real;
    expect(Array.from(out)).toEqual(Array.from(medpriceRef(c.open, c.close)));
    expect(() => eng.indicator({ fn: 'MEDPRICE', inputs: { prices: ['open'] } }, c)).toThrow(
      'MEDPRICE input prices must be a list of 2 price fields',
    );
  });
});

const bars = fc
  .array(fc.tuple(...[0, 1, 2, 3].map(() => fc.double({ min: -1e6, max: 1e6, noNaN: true }))), { minLength: 1, maxLength: 200 })
  .map((rows): Ohlcv => ({
    open: Float64Array.from(rows, (r) => r[0]),
    high: Float64Array.from(rows, (r) => r[1]),
    low: Float64Array.from(rows, (r) => r[2]),
    close: Float64Array.from(rows, (r) => r[3]),
    volume: new Float64Array(rows.length),
  }));

describe('kernels equal the plain-TS references', () => {
  it('AVGPRICE, MEDPRICE, TYPPRICE, WCLPRICE', async () => {
    const eng = await engine();
    const scaleOk = (g: Float64Array, w: Float64Array, c: Ohlcv) =>
      g.every(
        (v, i) =>
          Math.abs(v - w[i]) <=
          1e-9 * Math.max(1, Math.abs(c.open[i]), Math.abs(c.high[i]), Math.abs(c.low[i]), Math.abs(c.close[i])),
      );
    await fc.assert(
      fc.asyncProperty(bars, async (c) => {
        const got = (fn: string) => eng.indicator({ fn }, c).outputs.real;
        expect(scaleOk(got('AVGPRICE'), avgpriceRef(c.open, c.high, c.low, c.close), c)).toBe(true);
        expect(scaleOk(got('MEDPRICE'), medpriceRef(c.high, c.low), c)).toBe(true);
        expect(scaleOk(got('TYPPRICE'), typpriceRef(c.high, c.low, c.close), c)).toBe(true);
        expect(scaleOk(got('WCLPRICE'), wclpriceRef(c.high, c.low, c.close), c)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
