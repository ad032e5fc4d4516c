import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './scripts/lib/chromium.mjs';

// Browser tests run the production build (dist/, made by `vite build`) in Debian's Chromium.
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT ?? 4179);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  outputDir: '.test-results/playwright',
  use: {
    baseURL: `http://localhost:${port}/`,
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
    viewport: { width: 1280, height: 800 },
  },
  webServer: {
    command: `node scripts/start.mjs --no-build --no-proxy --port ${port}`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
  },
});
