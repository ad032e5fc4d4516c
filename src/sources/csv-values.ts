// Cell-level parsers for CSV bar import: numbers and timestamps read straight from the file text by
// index (no per-cell substring on the fast path), plus timeframe inference from row spacing.
import type { Timeframe } from '../shared/types';

/** Exact powers of ten 10^0 … 10^22 (all exactly representable as doubles). */
export const POW10 = Float64Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * The decimal number in src[s, e), surrounding spaces allowed; NaN when it is not a plain decimal
 * (thousands separators, hex, 'Infinity', words…) or is empty. Equals Number() of the text: up to 15
 * digits it uses Clinger's exact fast path m / 10^k (both exact, one correctly rounded division), else
 * Number() itself.
 */
export function parseDecimal(src: string, s: number, e: number): number {
  while (s < e && isBlank(src.charCodeAt(s))) s++;
  while (e > s && isBlank(src.charCodeAt(e - 1))) e--;
  if (s === e) return NaN;
  let i = s;
  let c = src.charCodeAt(i);
  const neg = c === 45;
  if (neg || c === 43) i++;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < e; i++) {
    c = src.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && frac < 0) {
      frac = digits;
    } else break;
  }
  if (i === e && digits > 0 && digits <= 15) {
    const k = frac < 0 ? 0 : digits - frac;
    const v = k === 0 ? m : m / POW10[k];
    return neg ? -v : v;
  }
  const text = src.slice(s, e);
  return DECIMAL.test(text) ? Number(text) : NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil), month 1–12. */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Epoch ms of midnight of a proleptic Gregorian date, read as UTC (month 1–12). */
export function dayMs(y: number, m: number, d: number): number {
  return daysFromCivil(y, m, d) * 86_400_000;
}

/** Days in month m (1–12) of year y, Gregorian leap rules. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Reads n ASCII digits at src[i…]; −1 if any is not a digit. */
function digitsAt(src: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = src.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Kinds of time value a CSV time column can hold; a file must use one kind throughout. */
export type TimeKind = 'iso' | 'epoch';

/**
 * Timestamp (epoch ms, timezone-naive) of the time cell src[s, e), or NaN if unparsable. Accepts
 * `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.f…]]` with an optional `Z` or `±HH:MM` suffix, and epoch
 * numbers. The wall-clock part of an ISO value is used as is and any offset is ignored (bars are
 * exchange-local wall clock, see Bars in src/shared/types.ts). Fractions beyond milliseconds are truncated. Epoch numbers are seconds
 * when |v| < 1e11 (before year 5138), else milliseconds, and give the UTC wall clock.
 */
export function parseTime(src: string, s: number, e: number, out: { kind: TimeKind }): number {
  while (s < e && isBlank(src.charCodeAt(s))) s++;
  while (e > s && isBlank(src.charCodeAt(e - 1))) e--;
  if (e - s >= 10 && src.charCodeAt(s + 4) === 45) {
    out.kind = 'iso';
    return parseIso(src, s, e);
  }
  out.kind = 'epoch';
  const v = parseDecimal(src, s, e);
  if (!Number.isFinite(v)) return NaN;
  return Math.abs(v) < 1e11 ? Math.round(v * 1000) : Math.round(v);
}

function parseIso(src: string, s: number, e: number): number {
  const y = digitsAt(src, s, 4);
  const mo = digitsAt(src, s + 5, 2);
  const d = digitsAt(src, s + 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || src.charCodeAt(s + 7) !== 45 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  let ms = dayMs(y, mo, d);
  let i = s + 10;
  if (i === e) return ms;
  const sep = src.charCodeAt(i);
  if (sep !== 84 && sep !== 32 && sep !== 116) return zone(src, i, e) ? ms : NaN; // 'T', ' ', 't'
  const h = digitsAt(src, i + 1, 2);
  const mi = digitsAt(src, i + 4, 2);
  if (i + 6 > e || h < 0 || h > 23 || src.charCodeAt(i + 3) !== 58 || mi < 0 || mi > 59) return NaN;
  ms += h * 3_600_000 + mi * 60_000;
  i += 6;
  if (i < e && src.charCodeAt(i) === 58) {
    const sec = digitsAt(src, i + 1, 2);
    if (i + 3 > e || sec < 0 || sec > 59) return NaN;
    ms += sec * 1000;
    i += 3;
    if (i < e && src.charCodeAt(i) === 46) {
      i++;
      let scale = 100;
      const start = i;
      for (; i < e; i++) {
        const c = src.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale = scale >= 10 ? scale / 10 : 0;
      }
      if (i === start) return NaN;
    }
  }
  return i === e || zone(src, i, e) ? ms : NaN;
}

/** True when src[i, e) is a valid zone suffix: `Z` or `±HH:MM` (validated, then ignored). */
function zone(src: string, i: number, e: number): boolean {
  const c = src.charCodeAt(i);
  if (c === 90 || c === 122) return i + 1 === e; // 'Z' / 'z'
  if (c !== 43 && c !== 45) return false;
  const h = digitsAt(src, i + 1, 2);
  const m = digitsAt(src, i + 4, 2);
  return i + 6 === e && src.charCodeAt(i + 3) === 58 && h >= 0 && h <= 23 && m >= 0 && m <= 59;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** k-th smallest value of a (reordered in place), by Hoare's quickselect with median-of-three pivots. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Human text for a duration in ms, e.g. "2 h", "90 s", "3.5 d". */
function formatSpan(ms: number): string {
  if (ms >= DAY) return `${+(ms / DAY).toFixed(2)} d`;
  if (ms >= HOUR) return `${+(ms / HOUR).toFixed(2)} h`;
  if (ms >= MIN) return `${+(ms / MIN).toFixed(2)} min`;
  return `${+(ms / 1000).toFixed(3)} s`;
}

/**
 * Timeframe from the median spacing of ascending timestamps, or a message saying why not: 1m/5m/15m/1h
 * within ±5 %; '1d' for 0.75–1.5 days (weekends and holidays leave the median at one day); '1w' for
 * 5–9 days; '1mo' for 27–32 days (month ends are 28–31 days apart).
 */
export function inferTimeframe(ts: Float64Array): Timeframe | string {
  if (ts.length < 2) return `cannot infer the timeframe from ${ts.length} row${ts.length === 1 ? '' : 's'}`;
  const d = new Float64Array(ts.length - 1);
  for (let i = 1; i < ts.length; i++) d[i - 1] = ts[i] - ts[i - 1];
  const med = select(d, (d.length - 1) >> 1);
  const near = (x: number) => Math.abs(med - x) <= 0.05 * x;
  if (near(MIN)) return '1m';
  if (near(5 * MIN)) return '5m';
  if (near(15 * MIN)) return '15m';
  if (near(HOUR)) return '1h';
  if (med >= 0.75 * DAY && med <= 1.5 * DAY) return '1d';
  if (med >= 5 * DAY && med <= 9 * DAY) return '1w';
  if (med >= 27 * DAY && med <= 32 * DAY) return '1mo';
  return `cannot infer the timeframe: the median spacing between rows is ${formatSpan(med)}, which matches none of 1m, 5m, 15m, 1h, 1d, 1w, 1mo`;
}
