// The backtest panel's state: the form (strategy type, its parameters, the trading settings), one backtest at a
// time on the engine worker with elapsed time and cancel, the runs kept for comparison, and saving a run to DuckDB.
import type { BacktestConfig, BacktestResult } from '../../shared/backtest';
import type { Bars } from '../../shared/types';
import type { SavedRun, StoredSignal } from '../../store/runs';
import { TRADE_ENTRY_LABEL, TRADE_EXIT_LABEL, tradeMarkerSeries } from '../charts/data/trade-markers';
import type { ChartIndicator } from '../charts/price-chart';
import { errorMessage } from '../perf';
import {
  buildConfig,
  defaultParamInputs,
  defaultTradingInputs,
  SIZING_MODES,
  specLabel,
  type FormStrategyType,
  type ParamInputs,
  type TradingInputs,
} from './backtest-config';
import type { EngineConnection } from './engine.svelte';
import type { StoreConnection } from './store.svelte';

/** One finished backtest: what ran, on which bars, its result and how long the engine took. */
export interface BacktestRun {
  /** Unique per page, increasing. */
  id: number;
  /** E.g. "SMA(10,30) · ACME 1d". */
  label: string;
  config: BacktestConfig;
  bars: Bars;
  result: BacktestResult;
  /** Wall time from request to answer, ms. */
  elapsedMs: number;
  colour: string;
  /** DuckDB strategy id once saved. */
  savedId?: string;
}

/** Runs kept for comparison; the oldest is dropped beyond this. */
export const MAX_RUNS = 8;

/** Line colours of runs, by run id (stable when other runs are removed). */
export const RUN_COLOURS: readonly string[] = [
  '#2563eb',
  '#f59e0b',
  '#16a34a',
  '#db2777',
  '#7c3aed',
  '#0d9488',
  '#ea580c',
  '#475569',
];

/** A run's label: the strategy's short label and the symbol (without the DEMO: prefix) and timeframe. */
export function runLabel(config: BacktestConfig, bars: Pick<Bars, 'symbol' | 'timeframe'>): string {
  return `${specLabel(config.strategy)} · ${bars.symbol.replace(/^DEMO:/, '')} ${bars.timeframe}`;
}

/** The backtest form, the running request and the kept runs. */
export class BacktestState {
  /** Selected strategy type. */
  strategyType = $state<FormStrategyType>('sma_cross');
  /** Its parameter inputs (text for numbers, booleans for checkboxes). */
  params = $state<ParamInputs>(defaultParamInputs('sma_cross'));
  /** Trading settings as typed. */
  trading = $state<TradingInputs>(defaultTradingInputs());
  /** True while a backtest request is outstanding. */
  running = $state(false);
  /** Milliseconds since the outstanding request started (updated ~10×/s), or the last run's duration. */
  elapsedMs = $state(0);
  /** The form's or the engine's message for the last attempt; null after a success. */
  error = $state<string | null>(null);
  /** Kept runs, oldest first (at most MAX_RUNS); replaced whole. */
  runs = $state.raw<BacktestRun[]>([]);
  /** The run whose details are shown (the newest by default). */
  selectedId = $state<number | null>(null);
  /** Runs saved in DuckDB (listRuns), newest first; refreshed after each save. */
  saved = $state.raw<SavedRun[]>([]);
  /** A save in progress (run id), and why the last save failed. */
  saving = $state<number | null>(null);
  saveError = $state<string | null>(null);

  readonly #engine: EngineConnection;
  readonly #store: StoreConnection;
  readonly #bars: () => Bars | null;
  #seq = 0;
  #nextId = 1;
  #timer: ReturnType<typeof setInterval> | null = null;

  /** `bars` returns the series on screen (the one a run uses). */
  constructor(engine: EngineConnection, store: StoreConnection, bars: () => Bars | null) {
    this.#engine = engine;
    this.#store = store;
    this.#bars = bars;
  }

  /** True once there are bars to run on (the chart has its series). */
  get hasBars(): boolean {
    return this.#bars() !== null;
  }

  /** The run shown in the results panels: the selected one, else the newest. */
  get current(): BacktestRun | null {
    const runs = this.runs;
    return runs.find((r) => r.id === this.selectedId) ?? runs[runs.length - 1] ?? null;
  }

  /** Switches the strategy type and resets its parameters to the type's defaults. */
  setType(type: FormStrategyType): void {
    if (type === this.strategyType) return;
    this.strategyType = type;
    this.params = defaultParamInputs(type);
  }

  /** Sets one parameter input. */
  setParam(name: string, value: string | boolean): void {
    this.params[name] = value;
  }

  /** Sets one trading input; a new sizing mode pre-fills its number with that mode's default. */
  setTrading<K extends keyof TradingInputs>(key: K, value: TradingInputs[K]): void {
    this.trading[key] = value;
    if (key === 'sizingMode') this.trading.sizingValue = SIZING_MODES.find((m) => m.mode === value)?.default ?? '';
  }

  /** Restores the defaults of the current type and the trading settings. */
  reset(): void {
    this.params = defaultParamInputs(this.strategyType);
    this.trading = defaultTradingInputs();
    this.error = null;
  }

  /** Runs the form's backtest on the bars on screen in the engine worker; the result becomes the newest run. */
  async run(): Promise<void> {
    const bars = this.#bars();
    if (!bars) {
      this.error = 'No bars loaded yet.';
      return;
    }
    const built = buildConfig(this.strategyType, $state.snapshot(this.params), $state.snapshot(this.trading));
    if (!built.ok) {
      this.error = built.error;
      return;
    }
    await this.runWith(built.config, bars);
  }

  /**
   * Runs `config` on `bars` in the engine worker (a share link's run: the form is left as it is); the result becomes
   * the newest run. Resolves with the run, or null when it failed (error set) or was cancelled.
   */
  async runWith(config: BacktestConfig, bars: Bars): Promise<BacktestRun | null> {
    const built = { config };
    const seq = ++this.#seq;
    const t0 = performance.now();
    this.error = null;
    this.running = true;
    this.elapsedMs = 0;
    this.#startTimer(t0);
    try {
      await this.#engine.ready;
      const result = await this.#engine.api.backtest(built.config, bars);
      if (seq !== this.#seq) return null; // cancelled or superseded: discard
      const elapsedMs = performance.now() - t0;
      this.elapsedMs = elapsedMs;
      const id = this.#nextId++;
      const run: BacktestRun = {
        id,
        label: runLabel(built.config, bars),
        config: built.config,
        bars,
        result,
        elapsedMs,
        colour: RUN_COLOURS[(id - 1) % RUN_COLOURS.length],
      };
      this.runs = [...this.runs, run].slice(-MAX_RUNS);
      this.selectedId = id;
      return run;
    } catch (e) {
      if (seq === this.#seq) this.error = errorMessage(e);
      return null;
    } finally {
      if (seq === this.#seq) {
        this.running = false;
        this.#stopTimer();
      }
    }
  }

  /**
   * Stops waiting for the outstanding backtest and discards its answer. The engine connection has no abort, so the
   * worker finishes the computation in the background; the next run queues behind it.
   */
  cancel(): void {
    if (!this.running) return;
    this.#seq++;
    this.running = false;
    this.#stopTimer();
    this.error = null;
  }

  /** Shows run `id` in the results panels. */
  select(id: number): void {
    if (this.runs.some((r) => r.id === id)) this.selectedId = id;
  }

  /** Drops run `id` from the comparison. */
  remove(id: number): void {
    this.runs = this.runs.filter((r) => r.id !== id);
    if (this.selectedId === id) this.selectedId = this.runs[this.runs.length - 1]?.id ?? null;
  }

  /** ▲/▼ trade markers of the shown run for the price chart, when the chart shows the bars it ran on. */
  tradeMarkers(bars: Bars): ChartIndicator[] {
    const run = this.current;
    if (!run || run.bars !== bars) return [];
    const { entries, exits } = tradeMarkerSeries(run.result.trades, bars.close.length);
    return [
      { label: TRADE_ENTRY_LABEL, kind: 'pattern', series: [entries], colour: run.colour },
      { label: TRADE_EXIT_LABEL, kind: 'pattern', series: [exits], colour: run.colour },
    ];
  }

  /** Saves run `id` (strategy, performance, BUY/SELL signals) to DuckDB, then refreshes `saved`. */
  async save(id: number): Promise<void> {
    const run = this.runs.find((r) => r.id === id);
    if (!run || this.saving !== null) return;
    this.saving = id;
    this.saveError = null;
    try {
      // Loaded on first save (with DuckDB), so the SQL builders stay out of the main bundle.
      const [store, { listRuns, saveRun }, { signalRows }] = await Promise.all([
        this.#store.open(),
        import('../../store/runs'),
        import('../components/backtest/signal-rows'),
      ]);
      const { result, bars } = run;
      const n = bars.ts.length;
      const signals: StoredSignal[] = signalRows(result.signals, bars.ts, bars.close).map((s) => ({
        ts: s.ts,
        type: s.type,
        strength: s.strength,
        price: s.price,
        metadata: { flags: s.flags, row: s.index },
      }));
      const savedId = await saveRun(store, {
        name: `${run.label} #${run.id}`,
        config: run.config,
        symbol: bars.symbol,
        timeframe: bars.timeframe,
        startTs: bars.ts[Math.min(result.start_row, n - 1)],
        endTs: bars.ts[n - 1],
        stats: result.stats,
        trades: result.trades.length,
        bars: n,
        firstBar: result.first_bar,
        startRow: result.start_row,
        periodsPerYear: result.periods_per_year,
        signals,
      });
      this.runs = this.runs.map((r) => (r.id === id ? { ...r, savedId } : r));
      this.saved = await listRuns(store);
    } catch (e) {
      this.saveError = `Could not save the run: ${errorMessage(e)}`;
    } finally {
      this.saving = null;
    }
  }

  /** Stops the elapsed-time timer. */
  dispose(): void {
    this.#seq++;
    this.#stopTimer();
  }

  #startTimer(t0: number): void {
    this.#stopTimer();
    this.#timer = setInterval(() => (this.elapsedMs = performance.now() - t0), 100);
  }

  #stopTimer(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
