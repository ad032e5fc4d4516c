// The store in the browser: AsyncDuckDB in its own worker, built from the eh bundle that Vite copies into dist/
// (served by the app itself: no CDN, no getJsDelivrBundles). Every browser we target has wasm exceptions, so
// the mvp/coi bundles are never shipped.
import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { createStore, type SqlConnection, type Store } from './index';

/** Starts DuckDB's eh worker, opens an in-memory database and adapts its connection to SqlConnection. */
export async function connectBrowserDuckDB(): Promise<SqlConnection> {
  // A classic worker: duckdb-browser-eh.worker.js is a self-contained script, not an ES module.
  const worker = new Worker(ehWorker);
  const db = new AsyncDuckDB(new VoidLogger(), worker);
  try {
    await db.instantiate(ehWasm);
    await db.open({ path: ':memory:' });
    const conn = await db.connect();
    return {
      query: (sql) => conn.query(sql),
      // Transfers bytes.buffer to the worker: the caller's buffer is detached afterwards.
      insertArrowIPC: (bytes, table) => conn.insertArrowFromIPCStream(bytes, { name: table, create: true }),
      close: async () => {
        await conn.close();
        await db.terminate();
      },
    };
  } catch (e) {
    await db.terminate();
    throw e;
  }
}

/** A Store on an in-memory DuckDB-WASM database in a dedicated worker; resolves once the schema exists. */
export async function openBrowserStore(): Promise<Store> {
  const store = createStore(connectBrowserDuckDB);
  await store.ready;
  return store;
}
