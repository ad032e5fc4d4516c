import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The app is fully static: every asset (kernels.wasm, DuckDB's eh bundle) is served from dist/ itself.
// `/api` goes to the market-data proxy (proxy/node.ts, started by `npm start`), so the browser stays same-origin.
const api = { '/api': { target: `http://127.0.0.1:${process.env.PROXY_PORT ?? 8787}`, changeOrigin: false } };

export default defineConfig({
  plugins: [svelte()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0,
  },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  server: { port: 5173, strictPort: false, proxy: api },
  preview: { port: 4173, strictPort: false, proxy: api },
});
