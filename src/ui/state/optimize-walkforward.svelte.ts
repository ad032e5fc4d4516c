// Walk-forward analysis from the Optimize section (docs/optimize.md § Walk-forward): the window form (rolling or
// anchored, in-sample, out-of-sample and step in bars, the selection metric) over the sweep form's parameter space
// and the backtest panel's trading settings, run by one worker of the sweep pool; the answer (per-window choices,
// IS/OOS stats, stitched OOS equity, efficiency) is kept whole for the table and the chart.
import type { ColumnMetric } from '../../engine/backtest/columns';
import type { WalkForwardRequest, WalkForwardResult } from '../../engine/walkforward/index';
import type { ShareSweepRequest, ShareWalkForwardRequest } from '../../shared/share';
import type { Bars } from '../../shared/types';
import { errorMessage } from '../perf';
import type { BacktestState } from './backtest.svelte';
import { panelConfig, tradingSettings, type OptimizeState } from './optimize.svelte';
import { spaceInputsOf, walkForwardInputsOf } from './share-space';

/** The window form as typed. */
export interface WalkForwardInputs {
  mode: 'rolling' | 'anchored';
  inSample: string;
  outOfSample: string;
  /** Empty: out_of_sample. */
  step: string;
  metric: ColumnMetric;
}

/** A finished analysis with the bars it ran on and its wall time. */
export interface WalkForwardView {
  result: WalkForwardResult;
  bars: Bars;
  elapsedMs: number;
  /** The request that produced it (its share link, docs/share.md). */
  request: WalkForwardRequest;
}

function bars(text: string, field: string, min: number): number {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(v) || v < min)
    throw new Error(`${field}: enter a whole number of bars ≥ ${min}, got ${JSON.stringify(text)}`);
  return v;
}

/** The walk-forward request of the forms; throws with a message naming the first bad field. */
export function walkForwardRequest(opt: OptimizeState, backtest: BacktestState, w: WalkForwardInputs): WalkForwardRequest {
  const b = opt.build;
  if (!b.ok) throw new Error(b.error);
  const base = tradingSettings(panelConfig(backtest));
  delete base.start;
  const req: WalkForwardRequest = {
    ...base,
    strategy: b.strategy,
    ...b.search,
    metric: w.metric,
    mode: w.mode,
    in_sample: bars(w.inSample, 'in_sample', 2),
    out_of_sample: bars(w.outOfSample, 'out_of_sample', 1),
  };
  if (w.step.trim() !== '') req.step = bars(w.step, 'step', 1);
  return req;
}

/** The walk-forward form, one analysis at a time, and its result. */
export class WalkForwardState {
  inputs = $state<WalkForwardInputs>({
    mode: 'rolling',
    inSample: '504',
    outOfSample: '126',
    step: '126',
    metric: 'sharpe_ratio',
  });
  running = $state(false);
  error = $state<string | null>(null);
  view = $state.raw<WalkForwardView | null>(null);
  readonly #opt: OptimizeState;
  readonly #backtest: BacktestState;
  readonly #bars: () => Bars | null;
  #seq = 0;

  /** Uses the sweep form and pool of `opt`, the trading settings of `backtest` and the bars on screen. */
  constructor(opt: OptimizeState, backtest: BacktestState, getBars: () => Bars | null) {
    this.#opt = opt;
    this.#backtest = backtest;
    this.#bars = getBars;
  }

  /** Runs the analysis in a pool worker (the trial cap of the sweep form applies per window). */
  async run(): Promise<void> {
    if (this.running) return;
    const data = this.#bars();
    this.error = null;
    if (!data) return void (this.error = 'No bars loaded yet.');
    let req: WalkForwardRequest;
    try {
      req = walkForwardRequest(this.#opt, this.#backtest, $state.snapshot(this.inputs));
      const c = this.#opt.complexity;
      const b = this.#opt.build;
      if (c.ok && b.ok && c.value.trials > b.cap)
        throw new Error(`${c.value.trials} trials per window exceed the trial cap of ${b.cap}`);
    } catch (e) {
      return void (this.error = errorMessage(e));
    }
    const seq = ++this.#seq;
    this.running = true;
    const t0 = performance.now();
    try {
      const result = await this.#opt.pool.walkForward(req, data);
      if (seq === this.#seq) this.view = { result, bars: data, elapsedMs: performance.now() - t0, request: req };
    } catch (e) {
      if (seq === this.#seq) this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.running = false;
    }
  }

  /**
   * Opens a shared walk-forward analysis (docs/share.md): the sweep and window forms show it, and exactly `req` runs
   * on `bars` in a pool worker. Resolves with the error message, or null once the result is shown.
   */
  async openRequest(req: WalkForwardRequest, bars: Bars): Promise<string | null> {
    if (this.running) return 'a walk-forward analysis is running: cancel it, then open the link again';
    this.#opt.inputs = spaceInputsOf(req as unknown as ShareSweepRequest, this.#opt.inputs.cap);
    this.inputs = walkForwardInputsOf(req as unknown as ShareWalkForwardRequest);
    this.error = null;
    const seq = ++this.#seq;
    this.running = true;
    const t0 = performance.now();
    try {
      const result = await this.#opt.pool.walkForward(req, bars);
      if (seq === this.#seq) this.view = { result, bars, elapsedMs: performance.now() - t0, request: req };
    } catch (e) {
      if (seq === this.#seq) this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.running = false;
    }
    return this.error;
  }

  /** Stops waiting for the running analysis and discards its answer (its worker finishes it in the background). */
  cancel(): void {
    if (!this.running) return;
    this.#seq++;
    this.running = false;
  }
}
