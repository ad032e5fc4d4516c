// The backtest end to end through the engine (validation → signals → WASM simulation → metrics): the look-ahead
// guard on every built-in strategy with its deliberately peeking control, buy & hold equivalence, the metric period,
// stats wiring, and clear errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest/index';
import { simulateOne } from '../../src/engine/backtest/simulate';
import { resolveBacktest } from '../../src/engine/backtest/index';
import { createEngine } from '../../src/engine/index';
import { computeMetrics } from '../../src/engine/metrics/index';
import { strategySignals } from '../../src/engine/strategy/index';
import type { Kernels } from '../../src/kernels/index';
import { loadKernelsNode } from '../../src/kernels/node';
import type { BacktestConfig, BacktestResult, StrategySpec } from '../../src/shared/backtest';
import type { EngineApi } from '../../src/shared/engine-api';
import type { Bars } from '../../src/shared/types';

let k: Kernels;
let engine: EngineApi;
let acme: Bars;
beforeAll(async () => {
  k = await loadKernelsNode();
  engine = createEngine(k);
  acme = engine.demoBars('DEMO:ACME', '1d');
});

/** The first `m` rows of every column. */
function head(b: Bars, m: number): Bars {
  return { ...b, ts: b.ts.slice(0, m), open: b.open.slice(0, m), high: b.high.slice(0, m), low: b.low.slice(0, m), close: b.close.slice(0, m), volume: b.volume.slice(0, m) };
}

/**
 * Look-ahead guard: for each cut k, a run on rows 0..k−1 must agree with the full run on the signals of every row,
 * on the simulation of every row before k−1
 * (row k−1 may differ: the truncated run closes its position there with reason `end`) and on every trade that
 * exited before k−1. Returns the first disagreement, or null.
 */
function lookAheadViolation(run: (b: Bars) => BacktestResult, bars: Bars, cuts: number[]): string | null {
  const full = run(bars);
  for (const cut of cuts) {
    const part = run(head(bars, cut));
    // Signals of row i may read rows 0..i only: every row of the truncated run must agree.
    for (let i = 0; i < cut; i++) {
      if (part.signals.flags[i] !== full.signals.flags[i]) return `cut ${cut}: flags[${i}] differ`;
      if (!Object.is(part.signals.strength[i], full.signals.strength[i])) return `cut ${cut}: strength[${i}] differs`;
    }
    for (let i = 0; i < cut - 1; i++) {
      for (const key of ['equity', 'cash', 'position'] as const) {
        if (!Object.is(part[key][i], full[key][i])) return `cut ${cut}: ${key}[${i}] ${part[key][i]} ≠ ${full[key][i]}`;
      }
    }
    const done = (r: BacktestResult) => r.trades.filter((t) => t.exit_index < cut - 1);
    const a = JSON.stringify(done(part));
    const b = JSON.stringify(done(full));
    if (a !== b) return `cut ${cut}: trades closed before row ${cut - 1} differ`;
  }
  return null;
}

const STRATEGIES: StrategySpec[] = [
  { type: 'sma_cross', params: { fast: 5, slow: 20 } },
  { type: 'rsi_mean_reversion', params: { period: 10, lower: 35, upper: 65 } },
  { type: 'macd_momentum', params: { zero_filter: true } },
  { type: 'bollinger_breakout', params: { period: 15, k: 1.5 } },
  {
    type: 'rules',
    params: { n: 3 },
    rules: {
      entry_long: { all: [{ op: 'rising', left: { indicator: 'EMA', params: { timeperiod: 8 } }, n: 3 }, { op: '>', left: { price: 'close' }, right: { indicator: 'SMA', params: { timeperiod: 50 } } }] },
      exit_long: { op: 'crosses_below', left: { price: 'close' }, right: { indicator: 'EMA', params: { timeperiod: 8 } } },
      entry_short: { op: 'falling', left: { indicator: 'EMA', params: { timeperiod: 8 } }, n: 3 },
      exit_short: { op: '<', left: { indicator: 'RSI' }, right: 40 },
    },
  },
];

const TRADING: Omit<BacktestConfig, 'strategy'>[] = [
  {},
  { direction: 'long_short', commission: { rate: 0.001, fixed: 1 }, slippage_bps: 5, stop_loss: { pct: 0.05 }, trailing_stop: { atr: 3 } },
  { direction: 'short', fill: 'close', fractional: true, take_profit: { pct: 0.1 }, sizing: { mode: 'volatility_target', target: 0.15 } },
  { direction: 'long_short', fractional: true, risk: { max_position_pct: 0.4, max_drawdown_stop: 0.1 } },
];

describe('look-ahead guard (engine)', () => {
  const cuts = [200, 431, 777, 1200, 1999];
  for (const strategy of STRATEGIES) {
    for (const [t, trading] of TRADING.entries()) {
      it(`${strategy.type}, settings ${t}: truncating the data never changes the past`, () => {
        const run = (b: Bars) => runBacktest(k, { strategy, ...trading }, b);
        expect(lookAheadViolation(run, acme, cuts)).toBeNull();
      });
    }
  }

  it('control: a strategy that peeks at the next close is caught by the same guard', () => {
    // The same SMA cross, but evaluated on tomorrow's close: the classic look-ahead bug.
    const config = resolveBacktest({ strategy: { type: 'sma_cross', params: { fast: 5, slow: 20 } } }, acme);
    const peeking = (b: Bars): BacktestResult => {
      const next = b.close.map((_, i) => b.close[Math.min(i + 1, b.close.length - 1)]);
      const signals = strategySignals(k, config.config.strategy, { ...b, close: next });
      const sim = simulateOne(k, b, signals.flags, signals.warmup, config.settings);
      return { ...sim, drawdown: sim.equity, benchmark: sim.equity, stats: {}, signals, first_bar: signals.warmup, start_row: 0, periods_per_year: 252 };
    };
    // A one-bar peek only shows where tomorrow's close flips a cross, so the control cuts densely.
    const dense = Array.from({ length: 300 }, (_, i) => 100 + 7 * i);
    expect(lookAheadViolation(peeking, acme, dense)).toMatch(/flags\[\d+\] differ/);
  });
});

describe('backtest end to end', () => {
  it('a zero-cost always-long backtest equals buy & hold of the same cash', () => {
    const always: StrategySpec = { type: 'rules', rules: { entry_long: { op: '>', left: { price: 'close' }, right: 0 } } };
    const r = engine.backtest({ strategy: always, fill: 'close', fractional: true, fractional_step: 1e-12 }, acme);
    expect(r.first_bar).toBe(0);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0].exit_reason).toBe('end');
    for (let i = 0; i < acme.close.length; i++) {
      expect(r.equity[i]).toBeCloseTo(r.benchmark[i], 6);
    }
    expect(r.stats.total_return).toBeCloseTo(r.stats.buy_hold_return, 12);
    expect(r.stats.beta).toBeCloseTo(1, 9);
    expect(r.stats.exposure).toBe(1);
  });

  it('stats are the empyrical metrics of the equity returns over the metric period, plus trade metrics', () => {
    const r = engine.backtest({ strategy: { type: 'sma_cross' }, start: '2018-01-02', cash: 5000 }, acme);
    expect(r.start_row).toBe(Array.from(acme.ts).findIndex((t) => t >= Date.UTC(2018, 0, 2)));
    expect(r.first_bar).toBe(Math.max(r.start_row, r.signals.warmup));
    // Before start nothing trades: equity is the cash.
    for (let i = 0; i < r.start_row; i++) expect(r.equity[i]).toBe(5000);
    expect(r.trades.every((t) => t.entry_index > r.start_row)).toBe(true);
    const rets = new Float64Array(acme.close.length - r.start_row);
    let prev = 5000;
    for (let i = r.start_row; i < acme.close.length; i++) {
      rets[i - r.start_row] = r.equity[i] / prev - 1;
      prev = r.equity[i];
    }
    const m = computeMetrics(rets, { periodsPerYear: 252 });
    expect(r.stats.sharpe_ratio).toBe(m.sharpe_ratio);
    expect(r.stats.max_drawdown).toBe(m.max_drawdown);
    expect(r.stats.total_return).toBeCloseTo(r.equity[r.equity.length - 1] / 5000 - 1, 12);
    expect(r.stats.trades).toBe(r.trades.length);
    expect(r.stats.win_rate).toBe(r.trades.filter((t) => t.pnl > 0).length / r.trades.length);
    expect(Math.min(...r.drawdown)).toBeCloseTo(Math.min(0, ...Array.from(r.drawdown)), 15);
  });

  it('derives periods per year from the bar size unless given', () => {
    expect(engine.backtest({ strategy: { type: 'sma_cross' } }, acme).periods_per_year).toBe(252);
    expect(engine.backtest({ strategy: { type: 'sma_cross' }, periods_per_year: 365 }, acme).periods_per_year).toBe(365);
    const minute = engine.demoBars('DEMO:ACME', '1m');
    expect(engine.backtest({ strategy: { type: 'sma_cross' } }, minute).periods_per_year).toBe(98280);
  });

  it('warm-up: ATR stops and volatility sizing delay the first decision bar', () => {
    const r = engine.backtest({ strategy: { type: 'sma_cross', params: { fast: 2, slow: 3 } }, stop_loss: { atr: 2, atr_period: 50 } }, acme);
    expect(r.first_bar).toBe(50);
    const v = engine.backtest({ strategy: { type: 'sma_cross', params: { fast: 2, slow: 3 } }, sizing: { mode: 'volatility_target', target: 0.1, window: 60 } }, acme);
    expect(v.first_bar).toBe(60);
  });

  it('risk.max_position_pct: every entry is worth pct of the equity at the entry, to the unit step', () => {
    const strategy: StrategySpec = { type: 'sma_cross', params: { fast: 5, slow: 20 } };
    const config = { strategy, direction: 'long_short' as const, fractional: true, risk: { max_position_pct: 0.4 } };
    expect(resolveBacktest(config, acme).settings).toMatchObject({ maxPositionPct: 0.4, maxDrawdownStop: null });
    const r = runBacktest(k, config, acme);
    const last = acme.close.length - 1;
    const entries = r.trades.filter((t) => t.entry_index < last);
    expect(entries.length).toBeGreaterThan(10);
    for (const t of entries) {
      // Zero costs and next_open: cash after the entry row = E − u·P (long) or E + u·P (short).
      const value = t.size * t.entry_price;
      const e = r.cash[t.entry_index] + (t.direction === 'long' ? value : -value);
      expect(value / e).toBeLessThanOrEqual(0.4);
      expect(value / e).toBeGreaterThan(0.4 - 1e-6); // all_in asks for more; the 1e-8 step rounds down
    }
  });

  it('risk.max_drawdown_stop: identical to no limit until an entry meets cash < peak × (1 − x); no entry after it', () => {
    const strategy: StrategySpec = { type: 'sma_cross', params: { fast: 5, slow: 20 } };
    const free = runBacktest(k, { strategy, direction: 'long_short' }, acme);
    const r = runBacktest(k, { strategy, direction: 'long_short', risk: { max_drawdown_stop: 0.05 } }, acme);
    const m = r.trades.length;
    expect(m).toBeGreaterThan(0);
    expect(m).toBeLessThan(free.trades.length);
    expect(r.trades).toEqual(free.trades.slice(0, m));
    // The first entry the limit skipped is the unlimited run's trade m: its cash at the entry (flat, after any closing
    // leg: the cash of the limited run at the fill row) lies more than 5 % below max(cash, equity before that row).
    const e = free.trades[m].entry_index;
    const peak = Math.max(10000, ...Array.from(r.equity.subarray(0, e)));
    expect(r.cash[e]).toBeLessThan(peak * 0.95);
    expect(r.position[e]).toBe(0);
    // Flat from then on: the cash, the equity and the peak cannot move again.
    for (let i = e; i < r.equity.length; i++) expect(r.equity[i]).toBe(r.cash[e]);
  });

  it('short series, empty series and bad configs give clear errors or empty results', () => {
    const tiny = head(acme, 10);
    const r = engine.backtest({ strategy: { type: 'sma_cross' } }, tiny); // shorter than the warm-up
    expect(r.trades).toHaveLength(0);
    expect([...r.equity]).toEqual(new Array(10).fill(10000));
    expect(() => engine.backtest({ strategy: { type: 'sma_cross' } }, head(acme, 0))).toThrow(/no rows/);
    expect(() => engine.backtest({ strategy: { type: 'sma_cross', params: { fast: 30, slow: 10 } } }, acme)).toThrow(/strategy\.params\.fast: must be < slow/);
    expect(() => engine.backtest({ strategy: { type: 'sma_cross' }, start: 99999 }, acme)).toThrow(/start: row 99999 is past the last row/);
    expect(() => engine.backtest({ strategy: { type: 'sma_cross' }, cash: -1 } as BacktestConfig, acme)).toThrow(/cash/);
    expect(() => engine.backtest({ strategy: { type: 'sma_cross' }, risk: { max_position_pct: 2 } }, acme)).toThrow('risk.max_position_pct: must be in (0, 1], got 2');
    expect(() => engine.backtest({ strategy: { type: 'nope' } } as unknown as BacktestConfig, acme)).toThrow(/strategy/);
  });
});
