// The `share` and `report` commands (docs/cli.md § share, § report): a backtest, sweep, walk-forward or portfolio
// request ⇄ its share-link fragment (docs/share.md), and a backtest request written as a self-contained HTML tear sheet.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  anyLinkToRequest,
  checkLinkBars,
  decodeAnyShareFragment,
  encodeAnyShareLink,
  encodeShareLink,
  formatLinkTime,
  linkToRequest,
  makeShareLink,
  makeSweepLink,
  makeWalkForwardLink,
  ShareError,
} from '../engine/share/index';
import { createPortfolioStudy } from '../engine/portfolio-study/index';
import { ENGINE_VERSION } from '../engine/version';
import type { BacktestConfig } from '../shared/backtest';
import type { EngineApi } from '../shared/engine-api';
import type { OptimizeRequest } from '../shared/portfolio-api';
import type { AnyShareLink, ShareLink, ShareSession, ShareSource, ShareSweepRequest, ShareUniverse, ShareWalkForwardRequest } from '../shared/share';
import type { Bars } from '../shared/types';
import { tearSheetCharts, tearSheetData, tearSheetHtml } from '../ui/report/index';
import { BACKTEST_CONFIG_FIELDS } from './backtest';
import { loadBars, parseTimeBound, parseTimeframe, selectRows, workingDirectory, type Resampler } from './data';
import { SWEEP_COMMAND, WALKFORWARD_COMMAND } from './optimize';

/** What the commands run against (the CliContext of commands.ts). */
interface Ctx {
  engine(): Promise<EngineApi>;
  resampler: Resampler;
}

const DATA_FIELDS: readonly string[] = ['data', 'timeframe', 'resample', 'from', 'to'];
const REQUEST_FIELDS = ['data', 'timeframe', 'resample', 'from', 'to', ...BACKTEST_CONFIG_FIELDS] as const;
/** Fields of the sweep and walk-forward requests a link carries (the commands' fields without top/workers). */
const SWEEP_LINK_FIELDS = SWEEP_COMMAND.fields.filter((f) => f !== 'top' && f !== 'workers');
const WALKFORWARD_LINK_FIELDS = WALKFORWARD_COMMAND.fields;
/** Fields of a portfolio request: the universe and the optimizer request (src/shared/portfolio-api.ts). */
const PORTFOLIO_LINK_FIELDS = ['universe', 'expected_returns', 'risk_model', 'objective', 'weight_bounds', 'l2_gamma', 'sector_lower', 'sector_upper', 'frontier_points'];
/** The request kinds `share` encodes, with their fields. */
const KIND_FIELDS: Readonly<Record<AnyShareLink['kind'], readonly string[]>> = {
  backtest: REQUEST_FIELDS,
  sweep: SWEEP_LINK_FIELDS,
  walkforward: WALKFORWARD_LINK_FIELDS,
  portfolio: PORTFOLIO_LINK_FIELDS,
};

/** A backtest request's bars (sliced to from/to) and config, as the `backtest` command selects them. */
async function loadRequest(req: Record<string, unknown>, ctx: Ctx, cmd: string, fields: readonly string[] = BACKTEST_CONFIG_FIELDS): Promise<{ bars: Bars; config: BacktestConfig; ranged: boolean }> {
  const data = req.data;
  if (typeof data !== 'string' || data === '') throw new Error(`${cmd}: data must be a CSV path or DEMO:SYMBOL, got ${JSON.stringify(data)}`);
  if (req.strategy === undefined) throw new Error(`${cmd} needs "strategy" (e.g. {"type":"sma_cross","params":{"fast":10,"slow":30}})`);
  const spec = { data, timeframe: parseTimeframe('timeframe', req.timeframe), resample: parseTimeframe('resample', req.resample) };
  const from = parseTimeBound('from', req.from);
  const to = parseTimeBound('to', req.to);
  const engine = await ctx.engine();
  const all = await loadBars(spec, engine, ctx.resampler);
  const rows = from === undefined && to === undefined ? null : selectRows(all.ts, from, to);
  const bars = rows === null ? all : slice(all, rows);
  if (bars.ts.length === 0) throw new Error(`${cmd}: no bars in the selected range (check from/to)`);
  const config: Record<string, unknown> = {};
  for (const k of fields) if (req[k] !== undefined && !DATA_FIELDS.includes(k)) config[k] = req[k];
  return { bars, config: config as unknown as BacktestConfig, ranged: rows !== null };
}

function slice(b: Bars, rows: Int32Array): Bars {
  const lo = rows.length ? rows[0] : 0;
  const hi = rows.length ? rows[rows.length - 1] + 1 : 0;
  const c = (x: Float64Array) => x.slice(lo, hi);
  return { symbol: b.symbol, timeframe: b.timeframe, ts: c(b.ts), open: c(b.open), high: c(b.high), low: c(b.low), close: c(b.close), volume: c(b.volume) };
}

/** The link of a request over the bars it selected; from/to become the first and last selected bar's time. */
function linkOf(req: Record<string, unknown>, bars: Bars, config: BacktestConfig, ranged: boolean, extra: Record<string, unknown>): ShareLink {
  return makeShareLink(sourceInfo(req, bars, ranged, extra), config, bars);
}

/** What a link records about the bars of a request (from/to as the first and last selected bar). */
function sourceInfo(req: Record<string, unknown>, bars: Bars, ranged: boolean, extra: Record<string, unknown>): Parameters<typeof makeShareLink>[0] {
  const data = req.data as string;
  const n = bars.ts.length;
  return {
    source: (extra.source as ShareSource | undefined) ?? (data.startsWith('DEMO:') ? 'demo' : 'csv'),
    data,
    timeframe: bars.timeframe,
    resample: req.resample as Bars['timeframe'] | undefined,
    from: ranged ? formatLinkTime(bars.ts[0], bars.timeframe) : undefined,
    to: ranged ? formatLinkTime(bars.ts[n - 1], bars.timeframe) : undefined,
    adjusted: extra.adjusted as boolean | undefined,
    session: extra.session as ShareSession | undefined,
  };
}

function requestObject(v: unknown): { kind: AnyShareLink['kind']; r: Record<string, unknown> } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new Error(`share: request must be a backtest request object like {"data":"DEMO:ACME","strategy":{"type":"sma_cross"}}, got ${JSON.stringify(v)}`);
  }
  const r = { ...(v as Record<string, unknown>) };
  const kind = r.cmd ?? 'backtest';
  if (typeof kind !== 'string' || !Object.hasOwn(KIND_FIELDS, kind)) {
    throw new Error(`share: request.cmd must be one of ${Object.keys(KIND_FIELDS).join(', ')} (or absent: backtest), got ${JSON.stringify(r.cmd)}`);
  }
  const fields = KIND_FIELDS[kind as AnyShareLink['kind']];
  delete r.cmd;
  delete r.id;
  for (const k of Object.keys(r)) {
    if (!fields.includes(k)) throw new Error(`share: unknown field request.${k}; valid fields of a ${kind} request: ${fields.join(', ')}`);
  }
  return { kind: kind as AnyShareLink['kind'], r };
}

/** The link of a sweep, walk-forward or portfolio request (bars loaded and fingerprinted as for a backtest). */
async function otherLink(kind: Exclude<AnyShareLink['kind'], 'backtest'>, r: Record<string, unknown>, ctx: Ctx, extra: Record<string, unknown>): Promise<AnyShareLink> {
  if (kind === 'portfolio') {
    const { universe, ...optimize } = r;
    return { kind, engine: ENGINE_VERSION, universe: universe as ShareUniverse, optimize: optimize as unknown as OptimizeRequest };
  }
  const { bars, config, ranged } = await loadRequest(r, ctx, 'share', KIND_FIELDS[kind]);
  const info = sourceInfo(r, bars, ranged, extra);
  return kind === 'sweep'
    ? makeSweepLink(info, config as unknown as ShareSweepRequest, bars)
    : makeWalkForwardLink(info, config as unknown as ShareWalkForwardRequest, bars);
}

/** The weights of a portfolio link's optimizer request over its universe (the portfolio worker's code, in-thread). */
function portfolioWeights(universe: ShareUniverse, optimize: OptimizeRequest): Record<string, number> {
  const study = createPortfolioStudy();
  study.setUniverse(universe);
  const r = study.optimize(optimize);
  return Object.fromEntries(r.assets.map((a, i) => [a, r.weights[i]]));
}

const rethrow = (e: unknown): never => {
  if (e instanceof ShareError) throw new Error(`share: ${e.message}`);
  throw e;
};

/** `share`: {"request":{…}} → {"fragment":"s=v1.…"}; {"fragment":"…"} → {"request":{…}} (decoded and validated). */
export const SHARE_COMMAND = {
  fields: ['request', 'fragment', 'source', 'adjusted', 'session', 'verify'] as readonly string[],
  async run(req: Record<string, unknown>, ctx: Ctx): Promise<Record<string, unknown>> {
    if ((req.request === undefined) === (req.fragment === undefined)) {
      throw new Error('share needs exactly one of "request" (a backtest request to encode) or "fragment" (a link to decode)');
    }
    if (req.request !== undefined) {
      for (const k of ['verify'] as const) if (req[k] !== undefined) throw new Error(`share: ${k} applies to decoding a fragment only`);
      const { kind, r } = requestObject(req.request);
      if (kind !== 'backtest') {
        if (kind === 'portfolio') for (const k of ['source', 'adjusted', 'session'] as const) if (req[k] !== undefined) throw new Error(`share: ${k} applies to bars-based requests, not portfolio`);
        const any = await otherLink(kind, r, ctx, req);
        let frag: string;
        try {
          frag = encodeAnyShareLink(any);
        } catch (e) {
          return rethrow(e);
        }
        return { kind, fragment: frag, length: frag.length, ...(any.kind === 'portfolio' ? {} : { bars: any.bars }) };
      }
      const { bars, config, ranged } = await loadRequest(r, ctx, 'share');
      let fragment: string;
      let link: ShareLink;
      try {
        link = linkOf(r, bars, config, ranged, req);
        fragment = encodeShareLink(link);
      } catch (e) {
        return rethrow(e);
      }
      return { kind, fragment, length: fragment.length, bars: link.bars };
    }
    for (const k of ['source', 'adjusted', 'session'] as const) if (req[k] !== undefined) throw new Error(`share: ${k} applies to encoding a request only`);
    if (typeof req.fragment !== 'string') throw new Error(`share: fragment must be text like "s=v1.…", got ${JSON.stringify(req.fragment)}`);
    let any: AnyShareLink;
    try {
      any = decodeAnyShareFragment(req.fragment);
    } catch (e) {
      return rethrow(e);
    }
    if (req.verify !== undefined && typeof req.verify !== 'boolean') throw new Error(`share: verify must be true or false, got ${JSON.stringify(req.verify)}`);
    if (any.kind === 'portfolio') {
      const answer: Record<string, unknown> = { kind: any.kind, request: anyLinkToRequest(any), link: { engine: any.engine }, engine_matches: any.engine === ENGINE_VERSION };
      if (req.verify === true) answer.weights = portfolioWeights(any.universe, any.optimize);
      return answer;
    }
    const { kind: _kind, ...link } = any;
    const answer: Record<string, unknown> = {
      kind: any.kind,
      request: any.kind === 'backtest' ? linkToRequest(any) : anyLinkToRequest(any),
      link: { source: link.source, adjusted: link.adjusted, session: link.session, engine: link.engine, bars: link.bars },
      engine_matches: link.engine === ENGINE_VERSION,
    };
    if (req.verify === true) {
      const r = anyLinkToRequest(any);
      delete r.cmd;
      const { bars } = await loadRequest(r, ctx, 'share', KIND_FIELDS[any.kind]);
      const check = checkLinkBars(link, bars);
      answer.bars_match = check.same;
      answer.bars_now = check.now;
    }
    return answer;
  },
};

/** `report`: a backtest request plus "out": writes the tear sheet as one self-contained HTML file. */
export const REPORT_COMMAND = {
  fields: [...REQUEST_FIELDS, 'out', 'title'] as readonly string[],
  async run(req: Record<string, unknown>, ctx: Ctx): Promise<Record<string, unknown>> {
    const out = req.out;
    if (typeof out !== 'string' || !/\.html?$/i.test(out)) throw new Error(`report: out must be a file name ending in .html, got ${JSON.stringify(out)}`);
    if (req.title !== undefined && (typeof req.title !== 'string' || req.title.length > 200)) {
      throw new Error(`report: title must be text of at most 200 characters, got ${JSON.stringify(req.title)}`);
    }
    const r: Record<string, unknown> = {};
    for (const k of REQUEST_FIELDS) if (req[k] !== undefined) r[k] = req[k];
    const { bars, config, ranged } = await loadRequest(r, ctx, 'report');
    const engine = await ctx.engine();
    const result = engine.backtest(config, bars); // validates the config, naming any bad field
    let fragment: string | undefined;
    try {
      fragment = encodeShareLink(linkOf(r, bars, config, ranged, {}));
    } catch {
      fragment = undefined; // a config too large for a link still gets its report
    }
    const title = (req.title as string | undefined) ?? `${bars.symbol.replace(/^DEMO:/, '')} · ${config.strategy.type}`;
    const data = tearSheetData({ title, symbol: bars.symbol, timeframe: bars.timeframe, ts: bars.ts, config, result });
    const charts = tearSheetCharts(data);
    const html = tearSheetHtml(data, { generated: `AlphaStrat ${ENGINE_VERSION}`, link: fragment && `#${fragment}` }, charts);
    const path = resolve(workingDirectory(), out);
    writeFileSync(path, html);
    return { out: path, bytes: Buffer.byteLength(html), charts: charts.map((c) => c.id), fragment, stats: result.stats };
  },
};
