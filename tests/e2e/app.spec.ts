import { test, expect, type Page } from '@playwright/test';
import { isLocal, watch } from './helpers';

/** Number of distinct colours among the chart canvas pixels (a blank canvas has one or two). */
async function canvasColours(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid="price-chart"] canvas') as HTMLCanvasElement | null;
    if (!c || c.width === 0 || c.height === 0) return 0;
    const ctx = c.getContext('2d');
    if (!ctx) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]);
    return seen.size;
  });
}

const chart = (page: Page) => page.getByTestId('price-chart');
const status = (page: Page) => page.getByTestId('status');

test('loads the demo market: candles, volume and both overlays, engine ready, nothing leaves localhost', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await expect(status(page)).toHaveAttribute('data-engine', 'ready');
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(20),EMA(50)');
  const bars = Number(await chart(page).getAttribute('data-bars'));
  expect(bars).toBeGreaterThan(2000); // ten years of daily demo bars
  expect(await canvasColours(page)).toBeGreaterThan(8);
  await expect(page.getByText('synthetic demo data').first()).toBeVisible();
  await expect(status(page)).toHaveAttribute('data-duckdb', 'ready', { timeout: 45_000 });
  expect(w.errors).toEqual([]);
  expect(w.requests.length).toBeGreaterThan(0);
  expect(w.requests.filter((u) => !isLocal(u))).toEqual([]);
});

test('editing an overlay period redraws that overlay', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(20),EMA(50)');
  const before = await canvasSnapshot(page);
  const sma = page.getByTestId('overlay-period-SMA');
  await sma.fill('35');
  await sma.press('Enter');
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(35),EMA(50)');
  expect(await canvasSnapshot(page)).not.toBe(before);
  const ema = page.getByTestId('overlay-period-EMA');
  await ema.fill('10');
  await ema.press('Enter');
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(35),EMA(10)');
  // an invalid period keeps the last good overlay
  await ema.fill('1');
  await ema.press('Enter');
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(35),EMA(10)');
  expect(w.errors).toEqual([]);
  expect(w.requests.filter((u) => !isLocal(u))).toEqual([]);
});

test('switching symbol and resampled timeframes (DuckDB) redraws the chart', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await expect(status(page)).toHaveAttribute('data-duckdb', 'ready', { timeout: 45_000 });
  const daily = Number(await chart(page).getAttribute('data-bars'));
  const symbols = page.getByTestId('symbol-picker');
  const second = await symbols.locator('option').nth(1).getAttribute('value');
  await symbols.selectOption(second!);
  await expect(chart(page)).toHaveAttribute('data-symbol', second!);
  const tf = page.getByTestId('timeframe-picker');
  await tf.selectOption('1w');
  await expect(chart(page)).toHaveAttribute('data-timeframe', '1w');
  const weekly = Number(await chart(page).getAttribute('data-bars'));
  expect(weekly).toBeGreaterThan(daily / 6);
  expect(weekly).toBeLessThan(daily / 4);
  await tf.selectOption('5m');
  await expect(chart(page)).toHaveAttribute('data-timeframe', '5m');
  await expect(chart(page)).toHaveAttribute('data-bars', String(60 * 78));
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(20),EMA(50)');
  expect(await canvasColours(page)).toBeGreaterThan(8);
  expect(w.errors).toEqual([]);
  expect(w.requests.filter((u) => !isLocal(u))).toEqual([]);
});

async function canvasSnapshot(page: Page): Promise<string> {
  return page.evaluate(() => (document.querySelector('[data-testid="price-chart"] canvas') as HTMLCanvasElement).toDataURL());
}
