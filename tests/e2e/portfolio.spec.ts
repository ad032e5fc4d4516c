import { test, expect, type Page } from '@playwright/test';
import { watch } from './helpers';

// The Portfolio section: optimize the 20 demo assets (max Sharpe), the donut/table/frontier/heatmap/risk panels,
// a monthly rebalance, saving the allocation; strategy sleeves from backtests; and the 500-asset synthetic
// universe, timed (reported, not asserted tightly) while the main thread keeps painting.

async function openPanel(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-bars', /^[1-9]\d*$/);
  const run = page.getByTestId('run-optimize');
  await expect(run).toBeVisible({ timeout: 30_000 });
  await run.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('pf-symbols')).toHaveAttribute('data-chosen', '20');
  return run;
}

test('optimizes the demo universe: donut, weights, frontier, heatmap, risk, rebalance, save', async ({ page }) => {
  const w = watch(page);
  const run = await openPanel(page);
  await expect(page.getByTestId('pf-objective')).toHaveValue('max_sharpe');
  await run.click();

  const donut = page.getByTestId('allocation-donut');
  await expect(donut).toBeVisible({ timeout: 30_000 });
  expect(Number(await donut.getAttribute('data-sum'))).toBeCloseTo(1, 6);
  expect(Number(await donut.getAttribute('data-arcs'))).toBeGreaterThan(0);
  await expect(page.getByTestId('weights-total')).toHaveText('100.00%');
  const weights = await page.getByTestId('weight-row').evaluateAll((rows) => rows.map((r) => Number(r.children[1].getAttribute('data-value'))));
  expect(weights.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
  await expect(page.getByTestId('discrete-allocation')).toBeVisible();

  const frontier = page.getByTestId('frontier-chart');
  expect(Number(await frontier.getAttribute('data-points'))).toBeGreaterThan(10);
  await expect(frontier.getByTestId('frontier-curve')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  await expect(frontier.getByTestId('frontier-max-sharpe')).toHaveCount(1);
  await expect(frontier.getByTestId('frontier-min-vol')).toHaveCount(1);
  await expect(frontier.getByTestId('frontier-asset')).toHaveCount(20);

  const corr = page.getByTestId('correlation-matrix');
  await expect(corr).toHaveAttribute('data-rows', '20');
  const order = (await corr.getAttribute('data-order'))!.split(',').map(Number);
  expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  const canvas = corr.locator('canvas');
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 2);
  await expect(page.getByTestId('correlation-readout')).toContainText('ρ = 1.000');

  const risk = page.getByTestId('risk-metrics');
  for (const k of ['annual_volatility', 'var_95', 'cvar_95', 'max_drawdown', 'beta_equal_weight']) {
    expect(Number.isFinite(Number(await risk.getByTestId(`risk-${k}`).getAttribute('data-value'))), k).toBe(true);
  }
  await expect(page.getByTestId('portfolio-equity').locator('path.eq-line')).toHaveCount(2);

  await expect(page.getByTestId('rebalance-rule')).toHaveValue('monthly');
  await page.getByTestId('run-rebalance').click();
  const events = page.getByTestId('rebalance-events');
  await expect(events).toBeVisible({ timeout: 30_000 });
  expect(Number(await events.getAttribute('data-count'))).toBeGreaterThan(100);
  await expect(events.locator('tr[data-reason="calendar"]').first()).toBeVisible();
  await expect(page.getByTestId('rebalance-equity').locator('path.eq-line')).toHaveCount(2);

  await page.getByTestId('save-allocation').click();
  await expect(page.getByTestId('saved-allocations')).toHaveAttribute('data-count', '1', { timeout: 60_000 });

  expect(w.errors).toEqual([]);
});

test('combines ≥ 10 strategy sleeves backtested on the demo symbols', async ({ page }) => {
  const w = watch(page);
  const run = await openPanel(page);
  await page.getByTestId('pf-source-strategies').check();
  await page.getByTestId('pf-generate-sleeves').click();
  await expect(page.getByTestId('pf-sleeve-count')).toHaveAttribute('data-count', '20', { timeout: 60_000 });
  await page.getByTestId('pf-objective').selectOption('hrp');
  await run.click();
  await expect(page.getByTestId('allocation-donut')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('correlation-matrix')).toHaveAttribute('data-rows', '20');
  await expect(page.getByTestId('weights-total')).toHaveText('100.00%');
  expect(w.errors).toEqual([]);
});

test('500 synthetic assets: optimize + frontier in the worker, main thread stays responsive', async ({ page }) => {
  test.setTimeout(180_000);
  const w = watch(page);
  const run = await openPanel(page);
  await page.getByTestId('pf-source-synthetic').check();
  await expect(page.getByTestId('pf-synthetic-assets')).toHaveValue('500');
  // Longest gap between animation frames while the worker computes (a blocked main thread would show here).
  await page.evaluate(() => {
    const g = globalThis as unknown as { __gap: number; __stop: boolean };
    g.__gap = 0;
    g.__stop = false;
    let last = performance.now();
    const tick = (t: number) => {
      g.__gap = Math.max(g.__gap, t - last);
      last = t;
      if (!g.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  await run.click();
  const summary = page.getByTestId('pf-summary');
  await expect(summary).toHaveAttribute('data-assets', '500', { timeout: 120_000 });
  const wall = Date.now() - t0;
  const gap = await page.evaluate(() => {
    const g = globalThis as unknown as { __gap: number; __stop: boolean };
    g.__stop = true;
    return g.__gap;
  });
  const first = { roundTrip: Number(await summary.getAttribute('data-ms')), worker: Number(await summary.getAttribute('data-worker-ms')), text: await summary.textContent() };
  // Second optimize on the loaded universe: the universe is not re-sent and the estimates (same estimator settings)
  // and the correlation are cached in the worker, so this is the objective plus the 50-point frontier.
  await page.getByTestId('pf-objective').selectOption('min_volatility');
  await run.click();
  await expect(summary).not.toHaveAttribute('data-ms', String(first.roundTrip), { timeout: 120_000 });
  const second = { roundTrip: Number(await summary.getAttribute('data-ms')), worker: Number(await summary.getAttribute('data-worker-ms')) };
  console.log(
    `[portfolio 500] first optimize (universe + estimates + max Sharpe + 50-pt frontier + correlation): round trip ${first.roundTrip} ms ` +
      `(worker ${first.worker} ms; click→panels ${wall} ms; longest frame gap ${gap.toFixed(0)} ms) · ${first.text?.replace(/\s+/g, ' ')} · ` +
      `second (min vol, cached): ${second.roundTrip} ms (worker ${second.worker} ms) · ${(await summary.textContent())?.replace(/\s+/g, ' ')}`,
  );
  await expect(page.getByTestId('correlation-matrix')).toHaveAttribute('data-rows', '500');
  await expect(page.getByTestId('frontier-chart').getByTestId('frontier-asset')).toHaveCount(500);
  expect(gap).toBeLessThan(1000);
  expect(w.errors).toEqual([]);
});
