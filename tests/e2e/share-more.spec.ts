// Share links beyond one backtest, and usability, in real Chromium against the production build: a sweep link made
// by the CLI opens in the Optimize section with the CLI `sweep`'s best combination; a portfolio link reproduces the
// weights the CLI computes for the same request; a backtest link (built-in and rules) fills the backtest form; the
// dark theme repaints the canvas chart's background; at 1280×720 the page has no horizontal scroll.
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { watch } from './helpers';

/** Runs CLI requests in one batch (the same engine the page runs, in Node) and returns the answers. */
function cli(requests: object[]): Record<string, unknown>[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'batch'], {
    input: requests.map((r) => JSON.stringify(r)).join('\n') + '\n',
    encoding: 'utf8',
  });
  return out.trim().split('\n').map((l) => JSON.parse(l));
}

/** The RGBA of pixel (x, y) of the price chart's frame canvas. */
async function framePixel(page: Page, x: number, y: number): Promise<number[]> {
  return page.locator('canvas.chart-frame').evaluate((c: HTMLCanvasElement, [px, py]) => Array.from(c.getContext('2d')!.getImageData(px, py, 1, 1).data), [x, y]);
}

const SWEEP = {
  cmd: 'sweep',
  data: 'DEMO:HELIX',
  timeframe: '1d',
  from: '2018-01-02',
  to: '2023-12-29',
  strategy: { type: 'sma_cross', params: { fast: { min: 5, max: 25, step: 5 }, slow: [30, 50, 80] }, constraints: ['fast < slow'] },
  metric: 'sortino_ratio',
  commission: { rate: 0.001 },
};
const PORTFOLIO = {
  cmd: 'portfolio',
  universe: { kind: 'demo', symbols: ['DEMO:ACME', 'DEMO:GLOBX', 'DEMO:MEDIQ', 'DEMO:SOLRS', 'DEMO:VAULT'] },
  expected_returns: { method: 'mean_historical', compounding: true, span: 500 },
  risk_model: { method: 'ledoit_wolf', shrinkage_target: 'constant_variance', span: 180, benchmark: 0.000079 },
  objective: { method: 'min_volatility', risk_free_rate: 0.02 },
  weight_bounds: [0, 0.4],
  l2_gamma: 0,
  frontier_points: 20,
};

test('a sweep link re-runs in the Optimize section and shows the CLI sweep\'s best params', async ({ page }) => {
  test.setTimeout(180_000);
  const [share, sweep] = cli([{ cmd: 'share', request: SWEEP }, { ...SWEEP, workers: 0, top: 1 }]);
  expect(share.ok && sweep.ok).toBe(true);
  expect(share.fragment as string).toMatch(/^s=v2\./);
  const best = sweep.best as { params: Record<string, number>; stats: Record<string, number> };
  const w = watch(page);
  await page.goto(`/#${share.fragment as string}`);
  await expect(page.getByTestId('share-status')).toHaveAttribute('data-kind', 'sweep', { timeout: 90_000 });
  const bestEl = page.getByTestId('sweep-best');
  await expect(bestEl).toBeVisible({ timeout: 60_000 });
  const words = Object.entries(best.params).map(([k, v]) => `${k}=${v}`).join(', ');
  await expect(bestEl).toContainText(words);
  await expect(bestEl).toContainText('Sortino');
  // the top table's first row is the best combination, with the CLI's exact metric value
  await expect(page.getByTestId('sweep-top')).toHaveAttribute('data-metric', 'sortino_ratio');
  const first = page.getByTestId('sweep-top-row').first();
  await expect(first.locator('td[data-metric="sortino_ratio"]')).toHaveAttribute('data-value', String(best.stats.sortino_ratio));
  await expect(first.locator('td[data-metric="total_return"]')).toHaveAttribute('data-value', String(best.stats.total_return));
  expect(w.errors).toEqual([]);
});

test('a portfolio link reproduces the CLI\'s weights', async ({ page }) => {
  test.setTimeout(120_000);
  const [share] = cli([{ cmd: 'share', request: PORTFOLIO }]);
  expect(share.ok).toBe(true);
  const [dec] = cli([{ cmd: 'share', fragment: share.fragment, verify: true }]);
  const weights = dec.weights as Record<string, number>;
  await page.goto(`/#${share.fragment as string}`);
  await expect(page.getByTestId('share-status')).toHaveAttribute('data-kind', 'portfolio', { timeout: 90_000 });
  await expect(page.getByTestId('weights-table')).toBeVisible();
  const shown = await page.getByTestId('weight-row').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector('td')!.textContent!.trim(), Number(r.querySelector('td.num')!.getAttribute('data-value'))])),
  );
  const nonZero = Object.entries(weights).filter(([, v]) => Math.abs(v) > 1e-9);
  expect(nonZero.length).toBeGreaterThan(1);
  for (const [name, v] of nonZero) expect(shown[name], name).toBeCloseTo(v, 12);
  for (const [name, v] of Object.entries(shown)) expect(v, name).toBeCloseTo(weights[name], 12);
});

test('a backtest link fills the backtest form (built-in and rules strategies)', async ({ page }) => {
  test.setTimeout(120_000);
  const REQ = { data: 'DEMO:ACME', timeframe: '1d', strategy: { type: 'bollinger_breakout', params: { period: 25, k: 2.5 } }, direction: 'long_short', commission: { rate: 0.0007 }, slippage_bps: 3, trailing_stop: { pct: 0.07 } };
  const rules = { params: { p: 12 }, rules: { entry_long: { op: '>', left: { price: 'close' }, right: { indicator: 'SMA', params: { timeperiod: { param: 'p' } } } } } };
  const [a, b] = cli([{ cmd: 'share', request: REQ }, { cmd: 'share', request: { data: 'DEMO:ACME', timeframe: '1d', strategy: { type: 'rules', ...rules } } }]);
  await page.goto(`/#${a.fragment as string}`);
  await expect(page.getByTestId('share-status')).toContainText('Opened a shared backtest', { timeout: 60_000 });
  await expect(page.getByTestId('backtest-strategy')).toHaveValue('bollinger_breakout');
  await expect(page.getByTestId('backtest-param-period')).toHaveValue('25');
  await expect(page.getByTestId('backtest-param-k')).toHaveValue('2.5');
  await expect(page.getByTestId('backtest-direction')).toHaveValue('long_short');
  await expect(page.getByTestId('backtest-commission-rate')).toHaveValue('0.07');
  await expect(page.getByTestId('backtest-slippage')).toHaveValue('3');
  await expect(page.getByTestId('backtest-trailing-stop')).toHaveValue('7');
  await page.evaluate((f) => (location.hash = f), `#${b.fragment as string}`);
  await expect(page.getByTestId('backtest-strategy')).toHaveValue('rules', { timeout: 60_000 });
  const text = await page.getByTestId('backtest-param-rules').inputValue();
  expect(JSON.parse(text)).toEqual(rules);
});

test('the dark theme repaints the canvas chart; 1280×720 has no horizontal scroll', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-bars', /^[1-9]/, { timeout: 60_000 });
  const light = await framePixel(page, 2, 2);
  expect(light.slice(0, 3)).toEqual([255, 255, 255]);
  await page.getByTestId('theme-toggle').click();
  await expect.poll(() => framePixel(page, 2, 2)).toEqual([0x11, 0x1a, 0x2e, 255]);
  await page.getByTestId('theme-toggle').click();
  await expect.poll(() => framePixel(page, 2, 2)).toEqual([255, 255, 255, 255]);
  await page.screenshot({ path: '.test-results/share-more-1280x720.png', fullPage: false });
  // the empty states say what to do next
  await expect(page.getByText('No run yet: choose a strategy and press “Run backtest”.')).toBeVisible();
  await page.mouse.wheel(0, 3000);
  await expect(page.getByText(/No sweep yet: set the ranges and press “Run sweep”/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Choose the universe and an objective, then press “Optimize”/)).toBeVisible({ timeout: 30_000 });
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, 'page width at 1280×720').toBeLessThanOrEqual(client);
});

test('"Copy link" of a sweep run in the page reopens as the same best row and metric values', async ({ page, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const w = watch(page);
  await page.goto('/');
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-bars', /^[1-9]\d*$/, { timeout: 60_000 });
  await expect(page.getByTestId('run-sweep')).toBeVisible({ timeout: 30_000 });
  // the preset sma_cross space (23 combinations), chosen by Sortino
  await page.getByTestId('sweep-metric').selectOption('sortino_ratio');
  await expect(page.getByTestId('sweep-complexity')).toHaveAttribute('data-trials', '23');
  await page.getByTestId('run-sweep').click();
  await expect(page.getByTestId('sweep-progress')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const rowOf = async (p: Page) => {
    const first = p.getByTestId('sweep-top-row').first();
    await expect(first).toBeVisible({ timeout: 60_000 });
    await expect(p.getByTestId('sweep-best')).toBeVisible({ timeout: 60_000 });
    return {
      best: (await p.getByTestId('sweep-best').textContent())?.replace(/\s+/g, ' ').trim(),
      sortino: await first.locator('td[data-metric="sortino_ratio"]').getAttribute('data-value'),
      total: await first.locator('td[data-metric="total_return"]').getAttribute('data-value'),
    };
  };
  await expect(page.getByTestId('sweep-top')).toHaveAttribute('data-metric', 'sortino_ratio');
  const here = await rowOf(page);
  expect(here.sortino).toMatch(/\d/);

  await page.getByTestId('copy-sweep-link').click();
  // the clipboard, or the field the page shows when the clipboard is unavailable
  const field = page.getByTestId('copy-sweep-link-url');
  await expect.poll(async () => (await field.isVisible()) || (await page.getByTestId('copy-sweep-link').textContent()) === 'Link copied').toBe(true);
  const url = (await field.isVisible()) ? await field.inputValue() : await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toMatch(/^http:\/\/localhost:\d+\/#s=v2\.[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId('copy-sweep-link-error')).toHaveCount(0);

  const other = await context.newPage();
  const w2 = watch(other);
  await other.goto(url);
  await expect(other.getByTestId('share-status')).toHaveAttribute('data-kind', 'sweep', { timeout: 90_000 });
  await expect(other.getByTestId('sweep-top')).toHaveAttribute('data-metric', 'sortino_ratio');
  await expect(other.getByTestId('sweep-metric')).toHaveValue('sortino_ratio');
  expect(await rowOf(other)).toEqual(here);
  await expect(other.getByTestId('share-notice')).toHaveCount(0); // same bars: same fingerprint, same engine
  expect(w.errors).toEqual([]);
  expect(w2.errors).toEqual([]);
});
