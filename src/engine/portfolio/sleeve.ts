// One sleeve of the portfolio backtest: a strategy's position in one symbol, trading against the portfolio's
// shared cash account. The position mechanics (decisions, fill prices, costs, stops, trade records) repeat
// src/engine/backtest/reference.ts operation for operation, so a one-sleeve portfolio reproduces the single-symbol
// backtester exactly (docs/portfolio-backtest.md); what differs — sizing from the shared equity, the risk manager —
// is passed in by the caller. Besides the trade records it books P&L at raw prices and costs per date (attribution).
import {
  SIGNAL_ENTRY_LONG,
  SIGNAL_ENTRY_SHORT,
  SIGNAL_EXIT_LONG,
  SIGNAL_EXIT_SHORT,
  type ExitReason,
  type Trade,
} from '../../shared/backtest';
import type { SimBars, SimSeries, SimSettings, StopRule } from '../backtest/settings';

/** A closed round trip of a sleeve: the single backtester's Trade (indices on the aligned dates) plus the sleeve. */
export interface PortfolioTrade extends Omit<Trade, 'exit_reason'> {
  sleeve: string;
  /** Why it closed; 'risk_flatten' when the drawdown stop flattened the portfolio. */
  exit_reason: ExitReason | 'risk_flatten';
}

/** The shared cash account (currency). */
export interface Account {
  cash: number;
}

/** An order decided at a close: optionally close (first), then optionally open `open` (±1). */
export interface SleeveOrder {
  close: boolean;
  open: -1 | 0 | 1;
  /** The sleeve's own row of the decision (signal row). */
  signal: number;
  /** Aligned-date index of the decision (no look-ahead for the correlation rule). */
  date: number;
  reason: 'signal' | 'risk_flatten';
}

/** The open position and what its exits need (as reference.ts's Position) plus the attribution basis. */
export interface SleevePosition {
  dir: 1 | -1;
  units: number;
  entryDate: number;
  entryRow: number;
  entryPrice: number;
  entryCommission: number;
  stopLoss: number;
  takeProfit: number;
  trailDistance: number;
  extreme: number;
  maxHigh: number;
  minLow: number;
  /** Raw price the position's P&L was last booked at (the entry's raw price, then each close). */
  basis: number;
}

/** Stop levels of a prospective entry; null when a configured stop cannot be placed (entry skipped). */
export interface StopLevels {
  stopLoss: number;
  takeProfit: number;
  trailDistance: number;
  reference: number;
}

/** A sleeve's state over the run: its bars, signals, settings, position, pending order and per-date books. */
export class Sleeve {
  pos: SleevePosition | null = null;
  pending: SleeveOrder | null = null;
  /** Last finite close (NaN before the first). */
  mark = NaN;
  readonly trades: PortfolioTrade[] = [];
  /** P&L at raw prices and costs (commission + slippage + spread) booked on the current date. */
  pnlToday = 0;
  costsToday = 0;

  constructor(
    readonly name: string,
    readonly symbol: string,
    readonly bars: SimBars,
    readonly flags: Uint8Array,
    readonly firstBar: number,
    readonly s: SimSettings,
    readonly series: SimSeries,
    /** Aligned-date index of each of the sleeve's rows. */
    readonly dateOf: Int32Array,
  ) {}

  /** Rows whose open and close are both numbers (docs/semantics.md § 9): only they fill. */
  valid(i: number): boolean {
    return !Number.isNaN(this.bars.open[i]) && !Number.isNaN(this.bars.close[i]);
  }

  /** The fill price of an entry in direction `dir` at raw price `p` (§ 4). */
  entryPrice(dir: 1 | -1, p: number): number {
    const s = this.s;
    return dir > 0 ? p * (1 + s.slip + s.spread) : p * (1 - s.slip - s.spread);
  }

  private distance(rule: StopRule, R: number, sig: number, atr: Float64Array | undefined): number {
    return rule.kind === 'pct' ? rule.value * R : rule.value * (atr as Float64Array)[sig];
  }

  /** § 5 stop levels of an entry at fill price `price` decided at row `sig`; null when one cannot be placed. */
  stopLevels(dir: 1 | -1, price: number, sig: number): StopLevels | null {
    const s = this.s;
    const R = s.stopReference === 'fill' ? price : this.bars.close[sig];
    const sl = s.stopLoss === null ? NaN : R - dir * this.distance(s.stopLoss, R, sig, this.series.atrStopLoss);
    const tp = s.takeProfit === null ? NaN : R + dir * this.distance(s.takeProfit, R, sig, this.series.atrTakeProfit);
    const td = s.trailingStop === null ? NaN : this.distance(s.trailingStop, R, sig, this.series.atrTrailingStop);
    if (
      (s.stopLoss !== null && Number.isNaN(sl)) ||
      (s.takeProfit !== null && Number.isNaN(tp)) ||
      (s.trailingStop !== null && (Number.isNaN(td) || Number.isNaN(R)))
    ) {
      return null;
    }
    return { stopLoss: sl, takeProfit: tp, trailDistance: td, reference: R };
  }

  /** The stop level that would exit now (higher of stop-loss and trailing for a long), or NaN without one. */
  currentStop(): number {
    const t = this.pos as SleevePosition;
    const long = t.dir > 0;
    let stop = NaN;
    if (!Number.isNaN(t.stopLoss)) stop = t.stopLoss;
    if (!Number.isNaN(t.trailDistance)) {
      const level = long ? t.extreme - t.trailDistance : t.extreme + t.trailDistance;
      if (Number.isNaN(stop) || (long ? level > stop : level < stop)) stop = level;
    }
    return stop;
  }

  /** Opens `units` (already sized and rounded) at fill `price` from raw price `p` on row `i`, date `date`. */
  open(acct: Account, dir: 1 | -1, units: number, p: number, price: number, i: number, date: number, levels: StopLevels): void {
    const comm = this.s.commissionRate * units * price + this.s.commissionFixed;
    if (dir > 0) acct.cash -= units * price + comm;
    else acct.cash += units * price - comm;
    this.costsToday += comm + units * Math.abs(price - p);
    this.pos = {
      dir, units, entryDate: date, entryRow: i, entryPrice: price, entryCommission: comm,
      stopLoss: levels.stopLoss, takeProfit: levels.takeProfit, trailDistance: levels.trailDistance,
      extreme: levels.reference, maxHigh: -Infinity, minLow: Infinity, basis: p,
    };
  }

  /** Closes the position at raw price `p` on row `i` (date `date`): cash, costs, P&L and the trade record (§ 4, § 7). */
  close(acct: Account, p: number, i: number, date: number, reason: PortfolioTrade['exit_reason']): void {
    const t = this.pos as SleevePosition;
    const s = this.s;
    const price = t.dir > 0 ? p * (1 - s.slip) : p * (1 + s.slip);
    const comm = s.commissionRate * t.units * price + s.commissionFixed;
    if (t.dir > 0) acct.cash += t.units * price - comm;
    else acct.cash -= t.units * price + comm;
    this.pnlToday += t.dir * t.units * (p - t.basis);
    this.costsToday += comm + t.units * Math.abs(price - p);
    const commission = t.entryCommission + comm;
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
    this.trades.push({
      sleeve: this.name,
      entry_index: t.entryDate,
      exit_index: date,
      entry_time: this.bars.ts[t.entryRow],
      exit_time: this.bars.ts[i],
      direction: t.dir > 0 ? 'long' : 'short',
      size: t.units,
      entry_price: pe,
      exit_price: price,
      pnl: t.dir * t.units * (price - pe) - commission,
      return_pct: t.dir * (price / pe - 1) - commission / (t.units * pe),
      commission,
      exit_reason: reason,
      mae,
      mfe,
      bars_held: i - t.entryRow,
    });
    this.pos = null;
  }

  /** § 5: exits when row i touches a stop (reference.ts checkStops); returns whether it did. */
  checkStops(acct: Account, i: number, date: number): boolean {
    const { open: O, high: H, low: L } = this.bars;
    const t = this.pos as SleevePosition;
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
    let exit = NaN;
    if (long ? O[i] <= stop : O[i] >= stop) exit = O[i];
    else if (long ? O[i] >= tp : O[i] <= tp) {
      exit = O[i];
      reason = 'take_profit';
    } else if (long ? L[i] <= stop : H[i] >= stop) exit = stop;
    else if (long ? H[i] >= tp : L[i] <= tp) {
      exit = tp;
      reason = 'take_profit';
    }
    if (Number.isNaN(exit)) return false;
    this.close(acct, exit, i, date, reason);
    return true;
  }

  /** Row i's stops (when valid), then the trailing extreme and mae/mfe extremes (reference.ts step 2). */
  stopsAndExtremes(acct: Account, i: number, date: number): void {
    if (this.pos === null) return;
    const stopped = this.valid(i) && this.checkStops(acct, i, date);
    if (!stopped) {
      const t = this.pos as SleevePosition;
      const { high: H, low: L } = this.bars;
      if (t.dir > 0 && H[i] > t.extreme) t.extreme = H[i];
      if (t.dir < 0 && L[i] < t.extreme) t.extreme = L[i];
      if (H[i] > t.maxHigh) t.maxHigh = H[i];
      if (L[i] < t.minLow) t.minLow = L[i];
    }
  }

  /** Books the close of row i: P&L of the held position from its basis to C[i], and the new mark. */
  markClose(i: number): void {
    const c = this.bars.close[i];
    if (Number.isNaN(c)) return;
    const t = this.pos;
    if (t !== null) {
      this.pnlToday += t.dir * t.units * (c - t.basis);
      t.basis = c;
    }
    this.mark = c;
  }

  /** § 2: the order row i's flags ask for given the position; null when nothing happens (reference.ts decide). */
  decide(i: number, date: number): SleeveOrder | null {
    const f = this.flags[i];
    const allowLong = this.s.direction !== 'short';
    const allowShort = this.s.direction !== 'long';
    const el = allowLong && (f & SIGNAL_ENTRY_LONG) !== 0;
    const es = allowShort && (f & SIGNAL_ENTRY_SHORT) !== 0;
    const o = (close: boolean, open: -1 | 0 | 1): SleeveOrder => ({ close, open, signal: i, date, reason: 'signal' });
    const pos = this.pos;
    if (pos === null) {
      if (el && !es) return o(false, 1);
      if (es && !el) return o(false, -1);
      return null;
    }
    if (pos.dir > 0) {
      if (es && !el) return o(true, -1);
      if ((f & SIGNAL_EXIT_LONG) !== 0) return o(true, 0);
      return null;
    }
    if (el && !es) return o(true, 1);
    if ((f & SIGNAL_EXIT_SHORT) !== 0) return o(true, 0);
    return null;
  }

  /** Signed units held now. */
  units(): number {
    const t = this.pos;
    return t === null ? 0 : t.dir > 0 ? t.units : -t.units;
  }
}
