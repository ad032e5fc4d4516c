import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The app is fully static: every asset (kernels.wasm, DuckDB's eh bundle) is served from dist/ itself.
export default defineConfig({
  plugins: [svelte()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0,
  },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: false },
});
