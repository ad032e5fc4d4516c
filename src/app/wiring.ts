// Composition root: the only place that knows where the engine worker and the DuckDB store module live.
import type { AppState } from '../ui/context';
import { BacktestState } from '../ui/state/backtest.svelte';
import { DataState } from '../ui/state/data.svelte';
import { EngineConnection } from '../ui/state/engine.svelte';
import { IndicatorCacheLink } from '../ui/state/indicator-cache-link';
import { IndicatorsState } from '../ui/state/indicators.svelte';
import { MarketState } from '../ui/state/market.svelte';
import { ShareState } from '../ui/state/share.svelte';
import { WorkspaceState } from '../ui/state/workspace.svelte';
import { PwaState } from './pwa.svelte';
import { StoreConnection } from '../ui/state/store.svelte';

/** The app's state objects plus a dispose() that ends the engine worker and closes the store. */
export interface App extends AppState {
  backtest: BacktestState;
  /** Share links, saved workspace and the service worker (docs/share.md). */
  share: ShareState;
  workspace: WorkspaceState;
  pwa: PwaState;
  data: DataState;
  dispose(): void;
}

/** Creates the engine worker connection, the (not yet opened) store connection, the market, indicator and backtest state. */
export function createApp(): App {
  const engine = new EngineConnection(
    () => new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' }),
  );
  // Dynamic import: DuckDB-WASM and apache-arrow stay out of the main bundle and load after the first paint.
  const store = new StoreConnection(async () => (await import('../store/duckdb-browser')).openBrowserStore());
  const market = new MarketState(engine, store);
  const indicators = new IndicatorsState(engine, () => market.bars, new IndicatorCacheLink(store));
  const backtest = new BacktestState(engine, store, () => market.bars);
  const share = new ShareState(market, backtest, store, window.location);
  const workspace = new WorkspaceState();
  const pwa = new PwaState();
  // The market-data layer (IndexedDB cache, sources, CSV import): its modules load after the first paint.
  const data = new DataState(market, store, async () => (await import('../ui/state/data-services')).loadDataServices());
  return {
    engine,
    store,
    market,
    indicators,
    backtest,
    share,
    workspace,
    pwa,
    data,
    dispose() {
      backtest.dispose();
      store.dispose();
      engine.dispose();
    },
  };
}

/** Makes one sweep-pool worker (the Optimize section starts one per core when its first sweep runs). */
export function createSweepWorker(): Worker {
  return new Worker(new URL('../../workers/sweep.worker.ts', import.meta.url), { type: 'module', name: 'sweep' });
}
