#!/usr/bin/env node
// `npm test`: every check, in order — Chromium present, kernel build, typecheck, unit tests (vitest),
// production build, browser tests (Playwright in real Chromium). Ends with one line `tests: N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './lib/chromium.mjs';

if (process.argv.includes('--help')) {
  process.stdout.write('Usage: npm test\nRuns: kernel build, typecheck (tsc + svelte-check), vitest, vite build, Playwright (Chromium from $CHROMIUM_PATH or /usr/bin/chromium; installed with apt when root).\n');
  process.exit(0);
}

const chromium = ensureChromium();
const out = '.test-results';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bin = (name) => `node_modules/.bin/${name}`;

/** Runs one step with inherited output; returns true when it exited 0. */
function step(title, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${title} ===\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  process.stdout.write(`=== ${title}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s) ===\n`);
  return ok;
}

const failedSteps = [];
const run = (title, cmd, args, env) => { if (!step(title, cmd, args, env)) failedSteps.push(title); };

run('kernel build', process.execPath, ['scripts/build-kernels.mjs']);
run('typecheck (tsc)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
run('typecheck (tsc, proxy)', bin('tsc'), ['-p', 'proxy/tsconfig.json', '--noEmit']);
run('typecheck (svelte-check)', bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']);
run('unit tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/vitest.json`]);
run('app build (vite)', bin('vite'), ['build', '--logLevel', 'warn']);
run('browser tests (playwright)', bin('playwright'), ['test', '--reporter=list,json'], {
  CHROMIUM_PATH: chromium,
  PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/playwright.json`,
});

let passed = 0;
let failed = 0;
let skipped = 0;
const readJson = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);
const v = readJson(`${out}/vitest.json`);
if (v) { passed += v.numPassedTests; failed += v.numFailedTests; skipped += v.numPendingTests + (v.numTodoTests ?? 0); }
const p = readJson(`${out}/playwright.json`);
if (p) { passed += p.stats.expected + (p.stats.flaky ?? 0); failed += p.stats.unexpected; skipped += p.stats.skipped; }
// A step that failed without test results (typecheck, build) counts as one failure so the total can never read clean.
const stepFailuresWithoutCounts = failedSteps.filter((s) => !s.startsWith('unit tests') && !s.startsWith('browser tests')).length;
if (!v && failedSteps.some((s) => s.startsWith('unit'))) failed += 1;
if (!p && failedSteps.some((s) => s.startsWith('browser'))) failed += 1;
failed += stepFailuresWithoutCounts;

if (failedSteps.length) process.stdout.write(`\nFailed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failedSteps.length || failed ? 1 : 0);
