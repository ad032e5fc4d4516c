// Live signals without the DOM: a session holds, per symbol, the bars received so far and an incremental evaluator
// (evaluator.ts); each new minute bar is appended and evaluated in O(1), and every BUY/SELL is put to the risk
// manager through a paper portfolio (paper.ts). Pure and synchronous; the UI (src/ui/state/live.svelte.ts) feeds it
// from the proxy's Server-Sent Events.
import type { SignalType, StrategySpec } from '../../shared/backtest';
import { signalType } from '../strategy/index';
import { createLiveEvaluator, type LiveEvaluator } from './evaluator';
import { PaperPortfolio, type RiskVerdict } from './paper';

export { createLiveEvaluator, LIVE_STRATEGY_TYPES, type LiveBar, type LiveEvaluator, type LiveStep } from './evaluator';
export { PAPER_CASH, PAPER_ENTRY_PCT, PaperPortfolio, type RiskVerdict } from './paper';

/** A bar as relayed by the proxy's `/api/stream` (`event: bar`): `t` timezone-naive ms of the minute's start. */
export interface StreamedBar {
  symbol: string;
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** One live BUY/SELL: symbol, bar time and row, strength, close, flag bits and the risk manager's verdict. */
export interface LiveSignal {
  symbol: string;
  ts: number;
  index: number;
  type: Exclude<SignalType, 'HOLD'>;
  strength: number;
  price: number;
  flags: number;
  risk: RiskVerdict;
}

/** What happened to one received bar. */
export type BarOutcome =
  | { accepted: true; symbol: string; index: number; type: SignalType; strength: number; signal: LiveSignal | null }
  | { accepted: false; symbol: string; reason: string };

/** Per-symbol state: bar columns (grown in place) and the evaluator. */
export interface LiveSymbolState {
  symbol: string;
  ts: number[];
  close: number[];
  evaluator: LiveEvaluator;
  /** The last bar's signal type and strength. */
  last: { type: SignalType; strength: number } | null;
}

/** Checks a parsed `event: bar` payload; returns it typed or a message naming the bad field. */
export function parseStreamedBar(v: unknown): StreamedBar | string {
  if (v === null || typeof v !== 'object') return 'bar: must be an object';
  const b = v as Record<string, unknown>;
  if (typeof b.symbol !== 'string' || b.symbol === '') return `bar.symbol: must be a non-empty string, got ${JSON.stringify(b.symbol)}`;
  for (const k of ['t', 'o', 'h', 'l', 'c', 'v'] as const) {
    if (typeof b[k] !== 'number' || !Number.isFinite(b[k])) return `bar.${k}: must be a finite number, got ${JSON.stringify(b[k])}`;
  }
  return b as unknown as StreamedBar;
}

/** The live evaluation of one strategy over a set of symbols. */
export class LiveSession {
  readonly spec: StrategySpec;
  readonly paper: PaperPortfolio;
  readonly #symbols = new Map<string, LiveSymbolState>();

  /** Validates `spec` for live use (throws naming the field or the unsupported type) and prepares each symbol. */
  constructor(spec: StrategySpec, symbols: readonly string[], paper = new PaperPortfolio()) {
    this.spec = spec;
    this.paper = paper;
    createLiveEvaluator(spec); // validate once, before any symbol
    for (const s of symbols) this.#symbols.set(s, { symbol: s, ts: [], close: [], evaluator: createLiveEvaluator(spec), last: null });
  }

  /** The symbols' states, in the order given. */
  get symbols(): LiveSymbolState[] {
    return [...this.#symbols.values()];
  }

  /**
   * Appends `bar` to its symbol and evaluates it. Refused (never evaluated): unknown symbols and bars not later
   * than the symbol's last one (a repeated or late minute cannot be undone incrementally).
   */
  push(bar: StreamedBar): BarOutcome {
    const st = this.#symbols.get(bar.symbol);
    if (!st) return { accepted: false, symbol: bar.symbol, reason: `${bar.symbol} is not one of this session's symbols` };
    const n = st.ts.length;
    if (n > 0 && !(bar.t > st.ts[n - 1])) {
      return { accepted: false, symbol: bar.symbol, reason: `bar at ${bar.t} is not after the last one (${st.ts[n - 1]})` };
    }
    const step = st.evaluator.push({ open: bar.o, high: bar.h, low: bar.l, close: bar.c, volume: bar.v });
    st.ts.push(bar.t);
    st.close.push(bar.c);
    const type = signalType(step.flags);
    st.last = { type, strength: step.strength };
    this.paper.mark(bar.symbol, bar.c);
    let signal: LiveSignal | null = null;
    if (type !== 'HOLD') {
      const risk = this.paper.apply(bar.symbol, step.flags, bar.c, bar.t);
      signal = { symbol: bar.symbol, ts: bar.t, index: step.index, type, strength: step.strength, price: bar.c, flags: step.flags, risk };
    }
    return { accepted: true, symbol: bar.symbol, index: step.index, type, strength: step.strength, signal };
  }
}
