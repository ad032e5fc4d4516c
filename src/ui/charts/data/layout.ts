// Pane geometry of the price chart in CSS pixels: price pane on top, volume pane below it, a price axis on
// the right and a time axis at the bottom.

/** Where each pane sits inside the chart element, in CSS pixels from its top-left corner. */
export interface ChartLayout {
  width: number;
  height: number;
  /** Plot area x span shared by both panes. */
  left: number;
  right: number;
  priceTop: number;
  priceBottom: number;
  volumeTop: number;
  volumeBottom: number;
}

/** Width reserved for the price-axis labels. */
export const AXIS_RIGHT = 68;
/** Height reserved for the time-axis labels. */
export const AXIS_BOTTOM = 24;

/** Splits a width × height element into panes: the volume pane takes `volumeShare` of the plot height. */
export function chartLayout(width: number, height: number, volumeShare = 0.2): ChartLayout {
  const w = Math.max(0, width);
  const h = Math.max(0, height);
  const left = 8;
  const right = Math.max(left + 1, w - AXIS_RIGHT);
  const top = 8;
  const volumeBottom = Math.max(top + 2, h - AXIS_BOTTOM);
  const plot = volumeBottom - top;
  const gap = 8;
  const volumeTop = Math.round(volumeBottom - plot * volumeShare);
  const priceBottom = Math.max(top + 1, volumeTop - gap);
  return { width: w, height: h, left, right, priceTop: top, priceBottom, volumeTop, volumeBottom };
}
