// The two sources that need no network: a CSV text (the strict parser of csv.ts) and the seeded demo market
// (demo.ts). Both return the requested days of their series, so they fit the same cache and UI as the proxies.
import type { Bars, Timeframe } from '../shared/types';
import { parseBarsCsv } from './csv';
import { demoBars, isDemoId } from './demo';
import { checkRequest, SourceError, type BarRequest, type FetchOptions, type MarketDataSource } from './source';

const DAY_MS = 86_400_000;

/** Rows of `bars` whose day lies in [from, to] (ISO dates), as a new series named `symbol`. */
export function barsInDays(bars: Bars, from: string, to: string, symbol = bars.symbol): Bars {
  const lo = Date.parse(`${from}T00:00:00Z`);
  const hi = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  let a = 0;
  while (a < bars.ts.length && bars.ts[a] < lo) a++;
  let b = a;
  while (b < bars.ts.length && bars.ts[b] < hi) b++;
  return {
    symbol,
    timeframe: bars.timeframe,
    ts: bars.ts.slice(a, b),
    open: bars.open.slice(a, b),
    high: bars.high.slice(a, b),
    low: bars.low.slice(a, b),
    close: bars.close.slice(a, b),
    volume: bars.volume.slice(a, b),
  };
}

/** A CSV text as a source: parsed once by parseBarsCsv (strict: the first bad row throws its CsvError). */
export class CsvSource implements MarketDataSource {
  readonly id = 'csv' as const;
  readonly label = 'CSV file';
  readonly timeframes: readonly Timeframe[];
  readonly #bars: Bars;

  constructor(text: string, symbol: string, timeframe?: Timeframe) {
    this.#bars = parseBarsCsv(text, { symbol, timeframe });
    this.timeframes = [this.#bars.timeframe];
  }

  /** The file's bars in the requested days (the request's symbol must be the one given to the constructor). */
  async fetchBars(req: BarRequest, opts: FetchOptions = {}): Promise<Bars> {
    checkRequest(req, this.timeframes, 'this CSV file');
    if (req.symbol !== this.#bars.symbol)
      throw new SourceError('bad-request', `this CSV source holds ${this.#bars.symbol}, not ${req.symbol}`);
    const out = barsInDays(this.#bars, req.from, req.to);
    opts.onProgress?.({ pages: 1, bars: out.ts.length });
    return out;
  }
}

/** The seeded demo market as a source (daily and minute bars; ids like 'DEMO:ACME'). */
export class DemoSource implements MarketDataSource {
  readonly id = 'demo' as const;
  readonly label = 'Demo (synthetic)';
  readonly timeframes: readonly Timeframe[] = ['1m', '1d'];

  /** The demo series of `req.symbol` in the requested days. */
  async fetchBars(req: BarRequest, opts: FetchOptions = {}): Promise<Bars> {
    checkRequest(req, this.timeframes, 'the demo market');
    const id = req.symbol.startsWith('DEMO:') ? req.symbol : `DEMO:${req.symbol.toUpperCase()}`;
    if (!isDemoId(id)) throw new SourceError('bad-request', `${req.symbol} is not a demo symbol (e.g. DEMO:ACME)`);
    const out = barsInDays(demoBars(id, req.timeframe as '1m' | '1d'), req.from, req.to);
    opts.onProgress?.({ pages: 1, bars: out.ts.length });
    return out;
  }
}
