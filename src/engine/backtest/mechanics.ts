// The position mechanics of docs/semantics.md §§ 4–7 shared by the single-symbol reference simulator (reference.ts)
// and the portfolio backtest's sleeves (src/engine/portfolio/sleeve.ts, portfolio-loop.ts): fill prices, commission,
// cash flows, units sizing and rounding, stop levels, the intrabar stop check and the trade record. Both callers go
// through these functions so a one-sleeve portfolio equals runBacktest bit for bit; the WASM kernel
// (assembly/backtest.ts) repeats the same floating-point operations in the same order and must stay in step with
// this file (tests/unit/backtest-kernel.test.ts, backtest-sim.test.ts, portfolio-backtest.test.ts).
import {
  SIGNAL_ENTRY_LONG,
  SIGNAL_ENTRY_SHORT,
  SIGNAL_EXIT_LONG,
  SIGNAL_EXIT_SHORT,
  type Direction,
  type ExitReason,
  type Trade,
} from '../../shared/backtest';
import type { SimSeries, SimSettings, StopRule } from './settings';

/** The state of an open position that its exits read (each caller adds its own indices and books). */
export interface HeldPosition {
  dir: 1 | -1;
  units: number;
  entryPrice: number;
  entryCommission: number;
  /** Stop-loss level, NaN when none. */
  stopLoss: number;
  /** Take-profit level, NaN when none. */
  takeProfit: number;
  /** Trailing-stop distance, NaN when none. */
  trailDistance: number;
  /** Trailing peak (long) or trough (short), starting at the stop reference price. */
  extreme: number;
  /** Highest high / lowest low of the fully held rows (mae/mfe); −∞ / +∞ before the first. */
  maxHigh: number;
  minLow: number;
}

/** Stop levels of a prospective entry (§ 5), fixed for the trade's life; NaN fields are stops not configured. */
export interface StopLevels {
  stopLoss: number;
  takeProfit: number;
  trailDistance: number;
  /** The reference price R the levels are measured from (the trailing extreme starts there). */
  reference: number;
}

/** Where a trade sits in its caller's rows: indices, times and rows held (the record's non-price fields). */
export interface TradeSpan {
  entryIndex: number;
  exitIndex: number;
  entryTime: number;
  exitTime: number;
  barsHeld: number;
}

/** An intrabar stop exit (§ 5): the raw exit price and which stop fired. */
export interface StopExit {
  price: number;
  reason: ExitReason;
}

/** What a row's flags ask for: close the held position (first), then open `open` (±1, 0 for none). */
export interface Decision {
  readonly close: boolean;
  readonly open: -1 | 0 | 1;
}

const OPEN_LONG: Decision = Object.freeze({ close: false, open: 1 });
const OPEN_SHORT: Decision = Object.freeze({ close: false, open: -1 });
const REVERSE_TO_LONG: Decision = Object.freeze({ close: true, open: 1 });
const REVERSE_TO_SHORT: Decision = Object.freeze({ close: true, open: -1 });
const EXIT: Decision = Object.freeze({ close: true, open: 0 });

/**
 * § 2 decision table: the order signal flags `f` ask for when holding `held` (1 long, −1 short, 0 flat) under
 * `direction`; an entry of a side that is not allowed is ignored, both entries at once cancel; null for nothing.
 */
export function decide(f: number, direction: Direction, held: -1 | 0 | 1): Decision | null {
  const el = direction !== 'short' && (f & SIGNAL_ENTRY_LONG) !== 0;
  const es = direction !== 'long' && (f & SIGNAL_ENTRY_SHORT) !== 0;
  if (held === 0) {
    if (el && !es) return OPEN_LONG;
    if (es && !el) return OPEN_SHORT;
    return null;
  }
  if (held > 0) {
    if (es && !el) return REVERSE_TO_SHORT;
    if ((f & SIGNAL_EXIT_LONG) !== 0) return EXIT;
    return null;
  }
  if (el && !es) return REVERSE_TO_LONG;
  if ((f & SIGNAL_EXIT_SHORT) !== 0) return EXIT;
  return null;
}

/** Entry fill price in direction `dir` at raw price `p`: slippage and spread against the trader (§ 4). */
export function entryFillPrice(s: SimSettings, dir: 1 | -1, p: number): number {
  return dir > 0 ? p * (1 + s.slip + s.spread) : p * (1 - s.slip - s.spread);
}

/** Exit fill price of a `dir` position at raw price `p`: slippage only, against the trader (§ 4). */
export function exitFillPrice(s: SimSettings, dir: 1 | -1, p: number): number {
  return dir > 0 ? p * (1 - s.slip) : p * (1 + s.slip);
}

/** Commission of one order of `units` at fill `price`: rate × units × price + fixed, in currency (§ 4). */
export function commission(s: SimSettings, units: number, price: number): number {
  return s.commissionRate * units * price + s.commissionFixed;
}

/** Cash change of opening `units` in direction `dir` at `price` paying `comm`: −(u·p + c) long, u·p − c short. */
export function entryCashFlow(dir: 1 | -1, units: number, price: number, comm: number): number {
  return dir > 0 ? -(units * price + comm) : units * price - comm;
}

/** Cash change of closing `units` of a `dir` position at `price` paying `comm`: u·p − c long, −(u·p + c) short. */
export function exitCashFlow(dir: 1 | -1, units: number, price: number, comm: number): number {
  return dir > 0 ? units * price - comm : -(units * price + comm);
}

/** Most units `budget` buys at `price` with commission: (budget − fixed) / (price × (1 + rate)) (§ 6 all_in). */
export function maxUnits(s: SimSettings, budget: number, price: number): number {
  return (budget - s.commissionFixed) / (price * (1 + s.commissionRate));
}

/**
 * Units the sizing mode asks for at fill `price` given `equity` and the all-in cap `uMax` (§ 6), before caps and
 * rounding; null when volatility_target finds no positive σ at signal row `sig` (the entry is skipped).
 */
export function requestedUnits(s: SimSettings, series: SimSeries, equity: number, price: number, uMax: number, sig: number): number | null {
  const v = s.sizing.value;
  switch (s.sizing.mode) {
    case 'all_in':
      return uMax;
    case 'percent_equity':
      return (v * equity) / price;
    case 'units':
      return v;
    case 'cash':
      return v / price;
    case 'volatility_target': {
      const sigma = (series.sigma as Float64Array)[sig];
      if (!(sigma > 0)) return null; // NaN or zero σ skips the entry
      return (equity * v) / (sigma * price);
    }
  }
}

/**
 * Rounds `u` down to whole unit steps, one step fewer when the order plus commission exceeds `budget` (§ 6);
 * null when less than one step remains (insufficient cash: no trade).
 */
export function roundUnits(s: SimSettings, u: number, price: number, budget: number): number | null {
  let k = Math.floor(u / s.step);
  let units = k * s.step;
  if (units * price + (s.commissionRate * units * price + s.commissionFixed) > budget) {
    k -= 1;
    units = k * s.step;
  }
  return k >= 1 ? units : null;
}

/** A stop distance from reference price R: value × R ('pct') or value × ATR at signal row `sig` ('atr') (§ 5). */
function distance(rule: StopRule, R: number, sig: number, atr: Float64Array | undefined): number {
  return rule.kind === 'pct' ? rule.value * R : rule.value * (atr as Float64Array)[sig];
}

/**
 * § 5 stop levels of an entry in direction `dir` at fill `price` decided at row `sig` (signal close `close[sig]`);
 * null when a configured stop cannot be placed (NaN ATR or reference), which skips the entry.
 */
export function stopLevels(s: SimSettings, series: SimSeries, close: Float64Array, dir: 1 | -1, price: number, sig: number): StopLevels | null {
  const R = s.stopReference === 'fill' ? price : close[sig];
  const sl = s.stopLoss === null ? NaN : R - dir * distance(s.stopLoss, R, sig, series.atrStopLoss);
  const tp = s.takeProfit === null ? NaN : R + dir * distance(s.takeProfit, R, sig, series.atrTakeProfit);
  const td = s.trailingStop === null ? NaN : distance(s.trailingStop, R, sig, series.atrTrailingStop);
  if (
    (s.stopLoss !== null && Number.isNaN(sl)) ||
    (s.takeProfit !== null && Number.isNaN(tp)) ||
    (s.trailingStop !== null && (Number.isNaN(td) || Number.isNaN(R)))
  ) {
    return null;
  }
  return { stopLoss: sl, takeProfit: tp, trailDistance: td, reference: R };
}

/** Opens `units` in direction `dir` at fill `price` with `levels`: the new position and the cash change (§§ 4–5). */
export function openPosition(
  s: SimSettings,
  dir: 1 | -1,
  units: number,
  price: number,
  levels: StopLevels,
): { position: HeldPosition; cash: number } {
  const comm = commission(s, units, price);
  const position: HeldPosition = {
    dir, units, entryPrice: price, entryCommission: comm,
    stopLoss: levels.stopLoss, takeProfit: levels.takeProfit, trailDistance: levels.trailDistance,
    extreme: levels.reference, maxHigh: -Infinity, minLow: Infinity,
  };
  return { position, cash: entryCashFlow(dir, units, price, comm) };
}

/** Closes position `t` at raw price `p` (§ 4): the exit fill price, its commission and the cash change. */
export function closeFill(s: SimSettings, t: HeldPosition, p: number): { price: number; comm: number; cash: number } {
  const price = exitFillPrice(s, t.dir, p);
  const comm = commission(s, t.units, price);
  return { price, comm, cash: exitCashFlow(t.dir, t.units, price, comm) };
}

/**
 * § 5 intrabar check of a row (open o, high h, low l) for position `t`: the open against the stop (the tighter of
 * stop-loss and trailing), then the open against take-profit, then the stop within the bar, then take-profit; null
 * when no stop is touched.
 */
export function stopExit(t: HeldPosition, o: number, h: number, l: number): StopExit | null {
  const long = t.dir > 0;
  let stop = long ? -Infinity : Infinity;
  let reason: ExitReason = 'stop_loss';
  if (!Number.isNaN(t.stopLoss)) stop = t.stopLoss;
  if (!Number.isNaN(t.trailDistance)) {
    const level = long ? t.extreme - t.trailDistance : t.extreme + t.trailDistance;
    if (long ? level > stop : level < stop) {
      stop = level;
      reason = 'trailing_stop';
    }
  }
  const tp = !Number.isNaN(t.takeProfit) ? t.takeProfit : long ? Infinity : -Infinity;
  if (long ? o <= stop : o >= stop) return { price: o, reason };
  if (long ? o >= tp : o <= tp) return { price: o, reason: 'take_profit' };
  if (long ? l <= stop : h >= stop) return { price: stop, reason };
  if (long ? h >= tp : l <= tp) return { price: tp, reason: 'take_profit' };
  return null;
}

/** Raises the trailing extreme and the mae/mfe extremes of `t` with a held row's high `h` and low `l` (§§ 5, 7). */
export function updateExcursions(t: HeldPosition, h: number, l: number): void {
  if (t.dir > 0 && h > t.extreme) t.extreme = h;
  if (t.dir < 0 && l < t.extreme) t.extreme = l;
  if (h > t.maxHigh) t.maxHigh = h;
  if (l < t.minLow) t.minLow = l;
}

/**
 * § 7 trade record of `t` exiting at fill `price` with exit commission `comm`: P&L and return net of both
 * commissions, mae/mfe over the exit fill and the held rows' extremes relative to the entry fill.
 */
export function tradeRecord<R extends string>(
  t: HeldPosition,
  price: number,
  comm: number,
  reason: R,
  span: TradeSpan,
): Omit<Trade, 'exit_reason'> & { exit_reason: R } {
  const commissionTotal = t.entryCommission + comm;
  const pe = t.entryPrice;
  let mae = 0;
  let mfe = 0;
  const seen = [price];
  if (t.maxHigh !== -Infinity) seen.push(t.maxHigh);
  if (t.minLow !== Infinity) seen.push(t.minLow);
  for (const q of seen) {
    const v = t.dir * (q / pe - 1);
    if (v > mfe) mfe = v;
    if (v < mae) mae = v;
  }
  return {
    entry_index: span.entryIndex,
    exit_index: span.exitIndex,
    entry_time: span.entryTime,
    exit_time: span.exitTime,
    direction: t.dir > 0 ? 'long' : 'short',
    size: t.units,
    entry_price: pe,
    exit_price: price,
    pnl: t.dir * t.units * (price - pe) - commissionTotal,
    return_pct: t.dir * (price / pe - 1) - commissionTotal / (t.units * pe),
    commission: commissionTotal,
    exit_reason: reason,
    mae,
    mfe,
    bars_held: span.barsHeld,
  };
}
