// The `share` and `report` commands (docs/cli.md § share, § report): a backtest request ⇄ its share-link fragment
// (docs/share.md), and a backtest request written as a self-contained HTML tear sheet.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeShareFragment, encodeShareLink, formatLinkTime, linkToRequest, makeShareLink, checkLinkBars, ShareError } from '../engine/share/index';
import { ENGINE_VERSION } from '../engine/version';
import type { BacktestConfig } from '../shared/backtest';
import type { EngineApi } from '../shared/engine-api';
import type { ShareLink, ShareSession, ShareSource } from '../shared/share';
import type { Bars } from '../shared/types';
import { tearSheetCharts, tearSheetData, tearSheetHtml } from '../ui/report/index';
import { BACKTEST_CONFIG_FIELDS } from './backtest';
import { loadBars, parseTimeBound, parseTimeframe, selectRows, workingDirectory, type Resampler } from './data';

/** What the commands run against (the CliContext of commands.ts). */
interface Ctx {
  engine(): Promise<EngineApi>;
  resampler: Resampler;
}

const REQUEST_FIELDS = ['data', 'timeframe', 'resample', 'from', 'to', ...BACKTEST_CONFIG_FIELDS] as const;

/** A backtest request's bars (sliced to from/to) and config, as the `backtest` command selects them. */
async function loadRequest(req: Record<string, unknown>, ctx: Ctx, cmd: string): Promise<{ bars: Bars; config: BacktestConfig; ranged: boolean }> {
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
  for (const k of BACKTEST_CONFIG_FIELDS) if (req[k] !== undefined) config[k] = req[k];
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
  const data = req.data as string;
  const n = bars.ts.length;
  return makeShareLink(
    {
      source: (extra.source as ShareSource | undefined) ?? (data.startsWith('DEMO:') ? 'demo' : 'csv'),
      data,
      timeframe: bars.timeframe,
      resample: req.resample as Bars['timeframe'] | undefined,
      from: ranged ? formatLinkTime(bars.ts[0], bars.timeframe) : undefined,
      to: ranged ? formatLinkTime(bars.ts[n - 1], bars.timeframe) : undefined,
      adjusted: extra.adjusted as boolean | undefined,
      session: extra.session as ShareSession | undefined,
    },
    config,
    bars,
  );
}

function requestObject(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new Error(`share: request must be a backtest request object like {"data":"DEMO:ACME","strategy":{"type":"sma_cross"}}, got ${JSON.stringify(v)}`);
  }
  const r = { ...(v as Record<string, unknown>) };
  if (r.cmd !== undefined && r.cmd !== 'backtest') throw new Error(`share: request.cmd must be "backtest" or absent, got ${JSON.stringify(r.cmd)}`);
  delete r.cmd;
  delete r.id;
  for (const k of Object.keys(r)) {
    if (!(REQUEST_FIELDS as readonly string[]).includes(k)) throw new Error(`share: unknown field request.${k}; valid fields: ${REQUEST_FIELDS.join(', ')}`);
  }
  return r;
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
      const r = requestObject(req.request);
      const { bars, config, ranged } = await loadRequest(r, ctx, 'share');
      let fragment: string;
      let link: ShareLink;
      try {
        link = linkOf(r, bars, config, ranged, req);
        fragment = encodeShareLink(link);
      } catch (e) {
        return rethrow(e);
      }
      return { fragment, length: fragment.length, bars: link.bars };
    }
    for (const k of ['source', 'adjusted', 'session'] as const) if (req[k] !== undefined) throw new Error(`share: ${k} applies to encoding a request only`);
    if (typeof req.fragment !== 'string') throw new Error(`share: fragment must be text like "s=v1.…", got ${JSON.stringify(req.fragment)}`);
    let link: ShareLink;
    try {
      link = decodeShareFragment(req.fragment);
    } catch (e) {
      return rethrow(e);
    }
    const answer: Record<string, unknown> = {
      request: linkToRequest(link),
      link: { source: link.source, adjusted: link.adjusted, session: link.session, engine: link.engine, bars: link.bars },
      engine_matches: link.engine === ENGINE_VERSION,
    };
    if (req.verify !== undefined && typeof req.verify !== 'boolean') throw new Error(`share: verify must be true or false, got ${JSON.stringify(req.verify)}`);
    if (req.verify === true) {
      const { bars } = await loadRequest(linkToRequest(link), ctx, 'share');
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
