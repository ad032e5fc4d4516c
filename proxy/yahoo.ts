/**
 * The keyless backup source: Yahoo Finance's chart endpoint (the one yfinance reads, see fake-yahoo.md) under
 * `/api/yahoo/v8/finance/chart/:symbol`, with an allow-listed query, its own low upstream budget, caching like
 * Polygon's and Yahoo's errors mapped to clear messages. No key is involved; nothing of Polygon's is sent.
 */
import type { Context, Hono } from 'hono';
import { ResponseCache, TTL } from './cache';
import { UpstreamBudget, type Clock } from './limits';
import { nyDay } from './time';
import { UpstreamClient, type Provenance, type UpstreamResult } from './upstream';
import { BadRequest, checkYahooQuery, checkYahooSymbol, cleanQuery } from './validate';

/** The prefix of the Yahoo routes. */
export const YAHOO_PREFIX = '/api/yahoo';

/**
 * Yahoo has no documented limit and answers 429 to clients it dislikes; a browser-like User-Agent avoids the
 * blanket refusal of library user agents (yfinance does the same by impersonating a browser).
 */
const YAHOO_HEADERS = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36' };

/** Settings of the Yahoo routes; times in ms. */
export interface YahooOptions {
  baseUrl: string;
  budgetPerWindow: number;
  budgetWindowMs: number;
  budgetMarginMs: number;
  maxQueueWaitMs: number;
  cacheMaxBytes: number;
  timeoutMs: number;
  retryMaxMs: number;
  retryBaseMs: number;
  fetch: typeof fetch;
  clock: Clock;
}

const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

/**
 * Cache lifetime of a validated chart query at `now` (epoch ms): a range relative to now (`range=…`, or no
 * `period2`) or one ending today (New York) or later is live (5 min); a closed range a day, never longer,
 * because `adjclose` and the split-adjusted OHLC change with every new dividend or split.
 */
export function yahooTtl(query: URLSearchParams, now: number): number {
  const p2 = query.get('period2');
  if (query.get('range') !== null || p2 === null) return TTL.live;
  return nyDay(Number(p2) * 1000 - 1) < nyDay(now) ? TTL.closedAdjusted : TTL.live;
}

/** Yahoo's `chart.error.description` (or `code`) from an error body, if it has one. */
export function yahooErrorText(body: string): string | undefined {
  try {
    const e = (JSON.parse(body) as { chart?: { error?: { description?: unknown; code?: unknown } | null } }).chart?.error;
    const d = e?.description ?? e?.code;
    return typeof d === 'string' ? d.slice(0, 500) : undefined;
  } catch {
    return undefined;
  }
}

/** Registers the Yahoo chart route on `app` (per-client limiting is the caller's middleware). */
export function registerYahoo(app: Hono, o: YahooOptions): void {
  const upstream = new UpstreamClient({
    baseUrl: o.baseUrl,
    apiKey: '',
    headers: YAHOO_HEADERS,
    fetch: o.fetch,
    clock: o.clock,
    budget: new UpstreamBudget(o.budgetPerWindow, o.budgetWindowMs, o.budgetMarginMs, o.maxQueueWaitMs),
    cache: new ResponseCache(o.cacheMaxBytes),
    timeoutMs: o.timeoutMs,
    retryMaxMs: o.retryMaxMs,
    retryBaseMs: o.retryBaseMs,
  });

  app.get(`${YAHOO_PREFIX}/v8/finance/chart/:symbol`, async (c: Context) => {
    const symbol = c.req.param('symbol') ?? '';
    let query: URLSearchParams;
    try {
      checkYahooSymbol(symbol);
      query = cleanQuery('yahoo', new URL(c.req.url).searchParams);
      checkYahooQuery(query);
    } catch (e) {
      if (e instanceof BadRequest) return json(400, { error: e.message });
      throw e;
    }
    const path = `/v8/finance/chart/${encodeURIComponent(symbol)}?${query.toString()}`;
    const { result, via } = await upstream.get(path, yahooTtl(query, o.clock.now()));
    return answer(result, via, symbol);
  });

  function answer(r: UpstreamResult, via: Provenance, symbol: string): Response {
    const h = { 'x-proxy-cache': via };
    switch (r.kind) {
      case 'budget': {
        const s = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
        return json(429, { error: `Yahoo budget of ${o.budgetPerWindow} requests/min is used up; retry after ${s} s` }, { ...h, 'retry-after': String(s) });
      }
      case 'timeout':
        return json(504, { error: `Yahoo did not answer within ${r.timeoutMs} ms` }, h);
      case 'unreachable':
        return json(502, { error: `Yahoo unreachable after ${r.attempts} attempt(s): ${r.message}` }, h);
    }
    const { status, body } = r.res;
    if (status === 200) return new Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8', ...h } });
    const text = yahooErrorText(body);
    if (status === 404) return json(404, { error: `Yahoo has no data for ${symbol}: ${text ?? 'not found'}` }, h);
    if (status === 400 || status === 422) return json(400, { error: `Yahoo refused the parameters: ${text ?? `HTTP ${status}`}` }, h);
    if (status === 429) {
      return json(429, { error: `Yahoo throttled the proxy (HTTP 429) after ${r.attempts} attempt(s); it is a best-effort backup, retry later` }, { ...h, 'retry-after': '60' });
    }
    if (status === 401 || status === 403) return json(502, { error: `Yahoo refused the proxy (HTTP ${status})${text ? `: ${text}` : ''}` }, h);
    if (status >= 500) return json(502, { error: `Yahoo failed with HTTP ${status} after ${r.attempts} attempt(s)` }, h);
    return json(502, { error: `Yahoo answered HTTP ${status}${text ? `: ${text}` : ''}` }, h);
  }
}
