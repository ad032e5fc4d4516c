// Where bars come from, behind one small interface: the Polygon proxy, the Yahoo backup, a CSV text, the demo
// market. Plain data in and out (a request, Bars, progress counts), cancellable with an AbortSignal, so a source
// can be swapped in tests and the cache (src/store/market-fetch.ts) does not know which one it talks to.
import type { Bars, Timeframe } from '../shared/types';

/** The source ids the app offers. */
export type SourceId = 'polygon' | 'yahoo' | 'csv' | 'demo';

/** A request for one symbol's bars over whole calendar days. */
export interface BarRequest {
  /** Ticker as the source spells it ('AAPL', 'BRK.A' for Polygon, 'BRK-B' for Yahoo). */
  symbol: string;
  timeframe: Timeframe;
  /** First and last day, 'YYYY-MM-DD', both inclusive, in the exchange's calendar. */
  from: string;
  to: string;
  /** Split-adjusted prices (Polygon adjusted=true; Yahoo serves only these). */
  adjusted: boolean;
}

/** Progress of one fetch: pages received so far and bars in them. */
export interface FetchProgress {
  pages: number;
  bars: number;
}

/** Cancellation and progress reporting of one fetch. */
export interface FetchOptions {
  signal?: AbortSignal;
  onProgress?: (p: FetchProgress) => void;
}

/** A market-data source: `fetchBars` returns every bar of the request (all pages), ascending and deduplicated. */
export interface MarketDataSource {
  readonly id: SourceId;
  /** Label for the source selector. */
  readonly label: string;
  /** Timeframes this source serves natively. */
  readonly timeframes: readonly Timeframe[];
  fetchBars(req: BarRequest, opts?: FetchOptions): Promise<Bars>;
}

/** Why a fetch failed, for the UI to react: unreachable proxy, rate limit, missing key, bad request, upstream error, cancelled. */
export type SourceErrorKind = 'offline' | 'rate-limited' | 'not-configured' | 'bad-request' | 'upstream' | 'aborted';

/** A failed fetch with a kind and a message naming the cause. */
export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    /** Seconds the proxy asked to wait, for 'rate-limited'. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** Settings of getProxyJson: base URL of the proxy ('' = same origin), the fetch, and how long 429s may be waited out. */
export interface ProxyHttp {
  /** Origin of the proxy without trailing slash; '' in the browser (same-origin `/api/...`). */
  base: string;
  fetch?: typeof fetch;
  /** Total time 429 answers may be waited out (Retry-After, capped per wait); default 65 000 ms. */
  maxRateWaitMs?: number;
  /** Waits `ms` or rejects when `signal` aborts; replaceable in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Resolves after `ms`, or rejects with a SourceError('aborted') as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SourceError('aborted', 'cancelled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new SourceError('aborted', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds of a Retry-After header (delta-seconds or an HTTP date), or null. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const s = Number(header);
  if (Number.isFinite(s) && s >= 0) return s;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, (at - now) / 1000) : null;
}

/**
 * GETs `path` (starting with '/api/') from the proxy and returns its JSON. A 429 is waited out per Retry-After
 * (default 5 s when absent) while the total wait stays within `maxRateWaitMs`, else it fails as 'rate-limited'
 * naming the wait; other errors become SourceErrors with the proxy's own message.
 */
export async function getProxyJson(http: ProxyHttp, path: string, signal?: AbortSignal): Promise<unknown> {
  const doFetch = http.fetch ?? ((i: RequestInfo | URL, init?: RequestInit) => fetch(i, init));
  const sleep = http.sleep ?? abortableSleep;
  let waited = 0;
  const budget = http.maxRateWaitMs ?? 65_000;
  for (;;) {
    let res: Response;
    try {
      res = await doFetch(`${http.base}${path}`, { headers: { accept: 'application/json' }, signal });
    } catch (e) {
      if (signal?.aborted) throw new SourceError('aborted', 'cancelled');
      throw new SourceError(
        'offline',
        `the data proxy is unreachable (${e instanceof Error ? e.message : String(e)}); cached data still works`,
      );
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.status === 200 && body !== undefined) return body;
    const msg = (body as { error?: unknown } | undefined)?.error;
    const why = typeof msg === 'string' ? msg : text.slice(0, 200) || res.statusText || `HTTP ${res.status}`;
    if (res.status === 429) {
      const after = retryAfterSeconds(res.headers.get('retry-after')) ?? 5;
      if (waited + after * 1000 > budget) {
        throw new SourceError('rate-limited', `rate limited by the proxy (${why}); try again in ${Math.ceil(after)} s`, after);
      }
      await sleep(after * 1000, signal);
      waited += after * 1000;
      continue;
    }
    if (res.status === 200) throw new SourceError('upstream', `the proxy answered malformed JSON for ${path.slice(0, 120)}`);
    if (res.status === 503 && /API_KEY|api key/i.test(why))
      throw new SourceError('not-configured', `Polygon is not configured on the proxy: ${why}`);
    if (res.status === 400 || res.status === 404) throw new SourceError('bad-request', why);
    // Errors of a dev/preview server's own /api forwarding (proxy not running) have no JSON body.
    if (body === undefined && res.status >= 500)
      throw new SourceError('offline', `the data proxy is unreachable (HTTP ${res.status}); cached data still works`);
    throw new SourceError('upstream', `the proxy answered ${res.status}: ${why}`);
  }
}

/** What `/api/health` says: whether Polygon has a key (else the Yahoo backup is the default). */
export interface ProxyHealth {
  keyConfigured: boolean;
}

/** Reads `/api/health`; throws a SourceError('offline') when the proxy cannot be reached. */
export async function proxyHealth(http: ProxyHttp, signal?: AbortSignal): Promise<ProxyHealth> {
  const body = (await getProxyJson({ ...http, maxRateWaitMs: 0 }, '/api/health', signal)) as {
    ok?: unknown;
    keyConfigured?: unknown;
  };
  if (body.ok !== true) throw new SourceError('offline', 'the data proxy answered /api/health without ok:true');
  return { keyConfigured: body.keyConfigured === true };
}

/** Throws unless `day` is a real date 'YYYY-MM-DD'; `field` names it in the message. */
export function checkDay(field: string, day: unknown): asserts day is string {
  // An impossible month (2024-13-01) makes an Invalid Date, whose toISOString throws: test getTime first.
  const t = typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : null;
  if (t === null || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== day) {
    throw new SourceError('bad-request', `${field} must be a date YYYY-MM-DD, got ${JSON.stringify(day)}`);
  }
}

/** Checks a request's dates (from ≤ to) and timeframe against `timeframes`; throws a SourceError('bad-request'). */
export function checkRequest(req: BarRequest, timeframes: readonly Timeframe[], source: string): void {
  checkDay('from', req.from);
  checkDay('to', req.to);
  if (req.from > req.to) throw new SourceError('bad-request', `from (${req.from}) is after to (${req.to})`);
  if (!timeframes.includes(req.timeframe)) {
    throw new SourceError(
      'bad-request',
      `${source} serves timeframes ${timeframes.join(', ')}; got ${JSON.stringify(req.timeframe)} (coarser ones are resampled from 1d)`,
    );
  }
  if (typeof req.symbol !== 'string' || req.symbol.trim() === '')
    throw new SourceError('bad-request', 'symbol must not be empty');
}
