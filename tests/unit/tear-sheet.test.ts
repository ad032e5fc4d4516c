// The tear sheet (src/ui/report): data preparation against hand computations (returns, cumulative, underwater,
// worst drawdowns as pyfolio, monthly/annual compounding, histograms, rolling alignment), exports (CSV quoting,
// JSON-safe numbers), and the SVG/HTML rendering: well-formed, self-contained, deterministic, with normalized
// SVG snapshots of a fixed synthetic run (tests/unit/__snapshots__/tear-sheet/).
import { describe, expect, it } from 'vitest';
import type { Trade } from '../../src/shared/backtest';
import {
  alignRolling,
  annualReturns,
  cumulativeReturns,
  equityReturns,
  histogram,
  jsonSafe,
  monthlyReturns,
  resultJson,
  tearSheetCharts,
  tearSheetData,
  tearSheetHtml,
  tradesCsv,
  underwater,
  worstDrawdowns,
  type TearSheetInput,
} from '../../src/ui/report/index';

const DAY = 86_400_000;

/** A fixed three-year daily run: a deterministic wavy equity curve and a buy & hold line, 10,000 starting cash. */
function fixture(): TearSheetInput {
  const n = 3 * 252;
  const ts = Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 2) + Math.floor(i * 1.45) * DAY);
  const equity = Float64Array.from({ length: n }, (_, i) => 10000 * (1 + 0.0004 * i + 0.08 * Math.sin(i / 23) - 0.05 * Math.sin(i / 7)));
  const benchmark = Float64Array.from({ length: n }, (_, i) => 10000 * (1 + 0.0006 * i + 0.1 * Math.sin(i / 41)));
  const drawdown = underwater(cumulativeReturns(equityReturns(equity, 0, 10000)));
  const trade: Trade = { entry_index: 3, exit_index: 40, entry_time: ts[3], exit_time: ts[40], direction: 'long', size: 10, entry_price: 100, exit_price: 110, pnl: 98, return_pct: 0.098, commission: 2, exit_reason: 'signal', mae: -0.02, mfe: 0.12, bars_held: 37 };
  return {
    title: 'Fixture · SMA(10,30)',
    symbol: 'DEMO:ACME',
    timeframe: '1d',
    ts,
    config: { strategy: { type: 'sma_cross' } },
    result: { equity, benchmark, drawdown, trades: [trade], stats: { total_return: equity[n - 1] / 10000 - 1, sharpe_ratio: 0.5, max_drawdown: -0.2, trades: 1, weird_metric: NaN }, start_row: 0, first_bar: 30, periods_per_year: 252 },
  };
}

describe('tear sheet data', () => {
  it('returns, cumulative returns and the underwater curve', () => {
    const r = equityReturns([110, 99, 121], 0, 100);
    expect(Array.from(r).map((v) => +v.toFixed(12))).toEqual([0.1, -0.1, 121 / 99 - 1].map((v) => +v.toFixed(12)));
    expect(Array.from(equityReturns([50, 110, 99], 1, 100)).map((v) => +v.toFixed(12))).toEqual([0.1, -0.1]);
    const c = cumulativeReturns([0.1, NaN, -0.5]);
    expect(Array.from(c).map((v) => +v.toFixed(12))).toEqual([0.1, 0.1, -0.45]);
    expect(Array.from(underwater([0.1, -0.45, 0.21])).map((v) => +v.toFixed(12))).toEqual([0, -0.5, 0]);
    expect(underwater([-0.1])[0]).toBeCloseTo(-0.1, 15); // the start counts as a peak of wealth 1
  });

  it('worst drawdowns: peak, valley, recovery and duration of each episode, deepest first (pyfolio)', () => {
    const u = [0, -0.1, -0.3, 0, 0, -0.05, 0, -0.4, -0.2];
    expect(worstDrawdowns(u, 5)).toEqual([
      { depth: -0.4, peak: 6, valley: 7, recovery: null, duration: 2 },
      { depth: -0.3, peak: 0, valley: 2, recovery: 3, duration: 3 },
      { depth: -0.05, peak: 4, valley: 5, recovery: 6, duration: 2 },
    ]);
    expect(worstDrawdowns(u, 1)).toHaveLength(1);
    // a drawdown from the very first row starts at the initial peak (row −1)
    expect(worstDrawdowns([-0.1, 0])[0]).toEqual({ depth: -0.1, peak: -1, valley: 0, recovery: 1, duration: 2 });
    expect(worstDrawdowns([0, 0])).toEqual([]);
  });

  it('monthly and annual returns compound within each calendar period', () => {
    const ts = [Date.UTC(2021, 0, 4), Date.UTC(2021, 0, 5), Date.UTC(2021, 2, 1), Date.UTC(2022, 0, 3)];
    const r = [0.1, 0.1, -0.5, 0.02];
    const m = monthlyReturns(ts, r);
    expect(m.years).toEqual([2021, 2022]);
    expect(m.values[0][0]).toBeCloseTo(0.21, 12);
    expect(m.values[0][1]).toBeNaN();
    expect(m.values[0][2]).toBeCloseTo(-0.5, 12);
    expect(m.values[1][0]).toBeCloseTo(0.02, 12);
    const a = annualReturns(ts, r);
    expect(a.get(2021)).toBeCloseTo(1.21 * 0.5 - 1, 12);
    expect(a.get(2022)).toBeCloseTo(0.02, 12);
  });

  it('histograms count every finite value once; rolling values sit at each window end', () => {
    const h = histogram([0, 1, 2, 3, 4, NaN, Infinity], 4);
    expect(h.map((b) => b.count)).toEqual([1, 1, 1, 2]);
    expect(h[0].x0).toBe(0);
    expect(h[3].x1).toBe(4);
    expect(histogram([NaN])).toEqual([]);
    expect(Array.from(alignRolling(Float64Array.of(7, 8), 4))).toEqual([NaN, NaN, 7, 8]);
  });

  it('prepares every series of a run over the metric period', () => {
    const d = tearSheetData(fixture());
    const n = d.ts.length;
    expect(d.returns).toHaveLength(n);
    expect(d.cumulative[n - 1]).toBeCloseTo(fixture().result.equity[n - 1] / 10000 - 1, 12);
    expect(d.worstDrawdowns.length).toBe(5);
    expect(d.worstDrawdowns[0].depth).toBeCloseTo(Math.min(...d.underwater), 15);
    expect(d.rollingWindow).toBe(126);
    expect(Number.isNaN(d.rollingSharpe[124])).toBe(true);
    expect(Number.isFinite(d.rollingSharpe[125])).toBe(true);
    expect(Number.isFinite(d.rollingBeta[n - 1])).toBe(true);
    expect(d.annual.map((a) => a.year)).toEqual([2020, 2021, 2022, 2023, 2024].slice(0, d.annual.length));
    expect(d.metrics.find((m) => m.name === 'weird_metric')?.value).toBeDefined();
    expect(d.subtitle).toMatch(/^DEMO:ACME · 1d · 2020-01-02 → \d{4}-\d{2}-\d{2} · 756 bars$/);
  });
});

describe('tear sheet rendering', () => {
  const d = tearSheetData(fixture());
  const charts = tearSheetCharts(d);

  it('renders every chart: well-formed, titled, labelled, with a hover readout, deterministic', () => {
    expect(charts.map((c) => c.id)).toEqual([
      'cumulative', 'cumulative-log', 'underwater', 'rolling-sharpe', 'rolling-volatility', 'rolling-beta',
      'monthly-heatmap', 'annual-returns', 'distribution-bars', 'distribution-monthly',
    ]);
    for (const c of charts) {
      expect(c.svg, c.id).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* data-chart="[a-z-]+"/);
      expect(c.svg.endsWith('</svg>'), c.id).toBe(true);
      expect(c.svg, c.id).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/); // no raw ampersand: valid XML
      expect(c.svg, c.id).not.toMatch(/NaN|undefined|Infinity/);
      expect((c.svg.match(/<title>/g) ?? []).length, c.id).toBeGreaterThan(2); // chart title + hover readouts
      expect((c.svg.match(/<svg/g) ?? []).length).toBe(1);
    }
    expect(tearSheetCharts(tearSheetData(fixture()))).toEqual(charts);
  });

  it.each(['cumulative', 'cumulative-log', 'underwater', 'rolling-sharpe', 'monthly-heatmap', 'annual-returns', 'distribution-bars'])('snapshot of %s (normalized SVG)', async (id) => {
    const svg = charts.find((c) => c.id === id)!.svg.replace(/></g, '>\n<');
    await expect(svg).toMatchFileSnapshot(`./__snapshots__/tear-sheet/${id}.svg`);
  });

  it('the HTML file is self-contained: inline CSS and SVG, no script, no fetched URL, a print stylesheet', () => {
    const html = tearSheetHtml(d, { generated: 'AlphaStrat test', link: 'http://localhost/#s=v1.abc&x=<y>' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link |\ssrc=|\shref=|@import|url\(/i);
    expect(html).toMatch(/@media print\{@page\{size:A4/);
    expect((html.match(/<svg /g) ?? []).length).toBe(10);
    expect(html).toContain('#s=v1.abc&amp;x=&lt;y&gt;');
    expect(html).toContain('data-testid="worst-drawdowns"');
    expect(html).toContain('<tr data-metric="sharpe_ratio">');
  });
});

describe('exports', () => {
  it('trades CSV: header, ISO times, RFC 4180 quoting, NaN empty', () => {
    const t = fixture().result.trades[0];
    const csv = tradesCsv([t, { ...t, exit_reason: 'a,"b"' as never, mae: NaN }]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('entry_index,exit_index,entry_time,exit_time,direction,size,entry_price,exit_price,pnl,return_pct,commission,exit_reason,mae,mfe,bars_held');
    expect(lines[1]).toBe('3,40,2020-01-06T00:00:00,2020-02-29T00:00:00,long,10,100,110,98,0.098,2,signal,-0.02,0.12,37');
    expect(lines[2]).toContain(',"a,""b""",,0.12,');
    expect(lines[3]).toBe('');
  });

  it('result JSON: typed arrays as arrays, non-finite numbers as null', () => {
    expect(jsonSafe({ a: Float64Array.of(1, NaN), b: [Infinity, 2], c: 'x' })).toEqual({ a: [1, null], b: [null, 2], c: 'x' });
    const f = fixture();
    const j = JSON.parse(resultJson({ symbol: 'DEMO:ACME', timeframe: '1d', engine: '0.1.0', config: f.config, ts: f.ts, result: { ...f.result, cash: f.result.equity, position: f.result.equity, signals: { flags: new Uint8Array(2), strength: new Float64Array(2), warmup: 0 } } }));
    expect(j.result.stats.weird_metric).toBeNull();
    expect(j.ts).toHaveLength(756);
    expect(j.result.signals.flags).toEqual([0, 0]);
  });
});
