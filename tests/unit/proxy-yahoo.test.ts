/**
 * The Yahoo backup route as real servers (fake Yahoo + proxy on loopback): allow-listed query, no Polygon key
 * ever sent to Yahoo, errors mapped, own budget, caching; and the normalizer on answers fetched through it
 * (DST-correct times, nulls dropped, adjclose).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeYahoo, type FakeYahoo } from '../../proxy/fake-yahoo/app';
import { yahooTtl } from '../../proxy/yahoo';
import { TTL } from '../../proxy/cache';
import { normalizeYahooChart, yahooRows } from '../../src/sources/yahoo';
import { KEY, get, listen, startFake, startProxy, type Running, type Seen } from './proxy-harness';

const NOW = Date.UTC(2021, 3, 1, 12); // the fake's clock: Thu 2021-04-01, after both US (03-14) and EU (03-28) DST starts
const seen: Seen = { texts: [] };
let yahoo: Running & { fake: FakeYahoo };
let polygon: Running;
let proxy: Running;
const s = (iso: string): number => Date.parse(iso) / 1000;
const chart = (sym: string, q: string): string => `${proxy.url}/api/yahoo/v8/finance/chart/${sym}?${q}`;
const started: Running[] = [];

async function proxyWith(env: Record<string, string>, deps = {}): Promise<Running> {
  const p = await startProxy({ POLYGON_API_KEY: KEY, POLYGON_BASE_URL: polygon.url, YAHOO_BASE_URL: yahoo.url, CLIENT_RATE_PER_MIN: '100000', YAHOO_BUDGET_PER_MIN: '1000', ...env }, deps, seen);
  started.push(p);
  return p;
}

beforeAll(async () => {
  const fake = createFakeYahoo({ now: () => NOW });
  yahoo = { ...(await listen(fake.app.fetch as never)), fake };
  polygon = await startFake();
  proxy = await proxyWith({});
});
afterAll(async () => {
  await Promise.all([...started.map((p) => p.close()), yahoo?.close(), polygon?.close()]);
  for (const t of seen.texts) expect(t).not.toContain(KEY);
});
beforeEach(() => yahoo.fake.reset());

describe('yahoo route', () => {
  it('forwards the chart with a canonical query, never the Polygon key, with a browser User-Agent', async () => {
    const r = await get(seen, chart('AAPL', `period2=${s('2020-09-03')}&period1=${s('2020-08-27')}&interval=1d&events=div|split&apiKey=${KEY}`));
    expect(r.status).toBe(200);
    const res = (r.json.chart as { result: Record<string, unknown>[] }).result[0];
    expect((res.meta as Record<string, unknown>).symbol).toBe('AAPL');
    expect(res.events).toEqual({ splits: { [s('2020-08-31T13:30:00Z')]: { date: s('2020-08-31T13:30:00Z'), numerator: 4, denominator: 1, splitRatio: '4:1' } } });
    expect(yahoo.fake.hits).toHaveLength(1);
    const hit = yahoo.fake.hits[0];
    expect(hit.url).toBe(`/v8/finance/chart/AAPL?events=div%7Csplit&interval=1d&period1=${s('2020-08-27')}&period2=${s('2020-09-03')}`);
    expect(hit.headers.authorization).toBeUndefined();
    expect(JSON.stringify(hit.headers)).not.toContain(KEY);
    expect(hit.headers['user-agent']).toMatch(/^Mozilla\/5\.0/);
    expect(r.headers.get('x-proxy-cache')).toBe('miss');
    // Closed range: cached (a day); same query in another order is the same entry.
    const again = await get(seen, chart('AAPL', `events=div|split&interval=1d&period1=${s('2020-08-27')}&period2=${s('2020-09-03')}`));
    expect(again.headers.get('x-proxy-cache')).toBe('hit');
    expect(yahoo.fake.hits).toHaveLength(1);
  });

  it('validates symbol and query against the allow-list (400 naming the parameter), without calling Yahoo', async () => {
    const cases: [string, string, RegExp][] = [
      ['AAPL', 'range=1y&interval=7m', /interval must be one of 1m\|2m\|5m/],
      ['AAPL', 'range=7y', /range must be one of 1d\|5d/],
      ['AAPL', 'period1=abc', /period1 must be Unix seconds/],
      ['AAPL', 'range=1y&period1=1', /either range or period1\/period2/],
      ['AAPL', 'interval=1d', /period1 \(Unix seconds\) or range is required/],
      ['AAPL', 'period2=100', /period2 needs period1/],
      ['AAPL', 'period1=200&period2=100', /period1 \(200\) must be before period2 \(100\)/],
      ['AAPL', 'range=1y&includePrePost=yes', /includePrePost must be one of true\|false/],
      ['AAPL', 'range=1y&events=earnings', /events must be div, split/],
      ['AAPL', 'range=1y&crumb=x', /unknown query parameter "crumb"/],
      ['AAPL', 'range=1y&__proto__=x', /unknown query parameter "__proto__"/], // found by the fuzz test: was a 500
      ['AAPL', 'range=1y&range=2y', /given more than once/],
      ['AA%2FPL', 'range=1y', /symbol must be a Yahoo symbol/],
    ];
    for (const [sym, q, re] of cases) {
      const r = await get(seen, chart(sym, q));
      expect(r.status, q).toBe(400);
      expect(r.json.error, q).toMatch(re);
    }
    expect(yahoo.fake.hits).toHaveLength(0);
    // Special symbols pass: index (^ encoded) and currency.
    expect((await get(seen, chart('%5EGSPC', 'range=5d'))).status).toBe(200);
    expect(yahoo.fake.hits[0].url).toMatch(/^\/v8\/finance\/chart\/%5EGSPC\?/);
  });

  it('maps Yahoo errors: 404 unknown symbol, 400 with Yahoo’s description, 429 with Retry-After, 5xx → 502', async () => {
    const nf = await get(seen, chart('NOPE', 'range=1mo'));
    expect(nf.status).toBe(404);
    expect(nf.json.error).toBe('Yahoo has no data for NOPE: No data found, symbol may be delisted');
    const old = await get(seen, chart('AAPL', `period1=${s('2021-01-04')}&period2=${s('2021-01-08')}&interval=1m`));
    expect(old.status).toBe(400);
    expect(old.json.error).toMatch(/^Yahoo refused the parameters: 1m data not available .* Only 7 days worth of 1m granularity data/);
    const p = await proxyWith({}, { retryMaxMs: 300, retryBaseMs: 50 });
    yahoo.fake.inject({ status: 429, times: 20 });
    const limited = await get(seen, `${p.url}/api/yahoo/v8/finance/chart/MSFT?range=1mo`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.json.error).toMatch(/Yahoo throttled the proxy \(HTTP 429\) after [2-9] attempt\(s\)/);
    yahoo.fake.reset();
    yahoo.fake.inject({ status: 503, times: 20 });
    const down = await get(seen, `${p.url}/api/yahoo/v8/finance/chart/SPY?range=1mo`);
    expect(down.status).toBe(502);
    expect(down.json.error).toMatch(/Yahoo failed with HTTP 503/);
  });

  it('has its own budget: beyond YAHOO_BUDGET_PER_MIN the overflow gets 429 without touching Polygon’s', async () => {
    const p = await proxyWith({ YAHOO_BUDGET_PER_MIN: '2', MAX_QUEUE_WAIT_MS: '1' });
    const rs = await Promise.all(['1mo', '3mo', '6mo', '1y'].map((r) => get(seen, `${p.url}/api/yahoo/v8/finance/chart/KO?range=${r}`)));
    // KO is not in the fake's universe: 404s count against the budget like any call.
    expect(rs.filter((r) => r.status === 404)).toHaveLength(2);
    const refused = rs.filter((r) => r.status === 429);
    expect(refused).toHaveLength(2);
    expect(refused[0].json.error).toMatch(/Yahoo budget of 2 requests\/min is used up/);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const poly = await get(seen, `${p.url}/api/polygon/v2/aggs/ticker/AAPL/range/1/day/2020-01-02/2020-01-03`);
    expect(poly.status).toBe(200);
  });

  it('caches closed ranges for a day and relative ones for minutes', () => {
    const now = Date.UTC(2024, 5, 10, 15);
    const q = (x: string): URLSearchParams => new URLSearchParams(x);
    expect(yahooTtl(q('range=1y'), now)).toBe(TTL.live);
    expect(yahooTtl(q('period1=1'), now)).toBe(TTL.live);
    expect(yahooTtl(q(`period1=1&period2=${Date.UTC(2024, 5, 8) / 1000}`), now)).toBe(TTL.closedAdjusted);
    expect(yahooTtl(q(`period1=1&period2=${Date.UTC(2024, 5, 10, 13) / 1000}`), now)).toBe(TTL.live);
  });
});

describe('yahoo normalizer on answers through the proxy', () => {
  it('converts intraday times with the real zone rules across DST (New York and Berlin), not the current gmtoffset', async () => {
    const ny = (await get(seen, chart('AAPL', `period1=${s('2021-03-12')}&period2=${s('2021-03-16')}&interval=30m`))).json;
    expect((ny.chart as { result: { meta: { gmtoffset: number } }[] }).result[0].meta.gmtoffset).toBe(-14400); // EDT now
    const rows = yahooRows(ny).rows;
    const tod = (t: number): string => new Date(t).toISOString().slice(11, 16);
    const slots = Array.from({ length: 13 }, (_, i) => tod(Date.UTC(2021, 0, 1, 9, 30 + 30 * i)));
    // Friday (EST) and Monday (EDT) bars both sit on the 09:30…15:30 half-hour grid of New York time.
    for (const r of rows) expect(slots).toContain(tod(r.t));
    for (const day of [12, 15]) expect(rows.filter((r) => new Date(r.t).getUTCDate() === day).length).toBeGreaterThanOrEqual(11);
    const de = (await get(seen, chart('SAP.DE', `period1=${s('2021-03-26')}&period2=${s('2021-03-30')}&interval=15m`))).json;
    const deRows = yahooRows(de).rows;
    expect(yahooRows(de).timezone).toBe('Europe/Berlin');
    // Friday (CET) and Monday (CEST): XETRA's 09:00–17:30 session in Berlin time on both days.
    for (const day of [26, 29]) {
      const its = deRows.filter((r) => new Date(r.t).getUTCDate() === day).map((r) => tod(r.t));
      expect(its.length).toBeGreaterThanOrEqual(30);
      expect(its[0] <= '09:15').toBe(true);
      for (const t of its) expect(t >= '09:00' && t <= '17:15', t).toBe(true);
    }
  });

  it('30m is not a product timeframe; 60m is 1h; daily bars become local midnight; nulls dropped; volume null → NaN', async () => {
    const m30 = (await get(seen, chart('AAPL', `period1=${s('2021-03-12')}&period2=${s('2021-03-16')}&interval=30m`))).json;
    expect(() => normalizeYahooChart(m30)).toThrow(/interval 30m has no timeframe; valid: 1m, 5m, 15m, 60m, 1h, 1d, 1wk, 1mo/);
    const h = normalizeYahooChart((await get(seen, chart('MSFT', `period1=${s('2021-03-01')}&period2=${s('2021-03-20')}&interval=60m`))).json);
    expect(h.timeframe).toBe('1h');
    const raw = (await get(seen, chart('AAPL', `period1=${s('2019-01-01')}&period2=${s('2021-01-01')}&interval=1d`))).json;
    const res = (raw.chart as { result: { timestamp: number[]; indicators: { quote: Record<string, (number | null)[]>[] } }[] }).result[0];
    const q = res.indicators.quote[0];
    const nullBars = q.close.filter((x) => x === null).length;
    const nullVolumeOnly = q.volume.filter((x, i) => x === null && q.close[i] !== null).length;
    expect(nullBars).toBeGreaterThan(0);
    expect(nullVolumeOnly).toBeGreaterThan(0);
    const d = normalizeYahooChart(raw);
    expect(d.timeframe).toBe('1d');
    expect(d.ts.length).toBe(res.timestamp.length - nullBars);
    for (const t of d.ts) expect(t % 86_400_000).toBe(0);
    expect(d.ts[0]).toBe(Date.UTC(2019, 0, 2)); // first session of 2019
    expect(Array.from(d.volume).filter(Number.isNaN)).toHaveLength(nullVolumeOnly);
    for (let i = 0; i < d.ts.length; i++) expect(d.high[i]).toBeGreaterThanOrEqual(d.low[i]);
  });

  it('adjust "total" scales OHLC by adjclose/close (dividends); split-only is the default', async () => {
    const raw = (await get(seen, chart('MSFT', `period1=${s('2020-01-01')}&period2=${s('2020-03-01')}&interval=1d&events=div`))).json;
    const res = (raw.chart as { result: { events: { dividends: Record<string, { amount: number }> }; indicators: { quote: Record<string, (number | null)[]>[]; adjclose: { adjclose: (number | null)[] }[] } }[] }).result[0];
    expect(Object.values(res.events.dividends).map((x) => x.amount)).toEqual([0.75]);
    const split = normalizeYahooChart(raw);
    const total = normalizeYahooChart(raw, 'total');
    const closes = res.indicators.quote[0].close.filter((x) => x !== null);
    const adj = res.indicators.adjclose[0].adjclose.filter((x) => x !== null);
    expect(Array.from(split.close)).toEqual(closes);
    for (let i = 0; i < total.ts.length; i++) {
      const f = adj[i]! / closes[i]!;
      expect(f).toBeLessThan(1); // later dividends (2020-02-19 … 2021-02) lower every earlier price
      expect(total.close[i]).toBeCloseTo(adj[i]!, 9);
      expect(total.open[i]).toBeCloseTo(split.open[i] * f, 9);
      expect(total.volume[i]).toBe(split.volume[i]);
    }
    const intraday = (await get(seen, chart('MSFT', `period1=${s('2021-03-30')}&period2=${s('2021-03-31')}&interval=5m`))).json;
    expect(() => normalizeYahooChart(intraday, 'total')).toThrow(/adjust "total" needs adjclose/);
  });

  it('an empty range is zero bars; Yahoo errors throw with their description', async () => {
    const empty = (await get(seen, chart('AAPL', `period1=${s('2021-01-02')}&period2=${s('2021-01-04')}&interval=1d`))).json;
    expect(normalizeYahooChart(empty).ts.length).toBe(0);
    const nf = { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } };
    expect(() => normalizeYahooChart(nf)).toThrow('Yahoo: No data found, symbol may be delisted');
    expect(() => normalizeYahooChart({})).toThrow(/not a Yahoo chart answer/);
  });
});
