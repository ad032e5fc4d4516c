// The indicator cache in the app (docs/indicator-cache.md): an added indicator is written behind into DuckDB's
// technical_indicators under (symbol, timeframe, function, params, data version); showing the same bars again
// reads it back (forced with the test hook's indicatorCacheMode 'always'); a stale version of the series is purged.
import { test, expect, type Page } from '@playwright/test';
import { watch } from './helpers';

interface Stats {
  reads: number;
  writes: number;
  purged: number;
  lastReadMs: number | null;
  lastComputeMs: number | null;
}
type Hook = {
  indicatorCacheMode?: string;
  indicatorCache: { query(sql: string): Promise<Record<string, unknown>[]>; stats(): Stats };
};

const chart = (page: Page) => page.getByTestId('price-chart');

async function query(page: Page, sql: string): Promise<Record<string, unknown>[]> {
  return page.evaluate((s) => (window as unknown as { __alphastratTest: Hook }).__alphastratTest.indicatorCache.query(s), sql);
}
async function stats(page: Page): Promise<Stats> {
  return page.evaluate(() => (window as unknown as { __alphastratTest: Hook }).__alphastratTest.indicatorCache.stats());
}

test('an added RSI is cached in technical_indicators, read back for the same bars, stale versions purged', async ({ page }) => {
  const w = watch(page);
  await page.addInitScript(() => ((window as unknown as { __alphastratTest: object }).__alphastratTest = {}));
  await page.goto('/');
  await expect(page.getByTestId('status')).toHaveAttribute('data-duckdb', 'ready', { timeout: 45_000 });
  const symbol = (await chart(page).getAttribute('data-symbol'))!;
  await expect(chart(page)).toHaveAttribute('data-timeframe', '1d');
  const bars = Number(await chart(page).getAttribute('data-bars'));

  await page.getByTestId('indicator-picker').click();
  await page.getByTestId('indicator-search').fill('RSI');
  await page.getByTestId('indicator-option-RSI').click();
  await page.getByTestId('indicator-add').click();
  const pane = page.getByTestId('indicator-pane-RSI');
  await expect(pane).toBeVisible();
  const finite = Number(await pane.getAttribute('data-values'));
  expect(finite).toBe(bars - 14);

  // Write-behind at idle: one row per bar under the canonical key, NULL in the 14 warm-up bars.
  await expect.poll(async () => (await stats(page)).writes, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  const key = `symbol = '${symbol.replace(/'/g, "''")}' AND timeframe = '1d' AND indicator_type = 'RSI' AND params = '{"timeperiod":14}'`;
  const [row] = await query(
    page,
    `SELECT CAST(count(*) AS INTEGER) AS n, CAST(count(value) AS INTEGER) AS finite, CAST(count(DISTINCT data_version) AS INTEGER) AS versions,
       min(data_version) AS version, min(output) AS output FROM technical_indicators WHERE ${key}`,
  );
  expect(row).toMatchObject({ n: bars, finite, versions: 1, output: 'real' });
  expect(String(row.version)).toMatch(/^[0-9a-f]{16}$/);
  const version = String(row.version);

  // A stale version of the same series (as if the bars had changed since): never read, purged once bars are shown.
  await query(
    page,
    `INSERT INTO technical_indicators VALUES ('${symbol.replace(/'/g, "''")}', '1d', 'RSI', '{"timeperiod":14}', '0000000000000000', 'real', 0, 1.0)`,
  );

  // Same bars again (weekly and back to daily: a new bars object with the same content) → read through the table.
  await page.evaluate(() => void ((window as unknown as { __alphastratTest: Hook }).__alphastratTest.indicatorCacheMode = 'always'));
  const before = await stats(page);
  const tf = page.getByTestId('timeframe-picker');
  await tf.selectOption('1w');
  await expect(chart(page)).toHaveAttribute('data-timeframe', '1w');
  await expect(pane).not.toHaveAttribute('data-values', String(finite));
  await tf.selectOption('1d');
  await expect(chart(page)).toHaveAttribute('data-timeframe', '1d');
  await expect(pane).toHaveAttribute('data-values', String(finite));
  const after = await stats(page);
  expect(after.reads).toBe(before.reads + 1);
  expect(after.lastReadMs).not.toBeNull();

  // The stale version is deleted at idle; the current one stays; the weekly series got its own entry.
  await expect
    .poll(async () => (await query(page, `SELECT CAST(count(*) AS INTEGER) AS n FROM technical_indicators WHERE ${key} AND data_version <> '${version}'`))[0].n, { timeout: 20_000 })
    .toBe(0);
  const [kept] = await query(page, `SELECT CAST(count(*) AS INTEGER) AS n FROM technical_indicators WHERE ${key} AND data_version = '${version}'`);
  expect(kept.n).toBe(bars);
  const [weekly] = await query(page, `SELECT CAST(count(*) AS INTEGER) AS n FROM technical_indicators WHERE timeframe = '1w' AND indicator_type = 'RSI'`);
  expect(Number(weekly.n)).toBeGreaterThan(0);
  expect((await stats(page)).purged).toBeGreaterThanOrEqual(1);
  const s = await stats(page);
  console.log(`indicator cache: read-through ${s.lastReadMs?.toFixed(1)} ms vs compute ${s.lastComputeMs?.toFixed(1)} ms for RSI(14) on ${bars} bars`);
  expect(w.errors).toEqual([]);
});

test('in auto mode a small series is recomputed (the engine is faster than a DuckDB read), still written behind', async ({ page }) => {
  await page.addInitScript(() => ((window as unknown as { __alphastratTest: object }).__alphastratTest = {}));
  await page.goto('/');
  await expect(page.getByTestId('status')).toHaveAttribute('data-duckdb', 'ready', { timeout: 45_000 });
  await page.getByTestId('indicator-picker').click();
  await page.getByTestId('indicator-search').fill('MACD');
  await page.getByTestId('indicator-option-MACD').click();
  await page.getByTestId('indicator-add').click();
  await expect(page.getByTestId('indicator-pane-MACD')).toBeVisible();
  await expect.poll(async () => (await stats(page)).writes, { timeout: 20_000 }).toBe(1);
  const tf = page.getByTestId('timeframe-picker');
  await tf.selectOption('1w');
  await expect(chart(page)).toHaveAttribute('data-timeframe', '1w');
  await tf.selectOption('1d');
  await expect(chart(page)).toHaveAttribute('data-timeframe', '1d');
  await expect.poll(async () => (await stats(page)).writes, { timeout: 20_000 }).toBe(2);
  const [row] = await query(page, `SELECT CAST(count(DISTINCT output) AS INTEGER) AS outputs FROM technical_indicators WHERE indicator_type = 'MACD' AND timeframe = '1d'`);
  expect(row.outputs).toBe(3);
  // The cost rule (READ_FIXED_MS = 50 ms): a read-through only replaces a slower compute.
  const s = await stats(page);
  expect(s.reads === 0 || (s.lastComputeMs ?? 0) > 50).toBe(true);
});
