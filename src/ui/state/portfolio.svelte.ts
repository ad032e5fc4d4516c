// The Portfolio section's state: which universe (demo assets, strategy sleeves, or a synthetic factor-model
// universe), the optimizer and rebalancing forms, the answers of the portfolio worker (which this class owns:
// every estimate, optimization, frontier, correlation and simulation runs there, never on the main thread), the
// discrete allocation, and saving the allocation to DuckDB's portfolio_allocations.
import * as Comlink from 'comlink';
import type { StrategySpec } from '../../shared/backtest';
import type { AllocateAnswer, OptimizeAnswer, PortfolioApi, RebalanceAnswer, SeriesInput, UniverseInput, UniverseSummary } from '../../shared/portfolio-api';
import type { DemoSymbol } from '../../shared/types';
import type { SavedAllocation, SleeveRecord } from '../../store/allocations';
import { errorMessage } from '../perf';
import type { BacktestState } from './backtest.svelte';
import { buildConfig, specLabel } from './backtest-config';
import type { EngineConnection } from './engine.svelte';
import { buildOptimizeRequest, buildRebalanceRequest, defaultPortfolioInputs, defaultRebalanceInputs, type PortfolioInputs, type RebalanceInputs } from './portfolio-form';
import type { StoreConnection } from './store.svelte';

/** Where the portfolio's return series come from. */
export type PortfolioSource = 'assets' | 'strategies' | 'synthetic';

/** A strategy sleeve: a label, its equity over time and what made it. */
export interface StrategySleeve {
  label: string;
  ts: Float64Array;
  equity: Float64Array;
  spec: StrategySpec;
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
  /** Wall time of the last optimize round trip (ms), worker time included. */
  elapsedMs = $state(0);
  totalValue = $state('10000');
  allocation = $state.raw<AllocateAnswer | null>(null);
  rebalance = $state.raw<RebalanceAnswer | null>(null);
  rebalanceError = $state<string | null>(null);
  saving = $state(false);
  saveError = $state<string | null>(null);
  saved = $state.raw<SavedAllocation[]>([]);

  readonly #worker: Worker;
  readonly #api: Comlink.Remote<PortfolioApi>;
  readonly #engine: EngineConnection;
  readonly #store: StoreConnection;
  readonly #backtest: BacktestState;
  #loadedKey: string | null = null;
  #sleeves: StrategySleeve[] = [];
  #loadedSource: PortfolioSource = 'assets';

  /** `createWorker` makes workers/portfolio.worker.ts (the composition root knows its URL). */
  constructor(createWorker: () => Worker, engine: EngineConnection, store: StoreConnection, backtest: BacktestState) {
    this.#worker = createWorker();
    this.#api = Comlink.wrap<PortfolioApi>(this.#worker);
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
    const runs = this.#backtest.runs.map((r) => ({ label: `${r.label} #${r.id}`, ts: r.bars.ts, equity: r.result.equity, spec: r.config.strategy, savedId: r.savedId }));
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
        out.push({ label: `${specLabel(built.config.strategy)} · ${id.replace(/^DEMO:/, '')}`, ts, equity: r.equity, spec: built.config.strategy });
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
    return { key: `strategies|${sleeves.map((s) => `${s.label}:${s.equity.length}`).join('|')}`, input: { kind: 'series', series }, sleeves };
  }

  /** Loads the universe if it changed, then optimizes in the worker; the discrete allocation follows. */
  async optimize(): Promise<void> {
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
      const req = buildOptimizeRequest($state.snapshot(this.inputs), summary.assets, sectors);
      if (!req.ok) {
        this.error = req.error;
        this.errorField = req.field;
        return;
      }
      this.busy = 'Optimizing…';
      const r = await this.#api.optimize(req.value);
      this.elapsedMs = performance.now() - t0;
      this.result = r;
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

  /** Releases the comlink proxy and terminates the portfolio worker. */
  dispose(): void {
    this.#api[Comlink.releaseProxy]();
    this.#worker.terminate();
  }
}
