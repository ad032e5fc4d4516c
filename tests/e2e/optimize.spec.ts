import { test, expect, type Page } from '@playwright/test';
import { isLocal, watch } from './helpers';

async function openPage(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-bars', /^[1-9]\d*$/);
  await expect(page.getByTestId('run-sweep')).toBeVisible({ timeout: 30_000 });
}

test('sweeps SMA-cross on the worker pool: progress, heatmap, top table, overfitting in words, best row opens its backtest, walk-forward', async ({
  page,
}) => {
  const w = watch(page);
  await openPage(page);

  // The preset space of sma_cross: fast 5..25 step 5, slow 20..60 step 10, "fast < slow" → 25 − 2 combinations.
  await expect(page.getByTestId('sweep-constraints')).toHaveValue('fast < slow');
  const complexity = page.getByTestId('sweep-complexity');
  await expect(complexity).toHaveAttribute('data-trials', '23');
  await expect(complexity).toHaveAttribute('data-free', '2');

  // The trial cap is enforced before anything runs.
  await page.getByTestId('sweep-cap').fill('10');
  await expect(page.getByTestId('run-sweep')).toBeDisabled();
  await expect(complexity).toContainText('exceeds the trial cap of 10');
  await page.getByTestId('sweep-cap').fill('1000');

  await page.getByTestId('run-sweep').click();
  const progress = page.getByTestId('sweep-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-total', '23');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(progress).toHaveAttribute('data-done', '23');
  await expect(progress).toContainText('23 / 23 combinations');

  // Heatmap: fast × slow × Sharpe, one cell per combination (the constraint removes (20, 20) and (25, 20)).
  const heat = page.getByTestId('sweep-heatmap');
  await expect(heat).toHaveAttribute('data-cells', '23', { timeout: 30_000 });
  await expect(heat).toHaveAttribute('data-x', 'fast');
  await expect(heat).toHaveAttribute('data-y', 'slow');
  await expect(heat.getByTestId('heat-cell')).toHaveCount(23);
  await expect(heat.locator('[data-testid="heat-cell"][data-x="25"][data-y="20"]')).toHaveCount(0);
  await expect(heat.locator('[data-testid="heat-cell"][data-x="20"][data-y="20"]')).toHaveCount(0);

  // Top table sorted by Sharpe, descending; its first row is the best combination.
  const top = page.getByTestId('sweep-top');
  await expect(top).toHaveAttribute('data-rows', '10');
  const sharpes = await top
    .locator('td[data-metric="sharpe_ratio"]')
    .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
  expect(sharpes.length).toBe(10);
  expect(sharpes).toEqual([...sharpes].sort((a, b) => b - a));
  const firstRow = top.getByTestId('sweep-top-row').first();
  const bestCombo = await firstRow.getAttribute('data-combo');
  await expect(page.getByTestId('sweep-best')).toHaveAttribute('data-combo', bestCombo ?? '', { timeout: 30_000 });
  // Re-sorting by total return flips with a second click.
  await page.getByTestId('top-sort-total_return').click();
  await expect(top).toHaveAttribute('data-metric', 'total_return');
  await page.getByTestId('top-sort-total_return').click();
  await expect(top).toHaveAttribute('data-dir', 'asc');
  await page.getByTestId('top-sort-sharpe_ratio').click();
  await expect(top).toHaveAttribute('data-dir', 'desc');
  await expect(top.getByTestId('sweep-top-row').first()).toHaveAttribute('data-combo', bestCombo ?? '');

  // DSR, PSR, PBO and the plain-words sentence next to the best result.
  await expect(page.getByTestId('overfit-words')).toContainText(
    /^With 23 trials, a Sharpe of -?\d+\.\d\d has a (<1|>99|\d+)% chance of being luck\./,
  );
  await expect(page.getByTestId('overfit-words')).toContainText('probability of backtest overfitting');
  for (const id of ['overfit-dsr', 'overfit-psr', 'overfit-pbo']) {
    const v = Number(await page.getByTestId(id).getAttribute('data-value'));
    expect(v, id).toBeGreaterThanOrEqual(0);
    expect(v, id).toBeLessThanOrEqual(1);
  }

  // Clicking the best row runs that combination's full backtest in the backtest panel: same Sharpe as the sweep's.
  const bestSharpe = sharpes[0];
  await top.getByTestId('sweep-top-row').first().getByRole('button').click();
  const card = page.getByTestId('metric-sharpe_ratio');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => Number(await card.getAttribute('data-value'))).toBeCloseTo(bestSharpe, 9);

  // A heatmap cell opens its combination too (a second run in the comparison).
  const runsBefore = Number(await page.getByTestId('strategy-comparison').getAttribute('data-runs'));
  await heat.locator('[data-testid="heat-cell"][data-x="10"][data-y="30"]').click();
  await expect(page.getByTestId('strategy-comparison')).toHaveAttribute('data-runs', String(runsBefore + 1));
  await expect(page.getByTestId('strategy-comparison').locator('tbody tr').last()).toContainText('SMA(10,30)');

  // Walk-forward over the same space: windows, the chart and the efficiency.
  await page.getByTestId('run-walkforward').click();
  const eff = page.getByTestId('wf-efficiency');
  await expect(eff).toBeVisible({ timeout: 60_000 });
  const e = await eff.getAttribute('data-value');
  expect(e === 'NaN' || Number.isFinite(Number(e)), `efficiency ${e}`).toBe(true);
  expect(Number(await page.getByTestId('wf-windows').getAttribute('data-rows'))).toBeGreaterThan(0);
  await expect(page.getByTestId('wf-chart')).toHaveAttribute('data-windows', /^[1-9]\d*$/);
  await expect(page.getByTestId('wf-chart').locator('path.eq')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);

  expect(w.errors).toEqual([]);
  expect(w.requests.filter((u) => !isLocal(u))).toEqual([]);
});

test('cancelling a large sweep stops promptly and keeps the partial results', async ({ page }) => {
  const w = watch(page);
  await openPage(page);
  // fast 2..200 × slow 3..400 with fast < slow: tens of thousands of combinations.
  for (const [id, v] of [
    ['fast-min', '2'],
    ['fast-max', '200'],
    ['fast-step', '1'],
    ['slow-min', '3'],
    ['slow-max', '400'],
    ['slow-step', '1'],
  ]) {
    await page.getByTestId(`sweep-param-${id}`).fill(v);
  }
  await page.getByTestId('sweep-cap').fill('100000');
  const complexity = page.getByTestId('sweep-complexity');
  await expect(complexity).toHaveAttribute('data-trials', /^\d{5}$/);
  const trials = Number(await complexity.getAttribute('data-trials'));

  await page.getByTestId('run-sweep').click();
  const progress = page.getByTestId('sweep-progress');
  await expect(progress).toHaveAttribute('data-total', String(trials), { timeout: 30_000 });
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByTestId('cancel-sweep').click();

  await expect(progress).toHaveAttribute('data-status', 'cancelled');
  const done = Number(await progress.getAttribute('data-done'));
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(trials);
  const stop = page.getByTestId('sweep-stop-latency');
  await expect(stop).toBeVisible();
  const ms = Number(await stop.getAttribute('data-ms'));
  await expect(stop).toHaveAttribute('data-idle-ms', /^\d/);
  const idle = Number(await stop.getAttribute('data-idle-ms'));
  const rate = (await progress.textContent())?.match(/([\d,]+)\/s/)?.[1];
  console.log(
    `sweep cancel: stop latency ${ms.toFixed(2)} ms, workers idle after ${idle.toFixed(2)} ms, kept ${done} of ${trials} (${rate}/s)`,
  );
  expect(ms).toBeLessThan(1000);
  expect(idle).toBeLessThan(1000);

  // The partial table landed in DuckDB: top table, heatmap and statistics over the completed combinations only.
  await expect(page.getByTestId('sweep-top')).toHaveAttribute('data-rows', '10', { timeout: 30_000 });
  expect(Number(await page.getByTestId('sweep-heatmap').getAttribute('data-cells'))).toBeGreaterThan(0);
  await expect(page.getByTestId('overfit-words')).toContainText(`With ${done.toLocaleString('en-US')} trials`, {
    timeout: 30_000,
  });
  await expect(progress).toHaveAttribute('data-done', String(done));

  expect(w.errors).toEqual([]);
});
