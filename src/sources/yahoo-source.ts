// The keyless Yahoo backup through the proxy (`/api/yahoo/v8/finance/chart/…`, docs/proxy.md): one chart
// request per fetch, a window one day wider on each side (any exchange zone) cut back to the requested local
// days. Unofficial and best effort: the UI labels it so.
import type { Bars, Timeframe } from '../shared/types';
import { rowsToBars } from './bar-rows';
import {
  checkRequest,
  getProxyJson,
  SourceError,
  type BarRequest,
  type FetchOptions,
  type MarketDataSource,
  type ProxyHttp,
} from './source';
import { yahooRows } from './yahoo';

const DAY_MS = 86_400_000;
const INTERVALS: Partial<Record<Timeframe, string>> = { '1m': '1m', '5m': '5m', '15m': '15m', '1h': '60m', '1d': '1d' };

/** Timeframes fetched from Yahoo. */
export const YAHOO_SOURCE_TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h', '1d'];

/** Path of the chart request for `req` on the proxy (period1/period2 in Unix seconds, one day of margin each side). */
export function yahooChartPath(req: BarRequest): string {
  const lo = Date.parse(`${req.from}T00:00:00Z`) - DAY_MS;
  const hi = Date.parse(`${req.to}T00:00:00Z`) + 2 * DAY_MS;
  return `/api/yahoo/v8/finance/chart/${encodeURIComponent(req.symbol)}?interval=${INTERVALS[req.timeframe]}&period1=${lo / 1000}&period2=${hi / 1000}`;
}

/** The Yahoo backup source (split-adjusted prices only). */
export class YahooSource implements MarketDataSource {
  readonly id = 'yahoo' as const;
  readonly label = 'Yahoo (best-effort backup)';
  readonly timeframes = YAHOO_SOURCE_TIMEFRAMES;
  readonly #http: ProxyHttp;

  constructor(http: ProxyHttp) {
    this.#http = http;
  }

  /** Bars of `req` from one chart answer, restricted to the requested days. */
  async fetchBars(req: BarRequest, opts: FetchOptions = {}): Promise<Bars> {
    checkRequest(req, this.timeframes, 'Yahoo');
    if (!req.adjusted)
      throw new SourceError('bad-request', 'Yahoo serves split-adjusted prices only; tick "adjusted" or use Polygon');
    const symbol = req.symbol.trim().toUpperCase();
    if (!/^[A-Z0-9^][A-Z0-9^=.-]{0,24}$/.test(symbol))
      throw new SourceError(
        'bad-request',
        `symbol must be a Yahoo symbol like AAPL, ^GSPC or SAP.DE, got ${JSON.stringify(req.symbol)}`,
      );
    const json = await getProxyJson(this.#http, yahooChartPath({ ...req, symbol }), opts.signal);
    let rows;
    try {
      rows = yahooRows(json).rows;
    } catch (e) {
      throw new SourceError('upstream', `Yahoo answer could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    const lo = Date.parse(`${req.from}T00:00:00Z`);
    const hi = Date.parse(`${req.to}T00:00:00Z`) + DAY_MS;
    const kept = rows.filter((r) => r.t >= lo && r.t < hi);
    opts.onProgress?.({ pages: 1, bars: kept.length });
    return rowsToBars(kept, symbol, req.timeframe);
  }
}
