/**
 * Deterministic market data for the fake Polygon server: a trading calendar (weekends and a small holiday
 * list), seeded daily and one-minute bars per ticker, a split that `adjusted=true` applies, and the ticker
 * reference list. Same seed → same bytes, on any machine.
 */
import { DAY, nyMidnightUtc, nyWallUtc } from '../time';

/** One base bar, `t` = window start in UTC epoch ms (Polygon's convention). */
export interface BaseBar {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
}

/** A stock split: before `date` (YYYY-MM-DD) the traded prices were `ratio` times the adjusted ones. */
export interface Split {
  ticker: string;
  date: string;
  ratio: number;
}

/** One row of /v3/reference/tickers, with Polygon's field names. */
export interface TickerRef {
  ticker: string;
  name: string;
  market: 'stocks' | 'crypto' | 'fx' | 'otc' | 'indices';
  locale: 'us' | 'global';
  primary_exchange?: string;
  type: string;
  active: boolean;
  currency_name: string;
  cik?: string;
  composite_figi?: string;
  share_class_figi?: string;
  last_updated_utc: string;
}

const stock = (ticker: string, name: string, exchange: string, type = 'CS', active = true, i = 0): TickerRef => ({
  ticker, name, market: 'stocks', locale: 'us', primary_exchange: exchange, type, active, currency_name: 'usd',
  cik: String(1_000_000 + i * 7919).padStart(10, '0'),
  composite_figi: `BBG000${String(100_000 + i * 37).slice(-6)}`, share_class_figi: `BBG001${String(200_000 + i * 41).slice(-6)}`,
  last_updated_utc: '2025-01-02T00:00:00Z',
});

/** The fake's reference universe: US stocks and ETFs (one inactive), OTC, crypto, fx and an index. */
export const TICKERS: TickerRef[] = [
  ['AAPL', 'Apple Inc.', 'XNAS'], ['MSFT', 'Microsoft Corp', 'XNAS'], ['GOOGL', 'Alphabet Inc. Class A', 'XNAS'],
  ['AMZN', 'Amazon.com Inc', 'XNAS'], ['NVDA', 'Nvidia Corp', 'XNAS'], ['META', 'Meta Platforms Inc', 'XNAS'],
  ['TSLA', 'Tesla Inc', 'XNAS'], ['BRK.A', 'Berkshire Hathaway Inc. Class A', 'XNYS'], ['JPM', 'JPMorgan Chase & Co', 'XNYS'],
  ['V', 'Visa Inc', 'XNYS'], ['XOM', 'Exxon Mobil Corp', 'XNYS'], ['JNJ', 'Johnson & Johnson', 'XNYS'],
  ['WMT', 'Walmart Inc', 'XNYS'], ['PG', 'Procter & Gamble Co', 'XNYS'], ['KO', 'Coca-Cola Co', 'XNYS'],
  ['DIS', 'Walt Disney Co', 'XNYS'], ['SPY', 'SPDR S&P 500 ETF Trust', 'ARCX', 'ETF'], ['QQQ', 'Invesco QQQ Trust', 'XNAS', 'ETF'],
  ['TWTR', 'Twitter Inc', 'XNYS', 'CS', false],
].map(([t, n, e, ty, a], i) => stock(t as string, n as string, e as string, (ty as string) ?? 'CS', (a as boolean) ?? true, i)).concat([
  { ticker: 'GIK', name: 'GIK Holdings (OTC)', market: 'otc', locale: 'us', type: 'OS', active: true, currency_name: 'usd', last_updated_utc: '2025-01-02T00:00:00Z' },
  { ticker: 'X:BTCUSD', name: 'Bitcoin - United States Dollar', market: 'crypto', locale: 'global', type: 'CRYPTO', active: true, currency_name: 'United States Dollar', last_updated_utc: '2025-01-02T00:00:00Z' },
  { ticker: 'X:ETHUSD', name: 'Ethereum - United States Dollar', market: 'crypto', locale: 'global', type: 'CRYPTO', active: true, currency_name: 'United States Dollar', last_updated_utc: '2025-01-02T00:00:00Z' },
  { ticker: 'C:EURUSD', name: 'Euro - United States Dollar', market: 'fx', locale: 'global', type: 'FX', active: true, currency_name: 'United States Dollar', last_updated_utc: '2025-01-02T00:00:00Z' },
  { ticker: 'I:SPX', name: 'S&P 500', market: 'indices', locale: 'us', type: 'INDEX', active: true, currency_name: 'usd', last_updated_utc: '2025-01-02T00:00:00Z' },
]);

/** 32-bit FNV-1a hash of a string (seeds per ticker/day). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32 PRNG: uniform [0,1) stream from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Observed date (UTC-midnight ms) of a fixed-date holiday: Saturday → Friday, Sunday → Monday. */
function observed(y: number, m0: number, d: number): number {
  const ms = Date.UTC(y, m0, d);
  const dow = new Date(ms).getUTCDay();
  return dow === 6 ? ms - DAY : dow === 0 ? ms + DAY : ms;
}

/** True for New Year's Day, Independence Day, Thanksgiving (4th Thursday of November) and Christmas, observed. */
export function isHoliday(dayUtc: number): boolean {
  const d = new Date(dayUtc);
  const y = d.getUTCFullYear();
  const firstThu = 1 + ((4 - new Date(Date.UTC(y, 10, 1)).getUTCDay() + 7) % 7);
  return [observed(y, 0, 1), observed(y + 1, 0, 1), observed(y, 6, 4), observed(y, 11, 25), Date.UTC(y, 10, firstThu + 21)].includes(dayUtc);
}

/** True when the civil date (UTC-midnight ms) is a trading day: a weekday that is not a holiday. */
export function isTradingDay(dayUtc: number): boolean {
  const dow = new Date(dayUtc).getUTCDay();
  return dow !== 0 && dow !== 6 && !isHoliday(dayUtc);
}

const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Generates split-adjusted bars for one ticker from a seed. */
export class BarGenerator {
  constructor(private readonly seed: number, private readonly splits: Split[]) {}

  /** Adjusted close on calendar day number `dn` (days since 1970-01-01): smooth cycles plus seeded noise. */
  private close(ticker: string, dn: number): number {
    const h = fnv1a(`${this.seed}|${ticker}`);
    const base = 20 + (h % 480);
    const p1 = (h % 1000) / 159.2, p2 = ((h >>> 10) % 1000) / 159.2;
    const noise = mulberry32(fnv1a(`${this.seed}|${ticker}|${dn}`))() - 0.5;
    return base * Math.exp(0.35 * Math.sin(dn / 400 + p1) + 0.12 * Math.sin(dn / 45 + p2) + 0.03 * noise);
  }

  /** The split-adjusted daily bar of `ticker` on the trading day `dayUtc` (UTC-midnight ms); `t` = 00:00 New York. */
  dayBar(ticker: string, dayUtc: number): BaseBar {
    const dn = dayUtc / DAY;
    const rnd = mulberry32(fnv1a(`${this.seed}|${ticker}|d|${dn}`));
    const prev = this.close(ticker, dn - 1);
    const c = this.close(ticker, dn);
    const o = prev * (1 + 0.01 * (rnd() - 0.5));
    const h = Math.max(o, c) * (1 + 0.015 * rnd());
    const l = Math.min(o, c) * (1 - 0.015 * rnd());
    const d = new Date(dayUtc);
    return { t: nyMidnightUtc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()), o: r4(o), h: r4(h), l: r4(l), c: r4(c), v: Math.round(1e6 + 9e6 * rnd()), n: 1000 + Math.floor(9000 * rnd()) };
  }

  /** The 390 split-adjusted one-minute bars (09:30–15:59 New York) of `ticker` on trading day `dayUtc`. */
  minuteBars(ticker: string, dayUtc: number): BaseBar[] {
    const day = this.dayBar(ticker, dayUtc);
    const rnd = mulberry32(fnv1a(`${this.seed}|${ticker}|m|${dayUtc / DAY}`));
    const start = nyWallUtc(dayUtc, 9, 30);
    // A Brownian bridge from the day's open to its close, so minute and day bars tell the same story.
    const path = [0];
    for (let i = 1; i <= 390; i++) path.push(path[i - 1] + (rnd() - 0.5) * day.o * 0.002);
    const out: BaseBar[] = [];
    for (let i = 0; i < 390; i++) {
      const at = (k: number): number => day.o + (day.c - day.o) * (k / 390) + path[k] - path[390] * (k / 390);
      const o = at(i), c = at(i + 1);
      const u = 1.2 - Math.sin((Math.PI * i) / 390); // U-shaped intraday volume
      out.push({ t: start + i * 60_000, o: r4(o), h: r4(Math.max(o, c) * (1 + 0.0005 * rnd())), l: r4(Math.min(o, c) * (1 - 0.0005 * rnd())), c: r4(c), v: Math.round((day.v / 390) * u * 100) / 100, n: 1 + Math.floor(40 * rnd()) });
    }
    return out;
  }

  /** Multiplier turning an adjusted price into the traded (unadjusted) one on `dayUtc`: product of later splits. */
  splitFactor(ticker: string, dayUtc: number): number {
    let f = 1;
    for (const s of this.splits) if (s.ticker === ticker && dayUtc < Date.parse(`${s.date}T00:00:00Z`)) f *= s.ratio;
    return f;
  }
}

/** A bar as traded (adjusted=false): prices × factor, volume ÷ factor. */
export function unadjust(b: BaseBar, factor: number): BaseBar {
  if (factor === 1) return b;
  return { ...b, o: r4(b.o * factor), h: r4(b.h * factor), l: r4(b.l * factor), c: r4(b.c * factor), v: Math.round(b.v / factor) };
}
