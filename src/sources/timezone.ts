// Time-zone conversion for market-data sources: UTC instants → timezone-naive exchange wall-clock ms (the
// `Bars.ts` convention), with real IANA rules from Intl (Node and browsers), so history across DST changes is right.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // Throws RangeError for an unknown zone name.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is an IANA zone name this runtime's Intl knows (e.g. "America/New_York"). */
export function isKnownZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset of zone `tz` from UTC at the UTC instant `utcMs`, in ms (−4 h = −14 400 000 for New York in summer); matches Intl/tzdata. */
export function zoneOffsetMs(tz: string, utcMs: number): number {
  const p: Record<string, number> = {};
  for (const x of formatter(tz).formatToParts(utcMs)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  const wholeSecond = Math.floor(utcMs / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

/**
 * A converter from UTC epoch ms to timezone-naive wall-clock ms in `tz` (the local time read as if it were
 * UTC). Offsets are memoised per 15-minute UTC bucket (every tzdata transition falls on a quarter hour), so
 * converting a long minute series costs one Intl call per quarter hour.
 */
export function naiveConverter(tz: string): (utcMs: number) => number {
  formatter(tz);
  let bucket = NaN, offset = 0;
  return (utcMs) => {
    const b = Math.floor(utcMs / 900_000);
    if (b !== bucket) {
      bucket = b;
      offset = zoneOffsetMs(tz, b * 900_000);
    }
    return utcMs + offset;
  };
}
