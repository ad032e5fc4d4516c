/**
 * Fuzz: 10,000 malformed requests (paths, parameters, headers, methods, encodings; 1,000 of them as raw bytes
 * on a TCP socket) against the proxy as a real server in front of healthy fakes. The proxy must never crash,
 * never answer 5xx itself, and never show the key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WebSocket } from 'ws';
import { createProxyApp } from '../../proxy/app';
import { createFakePolygon } from '../../proxy/fake-polygon/app';
import { mulberry32 } from '../../proxy/fake-polygon/data';
import { createFakeYahoo } from '../../proxy/fake-yahoo/app';
import { KEY } from './proxy-harness';

const rnd = mulberry32(20_240_601);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const servers: { close(): void }[] = [];
let proxyPort = 0;
let crashed: unknown = null;
/** Requests answered 5xx, for the failure message. */
const failures: string[] = [];

function listen(fetchFn: (r: Request) => Response | Promise<Response>, attach?: (s: Server) => void): Promise<number> {
  return new Promise((resolve) => {
    const server = serve({ fetch: fetchFn as never, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port)) as Server;
    attach?.(server);
    servers.push({ close: () => ((server as unknown as { closeAllConnections(): void }).closeAllConnections(), server.close()) });
  });
}

beforeAll(async () => {
  process.on('uncaughtException', (e) => (crashed = e));
  const polygon = createFakePolygon({ keys: [KEY], plan: 'realtime', rateLimit: null, historyYears: null });
  servers.push({ close: () => polygon.socket.close() });
  const pPort = await listen(polygon.app.fetch as never, (s) => polygon.socket.attach(s));
  const yPort = await listen(createFakeYahoo({ now: () => Date.UTC(2021, 3, 1) }).app.fetch as never);
  const app = createProxyApp(
    { POLYGON_API_KEY: KEY, POLYGON_BASE_URL: `http://127.0.0.1:${pPort}`, YAHOO_BASE_URL: `http://127.0.0.1:${yPort}`, ALLOWED_ORIGINS: 'http://localhost:4173', UPSTREAM_BUDGET_PER_MIN: '100000', YAHOO_BUDGET_PER_MIN: '100000', CLIENT_RATE_PER_MIN: '1000000' },
    { log: () => undefined, webSocket: (u) => new WebSocket(u), idleCloseMs: 50 },
  );
  proxyPort = await listen(app.fetch as never);
});
afterAll(() => {
  for (const s of servers) s.close();
});

const SEGMENTS = ['AAPL', 'aapl', 'X:BTCUSD', 'BRK.A', '1', '0', '-1', '99999999999', 'day', 'DAY', 'fortnight', '2020-01-02', '2020-02-30', '2020-13-01',
  '1577941200000', '1e9', 'NaN', '', '.', '..', '%2e%2e', '%2F', '%00', '%zz', '%', '%C0%AF', '%E2%82%AC', '%FF%FE', '~', '%20', 'a'.repeat(300), '%25%32%46', ';', '%3Bx', '*', '^GSPC', '%5EGSPC', 'SAP.DE'];
const PREFIXES = ['/api/polygon/v2/aggs/ticker/{}/range/{}/{}/{}/{}', '/api/polygon/v2/aggs/grouped/locale/us/market/stocks/{}', '/api/polygon/v3/reference/tickers',
  '/api/polygon/v3/reference/tickers/{}', '/api/yahoo/v8/finance/chart/{}', '/api/stream', '/api/health', '/api/{}', '/{}', '/api/polygon/{}/{}', '//api//health', '/api/yahoo/{}'];
const NAMES = ['apiKey', 'apikey', 'limit', 'sort', 'adjusted', 'cursor', 'symbols', 'range', 'interval', 'period1', 'period2', 'events', 'includePrePost', 'market', 'ticker.gt', 'search', 'date', 'x', '', 'a[b]', '__proto__', 'constructor', '%00', 'limit%00'];
const VALUES = ['', 'true', 'false', 'asc', 'desc', '-1', '0', '1', '50001', '1e3', 'NaN', '1y', '7m', '1d', 'AAPL', 'AAPL,MSFT', 'AAPL,,', ',', 'div|split', '%', '%zz', '%00', '%FF', 'a'.repeat(5000), '%E2%82%AC', '1577941200', KEY.slice(0, 5)];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'OPTIONS', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'FOO'];
const ORIGINS = [undefined, 'http://localhost:4173', 'http://evil.test', 'null', '', 'http://localhost:4173/', '\u00e9'];

function fuzzPath(): string {
  let p = pick(PREFIXES).replace(/\{\}/g, () => pick(SEGMENTS));
  const n = Math.floor(rnd() * 4);
  if (n > 0) {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(rnd() < 0.2 ? pick(NAMES) : `${pick(NAMES)}=${pick(VALUES)}`);
    p += `?${parts.join(rnd() < 0.1 ? '&&' : '&')}`;
  } else if (rnd() < 0.1) p += pick(['?', '?&', '?=', '#frag', '?%', '?a=%zz']);
  return p;
}

function send(agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    const origin = pick(ORIGINS);
    if (origin !== undefined && rnd() < 0.5) headers.origin = origin;
    if (rnd() < 0.2) headers.accept = pick(['text/event-stream', '*/*', 'application/json;q=0', '\u00ff'.replace(/./, 'x')]);
    if (rnd() < 0.1) headers['accept-encoding'] = pick(['gzip', 'br', 'identity;q=0', 'x']);
    if (rnd() < 0.1) headers.authorization = pick(['Bearer x', 'Basic Zm9vOmJhcg==', '']);
    if (rnd() < 0.05) headers['x-forwarded-for'] = '1.2.3.4';
    const method = pick(METHODS);
    const body = rnd() < 0.1 ? pick(['{}', 'x'.repeat(10_000), '']) : undefined;
    let path: string;
    try {
      path = fuzzPath();
    } catch (e) {
      return reject(e);
    }
    const req = request({ host: '127.0.0.1', port: proxyPort, path, method, headers, agent }, (res) => {
      const status = res.statusCode ?? 0;
      if ((res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        res.destroy(); // a live stream never ends: take the status and hang up, as a closing tab does
        return resolve(status);
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        if (status >= 500) failures.push(`${method} ${path.slice(0, 200)} → ${status} ${text.slice(0, 200)}`);
        if (text.includes(KEY) || JSON.stringify(res.headers).includes(KEY)) reject(new Error(`key leaked by ${method} ${path}`));
        else resolve(status);
      });
    });
    req.on('error', () => resolve(-1)); // the server may close a connection it could not parse
    if (body !== undefined && method !== 'GET' && method !== 'HEAD') req.end(body);
    else req.end();
  });
}

/** Raw bytes on a socket: what no well-behaved client sends. Resolves with the status (0 if the server just closed). */
function raw(bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const s = connect(proxyPort, '127.0.0.1');
    let got = '';
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(got)?.[1] ?? 0)));
    s.on('error', () => undefined);
    s.setTimeout(2000, () => s.destroy());
    s.end(bytes);
  });
}

function rawRequest(): Buffer {
  const junk = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256)));
  const path = Buffer.concat([Buffer.from(pick(['/api/health', '/api/polygon/v2/aggs/ticker/', '/api/yahoo/v8/finance/chart/', '/api/stream?symbols=', '/'])), junk]);
  const variants = [
    () => Buffer.concat([Buffer.from('GET '), path, Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]),
    () => Buffer.concat([Buffer.from('GET '), path, Buffer.from('\r\n\r\n')]),
    () => Buffer.from(`GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header Line\r\nConnection: close\r\n\r\n`),
    () => Buffer.from(`GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello`),
    () => Buffer.from(`GET /api/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n`),
    () => Buffer.from(`GET /api/health HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n`),
    () => Buffer.concat([Buffer.from('GET /api/health HTTP/1.1\r\nHost: x\r\nX-Junk: '), junk, Buffer.from('\r\nConnection: close\r\n\r\n')]),
    () => Buffer.from(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`),
    () => junk,
  ];
  return pick(variants)();
}

describe('fuzz', () => {
  it('survives 10,000 malformed requests without a crash, a 5xx of its own, or a leaked key', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const statuses = new Map<number, number>();
    const count = (s: number): void => void statuses.set(s, (statuses.get(s) ?? 0) + 1);
    let left = 9000;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (left-- > 0) count(await send(agent));
    }));
    let rawLeft = 1000;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (rawLeft-- > 0) count(await raw(rawRequest()));
    }));
    agent.destroy();
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(10_000);
    const fiveXX = [...statuses].filter(([s]) => s >= 500);
    expect(fiveXX, `${JSON.stringify([...statuses].sort())}\n${failures.slice(0, 10).join('\n')}`).toEqual([]);
    // Mostly clean refusals; some valid requests among the random ones succeed.
    expect((statuses.get(400) ?? 0) + (statuses.get(404) ?? 0)).toBeGreaterThan(3000);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(crashed).toBeNull();
    const health = await fetch(`http://127.0.0.1:${proxyPort}/api/health`);
    expect(health.status).toBe(200);
    const ok = await fetch(`http://127.0.0.1:${proxyPort}/api/polygon/v2/aggs/ticker/AAPL/range/1/day/2020-01-02/2020-01-03`);
    expect(ok.status).toBe(200);
  });
});
