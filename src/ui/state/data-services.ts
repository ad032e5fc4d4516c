// The data layer's heavy modules (idb, apache-arrow via the cache, the sources, CSV import) in one chunk that
// DataState loads with a dynamic import after the first paint, so none of it is on the cold-open path.
import { openBrowserBarCache } from '../../store/bar-cache-idb';
import type { BarCache } from '../../store/bar-cache';
import { fetchIntoCache, fillStoreFromCache, importIntoCache } from '../../store/market-fetch';
import { deleteBarsSql } from '../../store/sql';
import { detectCsv } from '../../sources/csv-detect';
import { importCsv } from '../../sources/csv-import';
import { DemoSource } from '../../sources/local-sources';
import { PolygonSource } from '../../sources/polygon-source';
import { proxyHealth, type MarketDataSource, type SourceId } from '../../sources/source';
import { YahooSource } from '../../sources/yahoo-source';

/** The proxy is same-origin: the app's server forwards `/api` to it (vite.config.ts, docs/proxy.md). */
const HTTP = { base: '' };

/** The network/demo source for a selector value ('csv' is imported through the CSV dialog, not fetched). */
function sourceFor(id: Exclude<SourceId, 'csv'>): MarketDataSource {
  if (id === 'polygon') return new PolygonSource(HTTP);
  if (id === 'yahoo') return new YahooSource(HTTP);
  return new DemoSource();
}

/** Everything DataState calls, opened once. */
export async function loadDataServices() {
  const cache: BarCache = await openBrowserBarCache();
  return {
    cache,
    sourceFor,
    health: (signal?: AbortSignal) => proxyHealth(HTTP, signal),
    fetchIntoCache,
    importIntoCache,
    fillStoreFromCache,
    detectCsv,
    importCsv,
    /** SQL deleting the stored bars of one app symbol id and timeframe from DuckDB's bars table. */
    deleteBarsSql,
  };
}

/** The loaded services' type. */
export type DataServices = Awaited<ReturnType<typeof loadDataServices>>;
