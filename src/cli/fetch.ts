// The CLI's `fetch` command: bars of one symbol and range through the market-data proxy (docs/proxy.md),
// from Polygon (every `next_url` page followed) or the Yahoo backup, as rows {t,o,h,l,c,v} with `t` the bar
// start in timezone-naive exchange-local epoch ms (the `Bars.ts` convention). Errors name the field or the cause.
import { polygonRows } from '../sources/polygon';
import type { BarRow } from '../sources/bar-rows';
import { yahooRows } from '../sources/yahoo';

const DAY_MS = 86_400_000;
/** Longest wait for one proxy answer: its upstream queue (30 s) plus retries and the upstream timeout. */
const PAGE_TIMEOUT_MS = 120_000;
const MAX_PAGES = 10_000;
const TIMESPANS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
/** Yahoo interval for each multiplier/timespan pair it serves. */
const YAHOO_INTERVALS: Record<string, string> = {
  '1 minute': '1m', '2 minute': '2m', '5 minute': '5m', '15 minute': '15m', '30 minute': '30m', '60 minute': '60m', '90 minute': '90m',
  '1 hour': '1h', '1 day': '1d', '5 day': '5d', '1 week': '1wk', '1 month': '1mo', '3 month': '3mo', '1 quarter': '3mo',
};

/** A validated fetch request. */
export interface FetchSpec {
  proxy: string;
  source: 'polygon' | 'yahoo';
  symbol: string;
  multiplier: number;
  timespan: string;
  from: string;
  to: string;
  adjusted: boolean;
}

function isoDay(field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw new Error(`fetch: ${field} must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Validates a `fetch` request's fields (defaults: proxy http://127.0.0.1:8787, source polygon, 1 day, adjusted). */
export function parseFetchSpec(req: Record<string, unknown>): FetchSpec {
  const proxy = req.proxy ?? 'http://127.0.0.1:8787';
  let origin: URL;
  try {
    origin = new URL(String(proxy));
  } catch {
    throw new Error(`fetch: proxy must be the proxy's URL like "http://127.0.0.1:8787", got ${JSON.stringify(proxy)}`);
  }
  if (typeof proxy !== 'string' || (origin.protocol !== 'http:' && origin.protocol !== 'https:')) throw new Error(`fetch: proxy must be an http(s) URL, got ${JSON.stringify(proxy)}`);
  const source = req.source ?? 'polygon';
  if (source !== 'polygon' && source !== 'yahoo') throw new Error(`fetch: source must be "polygon" or "yahoo", got ${JSON.stringify(source)}`);
  const symbol = req.symbol;
  const symbolRe = source === 'polygon' ? /^(?:[A-Z]{1,2}:)?[A-Za-z0-9][A-Za-z0-9.-]{0,39}$/ : /^[A-Za-z0-9^][A-Za-z0-9^=.-]{0,24}$/;
  if (typeof symbol !== 'string' || !symbolRe.test(symbol)) throw new Error(`fetch: symbol must be a ${source} ticker like ${source === 'polygon' ? 'AAPL or X:BTCUSD' : 'AAPL, ^GSPC or SAP.DE'}, got ${JSON.stringify(symbol)}`);
  const multiplier = req.multiplier ?? 1;
  if (typeof multiplier !== 'number' || !Number.isInteger(multiplier) || multiplier < 1 || multiplier > 100_000) throw new Error(`fetch: multiplier must be an integer 1..100000, got ${JSON.stringify(multiplier)}`);
  const timespan = req.timespan ?? 'day';
  if (typeof timespan !== 'string' || !TIMESPANS.includes(timespan)) throw new Error(`fetch: timespan must be one of ${TIMESPANS.join('|')}, got ${JSON.stringify(timespan)}`);
  if (req.from === undefined || req.to === undefined) throw new Error('fetch needs "from" and "to" (dates YYYY-MM-DD, both inclusive)');
  const from = isoDay('from', req.from), to = isoDay('to', req.to);
  if (from > to) throw new Error(`fetch: from (${from}) is after to (${to})`);
  const adjusted = req.adjusted ?? true;
  if (typeof adjusted !== 'boolean') throw new Error(`fetch: adjusted must be true or false, got ${JSON.stringify(adjusted)}`);
  return { proxy: origin.origin, source, symbol, multiplier, timespan, from, to, adjusted };
}

/** GETs `url` from the proxy and returns its JSON; throws a message for unreachable, 429 (with Retry-After) and errors. */
async function getJson(url: string, proxy: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) });
  } catch (e) {
    if (e instanceof Error && e.name === 'TimeoutError') throw new Error(`fetch: the proxy at ${proxy} did not answer within ${PAGE_TIMEOUT_MS / 1000} s`);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
    throw new Error(`fetch: the proxy at ${proxy} is unreachable (${code}); is it running? (npm run proxy, or npm start)`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (res.status !== 200) {
    const msg = (body as { error?: unknown } | undefined)?.error;
    const why = typeof msg === 'string' ? msg : text.slice(0, 200) || res.statusText;
    if (res.status === 429) throw new Error(`fetch: the proxy answered 429 (${why}); retry after ${res.headers.get('retry-after') ?? 'a while'} s`);
    throw new Error(`fetch: the proxy answered ${res.status} (${why})`);
  }
  if (body === undefined) throw new Error(`fetch: the proxy answered malformed JSON from ${url.slice(0, 200)}`);
  return body;
}

/** Polygon aggregates through the proxy, following every `next_url` (which must stay on the proxy). */
async function polygonBars(s: FetchSpec): Promise<BarRow[]> {
  const pages: unknown[] = [];
  let url: string | null = `${s.proxy}/api/polygon/v2/aggs/ticker/${encodeURIComponent(s.symbol)}/range/${s.multiplier}/${s.timespan}/${s.from}/${s.to}?adjusted=${s.adjusted}&sort=asc&limit=50000`;
  while (url !== null) {
    if (pages.length >= MAX_PAGES) throw new Error(`fetch: more than ${MAX_PAGES} pages; narrow the range`);
    const page = (await getJson(url, s.proxy)) as { next_url?: unknown };
    pages.push(page);
    const next = page.next_url;
    if (typeof next !== 'string') url = null;
    else if (next.startsWith(`${s.proxy}/api/polygon/`)) url = next;
    else throw new Error(`fetch: next_url ${next.slice(0, 120)} does not point back at the proxy ${s.proxy}; set PROXY_PUBLIC_URL on the proxy`);
  }
  return polygonRows(pages);
}

/** Yahoo chart through the proxy: a window one day wider on each side (any exchange zone), cut to [from, to] local dates. */
async function yahooBars(s: FetchSpec): Promise<BarRow[]> {
  const interval = YAHOO_INTERVALS[`${s.multiplier} ${s.timespan}`];
  if (interval === undefined) throw new Error(`fetch: yahoo serves multiplier/timespan ${Object.keys(YAHOO_INTERVALS).join(', ')}; got ${s.multiplier} ${s.timespan}`);
  if (!s.adjusted) throw new Error('fetch: yahoo serves split-adjusted prices only; use "adjusted": true or source "polygon"');
  const lo = Date.parse(`${s.from}T00:00:00Z`), hi = Date.parse(`${s.to}T00:00:00Z`) + DAY_MS;
  const url = `${s.proxy}/api/yahoo/v8/finance/chart/${encodeURIComponent(s.symbol)}?interval=${interval}&period1=${(lo - DAY_MS) / 1000}&period2=${(hi + DAY_MS) / 1000}`;
  return yahooRows(await getJson(url, s.proxy)).rows.filter((r) => r.t >= lo && r.t < hi);
}

/** The `fetch` command for the CLI's command table. */
export const FETCH_COMMAND = {
  fields: ['proxy', 'source', 'symbol', 'multiplier', 'timespan', 'from', 'to', 'adjusted'] as readonly string[],
  async run(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    const spec = parseFetchSpec(req);
    const rows = spec.source === 'polygon' ? await polygonBars(spec) : await yahooBars(spec);
    return { bars: rows.map((r) => ({ t: r.t, o: r.o, h: r.h, l: r.l, c: r.c, v: r.v })) };
  },
};
