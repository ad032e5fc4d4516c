// Share links in the page (docs/share.md): opening a `#s=v2.…` link — on first load or when the hash changes in an
// open tab — validates it, shows the link's symbol and timeframe, slices the bars to its range, compares their hash
// with the link's, and re-runs it: a backtest as a new run (its settings also fill the backtest form; kept runs and
// saved work are left alone), a sweep or walk-forward in the Optimize section, a portfolio in the Portfolio section
// (each section registers a link target once loaded); and making the link of the shown run for the "Copy link"
// button and the share dialog. The codec loads on first use, so the engine's validation tables stay out of the main
// bundle.
import type { OptimizeRequest } from '../../shared/portfolio-api';
import type { AnyShareLink, ShareKind, ShareLink, ShareSweepRequest, ShareUniverse, ShareWalkForwardRequest } from '../../shared/share';
import type { Bars } from '../../shared/types';
import { isDemoId } from '../../sources/demo';
import { errorMessage } from '../perf';
import type { BacktestRun, BacktestState } from './backtest.svelte';
import type { MarketState } from './market.svelte';
import { configToForm } from './share-form';
import type { StoreConnection } from './store.svelte';

type ShareModule = typeof import('../../engine/share/index');
let codec: Promise<ShareModule> | null = null;
/** The share codec, imported once. */
export const loadShareCodec = (): Promise<ShareModule> => (codec ??= import('../../engine/share/index'));

/** The part of `window.location`/`history` the state reads (tests pass a fake). */
export interface LocationLike {
  readonly href: string;
  readonly hash: string;
}

/** How long opening a link waits for its symbol's bars before giving up, ms. */
export const LINK_LOAD_TIMEOUT_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What re-runs a link of each kind beyond a backtest; each resolves with an error message, or null when it ran. */
export interface LinkTargets {
  sweep: (req: ShareSweepRequest, bars: Bars) => Promise<string | null>;
  walkforward: (req: ShareWalkForwardRequest, bars: Bars) => Promise<string | null>;
  portfolio: (universe: ShareUniverse, req: OptimizeRequest) => Promise<string | null>;
}

const targets: Partial<LinkTargets> = {};

/** Registers the section that re-runs links of `kind` (the Optimize and Portfolio sections, once loaded); returns the unregister. */
export function registerLinkTarget<K extends keyof LinkTargets>(kind: K, run: LinkTargets[K]): () => void {
  targets[kind] = run;
  return () => {
    if (targets[kind] === run) delete targets[kind];
  };
}

/** The section of a link kind, for messages. */
const SECTION: Record<keyof LinkTargets, string> = { sweep: 'Optimize', walkforward: 'Optimize', portfolio: 'Portfolio' };

/** Opening links and making them. */
export class ShareState {
  /** 'opening' while a link's bars load and its backtest runs. */
  status = $state<'idle' | 'opening' | 'opened' | 'error'>('idle');
  /** Why the last link could not be opened (nothing was run). */
  error = $state<string | null>(null);
  /** Things to know about the opened link's run (different bars, other engine version). */
  notices = $state.raw<string[]>([]);
  /** The backtest link that was opened last, and the run it produced. */
  opened = $state.raw<{ link: ShareLink; runId: number } | null>(null);
  /** The kind of the link opened last (the section that shows it). */
  openedKind = $state<ShareKind | null>(null);
  /** The share dialog: open, the URL of the shown run (or why there is none), and whether it was copied. */
  dialogOpen = $state(false);
  url = $state<string | null>(null);
  urlError = $state<string | null>(null);
  copied = $state(false);

  readonly #market: MarketState;
  readonly #backtest: BacktestState;
  readonly #store: StoreConnection;
  readonly #location: LocationLike;
  #seq = 0;

  constructor(market: MarketState, backtest: BacktestState, store: StoreConnection, location: LocationLike) {
    this.#market = market;
    this.#backtest = backtest;
    this.#store = store;
    this.#location = location;
  }

  /** Opens the link in the current URL, if there is one (call once on start and on every hashchange). */
  openFromLocation(): void {
    const hash = this.#location.hash;
    if (/(^#|&)s=/.test(hash)) void this.open(hash);
  }

  /** Decodes, validates and runs a share link of any kind; errors end in `error`, never in a run. */
  async open(fragment: string): Promise<void> {
    const seq = ++this.#seq;
    this.status = 'opening';
    this.error = null;
    this.notices = [];
    try {
      const share = await loadShareCodec();
      let any: AnyShareLink;
      try {
        any = share.decodeAnyShareFragment(fragment);
      } catch (e) {
        throw new Error(`This share link cannot be opened: ${errorMessage(e)}.`);
      }
      const { ENGINE_VERSION } = await import('../../engine/version');
      const engineNote = any.engine !== ENGINE_VERSION ? [`This link was made with engine ${any.engine}; this is engine ${ENGINE_VERSION}.`] : [];
      if (any.kind === 'portfolio') {
        this.notices = engineNote;
        const err = await (await this.#target('portfolio', seq))(any.universe, any.optimize);
        if (seq !== this.#seq) return;
        if (err !== null) throw new Error(`The link's portfolio did not run: ${err}`);
        this.#done('portfolio');
        return;
      }
      const { kind, ...link } = any;
      const all = await this.#loadBars(link, seq);
      if (seq !== this.#seq) return;
      const bars = share.sliceByRange(all, link.from, link.to);
      if (bars.ts.length === 0) {
        throw new Error(`No ${link.data} ${link.timeframe} bars between ${link.from ?? 'the start'} and ${link.to ?? 'the end'}; the link was made with ${share.describeBars(link.bars)}.`);
      }
      const check = share.checkLinkBars(link, bars);
      const notices: string[] = [];
      if (!check.same) {
        notices.push(
          `The bars differ from the ones this link was made with (a vendor correction or split adjustment?), so the numbers may differ. ` +
            `Link: ${share.describeBars(check.link)}. Now: ${share.describeBars(check.now)}.`,
        );
      }
      this.notices = [...notices, ...engineNote];
      if (any.kind === 'sweep' || any.kind === 'walkforward') {
        const run = any.kind === 'sweep' ? (await this.#target('sweep', seq)).bind(null, any.sweep) : (await this.#target('walkforward', seq)).bind(null, any.walkforward);
        const err = await run(bars);
        if (seq !== this.#seq) return;
        if (err !== null) throw new Error(`The link's ${kind === 'sweep' ? 'sweep' : 'walk-forward analysis'} did not run: ${err}`);
        this.#done(kind);
        return;
      }
      const backtestLink = link as ShareLink;
      this.#fillForm(backtestLink);
      const run = await this.#backtest.runWith(backtestLink.config, bars);
      if (seq !== this.#seq) return;
      if (run === null) throw new Error(`The link's backtest did not run: ${this.#backtest.error ?? 'cancelled'}`);
      this.opened = { link: backtestLink, runId: run.id };
      this.#done('backtest');
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = errorMessage(e);
      this.status = 'error';
    }
  }

  #done(kind: ShareKind): void {
    this.openedKind = kind;
    this.status = 'opened';
  }

  // The backtest form shows the link's strategy and trading settings (the run itself uses the link's config as is).
  #fillForm(link: ShareLink): void {
    try {
      const f = configToForm(link.config);
      this.#backtest.strategyType = f.type;
      this.#backtest.params = f.params;
      this.#backtest.trading = f.trading;
    } catch {
      // a strategy type the form does not offer: the run still happens, the form keeps what it had
    }
  }

  // The registered section of a link kind, waiting for it to load (the sections load after the first paint).
  async #target<K extends keyof LinkTargets>(kind: K, seq: number): Promise<LinkTargets[K]> {
    const deadline = Date.now() + LINK_LOAD_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (seq !== this.#seq) throw new Error('superseded by another link');
      const t = targets[kind];
      if (t) return t as LinkTargets[K];
      await sleep(50);
    }
    throw new Error(`The ${SECTION[kind]} section did not load in time to open this link; reload the page to try again.`);
  }

  // Shows the link's symbol and timeframe on the chart and resolves with those bars.
  async #loadBars(link: Omit<ShareLink, 'config'>, seq: number): Promise<Bars> {
    const market = this.#market;
    const deadline = Date.now() + LINK_LOAD_TIMEOUT_MS;
    const known = () => market.symbols.some((s) => s.id === link.data);
    // Cached (non-demo) symbols appear once the data layer has listed its cache.
    while (!known() && !isDemoId(link.data) && Date.now() < deadline - 50_000) await sleep(100);
    if (!known()) {
      throw new Error(
        `This link uses ${link.data} (${link.source}), which is not available in this browser. ` +
          `Load ${link.data} ${link.timeframe} ${link.from ?? ''}–${link.to ?? ''} in the data panel, then open the link again.`,
      );
    }
    market.selectSymbol(link.data);
    if (!market.timeframeEnabled(link.timeframe)) await this.#store.open();
    market.selectTimeframe(link.timeframe);
    while (Date.now() < deadline) {
      if (seq !== this.#seq) throw new Error('superseded by another link');
      const b = market.bars;
      if (!market.loading && b && b.symbol === link.data && b.timeframe === link.timeframe) return b;
      if (!market.loading && market.error && market.symbol === link.data) throw new Error(market.error);
      await sleep(50);
    }
    throw new Error(`Timed out loading ${link.data} ${link.timeframe} for the link.`);
  }

  /** The full URL (this page + `#s=v1.…`) reproducing `run`; throws with the reason when it cannot be made. */
  async linkFor(run: BacktestRun): Promise<string> {
    const share = await loadShareCodec();
    const { bars } = run;
    const n = bars.ts.length;
    const label = this.#market.sourceLabel.toLowerCase();
    const source = isDemoId(bars.symbol) ? 'demo' : label.includes('yahoo') ? 'yahoo' : label.includes('csv') ? 'csv' : 'polygon';
    const link = share.makeShareLink(
      {
        source,
        data: bars.symbol,
        timeframe: bars.timeframe,
        from: share.formatLinkTime(bars.ts[0], bars.timeframe),
        to: share.formatLinkTime(bars.ts[n - 1], bars.timeframe),
      },
      run.config,
      bars,
    );
    const base = this.#location.href.replace(/#.*$/, '');
    return `${base}#${share.encodeShareLink(link)}`;
  }

  /** Opens the share dialog with the shown run's link. */
  async openDialog(): Promise<void> {
    this.dialogOpen = true;
    await this.#prepare();
  }

  /** Closes the share dialog. */
  closeDialog(): void {
    this.dialogOpen = false;
  }

  /** Copies the shown run's link to the clipboard (the dialog shows it when the clipboard is not available). */
  async copyLink(): Promise<void> {
    const url = await this.#prepare();
    if (url === null) {
      this.dialogOpen = true;
      return;
    }
    try {
      await navigator.clipboard.writeText(url);
      this.copied = true;
      setTimeout(() => (this.copied = false), 2000);
    } catch {
      this.dialogOpen = true; // no clipboard permission: let the user copy it from the dialog
    }
  }

  async #prepare(): Promise<string | null> {
    this.copied = false;
    const run = this.#backtest.current;
    if (!run) {
      this.url = null;
      this.urlError = 'Run a backtest first: the link reproduces the shown run.';
      return null;
    }
    try {
      this.url = await this.linkFor(run);
      this.urlError = null;
    } catch (e) {
      this.url = null;
      this.urlError = `No link for this run: ${errorMessage(e)}`;
    }
    return this.url;
  }
}
