/**
 * The fake's WebSocket feed (`/stocks`, Polygon's stocks cluster): every frame a JSON array of events;
 * connect → `connected`, `auth` → `auth_success`/`auth_failed`, `subscribe`/`unsubscribe` to `AM.<sym>` (or
 * `AM.*`), minute aggregates (`ev:"AM"`) pushed by {@link FakeSocket.emitMinute}. One authenticated connection
 * per key: a second gets `max_connections` and close code 1008. The end-of-day plan has no WebSocket access.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { nyDay } from '../time';
import type { BarGenerator } from './data';

/** Handle on the fake feed: attach to a Node HTTP server, push bars, inspect and close connections. */
export interface FakeSocket {
  /** Serves WebSocket upgrades on `/stocks` (and `/delayed/stocks`) of `server`. */
  attach(server: Server): void;
  /**
   * Pushes the one-minute bar starting at `start` (UTC ms, a 09:30–15:59 New York minute of a trading day) to
   * every authenticated client subscribed to its symbols; returns the number of frames sent.
   */
  emitMinute(start: number): number;
  /** Number of open connections. */
  readonly connections: number;
  /** Number of connections opened since start (closed ones included). */
  readonly connectionsOpened: number;
  /** Union of the symbols the authenticated connections are subscribed to, sorted. */
  subscribed(): string[];
  /** Terminates every open connection (a network drop) but keeps accepting new ones. */
  dropConnections(): void;
  /** Closes every connection and the WebSocket server. */
  close(): void;
}

interface Client {
  ws: WebSocket;
  key: string | null;
  subs: Set<string>;
}

const frame = (events: Record<string, unknown>[]): string => JSON.stringify(events);
const status = (s: string, message: string): string => frame([{ ev: 'status', status: s, message }]);

/** Creates the feed over the fake's keys, plan and bar generator. */
export function createFakeSocket(keys: Set<string>, plan: 'eod' | 'delayed' | 'realtime', gen: BarGenerator, symbols: string[]): FakeSocket {
  const wss = new WebSocketServer({ noServer: true });
  const clients = new Set<Client>();
  let opened = 0;

  wss.on('connection', (ws: WebSocket) => {
    opened += 1;
    const client: Client = { ws, key: null, subs: new Set() };
    clients.add(client);
    ws.on('close', () => clients.delete(client));
    ws.send(status('connected', 'Connected Successfully'));
    ws.on('message', (data) => {
      let msg: { action?: unknown; params?: unknown };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        ws.send(status('error', 'invalid JSON'));
        return;
      }
      const params = typeof msg.params === 'string' ? msg.params : '';
      if (msg.action === 'auth') {
        if (!keys.has(params)) return ws.send(status('auth_failed', 'authentication failed'));
        if (plan === 'eod') return ws.send(status('auth_failed', "Your plan doesn't include websocket access. Visit https://polygon.io/pricing to upgrade."));
        if ([...clients].some((c) => c !== client && c.key === params)) {
          ws.send(status('max_connections', 'Maximum number of websocket connections exceeded. You have reached the connection limit for your account.'));
          ws.close(1008, 'max_connections');
          return;
        }
        client.key = params;
        return ws.send(status('auth_success', 'authenticated'));
      }
      if (msg.action === 'subscribe' || msg.action === 'unsubscribe') {
        if (client.key === null) return ws.send(status('error', 'not authorized'));
        const out: Record<string, unknown>[] = [];
        for (const p of params.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
          if (!/^AM\.(\*|[A-Z0-9.:-]+)$/.test(p)) {
            out.push({ ev: 'status', status: 'error', message: `invalid channel: ${p}` });
            continue;
          }
          if (msg.action === 'subscribe') client.subs.add(p.slice(3));
          else client.subs.delete(p.slice(3));
          out.push({ ev: 'status', status: 'success', message: `${msg.action === 'subscribe' ? 'subscribed to' : 'unsubscribed to'}: ${p}` });
        }
        return ws.send(frame(out));
      }
      ws.send(status('error', `unknown action: ${String(msg.action).slice(0, 40)}`));
    });
  });

  return {
    attach(server: Server): void {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        const path = (req.url ?? '').split('?')[0];
        if (path !== '/stocks' && path !== '/delayed/stocks') {
          socket.destroy();
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      });
    },
    emitMinute(start: number): number {
      const day = nyDay(start);
      let sent = 0;
      const cache = new Map<string, Record<string, unknown> | null>();
      for (const c of clients) {
        if (c.key === null) continue;
        const events: Record<string, unknown>[] = [];
        for (const sym of symbols) {
          if (!c.subs.has(sym) && !c.subs.has('*')) continue;
          if (!cache.has(sym)) cache.set(sym, amEvent(gen, sym, day, start));
          const ev = cache.get(sym);
          if (ev) events.push(ev);
        }
        if (events.length > 0) {
          c.ws.send(frame(events));
          sent += 1;
        }
      }
      return sent;
    },
    get connections(): number {
      return clients.size;
    },
    get connectionsOpened(): number {
      return opened;
    },
    subscribed(): string[] {
      const all = new Set<string>();
      for (const c of clients) if (c.key !== null) for (const s of c.subs) all.add(s);
      return [...all].sort();
    },
    dropConnections(): void {
      for (const c of clients) c.ws.terminate();
    },
    close(): void {
      for (const c of clients) c.ws.terminate();
      wss.close();
    },
  };
}

/** Polygon's `AM` event for `sym`'s minute starting at `start`, with day-to-date `av`, `op`, `a`; null outside the session. */
function amEvent(gen: BarGenerator, sym: string, day: number, start: number): Record<string, unknown> | null {
  const bars = gen.minuteBars(sym, day);
  const i = bars.findIndex((b) => b.t === start);
  if (i < 0) return null;
  let av = 0, pv = 0;
  for (let k = 0; k <= i; k++) {
    av += bars[k].v;
    pv += ((bars[k].h + bars[k].l + bars[k].c) / 3) * bars[k].v;
  }
  const b = bars[i];
  const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;
  return {
    ev: 'AM', sym, v: b.v, av: Math.round(av * 100) / 100, op: bars[0].o, vw: r4((b.h + b.l + b.c) / 3), o: b.o, c: b.c, h: b.h, l: b.l,
    a: r4(pv / av), z: Math.max(1, Math.round(b.v / b.n)), s: b.t, e: b.t + 60_000,
  };
}
