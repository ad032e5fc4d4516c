// The IndexedDB schema of the bar cache, by version, and the pure record migrations between versions
// (bar-cache-idb.ts runs them inside the upgrade transaction).
//
// v1: one object store `chunks` (keyPath `key`) holding each chunk's metadata and its IPC bytes together
//     (`ipc`), without `bytes`, `lastUsedAt` or `contentHash`. Listing the cache read every byte.
// v2 (current): `meta` (keyPath `key`; indexes `series`, `lastUsedAt`) with ChunkMeta only, `blobs`
//     (keyPath `key`) with `{key, ipc}`, and `pins` (keyPath `series`), so listing and LRU eviction never
//     read chunk bytes, and pinned series survive reloads.
import type { Timeframe } from '../shared/types';
import { isTimeframe } from './sql';
import type { CacheSource, ChunkMeta } from './cache-plan';
import { barsContentHash, fnv1a64 } from './chunk-hash';
import { decodeChunk } from './bar-cache';

/** Name of the IndexedDB database. */
export const CACHE_DB_NAME = 'alphastrat-bars';
/** Current schema version. */
export const CACHE_DB_VERSION = 2;

/** A v1 `chunks` record as version 1 wrote it. */
export interface ChunkRecordV1 {
  key: string;
  series: string;
  source: CacheSource;
  symbol: string;
  timeframe: Timeframe;
  adjusted: boolean;
  month: string;
  rows: number;
  firstTs: number;
  lastTs: number;
  coveredFrom: string;
  coveredTo: string;
  checksum: string;
  fetchedAt: number;
  ipc: ArrayBuffer | Uint8Array;
}

const SOURCES: readonly string[] = ['polygon', 'yahoo', 'csv', 'demo'];

/**
 * A v1 record as the v2 pair {meta, ipc}: `bytes` from the IPC length, `lastUsedAt` = `fetchedAt`, `contentHash`
 * computed from the decoded bars. Returns null for a record that is malformed or fails its checksum (it is
 * dropped by the upgrade: such a chunk would be discarded and refetched on first read anyway).
 */
export function migrateV1Record(rec: unknown): { meta: ChunkMeta; ipc: Uint8Array } | null {
  const r = rec as Partial<ChunkRecordV1> | null;
  if (r === null || typeof r !== 'object') return null;
  if (
    typeof r.key !== 'string' ||
    typeof r.series !== 'string' ||
    !SOURCES.includes(String(r.source)) ||
    typeof r.symbol !== 'string'
  )
    return null;
  if (
    !isTimeframe(r.timeframe) ||
    typeof r.adjusted !== 'boolean' ||
    typeof r.month !== 'string' ||
    typeof r.checksum !== 'string'
  )
    return null;
  if (
    typeof r.coveredFrom !== 'string' ||
    typeof r.coveredTo !== 'string' ||
    typeof r.fetchedAt !== 'number' ||
    typeof r.rows !== 'number'
  )
    return null;
  const ipc = r.ipc instanceof Uint8Array ? r.ipc : r.ipc instanceof ArrayBuffer ? new Uint8Array(r.ipc) : null;
  if (ipc === null || fnv1a64(ipc) !== r.checksum) return null;
  let contentHash: string;
  try {
    const bars = decodeChunk(ipc, r.symbol, r.timeframe);
    if (bars.ts.length !== r.rows) return null;
    contentHash = barsContentHash(bars);
  } catch {
    return null;
  }
  const meta: ChunkMeta = {
    key: r.key,
    series: r.series,
    source: r.source as CacheSource,
    symbol: r.symbol,
    timeframe: r.timeframe,
    adjusted: r.adjusted,
    month: r.month,
    rows: r.rows,
    firstTs: typeof r.firstTs === 'number' ? r.firstTs : NaN,
    lastTs: typeof r.lastTs === 'number' ? r.lastTs : NaN,
    coveredFrom: r.coveredFrom,
    coveredTo: r.coveredTo,
    checksum: r.checksum,
    contentHash,
    bytes: ipc.byteLength,
    fetchedAt: r.fetchedAt,
    lastUsedAt: r.fetchedAt,
  };
  return { meta, ipc };
}
