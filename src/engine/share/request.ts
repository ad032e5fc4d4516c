// Between share links and what runs them: the CLI's backtest request a link stands for, the fingerprint of the
// bars a run used, the rows a link's date range selects, and whether today's bars are the link's bars.
import type { BacktestConfig } from '../../shared/backtest';
import type { AnyShareLink, ShareBars, ShareLink, ShareSession, ShareSource, ShareSweepRequest, ShareWalkForwardRequest, SweepShareLink, WalkForwardShareLink } from '../../shared/share';
import type { Bars, Timeframe } from '../../shared/types';
import { parseIsoNaive } from '../backtest/period';
import { ENGINE_VERSION } from '../version';
import { barsHash } from './hash';
import { toBoundMs } from './link';

const INTRADAY: readonly Timeframe[] = ['1m', '5m', '15m', '1h'];

/** A bar start as links write it: "2016-01-04" for daily and coarser bars, "2016-01-04T09:30:00" intraday. */
export function formatLinkTime(ts: number, timeframe: Timeframe): string {
  const iso = new Date(ts).toISOString();
  return INTRADAY.includes(timeframe) ? iso.slice(0, 19) : iso.slice(0, 10);
}

/** The fingerprint of `bars` (all rows): FNV-1a 64 hash, row count, first and last bar start. */
export function shareBars(bars: Bars): ShareBars {
  const n = bars.ts.length;
  if (n === 0) throw new Error('bars: no rows to fingerprint');
  return {
    hash: barsHash(bars),
    count: n,
    first: formatLinkTime(bars.ts[0], bars.timeframe),
    last: formatLinkTime(bars.ts[n - 1], bars.timeframe),
  };
}

/** The consecutive rows with from ≤ ts ≤ to (a date-only `to` includes its day), as the CLI's from/to select them. */
export function sliceByRange(bars: Bars, from?: string, to?: string): Bars {
  if (from === undefined && to === undefined) return bars;
  const lo = from === undefined ? -Infinity : parseIsoNaive(from)!;
  const hi = to === undefined ? Infinity : toBoundMs(to);
  let a = 0;
  while (a < bars.ts.length && !(bars.ts[a] >= lo)) a++;
  let b = a;
  while (b < bars.ts.length && bars.ts[b] <= hi) b++;
  if (a === 0 && b === bars.ts.length) return bars; // the whole series: the same object (the chart's bars)
  const cut = (c: Float64Array) => c.slice(a, b);
  return {
    symbol: bars.symbol,
    timeframe: bars.timeframe,
    ts: cut(bars.ts),
    open: cut(bars.open),
    high: cut(bars.high),
    low: cut(bars.low),
    close: cut(bars.close),
    volume: cut(bars.volume),
  };
}

/** What a link records besides the config and the bars (defaults: adjusted, regular session). */
export interface LinkSourceInfo {
  source: ShareSource;
  data: string;
  timeframe: Timeframe;
  resample?: Timeframe;
  from?: string;
  to?: string;
  adjusted?: boolean;
  session?: ShareSession;
}

/** A link for a backtest of `config` over exactly `bars` (already sliced to from/to), stamped with ENGINE_VERSION. */
export function makeShareLink(info: LinkSourceInfo, config: BacktestConfig, bars: Bars): ShareLink {
  const link: ShareLink = {
    source: info.source,
    data: info.data,
    timeframe: info.timeframe,
    adjusted: info.adjusted ?? true,
    session: info.session ?? 'regular',
    config,
    engine: ENGINE_VERSION,
    bars: shareBars(bars),
  };
  if (info.resample !== undefined) link.resample = info.resample;
  if (info.from !== undefined) link.from = info.from;
  if (info.to !== undefined) link.to = info.to;
  return link;
}

/** A sweep link over exactly `bars` (already sliced to from/to): the data fields of `info` and the sweep request. */
export function makeSweepLink(info: LinkSourceInfo, sweep: ShareSweepRequest, bars: Bars): SweepShareLink {
  const { config: _c, ...data } = makeShareLink(info, { strategy: { type: 'sma_cross' } }, bars);
  return { kind: 'sweep', ...data, sweep };
}

/** A walk-forward link over exactly `bars`: the data fields of `info` and the walk-forward request. */
export function makeWalkForwardLink(info: LinkSourceInfo, walkforward: ShareWalkForwardRequest, bars: Bars): WalkForwardShareLink {
  const { config: _c, ...data } = makeShareLink(info, { strategy: { type: 'sma_cross' } }, bars);
  return { kind: 'walkforward', ...data, walkforward };
}

/** The data fields of a CLI request (data, timeframe or resample, from, to) for a bars-based link. */
function dataRequest(link: Omit<ShareLink, 'config'>): Record<string, unknown> {
  const req: Record<string, unknown> = { data: link.data };
  if (link.source === 'csv' && link.resample !== undefined) req.resample = link.resample;
  else req.timeframe = link.timeframe;
  if (link.from !== undefined) req.from = link.from;
  if (link.to !== undefined) req.to = link.to;
  return req;
}

/**
 * The CLI request a link of any kind stands for, with its `cmd`: `backtest` (linkToRequest), `sweep` and
 * `walkforward` (the data fields and the request, docs/optimize.md), or `portfolio` ({universe, …OptimizeRequest}).
 */
export function anyLinkToRequest(link: AnyShareLink): Record<string, unknown> {
  switch (link.kind) {
    case 'backtest':
      return { cmd: 'backtest', ...linkToRequest(link) };
    case 'sweep':
      return { cmd: 'sweep', ...dataRequest(link), ...link.sweep };
    case 'walkforward':
      return { cmd: 'walkforward', ...dataRequest(link), ...link.walkforward };
    case 'portfolio':
      return { cmd: 'portfolio', universe: link.universe, ...link.optimize };
  }
}

/**
 * The CLI `backtest` request a link stands for (docs/cli.md): data, timeframe (or, for a resampled CSV, resample),
 * from, to and the config's fields.
 */
export function linkToRequest(link: ShareLink): Record<string, unknown> {
  return { ...dataRequest(link), ...link.config };
}

/** How today's bars compare with a link's: equal hashes, or both fingerprints for the message. */
export interface BarsCheck {
  same: boolean;
  link: ShareBars;
  now: ShareBars;
}

/** Compares the bars available now (already sliced to the link's range) with the link's fingerprint. */
export function checkLinkBars(link: Pick<ShareLink, 'bars'>, bars: Bars): BarsCheck {
  const now = shareBars(bars);
  return { same: now.hash === link.bars.hash && now.count === link.bars.count, link: link.bars, now };
}

/** One line for people: "2,513 bars 2016-01-04 → 2025-12-31 (hash 0123…)". */
export function describeBars(b: ShareBars): string {
  return `${b.count.toLocaleString('en-US')} bars ${b.first} → ${b.last} (hash ${b.hash})`;
}
