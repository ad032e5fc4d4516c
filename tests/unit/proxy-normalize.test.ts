/**
 * Pure pieces around the market-data sources: Polygon and Yahoo normalizers on hand-written answers (times
 * checked against hand-computed instants), the Intl time-zone helper, and the proxy's new configuration.
 */
import { describe, expect, it } from 'vitest';
import { normalizePolygonAggs, polygonRows, polygonTimeframe } from '../../src/sources/polygon';
import { naiveConverter, zoneOffsetMs } from '../../src/sources/timezone';
import { normalizeYahooChart, yahooRows } from '../../src/sources/yahoo';
import { defaultWsUrl, readConfig } from '../../proxy/config';
import { nyNaive } from '../../proxy/stream';

describe('time zones', () => {
  it('gives New York and Berlin offsets by date (DST) from Intl', () => {
    expect(zoneOffsetMs('America/New_York', Date.UTC(2021, 2, 14, 6, 59))).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs('America/New_York', Date.UTC(2021, 2, 14, 7))).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2021, 2, 28, 0, 59))).toBe(3_600_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2021, 2, 28, 1))).toBe(2 * 3_600_000);
    expect(zoneOffsetMs('Asia/Kolkata', Date.UTC(2021, 0, 1))).toBe(5.5 * 3_600_000);
    const f = naiveConverter('America/New_York');
    // A minute series across the 2021-11-07 fall-back: the memoised buckets switch at 06:00Z.
    expect(f(Date.UTC(2021, 10, 7, 5, 59))).toBe(Date.UTC(2021, 10, 7, 1, 59));
    expect(f(Date.UTC(2021, 10, 7, 6, 0))).toBe(Date.UTC(2021, 10, 7, 1, 0));
    expect(() => naiveConverter('Mars/Olympus')).toThrow(RangeError);
  });

  it('the proxy’s rule-based New York conversion agrees with Intl hour by hour over 2007–2030', () => {
    const f = naiveConverter('America/New_York');
    for (let t = Date.UTC(2007, 0, 1); t < Date.UTC(2030, 0, 1); t += 3_600_000 * 7) expect(nyNaive(t)).toBe(f(t));
  });
});

describe('polygon normalizer', () => {
  it('turns UTC window starts into naive New York times (daily → midnight, minutes → wall clock) across DST', () => {
    const pages = [
      { ticker: 'AAPL', results: [{ t: 1578027600000, o: 2, h: 3, l: 1, c: 2.5, v: 10.5 }, { t: 1577941200000, o: 1, h: 2, l: 0.5, c: 1.5, v: 7 }], next_url: 'x' },
      { ticker: 'AAPL', queryCount: 0, resultsCount: 0, status: 'OK' }, // results omitted: an empty page
      { ticker: 'AAPL', results: [{ t: Date.UTC(2020, 6, 1, 4), o: 1, h: 1, l: 1, c: 1 }] },
    ];
    const b = normalizePolygonAggs(pages, 'AAPL', 1, 'day');
    expect(b.timeframe).toBe('1d');
    expect(Array.from(b.ts)).toEqual([Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3), Date.UTC(2020, 6, 1)]);
    expect(Array.from(b.volume)).toEqual([7, 10.5, NaN]);
    const m = polygonRows([{ results: [{ t: Date.UTC(2021, 2, 12, 14, 30), o: 1, h: 1, l: 1, c: 1, v: 1 }, { t: Date.UTC(2021, 2, 15, 13, 30), o: 1, h: 1, l: 1, c: 1, v: 1 }] }]);
    expect(m.map((r) => r.t)).toEqual([Date.UTC(2021, 2, 12, 9, 30), Date.UTC(2021, 2, 15, 9, 30)]);
  });

  it('drops malformed bars, deduplicates, and names bad input', () => {
    const rows = polygonRows([{ results: [{ t: 5, o: 1, h: 1, l: 1, c: 1 }, { t: 5, o: 2, h: 2, l: 2, c: 2 }, { t: 6, o: null, h: 1, l: 1, c: 1 }] }]);
    expect(rows).toHaveLength(1);
    expect(rows[0].o).toBe(2);
    expect(() => polygonRows(['x'])).toThrow(/page 1: expected a JSON object/);
    expect(() => polygonRows([{ results: 3 }])).toThrow(/page 1: results must be an array/);
    expect(polygonTimeframe(1, 'hour')).toBe('1h');
    expect(polygonTimeframe(1, 'week')).toBe('1w');
    expect(() => polygonTimeframe(2, 'day')).toThrow(/multiplier\/timespan 2 day has no timeframe; valid: 1 minute/);
  });
});

describe('yahoo normalizer', () => {
  const answer = (meta: Record<string, unknown>, ts: number[], q: Record<string, (number | null)[]>, adj?: (number | null)[]) => ({
    chart: { result: [{ meta, timestamp: ts, indicators: { quote: [q], ...(adj ? { adjclose: [{ adjclose: adj }] } : {}) } }], error: null },
  });
  const S = (iso: string): number => Date.parse(iso) / 1000;

  it('uses the IANA zone, not the current gmtoffset, for history; falls back to gmtoffset without a zone', () => {
    // Answered in summer (gmtoffset −4 h) for bars on both sides of 2021-03-14.
    const meta = { symbol: 'AAPL', dataGranularity: '5m', gmtoffset: -14400, exchangeTimezoneName: 'America/New_York' };
    const q = { open: [1, 2], high: [1, 2], low: [1, 2], close: [1, 2], volume: [5, null] };
    const b = normalizeYahooChart(answer(meta, [S('2021-03-12T14:30:00Z'), S('2021-03-15T13:30:00Z')], q));
    expect(b.timeframe).toBe('5m');
    expect(Array.from(b.ts)).toEqual([Date.UTC(2021, 2, 12, 9, 30), Date.UTC(2021, 2, 15, 9, 30)]);
    expect(Array.from(b.volume)).toEqual([5, NaN]);
    const noZone = yahooRows(answer({ ...meta, exchangeTimezoneName: undefined }, [S('2021-03-15T13:30:00Z')], { open: [1], high: [1], low: [1], close: [1], volume: [1] }));
    expect(noZone.timezone).toBe('UTC-4');
    expect(noZone.rows[0].t).toBe(Date.UTC(2021, 2, 15, 9, 30));
  });

  it('drops bars with a null price, maps daily bars to the local date, applies adjclose only when asked', () => {
    const meta = { symbol: 'MSFT', dataGranularity: '1d', gmtoffset: -18000, exchangeTimezoneName: 'America/New_York' };
    const ts = [S('2020-01-02T14:30:00Z'), S('2020-01-03T14:30:00Z'), S('2020-07-01T13:30:00Z')];
    const q = { open: [10, null, 20], high: [11, null, 21], low: [9, null, 19], close: [10, null, 20], volume: [1, null, 2] };
    const split = normalizeYahooChart(answer(meta, ts, q, [9, null, 19]));
    expect(Array.from(split.ts)).toEqual([Date.UTC(2020, 0, 2), Date.UTC(2020, 6, 1)]);
    expect(Array.from(split.close)).toEqual([10, 20]);
    const total = normalizeYahooChart(answer(meta, ts, q, [9, null, 19]), 'total');
    expect(Array.from(total.close)).toEqual([9, 19]);
    expect(total.open[0]).toBeCloseTo(9, 12);
    expect(total.high[1]).toBeCloseTo(21 * 0.95, 12);
    expect(() => yahooRows(answer(meta, ts, { ...q, open: [1] }))).toThrow(/quote\[0\]\.open must be an array as long as timestamp/);
  });
});

describe('proxy configuration of the new sources', () => {
  it('defaults: Yahoo base and budget, WebSocket URL derived from the REST base, stream knobs', () => {
    const c = readConfig({});
    expect(c.yahooBaseUrl).toBe('https://query2.finance.yahoo.com');
    expect(c.yahooBudgetPerWindow).toBe(20);
    expect(c.wsUrl).toBe('wss://delayed.polygon.io/stocks');
    expect([c.streamPollMs, c.streamMaxClients]).toEqual([60_000, 1000]);
    expect(defaultWsUrl('https://api.massive.com')).toBe('wss://delayed.polygon.io/stocks');
    expect(defaultWsUrl('http://127.0.0.1:9999')).toBe('ws://127.0.0.1:9999/stocks');
    expect(readConfig({ POLYGON_WS_URL: 'wss://socket.polygon.io/stocks' }).wsUrl).toBe('wss://socket.polygon.io/stocks');
    expect(() => readConfig({ POLYGON_WS_URL: 'https://x' })).toThrow(/POLYGON_WS_URL must be wss\/ws/);
    expect(() => readConfig({ YAHOO_BASE_URL: 'nope' })).toThrow(/YAHOO_BASE_URL is not a URL/);
    expect(() => readConfig({ YAHOO_BUDGET_PER_MIN: '0' })).toThrow(/YAHOO_BUDGET_PER_MIN must be a positive integer/);
  });
});
