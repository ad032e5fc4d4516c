// Typed Svelte context for the app's state objects (set once by the composition root, read by components).
import { createContext } from 'svelte';
import type { EngineConnection } from './state/engine.svelte';
import type { IndicatorsState } from './state/indicators.svelte';
import type { MarketState } from './state/market.svelte';
import type { StoreConnection } from './state/store.svelte';

/** The state objects every component may read. */
export interface AppState {
  engine: EngineConnection;
  store: StoreConnection;
  market: MarketState;
  indicators: IndicatorsState;
}

const [getAppState, setAppState] = createContext<AppState>();

/** Reads the AppState set by an ancestor (throws if none was set). */
export { getAppState };
/** Makes an AppState available to the calling component's descendants. */
export { setAppState };
