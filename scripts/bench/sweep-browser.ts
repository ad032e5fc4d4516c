// Sweep benchmarks in headless Chromium (issue #5), through the real app: serves dist/ (production build), fills the
// Optimize section's space form (sma_cross, (a) 504 pairs and (b) 10,000 combinations), clicks Run sweep and waits
// until the sweep has landed (results table in DuckDB, heatmap and top-N queried, overfitting statistics computed) and
// the next frame is drawn. Also read through the test hook (docs/optimize.md § In the app): the sweep's own time
// (pool init + batches) and the batches alone. Each case: 1 warm-up run, then the median of 3; once with a pool of 1
// worker (window.__alphastratTest.sweepPool = 1) and once with the default pool (navigator.hardwareConcurrency).
// The app sweeps the bars it shows: all daily demo bars of its default symbol. Prints a Markdown table.
// Run after `npm run build`: npx tsx scripts/bench/sweep-browser.ts
import { spawn } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { expandSpace } from '../../src/engine/sweep/space';
import { CHROMIUM_ARGS, ensureChromium } from '../lib/chromium.mjs';
import { median, table } from './stats';

type Range = { min: number; max: number; step: number };
const CASES: { label: string; fast: Range; slow: Range }[] = [
  { label: '(a) fast 2..25 × slow 30..190 step 8', fast: { min: 2, max: 25, step: 1 }, slow: { min: 30, max: 190, step: 8 } },
  { label: '(b) fast 2..101 × slow 110..308 step 2', fast: { min: 2, max: 101, step: 1 }, slow: { min: 110, max: 308, step: 2 } },
];
const CONSTRAINT = 'fast < slow';
const RUNS = 3;
const port = 4191;

const counts = CASES.map((c) => expandSpace({ type: 'sma_cross', params: { fast: c.fast, slow: c.slow }, constraints: [CONSTRAINT] }).specs.length);

const server = spawn(process.execPath, ['scripts/start.mjs', '--no-build', '--no-proxy', '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (d: Buffer) => (d.toString().includes('App: ') ? resolve() : undefined));
  server.on('exit', (c) => reject(new Error(`server exited with ${c} (run npm run build first)`)));
});
server.stdout.resume();

/** Fills the space form with `c` and checks that the page counts `trials` combinations. */
async function setSpace(page: Page, c: (typeof CASES)[number], trials: number): Promise<void> {
  for (const [name, r] of [['fast', c.fast], ['slow', c.slow]] as const) {
    await page.getByTestId(`sweep-param-${name}-mode`).selectOption('range');
    for (const k of ['min', 'max', 'step'] as const) await page.getByTestId(`sweep-param-${name}-${k}`).fill(String(r[k]));
  }
  await page.getByTestId('sweep-constraints').fill(CONSTRAINT);
  await page.getByTestId('sweep-cap').fill('10000');
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid="sweep-complexity"]')?.getAttribute('data-trials') === String(t),
    trials,
    { timeout: 10_000 },
  );
}

/**
 * One sweep, timed in the page: click → the new result has landed with its statistics (status done, a new sweepMs,
 * heatmap cells and top rows shown) → the next animation frame. Plain JavaScript text: tsx would wrap a serialized
 * function's inner functions in its `__name` helper.
 */
const SWEEP_ONCE = `(async () => {
  const hook = window.__alphastratTest;
  const before = hook.sweepTiming().sweepMs;
  const btn = document.querySelector('[data-testid="run-sweep"]');
  const t0 = performance.now();
  btn.click();
  for (;;) {
    await new Promise((r) => setTimeout(r, 1));
    const s = hook.sweepTiming();
    if (s.status === 'error' || document.querySelector('[data-testid="sweep-error"]')) throw new Error('sweep failed: ' + document.querySelector('[data-testid="sweep-error"]')?.textContent);
    const heat = Number(document.querySelector('[data-testid="sweep-heatmap"]')?.getAttribute('data-cells') ?? 0);
    const top = Number(document.querySelector('[data-testid="sweep-top"]')?.getAttribute('data-rows') ?? 0);
    if (s.status === 'done' && s.sweepMs !== before && s.sweepMs !== null && heat > 0 && top > 0 && !s.summarizing) {
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      return { clickMs: performance.now() - t0, sweepMs: s.sweepMs, batchesMs: s.batchesMs, workers: s.workers, heat, top };
    }
  }
})()`;

interface Sample { clickMs: number; sweepMs: number; batchesMs: number; workers: number }
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
const rows: (string | number)[][] = [];
let bars = 0;
let cores = 0;
try {
  for (const pool of [1, 0]) {
    const ctx = await browser.newContext();
    await ctx.addInitScript(`window.__alphastratTest = ${pool ? `{ sweepPool: ${pool} }` : '{}'};`);
    const page = await ctx.newPage();
    await page.goto(`http://localhost:${port}/`);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="price-chart"]')?.getAttribute('data-bars')) > 0, null, { timeout: 60_000 });
    await page.getByTestId('run-sweep').waitFor({ timeout: 60_000 });
    bars = Number(await page.getByTestId('price-chart').getAttribute('data-bars'));
    cores = await page.evaluate(() => navigator.hardwareConcurrency);
    for (const [i, c] of CASES.entries()) {
      await setSpace(page, c, counts[i]);
      const samples: Sample[] = [];
      for (let r = 0; r <= RUNS; r++) {
        const s = (await page.evaluate(SWEEP_ONCE)) as Sample;
        if (r > 0) samples.push(s);
      }
      const m = (k: keyof Sample) => median(samples.map((s) => s[k]));
      const fmt = (k: keyof Sample) => `${m(k).toFixed(0)} ms`;
      rows.push([
        `${c.label}: ${counts[i].toLocaleString('en-US')} combos`,
        `${samples[0].workers}${pool ? '' : ' (default)'}`,
        fmt('clickMs'),
        fmt('sweepMs'),
        fmt('batchesMs'),
        `${Math.round(counts[i] / (m('batchesMs') / 1000)).toLocaleString('en-US')}/s`,
        samples.map((s) => s.clickMs.toFixed(0)).join(', '),
      ]);
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  server.kill();
}
console.log(`Headless Chromium, navigator.hardwareConcurrency = ${cores}; the app's bars: ${bars.toLocaleString('en-US')} daily demo bars; constraint "${CONSTRAINT}"; median of ${RUNS} runs after 1 warm-up.\n`);
console.log(
  table(
    ['sweep in the app (Optimize section)', 'workers', 'click → results + statistics drawn', 'sweep (init + batches)', 'batches', 'combos/s (batches)', 'runs (click → drawn)'],
    rows,
  ),
);
