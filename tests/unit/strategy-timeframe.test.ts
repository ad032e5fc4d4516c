// Higher-timeframe operands: the engine's resampling equals the DuckDB store's (bucketSql/resampleSql) on demo
// bars; a higher-timeframe value is visible only from the first bar after its bucket closed — the truncation guard
// holds for it and catches a variant that shows the still-open bucket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest/index';
import { createEngine } from '../../src/engine/index';
import { alignClosed, alignedLookback, bucketStart, resampleBars } from '../../src/engine/strategy/timeframe';
import type { Kernels } from '../../src/kernels/index';
import { loadKernelsNode } from '../../src/kernels/node';
import type { StrategySpec } from '../../src/shared/backtest';
import type { Bars, Timeframe } from '../../src/shared/types';
import { openNodeStore } from '../../src/store/duckdb-node';
import type { Store } from '../../src/store/index';

let k: Kernels;
let minute: Bars;
let daily: Bars;
let store: Store;
beforeAll(async () => {
  k = await loadKernelsNode();
  const engine = createEngine(k);
  minute = engine.demoBars('DEMO:ACME', '1m');
  daily = engine.demoBars('DEMO:ACME', '1d');
  store = await openNodeStore();
  // Minute and daily bars under separate names, so the store resamples 1d from the minutes (not its stored days).
  await store.insertBars({ ...minute, symbol: 'MIN' });
  await store.insertBars({ ...daily, symbol: 'DAY' });
});
afterAll(() => store?.close());

function head(b: Bars, m: number): Bars {
  return { ...b, ts: b.ts.slice(0, m), open: b.open.slice(0, m), high: b.high.slice(0, m), low: b.low.slice(0, m), close: b.close.slice(0, m), volume: b.volume.slice(0, m) };
}

describe('resampling like the store', () => {
  const cases: [Timeframe, Timeframe][] = [
    ['1m', '5m'],
    ['1m', '15m'],
    ['1m', '1h'],
    ['1m', '1d'],
    ['1d', '1w'],
    ['1d', '1mo'],
  ];
  for (const [from, to] of cases) {
    it(`${from} → ${to} equals DuckDB's resampleSql`, async () => {
      const mine = resampleBars(from === '1m' ? minute : daily, to).bars;
      const sql = await store.bars(from === '1m' ? 'MIN' : 'DAY', to);
      expect(Array.from(mine.ts)).toEqual(Array.from(sql.ts));
      for (const c of ['open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(mine[c]), c).toEqual(Array.from(sql[c]));
    });
  }

  it('buckets like bucketSql: clock floors, Monday weeks, calendar months, before 1970 too', () => {
    expect(bucketStart(Date.UTC(2024, 0, 3, 9, 47), '15m')).toBe(Date.UTC(2024, 0, 3, 9, 45));
    expect(bucketStart(Date.UTC(2024, 0, 3, 9, 47), '1h')).toBe(Date.UTC(2024, 0, 3, 9));
    expect(bucketStart(Date.UTC(2024, 0, 7, 12), '1w')).toBe(Date.UTC(2024, 0, 1)); // Sunday → Monday 1 Jan
    expect(bucketStart(Date.UTC(2024, 1, 29, 12), '1mo')).toBe(Date.UTC(2024, 1, 1));
    expect(bucketStart(Date.UTC(1969, 11, 31, 23, 59), '1d')).toBe(Date.UTC(1969, 11, 31));
  });

  it('skips NaN prices and sums only known volumes', () => {
    const b: Bars = {
      symbol: 'X',
      timeframe: '1m',
      ts: Float64Array.from([0, 60_000, 120_000]),
      open: Float64Array.from([NaN, 2, 3]),
      high: Float64Array.from([5, NaN, 4]),
      low: Float64Array.from([1, 0.5, NaN]),
      close: Float64Array.from([1.5, 2.5, NaN]),
      volume: Float64Array.from([NaN, 10, 5]),
    };
    const r = resampleBars(b, '5m').bars;
    expect([r.open[0], r.high[0], r.low[0], r.close[0], r.volume[0]]).toEqual([2, 5, 0.5, 2.5, 15]);
  });
});

describe('visibility: only closed higher-timeframe bars', () => {
  it('row i shows the bucket before its own', () => {
    const bucketOf = Int32Array.from([0, 0, 1, 1, 1, 2]);
    const v = Float64Array.from([10, 11, 12]);
    expect(Array.from(alignClosed(v, bucketOf))).toEqual([NaN, NaN, 10, 10, 10, 11]);
    expect(alignedLookback(0, bucketOf)).toBe(2);
    expect(alignedLookback(1, bucketOf)).toBe(5);
    expect(alignedLookback(2, bucketOf)).toBe(6);
  });

  it('truncation guard: a daily SMA on minute bars never changes earlier rows; showing the open bucket is caught', () => {
    const sma = (b: Bars) => {
      const r = resampleBars(b, '1d');
      const out = createEngine(k).indicator({ fn: 'SMA', params: { timeperiod: 3 } }, r.bars).outputs.real;
      return { closed: alignClosed(out, r.bucketOf), open: Float64Array.from(r.bucketOf, (j) => out[j]) };
    };
    const full = sma(minute);
    let caught = false;
    for (const cut of [391, 1000, 2345, 5000, 12_000, 20_000]) {
      const part = sma(head(minute, cut));
      for (let i = 0; i < cut; i++) expect(Object.is(part.closed[i], full.closed[i]), `row ${i} cut ${cut}`).toBe(true);
      for (let i = 0; i < cut; i++) if (!Object.is(part.open[i], full.open[i])) caught = true;
    }
    expect(caught).toBe(true);
  });

  it('a 15-minute strategy with a daily trend filter: truncation never changes past signals or trades', () => {
    const m15 = resampleBars(minute, '15m').bars;
    const ema = (p: number) => ({ indicator: 'EMA', params: { timeperiod: p } });
    const spec: StrategySpec = {
      type: 'rules',
      rules: {
        entry_long: { all: [{ op: 'crosses_above', left: ema(8), right: ema(21) }, { op: '>', left: { price: 'close', timeframe: '1d' }, right: { indicator: 'SMA', params: { timeperiod: 5 }, timeframe: '1d' } }] },
        exit_long: { op: 'crosses_below', left: ema(8), right: ema(21) },
      },
    };
    const full = runBacktest(k, { strategy: spec }, m15);
    expect(full.first_bar).toBe(5 * 26); // the 6th session's first bar: SMA(5) of days 1–5 has closed
    expect(full.trades.length).toBeGreaterThan(0);
    for (const cut of [150, 301, 777, 1200]) {
      const part = runBacktest(k, { strategy: spec }, head(m15, cut));
      for (let i = 0; i < cut; i++) expect(part.signals.flags[i]).toBe(full.signals.flags[i]);
      for (let i = 0; i < cut - 1; i++) expect(part.equity[i]).toBe(full.equity[i]);
    }
  });

  it('rejects a finer timeframe, and bars without timestamps', () => {
    const spec = (tf: Timeframe): StrategySpec => ({ type: 'rules', rules: { entry_long: { op: '>', left: { price: 'close', timeframe: tf }, right: 0 } } });
    expect(() => runBacktest(k, { strategy: spec('1m') }, daily)).toThrow(/must be coarser than the traded bars \(1d\), got "1m"/);
    expect(runBacktest(k, { strategy: spec('1d') }, daily).trades).toHaveLength(1); // same timeframe: the bars themselves
    const engine = createEngine(k);
    const cols = { open: daily.open, high: daily.high, low: daily.low, close: daily.close, volume: daily.volume };
    expect(() => engine.strategySignals(spec('1w'), cols as Bars)).toThrow();
  });
});
