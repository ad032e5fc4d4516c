// Golden backtests on the demo market (tests/golden/backtests.json, written by scripts/golden.ts; the README shows
// them). Each run is re-computed through the engine (rtol 1e-9) and its trades and equity are cross-checked with
// the plain-TS reference simulator fed the same signals, so a golden number rests on two implementations.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBacktest, runBacktest, simSeries } from '../../src/engine/backtest/index';
import { simulateReference } from '../../src/engine/backtest/reference';
import { resolveStartRow } from '../../src/engine/backtest/period';
import { strategySignals } from '../../src/engine/strategy/index';
import type { Kernels } from '../../src/kernels/index';
import { loadKernelsNode } from '../../src/kernels/node';
import type { BacktestConfig, Trade } from '../../src/shared/backtest';
import { demoBars } from '../../src/sources/demo';

interface Golden {
  name: string;
  data: string;
  config: BacktestConfig;
  stats: Record<string, number | string>;
  first_trade: Trade;
  last_trade: Trade;
  final_equity: number;
}

const GOLDEN = JSON.parse(readFileSync(new URL('../golden/backtests.json', import.meta.url), 'utf8')) as Golden[];

let k: Kernels;
beforeAll(async () => {
  k = await loadKernelsNode();
});

function close(got: number, want: number | string, where: string): void {
  if (typeof want === 'string') return expect(String(got), where).toBe(want);
  expect(Math.abs(got - want), `${where}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
}

describe('golden backtests on the demo market', () => {
  it('has the runs the README shows', () => expect(GOLDEN.length).toBeGreaterThanOrEqual(5));

  for (const g of GOLDEN) {
    it(g.name, () => {
      const bars = demoBars(g.data, '1d');
      const r = runBacktest(k, g.config, bars);
      for (const [key, want] of Object.entries(g.stats)) close(r.stats[key], want, key);
      close(r.equity[r.equity.length - 1], g.final_equity, 'final equity');
      for (const [key, want] of Object.entries(g.first_trade)) {
        const got = r.trades[0][key as keyof Trade];
        if (typeof want === 'number') close(got as number, want, `first trade ${key}`);
        else expect(got, `first trade ${key}`).toBe(want);
      }
      expect(r.trades[r.trades.length - 1].exit_index).toBe(g.last_trade.exit_index);

      // The same run through the reference simulator: identical trades and equity.
      const res = resolveBacktest(g.config, bars);
      const sig = strategySignals(k, res.config.strategy, bars);
      const { series, lookback } = simSeries(k, res.config, bars, res.periodsPerYear);
      const first = Math.max(sig.warmup, resolveStartRow(res.config.start, bars.ts), lookback);
      const ref = simulateReference(bars, sig.flags, first, res.settings, series);
      expect(ref.trades).toEqual(r.trades);
      expect(Array.from(ref.equity)).toEqual(Array.from(r.equity));
    });
  }
});
