// Shared set-up of the proxy benchmarks: the fake Polygon in this process (REST + WebSocket on loopback) and the
// proxy as a child process (proxy/node.ts), so the client's load does not share the proxy's event loop.
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createFakePolygon, type FakePolygon } from '../../proxy/fake-polygon/app';

/** The key both sides use in benchmarks. */
export const BENCH_KEY = 'bench_key_4f1a9c';

/** A free TCP port on 127.0.0.1 (free a moment ago). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the fake Polygon (real-time plan, no limits) with its WebSocket feed; returns its URL, handle and closer. */
export function startBenchFake(): Promise<{ url: string; fake: FakePolygon; close(): void }> {
  const fake = createFakePolygon({ keys: [BENCH_KEY], plan: 'realtime', rateLimit: null, historyYears: null });
  return new Promise((resolve) => {
    const server = serve({ fetch: fake.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        fake,
        close: () => {
          fake.socket.close();
          (server as unknown as { closeAllConnections(): void }).closeAllConnections();
          server.close();
        },
      });
    }) as Server;
    fake.socket.attach(server);
  });
}

/** Spawns proxy/node.ts against `upstream` with `env`; resolves once it prints its `Proxy:` line. */
export async function startBenchProxy(upstream: string, env: Record<string, string> = {}): Promise<{ url: string; close(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'proxy/node.ts'], {
    env: { ...process.env, POLYGON_API_KEY: BENCH_KEY, POLYGON_BASE_URL: upstream, PROXY_PORT: String(port), CLIENT_RATE_PER_MIN: '1000000000', UPSTREAM_BUDGET_PER_MIN: '100000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => (d.toString().includes('Proxy: ') ? resolve() : undefined));
    child.on('exit', (c) => reject(new Error(`proxy exited with ${c}`)));
  });
  child.stdout.resume(); // access-log lines are discarded
  return { url: `http://127.0.0.1:${port}`, close: () => void child.kill('SIGTERM') };
}
