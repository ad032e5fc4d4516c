// Node loader for kernels.wasm (CLI, unit tests, benchmarks). The browser loads it in workers/.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instantiateKernels, type Kernels } from './index';

/** Absolute path of the compiled kernel module (built by `npm run build:kernels`). */
export const KERNELS_WASM_PATH = fileURLToPath(new URL('../../build/kernels.wasm', import.meta.url));

let loading: Promise<Kernels> | null = null;

/** Loads build/kernels.wasm once per process; a clear error tells how to build it when it is missing. */
export function loadKernelsNode(): Promise<Kernels> {
  if (loading === null) {
    if (!existsSync(KERNELS_WASM_PATH)) {
      return Promise.reject(new Error(`${KERNELS_WASM_PATH} is missing: run \`npm run build:kernels\``));
    }
    loading = instantiateKernels(readFileSync(KERNELS_WASM_PATH));
  }
  return loading;
}
