// The optimization commands as a user runs them (a child process, one batch run): sweep's contract (all N results,
// best by metric, dsr/psr/pbo), identical answers in-thread and on the worker_threads pool, walkforward and overfit.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { deflatedSharpe } from '../../src/engine/overfit/sharpe';
import { pboFromMatrix } from '../../src/engine/overfit/pbo';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Answer = Record<string, any>;

function batch(requests: object[]): Answer[] {
  const { npm_lifecycle_event: _e, INIT_CWD: _i, ...env } = process.env;
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), 'batch'], {
    cwd: ROOT,
    env,
    input: requests.map((q) => JSON.stringify(q)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  expect(r.stderr).toBe('');
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

const STRATEGY = { type: 'sma_cross', params: { fast: { min: 5, max: 25, step: 5 }, slow: { min: 10, max: 65, step: 5 } }, constraints: ['fast < slow'] };
const SWEEP = { cmd: 'sweep', data: 'DEMO:ACME', strategy: STRATEGY, metric: 'sharpe_ratio', top: 3, to: '2019-12-31' };
const MATRIX = Array.from({ length: 40 }, (_, t) => Array.from({ length: 4 }, (_, n) => Math.sin(t * 1.7 + n * n) * 0.01 + n * 1e-4));

let answers: Answer[];
beforeAll(() => {
  answers = batch([
    { ...SWEEP, workers: 0, id: 'thread' },
    { ...SWEEP, workers: 2, id: 'pool' },
    { cmd: 'backtest', data: 'DEMO:ACME', to: '2019-12-31', strategy: { type: 'sma_cross', params: { fast: 15, slow: 40 } } },
    { cmd: 'walkforward', data: 'DEMO:ACME', strategy: STRATEGY, mode: 'rolling', in_sample: 504, out_of_sample: 126, step: 126 },
    { cmd: 'overfit', returns_matrix: MATRIX, blocks: 4 },
    { cmd: 'overfit', sharpe: 0.1, trials: 100, sharpe_variance: 0.0004, skew: -0.5, kurtosis: 6, observations: 101 },
    { cmd: 'sweep', data: 'DEMO:ACME', strategy: { ...STRATEGY, constraints: ['fast <<< slow'] } },
    { cmd: 'overfit', returns_matrix: MATRIX, sharpe: 1 },
  ]);
}, 60_000);

describe('sweep command', () => {
  it('answers all N combinations, the best by metric, a top table and dsr/psr/pbo', () => {
    const a = answers[0];
    expect(a.ok).toBe(true);
    expect(a.combinations).toBe(50);
    expect(a.results.length).toBe(50);
    expect(a.results[0].params).toEqual({ fast: 5, slow: 10 });
    const sharpes = a.results.map((r: Answer) => r.stats.sharpe_ratio ?? -Infinity);
    const max = Math.max(...sharpes);
    expect(a.best.stats.sharpe_ratio).toBe(max);
    expect(a.best.params).toEqual(a.results[sharpes.indexOf(max)].params);
    expect(a.top.length).toBe(3);
    expect(a.top[0]).toEqual(a.results[sharpes.indexOf(max)]);
    for (const k of ['dsr', 'psr', 'pbo']) expect(a[k]).toBeGreaterThanOrEqual(0);
    expect(a.dsr).toBeLessThanOrEqual(a.psr);
    expect(a.summary).toMatch(/^With 50 trials, a Sharpe of/);
  });

  it('a result equals the backtest command for the same params', () => {
    const one = answers[2];
    const row = answers[0].results.find((r: Answer) => r.params.fast === 15 && r.params.slow === 40);
    for (const [m, v] of Object.entries(row.stats)) expect(one.stats[m], m).toEqual(v);
  });

  it('the worker_threads pool gives the identical answer', () => {
    const { id: _a, workers: w0, ...thread } = answers[0];
    const { id: _b, workers: w2, ...pool } = answers[1];
    expect([w0, w2]).toEqual([0, 2]);
    expect(pool).toEqual(thread);
  });

  it('bad constraints fail naming the field', () => {
    expect(answers[6].ok).toBe(false);
    expect(answers[6].error).toMatch(/strategy\.constraints\[0\]: expected "operand op operand"/);
  });
});

describe('walkforward command', () => {
  it('answers windows, the stitched equity and its metrics, and the efficiency', () => {
    const a = answers[3];
    expect(a.ok).toBe(true);
    expect(a.windows.length).toBe(Math.ceil((2516 - 504) / 126));
    expect(a.windows[0].in_sample).toMatchObject({ start_row: 0, end_row: 504 });
    expect(a.windows[0].out_of_sample).toMatchObject({ start_row: 504, end_row: 630 });
    expect(a.stitched.equity.length).toBe(2516 - 504);
    expect(a.stitched.t.length).toBe(2516 - 504);
    expect(a.metrics.annual_return).toBe(a.oos_annual_return);
    expect(a.efficiency).toBeCloseTo(a.oos_annual_return / a.is_annual_return, 12);
  });
});

describe('overfit command', () => {
  it('PBO of a returns matrix equals the engine', () => {
    expect(answers[4]).toEqual({ ok: true, pbo: pboFromMatrix(MATRIX, 4).pbo, blocks: 4, splits: 6, trials: 4 });
  });
  it('PSR/DSR of summary numbers equal the worked example', () => {
    const d = deflatedSharpe({ sharpe: 0.1, trials: 100, sharpeVariance: 0.0004, skew: -0.5, kurtosis: 6, observations: 101 });
    expect(answers[5]).toMatchObject({ ok: true, psr: d.psr, dsr: d.dsr, expected_max_sharpe: d.expected_max_sharpe });
    expect(answers[5].dsr).toBeCloseTo(0.6840781408506675, 13);
  });
  it('mixing the two forms is an error', () => {
    expect(answers[7].ok).toBe(false);
    expect(answers[7].error).toMatch(/either returns_matrix/);
  });
});
