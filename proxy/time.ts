/**
 * Calendar helpers shared by the proxy and the fake Polygon server: America/New_York offsets by the US
 * daylight-saving rule (2007+), and Polygon's `YYYY-MM-DD` / Unix-ms date arguments. Pure arithmetic, no
 * `Intl` time-zone data, so it behaves the same on Node and on Cloudflare Workers.
 */

const DAY_MS = 86_400_000;

/** Milliseconds in one day (86 400 000). */
export const DAY = DAY_MS;

/** Day of month (1–31) of the n-th (1-based) Sunday of a UTC month; matches the US DST rule's "second Sunday". */
function nthSunday(year: number, month0: number, n: number): number {
  const firstDow = new Date(Date.UTC(year, month0, 1)).getUTCDay();
  return 1 + ((7 - firstDow) % 7) + 7 * (n - 1);
}

/**
 * UTC offset of America/New_York in hours (−4 in summer time, −5 otherwise) at the UTC instant `ms`, by the
 * Energy Policy Act of 2005 rule: DST from the second Sunday of March 02:00 local to the first Sunday of
 * November 02:00 local.
 */
export function nyOffsetHours(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const start = Date.UTC(year, 2, nthSunday(year, 2, 2), 7); // 02:00 EST = 07:00Z
  const end = Date.UTC(year, 10, nthSunday(year, 10, 1), 6); // 02:00 EDT = 06:00Z
  return ms >= start && ms < end ? -4 : -5;
}

/** UTC epoch ms of 00:00 America/New_York on the civil date `y-m0-d` (Polygon's daily-bar `t`). */
export function nyMidnightUtc(y: number, m0: number, d: number): number {
  const noonUtc = Date.UTC(y, m0, d, 12);
  return Date.UTC(y, m0, d) - nyOffsetHours(noonUtc) * 3_600_000;
}

/** UTC epoch ms of the New York wall-clock time `hh:mm` on the date whose UTC-midnight epoch ms is `dayUtc`. */
export function nyWallUtc(dayUtc: number, hh: number, mm: number): number {
  const d = new Date(dayUtc);
  return nyMidnightUtc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + (hh * 60 + mm) * 60_000;
}

/** The New York civil date of the UTC instant `ms`, as the UTC-midnight epoch ms of that date (a day number × 86 400 000). */
export function nyDay(ms: number): number {
  const local = ms + nyOffsetHours(ms) * 3_600_000;
  return Math.floor(local / DAY_MS) * DAY_MS;
}

/** `YYYY-MM-DD` of a UTC-midnight epoch ms. */
export function isoDate(dayUtc: number): string {
  return new Date(dayUtc).toISOString().slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** UTC-midnight epoch ms of a strict, real calendar date `YYYY-MM-DD` (rejects 2024-02-30), or null. */
export function parseIsoDate(s: string): number | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

/**
 * A Polygon range bound (`YYYY-MM-DD` or Unix ms) as a UTC instant: dates are New York midnight for `from` and
 * the last millisecond of that New York day for `to` (both bounds are inclusive); ms values are taken as is.
 * Returns null when `s` is neither form.
 */
export function parseRangeBound(s: string, edge: 'from' | 'to'): number | null {
  if (/^\d{1,15}$/.test(s)) return Number(s);
  const day = parseIsoDate(s);
  if (day === null) return null;
  const d = new Date(day);
  const start = nyMidnightUtc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (edge === 'from') return start;
  const next = new Date(day + DAY_MS);
  return nyMidnightUtc(next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate()) - 1;
}
