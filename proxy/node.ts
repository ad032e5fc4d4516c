/**
 * Node entry of the proxy: `tsx proxy/node.ts` (config from process.env, see docs/proxy.md). Prints
 * `Proxy: http://localhost:PORT/` once listening.
 */
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { WebSocket } from 'ws';
import { createProxyApp } from './app';
import { readConfig, type ProxyEnv } from './config';

let app;
let port = 8787;
try {
  port = readConfig(process.env as ProxyEnv).port;
  // The per-client limit keys on the socket's address: on Node there is no trusted edge header. The live
  // stream's one upstream socket: `ws` implements the WHATWG client interface the hub uses (Node 20 has no
  // stable global WebSocket).
  app = createProxyApp(process.env as ProxyEnv, {
    clientId: (c) => getConnInfo(c).remote.address ?? 'unknown',
    webSocket: (url) => new WebSocket(url),
  });
} catch (e) {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
const server = serve({ fetch: app.fetch, port, hostname: process.env.PROXY_HOST ?? '127.0.0.1' }, (info) => {
  console.log(`Proxy: http://localhost:${info.port}/`);
  if (!process.env.POLYGON_API_KEY) console.log('warning: POLYGON_API_KEY is not set; Polygon routes and the stream answer 503 (the Yahoo backup works)');
});
const stop = (): void => {
  server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Started by `npm start` (scripts/start.mjs): stdin is a pipe from the parent, so when the parent dies — even by
// SIGKILL, which it cannot forward — stdin ends and the proxy stops instead of lingering on the port.
if (process.env.PROXY_EXIT_WITH_PARENT === '1') {
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}
