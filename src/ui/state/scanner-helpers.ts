// Pure pieces of the scanner panel: the re-scan intervals, when the next scan is due, and a typed watchlist resolved
// against the symbols the app can load (demo and cached). Unit-tested in tests/unit/live-ui.test.ts.

/** Re-scan intervals offered (0 = only on demand). */
export const SCAN_INTERVALS: readonly { ms: number; label: string }[] = [
  { ms: 0, label: 'off' },
  { ms: 15_000, label: 'every 15 s' },
  { ms: 60_000, label: 'every minute' },
  { ms: 300_000, label: 'every 5 minutes' },
  { ms: 900_000, label: 'every 15 minutes' },
];

/** Milliseconds until the next scheduled scan: 0 when due (or never run), null when the schedule is off. */
export function nextScanDelay(lastRunAt: number | null, intervalMs: number, now: number): number | null {
  if (!(intervalMs > 0)) return null;
  if (lastRunAt === null) return 0;
  return Math.max(0, lastRunAt + intervalMs - now);
}

/** A watchlist resolved: app symbol ids to scan, and entries matching no loadable symbol. */
export interface ResolvedWatchlist {
  ids: string[];
  unknown: string[];
}

/**
 * Resolves typed entries (commas, spaces or new lines; case-insensitive) against `known` app symbol ids: an exact
 * id (`DEMO:ACME`, `POLYGON:AAPL`), or a bare ticker matching one id's part after the colon (demo ids first, then
 * the order of `known`). Duplicates are dropped; the rest are `unknown`.
 */
export function resolveWatchlist(text: string, known: readonly string[]): ResolvedWatchlist {
  const ids: string[] = [];
  const unknown: string[] = [];
  const upper = known.map((k) => k.toUpperCase());
  for (const raw of text.split(/[\s,;]+/)) {
    const t = raw.trim().toUpperCase();
    if (t === '') continue;
    let i = upper.indexOf(t);
    if (i < 0) i = upper.indexOf(`DEMO:${t}`);
    if (i < 0) i = upper.findIndex((k) => k.slice(k.indexOf(':') + 1) === t);
    if (i < 0) {
      if (!unknown.includes(t)) unknown.push(t);
    } else if (!ids.includes(known[i])) ids.push(known[i]);
  }
  return { ids, unknown };
}

/** A symbol id as the results table shows it: the demo prefix dropped ("DEMO:ACME" → "ACME"), other ids unchanged. */
export function shortSymbol(id: string): string {
  return id.replace(/^DEMO:/, '');
}
