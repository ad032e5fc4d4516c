// The WASM backtest kernel (assembly/backtest.ts via simulate.ts) equals the plain-TS reference simulator on random
// bars, flags and settings covering every option, many columns per call; plus the kernel's record-capacity contract
// and a look-ahead guard (truncating the data at row k changes nothing before row k − 1).
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { loadKernelsNode } from '../../src/kernels/node';
import type { Kernels } from '../../src/kernels/index';
import { simulateReference, summarizeReference, type SimResult } from '../../src/engine/backtest/reference';
import { simulateColumns } from '../../src/engine/backtest/simulate';
import { encodeSimSettings, type SimBars, type SimSeries, type SimSettings, type StopRule } from '../../src/engine/backtest/settings';
import * as L from '../../assembly/backtest-layout';
import type { Trade } from '../../src/shared/backtest';

let k: Kernels;
beforeAll(async () => {
  k = await loadKernelsNode();
});

interface Case {
  bars: SimBars;
  flags: Uint8Array[];
  firstBars: number[];
  settings: SimSettings;
  series: SimSeries;
}

/** Bars from a seeded random walk with overnight gaps, occasional flat bars and NaN rows (whole or partial). */
function makeBars(n: number, seed: number, nanRate: number): SimBars {
  let s = seed >>> 0 || 1;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const b: SimBars = { ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n) };
  let p = 50 + 100 * r();
  for (let i = 0; i < n; i++) {
    const gap = r() < 0.15 ? (r() - 0.5) * 0.2 : (r() - 0.5) * 0.01;
    const o = p * (1 + gap);
    const c = r() < 0.05 ? o : o * (1 + (r() - 0.5) * 0.08);
    const h = Math.max(o, c) * (1 + r() * 0.03);
    const l = Math.min(o, c) * (1 - r() * 0.03);
    b.ts[i] = 1_700_000_000_000 + i * 86_400_000;
    b.open[i] = o; b.high[i] = h; b.low[i] = l; b.close[i] = c;
    if (r() < nanRate) {
      const which = Math.floor(r() * 5); // 0: whole row, 1..4: one field
      if (which === 0 || which === 1) b.open[i] = NaN;
      if (which === 0 || which === 2) b.high[i] = NaN;
      if (which === 0 || which === 3) b.low[i] = NaN;
      if (which === 0 || which === 4) b.close[i] = NaN;
    }
    p = c;
  }
  return b;
}

function makeSeries(n: number, seed: number, lo: number, hi: number, nanRate: number): Float64Array {
  let s = (seed * 7919) >>> 0 || 3;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Float64Array.from({ length: n }, () => (r() < nanRate ? NaN : r() < 0.03 ? 0 : lo + (hi - lo) * r()));
}

const stopArb: fc.Arbitrary<StopRule | null> = fc.oneof(
  fc.constant(null),
  fc.record({ kind: fc.constant('pct' as const), value: fc.oneof(fc.double({ min: 0.001, max: 0.2, noNaN: true }), fc.constant(0)) }),
  fc.record({ kind: fc.constant('atr' as const), value: fc.double({ min: 0.1, max: 4, noNaN: true }) }),
);

const settingsArb: fc.Arbitrary<SimSettings> = fc.record({
  direction: fc.constantFrom('long' as const, 'short' as const, 'long_short' as const),
  cash: fc.oneof(fc.constant(10_000), fc.double({ min: 50, max: 1e6, noNaN: true })),
  fill: fc.constantFrom('next_open' as const, 'close' as const),
  sizing: fc.oneof(
    fc.constant({ mode: 'all_in' as const, value: 0 }),
    fc.record({ mode: fc.constant('percent_equity' as const), value: fc.double({ min: 0.05, max: 1, noNaN: true }) }),
    fc.record({ mode: fc.constant('units' as const), value: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0.5, max: 50, noNaN: true })) }),
    fc.record({ mode: fc.constant('cash' as const), value: fc.double({ min: 10, max: 20_000, noNaN: true }) }),
    fc.record({ mode: fc.constant('volatility_target' as const), value: fc.double({ min: 0.02, max: 0.5, noNaN: true }) }),
  ),
  step: fc.constantFrom(1, 1e-8, 0.01, 0.5, 3),
  commissionRate: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.01, noNaN: true })),
  commissionFixed: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5, noNaN: true })),
  slip: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.005, noNaN: true })),
  spread: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.005, noNaN: true })),
  stopLoss: stopArb,
  takeProfit: stopArb,
  trailingStop: stopArb,
  stopReference: fc.constantFrom('fill' as const, 'signal_close' as const),
  // Risk limits: often none; else a cap that binds (small) or not (1), and a drawdown stop from tight to loose.
  maxPositionPct: fc.oneof(fc.constant(null), fc.constant(1), fc.double({ min: 0.01, max: 1, noNaN: true })),
  maxDrawdownStop: fc.oneof(fc.constant(null), fc.double({ min: 0.001, max: 0.05, noNaN: true }), fc.double({ min: 0.05, max: 0.999, noNaN: true })),
});

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    n: fc.integer({ min: 0, max: 70 }),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    nanRate: fc.constantFrom(0, 0, 0.05, 0.2),
    density: fc.constantFrom(0.1, 0.3, 0.7),
    ncols: fc.integer({ min: 1, max: 5 }),
    settings: settingsArb,
  })
  .chain(({ n, seed, nanRate, density, ncols, settings }) =>
    fc.record({
      flags: fc.array(fc.array(fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 0, max: 15 }) }, { weight: Math.round(1 / density), arbitrary: fc.constant(0) }), { minLength: n, maxLength: n }), { minLength: ncols, maxLength: ncols }),
      firstBars: fc.array(fc.integer({ min: 0, max: n + 2 }), { minLength: ncols, maxLength: ncols }),
    }).map(({ flags, firstBars }) => ({
      bars: makeBars(n, seed, nanRate),
      flags: flags.map((f) => Uint8Array.from(f)),
      firstBars,
      settings,
      series: {
        atrStopLoss: makeSeries(n, seed + 1, 0.2, 5, nanRate),
        atrTakeProfit: makeSeries(n, seed + 2, 0.2, 5, nanRate),
        atrTrailingStop: makeSeries(n, seed + 3, 0.2, 5, nanRate),
        sigma: makeSeries(n, seed + 4, 0.05, 0.8, nanRate),
      },
    })),
  );

/** Bit-for-bit equality (NaN equals NaN, and +0 ≠ −0 is tolerated only as a value). */
function sameArray(got: Float64Array, want: Float64Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const ok = got[i] === want[i] || (Number.isNaN(got[i]) && Number.isNaN(want[i]));
    if (!ok) expect(got[i], `${what}[${i}]`).toBe(want[i]);
  }
}

function sameTrades(got: Trade[], want: Trade[], what: string): void {
  expect(got.length, `${what}: trade count`).toBe(want.length);
  got.forEach((t, j) => expect(t, `${what}: trade ${j}`).toEqual(want[j]));
}

describe('backtest kernel ≡ reference simulator', () => {
  it('equal on random bars, flags and settings, many columns per call (bit for bit)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const got = simulateColumns(k, c.bars, c.flags, c.firstBars, c.settings, c.series, { equity: true, cashPosition: true, trades: true });
        c.flags.forEach((f, j) => {
          const want = simulateReference(c.bars, f, c.firstBars[j], c.settings, c.series);
          sameArray(got.equity![j], want.equity, `col ${j} equity`);
          sameArray(got.cash![j], want.cash, `col ${j} cash`);
          sameArray(got.position![j], want.position, `col ${j} position`);
          sameTrades(got.trades![j], want.trades, `col ${j}`);
          expect(got.summary[j], `col ${j} summary`).toEqual(summarizeReference(want, c.settings.cash));
        });
      }),
      { numRuns: 1500, seed: 20261125 },
    );
  });

  it('actually exercises every exit reason, both directions, skips and reversals', () => {
    const reasons = new Set<string>();
    const dirs = new Set<string>();
    fc.assert(
      fc.property(caseArb, (c) => {
        c.flags.forEach((f, j) => {
          for (const t of simulateReference(c.bars, f, c.firstBars[j], c.settings, c.series).trades) {
            reasons.add(t.exit_reason);
            dirs.add(t.direction);
          }
        });
      }),
      { numRuns: 400, seed: 7 },
    );
    expect([...reasons].sort()).toEqual(['end', 'signal', 'stop_loss', 'take_profit', 'trailing_stop']);
    expect([...dirs].sort()).toEqual(['long', 'short']);
  });

  it('actually exercises both risk limits: each changes the trades of many random columns', () => {
    // A limit "bites" in a column when dropping it (null) changes the column's trades.
    let capped = 0, blocked = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        c.flags.forEach((f, j) => {
          const s = c.settings;
          const trades = (over: Partial<SimSettings>) =>
            JSON.stringify(simulateReference(c.bars, f, c.firstBars[j], { ...s, ...over }, c.series).trades);
          const base = trades({});
          if (s.maxPositionPct !== null && trades({ maxPositionPct: null }) !== base) capped++;
          if (s.maxDrawdownStop !== null && trades({ maxDrawdownStop: null }) !== base) blocked++;
        });
      }),
      { numRuns: 400, seed: 11 },
    );
    expect(capped).toBeGreaterThan(20);
    expect(blocked).toBeGreaterThan(20);
  });

  it('one big column-major flags block gives the same as one array per column', () => {
    const bars = makeBars(300, 99, 0.02);
    const cols = [0, 1, 2, 3].map((j) => Uint8Array.from({ length: 300 }, (_, i) => ((i * 7 + j * 13) % 11 === 0 ? 1 : (i * 5 + j) % 9 === 0 ? 2 : 0)));
    const block = new Uint8Array(1200);
    cols.forEach((f, j) => block.set(f, j * 300));
    const s: SimSettings = { direction: 'long', cash: 1e4, fill: 'next_open', sizing: { mode: 'all_in', value: 0 }, step: 1, commissionRate: 0.001, commissionFixed: 1, slip: 0.0005, spread: 0, stopLoss: { kind: 'pct', value: 0.03 }, takeProfit: null, trailingStop: null, stopReference: 'fill', maxPositionPct: null, maxDrawdownStop: null };
    const a = simulateColumns(k, bars, cols, [5, 10, 0, 40], s);
    const b = simulateColumns(k, bars, block, [5, 10, 0, 40], s);
    expect(b.trades).toEqual(a.trades);
    b.equity!.forEach((e, j) => sameArray(e, a.equity![j], `col ${j}`));
    expect(a.trades!.every((t) => t.length > 3)).toBe(true);
  });

  it('reports −needed instead of overflowing a too-small record buffer, and counts with records off', () => {
    const n = 200;
    const bars = makeBars(n, 5, 0);
    const flags = Uint8Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : i % 4 === 2 ? 2 : 0));
    const ex = k.exports;
    const px = k.alloc(4 * n);
    const set = k.alloc(L.SET_FIELDS);
    const rec = k.alloc(3 * L.REC_FIELDS + 8); // capacity 3 plus a guard zone
    const fl = ex.alloc(n) >>> 0;
    const fb = ex.alloc(8) >>> 0;
    try {
      px.view().set(bars.open, 0); px.view().set(bars.high, n); px.view().set(bars.low, 2 * n); px.view().set(bars.close, 3 * n);
      encodeSimSettings({ direction: 'long', cash: 1e4, fill: 'next_open', sizing: { mode: 'all_in', value: 0 }, step: 1, commissionRate: 0, commissionFixed: 0, slip: 0, spread: 0, stopLoss: null, takeProfit: null, trailingStop: null, stopReference: 'fill', maxPositionPct: null, maxDrawdownStop: null }, set.view());
      new Uint8Array(ex.memory.buffer, fl, n).set(flags);
      new Int32Array(ex.memory.buffer, fb, 1)[0] = 0;
      rec.view().fill(-7);
      const call = (recPtr: number, cap: number) =>
        ex.backtestColumns(px.ptr, px.ptr + 8 * n, px.ptr + 16 * n, px.ptr + 24 * n, n, fl, fb, 1, set.ptr, 0, 0, 0, 0, 0, 0, 0, recPtr, cap, 0);
      const got = call(rec.ptr, 3);
      expect(got).toBe(-50); // 50 round trips: entries every 4 rows, exits 2 rows later
      expect(Array.from(rec.view().subarray(3 * L.REC_FIELDS))).toEqual(new Array(8).fill(-7)); // guard untouched
      expect(rec.view()[2 * L.REC_FIELDS + L.REC_ENTRY_INDEX]).toBe(9); // the third trade was written
      expect(call(0, 0)).toBe(50);
    } finally {
      px.free(); set.free(); rec.free(); ex.dealloc(fl); ex.dealloc(fb);
    }
  });

  it('simulateColumns retries with a larger record buffer when the first guess is too small', () => {
    const n = 2000;
    const bars = makeBars(n, 17, 0);
    const flags = Uint8Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 2));
    const s: SimSettings = { direction: 'long', cash: 1e4, fill: 'close', sizing: { mode: 'all_in', value: 0 }, step: 1e-8, commissionRate: 0, commissionFixed: 0, slip: 0, spread: 0, stopLoss: null, takeProfit: null, trailingStop: null, stopReference: 'fill', maxPositionPct: null, maxDrawdownStop: null };
    const got = simulateColumns(k, bars, [flags, flags, flags], [0, 0, 1], s); // 3 × ~1000 trades > first guess 4096? no: 2999
    const want = simulateReference(bars, flags, 0, s);
    expect(got.trades![0]).toEqual(want.trades);
    const big = simulateColumns(k, bars, Array.from({ length: 10 }, () => flags), new Array(10).fill(0), s); // 10,000 > 4096
    expect(big.trades!.map((t) => t.length)).toEqual(new Array(10).fill(1000));
    expect(big.trades![9]).toEqual(want.trades);
  });

  it('leaves the WASM heap unchanged over many calls', () => {
    const bars = makeBars(500, 3, 0.01);
    const flags = Uint8Array.from({ length: 500 }, (_, i) => (i % 6 === 0 ? 1 : i % 6 === 3 ? 6 : 0));
    const s: SimSettings = { direction: 'long_short', cash: 1e4, fill: 'next_open', sizing: { mode: 'all_in', value: 0 }, step: 1, commissionRate: 0, commissionFixed: 0, slip: 0, spread: 0, stopLoss: null, takeProfit: null, trailingStop: null, stopReference: 'fill', maxPositionPct: null, maxDrawdownStop: null };
    simulateColumns(k, bars, [flags, flags], [0, 0], s);
    const before = k.memoryBytes();
    for (let i = 0; i < 300; i++) simulateColumns(k, bars, [flags, flags], [i % 50, 0], s, {}, { cashPosition: true });
    expect(k.memoryBytes()).toBe(before);
  });
});

describe('look-ahead guard: truncating bars and flags at row k', () => {
  // With the data cut to rows 0..k−1, row k−1 becomes the last row: its decision changes (next_open: none; close:
  // exits only) and the `end` close moves there. So rows 0..k−2 must be unchanged, as must every trade closed
  // before row k−1; row k−1 itself and trades closed at it may differ.
  const cut = (b: SimBars, m: number): SimBars => ({ ts: b.ts.slice(0, m), open: b.open.slice(0, m), high: b.high.slice(0, m), low: b.low.slice(0, m), close: b.close.slice(0, m) });
  const cutSeries = (s: SimSeries, m: number): SimSeries => Object.fromEntries(Object.entries(s).map(([key, v]) => [key, (v as Float64Array).slice(0, m)]));

  function check(full: SimResult, part: SimResult, m: number): void {
    for (const key of ['equity', 'cash', 'position'] as const) {
      sameArray(part[key].subarray(0, m - 1), full[key].subarray(0, m - 1), key);
    }
    const closedBefore = (r: SimResult) => r.trades.filter((t) => t.exit_index < m - 1);
    expect(closedBefore(part)).toEqual(closedBefore(full));
  }

  it('changes nothing before row k − 1 (reference and kernel)', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0, max: 1, noNaN: true }), (c, frac) => {
        const n = c.bars.close.length;
        if (n < 2) return;
        const m = 1 + Math.floor(frac * (n - 1)); // 1..n−1 rows kept
        const flagsCut = c.flags.map((f) => f.slice(0, m));
        const full = simulateColumns(k, c.bars, c.flags, c.firstBars, c.settings, c.series, { cashPosition: true });
        const part = simulateColumns(k, cut(c.bars, m), flagsCut, c.firstBars, c.settings, cutSeries(c.series, m), { cashPosition: true });
        c.flags.forEach((f, j) => {
          const asResult = (r: typeof full): SimResult => ({ equity: r.equity![j], cash: r.cash![j], position: r.position![j], trades: r.trades![j] });
          check(asResult(full), asResult(part), m);
          check(simulateReference(c.bars, f, c.firstBars[j], c.settings, c.series), simulateReference(cut(c.bars, m), flagsCut[j], c.firstBars[j], c.settings, cutSeries(c.series, m)), m);
        });
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('is sharp: row k − 1 itself does change in some cases (the end close moves there)', () => {
    const bars = makeBars(40, 11, 0);
    const flags = Uint8Array.from({ length: 40 }, (_, i) => (i === 2 ? 1 : 0));
    const s: SimSettings = { direction: 'long', cash: 1e4, fill: 'next_open', sizing: { mode: 'all_in', value: 0 }, step: 1, commissionRate: 0.001, commissionFixed: 0, slip: 0, spread: 0, stopLoss: null, takeProfit: null, trailingStop: null, stopReference: 'fill', maxPositionPct: null, maxDrawdownStop: null };
    const full = simulateReference(bars, flags, 0, s);
    const part = simulateReference(cut(bars, 20), flags.slice(0, 20), 0, s);
    expect(full.position[19]).toBeGreaterThan(0);
    expect(part.position[19]).toBe(0); // closed at the new last row
    expect(part.cash[19]).not.toBe(full.cash[19]);
    check(full, part, 20);
  });
});
