/**
 * The key-holding edge proxy as a Hono app: allow-listed Polygon routes, CORS for configured origins, a global
 * upstream budget, a per-client limit, coalescing, caching and retries. Uses only web-standard APIs, so the
 * same app runs under `@hono/node-server` (proxy/node.ts) and on Cloudflare Workers (proxy/worker.ts).
 */
import { Hono, type Context } from 'hono';
import { ResponseCache, ttlFor } from './cache';
import { streamHandler } from './sse';
import { StreamHub, type PollResult, type WsFactory } from './stream';
import { isoDate, nyDay } from './time';
import { registerYahoo, YAHOO_PREFIX } from './yahoo';
import { readConfig, type ProxyConfig, type ProxyEnv } from './config';
import { ClientLimiter, UpstreamBudget, realClock, type Clock } from './limits';
import { UpstreamClient, type Provenance, type UpstreamResult } from './upstream';
import { BadRequest, checkAggsPath, checkDate, checkTicker, cleanQuery, type RouteName } from './validate';

/** Injectable collaborators and tuning knobs (all optional; defaults suit production). Times in ms. */
export interface ProxyDeps {
  /** Upstream fetch; default the global fetch. */
  fetch?: typeof fetch;
  /** Clock for budgets, caches and backoff; default the real one. */
  clock?: Clock;
  /** Receives one line per request; default console.log. Lines never contain the key. */
  log?: (line: string) => void;
  /** Identifies the client for the per-client limit; default `cf-connecting-ip`, else "anonymous". */
  clientId?: (c: Context) => string;
  /** Length of the upstream budget window; default 60 000 (the plan's "per minute"). */
  budgetWindowMs?: number;
  /** Slack added to each budget window against clock skew and network jitter; default 1 000. */
  budgetMarginMs?: number;
  /** Length of the per-client window; default 60 000. */
  clientWindowMs?: number;
  /** Total retry time for upstream 429/5xx; default 10 000. */
  retryMaxMs?: number;
  /** First retry backoff (doubles each time); default 500. */
  retryBaseMs?: number;
  /**
   * Opens the upstream Polygon WebSocket for `/api/stream`; default none, and the stream answers 501 (Workers:
   * see {@link STREAM_UNAVAILABLE}). proxy/node.ts passes the `ws` package's client.
   */
  webSocket?: WsFactory;
  /** Interval of the SSE `: ping` heartbeat; default 15 000. */
  heartbeatMs?: number;
  /** First upstream WebSocket reconnect delay (doubles, capped at 30 s); default 1 000. */
  reconnectBaseMs?: number;
  /** How long the upstream socket stays open after the last stream client left; default 10 000. */
  idleCloseMs?: number;
}

/** The 501 message of `/api/stream` on a runtime without a WebSocket factory (Cloudflare Workers). */
export const STREAM_UNAVAILABLE =
  'the live stream is not available on this runtime: it needs ONE long-lived upstream WebSocket shared by all clients, ' +
  'and a Workers isolate cannot hold one across requests (several isolates would each open their own, which Polygon ' +
  'refuses with max_connections); run the Node proxy (npm run proxy) for /api/stream';

/** The prefix of every forwarded route. */
export const API_PREFIX = '/api/polygon';

const json = (c: Context, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

/** Replaces every occurrence of the key in `text`; used on log lines, errors and (for keys of 8+ chars) bodies. */
function redactor(key: string): (text: string) => string {
  if (key === '') return (t) => t;
  return (t) => t.split(key).join('[redacted]');
}

/** Creates the proxy app from environment bindings; throws an Error naming a malformed variable. */
export function createProxyApp(env: ProxyEnv, deps: ProxyDeps = {}): Hono {
  const cfg: ProxyConfig = readConfig(env);
  const clock = deps.clock ?? realClock;
  const log = deps.log ?? ((line: string) => console.log(line));
  const redact = redactor(cfg.apiKey);
  const clientId = deps.clientId ?? ((c: Context) => c.req.header('cf-connecting-ip') ?? 'anonymous');
  const budget = new UpstreamBudget(cfg.budgetPerWindow, deps.budgetWindowMs ?? 60_000, deps.budgetMarginMs ?? 1_000, cfg.maxQueueWaitMs);
  const clients = new ClientLimiter(cfg.clientRatePerMin, deps.clientWindowMs ?? 60_000);
  const upstream = new UpstreamClient({
    baseUrl: cfg.baseUrl,
    apiKey: cfg.apiKey,
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    clock,
    budget,
    cache: new ResponseCache(cfg.cacheMaxBytes),
    timeoutMs: cfg.upstreamTimeoutMs,
    retryMaxMs: deps.retryMaxMs ?? 10_000,
    retryBaseMs: deps.retryBaseMs ?? 500,
  });
  const basePath = new URL(cfg.baseUrl).pathname.replace(/\/+$/, '');
  const app = new Hono();
  const hub = deps.webSocket
    ? new StreamHub({
        wsUrl: cfg.wsUrl,
        apiKey: cfg.apiKey,
        connect: deps.webSocket,
        clock,
        log: (l) => log(redact(l)),
        poll: pollMinutes,
        pollMs: cfg.streamPollMs,
        budgetPerMin: cfg.budgetPerWindow,
        reconnectBaseMs: deps.reconnectBaseMs,
        idleCloseMs: deps.idleCloseMs,
      })
    : null;

  /** Today's (New York) one-minute bars of `symbol` through the budgeted, coalesced upstream client. */
  async function pollMinutes(symbol: string): Promise<PollResult> {
    const day = isoDate(nyDay(clock.now()));
    const { result } = await upstream.get(`/v2/aggs/ticker/${symbol}/range/1/minute/${day}/${day}?adjusted=true&limit=50000&sort=asc`, Math.floor(cfg.streamPollMs / 2));
    if (result.kind !== 'response') return { ok: false, message: result.kind };
    if (result.res.status !== 200) return { ok: false, message: redact(`HTTP ${result.res.status}: ${upstreamMessage(result.res.body) ?? ''}`) };
    try {
      const body = JSON.parse(result.res.body) as { results?: unknown };
      return { ok: true, results: Array.isArray(body.results) ? (body.results as Extract<PollResult, { ok: true }>['results']) : [] };
    } catch {
      return { ok: false, message: 'upstream answered malformed JSON' };
    }
  }

  // Access log: method, path with any client apiKey removed, status, duration, cache provenance.
  app.use('*', async (c, next) => {
    const t0 = clock.now();
    await next();
    const u = new URL(c.req.url);
    u.searchParams.delete('apiKey');
    u.searchParams.delete('apikey');
    const via = c.res.headers.get('x-proxy-cache') ?? '-';
    log(redact(`${c.req.method} ${u.pathname}${u.search} ${c.res.status} ${clock.now() - t0}ms ${via}`));
  });

  // Only GET (and CORS preflight OPTIONS); never a body.
  app.use('*', async (c, next) => {
    const m = c.req.method;
    if (m !== 'GET' && m !== 'OPTIONS') {
      return json(c, 405, { error: `method ${m} is not allowed; the proxy is read-only (GET)` }, { allow: 'GET, OPTIONS' });
    }
    const len = c.req.header('content-length');
    if ((len !== undefined && len.trim() !== '0') || c.req.header('transfer-encoding') !== undefined) {
      return json(c, 400, { error: 'request body not accepted: send parameters in the URL' });
    }
    await next();
  });

  // CORS: configured origins only (exact match); requests without Origin (curl, server-side) are served.
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) {
      if (c.req.method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow: 'GET, OPTIONS' } });
      return next();
    }
    if (!cfg.allowedOrigins.includes(origin)) {
      return json(c, 403, { error: `origin ${origin.slice(0, 200)} is not allowed (ALLOWED_ORIGINS)` }, { vary: 'Origin' });
    }
    const cors = { 'access-control-allow-origin': origin, vary: 'Origin' };
    if (c.req.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: { ...cors, 'access-control-allow-methods': 'GET, OPTIONS', 'access-control-allow-headers': 'Accept, Content-Type', 'access-control-max-age': '600' },
      });
    }
    await next();
    c.res.headers.set('access-control-allow-origin', origin);
    c.res.headers.append('vary', 'Origin');
    c.res.headers.set('access-control-expose-headers', 'Retry-After, X-Proxy-Cache');
  });

  app.get('/api/health', (c) =>
    json(c, 200, {
      ok: true,
      keyConfigured: cfg.apiKey !== '',
      budgetPerMin: cfg.budgetPerWindow,
      yahooBudgetPerMin: cfg.yahooBudgetPerWindow,
      stream: hub ? { available: true, ...hub.stats(), symbols: hub.stats().symbols.length } : { available: false },
    }));

  // Per-client limit for every data route (and each stream connection); key check for Polygon's.
  const perClient = async (c: Context, next: () => Promise<void>): Promise<Response | void> => {
    const wait = clients.hit(clientId(c), clock.now());
    if (wait > 0) {
      return json(c, 429, { error: `client rate limit of ${cfg.clientRatePerMin} requests/min exceeded` }, { 'retry-after': String(Math.ceil(wait / 1000)) });
    }
    await next();
  };
  app.use(`${API_PREFIX}/*`, perClient);
  app.use(`${YAHOO_PREFIX}/*`, perClient);
  app.use('/api/stream', perClient);
  app.use(`${API_PREFIX}/*`, async (c, next) => {
    if (cfg.apiKey === '') return json(c, 503, { error: 'proxy has no POLYGON_API_KEY configured' });
    await next();
  });

  /** Validates, forwards and answers one data request. */
  async function forward(c: Context, route: Exclude<RouteName, 'yahoo'>, upstreamPath: string, end: string | null): Promise<Response> {
    let query: URLSearchParams;
    try {
      query = cleanQuery(route, new URL(c.req.url).searchParams);
    } catch (e) {
      if (e instanceof BadRequest) return json(c, 400, { error: e.message });
      throw e;
    }
    const qs = query.toString();
    const key = upstreamPath + (qs ? `?${qs}` : '');
    const { result, via } = await upstream.get(key, ttlFor(route, end, query, clock.now()));
    return answer(c, result, via);
  }

  function answer(c: Context, r: UpstreamResult, via: Provenance): Response {
    const h = { 'x-proxy-cache': via };
    switch (r.kind) {
      case 'budget': {
        const s = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
        return json(c, 429, { error: `upstream budget of ${cfg.budgetPerWindow} requests/min is used up; retry after ${s} s` }, { ...h, 'retry-after': String(s) });
      }
      case 'timeout':
        return json(c, 504, { error: `upstream did not answer within ${r.timeoutMs} ms` }, h);
      case 'unreachable':
        return json(c, 502, { error: redact(`upstream unreachable after ${r.attempts} attempt(s): ${r.message}`) }, h);
    }
    const { status, body } = r.res;
    if (status === 200) return new Response(rewriteBody(body, cfg.publicUrl ?? new URL(c.req.url).origin), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...h } });
    if (status === 401) return json(c, 502, { error: "upstream rejected the proxy's API key (HTTP 401); check POLYGON_API_KEY" }, h);
    if (status === 429) return json(c, 429, { error: `upstream rate limit (HTTP 429) persisted after ${r.attempts} attempt(s)` }, { ...h, 'retry-after': '60' });
    if (status >= 500) return json(c, 502, { error: `upstream failed with HTTP ${status} after ${r.attempts} attempt(s)` }, h);
    // 400/403/404…: pass Polygon's status and message through, but nothing else from the body.
    return json(c, status, { status: upstreamField(body, 'status') ?? 'ERROR', error: redact(upstreamMessage(body) ?? `upstream answered HTTP ${status}`) }, h);
  }

  /** Rewrites `next_url` to this proxy's origin (keeping path and cursor, dropping any apiKey) and scrubs the key. */
  function rewriteBody(body: string, proxyOrigin: string): string {
    const scrubbed = cfg.apiKey.length >= 8 ? redact(body) : body;
    if (!scrubbed.includes('"next_url"')) return scrubbed;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(scrubbed) as Record<string, unknown>;
    } catch {
      return scrubbed;
    }
    if (typeof obj.next_url === 'string') {
      const next = proxyUrl(obj.next_url, proxyOrigin);
      if (next === null) delete obj.next_url;
      else obj.next_url = next;
    }
    return JSON.stringify(obj);
  }

  function proxyUrl(nextUrl: string, proxyOrigin: string): string | null {
    let u: URL;
    try {
      u = new URL(nextUrl, cfg.baseUrl);
    } catch {
      return null;
    }
    if (!u.pathname.startsWith(`${basePath}/`)) return null;
    u.searchParams.delete('apiKey');
    u.searchParams.delete('apikey');
    return `${proxyOrigin}${API_PREFIX}${u.pathname.slice(basePath.length)}${u.search}`;
  }

  function checked(c: Context, check: () => void, go: () => Promise<Response>): Promise<Response> | Response {
    try {
      check();
    } catch (e) {
      if (e instanceof BadRequest) return json(c, 400, { error: e.message });
      throw e;
    }
    return go();
  }

  app.get(`${API_PREFIX}/v2/aggs/ticker/:ticker/range/:multiplier/:timespan/:from/:to`, (c) => {
    const p = { ticker: c.req.param('ticker'), multiplier: c.req.param('multiplier'), timespan: c.req.param('timespan'), from: c.req.param('from'), to: c.req.param('to') };
    return checked(c, () => checkAggsPath(p), () =>
      forward(c, 'aggs', `/v2/aggs/ticker/${p.ticker}/range/${p.multiplier}/${p.timespan}/${p.from}/${p.to}`, p.to));
  });
  app.get(`${API_PREFIX}/v2/aggs/grouped/locale/us/market/stocks/:date`, (c) => {
    const date = c.req.param('date');
    return checked(c, () => checkDate(date, 'date'), () => forward(c, 'grouped', `/v2/aggs/grouped/locale/us/market/stocks/${date}`, date));
  });
  app.get(`${API_PREFIX}/v3/reference/tickers`, (c) => forward(c, 'tickers', '/v3/reference/tickers', null));
  app.get(`${API_PREFIX}/v3/reference/tickers/:ticker`, (c) => {
    const t = c.req.param('ticker');
    return checked(c, () => checkTicker(t), () => forward(c, 'details', `/v3/reference/tickers/${t}`, null));
  });

  registerYahoo(app, {
    baseUrl: cfg.yahooBaseUrl,
    budgetPerWindow: cfg.yahooBudgetPerWindow,
    budgetWindowMs: deps.budgetWindowMs ?? 60_000,
    budgetMarginMs: deps.budgetMarginMs ?? 1_000,
    maxQueueWaitMs: cfg.maxQueueWaitMs,
    cacheMaxBytes: cfg.cacheMaxBytes,
    timeoutMs: cfg.upstreamTimeoutMs,
    retryMaxMs: deps.retryMaxMs ?? 10_000,
    retryBaseMs: deps.retryBaseMs ?? 500,
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    clock,
  });
  app.get(
    '/api/stream',
    streamHandler({ hub, unavailable: STREAM_UNAVAILABLE, keyConfigured: cfg.apiKey !== '', maxClients: cfg.streamMaxClients, heartbeatMs: deps.heartbeatMs ?? 15_000 }),
  );

  app.notFound((c) => json(c, 404, { error: `no such route: ${new URL(c.req.url).pathname.slice(0, 200)}` }));
  app.onError((err, c) => json(c, 500, { error: redact(`proxy error: ${err instanceof Error ? err.message : String(err)}`) }));
  return app;
}

function upstreamField(body: string, field: string): string | undefined {
  try {
    const v = (JSON.parse(body) as Record<string, unknown>)[field];
    return typeof v === 'string' ? v.slice(0, 500) : undefined;
  } catch {
    return undefined;
  }
}

/** Polygon error text: `error ?? message` (it uses both, see fake-polygon.md "Errors"). */
function upstreamMessage(body: string): string | undefined {
  return upstreamField(body, 'error') ?? upstreamField(body, 'message');
}
