// The portfolio backtest with a shared cash account (docs/portfolio-backtest.md): one sleeve of weight 1 equals the
// single-symbol backtester bit for bit over a grid of settings; the attribution identity per date; union dates with
// ragged symbols; cash sharing without leverage; risk-manager enforcement and its log; no look-ahead; clear errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest/index';
import { createEngine } from '../../src/engine/index';
import { alignDates, runPortfolioBacktest, type PortfolioBacktestConfig, type SleeveSpec } from '../../src/engine/portfolio/backtest';
import type { Kernels } from '../../src/kernels/index';
import { loadKernelsNode } from '../../src/kernels/node';
import type { BacktestConfig } from '../../src/shared/backtest';
import type { Bars } from '../../src/shared/types';

let k: Kernels;
let acme: Bars;
let qbit: Bars;
let globx: Bars;
beforeAll(async () => {
  k = await loadKernelsNode();
  const e = createEngine(k);
  acme = e.demoBars('DEMO:ACME', '1d');
  qbit = e.demoBars('DEMO:QBIT', '1d');
  globx = e.demoBars('DEMO:GLOBX', '1d');
});

/** Rows of `b` where keep(i) holds. */
function rows(b: Bars, keep: (i: number) => boolean): Bars {
  const idx = Array.from(b.ts.keys()).filter(keep);
  const col = (c: Float64Array) => Float64Array.from(idx, (i) => c[i]);
  return { ...b, ts: col(b.ts), open: col(b.open), high: col(b.high), low: col(b.low), close: col(b.close), volume: col(b.volume) };
}

const SLEEVE_KEYS = ['direction', 'stop_loss', 'take_profit', 'trailing_stop', 'stop_reference', 'sizing'] as const;

/** The one-sleeve portfolio of a single-symbol config (weight 1 unless the config sizes). */
function asPortfolio(c: BacktestConfig, bars: Bars): PortfolioBacktestConfig {
  const sleeve: SleeveSpec = { bars, strategy: c.strategy };
  for (const f of SLEEVE_KEYS) if (c[f] !== undefined) (sleeve as unknown as Record<string, unknown>)[f] = c[f];
  if (c.sizing === undefined) sleeve.weight = 1;
  const { strategy: _s, direction: _d, stop_loss: _sl, take_profit: _tp, trailing_stop: _ts, stop_reference: _sr, sizing: _z, risk, ...rest } = c;
  return { ...rest, cash: c.cash ?? 10000, risk: risk ?? null, sleeves: [sleeve] };
}

describe('one sleeve equals the single-symbol backtester', () => {
  const configs: BacktestConfig[] = [
    { strategy: { type: 'sma_cross' } },
    { strategy: { type: 'sma_cross', params: { fast: 5, slow: 20 } }, cash: 25000, commission: { rate: 0.001, fixed: 1 }, slippage_bps: 5, spread: 0.0005, stop_loss: { pct: 0.05 } },
    { strategy: { type: 'rsi_mean_reversion' }, direction: 'long_short', take_profit: { atr: 3 }, trailing_stop: { pct: 0.08 }, commission: { rate: 0.0005 } },
    { strategy: { type: 'macd_momentum' }, fill: 'close', fractional: true, stop_loss: { atr: 2, atr_period: 10 }, stop_reference: 'signal_close' },
    { strategy: { type: 'bollinger_breakout' }, direction: 'short', slippage_bps: 10, stop_loss: { pct: 0.03 } },
    { strategy: { type: 'sma_cross', params: { fast: 8, slow: 40 } }, sizing: { mode: 'percent_equity', pct: 0.4 }, commission: { fixed: 2 } },
    { strategy: { type: 'sma_cross' }, sizing: { mode: 'units', units: 30 } },
    { strategy: { type: 'rsi_mean_reversion' }, sizing: { mode: 'volatility_target', target: 0.15 }, fractional: true },
    { strategy: { type: 'sma_cross', params: { fast: 5, slow: 15 } }, risk: { max_position_pct: 0.5, max_drawdown_stop: 0.1 }, commission: { rate: 0.002 } },
    { strategy: { type: 'bollinger_breakout' }, direction: 'long_short', risk: { max_drawdown_stop: 0.05 }, stop_loss: { pct: 0.02 } },
  ];
  it.each(configs.map((c, i) => [i, c] as const))('config %i', (_i, c) => {
    for (const bars of [acme, qbit]) {
      const single = runBacktest(k, c, bars);
      const p = runPortfolioBacktest(k, asPortfolio(c, bars));
      expect(Array.from(p.equity)).toEqual(Array.from(single.equity));
      expect(Array.from(p.cash)).toEqual(Array.from(single.cash));
      expect(Array.from(p.sleeves[0].position)).toEqual(Array.from(single.position));
      const { sleeve: _n, ...first } = p.sleeves[0].trades[0] ?? { sleeve: '' };
      if (single.trades.length) expect(first).toEqual(single.trades[0]);
      expect(p.sleeves[0].trades.map(({ sleeve: _s, ...t }) => t)).toEqual(single.trades);
      expect(p.stats.sharpe_ratio).toBe(single.stats.sharpe_ratio);
      expect(p.stats.max_drawdown).toBe(single.stats.max_drawdown);
    }
  });

  it('the default 15 % drawdown stop equals the single backtester with risk.max_drawdown_stop 0.15', () => {
    const c: BacktestConfig = { strategy: { type: 'sma_cross', params: { fast: 3, slow: 10 } }, direction: 'long_short', commission: { rate: 0.01 } };
    const single = runBacktest(k, { ...c, risk: { max_drawdown_stop: 0.15 } }, qbit);
    const { risk: _r, ...p } = asPortfolio(c, qbit);
    const r = runPortfolioBacktest(k, p);
    expect(Array.from(r.equity)).toEqual(Array.from(single.equity));
    expect(r.risk.max_drawdown_stop).toBe(0.15);
  });
});

const multi = (over: Partial<PortfolioBacktestConfig> = {}): PortfolioBacktestConfig => ({
  cash: 100000,
  commission: { rate: 0.001, fixed: 1 },
  slippage_bps: 5,
  spread: 0.0002,
  risk: null,
  sleeves: [
    { bars: acme, strategy: { type: 'sma_cross', params: { fast: 5, slow: 20 } }, weight: 0.4, stop_loss: { pct: 0.05 } },
    { bars: rows(qbit, (i) => i % 7 !== 3 && i > 40), strategy: { type: 'rsi_mean_reversion' }, weight: 0.4, direction: 'long_short', trailing_stop: { atr: 3 } },
    { bars: acme, strategy: { type: 'macd_momentum' }, weight: 0.4, take_profit: { pct: 0.1 } },
    { bars: rows(globx, (i) => i < 2000), strategy: { type: 'bollinger_breakout' }, sizing: { mode: 'cash', amount: 20000 } },
  ],
  ...over,
});

describe('attribution and cash sharing', () => {
  it('Σ sleeve P&L − Σ costs equals the equity change on every date (1e-9), and values + cash = equity', () => {
    for (const fill of ['next_open', 'close'] as const) {
      const r = runPortfolioBacktest(k, multi({ fill }));
      let prev = 100000;
      let worst = 0;
      for (let t = 0; t < r.ts.length; t++) {
        let net = 0;
        let values = 0;
        for (const s of r.sleeves) {
          net += s.pnl[t] - s.costs[t];
          values += s.value[t];
        }
        worst = Math.max(worst, Math.abs(net - (r.equity[t] - prev)), Math.abs(r.cash[t] + values - r.equity[t]));
        prev = r.equity[t];
      }
      expect(worst).toBeLessThan(1e-9);
      const total = r.sleeves.reduce((a, s) => a + s.net_pnl, 0);
      expect(Math.abs(total - (r.equity[r.ts.length - 1] - 100000))).toBeLessThan(1e-8);
      expect(r.sleeves.every((s) => s.trades.length > 0)).toBe(true);
      // Costs are real: every sleeve paid commission and slippage.
      expect(r.sleeves.every((s) => s.total_costs > 0)).toBe(true);
    }
  });

  it('aligns on the union of dates: a symbol without a bar neither fills nor moves', () => {
    const r = runPortfolioBacktest(k, multi());
    expect(r.ts.length).toBe(acme.ts.length);
    const q = r.sleeves[1];
    const qts = new Set(rows(qbit, (i) => i % 7 !== 3 && i > 40).ts);
    for (let t = 1; t < r.ts.length; t++) {
      if (qts.has(r.ts[t])) continue;
      expect(q.position[t]).toBe(q.position[t - 1]);
      expect(q.pnl[t]).toBe(0);
      expect(q.costs[t]).toBe(0);
    }
    for (const tr of q.trades) {
      expect(qts.has(tr.entry_time)).toBe(true);
      expect(qts.has(tr.exit_time)).toBe(true);
    }
    const g = r.sleeves[3];
    expect(g.trades.at(-1)?.exit_time).toBeLessThanOrEqual(globx.ts[1999]);
    expect(g.position[r.ts.length - 1]).toBe(0);
    expect(alignDates([Float64Array.of(3, 1), Float64Array.of(2, 3)]).dateOf.map((d) => Array.from(d))).toEqual([[2, 0], [1, 2]]);
  });

  it('never levers: long-only sleeves keep cash ≥ 0 and gross exposure ≤ equity after every date', () => {
    const r = runPortfolioBacktest(k, {
      cash: 50000,
      risk: null,
      sleeves: [acme, qbit, globx].map((bars) => ({ bars, strategy: { type: 'sma_cross' as const, params: { fast: 5, slow: 20 } }, weight: 0.6 })),
    });
    let capped = false;
    for (let t = 0; t < r.ts.length; t++) {
      expect(r.cash[t]).toBeGreaterThanOrEqual(0);
      const gross = r.sleeves.reduce((a, s) => a + Math.abs(s.value[t]), 0);
      if (gross > 0.9 * r.equity[t]) capped = true;
    }
    expect(capped).toBe(true); // three 60 % sleeves must have shared (and run out of) cash at some point
  });
});

describe('risk manager inside the backtest', () => {
  it('caps positions at max_position_pct and logs each cut with its numbers', () => {
    const r = runPortfolioBacktest(k, multi({ risk: { max_position_pct: 0.1, max_drawdown_stop: null } }));
    const cuts = r.risk_log.filter((e) => e.rule === 'max_position_pct');
    expect(cuts.length).toBeGreaterThan(0);
    for (const e of cuts) {
      expect(e.allowed).toBeLessThan(e.requested);
      expect(e.detail).toMatch(/^0\.1 × equity [\d.]+ \/ price [\d.]+$/);
    }
    for (const s of r.sleeves) for (const t of s.trades) expect(t.size * t.entry_price).toBeLessThan(0.1 * 1.02 * r.equity[Math.max(0, t.entry_index - 1)] + 1e-6);
  });

  it('a sleeve on a symbol already held hits max_correlated_exposure (same symbol: ρ = 1)', () => {
    const r = runPortfolioBacktest(k, multi({ risk: { max_correlated_exposure: 0.5, max_drawdown_stop: null } }));
    const cuts = r.risk_log.filter((e) => e.rule === 'max_correlated_exposure');
    expect(cuts.length).toBeGreaterThan(0);
    expect(cuts.some((e) => /DEMO:ACME sma_cross \(ρ 1\)|DEMO:ACME macd_momentum \(ρ 1\)/.test(e.detail))).toBe(true);
  });

  it('limits portfolio heat', () => {
    const r = runPortfolioBacktest(k, multi({ risk: { max_heat: 0.02, max_drawdown_stop: null } }));
    expect(r.risk_log.some((e) => e.rule === 'max_heat')).toBe(true);
  });

  it('the drawdown stop blocks entries, and flatten closes positions with reason risk_flatten', () => {
    const base = multi({ commission: { rate: 0.02, fixed: 5 } });
    const blocked = runPortfolioBacktest(k, { ...base, risk: { max_drawdown_stop: 0.05 } });
    expect(blocked.risk_log.some((e) => e.rule === 'max_drawdown_stop' && e.allowed === 0)).toBe(true);
    const flat = runPortfolioBacktest(k, { ...base, risk: { max_drawdown_stop: 0.05, flatten_on_drawdown: true } });
    const flattened = flat.sleeves.flatMap((s) => s.trades).filter((t) => t.exit_reason === 'risk_flatten');
    expect(flattened.length).toBeGreaterThan(0);
    expect(flat.risk_log.some((e) => e.rule === 'flatten_on_drawdown')).toBe(true);
  });
});

describe('no look-ahead and validation', () => {
  it('truncating every symbol at date c leaves equity before c − 1 unchanged', () => {
    const full = runPortfolioBacktest(k, multi());
    for (const cut of [300, 900, 1700]) {
      const tc = full.ts[cut];
      const m = multi();
      m.sleeves = m.sleeves.map((s) => ({ ...s, bars: rows(s.bars, (i) => s.bars.ts[i] < tc) }));
      const part = runPortfolioBacktest(k, m);
      expect(Array.from(part.equity.slice(0, cut - 1))).toEqual(Array.from(full.equity.slice(0, cut - 1)));
    }
  });

  it('names the bad field', () => {
    const m = multi();
    expect(() => runPortfolioBacktest(k, { ...m, sleeves: [] })).toThrow('sleeves: must be a non-empty array');
    expect(() => runPortfolioBacktest(k, { ...m, sleeves: [{ ...m.sleeves[0], weight: 1.5 }] })).toThrow('sleeves[0].weight: must be in (0, 1], got 1.5');
    expect(() => runPortfolioBacktest(k, { ...m, sleeves: [{ ...m.sleeves[0], strategy: { type: 'sma_cross', params: { fast: 40, slow: 30 } } }] })).toThrow(/^sleeves\[0\]\.strategy\.params\.fast/);
    expect(() => runPortfolioBacktest(k, { ...m, sleeves: [{ ...m.sleeves[0], sizing: { mode: 'all_in' } }] })).toThrow('sleeves[0]: give weight or sizing, not both');
    expect(() => runPortfolioBacktest(k, { ...m, risk: { max_heat: -1 } })).toThrow('risk.max_heat: must be null or a number > 0, got -1');
    expect(() => runPortfolioBacktest(k, { ...m, cash: -5 })).toThrow(/cash/);
    expect(() => runPortfolioBacktest(k, { ...m, sleeves: [{ ...m.sleeves[0], bars: { ...acme, timeframe: '1h' } }, m.sleeves[1]] })).toThrow(/sleeves\[1\]\.bars: timeframe 1d differs/);
  });
});

describe('CLI portfolio_backtest', () => {
  it('answers stats, equity, per-sleeve attribution and the risk log; names bad sleeve fields', async () => {
    const { runRequest } = await import('../../src/cli/commands');
    const ctx = { engine: async () => createEngine(k), resampler: { resample: async () => { throw new Error('unused'); } } } as never;
    const a = await runRequest({
      cmd: 'portfolio_backtest',
      cash: 100000,
      commission: { rate: 0.001 },
      risk: { max_position_pct: 0.3 },
      sleeves: [
        { data: 'DEMO:ACME', strategy: { type: 'sma_cross' }, weight: 0.5 },
        { data: 'DEMO:QBIT', strategy: { type: 'rsi_mean_reversion' }, weight: 0.5, stop_loss: { pct: 0.05 } },
      ],
    }, ctx);
    expect(a.ok).toBe(true);
    const sleeves = a.sleeves as { name: string; net_pnl: number; trades: unknown }[];
    expect(sleeves.map((s) => s.name)).toEqual(['DEMO:ACME sma_cross', 'DEMO:QBIT rsi_mean_reversion']);
    const equity = a.equity as Float64Array;
    expect(sleeves.reduce((x, s) => x + s.net_pnl, 0)).toBeCloseTo(equity[equity.length - 1] - 100000, 6);
    const log = a.risk_log as { date: string; rule: string }[];
    expect(log.length).toBeGreaterThan(0);
    expect(log[0].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((a.stats as Record<string, number>).final_equity).toBe(equity[equity.length - 1]);
    await expect(runRequest({ cmd: 'portfolio_backtest', sleeves: [{ data: 'DEMO:ACME', strategy: { type: 'sma_cross' }, wieght: 1 }] }, ctx)).rejects.toThrow('sleeves[0]: unknown field "wieght"');
    await expect(runRequest({ cmd: 'portfolio_backtest', sleeves: [] }, ctx)).rejects.toThrow('portfolio_backtest needs "sleeves"');
    await expect(runRequest({ cmd: 'portfolio_backtest', sleeves: [{ data: 'DEMO:NOPE', strategy: { type: 'sma_cross' } }] }, ctx)).rejects.toThrow(/^sleeves\[0\]\.data: /);
  });
});
