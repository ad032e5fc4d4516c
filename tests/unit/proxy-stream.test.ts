/**
 * The live stream relay as real servers: the fake Polygon (REST + WebSocket) and the proxy on loopback, with
 * browser-like SSE clients: bars arrive with timezone-naive times, the key never shows, clients share one
 * upstream connection, symbols are unsubscribed on disconnect, the hub reconnects, and an end-of-day plan
 * falls back to polling.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WebSocket } from 'ws';
import { createProxyApp, STREAM_UNAVAILABLE, type ProxyDeps } from '../../proxy/app';
import { createFakePolygon, type FakePolygon, type FakePolygonOptions } from '../../proxy/fake-polygon/app';
import { realClock } from '../../proxy/limits';
import { nyWallUtc } from '../../proxy/time';
import { KEY, type Running } from './proxy-harness';
import { openSse, type SseClient } from './proxy-sse-client';

const DAY = Date.UTC(2021, 5, 15); // Tue 2021-06-15, a trading day
const AFTER_CLOSE = Date.UTC(2021, 5, 15, 22); // 18:00 New York
const cleanup: (() => Promise<void> | void)[] = [];
/** The proxy's clock for the end-of-day tests: starts at AFTER_CLOSE and runs at real speed (cache entries expire). */
const movingClock = (): { now(): number; sleep(ms: number): Promise<void> } => {
  const t0 = Date.now();
  return { now: () => AFTER_CLOSE + (Date.now() - t0), sleep: realClock.sleep };
};
const logs: string[] = [];

function serveOn(fetchFn: (r: Request) => Response | Promise<Response>, attach?: (s: Server) => void): Promise<Running> {
  return new Promise((resolve) => {
    const server = serve({ fetch: fetchFn as never, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      const r: Running = {
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => {
          (server as unknown as { closeAllConnections(): void }).closeAllConnections();
          server.close(() => done());
        }),
      };
      cleanup.push(() => r.close());
      resolve(r);
    }) as Server;
    attach?.(server);
  });
}

async function fakeWithSocket(opts: FakePolygonOptions): Promise<Running & { fake: FakePolygon }> {
  const fake = createFakePolygon({ keys: [KEY], rateLimit: null, historyYears: null, ...opts });
  const r = await serveOn(fake.app.fetch as never, (s) => fake.socket.attach(s));
  cleanup.push(() => fake.socket.close());
  return { ...r, fake };
}

async function proxyFor(up: Running, env: Record<string, string> = {}, deps: ProxyDeps = {}): Promise<Running> {
  const app = createProxyApp(
    { POLYGON_API_KEY: KEY, POLYGON_BASE_URL: up.url, UPSTREAM_BUDGET_PER_MIN: '1000', CLIENT_RATE_PER_MIN: '100000', ...env },
    { log: (l) => logs.push(l), webSocket: (u) => new WebSocket(u), heartbeatMs: 100, reconnectBaseMs: 50, idleCloseMs: 150, ...deps },
  );
  return serveOn(app.fetch as never);
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const clients: SseClient[] = [];
async function sse(url: string): Promise<SseClient> {
  const c = await openSse(url);
  clients.push(c);
  return c;
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const f of cleanup.splice(0).reverse()) await f();
});
afterAll(() => {
  for (const l of logs) expect(l).not.toContain(KEY);
});

describe('live stream over WebSocket', () => {
  it('relays minute bars as SSE with naive New York times; status first; heartbeats; the key never appears', async () => {
    const up = await fakeWithSocket({ plan: 'realtime' });
    const p = await proxyFor(up);
    const c = await sse(`${p.url}/api/stream?symbols=AAPL,MSFT`);
    expect(c.status).toBe(200);
    const first = await c.waitFor(() => true);
    expect(first.event).toBe('status');
    await c.waitFor((e) => e.event === 'status' && JSON.parse(e.data).mode === 'websocket');
    await until(() => up.fake.socket.subscribed().join() === 'AAPL,MSFT', 'upstream subscriptions');
    const start = nyWallUtc(DAY, 9, 31);
    expect(up.fake.socket.emitMinute(start)).toBe(1);
    const a = JSON.parse((await c.waitFor((e) => e.event === 'bar' && JSON.parse(e.data).symbol === 'AAPL')).data);
    await c.waitFor((e) => e.event === 'bar' && JSON.parse(e.data).symbol === 'MSFT');
    expect(a.t).toBe(Date.UTC(2021, 5, 15, 9, 31)); // 09:31 New York, read as if UTC
    expect(Object.keys(a).sort()).toEqual(['c', 'h', 'l', 'o', 'symbol', 't', 'v']);
    // The same minute through REST (fake directly): identical prices.
    const rest = await fetch(`${up.url}/v2/aggs/ticker/AAPL/range/1/minute/${start}/${start}`, { headers: { authorization: `Bearer ${KEY}` } });
    const bar = ((await rest.json()) as { results: Record<string, number>[] }).results[0];
    expect([a.o, a.h, a.l, a.c, a.v]).toEqual([bar.o, bar.h, bar.l, bar.c, bar.v]);
    await until(() => c.pings() >= 2, 'two heartbeats');
    expect(c.raw()).not.toContain(KEY);
    expect(c.raw()).toMatch(/^retry: \d+\n\n/);
  });

  it('shares ONE upstream connection among many clients and unsubscribes what no client wants', async () => {
    const up = await fakeWithSocket({ plan: 'delayed' });
    const p = await proxyFor(up);
    const many = await Promise.all(Array.from({ length: 30 }, (_, i) => sse(`${p.url}/api/stream?symbols=${['AAPL', 'MSFT', 'SPY'][i % 3]}`)));
    await Promise.all(many.map((c) => c.waitFor((e) => e.event === 'status' && JSON.parse(e.data).mode === 'websocket')));
    await until(() => up.fake.socket.subscribed().join() === 'AAPL,MSFT,SPY', 'union subscribed');
    expect(up.fake.socket.connectionsOpened).toBe(1);
    up.fake.socket.emitMinute(nyWallUtc(DAY, 10, 0));
    await Promise.all(many.map((c, i) => c.waitFor((e) => e.event === 'bar' && JSON.parse(e.data).symbol === ['AAPL', 'MSFT', 'SPY'][i % 3])));
    for (const c of many) expect(c.events.filter((e) => e.event === 'bar')).toHaveLength(1); // only its own symbol
    // Every MSFT client leaves: MSFT is unsubscribed upstream, the others stay.
    many.filter((_, i) => i % 3 === 1).forEach((c) => c.close());
    await until(() => up.fake.socket.subscribed().join() === 'AAPL,SPY', 'MSFT unsubscribed');
    const health = (await (await fetch(`${p.url}/api/health`)).json()) as { stream: Record<string, unknown> };
    expect(health.stream).toMatchObject({ available: true, mode: 'websocket', clients: 20, symbols: 2, upstream: ['AAPL', 'SPY'], connectsOpened: 1 });
    // Everyone leaves: nothing subscribed, and the idle upstream socket is closed.
    many.forEach((c) => c.close());
    await until(() => up.fake.socket.subscribed().length === 0, 'all unsubscribed');
    await until(() => up.fake.socket.connections === 0, 'idle upstream closed');
    // A new client opens a new connection.
    const again = await sse(`${p.url}/api/stream?symbols=KO`);
    await again.waitFor((e) => e.event === 'status' && JSON.parse(e.data).mode === 'websocket');
    expect(up.fake.socket.connectionsOpened).toBe(2);
  });

  it('reconnects with backoff after the upstream connection drops, and resubscribes', async () => {
    const up = await fakeWithSocket({ plan: 'realtime' });
    const p = await proxyFor(up);
    const c = await sse(`${p.url}/api/stream?symbols=JPM`);
    await until(() => up.fake.socket.subscribed().join() === 'JPM', 'subscribed');
    up.fake.socket.dropConnections();
    await c.waitFor((e) => e.event === 'status' && /reconnecting/.test(JSON.parse(e.data).message));
    await until(() => up.fake.socket.connectionsOpened === 2 && up.fake.socket.subscribed().join() === 'JPM', 'resubscribed');
    up.fake.socket.emitMinute(nyWallUtc(DAY, 11, 0));
    const b = JSON.parse((await c.waitFor((e) => e.event === 'bar')).data);
    expect(b).toMatchObject({ symbol: 'JPM', t: Date.UTC(2021, 5, 15, 11, 0) });
  });
});

describe('live stream without WebSocket access', () => {
  it('falls back to polling the aggregates within the budget on the end-of-day plan, and says so', async () => {
    const up = await fakeWithSocket({ plan: 'eod', now: () => AFTER_CLOSE });
    const p = await proxyFor(up, { STREAM_POLL_MS: '100' }, { clock: movingClock() });
    const c = await sse(`${p.url}/api/stream?symbols=AAPL`);
    const st = JSON.parse((await c.waitFor((e) => e.event === 'status' && JSON.parse(e.data).mode === 'polling')).data);
    expect(st.message).toMatch(/no WebSocket access; polling minute aggregates/);
    expect(st.symbols).toEqual(['AAPL']);
    const b = JSON.parse((await c.waitFor((e) => e.event === 'bar')).data);
    expect(b).toMatchObject({ symbol: 'AAPL', t: Date.UTC(2021, 5, 15, 15, 59) }); // the latest bar of the day
    await until(() => up.fake.hits.filter((h) => h.path.includes('/range/1/minute/2021-06-15/2021-06-15')).length >= 2, 'a second poll');
    const polls = up.fake.hits.filter((h) => h.path.includes('/range/1/minute/'));
    for (const h of polls) expect(h.auth).toBe('bearer');
    expect(c.events.filter((e) => e.event === 'bar')).toHaveLength(1); // no new bars after the close
    expect(c.raw()).not.toContain(KEY);
  });

  it('polls no faster than half the budget allows', async () => {
    const up = await fakeWithSocket({ plan: 'eod', now: () => AFTER_CLOSE });
    // Budget 4/min → 2 polls/min for polling → 3 symbols: one round every 90 s, so only the first round happens.
    const p = await proxyFor(up, { STREAM_POLL_MS: '100', UPSTREAM_BUDGET_PER_MIN: '4' }, { clock: movingClock() });
    const c = await sse(`${p.url}/api/stream?symbols=AAPL,MSFT,KO`);
    const st = JSON.parse((await c.waitFor((e) => e.event === 'status' && JSON.parse(e.data).mode === 'polling')).data);
    expect(st.message).toMatch(/every 90 s/);
    await c.waitFor((e) => e.event === 'bar' && JSON.parse(e.data).symbol === 'KO');
    await new Promise((r) => setTimeout(r, 400));
    expect(up.fake.hits.filter((h) => h.path.includes('/range/1/minute/'))).toHaveLength(3);
  });
});

describe('stream route', () => {
  it('validates symbols and parameters, needs the key, and answers 501 without a WebSocket client (Workers)', async () => {
    const up = await fakeWithSocket({ plan: 'realtime' });
    const p = await proxyFor(up);
    const bad = async (q: string): Promise<string> => {
      const r = await fetch(`${p.url}/api/stream${q}`);
      expect(r.status, q).toBe(400);
      return ((await r.json()) as { error: string }).error;
    };
    expect(await bad('')).toMatch(/symbols is required/);
    expect(await bad('?symbols=aapl')).toMatch(/"aapl" is not a stock symbol/);
    expect(await bad('?symbols=AAPL&apiKey=x')).toMatch(/unknown query parameter "apiKey"/);
    expect(await bad(`?symbols=${Array.from({ length: 51 }, (_, i) => `S${i}`).join(',')}`)).toMatch(/at most 50/);
    const noKey = await proxyFor(up, { POLYGON_API_KEY: '' });
    expect((await fetch(`${noKey.url}/api/stream?symbols=AAPL`)).status).toBe(503);
    const worker = createProxyApp({ POLYGON_API_KEY: KEY, POLYGON_BASE_URL: up.url }, { log: (l) => logs.push(l) });
    const r = await worker.request('http://proxy.test/api/stream?symbols=AAPL');
    expect(r.status).toBe(501);
    expect(((await r.json()) as { error: string }).error).toBe(STREAM_UNAVAILABLE);
    const h = (await (await worker.request('http://proxy.test/api/health')).json()) as { stream: unknown };
    expect(h.stream).toEqual({ available: false });
    expect(up.fake.socket.connectionsOpened).toBe(0);
  });

  it('sends CORS headers to allowed origins on the event stream', async () => {
    const up = await fakeWithSocket({ plan: 'realtime' });
    const p = await proxyFor(up, { ALLOWED_ORIGINS: 'http://localhost:4173' });
    const c = await openSse(`${p.url}/api/stream?symbols=AAPL`, { origin: 'http://localhost:4173' });
    clients.push(c);
    expect(c.status).toBe(200);
    const denied = await fetch(`${p.url}/api/stream?symbols=AAPL`, { headers: { origin: 'http://evil.test' } });
    expect(denied.status).toBe(403);
  });
});
