// The engine worker as reactive state: this class creates the worker, wraps it with comlink, reports its
// status and terminates it on dispose.
import * as Comlink from 'comlink';
import type { EngineApi } from '../../shared/engine-api';
import type { EngineInfo } from '../../shared/types';
import { errorMessage } from '../perf';

/** Engine lifecycle as shown in the status line. */
export type EngineStatus = 'loading' | 'ready' | 'error';

/** The engine API seen through comlink: every method returns a Promise. */
export type EngineRemote = Comlink.Remote<EngineApi>;

/** Owns the engine worker; `ready` settles once the worker has loaded its WASM kernels and answered info(). */
export class EngineConnection {
  /** Where the worker is in its start-up. */
  status = $state<EngineStatus>('loading');
  /** Version and SIMD flag reported by the worker once ready. */
  info = $state.raw<EngineInfo | null>(null);
  /** Why the worker failed, when status is 'error'. */
  error = $state<string | null>(null);
  /** The engine's methods, each returning a Promise. */
  readonly api: EngineRemote;
  /** Resolves with the engine's info once the kernels are loaded; rejects if the worker fails to start. */
  readonly ready: Promise<EngineInfo>;
  readonly #worker: Worker;

  /** `createWorker` makes the engine worker (the composition root knows its URL). */
  constructor(createWorker: () => Worker) {
    this.#worker = createWorker();
    this.api = Comlink.wrap<EngineApi>(this.#worker);
    // A worker that fails to load its module only fires 'error'; comlink calls would then wait forever.
    const failed = new Promise<never>((_, reject) => {
      this.#worker.addEventListener('error', (e) =>
        reject(new Error(`engine worker failed to start${e.message ? `: ${e.message}` : ''}`)),
      );
      this.#worker.addEventListener('messageerror', () =>
        reject(new Error('engine worker sent a message that could not be read')),
      );
    });
    this.ready = Promise.race([this.api.info(), failed]).then(
      (info) => {
        this.info = info;
        this.status = 'ready';
        return info;
      },
      (e: unknown) => {
        this.error = errorMessage(e);
        this.status = 'error';
        throw e;
      },
    );
    // Callers that await `ready` handle the error; this keeps an unobserved rejection off the console.
    this.ready.catch(() => undefined);
  }

  /** Status-line text, e.g. "Engine ready (WASM, SIMD)". */
  get label(): string {
    if (this.status === 'loading') return 'Engine loading…';
    if (this.status === 'error') return `Engine error: ${this.error ?? 'unknown'}`;
    return `Engine ready (WASM${this.info?.simd ? ', SIMD' : ''})`;
  }

  /** Releases the comlink proxy and terminates the worker. */
  dispose(): void {
    this.api[Comlink.releaseProxy]();
    this.#worker.terminate();
  }
}
