// The tear sheet's charts as SVG text (no DOM: the page and the CLI render the same strings). d3 scales map values
// to pixels; lines go through the equity chart's per-pixel reduction (charts/data/equity.ts). Every chart has a
// title, axis labels with units, and a hover readout: transparent bands/cells whose <title> the browser shows as
// a tooltip (works in the exported file too, without script). Colours are attributes, so an exported SVG or PNG
// looks the same outside the page. Coordinates are rounded to 0.1 px, ids are stable: snapshots are deterministic.
import { scaleBand, scaleLinear, scaleLog } from 'd3';
import { areaPath, linePath } from '../charts/data/equity';
import { timeTicks } from '../charts/data/time-ticks';
import type { Bin, TearSheetData } from './data';

/** One rendered chart: a stable id (file names, test ids), its title and the SVG text. */
export interface ChartSvg {
  id: string;
  title: string;
  svg: string;
}

const W = 760;
const H = 240;
const M = { left: 62, right: 16, top: 30, bottom: 40 };
const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="11"`;
export const COLOURS = { strategy: '#2563eb', benchmark: '#94a3b8', loss: '#dc2626', gain: '#16a34a', grid: '#e2e8f0', text: '#334155' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const r1 = (v: number) => Math.round(v * 10) / 10;
/** Escapes text for SVG/HTML content and attributes. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
/** A fraction as a signed percent with `d` decimals ("+12.3%"); "—" when not finite. */
export function pct(v: number, d = 1): string {
  if (!Number.isFinite(v)) return '—';
  const s = (v * 100).toFixed(d);
  return `${v > 0 ? '+' : ''}${s === '-0.0' ? '0.0' : s}%`;
}
const num = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

function frame(id: string, title: string, body: string, yLabel: string, xLabel: string, height = H): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" ${FONT} ` +
    `data-chart="${id}" class="ts-chart" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title><rect width="${W}" height="${height}" fill="#ffffff"/>` +
    `<text x="${M.left}" y="18" font-size="13" font-weight="600" fill="${COLOURS.text}">${esc(title)}</text>` +
    body +
    `<text transform="translate(14,${r1((M.top + height - M.bottom) / 2)}) rotate(-90)" text-anchor="middle" fill="${COLOURS.text}">${esc(yLabel)}</text>` +
    `<text x="${r1((M.left + W - M.right) / 2)}" y="${height - 4}" text-anchor="middle" fill="${COLOURS.text}">${esc(xLabel)}</text>` +
    `</svg>`
  );
}

function yAxis(ticks: { at: number; label: string }[]): string {
  return ticks
    .map(
      (t) =>
        `<line x1="${M.left}" x2="${W - M.right}" y1="${t.at}" y2="${t.at}" stroke="${COLOURS.grid}"/>` +
        `<text x="${M.left - 6}" y="${r1(t.at + 4)}" text-anchor="end" fill="${COLOURS.text}">${esc(t.label)}</text>`,
    )
    .join('');
}

/** Time ticks along rows 0..n−1 (calendar boundaries, as the price chart). */
function xTimeAxis(ts: Float64Array, x: (i: number) => number, height: number): string {
  return timeTicks(ts, { start: 0, end: ts.length }, 8)
    .map((t) => {
      const at = r1(x(t.index));
      return `<line x1="${at}" x2="${at}" y1="${height - M.bottom}" y2="${height - M.bottom + 4}" stroke="${COLOURS.text}"/>` +
        `<text x="${at}" y="${height - M.bottom + 15}" text-anchor="middle" fill="${COLOURS.text}">${esc(t.label)}</text>`;
    })
    .join('');
}

/** Transparent bands across the plot, one per ~8 px, whose <title> reads out the values at that row. */
function hoverBands(n: number, x: (i: number) => number, readout: (i: number) => string, height: number): string {
  if (n === 0) return '';
  const bands = Math.min(n, 90);
  const out: string[] = [];
  for (let b = 0; b < bands; b++) {
    const i0 = Math.floor((b * n) / bands);
    const i1 = Math.max(i0, Math.floor(((b + 1) * n) / bands) - 1);
    const x0 = r1(x(i0));
    const x1 = r1(Math.max(x(i1), x0 + 1));
    out.push(`<rect class="hover" x="${x0}" y="${M.top}" width="${r1(x1 - x0 + 0.1)}" height="${height - M.top - M.bottom}" fill="transparent"><title>${esc(readout(i1))}</title></rect>`);
  }
  return `<g class="readout">${out.join('')}</g>`;
}

interface Line {
  label: string;
  values: ArrayLike<number>;
  colour: string;
}

function legend(lines: readonly Line[]): string {
  let x = W - M.right;
  const parts: string[] = [];
  for (const l of [...lines].reverse()) {
    x -= l.label.length * 6 + 22;
    parts.push(`<rect x="${x}" y="10" width="12" height="3" fill="${l.colour}"/><text x="${x + 16}" y="15" fill="${COLOURS.text}">${esc(l.label)}</text>`);
  }
  return parts.join('');
}

/** A time-series chart of one or more lines over the tear sheet's rows; `area` fills the first line down to 0. */
function timeChart(
  d: TearSheetData,
  id: string,
  title: string,
  lines: Line[],
  opts: { yLabel: string; format: (v: number) => string; log?: boolean; area?: boolean; ref?: number },
): ChartSvg {
  const n = d.ts.length;
  const x = scaleLinear().domain([0, Math.max(1, n - 1)]).range([M.left, W - M.right]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines) for (let i = 0; i < n; i++) {
    const v = opts.log ? 1 + l.values[i] : l.values[i];
    if (Number.isFinite(v) && (!opts.log || v > 0)) (lo = Math.min(lo, v), (hi = Math.max(hi, v)));
  }
  if (opts.ref !== undefined) (lo = Math.min(lo, opts.ref), (hi = Math.max(hi, opts.ref)));
  if (!(lo <= hi)) (lo = opts.log ? 0.5 : -1), (hi = opts.log ? 2 : 1);
  if (lo === hi) (lo -= Math.abs(lo) * 0.1 || 0.5), (hi += Math.abs(hi) * 0.1 || 0.5);
  if (opts.log && lo <= 0) lo = Math.min(hi / 2, 1e-3);
  const range: [number, number] = [H - M.bottom, M.top];
  const ticks: { at: number; label: string }[] = [];
  let y: (v: number) => number;
  if (opts.log) {
    const s = scaleLog().domain([lo, hi]).range(range).nice();
    y = (v) => s(1 + v);
    const tv = s.ticks(6);
    const step = Math.max(1, Math.ceil(tv.length / 8));
    tv.filter((_, k) => k % step === 0).forEach((w) => ticks.push({ at: r1(s(w)), label: opts.format(w - 1) }));
  } else {
    const s = scaleLinear().domain([lo, hi]).range(range).nice();
    y = (v) => s(v);
    s.ticks(5).forEach((v) => ticks.push({ at: r1(s(v)), label: opts.format(v) }));
  }
  const xi = (i: number) => x(i);
  const paths = lines.map((l, k) => {
    const dAttr = opts.area && k === 0 ? areaPath(l.values, 0, n, xi, y) : linePath(l.values, 0, n, xi, y);
    return opts.area && k === 0
      ? `<path class="series" data-series="${esc(l.label)}" d="${dAttr}" fill="${l.colour}" fill-opacity="0.35" stroke="${l.colour}" stroke-width="1"/>`
      : `<path class="series" data-series="${esc(l.label)}" d="${dAttr}" fill="none" stroke="${l.colour}" stroke-width="1.5"/>`;
  });
  const ref = opts.ref !== undefined ? `<line x1="${M.left}" x2="${W - M.right}" y1="${r1(y(opts.ref))}" y2="${r1(y(opts.ref))}" stroke="${COLOURS.text}" stroke-dasharray="3,3"/>` : '';
  const readout = (i: number) => `${day(d.ts[i])}: ${lines.map((l) => `${l.label} ${opts.format(l.values[i])}`).join(', ')}`;
  const body = yAxis(ticks) + ref + paths.join('') + xTimeAxis(d.ts, xi, H) + legend(lines) + hoverBands(n, xi, readout, H);
  return { id, title, svg: frame(id, title, body, opts.yLabel, 'Date') };
}

/** Cumulative returns of the strategy and of buy & hold; `log` plots wealth on a log axis (labels stay returns). */
export function cumulativeChart(d: TearSheetData, log = false): ChartSvg {
  return timeChart(
    d,
    log ? 'cumulative-log' : 'cumulative',
    `Cumulative returns vs buy & hold${log ? ' (log scale)' : ''}`,
    [
      { label: 'Strategy', values: d.cumulative, colour: COLOURS.strategy },
      { label: 'Buy & hold', values: d.benchCumulative, colour: COLOURS.benchmark },
    ],
    { yLabel: 'Cumulative return (%)', format: (v) => pct(v, 0), log, ref: 0 },
  );
}

/** The underwater curve: drawdown from the running peak, in percent. */
export function underwaterChart(d: TearSheetData): ChartSvg {
  return timeChart(d, 'underwater', 'Underwater (drawdown from peak)', [{ label: 'Drawdown', values: d.underwater, colour: COLOURS.loss }], {
    yLabel: 'Drawdown (%)',
    format: (v) => pct(v, 0),
    area: true,
    ref: 0,
  });
}

/** Rolling Sharpe ratio, annualized volatility and beta to buy & hold, over the tear sheet's window. */
export function rollingCharts(d: TearSheetData): ChartSvg[] {
  const w = `${d.rollingWindow}-bar window`;
  return [
    timeChart(d, 'rolling-sharpe', `Rolling Sharpe ratio (${w})`, [{ label: 'Sharpe', values: d.rollingSharpe, colour: COLOURS.strategy }], { yLabel: 'Sharpe ratio (annualized)', format: (v) => num(v, 1), ref: 0 }),
    timeChart(d, 'rolling-volatility', `Rolling volatility (${w})`, [{ label: 'Volatility', values: d.rollingVolatility, colour: COLOURS.strategy }], { yLabel: 'Volatility (% a year)', format: (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : '—') }),
    timeChart(d, 'rolling-beta', `Rolling beta to buy & hold (${w})`, [{ label: 'Beta', values: d.rollingBeta, colour: COLOURS.strategy }], { yLabel: 'Beta', format: (v) => num(v, 2), ref: 1 }),
  ];
}

/** Diverging colour of a monthly return: red below 0, green above, white at 0, saturating at ±10 %. */
export function heatColour(v: number): string {
  if (!Number.isFinite(v)) return '#f1f5f9';
  const t = Math.min(1, Math.abs(v) / 0.1);
  const [r, g, b] = v < 0 ? [220, 38, 38] : [22, 163, 74];
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/** Year × month heatmap of compounded monthly returns, each cell labelled and with a tooltip. */
export function monthlyHeatmap(d: TearSheetData): ChartSvg {
  const { years, values } = d.monthly;
  const height = Math.max(120, M.top + M.bottom + years.length * 22);
  const x = scaleBand<number>().domain(MONTHS.map((_, i) => i)).range([M.left, W - M.right]).padding(0.04);
  const y = scaleBand<number>().domain(years).range([M.top, height - M.bottom]).padding(0.06);
  const cells: string[] = [];
  years.forEach((yr, r) =>
    values[r].forEach((v, m) => {
      const cx = r1(x(m)!);
      const cy = r1(y(yr)!);
      const label = Number.isFinite(v) ? (v * 100).toFixed(1) : '';
      cells.push(
        `<g class="cell"><rect x="${cx}" y="${cy}" width="${r1(x.bandwidth())}" height="${r1(y.bandwidth())}" fill="${heatColour(v)}"><title>${MONTHS[m]} ${yr}: ${esc(pct(v, 2))}</title></rect>` +
          (label ? `<text x="${r1(cx + x.bandwidth() / 2)}" y="${r1(cy + y.bandwidth() / 2 + 4)}" text-anchor="middle" fill="#0f172a" pointer-events="none">${label}</text>` : '') +
          `</g>`,
      );
    }),
  );
  const yLabels = years.map((yr) => `<text x="${M.left - 6}" y="${r1(y(yr)! + y.bandwidth() / 2 + 4)}" text-anchor="end" fill="${COLOURS.text}">${yr}</text>`);
  const xLabels = MONTHS.map((m, i) => `<text x="${r1(x(i)! + x.bandwidth() / 2)}" y="${height - M.bottom + 15}" text-anchor="middle" fill="${COLOURS.text}">${m}</text>`);
  const title = 'Monthly returns (%)';
  return { id: 'monthly-heatmap', title, svg: frame('monthly-heatmap', title, cells.join('') + yLabels.join('') + xLabels.join(''), 'Year', 'Month (cells: return in %)', height) };
}

/** Annual compounded returns, strategy and buy & hold side by side per year. */
export function annualBars(d: TearSheetData): ChartSvg {
  const years = d.annual.map((a) => a.year);
  const x = scaleBand<number>().domain(years).range([M.left, W - M.right]).padding(0.2);
  const inner = scaleBand<string>().domain(['s', 'b']).range([0, x.bandwidth()]).padding(0.05);
  let lo = 0;
  let hi = 0;
  for (const a of d.annual) for (const v of [a.strategy, a.benchmark]) if (Number.isFinite(v)) (lo = Math.min(lo, v), (hi = Math.max(hi, v)));
  if (lo === hi) hi = 0.01;
  const y = scaleLinear().domain([lo, hi]).range([H - M.bottom, M.top]).nice();
  const bars: string[] = [];
  for (const a of d.annual) {
    for (const [k, v, c, name] of [['s', a.strategy, COLOURS.strategy, 'Strategy'], ['b', a.benchmark, COLOURS.benchmark, 'Buy & hold']] as const) {
      if (!Number.isFinite(v)) continue;
      const y0 = y(Math.max(0, v));
      const h = Math.abs(y(v) - y(0));
      bars.push(`<rect class="bar" x="${r1(x(a.year)! + inner(k)!)}" y="${r1(y0)}" width="${r1(inner.bandwidth())}" height="${r1(Math.max(h, 0.5))}" fill="${c}"><title>${a.year} ${esc(name)}: ${esc(pct(v, 2))}</title></rect>`);
    }
  }
  const step = Math.max(1, Math.ceil(years.length / 16));
  const xLabels = years.filter((_, k) => k % step === 0).map((yr) => `<text x="${r1(x(yr)! + x.bandwidth() / 2)}" y="${H - M.bottom + 15}" text-anchor="middle" fill="${COLOURS.text}">${yr}</text>`);
  const zero = `<line x1="${M.left}" x2="${W - M.right}" y1="${r1(y(0))}" y2="${r1(y(0))}" stroke="${COLOURS.text}"/>`;
  const ticks = y.ticks(5).map((v) => ({ at: r1(y(v)), label: pct(v, 0) }));
  const lines: Line[] = [{ label: 'Strategy', values: [], colour: COLOURS.strategy }, { label: 'Buy & hold', values: [], colour: COLOURS.benchmark }];
  const title = 'Annual returns';
  return { id: 'annual-returns', title, svg: frame('annual-returns', title, yAxis(ticks) + bars.join('') + zero + xLabels.join('') + legend(lines), 'Return (%)', 'Year') };
}

/** A histogram of returns with a dashed line at the mean. */
export function distributionChart(id: string, title: string, bins: Bin[], values: ArrayLike<number>, xLabel: string): ChartSvg {
  const lo = bins.length ? bins[0].x0 : -0.01;
  const hi = bins.length ? bins[bins.length - 1].x1 : 0.01;
  const x = scaleLinear().domain(lo === hi ? [lo - 0.01, hi + 0.01] : [lo, hi]).range([M.left, W - M.right]);
  const top = Math.max(1, ...bins.map((b) => b.count));
  const y = scaleLinear().domain([0, top]).range([H - M.bottom, M.top]).nice();
  const rects = bins.map((b) => {
    const x0 = x(b.x0);
    const w = Math.max(1, x(b.x1) - x0 - 1);
    return `<rect class="bin" x="${r1(x0)}" y="${r1(y(b.count))}" width="${r1(w)}" height="${r1(y(0) - y(b.count))}" fill="${b.x1 <= 0 ? COLOURS.loss : b.x0 >= 0 ? COLOURS.gain : COLOURS.benchmark}" fill-opacity="0.75"><title>${esc(pct(b.x0, 2))} to ${esc(pct(b.x1, 2))}: ${b.count}</title></rect>`;
  });
  let sum = 0;
  let cnt = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) (sum += values[i], cnt++);
  const mean = cnt ? sum / cnt : NaN;
  const meanLine = Number.isFinite(mean)
    ? `<line x1="${r1(x(mean))}" x2="${r1(x(mean))}" y1="${M.top}" y2="${H - M.bottom}" stroke="${COLOURS.text}" stroke-dasharray="4,3"><title>mean ${esc(pct(mean, 3))}</title></line>`
    : '';
  const xt = x.ticks(8).map((v) => `<text x="${r1(x(v))}" y="${H - M.bottom + 15}" text-anchor="middle" fill="${COLOURS.text}">${esc(pct(v, 1))}</text>`);
  const ticks = y.ticks(4).map((v) => ({ at: r1(y(v)), label: String(v) }));
  return { id, title, svg: frame(id, title, yAxis(ticks) + rects.join('') + meanLine + xt.join(''), 'Count', xLabel) };
}

/** Every chart of the tear sheet, in page order. */
export function tearSheetCharts(d: TearSheetData): ChartSvg[] {
  return [
    cumulativeChart(d, false),
    cumulativeChart(d, true),
    underwaterChart(d),
    ...rollingCharts(d),
    monthlyHeatmap(d),
    annualBars(d),
    distributionChart('distribution-bars', 'Distribution of per-bar returns', d.barHistogram, d.returns, 'Return per bar (%)'),
    distributionChart('distribution-monthly', 'Distribution of monthly returns', d.monthlyHistogram, d.monthly.values.flat(), 'Monthly return (%)'),
  ];
}
