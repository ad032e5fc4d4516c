// Live-signal latency in a real browser: the fake Polygon (in this process, real-time plan) pushes minute bars on its
// WebSocket → the proxy (a child process, proxy/node.ts) relays them as Server-Sent Events → the app (the production
// build served by `node scripts/start.mjs --no-build --no-proxy`, its `/api` pointed at that proxy through
// PROXY_PORT, so the browser stays same-origin as in production) appends each bar, advances the strategy
// incrementally and renders it. Each event is timestamped at the fake just before it is sent, and in the page by a
// MutationObserver when the symbol's row shows that bar and when a signal row for it appears (plus the next
// animation frame, i.e. on screen). Both clocks are the machine's wall clock (performance.timeOrigin + now).
// Usage: npx tsx scripts/bench/live-latency.ts [--events 1000] [--interval-ms 20]. Prints a Markdown table.
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { isTradingDay } from '../../proxy/fake-polygon/data';
import { nyNaive } from '../../proxy/stream';
import { nyWallUtc } from '../../proxy/time';
import { CHROMIUM_ARGS, findChromium } from '../lib/chromium.mjs';
import { freePort, startBenchFake, startBenchProxy } from './proxy-setup';
import { median, table } from './stats';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`--${name} must be an integer ≥ 1, got ${process.argv[i + 1]}`);
  return v;
}

/** Session minutes (UTC ms) of consecutive trading days from 2024-01-02. */
function sessionMinutes(n: number): number[] {
  const out: number[] = [];
  for (let d = Date.UTC(2024, 0, 2); out.length < n; d += 86_400_000) {
    if (!isTradingDay(d)) continue;
    for (let k = 0; k < 390 && out.length < n; k++) out.push(nyWallUtc(d, 9, 30) + k * 60_000);
  }
  return out;
}

/** Starts the production app on a free port with `/api` → `proxyPort`; resolves with its URL and process. */
async function startApp(proxyPort: number): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['scripts/start.mjs', '--no-build', '--no-proxy', '--port', String(port)], {
    env: { ...process.env, PROXY_PORT: String(proxyPort) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => (d.toString().includes('App: ') ? resolve() : undefined));
    proc.on('exit', (c) => reject(new Error(`start.mjs exited with ${c} (run npm run build first)`)));
  });
  proc.stdout!.resume();
  return { url: `http://localhost:${port}/`, proc };
}

/**
 * Page-side recorder: wall-clock times when each `symbol|t` first shows in a symbol row / a signal row, and the frame
 * after. Plain JavaScript text: tsx would wrap a serialized function's inner functions in its `__name` helper.
 */
const RECORDER = `(() => {
  const rec = { bar: {}, barFrame: {}, sig: {}, sigFrame: {} };
  window.__live = rec;
  const now = () => performance.timeOrigin + performance.now();
  const note = (el, kind) => {
    const key = el.getAttribute('data-symbol') + '|' + el.getAttribute('data-t');
    if (rec[kind][key] !== undefined) return;
    rec[kind][key] = now();
    requestAnimationFrame(() => { rec[kind === 'bar' ? 'barFrame' : 'sigFrame'][key] = now(); });
  };
  const kindOf = (el) => (el.getAttribute('data-testid') === 'live-symbol' ? 'bar' : 'sig');
  new MutationObserver((muts) => {
    for (const m of muts) {
      if (m.type === 'attributes' && m.target.getAttribute('data-testid') === 'live-symbol') note(m.target, 'bar');
      for (const n of m.addedNodes) {
        if (!(n instanceof Element)) continue;
        if (n.matches('[data-testid="live-signal-row"], [data-testid="live-symbol"]')) note(n, kindOf(n));
        else n.querySelectorAll('[data-testid="live-signal-row"], [data-testid="live-symbol"]').forEach((e) => note(e, kindOf(e)));
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-t'] });
})();`;

const pct = (xs: number[], p: number): number => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(xs.length * p) - 1))];
const fmt = (x: number): string => `${x.toFixed(1)} ms`;

/** One run: `symbols` streamed, `events` AM events in total, one emit (all symbols' minute) every `intervalMs`. */
async function run(page: Page, up: Awaited<ReturnType<typeof startBenchFake>>, symbols: string[], events: number, intervalMs: number): Promise<(string | number)[][]> {
  await page.getByTestId('live-symbols-input').fill(symbols.join(', '));
  await page.getByTestId('live-start').click();
  await page.waitForSelector('[data-testid="live-status"][data-status="live"]', { timeout: 30_000 });
  const want = [...symbols].sort().join();
  for (let i = 0; up.fake.socket.subscribed().join() !== want; i++) {
    if (i > 1000) throw new Error(`the proxy never subscribed ${want}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const sent = new Map<string, number>();
  const minutes = sessionMinutes(Math.ceil(events / symbols.length));
  for (const m of minutes) {
    const at = performance.timeOrigin + performance.now();
    up.fake.socket.emitMinute(m);
    for (const s of symbols) sent.set(`${s}|${nyNaive(m)}`, at);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  await page.waitForFunction(
    ([syms, n]) => (syms as string[]).every((s) => document.querySelector(`[data-testid="live-symbol"][data-symbol="${s}"]`)?.getAttribute('data-bars') === String(n)),
    [symbols, minutes.length] as const,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(100); // the last animation frames
  const rec = await page.evaluate(() => (window as unknown as { __live: Record<string, Record<string, number>> }).__live);
  await page.getByTestId('live-stop').click();
  const lat = (kind: string): number[] =>
    Object.entries(rec[kind])
      .filter(([k]) => sent.has(k))
      .map(([k, t]) => t - sent.get(k)!)
      .sort((a, b) => a - b);
  const rows: (string | number)[][] = [];
  for (const [kind, label] of [['bar', 'bar shown (DOM)'], ['barFrame', 'bar shown (next frame)'], ['sig', 'signal row (DOM)'], ['sigFrame', 'signal row (next frame)']] as const) {
    const xs = lat(kind);
    if (xs.length === 0) continue;
    rows.push([`${symbols.length} symbol${symbols.length > 1 ? 's' : ''}, emit every ${intervalMs} ms: ${label}`, xs.length, fmt(median(xs)), fmt(pct(xs, 0.99)), fmt(xs[xs.length - 1])]);
  }
  const missing = [...sent.keys()].filter((k) => rec.bar[k] === undefined).length;
  if (missing > 0) rows.push([`${symbols.length} symbols: events never shown`, missing, '', '', '']);
  return rows;
}

/** Runs the benchmark; returns the Markdown table. */
export async function benchLiveLatency(events = 1000, intervalMs = 20): Promise<string> {
  const up = await startBenchFake();
  const proxy = await startBenchProxy(up.url);
  const app = await startApp(Number(new URL(proxy.url).port));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || findChromium() || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript({ content: RECORDER });
    await page.goto(app.url);
    await page.getByTestId('live-panel').waitFor({ timeout: 60_000 });
    // RSI(2) with a narrow band: after the warm-up nearly every bar is a BUY or SELL, so most events show a signal row.
    await page.getByTestId('backtest-strategy').selectOption('rsi_mean_reversion');
    await page.getByTestId('backtest-param-period').fill('2');
    await page.getByTestId('backtest-param-lower').fill('49');
    await page.getByTestId('backtest-param-upper').fill('51');
    await page.getByTestId('live-panel').scrollIntoViewIfNeeded();
    const rows = [
      ...(await run(page, up, ['AAPL'], events, intervalMs)),
      ...(await run(page, up, ['AAPL', 'MSFT', 'NVDA', 'SPY', 'QQQ'], events, intervalMs * 5)),
    ];
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return table(['upstream event → browser (fake → proxy → SSE → page)', 'events', 'median', 'p99', 'max'], rows);
  } finally {
    await browser.close();
    app.proc.kill('SIGTERM');
    proxy.close();
    up.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchLiveLatency(arg('events', 1000), arg('interval-ms', 20)));
  process.exit(0);
}
