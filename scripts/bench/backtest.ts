// `npm run bench` part: the backtester's cases (1) one SMA(10,30) backtest on 2,148 bars and (3) 504 SMA-cross pairs
// on them, in Node and in headless Chromium (the same code, bundled with esbuild and run in a page with the same
// kernels.wasm). Case (2), the 1000 × 1000 simulation, is scripts/bench/backtest-sim.ts. Prints a Markdown table.
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, ensureChromium } from '../lib/chromium.mjs';
import { KERNELS_WASM_PATH, loadKernelsNode } from '../../src/kernels/node';
import { benchBacktest, type BacktestBench } from './backtest-core';
import { table } from './stats';

const node = benchBacktest(await loadKernelsNode());

// The browser run: one IIFE bundle exposing window.runBench(wasmBytes) in an about:blank page.
const bundle = await build({
  stdin: {
    contents: `import { instantiateKernels } from './src/kernels/index';
      import { benchBacktest } from './scripts/bench/backtest-core';
      (globalThis as any).runBench = async (b64: string) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        return benchBacktest(await instantiateKernels(bytes));
      };`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'error',
});
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
let web: BacktestBench;
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><title>bench</title>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  const b64 = readFileSync(KERNELS_WASM_PATH).toString('base64');
  web = await page.evaluate((b) => (globalThis as unknown as { runBench(b: string): Promise<BacktestBench> }).runBench(b), b64);
} finally {
  await browser.close();
}

const ms = (x: number) => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(2)} ms`);
console.log(
  table(
    ['backtest case (median)', 'Node', 'Chromium', 'target'],
    [
      [`(1) one SMA(10,30) backtest, ${node.bars} daily bars, ${node.trades} trades: signals + simulation + trade list`, ms(node.simulate), ms(web.simulate), '≤ 0.1 ms'],
      [`(1′) the same end to end: validation, signals, simulation, drawdown, benchmark and all 40 metrics`, ms(node.single), ms(web.single), '—'],
      ['scanner: RSI(14) 30/70 over 500 symbols × 504 daily bars (bars already loaded)', ms(node.scan), ms(web.scan), '≤ 2 s'],
      [`(3) ${node.pairs} SMA-cross pairs on ${node.bars} bars (signals + one kernel call + per-column metrics)`, ms(node.grid), ms(web.grid), '≤ 20 ms'],
    ],
  ),
);
