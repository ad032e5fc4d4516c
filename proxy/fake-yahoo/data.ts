/**
 * Deterministic market data for the fake Yahoo chart server: a few symbols on two exchanges (New York and
 * XETRA in Europe/Berlin, so time-zone handling is exercised), seeded split-adjusted daily and one-minute bars
 * (pre/post market for New York), a split, recurring dividends and the `adjclose` they imply, and sprinkled
 * nulls. New York wall times use the rule-based calendar of proxy/time.ts; Berlin uses Intl (Node only).
 */
import { isTradingDay, fnv1a, mulberry32 } from '../fake-polygon/data';
import { DAY, nyWallUtc } from '../time';

/** An exchange's clock: IANA zone, regular session and optional extended hours, in local minutes of the day. */
export interface Exchange {
  tz: string;
  /** Yahoo's abbreviations for standard and summer time. */
  abbr: [string, string];
  open: number;
  close: number;
  pre?: number;
  post?: number;
  isTradingDay(dayUtc: number): boolean;
}

/** A symbol the fake knows, with its corporate actions. */
export interface FakeSymbol {
  symbol: string;
  exchangeName: string;
  instrumentType: 'EQUITY' | 'ETF' | 'INDEX';
  currency: string;
  ex: Exchange;
  /** First trading day, YYYY-MM-DD. */
  firstTrade: string;
  splits: { date: string; numerator: number; denominator: number }[];
  /** Dividend per share (split-adjusted), paid every year on these month-days (ex-date: next trading day on/after). */
  dividends: { month: number; day: number; amount: number }[];
}

/** Yahoo's `events` entries: ex-dates as UTC ms of the session open. */
export interface Action {
  at: number;
  dayUtc: number;
  kind: 'div' | 'split';
  amount?: number;
  numerator?: number;
  denominator?: number;
}

const NEW_YORK: Exchange = { tz: 'America/New_York', abbr: ['EST', 'EDT'], open: 570, close: 960, pre: 240, post: 1200, isTradingDay };
const XETRA: Exchange = {
  tz: 'Europe/Berlin', abbr: ['CET', 'CEST'], open: 540, close: 1050,
  isTradingDay: (d) => {
    const x = new Date(d);
    const md = x.getUTCMonth() * 100 + x.getUTCDate();
    return x.getUTCDay() !== 0 && x.getUTCDay() !== 6 && md !== 1 && md !== 1124 && md !== 1125 && md !== 1126;
  },
};

/** The fake's universe. */
export const SYMBOLS: FakeSymbol[] = [
  { symbol: 'AAPL', exchangeName: 'NMS', instrumentType: 'EQUITY', currency: 'USD', ex: NEW_YORK, firstTrade: '1980-12-12', splits: [{ date: '2020-08-31', numerator: 4, denominator: 1 }], dividends: [2, 5, 8, 11].map((m) => ({ month: m, day: 10, amount: 0.24 })) },
  { symbol: 'MSFT', exchangeName: 'NMS', instrumentType: 'EQUITY', currency: 'USD', ex: NEW_YORK, firstTrade: '1986-03-13', splits: [], dividends: [2, 5, 8, 11].map((m) => ({ month: m, day: 17, amount: 0.75 })) },
  { symbol: 'SPY', exchangeName: 'PCX', instrumentType: 'ETF', currency: 'USD', ex: NEW_YORK, firstTrade: '1993-01-29', splits: [], dividends: [3, 6, 9, 12].map((m) => ({ month: m, day: 20, amount: 1.6 })) },
  { symbol: '^GSPC', exchangeName: 'SNP', instrumentType: 'INDEX', currency: 'USD', ex: NEW_YORK, firstTrade: '1927-12-30', splits: [], dividends: [] },
  { symbol: 'SAP.DE', exchangeName: 'GER', instrumentType: 'EQUITY', currency: 'EUR', ex: XETRA, firstTrade: '1988-11-28', splits: [], dividends: [{ month: 5, day: 15, amount: 2.2 }] },
];

const offsetFmt = new Map<string, Intl.DateTimeFormat>();

/** Offset of zone `tz` from UTC at the UTC instant `utcMs`, in ms (Intl time-zone data). */
export function zoneOffsetMs(tz: string, utcMs: number): number {
  let f = offsetFmt.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFmt.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(utcMs)) p[x.type] = Number(x.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(utcMs / 1000) * 1000;
}

/** UTC ms of local wall-clock minute `min` on the civil date `dayUtc` at exchange `ex`. */
export function wallUtc(ex: Exchange, dayUtc: number, min: number): number {
  if (ex.tz === 'America/New_York') return nyWallUtc(dayUtc, Math.floor(min / 60), min % 60);
  const naive = dayUtc + min * 60_000;
  const guess = naive - zoneOffsetMs(ex.tz, naive);
  return naive - zoneOffsetMs(ex.tz, guess);
}

/** One bar; any price or volume may be null (a missing bar, as Yahoo sends). */
export interface FakeBar {
  t: number;
  o: number | null;
  h: number | null;
  l: number | null;
  c: number | null;
  v: number | null;
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Seeded split-adjusted prices and volumes per symbol. */
export class YahooGenerator {
  constructor(private readonly seed: number) {}

  /** Close on calendar day number `dn`: smooth cycles plus seeded noise (split-adjusted). */
  close(sym: string, dn: number): number {
    const h = fnv1a(`${this.seed}|y|${sym}`);
    const base = 30 + (h % 300);
    const noise = mulberry32(fnv1a(`${this.seed}|y|${sym}|${dn}`))() - 0.5;
    return r2(base * Math.exp(0.3 * Math.sin(dn / 365 + (h % 97)) + 0.1 * Math.sin(dn / 40 + (h % 89)) + 0.03 * noise));
  }

  /** The daily bar of `s` on trading day `dayUtc`, `t` = the session open (UTC ms). */
  dayBar(s: FakeSymbol, dayUtc: number): FakeBar {
    const dn = dayUtc / DAY;
    const rnd = mulberry32(fnv1a(`${this.seed}|y|${s.symbol}|d|${dn}`));
    const c = this.close(s.symbol, dn), o = r2(this.close(s.symbol, dn - 1) * (1 + 0.01 * (rnd() - 0.5)));
    return { t: wallUtc(s.ex, dayUtc, s.ex.open), o, h: r2(Math.max(o, c) * (1 + 0.01 * rnd())), l: r2(Math.min(o, c) * (1 - 0.01 * rnd())), c, v: Math.round(1e6 + 5e7 * rnd()) };
  }

  /** One-minute bars of the regular session (plus pre/post market when `prePost`), ascending. */
  minuteBars(s: FakeSymbol, dayUtc: number, prePost: boolean): FakeBar[] {
    const d = this.dayBar(s, dayUtc);
    const rnd = mulberry32(fnv1a(`${this.seed}|y|${s.symbol}|m|${dayUtc / DAY}`));
    const from = prePost && s.ex.pre !== undefined ? s.ex.pre : s.ex.open;
    const to = prePost && s.ex.post !== undefined ? s.ex.post : s.ex.close;
    const n = s.ex.close - s.ex.open;
    const out: FakeBar[] = [];
    let p = d.o!;
    for (let m = from; m < to; m++) {
      const regular = m >= s.ex.open && m < s.ex.close;
      const k = m - s.ex.open;
      // Inside the session a bridge from the day's open to its close; outside it a small walk around them.
      const next = regular ? d.o! + ((d.c! - d.o!) * (k + 1)) / n + (rnd() - 0.5) * d.o! * 0.001 : p * (1 + (rnd() - 0.5) * 0.0005);
      const o = r2(p), c = r2(regular && k === n - 1 ? d.c! : next);
      out.push({ t: wallUtc(s.ex, dayUtc, m), o, h: r2(Math.max(o, c) * (1 + 0.0004 * rnd())), l: r2(Math.min(o, c) * (1 - 0.0004 * rnd())), c, v: Math.round((regular ? 2e4 : 2e3) * (0.5 + rnd())) });
      p = c;
    }
    return out;
  }

  /** Splits and dividends of `s` with ex-dates in [fromDay, toDay] (UTC-midnight ms), ascending. */
  actions(s: FakeSymbol, fromDay: number, toDay: number): Action[] {
    const out: Action[] = [];
    for (const sp of s.splits) {
      const d = Date.parse(`${sp.date}T00:00:00Z`);
      if (d >= fromDay && d <= toDay) out.push({ at: wallUtc(s.ex, d, s.ex.open), dayUtc: d, kind: 'split', numerator: sp.numerator, denominator: sp.denominator });
    }
    for (let y = new Date(fromDay).getUTCFullYear(); y <= new Date(toDay).getUTCFullYear(); y++) {
      for (const dv of s.dividends) {
        let d = Date.UTC(y, dv.month - 1, dv.day);
        while (!s.ex.isTradingDay(d)) d += DAY;
        if (d >= fromDay && d <= toDay) out.push({ at: wallUtc(s.ex, d, s.ex.open), dayUtc: d, kind: 'div', amount: dv.amount });
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }
}

/** Yahoo's sprinkled nulls: about 2 % of bars entirely null, 2 % with only the volume missing. */
export function sprinkleNulls(sym: string, b: FakeBar): FakeBar {
  const h = fnv1a(`null|${sym}|${b.t}`) % 50;
  if (h === 0) return { t: b.t, o: null, h: null, l: null, c: null, v: null };
  if (h === 1) return { ...b, v: null };
  return b;
}
