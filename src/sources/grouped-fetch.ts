// Grouped daily answers through the key-holding proxy (docs/proxy.md: `/api/polygon/v2/aggs/grouped/…/:date`), one
// request per session date, newest first, until `sessions` dates with data are in hand. Requests go one at a time:
// each costs one unit of the free plan's 5/minute budget, the proxy queues them, and a 429 is waited out per
// Retry-After within a bounded time (getProxyJson). Cancel with an AbortSignal; progress is reported per date.
import {
  candidateSessions,
  checkSessions,
  groupedSeries,
  type GroupedDay,
  type GroupedSeries,
  type GroupedSeriesOptions,
} from './grouped';
import { checkDay, getProxyJson, SourceError, type ProxyHttp } from './source';

/** What to fetch: `sessions` trading days with data ending at `date` (inclusive). */
export interface GroupedRequest {
  /** Last session, 'YYYY-MM-DD'. */
  date: string;
  /** Sessions with data wanted, 1..MAX_GROUPED_SESSIONS. */
  sessions: number;
  /** Split-adjusted prices (Polygon `adjusted`, default true). */
  adjusted?: boolean;
}

/** Progress after each answered date. */
export interface GroupedProgress {
  /** Requests answered so far. */
  requests: number;
  /** Sessions wanted. */
  sessions: number;
  /** Sessions with data so far. */
  found: number;
  /** The date just answered, and how many tickers it had (0 = empty: holiday or not published). */
  date: string;
  tickers: number;
}

/** Cancellation, progress and the empty-answer allowance of a grouped fetch. */
export interface GroupedFetchOptions {
  signal?: AbortSignal;
  onProgress?: (p: GroupedProgress) => void;
  /** Empty answers tolerated before giving up (one-off closures, a date not yet published); default 5. */
  maxEmpty?: number;
}

/** The fetched answers: dates with data (ascending) and the empty dates asked for. */
export interface GroupedFetchResult {
  days: GroupedDay[];
  empty: string[];
  requests: number;
}

/** Proxy path of one grouped daily request. */
export function groupedPath(date: string, adjusted = true): string {
  checkDay('date', date);
  return `/api/polygon/v2/aggs/grouped/locale/us/market/stocks/${date}?adjusted=${adjusted}`;
}

/** `e` with the date prefixed to its message, its kind kept (cancellation passes through unchanged). */
function onDate(date: string, e: unknown): Error {
  if (e instanceof SourceError) {
    if (e.kind === 'aborted') return e;
    return new SourceError(e.kind, `grouped daily ${date}: ${e.message}`, e.retryAfter);
  }
  return new SourceError('upstream', `grouped daily ${date}: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * Fetches grouped daily answers for the last `req.sessions` trading days up to `req.date`, newest first, skipping
 * weekends and NYSE rule-based holidays without a request and empty answers (other closures) within `maxEmpty`.
 * Returns fewer sessions than asked only when the empty allowance runs out after some data was found; throws a
 * SourceError naming the date on any failed request, and 'upstream' when no date had data.
 */
export async function fetchGroupedDays(
  http: ProxyHttp,
  req: GroupedRequest,
  opts: GroupedFetchOptions = {},
): Promise<GroupedFetchResult> {
  checkDay('date', req.date);
  checkSessions(req.sessions);
  const maxEmpty = opts.maxEmpty ?? 5;
  if (!Number.isInteger(maxEmpty) || maxEmpty < 0 || maxEmpty > 100)
    throw new SourceError('bad-request', `maxEmpty must be an integer 0..100, got ${maxEmpty}`);
  const candidates = candidateSessions(req.date, req.sessions + maxEmpty);
  const days: GroupedDay[] = [];
  const empty: string[] = [];
  let requests = 0;
  for (const date of candidates) {
    if (days.length >= req.sessions || empty.length > maxEmpty) break;
    if (opts.signal?.aborted) throw new SourceError('aborted', 'cancelled');
    let body: unknown;
    try {
      body = await getProxyJson(http, groupedPath(date, req.adjusted ?? true), opts.signal);
    } catch (e) {
      throw onDate(date, e);
    }
    requests++;
    const results = (body as { results?: unknown } | null)?.results;
    const tickers = Array.isArray(results) ? results.length : 0;
    if (tickers === 0) empty.push(date);
    else days.push({ date, body });
    opts.onProgress?.({ requests, sessions: req.sessions, found: days.length, date, tickers });
  }
  if (days.length === 0)
    throw new SourceError(
      'upstream',
      `no grouped daily data on or before ${req.date} (${requests} requests, all empty): pick a past trading day`,
    );
  days.reverse();
  empty.reverse();
  return { days, empty, requests };
}

/** {@link fetchGroupedDays} then {@link groupedSeries}: per-ticker daily Bars of the US market up to `req.date`. */
export async function fetchGroupedSeries(
  http: ProxyHttp,
  req: GroupedRequest,
  opts: GroupedFetchOptions & GroupedSeriesOptions = {},
): Promise<GroupedSeries & { requests: number }> {
  const got = await fetchGroupedDays(http, req, opts);
  const series = groupedSeries(got.days, opts);
  return { ...series, empty: got.empty, requests: got.requests };
}
