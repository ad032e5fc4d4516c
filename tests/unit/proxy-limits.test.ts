/** The proxy's protections as a real server against the fake: budget, coalescing, cache, retries, timeouts, client limit. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEY, get, startFake, startProxy, type Running, type Seen } from './proxy-harness';
import type { FakePolygon } from '../../proxy/fake-polygon/app';

const seen: Seen = { texts: [] };
let up: Running & { fake: FakePolygon };
const started: Running[] = [];
const baseEnv = (): Record<string, string> => ({ POLYGON_API_KEY: KEY, POLYGON_BASE_URL: up.url, CLIENT_RATE_PER_MIN: '100000', UPSTREAM_BUDGET_PER_MIN: '1000' });
async function proxyWith(env: Record<string, string>, deps = {}): Promise<Running> {
  const p = await startProxy({ ...baseEnv(), ...env }, deps, seen);
  started.push(p);
  return p;
}
const aggs = (p: Running, rest: string): string => `${p.url}/api/polygon/v2/aggs/ticker/${rest}`;

beforeAll(async () => {
  up = await startFake();
});
afterAll(async () => {
  await Promise.all([...started.map((p) => p.close()), up?.close()]);
});
beforeEach(() => up.fake.reset());

describe('global upstream budget', () => {
  it('never exceeds the budget in any window under 100 concurrent clients; the overflow gets 429 + Retry-After', async () => {
    // The margin stands in for the production 1 s of slack per 60 s: it absorbs event-loop lag between a
    // slot's scheduled time and the fake's arrival time when the machine is busy.
    const WINDOW = 300, MARGIN = 200, LIMIT = 3;
    // The fake enforces the same plan limit: any overshoot would surface as an upstream 429.
    const strict = await startFake({ rateLimit: { limit: LIMIT, windowMs: WINDOW } });
    started.push(strict);
    const p = await proxyWith(
      { POLYGON_BASE_URL: strict.url, UPSTREAM_BUDGET_PER_MIN: String(LIMIT), MAX_QUEUE_WAIT_MS: '1000' },
      { budgetWindowMs: WINDOW, budgetMarginMs: MARGIN, retryMaxMs: 1 },
    );
    // 100 distinct requests (distinct ranges), so neither the cache nor coalescing can help.
    const urls = Array.from({ length: 100 }, (_, i) => aggs(p, `JNJ/range/1/day/2020-01-02/${1578200000000 + i * 86_400_000}`));
    const rs = await Promise.all(urls.map((u) => get(seen, u)));
    const ok = rs.filter((r) => r.status === 200);
    const refused = rs.filter((r) => r.status === 429);
    expect(ok.length + refused.length).toBe(100);
    // 1000 ms of queue at 3 per 500 ms: the first 3 at once, then 3 more at 500 and 1000 ms (a few more
    // only if the 100 requests took long to arrive).
    expect(ok.length).toBeGreaterThanOrEqual(9);
    expect(ok.length).toBeLessThanOrEqual(12);
    for (const r of refused) {
      expect(r.json.error).toMatch(/upstream budget of 3 requests\/min is used up/);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const at = strict.fake.hits.map((h) => h.at).sort((a, b) => a - b);
    expect(at).toHaveLength(ok.length);
    for (let i = 0; i < at.length; i++) expect(at.filter((t) => t >= at[i] && t < at[i] + WINDOW).length).toBeLessThanOrEqual(LIMIT);
  });
});

describe('coalescing and cache', () => {
  it('N identical concurrent requests make one upstream call; a later one is a cache hit', async () => {
    const p = await proxyWith({});
    up.fake.inject({ delayMs: 150 }); // keep the first call in flight while the others arrive
    const url = aggs(p, 'WMT/range/1/day/2020-02-03/2020-02-07?adjusted=false');
    const rs = await Promise.all(Array.from({ length: 25 }, () => get(seen, url)));
    expect(rs.every((r) => r.status === 200)).toBe(true);
    expect(new Set(rs.map((r) => r.text)).size).toBe(1);
    expect(rs.map((r) => r.headers.get('x-proxy-cache')).sort()).toEqual(['miss', ...Array(24).fill('shared')]);
    expect(up.fake.hits).toHaveLength(1);
    const again = await get(seen, url);
    expect(again.headers.get('x-proxy-cache')).toBe('hit');
    expect(again.text).toBe(rs[0].text);
    // canonical keys: the same parameters in another order are the same request
    const reordered = await get(seen, aggs(p, 'WMT/range/1/day/2020-02-03/2020-02-07?adjusted=false'));
    expect(reordered.headers.get('x-proxy-cache')).toBe('hit');
    expect(up.fake.hits).toHaveLength(1);
  });

  it('does not cache errors', async () => {
    const p = await proxyWith({});
    const url = `${p.url}/api/polygon/v3/reference/tickers/NOPE`;
    expect((await get(seen, url)).status).toBe(404);
    expect((await get(seen, url)).status).toBe(404);
    expect(up.fake.hits).toHaveLength(2);
  });
});

describe('retries and timeouts', () => {
  it('retries upstream 5xx with backoff, then succeeds', async () => {
    const p = await proxyWith({}, { retryBaseMs: 20, retryMaxMs: 2000 });
    up.fake.inject({ status: 500, times: 1 });
    up.fake.inject({ status: 502, times: 1 });
    const r = await get(seen, aggs(p, 'XOM/range/1/day/2020-01-02/2020-01-03'));
    expect(r.status).toBe(200);
    expect(r.json.resultsCount).toBe(2);
    expect(up.fake.hits).toHaveLength(3);
    expect(up.fake.hits[2].at - up.fake.hits[1].at).toBeGreaterThanOrEqual(35); // doubled backoff
  });

  it('retries an upstream 429 and a dropped connection', async () => {
    const p = await proxyWith({}, { retryBaseMs: 20, retryMaxMs: 2000 });
    up.fake.inject({ status: 429, times: 1 });
    up.fake.inject({ drop: true, times: 1 });
    const r = await get(seen, aggs(p, 'DIS/range/1/day/2020-01-02/2020-01-03'));
    expect(r.status).toBe(200);
    expect(up.fake.hits).toHaveLength(3);
  });

  it('gives up within the retry window with a 502 naming the upstream status', async () => {
    const p = await proxyWith({}, { retryBaseMs: 50, retryMaxMs: 300 });
    up.fake.inject({ status: 503, times: 100 });
    const t0 = Date.now();
    const r = await get(seen, aggs(p, 'V/range/1/day/2020-01-02/2020-01-03'));
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(r.status).toBe(502);
    expect(r.json.error).toMatch(/upstream failed with HTTP 503 after [2-9] attempt/);
  });

  it('answers 504 when upstream is slower than the timeout', async () => {
    const p = await proxyWith({ UPSTREAM_TIMEOUT_MS: '200' });
    up.fake.inject({ delayMs: 1500 });
    const t0 = Date.now();
    const r = await get(seen, aggs(p, 'JPM/range/1/day/2020-01-02/2020-01-03'));
    expect(r.status).toBe(504);
    expect(r.json.error).toBe('upstream did not answer within 200 ms');
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('answers 502 when upstream is unreachable', async () => {
    const p = await proxyWith({ POLYGON_BASE_URL: 'http://127.0.0.1:9' }, { retryBaseMs: 10, retryMaxMs: 50 });
    const r = await get(seen, aggs(p, 'JPM/range/1/day/2020-01-02/2020-01-03'));
    expect(r.status).toBe(502);
    expect(r.json.error).toMatch(/upstream unreachable/);
  });
});

describe('per-client rate limit', () => {
  it('limits each client separately, cache hits included', async () => {
    const p = await proxyWith({ CLIENT_RATE_PER_MIN: '3' }, { clientId: (c: { req: { header(n: string): string | undefined } }) => c.req.header('x-client') ?? 'anon' });
    const url = `${p.url}/api/polygon/v3/reference/tickers/KO`;
    const a = [];
    for (let i = 0; i < 4; i++) a.push(await get(seen, url, { headers: { 'x-client': 'a' } }));
    expect(a.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(a[3].json.error).toMatch(/client rate limit of 3 requests\/min/);
    expect(Number(a[3].headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await get(seen, url, { headers: { 'x-client': 'b' } })).status).toBe(200);
    expect(up.fake.hits).toHaveLength(1);
  });
});

describe('key hygiene', () => {
  it('the key never appeared in any response or log line of this suite', () => {
    expect(seen.texts.length).toBeGreaterThan(100);
    expect(seen.texts.filter((t) => t.includes(KEY))).toEqual([]);
  });
});
