// The saved workspace in the page: strategies and runs the user keeps in IndexedDB (src/store/workspace.ts), with
// export to and import from a JSON file. Opened on first use; imports validate every strategy config with the
// engine's validation before anything is stored.
import { errorMessage } from '../perf';
import type { Workspace, WorkspaceKind } from '../../store/workspace';
import type { BacktestRun } from './backtest.svelte';

/** Saved items per kind, and the last action's message. */
export class WorkspaceState {
  counts = $state<Record<WorkspaceKind, number>>({ strategies: 0, runs: 0, portfolios: 0, watchlists: 0 });
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  #ws: Promise<Workspace> | null = null;

  #open(): Promise<Workspace> {
    return (this.#ws ??= (async () => {
      const { Workspace, idbBackend, memoryBackend } = await import('../../store/workspace');
      const backend = await idbBackend().catch(() => memoryBackend());
      return new Workspace(backend);
    })());
  }

  async #refresh(ws: Workspace): Promise<void> {
    const { WORKSPACE_KINDS } = await import('../../store/workspace');
    const next = { ...this.counts };
    for (const k of WORKSPACE_KINDS) next[k] = (await ws.list(k)).length;
    this.counts = next;
  }

  async #do(what: (ws: Workspace) => Promise<string>): Promise<void> {
    this.error = null;
    this.message = null;
    try {
      const ws = await this.#open();
      this.message = await what(ws);
      await this.#refresh(ws);
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** Loads the counts (call once the page is idle). */
  load(): Promise<void> {
    return this.#do(async () => '').then(() => void (this.message = null));
  }

  /** Saves a run's strategy config, or the run itself (config, symbol, timeframe, stats), as a new item. */
  save(kind: Extract<WorkspaceKind, 'strategies' | 'runs'>, run: BacktestRun): Promise<void> {
    return this.#do(async (ws) => {
      const data =
        kind === 'strategies'
          ? run.config
          : { config: run.config, symbol: run.bars.symbol, timeframe: run.bars.timeframe, bars: run.bars.ts.length, stats: run.result.stats };
      await ws.save(kind, run.label, data);
      return `Saved “${run.label}” to ${kind}.`;
    });
  }

  /** The whole workspace as export JSON text. */
  async exportJson(): Promise<string | null> {
    try {
      return await (await this.#open()).exportJson();
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    }
  }

  /** Adds the items of an export file (strategy configs validated by the engine; nothing overwritten). */
  importJson(text: string): Promise<void> {
    return this.#do(async (ws) => {
      const { validateBacktestConfig } = await import('../../engine/spec/validate');
      const r = await ws.importJson(text, (kind, data) => {
        if (kind === 'strategies') validateBacktestConfig(data);
        if (kind === 'runs') validateBacktestConfig((data as { config?: unknown } | null)?.config);
      });
      return `Imported ${r.added} item${r.added === 1 ? '' : 's'}${r.skipped ? ` (${r.skipped} already there)` : ''}.`;
    });
  }
}
