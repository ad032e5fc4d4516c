// Live-stream latency: the fake Polygon pushes a minute bar on its WebSocket → the proxy (a child process)
// relays it → a browser-like SSE client in this process receives it. One event at a time (latency, not
// throughput), 1,000 events; median and p99 in ms. Reported, not asserted.
import { pathToFileURL } from 'node:url';
import { nyWallUtc } from '../../proxy/time';
import { isTradingDay } from '../../proxy/fake-polygon/data';
import { openSse } from '../../tests/unit/proxy-sse-client';
import { startBenchFake, startBenchProxy } from './proxy-setup';
import { median, table } from './stats';

/** Runs the stream benchmark over `events` bars; returns a Markdown table. */
export async function benchStream(events = 1000): Promise<string> {
  const up = await startBenchFake();
  const proxy = await startBenchProxy(up.url);
  const client = await openSse(`${proxy.url}/api/stream?symbols=AAPL`);
  try {
    await client.waitFor((e) => e.event === 'status' && JSON.parse(e.data).mode === 'websocket', 10_000);
    while (up.fake.socket.subscribed().join() !== 'AAPL') await new Promise((r) => setTimeout(r, 5));
    // Session minutes of consecutive trading days from 2024-01-02 (390 a day).
    const minutes: number[] = [];
    for (let d = Date.UTC(2024, 0, 2); minutes.length < events; d += 86_400_000) {
      if (!isTradingDay(d)) continue;
      for (let k = 0; k < 390 && minutes.length < events; k++) minutes.push(nyWallUtc(d, 9, 30) + k * 60_000);
    }
    const lat: number[] = [];
    for (const start of minutes) {
      const seen = client.events.length;
      const t0 = performance.now();
      up.fake.socket.emitMinute(start);
      const e = await client.waitFor((x) => x.event === 'bar' && client.events.indexOf(x) >= seen, 5000);
      lat.push(e.at - t0);
    }
    lat.sort((a, b) => a - b);
    const p99 = lat[Math.min(lat.length - 1, Math.ceil(lat.length * 0.99) - 1)];
    return table(['live stream (loopback)', 'events', 'median', 'p99', 'max'], [
      ['fake WebSocket event → proxy → SSE client', lat.length, `${median(lat).toFixed(2)} ms`, `${p99.toFixed(2)} ms`, `${lat[lat.length - 1].toFixed(2)} ms`],
    ]);
  } finally {
    client.close();
    proxy.close();
    up.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchStream());
  process.exit(0);
}
