// One batch of a sweep: many concrete strategy specs over shared bars and trading settings in ONE multi-column
// WASM simulation (backtestColumns, so each column's COLUMN_METRICS equal runBacktest's stats), plus each column's per-block return sums for the sweep's PBO (src/engine/overfit/pbo.ts).
// Workers and the in-thread path both call runSweepBatch; it is pure given the kernels.
import type { Kernels } from '../../kernels/index';
import type { BacktestConfig, StrategySpec } from '../../shared/backtest';
import type { Bars } from '../../shared/types';
import { backtestColumns, type ColumnMetric } from '../backtest/columns';
import { addTrialBlocks, emptyBlockStats, type BlockStats } from '../overfit/pbo';

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
  if (!Array.isArray(specs) || specs.length === 0) throw new Error('specs: must be a non-empty array of strategy specs');
  const S = setup.blocks;
  let blocks: BlockStats | null = null;
  const r = backtestColumns(kernels, setup.base, specs, bars, (j, returns) => {
    if (S <= 0 || returns.length === 0) return;
    blocks ??= emptyBlockStats(specs.length, returns.length, S);
    addTrialBlocks(blocks, j, returns);
  });
  const rows = bars.close.length - r.startRow;
  const b = blocks ?? emptyBlockStats(specs.length, rows, S);
  return { metrics: r.metrics, rows, shift: b.shift, blockSum: b.sum, blockSumSq: b.sumSq };
}
