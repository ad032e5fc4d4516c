/** Proxy configuration read from environment bindings (process.env on Node, `[vars]`/secrets on Workers). */

/** The environment variables the proxy reads; every field is optional and validated by {@link readConfig}. */
export interface ProxyEnv {
  POLYGON_API_KEY?: string;
  POLYGON_BASE_URL?: string;
  PROXY_PORT?: string;
  ALLOWED_ORIGINS?: string;
  UPSTREAM_BUDGET_PER_MIN?: string;
  CLIENT_RATE_PER_MIN?: string;
  MAX_QUEUE_WAIT_MS?: string;
  UPSTREAM_TIMEOUT_MS?: string;
  CACHE_MAX_BYTES?: string;
  PROXY_PUBLIC_URL?: string;
  YAHOO_BASE_URL?: string;
  YAHOO_BUDGET_PER_MIN?: string;
  POLYGON_WS_URL?: string;
  STREAM_POLL_MS?: string;
  STREAM_MAX_CLIENTS?: string;
}

/** Parsed, validated proxy settings (times in ms, sizes in bytes). */
export interface ProxyConfig {
  /** Polygon key; empty means "not configured" and every data route answers 503. */
  apiKey: string;
  /** Upstream origin (and optional path prefix) without trailing slash; default https://api.polygon.io. */
  baseUrl: string;
  /** Listening port of the Node entry; default 8787. */
  port: number;
  /** Exact-match browser origins allowed by CORS. */
  allowedOrigins: string[];
  /** Upstream requests allowed per budget window (the plan's limit); default 5. */
  budgetPerWindow: number;
  /** Requests one client may make per minute (cache hits included); default 120. */
  clientRatePerMin: number;
  /** Longest a request may wait in the upstream queue before it gets 429; default 30 000 ms. */
  maxQueueWaitMs: number;
  /** Time limit of one upstream call; default 15 000 ms. */
  upstreamTimeoutMs: number;
  /** Size bound of the response cache; default 32 MiB. */
  cacheMaxBytes: number;
  /** Origin that rewritten `next_url`s point at (e.g. behind a TLS terminator); null = the request's own origin. */
  publicUrl: string | null;
  /** Yahoo Finance chart origin (the keyless backup); default https://query2.finance.yahoo.com. */
  yahooBaseUrl: string;
  /** Upstream calls to Yahoo allowed per minute (its own budget; no documented limit, so low); default 20. */
  yahooBudgetPerWindow: number;
  /** Polygon WebSocket cluster URL the stream relay connects to (see {@link defaultWsUrl}). */
  wsUrl: string;
  /** Shortest interval between polls of one symbol when the plan has no WebSocket; default 60 000 ms. */
  streamPollMs: number;
  /** Most SSE clients the stream relay serves at once; default 1000. */
  streamMaxClients: number;
}

/** Parses an http(s) base URL (no query, fragment or credentials) and returns it without a trailing slash. */
function parseBaseUrl(raw: string | undefined, name: string, fallback: string, protocols: string[]): string {
  const text = (raw ?? '').trim() || fallback;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new Error(`${name} is not a URL: "${text}"`);
  }
  if (!protocols.includes(u.protocol)) throw new Error(`${name} must be ${protocols.map((p) => p.slice(0, -1)).join('/')}, got "${text}"`);
  if (u.search || u.hash || u.username || u.password) throw new Error(`${name} must not carry a query, fragment or credentials`);
  return u.origin + u.pathname.replace(/\/+$/, '');
}

/**
 * Default Polygon WebSocket URL for an upstream REST base: the 15-minute-delayed stocks cluster
 * (`wss://delayed.polygon.io/stocks`, the cheapest plan that has WebSocket access) for Polygon's and Massive's
 * public hosts; for any other base (a local fake) the same host with `ws(s)://` and `/stocks` appended.
 */
export function defaultWsUrl(restBase: string): string {
  const u = new URL(restBase);
  if (/(^|\.)(polygon\.io|massive\.com)$/.test(u.hostname)) return 'wss://delayed.polygon.io/stocks';
  return `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}${u.pathname.replace(/\/+$/, '')}/stocks`;
}

function positiveInt(env: ProxyEnv, name: keyof ProxyEnv, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** Reads and validates the proxy settings; throws an Error naming the bad variable. */
export function readConfig(env: ProxyEnv): ProxyConfig {
  const baseRaw = (env.POLYGON_BASE_URL ?? '').trim() || 'https://api.polygon.io';
  let base: URL;
  try {
    base = new URL(baseRaw);
  } catch {
    throw new Error(`POLYGON_BASE_URL is not a URL: "${baseRaw}"`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error(`POLYGON_BASE_URL must be http(s), got "${baseRaw}"`);
  if (base.search || base.hash || base.username || base.password) {
    throw new Error('POLYGON_BASE_URL must not carry a query, fragment or credentials');
  }
  const port = positiveInt(env, 'PROXY_PORT', 8787);
  const publicRaw = (env.PROXY_PUBLIC_URL ?? '').trim();
  let publicUrl: string | null = null;
  if (publicRaw !== '') {
    try {
      publicUrl = new URL(publicRaw).origin;
    } catch {
      throw new Error(`PROXY_PUBLIC_URL is not a URL: "${publicRaw}"`);
    }
  }
  if (port > 65535) throw new Error(`PROXY_PORT must be 1..65535, got ${port}`);
  const restBase = base.origin + base.pathname.replace(/\/+$/, '');
  return {
    apiKey: (env.POLYGON_API_KEY ?? '').trim(),
    baseUrl: restBase,
    port,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    budgetPerWindow: positiveInt(env, 'UPSTREAM_BUDGET_PER_MIN', 5),
    clientRatePerMin: positiveInt(env, 'CLIENT_RATE_PER_MIN', 120),
    maxQueueWaitMs: positiveInt(env, 'MAX_QUEUE_WAIT_MS', 30_000),
    upstreamTimeoutMs: positiveInt(env, 'UPSTREAM_TIMEOUT_MS', 15_000),
    cacheMaxBytes: positiveInt(env, 'CACHE_MAX_BYTES', 32 * 1024 * 1024),
    publicUrl,
    yahooBaseUrl: parseBaseUrl(env.YAHOO_BASE_URL, 'YAHOO_BASE_URL', 'https://query2.finance.yahoo.com', ['https:', 'http:']),
    yahooBudgetPerWindow: positiveInt(env, 'YAHOO_BUDGET_PER_MIN', 20),
    wsUrl: parseBaseUrl(env.POLYGON_WS_URL, 'POLYGON_WS_URL', defaultWsUrl(restBase), ['wss:', 'ws:']),
    streamPollMs: positiveInt(env, 'STREAM_POLL_MS', 60_000),
    streamMaxClients: positiveInt(env, 'STREAM_MAX_CLIENTS', 1000),
  };
}
