// Walk-forward analysis (docs/optimize.md § Walk-forward): rolling or anchored windows; in each, a sweep over the
// in-sample rows ONLY picks the combination with the highest metric (ties and all-NaN: the first in grid order),
// which then trades the out-of-sample rows with its indicators warmed up on the rows before them (the backtest's
// `start` on a slice that begins at the in-sample start). The out-of-sample equity curves are chained into one
// stitched curve; its metrics and the walk-forward efficiency (OOS annualized / IS annualized return) summarize it.
import type { Kernels } from '../../kernels/index';
import type { Bars } from '../../shared/types';
import type { ColumnMetric } from '../backtest/columns';
import { checkBars, runBacktest } from '../backtest/index';
import { periodReturns } from '../backtest/period';
import { computeMetrics, type Metrics } from '../metrics/index';
import { SpecError, isPlainObject } from '../spec/schema-check';
import { executeSweep, prepareSweep, bestRow, type SweepRequest } from '../sweep/run';
import { tableRow } from '../sweep/table';
import type { ParamValue } from '../sweep/space';

/** A walk-forward request: a sweep request (without `start`/`blocks`) plus the window geometry in bars. */
export interface WalkForwardRequest extends Omit<SweepRequest, 'start' | 'blocks'> {
  /** 'rolling' (fixed-length IS sliding by `step`) or 'anchored' (IS always starts at row 0). Default 'rolling'. */
  mode?: 'rolling' | 'anchored';
  /** In-sample rows per window, ≥ 2. */
  in_sample: number;
  /** Out-of-sample rows per window, ≥ 1. */
  out_of_sample: number;
  /** Rows between window starts, ≥ 1. Default out_of_sample. */
  step?: number;
}

/** Fields of WalkForwardRequest besides the sweep's. */
export const WALKFORWARD_FIELDS = ['mode', 'in_sample', 'out_of_sample', 'step'] as const;

/** Row bounds of one window, half-open: IS [is_start, is_end), traded OOS [oos_start, oos_end). */
export interface WindowBounds {
  is_start: number;
  is_end: number;
  oos_start: number;
  oos_end: number;
}

/**
 * The windows over n rows: window k's IS ends at k·step + in_sample (rolling: starts at k·step; anchored: at 0);
 * its OOS starts there and runs out_of_sample rows, cut at the next window's OOS start (so stitched OOS rows never
 * overlap) and at n. Windows whose OOS would start at or after n are dropped.
 */
export function walkForwardWindows(n: number, mode: 'rolling' | 'anchored', inSample: number, outOfSample: number, step: number): WindowBounds[] {
  const out: WindowBounds[] = [];
  for (let k = 0; k * step + inSample < n; k++) {
    const isEnd = k * step + inSample;
    out.push({ is_start: mode === 'rolling' ? k * step : 0, is_end: isEnd, oos_start: isEnd, oos_end: Math.min(isEnd + outOfSample, isEnd + step, n) });
  }
  return out;
}

/** Rows [lo, hi) of every column. */
export function sliceBars(b: Bars, lo: number, hi: number): Bars {
  return { symbol: b.symbol, timeframe: b.timeframe, ts: b.ts.slice(lo, hi), open: b.open.slice(lo, hi), high: b.high.slice(lo, hi), low: b.low.slice(lo, hi), close: b.close.slice(lo, hi), volume: b.volume.slice(lo, hi) };
}

/** One window's outcome. */
export interface WalkForwardWindow extends WindowBounds {
  /** Index of the chosen combination in grid order, its params and its in-sample COLUMN_METRICS. */
  combo: number;
  params: Record<string, ParamValue>;
  is_stats: Record<string, number>;
  /** Full backtest stats of the chosen params over the OOS rows. */
  oos_stats: Record<string, number>;
}

/** A walk-forward analysis. */
export interface WalkForwardResult {
  combinations: number;
  metric: ColumnMetric;
  windows: WalkForwardWindow[];
  /** Stitched OOS rows: bar times, chained equity (starting from the cash) and per-row returns. */
  stitched: { ts: Float64Array; equity: Float64Array; returns: Float64Array };
  /** Metrics of the stitched returns (docs/metrics.md), benchmark = buy & hold over the same rows. */
  metrics: Metrics;
  /** Annualized return of the chained in-sample returns of the chosen params (see walkForward). */
  is_annual_return: number;
  oos_annual_return: number;
  /** oos_annual_return / is_annual_return (NaN when IS is 0 or undefined). */
  efficiency: number;
}

function positiveInt(req: Record<string, unknown>, field: string, min: number, dflt?: number): number {
  const v = req[field] ?? dflt;
  if (v === undefined) throw new SpecError(field, `missing: an integer number of bars ≥ ${min}`);
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= min)) throw new SpecError(field, `must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Runs a walk-forward analysis (module comment). The IS annualized return is aggregated by chaining the chosen
 * combination's IS total returns: (∏ₖ (1 + total_returnₖ))^(periods_per_year / Σₖ IS rowsₖ) − 1; the OOS one is the
 * stitched curve's annual_return; efficiency = OOS / IS.
 */
export async function walkForward(kernels: Kernels, input: unknown, bars: Bars): Promise<WalkForwardResult> {
  checkBars(bars);
  if (!isPlainObject(input)) throw new SpecError('request', 'must be an object with a strategy space and in_sample/out_of_sample');
  const { mode = 'rolling', in_sample: _i, out_of_sample: _o, step: _s, ...sweepReq } = input as Record<string, unknown>;
  if (mode !== 'rolling' && mode !== 'anchored') throw new SpecError('mode', `must be "rolling" or "anchored", got ${JSON.stringify(mode)}`);
  for (const f of ['start', 'blocks']) if (sweepReq[f] !== undefined) throw new SpecError(f, 'not used by walk-forward (each window sets its own start; PBO belongs to sweep)');
  const n = bars.ts.length;
  const inSample = positiveInt(input, 'in_sample', 2);
  const outOfSample = positiveInt(input, 'out_of_sample', 1);
  const step = positiveInt(input, 'step', 1, outOfSample);
  if (inSample >= n) throw new SpecError('in_sample', `must be < the number of bars (${n}) to leave out-of-sample rows, got ${inSample}`);
  const p = prepareSweep(sweepReq, bars, { pbo: false });
  const base = p.setup.base;
  const cash = base.cash ?? 10000;
  const windows: WalkForwardWindow[] = [];
  const stitchedReturns: number[] = [];
  const stitchedTs: number[] = [];
  const benchReturns: number[] = [];
  let ppy = NaN;
  let isGrowth = 1;
  let isRows = 0;
  for (const w of walkForwardWindows(n, mode, inSample, outOfSample, step)) {
    // The choice sees rows [is_start, is_end) only: no OOS row can influence it.
    const isBars = sliceBars(bars, w.is_start, w.is_end);
    const run = await executeSweep(kernels, p, isBars);
    const r = Math.max(0, bestRow(run.table.metrics[p.metric]));
    const chosen = tableRow(run.table, r);
    const combo = run.table.combo[r];
    const oosBars = sliceBars(bars, w.is_start, w.oos_end);
    const res = runBacktest(kernels, { ...base, strategy: p.space.specs[combo], start: w.oos_start - w.is_start }, oosBars);
    ppy = res.periods_per_year;
    const rets = periodReturns(res.equity, cash, res.start_row);
    for (let i = 0; i < rets.length; i++) {
      const row = w.oos_start + i;
      stitchedReturns.push(rets[i]);
      stitchedTs.push(bars.ts[row]);
      benchReturns.push(stitchedTs.length === 1 ? 0 : bars.close[row] / bars.close[row - 1] - 1);
    }
    isGrowth *= 1 + chosen.stats.total_return;
    isRows += w.is_end - w.is_start;
    windows.push({ ...w, combo, params: chosen.params, is_stats: chosen.stats, oos_stats: res.stats });
  }
  const returns = Float64Array.from(stitchedReturns);
  const equity = new Float64Array(returns.length);
  let e = cash;
  returns.forEach((x, i) => (equity[i] = e *= 1 + x));
  const metrics = computeMetrics(returns, { factorReturns: Float64Array.from(benchReturns), periodsPerYear: ppy, riskFree: base.risk_free ?? 0 });
  const isAnnual = isRows > 0 ? isGrowth ** (ppy / isRows) - 1 : NaN;
  const oosAnnual = metrics.annual_return;
  return {
    combinations: p.space.specs.length,
    metric: p.metric,
    windows,
    stitched: { ts: Float64Array.from(stitchedTs), equity, returns },
    metrics,
    is_annual_return: isAnnual,
    oos_annual_return: oosAnnual,
    efficiency: isAnnual === 0 || !Number.isFinite(isAnnual) ? NaN : oosAnnual / isAnnual,
  };
}
