// Performance marks read by the benchmark and the browser tests (performance.getEntriesByName).

/** Names of the marks the app sets, each at most once per page load. */
export type AppMark = 'chart-first-paint' | 'overlays-drawn' | 'duckdb-ready';

/** Sets the User Timing mark `name` unless it already exists (first occurrence wins). */
export function markOnce(name: AppMark): void {
  if (typeof performance === 'undefined' || performance.getEntriesByName(name, 'mark').length > 0) return;
  performance.mark(name);
}

/** Runs `fn` when the main thread is idle (at most `timeoutMs` later), so heavy start-up work never delays a paint. */
export function whenIdle(fn: () => void, timeoutMs = 500): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => fn(), { timeout: timeoutMs });
  else setTimeout(fn, 0);
}

/** The message of any thrown value, for display. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return typeof e === 'string' ? e : (JSON.stringify(e) ?? String(e));
}
