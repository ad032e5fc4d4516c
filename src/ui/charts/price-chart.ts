// The candlestick + volume chart: two stacked canvases (frame below, crosshair above) inside a host element,
// d3 linear scales, d3-zoom on the bar-index x axis (wheel zooms, drag pans, y re-fits to the bars in view).
// Geometry comes from ./data; this class only owns the DOM, the zoom state and the redraw schedule.

import { scaleLinear, select, zoom, zoomIdentity, type D3ZoomEvent, type ScaleLinear, type ZoomBehavior } from 'd3';
import type { OverlaySpec } from '../../shared/engine-api';
import type { Bars } from '../../shared/types';
import { barGroupSize, candleShapes, linePoints } from './data/candles';
import { priceExtent, volumeMax } from './data/extent';
import { formatPrice } from './data/format';
import { chartLayout, type ChartLayout } from './data/layout';
import { overlaysAttribute } from './data/overlays';
import { patternMarkers } from './data/indicator-panes';
import { formatBarTime, timeTicks } from './data/time-ticks';
import {
  barIndexAt,
  defaultDomain,
  domainForTransform,
  fullDomain,
  transformForDomain,
  visibleRange,
  zoomScaleExtent,
  type IndexDomain,
} from './data/viewport';
import { drawCrosshair, drawFrame, type Crosshair } from './draw';
import { onChartTheme } from './theme';

/** One overlay line of the series: its spec, one value per bar (NaN warm-up) and its colour. */
export interface ChartOverlay {
  spec: OverlaySpec;
  values: Float64Array;
  colour: string;
}

/**
 * An added TA-Lib indicator drawn on the price chart: 'line' and 'dots' series are on the price scale (overlap
 * studies; dots for SAR), 'pattern' series hold candlestick-pattern codes drawn as ▲/▼ markers.
 */
export interface ChartIndicator {
  /** E.g. "BBANDS(20,2,2,0)" or "CDLENGULFING"; listed in the host's data-indicators. */
  label: string;
  kind: 'line' | 'dots' | 'pattern';
  /** One array per output, one value per bar (NaN warm-up). */
  series: readonly Float64Array[];
  colour: string;
}

/** What the chart draws: bars plus overlays and indicators computed from exactly these bars. */
export interface ChartSeries {
  bars: Bars;
  overlays: readonly ChartOverlay[];
  indicators?: readonly ChartIndicator[];
}

/** Reported after every redraw: bars in the series and overlay lines drawn. */
export interface DrawInfo {
  bars: number;
  overlays: number;
}

/** Callbacks from the chart to its owner. */
export interface PriceChartOptions {
  /** The bar under the pointer (null when the pointer leaves the plot). */
  onHover?: (index: number | null) => void;
  /** Called after each redraw of the main canvas. */
  onDraw?: (info: DrawInfo) => void;
  /** The visible bar-index domain after each redraw (indicator panes follow it). */
  onView?: (domain: IndexDomain) => void;
}

interface Scales {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

/** Opening view width in bars. */
const DEFAULT_VIEW_BARS = 250;

/** A canvas price chart mounted in `host`; sets host's data-bars/-overlays/-indicators/-symbol/-timeframe on every redraw. */
export class PriceChart {
  readonly #host: HTMLElement;
  readonly #opts: PriceChartOptions;
  readonly #frameCanvas: HTMLCanvasElement;
  readonly #crossCanvas: HTMLCanvasElement;
  readonly #zoom: ZoomBehavior<HTMLCanvasElement, unknown>;
  readonly #resizeObserver: ResizeObserver;
  #dprQuery: MediaQueryList | null = null;
  #series: ChartSeries | null = null;
  #layout: ChartLayout = chartLayout(0, 0);
  #domain: IndexDomain = fullDomain(0);
  #scales: Scales | null = null;
  #pointer: { x: number; y: number } | null = null;
  #hovered: number | null = null;
  #raf = 0;
  #syncing = false;

  readonly #offTheme: () => void;

  constructor(host: HTMLElement, opts: PriceChartOptions = {}) {
    this.#host = host;
    this.#opts = opts;
    this.#frameCanvas = this.#canvas('chart-frame');
    this.#crossCanvas = this.#canvas('chart-crosshair');
    this.#crossCanvas.style.touchAction = 'none';
    this.#crossCanvas.style.cursor = 'crosshair';

    this.#zoom = zoom<HTMLCanvasElement, unknown>().on('zoom', (e: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
      if (this.#syncing || !this.#series) return;
      const n = this.#series.bars.close.length;
      this.#domain = domainForTransform(fullDomain(n), [this.#layout.left, this.#layout.right], e.transform);
      this.#schedule();
    });
    select(this.#crossCanvas).call(this.#zoom);

    this.#crossCanvas.addEventListener('pointermove', this.#onPointerMove);
    this.#crossCanvas.addEventListener('pointerleave', this.#onPointerLeave);
    this.#resizeObserver = new ResizeObserver(() => this.#resize());
    this.#resizeObserver.observe(host);
    this.#watchPixelRatio();
    this.#offTheme = onChartTheme(() => this.#schedule()); // dark/light toggle: redraw with the new palette
    this.#resize();
  }

  /** Shows a series; a new bars object resets the view to the last bars, new overlays on the same bars keep it. */
  setSeries(series: ChartSeries): void {
    const reset = series.bars !== this.#series?.bars;
    this.#series = series;
    if (reset) {
      // The owner drops its hover state with the old bars; report the bar under the pointer afresh after the draw.
      this.#hovered = null;
      this.#domain = defaultDomain(series.bars.close.length, DEFAULT_VIEW_BARS);
      this.#syncZoom();
    }
    this.#schedule();
  }

  /** Stops observing, drops listeners and removes the canvases. */
  destroy(): void {
    cancelAnimationFrame(this.#raf);
    this.#resizeObserver.disconnect();
    this.#offTheme();
    this.#dprQuery?.removeEventListener('change', this.#onPixelRatioChange);
    select(this.#crossCanvas).on('.zoom', null);
    this.#crossCanvas.removeEventListener('pointermove', this.#onPointerMove);
    this.#crossCanvas.removeEventListener('pointerleave', this.#onPointerLeave);
    this.#frameCanvas.remove();
    this.#crossCanvas.remove();
  }

  #canvas(className: string): HTMLCanvasElement {
    const c = document.createElement('canvas');
    c.className = className;
    Object.assign(c.style, { position: 'absolute', left: '0', top: '0', display: 'block' });
    this.#host.append(c);
    return c;
  }

  // Re-size both canvases to the host at the current devicePixelRatio, keeping the visible bars.
  #resize(): void {
    const { width, height } = this.#host.getBoundingClientRect();
    const w = Math.floor(width);
    const h = Math.floor(height);
    const dpr = window.devicePixelRatio || 1;
    for (const c of [this.#frameCanvas, this.#crossCanvas]) {
      c.width = Math.max(1, Math.round(w * dpr));
      c.height = Math.max(1, Math.round(h * dpr));
      c.style.width = `${w}px`;
      c.style.height = `${h}px`;
    }
    this.#layout = chartLayout(w, h);
    this.#syncZoom();
    // Setting canvas.width cleared the bitmap: repaint now rather than show a blank frame until the next rAF.
    cancelAnimationFrame(this.#raf);
    this.#raf = 0;
    this.#draw();
  }

  #watchPixelRatio(): void {
    this.#dprQuery?.removeEventListener('change', this.#onPixelRatioChange);
    this.#dprQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    this.#dprQuery.addEventListener('change', this.#onPixelRatioChange);
  }

  readonly #onPixelRatioChange = (): void => {
    this.#watchPixelRatio();
    this.#resize();
  };

  // Puts d3-zoom's stored transform in line with #domain (after a new series or a resize) without redrawing twice.
  #syncZoom(): void {
    const n = this.#series?.bars.close.length ?? 0;
    const L = this.#layout;
    const extent: [[number, number], [number, number]] = [
      [L.left, 0],
      [L.right, Math.max(1, L.height)],
    ];
    this.#zoom.scaleExtent(zoomScaleExtent(n)).extent(extent).translateExtent(extent);
    const t = transformForDomain(fullDomain(n), [L.left, L.right], this.#domain);
    this.#syncing = true;
    try {
      select(this.#crossCanvas).call(this.#zoom.transform, zoomIdentity.translate(t.x, 0).scale(t.k));
    } finally {
      this.#syncing = false;
    }
  }

  #schedule(): void {
    if (this.#raf) return;
    this.#raf = requestAnimationFrame(() => {
      this.#raf = 0;
      this.#draw();
    });
  }

  #draw(): void {
    const s = this.#series;
    const L = this.#layout;
    if (!s || L.width < 2 || L.height < 2) return;
    const ctx = this.#frameCanvas.getContext('2d');
    if (!ctx) return;
    const dpr = this.#frameCanvas.width / Math.max(1, L.width);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

    const { bars } = s;
    const n = bars.close.length;
    const range = visibleRange(this.#domain, n);
    const indicators = s.indicators ?? [];
    const values = s.overlays.map((o) => o.values);
    for (const ind of indicators) if (ind.kind !== 'pattern') values.push(...ind.series);
    const [lo, hi] = priceExtent(bars.low, bars.high, range.start, range.end, values) ?? [0, 1];
    const x = scaleLinear().domain(this.#domain).range([L.left, L.right]);
    const y = scaleLinear().domain([lo, hi]).range([L.priceBottom, L.priceTop]);
    const pxPerBar = (L.right - L.left) / (this.#domain[1] - this.#domain[0]);
    const group = barGroupSize(pxPerBar);
    const v = scaleLinear()
      .domain([0, volumeMax(bars.volume, range.start, range.end, group) || 1])
      .range([L.volumeBottom, L.volumeTop + 4]);
    const tickCount = Math.max(2, Math.floor((L.priceBottom - L.priceTop) / 56));
    const tickLabel = y.tickFormat(tickCount);
    const lastClose = n > 0 ? bars.close[n - 1] : NaN;
    const lastY = y(lastClose);

    drawFrame(ctx, {
      layout: L,
      candles: candleShapes(bars, range, { x, y, v }, pxPerBar, group),
      lines: [
        ...s.overlays.map((o) => ({ points: linePoints(o.values, range, x, y, group), colour: o.colour })),
        ...indicators
          .filter((ind) => ind.kind === 'line')
          .flatMap((ind) => ind.series.map((v) => ({ points: linePoints(v, range, x, y, group), colour: ind.colour }))),
      ],
      dots: indicators
        .filter((ind) => ind.kind === 'dots')
        .flatMap((ind) => ind.series.map((v) => ({ points: linePoints(v, range, x, y, group), colour: ind.colour }))),
      markers: indicators
        .filter((ind) => ind.kind === 'pattern')
        .flatMap((ind) => (ind.series[0] ? patternMarkers(ind.series[0], bars.low, bars.high, range, x, y) : [])),
      x,
      timeTicks: timeTicks(bars.ts, range, Math.max(2, Math.floor((L.right - L.left) / 90))),
      priceTicks: y.ticks(tickCount).map((t) => ({ y: y(t), label: tickLabel(t) })),
      last:
        Number.isFinite(lastY) && lastY >= L.priceTop && lastY <= L.priceBottom
          ? { y: lastY, label: formatPrice(lastClose), up: n < 2 || lastClose >= bars.close[n - 2] }
          : null,
    });
    this.#scales = { x, y };
    this.#updateCrosshair();

    const host = this.#host.dataset;
    host.bars = String(n);
    host.overlays = overlaysAttribute(s.overlays.map((o) => o.spec));
    host.indicators = indicators.map((ind) => ind.label).join(',');
    host.symbol = bars.symbol;
    host.timeframe = bars.timeframe;
    this.#opts.onDraw?.({ bars: n, overlays: s.overlays.length });
    this.#opts.onView?.(this.#domain);
  }

  readonly #onPointerMove = (e: PointerEvent): void => {
    const r = this.#crossCanvas.getBoundingClientRect();
    this.#pointer = { x: e.clientX - r.left, y: e.clientY - r.top };
    this.#updateCrosshair();
  };

  readonly #onPointerLeave = (): void => {
    this.#pointer = null;
    this.#updateCrosshair();
  };

  // Repaints the crosshair layer from the last pointer position and the scales of the last frame.
  #updateCrosshair(): void {
    const ctx = this.#crossCanvas.getContext('2d');
    const L = this.#layout;
    if (!ctx) return;
    const dpr = this.#crossCanvas.width / Math.max(1, L.width);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const p = this.#pointer;
    const s = this.#series;
    const sc = this.#scales;
    let cross: Crosshair | null = null;
    let index: number | null = null;
    if (p && s && sc && p.x >= L.left && p.x <= L.right && p.y >= L.priceTop && p.y <= L.volumeBottom) {
      const i = barIndexAt(sc.x.invert(p.x), s.bars.close.length);
      if (i >= 0) {
        index = i;
        const inPrice = p.y <= L.priceBottom;
        cross = {
          x: sc.x(i),
          y: inPrice ? p.y : null,
          priceLabel: inPrice ? formatPrice(sc.y.invert(p.y)) : '',
          timeLabel: formatBarTime(s.bars.ts[i], s.bars.timeframe),
        };
      }
    }
    drawCrosshair(ctx, L, cross);
    if (index !== this.#hovered) {
      this.#hovered = index;
      this.#opts.onHover?.(index);
    }
  }
}
