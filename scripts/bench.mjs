#!/usr/bin/env node
// `npm run bench`: kernel throughput and CSV/demo generation (Node), cold-open timings and in-app sweeps (headless Chromium); prints Markdown tables
// and writes them to .bench/results.md. Figures are reported, never asserted.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const run = (args) => execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const tsx = ['--import', 'tsx'];
execFileSync(process.execPath, ['scripts/build-kernels.mjs', '--if-stale', '--quiet'], { stdio: 'inherit' });
const parts = [`Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`];
process.stderr.write('bench: kernels (Node)…\n');
parts.push('### Kernels (Node)\n\n' + run([...tsx, 'scripts/bench/kernels.ts']));
process.stderr.write('bench: indicators vs TA-Lib C and pure-JS libraries (Node)…\n');
parts.push('### Indicators (Node)\n\n' + run([...tsx, 'scripts/bench/indicators.ts']));
process.stderr.write('bench: parameter grids, one call vs one call per period (Node)…\n');
parts.push('### Parameter grids (Node)\n\n' + run([...tsx, 'scripts/bench/multi.ts']));
process.stderr.write('bench: backtests, Node and Chromium…\n');
parts.push('### Backtests\n\n' + run([...tsx, 'scripts/bench/backtest.ts']) + '\n\n' + run([...tsx, 'scripts/bench/backtest-sim.ts']));
process.stderr.write('bench: parameter sweeps (Node worker pool)…\n');
parts.push('### Sweeps (Node)\n\n' + run([...tsx, 'scripts/bench/sweep.ts']));
process.stderr.write('bench: portfolio optimization (Node)…\n');
parts.push('### Portfolio (Node)\n\n' + run([...tsx, 'scripts/bench/portfolio.ts']));
process.stderr.write('bench: sources (Node)…\n');
parts.push('### Sources (Node)\n\n' + run([...tsx, 'scripts/bench/csv.ts']));
process.stderr.write('bench: market-data proxy load and live stream (Node)…\n');
parts.push('### Market-data proxy (Node)\n\n' + run([...tsx, 'scripts/bench/proxy-load.ts']) + '\n\n' + run([...tsx, 'scripts/bench/stream.ts']));
process.stderr.write('bench: building the app for the cold-open run…\n');
execFileSync('node_modules/.bin/vite', ['build', '--logLevel', 'error'], { stdio: 'inherit' });
process.stderr.write('bench: live signal latency (Chromium)…\n');
parts.push('### Live signals (fake Polygon → proxy → Chromium)\n\n' + run([...tsx, 'scripts/bench/live-latency.ts']));
process.stderr.write('bench: cold open (Chromium)…\n');
parts.push('### Cold open (headless Chromium)\n\n' + run([...tsx, 'scripts/bench/cold-open.ts']));
process.stderr.write('bench: parameter sweeps in the app (Chromium worker pool)…\n');
parts.push('### Sweeps (Chromium, worker pool)\n\n' + run([...tsx, 'scripts/bench/sweep-browser.ts']));
const text = parts.join('\n\n');
mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/results.md', text + '\n');
process.stdout.write(text + '\n');
