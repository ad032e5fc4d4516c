// Number formatting for the chart's axes, readout and legend.

/** A price with 2 decimals (4 significant digits below 1); an em dash for NaN (overlay warm-up). */
export function formatPrice(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(4);
}

/** A share volume with K/M/B suffixes and one decimal (e.g. 1.2M); an em dash when missing. */
export function formatVolume(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(1)}K`;
  return String(Math.round(v));
}

/**
 * An indicator value for a pane legend: 4 significant digits (54.32, 0.01234, −1.5), whole numbers from 1,000
 * (12345), K/M/B suffixes from a million (OBV, AD); an em dash for NaN (warm-up).
 */
export function formatIndicatorValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e6) return formatVolume(v);
  if (a >= 1000) return v.toFixed(0);
  return String(Number(v.toPrecision(4)));
}
