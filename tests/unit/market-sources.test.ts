/**
 * The browser data layer's sources and fetch-through-cache against real servers on loopback (fake Polygon, fake
 * Yahoo, the proxy): pagination with progress, 429 handling, errors by kind, incremental fetches, corrupt chunks
 * refetched, and a split adjustment changed upstream detected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeYahoo } from '../../proxy/fake-yahoo/app';
import { BarCache } from '../../src/store/bar-cache';
import { memoryBackend } from '../../src/store/bar-cache-memory';
import { fetchIntoCache, importIntoCache, OVERLAP_DAYS } from '../../src/store/market-fetch';
import { CsvSource, DemoSource } from '../../src/sources/local-sources';
import { nextPath, PolygonSource } from '../../src/sources/polygon-source';
import { checkDay, getProxyJson, proxyHealth, SourceError, type BarRequest, type FetchProgress } from '../../src/sources/source';
import { YahooSource } from '../../src/sources/yahoo-source';
import { yahooRows } from '../../src/sources/yahoo';
import { KEY, listen, startFake, startProxy, type Running, type Seen } from './proxy-harness';

const seen: Seen = { texts: [] };
const servers: Running[] = [];
let proxy: Running;
let splitProxy: Running;
let noKey: Running;

const env = (base: string, yahoo: string) => ({
  POLYGON_API_KEY: KEY,
  POLYGON_BASE_URL: base,
  YAHOO_BASE_URL: yahoo,
  UPSTREAM_BUDGET_PER_MIN: '10000',
  CLIENT_RATE_PER_MIN: '100000',
  YAHOO_BUDGET_PER_MIN: '10000',
});

beforeAll(async () => {
  const plain = await startFake({ splits: [] });
  const split = await startFake({ splits: [{ ticker: 'AAPL', date: '2023-05-15', ratio: 4 }] });
  const yahoo = await listen(createFakeYahoo().app.fetch as never);
  servers.push(plain, split, yahoo);
  proxy = await startProxy(env(plain.url, yahoo.url), {}, seen);
  splitProxy = await startProxy(env(split.url, yahoo.url), {}, seen);
  noKey = await startProxy({ ...env(plain.url, yahoo.url), POLYGON_API_KEY: '' }, {}, seen);
  servers.push(proxy, splitProxy, noKey);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A fetch that records every path asked of the proxy. */
function counting(base: string): { fetch: typeof fetch; paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    fetch: (input, init) => {
      paths.push(String(input).slice(base.length));
      return fetch(input, init);
    },
  };
}

const req = (over: Partial<BarRequest> = {}): BarRequest => ({
  symbol: 'AAPL',
  timeframe: '1d',
  from: '2023-01-01',
  to: '2023-03-31',
  adjusted: true,
  ...over,
});

describe('PolygonSource', () => {
  it('follows every next_url page and reports progress; pages join to the single-page answer', async () => {
    const progress: FetchProgress[] = [];
    const paged = await new PolygonSource({ base: proxy.url, pageLimit: 20 }).fetchBars(req(), {
      onProgress: (p) => progress.push(p),
    });
    const whole = await new PolygonSource({ base: proxy.url }).fetchBars(req());
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.map((p) => p.pages)).toEqual(progress.map((_, i) => i + 1));
    expect(progress[progress.length - 1].bars).toBe(whole.ts.length);
    expect(whole.ts.length).toBeGreaterThan(55);
    expect(Array.from(paged.ts)).toEqual(Array.from(whole.ts));
    expect(Array.from(paged.close)).toEqual(Array.from(whole.close));
    expect(new Date(whole.ts[0]).toISOString()).toBe('2023-01-03T00:00:00.000Z');
  });

  it('keeps only next_url path and query, and refuses one outside /api/polygon/v2/aggs/', () => {
    expect(nextPath('http://elsewhere:1/api/polygon/v2/aggs/ticker/AAPL/range/1/day/1/2?cursor=x')).toBe(
      '/api/polygon/v2/aggs/ticker/AAPL/range/1/day/1/2?cursor=x',
    );
    expect(() => nextPath('https://api.polygon.io/v2/aggs/ticker/AAPL?cursor=x')).toThrow(/does not point at the proxy/);
  });

  it('waits out 429 Retry-After within the bound, else fails naming the wait; cancellable while waiting', async () => {
    const sleeps: number[] = [];
    let n = 0;
    const fake429: typeof fetch = async () =>
      ++n <= 2
        ? new Response('{"error":"budget"}', { status: 429, headers: { 'retry-after': '2' } })
        : new Response('{"ok":true}', { status: 200 });
    const http = { base: '', fetch: fake429, sleep: async (ms: number) => void sleeps.push(ms) };
    expect(await getProxyJson(http, '/api/x')).toEqual({ ok: true });
    expect(sleeps).toEqual([2000, 2000]);
    n = 0;
    const err = await getProxyJson({ ...http, maxRateWaitMs: 3000 }, '/api/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ kind: 'rate-limited', retryAfter: 2 });
    expect((err as Error).message).toMatch(/rate limited by the proxy \(budget\); try again in 2 s/);
    n = 0;
    const ac = new AbortController();
    const p = getProxyJson({ base: '', fetch: fake429 }, '/api/x', ac.signal);
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('names the failure: unreachable proxy, no key, bad symbol', async () => {
    await expect(new PolygonSource({ base: 'http://127.0.0.1:1' }).fetchBars(req())).rejects.toMatchObject({ kind: 'offline' });
    await expect(new PolygonSource({ base: noKey.url }).fetchBars(req())).rejects.toMatchObject({ kind: 'not-configured' });
    expect(await proxyHealth({ base: noKey.url })).toEqual({ keyConfigured: false });
    expect(await proxyHealth({ base: proxy.url })).toEqual({ keyConfigured: true });
    await expect(new PolygonSource({ base: proxy.url }).fetchBars(req({ symbol: 'A B' }))).rejects.toThrow(
      /symbol must be a Polygon ticker/,
    );
    await expect(new PolygonSource({ base: proxy.url }).fetchBars(req({ timeframe: '1w' }))).rejects.toThrow(
      /serves timeframes 1m, 5m, 15m, 1h, 1d; got "1w"/,
    );
    await expect(new PolygonSource({ base: proxy.url }).fetchBars(req({ from: '2023-02-30' }))).rejects.toThrow(
      /from must be a date/,
    );
  });
});

describe('YahooSource', () => {
  it('fetches one chart through the proxy, cut to the requested days', async () => {
    const bars = await new YahooSource({ base: proxy.url }).fetchBars(req({ from: '2020-08-03', to: '2020-08-14' }));
    // ten sessions, one of which the fake serves with null prices (dropped by the normalizer)
    expect(bars.ts.length).toBe(9);
    expect(new Date(bars.ts[0]).toISOString().slice(0, 10)).toBe('2020-08-03');
    expect(new Date(bars.ts[8]).toISOString().slice(0, 10)).toBe('2020-08-14');
    const raw = await (
      await fetch(
        `${proxy.url}/api/yahoo/v8/finance/chart/AAPL?interval=1d&period1=${Date.parse('2020-08-03') / 1000}&period2=${Date.parse('2020-08-15') / 1000}`,
      )
    ).json();
    expect(Array.from(bars.close)).toEqual(yahooRows(raw).rows.map((r) => r.c));
    await expect(new YahooSource({ base: proxy.url }).fetchBars(req({ adjusted: false }))).rejects.toThrow(
      /split-adjusted prices only/,
    );
  });
});

describe('fetchIntoCache', () => {
  it('fetches only the missing days, with a short overlap in front of an extension', async () => {
    const c = counting(proxy.url);
    const src = new PolygonSource({ base: proxy.url, fetch: c.fetch });
    const cache = new BarCache(memoryBackend());
    const first = await fetchIntoCache(cache, src, req());
    expect(first.fetched).toEqual([{ from: '2023-01-01', to: '2023-03-31' }]);
    expect(c.paths).toHaveLength(1);
    const again = await fetchIntoCache(cache, src, req({ from: '2023-02-01', to: '2023-03-15' }));
    expect(again.fetched).toEqual([]);
    expect(c.paths).toHaveLength(1);
    expect(Array.from(again.bars.close)).toEqual(
      Array.from(
        first.bars.close.filter((_, i) => first.bars.ts[i] >= Date.UTC(2023, 1, 1) && first.bars.ts[i] < Date.UTC(2023, 2, 16)),
      ),
    );
    const ext = await fetchIntoCache(cache, src, req({ to: '2023-04-30' }));
    expect(ext.fetched).toEqual([{ from: `2023-03-${31 - OVERLAP_DAYS + 1}`, to: '2023-04-30' }]);
    expect(ext.changed).toEqual([]);
    expect(c.paths[1]).toContain(`/range/1/day/2023-03-25/2023-04-30?adjusted=true`);
    const whole = await new PolygonSource({ base: proxy.url }).fetchBars(req({ to: '2023-04-30' }));
    expect(Array.from(ext.bars.ts)).toEqual(Array.from(whole.ts));
    expect(ext.bars.symbol).toBe('POLYGON:AAPL');
  });

  it('refetches a month whose chunk fails its checksum, and only that month', async () => {
    const backend = memoryBackend();
    const cache = new BarCache(backend);
    const c = counting(proxy.url);
    const src = new PolygonSource({ base: proxy.url, fetch: c.fetch });
    const first = await fetchIntoCache(cache, src, req());
    backend.blobs.get('polygon|AAPL|1d|adj|2023-02')![100] ^= 0x55;
    const again = await fetchIntoCache(cache, src, req());
    expect(again.discarded).toEqual(['2023-02']);
    expect(again.fetched).toEqual([{ from: '2023-01-25', to: '2023-02-28' }]);
    expect(Array.from(again.bars.close)).toEqual(Array.from(first.bars.close));
  });

  it('detects cached bars changed upstream (content hash of the overlap) and refetches the whole cached span', async () => {
    // The fake generates split-adjusted prices and un-adjusts adjusted=false answers by its split table, so
    // switching to a fake with a 4:1 split on 2023-05-15 changes every earlier unadjusted bar: the same kind of
    // change a new split makes to real adjusted=true history.
    const cache = new BarCache(memoryBackend());
    await fetchIntoCache(cache, new PolygonSource({ base: proxy.url }), req({ to: '2023-04-30', adjusted: false }));
    const after = await fetchIntoCache(
      cache,
      new PolygonSource({ base: splitProxy.url }),
      req({ to: '2023-06-30', adjusted: false }),
    );
    expect(after.changed).toEqual(['2023-04']);
    expect(after.fetched).toEqual([
      { from: '2023-04-24', to: '2023-06-30' },
      { from: '2023-01-01', to: '2023-06-30' },
    ]);
    const truth = await new PolygonSource({ base: splitProxy.url }).fetchBars(req({ to: '2023-06-30', adjusted: false }));
    expect(after.bars.symbol).toBe('POLYGON.RAW:AAPL');
    expect(Array.from(after.bars.close)).toEqual(Array.from(truth.close));
  });

  it('stores CSV imports under source csv and serves the demo market', async () => {
    const cache = new BarCache(memoryBackend());
    const csv = new CsvSource(
      'Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1.5,2,1,1.8\n2024-01-04,1.8,2,1.1,1.2\n',
      'MINE',
    );
    const bars = await csv.fetchBars({ symbol: 'MINE', timeframe: '1d', from: '2024-01-03', to: '2024-01-31', adjusted: true });
    expect(Array.from(bars.close)).toEqual([1.8, 1.2]);
    const s = await importIntoCache(cache, 'MINE', bars);
    expect((await cache.list())[0]).toMatchObject({
      id: 'CSV:MINE',
      source: 'csv',
      from: '2024-01-03',
      to: '2024-01-04',
      rows: 2,
    });
    expect((await cache.read(s)).bars.close[1]).toBe(1.2);
    const demo = await new DemoSource().fetchBars({
      symbol: 'DEMO:ACME',
      timeframe: '1d',
      from: '2020-01-01',
      to: '2020-01-31',
      adjusted: true,
    });
    expect(demo.ts.length).toBeGreaterThan(18);
    await expect(
      new DemoSource().fetchBars({ symbol: 'NOPE', timeframe: '1d', from: '2020-01-01', to: '2020-01-31', adjusted: true }),
    ).rejects.toThrow(/not a demo symbol/);
  });
});

describe('checkDay', () => {
  it('accepts real dates and names the field for malformed or impossible ones (no bare "Invalid time value")', () => {
    expect(() => checkDay('from', '2024-02-29')).not.toThrow();
    for (const bad of ['2024-13-01', '2023-02-29', '2024-00-10', '2024-1-01', '', 20240101, null]) {
      expect(() => checkDay('from', bad)).toThrow(/^from must be a date YYYY-MM-DD, got /);
    }
  });
});
