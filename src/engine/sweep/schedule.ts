// The pool-agnostic sweep scheduler: cuts `total` combinations into batches, hands them to `run` (in-thread, or a
// worker of a pool — the caller decides) with at most `concurrency` in flight, merges each finished batch through
// `onBatch`, reports progress, and stops on cancel. Cancel is checked between batches; batches still in flight are
// discarded, so the merged results are exactly the completed batches (consistent, never half a batch).

/** Progress after each merged batch. */
export interface SweepProgress {
  done: number;
  total: number;
  /** Combinations per second since the start. */
  rate: number;
  /** Seconds left at the current rate (0 when done). */
  eta: number;
  elapsed_ms: number;
}

/** An AbortSignal-like cancel flag (AbortSignal satisfies it). */
export interface CancelFlag {
  readonly aborted: boolean;
  addEventListener?(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener?(type: 'abort', listener: () => void): void;
}

/** Options of scheduleBatches. */
export interface ScheduleOptions<R> {
  total: number;
  batchSize: number;
  /** Batches in flight at once (the pool's worker count; 1 in-thread). */
  concurrency?: number;
  /** Runs combinations [lo, hi); may return synchronously. */
  run(lo: number, hi: number): Promise<R> | R;
  /** Merges a finished batch (called in completion order, never after the schedule has settled). */
  onBatch(lo: number, hi: number, result: R): void;
  onProgress?(p: SweepProgress): void;
  signal?: CancelFlag;
  /** Clock in ms (default performance.now). */
  now?: () => number;
}

/** How a schedule ended. */
export interface ScheduleOutcome {
  completed: boolean;
  /** Combinations merged. */
  done: number;
}

/** A macrotask boundary, so abort events and UI work can run between in-thread batches. */
function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(0);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs the batches (see the module comment); resolves when all are merged or as soon as the signal aborts. */
export function scheduleBatches<R>(o: ScheduleOptions<R>): Promise<ScheduleOutcome> {
  const { total, batchSize, signal } = o;
  const concurrency = o.concurrency ?? 1;
  if (!(Number.isInteger(total) && total >= 0)) throw new RangeError(`total: must be a non-negative integer, got ${total}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`batchSize: must be a positive integer, got ${batchSize}`);
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`concurrency: must be a positive integer, got ${concurrency}`);
  const now = o.now ?? (() => performance.now());
  const t0 = now();
  return new Promise((resolve, reject) => {
    let next = 0;
    let inflight = 0;
    let done = 0;
    let settled = false;
    const settle = (completed: boolean, error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener?.('abort', onAbort);
      if (error !== undefined) reject(error);
      else resolve({ completed, done });
    };
    const onAbort = (): void => settle(false);
    signal?.addEventListener?.('abort', onAbort, { once: true });
    const launch = (): void => {
      while (!settled && inflight < concurrency && next < total) {
        if (signal?.aborted) return settle(false);
        const lo = next;
        const hi = Math.min(total, lo + batchSize);
        next = hi;
        inflight++;
        Promise.resolve()
          .then(() => o.run(lo, hi))
          .then(
            (r) => {
              inflight--;
              if (settled) return;
              o.onBatch(lo, hi, r);
              done += hi - lo;
              const elapsed = now() - t0;
              const rate = elapsed > 0 ? (done / elapsed) * 1000 : 0;
              o.onProgress?.({ done, total, rate, eta: rate > 0 ? (total - done) / rate : 0, elapsed_ms: elapsed });
              if (done === total) return settle(true);
              return nextTask().then(launch);
            },
            (e) => settle(false, e),
          )
          .catch((e) => settle(false, e));
      }
      if (!settled && next >= total && inflight === 0) settle(true);
    };
    if (signal?.aborted) settle(false);
    else launch();
  });
}
