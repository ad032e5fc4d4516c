// The CLI's `fetch` command as a child process against a running proxy in front of the fake Polygon and the
// fake Yahoo: every page followed, timezone-naive times, adjusted vs raw, the Yahoo source, and clear errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeYahoo } from '../../proxy/fake-yahoo/app';
import { KEY, listen, startFake, startProxy, type Running, type Seen } from './proxy-harness';
import type { FakePolygon } from '../../proxy/fake-polygon/app';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const seen: Seen = { texts: [] };
let polygon: Running & { fake: FakePolygon };
let yahoo: Running;
let proxy: Running;
let tight: Running;
let closedPort = 0;

/** Runs one CLI batch (one request per line) and returns the parsed answers. */
function batch(requests: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), 'batch'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`cli exited ${code}: ${err}`));
      resolve(out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>));
    });
    child.stdin.end(requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
  });
}

type Row = { t: number; o: number; h: number; l: number; c: number; v: number | null };
const fetchReq = (over: Record<string, unknown>): Record<string, unknown> => ({
  cmd: 'fetch', proxy: proxy.url, source: 'polygon', symbol: 'AAPL', multiplier: 1, timespan: 'day', from: '2020-01-01', to: '2020-12-31', adjusted: true, ...over,
});

beforeAll(async () => {
  polygon = await startFake();
  const fy = createFakeYahoo({ now: () => Date.UTC(2021, 3, 1, 12) });
  yahoo = await listen(fy.app.fetch as never);
  const env = { POLYGON_API_KEY: KEY, POLYGON_BASE_URL: polygon.url, YAHOO_BASE_URL: yahoo.url, UPSTREAM_BUDGET_PER_MIN: '1000', CLIENT_RATE_PER_MIN: '100000' };
  proxy = await startProxy(env, {}, seen);
  tight = await startProxy({ ...env, UPSTREAM_BUDGET_PER_MIN: '1', MAX_QUEUE_WAIT_MS: '1' }, {}, seen);
  // A port that was free a moment ago: nothing listens there.
  closedPort = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
});
afterAll(async () => {
  await Promise.all([proxy?.close(), tight?.close(), polygon?.close(), yahoo?.close()]);
});

describe('cli fetch', () => {
  it('fetches Polygon bars through the proxy: daily rows at local midnight, minute rows over every page', async () => {
    polygon.fake.reset();
    const [day, raw, minute] = await batch([
      fetchReq({ id: 'day' }),
      fetchReq({ from: '2020-08-27', to: '2020-09-01', adjusted: false }),
      fetchReq({ multiplier: 1, timespan: 'minute', from: '2020-01-01', to: '2020-12-31' }),
    ]);
    expect(day).toMatchObject({ ok: true, id: 'day' });
    expect(Object.keys(day)).toEqual(['ok', 'id', 'bars']);
    const d = day.bars as Row[];
    // 2020: 262 weekdays minus the fake's 4 holidays (New Year, 3 July observed, Thanksgiving, Christmas).
    expect(d).toHaveLength(258);
    expect(d[0]).toMatchObject({ t: Date.UTC(2020, 0, 2) });
    expect(Object.keys(d[0])).toEqual(['t', 'o', 'h', 'l', 'c', 'v']);
    for (const r of d) expect(r.t % 86_400_000).toBe(0);
    expect(d.some((r) => r.t === Date.UTC(2020, 6, 1))).toBe(true); // a summer day is midnight too
    // Unadjusted before the 4:1 split on 2020-08-31, equal after it.
    const adj = new Map(d.map((r) => [r.t, r.c]));
    const r = raw.bars as Row[];
    expect(r.map((x) => x.t)).toEqual([Date.UTC(2020, 7, 27), Date.UTC(2020, 7, 28), Date.UTC(2020, 7, 31), Date.UTC(2020, 8, 1)]);
    expect(r[0].c / adj.get(r[0].t)!).toBeCloseTo(4, 3);
    expect(r[2].c).toBe(adj.get(r[2].t));
    // Minute bars of a whole year: 258 × 390 base bars > 50 000, so more than one page.
    const m = minute.bars as Row[];
    expect(m).toHaveLength(258 * 390);
    for (let i = 1; i < m.length; i++) expect(m[i].t).toBeGreaterThan(m[i - 1].t);
    expect(m[0].t).toBe(Date.UTC(2020, 0, 2, 9, 30));
    expect(m[m.length - 1].t).toBe(Date.UTC(2020, 11, 31, 15, 59));
    expect(m.find((x) => x.t >= Date.UTC(2020, 6, 1))!.t).toBe(Date.UTC(2020, 6, 1, 9, 30)); // summer time too
    const minuteHits = polygon.fake.hits.filter((h) => h.path.includes('/range/1/minute/'));
    expect(minuteHits.length).toBeGreaterThanOrEqual(2);
    expect(minuteHits.slice(1).every((h) => h.url.includes('cursor='))).toBe(true);
  });

  it('fetches from the Yahoo backup: interval from multiplier/timespan, rows cut to the local dates', async () => {
    const [d, w, sap] = await batch([
      fetchReq({ source: 'yahoo', from: '2020-08-24', to: '2020-09-04' }),
      fetchReq({ source: 'yahoo', timespan: 'week', from: '2020-06-01', to: '2020-08-31' }),
      fetchReq({ source: 'yahoo', symbol: 'SAP.DE', timespan: 'minute', multiplier: 15, from: '2021-03-29', to: '2021-03-29' }),
    ]);
    expect(d.ok).toBe(true);
    const days = (d.bars as Row[]).map((r) => new Date(r.t).toISOString().slice(0, 10));
    expect(days.length).toBeGreaterThanOrEqual(9); // 10 sessions, nulls possibly dropped
    expect(days.every((x) => x >= '2020-08-24' && x <= '2020-09-04')).toBe(true);
    expect((w.bars as Row[]).every((r) => new Date(r.t).getUTCDay() === 1)).toBe(true); // weeks start on Monday
    const s = sap.bars as Row[];
    expect(s.length).toBeGreaterThanOrEqual(30);
    expect(new Date(s[0].t).toISOString()).toBe('2021-03-29T09:00:00.000Z'); // 09:00 Berlin (CEST)
  });

  it('answers ok:false with clear messages: bad fields, unreachable proxy, 429 with Retry-After, upstream errors', async () => {
    const answers = await batch([
      fetchReq({ timespan: 'fortnight' }),
      fetchReq({ from: '2020-02-30' }),
      fetchReq({ symbol: 'a b' }),
      fetchReq({ source: 'yahoo', adjusted: false }),
      fetchReq({ source: 'yahoo', multiplier: 7, timespan: 'minute' }),
      fetchReq({ limit: 5 }),
      fetchReq({ proxy: `http://127.0.0.1:${closedPort}` }),
      fetchReq({ proxy: tight.url, symbol: 'MSFT' }),
      fetchReq({ proxy: tight.url, symbol: 'KO' }),
      fetchReq({ source: 'yahoo', symbol: 'NOPE' }),
    ]);
    // The tight proxy has one upstream call per minute: MSFT takes it, KO is refused.
    expect(answers[7]).toMatchObject({ ok: true });
    const errors = answers.map((a, i) => (i === 7 ? '' : (expect(a.ok).toBe(false), String(a.error))));
    expect(errors[0]).toMatch(/timespan must be one of second\|minute/);
    expect(errors[1]).toMatch(/from must be a date YYYY-MM-DD, got "2020-02-30"/);
    expect(errors[2]).toMatch(/symbol must be a polygon ticker/);
    expect(errors[3]).toMatch(/yahoo serves split-adjusted prices only/);
    expect(errors[4]).toMatch(/yahoo serves multiplier\/timespan .*got 7 minute/);
    expect(errors[5]).toMatch(/fetch: unknown field "limit"/);
    expect(errors[6]).toMatch(/the proxy at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\); is it running\?/);
    expect(errors[8]).toMatch(/the proxy answered 429 \(upstream budget of 1 requests\/min is used up; retry after \d+ s\); retry after \d+ s/);
    expect(errors[9]).toMatch(/the proxy answered 404 \(Yahoo has no data for NOPE: No data found, symbol may be delisted\)/);
  });
});
