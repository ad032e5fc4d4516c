/** The proxy as a real server against the running fake: routes, validation, key hygiene, next_url, CORS. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEY, get, startFake, startProxy, type Running, type Seen } from './proxy-harness';
import type { FakePolygon } from '../../proxy/fake-polygon/app';
import { request } from 'node:http';

function rawGetWithBody(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const seen: Seen = { texts: [] };
let upstream: Running & { fake: FakePolygon };
let proxy: Running;
let noKey: Running;
const ORIGIN = 'http://localhost:4173';
const aggs = (rest: string): string => `${proxy.url}/api/polygon/v2/aggs/ticker/${rest}`;

beforeAll(async () => {
  upstream = await startFake();
  const env = { POLYGON_API_KEY: KEY, POLYGON_BASE_URL: upstream.url, ALLOWED_ORIGINS: `${ORIGIN}, https://app.example`, UPSTREAM_BUDGET_PER_MIN: '1000', CLIENT_RATE_PER_MIN: '100000' };
  proxy = await startProxy(env, {}, seen);
  noKey = await startProxy({ ...env, POLYGON_API_KEY: '' }, {}, seen);
});
afterAll(async () => {
  await Promise.all([proxy?.close(), noKey?.close(), upstream?.close()]);
});
beforeEach(() => upstream.fake.reset());

describe('routes', () => {
  it('forwards aggregates with Polygon’s envelope and the key only as a Bearer header', async () => {
    const r = await get(seen, aggs('AAPL/range/1/day/2020-01-02/2020-01-03?adjusted=true&sort=asc'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.json).toMatchObject({ ticker: 'AAPL', resultsCount: 2, count: 2, status: 'OK', adjusted: true });
    expect((r.json.results as { t: number }[]).map((b) => b.t)).toEqual([1577941200000, 1578027600000]);
    expect(upstream.fake.hits).toHaveLength(1);
    const hit = upstream.fake.hits[0];
    expect(hit.url).toBe('/v2/aggs/ticker/AAPL/range/1/day/2020-01-02/2020-01-03?adjusted=true&sort=asc');
    expect(hit.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('forwards grouped daily, tickers and ticker details', async () => {
    const g = await get(seen, `${proxy.url}/api/polygon/v2/aggs/grouped/locale/us/market/stocks/2020-01-03?adjusted=false`);
    expect(g.status).toBe(200);
    expect((g.json.results as { T: string }[]).map((x) => x.T)).toContain('MSFT');
    const t = await get(seen, `${proxy.url}/api/polygon/v3/reference/tickers?market=crypto&active=true&sort=ticker&order=asc&limit=10`);
    expect((t.json.results as { ticker: string }[]).map((x) => x.ticker)).toEqual(['X:BTCUSD', 'X:ETHUSD']);
    const d = await get(seen, `${proxy.url}/api/polygon/v3/reference/tickers/BRK.A`);
    expect(d.json.results).toMatchObject({ ticker: 'BRK.A', market: 'stocks' });
    const missing = await get(seen, `${proxy.url}/api/polygon/v3/reference/tickers/NOPE`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ status: 'NOT_FOUND', error: 'Ticker not found.' });
  });

  it('answers health without touching upstream', async () => {
    const h = await get(seen, `${proxy.url}/api/health`);
    expect(h.json).toMatchObject({ ok: true, keyConfigured: true });
    expect(upstream.fake.hits).toHaveLength(0);
  });

  it('404s unknown routes, including unlisted Polygon paths', async () => {
    for (const p of ['/', '/api', '/api/polygon/v1/open-close/AAPL/2020-01-02', '/api/polygon/v2/aggs/ticker/AAPL/prev', '/v2/aggs/ticker/AAPL/range/1/day/2020-01-02/2020-01-03']) {
      const r = await get(seen, proxy.url + p);
      expect(r.status, p).toBe(404);
      expect(r.json.error).toMatch(/no such route/);
    }
    expect(upstream.fake.hits).toHaveLength(0);
  });

  it('refuses every method but GET/OPTIONS, and any request body', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await get(seen, aggs('AAPL/range/1/day/2020-01-02/2020-01-03'), { method, body: method === 'DELETE' ? undefined : '{}' });
      expect(r.status, method).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, OPTIONS');
      expect(r.json.error).toContain(method);
    }
    // fetch will not send a GET body, so use node:http to send one
    const withBody = await rawGetWithBody(aggs('AAPL/range/1/day/2020-01-02/2020-01-03'), '{"apiKey":"x"}');
    seen.texts.push(withBody.body);
    expect(withBody.status).toBe(400);
    expect(withBody.body).toContain('request body not accepted');
    expect(upstream.fake.hits).toHaveLength(0);
  });

  it('answers 503 with a clear message when no key is configured', async () => {
    const r = await get(seen, `${noKey.url}/api/polygon/v2/aggs/ticker/AAPL/range/1/day/2020-01-02/2020-01-03`);
    expect(r.status).toBe(503);
    expect(r.json.error).toBe('proxy has no POLYGON_API_KEY configured');
    expect((await get(seen, `${noKey.url}/api/health`)).json.keyConfigured).toBe(false);
  });
});

describe('validation', () => {
  const cases: [string, string][] = [
    ['AA$PL/range/1/day/2020-01-02/2020-01-03', 'ticker'],
    ['..%2F..%2Fsecret/range/1/day/2020-01-02/2020-01-03', 'ticker'],
    ['AAPL/range/0/day/2020-01-02/2020-01-03', 'multiplier'],
    ['AAPL/range/1x/day/2020-01-02/2020-01-03', 'multiplier'],
    ['AAPL/range/1/days/2020-01-02/2020-01-03', 'timespan'],
    ['AAPL/range/1/day/2020-02-30/2020-03-03', 'from'],
    ['AAPL/range/1/day/2020-01-02/tomorrow', 'to'],
    ['AAPL/range/1/day/2020-01-05/2020-01-03', 'after to'],
    ['AAPL/range/1/day/2020-01-02/2020-01-03?adjusted=yes', 'adjusted'],
    ['AAPL/range/1/day/2020-01-02/2020-01-03?sort=up', 'sort'],
    ['AAPL/range/1/day/2020-01-02/2020-01-03?limit=50001', 'limit'],
    ['AAPL/range/1/day/2020-01-02/2020-01-03?limit=0', 'limit'],
    ['AAPL/range/1/day/2020-01-02/2020-01-03?cursor=a%20b', 'cursor'],
    ['AAPL/range/1/day/2020-01-02/2020-01-03?foo=1', 'foo'],
    ['AAPL/range/1/day/2020-01-02/2020-01-03?limit=5&limit=6', 'limit'],
  ];
  it.each(cases)('aggs %s → 400 naming %s', async (rest, name) => {
    const r = await get(seen, aggs(rest));
    expect(r.status).toBe(400);
    expect(r.json.error).toContain(name);
  });

  const other: [string, string][] = [
    ['/api/polygon/v2/aggs/grouped/locale/us/market/stocks/2020-13-01', 'date'],
    ['/api/polygon/v2/aggs/grouped/locale/us/market/stocks/2020-01-03?include_otc=1', 'include_otc'],
    ['/api/polygon/v3/reference/tickers?market=bonds', 'market'],
    ['/api/polygon/v3/reference/tickers?limit=1001', 'limit'],
    ['/api/polygon/v3/reference/tickers?ticker.gt=a%2Fb', 'ticker.gt'],
    ['/api/polygon/v3/reference/tickers?search=%3Cscript%3E', 'search'],
    ['/api/polygon/v3/reference/tickers?order=sideways', 'order'],
    ['/api/polygon/v3/reference/tickers?sort=price', 'sort'],
    ['/api/polygon/v3/reference/tickers?active=maybe', 'active'],
    ['/api/polygon/v3/reference/tickers?type=cs', 'type'],
    ['/api/polygon/v3/reference/tickers?exchange=nyse', 'exchange'],
    ['/api/polygon/v3/reference/tickers/AA%20PL', 'ticker'],
    ['/api/polygon/v3/reference/tickers/AAPL?date=yesterday', 'date'],
  ];
  it.each(other)('%s → 400 naming %s', async (path, name) => {
    const r = await get(seen, proxy.url + path);
    expect(r.status).toBe(400);
    expect(r.json.error).toContain(name);
  });

  it('never forwards a rejected request', () => {
    expect(upstream.fake.hits).toHaveLength(0);
  });

  it('drops a client-supplied apiKey and uses its own key as Bearer', async () => {
    const r = await get(seen, aggs('MSFT/range/1/day/2020-01-06/2020-01-07?apiKey=stolen-or-guessed&limit=10'));
    expect(r.status).toBe(200);
    const hit = upstream.fake.hits[0];
    expect(hit.url).toBe('/v2/aggs/ticker/MSFT/range/1/day/2020-01-06/2020-01-07?limit=10');
    expect(hit.auth).toBe('bearer');
    expect(hit.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen.texts.filter((t) => t.includes('stolen-or-guessed'))).toEqual([]);
  });
});

describe('pagination', () => {
  it('rewrites next_url to the proxy and follows it page by page to the last page', async () => {
    // 2020-01-02 … 2020-01-31 holds 22 trading days for the fake (its holiday list has no MLK day); pages of 4 bars.
    let url: string | undefined = aggs('KO/range/1/day/2020-01-02/2020-01-31?limit=4');
    const ts: number[] = [];
    let pages = 0;
    while (url) {
      expect(url.startsWith(`${proxy.url}/api/polygon/v2/aggs/ticker/KO/range/1/day/`)).toBe(true);
      const r = await get(seen, url);
      expect(r.status).toBe(200);
      pages += 1;
      ts.push(...(r.json.results as { t: number }[]).map((b) => b.t));
      url = r.json.next_url as string | undefined;
      if (url) expect(new URL(url).searchParams.get('cursor')).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(pages).toBe(6);
    expect(ts).toHaveLength(22);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(new Set(ts).size).toBe(22);
    // the pages equal the single-page answer
    const all = await get(seen, aggs('KO/range/1/day/2020-01-02/2020-01-31'));
    expect((all.json.results as { t: number }[]).map((b) => b.t)).toEqual(ts);
    expect(all.json.next_url).toBeUndefined();
    expect(upstream.fake.hits.every((h) => h.auth === 'bearer' && !h.url.toLowerCase().includes('apikey'))).toBe(true);
  });

  it('points next_url at PROXY_PUBLIC_URL when set', async () => {
    const p = await startProxy({ POLYGON_API_KEY: KEY, POLYGON_BASE_URL: upstream.url, PROXY_PUBLIC_URL: 'https://md.example.com' }, {}, seen);
    try {
      const r = await get(seen, `${p.url}/api/polygon/v3/reference/tickers?limit=5`);
      expect((r.json.next_url as string).startsWith('https://md.example.com/api/polygon/v3/reference/tickers?cursor=')).toBe(true);
    } finally {
      await p.close();
    }
  });

  it('rewrites ticker-list next_url too', async () => {
    const r = await get(seen, `${proxy.url}/api/polygon/v3/reference/tickers?limit=5`);
    const next = r.json.next_url as string;
    expect(next.startsWith(`${proxy.url}/api/polygon/v3/reference/tickers?cursor=`)).toBe(true);
    const r2 = await get(seen, next);
    expect(r2.status).toBe(200);
    expect((r2.json.results as unknown[]).length).toBe(5);
  });
});

describe('CORS', () => {
  const url = (): string => aggs('PG/range/1/day/2020-01-02/2020-01-03');
  it('allows a configured origin, with Vary: Origin', async () => {
    const r = await get(seen, url(), { headers: { origin: ORIGIN } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(r.headers.get('vary')).toMatch(/Origin/);
  });
  it('answers a preflight for an allowed origin', async () => {
    const r = await get(seen, url(), { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(r.headers.get('access-control-allow-methods')).toBe('GET, OPTIONS');
  });
  it('refuses other origins (exact match only) without calling upstream', async () => {
    for (const origin of ['http://evil.example', 'http://localhost:4173.evil.example', 'http://localhost:41730', 'null']) {
      const r = await get(seen, url(), { headers: { origin } });
      expect(r.status, origin).toBe(403);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      expect(r.json.error).toContain('not allowed');
    }
    const pre = await get(seen, url(), { method: 'OPTIONS', headers: { origin: 'http://evil.example' } });
    expect(pre.status).toBe(403);
    expect(upstream.fake.hits).toHaveLength(0);
  });
  it('serves requests without Origin and sends no CORS headers', async () => {
    const r = await get(seen, url());
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('key hygiene', () => {
  it('upstream 401 becomes a 502 that names the config, not the key', async () => {
    const other = await startFake({ keys: ['some-other-key'] });
    const p = await startProxy({ POLYGON_API_KEY: KEY, POLYGON_BASE_URL: other.url }, {}, seen);
    try {
      const r = await get(seen, `${p.url}/api/polygon/v3/reference/tickers/AAPL`);
      expect(r.status).toBe(502);
      expect(r.json.error).toContain('POLYGON_API_KEY');
    } finally {
      await Promise.all([p.close(), other.close()]);
    }
  });

  it('the key never appeared in any response header, body or log line of this suite', () => {
    expect(seen.texts.length).toBeGreaterThan(60);
    expect(seen.texts.some((t) => t.startsWith('LOG '))).toBe(true);
    const leaks = seen.texts.filter((t) => t.includes(KEY) || t.includes(KEY.slice(4, 16)));
    expect(leaks).toEqual([]);
  });
});
