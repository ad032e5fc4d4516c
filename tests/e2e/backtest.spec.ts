import { test, expect } from '@playwright/test';
import { isLocal, watch } from './helpers';

test('runs SMA-cross and RSI backtests on the demo data: metrics, trades, signals, validation, comparison, saving', async ({
  page,
}) => {
  const w = watch(page);
  await page.goto('/');
  const chart = page.getByTestId('price-chart');
  await expect(chart).toHaveAttribute('data-bars', /^[1-9]\d*$/);

  // 1. the default SMA crossover
  await expect(page.getByTestId('backtest-strategy')).toHaveValue('sma_cross');
  await expect(page.getByTestId('backtest-param-fast')).toHaveValue('10');
  await expect(page.getByTestId('backtest-param-slow')).toHaveValue('30');
  await page.getByTestId('run-backtest').click();
  const sharpe = page.getByTestId('metric-sharpe_ratio');
  await expect(sharpe).toBeVisible({ timeout: 30_000 });
  const value = await sharpe.getAttribute('data-value');
  expect(value).not.toBeNull();
  expect(Number.isFinite(Number(value)), `sharpe data-value ${value}`).toBe(true);
  // the card's description is the metric's definition, also in the tooltip
  await expect(sharpe).toHaveAttribute('title', /mean\(r − rf\) \/ std\(r − rf\)/);

  // every metric card carries a data-value; the trade count matches the table
  const cards = page.locator('[data-testid^="metric-"]');
  expect(await cards.count()).toBeGreaterThanOrEqual(30);
  for (const v of await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-value')))) {
    expect(v === 'NaN' || v === 'Infinity' || v === '-Infinity' || Number.isFinite(Number(v)), `data-value ${v}`).toBe(true);
  }
  const table = page.getByTestId('trade-table');
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(page.getByTestId('metric-trades')).toHaveAttribute('data-value', String(await rows.count()));
  await expect(rows.first().locator('td')).toHaveCount(15);

  // sorting by P&L descending puts the best trade first
  await page.getByTestId('trade-sort-pnl').click();
  await page.getByTestId('trade-sort-pnl').click();
  const pnls = (await rows.evaluateAll((trs) => trs.map((tr) => tr.children[8].textContent ?? ''))).map(Number);
  expect(pnls).toEqual([...pnls].sort((a, b) => b - a));

  // signals listed, and trade markers on the price chart
  const signals = page.getByTestId('signal-history');
  await expect(signals.getByTestId('signal-row').first()).toBeVisible();
  expect(Number(await signals.getAttribute('data-count'))).toBeGreaterThan(0);
  await expect(chart).toHaveAttribute('data-indicators', 'Trade entries,Trade exits');
  await expect(page.getByTestId('equity-chart').locator('path.eq-line')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);

  // 2. an invalid parameter: the engine's message names the field, and no run is added
  await page.getByTestId('backtest-param-fast').fill('40');
  await page.getByTestId('run-backtest').click();
  const error = page.getByTestId('backtest-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('fast');
  await expect(page.getByTestId('strategy-comparison')).toHaveAttribute('data-runs', '1');

  // 3. a second strategy: two runs side by side
  await page.getByTestId('backtest-strategy').selectOption('rsi_mean_reversion');
  await expect(page.getByTestId('backtest-param-period')).toHaveValue('14');
  await page.getByTestId('run-backtest').click();
  const comparison = page.getByTestId('strategy-comparison');
  await expect(comparison).toHaveAttribute('data-runs', '2');
  await expect(error).toHaveCount(0);
  await expect(comparison.locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('comparison-chart')).toHaveAttribute('data-curves', '2');
  await expect(comparison.locator('tbody tr').nth(1)).toContainText('RSI(14,30,70)');

  // 4. save the shown run to DuckDB and see it listed
  await page.getByTestId('save-run-2').click();
  await expect(page.getByTestId('saved-runs')).toHaveAttribute('data-count', '1', { timeout: 30_000 });
  await expect(page.getByTestId('save-run-2')).toHaveText('Saved');

  // 5. cancel: the cancelled run's answer is discarded. Both clicks happen in one task (the worker's answer is a
  // later message event, so it cannot arrive in between); the next run queues behind the cancelled one in the
  // worker, so once it has arrived the cancelled answer has come and gone.
  await page.evaluate(async () => {
    (document.querySelector('[data-testid="run-backtest"]') as HTMLButtonElement).click();
    let cancel: HTMLButtonElement | null = null;
    for (let i = 0; i < 100 && !cancel; i++) {
      await Promise.resolve();
      cancel = document.querySelector('[data-testid="cancel-backtest"]');
    }
    if (!cancel) throw new Error('no cancel button while the backtest runs');
    cancel.click();
  });
  await expect(page.getByTestId('run-backtest')).toBeEnabled();
  await expect(page.getByTestId('cancel-backtest')).toHaveCount(0);
  await page.getByTestId('run-backtest').click();
  // run ids count accepted answers only: had the cancelled answer been kept, this run would be #4
  await expect(page.getByTestId('comparison-run-3')).toBeVisible();
  await expect(page.getByTestId('run-backtest')).toBeEnabled();
  await expect(page.getByTestId('comparison-run-4')).toHaveCount(0);
  await expect(comparison).toHaveAttribute('data-runs', '3');
  await expect(page.getByTestId('backtest-error')).toHaveCount(0);

  // 6. removing a run
  await page.getByTestId('remove-run-1').click();
  await expect(comparison).toHaveAttribute('data-runs', '2');
  await expect(page.getByTestId('comparison-run-1')).toHaveCount(0);

  expect(w.errors).toEqual([]);
  expect(w.requests.filter((u) => !isLocal(u))).toEqual([]);
});
