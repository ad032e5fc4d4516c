// The store on DuckDB-WASM's Node build (blocking bindings, in-thread), for the CLI, tests and benchmarks.
// Loads the same duckdb-eh.wasm the browser ships, straight from node_modules.
import { createRequire } from 'node:module';
import { createDuckDB, NODE_RUNTIME, VoidLogger } from '@duckdb/duckdb-wasm/blocking';
import { createStore, type SqlConnection, type Store } from './index';

const require = createRequire(import.meta.url);

/** Absolute paths of the DuckDB-WASM modules in node_modules (eh: wasm exceptions, mvp: fallback without them). */
export const DUCKDB_NODE_BUNDLES = {
  eh: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'),
  mvp: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'),
};

/** Opens an in-memory DuckDB-WASM database in this thread and adapts its connection to SqlConnection. */
export async function connectNodeDuckDB(): Promise<SqlConnection> {
  // The blocking bindings never start a worker: mainWorker is unused, the eh module is chosen when the
  // runtime supports wasm exceptions (Node 20 does).
  const db = await createDuckDB(
    { mvp: { mainModule: DUCKDB_NODE_BUNDLES.mvp, mainWorker: '' }, eh: { mainModule: DUCKDB_NODE_BUNDLES.eh, mainWorker: '' } },
    new VoidLogger(),
    NODE_RUNTIME,
  );
  await db.instantiate();
  db.open({ path: ':memory:' });
  const conn = db.connect();
  return {
    query: async (sql) => conn.query(sql),
    insertArrowIPC: async (bytes, table) => conn.insertArrowFromIPCStream(bytes, { name: table, create: true }),
    close: async () => {
      conn.close();
      db.reset();
    },
  };
}

/** A Store on an in-memory DuckDB-WASM database in this Node process; resolves once the schema exists. */
export async function openNodeStore(): Promise<Store> {
  const store = createStore(connectNodeDuckDB);
  await store.ready;
  return store;
}
