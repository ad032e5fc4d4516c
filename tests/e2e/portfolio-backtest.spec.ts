import { test, expect, type Page } from '@playwright/test';
import { watch } from './helpers';

// The Portfolio section's portfolio backtest (one shared cash account, risk manager) and performance monitor: a
// 3-sleeve run draws the combined equity and per-sleeve curves, the sleeves' net P&L shown adds up to the
// portfolio's P&L shown, heat is drawn, the monitor draws its bands and an alert state; a tight position limit
// fills the risk log; the optimizer's weights; and the monitor badge on a kept backtest run.

const money = (t: string | null) => Number((t ?? '').replace(/,/g, ''));

async function openWithThree(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-bars', /^[1-9]\d*$/);
  const run = page.getByTestId('run-portfolio-backtest');
  await expect(run).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('pf-symbols')).toHaveAttribute('data-chosen', '20');
  await page.getByRole('button', { name: 'none', exact: true }).click();
  const symbols = page.getByTestId('pf-symbols');
  for (const s of ['ACME', 'QBIT', 'GLOBX']) await symbols.getByLabel(s, { exact: true }).check();
  await expect(symbols).toHaveAttribute('data-chosen', '3');
  await run.scrollIntoViewIfNeeded();
  return run;
}

test('3-sleeve portfolio backtest: equity, contributions add up, heat, monitor bands, risk log', async ({ page }) => {
  const w = watch(page);
  const run = await openWithThree(page);
  await run.click();
  const summary = page.getByTestId('pb-summary');
  await expect(summary).toHaveAttribute('data-sleeves', '3', { timeout: 60_000 });

  // Combined equity plus one cumulative-net-P&L curve per sleeve.
  await expect(page.getByTestId('pb-equity').locator('path.eq-line')).toHaveCount(4);
  await expect(page.getByTestId('pb-equity').locator('path.eq-line').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);

  // The numbers shown: Σ sleeves' net P&L (each rounded to cents) = the portfolio's P&L (final equity − cash).
  const rows = page.getByTestId('pb-sleeve-row');
  await expect(rows).toHaveCount(3);
  const nets = await rows.evaluateAll((rs) => rs.map((r) => r.children[5].textContent));
  const shownSum = nets.reduce((a, t) => a + money(t), 0);
  const total = money(await page.getByTestId('pb-total-pnl').textContent());
  expect(Math.abs(shownSum - total)).toBeLessThanOrEqual(0.015 * 3);
  expect(money(await page.getByTestId('pb-sum-net').textContent())).toBeCloseTo(total, 2);
  const final = Number(await summary.getAttribute('data-final'));
  expect(Number(await page.getByTestId('pb-total-pnl').getAttribute('data-value'))).toBeCloseTo(final - 10000, 6);
  expect(total).not.toBe(0);

  // Heat over time in RiskMetrics.
  const heat = page.getByTestId('portfolio-heat');
  await expect(heat.getByTestId('portfolio-heat-line')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  expect(Number(await heat.getAttribute('data-max'))).toBeGreaterThan(0);
  expect(Number(await heat.getAttribute('data-max'))).toBeLessThanOrEqual(1 + 1e-9); // no leverage, no stops: gross / equity
  expect(Number.isFinite(Number(await page.getByTestId('pb-risk-sharpe_ratio').getAttribute('data-value')))).toBe(true);

  // The default limits: only the 15 % drawdown stop, which blocks entries once the portfolio is 15 % below its peak.
  const log = page.getByTestId('risk-log');
  // On the seeded demo data these three sleeves fall 17.7 % below their peak, so the stop blocks later entries.
  const ddChip = log.locator('.chip[data-rule="max_drawdown_stop"]');
  await expect(ddChip).toHaveCount(1);
  expect(Number(await ddChip.getAttribute('data-count'))).toBeGreaterThan(0);
  await expect(log.locator('tr[data-rule="max_drawdown_stop"]').first()).toContainText(
    /equity [\d.]+ < peak [\d.]+ × \(1 − 0\.15\)/,
  );
  console.log(`[portfolio backtest] defaults: ${(await summary.textContent())?.replace(/\s+/g, ' ')}`);

  // Without the drawdown stop the sleeves trade to the end; the monitor draws its bands and the evaluations.
  await page.getByTestId('pb-drawdown-stop').fill('');
  await run.click();
  await expect(log).toHaveAttribute('data-count', '0', { timeout: 60_000 });
  const bands = page.getByTestId('monitor-bands');
  await expect(bands.getByTestId('monitor-band')).toHaveCount(2);
  for (const k of ['sharpe', 'max_drawdown'])
    expect(Number(await bands.getByTestId(`monitor-${k}`).getAttribute('data-evaluations')), k).toBeGreaterThanOrEqual(9);
  await expect(bands.locator('path.stat').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  const alert = page.getByTestId('degradation-alert');
  await expect(alert).toHaveAttribute('data-state', /^(ok|alert)$/);
  console.log(
    `[portfolio backtest] no drawdown stop: ${(await summary.textContent())?.replace(/\s+/g, ' ')} · monitor: ${(await alert.textContent())?.replace(/\s+/g, ' ')}`,
  );

  // A tight 5 % position limit cuts every entry, each logged with its numbers; heat (here gross exposure) falls.
  const freeHeat = Number(await heat.getAttribute('data-max'));
  await page.getByTestId('pb-max-position').fill('5');
  await run.click();
  await expect(log).not.toHaveAttribute('data-count', '0', { timeout: 60_000 });
  expect(Number(await log.getAttribute('data-count'))).toBeGreaterThan(5);
  const first = log.locator('tr[data-rule="max_position_pct"]').first();
  await expect(first).toBeVisible();
  expect(Number(await first.getAttribute('data-allowed'))).toBeLessThan(Number(await first.getAttribute('data-requested')));
  await expect(first).toContainText(/0\.05 × equity [\d.]+ \/ price [\d.]+/);
  // 3 sleeves × 5 % at entry (positions drift afterwards) against up to 3 × 33 % without the limit.
  expect(Number(await heat.getAttribute('data-max'))).toBeLessThan(0.5 * freeHeat);

  // A strict monitor (breach below the 49th percentile, alert on the first breach) raises the alert.
  await page.getByTestId('pb-monitor-percentile').fill('49');
  await page.getByTestId('pb-monitor-consecutive').fill('1');
  await run.click();
  await expect(alert).toHaveAttribute('data-state', 'alert', { timeout: 60_000 });
  await expect(alert).toContainText('Degradation alert');

  // A bad limit names its field.
  await page.getByTestId('pb-max-position').fill('150');
  await run.click();
  await expect(page.getByTestId('pb-error')).toContainText('max position must be empty (off) or a percentage in (0, 100]');

  expect(w.errors).toEqual([]);
});

test("the optimizer's weights, and the monitor badge on a kept backtest run", async ({ page }) => {
  const w = watch(page);
  const run = await openWithThree(page);
  await page.getByTestId('pb-weights').selectOption('optimizer');
  await run.click();
  await expect(page.getByTestId('pb-error')).toContainText('press “Optimize” first');
  await page.getByTestId('run-optimize').click();
  await expect(page.getByTestId('weights-total')).toHaveText('100.00%', { timeout: 30_000 });
  await run.click();
  await expect(page.getByTestId('pb-results')).toBeVisible({ timeout: 60_000 });
  const weights = await page
    .getByTestId('pb-sleeve-row')
    .evaluateAll((rs) => rs.map((r) => Number(r.children[1].textContent!.replace('%', ''))));
  expect(weights.length).toBeGreaterThan(0);
  expect(weights.reduce((a, v) => a + v, 0)).toBeCloseTo(100, 1);

  await page.getByTestId('run-backtest').click();
  const badge = page.getByTestId('strategy-comparison').getByTestId('run-monitor').first();
  await expect(badge).toHaveAttribute('data-state', /^(ok|alert)$/, { timeout: 30_000 });
  await expect(badge).toHaveAttribute('title', /Last 12 months \(\d+ periods\) against \d+ earlier periods/);
  expect(w.errors).toEqual([]);
});
