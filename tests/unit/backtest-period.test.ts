// Trade metrics and the metric-period helpers of docs/semantics.md § 8, on hand-computed cases.
import { describe, expect, it } from 'vitest';
import { PERIODS_PER_YEAR, buyAndHold, drawdownSeries, exposure, periodReturns, resolveStartRow } from '../../src/engine/backtest/period';
import { tradeMetrics } from '../../src/engine/metrics/trades';

describe('tradeMetrics', () => {
  it('matches a hand-computed set of five trades', () => {
    // pnl: +100, −50, −30, +200, −20 ; return_pct: 0.10, −0.05, −0.03, 0.20, −0.02
    const trades = [
      { pnl: 100, return_pct: 0.1 },
      { pnl: -50, return_pct: -0.05 },
      { pnl: -30, return_pct: -0.03 },
      { pnl: 200, return_pct: 0.2 },
      { pnl: -20, return_pct: -0.02 },
    ];
    const m = tradeMetrics(trades, 0.4);
    expect(m.trades).toBe(5);
    expect(m.win_rate).toBeCloseTo(0.4, 15);
    expect(m.profit_factor).toBeCloseTo(300 / 100, 15); // gross profit 300, gross loss 100
    expect(m.avg_win).toBeCloseTo(0.15, 15); // (0.10 + 0.20) / 2
    expect(m.avg_loss).toBeCloseTo(-0.1 / 3, 15); // (−0.05 − 0.03 − 0.02) / 3
    expect(m.payoff_ratio).toBeCloseTo(0.15 / (0.1 / 3), 12); // 4.5
    expect(m.expectancy).toBeCloseTo(0.2 / 5, 15); // mean return 0.04
    expect(m.best_trade).toBe(0.2);
    expect(m.worst_trade).toBe(-0.05);
    expect(m.max_consecutive_losses).toBe(2); // −50, −30
    expect(m.exposure).toBe(0.4);
    expect(m.kelly_criterion).toBeCloseTo(0.4 - 0.6 / 4.5, 12);
    // mean pnl 40; deviations 60, −90, −70, 160, −60 → squares 3600+8100+4900+25600+3600 = 45800 → sd √(45800/4) = 107.0047…
    expect(m.sqn).toBeCloseTo((Math.sqrt(5) * 40) / Math.sqrt(45800 / 4), 12);
  });

  it('answers NaN without trades, Infinity profit factor without losses, zero pnl is neither win nor loss', () => {
    const none = tradeMetrics([], 0);
    expect(none.trades).toBe(0);
    expect(none.exposure).toBe(0);
    expect(Number.isNaN(none.win_rate) && Number.isNaN(none.sqn) && Number.isNaN(none.profit_factor)).toBe(true);
    const allWins = tradeMetrics([{ pnl: 5, return_pct: 0.05 }, { pnl: 1, return_pct: 0.01 }], 1);
    expect(allWins.profit_factor).toBe(Infinity);
    expect(Number.isNaN(allWins.avg_loss) && Number.isNaN(allWins.payoff_ratio)).toBe(true);
    const flat = tradeMetrics([{ pnl: 0, return_pct: 0 }], 1);
    expect(flat.win_rate).toBe(0);
    expect(flat.max_consecutive_losses).toBe(0);
    expect(Number.isNaN(flat.avg_loss)).toBe(true);
    const streak = tradeMetrics([{ pnl: -1, return_pct: -0.01 }, { pnl: 0, return_pct: 0 }, { pnl: -1, return_pct: -0.01 }], 1);
    expect(streak.max_consecutive_losses).toBe(1);
    expect(Number.isNaN(flat.profit_factor)).toBe(true); // 0 / 0
  });
});

describe('metric period', () => {
  it('derives periods per year from the bar size', () => {
    expect(PERIODS_PER_YEAR['1d']).toBe(252);
    expect(PERIODS_PER_YEAR['1m']).toBe(98280);
    expect(PERIODS_PER_YEAR['1h']).toBe(1764);
    expect(PERIODS_PER_YEAR['1w']).toBe(52);
  });

  it('resolves start rows from indexes and dates, and names bad values', () => {
    const ts = Float64Array.from([Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3), Date.UTC(2020, 0, 6)]);
    expect(resolveStartRow(undefined, ts)).toBe(0);
    expect(resolveStartRow(2, ts)).toBe(2);
    expect(resolveStartRow('2020-01-04', ts)).toBe(2);
    expect(resolveStartRow('2020-01-03', ts)).toBe(1);
    expect(() => resolveStartRow(3, ts)).toThrow(/start: row 3 is past the last row \(2\)/);
    expect(() => resolveStartRow(-1, ts)).toThrow(/start: must be a row index/);
    expect(() => resolveStartRow('2020-02-30', ts)).toThrow(/start: must be an ISO date/);
    expect(() => resolveStartRow('2021-01-01', ts)).toThrow(/after the last bar/);
  });

  it('computes returns from the start row, drawdown from the initial cash, buy & hold and exposure', () => {
    const eq = Float64Array.from([100, 100, 110, 99, 121]);
    expect([...periodReturns(eq, 100, 0)]).toEqual([0, 0, 110 / 100 - 1, 99 / 110 - 1, 121 / 99 - 1]);
    expect([...periodReturns(eq, 100, 2)]).toEqual([110 / 100 - 1, 99 / 110 - 1, 121 / 99 - 1]);
    expect([...drawdownSeries(Float64Array.from([90, 100, 120, 60]), 100)]).toEqual([90 / 100 - 1, 0, 0, -0.5]);
    const bh = buyAndHold(Float64Array.from([10, 20, NaN, 5]), 1000, 1);
    expect(Number.isNaN(bh.equity[0])).toBe(true);
    expect([...bh.equity.slice(1)]).toEqual([1000, 1000, 250]);
    expect([...bh.returns]).toEqual([0, 0, -0.75]);
    expect(exposure(Float64Array.from([0, 1, 0, -2]), 0)).toBe(0.5);
    expect(exposure(Float64Array.from([0, 1, 0, -2]), 2)).toBe(0.5);
    expect(exposure(Float64Array.from([0, 1, 1, 0]), 0, true)).toBe(0.75); // the end close flattened row 3
  });
});
