import { test, expect, type Page } from '@playwright/test';
import { isLocal, watch } from './helpers';

const chart = (page: Page) => page.getByTestId('price-chart');

/** Opens the picker, finds `name` by search, sets the given parameters and confirms. */
async function addIndicator(page: Page, name: string, params: Record<string, string> = {}): Promise<void> {
  await page.getByTestId('indicator-picker').click();
  await page.getByTestId('indicator-search').fill(name);
  await page.getByTestId(`indicator-option-${name}`).click();
  for (const [k, v] of Object.entries(params)) {
    const field = page.getByTestId(`indicator-param-${k}`);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(v);
    else await field.fill(v);
  }
  await page.getByTestId('indicator-add').click();
}

/** Number of distinct colours among a pane's canvas pixels (a blank canvas has one). */
async function paneColours(page: Page, name: string): Promise<number> {
  return page
    .getByTestId(`indicator-pane-${name}`)
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4 * 3) seen.add((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]);
      return seen.size;
    });
}

test('adds RSI, BBANDS, MACD and CDLENGULFING, then removes RSI', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(20),EMA(50)');
  const bars = Number(await chart(page).getAttribute('data-bars'));

  await addIndicator(page, 'RSI');
  const rsi = page.getByTestId('indicator-pane-RSI');
  await expect(rsi).toBeVisible();
  await expect(rsi).toHaveAttribute('data-outputs', 'real');
  await expect(rsi).toHaveAttribute('data-values', String(bars - 14)); // RSI(14) lookback is 14
  expect(await paneColours(page, 'RSI')).toBeGreaterThan(4);

  await addIndicator(page, 'BBANDS', { timeperiod: '20', matype: '0' });
  await expect(chart(page)).toHaveAttribute('data-indicators', 'BBANDS(20,2,2,0)');
  // price-scale indicators get no pane
  await expect(page.getByTestId('indicator-pane-BBANDS')).toHaveCount(0);

  await addIndicator(page, 'MACD');
  const macd = page.getByTestId('indicator-pane-MACD');
  await expect(macd).toHaveAttribute('data-outputs', 'macd,macdsignal,macdhist');
  await expect(macd).toHaveAttribute('data-values', String(bars - 33)); // MACD(12,26,9) lookback: (26 − 1) + (9 − 1)
  expect(await paneColours(page, 'MACD')).toBeGreaterThan(4);

  await addIndicator(page, 'CDLENGULFING');
  await expect(chart(page)).toHaveAttribute('data-indicators', 'BBANDS(20,2,2,0),CDLENGULFING');
  await expect(page.getByTestId('indicator-pane-CDLENGULFING')).toHaveCount(0);
  // the SMA/EMA overlays are untouched
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(20),EMA(50)');

  await page.getByTestId('indicator-remove-RSI').click();
  await expect(page.getByTestId('indicator-pane-RSI')).toHaveCount(0);
  await expect(macd).toBeVisible();

  await page.getByTestId('indicator-remove-CDLENGULFING').click();
  await expect(chart(page)).toHaveAttribute('data-indicators', 'BBANDS(20,2,2,0)');

  expect(w.errors).toEqual([]);
  expect(w.requests.filter((u) => !isLocal(u))).toEqual([]);
});

test('an invalid parameter (RSI timeperiod 1) shows an error and adds nothing', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(20),EMA(50)');
  await addIndicator(page, 'RSI', { timeperiod: '1' });
  await expect(page.getByTestId('indicator-error')).toContainText('timeperiod');
  await expect(page.getByTestId('indicator-param-timeperiod')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('indicator-pane-RSI')).toHaveCount(0);
  // correcting the value adds it
  await page.getByTestId('indicator-param-timeperiod').fill('10');
  await page.getByTestId('indicator-add').click();
  await expect(page.getByTestId('indicator-pane-RSI')).toHaveCount(1);
  expect(w.errors).toEqual([]);
});

test('parameters the engine rejects show its message and add nothing', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(20),EMA(50)');
  // each field is in range, but TA-Lib's MAVP needs minperiod ≤ maxperiod: only the engine knows
  await addIndicator(page, 'MAVP', { minperiod: '50', maxperiod: '30', matype: '1' });
  await expect(page.getByTestId('indicator-error')).toContainText('MAVP minperiod must be ≤ maxperiod');
  await expect(chart(page)).toHaveAttribute('data-indicators', '');
  await page.getByTestId('indicator-param-minperiod').fill('5');
  await page.getByTestId('indicator-add').click();
  await expect(chart(page)).toHaveAttribute('data-indicators', 'MAVP(5,30,1)');
  expect(w.errors).toEqual([]);
});

test('indicators are recomputed when the timeframe and the symbol change', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await expect(chart(page)).toHaveAttribute('data-overlays', 'SMA(20),EMA(50)');
  await addIndicator(page, 'ADX');
  const adx = page.getByTestId('indicator-pane-ADX');
  await expect(adx).toHaveAttribute('data-outputs', 'real');
  const before = await adx.locator('canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL());
  await page.getByTestId('timeframe-picker').selectOption('1m');
  await expect(chart(page)).toHaveAttribute('data-timeframe', '1m');
  const bars = Number(await chart(page).getAttribute('data-bars'));
  await expect(adx).toHaveAttribute('data-values', String(bars - 27)); // ADX(14) lookback is 2·14 − 1
  await expect.poll(() => adx.locator('canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(before);
  const minute = await adx.locator('canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const symbols = page.getByTestId('symbol-picker');
  const second = await symbols.locator('option').nth(1).getAttribute('value');
  await symbols.selectOption(second!);
  await expect(chart(page)).toHaveAttribute('data-symbol', second!);
  await expect(adx).toHaveAttribute('data-values', String(bars - 27));
  await expect.poll(() => adx.locator('canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(minute);
  expect(w.errors).toEqual([]);
});
