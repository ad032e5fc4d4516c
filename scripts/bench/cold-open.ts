// Cold-open benchmark in headless Chromium: serves dist/ (production build) and opens the app 5 times, each in a
// fresh browser context (empty cache), reading the app's performance marks, in ms after navigation start:
// chart-first-paint, overlays-drawn, duckdb-ready. Prints medians as a Markdown table.
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, ensureChromium } from '../lib/chromium.mjs';
import { median, table } from './stats';

const MARKS = ['chart-first-paint', 'overlays-drawn', 'duckdb-ready'] as const;
const port = 4190;
const server = spawn(process.execPath, ['scripts/start.mjs', '--no-build', '--no-proxy', '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (d: Buffer) => (d.toString().includes('App: ') ? resolve() : undefined));
  server.on('exit', (c) => reject(new Error(`server exited with ${c}`)));
});

const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
const samples: Record<string, number[]> = Object.fromEntries([...MARKS, 'dom-content-loaded'].map((m) => [m, []]));
try {
  for (let run = 0; run < 5; run++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`http://localhost:${port}/`);
    await page.waitForFunction(() => performance.getEntriesByName('duckdb-ready').length > 0, null, { timeout: 60_000 });
    const t = await page.evaluate((names) => {
      const r: Record<string, number> = {};
      for (const n of names) r[n] = performance.getEntriesByName(n)[0]?.startTime ?? NaN;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      r['dom-content-loaded'] = nav.domContentLoadedEventEnd;
      return r;
    }, [...MARKS]);
    for (const [k, v] of Object.entries(t)) samples[k].push(v);
    await ctx.close();
  }
} finally {
  await browser.close();
  server.kill();
}
const rows = ['dom-content-loaded', ...MARKS].map((m) => [`navigation → ${m}`, `${median(samples[m]).toFixed(0)} ms`, samples[m].map((x) => x.toFixed(0)).join(', ')]);
console.log(table(['cold open (headless Chromium, 5 runs, fresh context)', 'median', 'runs'], rows));
