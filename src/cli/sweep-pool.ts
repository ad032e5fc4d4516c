// The CLI's sweep pool: Node worker_threads running src/cli/sweep-worker.ts. The bars and shared settings go to each
// worker once; batches are then dispatched to idle workers (the engine's scheduler keeps at most `size` in flight).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SweepBatchResult, SweepSetup } from '../engine/sweep/batch';
import type { StrategySpec } from '../shared/backtest';
import type { Bars } from '../shared/types';
import type { PoolRequest } from './sweep-worker';

/** Workers the CLI uses by default: one per core. */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}

/**
 * One worker running sweep-worker. Run from TypeScript sources (tsx: the CLI, tests, benchmarks), a worker thread does
 * not inherit tsx's loader, so a two-line eval shim registers tsx's ESM hooks before importing the .ts entry.
 */
function spawnWorker(): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./sweep-worker.js', self));
  const entry = new URL('./sweep-worker.ts', self).href;
  const shim = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(shim, { eval: true });
}

type Pending = { resolve(r: SweepBatchResult): void; reject(e: Error): void };

/** A pool of sweep workers over one set of bars and settings; close() when done. */
export class SweepPool {
  private readonly idle: Worker[] = [];
  private readonly queue: { specs: StrategySpec[]; p: Pending }[] = [];
  private readonly pending = new Map<number, { worker: Worker; p: Pending }>();
  private nextId = 0;
  private failed: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: { id: number; result?: SweepBatchResult; error?: string }) => {
        const job = this.pending.get(m.id);
        if (job === undefined) return;
        this.pending.delete(m.id);
        this.idle.push(w);
        if (m.error !== undefined) job.p.reject(new Error(m.error));
        else job.p.resolve(m.result!);
        this.pump();
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => code !== 0 && this.fail(new Error(`sweep worker exited with code ${code}`)));
      this.idle.push(w);
    }
  }

  /** Starts `size` workers and sends each the bars and settings once. */
  static create(size: number, bars: Bars, setup: SweepSetup): SweepPool {
    const workers = Array.from({ length: size }, () => spawnWorker());
    for (const w of workers) w.postMessage({ kind: 'init', bars, setup } satisfies PoolRequest);
    return new SweepPool(workers);
  }

  /** Runs one batch on the next idle worker. */
  runBatch(specs: StrategySpec[]): Promise<SweepBatchResult> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ specs, p: { resolve, reject } });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      this.pending.set(id, { worker: w, p: job.p });
      w.postMessage({ kind: 'batch', id, specs: job.specs } satisfies PoolRequest);
    }
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const { p } of this.pending.values()) p.reject(e);
    for (const { p } of this.queue) p.reject(e);
    this.pending.clear();
    this.queue.length = 0;
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    this.failed ??= new Error('sweep pool closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
