/**
 * Runs the fake Yahoo chart server: `tsx proxy/fake-yahoo/main.ts [--port N] [--rate N|0]` (`npm run fake-yahoo`).
 * Prints `Fake Yahoo: http://127.0.0.1:PORT/` once listening; point the proxy at it with YAHOO_BASE_URL.
 */
import { serve } from '@hono/node-server';
import { createFakeYahoo } from './app';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg('port') ?? process.env.PORT ?? 9998);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`error: --port must be 0..65535, got ${arg('port')}`);
  process.exit(1);
}
const rate = Number(arg('rate') ?? 0);
if (!Number.isInteger(rate) || rate < 0) {
  console.error(`error: --rate must be a non-negative integer (requests per 60 s, 0 = unlimited), got ${arg('rate')}`);
  process.exit(1);
}
const fake = createFakeYahoo({ rateLimit: rate > 0 ? { limit: rate, windowMs: 60_000 } : null });
const server = serve({ fetch: fake.app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(`Fake Yahoo: http://127.0.0.1:${info.port}/`);
});
const stop = (): void => {
  server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
