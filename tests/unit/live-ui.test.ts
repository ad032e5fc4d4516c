// Pure helpers of the scanner and live panels: symbol lists as typed, the stream URL, status transitions and text,
// reconnect back-off, when the next scheduled scan is due, and watchlists resolved against loadable symbols.
import { describe, expect, it } from 'vitest';
import {
  OFFLINE_AFTER,
  parseLiveSymbols,
  reconnectDelayMs,
  statusAfterError,
  statusOfMode,
  statusText,
  streamUrl,
} from '../../src/ui/state/live-helpers';
import { nextScanDelay, resolveWatchlist, SCAN_INTERVALS } from '../../src/ui/state/scanner-helpers';

describe('live helpers', () => {
  it('parses symbol lists: case, separators, duplicates; names a bad entry and the limits', () => {
    expect(parseLiveSymbols(' aapl, MSFT  brk.a;aapl ')).toEqual(['AAPL', 'MSFT', 'BRK.A']);
    expect(parseLiveSymbols('  ')).toBe('symbols: enter at least one stock symbol, e.g. AAPL, MSFT');
    expect(parseLiveSymbols('AAPL, X:BTCUSD')).toBe('symbols: "X:BTCUSD" is not a stock symbol like AAPL or BRK.A');
    expect(parseLiveSymbols(Array.from({ length: 51 }, (_, i) => `S${i}`).join(','))).toBe('symbols: at most 50, got 51');
  });

  it('builds the same-origin stream URL', () => {
    expect(streamUrl(['AAPL', 'BRK.A'])).toBe('/api/stream?symbols=AAPL,BRK.A');
  });

  it('maps the proxy mode and connection errors to a status, with a status line', () => {
    expect(statusOfMode('websocket')).toBe('live');
    expect(statusOfMode('polling')).toBe('polling');
    expect(statusOfMode('connecting')).toBe('connecting');
    expect(statusOfMode(undefined)).toBe('connecting');
    expect(statusAfterError(1)).toBe('reconnecting');
    expect(statusAfterError(OFFLINE_AFTER)).toBe('offline');
    expect(statusText('polling', 'no WebSocket access; polling minute aggregates')).toBe('polling fallback — no WebSocket access; polling minute aggregates');
    expect(statusText('idle', '')).toBe('not connected');
  });

  it('backs off 1 s, 2 s, 4 s … up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(reconnectDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});

describe('scanner helpers', () => {
  it('schedules: off → null, never run → now, else the rest of the interval (never negative)', () => {
    expect(nextScanDelay(null, 0, 1000)).toBeNull();
    expect(nextScanDelay(500, 0, 1000)).toBeNull();
    expect(nextScanDelay(null, 60_000, 1000)).toBe(0);
    expect(nextScanDelay(1000, 60_000, 31_000)).toBe(30_000);
    expect(nextScanDelay(1000, 60_000, 100_000)).toBe(0);
    expect(SCAN_INTERVALS[0]).toEqual({ ms: 0, label: 'off' });
  });

  it('resolves watchlists: exact ids, bare demo tickers first, cached tickers, duplicates and unknowns', () => {
    const known = ['DEMO:ACME', 'DEMO:QBIT', 'POLYGON:AAPL', 'YAHOO:ACME', 'CSV:MINE'];
    expect(resolveWatchlist('acme qbit, aapl;yahoo:acme\nmine nope ACME nope', known)).toEqual({
      ids: ['DEMO:ACME', 'DEMO:QBIT', 'POLYGON:AAPL', 'YAHOO:ACME', 'CSV:MINE'],
      unknown: ['NOPE'],
    });
    expect(resolveWatchlist('', known)).toEqual({ ids: [], unknown: [] });
  });
});
