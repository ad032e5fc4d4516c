// The Scanner panel in real Chromium on the demo market: a scan of all 20 demo symbols lists every symbol sorted
// BUY/SELL first by strength (each row's signal equal to the engine's scan), a watchlist with an unknown entry lists
// the failure, the schedule re-scans while the page is visible and pauses while it is hidden. No console errors.
import { test, expect, type Page } from '@playwright/test';
import { watch } from './helpers';

async function rows(page: Page): Promise<{ symbol: string; signal: string; strength: number }[]> {
  return page.getByTestId('scanner-row').evaluateAll((els) =>
    els.map((e) => ({ symbol: e.getAttribute('data-symbol') ?? '', signal: e.getAttribute('data-signal') ?? '', strength: Number(e.getAttribute('data-strength')) })),
  );
}

/** Pretends the tab is hidden (or visible again) and tells the page, as a tab switch would. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('scans the demo universe: every symbol, BUY/SELL first by strength, with price and time', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto('/');
  const panel = page.getByTestId('scanner-panel');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  // An RSI with narrow bands so that several symbols signal on their last bar.
  await page.getByTestId('backtest-strategy').selectOption('rsi_mean_reversion');
  await page.getByTestId('backtest-param-lower').fill('45');
  await page.getByTestId('backtest-param-upper').fill('55');
  await expect(page.getByTestId('scanner-strategy')).toContainText('45');
  await page.getByTestId('scanner-run').click();
  const results = page.getByTestId('scanner-results');
  await expect(results).toHaveAttribute('data-count', '20');
  await expect(page.getByTestId('scanner-status')).toHaveAttribute('data-scans', '1');
  const got = await rows(page);
  expect(got).toHaveLength(20);
  expect(new Set(got.map((r) => r.symbol)).size).toBe(20);
  for (let i = 1; i < got.length; i++) {
    const a = got[i - 1];
    const b = got[i];
    const aAct = a.signal !== 'HOLD';
    const bAct = b.signal !== 'HOLD';
    expect(Number(aAct)).toBeGreaterThanOrEqual(Number(bAct));
    if (aAct === bAct) expect(a.strength).toBeGreaterThanOrEqual(b.strength);
  }
  for (const r of got) if (r.signal === 'HOLD') expect(r.strength).toBe(0);
  expect(got.filter((r) => r.signal !== 'HOLD').length).toBeGreaterThan(1); // the ordering is not vacuous
  // Last price and time are shown in each row.
  await expect(page.getByTestId('scanner-row').first().locator('td').nth(3)).toHaveText(/\d/);
  await expect(page.getByTestId('scanner-row').first().locator('td').nth(4)).toHaveText(/\d{4}/);
  expect(errors).toEqual([]);
});

test('a watchlist scans its symbols and lists the entries it cannot load', async ({ page }) => {
  const { errors } = watch(page);
  await page.goto('/');
  await expect(page.getByTestId('scanner-panel')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('scanner-universe').selectOption('watchlist');
  await page.getByTestId('scanner-watchlist').fill('acme, QBIT, NOPE');
  await page.getByTestId('scanner-run').click();
  await expect(page.getByTestId('scanner-results')).toHaveAttribute('data-count', '2');
  expect((await rows(page)).map((r) => r.symbol).sort()).toEqual(['DEMO:ACME', 'DEMO:QBIT']);
  const failures = page.getByTestId('scanner-failures');
  await expect(failures).toHaveAttribute('data-count', '1');
  await expect(failures).toContainText('NOPE: not a demo or cached symbol');
  expect(errors).toEqual([]);
});

test('re-scans on its schedule while visible, and holds the schedule while the tab is hidden', async ({ page }) => {
  test.setTimeout(90_000);
  const { errors } = watch(page);
  await page.goto('/');
  await expect(page.getByTestId('scanner-panel')).toBeVisible({ timeout: 30_000 });
  const status = page.getByTestId('scanner-status');
  await page.getByTestId('scanner-interval').selectOption('15000');
  // The first scheduled scan runs at once, the next 15 s after it.
  await expect(status).toHaveAttribute('data-scans', '1');
  await expect(status).toHaveAttribute('data-scans', '2', { timeout: 25_000 });
  await expect(page.getByTestId('scanner-results')).toHaveAttribute('data-count', '20');
  await setHidden(page, true);
  await expect(status).toHaveAttribute('data-paused', 'true');
  await expect(status).toContainText('paused while the tab is hidden');
  await page.waitForTimeout(17_000);
  await expect(status).toHaveAttribute('data-scans', '2'); // nothing ran while hidden
  await setHidden(page, false);
  await expect(status).toHaveAttribute('data-paused', 'false');
  await expect(status).toHaveAttribute('data-scans', '3', { timeout: 5_000 }); // overdue: runs on return
  expect(errors).toEqual([]);
});
