/**
 * `GET /api/stream?symbols=AAPL,MSFT`: Server-Sent Events relaying the {@link StreamHub}'s minute bars
 * (`event: bar`), its mode (`event: status`, first event of every stream) and `: ping` heartbeats. Built on
 * a web-standard ReadableStream, so it runs wherever the hub can (Node); without a hub it answers 501.
 */
import type { Context } from 'hono';
import type { StreamBar, StreamHub, StreamStatus } from './stream';

/** Largest number of symbols one client may ask for. */
export const MAX_STREAM_SYMBOLS = 50;
/** A stock symbol on Polygon's stocks cluster: upper-case letters, digits and `.` (`AAPL`, `BRK.A`). */
const STREAM_SYMBOL_RE = /^[A-Z][A-Z0-9.]{0,11}$/;
/** A client whose unread queue exceeds this many events is disconnected (it reconnects via EventSource). */
const MAX_QUEUED_EVENTS = 5000;

const json = (status: number, body: Record<string, unknown>): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

/** Parses `symbols` (comma-separated, deduplicated); returns them or an error message naming the field. */
export function parseStreamSymbols(search: URLSearchParams): string[] | string {
  for (const name of search.keys()) if (name !== 'symbols') return `unknown query parameter "${name.slice(0, 64)}"; allowed: symbols`;
  const all = search.getAll('symbols');
  if (all.length !== 1 || all[0].trim() === '') return 'symbols is required once, e.g. symbols=AAPL,MSFT';
  const out = [...new Set(all[0].split(',').map((s) => s.trim()))];
  for (const s of out) if (!STREAM_SYMBOL_RE.test(s)) return `symbols: "${s.slice(0, 32)}" is not a stock symbol like AAPL or BRK.A`;
  if (out.length > MAX_STREAM_SYMBOLS) return `symbols: at most ${MAX_STREAM_SYMBOLS}, got ${out.length}`;
  return out;
}

/** Settings of the SSE route. */
export interface SseOptions {
  /** The hub, or null on runtimes that cannot hold the upstream socket (answers 501). */
  hub: StreamHub | null;
  /** Why there is no hub (the 501 message). */
  unavailable: string;
  keyConfigured: boolean;
  maxClients: number;
  /** Interval of `: ping` comments, ms. */
  heartbeatMs: number;
}

/** Creates the `/api/stream` handler. */
export function streamHandler(o: SseOptions): (c: Context) => Response {
  let clients = 0;
  const enc = new TextEncoder();
  return (c) => {
    if (o.hub === null) return json(501, { error: o.unavailable });
    const hub = o.hub;
    if (!o.keyConfigured) return json(503, { error: 'proxy has no POLYGON_API_KEY configured; the live stream needs it' });
    const symbols = parseStreamSymbols(new URL(c.req.url).searchParams);
    if (typeof symbols === 'string') return json(400, { error: symbols });
    if (clients >= o.maxClients) return json(503, { error: `the stream serves at most ${o.maxClients} clients (STREAM_MAX_CLIENTS); retry later` });
    clients += 1;
    let cleanup = (): void => undefined;
    const stream = new ReadableStream<Uint8Array>(
      {
        start(ctrl) {
          let done = false;
          const write = (s: string): void => {
            if (done) return;
            if ((ctrl.desiredSize ?? 0) < -MAX_QUEUED_EVENTS) {
              cleanup();
              ctrl.close();
              return;
            }
            try {
              ctrl.enqueue(enc.encode(s));
            } catch {
              cleanup();
            }
          };
          write('retry: 3000\n\n');
          const remove = hub.add(
            {
              bar: (b: StreamBar) => write(`event: bar\ndata: ${JSON.stringify(b)}\n\n`),
              status: (s: StreamStatus) => write(`event: status\ndata: ${JSON.stringify({ ...s, symbols })}\n\n`),
            },
            symbols,
          );
          const ping = setInterval(() => write(': ping\n\n'), o.heartbeatMs);
          cleanup = () => {
            if (done) return;
            done = true;
            clients -= 1;
            clearInterval(ping);
            remove();
          };
          c.req.raw.signal.addEventListener('abort', () => cleanup());
        },
        cancel() {
          cleanup();
        },
      },
      { highWaterMark: 64 },
    );
    return new Response(stream, {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
    });
  };
}
