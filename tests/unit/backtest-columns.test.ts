// Many backtests in one kernel call: every column of backtestColumns equals a single runBacktest of its spec.
import { beforeAll, describe, expect, it } from 'vitest';
import { COLUMN_METRICS, backtestColumns } from '../../src/engine/backtest/columns';
import { runBacktest } from '../../src/engine/backtest/index';
import { createEngine } from '../../src/engine/index';
import type { Kernels } from '../../src/kernels/index';
import { loadKernelsNode } from '../../src/kernels/node';
import type { BacktestConfig, StrategySpec } from '../../src/shared/backtest';
import type { Bars } from '../../src/shared/types';

let k: Kernels;
let bars: Bars;
beforeAll(async () => {
  k = await loadKernelsNode();
  bars = createEngine(k).demoBars('DEMO:QBIT', '1d');
});

/** Equal to the last bit, or within `rel` relative for sums formed in another order (sqn from Σpnl²). */
function expectSame(got: number, want: number, rel: number, where: string): void {
  if (Object.is(got, want)) return;
  expect(Math.abs(got - want), `${where}: ${got} vs ${want}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
}

function check(base: Omit<BacktestConfig, 'strategy'>, specs: StrategySpec[]): void {
  const many = backtestColumns(k, base, specs, bars);
  specs.forEach((strategy, j) => {
    const one = runBacktest(k, { ...base, strategy }, bars);
    expect(many.firstBars[j]).toBe(one.first_bar);
    for (const m of COLUMN_METRICS) {
      expectSame(many.metrics[m][j], one.stats[m], m === 'sqn' ? 1e-9 : 0, `column ${j} ${m}`);
    }
  });
}

describe('backtestColumns', () => {
  it('sma_cross grid (shared SMA path) equals single backtests, every metric', () => {
    const specs: StrategySpec[] = [];
    for (const fast of [3, 5, 10, 20]) for (const slow of [25, 50, 120]) specs.push({ type: 'sma_cross', params: { fast, slow } });
    check({}, specs);
    check({ direction: 'long_short', commission: { rate: 0.001 }, slippage_bps: 3, stop_loss: { pct: 0.07 }, start: 300 }, specs);
  });

  it('mixed strategies (per-spec signals) with stops, sizing and close fills equal single backtests', () => {
    const specs: StrategySpec[] = [
      { type: 'rsi_mean_reversion' },
      { type: 'macd_momentum', params: { zero_filter: true } },
      { type: 'bollinger_breakout', params: { period: 30, k: 1.5 } },
      { type: 'sma_cross', params: { fast: 8, slow: 21 } },
    ];
    check({ direction: 'long_short', fill: 'close', fractional: true, trailing_stop: { atr: 2.5 }, sizing: { mode: 'volatility_target', target: 0.2 } }, specs);
    check({ direction: 'short', take_profit: { pct: 0.05 }, sizing: { mode: 'percent_equity', pct: 0.5 }, risk_free: 0.0001 }, specs);
  });

  it('rejects an empty list and names the bad spec', () => {
    expect(() => backtestColumns(k, {}, [], bars)).toThrow(/strategies: must be a non-empty array/);
    expect(() => backtestColumns(k, {}, [{ type: 'sma_cross' }, { type: 'sma_cross', params: { fast: 9, slow: 3 } }], bars)).toThrow(
      /strategies\[1\]\.params\.fast: must be < slow/,
    );
  });
});
