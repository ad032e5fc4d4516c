// Colours and fonts of the canvas charts, light and dark. CHART_THEME holds the palette in use; it follows the page's
// theme (`data-theme` on <html>, set by ThemeToggle), and charts subscribe with onChartTheme to redraw on a change.

/** The palette of the canvas charts (every field a CSS colour, `font` a CSS font). */
export interface ChartPalette {
  background: string;
  grid: string;
  axis: string;
  text: string;
  up: string;
  down: string;
  upVolume: string;
  downVolume: string;
  crosshair: string;
  labelBackground: string;
  labelText: string;
  /** Pattern markers: ▲ bullish below the low, ▼ bearish above the high. */
  bullMarker: string;
  bearMarker: string;
  /** Oscillator reference levels (RSI 30/70 …) and the zero line of histograms. */
  guide: string;
  histUp: string;
  histDown: string;
  font: string;
}

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The light palette (the page CSS's light colours). */
export const LIGHT_CHART_THEME: Readonly<ChartPalette> = Object.freeze({
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
  bullMarker: '#15803d',
  bearMarker: '#b91c1c',
  guide: 'rgba(100, 116, 139, 0.55)',
  histUp: 'rgba(22, 163, 74, 0.55)',
  histDown: 'rgba(220, 38, 38, 0.55)',
  font: FONT,
});

/** The dark palette (the card colour of the dark page theme, #111a2e, as background). */
export const DARK_CHART_THEME: Readonly<ChartPalette> = Object.freeze({
  background: '#111a2e',
  grid: '#1c2740',
  axis: '#334155',
  text: '#94a3b8',
  up: '#22c55e',
  down: '#f87171',
  upVolume: 'rgba(34, 197, 94, 0.35)',
  downVolume: 'rgba(248, 113, 113, 0.35)',
  crosshair: 'rgba(226, 232, 240, 0.55)',
  labelBackground: '#e2e8f0',
  labelText: '#0b1220',
  bullMarker: '#4ade80',
  bearMarker: '#fca5a5',
  guide: 'rgba(148, 163, 184, 0.55)',
  histUp: 'rgba(34, 197, 94, 0.55)',
  histDown: 'rgba(248, 113, 113, 0.55)',
  font: FONT,
});

/** Canvas colours in use: a copy of the light or dark palette, replaced in place when the page theme changes. */
export const CHART_THEME: ChartPalette = { ...LIGHT_CHART_THEME };

/** The page's theme: 'dark' when <html data-theme="dark">, else 'light' (also outside a browser). */
export function pageTheme(): 'light' | 'dark' {
  return typeof document !== 'undefined' && document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

const listeners = new Set<() => void>();
let observer: MutationObserver | null = null;

/** Puts the palette of `theme` into CHART_THEME and tells every subscribed chart to redraw (no-op when unchanged). */
export function setChartTheme(theme: 'light' | 'dark'): void {
  const next = theme === 'dark' ? DARK_CHART_THEME : LIGHT_CHART_THEME;
  if (CHART_THEME.background === next.background) return;
  Object.assign(CHART_THEME, next);
  for (const f of [...listeners]) f();
}

/**
 * Calls `redraw` after each change of the page theme (watching <html data-theme> from the first subscriber on) and
 * syncs CHART_THEME with the page now; returns the unsubscribe.
 */
export function onChartTheme(redraw: () => void): () => void {
  listeners.add(redraw);
  if (observer === null && typeof MutationObserver !== 'undefined' && typeof document !== 'undefined') {
    observer = new MutationObserver(() => setChartTheme(pageTheme()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }
  setChartTheme(pageTheme());
  return () => {
    listeners.delete(redraw);
    if (listeners.size === 0 && observer !== null) {
      observer.disconnect();
      observer = null;
    }
  };
}

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
