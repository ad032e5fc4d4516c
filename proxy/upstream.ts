/**
 * The proxy's only way out: budgeted, retried, time-limited, coalesced and cached GETs to Polygon. The key
 * travels only in the Authorization header; nothing here ever writes it into a URL, a result or an error.
 */
import { ResponseCache, type CachedResponse } from './cache';
import { UpstreamBudget, type Clock } from './limits';

/** What an upstream call produced: an HTTP answer, or the reason there is none. */
export type UpstreamResult =
  | { kind: 'response'; res: CachedResponse; attempts: number }
  | { kind: 'budget'; retryAfterMs: number }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'unreachable'; message: string; attempts: number };

/** How the caller got its result: from the cache, by sharing an in-flight call, or by its own call. */
export type Provenance = 'hit' | 'shared' | 'miss';

/** Settings of {@link UpstreamClient}; times in ms. */
export interface UpstreamOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer`; empty = no Authorization header (the keyless Yahoo upstream). */
  apiKey: string;
  /** Extra request headers (e.g. a User-Agent for Yahoo); default none. */
  headers?: Record<string, string>;
  fetch: typeof fetch;
  clock: Clock;
  budget: UpstreamBudget;
  cache: ResponseCache;
  timeoutMs: number;
  /** Total time a request may spend retrying 429/5xx/network failures (first attempt excluded). */
  retryMaxMs: number;
  /** First backoff delay; doubles per retry. */
  retryBaseMs: number;
}

const RETRYABLE = (status: number): boolean => status === 429 || status >= 500;

/** Budgeted, retried, coalesced and cached upstream GETs. */
export class UpstreamClient {
  private readonly inflight = new Map<string, Promise<UpstreamResult>>();

  constructor(private readonly o: UpstreamOptions) {}

  /**
   * GET `pathAndQuery` (canonical, starting with `/`, no key) upstream, answering from the cache when possible
   * and joining an identical in-flight call instead of making a second one. Successful (200) answers are
   * cached for `ttlMs`.
   */
  async get(pathAndQuery: string, ttlMs: number): Promise<{ result: UpstreamResult; via: Provenance }> {
    const cached = this.o.cache.get(pathAndQuery, this.o.clock.now());
    if (cached) return { result: { kind: 'response', res: cached, attempts: 0 }, via: 'hit' };
    const pending = this.inflight.get(pathAndQuery);
    if (pending) return { result: await pending, via: 'shared' };
    const p = this.fetchWithRetry(pathAndQuery).then((r) => {
      if (r.kind === 'response' && r.res.status === 200) this.o.cache.set(pathAndQuery, r.res, ttlMs, this.o.clock.now());
      return r;
    });
    this.inflight.set(pathAndQuery, p);
    try {
      return { result: await p, via: 'miss' };
    } finally {
      this.inflight.delete(pathAndQuery);
    }
  }

  private async fetchWithRetry(pathAndQuery: string): Promise<UpstreamResult> {
    const { clock } = this.o;
    const deadline = clock.now() + this.o.retryMaxMs;
    let last: (UpstreamResult & { retryAfterMs?: number | null }) | null = null;
    for (let attempt = 1; ; attempt++) {
      const slot = this.o.budget.reserve(clock.now());
      if (!slot.ok) return last ? strip(last) : { kind: 'budget', retryAfterMs: slot.retryAfterMs };
      if (last && clock.now() + slot.waitMs > deadline) return strip(last); // the retry window is spent
      if (slot.waitMs > 0) await clock.sleep(slot.waitMs);
      const r = await this.once(pathAndQuery, attempt);
      if (r.kind === 'timeout') return r; // a hung upstream is not hammered again
      if (r.kind === 'response' && !RETRYABLE(r.res.status)) return strip(r);
      last = r;
      let delay = this.o.retryBaseMs * 2 ** (attempt - 1);
      if (r.kind === 'response' && r.retryAfterMs !== null) delay = Math.max(delay, r.retryAfterMs);
      if (clock.now() + delay > deadline) return strip(r);
      await clock.sleep(delay);
    }
  }

  private async once(pathAndQuery: string, attempt: number): Promise<(UpstreamResult & { kind: 'timeout' | 'unreachable' }) | { kind: 'response'; res: CachedResponse; attempts: number; retryAfterMs: number | null }> {
    const ctrl = new AbortController();
    let timedOut = false;
    // A plain timer (not the injectable clock) so it can be cleared and never keeps a Node process alive.
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, this.o.timeoutMs);
    try {
      const res = await this.o.fetch(this.o.baseUrl + pathAndQuery, {
        method: 'GET',
        headers: { Accept: 'application/json', ...this.o.headers, ...(this.o.apiKey === '' ? {} : { Authorization: `Bearer ${this.o.apiKey}` }) },
        signal: ctrl.signal,
        redirect: 'manual', // a redirect could carry the Authorization header to another host
      });
      const body = await res.text();
      const ra = res.headers.get('retry-after');
      const retryAfterMs = ra !== null && /^\d{1,6}$/.test(ra.trim()) ? Number(ra.trim()) * 1000 : null;
      return { kind: 'response', res: { status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body }, attempts: attempt, retryAfterMs };
    } catch (err) {
      if (timedOut) return { kind: 'timeout', timeoutMs: this.o.timeoutMs };
      return { kind: 'unreachable', message: err instanceof Error ? err.message : String(err), attempts: attempt };
    } finally {
      clearTimeout(timer);
    }
  }
}

function strip(r: UpstreamResult & { retryAfterMs?: number | null }): UpstreamResult {
  if (r.kind !== 'response') return r;
  return { kind: 'response', res: r.res, attempts: r.attempts };
}
