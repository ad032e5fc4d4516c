// Proxy load on loopback: cache-hit throughput and latency of one aggregates URL (primed once), from a
// keep-alive Node HTTP client with 32 concurrent request loops for 5 s against the proxy as a child process.
// Targets (from the issue): ≥ 2,000 req/s and p99 < 50 ms; reported, not asserted.
import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';
import { startBenchFake, startBenchProxy } from './proxy-setup';
import { median, table } from './stats';

/** GET `url` on a keep-alive agent; resolves with the status once the body is read. */
function get(url: URL, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs the load benchmark; returns a Markdown table. */
export async function benchProxyLoad(durationMs = 5000, concurrency = 32): Promise<string> {
  const up = await startBenchFake();
  const proxy = await startBenchProxy(up.url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(`${proxy.url}/api/polygon/v2/aggs/ticker/AAPL/range/1/day/2023-01-03/2023-03-31?adjusted=true`);
  try {
    if ((await get(url, agent)) !== 200) throw new Error('priming request failed');
    // Warm-up (JIT, sockets), then the measured run.
    const warmEnd = performance.now() + 500;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < warmEnd) await get(url, agent);
    }));
    const lat: number[] = [];
    let bad = 0;
    const t0 = performance.now();
    const end = t0 + durationMs;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        if ((await get(url, agent)) !== 200) bad += 1;
        lat.push(performance.now() - s);
      }
    }));
    const secs = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    const p99 = lat[Math.ceil(lat.length * 0.99) - 1];
    const hits = up.fake.hits.length;
    return table(['proxy cache hits (loopback, keep-alive)', 'concurrency', 'requests', 'req/s', 'median', 'p99', 'non-200', 'upstream calls'], [
      ['GET aggregates (one cached URL)', concurrency, lat.length, Math.round(lat.length / secs).toLocaleString('en-US'), `${median(lat).toFixed(2)} ms`, `${p99.toFixed(2)} ms`, bad, hits],
    ]);
  } finally {
    agent.destroy();
    proxy.close();
    up.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchProxyLoad());
  process.exit(0);
}
