/**
 * A fake Polygon REST and WebSocket server (Hono + ws) for tests and offline development, speaking the wire format described in
 * docs/proxy.md: both auth forms, a per-key sliding-window limiter, plan window and end-of-day rules, seeded
 * aggregates with Polygon's envelope and pagination, grouped daily, tickers and ticker details, plus fault
 * injection (status codes, delays, dropped connections) and a log of every hit.
 */
import { Hono, type Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { DAY, nyDay, nyWallUtc, parseIsoDate, parseRangeBound } from '../time';
import { paginate } from './aggs';
import { BarGenerator, TICKERS, isTradingDay, unadjust, type BaseBar, type Split, type TickerRef } from './data';
import { createFakeSocket, type FakeSocket } from './socket';

/** Behaviour switches of the fake; every field optional. */
export interface FakePolygonOptions {
  /** Accepted API keys; default ["test"]. */
  keys?: string[];
  /** Data seed; default 42. */
  seed?: number;
  /** Clock for plan window, end-of-day rule and "today" (epoch ms); default Date.now. */
  now?: () => number;
  /** Per-key sliding-window limit; default 5 per 60 000 ms (free plan); null = unlimited (paid plans). */
  rateLimit?: { limit: number; windowMs: number } | null;
  /** Send `Retry-After` with 429s (Polygon does not guarantee it); default false. */
  retryAfter?: boolean;
  /** Plan: end-of-day (free), 15-minute delayed (status "DELAYED") or real-time; default "eod". */
  plan?: 'eod' | 'delayed' | 'realtime';
  /** History the plan may read, in years before now; default 2; null = unlimited. */
  historyYears?: number | null;
  /** Splits applied by adjusted=true; default AAPL 4:1 on 2020-08-31. */
  splits?: Split[];
}

/** One request that reached the fake (admin routes excluded); `at` is wall-clock epoch ms. */
export interface FakeHit {
  at: number;
  method: string;
  /** Full request URL as received (path and query). */
  url: string;
  path: string;
  auth: 'bearer' | 'query' | 'none';
  /** All request headers, lower-cased. */
  headers: Record<string, string>;
}

/** A fault for the next `times` (default 1) requests whose path contains `match` (default: all). */
export interface Fault {
  status?: number;
  delayMs?: number;
  drop?: boolean;
  times?: number;
  match?: string;
}

/** A running fake's handle: the Hono app, its WebSocket feed, its hit log and fault controls. */
export interface FakePolygon {
  app: Hono<{ Bindings: HttpBindings }>;
  /** The WebSocket feed; call `socket.attach(server)` on the Node server that serves `app`. */
  socket: FakeSocket;
  hits: FakeHit[];
  inject(fault: Fault): void;
  reset(): void;
}

const RATE_MSG = "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing";
const PLAN_MSG = "Your plan doesn't include this data timeframe. Please upgrade your plan at https://polygon.io/pricing";
const TIMESPANS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

/** A random 32-hex-digit request id, like Polygon's. */
function requestId(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const b64url = (s: string): string => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64url = (s: string): string => atob(s.replace(/-/g, '+').replace(/_/g, '/'));

/** Creates a fake Polygon server; serve `app.fetch` with @hono/node-server. */
export function createFakePolygon(opts: FakePolygonOptions = {}): FakePolygon {
  const keys = new Set(opts.keys ?? ['test']);
  const now = opts.now ?? (() => Date.now());
  const rate = opts.rateLimit === undefined ? { limit: 5, windowMs: 60_000 } : opts.rateLimit;
  const plan = opts.plan ?? 'eod';
  const historyYears = opts.historyYears === undefined ? 2 : opts.historyYears;
  const gen = new BarGenerator(opts.seed ?? 42, opts.splits ?? [{ ticker: 'AAPL', date: '2020-08-31', ratio: 4 }]);
  const hits: FakeHit[] = [];
  let faults: (Fault & { left: number })[] = [];
  const perKey = new Map<string, number[]>();
  const app = new Hono<{ Bindings: HttpBindings }>();

  const err = (c: Context, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response =>
    new Response(JSON.stringify({ ...body, request_id: requestId() }), { status, headers: { 'content-type': 'application/json', ...headers } });
  const bad = (c: Context, message: string): Response => err(c, 400, { status: 'ERROR', error: message });
  const ok = (body: Record<string, unknown>): Response =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  const status = (): string => (plan === 'delayed' ? 'DELAYED' : 'OK');

  // Admin routes (test hooks): not logged as hits, no auth.
  app.post('/__fake/inject', async (c) => {
    const f = (await c.req.json()) as Fault;
    faults.push({ ...f, left: f.times ?? 1 });
    return c.json({ ok: true });
  });
  app.get('/__fake/hits', (c) => c.json(hits));
  app.post('/__fake/reset', (c) => {
    reset();
    return c.json({ ok: true });
  });

  // Hit log, fault injection, auth and rate limit, in that order.
  app.use('*', async (c, next) => {
    const u = new URL(c.req.url);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => (headers[k] = v));
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const qkey = u.searchParams.get('apiKey') ?? undefined;
    hits.push({ at: Date.now(), method: c.req.method, url: u.pathname + u.search, path: u.pathname, auth: bearer ? 'bearer' : qkey ? 'query' : 'none', headers });
    const f = faults.find((x) => x.left > 0 && (x.match === undefined || u.pathname.includes(x.match)));
    if (f) {
      f.left -= 1;
      if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
      if (f.drop) {
        c.env?.incoming?.socket?.destroy();
        return new Response(null, { status: 500 });
      }
      if (f.status) return err(c, f.status, { status: 'ERROR', error: `injected HTTP ${f.status}` });
    }
    const key = bearer ?? qkey;
    if (!key) return err(c, 401, { status: 'ERROR', error: 'API Key was not provided' });
    if (!keys.has(key)) return err(c, 401, { status: 'ERROR', error: 'Unknown API Key' });
    if (rate) {
      const t = Date.now();
      const log = (perKey.get(key) ?? []).filter((x) => x > t - rate.windowMs);
      if (log.length >= rate.limit) {
        perKey.set(key, log);
        const extra: Record<string, string> = opts.retryAfter ? { 'retry-after': String(Math.ceil((log[0] + rate.windowMs - t) / 1000)) } : {};
        return err(c, 429, { status: 'ERROR', error: RATE_MSG }, extra);
      }
      log.push(t);
      perKey.set(key, log);
    }
    await next();
  });

  /** Newest instant whose data the plan may see (end-of-day: nothing from today before 16:00 New York). */
  function cutoff(): number {
    const t = now();
    if (plan === 'delayed') return t - 15 * 60_000;
    if (plan === 'eod' && t < nyWallUtc(nyDay(t), 16, 0)) return nyWallUtc(nyDay(t), 0, 0);
    return t;
  }
  const tooOld = (fromMs: number): boolean => historyYears !== null && fromMs < now() - historyYears * 365.25 * DAY;
  const known = (t: string): TickerRef | undefined => TICKERS.find((x) => x.ticker === t);

  /** Base bars of `ticker` (minute or day) in [from, to] in reading order, stopping once more than `limit` are read. */
  function readBase(ticker: string, minute: boolean, from: number, to: number, sort: 'asc' | 'desc', limit: number, adjusted: boolean): BaseBar[] {
    const out: BaseBar[] = [];
    const until = Math.min(to, cutoff());
    if (!known(ticker) || until < from) return out;
    const first = nyDay(from), last = nyDay(until);
    const step = sort === 'asc' ? DAY : -DAY;
    for (let d = sort === 'asc' ? first : last; sort === 'asc' ? d <= last : d >= first; d += step) {
      if (!isTradingDay(d)) continue;
      const closeAt = nyWallUtc(d, 16, 0);
      let bars = minute ? gen.minuteBars(ticker, d) : closeAt <= cutoff() ? [gen.dayBar(ticker, d)] : [];
      bars = bars.filter((b) => b.t >= from && b.t <= to && (!minute || b.t + 60_000 <= cutoff()));
      const f = adjusted ? 1 : gen.splitFactor(ticker, d);
      if (sort === 'desc') bars.reverse();
      for (const b of bars) out.push(unadjust(b, f));
      if (out.length > limit) break;
    }
    return sort === 'desc' ? out.reverse() : out;
  }

  app.get('/v2/aggs/ticker/:ticker/range/:multiplier/:timespan/:from/:to', (c) => {
    const { ticker, multiplier, timespan, from, to } = c.req.param();
    const q = new URL(c.req.url).searchParams;
    let params = q;
    const cursor = q.get('cursor');
    if (cursor !== null) {
      try {
        params = new URLSearchParams(unb64url(cursor));
      } catch {
        return bad(c, 'Invalid cursor');
      }
    }
    if (!/^\d+$/.test(multiplier) || Number(multiplier) < 1) return bad(c, 'multiplier must be an integer >= 1');
    if (!TIMESPANS.includes(timespan)) return bad(c, `Invalid timespan: ${timespan}`);
    const fromMs = parseRangeBound(from, 'from'), toMs = parseRangeBound(to, 'to');
    if (fromMs === null || toMs === null) return bad(c, 'Could not parse the time parameter');
    const adjusted = (params.get('adjusted') ?? 'true') !== 'false';
    const sort = params.get('sort') === 'desc' ? 'desc' : 'asc';
    const limit = Math.min(50_000, Math.max(1, Number(params.get('limit') ?? 5000) || 5000));
    const anchor = Number(params.get('anchor') ?? nyDay(fromMs));
    if (tooOld(fromMs) && cursor === null) return err(c, 403, { status: 'NOT_AUTHORIZED', message: PLAN_MSG });
    const minute = timespan === 'second' || timespan === 'minute' || timespan === 'hour';
    // The fake generates no second bars: a second-timespan request answers an empty range.
    const base = timespan === 'second' ? [] : readBase(ticker, minute, fromMs, toMs, sort, limit, adjusted);
    const page = paginate(base, Number(multiplier), timespan, anchor, sort, limit);
    const body: Record<string, unknown> = { ticker, queryCount: page.baseRead, resultsCount: page.results.length, adjusted };
    if (page.results.length > 0) body.results = page.results;
    Object.assign(body, { status: status(), request_id: requestId(), count: page.results.length });
    if (page.nextBaseT !== null) {
      const nf = sort === 'asc' ? String(page.nextBaseT) : from;
      const nt = sort === 'asc' ? to : String(page.nextBaseT);
      const cur = b64url(`adjusted=${adjusted}&anchor=${anchor}&limit=${limit}&sort=${sort}`);
      body.next_url = `${new URL(c.req.url).origin}/v2/aggs/ticker/${ticker}/range/${multiplier}/${timespan}/${nf}/${nt}?cursor=${cur}`;
    }
    return ok(body);
  });

  app.get('/v2/aggs/grouped/locale/us/market/stocks/:date', (c) => {
    const date = c.req.param('date');
    const day = parseIsoDate(date);
    if (day === null) return bad(c, 'Could not parse the date parameter');
    const q = new URL(c.req.url).searchParams;
    const adjusted = q.get('adjusted') !== 'false';
    const otc = q.get('include_otc') === 'true';
    if (tooOld(nyWallUtc(day, 0, 0))) return err(c, 403, { status: 'NOT_AUTHORIZED', message: PLAN_MSG });
    if (plan === 'eod' && day === nyDay(now()) && now() < nyWallUtc(day, 16, 0)) {
      return err(c, 403, { status: 'NOT_AUTHORIZED', message: "Attempted to request today's data before end of day. Please upgrade your plan at https://polygon.io/pricing" });
    }
    const results: Record<string, unknown>[] = [];
    if (isTradingDay(day) && nyWallUtc(day, 16, 0) <= now()) {
      for (const t of TICKERS) {
        if (!t.active || !(t.market === 'stocks' || (otc && t.market === 'otc'))) continue;
        const b = unadjust(gen.dayBar(t.ticker, day), adjusted ? 1 : gen.splitFactor(t.ticker, day));
        results.push({ T: t.ticker, v: b.v, vw: Math.round(((b.h + b.l + b.c) / 3) * 10_000) / 10_000, o: b.o, c: b.c, h: b.h, l: b.l, t: b.t, n: b.n });
      }
    }
    const body: Record<string, unknown> = { queryCount: results.length, resultsCount: results.length, adjusted };
    if (results.length > 0) body.results = results;
    return ok({ ...body, status: status(), request_id: requestId(), count: results.length });
  });

  app.get('/v3/reference/tickers', (c) => {
    const q0 = new URL(c.req.url).searchParams;
    let q = q0;
    let offset = 0;
    const cursor = q0.get('cursor');
    if (cursor !== null) {
      try {
        q = new URLSearchParams(unb64url(cursor));
        offset = Number(q.get('offset') ?? 0);
      } catch {
        return bad(c, 'Invalid cursor');
      }
    }
    const limit = Math.min(1000, Math.max(1, Number(q.get('limit') ?? 100) || 100));
    const active = q.get('active') !== 'false';
    const search = q.get('search')?.toLowerCase();
    const sortKey = (q.get('sort') ?? 'ticker') as keyof TickerRef;
    const dir = q.get('order') === 'desc' ? -1 : 1;
    const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const rows = TICKERS.filter((t) =>
      t.active === active &&
      (!q.get('ticker') || t.ticker === q.get('ticker')) &&
      (!q.get('ticker.gt') || t.ticker > q.get('ticker.gt')!) && (!q.get('ticker.gte') || t.ticker >= q.get('ticker.gte')!) &&
      (!q.get('ticker.lt') || t.ticker < q.get('ticker.lt')!) && (!q.get('ticker.lte') || t.ticker <= q.get('ticker.lte')!) &&
      (!q.get('type') || t.type === q.get('type')) && (!q.get('market') || t.market === q.get('market')) &&
      (!q.get('exchange') || t.primary_exchange === q.get('exchange')) &&
      (!search || t.ticker.toLowerCase().includes(search) || t.name.toLowerCase().includes(search)),
    ).sort((a, b) => dir * cmp(String(a[sortKey] ?? ''), String(b[sortKey] ?? '')) || cmp(a.ticker, b.ticker));
    const page = rows.slice(offset, offset + limit);
    const body: Record<string, unknown> = { results: page, status: 'OK', request_id: requestId(), count: page.length };
    if (offset + limit < rows.length) {
      const next = new URLSearchParams(q);
      next.delete('cursor');
      next.set('offset', String(offset + limit));
      next.set('limit', String(limit));
      body.next_url = `${new URL(c.req.url).origin}/v3/reference/tickers?cursor=${b64url(next.toString())}`;
    }
    return ok(body);
  });

  app.get('/v3/reference/tickers/:ticker', (c) => {
    const t = known(c.req.param('ticker'));
    if (!t) return err(c, 404, { status: 'NOT_FOUND', message: 'Ticker not found.' });
    return ok({ results: t, status: 'OK', request_id: requestId() });
  });

  app.notFound((c) => err(c, 404, { status: 'NOT_FOUND', message: 'Data not found.' }));

  function reset(): void {
    hits.length = 0;
    faults = [];
    perKey.clear();
  }
  const socket = createFakeSocket(keys, plan, gen, TICKERS.filter((t) => t.market === 'stocks' && t.active).map((t) => t.ticker));
  return {
    app,
    socket,
    hits,
    inject: (f) => faults.push({ ...f, left: f.times ?? 1 }),
    reset,
  };
}
