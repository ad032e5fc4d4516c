/** The fake Polygon server against the wire format it must speak (auth, envelope, calendar, paging, plans, faults). */
import { describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WebSocket } from 'ws';
import { createFakePolygon, type FakePolygonOptions } from '../../proxy/fake-polygon/app';

const KEY = 'fake-key';
const AFTER_CLOSE = Date.UTC(2021, 5, 15, 22); // Tue 2021-06-15 18:00 New York
type Body = Record<string, unknown> & { results?: Record<string, number>[] };

function fake(opts: FakePolygonOptions = {}) {
  const f = createFakePolygon({ keys: [KEY], rateLimit: null, historyYears: null, now: () => AFTER_CLOSE, ...opts });
  const call = async (path: string, auth: 'bearer' | 'query' | 'none' = 'bearer'): Promise<{ status: number; body: Body; headers: Headers }> => {
    const url = `http://fake.test${path}${auth === 'query' ? `${path.includes('?') ? '&' : '?'}apiKey=${KEY}` : ''}`;
    const res = await f.app.request(url, { headers: auth === 'bearer' ? { authorization: `Bearer ${KEY}` } : {} });
    return { status: res.status, body: (await res.json()) as Body, headers: res.headers };
  };
  return { f, call };
}
const aggs = (rest: string): string => `/v2/aggs/ticker/${rest}`;

describe('auth', () => {
  it('accepts Bearer and apiKey; 401s otherwise with Polygon’s bodies', async () => {
    const { f, call } = fake();
    expect((await call(aggs('AAPL/range/1/day/2020-01-02/2020-01-02'))).status).toBe(200);
    expect((await call(aggs('AAPL/range/1/day/2020-01-02/2020-01-02'), 'query')).status).toBe(200);
    const none = await call(aggs('AAPL/range/1/day/2020-01-02/2020-01-02'), 'none');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ status: 'ERROR', error: 'API Key was not provided' });
    expect(none.body.request_id).toMatch(/^[0-9a-f]{32}$/);
    const wrong = await f.app.request('http://fake.test/v3/reference/tickers?apiKey=nope');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ status: 'ERROR', error: 'Unknown API Key' });
    expect(f.hits.map((h) => h.auth)).toEqual(['bearer', 'query', 'none', 'query']);
  });
});

describe('aggregates', () => {
  it('has the exact envelope; daily t is 00:00 New York in winter and summer', async () => {
    const { call } = fake();
    const w = await call(aggs('AAPL/range/1/day/2020-01-02/2020-01-03'));
    expect(Object.keys(w.body).sort()).toEqual(['adjusted', 'count', 'queryCount', 'request_id', 'results', 'resultsCount', 'status', 'ticker']);
    expect(w.body).toMatchObject({ ticker: 'AAPL', status: 'OK', adjusted: true, queryCount: 2, resultsCount: 2, count: 2 });
    expect(w.body.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(w.body.results!.map((b) => b.t)).toEqual([1577941200000, 1578027600000]);
    for (const b of w.body.results!) {
      expect(Object.keys(b).sort()).toEqual(['c', 'h', 'l', 'n', 'o', 't', 'v', 'vw']);
      expect(b.h).toBeGreaterThanOrEqual(Math.max(b.o, b.c));
      expect(b.l).toBeLessThanOrEqual(Math.min(b.o, b.c));
    }
    const s = await call(aggs('AAPL/range/1/day/2020-07-01/2020-07-01'));
    expect(s.body.results![0].t).toBe(Date.UTC(2020, 6, 1, 4));
  });

  it('omits results on weekends and holidays', async () => {
    const { call } = fake();
    const wk = await call(aggs('AAPL/range/1/day/2020-01-04/2020-01-05'));
    expect(wk.body).toEqual({ ticker: 'AAPL', queryCount: 0, resultsCount: 0, adjusted: true, status: 'OK', request_id: wk.body.request_id, count: 0 });
    for (const d of ['2020-12-25', '2020-11-26', '2021-07-05', '2021-01-01']) {
      expect((await call(aggs(`MSFT/range/1/day/${d}/${d}`))).body.resultsCount, d).toBe(0);
    }
    expect((await call(aggs('NOSUCH/range/1/day/2020-01-02/2020-01-03'))).body.resultsCount).toBe(0);
  });

  it('is deterministic per seed', async () => {
    const a = await fake({ seed: 1 }).call(aggs('TSLA/range/1/day/2020-03-02/2020-03-06'));
    const b = await fake({ seed: 1 }).call(aggs('TSLA/range/1/day/2020-03-02/2020-03-06'));
    const c = await fake({ seed: 2 }).call(aggs('TSLA/range/1/day/2020-03-02/2020-03-06'));
    expect(a.body.results).toEqual(b.body.results);
    expect(a.body.results).not.toEqual(c.body.results);
  });

  it('rolls minute bars up by the multiplier; day bars agree with their minutes', async () => {
    const { call } = fake();
    const m1 = (await call(aggs('NVDA/range/1/minute/2020-01-02/2020-01-02?limit=50000'))).body.results!;
    expect(m1).toHaveLength(390);
    expect(m1[0].t).toBe(Date.UTC(2020, 0, 2, 14, 30)); // 09:30 New York
    const m5 = (await call(aggs('NVDA/range/5/minute/2020-01-02/2020-01-02?limit=50000'))).body.results!;
    expect(m5).toHaveLength(78);
    const first5 = m1.slice(0, 5);
    expect(m5[0]).toMatchObject({ t: m1[0].t, o: first5[0].o, c: first5[4].c, h: Math.max(...first5.map((b) => b.h)), l: Math.min(...first5.map((b) => b.l)) });
    expect(m5[0].v).toBeCloseTo(first5.reduce((s, b) => s + b.v, 0), 6);
    const d = (await call(aggs('NVDA/range/1/day/2020-01-02/2020-01-02'))).body.results![0];
    expect(d.o).toBeCloseTo(m1[0].o, 3);
    expect(d.c).toBeCloseTo(m1[389].c, 3);
    const wk = (await call(aggs('NVDA/range/1/week/2020-01-01/2020-01-31'))).body.results!;
    expect(wk.map((b) => new Date(b.t).getUTCDay())).toEqual([0, 0, 0, 0, 0]); // Sunday 00:00 New York = 05:00Z Sunday
  });

  it('limit caps base bars; pages via an absolute next_url with an opaque cursor and no key; sort desc reverses', async () => {
    const { call } = fake();
    const p1 = await call(aggs('AAPL/range/5/minute/2020-01-02/2020-01-02?limit=12'));
    expect(p1.body).toMatchObject({ queryCount: 10, resultsCount: 2, count: 2 });
    const next = new URL(p1.body.next_url as string);
    expect(next.origin).toBe('http://fake.test');
    expect([...next.searchParams.keys()]).toEqual(['cursor']);
    expect(p1.body.next_url).not.toContain(KEY);
    const p2 = await call(next.pathname + next.search, 'query');
    expect(p2.body.results![0].t).toBe(p1.body.results![1].t + 300_000);
    const desc = await call(aggs('AAPL/range/1/day/2020-01-02/2020-01-10?sort=desc&limit=3'));
    const ts = desc.body.results!.map((b) => b.t);
    expect(ts).toEqual([...ts].sort((a, b) => b - a));
    expect(ts[0]).toBe(Date.UTC(2020, 0, 10, 5));
    const rest = new URL(desc.body.next_url as string);
    const d2 = await call(rest.pathname + rest.search);
    expect(d2.body.results![0].t).toBeLessThan(ts[2]);
    const bad = await call(aggs('AAPL/range/1/day/2020-01-02/2020-01-10?cursor=%%%'));
    expect(bad.status).toBe(400);
  });

  it('applies a split only when adjusted=true', async () => {
    const { call } = fake();
    const adj = (await call(aggs('AAPL/range/1/day/2020-08-27/2020-08-31'))).body.results!;
    const raw = (await call(aggs('AAPL/range/1/day/2020-08-27/2020-08-31?adjusted=false'))).body.results!;
    expect(raw[0].c).toBeCloseTo(adj[0].c * 4, 3);
    expect(raw[0].v).toBe(Math.round(adj[0].v / 4));
    expect(raw[2]).toEqual(adj[2]); // 2020-08-31 is the split day itself
  });
});

describe('plans and limits', () => {
  it('refuses history beyond the plan window with 403 NOT_AUTHORIZED', async () => {
    const { call } = fake({ historyYears: 2 });
    const r = await call(aggs('AAPL/range/1/day/2019-01-02/2019-01-10'));
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ status: 'NOT_AUTHORIZED' });
    expect(r.body.message).toMatch(/plan doesn't include this data timeframe/);
    expect((await call(aggs('AAPL/range/1/day/2020-01-02/2020-01-10'))).status).toBe(200);
  });

  it('end-of-day plan: nothing from today before 16:00 New York; grouped today → 403', async () => {
    const midday = fake({ now: () => Date.UTC(2021, 5, 15, 18) }); // 14:00 New York
    expect((await midday.call(aggs('KO/range/1/day/2021-06-14/2021-06-15'))).body.resultsCount).toBe(1);
    expect((await midday.call(aggs('KO/range/1/minute/2021-06-15/2021-06-15'))).body.resultsCount).toBe(0);
    const g = await midday.call('/v2/aggs/grouped/locale/us/market/stocks/2021-06-15');
    expect(g.status).toBe(403);
    expect(g.body.message).toMatch(/today's data before end of day/);
    const evening = fake();
    expect((await evening.call(aggs('KO/range/1/day/2021-06-14/2021-06-15'))).body.resultsCount).toBe(2);
    const realtime = fake({ plan: 'realtime', now: () => Date.UTC(2021, 5, 15, 14, 40) }); // 10:40 New York
    expect((await realtime.call(aggs('KO/range/1/minute/2021-06-15/2021-06-15?limit=50000'))).body.resultsCount).toBe(70);
    const delayed = fake({ plan: 'delayed', now: () => Date.UTC(2021, 5, 15, 14, 40) });
    const dl = await delayed.call(aggs('KO/range/1/minute/2021-06-15/2021-06-15?limit=50000'));
    expect(dl.body).toMatchObject({ status: 'DELAYED', resultsCount: 55 });
  });

  it('per-key sliding-window limiter answers 429; Retry-After only when enabled', async () => {
    for (const retryAfter of [false, true]) {
      const { call } = fake({ rateLimit: { limit: 2, windowMs: 60_000 }, retryAfter });
      await call('/v3/reference/tickers/AAPL');
      await call('/v3/reference/tickers/AAPL');
      const r = await call('/v3/reference/tickers/AAPL');
      expect(r.status).toBe(429);
      expect(r.body.error).toMatch(/exceeded the maximum requests per minute/);
      expect(r.headers.get('retry-after') !== null).toBe(retryAfter);
    }
  });
});

describe('grouped daily and reference', () => {
  it('grouped daily: one bar per active stock in T, OTC on request, nothing on holidays', async () => {
    const { call } = fake();
    const g = await call('/v2/aggs/grouped/locale/us/market/stocks/2020-01-03');
    expect(g.body).not.toHaveProperty('ticker');
    const syms = g.body.results!.map((r) => (r as unknown as { T: string }).T);
    expect(syms).toContain('AAPL');
    expect(syms).not.toContain('TWTR');
    expect(syms).not.toContain('GIK');
    expect(g.body.results![0].t).toBe(1578027600000);
    const otc = await call('/v2/aggs/grouped/locale/us/market/stocks/2020-01-03?include_otc=true');
    expect(otc.body.results!.map((r) => (r as unknown as { T: string }).T)).toContain('GIK');
    const xmas = await call('/v2/aggs/grouped/locale/us/market/stocks/2020-12-25');
    expect(xmas.body).not.toHaveProperty('results');
    expect(xmas.body.count).toBe(0);
  });

  it('tickers page through cursors; details 404 for unknown tickers', async () => {
    const { call } = fake();
    const seen: string[] = [];
    let path: string | null = '/v3/reference/tickers?limit=5';
    while (path) {
      const r = await call(path);
      seen.push(...(r.body.results as unknown as { ticker: string }[]).map((t) => t.ticker));
      path = r.body.next_url ? new URL(r.body.next_url as string).pathname + new URL(r.body.next_url as string).search : null;
    }
    expect(seen).toHaveLength(23); // 24 tickers, one inactive
    expect(seen).toEqual([...seen].sort());
    const s = await call('/v3/reference/tickers?search=apple');
    expect((s.body.results as unknown as { ticker: string }[]).map((t) => t.ticker)).toEqual(['AAPL']);
    const gt = await call('/v3/reference/tickers?ticker.gte=X&market=crypto&order=desc');
    expect((gt.body.results as unknown as { ticker: string }[]).map((t) => t.ticker)).toEqual(['X:ETHUSD', 'X:BTCUSD']);
    const d = await call('/v3/reference/tickers/I:SPX');
    expect(d.body.results).toMatchObject({ ticker: 'I:SPX', market: 'indices' });
    const nf = await call('/v3/reference/tickers/NOPE');
    expect(nf.status).toBe(404);
    expect(nf.body.status).toBe('NOT_FOUND');
    const np = await call('/v1/unknown');
    expect(np.status).toBe(404);
    expect(np.body).toMatchObject({ status: 'NOT_FOUND', message: 'Data not found.' });
  });
});

describe('fault injection', () => {
  it('injects statuses by path match, via the API and the admin endpoint', async () => {
    const { f, call } = fake();
    f.inject({ status: 502, times: 2, match: '/grouped/' });
    expect((await call('/v3/reference/tickers/AAPL')).status).toBe(200);
    expect((await call('/v2/aggs/grouped/locale/us/market/stocks/2020-01-03')).status).toBe(502);
    expect((await call('/v2/aggs/grouped/locale/us/market/stocks/2020-01-03')).status).toBe(502);
    expect((await call('/v2/aggs/grouped/locale/us/market/stocks/2020-01-03')).status).toBe(200);
    await f.app.request('http://fake.test/__fake/inject', { method: 'POST', body: JSON.stringify({ status: 500 }) });
    expect((await call('/v3/reference/tickers/AAPL')).status).toBe(500);
    const hits = (await (await f.app.request('http://fake.test/__fake/hits')).json()) as unknown[];
    expect(hits).toHaveLength(5);
    await f.app.request('http://fake.test/__fake/reset', { method: 'POST' });
    expect(f.hits).toHaveLength(0);
  });
});

describe('WebSocket feed', () => {
  /** Opens a socket and collects every frame (each a JSON array). */
  async function open(url: string): Promise<{ ws: WebSocket; frames: Record<string, unknown>[][]; next(): Promise<Record<string, unknown>[]>; closed: Promise<number> }> {
    const ws = new WebSocket(url);
    const frames: Record<string, unknown>[][] = [];
    const waiters: ((f: Record<string, unknown>[]) => void)[] = [];
    let read = 0;
    ws.on('message', (d) => {
      frames.push(JSON.parse(String(d)) as Record<string, unknown>[]);
      waiters.shift()?.(frames[read++]);
    });
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
    return {
      ws, frames, closed,
      next: () => (read < frames.length ? Promise.resolve(frames[read++]) : new Promise((r) => waiters.push(r))),
    };
  }

  it('speaks the connect/auth/subscribe protocol, streams AM bars, and allows one connection per key', async () => {
    const f = createFakePolygon({ keys: [KEY], plan: 'realtime', now: () => AFTER_CLOSE });
    const server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: f.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
    });
    f.socket.attach(server);
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/stocks`;
    try {
      const a = await open(url);
      expect(await a.next()).toEqual([{ ev: 'status', status: 'connected', message: 'Connected Successfully' }]);
      a.ws.send(JSON.stringify({ action: 'subscribe', params: 'AM.AAPL' }));
      expect((await a.next())[0]).toMatchObject({ status: 'error', message: 'not authorized' });
      a.ws.send(JSON.stringify({ action: 'auth', params: 'wrong' }));
      expect((await a.next())[0]).toMatchObject({ ev: 'status', status: 'auth_failed' });
      a.ws.send(JSON.stringify({ action: 'auth', params: KEY }));
      expect(await a.next()).toEqual([{ ev: 'status', status: 'auth_success', message: 'authenticated' }]);
      a.ws.send(JSON.stringify({ action: 'subscribe', params: 'AM.AAPL,AM.MSFT' }));
      expect(await a.next()).toEqual([
        { ev: 'status', status: 'success', message: 'subscribed to: AM.AAPL' },
        { ev: 'status', status: 'success', message: 'subscribed to: AM.MSFT' },
      ]);
      const start = Date.UTC(2021, 5, 15, 13, 31); // 09:31 New York
      expect(f.socket.emitMinute(start)).toBe(1);
      const bars = await a.next();
      expect(bars.map((e) => e.sym)).toEqual(['AAPL', 'MSFT']);
      expect(bars[0]).toMatchObject({ ev: 'AM', s: start, e: start + 60_000 });
      const res = await f.app.request(`http://x/v2/aggs/ticker/AAPL/range/1/minute/${start}/${start}`, { headers: { authorization: `Bearer ${KEY}` } });
      const rest = (await res.json()) as Body;
      expect(bars[0]).toMatchObject({ o: rest.results![0].o, c: rest.results![0].c, v: rest.results![0].v });
      const b = await open(url);
      await b.next();
      b.ws.send(JSON.stringify({ action: 'auth', params: KEY }));
      expect((await b.next())[0]).toMatchObject({ status: 'max_connections' });
      expect(await b.closed).toBe(1008);
      a.ws.close();
      await a.closed;
    } finally {
      f.socket.close();
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses WebSocket auth on the end-of-day plan', async () => {
    const f = createFakePolygon({ keys: [KEY] });
    const server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: f.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
    });
    f.socket.attach(server);
    try {
      const a = await open(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/stocks`);
      await a.next();
      a.ws.send(JSON.stringify({ action: 'auth', params: KEY }));
      expect((await a.next())[0]).toMatchObject({ status: 'auth_failed', message: expect.stringMatching(/websocket access/) });
      a.ws.close();
      await a.closed;
    } finally {
      f.socket.close();
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
