// Strategy signals (src/engine/strategy, docs/strategies.md): hand-built series with known crosses; each built-in
// strategy against a plain-TS reference over TA-Lib's own indicators (the `talib` oracle); the rules composer
// against the built-ins it can express; the sma_cross sweep grid against single runs; and the look-ahead guard —
// truncating the bars at k leaves rows < k unchanged for every strategy, and the same guard catches strategies
// that deliberately peek (controls that must FAIL the guard).
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadKernelsNode } from '../../src/kernels/node';
import type { Kernels } from '../../src/kernels/index';
import type { Condition, StrategySignals, StrategySpec } from '../../src/shared/backtest';
import type { Bars } from '../../src/shared/types';
import { signalRows, signalType, smaCrossFlagsGrid, strategySignals } from '../../src/engine/strategy/index';
import { randomOhlcv, runTalib, type Ohlcv } from './indicators/harness';

const EL = 1;
const XL = 2;
const ES = 4;
const XS = 8;

let k: Kernels;
beforeAll(async () => {
  k = await loadKernelsNode();
});

/** Bars around OHLCV columns, one day apart. */
function toBars(c: Ohlcv): Bars {
  const n = c.close.length;
  return {
    symbol: 'TEST',
    timeframe: '1d',
    ts: Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1) + i * 86_400_000),
    ...c,
  };
}

/** Bars whose every price column is `close` (enough for close-only strategies and hand-built cases). */
function closeBars(close: number[]): Bars {
  const c = Float64Array.from(close);
  return toBars({ open: c, high: c, low: c, close: c, volume: new Float64Array(c.length).fill(1000) });
}

function truncate(b: Bars, n: number): Bars {
  return {
    ...b,
    ts: b.ts.slice(0, n),
    open: b.open.slice(0, n),
    high: b.high.slice(0, n),
    low: b.low.slice(0, n),
    close: b.close.slice(0, n),
    volume: b.volume.slice(0, n),
  };
}

const sig = (spec: StrategySpec, b: Bars) => strategySignals(k, spec, b);

describe('hand-built series', () => {
  it('sma_cross 2/3: up-cross at row 5, down-cross at row 8, strength = gap / slow / 1 %', () => {
    // SMA2 − SMA3 by row: 2: −0.5, 3: −0.5, 4: −1/6, 5: +0.5, 6: +0.5, 7: +1/6, 8: −0.5, 9: −0.5.
    const s = sig(
      { type: 'sma_cross', params: { fast: 2, slow: 3 } },
      closeBars([10, 9, 8, 7, 8, 9, 10, 9, 8, 7].map((v) => v + 1000)),
    );
    expect(s.warmup).toBe(3);
    expect(Array.from(s.flags)).toEqual([0, 0, 0, 0, 0, EL | XS, 0, 0, XL | ES, 0]);
    expect(s.strength[5]).toBeCloseTo((100 * 0.5) / 1008 / 0.01, 10); // SMA2 1008.5, SMA3 1008
    expect(s.strength[8]).toBeCloseTo((100 * 0.5) / 1009 / 0.01, 10); // SMA2 1008.5, SMA3 1009
    expect([...s.strength].filter((v, i) => i !== 5 && i !== 8)).toEqual(new Array(8).fill(0));
  });

  it('sma_cross: touching without crossing (equal SMAs) is no cross — crosses are strict', () => {
    // SMA2 = SMA3 = 1 on rows 2–3, then SMA2 jumps above: prev fast == prev slow, so no up-cross.
    const s = sig({ type: 'sma_cross', params: { fast: 2, slow: 3 } }, closeBars([1, 1, 1, 1, 5, 5, 5]));
    expect(Array.from(s.flags)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('rsi_mean_reversion period 2: overbought while rising, oversold while falling, documented strengths', () => {
    // Wilder RSI(2): rows 2–3 all gains → 100; row 4: gain 0.5, loss 0.5 → 50; row 5: 0.25/0.75 → 25; row 6: 12.5.
    const s = sig({ type: 'rsi_mean_reversion', params: { period: 2 } }, closeBars([1, 2, 3, 4, 3, 2, 1]));
    expect(s.warmup).toBe(2);
    expect(Array.from(s.flags)).toEqual([0, 0, XL | ES, XL | ES, 0, EL | XS, EL | XS]);
    expect(s.strength[2]).toBe(100); // (100 − 70) / (100 − 70)
    expect(s.strength[5]).toBeCloseTo((100 * (30 - 25)) / 30, 9);
    expect(s.strength[6]).toBeCloseTo((100 * (30 - 12.5)) / 30, 9);
    expect(s.strength[4]).toBe(0);
  });

  it('bollinger_breakout period 5: flat bands give no flag; a jump above the upper band enters long', () => {
    // Window [100 ×4, 110]: mean 102, population σ 4. k 1.5 → upper 108: close 110 is 2 beyond = 1/3 half-width.
    const s = sig({ type: 'bollinger_breakout', params: { period: 5, k: 1.5 } }, closeBars([100, 100, 100, 100, 100, 100, 110]));
    expect(s.warmup).toBe(5);
    expect(Array.from(s.flags)).toEqual([0, 0, 0, 0, 0, 0, EL | XS]);
    expect(s.strength[6]).toBeCloseTo(100 / 3, 9);
    // k 2 puts the upper band exactly at 110 (window [100 ×3, 110] has σ 4 about 102 … here exactly 110): no breakout.
    const t = sig({ type: 'bollinger_breakout', params: { period: 5, k: 2 } }, closeBars([100, 100, 100, 100, 100, 100, 110]));
    expect(t.flags[6]).toBe(XS);
  });

  it('macd_momentum: the zero filter drops entries on the wrong side of zero but keeps the exits', () => {
    const b = toBars(randomOhlcv(600, 7));
    const plain = sig({ type: 'macd_momentum' }, b);
    const filtered = sig({ type: 'macd_momentum', params: { zero_filter: true } }, b);
    const macd = runTalib('MACD', b, {}).outputs.macd;
    let dropped = 0;
    for (let i = 0; i < 600; i++) {
      expect(filtered.flags[i] & (XL | XS)).toBe(plain.flags[i] & (XL | XS));
      if (plain.flags[i] & EL) expect(filtered.flags[i] & EL).toBe(macd[i] > 0 ? EL : 0);
      if (plain.flags[i] & ES) expect(filtered.flags[i] & ES).toBe(macd[i] < 0 ? ES : 0);
      if (plain.flags[i] !== filtered.flags[i]) dropped++;
    }
    expect(dropped).toBeGreaterThan(0);
  });
});

// ---- reference strategies over the TA-Lib oracle ------------------------------------------------------------

interface Expected {
  flags: Uint8Array;
  strength: Float64Array;
  warmup: number;
  /** Rows where the reference sits within rounding of a tie (our kernels equal TA-Lib within 1e-9, not bit for bit). */
  ambiguous: (i: number) => boolean;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a), Math.abs(b));
const cap = (x: number) => (x >= 100 || !Number.isFinite(x) ? 100 : Math.max(0, x));

function crossRef(a: Float64Array, b: Float64Array, warmup: number, str: (i: number) => number): Expected {
  const n = a.length;
  const flags = new Uint8Array(n);
  const strength = new Float64Array(n);
  for (let i = warmup; i < n; i++) {
    if (a[i - 1] < b[i - 1] && a[i] > b[i]) flags[i] = EL | XS;
    else if (a[i - 1] > b[i - 1] && a[i] < b[i]) flags[i] = XL | ES;
    if (flags[i]) strength[i] = cap(str(i));
  }
  return { flags, strength, warmup, ambiguous: (i) => i > 0 && (near(a[i], b[i]) || near(a[i - 1], b[i - 1])) };
}

function smaCrossRef(b: Bars, fast: number, slow: number): Expected {
  const f = runTalib('SMA', b, { timeperiod: fast }).outputs.real;
  const s = runTalib('SMA', b, { timeperiod: slow }).outputs.real;
  return crossRef(f, s, slow, (i) => (100 * Math.abs(f[i] - s[i])) / s[i] / 0.01);
}

function rsiRef(b: Bars, period: number, lower: number, upper: number): Expected {
  const r = runTalib('RSI', b, { timeperiod: period }).outputs.real;
  const n = r.length;
  const flags = new Uint8Array(n);
  const strength = new Float64Array(n);
  for (let i = period; i < n; i++) {
    if (r[i] < lower) [flags[i], strength[i]] = [EL | XS, cap((100 * (lower - r[i])) / lower)];
    if (r[i] > upper) [flags[i], strength[i]] = [XL | ES, cap((100 * (r[i] - upper)) / (100 - upper))];
  }
  return { flags, strength, warmup: period, ambiguous: (i) => near(r[i], lower) || near(r[i], upper) };
}

function macdRef(b: Bars, fast: number, slow: number, signal: number, zero: boolean): Expected {
  const { macd, macdsignal } = runTalib('MACD', b, { fastperiod: fast, slowperiod: slow, signalperiod: signal }).outputs;
  const e = crossRef(macd, macdsignal, slow + signal - 1, (i) => (100 * Math.abs(macd[i] - macdsignal[i])) / b.close[i] / 0.001);
  if (zero) {
    e.flags.forEach((f, i) => {
      if (f & EL && !(macd[i] > 0)) e.flags[i] &= ~EL;
      if (f & ES && !(macd[i] < 0)) e.flags[i] &= ~ES;
    });
  }
  const amb = e.ambiguous;
  return { ...e, ambiguous: (i) => amb(i) || (zero && Math.abs(macd[i]) < 1e-9 * Math.max(1, b.close[i])) };
}

function bollingerRef(b: Bars, period: number, kk: number): Expected {
  const {
    upperband: up,
    middleband: mid,
    lowerband: lo,
  } = runTalib('BBANDS', b, { timeperiod: period, nbdevup: kk, nbdevdn: kk }).outputs;
  const c = b.close;
  const n = c.length;
  const flags = new Uint8Array(n);
  const strength = new Float64Array(n);
  for (let i = period; i < n; i++) {
    if (c[i] > up[i]) flags[i] |= EL;
    if (c[i] < lo[i]) flags[i] |= ES;
    // Exits: the close crosses back over the middle band (the previous close may sit on it).
    if (c[i - 1] >= mid[i - 1] && c[i] < mid[i]) flags[i] |= XL;
    if (c[i - 1] <= mid[i - 1] && c[i] > mid[i]) flags[i] |= XS;
    const half = up[i] - mid[i];
    if (flags[i] & EL) strength[i] = cap((100 * (c[i] - up[i])) / half);
    else if (flags[i] & ES) strength[i] = cap((100 * (lo[i] - c[i])) / half);
    else if (flags[i] & XL) strength[i] = cap((100 * (mid[i] - c[i])) / half);
    else if (flags[i] & XS) strength[i] = cap((100 * (c[i] - mid[i])) / half);
  }
  return {
    flags,
    strength,
    warmup: period,
    ambiguous: (i) => near(c[i], up[i]) || near(c[i], mid[i]) || near(c[i], lo[i]) || (i > 0 && near(c[i - 1], mid[i - 1])),
  };
}

/** Flags equal except on ambiguous rows (and those must be rare); strengths within 1e-6 (0–100 scale) where flags agree. */
function expectLike(where: string, got: StrategySignals, want: Expected): void {
  expect(got.warmup, `${where} warmup`).toBe(want.warmup);
  let skipped = 0;
  for (let i = 0; i < want.flags.length; i++) {
    if (want.ambiguous(i)) {
      skipped++;
      continue;
    }
    if (got.flags[i] !== want.flags[i]) expect.fail(`${where} row ${i}: flags ${got.flags[i]} ≠ reference ${want.flags[i]}`);
    if (!(Math.abs(got.strength[i] - want.strength[i]) <= 1e-6)) {
      expect.fail(`${where} row ${i}: strength ${got.strength[i]} ≠ reference ${want.strength[i]}`);
    }
  }
  expect(skipped, `${where}: near-tie rows`).toBeLessThanOrEqual(2);
  expect(
    want.flags.some((f) => f !== 0),
    `${where}: the reference fires somewhere`,
  ).toBe(true);
}

describe('each built-in strategy equals a plain-TS reference over TA-Lib', () => {
  const data = [1, 2, 3].map((seed) => ({ seed, bars: toBars(randomOhlcv(1500, seed)) }));
  it('sma_cross', () => {
    for (const { seed, bars } of data) {
      for (const [f, s] of [
        [10, 30],
        [2, 3],
        [5, 50],
        [20, 21],
        [50, 200],
      ]) {
        expectLike(
          `sma ${f}/${s} seed ${seed}`,
          sig({ type: 'sma_cross', params: { fast: f, slow: s } }, bars),
          smaCrossRef(bars, f, s),
        );
      }
    }
  });
  it('rsi_mean_reversion', () => {
    for (const { seed, bars } of data) {
      for (const [p, lo, hi] of [
        [14, 30, 70],
        [2, 10, 90],
        [7, 45, 55],
        [30, 40, 60],
      ]) {
        const spec: StrategySpec = { type: 'rsi_mean_reversion', params: { period: p, lower: lo, upper: hi } };
        expectLike(`rsi ${p} ${lo}/${hi} seed ${seed}`, sig(spec, bars), rsiRef(bars, p, lo, hi));
      }
    }
  });
  it('macd_momentum (with and without the zero filter)', () => {
    for (const { seed, bars } of data) {
      for (const [f, s, g] of [
        [12, 26, 9],
        [2, 3, 2],
        [5, 35, 5],
      ]) {
        for (const zero of [false, true]) {
          const spec: StrategySpec = { type: 'macd_momentum', params: { fast: f, slow: s, signal: g, zero_filter: zero } };
          expectLike(`macd ${f}/${s}/${g} zero=${zero} seed ${seed}`, sig(spec, bars), macdRef(bars, f, s, g, zero));
        }
      }
    }
  });
  it('bollinger_breakout', () => {
    for (const { seed, bars } of data) {
      for (const [p, kk] of [
        [20, 2],
        [5, 1],
        [50, 0.5],
        [10, 3],
      ]) {
        const spec: StrategySpec = { type: 'bollinger_breakout', params: { period: p, k: kk } };
        expectLike(`bollinger ${p}/${kk} seed ${seed}`, sig(spec, bars), bollingerRef(bars, p, kk));
      }
    }
  });
  it('defaults: an empty params object behaves as the documented defaults', () => {
    const b = data[0].bars;
    expectLike('sma defaults', sig({ type: 'sma_cross' }, b), smaCrossRef(b, 10, 30));
    expectLike('rsi defaults', sig({ type: 'rsi_mean_reversion', params: {} }, b), rsiRef(b, 14, 30, 70));
    expectLike('macd defaults', sig({ type: 'macd_momentum' }, b), macdRef(b, 12, 26, 9, false));
    expectLike('bollinger defaults', sig({ type: 'bollinger_breakout' }, b), bollingerRef(b, 20, 2));
  });
});

// ---- rules composer -------------------------------------------------------------------------------------------

const ind = (indicator: string, params?: Record<string, number | { param: string }>, output?: string) => ({
  indicator,
  params,
  output,
});

/** The rules spec that states a built-in strategy's definition. */
function rulesFor(kind: 'sma' | 'rsi' | 'macd' | 'macd0'): StrategySpec {
  const same = (up: Condition, down: Condition) => ({ entry_long: up, exit_short: up, exit_long: down, entry_short: down });
  if (kind === 'sma') {
    const f = ind('SMA', { timeperiod: { param: 'fast' } });
    const s = ind('sma', { timeperiod: { param: 'slow' } });
    return {
      type: 'rules',
      params: { fast: 7, slow: 19 },
      rules: same({ op: 'crosses_above', left: f, right: s }, { op: 'crosses_below', left: f, right: s }),
    };
  }
  if (kind === 'rsi') {
    const r = ind('RSI', { timeperiod: 9 });
    return {
      type: 'rules',
      params: { lo: 35 },
      rules: same({ op: '<', left: r, right: { param: 'lo' } }, { op: '>', left: r, right: 65 }),
    };
  }
  const m = ind('MACD', {}, 'macd');
  const g = ind('MACD', { fastperiod: 12 }, 'macdsignal');
  const up: Condition = { op: 'crosses_above', left: m, right: g };
  const down: Condition = { op: 'crosses_below', left: m, right: g };
  if (kind === 'macd') return { type: 'rules', rules: same(up, down) };
  return {
    type: 'rules',
    rules: {
      entry_long: { all: [up, { op: '>', left: m, right: 0 }] },
      exit_short: up,
      exit_long: down,
      entry_short: { all: [down, { op: '<', left: m, right: 0 }] },
    },
  };
}

describe('rules composer', () => {
  const bars = [4, 5].map((s) => toBars(randomOhlcv(1200, s)));
  const pairs: [ReturnType<typeof rulesFor>, StrategySpec][] = [
    [rulesFor('sma'), { type: 'sma_cross', params: { fast: 7, slow: 19 } }],
    [rulesFor('rsi'), { type: 'rsi_mean_reversion', params: { period: 9, lower: 35, upper: 65 } }],
    [rulesFor('macd'), { type: 'macd_momentum' }],
    [rulesFor('macd0'), { type: 'macd_momentum', params: { zero_filter: true } }],
  ];
  it('a rules spec stating a built-in strategy gives identical flags and warm-up', () => {
    for (const b of bars) {
      for (const [rules, builtin] of pairs) {
        const r = sig(rules, b);
        const want = sig(builtin, b);
        expect(r.warmup, builtin.type).toBe(want.warmup);
        expect(Array.from(r.flags), JSON.stringify(builtin)).toEqual(Array.from(want.flags));
        expect(r.flags.some((f) => f !== 0)).toBe(true);
        r.flags.forEach((f, i) => expect(r.strength[i]).toBe(f ? 100 : 0));
      }
    }
  });

  it('computes each distinct indicator once per call (same function, params and inputs, however spelled)', () => {
    let smaCalls = 0;
    let macdCalls = 0;
    const ex = k.exports;
    const exports: Kernels['exports'] = {
      ...ex,
      sma: (...a: Parameters<typeof ex.sma>) => (smaCalls++, ex.sma(...a)),
      macd: (...a: Parameters<typeof ex.macd>) => (macdCalls++, ex.macd(...a)),
    };
    const counting: Kernels = { ...k, exports };
    strategySignals(counting, rulesFor('sma'), bars[0]);
    expect(smaCalls).toBe(2); // SMA(fast) and SMA(slow), each used 4 times
    strategySignals(counting, rulesFor('macd0'), bars[0]);
    expect(macdCalls).toBe(1); // 'macd' and 'macdsignal' outputs of one MACD(12, 26, 9), 6 operands
  });

  it('between, rising and falling on a hand-built series', () => {
    const b = closeBars([5, 6, 7, 8, 7, 6, 5, 6, 7]);
    const close = { price: 'close' } as const;
    const spec = (c: Condition): StrategySpec => ({ type: 'rules', rules: { entry_long: c } });
    const rows = (c: Condition) => [...sig(spec(c), b).flags].flatMap((f, i) => (f ? [i] : []));
    expect(rows({ op: 'between', left: close, lower: 6, upper: 7 })).toEqual([1, 2, 4, 5, 7, 8]);
    expect(rows({ op: 'rising', left: close, n: 2 })).toEqual([2, 3, 8]);
    expect(rows({ op: 'falling', left: close, n: 3 })).toEqual([6]);
    expect(sig(spec({ op: 'rising', left: close, n: 2 }), b).warmup).toBe(2);
    expect(rows({ not: { op: 'rising', left: close, n: 2 } })).toEqual([4, 5, 6, 7]);
    expect(
      rows({
        any: [
          { op: '>', left: close, right: 7 },
          { op: '<', left: close, right: 6 },
        ],
      }),
    ).toEqual([0, 3, 6]);
  });

  it('NaN operands make a comparison unknown: no flag, and `not` of it stays false (Kleene logic)', () => {
    const c = [10, 11, NaN, 12, 11, 10, 9, 10];
    const b = closeBars(c);
    const close = { price: 'close' } as const;
    const rows = (cond: Condition) =>
      [...sig({ type: 'rules', rules: { entry_long: cond } }, b).flags].flatMap((f, i) => (f ? [i] : []));
    expect(rows({ op: '>', left: close, right: 10.5 })).toEqual([1, 3, 4]);
    expect(rows({ not: { op: '>', left: close, right: 10.5 } })).toEqual([0, 5, 6, 7]); // row 2 (NaN) stays false
    expect(rows({ not: { op: 'rising', left: close, n: 1 } })).toEqual([4, 5, 6]); // rows 0 (warm-up), 2 and 3 unknown
    // any(true, unknown) is true; all(false, unknown) is false, so not(all(…)) is true.
    expect(
      rows({
        any: [
          { op: '>', left: 0, right: -1 },
          { op: '>', left: close, right: 0 },
        ],
      }),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(
      rows({
        not: {
          all: [
            { op: '<', left: 0, right: -1 },
            { op: '>', left: close, right: 0 },
          ],
        },
      }),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('no flag before the warm-up, even where a condition is already known (any with a constant)', () => {
    const b = toBars(randomOhlcv(100, 9));
    const s = sig(
      {
        type: 'rules',
        rules: {
          entry_long: {
            any: [
              { op: '>', left: 1, right: 0 },
              { op: '>', left: ind('SMA', { timeperiod: 20 }), right: 0 },
            ],
          },
        },
      },
      b,
    );
    expect(s.warmup).toBe(19);
    expect([...s.flags.subarray(0, 19)].every((f) => f === 0)).toBe(true);
    expect([...s.flags.subarray(19)].every((f) => f === EL)).toBe(true);
  });
});

// ---- the sweep grid -----------------------------------------------------------------------------------------

describe('smaCrossFlagsGrid', () => {
  it('every column equals strategySignals for its pair (random walks, a NaN gap, short series)', () => {
    const pairs: [number, number][] = [
      [2, 3],
      [5, 20],
      [10, 30],
      [5, 30],
      [20, 50],
      [3, 200],
      [2, 1000],
    ];
    const withGap = randomOhlcv(900, 11);
    withGap.close.fill(NaN, 300, 305);
    for (const cols of [randomOhlcv(1000, 10), withGap, randomOhlcv(25, 12)]) {
      const b = toBars(cols);
      const g = smaCrossFlagsGrid(k, b.close, pairs);
      expect(g.n).toBe(b.close.length);
      expect(g.flags.length).toBe(b.close.length * pairs.length);
      pairs.forEach(([f, s], j) => {
        const one = sig({ type: 'sma_cross', params: { fast: f, slow: s } }, b);
        expect(g.warmups[j]).toBe(one.warmup);
        expect(Array.from(g.flags.subarray(j * g.n, (j + 1) * g.n)), `${f}/${s}`).toEqual(Array.from(one.flags));
      });
    }
  });

  it('rejects bad pairs naming their index', () => {
    const c = new Float64Array(10);
    expect(() =>
      smaCrossFlagsGrid(k, c, [
        [10, 30],
        [40, 30],
      ]),
    ).toThrow('pairs[1].params.fast: must be < slow (30), got 40');
    expect(() => smaCrossFlagsGrid(k, c, [[1, 30]])).toThrow('pairs[0].params.fast: must be 2..100000, got 1');
    expect(() => smaCrossFlagsGrid(k, c, [])).toThrow('pairs: must be a non-empty array');
    expect(() => smaCrossFlagsGrid(k, c, [[5] as unknown as [number, number]])).toThrow('pairs[0]: must be a [fast, slow] pair');
  });
});

// ---- signal types and rows ----------------------------------------------------------------------------------

describe('signalType and signalRows', () => {
  it('BUY for entry_long/exit_short, SELL for exit_long/entry_short, both or none HOLD', () => {
    expect(signalType(0)).toBe('HOLD');
    expect(signalType(EL)).toBe('BUY');
    expect(signalType(XS)).toBe('BUY');
    expect(signalType(EL | XS)).toBe('BUY');
    expect(signalType(XL)).toBe('SELL');
    expect(signalType(ES | XL)).toBe('SELL');
    expect(signalType(EL | XL)).toBe('HOLD');
    expect(signalType(EL | ES | XL | XS)).toBe('HOLD');
  });
  it('lists the non-HOLD rows with time, close, type and strength', () => {
    const b = closeBars([10, 9, 8, 7, 8, 9, 10, 9, 8, 7].map((v) => v + 1000));
    const s = sig({ type: 'sma_cross', params: { fast: 2, slow: 3 } }, b);
    const rows = signalRows(s, b);
    expect(rows.map((r) => [r.index, r.type, r.close, r.flags])).toEqual([
      [5, 'BUY', 1009, EL | XS],
      [8, 'SELL', 1008, XL | ES],
    ]);
    expect(rows[0].ts).toBe(b.ts[5]);
    expect(rows[0].strength).toBe(s.strength[5]);
    const held = signalRows(
      { flags: Uint8Array.from([0, EL | XL, ES]), strength: Float64Array.from([0, 100, 50]), warmup: 0 },
      closeBars([1, 2, 3]),
    );
    expect(held.map((r) => r.index)).toEqual([2]);
  });
});

// ---- look-ahead guard -----------------------------------------------------------------------------------------

/** Rows < k that change when the bars are cut at k, for each k in `ks`: empty when the strategy never looks ahead. */
function lookAheadViolations(run: (b: Bars) => StrategySignals, bars: Bars, ks: readonly number[]): string[] {
  const full = run(bars);
  const out: string[] = [];
  for (const cut of ks) {
    const part = run(truncate(bars, cut));
    if (part.warmup !== full.warmup) out.push(`k=${cut}: warmup ${part.warmup} ≠ ${full.warmup}`);
    for (let i = 0; i < cut; i++) {
      if (part.flags[i] !== full.flags[i] || !Object.is(part.strength[i], full.strength[i])) {
        out.push(`k=${cut} row ${i}: flags ${part.flags[i]}/${full.flags[i]} strength ${part.strength[i]}/${full.strength[i]}`);
        break;
      }
    }
  }
  return out;
}

/** Random bars: a random walk with occasional NaN closes, 30–160 rows. */
const barsArb = fc
  .record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    n: fc.integer({ min: 30, max: 160 }),
    nan: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ seed, n, nan }) => {
    const c = randomOhlcv(n, seed, 100, 0.05);
    if (nan !== undefined) c.close[nan % n] = NaN;
    return toBars(c);
  });

const GUARDED: [string, StrategySpec][] = [
  ['sma_cross', { type: 'sma_cross', params: { fast: 3, slow: 8 } }],
  ['rsi_mean_reversion', { type: 'rsi_mean_reversion', params: { period: 5, lower: 40, upper: 60 } }],
  ['macd_momentum', { type: 'macd_momentum', params: { fast: 3, slow: 7, signal: 3, zero_filter: true } }],
  ['bollinger_breakout', { type: 'bollinger_breakout', params: { period: 6, k: 1 } }],
  [
    'rules',
    {
      type: 'rules',
      params: { p: 4 },
      rules: {
        entry_long: {
          all: [
            { op: 'crosses_above', left: { price: 'close' }, right: ind('EMA', { timeperiod: { param: 'p' } }) },
            { not: { op: 'falling', left: ind('ADX', { timeperiod: 3 }), n: 2 } },
          ],
        },
        exit_long: {
          any: [
            { op: 'between', left: ind('RSI', { timeperiod: 3 }), lower: 60, upper: 100 },
            { op: 'rising', left: { price: 'volume' }, n: 3 },
          ],
        },
      },
    },
  ],
];

describe('look-ahead guard: cutting the bars at k leaves rows < k unchanged', () => {
  for (const [name, spec] of GUARDED) {
    it(name, () => {
      fc.assert(
        fc.property(barsArb, fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 4 }), (b, cuts) => {
          const ks = cuts.map((c) => 1 + (c % b.close.length));
          expect(lookAheadViolations((x) => sig(spec, x), b, ks)).toEqual([]);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('control: a strategy that reads close[i + 1] is caught by the same guard', () => {
    const peeking = (b: Bars): StrategySignals => {
      const n = b.close.length;
      const flags = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (b.close[i + 1] > b.close[i]) flags[i] = EL;
      return { flags, strength: Float64Array.from(flags, (f) => (f ? 100 : 0)), warmup: 0 };
    };
    const b = toBars(randomOhlcv(200, 3));
    const ks = Array.from({ length: 199 }, (_, i) => i + 1);
    const violations = lookAheadViolations(peeking, b, ks);
    expect(violations.length).toBeGreaterThan(50); // every k where the next close is higher
  });

  it('control: a strength scaled by the last close (a whole-series statistic) is caught too', () => {
    const normalised = (b: Bars): StrategySignals => {
      const s = sig({ type: 'sma_cross', params: { fast: 3, slow: 8 } }, b);
      const last = b.close[b.close.length - 1];
      return { ...s, strength: s.strength.map((v, i) => (s.flags[i] ? (50 * b.close[i]) / last : 0)) };
    };
    expect(lookAheadViolations(normalised, toBars(randomOhlcv(300, 4)), [50, 100, 150, 200, 250]).length).toBeGreaterThan(0);
  });
});
