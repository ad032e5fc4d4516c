import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { loadKernelsNode } from '../../src/kernels/node';
import type { Kernels } from '../../src/kernels/index';
import { smaRef, emaRef } from '../../src/kernels/reference';

const talib = createRequire(import.meta.url)('talib') as {
  execute(o: Record<string, unknown>): { begIndex: number; nbElement: number; result: Record<string, number[]> };
};

/** TA-Lib's output laid out one value per input row, NaN before begIndex. */
function oracle(name: string, input: Float64Array, period: number): Float64Array {
  const out = new Float64Array(input.length).fill(NaN);
  if (input.length === 0) return out;
  const r = talib.execute({ name, startIdx: 0, endIdx: input.length - 1, inReal: Array.from(input), optInTimePeriod: period });
  const vals = r.result.outReal ?? [];
  for (let i = 0; i < r.nbElement; i++) out[r.begIndex + i] = vals[i];
  return out;
}

function randomWalk(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const x = new Float64Array(n);
  let p = 100;
  for (let i = 0; i < n; i++) x[i] = p *= Math.exp((rnd() - 0.5) * 0.04);
  return x;
}

let k: Kernels;
beforeAll(async () => {
  k = await loadKernelsNode();
});

describe('kernel module', () => {
  it('reports SIMD and ABI', () => {
    expect(k.simd).toBe(true);
    expect(k.abiVersion).toBe(1);
  });

  it('committed ABI types equal the compiler output (no drift)', () => {
    const gen = readFileSync(new URL('../../build/kernels.d.ts', import.meta.url), 'utf8');
    const committed = readFileSync(new URL('../../src/kernels/abi.generated.d.ts', import.meta.url), 'utf8');
    expect(committed.split('\n').slice(1).join('\n')).toBe(gen);
  });

  it('views survive memory growth', () => {
    const a = k.alloc(4);
    a.view().set([1, 2, 3, 4]);
    const before = k.memoryBytes();
    const big = k.alloc(4_000_000); // forces memory.grow
    expect(k.memoryBytes()).toBeGreaterThan(before);
    expect(Array.from(a.view())).toEqual([1, 2, 3, 4]);
    big.free();
    a.free();
  });

  it('heap does not grow over 10,000 kernel calls', () => {
    const x = randomWalk(1000, 7);
    const out = new Float64Array(1000);
    k.run('sma', x, 20, out);
    const before = k.memoryBytes();
    for (let i = 0; i < 10_000; i++) k.run(i % 2 ? 'sma' : 'ema', x, 2 + (i % 50), out);
    expect(k.memoryBytes()).toBe(before);
  });
});

describe.each(['sma', 'ema'] as const)('%s', (fn) => {
  const NAME = fn.toUpperCase();
  const ref = fn === 'sma' ? smaRef : emaRef;

  it.each([2, 3, 5, 14, 30, 200, 1000])('equals TA-Lib exactly on a random walk, period %i', (p) => {
    const x = randomWalk(5000, p);
    const got = k.run(fn, x, p);
    const want = oracle(NAME, x, p);
    expect(Array.from(got)).toEqual(Array.from(want)); // bit-identical, NaN warm-up included
  });

  it('equals TA-Lib on adversarial series (flat, spikes, huge and tiny magnitudes)', () => {
    const series: Float64Array[] = [
      new Float64Array(300).fill(42),
      Float64Array.from({ length: 300 }, (_, i) => (i % 37 === 0 ? 1e6 : 1)),
      Float64Array.from({ length: 300 }, (_, i) => 1e12 + i * 1e-3),
      Float64Array.from({ length: 300 }, (_, i) => 1e-12 * (1 + Math.sin(i))),
      Float64Array.from({ length: 300 }, (_, i) => (i % 2 ? -1 : 1) * 1e8),
    ];
    for (const x of series) for (const p of [2, 10, 100, 300]) {
      expect(Array.from(k.run(fn, x, p))).toEqual(Array.from(oracle(NAME, x, p)));
    }
  });

  it('short input and empty input give all-NaN / empty output', () => {
    expect(Array.from(k.run(fn, Float64Array.of(1, 2, 3), 5)).every(Number.isNaN)).toBe(true);
    expect(k.run(fn, new Float64Array(0), 5).length).toBe(0);
    // exactly `period` values: one valid value at the end
    const r = k.run(fn, Float64Array.of(1, 2, 3), 3);
    expect(Number.isNaN(r[1]) && r[2] === 2).toBe(true);
  });

  it('period 1 returns the input', () => {
    const x = randomWalk(50, 3);
    expect(Array.from(k.run(fn, x, 1))).toEqual(Array.from(x));
  });

  it('a NaN input propagates to every later value, as in TA-Lib', () => {
    const x = randomWalk(100, 9);
    x[40] = NaN;
    const got = k.run(fn, x, 10);
    expect(got.slice(40).every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(got[39])).toBe(false);
    expect(Array.from(got)).toEqual(Array.from(oracle(NAME, x, 10)));
  });

  it('matches the plain-TS reference on random inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 60 }),
        (arr, p) => {
          const x = Float64Array.from(arr);
          const got = k.run(fn, x, p);
          const want = ref(x, p);
          for (let i = 0; i < x.length; i++) {
            if (Number.isNaN(want[i])) expect(Number.isNaN(got[i])).toBe(true);
            else expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want[i])));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
