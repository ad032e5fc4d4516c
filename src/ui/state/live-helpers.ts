// Pure pieces of the live-signals panel: the symbol list as typed, the stream URL, the connection status and its
// line of text, and the reconnect back-off. No DOM, no EventSource: unit-tested in tests/unit/live-ui.test.ts.

/** Most symbols one stream may carry (the proxy's MAX_STREAM_SYMBOLS, docs/proxy.md). */
export const MAX_LIVE_SYMBOLS = 50;
/** A stock symbol as the proxy's stream accepts it (`AAPL`, `BRK.A`). */
const SYMBOL_RE = /^[A-Z][A-Z0-9.]{0,11}$/;

/** Where the stream stands, as the status line shows it. */
export type LiveStatus = 'idle' | 'connecting' | 'live' | 'polling' | 'reconnecting' | 'offline';

/**
 * The symbols of a typed list (commas or spaces; case-insensitive; duplicates dropped), or a message naming the
 * bad entry: each must be a stock symbol like AAPL or BRK.A, at least 1 and at most 50 of them.
 */
export function parseLiveSymbols(text: string): string[] | string {
  const out = [...new Set(text.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter((s) => s !== ''))];
  if (out.length === 0) return 'symbols: enter at least one stock symbol, e.g. AAPL, MSFT';
  for (const s of out) if (!SYMBOL_RE.test(s)) return `symbols: "${s.slice(0, 24)}" is not a stock symbol like AAPL or BRK.A`;
  if (out.length > MAX_LIVE_SYMBOLS) return `symbols: at most ${MAX_LIVE_SYMBOLS}, got ${out.length}`;
  return out;
}

/** The same-origin stream URL of `symbols` (already validated: letters, digits and dots need no escaping). */
export function streamUrl(symbols: readonly string[]): string {
  return `/api/stream?symbols=${symbols.join(',')}`;
}

/** The status of an `event: status` payload's mode (websocket → live, polling → polling, else connecting). */
export function statusOfMode(mode: unknown): LiveStatus {
  return mode === 'websocket' ? 'live' : mode === 'polling' ? 'polling' : 'connecting';
}

/** Consecutive failed connection attempts after which "reconnecting" becomes "offline". */
export const OFFLINE_AFTER = 2;

/** The status after a connection error: reconnecting for the first attempts, then offline. */
export function statusAfterError(failures: number): LiveStatus {
  return failures >= OFFLINE_AFTER ? 'offline' : 'reconnecting';
}

/** Delay before our own reconnect attempt `attempt` (1, 2, …) when the browser gave up: 1 s doubling to 30 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/** The status line, e.g. "connected — live minute bars over the proxy's WebSocket (AAPL, MSFT)". */
export function statusText(status: LiveStatus, detail: string): string {
  const head: Record<LiveStatus, string> = {
    idle: 'not connected',
    connecting: 'connecting…',
    live: 'connected',
    polling: 'polling fallback',
    reconnecting: 'reconnecting…',
    offline: 'offline',
  };
  return detail ? `${head[status]} — ${detail}` : head[status];
}
