import { defineConfig } from 'vitest/config';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // DuckDB-WASM's Node build and our code must share one apache-arrow instance (17.0.0), or
    // inserts from Arrow tables fail silently: point every import at the CJS build DuckDB loads.
    alias: { 'apache-arrow': require.resolve('apache-arrow') },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
