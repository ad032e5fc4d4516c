/** Test harness for the proxy suites: real HTTP servers on 127.0.0.1 random ports (the fake and the proxy). */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createProxyApp, type ProxyDeps } from '../../proxy/app';
import type { ProxyEnv } from '../../proxy/config';
import { createFakePolygon, type FakePolygon, type FakePolygonOptions } from '../../proxy/fake-polygon/app';

/** The proxy's key in every suite: long and distinctive so a leak anywhere is found by a substring scan. */
export const KEY = 'pk_test_Zq81xVw3LmN0pQ7r';

/** A listening server: its base URL (no trailing slash) and a closer. */
export interface Running {
  url: string;
  close(): Promise<void>;
}

/** Serves a fetch handler on 127.0.0.1 with an OS-chosen port. */
export function listen(fetchFn: (req: Request, env: never) => Response | Promise<Response>): Promise<Running> {
  return new Promise((resolve) => {
    const server = serve({ fetch: fetchFn as never, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => {
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          server.close(() => done());
        }),
      });
    });
  });
}

/** Starts a fake Polygon with the suite key. */
export async function startFake(opts: FakePolygonOptions = {}): Promise<Running & { fake: FakePolygon }> {
  const fake = createFakePolygon({ keys: [KEY], rateLimit: null, historyYears: null, ...opts });
  return { ...(await listen(fake.app.fetch as never)), fake };
}

/** Everything a proxy suite saw: response headers+bodies and log lines, for the key scan. */
export interface Seen {
  texts: string[];
}

/** Starts a proxy against `upstreamUrl`, capturing its log lines into `seen`. */
export async function startProxy(env: ProxyEnv, deps: ProxyDeps, seen: Seen): Promise<Running> {
  const app = createProxyApp(env, { log: (l) => seen.texts.push(`LOG ${l}`), ...deps });
  return listen(app.fetch as never);
}

/** A fetched response with its body read, recorded in `seen` (status line, every header, body). */
export interface Got {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** GET (or `init`) through the proxy, recording everything returned for the key scan. */
export async function get(seen: Seen, url: string, init?: RequestInit): Promise<Got> {
  const res = await fetch(url, init);
  const text = await res.text();
  const hs: string[] = [];
  res.headers.forEach((v, k) => hs.push(`${k}: ${v}`));
  seen.texts.push(`${res.status}\n${hs.join('\n')}\n${text}`);
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // non-JSON bodies (204s) stay {}
  }
  return { status: res.status, headers: res.headers, text, json };
}
