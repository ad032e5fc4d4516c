/** Aggregation of base bars into Polygon windows, with Polygon's `limit` (base bars per page) semantics. */
import { DAY, nyDay, nyMidnightUtc } from '../time';
import type { BaseBar } from './data';

/** One aggregate as Polygon returns it. */
export interface AggBar {
  v: number;
  vw: number;
  o: number;
  c: number;
  h: number;
  l: number;
  t: number;
  n: number;
}

/** Window key of a base bar: an integer that is equal for bars in the same window, and the window's start ms. */
export function windowOf(t: number, multiplier: number, timespan: string, anchorDay: number): { key: number; start: number } {
  const unit = timespan === 'second' ? 1000 : timespan === 'minute' ? 60_000 : timespan === 'hour' ? 3_600_000 : 0;
  if (unit > 0) {
    const w = unit * multiplier;
    const start = Math.floor(t / w) * w;
    return { key: start, start };
  }
  const day = nyDay(t);
  const d = new Date(day);
  const y = d.getUTCFullYear(), m = d.getUTCMonth();
  const mid = (ms: number): number => {
    const x = new Date(ms);
    return nyMidnightUtc(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate());
  };
  if (timespan === 'day') {
    const k = Math.floor((day - anchorDay) / DAY / multiplier);
    return { key: k, start: mid(anchorDay + k * multiplier * DAY) };
  }
  if (timespan === 'week') {
    const sunday = day - d.getUTCDay() * DAY; // Polygon's weeks start on Sunday
    const anchorSunday = anchorDay - new Date(anchorDay).getUTCDay() * DAY;
    const k = Math.floor((sunday - anchorSunday) / (7 * DAY) / multiplier);
    return { key: k, start: mid(anchorSunday + k * multiplier * 7 * DAY) };
  }
  const months = timespan === 'month' ? 1 : timespan === 'quarter' ? 3 : 12;
  const a = new Date(anchorDay);
  const anchorIdx = Math.floor((a.getUTCFullYear() * 12 + a.getUTCMonth()) / months) * months;
  const k = Math.floor((y * 12 + m - anchorIdx) / (months * multiplier));
  const first = anchorIdx + k * months * multiplier;
  return { key: k, start: nyMidnightUtc(Math.floor(first / 12), first % 12, 1) };
}

/** Rolls consecutive base bars of one window into an aggregate (o first, c last, h max, l min, v sum, vw, n sum). */
export function rollUp(bars: BaseBar[], start: number): AggBar {
  let h = -Infinity, l = Infinity, v = 0, pv = 0, n = 0;
  for (const b of bars) {
    h = Math.max(h, b.h);
    l = Math.min(l, b.l);
    v += b.v;
    pv += ((b.h + b.l + b.c) / 3) * b.v;
    n += b.n;
  }
  return { v: Math.round(v * 100) / 100, vw: Math.round((pv / v) * 10_000) / 10_000, o: bars[0].o, c: bars[bars.length - 1].c, h, l, t: start, n };
}

/** One page of aggregates: the bars, the base bars read, and the base bars left over (for next_url). */
export interface Page {
  results: AggBar[];
  baseRead: number;
  /** `t` of the first unread base bar in reading order, or null when the range is exhausted. */
  nextBaseT: number | null;
}

/**
 * Groups `base` (ascending) into windows and reads whole windows in `sort` order until `limit` base bars
 * would be exceeded (a window larger than `limit` is cut at `limit` bars so every page makes progress).
 */
export function paginate(base: BaseBar[], multiplier: number, timespan: string, anchorDay: number, sort: 'asc' | 'desc', limit: number): Page {
  const groups: { start: number; bars: BaseBar[] }[] = [];
  let lastKey: number | null = null;
  for (const b of base) {
    const w = windowOf(b.t, multiplier, timespan, anchorDay);
    if (w.key !== lastKey) groups.push({ start: w.start, bars: [] });
    groups[groups.length - 1].bars.push(b);
    lastKey = w.key;
  }
  if (sort === 'desc') groups.reverse();
  const results: AggBar[] = [];
  let read = 0;
  let next: number | null = null;
  for (const g of groups) {
    if (read + g.bars.length > limit) {
      if (results.length === 0) {
        const part = sort === 'asc' ? g.bars.slice(0, limit) : g.bars.slice(g.bars.length - limit);
        results.push(rollUp(part, g.start));
        read = part.length;
        next = sort === 'asc' ? g.bars[limit].t : g.bars[g.bars.length - limit - 1].t;
      } else {
        next = sort === 'asc' ? g.bars[0].t : g.bars[g.bars.length - 1].t;
      }
      break;
    }
    results.push(rollUp(g.bars, g.start));
    read += g.bars.length;
  }
  return { results, baseRead: read, nextBaseT: next };
}
