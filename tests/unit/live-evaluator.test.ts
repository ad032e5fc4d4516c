// The incremental live evaluator (src/engine/live/evaluator.ts) against the batch strategySignals: for random bars
// and random parameters of every built-in strategy, the flags and strength it returns for each pushed bar equal the
// batch signals of the bars received so far, at the last row, bit for bit — at every step (and equally the batch
// over the whole series, row by row). Adversarial series (flat runs, spikes) cover zero-width bands and ties.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadKernelsNode } from '../../src/kernels/node';
import type { Kernels } from '../../src/kernels/index';
import type { StrategySpec } from '../../src/shared/backtest';
import type { Bars } from '../../src/shared/types';
import { strategySignals } from '../../src/engine/strategy/index';
import { createLiveEvaluator } from '../../src/engine/live/index';
import { adversarialOhlcv, randomOhlcv, type Ohlcv } from './indicators/harness';

let k: Kernels;
beforeAll(async () => {
  k = await loadKernelsNode();
});

function toBars(c: Ohlcv, n = c.close.length): Bars {
  return {
    symbol: 'TEST',
    timeframe: '1m',
    ts: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 2, 9, 30) + i * 60_000),
    open: c.open.slice(0, n),
    high: c.high.slice(0, n),
    low: c.low.slice(0, n),
    close: c.close.slice(0, n),
    volume: c.volume.slice(0, n),
  };
}

/** Random valid specs of the four built-ins, with short periods so that signals happen within a few hundred bars. */
const specArb: fc.Arbitrary<StrategySpec> = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 20 })).map(
    ([fast, d]): StrategySpec => ({ type: 'sma_cross', params: { fast, slow: fast + d } }),
  ),
  fc.tuple(fc.integer({ min: 2, max: 20 }), fc.double({ min: 5, max: 49, noNaN: true }), fc.double({ min: 0.01, max: 45, noNaN: true })).map(
    ([period, lower, gap]): StrategySpec => ({ type: 'rsi_mean_reversion', params: { period, lower, upper: Math.min(99.9, lower + gap) } }),
  ),
  fc.tuple(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 2, max: 9 }), fc.boolean()).map(
    ([fast, d, signal, zero_filter]): StrategySpec => ({ type: 'macd_momentum', params: { fast, slow: fast + d, signal, zero_filter } }),
  ),
  fc.tuple(fc.integer({ min: 2, max: 30 }), fc.double({ min: 0.1, max: 3.5, noNaN: true })).map(
    ([period, kk]): StrategySpec => ({ type: 'bollinger_breakout', params: { period, k: kk } }),
  ),
);

/** Pushes every bar; returns the live flags and strengths per row. */
function live(spec: StrategySpec, c: Ohlcv): { flags: number[]; strength: number[]; warmup: number } {
  const ev = createLiveEvaluator(spec);
  const flags: number[] = [];
  const strength: number[] = [];
  for (let i = 0; i < c.close.length; i++) {
    const s = ev.push({ open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] });
    expect(s.index).toBe(i);
    flags.push(s.flags);
    strength.push(s.strength);
  }
  return { flags, strength, warmup: ev.warmup };
}

describe('createLiveEvaluator equals strategySignals', () => {
  it('at every step: row i equals the batch over bars 0..i at its last row (random bars, random specs)', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 90 }), (spec, seed, n) => {
        const c = randomOhlcv(n, seed, 100, 0.01);
        const got = live(spec, c);
        for (let i = 0; i < n; i++) {
          const b = strategySignals(k, spec, toBars(c, i + 1));
          expect(got.flags[i], `${JSON.stringify(spec)} row ${i} flags`).toBe(b.flags[i]);
          expect(Object.is(got.strength[i], b.strength[i]), `${JSON.stringify(spec)} row ${i} strength ${got.strength[i]} vs ${b.strength[i]}`).toBe(true);
          if (i === n - 1) expect(got.warmup).toBe(b.warmup);
        }
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('over long series: every row equals the batch over the whole series', () => {
    let flagged = 0;
    fc.assert(
      fc.property(specArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 100, max: 1500 }), (spec, seed, n) => {
        const c = randomOhlcv(n, seed, 50, 0.015);
        const got = live(spec, c);
        const b = strategySignals(k, spec, toBars(c));
        expect(got.warmup).toBe(b.warmup);
        expect(Uint8Array.from(got.flags)).toEqual(b.flags);
        expect(Float64Array.from(got.strength)).toEqual(b.strength);
        flagged += got.flags.filter((f) => f !== 0).length;
      }),
      { numRuns: 80, seed: 11 },
    );
    expect(flagged).toBeGreaterThan(500); // the comparison is not vacuous
  });

  it('on adversarial series (flat runs, spikes, tiny and huge prices) for every built-in', () => {
    const specs: StrategySpec[] = [
      { type: 'sma_cross', params: { fast: 3, slow: 7 } },
      { type: 'rsi_mean_reversion', params: { period: 5, lower: 45, upper: 55 } },
      { type: 'macd_momentum', params: { fast: 3, slow: 8, signal: 4, zero_filter: true } },
      { type: 'bollinger_breakout', params: { period: 5, k: 1 } },
    ];
    for (const [name, c] of Object.entries(adversarialOhlcv(300))) {
      for (const spec of specs) {
        const got = live(spec, c);
        const b = strategySignals(k, spec, toBars(c));
        expect(Uint8Array.from(got.flags), `${name} ${spec.type}`).toEqual(b.flags);
        expect(Float64Array.from(got.strength), `${name} ${spec.type}`).toEqual(b.strength);
      }
    }
  });

  it('on flat runs where the close sits exactly on the middle band (the ≥/≤ tie of the Bollinger exits)', () => {
    const close = Float64Array.from([10, 10, 10, 10, 10, 10, 11, 9, 10, 10, 10, 10, 10, 10, 12, 10, 10, 10, 10, 10, 8]);
    const c: Ohlcv = { open: close, high: close, low: close, close, volume: new Float64Array(close.length).fill(1) };
    for (const spec of [
      { type: 'bollinger_breakout', params: { period: 5, k: 2 } },
      { type: 'sma_cross', params: { fast: 2, slow: 4 } },
    ] as StrategySpec[]) {
      const got = live(spec, c);
      const b = strategySignals(k, spec, toBars(c));
      expect(Uint8Array.from(got.flags)).toEqual(b.flags);
      expect(Float64Array.from(got.strength)).toEqual(b.strength);
    }
    // The case exercised: row 14 breaks out of a flat run (close 12 above the upper band) and crosses the middle band from a
    // close that sat exactly on it: entry_long + exit_short.
    const got = live({ type: 'bollinger_breakout', params: { period: 5, k: 2 } }, c);
    expect(got.flags[14]).toBe(1 | 8);
  });

  it('rejects invalid specs naming the field, rules strategies and bad bars with clear messages', () => {
    expect(() => createLiveEvaluator({ type: 'sma_cross', params: { fast: 40, slow: 30 } })).toThrow(/strategy\.params\.fast/);
    expect(() => createLiveEvaluator({ type: 'rules', rules: { entry_long: { op: '>', left: { price: 'close' }, right: 1 } } })).toThrow(
      /strategy\.type: live signals support sma_cross, rsi_mean_reversion, macd_momentum, bollinger_breakout; got "rules"/,
    );
    const ev = createLiveEvaluator({ type: 'rsi_mean_reversion' });
    expect(() => ev.push({ close: 'x' } as never)).toThrow(/bar 0: close must be a number/);
  });
});
