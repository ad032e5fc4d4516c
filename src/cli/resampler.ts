// The CLI's resampler: a DuckDB store opened on the first resample request only (DuckDB-WASM costs a few
// hundred ms to start), reused for every later request of a batch, closed at exit.
import type { Bars, Timeframe } from '../shared/types';
import type { Resampler } from './data';

type Store = Awaited<ReturnType<typeof import('../store/duckdb-node').openNodeStore>>;

/** A Resampler over a lazily opened in-memory DuckDB store; `close()` releases it if it was opened. */
export class LazyStoreResampler implements Resampler {
  private opening: Promise<Store> | null = null;
  // What is stored per symbol: its one timeframe and a content hash, to skip re-inserting identical bars.
  private stored = new Map<string, { timeframe: Timeframe; hash: string }>();

  /** `bars` resampled to `to` in SQL by the store (src/store resampling rules). */
  async resample(bars: Bars, to: Timeframe): Promise<Bars> {
    if (bars.ts.length === 0) return { ...bars, timeframe: to };
    this.opening ??= import('../store/duckdb-node').then((m) => m.openNodeStore());
    const store = await this.opening;
    const hash = hashBars(bars);
    const had = this.stored.get(bars.symbol);
    if (had?.timeframe !== bars.timeframe || had.hash !== hash) {
      // Keep one source timeframe per symbol, so the store resamples from exactly the bars given here
      // (it would otherwise pick its own preferred source, e.g. 1m over 1d for weekly bars).
      if (had !== undefined && had.timeframe !== bars.timeframe) await store.insertBars(emptyBars(bars.symbol, had.timeframe));
      this.stored.delete(bars.symbol);
      await store.insertBars(bars);
      this.stored.set(bars.symbol, { timeframe: bars.timeframe, hash });
    }
    return store.bars(bars.symbol, to);
  }

  /** Closes the store if it was ever opened. */
  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    this.stored.clear();
    if (opening !== null) await (await opening.catch(() => null))?.close();
  }
}

function emptyBars(symbol: string, timeframe: Timeframe): Bars {
  const e = new Float64Array(0);
  return { symbol, timeframe, ts: e, open: e, high: e, low: e, close: e, volume: e };
}

/** FNV-1a over the raw bits of every column: equal hashes mean (practically) equal bars. */
function hashBars(b: Bars): string {
  let h = 0x811c9dc5;
  for (const col of [b.ts, b.open, b.high, b.low, b.close, b.volume]) {
    const words = new Uint32Array(col.buffer, col.byteOffset, col.length * 2);
    for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  }
  return `${b.ts.length}:${(h >>> 0).toString(16)}`;
}
