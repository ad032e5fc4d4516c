/**
 * Cloudflare Workers entry of the proxy. The app (and with it the cache, budget and coalescing maps) is built
 * once per isolate from the env bindings; set POLYGON_API_KEY with `wrangler secret put POLYGON_API_KEY`.
 */
import type { Hono } from 'hono';
import { createProxyApp } from './app';
import type { ProxyEnv } from './config';

let app: Hono | null = null;
let configError: string | null = null;

/** The Workers module handler: builds the app on first use and forwards every request to it. */
export default {
  fetch(request: Request, env: ProxyEnv): Response | Promise<Response> {
    if (app === null && configError === null) {
      try {
        app = createProxyApp(env, { clientId: (c) => c.req.header('cf-connecting-ip') ?? 'unknown' });
      } catch (e) {
        configError = e instanceof Error ? e.message : String(e);
      }
    }
    if (app === null) {
      return new Response(JSON.stringify({ error: `proxy misconfigured: ${configError}` }), { status: 500, headers: { 'content-type': 'application/json' } });
    }
    return app.fetch(request, env);
  },
};
