// The user's TA-Lib indicators: the registry catalogue (from the engine worker), the picker's form state, the
// indicators added, and their values for the bars on screen (recomputed in the worker when the bars change).
import * as Comlink from 'comlink';
import type { IndicatorMeta } from '../../shared/engine-api';
import type { Bars, PriceField } from '../../shared/types';
import {
  countFinite,
  drawsAsDots,
  indicatorLabel,
  indicatorPlacement,
  isHistogramOutput,
  paneGuides,
  type IndicatorPlacement,
} from '../charts/data/indicator-panes';
import type { IndexDomain } from '../charts/data/viewport';
import type { PaneSeries } from '../charts/pane-chart';
import type { ChartIndicator } from '../charts/price-chart';
import { indicatorColour, paneColour } from '../charts/theme';
import { errorMessage } from '../perf';
import type { EngineConnection } from './engine.svelte';
import type { IndicatorCacheLink } from './indicator-cache-link';
import { groupCatalog, type CatalogGroup } from './indicator-catalog';
import { parseParams } from './indicator-params';

/** One indicator the user added: function, parameter values, label and where it is drawn. */
export interface AddedIndicator {
  /** Unique per page session; keys the computed values (the same function may be added with other parameters). */
  id: number;
  meta: IndicatorMeta;
  params: Record<string, number>;
  /** E.g. "BBANDS(20,2,2,0)"; "CDLENGULFING" for a function without parameters. */
  label: string;
  placement: IndicatorPlacement;
  /** Line colour of price-scale indicators (all outputs share it). */
  colour: string;
}

/** An indicator's outputs for one bars object (drawn only while those bars are on screen). */
interface ComputedValues {
  bars: Bars;
  outputs: Record<string, Float64Array>;
}

/** Everything a pane below the price chart draws. */
export interface PaneView {
  indicator: AddedIndicator;
  series: PaneSeries[];
  guides: readonly number[];
  /** Non-NaN values of the first output (the pane's data-values attribute). */
  finite: number;
}

type PriceColumns = Partial<Pick<Bars, PriceField>>;

/** Indicator picker, added indicators and their computed values. */
export class IndicatorsState {
  /** Registry metadata of every function (empty until the engine answers). */
  catalog = $state.raw<IndicatorMeta[]>([]);
  /** Why the catalogue could not be loaded. */
  catalogError = $state<string | null>(null);
  /** Text of the picker's search box. */
  query = $state('');
  /** The function whose parameter form is open. */
  selected = $state.raw<IndicatorMeta | null>(null);
  /** Raw text of each parameter field of the open form. */
  inputs = $state<Record<string, string>>({});
  /** Validation message of each invalid field of the open form. */
  errors = $state<Record<string, string>>({});
  /** The engine's message when it rejected the last add (nothing was added). */
  addError = $state<string | null>(null);
  /** True while an add is being computed. */
  adding = $state(false);
  /** Added indicators in the order they were added. */
  list = $state.raw<AddedIndicator[]>([]);
  /** The price chart's visible index domain, shared by the panes so their bars line up. */
  view = $state.raw<IndexDomain | null>(null);
  /** Why recomputing for new bars failed, per indicator id. */
  failures = $state.raw<ReadonlyMap<number, string>>(new Map());
  #values = $state.raw<ReadonlyMap<number, ComputedValues>>(new Map());
  readonly #engine: EngineConnection;
  readonly #bars: () => Bars | null;
  readonly #cache: IndicatorCacheLink | null;
  #nextId = 1;
  #refreshSeq = 0;

  /**
   * `bars` reads the series on screen (indicators are computed for it); `cache`, when given, stores results in
   * DuckDB at idle time and reads them back when that is faster than computing (docs/indicator-cache.md).
   */
  constructor(engine: EngineConnection, bars: () => Bars | null, cache: IndicatorCacheLink | null = null) {
    this.#engine = engine;
    this.#bars = bars;
    this.#cache = cache;
  }

  /** Asks the engine for the registry's metadata once it is ready. */
  async loadCatalog(): Promise<void> {
    try {
      await this.#engine.ready;
      this.catalog = await this.#engine.api.functions();
      this.catalogError = null;
    } catch (e) {
      this.catalogError = `Could not list indicators: ${errorMessage(e)}`;
    }
  }

  /** The picker's groups for the current search text. */
  get groups(): CatalogGroup[] {
    return groupCatalog(this.catalog, this.query);
  }

  /** Opens the parameter form of `name`, filled with the registry defaults. */
  choose(name: string): void {
    const meta = this.catalog.find((m) => m.name === name) ?? null;
    this.selected = meta;
    this.inputs = Object.fromEntries((meta?.params ?? []).map((p) => [p.name, String(p.default)]));
    this.errors = {};
    this.addError = null;
  }

  /** Closes the form without adding. */
  cancel(): void {
    this.selected = null;
    this.errors = {};
    this.addError = null;
  }

  /** Records text typed into a parameter field (validated on add). */
  setInput(name: string, text: string): void {
    this.inputs[name] = text;
    delete this.errors[name];
    this.addError = null;
  }

  /**
   * Validates the form and computes the indicator for the bars on screen; adds it only if the engine accepts.
   * Returns true when added.
   */
  async add(): Promise<boolean> {
    const meta = this.selected;
    if (!meta || this.adding) return false;
    const { values, errors } = parseParams(meta.name, meta.params, this.inputs);
    this.errors = errors;
    this.addError = null;
    if (Object.keys(errors).length > 0) return false;
    const label = indicatorLabel(
      meta.name,
      meta.params.map((p) => values[p.name]),
    );
    if (this.list.some((a) => a.label === label)) {
      this.addError = `${label} is already shown`;
      return false;
    }
    const bars = this.#bars();
    if (!bars) {
      this.addError = 'No bars loaded yet';
      return false;
    }
    this.adding = true;
    try {
      const outputs = await this.#compute(meta, values, bars);
      const priceCount = this.list.filter((a) => a.placement === 'price').length;
      const added: AddedIndicator = {
        id: this.#nextId++,
        meta,
        params: values,
        label,
        placement: indicatorPlacement(meta),
        colour: indicatorColour(priceCount),
      };
      this.list = [...this.list, added];
      this.#values = new Map(this.#values).set(added.id, { bars, outputs });
      this.selected = null;
      // Bars that changed while computing: bring the new indicator up to date with them.
      if (this.#bars() !== bars) void this.refresh(this.#bars());
      return true;
    } catch (e) {
      this.addError = errorMessage(e);
      return false;
    } finally {
      this.adding = false;
    }
  }

  /** Follows the price chart's visible domain (ignores a redraw that did not move it). */
  setView(domain: IndexDomain): void {
    const v = this.view;
    if (!v || v[0] !== domain[0] || v[1] !== domain[1]) this.view = [domain[0], domain[1]];
  }

  /** Removes an indicator (its pane or its price-chart lines go with it). */
  remove(id: number): void {
    this.list = this.list.filter((a) => a.id !== id);
    const values = new Map(this.#values);
    values.delete(id);
    this.#values = values;
    const failures = new Map(this.failures);
    failures.delete(id);
    this.failures = failures;
  }

  /** Recomputes every added indicator for `bars` (a new symbol or timeframe); stale answers are dropped. */
  async refresh(bars: Bars | null): Promise<void> {
    const seq = ++this.#refreshSeq;
    if (!bars) return;
    const todo = this.list.filter((a) => this.#values.get(a.id)?.bars !== bars);
    if (todo.length === 0) return;
    const done = await Promise.all(
      todo.map((a) =>
        this.#compute(a.meta, a.params, bars).then(
          (outputs) => ({ id: a.id, outputs, error: null }),
          (e: unknown) => ({ id: a.id, outputs: null, error: `${a.label}: ${errorMessage(e)}` }),
        ),
      ),
    );
    if (seq !== this.#refreshSeq) return;
    const values = new Map(this.#values);
    const failures = new Map(this.failures);
    for (const d of done) {
      if (!this.list.some((a) => a.id === d.id)) continue; // removed meanwhile
      if (d.outputs) {
        values.set(d.id, { bars, outputs: d.outputs });
        failures.delete(d.id);
      } else {
        values.delete(d.id);
        failures.set(d.id, d.error!);
      }
    }
    this.#values = values;
    this.failures = failures;
  }

  /** Price-scale lines and pattern markers computed for exactly `bars`, in the order added. */
  chartIndicators(bars: Bars): ChartIndicator[] {
    const out: ChartIndicator[] = [];
    for (const a of this.list) {
      if (a.placement === 'pane') continue;
      const v = this.#values.get(a.id);
      if (!v || v.bars !== bars) continue;
      const series = a.meta.outputs.map((o) => v.outputs[o.name]).filter((s): s is Float64Array => s !== undefined);
      const kind = a.placement === 'pattern' ? 'pattern' : drawsAsDots(a.meta.name) ? 'dots' : 'line';
      out.push({ label: a.label, kind, series, colour: a.colour });
    }
    return out;
  }

  /** The panes below the price chart for `bars`, in the order added (an indicator still computing has no series). */
  panes(bars: Bars | null): PaneView[] {
    return this.list
      .filter((a) => a.placement === 'pane')
      .map((a) => {
        const v = this.#values.get(a.id);
        const current = v && bars && v.bars === bars ? v.outputs : null;
        const series: PaneSeries[] = current
          ? a.meta.outputs.map((o, i) => ({
              name: o.name,
              values: current[o.name],
              colour: paneColour(i),
              kind: isHistogramOutput(o.name) ? 'histogram' : 'line',
            }))
          : [];
        return { indicator: a, series, guides: paneGuides(a.meta.name), finite: series[0] ? countFinite(series[0].values) : 0 };
      });
  }

  // One indicator for `bars`: read through the cache when that is predicted faster, else computed by the engine
  // (and written behind to the cache at idle time).
  async #compute(meta: IndicatorMeta, params: Record<string, number>, bars: Bars): Promise<Record<string, Float64Array>> {
    const cached = this.#cache ? await this.#cache.lookup(meta.name, params, bars) : null;
    if (cached) return cached;
    const t0 = performance.now();
    const outputs = await this.#computeInEngine(meta, params, bars);
    this.#cache?.remember(meta.name, params, bars, outputs, performance.now() - t0);
    return outputs;
  }

  // One indicator over copies of the price columns it reads (transferred, so the chart's columns stay intact).
  async #computeInEngine(meta: IndicatorMeta, params: Record<string, number>, bars: Bars): Promise<Record<string, Float64Array>> {
    const fields = new Set<PriceField>(Object.values(meta.inputs).flatMap((f) => (typeof f === 'string' ? [f] : [...f])));
    const columns: PriceColumns = {};
    for (const f of fields) columns[f] = bars[f].slice();
    const buffers = Object.values(columns).map((c) => c.buffer);
    const r = await this.#engine.api.indicator({ fn: meta.name, params }, Comlink.transfer(columns, buffers));
    return r.outputs;
  }
}
