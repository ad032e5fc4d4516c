// The market-data layer as reactive state: the Data panel's fetch form (source, symbol, timeframe, days,
// adjusted) with progress and cancel, the IndexedDB cache's series list and storage usage, the proxy's health
// (online/offline and the Yahoo fallback), and the cached series as extra symbols of the chart. Everything heavy
// (idb, Arrow, the sources) is loaded after the chart's first paint (data-services.ts), and DuckDB's bars table
// is then filled from the cache, which is the source of truth.
import type { Bars, DemoSymbol, Timeframe } from '../../shared/types';
import type { SourceId } from '../../sources/source';
import type { CachedSeries } from '../../store/bar-cache';
import type { SeriesId } from '../../store/cache-plan';
import { errorMessage, whenIdle } from '../perf';
import { CsvImportState } from './csv-import.svelte';
import type { DataServices } from './data-services';
import type { ExtraSymbols, MarketState } from './market.svelte';
import type { StoreConnection } from './store.svelte';

/** Labels of the source selector. */
export const SOURCE_LABELS: Record<SourceId, string> = {
  polygon: 'Polygon (via the proxy)',
  yahoo: 'Yahoo — best-effort backup (unofficial)',
  csv: 'CSV file (import below)',
  demo: 'Demo (synthetic)',
};

/** Timeframes the fetch form offers (coarser ones are resampled from 1d in DuckDB). */
export const FETCH_TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m', '1h', '1d'];

/** Proxy reachability: unknown until checked. */
export type Health = 'unknown' | 'checking' | 'online' | 'offline';

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;

/** Owns the data layer's services once loaded; drives the Data panel and feeds the market extra symbols. */
export class DataState implements ExtraSymbols {
  open = $state(false);
  source = $state<SourceId>('polygon');
  symbol = $state('AAPL');
  timeframe = $state<Timeframe>('1d');
  from = $state(iso(new Date(Date.now() - 365 * 86_400_000)));
  to = $state(iso(new Date()));
  adjusted = $state(true);
  health = $state<Health>('unknown');
  /** From /api/health; null until known. */
  keyConfigured = $state<boolean | null>(null);
  /** A remark about the source choice (e.g. the Yahoo fallback). */
  note = $state<string | null>(null);
  fetching = $state(false);
  progress = $state.raw<{ pages: number; bars: number }>({ pages: 0, bars: 0 });
  /** Outcome of the last fetch or removal, and its failure. */
  result = $state<string | null>(null);
  error = $state<string | null>(null);
  cached = $state.raw<CachedSeries[]>([]);
  storage = $state.raw<{ usage: number; quota: number } | null>(null);
  persisted = $state<boolean | null>(null);
  readonly csv: CsvImportState;
  readonly #market: MarketState;
  readonly #store: StoreConnection;
  readonly #load: () => Promise<DataServices>;
  #services: Promise<DataServices> | null = null;
  #filled: Promise<void> | null = null;
  #abort: AbortController | null = null;
  #started = false;

  /** `load` imports and opens the data services (a dynamic import, see data-services.ts). */
  constructor(market: MarketState, store: StoreConnection, load: () => Promise<DataServices>) {
    this.#market = market;
    this.#store = store;
    this.#load = load;
    this.csv = new CsvImportState(
      () => this.services(),
      (series) => this.#added(series),
    );
    market.attachExtra(this);
  }

  /** The loaded services (idb cache, sources, CSV import); loaded once. */
  services(): Promise<DataServices> {
    this.#services ??= this.#load();
    return this.#services;
  }

  /** The cached series as chart symbols, one per app symbol id. */
  get symbols(): readonly DemoSymbol[] {
    const seen = new Map<string, DemoSymbol>();
    for (const s of this.cached) {
      if (!seen.has(s.id))
        seen.set(s.id, {
          id: s.id,
          name: `${s.symbol} · ${s.source === 'csv' ? 'imported CSV' : SOURCE_LABELS[s.source].split(' ')[0]}`,
          sector: 'cached',
        });
    }
    return [...seen.values()];
  }

  /** Badge of a cached symbol: where it came from and when. */
  label(id: string): string {
    const s = this.cached.find((c) => c.id === id);
    if (!s) return 'cached data';
    return s.source === 'csv'
      ? 'imported CSV data'
      : `${s.source === 'yahoo' ? 'Yahoo backup' : 'Polygon'} data, cached ${iso(new Date(s.fetchedAt))}`;
  }

  /** The offline banner's text, or null when the proxy is reachable (or not yet checked). */
  get offlineText(): string | null {
    if (this.health !== 'offline') return null;
    if (this.cached.length === 0) return 'offline — the data proxy is unreachable; only the demo market is available';
    const latest = Math.max(...this.cached.map((s) => s.fetchedAt));
    return `offline — cached data from ${iso(new Date(latest))}`;
  }

  /** Storage line for the panel, e.g. "1.20 MB used of 2000 MB · persistent". */
  get storageText(): string {
    if (!this.storage) return 'storage usage unknown';
    return `${mb(this.storage.usage)} used of ${mb(this.storage.quota)}${this.persisted ? ' · persistent' : ''}`;
  }

  /** Start-up after the chart's first paint: list the cache, check the proxy if there is cached data, fill DuckDB. */
  afterFirstPaint(): void {
    if (this.#started) return;
    this.#started = true;
    if (typeof window !== 'undefined') {
      window.addEventListener('online', () => void this.checkHealth());
      window.addEventListener('offline', () => (this.health = 'offline'));
    }
    whenIdle(() => void this.#startUp(), 500);
  }

  async #startUp(): Promise<void> {
    try {
      await this.#refreshList();
      if (this.cached.length > 0) void this.checkHealth();
      this.#filled = this.#fill();
      await this.#filled;
    } catch (e) {
      this.error = `Could not open the bar cache: ${errorMessage(e)}`;
    }
  }

  // DuckDB's bars table from the cache (the store opens after the first paint anyway, see MarketState).
  async #fill(): Promise<void> {
    const svc = await this.services();
    if ((await svc.cache.metas()).length === 0) return;
    const store = await this.#store.open();
    const { discarded } = await svc.fillStoreFromCache(store, svc.cache);
    if (discarded.length > 0)
      this.error = `Discarded ${discarded.length} cached month(s) that failed their checksum (${discarded.slice(0, 3).join(', ')}…); fetch them again`;
    await this.#refreshList();
  }

  async #refreshList(): Promise<void> {
    const svc = await this.services();
    this.cached = await svc.cache.list();
  }

  /** Opens the Data panel (checks the proxy and storage). */
  show(): void {
    this.open = true;
    void this.checkHealth();
    void this.refreshStorage();
    void this.#refreshList().catch((e: unknown) => (this.error = errorMessage(e)));
  }

  /** Asks `/api/health`: online/offline, and whether Polygon has a key (else Yahoo becomes the default). */
  async checkHealth(): Promise<void> {
    this.health = 'checking';
    try {
      const svc = await this.services();
      const h = await svc.health(AbortSignal.timeout(5000));
      this.health = 'online';
      this.keyConfigured = h.keyConfigured;
      if (!h.keyConfigured && this.source === 'polygon') {
        this.source = 'yahoo';
        this.note = 'The proxy has no Polygon key configured: using the Yahoo backup (best effort).';
      }
    } catch {
      this.health = 'offline';
    }
  }

  /** Reads navigator.storage usage and whether storage is persistent. */
  async refreshStorage(): Promise<void> {
    const st = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!st?.estimate) return;
    const e = await st.estimate();
    this.storage = { usage: e.usage ?? 0, quota: e.quota ?? 0 };
    this.persisted = st.persisted ? await st.persisted() : null;
  }

  /** Asks the browser to keep this site's storage (navigator.storage.persist); shows the answer. */
  async persist(): Promise<void> {
    const st = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!st?.persist) {
      this.error = 'this browser cannot make storage persistent';
      return;
    }
    this.persisted = await st.persist();
    this.result = this.persisted
      ? 'Storage is now persistent: the browser will not evict the cache.'
      : 'The browser declined persistent storage (it may grant it after more use, or for an installed app).';
  }

  /** Fetches the form's request into the cache (only missing days go to the network), then shows the symbol. */
  async fetch(): Promise<void> {
    if (this.fetching) return;
    if (this.source === 'csv') {
      this.error = 'CSV data is imported with the CSV import below';
      return;
    }
    this.fetching = true;
    this.error = null;
    this.result = null;
    this.progress = { pages: 0, bars: 0 };
    const abort = (this.#abort = new AbortController());
    try {
      const svc = await this.services();
      if (this.source === 'polygon' && this.keyConfigured === null) await this.checkHealth();
      const source = svc.sourceFor(this.source === 'polygon' && this.keyConfigured === false ? 'yahoo' : this.source);
      const req = { symbol: this.symbol, timeframe: this.timeframe, from: this.from, to: this.to, adjusted: this.adjusted };
      const r = await svc.fetchIntoCache(svc.cache, source, req, {
        signal: abort.signal,
        onProgress: (p) => (this.progress = p),
      });
      this.health = source.id === 'demo' ? this.health : 'online';
      const parts = [`${r.bars.ts.length} bars of ${r.bars.symbol} ${req.timeframe}`];
      parts.push(
        r.fetched.length === 0
          ? 'all from the cache'
          : `fetched ${r.fetched.map((f) => `${f.from}…${f.to}`).join(', ')} (${this.progress.pages} page${this.progress.pages === 1 ? '' : 's'})`,
      );
      if (r.discarded.length) parts.push(`refetched ${r.discarded.length} corrupt cached month(s): ${r.discarded.join(', ')}`);
      if (r.changed.length)
        parts.push(
          `prices changed upstream (a new split adjustment?) in ${r.changed.join(', ')}: the whole cached history was fetched again`,
        );
      if (r.evicted)
        parts.push(
          `storage was full: evicted ${r.evicted} least recently used chunk(s) (imported CSV data and pinned series are kept)`,
        );
      this.result = parts.join('; ');
      await this.#added(r.series);
    } catch (e) {
      const kind = (e as { kind?: string }).kind;
      if (kind === 'offline') this.health = 'offline';
      this.error =
        kind === 'aborted' ? 'Fetch cancelled (the ranges already received are cached).' : `Fetch failed: ${errorMessage(e)}`;
      await this.#refreshList().catch(() => undefined);
    } finally {
      this.fetching = false;
      this.#abort = null;
      void this.refreshStorage();
    }
  }

  /** Cancels the running fetch. */
  cancel(): void {
    this.#abort?.abort();
  }

  // A series was fetched or imported: list it, load it into DuckDB, and show it.
  async #added(series: SeriesId): Promise<void> {
    const svc = await this.services();
    await this.#refreshList();
    const entry = this.cached.find(
      (c) =>
        c.source === series.source &&
        c.symbol === series.symbol &&
        c.timeframe === series.timeframe &&
        c.adjusted === series.adjusted,
    );
    if (!entry) return;
    const { bars } = await svc.cache.read(entry);
    if (bars.ts.length > 0) await (await this.#store.open()).insertBars(bars);
    this.#market.forget(entry.id);
    if (this.#market.timeframe !== series.timeframe) this.#market.selectTimeframe(series.timeframe);
    this.#market.selectSymbol(entry.id);
  }

  /** Removes a cached series (also an imported CSV: this is the user's explicit choice) and its DuckDB rows. */
  async remove(key: string): Promise<void> {
    const s = this.cached.find((c) => c.key === key);
    if (!s) return;
    try {
      const svc = await this.services();
      await svc.cache.remove(s);
      await this.#refreshList();
      if (this.#store.status === 'ready') await (await this.#store.open()).query(svc.deleteBarsSql(s.id, s.timeframe));
      if (!this.cached.some((c) => c.id === s.id) && this.#market.symbol === s.id)
        this.#market.selectSymbol(this.#market.symbols[0].id);
      this.#market.forget(s.id);
      this.result = `Removed ${s.id} ${s.timeframe} from the cache`;
      void this.refreshStorage();
    } catch (e) {
      this.error = `Could not remove ${s.id}: ${errorMessage(e)}`;
    }
  }

  /** Pins series keys (a saved backtest or portfolio needs them): their chunks are never evicted. */
  async pin(keys: string[]): Promise<void> {
    await (await this.services()).cache.pin(keys);
    await this.#refreshList();
  }

  /** Unpins series keys. */
  async unpin(keys: string[]): Promise<void> {
    await (await this.services()).cache.unpin(keys);
    await this.#refreshList();
  }

  /** Bars of a cached symbol: stored timeframes straight from the cache, others resampled by DuckDB. */
  async bars(id: string, timeframe: Timeframe): Promise<Bars> {
    const svc = await this.services();
    if (this.cached.length === 0) await this.#refreshList();
    const native = this.cached.find((c) => c.id === id && c.timeframe === timeframe);
    if (native) {
      const { bars, discarded } = await svc.cache.read(native);
      if (discarded.length > 0) {
        this.error = `${discarded.length} cached month(s) of ${id} failed their checksum and were discarded (${discarded.map((m) => m.month).join(', ')}); fetch them again`;
        void this.#refreshList();
      }
      return bars;
    }
    if (!this.cached.some((c) => c.id === id)) throw new Error(`${id} is not in the cache`);
    await (this.#filled ?? this.#fill());
    return (await this.#store.open()).bars(id, timeframe);
  }
}
