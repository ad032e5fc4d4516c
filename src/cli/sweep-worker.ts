// worker_threads entry of the CLI's sweep pool: loads the kernels once, receives the bars and shared settings once
// ("init"), then runs each batch of specs with the engine's runSweepBatch and posts the columns back, transferred.
import { parentPort } from 'node:worker_threads';
import { runSweepBatch, type SweepSetup } from '../engine/sweep/batch';
import { loadKernelsNode } from '../kernels/node';
import type { StrategySpec } from '../shared/backtest';
import type { Bars } from '../shared/types';

/** Messages the pool sends. */
export type PoolRequest = { kind: 'init'; bars: Bars; setup: SweepSetup } | { kind: 'batch'; id: number; specs: StrategySpec[] };

const port = parentPort;
if (port === null) throw new Error('sweep-worker.ts must run in a worker thread');
const kernels = loadKernelsNode();
let bars: Bars | null = null;
let setup: SweepSetup | null = null;

port.on('message', async (m: PoolRequest) => {
  if (m.kind === 'init') {
    bars = m.bars;
    setup = m.setup;
    return;
  }
  try {
    if (bars === null || setup === null) throw new Error('sweep worker: batch before init');
    const r = runSweepBatch(await kernels, bars, setup, m.specs);
    const buffers = [...Object.values(r.metrics), r.shift, r.blockSum, r.blockSumSq].map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ id: m.id, result: r }, buffers);
  } catch (e) {
    port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
