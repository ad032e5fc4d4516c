// Colours and fonts of the price chart (light theme; the page CSS uses the same palette).

/** Canvas colours of the price chart. */
export const CHART_THEME = {
  background: '#ffffff',
  grid: '#eef0f4',
  axis: '#c9ced8',
  text: '#5b6473',
  up: '#16a34a',
  down: '#dc2626',
  upVolume: 'rgba(22, 163, 74, 0.35)',
  downVolume: 'rgba(220, 38, 38, 0.35)',
  crosshair: 'rgba(30, 41, 59, 0.55)',
  labelBackground: '#1e293b',
  labelText: '#ffffff',
  /** Pattern markers: ▲ bullish below the low, ▼ bearish above the high. */
  bullMarker: '#15803d',
  bearMarker: '#b91c1c',
  /** Oscillator reference levels (RSI 30/70 …) and the zero line of histograms. */
  guide: 'rgba(100, 116, 139, 0.55)',
  histUp: 'rgba(22, 163, 74, 0.55)',
  histDown: 'rgba(220, 38, 38, 0.55)',
  font: '11px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
} as const;

/** Line colour of the i-th overlay (SMA orange, EMA violet, then further distinct hues). */
export const OVERLAY_COLOURS: readonly string[] = ['#f59e0b', '#7c3aed', '#0ea5e9', '#db2777', '#0d9488'];

/** The colour of overlay i, cycling through OVERLAY_COLOURS. */
export function overlayColour(i: number): string {
  return OVERLAY_COLOURS[i % OVERLAY_COLOURS.length];
}

/** Colours of added price-scale indicators (distinct from the SMA/EMA overlay colours). */
export const INDICATOR_COLOURS: readonly string[] = ['#0ea5e9', '#db2777', '#0d9488', '#9333ea', '#ea580c', '#2563eb'];

/** The colour of the i-th added price-scale indicator, cycling through INDICATOR_COLOURS. */
export function indicatorColour(i: number): string {
  return INDICATOR_COLOURS[i % INDICATOR_COLOURS.length];
}

/** Line colours of a pane's outputs in output order (e.g. MACD: macd blue, macdsignal orange). */
export const PANE_COLOURS: readonly string[] = ['#2563eb', '#f59e0b', '#db2777', '#0d9488', '#7c3aed'];

/** The colour of a pane's i-th output, cycling through PANE_COLOURS. */
export function paneColour(i: number): string {
  return PANE_COLOURS[i % PANE_COLOURS.length];
}
