// Plain data of a share link (docs/share.md): everything needed to reproduce one backtest, as it travels in the
// URL fragment `#s=v1.<deflate-raw, base64url>`. This module imports nothing.
import type { BacktestConfig } from './backtest';
import type { OptimizeRequest } from './portfolio-api';
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

/** What a link reproduces (payload version 2 on): one backtest, a sweep, a walk-forward analysis or a portfolio. */
export type ShareKind = 'backtest' | 'sweep' | 'walkforward' | 'portfolio';

/** The bars a sweep or walk-forward link ran on: ShareLink's data fields without the config. */
export type ShareDataRef = Omit<ShareLink, 'config' | 'engine'>;

/** A parameter's space in a sweep: a fixed value, a list, or an inclusive range (docs/optimize.md). */
export type ShareParamSpace = number | boolean | (number | boolean)[] | { min: number; max: number; step: number };

/**
 * A sweep request as the CLI's `sweep` spells it (docs/optimize.md), minus the data fields: the trading settings of
 * a BacktestConfig, a strategy whose params may be spaces, constraints, search, the metric and the PBO blocks.
 */
export interface ShareSweepRequest extends Omit<BacktestConfig, 'strategy'> {
  strategy: { type: string; params?: Record<string, ShareParamSpace>; rules?: unknown; constraints?: string[] };
  metric?: string;
  search?: 'grid' | 'random';
  max_tries?: number;
  seed?: number;
  blocks?: number;
}

/** A walk-forward request as the CLI's `walkforward` spells it, minus the data fields (no start, no blocks). */
export interface ShareWalkForwardRequest extends Omit<ShareSweepRequest, 'start' | 'blocks'> {
  mode?: 'rolling' | 'anchored';
  in_sample: number;
  out_of_sample: number;
  step?: number;
}

/** A portfolio's universe in a link: demo symbols' daily closes, or the seeded synthetic universe. */
export type ShareUniverse = { kind: 'demo'; symbols: string[] } | { kind: 'synthetic'; assets: number; days: number; seed: number };

/** A sweep link: the bars' fingerprint and the sweep request. */
export interface SweepShareLink extends ShareDataRef {
  kind: 'sweep';
  engine: string;
  sweep: ShareSweepRequest;
}

/** A walk-forward link: the bars' fingerprint and the walk-forward request. */
export interface WalkForwardShareLink extends ShareDataRef {
  kind: 'walkforward';
  engine: string;
  walkforward: ShareWalkForwardRequest;
}

/** A portfolio link: the universe and the optimizer request (src/shared/portfolio-api.ts OptimizeRequest). */
export interface PortfolioShareLink {
  kind: 'portfolio';
  engine: string;
  universe: ShareUniverse;
  optimize: OptimizeRequest;
}

/** Any link of payload version 2: a backtest (ShareLink plus its kind) or one of the other kinds. */
export type AnyShareLink = (ShareLink & { kind: 'backtest' }) | SweepShareLink | WalkForwardShareLink | PortfolioShareLink;
