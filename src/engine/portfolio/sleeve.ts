// One sleeve of the portfolio backtest: a strategy's position in one symbol, trading against the portfolio's
// shared cash account. The decisions and position mechanics (fill prices, costs, stops, trade records) are the
// reference simulator's own (src/engine/backtest/mechanics.ts, shared with reference.ts), so a one-sleeve portfolio
// reproduces the single-symbol backtester exactly (docs/portfolio-backtest.md); what differs — sizing from the
// shared equity, the risk manager — is passed in by the caller. Besides the trade records it books P&L at raw
// prices and costs per date (attribution).
import type { ExitReason, Trade } from '../../shared/backtest';
import {
  closeFill,
  decide,
  openPosition,
  stopExit,
  tradeRecord,
  updateExcursions,
  type HeldPosition,
  type StopLevels,
} from '../backtest/mechanics';
import type { SimBars, SimSeries, SimSettings } from '../backtest/settings';

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

/** The open position: what its exits need (mechanics.ts), where it was entered, and the attribution basis. */
export interface SleevePosition extends HeldPosition {
  /** Aligned-date index of the entry. */
  entryDate: number;
  /** The sleeve's own row of the entry. */
  entryRow: number;
  /** Raw price the position's P&L was last booked at (the entry's raw price, then each close). */
  basis: number;
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

  /** Opens `units` (already sized and rounded) at fill `price` from raw price `p` on row `i`, date `date` (§§ 4–5). */
  open(acct: Account, dir: 1 | -1, units: number, p: number, price: number, i: number, date: number, levels: StopLevels): void {
    const opened = openPosition(this.s, dir, units, price, levels);
    acct.cash += opened.cash;
    this.costsToday += opened.position.entryCommission + units * Math.abs(price - p);
    this.pos = { ...opened.position, entryDate: date, entryRow: i, basis: p };
  }

  /** Closes the position at raw price `p` on row `i` (date `date`): cash, costs, P&L and the trade record (§ 4, § 7). */
  close(acct: Account, p: number, i: number, date: number, reason: PortfolioTrade['exit_reason']): void {
    const t = this.pos as SleevePosition;
    const x = closeFill(this.s, t, p);
    acct.cash += x.cash;
    this.pnlToday += t.dir * t.units * (p - t.basis);
    this.costsToday += x.comm + t.units * Math.abs(x.price - p);
    const ts = this.bars.ts;
    const span = { entryIndex: t.entryDate, exitIndex: date, entryTime: ts[t.entryRow], exitTime: ts[i], barsHeld: i - t.entryRow };
    this.trades.push({ sleeve: this.name, ...tradeRecord(t, x.price, x.comm, reason, span) });
    this.pos = null;
  }

  /** § 5: exits when row i touches a stop (mechanics.ts stopExit, as reference.ts); returns whether it did. */
  checkStops(acct: Account, i: number, date: number): boolean {
    const { open: O, high: H, low: L } = this.bars;
    const x = stopExit(this.pos as SleevePosition, O[i], H[i], L[i]);
    if (x === null) return false;
    this.close(acct, x.price, i, date, x.reason);
    return true;
  }

  /** Row i's stops (when valid), then the trailing extreme and mae/mfe extremes (reference.ts step 2). */
  stopsAndExtremes(acct: Account, i: number, date: number): void {
    if (this.pos === null) return;
    const stopped = this.valid(i) && this.checkStops(acct, i, date);
    if (!stopped) updateExcursions(this.pos as SleevePosition, this.bars.high[i], this.bars.low[i]);
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

  /** § 2: the order row i's flags ask for given the position; null when nothing happens (mechanics.ts decide). */
  decide(i: number, date: number): SleeveOrder | null {
    const d = decide(this.flags[i], this.s.direction, this.pos === null ? 0 : this.pos.dir);
    return d === null ? null : { close: d.close, open: d.open, signal: i, date, reason: 'signal' };
  }

  /** Signed units held now. */
  units(): number {
    const t = this.pos;
    return t === null ? 0 : t.dir > 0 ? t.units : -t.units;
  }
}
