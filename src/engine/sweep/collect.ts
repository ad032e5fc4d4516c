// Merges the batches of a sweep into one SweepRun — executeSweep's in-thread batches and the browser pool's alike:
// batches arrive in completion order, each covering combinations [lo, hi); the table holds
// the completed combinations only, in combination order, with their block sums for the PBO. A cancelled sweep's table
// is therefore consistent: whole batches, each row equal to the full run's row.
import { COLUMN_METRICS, type ColumnMetric } from '../backtest/columns';
import { emptyBlockStats, type BlockStats } from '../overfit/pbo';
import type { SweepBatchResult } from './batch';
import type { SweepRun } from './run';
import type { ExpandedSpace } from './space';
import { sweepTable } from './table';

/** Collects batch results of a sweep of `total` combinations with `blocks` PBO blocks over `rows` return rows. */
export class SweepCollector {
  readonly total: number;
  readonly blocks: number;
  readonly rows: number;
  /** Combinations merged so far. */
  done = 0;
  readonly #metrics: Record<ColumnMetric, Float64Array>;
  readonly #stats: BlockStats;
  readonly #have: Uint8Array;

  /** An empty collection (blocks 0: no PBO block sums). */
  constructor(total: number, blocks: number, rows: number) {
    if (!(Number.isInteger(total) && total >= 0)) throw new RangeError(`total: must be a non-negative integer, got ${total}`);
    if (!(Number.isInteger(blocks) && blocks >= 0)) throw new RangeError(`blocks: must be a non-negative integer, got ${blocks}`);
    this.total = total;
    this.blocks = blocks;
    this.rows = rows;
    this.#metrics = Object.fromEntries(COLUMN_METRICS.map((m) => [m, new Float64Array(total)])) as Record<
      ColumnMetric,
      Float64Array
    >;
    this.#stats = emptyBlockStats(total, Math.max(rows, 0), blocks);
    this.#have = new Uint8Array(total);
  }

  /** Merges the result of combinations [lo, hi) (a batch's columns in order); throws on a range merged twice or out of bounds. */
  add(lo: number, hi: number, r: SweepBatchResult): void {
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && 0 <= lo && lo < hi && hi <= this.total)) {
      throw new RangeError(`batch range [${lo}, ${hi}) must lie within [0, ${this.total})`);
    }
    if (this.#have.subarray(lo, hi).some((x) => x === 1)) throw new RangeError(`batch range [${lo}, ${hi}) was merged twice`);
    const S = this.blocks;
    for (const m of COLUMN_METRICS) this.#metrics[m].set(r.metrics[m], lo);
    this.#stats.shift.set(r.shift, lo);
    if (S > 0) {
      this.#stats.sum.set(r.blockSum, lo * S);
      this.#stats.sumSq.set(r.blockSumSq, lo * S);
    }
    this.#have.fill(1, lo, hi);
    this.done += hi - lo;
  }

  /** The SweepRun of the merged combinations (completed: every combination merged). */
  finish(space: Pick<ExpandedSpace, 'names' | 'combos'>): SweepRun {
    const S = this.blocks;
    const rows = Int32Array.from({ length: this.total }, (_, k) => k).filter((k) => this.#have[k] === 1);
    const pick = (a: Float64Array, w: number): Float64Array => {
      const out = new Float64Array(rows.length * w);
      rows.forEach((k, r) => out.set(a.subarray(k * w, k * w + w), r * w));
      return out;
    };
    const metrics = Object.fromEntries(COLUMN_METRICS.map((m) => [m, pick(this.#metrics[m], 1)])) as Record<
      ColumnMetric,
      Float64Array
    >;
    const table = sweepTable(space.names, space.combos, rows, metrics);
    const st = this.#stats;
    const blocks: BlockStats = {
      trials: rows.length,
      blocks: S,
      counts: st.counts,
      shift: pick(st.shift, 1),
      sum: pick(st.sum, S),
      sumSq: pick(st.sumSq, S),
    };
    return { table, blocks, completed: rows.length === this.total, total: this.total };
  }
}
