// One batch of a sweep: many concrete strategy specs over shared bars and trading settings in ONE multi-column
// WASM simulation (as backtestColumns, whose per-column metric code it reuses, so each column's COLUMN_METRICS
// equal runBacktest's stats), plus each column's per-block return sums for the sweep's PBO (src/engine/overfit/pbo.ts).
// Workers and the in-thread path both call runSweepBatch; it is pure given the kernels.
import type { Kernels } from '../../kernels/index';
import type { BacktestConfig, StrategySpec } from '../../shared/backtest';
import type { Bars } from '../../shared/types';
import { COLUMN_METRICS, columnMetrics, type ColumnMetric } from '../backtest/columns';
import { checkBars, resolveBacktest, simSeries } from '../backtest/index';
import { resolveStartRow } from '../backtest/period';
import { simulateColumns } from '../backtest/simulate';
import { addTrialBlocks, emptyBlockStats } from '../overfit/pbo';
import { resolveStrategyDefaults } from '../spec/defaults';
import { validateStrategy } from '../spec/validate';
import { smaCrossFlagsGrid, strategySignals } from '../strategy/index';

/** What every batch of one sweep shares: the trading settings (no strategy) and the PBO block count (0: none). */
export interface SweepSetup {
  base: Omit<BacktestConfig, 'strategy'>;
  /** Blocks for the per-column block sums (even, ≥ 2), or 0 to skip them. */
  blocks: number;
}

/** Results of one batch; column j belongs to the batch's j-th spec. Plain typed arrays (transferable). */
export interface SweepBatchResult {
  metrics: Record<ColumnMetric, Float64Array>;
  /** Rows of the metric period (returns per column). */
  rows: number;
  /** Per column: its mean return (the PBO shift), then S block sums and S block sums of squares (trial-major). */
  shift: Float64Array;
  blockSum: Float64Array;
  blockSumSq: Float64Array;
}

/**
 * Backtests `specs` (one column each) with `setup.base`'s settings over `bars` in one kernel call: COLUMN_METRICS per
 * column (equal to runBacktest's stats of that spec) and, when setup.blocks > 0, per-block sums of its returns.
 */
export function runSweepBatch(kernels: Kernels, bars: Bars, setup: SweepSetup, specs: readonly StrategySpec[]): SweepBatchResult {
  checkBars(bars);
  if (!Array.isArray(specs) || specs.length === 0) throw new Error('specs: must be a non-empty array of strategy specs');
  const ncols = specs.length;
  const n = bars.close.length;
  const resolved = specs.map((s, j) => resolveStrategyDefaults(validateStrategy(s, `specs[${j}]`)));
  const { config, settings, periodsPerYear, riskFree } = resolveBacktest({ ...setup.base, strategy: resolved[0] }, bars);
  const startRow = resolveStartRow(config.start, bars.ts);
  const { series, lookback } = simSeries(kernels, config, bars, periodsPerYear);
  let flags: Uint8Array;
  const warmups = new Int32Array(ncols);
  if (resolved.every((s) => s.type === 'sma_cross')) {
    const g = smaCrossFlagsGrid(kernels, bars.close, resolved.map((s) => [s.params!.fast!, s.params!.slow!] as const));
    flags = g.flags;
    warmups.set(g.warmups);
  } else {
    flags = new Uint8Array(n * ncols);
    resolved.forEach((s, j) => {
      const sig = strategySignals(kernels, s, bars);
      flags.set(sig.flags, j * n);
      warmups[j] = sig.warmup;
    });
  }
  const firstBars = warmups.map((w) => Math.max(w, startRow, lookback));
  const sim = simulateColumns(kernels, bars, flags, firstBars, settings, series, { equity: true, trades: false });
  const metrics = Object.fromEntries(COLUMN_METRICS.map((m) => [m, new Float64Array(ncols)])) as Record<ColumnMetric, Float64Array>;
  const rows = n - startRow;
  const S = setup.blocks;
  const blocks = emptyBlockStats(ncols, rows, S);
  const ret = new Float64Array(rows);
  for (let j = 0; j < ncols; j++) {
    const eq = sim.equity![j];
    columnMetrics(eq, sim.summary[j], settings.cash, startRow, periodsPerYear, riskFree, metrics, j);
    if (S > 0 && rows > 0) {
      // Returns of docs/semantics.md § 8: r[start] = equity[start]/cash − 1, then equity[i]/equity[i−1] − 1.
      let prev = settings.cash;
      for (let t = 0; t < rows; t++) {
        const e = eq[startRow + t];
        ret[t] = e / prev - 1;
        prev = e;
      }
      addTrialBlocks(blocks, j, ret);
    }
  }
  return { metrics, rows, shift: blocks.shift, blockSum: blocks.sum, blockSumSq: blocks.sumSq };
}
