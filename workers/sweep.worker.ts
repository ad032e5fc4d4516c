// Thin comlink shell of one browser sweep-pool worker (src/ui/state/optimize-pool.ts starts one per
// navigator.hardwareConcurrency). init() receives the bars and the sweep request once per sweep and expands the space
// itself, so each batch message is just an index range; each batch is the engine's runSweepBatch (one multi-column
// WASM call) and its columns are transferred back. The page schedules batches with the engine's scheduleBatches.
import * as Comlink from 'comlink';
import wasmUrl from '../build/kernels.wasm?url';
import { runSweepBatch } from '../src/engine/sweep/batch';
import { prepareSweep, summarizeSweep, type PreparedSweep } from '../src/engine/sweep/run';
import { walkForward } from '../src/engine/walkforward/index';
import { instantiateKernels } from '../src/kernels/index';
import type { Bars } from '../src/shared/types';
import type { SweepWorkerApi } from '../src/ui/state/optimize-worker-api';

const kernels = fetch(wasmUrl)
  .then((r) => r.arrayBuffer())
  .then(instantiateKernels);

let state: { bars: Bars; prepared: PreparedSweep } | null = null;

const api: SweepWorkerApi = {
  init: async (bars, request) => {
    state = { bars, prepared: prepareSweep(request, bars) };
    return state.prepared.space.specs.length;
  },
  runRange: async (lo, hi) => {
    const s = state; // the sweep this message belongs to, even if a later init() replaces it
    if (s === null) throw new Error('sweep worker: runRange before init');
    const k = await kernels;
    const r = runSweepBatch(k, s.bars, s.prepared.setup, s.prepared.space.specs.slice(lo, hi));
    const arrays = [...Object.values(r.metrics), r.shift, r.blockSum, r.blockSumSq];
    return Comlink.transfer(r, [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))]);
  },
  summarize: async (run) => {
    const s = state;
    if (s === null) throw new Error('sweep worker: summarize before init');
    const { best, overfit } = summarizeSweep(await kernels, s.prepared, run, s.bars);
    return { best: best && { row: best.row, combo: best.combo, params: best.params, stats: best.stats }, overfit };
  },
  walkForward: async (request, bars) => walkForward(await kernels, request, bars),
};

Comlink.expose(api);
