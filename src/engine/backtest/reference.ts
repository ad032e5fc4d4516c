// The plain-TS reference simulator of one column: a straightforward bar loop that follows docs/semantics.md
// §§ 1–7 literally, written to be read. The WASM kernel (assembly/backtest.ts) must equal it — same fills, same
// floating-point operations in the same order — and tests/unit/backtest-kernel.test.ts checks that on random input.
//
// Readings of the page that its text leaves open (the same in both simulators):
// - A row whose open or close is NaN fills nothing (§ 9): a next-open order due there is cancelled whole (both legs
//   of a reversal), its stops are not checked, a fill-at-close order and the `end` close are cancelled (a position
//   can then stay open after the last row). Its finite high/low still raise the trailing peak and count for mae/mfe.
// - An entry whose configured stop level is not a number (NaN ATR or NaN signal close) is skipped, like a NaN σ.
// - Every fill happens on a row with a finite close, so the last finite close that marks a position always exists.
// - mae/mfe count the high and low of the rows the trade held from the row's open to its close: rows after the
//   entry row (the entry row too when it filled at the open) that were not left at the open or by a stop.
import {
  SIGNAL_ENTRY_LONG,
  SIGNAL_ENTRY_SHORT,
  SIGNAL_EXIT_LONG,
  SIGNAL_EXIT_SHORT,
  type ExitReason,
  type Trade,
} from '../../shared/backtest';
import type { ColumnSummary, SimBars, SimSeries, SimSettings, StopRule } from './settings';

/** The simulation of one column: per-row cash, signed units and equity after the row's fills, and closed trades. */
export interface SimResult {
  equity: Float64Array;
  cash: Float64Array;
  position: Float64Array;
  trades: Trade[];
}

/** An order decided at a close: optionally close the position (first), then optionally open `open` (±1). */
interface Order {
  close: boolean;
  open: -1 | 0 | 1;
  signal: number;
}

/** The open position and everything its exits need. */
interface Position {
  dir: 1 | -1;
  units: number;
  entryIndex: number;
  entryPrice: number;
  entryCommission: number;
  stopLoss: number; // level, NaN when no stop-loss
  takeProfit: number; // level, NaN when no take-profit
  trailDistance: number; // NaN when no trailing stop
  extreme: number; // trailing peak (long) or trough (short), starting at the reference price
  maxHigh: number; // highest high / lowest low of the fully held rows (mae/mfe)
  minLow: number;
}

/** Simulates one column over `bars` with signal `flags`, deciding from row `firstBar` on (docs/semantics.md §§ 1–7). */
export function simulateReference(
  bars: SimBars,
  flags: Uint8Array,
  firstBar: number,
  s: SimSettings,
  series: SimSeries = {},
): SimResult {
  const { open: O, high: H, low: L, close: C, ts } = bars;
  const n = C.length;
  const equity = new Float64Array(n);
  const cashOut = new Float64Array(n);
  const position = new Float64Array(n);
  const trades: Trade[] = [];
  const allowLong = s.direction !== 'short';
  const allowShort = s.direction !== 'long';
  const nextOpen = s.fill === 'next_open';
  const rate = s.commissionRate;
  const fixed = s.commissionFixed;

  let cash = s.cash;
  let peak = s.cash; // the highest of the initial cash and the equity recorded at every earlier row (§ 6 risk)
  let mark = NaN; // last finite close
  let pos: Position | null = null;
  let pending: Order | null = null;

  const valid = (i: number) => !Number.isNaN(O[i]) && !Number.isNaN(C[i]);

  const distance = (rule: StopRule, R: number, sig: number, atr: Float64Array | undefined): number =>
    rule.kind === 'pct' ? rule.value * R : rule.value * (atr as Float64Array)[sig];

  function closePosition(p: number, i: number, reason: ExitReason): void {
    const t = pos as Position;
    const price = t.dir > 0 ? p * (1 - s.slip) : p * (1 + s.slip);
    const comm = rate * t.units * price + fixed;
    if (t.dir > 0) cash += t.units * price - comm;
    else cash -= t.units * price + comm;
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
    trades.push({
      entry_index: t.entryIndex,
      exit_index: i,
      entry_time: ts[t.entryIndex],
      exit_time: ts[i],
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
      bars_held: i - t.entryIndex,
    });
    pos = null;
  }

  function openPosition(dir: 1 | -1, p: number, i: number, sig: number): void {
    const price = dir > 0 ? p * (1 + s.slip + s.spread) : p * (1 - s.slip - s.spread);
    // § 6 risk limits: the drawdown stop blocks entries (never exits) while cash is below peak × (1 − x).
    if (s.maxDrawdownStop !== null && cash < peak * (1 - s.maxDrawdownStop)) return;
    // § 6 sizing: flat, so equity equals cash.
    const uMax = (cash - fixed) / (price * (1 + rate));
    const v = s.sizing.value;
    let u: number;
    switch (s.sizing.mode) {
      case 'all_in':
        u = uMax;
        break;
      case 'percent_equity':
        u = (v * cash) / price;
        break;
      case 'units':
        u = v;
        break;
      case 'cash':
        u = v / price;
        break;
      case 'volatility_target': {
        const sigma = (series.sigma as Float64Array)[sig];
        if (!(sigma > 0)) return; // NaN or zero σ skips the entry
        u = (cash * v) / (sigma * price);
        break;
      }
    }
    if (u > uMax) u = uMax;
    if (s.maxPositionPct !== null) {
      const cap = (s.maxPositionPct * cash) / price;
      if (u > cap) u = cap;
    }
    let k = Math.floor(u / s.step);
    u = k * s.step;
    if (u * price + (rate * u * price + fixed) > cash) {
      k -= 1;
      u = k * s.step;
    }
    if (!(k >= 1)) return; // insufficient cash: skipped, no trade
    // § 5 stop levels, fixed for the trade's life.
    const R = s.stopReference === 'fill' ? price : C[sig];
    const sl = s.stopLoss === null ? NaN : R - dir * distance(s.stopLoss, R, sig, series.atrStopLoss);
    const tp = s.takeProfit === null ? NaN : R + dir * distance(s.takeProfit, R, sig, series.atrTakeProfit);
    const td = s.trailingStop === null ? NaN : distance(s.trailingStop, R, sig, series.atrTrailingStop);
    if (
      (s.stopLoss !== null && Number.isNaN(sl)) ||
      (s.takeProfit !== null && Number.isNaN(tp)) ||
      (s.trailingStop !== null && (Number.isNaN(td) || Number.isNaN(R)))
    ) {
      return; // a stop the user asked for cannot be placed: no entry
    }
    const comm = rate * u * price + fixed;
    if (dir > 0) cash -= u * price + comm;
    else cash += u * price - comm;
    pos = {
      dir, units: u, entryIndex: i, entryPrice: price, entryCommission: comm,
      stopLoss: sl, takeProfit: tp, trailDistance: td, extreme: R, maxHigh: -Infinity, minLow: Infinity,
    };
  }

  function execute(o: Order, p: number, i: number): void {
    if (o.close && pos !== null) closePosition(p, i, 'signal');
    if (o.open !== 0 && pos === null) openPosition(o.open, p, i, o.signal);
  }

  /** § 5: exits the position when row i touches a stop; returns whether it did. */
  function checkStops(i: number): boolean {
    const t = pos as Position;
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
    closePosition(exit, i, reason);
    return true;
  }

  /** § 2: the order the flags of row i ask for, given the position; null when nothing happens. */
  function decide(f: number, sig: number): Order | null {
    const el = allowLong && (f & SIGNAL_ENTRY_LONG) !== 0;
    const es = allowShort && (f & SIGNAL_ENTRY_SHORT) !== 0;
    if (pos === null) {
      if (el && !es) return { close: false, open: 1, signal: sig };
      if (es && !el) return { close: false, open: -1, signal: sig };
      return null;
    }
    if (pos.dir > 0) {
      if (es && !el) return { close: true, open: -1, signal: sig };
      if ((f & SIGNAL_EXIT_LONG) !== 0) return { close: true, open: 0, signal: sig };
      return null;
    }
    if (el && !es) return { close: true, open: 1, signal: sig };
    if ((f & SIGNAL_EXIT_SHORT) !== 0) return { close: true, open: 0, signal: sig };
    return null;
  }

  for (let i = 0; i < n; i++) {
    // 1. The order decided at row i−1 fills at the open (cancelled whole on a NaN row).
    if (pending !== null) {
      if (valid(i)) execute(pending, O[i], i);
      pending = null;
    }
    // 2. Stops of a position held at the open (or just opened there); then the peak and mae/mfe extremes.
    if (pos !== null) {
      const stopped = valid(i) && checkStops(i);
      if (!stopped) {
        const t = pos as Position;
        if (t.dir > 0 && H[i] > t.extreme) t.extreme = H[i];
        if (t.dir < 0 && L[i] < t.extreme) t.extreme = L[i];
        if (H[i] > t.maxHigh) t.maxHigh = H[i];
        if (L[i] < t.minLow) t.minLow = L[i];
      }
    }
    // 3. The decision at the close.
    const last = i === n - 1;
    if (i >= firstBar && !(nextOpen && last)) {
      const order = decide(flags[i], i);
      if (order !== null) {
        if (last) order.open = 0; // fill at close on the last row: exits only
        if (nextOpen) pending = order;
        else if (valid(i)) execute(order, C[i], i);
      }
    }
    // 5. (before the record) The last row closes what is still open.
    if (last && pos !== null && valid(i)) closePosition(C[i], i, 'end');
    // 4. The record.
    if (!Number.isNaN(C[i])) mark = C[i];
    const held = pos as Position | null;
    position[i] = held === null ? 0 : held.dir > 0 ? held.units : -held.units;
    cashOut[i] = cash;
    equity[i] = held === null ? cash : cash + position[i] * mark;
    if (equity[i] > peak) peak = equity[i];
  }
  return { equity, cash: cashOut, position, trades };
}

/** The per-column summary of a reference run, summed in trade order exactly as the kernel does (SUM_* fields). */
export function summarizeReference(r: SimResult, cash: number): ColumnSummary {
  let wins = 0, losses = 0, grossProfit = 0, grossLoss = 0, sumPnl = 0, sumPnlSq = 0;
  let sumReturn = 0, sumReturnWin = 0, sumReturnLoss = 0, best = -Infinity, worst = Infinity, run = 0, maxRun = 0;
  for (const t of r.trades) {
    if (t.pnl > 0) {
      wins += 1; grossProfit += t.pnl; sumReturnWin += t.return_pct; run = 0;
    } else if (t.pnl < 0) {
      losses += 1; grossLoss += t.pnl; sumReturnLoss += t.return_pct; run += 1;
      if (run > maxRun) maxRun = run;
    } else {
      run = 0;
    }
    sumPnl += t.pnl;
    sumPnlSq += t.pnl * t.pnl;
    sumReturn += t.return_pct;
    if (t.return_pct > best) best = t.return_pct;
    if (t.return_pct < worst) worst = t.return_pct;
  }
  let bars = 0, peak = cash, maxDrawdown = 0;
  for (let i = 0; i < r.equity.length; i++) {
    if (r.position[i] !== 0) bars += 1;
    if (r.equity[i] > peak) peak = r.equity[i];
    const dd = r.equity[i] / peak - 1;
    if (dd < maxDrawdown) maxDrawdown = dd;
  }
  const n = r.trades.length;
  // The last row counts as held when only the `end` close flattened it (the exposure metric, § 8).
  if (n > 0 && r.trades[n - 1].exit_reason === 'end') bars += 1;
  return {
    finalEquity: r.equity.length ? r.equity[r.equity.length - 1] : cash,
    trades: n, wins, losses, grossProfit, grossLoss, sumPnl, sumPnlSq, sumReturn, sumReturnWin, sumReturnLoss,
    bestReturn: n ? best : NaN, worstReturn: n ? worst : NaN, maxConsecutiveLosses: maxRun, barsInPosition: bars,
    maxDrawdown,
  };
}
