// The CLI's commands. Each takes a request object (from flags or one batch line) and returns the answer
// object that is printed as JSON; single-command mode and batch mode share this table, so a command gives
// the same object either way.
import { resolveIndicator } from '../engine/indicators/registry';
import { computeMetrics, parseReturnSeries } from '../engine/metrics';
import type { EngineApi, IndicatorMeta } from '../shared/engine-api';
import type { Bars, IndicatorRequest } from '../shared/types';
import { BACKTEST_CONFIG_FIELDS, runBacktest } from './backtest';
import { runScan } from './scan';
import { FETCH_COMMAND } from './fetch';
import { formatTs, loadBars, parseTimeBound, parseTimeframe, selectRows, type DataSpec, type Resampler } from './data';
import { LazyArray } from './json';
import { PORTFOLIO_FIELDS, runAllocate, runFrontier, runOptimize, runRebalance } from './portfolio';
import { PORTFOLIO_BACKTEST_COMMAND } from './portfolio-backtest';
import { OVERFIT_COMMAND, SWEEP_COMMAND, WALKFORWARD_COMMAND } from './optimize';
import { REPORT_COMMAND, SHARE_COMMAND } from './share';
import { USAGE } from './usage';

/** What commands run against: the engine (loaded on first use) and the resampler. */
export interface CliContext {
  engine(): Promise<EngineApi>;
  resampler: Resampler;
}

type Answer = Record<string, unknown>;

interface Command {
  /** Request fields the command accepts besides `cmd` and `id`. */
  fields: readonly string[];
  run(req: Record<string, unknown>, ctx: CliContext): Promise<Answer>;
}

const DATA_FIELDS = ['data', 'timeframe', 'resample'] as const;

// `indicators` and its older name `functions` are one command: same fields, same answer.
const INDICATORS_COMMAND: Command = {
  fields: [],
  async run(_req, ctx) {
    return { indicators: (await ctx.engine()).functions().map(indicatorEntry) };
  },
};

/** The commands by name, in the order help lists them ('batch' is handled by main: it reads stdin). */
export const COMMANDS: Readonly<Record<string, Command>> = {
  info: {
    fields: [],
    async run(_req, ctx) {
      const engine = await ctx.engine();
      const i = engine.info();
      return {
        version: i.version,
        kernel_abi: i.kernelAbi,
        simd: i.simd,
        wasm_bytes: i.wasmBytes,
        demo_symbols: engine.demoSymbols().map((s) => s.id),
      };
    },
  },

  indicators: INDICATORS_COMMAND,
  functions: INDICATORS_COMMAND,

  indicator: {
    fields: [...DATA_FIELDS, 'fn', 'params', 'inputs'],
    async run(req, ctx) {
      // Validate the function before loading data, so a typo fails fast.
      const resolved = resolveIndicator({
        fn: need(req, 'indicator', 'fn', 'a function name like "SMA"'),
        params: req.params,
        inputs: req.inputs,
      });
      const spec = dataSpec(req, 'indicator');
      const engine = await ctx.engine();
      const bars = await loadBars(spec, engine, ctx.resampler);
      const inputs = req.inputs as IndicatorRequest['inputs']; // validated by resolveIndicator above
      const r = engine.indicator({ fn: resolved.def.name, params: { ...resolved.params }, inputs }, bars);
      return { fn: r.fn, lookback: r.lookback, outputs: r.outputs };
    },
  },

  bars: {
    fields: [...DATA_FIELDS, 'from', 'to', 'limit'],
    async run(req, ctx) {
      const spec = dataSpec(req, 'bars');
      const from = parseTimeBound('from', req.from);
      const to = parseTimeBound('to', req.to);
      const limit = req.limit;
      if (limit !== undefined && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 1)) {
        throw new Error(`limit must be a positive integer, got ${JSON.stringify(limit)}`);
      }
      const bars = await loadBars(spec, await ctx.engine(), ctx.resampler);
      const rows = selectRows(bars.ts, from, to, limit);
      return { symbol: bars.symbol, timeframe: bars.timeframe, count: rows.length, bars: barRows(bars, rows) };
    },
  },

  metrics: {
    fields: ['returns', 'factor_returns', 'periods_per_year', 'risk_free', 'required_return', 'cutoff'],
    async run(req) {
      const returns = parseReturnSeries('returns', need(req, 'metrics', 'returns', 'an array of per-period returns'));
      const factorReturns =
        req.factor_returns === undefined ? undefined : parseReturnSeries('factor_returns', req.factor_returns);
      const metrics = computeMetrics(returns, {
        factorReturns,
        periodsPerYear: optionalNumber(req, 'periods_per_year'),
        riskFree: optionalNumber(req, 'risk_free'),
        requiredReturn: optionalNumber(req, 'required_return'),
        cutoff: optionalNumber(req, 'cutoff'),
      });
      return { metrics };
    },
  },

  backtest: {
    fields: [...DATA_FIELDS, 'from', 'to', ...BACKTEST_CONFIG_FIELDS],
    async run(req, ctx) {
      return runBacktest(req, dataSpec(req, 'backtest'), await ctx.engine(), ctx.resampler);
    },
  },

  scan: {
    fields: ['universe', 'strategy', 'timeframe'],
    async run(req, ctx) {
      return runScan(req, parseTimeframe('timeframe', req.timeframe), await ctx.engine(), ctx.resampler);
    },
  },

  fetch: FETCH_COMMAND,

  optimize: { fields: PORTFOLIO_FIELDS.optimize, run: async (req) => runOptimize(req) },
  frontier: { fields: PORTFOLIO_FIELDS.frontier, run: async (req) => runFrontier(req) },
  allocate: { fields: PORTFOLIO_FIELDS.allocate, run: async (req) => runAllocate(req) },
  rebalance: { fields: PORTFOLIO_FIELDS.rebalance, run: async (req) => runRebalance(req) },
  portfolio_backtest: PORTFOLIO_BACKTEST_COMMAND,
  sweep: SWEEP_COMMAND,
  walkforward: WALKFORWARD_COMMAND,
  overfit: OVERFIT_COMMAND,

  share: SHARE_COMMAND,
  report: REPORT_COMMAND,

  help: {
    fields: [],
    async run() {
      return { usage: USAGE };
    },
  },
};

/** Valid command names for messages (including 'batch', which main handles). */
export const COMMAND_NAMES: readonly string[] = [...Object.keys(COMMANDS), 'batch'];

/**
 * Runs one request and returns `{ ok: true, id?, …answer }`; throws with a message naming the bad field for an
 * unknown command, an unknown or missing field, a bad value, or a failing computation.
 */
export async function runRequest(req: unknown, ctx: CliContext): Promise<Answer> {
  if (typeof req !== 'object' || req === null || Array.isArray(req)) {
    throw new Error(`a request must be a JSON object like {"cmd":"info"}, got ${JSON.stringify(req)}`);
  }
  const r = req as Record<string, unknown>;
  if (r.cmd === undefined) throw new Error(`a request needs "cmd" (one of ${COMMAND_NAMES.join(', ')})`);
  const name = r.cmd;
  const cmd = typeof name === 'string' && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (cmd === undefined) {
    const why = name === 'batch' ? '; batch cannot be nested' : '';
    throw new Error(`unknown command ${JSON.stringify(name)}; valid commands: ${COMMAND_NAMES.join(', ')}${why}`);
  }
  for (const k of Object.keys(r)) {
    if (k !== 'cmd' && k !== 'id' && !cmd.fields.includes(k)) {
      const valid = cmd.fields.length ? cmd.fields.join(', ') : '(none)';
      throw new Error(`${name}: unknown field ${JSON.stringify(k)}; valid fields: ${valid}`);
    }
  }
  const answer = await cmd.run(r, ctx);
  return r.id === undefined ? { ok: true, ...answer } : { ok: true, id: r.id, ...answer };
}

function need(req: Record<string, unknown>, cmd: string, field: string, what: string): unknown {
  if (req[field] === undefined) throw new Error(`${cmd} needs "${field}" (${what})`);
  return req[field];
}

function optionalNumber(req: Record<string, unknown>, field: string): number | undefined {
  const v = req[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number') throw new Error(`${field} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function dataSpec(req: Record<string, unknown>, cmd: string): DataSpec {
  const data = need(req, cmd, 'data', 'a CSV path or DEMO:SYMBOL');
  if (typeof data !== 'string' || data === '')
    throw new Error(`data must be a CSV path or DEMO:SYMBOL, got ${JSON.stringify(data)}`);
  return { data, timeframe: parseTimeframe('timeframe', req.timeframe), resample: parseTimeframe('resample', req.resample) };
}

/**
 * One registry entry as `indicators` prints it, keys in a fixed order: name, group, inputs, params (name, default,
 * min, max, type), outputs (name, kind), description — TA-Lib's abstract-API metadata under its Python names.
 */
export function indicatorEntry(m: IndicatorMeta): Record<string, unknown> {
  return {
    name: m.name,
    group: m.group,
    inputs: m.inputs,
    params: m.params.map((p) => ({ name: p.name, default: p.default, min: p.min, max: p.max, type: p.type })),
    outputs: m.outputs.map((o) => ({ name: o.name, kind: o.kind })),
    description: m.description,
  };
}

/** Bars as row objects `{t, ts, open, high, low, close, volume}`, made one at a time while printing. */
function barRows(b: Bars, rows: Int32Array): LazyArray {
  return new LazyArray(rows.length, (k) => {
    const i = rows[k];
    return {
      t: formatTs(b.ts[i], b.timeframe),
      ts: b.ts[i],
      open: b.open[i],
      high: b.high[i],
      low: b.low[i],
      close: b.close[i],
      volume: b.volume[i],
    };
  });
}
