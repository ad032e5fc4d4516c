// The Portfolio section's state: which universe (demo assets, strategy sleeves, or a synthetic factor-model
// universe), the optimizer and rebalancing forms, the answers of the portfolio worker (which this class owns:
// every estimate, optimization, frontier, correlation and simulation runs there, never on the main thread), the
// discrete allocation, saving the allocation to DuckDB's portfolio_allocations, and the portfolio backtest of the
// chosen sleeves over one shared cash account under the risk manager, with the performance monitor.
import * as Comlink from 'comlink';
import { PERIODS_PER_YEAR } from '../../engine/backtest/period';
import type { BacktestConfig, StrategySpec } from '../../shared/backtest';
import type { ShareUniverse } from '../../shared/share';
import type {
  AllocateAnswer,
  OptimizeAnswer,
  OptimizeRequest,
  PortfolioBacktestAnswer,
  PortfolioWorkerApi,
  RebalanceAnswer,
  SeriesInput,
  UniverseInput,
  UniverseSummary,
} from '../../shared/portfolio-api';
import type { Bars, DemoSymbol, Timeframe } from '../../shared/types';
import type { SavedAllocation, SleeveRecord } from '../../store/allocations';
import { errorMessage } from '../perf';
import type { BacktestState } from './backtest.svelte';
import { buildConfig, specLabel } from './backtest-config';
import type { EngineConnection } from './engine.svelte';
import {
  buildMonitorSettings,
  buildRiskLimits,
  commonTimeframe,
  defaultMonitorInputs,
  defaultRiskInputs,
  weighSleeves,
  type MonitorInputs,
  type RiskInputs,
  type SleeveCandidate,
  type WeightSource,
} from './portfolio-backtest-form';
import { buildOptimizeRequest, buildRebalanceRequest, defaultPortfolioInputs, defaultRebalanceInputs, type Parsed, type PortfolioInputs, type RebalanceInputs } from './portfolio-form';
import { portfolioInputsOf } from './share-form';
import type { StoreConnection } from './store.svelte';

/** Where the portfolio's return series come from. */
export type PortfolioSource = 'assets' | 'strategies' | 'synthetic';

/** A strategy sleeve: a label, its equity over time and what made it. */
export interface StrategySleeve {
  label: string;
  ts: Float64Array;
  equity: Float64Array;
  spec: StrategySpec;
  /** The whole config (direction, stops) and the bars it ran on (a demo symbol's daily bars by id). */
  config: BacktestConfig;
  bars: Bars | { demo: string };
  timeframe: Timeframe;
  /** strategies.id when the backtest run was saved. */
  savedId?: string;
}

/** The synthetic universe's form (docs/portfolio.md § The Portfolio panel). */
export interface SyntheticInputs {
  assets: string;
  days: string;
  seed: string;
}

/** The panel's state (see the module comment). */
export class PortfolioState {
  source = $state<PortfolioSource>('assets');
  /** The demo market's symbols, and the ones chosen (ids). */
  symbols = $state.raw<DemoSymbol[]>([]);
  chosen = $state.raw<string[]>([]);
  synthetic = $state<SyntheticInputs>({ assets: '500', days: '2520', seed: '1' });
  /** Sleeves made by "Backtest on the chosen symbols" (the backtest panel's kept runs are added to these). */
  generated = $state.raw<StrategySleeve[]>([]);
  inputs = $state<PortfolioInputs>(defaultPortfolioInputs());
  rebalanceInputs = $state<RebalanceInputs>(defaultRebalanceInputs());
  /** What is running: null, or a short description. */
  busy = $state<string | null>(null);
  error = $state<string | null>(null);
  errorField = $state<string | null>(null);
  universe = $state.raw<UniverseSummary | null>(null);
  result = $state.raw<OptimizeAnswer | null>(null);
  /** What produced `result`: its universe (null for strategy sleeves, which no link can carry) and request (docs/share.md). */
  shown = $state.raw<{ universe: ShareUniverse | null; request: OptimizeRequest } | null>(null);
  /** Wall time of the last optimize round trip (ms), worker time included. */
  elapsedMs = $state(0);
  totalValue = $state('10000');
  allocation = $state.raw<AllocateAnswer | null>(null);
  rebalance = $state.raw<RebalanceAnswer | null>(null);
  rebalanceError = $state<string | null>(null);
  saving = $state(false);
  saveError = $state<string | null>(null);
  saved = $state.raw<SavedAllocation[]>([]);
  /** The portfolio backtest's form and answer. */
  riskInputs = $state<RiskInputs>(defaultRiskInputs());
  monitorInputs = $state<MonitorInputs>(defaultMonitorInputs());
  weightSource = $state<WeightSource>('equal');
  backtestResult = $state.raw<PortfolioBacktestAnswer | null>(null);
  backtestError = $state<string | null>(null);
  backtestField = $state<string | null>(null);

  readonly #worker: Worker;
  readonly #api: Comlink.Remote<PortfolioWorkerApi>;
  readonly #engine: EngineConnection;
  readonly #store: StoreConnection;
  readonly #backtest: BacktestState;
  #loadedKey: string | null = null;
  #sleeves: StrategySleeve[] = [];
  #loadedSource: PortfolioSource = 'assets';

  /** `createWorker` makes workers/portfolio.worker.ts (the composition root knows its URL). */
  constructor(createWorker: () => Worker, engine: EngineConnection, store: StoreConnection, backtest: BacktestState) {
    this.#worker = createWorker();
    this.#api = Comlink.wrap<PortfolioWorkerApi>(this.#worker);
    this.#engine = engine;
    this.#store = store;
    this.#backtest = backtest;
  }

  /** Loads the demo symbol list (all chosen) from the engine worker. */
  async start(): Promise<void> {
    try {
      await this.#engine.ready;
      const list = await this.#engine.api.demoSymbols();
      this.symbols = list;
      if (this.chosen.length === 0) this.chosen = list.map((s) => s.id);
    } catch (e) {
      this.error = `Could not list the demo symbols: ${errorMessage(e)}`;
    }
  }

  /** Strategy sleeves available: the backtest panel's kept runs, then the generated ones. */
  get sleeves(): StrategySleeve[] {
    const runs = this.#backtest.runs.map((r) => ({
      label: `${r.label} #${r.id}`,
      ts: r.bars.ts,
      equity: r.result.equity,
      spec: r.config.strategy,
      config: r.config,
      bars: r.bars,
      timeframe: r.bars.timeframe,
      savedId: r.savedId,
    }));
    return [...runs, ...this.generated];
  }

  /** Toggles one demo symbol in or out of the chosen set. */
  toggle(id: string): void {
    this.chosen = this.chosen.includes(id) ? this.chosen.filter((x) => x !== id) : this.symbols.map((s) => s.id).filter((x) => x === id || this.chosen.includes(x));
  }

  /** Chooses every demo symbol, or none. */
  chooseAll(all: boolean): void {
    this.chosen = all ? this.symbols.map((s) => s.id) : [];
  }

  /** Runs the backtest form's strategy on every chosen demo symbol's daily bars (engine worker) as new sleeves. */
  async generateSleeves(): Promise<void> {
    const b = this.#backtest;
    const built = buildConfig(b.strategyType, $state.snapshot(b.params), $state.snapshot(b.trading));
    if (!built.ok) {
      this.error = `Backtest form: ${built.error}`;
      return;
    }
    this.busy = `Backtesting ${this.chosen.length} symbols…`;
    this.error = null;
    try {
      await this.#engine.ready;
      const out: StrategySleeve[] = [];
      for (const id of this.chosen) {
        const bars = await this.#engine.api.demoBars(id, '1d');
        const ts = bars.ts.slice();
        const r = await this.#engine.api.backtest(built.config, bars);
        const label = `${specLabel(built.config.strategy)} · ${id.replace(/^DEMO:/, '')}`;
        out.push({ label, ts, equity: r.equity, spec: built.config.strategy, config: built.config, bars: { demo: id }, timeframe: '1d' });
      }
      this.generated = out;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.busy = null;
    }
  }

  /** Drops the generated sleeves. */
  clearSleeves(): void {
    this.generated = [];
  }

  #universeInput(): { key: string; input: UniverseInput; sleeves: StrategySleeve[] } {
    if (this.source === 'assets') return { key: `assets|${this.chosen.join(',')}`, input: { kind: 'demo', symbols: [...this.chosen] }, sleeves: [] };
    if (this.source === 'synthetic') {
      const s = this.synthetic;
      const int = (t: string, field: string, lo: number, hi: number) => {
        const x = Number(t.trim());
        if (!(t.trim() !== '' && Number.isInteger(x) && x >= lo && x <= hi)) throw new Error(`synthetic ${field} must be an integer in [${lo}, ${hi}], got ${JSON.stringify(t)}`);
        return x;
      };
      const input: UniverseInput = { kind: 'synthetic', assets: int(s.assets, 'assets', 2, 2000), days: int(s.days, 'days', 30, 10000), seed: int(s.seed, 'seed', 0, 2 ** 31 - 1) };
      return { key: JSON.stringify(input), input, sleeves: [] };
    }
    const sleeves = this.sleeves;
    const series: SeriesInput[] = sleeves.map((s) => ({ name: s.label, ts: s.ts.slice(), values: s.equity.slice() }));
    // Annualize with the runs' bar size (period.ts PERIODS_PER_YEAR), not an assumed 252 rows a year.
    const tf = commonTimeframe(sleeves.map((s) => ({ name: s.label, timeframe: s.timeframe })));
    if (!tf.ok) throw new Error(tf.error);
    const input: UniverseInput = { kind: 'series', series, periods_per_year: PERIODS_PER_YEAR[tf.value] };
    return { key: `strategies|${tf.value}|${sleeves.map((s) => `${s.label}:${s.equity.length}`).join('|')}`, input, sleeves };
  }

  /** Loads the universe if it changed, then optimizes in the worker; the discrete allocation follows. */
  async optimize(): Promise<void> {
    await this.#optimize((assets, sectors) => buildOptimizeRequest($state.snapshot(this.inputs), assets, sectors));
  }

  /**
   * Opens a shared portfolio (docs/share.md): its universe and optimizer settings fill the forms, and exactly `req`
   * runs in the worker. Resolves with the error message, or null once the weights are shown.
   */
  async openRequest(universe: ShareUniverse, req: OptimizeRequest): Promise<string | null> {
    if (this.busy) return `the portfolio section is busy (${this.busy}): wait, then open the link again`;
    if (universe.kind === 'demo') {
      this.source = 'assets';
      this.chosen = [...universe.symbols];
    } else {
      this.source = 'synthetic';
      this.synthetic = { assets: String(universe.assets), days: String(universe.days), seed: String(universe.seed) };
    }
    this.inputs = portfolioInputsOf(req);
    await this.#optimize(() => ({ ok: true, value: req }));
    return this.error;
  }

  async #optimize(build: (assets: string[], sectors: string[]) => Parsed<OptimizeRequest>): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.errorField = null;
    const t0 = performance.now();
    this.busy = 'Optimizing…';
    try {
      const u = this.#universeInput();
      if (u.key !== this.#loadedKey) {
        this.busy = 'Loading the universe…';
        this.#loadedKey = null;
        const transfer = u.input.kind === 'series' ? u.input.series.flatMap((s) => [s.ts.buffer, s.values.buffer]) : [];
        this.universe = await this.#api.setUniverse(Comlink.transfer(u.input, transfer));
        this.#loadedKey = u.key;
        this.#sleeves = u.sleeves;
        this.#loadedSource = this.source;
        this.result = null;
        this.rebalance = null;
      }
      const summary = this.universe!;
      const sectors = [...new Set(summary.sectors.filter((s): s is string => s !== null))];
      const req = build(summary.assets, sectors);
      if (!req.ok) {
        this.error = req.error;
        this.errorField = req.field;
        return;
      }
      this.busy = 'Optimizing…';
      const r = await this.#api.optimize(req.value);
      this.elapsedMs = performance.now() - t0;
      this.result = r;
      this.shown = { universe: u.input.kind === 'series' ? null : u.input, request: req.value };
      this.rebalance = null;
      this.allocation = null;
      await this.allocate();
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.busy = null;
    }
  }

  /** Greedy whole-share allocation of the weights for the total value (assets only: strategies have no shares). */
  async allocate(): Promise<void> {
    const r = this.result;
    if (!r) return;
    const total = Number(this.totalValue);
    if (!(Number.isFinite(total) && total > 0)) {
      this.error = `total value must be a number > 0, got ${JSON.stringify(this.totalValue)}`;
      return;
    }
    const w: Record<string, number> = {};
    r.assets.forEach((a, i) => (w[a] = Math.abs(r.weights[i]) < 1e-10 ? 0 : r.weights[i]));
    try {
      this.allocation = await this.#api.allocate(w, total, null);
    } catch (e) {
      this.error = `Discrete allocation: ${errorMessage(e)}`;
    }
  }

  /** Simulates the rebalancing form's rule on the current weights. */
  async runRebalance(): Promise<void> {
    const r = this.result;
    if (!r || this.busy) return;
    const req = buildRebalanceRequest($state.snapshot(this.rebalanceInputs), r.weights);
    if (!req.ok) {
      this.rebalanceError = req.error;
      return;
    }
    this.busy = 'Simulating rebalancing…';
    this.rebalanceError = null;
    try {
      this.rebalance = await this.#api.rebalance(Comlink.transfer(req.value, [req.value.weights.buffer]));
    } catch (e) {
      this.rebalanceError = errorMessage(e);
    } finally {
      this.busy = null;
    }
  }

  /** Saves the allocation (sleeves with a non-zero weight) to portfolio_allocations, then refreshes `saved`. */
  async save(): Promise<void> {
    const r = this.result;
    if (!r || this.saving) return;
    this.saving = true;
    this.saveError = null;
    try {
      const [store, { saveAllocation, listAllocations }, { strategyTypeName }] = await Promise.all([this.#store.open(), import('../../store/allocations'), import('../../store/runs')]);
      const rb = this.rebalance;
      const current = rb?.final_weights ?? r.weights;
      const last = rb?.events[rb.events.length - 1];
      const sleeves: SleeveRecord[] = [];
      const newIds: string[] = [];
      r.assets.forEach((name, i) => {
        if (Math.abs(r.weights[i]) < 1e-10) return;
        const pct = { allocationPct: current[i] * 100, targetPct: r.weights[i] * 100 };
        const sleeve = this.#sleeves.find((s) => s.label === name);
        if (!sleeve) sleeves.push({ name: this.#loadedSource === 'assets' ? `DEMO:${name}` : name, kind: 'asset', ...pct });
        else {
          sleeves.push({ name, kind: 'strategy', strategyId: sleeve.savedId, strategyType: strategyTypeName(sleeve.spec.type), parameters: sleeve.spec, ...pct });
          if (!sleeve.savedId) newIds.push(crypto.randomUUID());
        }
      });
      const objective = this.inputs.objective;
      await saveAllocation(store, {
        portfolioId: crypto.randomUUID(),
        name: `${objective} · ${r.assets.length} ${this.#loadedSource === 'strategies' ? 'strategies' : 'assets'}`,
        settings: { source: this.#loadedSource, inputs: $state.snapshot(this.inputs), rebalance: rb ? $state.snapshot(this.rebalanceInputs) : null },
        summary: { performance: r.performance, risk: { ...r.risk, risk_contributions: undefined } },
        sleeves,
        lastRebalanceMs: last && last.reason !== 'initial' ? Date.parse(last.date.length === 10 ? `${last.date}T00:00:00Z` : `${last.date}:00Z`) : null,
        newIds,
      });
      this.saved = await listAllocations(store);
    } catch (e) {
      this.saveError = `Could not save the allocation: ${errorMessage(e)}`;
    } finally {
      this.saving = false;
    }
  }

  /** The portfolio backtest's candidate sleeves: the strategy sleeves, or the form's strategy on each chosen asset. */
  #candidates(): SleeveCandidate[] {
    if (this.source === 'synthetic') throw new Error('the synthetic universe has no bars to trade: choose demo assets or strategies for a portfolio backtest');
    if (this.source === 'strategies') {
      const s = this.sleeves;
      if (s.length === 0) throw new Error('no strategy sleeves yet: press “Backtest on chosen symbols” or keep runs in the backtest panel');
      return s.map((x) => ({ name: x.label, asset: x.label, bars: x.bars, config: x.config, timeframe: x.timeframe }));
    }
    const b = this.#backtest;
    const built = buildConfig(b.strategyType, $state.snapshot(b.params), $state.snapshot(b.trading));
    if (!built.ok) throw new Error(`Backtest form: ${built.error}`);
    return this.chosen.map((id) => {
      const sym = id.replace(/^DEMO:/, '');
      return { name: `${specLabel(built.config.strategy)} · ${sym}`, asset: sym, bars: { demo: id }, config: built.config, timeframe: '1d' as const };
    });
  }

  /** Runs the portfolio backtest of the chosen sleeves and weights under the risk limits, then the monitor (worker). */
  async runPortfolioBacktest(): Promise<void> {
    if (this.busy) return;
    this.backtestError = null;
    this.backtestField = null;
    const fail = (field: string | null, error: string) => {
      this.backtestField = field;
      this.backtestError = error;
    };
    try {
      const candidates = this.#candidates();
      const tf = commonTimeframe(candidates);
      if (!tf.ok) return fail(tf.field, tf.error);
      const r = this.result;
      // The optimizer's weights apply only when it ran on the same kind of universe as the sleeves.
      const usable = r !== null && this.#loadedSource === this.source ? r : null;
      const sleeves = weighSleeves(candidates, this.weightSource, usable);
      if (!sleeves.ok) return fail(sleeves.field, sleeves.error);
      const risk = buildRiskLimits($state.snapshot(this.riskInputs));
      if (!risk.ok) return fail(risk.field, risk.error);
      const monitor = buildMonitorSettings($state.snapshot(this.monitorInputs));
      if (!monitor.ok) return fail(monitor.field, monitor.error);
      const b = this.#backtest;
      const trading = buildConfig(b.strategyType, $state.snapshot(b.params), $state.snapshot(b.trading));
      if (!trading.ok) return fail(null, `Backtest form: ${trading.error}`);
      this.busy = `Backtesting the portfolio (${sleeves.value.length} sleeves)…`;
      this.backtestResult = await this.#api.backtestPortfolio({ sleeves: sleeves.value, trading: trading.config, risk: risk.value, monitor: monitor.value });
    } catch (e) {
      fail(null, errorMessage(e));
    } finally {
      this.busy = null;
    }
  }

  /** Releases the comlink proxy and terminates the portfolio worker. */
  dispose(): void {
    this.#api[Comlink.releaseProxy]();
    this.#worker.terminate();
  }
}
