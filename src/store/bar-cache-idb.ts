// The bar cache's ChunkBackend on IndexedDB (idb), schema in cache-schema.ts. Deliberately thin: every rule
// (checksums, merging, eviction) lives in bar-cache.ts and is tested in Node on the memory backend.
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { BarCache, type ChunkBackend } from './bar-cache';
import type { ChunkMeta } from './cache-plan';
import { CACHE_DB_NAME, CACHE_DB_VERSION, migrateV1Record } from './cache-schema';

type Db = IDBPDatabase<unknown>;
type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;

/** Creates the current stores; from version 1, moves every valid `chunks` record into `meta` + `blobs`. */
async function upgrade(db: Db, oldVersion: number, tx: UpgradeTx): Promise<void> {
  if (oldVersion < 2) {
    const meta = db.createObjectStore('meta', { keyPath: 'key' });
    meta.createIndex('series', 'series');
    meta.createIndex('lastUsedAt', 'lastUsedAt');
    db.createObjectStore('blobs', { keyPath: 'key' });
    db.createObjectStore('pins', { keyPath: 'series' });
  }
  if (oldVersion === 1) {
    const old: unknown[] = await tx.objectStore('chunks').getAll();
    for (const rec of old) {
      const m = migrateV1Record(rec);
      if (m === null) continue;
      await tx.objectStore('meta').put(m.meta);
      await tx.objectStore('blobs').put({ key: m.meta.key, ipc: m.ipc });
    }
    db.deleteObjectStore('chunks');
  }
}

/** Opens (creating or upgrading) the cache database; `name` is for tests. */
export function openCacheDb(name = CACHE_DB_NAME): Promise<Db> {
  let migration: Promise<void> = Promise.resolve();
  return openDB(name, CACHE_DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      migration = upgrade(db, oldVersion, tx as unknown as UpgradeTx);
    },
  }).then(async (db) => {
    await migration;
    return db;
  });
}

/** A ChunkBackend on an open cache database. */
export function idbBackend(db: Db): ChunkBackend {
  return {
    listMeta: async () => (await db.getAll('meta')) as ChunkMeta[],
    async getIpc(key) {
      const rec = (await db.get('blobs', key)) as { ipc?: unknown } | undefined;
      const ipc = rec?.ipc;
      return ipc instanceof Uint8Array ? ipc : ipc instanceof ArrayBuffer ? new Uint8Array(ipc) : undefined;
    },
    async put(records) {
      const tx = db.transaction(['meta', 'blobs'], 'readwrite');
      const meta = tx.objectStore('meta');
      const blobs = tx.objectStore('blobs');
      for (const r of records) {
        void meta.put(r.meta);
        void blobs.put({ key: r.meta.key, ipc: r.ipc });
      }
      await tx.done;
    },
    async delete(keys) {
      const tx = db.transaction(['meta', 'blobs'], 'readwrite');
      for (const k of keys) {
        void tx.objectStore('meta').delete(k);
        void tx.objectStore('blobs').delete(k);
      }
      await tx.done;
    },
    async touch(keys, at) {
      const tx = db.transaction('meta', 'readwrite');
      for (const k of keys) {
        const m = (await tx.store.get(k)) as ChunkMeta | undefined;
        if (m) void tx.store.put({ ...m, lastUsedAt: at });
      }
      await tx.done;
    },
    getPins: async () => ((await db.getAll('pins')) as { series: string }[]).map((p) => p.series),
    async setPins(add, remove) {
      const tx = db.transaction('pins', 'readwrite');
      for (const s of add) void tx.store.put({ series: s });
      for (const s of remove) void tx.store.delete(s);
      await tx.done;
    },
  };
}

/** The test hook `window.__alphastratTest.quotaErrors`: a count of upcoming cache writes to fail with QuotaExceededError. */
interface TestHook {
  quotaErrors?: number;
}

/**
 * The app's bar cache on IndexedDB. Before each write it reads `globalThis.__alphastratTest.quotaErrors`: while
 * that is > 0 it is decremented and the write fails with a QuotaExceededError, which exercises eviction in the
 * browser tests (docs/data.md). Without the hook (production) nothing happens.
 */
export async function openBrowserBarCache(): Promise<BarCache> {
  const cache = new BarCache(idbBackend(await openCacheDb()));
  cache.beforePut = () => {
    const hook = (globalThis as { __alphastratTest?: TestHook }).__alphastratTest;
    if (hook && typeof hook.quotaErrors === 'number' && hook.quotaErrors > 0) {
      hook.quotaErrors--;
      throw new DOMException('simulated by window.__alphastratTest.quotaErrors', 'QuotaExceededError');
    }
  };
  return cache;
}
