// Time-axis ticks for a bar-index axis: a tick sits on the first bar of each calendar period (5 minutes, a
// day, a month, a year…), choosing the finest period that yields at most `maxTicks` ticks in view.
// Timestamps are timezone-naive (wall-clock read as UTC, see src/shared/types.ts), so only UTC getters are used.

import type { Timeframe } from '../../../shared/types';
import type { BarRange } from './viewport';

/** A tick on the time axis: the bar it sits on and its label. */
export interface TimeTick {
  index: number;
  label: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Kind = 'intraday' | 'day' | 'month' | 'year';
interface Period {
  kind: Kind;
  key: (ts: number) => number;
}

const monthIndex = (ts: number) => {
  const d = new Date(ts);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
const minutes = (m: number): Period => ({ kind: 'intraday', key: (ts) => Math.floor(ts / (m * MINUTE)) });
const months = (m: number): Period => ({ kind: m >= 12 ? 'year' : 'month', key: (ts) => Math.floor(monthIndex(ts) / m) });

// Finest first. Weeks start on Monday: epoch day 0 (1970-01-01) was a Thursday, hence the +3.
const PERIODS: readonly Period[] = [
  minutes(1),
  minutes(5),
  minutes(15),
  minutes(30),
  minutes(60),
  minutes(120),
  minutes(240),
  { kind: 'day', key: (ts) => Math.floor(ts / DAY) },
  { kind: 'day', key: (ts) => Math.floor((Math.floor(ts / DAY) + 3) / 7) },
  months(1),
  months(3),
  months(6),
  months(12),
  months(24),
  months(60),
  months(120),
];

/** Indices in (start, end) where `key` changes from the previous bar (plus `start` itself when it starts a period). */
function boundaries(ts: ArrayLike<number>, range: BarRange, key: (t: number) => number, limit: number): number[] | null {
  const out: number[] = [];
  let prev = range.start > 0 ? key(ts[range.start - 1]) : NaN;
  for (let i = range.start; i < range.end; i++) {
    const k = key(ts[i]);
    if (k !== prev) {
      if (i > 0) out.push(i);
      if (out.length > limit) return null;
      prev = k;
    }
  }
  return out;
}

function label(kind: Kind, ts: number, prevTs: number): string {
  const d = new Date(ts);
  const p = new Date(prevTs);
  const newYear = d.getUTCFullYear() !== p.getUTCFullYear();
  const newDay = Math.floor(ts / DAY) !== Math.floor(prevTs / DAY);
  const monDay = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  switch (kind) {
    case 'intraday':
      if (newDay) return newYear ? String(d.getUTCFullYear()) : monDay;
      return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
    case 'day':
      return newYear ? String(d.getUTCFullYear()) : monDay;
    case 'month':
      return newYear ? String(d.getUTCFullYear()) : MONTHS[d.getUTCMonth()];
    case 'year':
      return String(d.getUTCFullYear());
  }
}

/** Ticks at the first bar of each calendar period in view, using the finest period giving ≤ maxTicks ticks. */
export function timeTicks(ts: ArrayLike<number>, range: BarRange, maxTicks: number): TimeTick[] {
  if (range.end <= range.start || maxTicks < 1) return [];
  for (const period of PERIODS) {
    const idx = boundaries(ts, range, period.key, maxTicks);
    if (idx === null) continue;
    return idx.map((i) => ({ index: i, label: label(period.kind, ts[i], ts[i - 1]) }));
  }
  return [];
}

function pad2(v: number): string {
  return v < 10 ? `0${v}` : String(v);
}

/** A bar's start as text for the crosshair readout: date for daily and coarser bars, date and time intraday. */
export function formatBarTime(ts: number, timeframe: Timeframe): string {
  if (!Number.isFinite(ts)) return '—';
  const d = new Date(ts);
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  if (timeframe === '1mo') return date.slice(0, 7);
  if (timeframe === '1d' || timeframe === '1w') return date;
  return `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}
