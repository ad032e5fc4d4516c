// An indicator pane below the price chart (its title and legend are HTML around it): one canvas with its own y scale, lines and histogram bars of the
// indicator's outputs, dashed guide levels, and a value axis on the right. Its x axis is the price chart's
// bar-index domain (passed in), so bars line up vertically; geometry comes from ./data.

import { scaleLinear } from 'd3';
import { barGroupSize, linePoints } from './data/candles';
import { formatVolume } from './data/format';
import { histogramBars, paneExtent, paneLayout, type PaneLayout } from './data/indicator-panes';
import { defaultDomain, visibleRange, type IndexDomain } from './data/viewport';
import { CHART_THEME as T, onChartTheme } from './theme';

/** One output of the indicator as the pane draws it. */
export interface PaneSeries {
  /** TA-Lib output name, e.g. 'macdhist'. */
  name: string;
  values: Float64Array;
  colour: string;
  kind: 'line' | 'histogram';
}

/** What one pane draws. */
export interface PaneData {
  series: readonly PaneSeries[];
  guides: readonly number[];
  /** The price chart's visible domain; null before it has drawn (the last 250 bars are shown). */
  domain: IndexDomain | null;
}

/** A canvas indicator pane mounted in `host`, redrawn on data changes and resizes. */
export class PaneChart {
  readonly #host: HTMLElement;
  readonly #canvas: HTMLCanvasElement;
  readonly #resizeObserver: ResizeObserver;
  #layout: PaneLayout = paneLayout(0, 0);
  #data: PaneData | null = null;
  #raf = 0;

  readonly #offTheme: () => void;

  constructor(host: HTMLElement) {
    this.#host = host;
    this.#canvas = document.createElement('canvas');
    this.#canvas.className = 'pane-canvas';
    Object.assign(this.#canvas.style, { display: 'block' });
    host.append(this.#canvas);
    this.#resizeObserver = new ResizeObserver(() => this.#resize());
    this.#resizeObserver.observe(host);
    this.#offTheme = onChartTheme(() => this.#draw()); // dark/light toggle: redraw with the new palette
    this.#resize();
  }

  /** Shows new data (drawn on the next animation frame). */
  setData(data: PaneData): void {
    this.#data = data;
    if (this.#raf) return;
    this.#raf = requestAnimationFrame(() => {
      this.#raf = 0;
      this.#draw();
    });
  }

  /** Stops observing and removes the canvas. */
  destroy(): void {
    cancelAnimationFrame(this.#raf);
    this.#resizeObserver.disconnect();
    this.#offTheme();
    this.#canvas.remove();
  }

  #resize(): void {
    const { width, height } = this.#host.getBoundingClientRect();
    const w = Math.floor(width);
    const h = Math.floor(height);
    const dpr = window.devicePixelRatio || 1;
    this.#canvas.width = Math.max(1, Math.round(w * dpr));
    this.#canvas.height = Math.max(1, Math.round(h * dpr));
    this.#canvas.style.width = `${w}px`;
    this.#canvas.style.height = `${h}px`;
    this.#layout = paneLayout(w, h, undefined, 8);
    this.#draw();
  }

  #draw(): void {
    const d = this.#data;
    const L = this.#layout;
    const ctx = this.#canvas.getContext('2d');
    if (!d || !ctx || L.width < 2 || L.height < 2) return;
    const dpr = this.#canvas.width / Math.max(1, L.width);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = T.background;
    ctx.fillRect(0, 0, L.width, L.height);

    const n = d.series[0]?.values.length ?? 0;
    const domain = d.domain ?? defaultDomain(n);
    const range = visibleRange(domain, n);
    const hasHist = d.series.some((s) => s.kind === 'histogram');
    const [lo, hi] = paneExtent(
      d.series.map((s) => s.values),
      range.start,
      range.end,
      hasHist ? [...d.guides, 0] : d.guides,
    );
    const x = scaleLinear().domain(domain).range([L.left, L.right]);
    const y = scaleLinear().domain([lo, hi]).range([L.bottom, L.top]);
    const pxPerBar = (L.right - L.left) / (domain[1] - domain[0]);
    const group = barGroupSize(pxPerBar);
    const tickCount = Math.max(2, Math.floor((L.bottom - L.top) / 28));
    const ticks = y.ticks(tickCount);
    // Volume-like indicators (OBV, AD) reach hundreds of millions: K/M/B labels keep them inside the axis.
    const label = Math.max(...ticks.map(Math.abs)) >= 1e5 ? formatVolume : y.tickFormat(tickCount);

    ctx.fillStyle = T.grid;
    for (const t of ticks) ctx.fillRect(L.left, Math.round(y(t)), L.right - L.left, 1);

    ctx.save();
    ctx.beginPath();
    ctx.rect(L.left, L.top, L.right - L.left, L.bottom - L.top);
    ctx.clip();
    ctx.strokeStyle = T.guide;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 4]);
    for (const g of hasHist ? [...d.guides, 0] : d.guides) {
      const gy = Math.round(y(g)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(L.left, gy);
      ctx.lineTo(L.right, gy);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    for (const s of d.series) {
      if (s.kind !== 'histogram') continue;
      for (const b of histogramBars(s.values, range, x, y, pxPerBar, group)) {
        ctx.fillStyle = b.up ? T.histUp : T.histDown;
        ctx.fillRect(b.x, b.y0, b.width, Math.max(1, b.y1 - b.y0));
      }
    }
    ctx.lineWidth = 1.4;
    ctx.lineJoin = 'round';
    for (const s of d.series) {
      if (s.kind !== 'line') continue;
      const p = linePoints(s.values, range, x, y, group);
      ctx.strokeStyle = s.colour;
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i + 1 < p.length; i += 2) {
        if (!Number.isFinite(p[i + 1])) {
          pen = false;
          continue;
        }
        if (pen) ctx.lineTo(p[i], p[i + 1]);
        else ctx.moveTo(p[i], p[i + 1]);
        pen = true;
      }
      ctx.stroke();
    }
    ctx.restore();

    ctx.fillStyle = T.axis;
    ctx.fillRect(L.right, L.top, 1, L.bottom - L.top);
    ctx.font = T.font;
    ctx.fillStyle = T.text;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const t of ticks) {
      const ty = y(t);
      if (ty >= L.top + 4 && ty <= L.bottom - 4) ctx.fillText(label(t), L.right + 6, ty);
    }
  }
}
