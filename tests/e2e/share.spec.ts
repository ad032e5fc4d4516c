// Share links, tear sheet exports and offline use in real Chromium against the production build (service worker
// included): a link made by the CLI opens and shows the CLI's exact metric values; a link pasted into an open tab
// (hashchange) runs too; a link whose bars hash differently says so; broken links show a readable error and run
// nothing; the exported HTML report opens with no network and shows every chart; after one visit the app reloads
// and runs a backtest offline.
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { isLocal, watch } from './helpers';

/** Runs CLI requests in one batch (the same engine the page runs, in Node) and returns the answers. */
function cli(requests: object[]): Record<string, unknown>[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'batch'], {
    input: requests.map((r) => JSON.stringify(r)).join('\n') + '\n',
    encoding: 'utf8',
  });
  return out.trim().split('\n').map((l) => JSON.parse(l));
}

/** A metric value as the page's data-value writes it (String(x)) from the CLI's JSON (NaN → null, ±Infinity → text). */
const asDataValue = (v: unknown) => (v === null ? 'NaN' : String(v));

/** Every metric card's name → data-value. */
async function metricValues(page: Page): Promise<Record<string, string>> {
  return page.locator('[data-testid^="metric-"]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!.slice('metric-'.length), e.getAttribute('data-value') ?? ''])),
  );
}

/** The same link with its payload edited (raw DEFLATE + base64url, as docs/share.md specifies). */
function editLink(fragment: string, edit: (payload: Record<string, unknown>) => void): string {
  const b64 = fragment.slice('s=v1.'.length).replace(/-/g, '+').replace(/_/g, '/');
  const payload = JSON.parse(strFromU8(inflateSync(Buffer.from(b64, 'base64'))));
  edit(payload);
  const bytes = Buffer.from(deflateSync(strToU8(JSON.stringify(payload)))).toString('base64');
  return fragment.slice(0, 5) + bytes.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const REQUEST = {
  data: 'DEMO:QBIT',
  timeframe: '1d',
  from: '2017-03-01',
  to: '2024-06-28',
  strategy: { type: 'rsi_mean_reversion', params: { period: 10, lower: 25, upper: 70 } },
  direction: 'long_short',
  commission: { rate: 0.001, fixed: 1 },
  slippage_bps: 5,
  stop_loss: { atr: 3, atr_period: 14 },
  sizing: { mode: 'percent_equity', pct: 0.5 },
};
const REQUEST_2 = { data: 'DEMO:ACME', timeframe: '1d', strategy: { type: 'macd_momentum' }, take_profit: { pct: 0.15 } };

test('a link opens, re-runs and shows the CLI backtest\'s exact metrics; hash change; changed bars; broken links', async ({ page }) => {
  test.setTimeout(120_000);
  const [share1, bt1, share2, bt2] = cli([
    { cmd: 'share', request: REQUEST },
    { cmd: 'backtest', ...REQUEST },
    { cmd: 'share', request: REQUEST_2 },
    { cmd: 'backtest', ...REQUEST_2 },
  ]);
  expect(share1.ok && bt1.ok && share2.ok && bt2.ok).toBe(true);
  const fragment = share1.fragment as string;
  expect(fragment.length).toBeLessThan(2000);
  const w = watch(page);

  // 1. first load with the link
  await page.goto(`/#${fragment}`);
  await expect(page.getByTestId('share-status')).toContainText('Opened a shared backtest: DEMO:QBIT 1d', { timeout: 60_000 });
  await expect(page.getByTestId('share-notice')).toHaveCount(0);
  await expect(page.getByTestId('metric-sharpe_ratio')).toBeVisible({ timeout: 30_000 });
  const stats = bt1.stats as Record<string, unknown>;
  const shown = await metricValues(page);
  expect(Object.keys(shown).sort()).toEqual(Object.keys(stats).sort());
  for (const [name, v] of Object.entries(stats)) expect(shown[name], name).toBe(asDataValue(v));
  // the link's settings fill the form (docs/share.md § Opening a link)
  await expect(page.getByTestId('backtest-strategy')).toHaveValue('rsi_mean_reversion');

  // 2. another link pasted into the open tab
  await page.evaluate((f) => (location.hash = f), fragment === (share2.fragment as string) ? '' : `#${share2.fragment as string}`);
  await expect(page.getByTestId('share-status')).toContainText('DEMO:ACME 1d', { timeout: 60_000 });
  await expect(page.getByTestId('strategy-comparison')).toHaveAttribute('data-runs', '2');
  const shown2 = await metricValues(page);
  for (const [name, v] of Object.entries(bt2.stats as Record<string, unknown>)) expect(shown2[name], name).toBe(asDataValue(v));

  // 3. a link whose bars hash differently: says so with both data fingerprints, still runs
  const changed = editLink(fragment, (p) => ((p.bars as Record<string, unknown>).hash = '0000000000000000'));
  await page.evaluate((f) => (location.hash = f), `#${changed}`);
  const notice = page.getByTestId('share-notice');
  await expect(notice).toContainText('The bars differ', { timeout: 60_000 });
  const { hash, count } = share1.bars as { hash: string; count: number };
  const n = count.toLocaleString('en-US');
  await expect(notice).toContainText(`Link: ${n} bars 2017-03-01 → 2024-06-28 (hash 0000000000000000)`);
  await expect(notice).toContainText(`Now: ${n} bars 2017-03-01 → 2024-06-28 (hash ${hash})`);
  await expect(page.getByTestId('strategy-comparison')).toHaveAttribute('data-runs', '3');

  // 4. broken and hostile links: a readable error, no run
  for (const bad of [
    fragment.slice(0, 40),
    'v1.abc'.replace('v1', 's=v9'),
    editLink(fragment, (p) => ((p.config as Record<string, unknown>).cash = -5)),
  ]) {
    await page.evaluate((f) => (location.hash = f), `#${bad}`);
    await expect(page.getByTestId('share-error')).toBeVisible();
    await expect(page.getByTestId('share-error')).toContainText('This share link cannot be opened:');
  }
  await expect(page.getByTestId('share-error')).toContainText('config.cash: must be in (0, 1000000000000000]');
  await expect(page.getByTestId('strategy-comparison')).toHaveAttribute('data-runs', '3');

  // 5. Copy link / share dialog: the shown run's link round-trips to the same request
  await page.getByTestId('share-open').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#s=v2\./);
  await page.getByTestId('share-close').click();
  const [decoded] = cli([{ cmd: 'share', fragment: url.slice(url.indexOf('#')), verify: true }]);
  expect(decoded.ok).toBe(true);
  expect(decoded.bars_match).toBe(true);

  expect(w.errors).toEqual([]);
  expect(w.requests.filter((u) => !isLocal(u))).toEqual([]);
});

test('tear sheet: exports (HTML opens offline with every chart, trades CSV, result JSON)', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const w = watch(page);
  await page.goto('/');
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-bars', /^[1-9]\d*$/);
  await page.getByTestId('run-backtest').click();
  await expect(page.getByTestId('metric-sharpe_ratio')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('tear-sheet-toggle').click();
  const sheet = page.getByTestId('tear-sheet-view');
  await expect(sheet.locator('svg.ts-chart')).toHaveCount(10);
  await expect(sheet.getByTestId('worst-drawdowns').locator('tbody tr')).toHaveCount(5);

  const save = async (testId: string) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    return { name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
  };
  const csv = await save('export-trades');
  expect(csv.name).toMatch(/trades\.csv$/);
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('entry_index,exit_index,entry_time,exit_time,direction,size,entry_price,exit_price,pnl,return_pct,commission,exit_reason,mae,mfe,bars_held');
  await expect(page.getByTestId('metric-trades')).toHaveAttribute('data-value', String(lines.length - 1));
  const json = JSON.parse((await save('export-json')).text);
  expect(json.result.stats.sharpe_ratio).toBe(Number(await page.getByTestId('metric-sharpe_ratio').getAttribute('data-value')));
  expect(json.link).toMatch(/#s=v2\./);
  await page.locator('summary', { hasText: 'Charts as SVG / PNG' }).click();
  const svg = await save('export-svg-underwater');
  expect(svg.text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png-annual-returns').click()]);
  expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
  const html = await save('export-html');
  expect(html.name).toMatch(/tear-sheet\.html$/);

  // the file on its own, no network: every chart is drawn, nothing is requested
  const offline = await browser.newContext({ offline: true, viewport: { width: 900, height: 900 } });
  const p2 = await offline.newPage();
  const requests: string[] = [];
  p2.on('request', (r) => requests.push(r.url()));
  await p2.setContent(html.text);
  const charts = p2.locator('svg.ts-chart');
  await expect(charts).toHaveCount(10);
  for (const id of ['cumulative', 'underwater', 'rolling-sharpe', 'rolling-volatility', 'rolling-beta', 'monthly-heatmap', 'annual-returns', 'distribution-bars', 'distribution-monthly']) {
    const c = p2.getByTestId(`chart-${id}`);
    await expect(c, id).toBeVisible();
    expect((await c.boundingBox())!.height, id).toBeGreaterThan(100);
    expect(await c.locator('path.series, rect.bar, rect.bin, g.cell rect').count(), id).toBeGreaterThan(0);
  }
  await p2.locator('#ts-scale-log').check();
  await expect(p2.getByTestId('chart-cumulative-log')).toBeVisible();
  await expect(p2.getByTestId('chart-cumulative')).toBeHidden();
  expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
  await offline.close();

  expect(w.errors).toEqual([]);
});

test('offline: after one visit the app reloads with no network and runs a backtest', async ({ page, context }) => {
  test.setTimeout(180_000);
  const w = watch(page);
  await page.goto('/');
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-bars', /^[1-9]\d*$/);
  // the service worker installs (precaching the shell, kernels and DuckDB) and activates
  const active = await page.evaluate(async () => !!(await navigator.serviceWorker.ready).active, undefined);
  expect(active).toBe(true);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-bars', /^[1-9]\d*$/, { timeout: 30_000 });
  await page.getByTestId('run-backtest').click();
  await expect(page.getByTestId('metric-sharpe_ratio')).toBeVisible({ timeout: 30_000 });
  expect(Number.isFinite(Number(await page.getByTestId('metric-sharpe_ratio').getAttribute('data-value')))).toBe(true);
  // DuckDB's eh bundle came from the precache too: resampled timeframes work offline
  await expect(page.getByTestId('status')).toHaveAttribute('data-duckdb', 'ready', { timeout: 60_000 });
  await context.setOffline(false);
  expect(w.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e))).toEqual([]);
});
