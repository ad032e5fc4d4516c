// Yahoo Finance chart JSON (`/v8/finance/chart/{symbol}`, fake-yahoo.md) → bar rows and `Bars`.
//
// Time: `timestamp` holds UTC seconds of each bar's start. `meta.gmtoffset` is only the exchange's CURRENT
// offset, so it would shift every bar on the other side of a DST change by an hour; the conversion uses the
// IANA zone `meta.exchangeTimezoneName` through Intl instead (gmtoffset is the fallback only when the zone is
// missing or unknown to the runtime). Intraday bars keep their local wall-clock start (09:30 New York →
// Date.UTC(y,m,d,9,30)); daily and coarser bars become their local date's midnight, as Polygon's and the demo's
// daily bars are.
//
// Prices: OHLC are split-adjusted only (like Polygon's adjusted=true), and that is the default here.
// `adjust: 'total'` multiplies OHLC by adjclose/close per bar, i.e. also adjusts for dividends, as yfinance's
// auto_adjust does; volume is left alone. adjclose exists only for daily and coarser intervals.
//
// Missing data: a bar with any null open/high/low/close is dropped; a null volume becomes NaN.
import type { Bars, Timeframe } from '../shared/types';
import { rowsToBars, sortDedupe, type BarRow } from './bar-rows';
import { isKnownZone, naiveConverter } from './timezone';

/** How OHLC are adjusted: 'split' (Yahoo's OHLC as served) or 'total' (also dividends, via adjclose). */
export type YahooAdjust = 'split' | 'total';

/** Yahoo intervals that are the product's timeframes. */
export const YAHOO_TIMEFRAMES: Readonly<Record<string, Timeframe>> = { '1m': '1m', '5m': '5m', '15m': '15m', '60m': '1h', '1h': '1h', '1d': '1d', '1wk': '1w', '1mo': '1mo' };
const DAILY_OR_COARSER = new Set(['1d', '5d', '1wk', '1mo', '3mo']);
const DAY_MS = 86_400_000;

/** A chart answer's rows plus what the meta says about them. */
export interface YahooRows {
  symbol: string;
  interval: string;
  timezone: string;
  rows: BarRow[];
}

interface Meta {
  symbol?: unknown;
  dataGranularity?: unknown;
  exchangeTimezoneName?: unknown;
  gmtoffset?: unknown;
}

/** Rows of a chart JSON answer (see the module comment for time, adjustment and null rules); throws Yahoo's error description. */
export function yahooRows(json: unknown, adjust: YahooAdjust = 'split'): YahooRows {
  const chart = (json as { chart?: { result?: unknown; error?: { description?: unknown; code?: unknown } | null } } | null)?.chart;
  if (chart === undefined || chart === null) throw new Error('not a Yahoo chart answer: no "chart" field');
  if (chart.error) throw new Error(`Yahoo: ${String(chart.error.description ?? chart.error.code)}`);
  const result = Array.isArray(chart.result) ? (chart.result[0] as Record<string, unknown> | undefined) : undefined;
  if (!result || typeof result.meta !== 'object' || result.meta === null) throw new Error('Yahoo chart answer without result[0].meta');
  const meta = result.meta as Meta;
  const interval = typeof meta.dataGranularity === 'string' ? meta.dataGranularity : '1d';
  const tzName = typeof meta.exchangeTimezoneName === 'string' ? meta.exchangeTimezoneName : '';
  const fixed = typeof meta.gmtoffset === 'number' ? meta.gmtoffset * 1000 : 0;
  const toNaive = isKnownZone(tzName) ? naiveConverter(tzName) : (utc: number) => utc + fixed;
  const out: YahooRows = { symbol: String(meta.symbol ?? ''), interval, timezone: isKnownZone(tzName) ? tzName : `UTC${fixed >= 0 ? '+' : ''}${fixed / 3_600_000}`, rows: [] };
  const ts = result.timestamp;
  if (ts === undefined) return out; // an empty range
  const indicators = result.indicators as { quote?: Record<string, unknown>[]; adjclose?: { adjclose?: unknown }[] } | undefined;
  const q = indicators?.quote?.[0] ?? {};
  const col = (name: string): unknown[] => {
    const a = q[name];
    if (!Array.isArray(a) || a.length !== (ts as unknown[]).length) throw new Error(`Yahoo chart: indicators.quote[0].${name} must be an array as long as timestamp`);
    return a;
  };
  if (!Array.isArray(ts)) throw new Error('Yahoo chart: timestamp must be an array');
  const [o, h, l, c, v] = ['open', 'high', 'low', 'close', 'volume'].map(col);
  const adj = indicators?.adjclose?.[0]?.adjclose;
  if (adjust === 'total' && !Array.isArray(adj)) throw new Error(`adjust "total" needs adjclose, which Yahoo serves only for daily and coarser intervals (got ${interval})`);
  const daily = DAILY_OR_COARSER.has(interval);
  const n = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : NaN);
  for (let i = 0; i < ts.length; i++) {
    const row = { t: n(ts[i]) * 1000, o: n(o[i]), h: n(h[i]), l: n(l[i]), c: n(c[i]), v: n(v[i]) };
    if ([row.t, row.o, row.h, row.l, row.c].some(Number.isNaN)) continue;
    if (adjust === 'total') {
      const f = n((adj as unknown[])[i]) / row.c;
      if (!Number.isFinite(f)) continue;
      row.o *= f;
      row.h *= f;
      row.l *= f;
      row.c *= f;
    }
    const local = toNaive(row.t);
    out.rows.push({ ...row, t: daily ? Math.floor(local / DAY_MS) * DAY_MS : local });
  }
  out.rows = sortDedupe(out.rows);
  return out;
}

/** `Bars` from a chart JSON answer; throws when its interval (meta.dataGranularity) is not one of {@link YAHOO_TIMEFRAMES}. */
export function normalizeYahooChart(json: unknown, adjust: YahooAdjust = 'split'): Bars {
  const r = yahooRows(json, adjust);
  const tf = YAHOO_TIMEFRAMES[r.interval];
  if (tf === undefined) throw new Error(`Yahoo interval ${r.interval} has no timeframe; valid: ${Object.keys(YAHOO_TIMEFRAMES).join(', ')}`);
  return rowsToBars(r.rows, r.symbol, tf);
}
