// Polygon aggregates through the key-holding proxy (docs/proxy.md): one range request, then every `next_url`
// page, each page reported as progress. The proxy rewrites next_url to its own origin; only its path and query
// are used here, resolved against the proxy base this source was given, so a reverse proxy in front (Vite's
// `/api` forwarding, a CDN) never sends the browser to another origin.
import type { Bars, Timeframe } from '../shared/types';
import { rowsToBars, type BarRow } from './bar-rows';
import { polygonRows } from './polygon';
import {
  checkRequest,
  getProxyJson,
  SourceError,
  type BarRequest,
  type FetchOptions,
  type MarketDataSource,
  type ProxyHttp,
} from './source';

/** Timeframes fetched from Polygon (coarser ones are resampled from 1d by the store). */
export const POLYGON_SOURCE_TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h', '1d'];

const SPANS: Record<string, [number, string]> = {
  '1m': [1, 'minute'],
  '5m': [5, 'minute'],
  '15m': [15, 'minute'],
  '1h': [1, 'hour'],
  '1d': [1, 'day'],
};

/** Most pages one request may take before it is refused (a runaway next_url loop guard). */
export const MAX_PAGES = 10_000;

/** Options of the Polygon source: the proxy, and Polygon's `limit` (base bars per page, 1..50000). */
export interface PolygonSourceOptions extends ProxyHttp {
  pageLimit?: number;
}

/** Path of the first aggregates page of `req` on the proxy. */
export function polygonAggsPath(req: BarRequest, limit = 50_000): string {
  const [mult, span] = SPANS[req.timeframe];
  return `/api/polygon/v2/aggs/ticker/${encodeURIComponent(req.symbol)}/range/${mult}/${span}/${req.from}/${req.to}?adjusted=${req.adjusted}&sort=asc&limit=${limit}`;
}

/** The path+query of a proxy `next_url`, which must be an aggregates path under /api/polygon/. */
export function nextPath(nextUrl: string): string {
  let u: URL;
  try {
    u = new URL(nextUrl, 'http://proxy.invalid');
  } catch {
    throw new SourceError('upstream', `the proxy sent an unusable next_url ${JSON.stringify(nextUrl.slice(0, 120))}`);
  }
  if (!u.pathname.startsWith('/api/polygon/v2/aggs/')) {
    throw new SourceError(
      'upstream',
      `next_url ${JSON.stringify(nextUrl.slice(0, 120))} does not point at the proxy's /api/polygon/ routes`,
    );
  }
  return u.pathname + u.search;
}

/** The Polygon source: aggregates via the proxy, every page followed, 429s waited out within bounds. */
export class PolygonSource implements MarketDataSource {
  readonly id = 'polygon' as const;
  readonly label = 'Polygon (via the proxy)';
  readonly timeframes = POLYGON_SOURCE_TIMEFRAMES;
  readonly #opts: PolygonSourceOptions;

  constructor(opts: PolygonSourceOptions) {
    const limit = opts.pageLimit ?? 50_000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50_000)
      throw new RangeError(`pageLimit must be an integer 1..50000, got ${limit}`);
    this.#opts = opts;
  }

  /** Bars of `req` from every page (sorted, deduplicated; New York wall clock as src/sources/polygon.ts). */
  async fetchBars(req: BarRequest, opts: FetchOptions = {}): Promise<Bars> {
    checkRequest(req, this.timeframes, 'Polygon');
    const symbol = req.symbol.trim().toUpperCase();
    if (!/^(?:[A-Z]{1,2}:)?[A-Z0-9][A-Z0-9.-]{0,39}$/.test(symbol))
      throw new SourceError(
        'bad-request',
        `symbol must be a Polygon ticker like AAPL, BRK.A or X:BTCUSD, got ${JSON.stringify(req.symbol)}`,
      );
    const pages: unknown[] = [];
    let bars = 0;
    let path: string | null = polygonAggsPath({ ...req, symbol }, this.#opts.pageLimit);
    while (path !== null) {
      if (opts.signal?.aborted) throw new SourceError('aborted', 'cancelled');
      if (pages.length >= MAX_PAGES) throw new SourceError('upstream', `more than ${MAX_PAGES} pages; narrow the date range`);
      const page = (await getProxyJson(this.#opts, path, opts.signal)) as { results?: unknown; next_url?: unknown };
      pages.push(page);
      bars += Array.isArray(page.results) ? page.results.length : 0;
      opts.onProgress?.({ pages: pages.length, bars });
      path = typeof page.next_url === 'string' ? nextPath(page.next_url) : null;
    }
    let rows: BarRow[];
    try {
      rows = polygonRows(pages);
    } catch (e) {
      throw new SourceError('upstream', `Polygon answer could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    return rowsToBars(rows, symbol, req.timeframe);
  }
}
