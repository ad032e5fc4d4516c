// The Optimize section's state (docs/optimize.md): the parameter-space form for the backtest panel's current strategy,
// a sweep on the browser pool (one sweep worker per core; the engine's scheduleBatches streams index ranges to it) with
// progress, rate, ETA and a cancel whose stop latency is measured, the results as a DuckDB table per sweep
// (sweepTableToArrowIPC) sliced with SQL for the heatmap (sweepHeatmapSql) and the top-N table (sweepTopSql), the
// best combination's overfitting statistics (summarizeSweep in a worker), and opening any combination's full backtest
// in the backtest panel (BacktestState.runWith).
import { COLUMN_METRICS, type ColumnMetric } from '../../engine/backtest/columns';
import { prepareSweep, type PreparedSweep, type SweepRequest, type SweepRun } from '../../engine/sweep/run';
import { scheduleBatches, type SweepProgress } from '../../engine/sweep/schedule';
import type { ParamValue } from '../../engine/sweep/space';
import { sweepHeatmapSql, sweepTopSql, type HeatmapAggregate } from '../../engine/sweep/sql';
import { sweepTableToArrowIPC } from '../../engine/sweep/table';
import type { BacktestConfig } from '../../shared/backtest';
import type { ShareSweepRequest } from '../../shared/share';
import type { Bars } from '../../shared/types';
import { quoteIdent } from '../../store/sql';
import type { HeatCell } from '../charts/data/heatmap';
import { errorMessage } from '../perf';
import { buildConfig, buildSpec, strategyForm } from './backtest-config';
import type { BacktestState } from './backtest.svelte';
import { SweepCollector } from '../../engine/sweep/collect';
import { SweepPool, batchSizeFor } from './optimize-pool';
import { heatCells, topRows, type TopRow } from './optimize-results';
import {
  buildSpace,
  DEFAULT_TRIAL_CAP,
  defaultSpaceInputs,
  spaceComplexity,
  sweepRequest,
  type Complexity,
  type SpaceBuild,
  type SpaceInputs,
} from './optimize-space';
import type { SweepSummaryLite } from './optimize-worker-api';
import { spaceInputsOf } from './share-space';
import type { StoreConnection } from './store.svelte';

/** Where a sweep is. */
export type SweepStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** A finished (or cancelled) sweep as the results panels show it. */
export interface SweepView {
  id: number;
  /** Its DuckDB table. */
  table: string;
  names: string[];
  /** Free numeric parameters (heatmap axes). */
  axes: string[];
  /** Distinct values of each parameter among the rows, ascending. */
  values: Record<string, ParamValue[]>;
  total: number;
  rows: number;
  completed: boolean;
  metric: ColumnMetric;
  elapsedMs: number;
  /** The request that produced it and the bars it ran on (its share link, docs/share.md). */
  request: SweepRequest;
  bars: Bars;
}

/** Tables of older sweeps beyond this many are dropped from DuckDB. */
export const KEEP_SWEEP_TABLES = 4;

/** The backtest panel's trading settings and current strategy, as a config; throws with the form's message. */
export function panelConfig(backtest: BacktestState): BacktestConfig {
  const built = buildConfig(backtest.strategyType, $state.snapshot(backtest.params), $state.snapshot(backtest.trading));
  if (!built.ok) throw new Error(`Backtest settings: ${built.error}`);
  return built.config;
}

/** A config's trading settings: everything but the strategy. */
export function tradingSettings(config: BacktestConfig): Omit<BacktestConfig, 'strategy'> {
  const out: Partial<BacktestConfig> = { ...config };
  delete out.strategy;
  return out as Omit<BacktestConfig, 'strategy'>;
}

/** The Optimize section's sweep: form, run on the pool, results in DuckDB, queries and overfitting statistics. */
export class OptimizeState {
  inputs = $state<SpaceInputs>({
    type: 'sma_cross',
    params: [],
    constraints: '',
    search: 'grid',
    maxTries: '500',
    seed: '1',
    cap: '10000',
    metric: 'sharpe_ratio',
  });
  /** The parsed form, or its first bad field. */
  readonly build: SpaceBuild = $derived(buildSpace(this.inputs));
  /** Free parameters and trials of the form's space, or why they cannot be counted. */
  readonly complexity: { ok: true; value: Complexity } | { ok: false; error: string } = $derived.by(() => {
    const b = this.build;
    if (!b.ok) return { ok: false, error: b.error };
    try {
      return { ok: true, value: spaceComplexity(b.strategy, b.search) };
    } catch (e) {
      return { ok: false, error: errorMessage(e) };
    }
  });
  status = $state<SweepStatus>('idle');
  progress = $state.raw<SweepProgress | null>(null);
  error = $state<string | null>(null);
  /** Cancel click → sweep settled (partial results kept), and → the last discarded batch returned by its worker, ms. */
  stopLatencyMs = $state<number | null>(null);
  workersIdleMs = $state<number | null>(null);
  result = $state.raw<SweepView | null>(null);
  summary = $state.raw<SweepSummaryLite | null>(null);
  summarizing = $state(false);
  /** Heatmap axes, metric, aggregate of the other parameters and the ones held fixed ('' = aggregated). */
  heat = $state<{ x: string; y: string; metric: ColumnMetric; aggregate: HeatmapAggregate; fixed: Record<string, string> }>({
    x: '',
    y: '',
    metric: 'sharpe_ratio',
    aggregate: 'max',
    fixed: {},
  });
  heatCells = $state.raw<HeatCell[]>([]);
  top = $state<{ metric: ColumnMetric; ascending: boolean; n: number }>({ metric: 'sharpe_ratio', ascending: false, n: 10 });
  topRows = $state.raw<TopRow[]>([]);
  queryError = $state<string | null>(null);
  /** Combination being opened in the backtest panel. */
  opening = $state<number | null>(null);
  readonly poolSize: number;

  readonly #backtest: BacktestState;
  readonly #store: StoreConnection;
  readonly #bars: () => Bars | null;
  readonly #createWorker: () => Worker;
  #pool: SweepPool | null = null;
  #abort: AbortController | null = null;
  #cancelAt = 0;
  #sweepSeq = 0;
  #querySeq = { heat: 0, top: 0 };
  #current: { prepared: PreparedSweep; bars: Bars; base: Omit<BacktestConfig, 'strategy'>; table: string } | null = null;
  readonly #tables: string[] = [];

  /** `createWorker` makes one sweep worker; the pool has `poolSize` of them (navigator.hardwareConcurrency). */
  constructor(
    backtest: BacktestState,
    store: StoreConnection,
    bars: () => Bars | null,
    createWorker: () => Worker,
    poolSize: number,
  ) {
    this.#backtest = backtest;
    this.#store = store;
    this.#bars = bars;
    this.#createWorker = createWorker;
    this.poolSize = poolSize;
    this.resetForm();
  }

  get running(): boolean {
    return this.status === 'running';
  }

  /** The shared worker pool (started on first use). */
  get pool(): SweepPool {
    return (this.#pool ??= new SweepPool(this.#createWorker, this.poolSize));
  }

  /** Re-creates the form from the backtest panel's current strategy type and values (presets for the main parameters). */
  resetForm(): void {
    const type = this.#backtest.strategyType;
    try {
      const spec = buildSpec(type, $state.snapshot(this.#backtest.params));
      this.inputs = defaultSpaceInputs(spec, type === 'rules' ? [] : strategyForm(type).fields);
    } catch (e) {
      this.inputs = { ...this.inputs, type, params: [] };
      this.error = `The strategy cannot be swept yet: ${errorMessage(e)}`;
    }
  }

  /** Runs the form's sweep on the pool; a cancelled sweep keeps its completed batches. */
  async run(): Promise<void> {
    if (this.running) return;
    const bars = this.#bars();
    this.error = null;
    const b = this.build;
    if (!bars) return void (this.error = 'No bars loaded yet.');
    if (!b.ok) return void (this.error = b.error);
    let base: Omit<BacktestConfig, 'strategy'>;
    let request: SweepRequest;
    try {
      base = tradingSettings(panelConfig(this.#backtest));
      request = sweepRequest(b, base, this.inputs.metric);
    } catch (e) {
      return void (this.error = errorMessage(e));
    }
    await this.#sweep(request, bars, base, b.cap);
  }

  /**
   * Opens a shared sweep (docs/share.md): the form shows its space, search and metric, and exactly `req` runs on
   * `bars` with its own trading settings. Resolves with the error message, or null once the results are shown.
   */
  async openRequest(req: SweepRequest, bars: Bars): Promise<string | null> {
    if (this.running) return 'a sweep is running: cancel it, then open the link again';
    this.error = null;
    this.inputs = spaceInputsOf(req as unknown as ShareSweepRequest, this.inputs.cap);
    const { strategy: _s, metric: _m, search: _q, max_tries: _t, seed: _d, blocks: _b, ...base } = req;
    const cap = Number(this.inputs.cap);
    await this.#sweep(req, bars, base, Number.isFinite(cap) && cap >= 1 ? cap : DEFAULT_TRIAL_CAP);
    return this.error;
  }

  // Validates and runs `request` on `bars` on the pool (cap: the most trials allowed), then lands the results.
  async #sweep(request: SweepRequest, bars: Bars, base: Omit<BacktestConfig, 'strategy'>, cap: number): Promise<void> {
    let prepared: PreparedSweep;
    try {
      prepared = prepareSweep(request, bars);
    } catch (e) {
      return void (this.error = errorMessage(e));
    }
    const total = prepared.space.specs.length;
    if (total > cap) {
      return void (this.error = `${total.toLocaleString('en-US')} trials exceed the trial cap of ${cap.toLocaleString('en-US')}: narrow the ranges, add constraints, use random search with max_tries ≤ the cap, or raise the cap.`);
    }
    const seq = ++this.#sweepSeq;
    const ctrl = new AbortController();
    this.#abort = ctrl;
    this.status = 'running';
    this.progress = { done: 0, total, rate: 0, eta: NaN, elapsed_ms: 0 };
    this.stopLatencyMs = this.workersIdleMs = null;
    this.summary = null;
    const t0 = performance.now();
    try {
      const pool = this.pool;
      await pool.init(bars, request);
      const collector = new SweepCollector(total, prepared.setup.blocks, prepared.rows);
      const outcome = await scheduleBatches({
        total,
        batchSize: batchSizeFor(total, pool.size),
        concurrency: pool.size,
        run: (lo, hi) => pool.runRange(lo, hi),
        onBatch: (lo, hi, r) => collector.add(lo, hi, r),
        onProgress: (p) => seq === this.#sweepSeq && (this.progress = p),
        signal: ctrl.signal,
      });
      if (!outcome.completed) {
        const at = this.#cancelAt;
        this.stopLatencyMs = performance.now() - at;
        void pool.idle().then(() => seq === this.#sweepSeq && (this.workersIdleMs = performance.now() - at));
      }
      this.status = outcome.completed ? 'done' : 'cancelled';
      const run = collector.finish(prepared.space);
      if (run.table.combo.length > 0) await this.#land(seq, run, prepared, { request, bars }, base, performance.now() - t0);
    } catch (e) {
      if (seq !== this.#sweepSeq) return;
      this.status = 'error';
      this.error = errorMessage(e);
    } finally {
      if (this.#abort === ctrl) this.#abort = null;
    }
  }

  /** Stops the running sweep now (time of the click recorded for the stop latency). */
  cancel(): void {
    if (!this.#abort || this.#abort.signal.aborted) return;
    this.#cancelAt = performance.now();
    this.#abort.abort();
  }

  /** Inserts the run into DuckDB as a new table, shows it, and queries the heatmap, the top table and the statistics. */
  async #land(
    seq: number,
    run: SweepRun,
    prepared: PreparedSweep,
    { request, bars }: { request: SweepRequest; bars: Bars },
    base: Omit<BacktestConfig, 'strategy'>,
    elapsedMs: number,
  ): Promise<void> {
    const t = run.table;
    const id = seq;
    const table = `sweep_${id}`;
    const store = await this.#store.open();
    const ipc = sweepTableToArrowIPC(t);
    await store.withConnection(async (c) => {
      await c.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
      await c.insertArrowIPC(ipc, table);
    });
    this.#tables.push(table);
    for (const old of this.#tables.splice(0, Math.max(0, this.#tables.length - KEEP_SWEEP_TABLES))) {
      void store.query(`DROP TABLE IF EXISTS ${quoteIdent(old)}`).catch(() => undefined);
    }
    if (seq !== this.#sweepSeq) return;
    const values: Record<string, ParamValue[]> = {};
    t.names.forEach((n, p) => {
      const distinct = [...new Set(t.params[p])].sort((a, b) => a - b);
      values[n] = t.kinds[p] === 'boolean' ? distinct.map((v) => v === 1) : distinct;
    });
    const axes = t.names.filter((n, p) => t.kinds[p] === 'number' && values[n].length > 1);
    this.#current = { prepared, bars, base, table };
    this.result = {
      id,
      table,
      names: t.names,
      axes,
      values,
      total: run.total,
      rows: t.combo.length,
      completed: run.completed,
      metric: prepared.metric,
      elapsedMs,
      request,
      bars,
    };
    this.heat = { x: axes[0] ?? '', y: axes[1] ?? '', metric: prepared.metric, aggregate: 'max', fixed: {} };
    this.top = { metric: prepared.metric, ascending: false, n: this.top.n };
    this.summarizing = true;
    const summary = this.pool.summarize(run).then(
      (s) => seq === this.#sweepSeq && (this.summary = s),
      (e: unknown) => seq === this.#sweepSeq && (this.error = `Overfitting statistics failed: ${errorMessage(e)}`),
    );
    await Promise.all([this.refreshHeatmap(), this.refreshTop(), summary]);
    if (seq === this.#sweepSeq) this.summarizing = false;
  }

  /** Changes heatmap settings and re-queries. */
  setHeat(patch: Partial<OptimizeState['heat']>): void {
    const next = { ...this.heat, ...patch };
    if (patch.x !== undefined && next.x === next.y) next.y = this.heat.x;
    if (patch.y !== undefined && next.x === next.y) next.x = this.heat.y;
    const fixed = { ...next.fixed };
    delete fixed[next.x];
    delete fixed[next.y];
    this.heat = { ...next, fixed };
    void this.refreshHeatmap();
  }

  /** Sorts the top table by `metric` (the same metric again flips the direction) and re-queries. */
  sortTop(metric: ColumnMetric): void {
    this.top = { ...this.top, metric, ascending: this.top.metric === metric ? !this.top.ascending : false };
    void this.refreshTop();
  }

  /** Shows `n` rows in the top table. */
  setTopN(n: number): void {
    this.top = { ...this.top, n };
    void this.refreshTop();
  }

  #fixedValues(): Record<string, number | boolean> {
    const r = this.result;
    const out: Record<string, number | boolean> = {};
    for (const [k, v] of Object.entries(this.heat.fixed)) {
      if (v === '' || k === this.heat.x || k === this.heat.y) continue;
      out[k] = typeof r?.values[k]?.[0] === 'boolean' ? v === 'true' : Number(v);
    }
    return out;
  }

  /** Re-queries the heatmap cells of the current settings (no cells without two axes). */
  async refreshHeatmap(): Promise<void> {
    const c = this.#current;
    const h = this.heat;
    const seq = ++this.#querySeq.heat;
    if (!c || !h.x || !h.y) return void (this.heatCells = []);
    try {
      const sql = sweepHeatmapSql({
        table: c.table,
        x: h.x,
        y: h.y,
        metric: h.metric,
        aggregate: h.aggregate,
        fixed: this.#fixedValues(),
      });
      const cells = heatCells(await (await this.#store.open()).query(sql));
      if (seq === this.#querySeq.heat) this.heatCells = cells;
    } catch (e) {
      if (seq === this.#querySeq.heat) this.queryError = `Heatmap query failed: ${errorMessage(e)}`;
    }
  }

  /** Re-queries the top-N rows. */
  async refreshTop(): Promise<void> {
    const c = this.#current;
    const seq = ++this.#querySeq.top;
    if (!c) return void (this.topRows = []);
    try {
      const rows = topRows(
        await (
          await this.#store.open()
        ).query(sweepTopSql({ table: c.table, metric: this.top.metric, n: this.top.n, ascending: this.top.ascending })),
      );
      if (seq === this.#querySeq.top) this.topRows = rows;
    } catch (e) {
      if (seq === this.#querySeq.top) this.queryError = `Top-N query failed: ${errorMessage(e)}`;
    }
  }

  /** The parameters of combination `combo` of the shown sweep. */
  paramsOf(combo: number): Record<string, ParamValue> {
    const p = this.#current?.prepared.space;
    if (!p) return {};
    return Object.fromEntries(p.names.map((n, i) => [n, p.combos[combo][i]]));
  }

  /** Opens combination `combo` of the shown sweep as a full backtest in the backtest panel (same bars and settings). */
  async open(combo: number): Promise<boolean> {
    const c = this.#current;
    if (!c || !(combo >= 0 && combo < c.prepared.space.specs.length)) return false;
    this.opening = combo;
    try {
      return (await this.#backtest.runWith({ ...c.base, strategy: c.prepared.space.specs[combo] }, c.bars)) !== null;
    } finally {
      this.opening = null;
    }
  }

  /** Opens the best combination of a heatmap cell (by the heatmap's metric, with the other parameters as shown). */
  async openCell(cell: HeatCell): Promise<boolean> {
    const c = this.#current;
    const h = this.heat;
    if (!c) return false;
    try {
      const fixed = { ...this.#fixedValues(), [h.x]: cell.x, [h.y]: cell.y };
      const rows = topRows(
        await (await this.#store.open()).query(sweepTopSql({ table: c.table, metric: h.metric, n: 1, fixed })),
      );
      return rows.length > 0 && (await this.open(rows[0].combo));
    } catch (e) {
      this.queryError = `Could not open the cell: ${errorMessage(e)}`;
      return false;
    }
  }

  /** Every metric a heatmap or the top table can show. */
  readonly metrics: readonly ColumnMetric[] = COLUMN_METRICS;

  /** Cancels a running sweep and ends the pool. */
  dispose(): void {
    this.#sweepSeq++;
    this.#abort?.abort();
    this.#pool?.dispose();
    this.#pool = null;
  }
}
