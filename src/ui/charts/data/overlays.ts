// Overlay specs as the chart names them, and validation of a period typed by the user.

import type { OverlaySpec } from '../../../shared/engine-api';

/** Smallest accepted moving-average period (TA-Lib's SMA/EMA minimum optInTimePeriod is 2). */
export const PERIOD_MIN = 2;
/** Largest accepted period (TA-Lib's optInTimePeriod maximum). */
export const PERIOD_MAX = 100_000;

/** An overlay's display name, e.g. "SMA(20)". */
export function overlayLabel(spec: OverlaySpec): string {
  return `${spec.fn}(${spec.period})`;
}

/** The chart's data-overlays attribute: labels in drawing order joined by commas, e.g. "SMA(20),EMA(50)". */
export function overlaysAttribute(specs: readonly OverlaySpec[]): string {
  return specs.map(overlayLabel).join(',');
}

/** Outcome of parsing a period field. */
export type PeriodParse = { ok: true; period: number } | { ok: false; error: string };

/** Parses a period typed into the `fn` field: a whole number in [PERIOD_MIN, PERIOD_MAX], else a message saying why not. */
export function parsePeriod(fn: OverlaySpec['fn'], text: string): PeriodParse {
  const t = text.trim();
  const range = `${PERIOD_MIN}–${PERIOD_MAX}`;
  if (t === '') return { ok: false, error: `${fn} period is empty: enter a whole number ${range}` };
  if (!/^[+]?\d+$/.test(t)) return { ok: false, error: `${fn} period "${t}" is not a whole number (${range})` };
  const period = Number(t);
  if (period < PERIOD_MIN || period > PERIOD_MAX) return { ok: false, error: `${fn} period ${period} is outside ${range}` };
  return { ok: true, period };
}
