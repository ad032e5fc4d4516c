// Sweep benchmarks (issue #5), Node only: (a) 504 SMA-cross pairs on 2,148 daily bars through the full sweep path
// (space expansion + validation, batches of one kernel call each, per-column metrics and block sums, best
// re-run, PSR/DSR and PBO over C(16,8) splits); (b) 10,000 combinations on 10 years of daily demo bars, in-thread
// and on a worker_threads pool of 1 and 2 workers (bars sent once per worker, batches streamed). Prints Markdown.
// Run: npx tsx scripts/bench/sweep.ts
import { executeSweep, prepareSweep, summarizeSweep, type BatchRunner } from '../../src/engine/sweep/run';
import { sliceBars } from '../../src/engine/walkforward/index';
import { loadKernelsNode } from '../../src/kernels/node';
import { demoBars } from '../../src/sources/demo';
import { SweepPool } from '../../src/cli/sweep-pool';
import { median, table } from './stats';

const kernels = await loadKernelsNode();
const all = demoBars('DEMO:ACME', '1d');

async function time(fn: () => Promise<unknown>, runs: number, warmup: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

// (a) the backtester's case 3 through the sweep path: fast 2..25 × slow 30, 38, …, 190 = 504 pairs.
const bars504 = sliceBars(all, 0, 2148);
const req504 = { strategy: { type: 'sma_cross', params: { fast: { min: 2, max: 25, step: 1 }, slow: { min: 30, max: 190, step: 8 } } } };
const p504 = prepareSweep(req504, bars504);
if (p504.space.specs.length !== 504) throw new Error(`expected 504 pairs, got ${p504.space.specs.length}`);
const full504 = await time(async () => {
  const p = prepareSweep(req504, bars504);
  const run = await executeSweep(kernels, p, bars504, { batchSize: 504 });
  summarizeSweep(kernels, p, run, bars504);
}, 21, 5);
const exec504 = await time(() => executeSweep(kernels, p504, bars504, { batchSize: 504 }), 21, 5);
const run504 = await executeSweep(kernels, p504, bars504, { batchSize: 504 });
const summary504 = await time(async () => summarizeSweep(kernels, p504, run504, bars504), 21, 5);

// (b) 10,000 combinations: fast 2..101 × slow 110..308 step 2 on all 2,516 daily bars (2016–2025).
const req10k = { strategy: { type: 'sma_cross', params: { fast: { min: 2, max: 101, step: 1 }, slow: { min: 110, max: 308, step: 2 } } } };
const p10k = prepareSweep(req10k, all);
const n10k = p10k.space.specs.length;
const expand10k = await time(async () => prepareSweep(req10k, all), 3, 1);
const thread10k = await time(() => executeSweep(kernels, p10k, all), 5, 1);
const run10k = await executeSweep(kernels, p10k, all);
const summary10k = await time(async () => summarizeSweep(kernels, p10k, run10k, all), 3, 1);
const pooled: { workers: number; ms: number; startup: number }[] = [];
for (const workers of [1, 2]) {
  const t0 = performance.now();
  const pool = SweepPool.create(workers, all, p10k.setup);
  const runBatch: BatchRunner = (specs) => pool.runBatch(specs);
  await executeSweep(kernels, p10k, all, { runBatch, concurrency: workers, batchSize: 256 }); // warm: kernels loaded, JIT
  const startup = performance.now() - t0;
  const ms = await time(() => executeSweep(kernels, p10k, all, { runBatch, concurrency: workers }), 5, 1);
  pooled.push({ workers, ms, startup });
  await pool.close();
}

// Cancel latency: abort in-thread after the 3rd batch's progress; time from abort() to the promise settling.
const ctl = new AbortController();
let abortAt = 0;
let batches = 0;
const cancelled = executeSweep(kernels, p10k, all, { signal: ctl.signal, onProgress: () => { if (++batches === 3) { abortAt = performance.now(); ctl.abort(); } } });
const partial = await cancelled;
const cancelMs = performance.now() - abortAt;

const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log(
  table(
    ['sweep case (median)', 'time', 'target'],
    [
      [`(a) 504 SMA pairs × 2,148 bars, full path (expand + 1 kernel call + metrics + block sums + best re-run + PSR/DSR + PBO C(16,8))`, ms(full504), '≤ 20 ms'],
      ['(a) of which: batches (signals + kernel + metrics + block sums)', ms(exec504), ''],
      ['(a) of which: summary (best re-run, DSR, PBO over 12,870 splits × 504 trials)', ms(summary504), ''],
      [`(b) ${n10k.toLocaleString('en-US')} combos × ${all.ts.length.toLocaleString('en-US')} bars: space expansion + validation`, ms(expand10k), ''],
      [`(b) batches in-thread (256 per batch)`, ms(thread10k), '≤ 1 s'],
      ...pooled.map((p) => [`(b) batches on ${p.workers} worker thread${p.workers > 1 ? 's' : ''} (speed-up ×${(thread10k / p.ms).toFixed(2)}; pool start + warm run ${ms(p.startup)})`, ms(p.ms), '≤ 1 s']),
      [`(b) summary (best re-run, DSR, PBO over 12,870 splits × ${n10k.toLocaleString('en-US')} trials)`, ms(summary10k), ''],
      [`cancel latency in-thread (abort after 3 batches; ${partial.table.combo.length} rows kept)`, ms(cancelMs), '≤ 100 ms'],
    ],
  ),
);
