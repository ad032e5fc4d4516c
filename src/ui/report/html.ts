// The tear sheet as one self-contained HTML file: inline SVG charts, inline CSS (system fonts only), no script and
// no URL, so it opens offline anywhere and prints cleanly (a print stylesheet keeps charts whole on a page). The
// linear/log switch of the cumulative chart is two radio inputs and CSS, so it works without JavaScript too.
import type { TearSheetData } from './data';
import { esc, pct, tearSheetCharts, type ChartSvg } from './svg';

/** Styles of the tear sheet (class names start with ts- so the page can embed them without clashes). */
export const TEAR_SHEET_CSS = `
.ts-sheet{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1e293b;max-width:800px;margin:0 auto;padding:16px;font-size:13px;line-height:1.45}
.ts-sheet h1{font-size:20px;margin:0 0 2px}.ts-sheet h2{font-size:15px;margin:22px 0 8px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}
.ts-sub{color:#64748b;margin:0 0 12px}.ts-figure{margin:0 0 14px;break-inside:avoid;page-break-inside:avoid}
.ts-figure svg{max-width:100%;height:auto;display:block;border:1px solid #e2e8f0;border-radius:6px}
.ts-table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;break-inside:avoid}
.ts-table th,.ts-table td{border-bottom:1px solid #e2e8f0;padding:3px 8px;text-align:right}.ts-table th:first-child,.ts-table td:first-child{text-align:left}
.ts-table thead th{background:#f1f5f9}.ts-kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;margin:8px 0}
.ts-kpi{border:1px solid #e2e8f0;border-radius:6px;padding:6px 8px}.ts-kpi b{display:block;font-size:16px}.ts-kpi span{color:#64748b;font-size:11px}
.ts-scale{margin:0 0 6px;color:#475569}.ts-scale label{margin-right:12px}
.ts-sheet input[name=ts-scale]{margin-right:4px}
.ts-sheet .ts-log{display:none}.ts-sheet:has(#ts-scale-log:checked) .ts-log{display:block}.ts-sheet:has(#ts-scale-log:checked) .ts-lin{display:none}
.ts-foot{color:#64748b;font-size:11px;margin-top:24px}
@media print{@page{size:A4;margin:14mm}.ts-sheet{max-width:none;padding:0}.ts-scale,.ts-noprint{display:none}.ts-sheet .ts-log{display:block}.ts-figure svg{border:0}h2{break-after:avoid}}
`;

/** Options of the file: where the run came from (a share link) and when it was made. */
export interface TearSheetMeta {
  /** Full share URL of the run, if any (shown as text: the file itself makes no request). */
  link?: string;
  /** "generated" line, e.g. "AlphaStrat 0.1.0 · 2026-01-05". */
  generated: string;
}

const figure = (c: ChartSvg, cls = '') => `<figure class="ts-figure${cls}" data-testid="chart-${c.id}">${c.svg}</figure>`;

/** The tear sheet's body (what the page shows and the file contains): KPIs, charts, drawdown and metrics tables. */
export function tearSheetBody(d: TearSheetData, meta: TearSheetMeta, charts: ChartSvg[] = tearSheetCharts(d)): string {
  const byId = new Map(charts.map((c) => [c.id, c]));
  const chart = (id: string, cls = '') => (byId.has(id) ? figure(byId.get(id)!, cls) : '');
  const stat = (name: string) => d.metrics.find((m) => m.name === name)?.value ?? '—';
  const kpis = [
    ['Total return', stat('total_return')],
    ['Annual return', stat('annual_return')],
    ['Sharpe ratio', stat('sharpe_ratio')],
    ['Max drawdown', stat('max_drawdown')],
  ]
    .map(([k, v]) => `<div class="ts-kpi"><b>${esc(v)}</b><span>${esc(k)}</span></div>`)
    .join('');
  const at = (i: number) => (i < 0 ? d.ts[0] : d.ts[i]);
  const date = (t: number | undefined) => (t === undefined ? '—' : new Date(t).toISOString().slice(0, 10));
  const dd = d.worstDrawdowns
    .map(
      (p, k) =>
        `<tr><td>${k + 1}</td><td>${esc(pct(p.depth, 2))}</td><td>${date(at(p.peak))}</td><td>${date(d.ts[p.valley])}</td>` +
        `<td>${p.recovery === null ? 'not recovered' : date(d.ts[p.recovery])}</td><td>${p.duration}</td></tr>`,
    )
    .join('');
  const metrics = d.metrics
    .map((m) => `<tr data-metric="${esc(m.name)}"><td title="${esc(m.definition)}">${esc(m.label)}</td><td>${esc(m.value)}</td></tr>`)
    .join('');
  return (
    `<div class="ts-sheet" data-testid="tear-sheet">` +
    `<h1>${esc(d.title)}</h1><p class="ts-sub">${esc(d.subtitle)}</p>` +
    `<div class="ts-kpis">${kpis}</div>` +
    `<h2>Returns</h2>` +
    `<div class="ts-scale"><label><input type="radio" name="ts-scale" id="ts-scale-lin" checked>linear</label>` +
    `<label><input type="radio" name="ts-scale" id="ts-scale-log">log scale</label></div>` +
    chart('cumulative', ' ts-lin') +
    chart('cumulative-log', ' ts-log') +
    `<h2>Drawdowns</h2>` +
    chart('underwater') +
    `<table class="ts-table" data-testid="worst-drawdowns"><thead><tr><th>#</th><th>Net drawdown</th><th>Peak</th><th>Valley</th><th>Recovery</th><th>Duration (bars)</th></tr></thead>` +
    `<tbody>${dd || '<tr><td colspan="6">No drawdown in the period.</td></tr>'}</tbody></table>` +
    `<h2>Rolling risk</h2>` +
    chart('rolling-sharpe') +
    chart('rolling-volatility') +
    chart('rolling-beta') +
    `<h2>Calendar</h2>` +
    chart('monthly-heatmap') +
    chart('annual-returns') +
    `<h2>Distribution</h2>` +
    chart('distribution-bars') +
    chart('distribution-monthly') +
    `<h2>All metrics</h2>` +
    `<table class="ts-table" data-testid="metrics-table"><thead><tr><th>Metric</th><th>Value</th></tr></thead><tbody>${metrics}</tbody></table>` +
    `<p class="ts-foot">${esc(meta.generated)} · ${d.trades.length} trades · benchmark: buy &amp; hold of the same symbol` +
    (meta.link ? ` · reproduce: <span style="word-break:break-all">${esc(meta.link)}</span>` : '') +
    `</p></div>`
  );
}

/** One self-contained HTML document of the tear sheet (UTF-8, inline CSS and SVG, no script, no external URL). */
export function tearSheetHtml(d: TearSheetData, meta: TearSheetMeta, charts?: ChartSvg[]): string {
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(d.title)} · tear sheet</title><style>${TEAR_SHEET_CSS}</style></head>` +
    `<body>${tearSheetBody(d, meta, charts)}</body></html>\n`
  );
}
