/**
 * The scanner's "US market" universe: grouped daily answers (fake-polygon.md wire format, hand-made fixtures) →
 * per-ticker Bars, the candidate session dates and the request estimate, and the fetch helper against a mocked
 * fetch (dates in order, holidays and empty answers skipped, 429 + Retry-After waited within bounds, abort, errors
 * naming the date), plus one run through the real proxy against the fake Polygon.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { candidateSessions, groupedEstimate, groupedSeries, previousWeekday, type GroupedDay } from '../../src/sources/grouped';
import { fetchGroupedDays, fetchGroupedSeries, groupedPath, type GroupedProgress } from '../../src/sources/grouped-fetch';
import { normalizePolygonAggs } from '../../src/sources/polygon';
import { SourceError, type ProxyHttp } from '../../src/sources/source';
import { KEY, startFake, startProxy, type Running } from './proxy-harness';

// 00:00 New York as UTC ms: winter (EST, +5 h) and summer (EDT, +4 h).
const ny = (day: string): number =>
  Date.parse(`${day}T00:00:00Z`) + (day >= '2024-03-10' && day < '2024-11-03' ? 4 : 5) * 3_600_000;
const naive = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const bar = (T: string, day: string, c: number, extra: Record<string, unknown> = {}) => ({
  T,
  v: 1000 + c,
  vw: c,
  o: c - 1,
  c,
  h: c + 1,
  l: c - 2,
  t: ny(day),
  n: 7,
  ...extra,
});
const answer = (results: unknown[] | undefined) => ({
  queryCount: results?.length ?? 0,
  resultsCount: results?.length ?? 0,
  adjusted: true,
  ...(results ? { results } : {}),
  status: 'OK',
  request_id: 'a'.repeat(32),
  count: results?.length ?? 0,
});

describe('groupedSeries', () => {
  const days: GroupedDay[] = [
    // Given out of order on purpose.
    {
      date: '2024-03-11',
      body: answer([bar('AAPL', '2024-03-11', 172), bar('MSFT', '2024-03-11', 404), bar('NEWCO', '2024-03-11', 10)]),
    },
    {
      date: '2024-03-07',
      body: answer([bar('AAPL', '2024-03-07', 169), bar('MSFT', '2024-03-07', 409), bar('GONE', '2024-03-07', 5)]),
    },
    { date: '2024-03-08', body: answer([bar('AAPL', '2024-03-08', 170), bar('GONE', '2024-03-08', 4)]) },
    { date: '2024-03-09', body: answer(undefined) },
  ];

  it('builds ragged per-ticker series in naive New York time across a DST change, dropping tickers absent on the last session', () => {
    const s = groupedSeries(days);
    expect(s.sessions).toEqual(['2024-03-07', '2024-03-08', '2024-03-11']);
    expect(s.empty).toEqual(['2024-03-09']);
    expect(s.bars.map((b) => b.symbol)).toEqual(['AAPL', 'MSFT', 'NEWCO']);
    const [aapl, msft, newco] = s.bars;
    expect([...aapl.ts]).toEqual([naive('2024-03-07'), naive('2024-03-08'), naive('2024-03-11')]);
    expect([...aapl.close]).toEqual([169, 170, 172]);
    expect([...aapl.open]).toEqual([168, 169, 171]);
    expect([...aapl.volume]).toEqual([1169, 1170, 1172]);
    expect(aapl.timeframe).toBe('1d');
    // MSFT missed 03-08: kept with a gap (ragged), not padded.
    expect([...msft.ts]).toEqual([naive('2024-03-07'), naive('2024-03-11')]);
    expect([...newco.close]).toEqual([10]);
    expect(s.dropped).toEqual({ notOnLastSession: 1, tooFewBars: 0, badTicker: 0, badRow: 0 });
  });

  it('keeps stale tickers when asked, and drops short series by minBars', () => {
    const all = groupedSeries(days, { requireLastSession: false });
    expect(all.bars.map((b) => b.symbol)).toEqual(['AAPL', 'GONE', 'MSFT', 'NEWCO']);
    const two = groupedSeries(days, { minBars: 2 });
    expect(two.bars.map((b) => b.symbol)).toEqual(['AAPL', 'MSFT']);
    expect(two.dropped).toMatchObject({ notOnLastSession: 1, tooFewBars: 1 });
  });

  it('normalises exactly as the aggregates route does (src/sources/polygon.ts)', () => {
    const rows = days.flatMap((d) =>
      ((d.body as { results?: Record<string, unknown>[] }).results ?? []).filter((r) => r.T === 'AAPL'),
    );
    const viaAggs = normalizePolygonAggs([{ ticker: 'AAPL', results: rows.map(({ T: _t, ...r }) => r) }], 'AAPL', 1, 'day');
    expect(groupedSeries(days).bars[0]).toEqual(viaAggs);
  });

  it('drops rows without a ticker or with non-finite prices, counting them; missing v becomes NaN', () => {
    const s = groupedSeries([
      {
        date: '2024-01-02',
        body: answer([
          bar('OK', '2024-01-02', 5, { v: undefined }),
          bar('', '2024-01-02', 5),
          { ...bar('X', '2024-01-02', 5), T: 7 },
          bar('BAD', '2024-01-02', 5, { c: 'x' }),
          bar('has space', '2024-01-02', 1),
        ]),
      },
    ]);
    expect(s.bars.map((b) => b.symbol)).toEqual(['OK']);
    expect(Number.isNaN(s.bars[0].volume[0])).toBe(true);
    expect(s.dropped).toEqual({ notOnLastSession: 0, tooFewBars: 0, badTicker: 3, badRow: 1 });
  });

  it('rejects malformed answers and dates with messages naming them', () => {
    expect(() => groupedSeries([{ date: '2024-01-02', body: 'nope' }])).toThrow(
      'grouped daily 2024-01-02: expected a JSON object',
    );
    expect(() => groupedSeries([{ date: '2024-01-02', body: { results: {} } }])).toThrow(
      'grouped daily 2024-01-02: results must be an array',
    );
    expect(() => groupedSeries([{ date: '2024-02-30', body: answer([]) }])).toThrow(
      'grouped date must be a date YYYY-MM-DD, got "2024-02-30"',
    );
    expect(() =>
      groupedSeries([
        { date: '2024-01-02', body: answer([]) },
        { date: '2024-01-02', body: answer([]) },
      ]),
    ).toThrow('given twice');
    expect(() => groupedSeries([], { minBars: 0 })).toThrow('minBars must be an integer 1..300, got 0');
    expect(groupedSeries([])).toMatchObject({ bars: [], sessions: [], empty: [] });
  });
});

describe('session dates and the estimate', () => {
  it('walks back over weekdays, skipping NYSE rule-based holidays', () => {
    // 2024-07-04 (Thursday) is Independence Day; 07-06/07 a weekend.
    expect(candidateSessions('2024-07-08', 4)).toEqual(['2024-07-08', '2024-07-05', '2024-07-03', '2024-07-02']);
    // Starting on a Sunday; New Year 2024 (Monday) is closed.
    expect(candidateSessions('2024-01-07', 5)).toEqual(['2024-01-05', '2024-01-04', '2024-01-03', '2024-01-02', '2023-12-29']);
    expect(() => candidateSessions('2024-13-01', 1)).toThrow('date must be a date YYYY-MM-DD');
    expect(() => candidateSessions('2024-01-02', 0)).toThrow('count must be an integer');
  });

  it('quotes requests and minutes at the free plan rate', () => {
    expect(groupedEstimate(40)).toEqual({ requests: 40, minutes: 8, label: '40 requests ≈ 8 minutes at 5/min' });
    expect(groupedEstimate(1).label).toBe('1 request ≈ 0.2 minutes at 5/min');
    expect(groupedEstimate(5).label).toBe('5 requests ≈ 1 minute at 5/min');
    expect(groupedEstimate(252, 10).label).toBe('252 requests ≈ 25.2 minutes at 10/min');
    expect(() => groupedEstimate(0)).toThrow('sessions must be an integer 1..300, got 0');
    expect(() => groupedEstimate(301)).toThrow('sessions must be an integer 1..300, got 301');
  });

  it('defaults to the previous weekday', () => {
    expect(previousWeekday(Date.parse('2024-03-11T15:00:00Z'))).toBe('2024-03-08'); // Monday → Friday
    expect(previousWeekday(Date.parse('2024-03-13T01:00:00Z'))).toBe('2024-03-12');
  });
});

/** A mocked proxy: answers per date, an optional script of raw responses first; records every URL asked. */
function mockProxy(perDate: (date: string) => Response) {
  const urls: string[] = [];
  const slept: number[] = [];
  const http: ProxyHttp = {
    base: '',
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      const url = String(input);
      urls.push(url);
      return perDate(/stocks\/(\d{4}-\d{2}-\d{2})/.exec(url)?.[1] ?? '');
    }) as typeof fetch,
    sleep: async (ms) => {
      slept.push(ms);
    },
  };
  return { http, urls, slept };
}
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers });

describe('fetchGroupedDays (mocked fetch)', () => {
  it('asks one date per request through same-origin /api, newest first, skipping holidays and empty answers', async () => {
    // 2024-07-03 answers empty (as if an unlisted closure); 07-04 is never asked (rule-based holiday).
    const { http, urls } = mockProxy((d) =>
      json(answer(d === '2024-07-03' ? undefined : [bar('AAPL', d, 1), bar('MSFT', d, 2)])),
    );
    const progress: GroupedProgress[] = [];
    const got = await fetchGroupedDays(http, { date: '2024-07-08', sessions: 3 }, { onProgress: (p) => progress.push(p) });
    expect(urls).toEqual(
      ['2024-07-08', '2024-07-05', '2024-07-03', '2024-07-02'].map(
        (d) => `/api/polygon/v2/aggs/grouped/locale/us/market/stocks/${d}?adjusted=true`,
      ),
    );
    expect(got.days.map((d) => d.date)).toEqual(['2024-07-02', '2024-07-05', '2024-07-08']);
    expect(got.empty).toEqual(['2024-07-03']);
    expect(got.requests).toBe(4);
    expect(progress.map((p) => [p.requests, p.found, p.date, p.tickers])).toEqual([
      [1, 1, '2024-07-08', 2],
      [2, 2, '2024-07-05', 2],
      [3, 2, '2024-07-03', 0],
      [4, 3, '2024-07-02', 2],
    ]);
    expect(groupedPath('2024-07-08', false)).toBe(
      '/api/polygon/v2/aggs/grouped/locale/us/market/stocks/2024-07-08?adjusted=false',
    );
  });

  it('waits out a 429 per Retry-After, and fails naming the date when the wait would exceed the bound', async () => {
    let first = true;
    const { http, slept } = mockProxy((d) => {
      if (first) {
        first = false;
        return json({ error: 'upstream budget exhausted' }, 429, { 'retry-after': '12' });
      }
      return json(answer([bar('AAPL', d, 1)]));
    });
    const got = await fetchGroupedDays(http, { date: '2024-03-08', sessions: 2 });
    expect(slept).toEqual([12_000]);
    expect(got.days.map((d) => d.date)).toEqual(['2024-03-07', '2024-03-08']);

    const slow = mockProxy(() => json({ error: 'queue full' }, 429, { 'retry-after': '120' }));
    const err = await fetchGroupedDays(slow.http, { date: '2024-03-08', sessions: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ kind: 'rate-limited', retryAfter: 120 });
    expect((err as Error).message).toBe('grouped daily 2024-03-08: rate limited by the proxy (queue full); try again in 120 s');
    expect(slow.slept).toEqual([]);
  });

  it('stops at once when aborted between dates and during a 429 wait', async () => {
    const ac = new AbortController();
    const { http, urls } = mockProxy((d) => json(answer([bar('AAPL', d, 1)])));
    const err = await fetchGroupedDays(
      http,
      { date: '2024-03-08', sessions: 5 },
      { signal: ac.signal, onProgress: () => ac.abort() },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'aborted', message: 'cancelled' });
    expect(urls).toHaveLength(1);

    const ac2 = new AbortController();
    const waiting = mockProxy(() => json({}, 429, { 'retry-after': '1' }));
    waiting.http.sleep = (_ms, signal) =>
      new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new SourceError('aborted', 'cancelled'))));
    const p = fetchGroupedDays(waiting.http, { date: '2024-03-08', sessions: 1 }, { signal: ac2.signal });
    setTimeout(() => ac2.abort(), 5);
    await expect(p).rejects.toMatchObject({ kind: 'aborted', message: 'cancelled' });
  });

  it('names the date on errors and gives up after the empty-answer allowance', async () => {
    const eod = mockProxy(() =>
      json({ status: 'NOT_AUTHORIZED', message: "Attempted to request today's data before end of day" }, 403),
    );
    await expect(fetchGroupedDays(eod.http, { date: '2024-03-08', sessions: 2 })).rejects.toThrow(
      /^grouped daily 2024-03-08: the proxy answered 403: .*Attempted to request today's data before end of day/,
    );
    const future = mockProxy(() => json(answer(undefined)));
    await expect(fetchGroupedDays(future.http, { date: '2030-03-08', sessions: 40 }, { maxEmpty: 2 })).rejects.toThrow(
      'no grouped daily data on or before 2030-03-08 (3 requests, all empty): pick a past trading day',
    );
    expect(future.urls).toHaveLength(3);
    await expect(fetchGroupedDays(future.http, { date: '2024-03-08', sessions: 0 })).rejects.toThrow(
      'sessions must be an integer 1..300, got 0',
    );
    await expect(fetchGroupedDays(future.http, { date: '8 March', sessions: 1 })).rejects.toThrow(
      'date must be a date YYYY-MM-DD, got "8 March"',
    );
  });
});

describe('fetchGroupedSeries through the proxy against the fake Polygon', () => {
  const servers: Running[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('turns N grouped days into per-ticker series that match the aggregates route', async () => {
    const fake = await startFake({ now: () => Date.parse('2024-06-01T00:00:00Z') });
    servers.push(fake);
    const proxy = await startProxy(
      { POLYGON_API_KEY: KEY, POLYGON_BASE_URL: fake.url, UPSTREAM_BUDGET_PER_MIN: '10000', CLIENT_RATE_PER_MIN: '100000' },
      {},
      { texts: [] },
    );
    servers.push(proxy);
    const progress: GroupedProgress[] = [];
    const s = await fetchGroupedSeries(
      { base: proxy.url },
      { date: '2024-05-24', sessions: 5 },
      { onProgress: (p) => progress.push(p) },
    );
    expect(s.sessions).toEqual(['2024-05-20', '2024-05-21', '2024-05-22', '2024-05-23', '2024-05-24']);
    expect(s.requests).toBe(5);
    expect(progress).toHaveLength(5);
    expect(s.bars.length).toBeGreaterThan(3);
    const aapl = s.bars.find((b) => b.symbol === 'AAPL');
    expect(aapl?.close.length).toBe(5);
    const res = await fetch(
      `${proxy.url}/api/polygon/v2/aggs/ticker/AAPL/range/1/day/2024-05-20/2024-05-24?adjusted=true&sort=asc&limit=50000`,
    );
    const viaAggs = normalizePolygonAggs([await res.json()], 'AAPL', 1, 'day');
    expect(aapl).toEqual(viaAggs);
  });
});
