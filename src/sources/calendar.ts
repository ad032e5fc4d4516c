// NYSE trading calendar by rule (NYSE Rule 7.2 holidays), for the demo market's timestamps.
// Only the holidays that follow a fixed rule are modelled; one-off closures (e.g. national days of
// mourning on 2018-12-05 and 2025-01-09, Hurricane Sandy 2012-10-29/30) and early closes (13:00 on
// some Christmas/Independence eves) are deliberately ignored: the demo market is synthetic.

const DAY_MS = 86_400_000;

/** Day of week of a UTC-midnight timestamp: 0 = Sunday … 6 = Saturday. */
function dow(ts: number): number {
  return new Date(ts).getUTCDay();
}

/** The n-th (1-based) given weekday of a month, as Date.UTC midnight. month is 0-based. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const offset = (weekday - dow(first) + 7) % 7;
  return first + (offset + 7 * (n - 1)) * DAY_MS;
}

/** The last given weekday of a month, as Date.UTC midnight. month is 0-based. */
function lastWeekday(year: number, month: number, weekday: number): number {
  const last = Date.UTC(year, month + 1, 0);
  return last - ((dow(last) - weekday + 7) % 7) * DAY_MS;
}

/** Gregorian Easter Sunday (anonymous Gregorian "Meeus/Jones/Butcher" algorithm), as Date.UTC midnight. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** A fixed-date holiday moved off the weekend: Saturday → Friday before, Sunday → Monday after. */
function observed(ts: number): number {
  const w = dow(ts);
  return w === 6 ? ts - DAY_MS : w === 0 ? ts + DAY_MS : ts;
}

/**
 * NYSE full-day holidays of one year by rule, as sorted Date.UTC midnights: New Year, MLK Day,
 * Washington's Birthday, Good Friday, Memorial Day, Juneteenth (from 2022), Independence Day, Labor Day,
 * Thanksgiving, Christmas; weekend dates observed per NYSE Rule 7.2 (a Saturday New Year is not observed).
 */
export function nyseHolidays(year: number): number[] {
  const days: number[] = [];
  const newYear = Date.UTC(year, 0, 1);
  // Rule 7.2: a holiday on Saturday is observed on Friday, except when that Friday ends a
  // monthly/yearly accounting period, which only happens for New Year's Day: then no closure.
  if (dow(newYear) !== 6) days.push(observed(newYear));
  days.push(nthWeekday(year, 0, 1, 3)); // Martin Luther King Jr. Day: 3rd Monday of January
  days.push(nthWeekday(year, 1, 1, 3)); // Washington's Birthday: 3rd Monday of February
  days.push(easterSunday(year) - 2 * DAY_MS); // Good Friday
  days.push(lastWeekday(year, 4, 1)); // Memorial Day: last Monday of May
  if (year >= 2022) days.push(observed(Date.UTC(year, 5, 19))); // Juneteenth
  days.push(observed(Date.UTC(year, 6, 4))); // Independence Day
  days.push(nthWeekday(year, 8, 1, 1)); // Labor Day: 1st Monday of September
  days.push(nthWeekday(year, 10, 4, 4)); // Thanksgiving: 4th Thursday of November
  days.push(observed(Date.UTC(year, 11, 25))); // Christmas
  return days.sort((x, y) => x - y);
}

/**
 * NYSE trading days (weekdays that are not rule-based holidays) from `first` to `last` inclusive,
 * both Date.UTC midnights; returned as a Float64Array of Date.UTC midnights, ascending.
 */
export function nyseTradingDays(first: number, last: number): Float64Array {
  const y0 = new Date(first).getUTCFullYear();
  const y1 = new Date(last).getUTCFullYear();
  const closed = new Set<number>();
  // One year either side: an observed New Year/Christmas can cross into the neighbouring year.
  for (let y = y0 - 1; y <= y1 + 1; y++) for (const d of nyseHolidays(y)) closed.add(d);
  const out: number[] = [];
  for (let t = first; t <= last; t += DAY_MS) {
    const w = dow(t);
    if (w !== 0 && w !== 6 && !closed.has(t)) out.push(t);
  }
  return Float64Array.from(out);
}
