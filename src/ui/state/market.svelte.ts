// The market view: which symbol and timeframe are shown, their bars and overlay lines, and the crosshair
// readout. Native timeframes (1d, 1m) come from the engine worker; the others from the DuckDB store.
import * as Comlink from 'comlink';
import type { OverlaySpec } from '../../shared/engine-api';
import type { Bars, DemoSymbol, Timeframe } from '../../shared/types';
import { TIMEFRAMES } from '../../shared/types';
import { DEMO_LABEL, DEMO_SYMBOLS, isDemoId } from '../../sources/demo';
import { formatPrice, formatVolume } from '../charts/data/format';
import { overlayLabel } from '../charts/data/overlays';
import { formatBarTime } from '../charts/data/time-ticks';
import type { ChartOverlay, ChartSeries, DrawInfo } from '../charts/price-chart';
import { overlayColour } from '../charts/theme';
import { errorMessage, markOnce, whenIdle } from '../perf';
import type { EngineConnection } from './engine.svelte';
import { OverlaySettings } from './overlay-settings.svelte';
import { isNative, type StoreConnection } from './store.svelte';

/** Values of one bar as the readout above the chart shows them. */
export interface BarReadout {
  time: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  /** Close-to-close change in percent with sign, e.g. "+1.23%"; empty for the first bar. */
  change: string;
  up: boolean;
  /** True when the values are those of the bar under the crosshair (else the last bar). */
  hovered: boolean;
  overlays: { label: string; value: string; colour: string }[];
}

/** Symbols beyond the demo market (the cached series of the data layer, DataState) and how to load them. */
export interface ExtraSymbols {
  /** The extra symbols, listed after the demo ones (reactive). */
  readonly symbols: readonly DemoSymbol[];
  /** Bars of an extra symbol at a timeframe. */
  bars(id: string, timeframe: Timeframe): Promise<Bars>;
  /** Badge text for an extra symbol (where its data came from). */
  label(id: string): string;
  /** Called once, after the chart's first paint (start-up work that must not delay it). */
  afterFirstPaint(): void;
}

/** Series kept in memory so switching back to a recent symbol/timeframe is instant. */
const CACHE_SIZE = 8;

/** State of the price view; drives the engine and store connections it is given. */
export class MarketState {
  /** The demo market's symbols (fixed list, so the picker renders before the engine has loaded), then the extra ones. */
  get symbols(): readonly DemoSymbol[] {
    const extra = this.#extra?.symbols ?? [];
    return extra.length ? [...DEMO_SYMBOLS, ...extra] : DEMO_SYMBOLS;
  }
  /** Every timeframe, finest first (the picker disables those not available yet). */
  readonly timeframes: readonly Timeframe[] = TIMEFRAMES;
  /** Selected symbol id, e.g. 'DEMO:ACME'. */
  symbol = $state(DEMO_SYMBOLS[0]?.id ?? '');
  /** Selected timeframe. */
  timeframe = $state<Timeframe>('1d');
  /** The series on screen; replaced whole, never mutated. */
  bars = $state.raw<Bars | null>(null);
  /** Overlay lines computed from `bars` (kept with the bars they belong to). */
  overlayLines = $state.raw<{ bars: Bars; lines: ChartOverlay[] } | null>(null);
  /** True while a series is being fetched. */
  loading = $state(false);
  /** Why the selected series could not be shown (the previous one stays on screen). */
  error = $state<string | null>(null);
  /** Why the overlays could not be computed (the bars are still shown). */
  overlayError = $state<string | null>(null);
  /** Bar index under the crosshair, null when the pointer is off the plot. */
  hover = $state<number | null>(null);
  /** The overlay period fields. */
  readonly overlays = new OverlaySettings();
  readonly #engine: EngineConnection;
  readonly #store: StoreConnection;
  readonly #cache = new Map<string, Bars>();
  #loadSeq = 0;
  #overlaySeq = 0;
  #storeScheduled = false;
  #extra: ExtraSymbols | null = null;

  constructor(engine: EngineConnection, store: StoreConnection) {
    this.#engine = engine;
    this.#store = store;
  }

  /** Adds the symbols of `extra` (the data layer's cached series) to the picker. */
  attachExtra(extra: ExtraSymbols): void {
    this.#extra = extra;
  }

  /** Where the shown series comes from: the demo label, or the extra symbol's label. */
  get sourceLabel(): string {
    const id = this.bars?.symbol ?? this.symbol;
    return isDemoId(id) || !this.#extra ? DEMO_LABEL : this.#extra.label(id);
  }

  /** Drops the in-memory copies of `id` (its cached data changed) and reloads it if it is on screen. */
  forget(id: string): void {
    for (const key of [...this.#cache.keys()]) if (key.startsWith(`${id}|`)) this.#cache.delete(key);
    if (this.symbol === id) void this.#load();
  }

  /** What the chart draws: the bars and the overlays computed from exactly those bars. */
  get series(): ChartSeries | null {
    const bars = this.bars;
    if (!bars) return null;
    const o = this.overlayLines;
    return { bars, overlays: o && o.bars === bars ? o.lines : [] };
  }

  /** The symbol on screen (the selected one once its bars have arrived). */
  get shownSymbol(): DemoSymbol | undefined {
    const id = this.bars?.symbol ?? this.symbol;
    return this.symbols.find((s) => s.id === id);
  }

  /** Whether a timeframe can be picked now: native ones always, resampled ones once DuckDB is ready. */
  timeframeEnabled(tf: Timeframe): boolean {
    return isNative(tf) || this.#store.status === 'ready';
  }

  /** Loads the initial series. */
  start(): void {
    void this.#load();
    // Without an engine there is no chart to wait for: DuckDB still opens, so its status is truthful.
    this.#engine.ready.catch(() => this.#scheduleStore());
  }

  /** Shows another symbol at the current timeframe. */
  selectSymbol(id: string): void {
    if (id === this.symbol || !this.symbols.some((s) => s.id === id)) return;
    this.symbol = id;
    void this.#load();
  }

  /** Shows the current symbol at another timeframe (resampled ones only once the store is ready). */
  selectTimeframe(tf: Timeframe): void {
    if (tf === this.timeframe || !this.timeframes.includes(tf) || !this.timeframeEnabled(tf)) return;
    this.timeframe = tf;
    void this.#load();
  }

  /** Takes text typed into an overlay period field; a valid new period recomputes the overlays. */
  setPeriod(fn: OverlaySpec['fn'], text: string): void {
    if (this.overlays.set(fn, text)) void this.#refreshOverlays();
  }

  /** Called by the chart after each redraw: sets the performance marks and starts DuckDB after the first paint. */
  noteDrawn(info: DrawInfo): void {
    if (info.bars > 0) {
      markOnce('chart-first-paint');
      this.#scheduleStore();
    }
    if (info.overlays > 0) markOnce('overlays-drawn');
  }

  // DuckDB's wasm is large: fetch and compile it only once the chart is on screen and the page is idle.
  #scheduleStore(): void {
    if (this.#storeScheduled) return;
    this.#storeScheduled = true;
    whenIdle(() => void this.#store.open().catch(() => undefined), 300);
    this.#extra?.afterFirstPaint();
  }

  /** Values for the readout: the hovered bar, else the last one. */
  get readout(): BarReadout | null {
    const bars = this.bars;
    const n = bars?.close.length ?? 0;
    if (!bars || n === 0) return null;
    const hovered = this.hover !== null && this.hover >= 0 && this.hover < n;
    const i = hovered ? (this.hover as number) : n - 1;
    const close = bars.close[i];
    const prev = i > 0 ? bars.close[i - 1] : NaN;
    const pct = ((close - prev) / prev) * 100;
    return {
      time: formatBarTime(bars.ts[i], bars.timeframe),
      open: formatPrice(bars.open[i]),
      high: formatPrice(bars.high[i]),
      low: formatPrice(bars.low[i]),
      close: formatPrice(close),
      volume: formatVolume(bars.volume[i]),
      change: Number.isFinite(pct) ? `${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%` : '',
      up: !(close < bars.open[i]),
      hovered,
      overlays: this.series!.overlays.map((o) => ({
        label: overlayLabel(o.spec),
        value: formatPrice(o.values[i]),
        colour: o.colour,
      })),
    };
  }

  // Fetches the selected series and its overlays, then shows both at once (no frame without overlays).
  async #load(): Promise<void> {
    const seq = ++this.#loadSeq;
    const { symbol, timeframe } = this;
    this.loading = true;
    this.error = null;
    try {
      await this.#engine.ready;
      const bars = await this.#fetch(symbol, timeframe);
      if (seq !== this.#loadSeq) return;
      const lines = await this.#computeOverlays(bars);
      if (seq !== this.#loadSeq) return;
      this.hover = null;
      this.bars = bars;
      this.overlayLines = lines ? { bars, lines } : null;
      // A period edited while loading superseded this computation: compute again for the new bars.
      if (!lines && this.overlayError === null) await this.#refreshOverlays();
    } catch (e) {
      if (seq === this.#loadSeq) this.error = `Could not load ${symbol} ${timeframe}: ${errorMessage(e)}`;
    } finally {
      if (seq === this.#loadSeq) this.loading = false;
    }
  }

  async #fetch(symbol: string, timeframe: Timeframe): Promise<Bars> {
    const key = `${symbol}|${timeframe}`;
    const hit = this.#cache.get(key);
    if (hit) {
      // Re-insert so the Map's insertion order doubles as least-recently-used order.
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit;
    }
    const bars = !isDemoId(symbol) && this.#extra
      ? await this.#extra.bars(symbol, timeframe)
      : isNative(timeframe)
      ? await this.#engine.api.demoBars(symbol, timeframe)
      : await this.#store.resampled(symbol, timeframe, (from) => this.#engine.api.demoBars(symbol, from));
    this.#cache.set(key, bars);
    if (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value as string);
    return bars;
  }

  // Recomputes the overlays of the bars on screen and shows them if nothing newer arrived meanwhile.
  async #refreshOverlays(): Promise<void> {
    const bars = this.bars;
    if (!bars) return;
    const lines = await this.#computeOverlays(bars);
    if (lines && bars === this.bars) this.overlayLines = { bars, lines };
  }

  // Overlay lines for `bars` from the WASM kernels in the worker; null (with overlayError set) on failure.
  async #computeOverlays(bars: Bars): Promise<ChartOverlay[] | null> {
    const seq = ++this.#overlaySeq;
    const specs = this.overlays.specs;
    try {
      // Transfer a copy: transferring bars.close itself would detach the column the chart draws.
      const close = bars.close.slice();
      const values = await this.#engine.api.overlays(Comlink.transfer(close, [close.buffer]), specs);
      if (seq !== this.#overlaySeq) return null;
      this.overlayError = null;
      return specs.map((spec, i) => ({ spec, values: values[i], colour: overlayColour(i) }));
    } catch (e) {
      if (seq === this.#overlaySeq) this.overlayError = `Could not compute overlays: ${errorMessage(e)}`;
      return null;
    }
  }
}
