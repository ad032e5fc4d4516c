/// <reference types="vite-plugin-pwa/client" />
// The service worker's page side (vite.config.ts § VitePWA): registers it and reports "offline ready" and "update
// available". registerType 'prompt': a new version installs in the background and takes over only when the user
// presses Reload (UpdatePrompt.svelte), which it refuses while a backtest runs. In dev the register module is a no-op.
import { registerSW } from 'virtual:pwa-register';

/** Service-worker status the page shows. */
export class PwaState {
  /** A new version is installed and waiting. */
  needRefresh = $state(false);
  /** The app shell, kernels and DuckDB are cached: the app opens with no network. */
  offlineReady = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  /** Registers the service worker (production build only; call once after the first paint). */
  start(): void {
    if (!('serviceWorker' in navigator)) return;
    this.#update = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.needRefresh = true),
      onOfflineReady: () => (this.offlineReady = true),
    });
  }

  /** Activates the waiting version and reloads the page. */
  async update(): Promise<void> {
    await this.#update?.(true);
  }

  /** Hides the update prompt until the next update. */
  dismiss(): void {
    this.needRefresh = false;
  }
}
