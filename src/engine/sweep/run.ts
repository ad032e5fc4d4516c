// A sweep end to end (docs/optimize.md): validate the request and expand its parameter space, run the batches —
// in-thread or through a caller's pool via `runBatch` — into one SweepTable, then pick the best combination and
// compute its overfitting statistics (PSR, DSR, minimum track record length, PBO by CSCV over the combinations'
// per-period returns in `blocks` blocks).
import type { Kernels } from '../../kernels/index';
import type { BacktestConfig, BacktestResult, StrategySpec } from '../../shared/backtest';
import type { Bars } from '../../shared/types';
import { COLUMN_METRICS, type ColumnMetric } from '../backtest/columns';
import { checkBars, runBacktest } from '../backtest/index';
import { periodReturns, resolveStartRow } from '../backtest/period';
import { kurtosis, skew } from '../metrics/stats';
import { checkBlocks, pboFromBlocks, type BlockStats } from '../overfit/pbo';
import { deflatedSharpe, minTrackRecordLength } from '../overfit/sharpe';
import { overfitSentence } from '../overfit/words';
import { SpecError, isPlainObject } from '../spec/schema-check';
import { validateBacktestConfig } from '../spec/validate';
import { SweepCollector } from './collect';
import { runSweepBatch, type SweepBatchResult, type SweepSetup } from './batch';
import { scheduleBatches, type CancelFlag, type SweepProgress } from './schedule';
import { expandSpace, type ExpandedSpace, type ParamValue, type SearchOptions, type StrategySpace } from './space';
import { tableRow, type SweepTable } from './table';

/** A sweep request: backtest settings, a strategy space, the selection metric, the search and the PBO blocks. */
export interface SweepRequest extends Omit<BacktestConfig, 'strategy'>, SearchOptions {
  strategy: StrategySpace;
  /** Metric the best combination maximizes (a COLUMN_METRICS name). Default 'sharpe_ratio'. */
  metric?: ColumnMetric;
  /** Blocks S of the sweep's PBO (even, 2..20). Default 16. */
  blocks?: number;
}

/** Fields of SweepRequest besides the backtest settings. */
export const SWEEP_FIELDS = ['metric', 'search', 'max_tries', 'seed', 'blocks'] as const;

/** Default number of CSCV blocks of a sweep's PBO. */
export const DEFAULT_BLOCKS = 16;
/** Default combinations per batch (one kernel call each; ~5–15 ms on daily bars, so cancel stays prompt). */
export const DEFAULT_BATCH_SIZE = 256;

/** A validated sweep: the expanded space, the settings every batch shares and the metric. */
export interface PreparedSweep {
  space: ExpandedSpace;
  setup: SweepSetup;
  metric: ColumnMetric;
  /** Rows of the metric period (T of the returns). */
  rows: number;
}

/** Validates a sweep request against `bars` (errors name the field) and expands its space. */
export function prepareSweep(input: unknown, bars: Bars, opts: { pbo?: boolean } = {}): PreparedSweep {
  checkBars(bars);
  if (!isPlainObject(input)) throw new SpecError('request', `must be an object with a "strategy" space, got ${JSON.stringify(input)}`);
  const { strategy, metric = 'sharpe_ratio', search, max_tries, seed, blocks = DEFAULT_BLOCKS, ...base } = input as unknown as SweepRequest;
  if (strategy === undefined) throw new SpecError('strategy', 'missing: a strategy space like {"type":"sma_cross","params":{"fast":{"min":5,"max":20,"step":5},"slow":[30,50]},"constraints":["fast < slow"]}');
  if (!(COLUMN_METRICS as readonly string[]).includes(metric)) throw new SpecError('metric', `must be one of ${COLUMN_METRICS.join(', ')}, got ${JSON.stringify(metric)}`);
  const space = expandSpace(strategy, { search, max_tries, seed });
  validateBacktestConfig({ ...base, strategy: space.specs[0] }); // the trading settings, named as in `backtest`
  const rows = bars.ts.length - resolveStartRow((base as BacktestConfig).start, bars.ts);
  const pbo = opts.pbo ?? true;
  if (pbo) checkBlocks(blocks, rows);
  return { space, setup: { base, blocks: pbo ? blocks : 0 }, metric, rows };
}

/** How a pool runs one batch of specs (a worker's runSweepBatch); absent: in-thread. */
export type BatchRunner = (specs: StrategySpec[]) => Promise<SweepBatchResult> | SweepBatchResult;

/** Options of executeSweep. */
export interface ExecuteOptions {
  batchSize?: number;
  /** Batches in flight (the pool size). Default 1. */
  concurrency?: number;
  runBatch?: BatchRunner;
  onProgress?(p: SweepProgress): void;
  signal?: CancelFlag;
}

/** The merged results of a (possibly cancelled) sweep. */
export interface SweepRun {
  table: SweepTable;
  /** Block sums of the table's rows, in table order (blocks 0: none). */
  blocks: BlockStats;
  completed: boolean;
  total: number;
}

/** Runs the batches of a prepared sweep (in-thread unless `runBatch` is given) and merges them into a table. */
export async function executeSweep(kernels: Kernels, p: PreparedSweep, bars: Bars, o: ExecuteOptions = {}): Promise<SweepRun> {
  const total = p.space.specs.length;
  const collector = new SweepCollector(total, p.setup.blocks, p.rows);
  const run = o.runBatch ?? ((specs: StrategySpec[]) => runSweepBatch(kernels, bars, p.setup, specs));
  await scheduleBatches<SweepBatchResult>({
    total,
    batchSize: o.batchSize ?? DEFAULT_BATCH_SIZE,
    concurrency: o.concurrency,
    run: (lo, hi) => run(p.space.specs.slice(lo, hi)),
    onBatch: (lo, hi, r) => collector.add(lo, hi, r),
    onProgress: o.onProgress,
    signal: o.signal,
  });
  return collector.finish(p.space);
}

/** Row of the highest `metric` (NaN never wins; ties: the first in combination order); −1 if every value is NaN. */
export function bestRow(values: Float64Array): number {
  let best = -1;
  for (let r = 0; r < values.length; r++) if (!Number.isNaN(values[r]) && (best < 0 || values[r] > values[best])) best = r;
  return best;
}

/** The sweep's overfitting statistics for its best combination (docs/optimize.md § Overfitting statistics). */
export interface SweepOverfit {
  trials: number;
  free_parameters: number;
  /** Selected combination's per-period Sharpe, its returns' skewness and RAW kurtosis, and T. */
  sharpe_per_period: number;
  skew: number;
  kurtosis: number;
  observations: number;
  /** Sample variance (ddof 1) of the trials' finite per-period Sharpe ratios. */
  sharpe_variance: number;
  psr: number;
  dsr: number;
  expected_max_sharpe: number;
  /** Periods for PSR(0) to reach 95 %. */
  min_track_record: number;
  pbo: number;
  blocks: number;
  sentence: string;
}

/** The best combination (full backtest) and the overfitting statistics of a sweep run. */
export interface SweepSummary {
  best: { row: number; combo: number; params: Record<string, ParamValue>; stats: Record<string, number>; result: BacktestResult } | null;
  overfit: SweepOverfit;
}

/**
 * Picks the best row by the prepared metric, re-runs it with runBacktest (full stats and returns) and computes PSR,
 * DSR (trials = rows of the table), MinTRL and PBO (CSCV over the rows' block sums; NaN with fewer than 2 rows).
 */
export function summarizeSweep(kernels: Kernels, p: PreparedSweep, run: SweepRun, bars: Bars): SweepSummary {
  const t = run.table;
  const N = t.combo.length;
  const r = bestRow(t.metrics[p.metric]);
  const sharpes = Array.from(t.metrics.sharpe_ratio).filter(Number.isFinite);
  let ppy = NaN;
  let best: SweepSummary['best'] = null;
  let sr = NaN;
  let sk = NaN;
  let ku = NaN;
  if (r >= 0) {
    const k = t.combo[r];
    const result = runBacktest(kernels, { ...p.setup.base, strategy: p.space.specs[k] }, bars);
    ppy = result.periods_per_year;
    const returns = periodReturns(result.equity, p.setup.base.cash ?? 10000, result.start_row);
    sr = result.stats.sharpe_ratio / Math.sqrt(ppy);
    // Skewness and kurtosis are unchanged by subtracting a constant risk-free return; kurtosis() is excess.
    sk = skew(returns);
    ku = kurtosis(returns) + 3;
    best = { row: r, combo: k, params: tableRow(t, r).params, stats: result.stats, result };
  }
  const sq = Number.isFinite(ppy) ? Math.sqrt(ppy) : NaN;
  const per = sharpes.map((s) => s / sq);
  const mean = per.reduce((a, b) => a + b, 0) / per.length;
  const variance = per.length > 1 ? per.reduce((a, b) => a + (b - mean) ** 2, 0) / (per.length - 1) : per.length === 1 ? 0 : NaN;
  const d = deflatedSharpe({ sharpe: sr, trials: Math.max(N, 1), sharpeVariance: variance, skew: sk, kurtosis: ku, observations: p.rows });
  const pbo = p.setup.blocks > 0 && N >= 2 ? pboFromBlocks(run.blocks).pbo : NaN;
  return {
    best,
    overfit: {
      trials: N,
      free_parameters: p.space.free.length,
      sharpe_per_period: sr,
      skew: sk,
      kurtosis: ku,
      observations: p.rows,
      sharpe_variance: variance,
      psr: d.psr,
      dsr: d.dsr,
      expected_max_sharpe: d.expected_max_sharpe,
      min_track_record: minTrackRecordLength(sr, 0, sk, ku),
      pbo,
      blocks: p.setup.blocks,
      sentence: overfitSentence({ trials: N, sharpe: sr * sq, dsr: d.dsr, pbo }),
    },
  };
}
