// The browser data layer in real Chromium against real servers: this spec starts a fake Polygon, a fake Yahoo
// and the proxy on loopback (as tests/unit/proxy-harness.ts does) and forwards the page's same-origin `/api/**`
// to that proxy with context.route. The forwarder shrinks Polygon's `limit` (base bars per page) to 40 so a year
// of daily bars arrives in several pages. Covered: fetch with progress and incremental update, reload with the
// proxy unreachable (cached data, banner, resampling, backtest), a corrupt chunk refetched, a quota error
// answered by eviction that keeps imported CSV data, CSV import with row errors, and the v1 → v2 schema upgrade.
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { createFakeYahoo } from '../../proxy/fake-yahoo/app';
import { PolygonSource } from '../../src/sources/polygon-source';
import { encodeChunk } from '../../src/store/bar-cache';
import { KEY, listen, startFake, startProxy, type Running } from '../unit/proxy-harness';

let servers: Running[] = [];
let proxyUrl = '';

test.beforeAll(async () => {
  const polygon = await startFake();
  const yahoo = await listen(createFakeYahoo().app.fetch as never);
  const proxy = await startProxy(
    {
      POLYGON_API_KEY: KEY,
      POLYGON_BASE_URL: polygon.url,
      YAHOO_BASE_URL: yahoo.url,
      UPSTREAM_BUDGET_PER_MIN: '10000',
      CLIENT_RATE_PER_MIN: '100000',
      YAHOO_BUDGET_PER_MIN: '10000',
    },
    { log: () => undefined },
    { texts: [] },
  );
  servers = [polygon, yahoo, proxy];
  proxyUrl = proxy.url;
});
test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** Forwards `/api/**` to the test proxy; returns the list of API paths the page asked for. */
async function online(context: BrowserContext): Promise<string[]> {
  const paths: string[] = [];
  await context.unrouteAll();
  await context.route('**/api/**', async (route) => {
    const u = new URL(route.request().url());
    const path = u.pathname + u.search.replace('limit=50000', 'limit=40');
    paths.push(path);
    const res = await route.fetch({ url: proxyUrl + path });
    await route.fulfill({ response: res });
  });
  return paths;
}

/** The proxy is unreachable: every `/api/**` request fails to connect. */
async function offline(context: BrowserContext): Promise<void> {
  await context.unrouteAll();
  await context.route('**/api/**', (route) => route.abort('connectionrefused'));
}

const chart = (page: Page) => page.getByTestId('price-chart');

/** Number of daily bars the proxy serves for a symbol and days (the fake has its own small holiday calendar). */
async function count(symbol: string, from: string, to: string): Promise<number> {
  return (await new PolygonSource({ base: proxyUrl }).fetchBars({ symbol, timeframe: '1d', from, to, adjusted: true })).ts.length;
}

async function openData(page: Page): Promise<void> {
  await page.goto('/');
  await expect(chart(page)).toHaveAttribute('data-bars', /^[1-9]\d*$/);
  await page.getByTestId('data-open').click();
  await expect(page.getByTestId('fetch-bars')).toBeVisible();
}

async function fetchBars(page: Page, symbol: string, from: string, to: string): Promise<void> {
  await page.getByTestId('data-symbol').fill(symbol);
  await page.getByTestId('data-from').fill(from);
  await page.getByTestId('data-to').fill(to);
  await page.getByTestId('fetch-bars').click();
  await expect(page.getByTestId('fetch-bars')).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByTestId('fetch-error')).toHaveCount(0);
}

test('fetches a year of bars page by page with progress, shows them, then fetches only what is missing', async ({
  page,
  context,
}) => {
  const paths = await online(context);
  await openData(page);
  await fetchBars(page, 'AAPL', '2023-01-01', '2023-12-31');
  const progress = page.getByTestId('fetch-progress');
  const pages = Number(await progress.getAttribute('data-pages'));
  const bars = Number(await progress.getAttribute('data-bars'));
  const year = await count('AAPL', '2023-01-01', '2023-12-31');
  expect(pages).toBe(Math.ceil(year / 40)); // at 40 base bars per page
  expect(bars).toBe(year);
  await expect(progress).toContainText(`${pages} pages · ${year} bars`);
  await expect(page.getByTestId('fetch-result')).toContainText(`${year} bars of POLYGON:AAPL 1d`);
  expect(paths.filter((p) => p.startsWith('/api/polygon/v2/aggs/'))).toHaveLength(pages);
  await expect(page.getByTestId('symbol-picker')).toHaveValue('POLYGON:AAPL');
  await expect(chart(page)).toHaveAttribute('data-bars', String(year));
  await expect(page.locator('[data-testid="cached-row"][data-id="POLYGON:AAPL"]')).toHaveCount(1);

  // one more month: only January 2024 (plus a week of overlap) is asked for
  const before = paths.length;
  await fetchBars(page, 'AAPL', '2023-01-01', '2024-01-31');
  const asked = paths.slice(before).filter((p) => p.startsWith('/api/polygon/v2/aggs/'));
  expect(asked[0]).toContain('/range/1/day/2023-12-25/2024-01-31?');
  await expect(page.getByTestId('fetch-result')).toContainText('fetched 2023-12-25…2024-01-31');
  await expect(chart(page)).toHaveAttribute('data-bars', String(await count('AAPL', '2023-01-01', '2024-01-31')));
});

test('with the proxy unreachable after a reload, cached symbols load, resample and backtest, and the banner says so', async ({
  page,
  context,
}) => {
  await online(context);
  await openData(page);
  await fetchBars(page, 'MSFT', '2022-01-01', '2023-12-31');
  const n = String(await count('MSFT', '2022-01-01', '2023-12-31'));
  await expect(chart(page)).toHaveAttribute('data-bars', n);
  const today = new Date().toISOString().slice(0, 10);

  await offline(context);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toHaveText(`offline — cached data from ${today}`);
  await expect(page.locator('[data-testid="symbol-picker"] option[value="POLYGON:MSFT"]')).toHaveCount(1);
  await page.getByTestId('symbol-picker').selectOption('POLYGON:MSFT');
  await expect(chart(page)).toHaveAttribute('data-bars', n);
  // weekly bars come from DuckDB, filled from the cache at start-up
  await expect(page.getByTestId('status')).toHaveAttribute('data-duckdb', 'ready', { timeout: 45_000 });
  await page.getByTestId('timeframe-picker').selectOption('1w');
  await expect(chart(page)).toHaveAttribute('data-bars', /^10[45]$/);
  await page.getByTestId('timeframe-picker').selectOption('1d');
  await expect(chart(page)).toHaveAttribute('data-bars', n);
  await page.getByTestId('run-backtest').click();
  await expect(page.getByTestId('metric-sharpe_ratio')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Polygon data, cached').first()).toBeVisible();
});

test('a cached chunk corrupted in IndexedDB fails its checksum and is fetched again', async ({ page, context }) => {
  const paths = await online(context);
  await openData(page);
  await fetchBars(page, 'JPM', '2023-01-01', '2023-06-30');
  await expect(chart(page)).toHaveAttribute('data-bars', String(await count('JPM', '2023-01-01', '2023-06-30')));
  const flipped = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, no) => {
      const r = indexedDB.open('alphastrat-bars');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => no(r.error);
    });
    const store = db.transaction('blobs', 'readwrite').objectStore('blobs');
    const key = 'polygon|JPM|1d|adj|2023-03';
    const rec = await new Promise<{ key: string; ipc: Uint8Array }>((ok) => {
      const r = store.get(key);
      r.onsuccess = () => ok(r.result);
    });
    const ipc = new Uint8Array(rec.ipc);
    ipc[ipc.length - 40] ^= 0xff;
    await new Promise((ok) => (store.put({ key, ipc }).onsuccess = ok));
    db.close();
    return ipc.length;
  });
  expect(flipped).toBeGreaterThan(100);
  const before = paths.length;
  await fetchBars(page, 'JPM', '2023-01-01', '2023-06-30');
  await expect(page.getByTestId('fetch-result')).toContainText('refetched 1 corrupt cached month(s): 2023-03');
  const asked = paths.slice(before).filter((p) => p.startsWith('/api/polygon/v2/aggs/'));
  expect(asked[0]).toContain('/range/1/day/2023-02-22/2023-03-31?');
  await expect(chart(page)).toHaveAttribute('data-bars', String(await count('JPM', '2023-01-01', '2023-06-30')));
});

test('a quota error evicts least recently used fetched data, never the imported CSV, and the write succeeds', async ({
  page,
  context,
}) => {
  await online(context);
  await openData(page);
  const csv = [
    'Date,Open,High,Low,Close,Volume',
    ...Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},10,11,9,10.5,100`),
  ].join('\n');
  await page.getByTestId('csv-paste').fill(csv);
  await page.getByTestId('csv-paste-load').click();
  await page.getByTestId('csv-name').fill('MINE');
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('csv-done')).toContainText('Imported 30 bars as CSV:MINE 1d');
  await fetchBars(page, 'MSFT', '2023-01-01', '2023-12-31');
  await page.evaluate(
    () => ((window as unknown as { __alphastratTest: { quotaErrors: number } }).__alphastratTest = { quotaErrors: 1 }),
  );
  await fetchBars(page, 'NVDA', '2023-01-01', '2023-12-31');
  await expect(page.getByTestId('fetch-result')).toContainText(/storage was full: evicted \d+ least recently used chunk/);
  expect(
    await page.evaluate(() => (window as unknown as { __alphastratTest: { quotaErrors: number } }).__alphastratTest.quotaErrors),
  ).toBe(0);
  await expect(page.locator('[data-testid="cached-row"][data-id="CSV:MINE"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="cached-row"][data-id="POLYGON:NVDA"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="cached-row"][data-id="POLYGON:MSFT"]')).toHaveCount(0);
  await expect(chart(page)).toHaveAttribute('data-bars', String(await count('NVDA', '2023-01-01', '2023-12-31')));
  await page.getByTestId('symbol-picker').selectOption('CSV:MINE');
  await expect(chart(page)).toHaveAttribute('data-bars', '30');
});

test('CSV import lists row errors, refuses them unless "valid rows only" is ticked, and charts the import', async ({ page }) => {
  await openData(page);
  const rows = Array.from(
    { length: 130 },
    (_, i) => `${new Date(Date.UTC(2023, 0, 2) + i * 86_400_000).toISOString().slice(0, 10)};10,0;11,0;9,0;10,5;100`,
  );
  rows[117] = rows[117].replace(';11,0;9,0;', ';8,0;9,0;');
  rows[20] = rows[20].replace(';10,5;', ';x;');
  await page
    .getByTestId('csv-file')
    .setInputFiles({
      name: 'my-data.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`Date;Open;High;Low;Close;Volume\n${rows.join('\n')}\n`),
    });
  await expect(page.getByTestId('csv-delimiter')).toHaveValue(';');
  await expect(page.getByTestId('csv-preview').locator('tbody tr')).toHaveCount(10);
  const errors = page.getByTestId('csv-errors');
  await expect(errors).toHaveAttribute('data-count', '2');
  await expect(errors).toContainText('row 21 (line 22): Close "x" is not a number');
  await expect(errors).toContainText('row 118 (line 119): High 8 < Low 9');
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('csv-problem')).toContainText('2 row(s) have errors');
  await page.getByTestId('csv-valid-only').check();
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('csv-done')).toHaveText('Imported 128 bars as CSV:MY-DATA 1d (2 invalid row(s) skipped)');
  await expect(page.getByTestId('symbol-picker')).toHaveValue('CSV:MY-DATA');
  await expect(chart(page)).toHaveAttribute('data-bars', '128');
  // removing it from the cache takes it off the picker and back to the demo market
  await page.locator('[data-testid="cached-row"][data-id="CSV:MY-DATA"]').getByTestId('cached-remove').click();
  await expect(page.locator('[data-testid="cached-row"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="symbol-picker"] option[value="CSV:MY-DATA"]')).toHaveCount(0);
  await expect(page.getByTestId('symbol-picker')).toHaveValue(/^DEMO:/);
});

test('a version-1 cache database is upgraded to the current schema with its chunks intact', async ({ page }) => {
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const ts = Float64Array.from(['2024-01-02', '2024-01-03', '2024-01-04'], day);
  const series = { source: 'polygon' as const, symbol: 'OLDV1', timeframe: '1d' as const, adjusted: true };
  const bars = {
    symbol: 'x',
    timeframe: '1d' as const,
    ts,
    open: Float64Array.of(1, 2, 3),
    high: Float64Array.of(2, 3, 4),
    low: Float64Array.of(0.5, 1, 2),
    close: Float64Array.of(1.5, 2.5, 3.5),
    volume: Float64Array.of(10, 20, 30),
  };
  const { meta, ipc } = encodeChunk(series, '2024-01', bars, { from: '2024-01-01', to: '2024-01-31' }, Date.UTC(2024, 1, 1));
  const { contentHash: _c, bytes: _b, lastUsedAt: _l, ...v1 } = meta;
  await page.addInitScript(
    ({ rec, bytes }) => {
      const open = indexedDB.open('alphastrat-bars', 1);
      open.onupgradeneeded = () =>
        open.result.createObjectStore('chunks', { keyPath: 'key' }).put({ ...rec, ipc: new Uint8Array(bytes).buffer });
      open.onsuccess = () => open.result.close();
    },
    { rec: v1, bytes: Array.from(ipc) },
  );
  await page.goto('/');
  await expect(page.locator('[data-testid="symbol-picker"] option[value="POLYGON:OLDV1"]')).toHaveCount(1, { timeout: 20_000 });
  await page.getByTestId('symbol-picker').selectOption('POLYGON:OLDV1');
  await expect(chart(page)).toHaveAttribute('data-bars', '3');
  const schema = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>(
      (ok) => (indexedDB.open('alphastrat-bars').onsuccess = (e) => ok((e.target as IDBOpenDBRequest).result)),
    );
    const out = { version: db.version, stores: [...db.objectStoreNames] };
    db.close();
    return out;
  });
  expect(schema).toEqual({ version: 2, stores: ['blobs', 'meta', 'pins'] });
  // the cache (IndexedDB, Arrow, the sources) is loaded only after the chart's first paint
  const order = await page.evaluate(() => ({
    paint: performance.getEntriesByName('chart-first-paint', 'mark')[0]?.startTime ?? NaN,
    services: performance.getEntriesByType('resource').find((r) => /data-services-.*\.js$/.test(r.name))?.startTime ?? NaN,
  }));
  expect(order.services).toBeGreaterThan(order.paint);
});
