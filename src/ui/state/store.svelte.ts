// The DuckDB bar store as reactive state. The store module (and DuckDB's ~34 MB wasm) is loaded only when
// open() is first called, which the app does after the chart's first paint; until then resampled timeframes
// are unavailable and everything else works.
import type { Store } from '../../store/index';
import type { Bars, Timeframe } from '../../shared/types';
import { errorMessage, markOnce } from '../perf';

/** Store lifecycle: 'idle' until open() is called. */
export type StoreStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Native timeframe that a timeframe is resampled from in the demo market (1m for intraday, 1d above). */
export function nativeSource(tf: Timeframe): '1m' | '1d' {
  return tf === '1m' || tf === '5m' || tf === '15m' || tf === '1h' ? '1m' : '1d';
}

/** True for the timeframes the engine worker generates directly (no store needed). */
export function isNative(tf: Timeframe): tf is '1m' | '1d' {
  return tf === '1m' || tf === '1d';
}

/** Owns the lazily opened Store: one open promise, native series inserted at most once per (symbol, timeframe). */
export class StoreConnection {
  /** Where the store is in its start-up. */
  status = $state<StoreStatus>('idle');
  /** Why opening failed, when status is 'error'. */
  error = $state<string | null>(null);
  readonly #load: () => Promise<Store>;
  #opening: Promise<Store> | null = null;
  readonly #inserted = new Map<string, Promise<void>>();

  /** `load` imports and opens the store (a dynamic import keeps DuckDB out of the main bundle). */
  constructor(load: () => Promise<Store>) {
    this.#load = load;
  }

  /** Opens the store on first call; later calls share the same promise. */
  open(): Promise<Store> {
    if (this.#opening === null) {
      this.status = 'loading';
      this.#opening = this.#load().then(
        (store) => {
          this.status = 'ready';
          markOnce('duckdb-ready');
          return store;
        },
        (e: unknown) => {
          this.error = errorMessage(e);
          this.status = 'error';
          throw e;
        },
      );
      this.#opening.catch(() => undefined);
    }
    return this.#opening;
  }

  /** Value of the chart's data-duckdb attribute: 'loading' until ready (an idle store is about to load). */
  get attribute(): 'loading' | 'ready' | 'error' {
    return this.status === 'ready' ? 'ready' : this.status === 'error' ? 'error' : 'loading';
  }

  /** Status-line text, e.g. "DuckDB ready". */
  get label(): string {
    if (this.status === 'ready') return 'DuckDB ready';
    if (this.status === 'error') return `DuckDB error: ${this.error ?? 'unknown'}`;
    return 'DuckDB loading…';
  }

  /**
   * `symbol` at a resampled timeframe: inserts its native series (fetched with `native`) into the store the
   * first time, then lets the store resample it in SQL.
   */
  async resampled(symbol: string, timeframe: Timeframe, native: (tf: '1m' | '1d') => Promise<Bars>): Promise<Bars> {
    const store = await this.open();
    const from = nativeSource(timeframe);
    const key = `${symbol}|${from}`;
    let inserting = this.#inserted.get(key);
    if (!inserting) {
      inserting = native(from).then((bars) => store.insertBars(bars));
      this.#inserted.set(key, inserting);
      // A failed insert may be retried by the next request.
      inserting.catch(() => this.#inserted.delete(key));
    }
    await inserting;
    return store.bars(symbol, timeframe);
  }

  /** Closes the store if it was opened. */
  dispose(): void {
    this.#opening?.then((s) => s.close()).catch(() => undefined);
  }
}
