/**
 * A browser-like Server-Sent Events client for Node tests and benchmarks: `fetch` with
 * `Accept: text/event-stream`, a streaming reader, and the WHATWG EventSource parsing rules (`event:`, `data:`
 * lines joined by "\n", `:` comments, blank line dispatches). Disconnecting aborts the fetch, as closing a tab does.
 */

/** One dispatched event: its type (default "message") and data; `at` is performance.now() on arrival. */
export interface SseEvent {
  event: string;
  data: string;
  at: number;
}

/** A connected stream: the HTTP status, everything received so far, and hooks. */
export interface SseClient {
  status: number;
  /** Raw text received (for the key scan). */
  raw(): string;
  events: SseEvent[];
  /** Number of `: ping` comment lines received. */
  pings(): number;
  /** Resolves with the first event (already received or future) matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Called for every event as it arrives. */
  onEvent: ((e: SseEvent) => void) | null;
  close(): void;
  /** Resolves when the server ends the stream or the client closes it. */
  ended: Promise<void>;
}

/** Opens `url` as an event stream; resolves once the response headers are in. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
  let raw = '';
  let pings = 0;
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  const client: SseClient = {
    status: res.status,
    raw: () => raw,
    events,
    pings: () => pings,
    onEvent: null,
    waitFor(pred, timeoutMs = 5000) {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve: (e: SseEvent) => (clearTimeout(timer), resolve(e)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching SSE event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(',')}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    close: () => ctrl.abort(),
    ended: Promise.resolve(),
  };
  const dispatch = (event: string, data: string): void => {
    const e: SseEvent = { event, data, at: performance.now() };
    events.push(e);
    client.onEvent?.(e);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].pred(e)) waiters.splice(i, 1)[0].resolve(e);
    }
  };
  client.ended = (async () => {
    if (!res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    let event = '', data: string[] = [];
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        raw += value;
        buf += value;
        let nl: number;
        while ((nl = buf.search(/\r\n|\r|\n/)) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + (buf.startsWith('\r\n', nl) ? 2 : 1));
          if (line === '') {
            if (data.length > 0) dispatch(event || 'message', data.join('\n'));
            event = '';
            data = [];
          } else if (line.startsWith(':')) {
            if (line.slice(1).trim() === 'ping') pings += 1;
          } else {
            const i = line.indexOf(':');
            const field = i < 0 ? line : line.slice(0, i);
            const val = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
            if (field === 'event') event = val;
            else if (field === 'data') data.push(val);
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return client;
}
