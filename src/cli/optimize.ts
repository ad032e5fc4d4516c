// The optimization commands (docs/optimize.md, docs/cli.md § sweep/walkforward/overfit): `sweep` runs every
// combination of a strategy space (in-thread, or on the worker_threads pool when it is large) and answers all
// results, the best, a top table and the overfitting statistics; `walkforward` runs the windows; `overfit`
// computes PBO from a returns matrix, or PSR/DSR from summary numbers.
import { deflatedSharpe, minTrackRecordLength, pboFromMatrix } from '../engine/overfit/index';
import { executeSweep, prepareSweep, summarizeSweep, SWEEP_FIELDS, type BatchRunner } from '../engine/sweep/run';
import { tableRow } from '../engine/sweep/table';
import { WALKFORWARD_FIELDS, sliceBars, walkForward } from '../engine/walkforward/index';
import { loadKernelsNode } from '../kernels/node';
import type { Bars } from '../shared/types';
import { BACKTEST_CONFIG_FIELDS } from './backtest';
import type { CliContext } from './commands';
import { formatTs, loadBars, parseTimeBound, parseTimeframe, selectRows, type DataSpec } from './data';
import { LazyArray } from './json';
import { SweepPool, defaultPoolSize } from './sweep-pool';

type Answer = Record<string, unknown>;
interface Command {
  fields: readonly string[];
  run(req: Record<string, unknown>, ctx: CliContext): Promise<Answer>;
}

/** Above this many combinations `sweep` uses the worker pool unless `workers` says otherwise. */
export const POOL_THRESHOLD = 2000;

const DATA_FIELDS = ['data', 'timeframe', 'resample', 'from', 'to'] as const;
const SWEEP_REQUEST_FIELDS = [...BACKTEST_CONFIG_FIELDS, ...SWEEP_FIELDS] as const;

async function bars(req: Record<string, unknown>, ctx: CliContext, cmd: string): Promise<Bars> {
  const data = req.data;
  if (data === undefined) throw new Error(`${cmd} needs "data" (a CSV path or DEMO:SYMBOL)`);
  if (typeof data !== 'string' || data === '') throw new Error(`data must be a CSV path or DEMO:SYMBOL, got ${JSON.stringify(data)}`);
  const spec: DataSpec = { data, timeframe: parseTimeframe('timeframe', req.timeframe), resample: parseTimeframe('resample', req.resample) };
  const from = parseTimeBound('from', req.from);
  const to = parseTimeBound('to', req.to);
  const all = await loadBars(spec, await ctx.engine(), ctx.resampler);
  if (from === undefined && to === undefined) return all;
  const rows = selectRows(all.ts, from, to);
  if (rows.length === 0) throw new Error(`${cmd}: no bars in the selected range (check from/to)`);
  return sliceBars(all, rows[0], rows[rows.length - 1] + 1);
}

function pick(req: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of fields) if (req[k] !== undefined) out[k] = req[k];
  return out;
}

function intField(req: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const v = req[field];
  if (v === undefined) return undefined;
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) throw new Error(`${field} must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
  return v;
}

/** `sweep`: every combination; `workers` 0 forces in-thread, n ≥ 1 a pool of n; default pool above POOL_THRESHOLD. */
export const SWEEP_COMMAND: Command = {
  fields: [...DATA_FIELDS, ...SWEEP_REQUEST_FIELDS, 'top', 'workers'],
  async run(req, ctx) {
    if (req.strategy === undefined) throw new Error('sweep needs "strategy" (e.g. {"type":"sma_cross","params":{"fast":{"min":5,"max":25,"step":5},"slow":[30,60]},"constraints":["fast < slow"]})');
    const top = intField(req, 'top', 1, 1_000_000) ?? 10;
    const workersField = intField(req, 'workers', 0, 256);
    const b = await bars(req, ctx, 'sweep');
    const p = prepareSweep(pick(req, SWEEP_REQUEST_FIELDS), b);
    const kernels = await loadKernelsNode();
    const n = p.space.specs.length;
    const workers = workersField ?? (n > POOL_THRESHOLD ? defaultPoolSize() : 0);
    let pool: SweepPool | null = null;
    try {
      let runBatch: BatchRunner | undefined;
      if (workers > 0) {
        pool = SweepPool.create(workers, b, p.setup);
        runBatch = (specs) => pool!.runBatch(specs);
      }
      const run = await executeSweep(kernels, p, b, { runBatch, concurrency: Math.max(1, workers) });
      const s = summarizeSweep(kernels, p, run, b);
      const t = run.table;
      const values = t.metrics[p.metric];
      const order = Array.from(t.combo.keys())
        .filter((r) => !Number.isNaN(values[r]))
        .sort((x, y) => values[y] - values[x] || x - y)
        .slice(0, top);
      const o = s.overfit;
      return {
        combinations: n,
        metric: p.metric,
        parameters: p.space.names,
        free_parameters: o.free_parameters,
        workers,
        results: new LazyArray(t.combo.length, (r) => tableRow(t, r)),
        top: order.map((r) => tableRow(t, r)),
        best: s.best === null ? null : { params: s.best.params, stats: s.best.stats },
        dsr: o.dsr,
        psr: o.psr,
        pbo: o.pbo,
        expected_max_sharpe: o.expected_max_sharpe,
        overfit: {
          trials: o.trials,
          sharpe_per_period: o.sharpe_per_period,
          sharpe_variance: o.sharpe_variance,
          skew: o.skew,
          kurtosis: o.kurtosis,
          observations: o.observations,
          min_track_record: o.min_track_record,
          blocks: o.blocks,
        },
        summary: o.sentence,
      };
    } finally {
      await pool?.close();
    }
  },
};

/** `walkforward`: windows, the stitched OOS equity and its metrics, and the walk-forward efficiency. */
export const WALKFORWARD_COMMAND: Command = {
  fields: [...DATA_FIELDS, ...SWEEP_REQUEST_FIELDS.filter((f) => f !== 'start' && f !== 'blocks'), ...WALKFORWARD_FIELDS],
  async run(req, ctx) {
    if (req.strategy === undefined) throw new Error('walkforward needs "strategy" (a strategy space, as sweep)');
    const b = await bars(req, ctx, 'walkforward');
    const r = await walkForward(await loadKernelsNode(), pick(req, [...SWEEP_REQUEST_FIELDS, ...WALKFORWARD_FIELDS]), b);
    const t = (row: number) => formatTs(b.ts[row], b.timeframe);
    return {
      combinations: r.combinations,
      metric: r.metric,
      windows: r.windows.map((w, i) => ({
        index: i,
        in_sample: { from: t(w.is_start), to: t(w.is_end - 1), start_row: w.is_start, end_row: w.is_end },
        out_of_sample: { from: t(w.oos_start), to: t(w.oos_end - 1), start_row: w.oos_start, end_row: w.oos_end },
        params: w.params,
        is_stats: w.is_stats,
        oos_stats: w.oos_stats,
      })),
      stitched: { t: Array.from(r.stitched.ts, (x) => formatTs(x, b.timeframe)), equity: r.stitched.equity },
      metrics: r.metrics,
      is_annual_return: r.is_annual_return,
      oos_annual_return: r.oos_annual_return,
      efficiency: r.efficiency,
    };
  },
};

const DSR_FIELDS = ['sharpe', 'trials', 'sharpe_variance', 'skew', 'kurtosis', 'observations'] as const;

function num(req: Record<string, unknown>, field: string, ok: (v: number) => boolean, rule: string): number {
  const v = req[field];
  if (v === undefined) throw new Error(`overfit needs "${field}" (${rule})`);
  if (!(typeof v === 'number' && Number.isFinite(v) && ok(v))) throw new Error(`${field} must be ${rule}, got ${JSON.stringify(v)}`);
  return v;
}

/** `overfit`: {returns_matrix, blocks} → PBO; {sharpe, trials, sharpe_variance, skew, kurtosis, observations} → PSR, DSR. */
export const OVERFIT_COMMAND: Command = {
  fields: ['returns_matrix', 'blocks', ...DSR_FIELDS, 'confidence'],
  async run(req) {
    const dsrGiven = DSR_FIELDS.filter((f) => req[f] !== undefined);
    if (req.returns_matrix !== undefined) {
      if (dsrGiven.length > 0 || req.confidence !== undefined) throw new Error(`overfit takes either returns_matrix (+ blocks) or ${DSR_FIELDS.join(', ')}, not both; got ${dsrGiven.join(', ') || 'confidence'} too`);
      const r = pboFromMatrix(req.returns_matrix as number[][], (req.blocks ?? 16) as number);
      return { pbo: r.pbo, blocks: r.blocks, splits: r.splits, trials: r.trials };
    }
    if (dsrGiven.length === 0) throw new Error(`overfit needs returns_matrix (T rows × N trials) or ${DSR_FIELDS.join(', ')}`);
    if (req.blocks !== undefined) throw new Error('blocks belongs to returns_matrix (PBO), not to the DSR fields');
    const sharpe = num(req, 'sharpe', () => true, 'a finite per-period Sharpe ratio');
    const trials = num(req, 'trials', (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
    const sharpeVariance = num(req, 'sharpe_variance', (v) => v >= 0, 'a variance ≥ 0');
    const skew = num(req, 'skew', () => true, 'a finite skewness');
    const kurtosis = num(req, 'kurtosis', (v) => v >= 1, 'a raw kurtosis ≥ 1 (3 for a normal distribution)');
    const observations = num(req, 'observations', (v) => Number.isInteger(v) && v >= 2, 'an integer ≥ 2');
    const confidence = req.confidence === undefined ? 0.95 : num(req, 'confidence', (v) => v > 0 && v < 1, 'in (0, 1)');
    const d = deflatedSharpe({ sharpe, trials, sharpeVariance, skew, kurtosis, observations });
    return { psr: d.psr, dsr: d.dsr, expected_max_sharpe: d.expected_max_sharpe, min_track_record: minTrackRecordLength(sharpe, 0, skew, kurtosis, confidence) };
  },
};
