// Writes tests/golden/backtests.json: golden backtests on the demo market (config, headline stats, trade count,
// first and last trade). tests/unit/backtest-golden.test.ts re-runs them (and cross-checks each with the plain-TS
// reference simulator); the README's table is printed from the same file. Run after an intended change:
//   npx tsx scripts/golden.ts            # prints the README table
//   npx tsx scripts/golden.ts --write    # rewrites the golden file
import { writeFileSync } from 'node:fs';
import { runBacktest } from '../src/engine/backtest/index';
import { loadKernelsNode } from '../src/kernels/node';
import type { BacktestConfig } from '../src/shared/backtest';
import { demoBars } from '../src/sources/demo';

/** The golden runs: a symbol and a full config each. */
export const GOLDEN_RUNS: { name: string; data: string; config: BacktestConfig }[] = [
  { name: 'SMA cross 10/30, long, all-in, no costs', data: 'DEMO:ACME', config: { strategy: { type: 'sma_cross', params: { fast: 10, slow: 30 } } } },
  {
    name: 'SMA cross 10/30, long/short, 0.2 % commission, 8 % stop',
    data: 'DEMO:ACME',
    config: { strategy: { type: 'sma_cross', params: { fast: 10, slow: 30 } }, direction: 'long_short', commission: { rate: 0.002 }, stop_loss: { pct: 0.08 } },
  },
  {
    name: 'RSI(14) 30/70, long/short, 5 bps slippage, 10 % stop, from 2019',
    data: 'DEMO:QBIT',
    config: { strategy: { type: 'rsi_mean_reversion' }, direction: 'long_short', slippage_bps: 5, stop_loss: { pct: 0.1 }, start: '2019-01-02' },
  },
  {
    name: 'MACD 12/26/9 zero filter, 2×ATR trailing stop, fractional',
    data: 'DEMO:VAULT',
    config: { strategy: { type: 'macd_momentum', params: { zero_filter: true } }, trailing_stop: { atr: 2 }, fractional: true, commission: { rate: 0.0005, fixed: 1 } },
  },
  {
    name: 'Bollinger 20/2 breakout, long/short, 15 % vol target, close fills, 10 % take-profit',
    data: 'DEMO:HELIX',
    config: { strategy: { type: 'bollinger_breakout' }, direction: 'long_short', fill: 'close', sizing: { mode: 'volatility_target', target: 0.15 }, take_profit: { pct: 0.1 }, spread: 0.0005 },
  },
];

/** The stats kept in the golden file and the README. */
export const GOLDEN_STATS = ['total_return', 'annual_return', 'sharpe_ratio', 'sortino_ratio', 'max_drawdown', 'calmar_ratio', 'trades', 'win_rate', 'profit_factor', 'exposure'] as const;

const kernels = await loadKernelsNode();
const out = GOLDEN_RUNS.map((g) => {
  const r = runBacktest(kernels, g.config, demoBars(g.data, '1d'));
  const stats = Object.fromEntries(GOLDEN_STATS.map((k) => [k, Number.isFinite(r.stats[k]) ? r.stats[k] : String(r.stats[k])]));
  return { ...g, stats, first_trade: r.trades[0], last_trade: r.trades[r.trades.length - 1], final_equity: r.equity[r.equity.length - 1] };
});
if (process.argv.includes('--write')) {
  writeFileSync('tests/golden/backtests.json', JSON.stringify(out, null, 1) + '\n');
  console.error('golden: wrote tests/golden/backtests.json');
}
const pct = (x: number | string) => (typeof x === 'number' ? `${(100 * x).toFixed(2)} %` : x);
const num = (x: number | string) => (typeof x === 'number' ? x.toFixed(3) : x);
console.log('| run (demo daily bars, 2016–2025) | symbol | total return | Sharpe | max drawdown | trades | win rate | profit factor |');
console.log('|---|---|---|---|---|---|---|---|');
for (const g of out) {
  const s = g.stats;
  console.log(`| ${g.name} | ${g.data.slice(5)} | ${pct(s.total_return)} | ${num(s.sharpe_ratio)} | ${pct(s.max_drawdown)} | ${s.trades} | ${pct(s.win_rate)} | ${num(s.profit_factor)} |`);
}
