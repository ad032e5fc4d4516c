// Live signals in real Chromium against real servers: a fake Polygon (paid plan: WebSocket feed) and the proxy run
// in this process on loopback; the page's EventSource on same-origin `/api/stream` is pointed at that proxy (an init
// script rewrites the URL, as data.spec.ts forwards `/api/**` with context.route — route.fetch cannot stream). The
// test pushes minute bars at the fake and checks they stream into the panel, that a signal row appears with the
// risk manager's verdict, that the rows equal the batch strategy over the same bars, and that closing the proxy
// turns the status to reconnecting/offline. No console errors while connected.
import { test, expect, type Page } from '@playwright/test';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WebSocket } from 'ws';
import { createProxyApp } from '../../proxy/app';
import { createFakePolygon, type FakePolygon } from '../../proxy/fake-polygon/app';
import { isTradingDay } from '../../proxy/fake-polygon/data';
import { nyWallUtc } from '../../proxy/time';
import { execFileSync } from 'node:child_process';
import type { StrategySpec } from '../../src/shared/backtest';
import { openSse } from '../unit/proxy-sse-client';
import { watch } from './helpers';

const KEY = 'pk_live_e2e_Yt4qZ0';
/** The strategy the page is set to (below): RSI(2) with a narrow band. */
const SPEC: StrategySpec = { type: 'rsi_mean_reversion', params: { period: 2, lower: 49, upper: 51 } };
const APP_ORIGIN = `http://localhost:${Number(process.env.E2E_PORT ?? 4179)}`;

interface Running {
  url: string;
  close(): Promise<void>;
}

function serveOn(fetchFn: (r: Request) => Response | Promise<Response>, attach?: (s: Server) => void): Promise<Running> {
  return new Promise((resolve) => {
    const server = serve({ fetch: fetchFn as never, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections(): void }).closeAllConnections();
            server.close(() => done());
          }),
      });
    }) as Server;
    attach?.(server);
  });
}

let fake: FakePolygon;
let upstream: Running;
let proxy: Running;

test.beforeEach(async () => {
  fake = createFakePolygon({ keys: [KEY], plan: 'realtime', rateLimit: null, historyYears: null });
  upstream = await serveOn(fake.app.fetch as never, (s) => fake.socket.attach(s));
  const app = createProxyApp(
    { POLYGON_API_KEY: KEY, POLYGON_BASE_URL: upstream.url, ALLOWED_ORIGINS: APP_ORIGIN, CLIENT_RATE_PER_MIN: '100000', UPSTREAM_BUDGET_PER_MIN: '1000' },
    { log: () => undefined, webSocket: (u) => new WebSocket(u) as never, heartbeatMs: 1000, reconnectBaseMs: 100 },
  );
  proxy = await serveOn(app.fetch as never);
});
test.afterEach(async () => {
  await proxy.close().catch(() => undefined);
  fake.socket.close();
  await upstream.close();
});

/** Session minutes (UTC ms) of consecutive trading days from 2024-03-04. */
function minutes(n: number): number[] {
  const out: number[] = [];
  for (let d = Date.UTC(2024, 2, 4); out.length < n; d += 86_400_000) {
    if (!isTradingDay(d)) continue;
    for (let k = 0; k < 390 && out.length < n; k++) out.push(nyWallUtc(d, 9, 30) + k * 60_000);
  }
  return out;
}

/**
 * `ts|BUY` / `ts|SELL` of the batch strategy (strategySignals + signalRows, in a tsx child process: the engine's
 * JSON-schema import needs tsx's loader) over the streamed bars.
 */
function batchSignals(bars: { t: number; o: number; h: number; l: number; c: number; v: number }[]): string[] {
  const code = `
    import { loadKernelsNode } from './src/kernels/node';
    import { signalRows, strategySignals } from './src/engine/strategy/index';
    import { readFileSync } from 'node:fs';
    const { spec, bars } = JSON.parse(readFileSync(0, 'utf8'));
    const col = (k) => Float64Array.from(bars, (b) => b[k]);
    const ts = col('t');
    const s = strategySignals(await loadKernelsNode(), spec, { symbol: 'X', timeframe: '1m', ts, open: col('o'), high: col('h'), low: col('l'), close: col('c'), volume: col('v') });
    console.log(JSON.stringify(signalRows(s, { ts, close: col('c') }).map((r) => r.ts + '|' + r.type)));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { input: JSON.stringify({ spec: SPEC, bars }), encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens the app with `/api/stream` and `/api/health` pointed at this test's proxy and starts the live panel. */
async function openLive(page: Page, symbols: string): Promise<void> {
  await page.addInitScript((base) => {
    const Native = window.EventSource;
    class Redirected extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        const u = String(url);
        super(u.startsWith('/api/stream') ? base + u : u, init);
      }
    }
    window.EventSource = Redirected;
  }, proxy.url);
  await page.route('**/api/health', async (route) => {
    try {
      await route.fulfill({ response: await route.fetch({ url: `${proxy.url}/api/health` }) });
    } catch {
      await route.abort('connectionrefused');
    }
  });
  await page.goto('/');
  await expect(page.getByTestId('live-panel')).toBeVisible({ timeout: 30_000 });
  // RSI(2) with a narrow band: nearly every bar after the warm-up is a BUY or a SELL.
  await page.getByTestId('backtest-strategy').selectOption('rsi_mean_reversion');
  await page.getByTestId('backtest-param-period').fill('2');
  await page.getByTestId('backtest-param-lower').fill('49');
  await page.getByTestId('backtest-param-upper').fill('51');
  await page.getByTestId('live-symbols-input').fill(symbols);
  await page.getByTestId('live-start').click();
}

test('bars stream in, each symbol advances, and signal rows appear with the risk verdict', async ({ page }) => {
  const { errors } = watch(page);
  await openLive(page, 'AAPL, MSFT');
  const status = page.getByTestId('live-status');
  await expect(status).toHaveAttribute('data-status', 'live');
  await expect(status).toContainText('connected');
  await until(() => fake.socket.subscribed().join() === 'AAPL,MSFT', 'the proxy subscribed AAPL and MSFT');
  const observer = await openSse(`${proxy.url}/api/stream?symbols=AAPL`);
  await observer.waitFor((e) => e.event === 'status');
  const ms = minutes(12);
  for (const m of ms) {
    fake.socket.emitMinute(m);
    await new Promise((r) => setTimeout(r, 30));
  }
  const aapl = page.locator('[data-testid="live-symbol"][data-symbol="AAPL"]');
  await expect(aapl).toHaveAttribute('data-bars', '12');
  await expect(page.locator('[data-testid="live-symbol"][data-symbol="MSFT"]')).toHaveAttribute('data-bars', '12');
  const list = page.getByTestId('live-signals');
  await expect(list).toHaveAttribute('data-count', /^[1-9]\d*$/);
  const first = page.getByTestId('live-signal-row').first();
  await expect(first).toHaveAttribute('data-type', /^(BUY|SELL)$/);
  await expect(first.getByTestId('live-risk')).toHaveAttribute('data-allowed', 'true');
  await expect(first.getByTestId('live-risk')).toContainText(/allowed: \d+ units|exit: closed|no position/);
  // The page's signal rows equal the batch strategy over the bars a second (Node) client received for AAPL.
  await expect(aapl).toHaveAttribute('data-bars', '12');
  const bars = observer.events.filter((e) => e.event === 'bar').map((e) => JSON.parse(e.data) as { symbol: string; t: number; o: number; h: number; l: number; c: number; v: number });
  const a = bars.filter((b) => b.symbol === 'AAPL');
  expect(a).toHaveLength(12);
  const expected = batchSignals(a).reverse();
  const shown = await page.locator('[data-testid="live-signal-row"][data-symbol="AAPL"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-t')}|${e.getAttribute('data-type')}`));
  expect(expected.length).toBeGreaterThan(0);
  expect(shown).toEqual(expected);
  observer.close();
  expect(errors).toEqual([]);
});

test('closing the proxy turns the status to reconnecting, then offline', async ({ page }) => {
  await openLive(page, 'SPY');
  const status = page.getByTestId('live-status');
  await expect(status).toHaveAttribute('data-status', 'live');
  await until(() => fake.socket.subscribed().join() === 'SPY', 'the proxy subscribed SPY');
  fake.socket.emitMinute(minutes(1)[0]);
  await expect(page.locator('[data-testid="live-symbol"][data-symbol="SPY"]')).toHaveAttribute('data-bars', '1');
  await proxy.close();
  await expect(status).toHaveAttribute('data-status', /^(reconnecting|offline)$/);
  await expect(status).toContainText(/reconnecting|offline/);
  await expect(status).toHaveAttribute('data-status', 'offline', { timeout: 20_000 });
  // The bars received so far stay on screen.
  await expect(page.locator('[data-testid="live-symbol"][data-symbol="SPY"]')).toHaveAttribute('data-bars', '1');
});
