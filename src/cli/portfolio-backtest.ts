// The `portfolio_backtest` command (docs/cli.md § portfolio_backtest, docs/portfolio-backtest.md): load each sleeve's
// bars (DEMO:… or a CSV path), run the shared-cash portfolio backtest with the risk manager, and answer stats,
// combined equity and cash, per-sleeve attribution and trades, and the risk log.
import { runPortfolioBacktest, type PortfolioBacktestConfig, type SleeveSpec } from '../engine/portfolio/backtest';
import { loadKernelsNode } from '../kernels/node';
import type { Bars, Timeframe } from '../shared/types';
import type { CliContext } from './commands';
import { formatTs, loadBars, parseTimeframe } from './data';
import { LazyArray } from './json';

/** Portfolio-wide request fields (besides `sleeves`). */
const PORTFOLIO_FIELDS = ['cash', 'fill', 'fractional', 'fractional_step', 'commission', 'slippage_bps', 'spread', 'periods_per_year', 'risk_free', 'risk'] as const;
/** Fields of one sleeve object. */
const SLEEVE_FIELDS = ['data', 'name', 'strategy', 'weight', 'sizing', 'direction', 'stop_loss', 'take_profit', 'trailing_stop', 'stop_reference'] as const;

interface Command {
  fields: readonly string[];
  run(req: Record<string, unknown>, ctx: CliContext): Promise<Record<string, unknown>>;
}

/** `portfolio_backtest`: sleeves (data, strategy, weight or sizing, direction, stops) over one cash account. */
export const PORTFOLIO_BACKTEST_COMMAND: Command = {
  fields: ['sleeves', 'timeframe', 'resample', ...PORTFOLIO_FIELDS],
  async run(req, ctx) {
    const raw = req.sleeves;
    if (!Array.isArray(raw) || raw.length === 0) {
      throw new Error('portfolio_backtest needs "sleeves": a non-empty array like [{"data":"DEMO:ACME","strategy":{"type":"sma_cross"},"weight":0.5}]');
    }
    const timeframe = parseTimeframe('timeframe', req.timeframe);
    const resample = parseTimeframe('resample', req.resample);
    const engine = await ctx.engine();
    const loaded = new Map<string, Bars>();
    const sleeves: SleeveSpec[] = [];
    for (let k = 0; k < raw.length; k++) {
      const s = raw[k] as Record<string, unknown>;
      const at = `sleeves[${k}]`;
      if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new Error(`${at} must be an object, got ${JSON.stringify(s)}`);
      for (const f of Object.keys(s)) {
        if (!(SLEEVE_FIELDS as readonly string[]).includes(f)) throw new Error(`${at}: unknown field ${JSON.stringify(f)}; valid fields: ${SLEEVE_FIELDS.join(', ')}`);
      }
      const data = s.data;
      if (typeof data !== 'string' || data === '') throw new Error(`${at}.data must be a CSV path or DEMO:SYMBOL, got ${JSON.stringify(data)}`);
      if (s.strategy === undefined) throw new Error(`${at} needs "strategy" (e.g. {"type":"sma_cross"})`);
      let bars = loaded.get(data);
      if (bars === undefined) {
        try {
          bars = await loadBars({ data, timeframe, resample }, engine, ctx.resampler);
        } catch (e) {
          throw new Error(`${at}.data: ${(e as Error).message}`);
        }
        loaded.set(data, bars);
      }
      const { data: _d, ...rest } = s;
      sleeves.push({ ...(rest as Omit<SleeveSpec, 'bars'>), bars });
    }
    const config: PortfolioBacktestConfig = { sleeves };
    for (const f of PORTFOLIO_FIELDS) if (req[f] !== undefined) (config as unknown as Record<string, unknown>)[f] = req[f];
    const r = runPortfolioBacktest(await loadKernelsNode(), config);
    const tf: Timeframe = sleeves[0].bars.timeframe;
    const n = r.ts.length;
    return {
      bars: n,
      start: formatTs(r.ts[0], tf),
      end: formatTs(r.ts[n - 1], tf),
      periods_per_year: r.periods_per_year,
      risk: r.risk,
      stats: r.stats,
      equity: r.equity,
      cash: r.cash,
      sleeves: r.sleeves.map((s) => ({
        name: s.name,
        symbol: s.symbol,
        strategy: s.strategy,
        weight: s.weight,
        total_pnl: s.total_pnl,
        total_costs: s.total_costs,
        net_pnl: s.net_pnl,
        contribution: s.contribution,
        trade_stats: s.trade_stats,
        trades: new LazyArray(s.trades.length, (j) => {
          const { sleeve: _s, ...t } = s.trades[j];
          return { ...t, entry_time: formatTs(t.entry_time, tf), exit_time: formatTs(t.exit_time, tf) };
        }),
        value: s.value,
        position: s.position,
      })),
      risk_log: r.risk_log.map((e) => ({ ...e, date: formatTs(e.date, tf) })),
    };
  },
};
