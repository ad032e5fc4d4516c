/** In-memory LRU response cache with per-entry expiry and a total size bound. */
import { nyDay, parseIsoDate, parseRangeBound } from './time';

/** A cached upstream answer: status, content type and body text (before next_url rewriting). */
export interface CachedResponse {
  status: number;
  contentType: string;
  body: string;
}

interface Entry {
  value: CachedResponse;
  expires: number;
  bytes: number;
}

/** LRU keyed by canonical upstream path+query; evicts least-recently-used entries beyond `maxBytes`. */
export class ResponseCache {
  private readonly map = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The live entry for `key` (refreshing its recency), or undefined when absent or expired. */
  get(key: string, now: number): CachedResponse | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    if (e.expires <= now) {
      this.bytes -= e.bytes;
      return undefined;
    }
    this.map.set(key, e);
    return e.value;
  }

  /** Stores `value` for `ttlMs`; entries larger than a quarter of the bound are not cached. */
  set(key: string, value: CachedResponse, ttlMs: number, now: number): void {
    const bytes = key.length * 2 + value.body.length * 2 + 64; // JS strings are UTF-16
    if (ttlMs <= 0 || bytes > this.maxBytes / 4) return;
    const old = this.map.get(key);
    if (old) {
      this.map.delete(key);
      this.bytes -= old.bytes;
    }
    this.map.set(key, { value, expires: now + ttlMs, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= e.bytes;
    }
  }

  /** Number of entries held (expired ones included until touched or evicted). */
  get size(): number {
    return this.map.size;
  }

  /** Approximate bytes held. */
  get byteSize(): number {
    return this.bytes;
  }
}

/** Cache lifetimes in ms by kind of answer. */
export const TTL = {
  /** Closed historical range, unadjusted: bars never change. */
  closedRaw: 7 * 86_400_000,
  /** Closed historical range, split-adjusted: a new split rewrites history, so at most a day. */
  closedAdjusted: 86_400_000,
  /** A range touching today (New York) or the future: the last bar is still forming. */
  live: 5 * 60_000,
  /** Reference data (tickers, ticker details). */
  reference: 60 * 60_000,
} as const;

/**
 * Cache lifetime for a validated upstream request: `route` and its path parts, the canonical query, and `now`
 * (epoch ms). A range is "closed" when its end falls on a New York date before today's.
 */
export function ttlFor(route: 'aggs' | 'grouped' | 'tickers' | 'details', end: string | null, query: URLSearchParams, now: number): number {
  if (route === 'tickers' || route === 'details') return TTL.reference;
  if (end === null) return TTL.live;
  const endMs = route === 'grouped' ? parseIsoDate(end) : parseRangeBound(end, 'to');
  if (endMs === null) return TTL.live;
  // Dates parse to New York wall time for aggs; grouped dates are plain calendar days.
  const endDay = route === 'grouped' ? endMs : nyDay(endMs);
  if (endDay >= nyDay(now)) return TTL.live;
  return query.get('adjusted') === 'false' ? TTL.closedRaw : TTL.closedAdjusted;
}
