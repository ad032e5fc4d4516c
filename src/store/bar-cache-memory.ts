// An in-memory ChunkBackend for the bar cache (Node tests, and any environment without IndexedDB).
import type { ChunkBackend } from './bar-cache';
import type { ChunkMeta } from './cache-plan';

/** A ChunkBackend on Maps (tests and environments without IndexedDB); `quota` bounds total IPC bytes. */
export function memoryBackend(quota = Infinity): ChunkBackend & { blobs: Map<string, Uint8Array> } {
  const metas = new Map<string, ChunkMeta>();
  const blobs = new Map<string, Uint8Array>();
  const pins = new Set<string>();
  const used = (): number => [...blobs.values()].reduce((s, b) => s + b.byteLength, 0);
  return {
    blobs,
    listMeta: async () => [...metas.values()].map((m) => ({ ...m })),
    getIpc: async (key) => blobs.get(key)?.slice(),
    async put(records) {
      const replaced = records.reduce((s, r) => s + (blobs.get(r.meta.key)?.byteLength ?? 0), 0);
      const added = records.reduce((s, r) => s + r.ipc.byteLength, 0);
      if (used() - replaced + added > quota) throw Object.assign(new Error('quota exceeded'), { name: 'QuotaExceededError' });
      for (const r of records) {
        metas.set(r.meta.key, { ...r.meta });
        blobs.set(r.meta.key, r.ipc.slice());
      }
    },
    async delete(keys) {
      for (const k of keys) {
        metas.delete(k);
        blobs.delete(k);
      }
    },
    async touch(keys, at) {
      for (const k of keys) {
        const m = metas.get(k);
        if (m) m.lastUsedAt = at;
      }
    },
    getPins: async () => [...pins],
    async setPins(add, remove) {
      for (const k of add) pins.add(k);
      for (const k of remove) pins.delete(k);
    },
  };
}
