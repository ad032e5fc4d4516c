// Links of the Optimize and Portfolio sections' results (docs/share.md § Making links in the page): a sweep or a
// walk-forward analysis from the request that produced it and the bars it ran on (source, symbol, timeframe, first →
// last bar and the bars' fingerprint, as ShareState.linkFor does for a backtest), and a portfolio from its universe
// and optimizer request. Pure (no DOM); every link is validated by encodeAnyShareLink before it is written, so a link
// the page makes always opens.
import { encodeAnyShareLink, formatLinkTime, makeSweepLink, makeWalkForwardLink, type LinkSourceInfo } from '../../engine/share/index';
import { ENGINE_VERSION } from '../../engine/version';
import type { OptimizeRequest } from '../../shared/portfolio-api';
import type { AnyShareLink, PortfolioShareLink, ShareSource, ShareSweepRequest, ShareUniverse, ShareWalkForwardRequest, SweepShareLink, WalkForwardShareLink } from '../../shared/share';
import type { Bars } from '../../shared/types';
import { isDemoId } from '../../sources/demo';

/** The link source of `symbol` given the market's source label ("Demo", "Yahoo (proxy)", "CSV import", …), as ShareState.linkFor names it. */
export function linkSourceOf(symbol: string, sourceLabel: string): ShareSource {
  const label = sourceLabel.toLowerCase();
  return isDemoId(symbol) ? 'demo' : label.includes('yahoo') ? 'yahoo' : label.includes('csv') ? 'csv' : 'polygon';
}

/** The data fields of a link over exactly `bars`: source, symbol, timeframe and from/to = the first and last bar. */
export function barsLinkInfo(bars: Bars, sourceLabel: string): LinkSourceInfo {
  const n = bars.ts.length;
  if (n === 0) throw new Error('bars: the result ran on no bars, so there is nothing to link');
  return {
    source: linkSourceOf(bars.symbol, sourceLabel),
    data: bars.symbol,
    timeframe: bars.timeframe,
    from: formatLinkTime(bars.ts[0], bars.timeframe),
    to: formatLinkTime(bars.ts[n - 1], bars.timeframe),
  };
}

/** The sweep link reproducing a sweep of `req` over exactly `bars` (ENGINE_VERSION, the bars' FNV-1a fingerprint). */
export function sweepShareLink(req: ShareSweepRequest, bars: Bars, sourceLabel: string): SweepShareLink {
  return makeSweepLink(barsLinkInfo(bars, sourceLabel), plain(req), bars);
}

/** The walk-forward link reproducing an analysis of `req` over exactly `bars`. */
export function walkForwardShareLink(req: ShareWalkForwardRequest, bars: Bars, sourceLabel: string): WalkForwardShareLink {
  return makeWalkForwardLink(barsLinkInfo(bars, sourceLabel), plain(req), bars);
}

/**
 * The portfolio link of `req` on `universe`; a null universe (strategy sleeves: equity curves of runs in this
 * browser, which a link cannot carry) throws saying so.
 */
export function portfolioShareLink(universe: ShareUniverse | null, req: OptimizeRequest): PortfolioShareLink {
  if (universe === null) {
    throw new Error(
      'this portfolio is built from strategy runs kept in this browser, which a link cannot carry; ' +
        'links reproduce portfolios of demo assets or of the synthetic universe',
    );
  }
  return { kind: 'portfolio', engine: ENGINE_VERSION, universe: plain(universe), optimize: plain(req) };
}

/** The full URL of `link`: `base` (this page's address; any fragment is dropped) + `#s=v2.…`; validates first, throws a ShareError. */
export function shareUrl(base: string, link: AnyShareLink): string {
  return `${base.replace(/#.*$/, '')}#${encodeAnyShareLink(link)}`;
}

// A deep copy without undefined members or proxies (Svelte state), as the request would travel in JSON.
function plain<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
