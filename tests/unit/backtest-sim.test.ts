// Hand-checked fill rules of docs/semantics.md §§ 1–7: each case is a tiny bar series with the expected numbers
// worked out by hand in a comment. Every case runs through the reference simulator and the WASM kernel; both must
// give the hand numbers (and each other, bit for bit).
import { describe, it, expect, beforeAll } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/node';
import type { Kernels } from '../../src/kernels/index';
import { simulateReference, summarizeReference, type SimResult } from '../../src/engine/backtest/reference';
import { simulateColumns, simulateOne } from '../../src/engine/backtest/simulate';
import { validateSimSettings, type SimBars, type SimSeries, type SimSettings } from '../../src/engine/backtest/settings';
import { SIGNAL_ENTRY_LONG as EL, SIGNAL_EXIT_LONG as XL, SIGNAL_ENTRY_SHORT as ES, SIGNAL_EXIT_SHORT as XS } from '../../src/shared/backtest';

let k: Kernels;
beforeAll(async () => {
  k = await loadKernelsNode();
});

/** Bars from [open, high, low, close] rows; ts = row × 1000. */
function bars(rows: number[][]): SimBars {
  const col = (j: number) => Float64Array.from(rows, (r) => r[j]);
  return { ts: Float64Array.from(rows, (_, i) => i * 1000), open: col(0), high: col(1), low: col(2), close: col(3) };
}

function settings(over: Partial<SimSettings> = {}): SimSettings {
  return {
    direction: 'long', cash: 100, fill: 'next_open', sizing: { mode: 'all_in', value: 0 }, step: 1,
    commissionRate: 0, commissionFixed: 0, slip: 0, spread: 0, stopLoss: null, takeProfit: null, trailingStop: null,
    stopReference: 'fill', maxPositionPct: null, maxDrawdownStop: null, ...over,
  };
}

/** Runs the reference and the kernel; asserts they agree bit for bit and returns the reference result. */
function run(b: SimBars, flags: number[], over: Partial<SimSettings> = {}, firstBar = 0, series: SimSeries = {}): SimResult {
  const s = settings(over);
  validateSimSettings(s);
  const f = Uint8Array.from(flags);
  const want = simulateReference(b, f, firstBar, s, series);
  const got = simulateOne(k, b, f, firstBar, s, series);
  expect(Array.from(got.equity)).toEqual(Array.from(want.equity));
  expect(Array.from(got.cash)).toEqual(Array.from(want.cash));
  expect(Array.from(got.position)).toEqual(Array.from(want.position));
  expect(got.trades).toEqual(want.trades);
  return want;
}

const arr = (x: Float64Array) => Array.from(x);

// Four rising bars used by several cases.
const UP = bars([
  [10, 11, 9, 10],
  [11, 12, 10, 12],
  [12, 13, 11, 13],
  [13, 14, 12, 14],
]);

describe('§ 1 decisions and fills', () => {
  it('next_open fills at the next open', () => {
    // Entry decided at row 0 fills at O[1] = 11: floor(100/11) = 9 units, cash 100 − 99 = 1.
    // Exit decided at row 2 fills at O[3] = 13: cash 1 + 117 = 118. Equity: 100, 1 + 9·12, 1 + 9·13, 118.
    // mae/mfe: rows held open→close are 1 (H 12, L 10) and 2 (H 13, L 11); row 3 was left at its open.
    // mfe = 13/11 − 1, mae = 10/11 − 1.
    const r = run(UP, [EL, 0, XL, 0]);
    expect(arr(r.equity)).toEqual([100, 109, 118, 118]);
    expect(arr(r.position)).toEqual([0, 9, 9, 0]);
    expect(arr(r.cash)).toEqual([100, 1, 1, 118]);
    expect(r.trades).toEqual([{
      entry_index: 1, exit_index: 3, entry_time: 1000, exit_time: 3000, direction: 'long', size: 9, entry_price: 11,
      exit_price: 13, pnl: 18, return_pct: 13 / 11 - 1, commission: 0, exit_reason: 'signal', mae: 10 / 11 - 1,
      mfe: 13 / 11 - 1, bars_held: 2,
    }]);
  });

  it('close fills at the signal row close', () => {
    // Entry at C[0] = 10: 10 units, cash 0. Exit at C[2] = 13: cash 130. Rows 1 (H 12, L 10) and 2 (held from its
    // open to the exit at its close: H 13, L 11) count: mfe = 13/10 − 1 = 0.3, mae = min(0, 10/10 − 1) = 0.
    const r = run(UP, [EL, 0, XL, 0], { fill: 'close' });
    expect(arr(r.equity)).toEqual([100, 120, 130, 130]);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ entry_index: 0, exit_index: 2, size: 10, entry_price: 10, exit_price: 13, pnl: 30, bars_held: 2, mae: 0 });
    expect(r.trades[0].mfe).toBeCloseTo(0.3, 15);
  });

  it('no decision before first_bar', () => {
    // Entry flags at rows 0 and 1, first_bar 1: the row-1 entry fills at O[2] = 12: 8 units, cash 4; the end close
    // at C[3] = 14 gives 4 + 112 = 116.
    const r = run(UP, [EL, EL, 0, 0], {}, 1);
    expect(arr(r.position)).toEqual([0, 0, 8, 0]);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ entry_index: 2, exit_index: 3, exit_reason: 'end', pnl: 16 });
    expect(r.equity[3]).toBe(116);
    expect(run(UP, [EL, EL, EL, EL], {}, 4).trades).toEqual([]); // first_bar beyond the data: nothing
  });

  it('last row: next_open takes no decision there; close only exits there; then the end close', () => {
    expect(run(UP, [0, 0, 0, EL]).trades).toEqual([]); // no next open
    expect(run(UP, [0, 0, 0, EL], { fill: 'close' }).trades).toEqual([]); // no opening at the last close
    // close: entry at C[2] = 13 (7 units, cash 9); exit flag at row 3 fills at C[3] = 14 with reason signal: 107.
    const sig = run(UP, [0, 0, EL, XL], { fill: 'close' });
    expect(sig.trades[0]).toMatchObject({ entry_index: 2, exit_index: 3, exit_reason: 'signal', pnl: 7 });
    expect(sig.equity[3]).toBe(107);
    // Without the exit flag the same fill is the end close.
    expect(run(UP, [0, 0, EL, 0], { fill: 'close' }).trades[0]).toMatchObject({ exit_index: 3, exit_reason: 'end', pnl: 7 });
    // next_open: the row-2 entry fills at O[3] = 13 and closes at C[3] = 14 the same row (bars_held 0).
    const eod = run(UP, [0, 0, EL, 0]);
    // Row 3 is held from its open to the end close at its close, so its high 14 and low 12 count for mfe/mae.
    expect(eod.trades[0]).toMatchObject({ entry_index: 3, exit_index: 3, exit_reason: 'end', pnl: 7, bars_held: 0, mfe: 14 / 13 - 1, mae: 12 / 13 - 1 });
    expect(arr(eod.position)).toEqual([0, 0, 0, 0]);
  });

  it('the end close pays slippage and commission like any exit', () => {
    // close: entry at C[0] = 10, slip 1 % → 10.1; rate 0, fixed 1: uMax = (100 − 1)/10.1 = 9.8 → 9; cash
    // 100 − 90.9 − 1 = 8.1. End at C[3] = 14 → 14 × 0.99 = 13.86: cash 8.1 + 124.74 − 1 = 131.84.
    const r = run(UP, [EL, 0, 0, 0], { fill: 'close', slip: 0.01, commissionFixed: 1 });
    expect(r.trades[0].exit_reason).toBe('end');
    expect(r.trades[0].exit_price).toBeCloseTo(13.86, 12);
    expect(r.equity[3]).toBeCloseTo(131.84, 10);
    expect(r.trades[0].pnl).toBeCloseTo(31.84, 10);
  });
});

// Rows for the direction cases: flat at 10, a gap to 12, then a close at 9.
const REV = bars([
  [10, 10, 10, 10],
  [10, 11, 9, 10],
  [10, 10, 10, 10],
  [12, 12, 12, 12],
  [11, 11, 9, 9],
]);

describe('§ 2 what a decision does', () => {
  it('long_short reverses at one price: close first, then open from the cash after it', () => {
    // Long 10 at O[1] = 10 (cash 0). Row 2's entry_short reverses at O[3] = 12: sell 10 → cash 120 (pnl 20), then
    // short uMax = 120/12 = 10 units → cash 240, position −10, equity 240 − 120 = 120. End at C[4] = 9: cash
    // 240 − 90 = 150 (pnl 30). Trade 1 saw rows 1–2 (H 11, L 9) and its exit 12: mfe 0.2, mae −0.1.
    // Trade 2 (short from 12) saw rows 3 (12/12) and 4 (H 11, L 9) and its exit 9: mfe 0.25, mae 0.
    const r = run(REV, [EL, 0, ES, 0, 0], { direction: 'long_short' });
    expect(arr(r.position)).toEqual([0, 10, 10, -10, 0]);
    expect(arr(r.equity)).toEqual([100, 100, 100, 120, 150]);
    expect(r.trades.map((t) => [t.direction, t.entry_index, t.exit_index, t.size, t.pnl, t.exit_reason])).toEqual([
      ['long', 1, 3, 10, 20, 'signal'],
      ['short', 3, 4, 10, 30, 'end'],
    ]);
    expect([r.trades[0].mfe, r.trades[0].mae]).toEqual([0.19999999999999996, -0.09999999999999998]);
    expect([r.trades[1].mfe, r.trades[1].mae]).toEqual([0.25, 0]);
  });

  it('direction long ignores entry_short; direction short ignores entry_long', () => {
    // long: 10 units at 10, held to the end close at 9: pnl −10.
    const lo = run(REV, [EL, 0, ES, 0, 0], { direction: 'long' });
    expect(lo.trades.map((t) => [t.direction, t.entry_index, t.exit_index, t.pnl, t.exit_reason])).toEqual([['long', 1, 4, -10, 'end']]);
    expect(lo.trades[0].mfe).toBeCloseTo(0.2, 15); // the high of 12 in row 3
    // short: floor(100/12) = 8 short at O[3] = 12 → cash 196; end at 9: 196 − 72 = 124.
    const sh = run(REV, [EL, 0, ES, 0, 0], { direction: 'short' });
    expect(sh.trades.map((t) => [t.direction, t.entry_index, t.exit_index, t.size, t.pnl])).toEqual([['short', 3, 4, 8, 24]]);
    expect(sh.equity[4]).toBe(124);
  });

  it('both entries at once: nothing when flat, no reversal when held (exit_long still closes)', () => {
    expect(run(REV, [EL | ES, 0, 0, 0, 0], { direction: 'long_short' }).trades).toEqual([]);
    const held = run(REV, [EL, EL | ES, 0, 0, 0], { direction: 'long_short' });
    expect(held.trades.map((t) => [t.direction, t.entry_index, t.exit_index])).toEqual([['long', 1, 4]]);
    const closed = run(REV, [EL, EL | ES | XL, 0, 0, 0], { direction: 'long_short' });
    expect(closed.trades.map((t) => [t.direction, t.entry_index, t.exit_index, t.exit_reason])).toEqual([['long', 1, 2, 'signal']]);
    // With direction long, entry_short is not allowed, so EL|ES is a plain entry_long.
    expect(run(REV, [EL | ES, 0, 0, 0, 0]).trades.map((t) => t.entry_index)).toEqual([1]);
  });

  it('no pyramiding; exits of the other side are ignored', () => {
    // Repeated entry_long: one position of 10 units; exit_short does not close a long.
    const r = run(REV, [EL, EL, EL | XS, EL, 0]);
    expect(arr(r.position)).toEqual([0, 10, 10, 10, 0]);
    expect(r.trades).toHaveLength(1);
    // A short is closed by exit_short at the next open: short 10 at O[1] = 10, covered at O[3] = 12: pnl −20.
    const s = run(REV, [ES, 0, XS | XL, 0, 0], { direction: 'short' });
    expect(s.trades.map((t) => [t.entry_index, t.exit_index, t.pnl, t.exit_reason])).toEqual([[1, 3, -20, 'signal']]);
  });
});

describe('§ 4 prices, costs and cash', () => {
  const B = bars([
    [100, 100, 100, 100],
    [110, 110, 110, 110],
  ]);
  it('long: slippage and spread on entry, slippage on exit, commission rate + fixed on both', () => {
    // slip 0.001, spread 0.002, rate 0.001, fixed 1, cash 1000, fill at close.
    // Entry: 100 × 1.003 = 100.3; uMax = 999 / (100.3 × 1.001) = 9.95 → 9; commission 0.001·9·100.3 + 1 = 1.9027;
    // cash 1000 − 902.7 − 1.9027 = 95.3973. Exit (end): 110 × 0.999 = 109.89; commission 0.98901 + 1 = 1.98901;
    // cash 95.3973 + 989.01 − 1.98901 = 1082.41829. pnl = 9 × 9.59 − 3.89171 = 82.41829;
    // return_pct = 109.89/100.3 − 1 − 3.89171/902.7 = 0.0956131605 − 0.0043112 = 0.09130196.
    const r = run(B, [EL, 0], { cash: 1000, fill: 'close', slip: 0.001, spread: 0.002, commissionRate: 0.001, commissionFixed: 1 });
    const t = r.trades[0];
    expect(t.entry_price).toBeCloseTo(100.3, 12);
    expect(t.exit_price).toBeCloseTo(109.89, 12);
    expect(t.size).toBe(9);
    expect(r.cash[0]).toBeCloseTo(95.3973, 10);
    expect(t.commission).toBeCloseTo(3.89171, 10);
    expect(t.pnl).toBeCloseTo(82.41829, 9);
    expect(r.equity[1]).toBeCloseTo(1082.41829, 9);
    expect(t.return_pct).toBeCloseTo(109.89 / 100.3 - 1 - 3.89171 / 902.7, 12);
  });

  it('short: the sale adds proceeds to cash, covering pays them back', () => {
    // Entry (sell): 100 × (1 − 0.003) = 99.7; uMax = 999 / (99.7 × 1.001) = 10.01 → 10; commission 0.997 + 1;
    // cash 1000 + 997 − 1.997 = 1995.003. Mark at 100: equity 1995.003 − 1000 = 995.003.
    // Cover at 110 × 1.001 = 110.11: commission 1.1011 + 1; cash 1995.003 − 1101.1 − 2.1011 = 891.8019.
    // pnl = −10 × (110.11 − 99.7) − 4.0981 = −108.1981.
    const r = run(B, [ES, 0], { direction: 'short', cash: 1000, fill: 'close', slip: 0.001, spread: 0.002, commissionRate: 0.001, commissionFixed: 1 });
    expect(r.position[0]).toBe(-10);
    expect(r.cash[0]).toBeCloseTo(1995.003, 9);
    expect(r.equity[0]).toBeCloseTo(995.003, 9);
    expect(r.equity[1]).toBeCloseTo(891.8019, 9);
    expect(r.trades[0].pnl).toBeCloseTo(-108.1981, 9);
    expect(r.trades[0].exit_price).toBeCloseTo(110.11, 12);
  });
});

describe('§ 6 sizing', () => {
  const P30 = bars([
    [30, 30, 30, 30],
    [30, 30, 30, 30],
  ]);
  const P100 = bars([
    [100, 100, 100, 100],
    [100, 100, 100, 100],
    [100, 100, 100, 100],
  ]);
  const size = (r: SimResult) => r.trades[0]?.size;

  it('all_in: whole units, fractional_step multiples, the default 1e-8 step', () => {
    expect(size(run(P30, [EL, 0], { fill: 'close' }))).toBe(3); // floor(100/30)
    const f = run(P30, [EL, 0], { fill: 'close', step: 0.01 }); // floor(3.333/0.01) = 333 → 3.33
    expect(size(f)).toBeCloseTo(3.33, 12);
    expect(f.cash[0]).toBeCloseTo(0.1, 9);
    expect(size(run(P30, [EL, 0], { fill: 'close', step: 1e-8 }))).toBeCloseTo(3.33333333, 12);
  });

  it('the cap counts commission; one more step down when rounding would make the order unaffordable', () => {
    // cash 100 at 10 with rate 0.25: uMax = 100 / 12.5 = 8, cost 80 + 20 = 100 (affordable); with fixed 0.01,
    // uMax = 99.99 / 12.5 = 7.9992 → 7.
    const B10 = bars([[10, 10, 10, 10], [10, 10, 10, 10]]);
    expect(size(run(B10, [EL, 0], { fill: 'close', commissionRate: 0.25 }))).toBe(8);
    expect(size(run(B10, [EL, 0], { fill: 'close', commissionRate: 0.25, commissionFixed: 0.01 }))).toBe(7);
    // cash 8392.32 at 46, fixed 1, step 0.01: uMax = 8391.32 / 46 = 182.42, but 18242 × 0.01 is
    // 182.42000000000002 in binary and costs 8392.320000000001 > 8392.32: one step down to 182.41 (cash 0.46).
    const B46 = bars([[46, 46, 46, 46], [46, 46, 46, 46]]);
    const r = run(B46, [EL, 0], { cash: 8392.32, fill: 'close', step: 0.01, commissionFixed: 1 });
    expect(size(r)).toBe(182.41);
    expect(r.cash[0]).toBeCloseTo(0.46, 9);
  });

  it('insufficient cash skips the order: no position, no trade', () => {
    const r = run(P30, [EL, 0], { cash: 10, fill: 'close' });
    expect(r.trades).toEqual([]);
    expect(arr(r.position)).toEqual([0, 0]);
    expect(arr(r.equity)).toEqual([10, 10]);
  });

  it('percent_equity, units (capped at what cash affords), cash amount', () => {
    expect(size(run(P100, [EL, 0, 0], { cash: 1000, fill: 'close', sizing: { mode: 'percent_equity', value: 0.5 } }))).toBe(5);
    expect(size(run(P100, [EL, 0, 0], { cash: 1000, fill: 'close', sizing: { mode: 'units', value: 3 } }))).toBe(3);
    expect(size(run(P100, [EL, 0, 0], { cash: 1000, fill: 'close', sizing: { mode: 'units', value: 30 } }))).toBe(10);
    expect(size(run(P100, [EL, 0, 0], { cash: 1000, fill: 'close', sizing: { mode: 'cash', value: 250 } }))).toBe(2); // 2.5 → 2
    expect(size(run(P100, [EL, 0, 0], { cash: 1000, fill: 'close', step: 0.5, sizing: { mode: 'cash', value: 250 } }))).toBe(2.5);
  });

  it('volatility_target uses σ of the signal row; NaN or zero σ skips the entry', () => {
    // next_open: signal row 0 has σ 0.4: 1000 × 0.2 / (0.4 × 100) = 5 units (row 1's σ 0.1 would give 20).
    const vt = { cash: 1000, sizing: { mode: 'volatility_target' as const, value: 0.2 } };
    expect(size(run(P100, [EL, 0, 0], vt, 0, { sigma: Float64Array.from([0.4, 0.1, 0.1]) }))).toBe(5);
    expect(run(P100, [EL, 0, 0], vt, 0, { sigma: Float64Array.from([NaN, 0.1, 0.1]) }).trades).toEqual([]);
    expect(run(P100, [EL, 0, 0], vt, 0, { sigma: Float64Array.from([0, 0.1, 0.1]) }).trades).toEqual([]);
    // σ so small the target asks for more than cash affords: capped at 10.
    expect(size(run(P100, [EL, 0, 0], vt, 0, { sigma: Float64Array.from([0.01, 0.1, 0.1]) }))).toBe(10);
  });
});

describe('§ 6 risk limits', () => {
  const P100 = bars([
    [100, 100, 100, 100],
    [100, 100, 100, 100],
    [100, 100, 100, 100],
  ]);
  const size = (r: SimResult) => r.trades[0]?.size;
  const at100 = { cash: 1000, fill: 'close' as const };
  const brief = (r: SimResult) => r.trades.map((t) => [t.direction, t.entry_index, t.exit_index, t.size, t.pnl, t.exit_reason]);

  it('max_position_pct caps the units at pct × equity / fill price, after the sizing mode and the affordability cap', () => {
    // all_in would buy 1000/100 = 10; the cap 0.25 × 1000 / 100 = 2.5 → 2 whole units, 2.5 with step 0.5.
    expect(size(run(P100, [EL, 0, 0], { ...at100, maxPositionPct: 0.25 }))).toBe(2);
    expect(size(run(P100, [EL, 0, 0], { ...at100, maxPositionPct: 0.25, step: 0.5 }))).toBe(2.5);
    // percent_equity 0.5 asks for 5: the cap 0.3 × 1000 / 100 = 3 binds; units 2 stays 2 (the cap never raises).
    expect(size(run(P100, [EL, 0, 0], { ...at100, maxPositionPct: 0.3, sizing: { mode: 'percent_equity', value: 0.5 } }))).toBe(3);
    expect(size(run(P100, [EL, 0, 0], { ...at100, maxPositionPct: 0.3, sizing: { mode: 'units', value: 2 } }))).toBe(2);
    // Cap 1 allows 10, but commission 1 % gives u_max = 1000 / 101 = 9.9 → 9: the tighter limit wins.
    expect(size(run(P100, [EL, 0, 0], { ...at100, maxPositionPct: 1, commissionRate: 0.01 }))).toBe(9);
    // Cap 0.05 × 1000 / 100 = 0.5 < one whole unit: the entry is skipped, no trade.
    const r = run(P100, [EL, 0, 0], { ...at100, maxPositionPct: 0.05 });
    expect(r.trades).toEqual([]);
    expect(arr(r.position)).toEqual([0, 0, 0]);
  });

  it('the cap reads the cash at the entry and the fill price: next open, and a reversal’s cash after its close', () => {
    // Decided at row 0 (C 100), filled at O[1] = 50: cap 0.5 × 1000 / 50 = 10 units (all_in alone: 20).
    const HALF = bars([[100, 100, 100, 100], [50, 50, 50, 50], [50, 50, 50, 50]]);
    expect(size(run(HALF, [EL, 0, 0], { cash: 1000, maxPositionPct: 0.5 }))).toBe(10);
    // REV, cap 0.5: long 0.5 × 100 / 10 = 5 units at O[1] = 10 (cash 50). Reversal at O[3] = 12: the close gives
    // cash 50 + 60 = 110, the short is 0.5 × 110 / 12 = 4.58 → 4 units (cash 158, equity 158 − 48 = 110). End at
    // C[4] = 9: cash 158 − 36 = 122. pnl: long 5 × 2 = 10, short 4 × 3 = 12.
    const r = run(REV, [EL, 0, ES, 0, 0], { direction: 'long_short', maxPositionPct: 0.5 });
    expect(arr(r.position)).toEqual([0, 5, 5, -4, 0]);
    expect(arr(r.equity)).toEqual([100, 100, 100, 110, 122]);
    expect(brief(r)).toEqual([
      ['long', 1, 3, 5, 10, 'signal'],
      ['short', 3, 4, 4, 12, 'end'],
    ]);
  });

  // fill at close, cash 100: long 10 at C[0] = 10 (cash 0); equity 120 at row 1 (the peak), 90 at row 2 (25 % below
  // it, the position still held); exit_long at row 3's close c3; entry_long at rows 4 and 5.
  const dd = (c3: number) =>
    bars([[10, 10, 10, 10], [12, 12, 12, 12], [9, 9, 9, 9], [c3, c3, c3, c3], [10, 10, 10, 10], [10, 10, 10, 10], [10, 10, 10, 10]]);
  const ddFlags = [EL, 0, 0, XL, EL, EL, 0];

  it('max_drawdown_stop skips entries while cash < peak × (1 − x); it lets them again within x of the peak', () => {
    // c3 = 10.5: the exit gives cash 105 < 120 × 0.9 = 108, so the entries at rows 4 and 5 are skipped. Flat, cash
    // and peak cannot move, so in one symbol a blocked stop stays blocked (here: row 5 too).
    const a = run(dd(10.5), ddFlags, { fill: 'close', maxDrawdownStop: 0.1 });
    expect(arr(a.position)).toEqual([10, 10, 10, 0, 0, 0, 0]);
    expect(arr(a.equity)).toEqual([100, 120, 90, 105, 105, 105, 105]);
    expect(brief(a)).toEqual([['long', 0, 3, 10, 5, 'signal']]);
    // Without the stop the row-4 entry buys floor(105 / 10) = 10.
    expect(run(dd(10.5), ddFlags, { fill: 'close' }).position[4]).toBe(10);
    // c3 = 11.5: equity went 25 % below the peak while held, but recovered: cash 115 ≥ 108 at row 4, so the entry
    // buys floor(115 / 10) = 11 (cash 5); row 5's entry_long is the position held; the end close at 10 gives 115.
    const b = run(dd(11.5), ddFlags, { fill: 'close', maxDrawdownStop: 0.1 });
    expect(arr(b.position)).toEqual([10, 10, 10, 0, 11, 11, 0]);
    expect(brief(b)).toEqual([['long', 0, 3, 10, 15, 'signal'], ['long', 4, 6, 11, 0, 'end']]);
    // The bound itself is allowed (the rule is strict): c3 = 9, x = 0.25: cash 90 = 120 × 0.75, entry of 9 units.
    expect(run(dd(9), ddFlags, { fill: 'close', maxDrawdownStop: 0.25 }).position[4]).toBe(9);
    // The peak is the recorded equity of earlier rows (120 was never realised), not the cash: x = 0.2 gives
    // 120 × 0.8 = 96 ≤ 105 (allowed), x = 0.1 blocked above.
    expect(run(dd(10.5), ddFlags, { fill: 'close', maxDrawdownStop: 0.2 }).position[4]).toBe(10);
  });

  it('never blocks an exit: a stop-loss gap, a signal exit and the end close fill deep in a drawdown', () => {
    // Long 10 at 10 (stop-loss 20 % → level 8), peak 120 at row 1; row 2 opens at 7.5 ≤ 8: stop exit at the open,
    // cash 75 (37.5 % below the peak, x = 0.01). Row 3's entry is then skipped (75 < 118.8).
    const SL = bars([[10, 10, 10, 10], [12, 12, 12, 12], [7.5, 7.5, 7.5, 7.5], [8, 8, 8, 8], [8, 8, 8, 8]]);
    const r = run(SL, [EL, 0, 0, EL, 0], { fill: 'close', maxDrawdownStop: 0.01, stopLoss: { kind: 'pct', value: 0.2 } });
    expect(brief(r)).toEqual([['long', 0, 2, 10, -25, 'stop_loss']]);
    expect(arr(r.position)).toEqual([10, 10, 0, 0, 0]);
    // The signal exit of the case above (row 3, 12.5 % below the peak with x = 0.1) filled; so does the end close
    // of a position held into a drawdown: 10 × 9 = 90 at row 2.
    const e = run(bars([[10, 10, 10, 10], [12, 12, 12, 12], [9, 9, 9, 9]]), [EL, 0, 0], { fill: 'close', maxDrawdownStop: 0.01 });
    expect(brief(e)).toEqual([['long', 0, 2, 10, -10, 'end']]);
  });

  it('a reversal’s closing leg fills and its new leg is blocked when the cash after the close is too far down', () => {
    // next_open, long_short, x = 0.1. Long 10 at O[1] = 10 (cash 0), equity 120 at row 1 (peak), 90 at row 2, whose
    // entry_short reverses at O[3] = 9.5: the close gives cash 95 (pnl −5); 95 < 120 × 0.9 = 108, so no short.
    const RB = bars([[10, 10, 10, 10], [10, 12, 10, 12], [12, 12, 9, 9], [9.5, 9.5, 9, 9], [9, 9, 9, 9]]);
    const r = run(RB, [EL, 0, ES, 0, 0], { direction: 'long_short', maxDrawdownStop: 0.1 });
    expect(arr(r.position)).toEqual([0, 10, 10, 0, 0]);
    expect(arr(r.equity)).toEqual([100, 120, 90, 95, 95]);
    expect(brief(r)).toEqual([['long', 1, 3, 10, -5, 'signal']]);
    // x = 0.25 (bound 90 ≤ 95), or no limit: the short of 95 / 9.5 = 10 units opens and the end close at 9 gives 100.
    for (const over of [{ maxDrawdownStop: 0.25 }, {}]) {
      const f = run(RB, [EL, 0, ES, 0, 0], { direction: 'long_short', ...over });
      expect(brief(f)).toEqual([['long', 1, 3, 10, -5, 'signal'], ['short', 3, 4, 10, 5, 'end']]);
    }
  });
});

describe('§ 5 stops', () => {
  // cash 1000, next_open: the row-0 entry buys 10 units at O[1] = 100.
  const stopRun = (rows: number[][], over: Partial<SimSettings>, flags?: number[], series?: SimSeries) =>
    run(bars([[100, 100, 100, 100], ...rows]), flags ?? [EL, ...rows.map(() => 0)], { cash: 1000, ...over }, 0, series);
  const SL5 = { stopLoss: { kind: 'pct' as const, value: 0.05 } };
  const TP5 = { takeProfit: { kind: 'pct' as const, value: 0.05 } };

  it('stop-loss fills at the level when the low reaches it', () => {
    // Level 100 − 5 = 95. Row 1 (L 97) holds; row 2's low 94 ≤ 95 → exit at 95: cash 950, pnl −50.
    // mae/mfe: row 1 fully held (H 101, L 97); row 2 left by the stop; exit 95 → mae −0.05, mfe 0.01.
    const r = stopRun([[100, 101, 97, 99], [98, 99, 94, 96], [96, 97, 95, 96]], SL5);
    expect(r.trades.map((t) => [t.exit_index, t.exit_price, t.exit_reason, t.pnl])).toEqual([[2, 95, 'stop_loss', -50]]);
    expect([r.trades[0].mae, r.trades[0].mfe]).toEqual([95 / 100 - 1, 101 / 100 - 1]);
    expect(arr(r.equity)).toEqual([1000, 990, 950, 950]);
  });

  it('a gap through the stop fills at the open', () => {
    const r = stopRun([[100, 101, 97, 99], [93, 94, 90, 92]], SL5);
    expect(r.trades.map((t) => [t.exit_index, t.exit_price, t.exit_reason])).toEqual([[2, 93, 'stop_loss']]);
  });

  it('take-profit at the level, or at the open on a gap up', () => {
    expect(stopRun([[100, 101, 99, 100], [102, 106, 101, 104]], TP5).trades.map((t) => [t.exit_price, t.exit_reason])).toEqual([[105, 'take_profit']]);
    expect(stopRun([[100, 101, 99, 100], [107, 108, 106, 107]], TP5).trades.map((t) => [t.exit_price, t.exit_reason])).toEqual([[107, 'take_profit']]);
  });

  it('stop-loss and take-profit inside one bar: the stop wins', () => {
    const r = stopRun([[100, 101, 99, 100], [100, 106, 94, 100]], { ...SL5, ...TP5 });
    expect(r.trades.map((t) => [t.exit_price, t.exit_reason])).toEqual([[95, 'stop_loss']]);
  });

  it('is live on the fill bar after an open fill, and first checked on the next bar after a close fill', () => {
    // next_open: filled at O[1] = 100, row 1's low 94 hits 95 the same row (bars_held 0).
    const open = stopRun([[100, 101, 94, 99], [99, 100, 98, 99]], SL5);
    expect(open.trades.map((t) => [t.entry_index, t.exit_index, t.exit_price, t.bars_held])).toEqual([[1, 1, 95, 0]]);
    // close: filled at C[0] = 100 while row 0's low is 90: not checked there; row 1's low 94 exits at 95.
    const close = run(bars([[100, 100, 90, 100], [100, 101, 94, 99], [99, 100, 98, 99]]), [EL, 0, 0], { cash: 1000, fill: 'close', ...SL5 });
    expect(close.trades.map((t) => [t.entry_index, t.exit_index, t.exit_price])).toEqual([[0, 1, 95]]);
  });

  it('trailing stop ratchets from the peak, which the bar high raises only after the check', () => {
    // Trail 10 %: D = 0.1 × R = 10, fixed for the trade; the peak starts at R = 100 (level 90). Row 1: H 120,
    // L 91 > 90 holds — the same bar's high must not lift the level to 110 first; afterwards the peak is 120, level
    // 110. Row 2: O 112, L 111 holds (peak stays 120). Row 3: L 109 ≤ 110 → exit at 110 (trailing_stop).
    const r = stopRun([[100, 120, 91, 118], [112, 115, 111, 112], [111, 112, 109, 110]], { trailingStop: { kind: 'pct', value: 0.1 } });
    expect(r.trades.map((t) => [t.exit_index, t.exit_price, t.exit_reason])).toEqual([[3, 110, 'trailing_stop']]);
  });

  it('the stop is the higher of stop-loss and trailing level; the reason says which', () => {
    // SL 95, trail 10 % (level 90 at first): a low of 94 at row 1 exits at 95 with reason stop_loss.
    const both = { ...SL5, trailingStop: { kind: 'pct' as const, value: 0.1 } };
    expect(stopRun([[100, 101, 94, 99]], both).trades.map((t) => [t.exit_price, t.exit_reason])).toEqual([[95, 'stop_loss']]);
    // After a high of 110 the trail is 110 − 10 = 100 > 95: the next low of 98 exits at 100 (trailing_stop).
    expect(stopRun([[100, 110, 100, 108], [105, 106, 98, 100]], both).trades.map((t) => [t.exit_price, t.exit_reason])).toEqual([[100, 'trailing_stop']]);
  });

  it('shorts mirror: stop above, take-profit below, exits pay slippage', () => {
    // slip 0.001: short at O[1] = 100 fills at 99.9 (reference R); the 5 % stop is 99.9 + 4.995 = 104.895; row 2
    // opens at 103 below it and its high 106 reaches it → cover at 104.895 × 1.001.
    const r = stopRun([[100, 101, 99, 100], [103, 106, 102, 105]], { direction: 'short', slip: 0.001, ...SL5 }, [ES, 0, 0]);
    expect(r.trades[0].exit_reason).toBe('stop_loss');
    expect(r.trades[0].entry_price).toBeCloseTo(99.9, 12);
    expect(r.trades[0].exit_price).toBeCloseTo(99.9 * 1.05 * 1.001, 10);
    const tp = stopRun([[100, 101, 99, 100], [97, 98, 94, 96]], { direction: 'short', ...TP5 }, [ES, 0, 0]);
    expect(tp.trades.map((t) => [t.exit_price, t.exit_reason, t.pnl])).toEqual([[95, 'take_profit', 50]]);
  });

  it('stop_reference signal_close measures from the signal row close', () => {
    // Signal close 100, fill at O[1] = 102. From the fill the 5 % stop is 96.9 (hit by row 1's low 96); from the
    // signal close it is 95 (not hit), so the trade runs to the end.
    const rows = [[102, 103, 96, 100], [100, 101, 99, 100]];
    expect(stopRun(rows, SL5).trades.map((t) => [t.exit_price, t.exit_reason])).toEqual([[96.9, 'stop_loss']]);
    expect(stopRun(rows, { ...SL5, stopReference: 'signal_close' }).trades.map((t) => t.exit_reason)).toEqual(['end']);
  });

  it('ATR stops use the ATR of the signal row, fixed for the trade', () => {
    // ATR at the signal row 0 is 2, later 5: stop 1.5 × 2 = 3 below 100 → 97; row 2's low 96.5 hits it.
    const atr = Float64Array.from([2, 5, 5, 5]);
    const r = stopRun([[100, 101, 98, 100], [99, 100, 96.5, 98], [98, 99, 97, 98]], { stopLoss: { kind: 'atr', value: 1.5 } }, undefined, { atrStopLoss: atr });
    expect(r.trades.map((t) => [t.exit_index, t.exit_price, t.exit_reason])).toEqual([[2, 97, 'stop_loss']]);
    // A NaN ATR at the signal row: the stop cannot be placed, so the entry is skipped.
    const none = stopRun([[100, 101, 98, 100]], { stopLoss: { kind: 'atr', value: 1.5 } }, undefined, { atrStopLoss: Float64Array.from([NaN, 5]) });
    expect(none.trades).toEqual([]);
  });
});

describe('§ 9 NaN rows', () => {
  it('an order due at a NaN open is cancelled; marking uses the last finite close', () => {
    // Entry decided at row 0 would fill at O[1] = NaN: cancelled. The row-2 entry fills at O[3] = 12 (8 units,
    // cash 4); row 4's close is NaN so equity marks at C[3] = 13: 4 + 104 = 108; the end close at C[5] = 14: 116.
    const b = bars([[10, 10, 10, 10], [NaN, NaN, NaN, NaN], [11, 11, 11, 11], [12, 13, 12, 13], [13, 13, 13, NaN], [14, 14, 14, 14]]);
    const r = run(b, [EL, 0, EL, 0, 0, 0]);
    expect(r.trades.map((t) => [t.entry_index, t.exit_index, t.size])).toEqual([[3, 5, 8]]);
    expect(arr(r.equity)).toEqual([100, 100, 100, 108, 108, 116]);
  });

  it('fill at a NaN close is cancelled; a row with a NaN open checks no stop', () => {
    const b = bars([[10, 10, 10, NaN], [10, 10, 10, 10], [NaN, 10, 1, 10], [10, 10, 10, 10]]);
    expect(run(b, [EL, 0, 0, 0], { fill: 'close' }).trades).toEqual([]);
    // Long from C[1] = 10 with a 5 % stop: row 2's low 1 is ignored (NaN open), the end close is at 10.
    const r = run(b, [0, EL, 0, 0], { fill: 'close', stopLoss: { kind: 'pct', value: 0.05 } });
    expect(r.trades.map((t) => [t.exit_index, t.exit_reason, t.pnl])).toEqual([[3, 'end', 0]]);
  });
});

describe('§ 8 summary: rows in position (exposure)', () => {
  /** barsInPosition of the reference summary and of the kernel's summary (which must agree). */
  function barsHeld(flags: number[], over: Partial<SimSettings>): number {
    const s = settings(over);
    const f = Uint8Array.from(flags);
    const want = summarizeReference(simulateReference(UP, f, 0, s), s.cash).barsInPosition;
    const got = simulateColumns(k, UP, [f], [0], s).summary[0].barsInPosition;
    expect(got).toBe(want);
    return want;
  }

  it('counts the last row as held when only the end close flattened it', () => {
    // fill close, entry at row 0's close: held after rows 0, 1, 2; row 3 is flat only through the end close.
    expect(barsHeld([EL, 0, 0, 0], { fill: 'close' })).toBe(4);
    // next_open: entry fills at O[1]; held after rows 1, 2; row 3 closed by the end close.
    expect(barsHeld([EL, 0, 0, 0], {})).toBe(3);
  });

  it('does not count a last row flattened by a signal exit, nor one never held', () => {
    // fill close, exit signal at row 3 fills at its close (reason signal): rows 0, 1, 2 only.
    expect(barsHeld([EL, 0, 0, XL], { fill: 'close' })).toBe(3);
    // next_open exit decided at row 2 fills at O[3]: rows 1, 2 only.
    expect(barsHeld([EL, 0, XL, 0], {})).toBe(2);
    expect(barsHeld([0, 0, 0, 0], {})).toBe(0);
  });
});

describe('zero-cost always-long', () => {
  it('equals buy & hold of the same cash (fractional, entry at the first bar)', () => {
    let p = 100;
    const rows = Array.from({ length: 300 }, (_, i) => {
      const o = p;
      p *= 1 + Math.sin(i * 1.7) * 0.02;
      return [o, Math.max(o, p) * 1.01, Math.min(o, p) * 0.99, p];
    });
    const b = bars(rows);
    const r = run(b, new Array(300).fill(EL), { cash: 10_000, fill: 'close', step: 1e-8 });
    for (let i = 0; i < 300; i++) {
      const bh = (10_000 * b.close[i]) / b.close[0];
      expect(Math.abs(r.equity[i] - bh) / bh).toBeLessThan(1e-9);
    }
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ entry_index: 0, exit_index: 299, exit_reason: 'end', bars_held: 299 });
    // mae/mfe span the lowest low and highest high of rows 1..299 (row 0 was entered at its close).
    let hi = -Infinity, lo = Infinity;
    for (let i = 1; i < 300; i++) { hi = Math.max(hi, b.high[i]); lo = Math.min(lo, b.low[i]); }
    expect(r.trades[0].mfe).toBeCloseTo(hi / b.close[0] - 1, 14);
    expect(r.trades[0].mae).toBeCloseTo(Math.min(0, lo / b.close[0] - 1), 14);
  });
});

describe('settings validation', () => {
  it('names the field and its valid range', () => {
    expect(() => validateSimSettings(settings({ cash: 0 }))).toThrow('settings.cash: must be a finite number > 0, got 0');
    expect(() => validateSimSettings(settings({ step: -1 }))).toThrow(/settings\.step/);
    expect(() => validateSimSettings(settings({ commissionRate: 1 }))).toThrow(/settings\.commissionRate: must be 0 ≤ rate < 1/);
    expect(() => validateSimSettings(settings({ sizing: { mode: 'units', value: 0 } }))).toThrow(/settings\.sizing\.value/);
    expect(() => validateSimSettings(settings({ stopLoss: { kind: 'pct', value: NaN } }))).toThrow(/settings\.stopLoss\.value/);
    expect(() => validateSimSettings(settings({ maxPositionPct: 2 }))).toThrow('settings.maxPositionPct: must be null or in (0, 1], got 2');
    expect(() => validateSimSettings(settings({ maxPositionPct: 0 }))).toThrow(/settings\.maxPositionPct/);
    expect(() => validateSimSettings(settings({ maxDrawdownStop: 1 }))).toThrow('settings.maxDrawdownStop: must be null or in (0, 1), got 1');
    expect(() => validateSimSettings(settings({ maxDrawdownStop: NaN }))).toThrow(/settings\.maxDrawdownStop/);
    expect(() => validateSimSettings(settings({ maxPositionPct: 1, maxDrawdownStop: 0.5 }))).not.toThrow();
    expect(() => simulateOne(k, UP, new Uint8Array(4), 0, settings({ stopLoss: { kind: 'atr', value: 2 } }))).toThrow(/series\.atrStopLoss: required/);
    expect(() => simulateOne(k, UP, new Uint8Array(3), 0, settings())).toThrow(/flags\[0\]: must have one value per bar \(4\), got 3/);
    expect(() => simulateOne(k, UP, new Uint8Array(4), -1, settings())).toThrow(/firstBars\[0\]/);
  });
});
