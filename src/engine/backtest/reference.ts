// The plain-TS reference simulator of one column: a straightforward bar loop that follows docs/semantics.md
// §§ 1–7 literally, written to be read. The WASM kernel (assembly/backtest.ts) must equal it — same fills, same
// floating-point operations in the same order — and tests/unit/backtest-kernel.test.ts checks that on random input.
// The position mechanics (fills, costs, sizing, stops, trade records) live in mechanics.ts, shared with the
// portfolio backtest's sleeves; this file is the bar loop, the decisions and the record.
//
// Readings of the page that its text leaves open (the same in both simulators):
// - A row whose open or close is NaN fills nothing (§ 9): a next-open order due there is cancelled whole (both legs
//   of a reversal), its stops are not checked, a fill-at-close order and the `end` close are cancelled (a position
//   can then stay open after the last row). Its finite high/low still raise the trailing peak and count for mae/mfe.
// - An entry whose configured stop level is not a number (NaN ATR or NaN signal close) is skipped, like a NaN σ.
// - Every fill happens on a row with a finite close, so the last finite close that marks a position always exists.
// - mae/mfe count the high and low of the rows the trade held from the row's open to its close: rows after the
//   entry row (the entry row too when it filled at the open) that were not left at the open or by a stop.
import type { ExitReason, Trade } from '../../shared/backtest';
import {
  closeFill,
  decide as decision,
  entryFillPrice,
  maxUnits,
  openPosition as newPosition,
  requestedUnits,
  roundUnits,
  stopExit,
  stopLevels,
  tradeRecord,
  updateExcursions,
  type HeldPosition,
} from './mechanics';
import type { ColumnSummary, SimBars, SimSeries, SimSettings } from './settings';

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

/** The open position: what its exits need (mechanics.ts) and the row it was entered on. */
interface Position extends HeldPosition {
  entryIndex: number;
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
  const nextOpen = s.fill === 'next_open';

  let cash = s.cash;
  let peak = s.cash; // the highest of the initial cash and the equity recorded at every earlier row (§ 6 risk)
  let mark = NaN; // last finite close
  let pos: Position | null = null;
  let pending: Order | null = null;

  const valid = (i: number) => !Number.isNaN(O[i]) && !Number.isNaN(C[i]);

  function closePosition(p: number, i: number, reason: ExitReason): void {
    const t = pos as Position;
    const x = closeFill(s, t, p);
    cash += x.cash;
    const span = { entryIndex: t.entryIndex, exitIndex: i, entryTime: ts[t.entryIndex], exitTime: ts[i], barsHeld: i - t.entryIndex };
    trades.push(tradeRecord(t, x.price, x.comm, reason, span));
    pos = null;
  }

  function openPosition(dir: 1 | -1, p: number, i: number, sig: number): void {
    const price = entryFillPrice(s, dir, p);
    // § 6 risk limits: the drawdown stop blocks entries (never exits) while cash is below peak × (1 − x).
    if (s.maxDrawdownStop !== null && cash < peak * (1 - s.maxDrawdownStop)) return;
    // § 6 sizing: flat, so equity equals cash.
    const uMax = maxUnits(s, cash, price);
    let u = requestedUnits(s, series, cash, price, uMax, sig);
    if (u === null) return;
    if (u > uMax) u = uMax;
    if (s.maxPositionPct !== null) {
      const cap = (s.maxPositionPct * cash) / price;
      if (u > cap) u = cap;
    }
    const units = roundUnits(s, u, price, cash);
    if (units === null) return; // insufficient cash: skipped, no trade
    const levels = stopLevels(s, series, C, dir, price, sig);
    if (levels === null) return; // a stop the user asked for cannot be placed: no entry (§ 5)
    const opened = newPosition(s, dir, units, price, levels);
    cash += opened.cash;
    pos = { ...opened.position, entryIndex: i };
  }

  function execute(o: Order, p: number, i: number): void {
    if (o.close && pos !== null) closePosition(p, i, 'signal');
    if (o.open !== 0 && pos === null) openPosition(o.open, p, i, o.signal);
  }

  /** § 5: exits the position when row i touches a stop; returns whether it did. */
  function checkStops(i: number): boolean {
    const x = stopExit(pos as Position, O[i], H[i], L[i]);
    if (x === null) return false;
    closePosition(x.price, i, x.reason);
    return true;
  }

  /** § 2: the order the flags of row i ask for, given the position; null when nothing happens. */
  function decide(f: number, sig: number): Order | null {
    const d = decision(f, s.direction, pos === null ? 0 : pos.dir);
    return d === null ? null : { close: d.close, open: d.open, signal: sig };
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
      if (!stopped) updateExcursions(pos as Position, H[i], L[i]);
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
