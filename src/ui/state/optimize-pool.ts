// The browser sweep pool: `size` sweep workers (workers/sweep.worker.ts) behind comlink. A sweep sends the bars and
// the request to every worker once (init), then the scheduler (the engine's scheduleBatches) hands index ranges to
// runRange, which gives each to a free worker. Batches still running when a sweep is cancelled finish in the
// background and are discarded by the scheduler; idle() resolves once none is left, which measures how promptly the
// workers themselves stop.
import * as Comlink from 'comlink';
import type { SweepBatchResult } from '../../engine/sweep/batch';
import type { SweepRequest, SweepRun } from '../../engine/sweep/run';
import type { WalkForwardRequest, WalkForwardResult } from '../../engine/walkforward/index';
import type { Bars } from '../../shared/types';
import type { SweepSummaryLite, SweepWorkerApi } from './optimize-worker-api';

/** Pool size for a machine: navigator.hardwareConcurrency clamped to 1..16 (1 when unknown). */
export function poolSize(hardwareConcurrency: number | undefined): number {
  const n = Math.floor(Number(hardwareConcurrency));
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 16) : 1;
}

/** Combinations per batch: at least 8 batches per worker (busy workers, a live progress bar) and at most 128, so a
 * discarded batch still running after a cancel takes tens of milliseconds even for long indicator periods (16..128). */
export function batchSizeFor(total: number, workers: number): number {
  return Math.min(128, Math.max(16, Math.ceil(total / (workers * 8))));
}

/** A fixed set of sweep workers; each batch goes to whichever worker is free first. */
export class SweepPool {
  readonly size: number;
  readonly #workers: Worker[];
  readonly #remotes: Comlink.Remote<SweepWorkerApi>[];
  readonly #free: number[];
  readonly #waiting: ((w: number) => void)[] = [];
  #busy = 0;
  #idleWaiters: (() => void)[] = [];
  #failed: Error | null = null;

  /** Starts `size` workers made by `createWorker`. */
  constructor(createWorker: () => Worker, size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`pool size: must be a positive integer, got ${size}`);
    this.size = size;
    this.#workers = Array.from({ length: size }, () => createWorker());
    for (const w of this.#workers) {
      w.addEventListener('error', (e) => (this.#failed = new Error(`sweep worker failed${e.message ? `: ${e.message}` : ''}`)));
    }
    this.#remotes = this.#workers.map((w) => Comlink.wrap<SweepWorkerApi>(w));
    this.#free = this.#workers.map((_, i) => i);
  }

  /** Sends the bars and the request to every worker (each expands the space); resolves with the combination count. */
  async init(bars: Bars, request: SweepRequest): Promise<number> {
    this.#check();
    const totals = await Promise.all(this.#remotes.map((r) => r.init(bars, request)));
    if (new Set(totals).size !== 1) throw new Error(`sweep workers disagree on the combination count: ${totals.join(', ')}`);
    return totals[0];
  }

  /** Runs combinations [lo, hi) of the initialised sweep on the first free worker. */
  async runRange(lo: number, hi: number): Promise<SweepBatchResult> {
    this.#check();
    const w = await this.#acquire();
    try {
      return await this.#remotes[w].runRange(lo, hi);
    } finally {
      this.#release(w);
    }
  }

  /** summarizeSweep on a free worker (it holds the bars and the prepared sweep from init). */
  async summarize(run: SweepRun): Promise<SweepSummaryLite> {
    const w = await this.#acquire();
    try {
      return await this.#remotes[w].summarize(run);
    } finally {
      this.#release(w);
    }
  }

  /** A walk-forward analysis on a free worker. */
  async walkForward(request: WalkForwardRequest, bars: Bars): Promise<WalkForwardResult> {
    this.#check();
    const w = await this.#acquire();
    try {
      return await this.#remotes[w].walkForward(request, bars);
    } finally {
      this.#release(w);
    }
  }

  /** Resolves when no worker is running anything (after a cancel: when the discarded batches have finished). */
  idle(): Promise<void> {
    if (this.#busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Ends every worker. */
  dispose(): void {
    for (const r of this.#remotes) r[Comlink.releaseProxy]();
    for (const w of this.#workers) w.terminate();
  }

  #check(): void {
    if (this.#failed) throw this.#failed;
  }

  #acquire(): Promise<number> {
    this.#busy++;
    const w = this.#free.shift();
    if (w !== undefined) return Promise.resolve(w);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(w: number): void {
    this.#busy--;
    const next = this.#waiting.shift();
    if (next) next(w);
    else this.#free.push(w);
    if (this.#busy === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const f of waiters) f();
    }
  }
}
