/**
 * A fake Yahoo Finance chart server (Hono) speaking the wire format of ../shared/fake-yahoo.md:
 * `GET /v8/finance/chart/:symbol` with `period1`/`period2` (Unix s, start inclusive, end exclusive) or `range`,
 * `interval`, `includePrePost`, `events`; deterministic bars with sprinkled nulls, `adjclose` for daily and
 * coarser bars, split and dividend events, Yahoo's 404/400 bodies, a 429 limiter, fault injection and a hit log.
 */
import { Hono, type Context } from 'hono';
import { DAY } from '../time';
import { SYMBOLS, YahooGenerator, sprinkleNulls, zoneOffsetMs, type FakeBar, type FakeSymbol } from './data';

/** Behaviour switches of the fake; every field optional. */
export interface FakeYahooOptions {
  /** Data seed; default 7. */
  seed?: number;
  /** Clock (epoch ms); default Date.now. */
  now?: () => number;
  /** Sliding-window limit over all requests → 429 "Too Many Requests"; default none. */
  rateLimit?: { limit: number; windowMs: number } | null;
}

/** A fault for the next `times` (default 1) requests whose path contains `match` (default: all). */
export interface YahooFault {
  status?: number;
  delayMs?: number;
  times?: number;
  match?: string;
}

/** A running fake's handle: the app, its hit log (path + query) and fault controls. */
export interface FakeYahoo {
  app: Hono;
  hits: { at: number; url: string; headers: Record<string, string> }[];
  inject(f: YahooFault): void;
  reset(): void;
}

/** Yahoo's interval list, in the order its error message gives it. */
export const INTERVALS = ['1m', '2m', '5m', '15m', '30m', '60m', '90m', '1h', '1d', '5d', '1wk', '1mo', '3mo'];
/** Yahoo's range list. */
export const RANGES = ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'];
const MINUTES: Record<string, number> = { '1m': 1, '2m': 2, '5m': 5, '15m': 15, '30m': 30, '60m': 60, '90m': 90, '1h': 60 };

const body = (status: number, obj: unknown): Response => new Response(JSON.stringify(obj), { status, headers: { 'content-type': 'application/json;charset=utf-8' } });
const chartError = (status: number, code: string, description: string): Response => body(status, { chart: { result: null, error: { code, description } } });

/** Creates the fake; serve `app.fetch` with @hono/node-server. */
export function createFakeYahoo(opts: FakeYahooOptions = {}): FakeYahoo {
  const now = opts.now ?? (() => Date.now());
  const gen = new YahooGenerator(opts.seed ?? 7);
  const hits: FakeYahoo['hits'] = [];
  let faults: (YahooFault & { left: number })[] = [];
  let recent: number[] = [];
  const app = new Hono();

  app.post('/__fake/inject', async (c) => {
    const f = (await c.req.json()) as YahooFault;
    faults.push({ ...f, left: f.times ?? 1 });
    return c.json({ ok: true });
  });
  app.get('/__fake/hits', (c) => c.json(hits));
  app.post('/__fake/reset', (c) => (reset(), c.json({ ok: true })));

  app.use('*', async (c, next) => {
    const u = new URL(c.req.url);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => (headers[k] = v));
    hits.push({ at: Date.now(), url: u.pathname + u.search, headers });
    const f = faults.find((x) => x.left > 0 && (x.match === undefined || u.pathname.includes(x.match)));
    if (f) {
      f.left -= 1;
      if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
      if (f.status === 429) return new Response('Too Many Requests', { status: 429, headers: { 'content-type': 'text/plain' } });
      if (f.status) return chartError(f.status, 'Internal Server Error', `injected HTTP ${f.status}`);
    }
    if (opts.rateLimit) {
      const t = Date.now();
      recent = recent.filter((x) => x > t - opts.rateLimit!.windowMs);
      if (recent.length >= opts.rateLimit.limit) return new Response('Too Many Requests', { status: 429, headers: { 'content-type': 'text/plain' } });
      recent.push(t);
    }
    await next();
  });

  app.get('/v8/finance/chart/:symbol', (c: Context) => chart(c.req.param('symbol') ?? '', new URL(c.req.url).searchParams));
  app.notFound(() => chartError(404, 'Not Found', 'HTTP 404 Not Found'));

  function chart(symbol: string, q: URLSearchParams): Response {
    const interval = q.get('interval') ?? '1d';
    if (!INTERVALS.includes(interval)) return chartError(400, 'Bad Request', `Invalid input - interval=${interval} is not supported. Valid intervals: [${INTERVALS.join(', ')}]`);
    const range = q.get('range');
    if (range !== null && !RANGES.includes(range)) return chartError(400, 'Bad Request', `Invalid input - range=${range} is not supported. Valid ranges: [${RANGES.join(', ')}]`);
    for (const p of ['period1', 'period2']) {
      const v = q.get(p);
      if (v !== null && !/^-?\d+$/.test(v)) return chartError(400, 'Bad Request', `Invalid input - ${p}=${v}`);
    }
    const s = SYMBOLS.find((x) => x.symbol === symbol);
    if (!s) return chartError(404, 'Not Found', 'No data found, symbol may be delisted');
    const t = now();
    let from: number, to: number;
    if (q.get('period1') !== null && range === null) {
      from = Number(q.get('period1')) * 1000;
      to = Math.min(t, q.get('period2') !== null ? Number(q.get('period2')) * 1000 : t);
    } else {
      [from, to] = rangeBounds(s, range ?? '1mo', t);
    }
    const minutes = MINUTES[interval];
    if (minutes !== undefined) {
      const days = minutes === 1 ? 7 : 60;
      if (from < t - days * DAY - 60_000) {
        const msg = minutes === 1 ? 'Only 7 days worth of 1m granularity data are allowed to be fetched per request.' : 'The requested range must be within the last 60 days.';
        return chartError(400, 'Bad Request', `${interval} data not available for startTime=${Math.floor(from / 1000)} and endTime=${Math.floor(to / 1000)}. ${msg}`);
      }
    }
    const bars = from < to ? makeBars(s, interval, from, to, q.get('includePrePost') === 'true') : [];
    return body(200, { chart: { result: [result(s, interval, range ?? '', bars, q.get('events'), from, to, t)], error: null } });
  }

  /** Bars of `s` starting in [from, to), aggregated to `interval`, nulls sprinkled. */
  function makeBars(s: FakeSymbol, interval: string, from: number, to: number, prePost: boolean): (FakeBar & { lastDay: number })[] {
    const days: number[] = [];
    for (let d = localDay(s, from) - DAY; d <= localDay(s, to); d += DAY) if (s.ex.isTradingDay(d)) days.push(d);
    const minutes = MINUTES[interval];
    const groups: { bars: FakeBar[]; lastDay: number }[] = [];
    if (minutes !== undefined) {
      for (const d of days) {
        const open = gen.dayBar(s, d).t;
        let key: number | null = null;
        for (const b of gen.minuteBars(s, d, prePost)) {
          const k = Math.floor((b.t - open) / (minutes * 60_000));
          if (k !== key) groups.push({ bars: [], lastDay: d });
          groups[groups.length - 1].bars.push(b);
          key = k;
        }
      }
    } else {
      let key: number | null = null;
      days.forEach((d, i) => {
        const x = new Date(d);
        const k = interval === '1d' ? i : interval === '5d' ? Math.floor(i / 5)
          : interval === '1wk' ? d - ((x.getUTCDay() + 6) % 7) * DAY
          : interval === '1mo' ? x.getUTCFullYear() * 12 + x.getUTCMonth() : x.getUTCFullYear() * 4 + Math.floor(x.getUTCMonth() / 3);
        if (k !== key) groups.push({ bars: [], lastDay: d });
        const g = groups[groups.length - 1];
        g.bars.push(gen.dayBar(s, d));
        g.lastDay = d;
        key = k;
      });
    }
    return groups
      .map((g) => ({ ...roll(g.bars), lastDay: g.lastDay }))
      .filter((b) => b.t >= from && b.t < to)
      .map((b) => ({ ...sprinkleNulls(s.symbol, b), lastDay: b.lastDay }));
  }

  function result(s: FakeSymbol, interval: string, range: string, bars: (FakeBar & { lastDay: number })[], events: string | null, from: number, to: number, t: number): Record<string, unknown> {
    const off = zoneOffsetMs(s.ex.tz, t);
    const today = localDay(s, t);
    let last = today;
    while (!s.ex.isTradingDay(last) || gen.dayBar(s, last).t > t) last -= DAY;
    let before = bars.length ? bars[0].lastDay - DAY : last - DAY;
    if (bars.length) while (!s.ex.isTradingDay(before)) before -= DAY;
    const janOffset = zoneOffsetMs(s.ex.tz, Date.UTC(new Date(t).getUTCFullYear(), 0, 1));
    const meta = {
      currency: s.currency, symbol: s.symbol, exchangeName: s.exchangeName, instrumentType: s.instrumentType,
      firstTradeDate: Math.floor(gen.dayBar(s, Date.parse(`${s.firstTrade}T00:00:00Z`)).t / 1000),
      regularMarketTime: Math.floor(Math.min(t, gen.dayBar(s, last).t + (s.ex.close - s.ex.open) * 60_000) / 1000),
      gmtoffset: off / 1000, timezone: s.ex.abbr[off === janOffset ? 0 : 1], exchangeTimezoneName: s.ex.tz,
      regularMarketPrice: gen.dayBar(s, last).c, chartPreviousClose: gen.close(s.symbol, before / DAY), priceHint: 2,
      dataGranularity: interval, range, validRanges: RANGES,
    };
    const quote = bars.length === 0 ? {} : { open: bars.map((b) => b.o), high: bars.map((b) => b.h), low: bars.map((b) => b.l), close: bars.map((b) => b.c), volume: bars.map((b) => b.v) };
    const indicators: Record<string, unknown> = { quote: [quote] };
    const daily = MINUTES[interval] === undefined;
    if (daily) indicators.adjclose = [bars.length === 0 ? {} : { adjclose: adjCloses(s, bars, today) }];
    const out: Record<string, unknown> = { meta };
    if (bars.length > 0) out.timestamp = bars.map((b) => Math.floor(b.t / 1000));
    const wanted = (events ?? '').split(/[|,]/);
    const acts = gen.actions(s, localDay(s, from), localDay(s, to)).filter((a) => a.at >= from && a.at < to);
    const ev: Record<string, Record<string, unknown>> = {};
    if (wanted.includes('div')) for (const a of acts.filter((x) => x.kind === 'div')) (ev.dividends ??= {})[String(a.at / 1000)] = { amount: a.amount, date: a.at / 1000 };
    if (wanted.includes('split') || wanted.includes('splits')) {
      for (const a of acts.filter((x) => x.kind === 'split')) (ev.splits ??= {})[String(a.at / 1000)] = { date: a.at / 1000, numerator: a.numerator, denominator: a.denominator, splitRatio: `${a.numerator}:${a.denominator}` };
    }
    if (Object.keys(ev).length > 0) out.events = ev;
    out.indicators = indicators;
    return out;
  }

  /** Split- and dividend-adjusted closes: close × Π over later ex-dates (up to today) of (1 − dividend / previous close). */
  function adjCloses(s: FakeSymbol, bars: (FakeBar & { lastDay: number })[], today: number): (number | null)[] {
    const divs = gen.actions(s, bars[0].lastDay, today).filter((a) => a.kind === 'div');
    const factor = divs.map((a) => {
      let prev = a.dayUtc - DAY;
      while (!s.ex.isTradingDay(prev)) prev -= DAY;
      return 1 - a.amount! / gen.close(s.symbol, prev / DAY);
    });
    return bars.map((b) => {
      if (b.c === null) return null;
      let f = 1;
      divs.forEach((a, i) => (a.dayUtc > b.lastDay ? (f *= factor[i]) : undefined));
      return Math.round(b.c * f * 1e6) / 1e6;
    });
  }

  function localDay(s: FakeSymbol, utc: number): number {
    return Math.floor((utc + zoneOffsetMs(s.ex.tz, utc)) / DAY) * DAY;
  }

  function rangeBounds(s: FakeSymbol, range: string, t: number): [number, number] {
    const today = localDay(s, t);
    if (range === 'max') return [Date.parse(`${s.firstTrade}T00:00:00Z`), t];
    if (range === 'ytd') return [Date.UTC(new Date(today).getUTCFullYear(), 0, 1), t];
    if (range === '1d' || range === '5d') {
      let d = today, n = range === '1d' ? 1 : 5;
      for (;;) {
        // Sessions that have opened by now count; range=1d before today's open is the previous session.
        if (s.ex.isTradingDay(d) && gen.dayBar(s, d).t <= t && --n === 0) break;
        d -= DAY;
      }
      return [d - zoneOffsetMs(s.ex.tz, d), t];
    }
    const months = { '1mo': 1, '3mo': 3, '6mo': 6, '1y': 12, '2y': 24, '5y': 60, '10y': 120 }[range] ?? 1;
    const x = new Date(today);
    return [Date.UTC(x.getUTCFullYear(), x.getUTCMonth() - months, x.getUTCDate()), t];
  }

  function reset(): void {
    hits.length = 0;
    faults = [];
    recent = [];
  }
  return { app, hits, inject: (f) => faults.push({ ...f, left: f.times ?? 1 }), reset };
}

/** Rolls bars into one: first open, max high, min low, last close, summed volume. */
function roll(bars: FakeBar[]): FakeBar {
  let h = -Infinity, l = Infinity, v = 0;
  for (const b of bars) {
    h = Math.max(h, b.h!);
    l = Math.min(l, b.l!);
    v += b.v!;
  }
  return { t: bars[0].t, o: bars[0].o, h, l, c: bars[bars.length - 1].c, v };
}
