// The Portfolio panel's portfolio backtest and performance monitor, pure parts: the out-of-sample split and the
// monitor's bar-size window, the worker's request → engine config and answer (attribution adds up to the equity's
// change, heat, the risk log of a tight limit), the risk/monitor form, the sleeves' weights, the chart geometry,
// the run badge, and the study's annualization from the bar size.
import { beforeAll, describe, expect, it } from 'vitest';
import { PERIODS_PER_YEAR } from '../../src/engine/backtest/period';
import { createEngine } from '../../src/engine/index';
import { runPortfolioBacktest } from '../../src/engine/portfolio/backtest';
import { DEFAULT_RISK_LIMITS } from '../../src/engine/portfolio/risk-manager';
import { portfolioBacktestAnswer, portfolioConfig } from '../../src/engine/portfolio-study/backtest';
import { createPortfolioStudy } from '../../src/engine/portfolio-study/index';
import {
  firstActive,
  monitorOutOfSample,
  monitorWindow,
  outOfSampleStart,
  validateMonitorSettings,
} from '../../src/engine/portfolio-study/monitor-oos';
import type { Kernels } from '../../src/kernels/index';
import { loadKernelsNode } from '../../src/kernels/node';
import type { BacktestConfig } from '../../src/shared/backtest';
import type { OptimizeRequest, PortfolioBacktestRequest, RiskLimitsInput } from '../../src/shared/portfolio-api';
import { Rng } from '../../src/sources/random';
import { bandChart, seriesChart } from '../../src/ui/charts/data/monitor';
import {
  buildMonitorSettings,
  buildRiskLimits,
  commonTimeframe,
  defaultMonitorInputs,
  defaultRiskInputs,
  weighSleeves,
  type SleeveCandidate,
} from '../../src/ui/state/portfolio-backtest-form';
import { runMonitor } from '../../src/ui/state/run-monitor';

let k: Kernels;
beforeAll(async () => {
  k = await loadKernelsNode();
});

const DAY = 86_400_000;
/** Daily times from 2015-01-01 (calendar days, so months are easy to count). */
const days = (n: number) => Float64Array.from({ length: n }, (_, i) => Date.UTC(2015, 0, 1) + i * DAY);
function normals(n: number, mu: number, sigma: number, seed: number): Float64Array {
  const r = new Rng(seed);
  return Float64Array.from({ length: n }, () => mu + sigma * r.normal());
}
const NO_LIMITS: RiskLimitsInput = { ...DEFAULT_RISK_LIMITS, max_drawdown_stop: null };
const SMA: BacktestConfig = {
  strategy: { type: 'sma_cross', params: { fast: 10, slow: 30 } } as BacktestConfig['strategy'],
  cash: 100000,
};

describe('out-of-sample split and window', () => {
  it('scales window and step with the bar size (a quarter, a month)', () => {
    expect(monitorWindow(252)).toEqual({ window: 63, step: 21 });
    expect(monitorWindow(52)).toEqual({ window: 13, step: 4 });
    expect(monitorWindow(12)).toEqual({ window: 3, step: 1 });
    expect(monitorWindow(PERIODS_PER_YEAR['1h'])).toEqual({ window: 441, step: 147 });
    expect(() => monitorWindow(0)).toThrow(/periods_per_year: must be > 0/);
  });
  it('splits at the last N calendar months', () => {
    const ts = days(800); // 2015-01-01 … 2017-03-10
    const i = outOfSampleStart(ts, 12);
    expect(new Date(ts[i]).toISOString().slice(0, 10)).toBe('2016-03-11');
    expect(new Date(ts[i - 1]).toISOString().slice(0, 10)).toBe('2016-03-10');
    expect(outOfSampleStart(ts, 600)).toBe(0);
    expect(outOfSampleStart(new Float64Array(0), 3)).toBe(0);
  });
  it('skips the flat warm-up', () => {
    expect(firstActive([0, 0, NaN, 0.01, 0])).toBe(3);
    expect(firstActive([0, 0])).toBe(2);
  });
  it('names the bad setting', () => {
    expect(() => validateMonitorSettings({ months: 0, percentile: 5, consecutive: 3 })).toThrow(
      /monitor\.months: must be an integer 1\.\.600/,
    );
    expect(() => validateMonitorSettings({ months: 12, percentile: 50, consecutive: 3 })).toThrow(
      /monitor\.percentile: must be in \(0, 50\)/,
    );
    expect(() => validateMonitorSettings({ months: 12, percentile: 5, consecutive: 1.5 })).toThrow(/monitor\.consecutive/);
  });
});

describe('monitorOutOfSample', () => {
  const n = 1500;
  const ts = days(n);
  it('stays quiet on a live period like the backtest, alerts on a degraded one', () => {
    const same = normals(n, 0.0008, 0.01, 7);
    const m = monitorOutOfSample(ts, same, 252, { months: 12, percentile: 5, consecutive: 3 }, 500);
    const live = n - outOfSampleStart(ts, 12);
    expect(m.out_of_sample).toBe(live);
    expect(m.in_sample).toBe(n - live);
    expect(m.evaluations).toHaveLength(Math.floor((live - 63) / 21) + 1);
    expect(m.evaluations[0].ts).toBe(ts[n - live + 62]);
    expect(m.alert_ts).toBeNull();
    for (const b of [m.bands.sharpe, m.bands.max_drawdown])
      for (let j = 1; j < 5; j++) expect(b[j]).toBeGreaterThanOrEqual(b[j - 1]);
    expect(m.thresholds.sharpe).toBe(m.bands.sharpe[0]);
    const degraded = same.slice();
    degraded.set(normals(live, -0.004, 0.015, 9), n - live);
    const d = monitorOutOfSample(ts, degraded, 252, { months: 12, percentile: 5, consecutive: 3 }, 500);
    expect(d.alert_ts).not.toBeNull();
    expect(d.alert_ts).toBe(Math.min(d.percentile_alert_ts ?? Infinity, d.cusum_alert_ts ?? Infinity));
    expect(d.evaluations.filter((e) => e.breach).length).toBeGreaterThanOrEqual(3);
  });
  it('explains a too-short period', () => {
    const r = normals(300, 0.001, 0.01, 1);
    expect(() => monitorOutOfSample(days(300), r, 252, { months: 1, percentile: 5, consecutive: 3 })).toThrow(
      /out-of-sample period \(last 1 months\) has 3\d periods; the monitor's window is 63/,
    );
    expect(() => monitorOutOfSample(days(300), r, 252, { months: 9, percentile: 5, consecutive: 3 })).toThrow(
      /in-sample period before the last 9 months has \d+ active periods/,
    );
  });
});

describe('portfolio backtest request → answer', () => {
  const req = (over: Partial<PortfolioBacktestRequest> = {}): PortfolioBacktestRequest => ({
    sleeves: ['DEMO:ACME', 'DEMO:QBIT', 'DEMO:GLOBX'].map((id) => ({ name: id, bars: { demo: id }, config: SMA, weight: 1 / 3 })),
    trading: { ...SMA, commission: { rate: 0.001 }, slippage_bps: 5 },
    risk: NO_LIMITS,
    monitor: { months: 12, percentile: 5, consecutive: 3 },
    ...over,
  });

  it('passes the sleeves, the shared trading fields and the limits to the engine', () => {
    const c = portfolioConfig(
      req({
        sleeves: [
          {
            name: 'a',
            bars: { demo: 'DEMO:ACME' },
            config: { ...SMA, direction: 'short', stop_loss: { pct: 0.05 }, sizing: { mode: 'all_in' } },
            weight: 0.5,
          },
        ],
      }),
    );
    expect(c.cash).toBe(100000);
    expect(c.commission).toEqual({ rate: 0.001 });
    expect(c.slippage_bps).toBe(5);
    expect(c.risk).toEqual(NO_LIMITS);
    expect(c.sleeves[0]).toMatchObject({ name: 'a', weight: 0.5, direction: 'short', stop_loss: { pct: 0.05 } });
    expect(c.sleeves[0]).not.toHaveProperty('sizing');
    expect(c.sleeves[0].bars.symbol).toBe('DEMO:ACME');
    expect(() =>
      portfolioConfig(req({ sleeves: [{ name: 'zero', bars: { demo: 'DEMO:ACME' }, config: SMA, weight: 0 }] })),
    ).toThrow(/sleeves\[0\] \(zero\)\.weight: must be in \(0, 1\]/);
    expect(() => portfolioConfig(req({ sleeves: [] }))).toThrow(/sleeves: choose at least one/);
  });

  it('attribution adds up: Σ sleeves net P&L = final equity − cash; cumulative ends at net P&L', () => {
    const a = portfolioBacktestAnswer(k, req());
    expect(a.sleeves).toHaveLength(3);
    const total = a.equity[a.equity.length - 1] - a.cash;
    const sum = a.sleeves.reduce((s, x) => s + x.net_pnl, 0);
    expect(Math.abs(sum - total)).toBeLessThan(1e-6);
    for (const s of a.sleeves) {
      expect(s.cumulative[s.cumulative.length - 1]).toBeCloseTo(s.net_pnl, 6);
      expect(s.net_pnl).toBeCloseTo(s.total_pnl - s.total_costs, 8);
    }
    for (const t of [0, 500, a.ts.length - 1]) {
      const c = a.sleeves.reduce((s, x) => s + x.cumulative[t], 0);
      expect(a.cash + c).toBeCloseTo(a.equity[t], 6);
    }
    expect(a.heat).toHaveLength(a.ts.length);
    expect(a.periods_per_year).toBe(252);
    expect('error' in a.monitor).toBe(false);
  });

  it('heat without stops is gross exposure / equity; with a pct stop it is the distance to the stop', () => {
    const c = portfolioConfig(req());
    const r = runPortfolioBacktest(k, c);
    for (const t of [100, 400, 900]) {
      const gross = r.sleeves.reduce((s, x) => s + Math.abs(x.value[t]), 0);
      expect(r.heat[t]).toBeCloseTo(gross / r.equity[t], 12);
    }
    const stopped = runPortfolioBacktest(
      k,
      portfolioConfig(req({ sleeves: req().sleeves.map((s) => ({ ...s, config: { ...SMA, stop_loss: { pct: 0.02 } } })) })),
    );
    let below = 0;
    for (let t = 0; t < stopped.ts.length; t++) {
      const gross = stopped.sleeves.reduce((s, x) => s + Math.abs(x.value[t]), 0);
      // A long's risk is units × (mark − stop) with 0 < stop: less than its value whenever a position is open.
      expect(stopped.heat[t]).toBeLessThanOrEqual(gross / stopped.equity[t] + 1e-12);
      if (gross > 0 && stopped.heat[t] < (0.5 * gross) / stopped.equity[t]) below++;
    }
    expect(below).toBeGreaterThan(100);
  });

  it('a tight position limit cuts orders and logs them with their numbers', () => {
    const a = portfolioBacktestAnswer(k, req({ risk: { ...NO_LIMITS, max_position_pct: 0.05 } }));
    const rows = a.risk_log.filter((e) => e.rule === 'max_position_pct');
    expect(rows.length).toBeGreaterThan(5);
    for (const e of rows) {
      expect(e.allowed).toBeLessThan(e.requested);
      expect(e.detail).toMatch(/^0\.05 × equity [\d.]+ \/ price [\d.]+$/);
    }
    expect(a.stats.risk_events).toBe(a.risk_log.length);
    expect(a.risk.max_position_pct).toBe(0.05);
  });
});

describe('risk and monitor form', () => {
  it('defaults equal the engine defaults', () => {
    const r = buildRiskLimits(defaultRiskInputs());
    expect(r).toEqual({ ok: true, value: { ...DEFAULT_RISK_LIMITS } });
    expect(buildMonitorSettings(defaultMonitorInputs())).toEqual({
      ok: true,
      value: { months: 12, percentile: 5, consecutive: 3 },
    });
  });
  it('converts percentages and names the bad field', () => {
    const r = buildRiskLimits({
      ...defaultRiskInputs(),
      maxPositionPct: '10',
      maxHeatPct: '6',
      maxCorrelatedPct: '150',
      maxNotional: '20000',
      drawdownStopPct: '',
      flatten: true,
    });
    expect(r.ok && r.value).toMatchObject({
      max_position_pct: 0.1,
      max_heat: 0.06,
      max_correlated_exposure: 1.5,
      max_position_notional: 20000,
      max_drawdown_stop: null,
      flatten_on_drawdown: true,
    });
    expect(buildRiskLimits({ ...defaultRiskInputs(), maxPositionPct: '120' })).toEqual({
      ok: false,
      field: 'maxPositionPct',
      error: 'max position must be empty (off) or a percentage in (0, 100], got "120"',
    });
    expect(buildRiskLimits({ ...defaultRiskInputs(), correlationWindow: '2' })).toMatchObject({
      ok: false,
      field: 'correlationWindow',
    });
    expect(buildMonitorSettings({ ...defaultMonitorInputs(), months: 'x' })).toMatchObject({
      ok: false,
      field: 'months',
      error: expect.stringMatching(/out-of-sample months must be an integer 1\.\.600/),
    });
  });
});

describe('sleeve weights', () => {
  const cand = (name: string, asset = name): SleeveCandidate => ({
    name,
    asset,
    bars: { demo: `DEMO:${asset}` },
    config: SMA,
    timeframe: '1d',
  });
  const cs = [cand('s·ACME', 'ACME'), cand('s·QBIT', 'QBIT'), cand('s·GLOBX', 'GLOBX')];
  it('equal weights', () => {
    const w = weighSleeves(cs, 'equal', null);
    expect(w.ok && w.value.map((s) => s.weight)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
  it("the optimizer's weights by asset name, zeros dropped", () => {
    const w = weighSleeves(cs, 'optimizer', { assets: ['GLOBX', 'ACME', 'QBIT'], weights: Float64Array.of(0.7, 0.3, 1e-9) });
    expect(w.ok && w.value.map((s) => [s.name, s.weight])).toEqual([
      ['s·ACME', 0.3],
      ['s·GLOBX', 0.7],
    ]);
  });
  it('errors name the sleeve or the missing step', () => {
    expect(weighSleeves(cs, 'optimizer', null)).toMatchObject({
      ok: false,
      field: 'weights',
      error: expect.stringMatching(/press “Optimize” first/),
    });
    expect(weighSleeves(cs, 'optimizer', { assets: ['ACME', 'QBIT'], weights: Float64Array.of(0.5, 0.5) })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no weight for "GLOBX"/),
    });
    expect(
      weighSleeves(cs, 'optimizer', { assets: ['ACME', 'QBIT', 'GLOBX'], weights: Float64Array.of(1.2, -0.2, 0) }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/s·QBIT has weight −?-?20\.00%/) });
    expect(weighSleeves([], 'equal', null)).toMatchObject({ ok: false, field: 'sleeves' });
  });
  it('one bar size', () => {
    expect(
      commonTimeframe([
        { name: 'a', timeframe: '1d' },
        { name: 'b', timeframe: '1d' },
      ]),
    ).toEqual({ ok: true, value: '1d' });
    expect(
      commonTimeframe([
        { name: 'a', timeframe: '1d' },
        { name: 'b', timeframe: '1h' },
      ]),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/mix bar sizes \(1d, 1h\).*b is 1h/) });
  });
});

describe('chart geometry', () => {
  it('bands nest around the median; breaches and the alert are placed', () => {
    const ts = [0, 10, 20, 30];
    const c = bandChart(ts, [1.5, 0.2, -0.5, -1], [false, false, true, true], [-0.8, 0, 0.5, 1, 1.8], -0.8, 20, 400, 120, false);
    expect(c.outer.y0).toBeLessThan(c.inner.y0);
    expect(c.inner.y0).toBeLessThan(c.median);
    expect(c.median).toBeLessThan(c.inner.y1);
    expect(c.inner.y1).toBeLessThan(c.outer.y1);
    expect(c.threshold).toBe(c.outer.y1);
    expect(c.points.map((p) => p.breach)).toEqual([false, false, true, true]);
    expect(c.points[0].x).toBe(c.box.left);
    expect(c.points[3].x).toBe(c.box.right);
    expect(c.alertX).toBeCloseTo((c.box.left + c.box.right) / 2 + (c.box.right - c.box.left) / 6, 0);
    expect(c.d.startsWith(`M${c.points[0].x},${c.points[0].y}L`)).toBe(true);
    expect(() => bandChart(ts, [], [], [1, 2], 0, null, 100, 100, false)).toThrow(/bands: need 5 percentiles/);
  });
  it('the heat line: max, mean and the limit line', () => {
    const c = seriesChart([0, 1, 2, 3], [0, 0.2, 0.4, NaN], 300, 100, 0.5);
    expect(c.max).toBe(0.4);
    expect(c.mean).toBeCloseTo(0.2, 12);
    expect(c.limitY).not.toBeNull();
    expect(c.limitY!).toBeLessThan(c.box.bottom);
    expect(c.d).toMatch(/^M[\d.]+,[\d.]+L/);
  });
});

describe('run badge and annualization', () => {
  it('monitors a kept run over its metric period', () => {
    const e = createEngine(k);
    const bars = e.demoBars('DEMO:ACME', '1d');
    const r = e.backtest(SMA, bars);
    const m = runMonitor(bars.ts, r, 100000);
    expect(m.state === 'ok' || m.state === 'alert').toBe(true);
    if (m.state !== 'unavailable') expect(m.state === 'alert').toBe(m.answer.alert_ts !== null);
    expect(runMonitor(bars.ts, r, 100000)).toBe(m); // cached
    const short = e.backtest(SMA, {
      ...bars,
      ts: bars.ts.slice(0, 200),
      open: bars.open.slice(0, 200),
      high: bars.high.slice(0, 200),
      low: bars.low.slice(0, 200),
      close: bars.close.slice(0, 200),
      volume: bars.volume.slice(0, 200),
    });
    expect(runMonitor(bars.ts.slice(0, 200), short, 100000).state).toBe('unavailable');
  });
  it("annualizes strategy series with their bar size's periods per year", () => {
    const ts = days(400);
    const mk = (seed: number) => {
      const r = normals(399, 0.0005, 0.01, seed);
      const v = new Float64Array(400);
      v[0] = 100;
      for (let i = 1; i < 400; i++) v[i] = v[i - 1] * (1 + r[i - 1]);
      return v;
    };
    const series = [0, 1, 2].map((j) => ({ name: `s${j}`, ts, values: mk(j + 1) }));
    const req: OptimizeRequest = {
      expected_returns: { method: 'mean_historical', compounding: false, span: 500 },
      risk_model: { method: 'sample_cov', shrinkage_target: 'constant_variance', span: 180, benchmark: 0 },
      objective: { method: 'min_volatility', risk_free_rate: 0 },
      weight_bounds: [0, 1],
      l2_gamma: 0,
      frontier_points: 0,
    };
    const run = (ppy?: number) => {
      const s = createPortfolioStudy();
      const u = s.setUniverse({
        kind: 'series',
        series: series.map((x) => ({ ...x, ts: x.ts.slice(), values: x.values.slice() })),
        periods_per_year: ppy,
      });
      return { u, o: s.optimize(req) };
    };
    const daily = run();
    const hourly = run(PERIODS_PER_YEAR['1h']);
    expect(daily.u.periods_per_year).toBe(252);
    expect(hourly.u.periods_per_year).toBe(1764);
    expect(hourly.o.periods_per_year).toBe(1764);
    expect(hourly.o.risk.annual_volatility / daily.o.risk.annual_volatility).toBeCloseTo(Math.sqrt(7), 10);
    expect(hourly.o.performance.volatility / daily.o.performance.volatility).toBeCloseTo(Math.sqrt(7), 6);
    expect(() => createPortfolioStudy().setUniverse({ kind: 'series', series, periods_per_year: 0 })).toThrow(
      /periods_per_year must be a number > 0/,
    );
  });
});
