// Plain data of a share link (docs/share.md): everything needed to reproduce one backtest, as it travels in the
// URL fragment `#s=v1.<deflate-raw, base64url>`. This module imports nothing.
import type { BacktestConfig } from './backtest';
import type { Timeframe } from './types';

/** Where the bars of a link came from. */
export type ShareSource = 'demo' | 'polygon' | 'yahoo' | 'csv';

/** Trading session the bars cover: regular hours only, or with pre/after-market bars. */
export type ShareSession = 'regular' | 'extended';

/** Fingerprint of the exact bars a backtest ran on (docs/share.md § Bars hash). */
export interface ShareBars {
  /** FNV-1a 64 of the six Float64 columns' little-endian bytes (ts, open, high, low, close, volume), 16 hex digits. */
  hash: string;
  /** Number of rows. */
  count: number;
  /** First and last bar start, "2016-01-04" (daily and coarser) or "2016-01-04T09:30:00" (intraday). */
  first: string;
  last: string;
}

/** One backtest as a link carries it (version 1 of the payload). */
export interface ShareLink {
  source: ShareSource;
  /** The symbol as the app and the CLI name it: 'DEMO:ACME', 'AAPL', or a CSV file path. */
  data: string;
  /** Bar size of the bars the backtest ran on. */
  timeframe: Timeframe;
  /** CLI only: the bar size the loaded bars were resampled to (the CLI's `resample` field). */
  resample?: Timeframe;
  /** Inclusive bounds of the rows used, ISO date or datetime (a date-only `to` includes its whole day). */
  from?: string;
  to?: string;
  /** Split/dividend-adjusted prices (market data); true for demo data, which has no corporate actions. */
  adjusted: boolean;
  session: ShareSession;
  /** Strategy, parameters, costs, sizing and stops. */
  config: BacktestConfig;
  /** ENGINE_VERSION of the engine that made the link. */
  engine: string;
  bars: ShareBars;
}
