// The API of one browser sweep worker (workers/sweep.worker.ts), in the UI layer so the pool imports it with
// `import type` (the UI never imports from workers/). Only plain data crosses: the bars and the sweep request once per
// sweep, index ranges of combinations, typed-array batch results, the merged run and plain summaries.
import type { SweepBatchResult } from '../../engine/sweep/batch';
import type { SweepOverfit, SweepRequest, SweepRun } from '../../engine/sweep/run';
import type { ParamValue } from '../../engine/sweep/space';
import type { WalkForwardRequest, WalkForwardResult } from '../../engine/walkforward/index';
import type { Bars } from '../../shared/types';

/** A sweep's best combination and its overfitting statistics (summarizeSweep without the full backtest arrays). */
export interface SweepSummaryLite {
  best: { row: number; combo: number; params: Record<string, ParamValue>; stats: Record<string, number> } | null;
  overfit: SweepOverfit;
}

/** What one sweep worker exposes through comlink. */
export interface SweepWorkerApi {
  /** Keeps `bars` and prepares `request` (prepareSweep, same expansion as the page's); answers the combination count. */
  init(bars: Bars, request: SweepRequest): Promise<number>;
  /** Runs combinations [lo, hi) of the prepared sweep in one kernel call; the result's arrays are transferred. */
  runRange(lo: number, hi: number): Promise<SweepBatchResult>;
  /** summarizeSweep of the prepared sweep over `run` (best combination, PSR, DSR, MinTRL, PBO, the sentence). */
  summarize(run: SweepRun): Promise<SweepSummaryLite>;
  /** walkForward of `request` over `bars` (independent of init). */
  walkForward(request: WalkForwardRequest, bars: Bars): Promise<WalkForwardResult>;
}
