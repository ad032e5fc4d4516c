/**
 * Runs the fake Polygon server: `tsx proxy/fake-polygon/main.ts --port N [--key K] [--plan eod|delayed|realtime]
 * [--rate N|0] [--history-years N|0] [--ws-interval-ms N]`. Prints `Fake Polygon: http://127.0.0.1:PORT/` once
 * listening. The WebSocket feed (ws://127.0.0.1:PORT/stocks, not on the eod plan) replays the last trading day.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { DAY, nyDay, nyWallUtc } from '../time';
import { createFakePolygon } from './app';
import { isTradingDay } from './data';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg('port') ?? process.env.PORT ?? 9999);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`error: --port must be 0..65535, got ${arg('port')}`);
  process.exit(1);
}
const plan = arg('plan') ?? 'eod';
if (plan !== 'eod' && plan !== 'delayed' && plan !== 'realtime') {
  console.error(`error: --plan must be eod|delayed|realtime, got ${plan}`);
  process.exit(1);
}
const rate = Number(arg('rate') ?? 5);
const years = Number(arg('history-years') ?? 2);
const fake = createFakePolygon({
  keys: [arg('key') ?? 'test'],
  plan,
  rateLimit: rate > 0 ? { limit: rate, windowMs: 60_000 } : null,
  historyYears: years > 0 ? years : null,
});
const server = serve({ fetch: fake.app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(`Fake Polygon: http://127.0.0.1:${info.port}/`);
});
fake.socket.attach(server as Server);
// Replay: every --ws-interval-ms (default 1000), push the next session minute of the last completed trading day.
const wsEvery = Number(arg('ws-interval-ms') ?? 1000);
let minute = 0;
const replayDay = (() => {
  let d = nyDay(Date.now()) - DAY;
  while (!isTradingDay(d)) d -= DAY;
  return d;
})();
const timer = setInterval(() => {
  fake.socket.emitMinute(nyWallUtc(replayDay, 9, 30) + (minute % 390) * 60_000);
  minute += 1;
}, wsEvery);
const stop = (): void => {
  clearInterval(timer);
  fake.socket.close();
  server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
