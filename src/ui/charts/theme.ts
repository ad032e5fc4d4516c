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
  font: '11px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
} as const;

/** Line colour of the i-th overlay (SMA orange, EMA violet, then further distinct hues). */
export const OVERLAY_COLOURS: readonly string[] = ['#f59e0b', '#7c3aed', '#0ea5e9', '#db2777', '#0d9488'];

/** The colour of overlay i, cycling through OVERLAY_COLOURS. */
export function overlayColour(i: number): string {
  return OVERLAY_COLOURS[i % OVERLAY_COLOURS.length];
}
