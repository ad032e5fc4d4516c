// Canvas painters for the price chart. They take geometry already computed by ./data (in CSS pixels) and a
// context whose transform already includes devicePixelRatio, so everything here is in CSS pixels.

import type { CandleShape } from './data/candles';
import type { PatternMarker } from './data/indicator-panes';
import type { ChartLayout } from './data/layout';
import type { TimeTick } from './data/time-ticks';
import { CHART_THEME as T } from './theme';

/** A line to draw: flat [x, y, …] points with NaN y as pen-up, and its colour. */
export interface LineGeometry {
  points: Float64Array;
  colour: string;
}

/** Everything one frame of the main canvas shows. */
export interface Frame {
  layout: ChartLayout;
  candles: readonly CandleShape[];
  lines: readonly LineGeometry[];
  /** Price-scale series drawn as dots (Parabolic SAR). */
  dots: readonly LineGeometry[];
  /** Candlestick-pattern hits: ▲ below the low (bullish), ▼ above the high (bearish). */
  markers: readonly PatternMarker[];
  /** Bar index → x pixel (for the time ticks). */
  x: (index: number) => number;
  timeTicks: readonly TimeTick[];
  /** Price-axis ticks: value, y pixel and label. */
  priceTicks: readonly { y: number; label: string }[];
  /** The last bar's close marked on the price axis, when in the price pane. */
  last: { y: number; label: string; up: boolean } | null;
}

/** Paints a whole frame: background, grid, volume, candles, overlays, then the axes on top. */
export function drawFrame(ctx: CanvasRenderingContext2D, f: Frame): void {
  const L = f.layout;
  ctx.fillStyle = T.background;
  ctx.fillRect(0, 0, L.width, L.height);

  ctx.fillStyle = T.grid;
  for (const t of f.priceTicks) ctx.fillRect(L.left, Math.round(t.y), L.right - L.left, 1);
  for (const t of f.timeTicks) {
    const x = Math.round(f.x(t.index));
    if (x >= L.left && x <= L.right) ctx.fillRect(x, L.priceTop, 1, L.volumeBottom - L.priceTop);
  }

  ctx.save();
  clip(ctx, L.left, L.volumeTop, L.right, L.volumeBottom);
  for (const up of [true, false]) {
    ctx.fillStyle = up ? T.upVolume : T.downVolume;
    for (const c of f.candles)
      if (c.up === up && c.volumeHeight > 0) ctx.fillRect(c.bodyX, c.volumeTop, c.bodyWidth, c.volumeHeight);
  }
  ctx.restore();

  ctx.save();
  clip(ctx, L.left, L.priceTop, L.right, L.priceBottom);
  // One fill per colour keeps thousands of candles to two canvas calls' worth of state changes.
  for (const up of [true, false]) {
    ctx.fillStyle = up ? T.up : T.down;
    for (const c of f.candles) {
      if (c.up !== up) continue;
      ctx.fillRect(c.wickX, c.wickTop, 1, Math.max(1, c.wickBottom - c.wickTop));
      ctx.fillRect(c.bodyX, c.bodyTop, c.bodyWidth, c.bodyHeight);
    }
  }
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  for (const line of f.lines) drawLine(ctx, line);
  for (const d of f.dots) drawDots(ctx, d);
  drawMarkers(ctx, f.markers);
  ctx.restore();

  drawAxes(ctx, f);
}

function clip(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.rect(x0, y0, x1 - x0, y1 - y0);
  ctx.clip();
}

function drawLine(ctx: CanvasRenderingContext2D, line: LineGeometry): void {
  const p = line.points;
  ctx.strokeStyle = line.colour;
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i + 1 < p.length; i += 2) {
    const x = p[i];
    const y = p[i + 1];
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
  }
  ctx.stroke();
}

function drawDots(ctx: CanvasRenderingContext2D, line: LineGeometry): void {
  const p = line.points;
  ctx.fillStyle = line.colour;
  ctx.beginPath();
  for (let i = 0; i + 1 < p.length; i += 2) {
    if (!Number.isFinite(p[i + 1])) continue;
    ctx.moveTo(p[i] + 1.6, p[i + 1]);
    ctx.arc(p[i], p[i + 1], 1.6, 0, 2 * Math.PI);
  }
  ctx.fill();
}

/** Triangles 6 px off the candle: ▲ under the low for bullish hits, ▼ over the high for bearish ones. */
function drawMarkers(ctx: CanvasRenderingContext2D, markers: readonly PatternMarker[]): void {
  const s = 4.5;
  for (const up of [true, false]) {
    ctx.fillStyle = up ? T.bullMarker : T.bearMarker;
    ctx.beginPath();
    for (const m of markers) {
      if (m.up !== up) continue;
      if (up) {
        const top = m.y + 6;
        ctx.moveTo(m.x, top);
        ctx.lineTo(m.x + s, top + 2 * s);
        ctx.lineTo(m.x - s, top + 2 * s);
      } else {
        const bottom = m.y - 6;
        ctx.moveTo(m.x, bottom);
        ctx.lineTo(m.x + s, bottom - 2 * s);
        ctx.lineTo(m.x - s, bottom - 2 * s);
      }
      ctx.closePath();
    }
    ctx.fill();
  }
}

function drawAxes(ctx: CanvasRenderingContext2D, f: Frame): void {
  const L = f.layout;
  ctx.fillStyle = T.axis;
  ctx.fillRect(L.right, L.priceTop, 1, L.volumeBottom - L.priceTop);
  ctx.fillRect(L.left, L.volumeBottom, L.right - L.left, 1);
  ctx.fillRect(L.left, L.priceBottom + 4, L.right - L.left, 1);

  ctx.font = T.font;
  ctx.fillStyle = T.text;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const t of f.priceTicks) ctx.fillText(t.label, L.right + 6, t.y);

  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  let lastRight = -Infinity;
  for (const t of f.timeTicks) {
    const x = f.x(t.index);
    const w = ctx.measureText(t.label).width;
    // Skip a label that would overlap its left neighbour or spill past the plot.
    if (x - w / 2 < lastRight + 6 || x < L.left || x > L.right) continue;
    ctx.fillText(t.label, x, L.volumeBottom + 6);
    lastRight = x + w / 2;
  }

  if (f.last) axisTag(ctx, L, f.last.y, f.last.label, f.last.up ? T.up : T.down);
}

/** A filled tag on the price axis at y (last price, crosshair price). */
function axisTag(ctx: CanvasRenderingContext2D, L: ChartLayout, y: number, label: string, fill: string): void {
  ctx.font = T.font;
  const h = 16;
  ctx.fillStyle = fill;
  ctx.fillRect(L.right + 1, Math.round(y - h / 2), L.width - L.right - 1, h);
  ctx.fillStyle = T.labelText;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, L.right + 6, y);
}

/** Crosshair position and its axis labels; y is null when the pointer is outside the price pane. */
export interface Crosshair {
  x: number;
  y: number | null;
  priceLabel: string;
  timeLabel: string;
}

/** Clears the overlay canvas and paints the crosshair lines with their axis tags. */
export function drawCrosshair(ctx: CanvasRenderingContext2D, L: ChartLayout, c: Crosshair | null): void {
  ctx.clearRect(0, 0, L.width, L.height);
  if (!c) return;
  ctx.fillStyle = T.crosshair;
  const x = Math.round(c.x);
  for (let y = L.priceTop; y < L.volumeBottom; y += 6) ctx.fillRect(x, y, 1, 3);
  if (c.y !== null) {
    const y = Math.round(c.y);
    for (let px = L.left; px < L.right; px += 6) ctx.fillRect(px, y, 3, 1);
    axisTag(ctx, L, y, c.priceLabel, T.labelBackground);
  }
  ctx.font = T.font;
  const w = ctx.measureText(c.timeLabel).width + 12;
  const left = Math.min(Math.max(L.left, x - w / 2), L.right - w);
  ctx.fillStyle = T.labelBackground;
  ctx.fillRect(left, L.volumeBottom + 2, w, 18);
  ctx.fillStyle = T.labelText;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(c.timeLabel, left + w / 2, L.volumeBottom + 11);
}
