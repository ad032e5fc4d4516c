// Parameter sweeps (docs/optimize.md): spaces and constraints (space.ts, constraints.ts), one batch = one kernel
// call (batch.ts), the pool-agnostic scheduler (schedule.ts), the columnar result table and its SQL (table.ts,
// sql.ts), and the sweep end to end with its overfitting statistics (run.ts).
export { parseConstraint, satisfies, type Constraint, type ConstraintOp } from './constraints';
export { MAX_COMBINATIONS, expandSpace, rangeValues, resolveSearch, type ExpandedSpace, type ParamRange, type ParamSpace, type ParamValue, type SearchOptions, type StrategySpace } from './space';
export { runSweepBatch, type SweepBatchResult, type SweepSetup } from './batch';
export { scheduleBatches, type CancelFlag, type ScheduleOptions, type ScheduleOutcome, type SweepProgress } from './schedule';
export { paramColumn, sweepColumns, sweepTable, sweepTableToArrowIPC, tableRow, type SweepTable } from './table';
export { sweepHeatmapSql, sweepTopSql, type HeatmapAggregate, type HeatmapQuery, type TopQuery } from './sql';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_BLOCKS,
  SWEEP_FIELDS,
  bestRow,
  executeSweep,
  prepareSweep,
  summarizeSweep,
  type BatchRunner,
  type ExecuteOptions,
  type PreparedSweep,
  type SweepOverfit,
  type SweepRequest,
  type SweepRun,
  type SweepSummary,
} from './run';
