// The backtest simulation kernel: many columns (one per parameter combination, vectorbt's layout) over shared
// OHLC bars in one call. It implements docs/semantics.md §§ 1–7 and equals src/engine/backtest/reference.ts —
// the same fills and the same floating-point operations in the same order, so results agree to the last bit
// (tests/unit/backtest-kernel.test.ts). Memory layouts (settings block, trade records, summaries) are defined once
// in ./backtest-layout.ts; sizing, stop distances and trade emission live in ./backtest-core.ts.
//
// Speed: one row loop (`simulate`) whose whole state lives in locals (module globals would be loaded and stored
// on every access), compiled into one function per case of the call-wide settings that change its shape — fill
// at next open or close, stops or none, trade records or summary only — so each copy carries no code for the
// other cases. Rows where nothing can happen run in a tight inner loop; the per-row drawdown division is deferred
// to the end of each drawdown episode (exact: see `simulate`). Nothing is allocated.
import {
  REASON_SIGNAL, REASON_STOP_LOSS, REASON_TAKE_PROFIT, REASON_TRAILING_STOP, SUM_FIELDS, SUM_FINAL_EQUITY,
  SUM_BARS_IN_POSITION, SUM_MAX_DRAWDOWN,
} from './backtest-layout';
import {
  ld, st, readSettings, setSeries, closeAt, closeAtEnd, resetRecords, recordCount, recordCapacity, resetSums,
  storeSums, openUnits, entryCash, oSl, oTp, oTd, oRef, gCash0, gAllowLong, gAllowShort, gNextOpen, gLongIn,
  gShortIn, gHasStops, gNoCommission, gRate, gFixed,
} from './backtest-core';

// The call's inputs and the current column's outputs (read into locals at the top of each column).
let gN: i32 = 0, gFirst: i32 = 0;
let gO: usize = 0, gH: usize = 0, gL: usize = 0, gC: usize = 0, gFlags: usize = 0;
let gEq: usize = 0, gCashOut: usize = 0, gPosOut: usize = 0, gSum: usize = 0;

/**
 * Simulates column `col` (§§ 1–7) into the outputs in the globals. NEXT_OPEN, STOPS and REC are compile-time
 * constants at every call site: fill at the next open (else at the close), stops configured, trade records wanted
 * (else the held rows' high/low extremes and mae/mfe are not tracked).
 */
// @ts-ignore: decorator
@inline
function simulate(col: i32, NEXT_OPEN: bool, STOPS: bool, REC: bool): void {
  const n = gN, lastRow = n - 1, first = gFirst;
  const O = gO, H = gH, Lo = gL, C = gC, F = gFlags, EQ = gEq, CO = gCashOut, PO = gPosOut;
  const allowLong = gAllowLong, allowShort = gAllowShort;
  const longIn = gLongIn, shortIn = gShortIn, rate = gRate, fixed = gFixed, noComm = gNoCommission;
  // Flag bits that can change anything when flat / long / short (§ 2).
  const maskFlat = (allowLong ? 1 : 0) | (allowShort ? 4 : 0);
  const maskLong = 2 | (allowShort ? 4 : 0);
  const maskShort = 8 | (allowLong ? 1 : 0);
  let cash = gCash0, mark: f64 = NaN;
  // The position (dir 0 = flat, pos the signed units) and its trade state; stop levels NaN = none.
  let dir: f64 = 0, units: f64 = 0, pos: f64 = 0, pe: f64 = 0, eComm: f64 = 0, entryIdx = 0;
  let sl: f64 = NaN, tp: f64 = NaN, td: f64 = NaN, ext: f64 = 0, maxH = -Infinity, minL = Infinity;
  // next_open: the order decided at the previous close, bit 0 close, 2 open long, 4 open short.
  let pend = 0;
  // Summary terms: rows held, peak equity, lowest equity since the peak, and the deepest drawdown flushed so far.
  // At row i, before its record, `peak` = max(cash, equity[0..i−1]): the peak the § 6 drawdown stop compares with.
  let bars = 0, peak = cash, low = Infinity, maxDD: f64 = 0;
  let i = 0;
  while (i < n) {
    // Rows where nothing can happen (no pending order, no stops to check, no flag that matters, not the last row)
    // only write their record: a tight loop, since most rows of a real strategy are such rows.
    if (pend == 0 && !(STOPS && dir != 0)) {
      const mask = dir == 0 ? maskFlat : dir > 0 ? maskLong : maskShort;
      const held = dir != 0;
      while (i < lastRow) {
        if (i >= first && (<i32>load<u8>(F + <usize>i) & mask) != 0) break;
        const c = ld(C, i);
        if (c == c) mark = c;
        if (REC && held) {
          const h = ld(H, i), l = ld(Lo, i);
          if (h > maxH) maxH = h;
          if (l < minL) minL = l;
        }
        const eq = held ? cash + pos * mark : cash;
        if (EQ) st(EQ, i, eq);
        if (CO) st(CO, i, cash);
        if (PO) st(PO, i, pos);
        if (held) bars++;
        if (eq > peak) {
          if (low < peak) {
            const dd = low / peak - 1;
            if (dd < maxDD) maxDD = dd;
          }
          peak = eq; low = Infinity;
        } else if (eq < low) low = eq;
        i++;
      }
      if (i >= n) break;
    }
    // Row i in full (§ 3).
    const o = ld(O, i), c = ld(C, i);
    const valid = o == o && c == c;
    const last = i == lastRow;
    // Step 1: the order decided at row i − 1 fills at the open (cancelled whole on a NaN row): closing leg, then
    // opening leg.
    if (NEXT_OPEN && pend != 0) {
      if (valid) {
        if ((pend & 1) != 0 && dir != 0) {
          cash = closeAt(REC, col, cash, o, i, REASON_SIGNAL, dir, units, entryIdx, pe, eComm, maxH, minL);
          dir = 0; pos = 0;
        }
        if (pend > 1 && dir == 0) {
          const d: f64 = pend >> 1 == 1 ? 1 : -1;
          const price = d > 0 ? o * longIn : o * shortIn;
          const u = openUnits(STOPS, d, price, cash, i - 1, peak);
          if (u > 0) {
            const x = u * price, comm = rate * u * price + fixed;
            cash = entryCash(noComm, cash, d, x, comm);
            dir = d; units = u; pos = d > 0 ? u : -u; entryIdx = i; pe = price; eComm = comm;
            if (STOPS) { sl = oSl; tp = oTp; td = oTd; ext = oRef; }
            if (REC) { maxH = -Infinity; minL = Infinity; }
          }
        }
      }
      pend = 0;
    }
    // Step 2: stops of the position held at the open, then the trailing extreme and the mae/mfe extremes.
    if (dir != 0 && (STOPS || REC)) {
      const h = ld(H, i), l = ld(Lo, i);
      let exit: f64 = NaN, reason = REASON_STOP_LOSS;
      if (STOPS && valid) {
        if (dir > 0) {
          let stop: f64 = -Infinity;
          if (!isNaN(sl)) stop = sl;
          if (!isNaN(td)) {
            const level = ext - td;
            if (level > stop) { stop = level; reason = REASON_TRAILING_STOP; }
          }
          const take = !isNaN(tp) ? tp : Infinity;
          if (o <= stop) exit = o;
          else if (o >= take) { exit = o; reason = REASON_TAKE_PROFIT; }
          else if (l <= stop) exit = stop;
          else if (h >= take) { exit = take; reason = REASON_TAKE_PROFIT; }
        } else {
          let stop: f64 = Infinity;
          if (!isNaN(sl)) stop = sl;
          if (!isNaN(td)) {
            const level = ext + td;
            if (level < stop) { stop = level; reason = REASON_TRAILING_STOP; }
          }
          const take = !isNaN(tp) ? tp : -Infinity;
          if (o >= stop) exit = o;
          else if (o <= take) { exit = o; reason = REASON_TAKE_PROFIT; }
          else if (h >= stop) exit = stop;
          else if (l <= take) { exit = take; reason = REASON_TAKE_PROFIT; }
        }
      }
      if (STOPS && !isNaN(exit)) {
        cash = closeAt(REC, col, cash, exit, i, reason, dir, units, entryIdx, pe, eComm, maxH, minL);
        dir = 0; pos = 0;
      } else {
        if (STOPS) {
          if (dir > 0 && h > ext) ext = h;
          if (dir < 0 && l < ext) ext = l;
        }
        if (REC) {
          if (h > maxH) maxH = h;
          if (l < minL) minL = l;
        }
      }
    }
    // Step 3: the decision at the close (§ 2); with fill at close it executes now (exits only on the last row).
    if (i >= first && !(NEXT_OPEN && last)) {
      const f = <i32>load<u8>(F + <usize>i);
      if ((f & (dir == 0 ? maskFlat : dir > 0 ? maskLong : maskShort)) != 0) {
        const el = allowLong && (f & 1) != 0;
        const es = allowShort && (f & 4) != 0;
        let dc = false, dop = 0;
        if (dir == 0) {
          if (el && !es) dop = 1;
          else if (es && !el) dop = -1;
        } else if (dir > 0) {
          if (es && !el) { dc = true; dop = -1; }
          else if ((f & 2) != 0) dc = true;
        } else {
          if (el && !es) { dc = true; dop = 1; }
          else if ((f & 8) != 0) dc = true;
        }
        if (NEXT_OPEN) pend = (dc ? 1 : 0) | (dop > 0 ? 2 : dop < 0 ? 4 : 0);
        else if (valid) {
          if (dc && dir != 0) {
            cash = closeAt(REC, col, cash, c, i, REASON_SIGNAL, dir, units, entryIdx, pe, eComm, maxH, minL);
            dir = 0; pos = 0;
          }
          if (dop != 0 && !last && dir == 0) {
            const d: f64 = dop;
            const price = d > 0 ? c * longIn : c * shortIn;
            const u = openUnits(STOPS, d, price, cash, i, peak);
            if (u > 0) {
              const x = u * price, comm = rate * u * price + fixed;
              cash = entryCash(noComm, cash, d, x, comm);
              dir = d; units = u; pos = d > 0 ? u : -u; entryIdx = i; pe = price; eComm = comm;
              if (STOPS) { sl = oSl; tp = oTp; td = oTd; ext = oRef; }
              if (REC) { maxH = -Infinity; minL = Infinity; }
            }
          }
        }
      }
    }
    // Step 5 (row n − 1): the end close, which counts the row as held (the exposure metric, § 8).
    const held = dir != 0;
    if (last && held && valid) {
      cash = closeAtEnd(REC, col, cash, c, i, dir, units, entryIdx, pe, eComm, maxH, minL);
      dir = 0; pos = 0;
    }
    // Step 4: the record, and the summary terms.
    if (c == c) mark = c;
    const eq = dir == 0 ? cash : cash + pos * mark;
    if (EQ) st(EQ, i, eq);
    if (CO) st(CO, i, cash);
    if (PO) st(PO, i, pos);
    if (held) bars++;
    // The drawdown eq / peak − 1 is monotone in eq for a fixed peak > 0 (cash > 0 and the peak only rises), so its
    // minimum over the rows sharing a peak is reached at their lowest equity: one division per episode.
    if (eq > peak) {
      if (low < peak) {
        const dd = low / peak - 1;
        if (dd < maxDD) maxDD = dd;
      }
      peak = eq; low = Infinity;
    } else if (eq < low) low = eq;
    i++;
  }
  if (low < peak) {
    const dd = low / peak - 1;
    if (dd < maxDD) maxDD = dd;
  }
  const sum = gSum;
  if (sum) {
    st(sum, SUM_FINAL_EQUITY, n > 0 ? (dir == 0 ? cash : cash + pos * mark) : gCash0);
    st(sum, SUM_BARS_IN_POSITION, <f64>bars);
    st(sum, SUM_MAX_DRAWDOWN, maxDD);
  }
}

// One function per case (see the top comment); each is called once per column.
function simOpenRec(col: i32): void { simulate(col, true, false, true); }
function simOpen(col: i32): void { simulate(col, true, false, false); }
function simOpenStopsRec(col: i32): void { simulate(col, true, true, true); }
function simOpenStops(col: i32): void { simulate(col, true, true, false); }
function simCloseRec(col: i32): void { simulate(col, false, false, true); }
function simClose(col: i32): void { simulate(col, false, false, false); }
function simCloseStopsRec(col: i32): void { simulate(col, false, true, true); }
function simCloseStops(col: i32): void { simulate(col, false, true, false); }

/**
 * Simulates `ncols` columns over shared bars (docs/semantics.md §§ 1–7, equal to reference.ts's simulateReference
 * per column, summaries equal to summarizeReference): flags u8 column-major [col·n + i], firstBars i32 per column,
 * settings f64 block from encodeSimSettings (cash > 0), series pointers (0 = absent); optional outputs (0 = skip)
 * n×ncols equity/cash/position, trade records (capacity `recordCap`) and summaries. Returns the number of trades
 * (all written when `records` ≠ 0), or −(records needed) when `recordCap` was too small (the other outputs are
 * complete either way).
 */
export function backtestColumns(open: usize, high: usize, low: usize, close: usize, n: i32, flags: usize,
                                firstBars: usize, ncols: i32, settings: usize, atrStopLoss: usize,
                                atrTakeProfit: usize, atrTrailingStop: usize, sigma: usize, equity: usize,
                                cash: usize, position: usize, records: usize, recordCap: i32,
                                summary: usize): i32 {
  readSettings(settings);
  gO = open; gH = high; gL = low; gC = close; gN = n;
  setSeries(close, atrStopLoss, atrTakeProfit, atrTrailingStop, sigma);
  resetRecords(records, recordCap);
  const nextOpen = gNextOpen, rec = records != 0, stops = gHasStops;
  for (let col = 0; col < ncols; col++) {
    resetSums();
    const off = <usize>col * <usize>n;
    const colBytes = off << 3;
    const fb = load<i32>(firstBars + (<usize>col << 2));
    const sum = summary ? summary + (<usize>col * SUM_FIELDS << 3) : 0;
    gFlags = flags + off; gFirst = fb < 0 ? 0 : fb; gSum = sum;
    gEq = equity ? equity + colBytes : 0;
    gCashOut = cash ? cash + colBytes : 0;
    gPosOut = position ? position + colBytes : 0;
    if (nextOpen) {
      if (stops) { if (rec) simOpenStopsRec(col); else simOpenStops(col); }
      else if (rec) simOpenRec(col);
      else simOpen(col);
    } else {
      if (stops) { if (rec) simCloseStopsRec(col); else simCloseStops(col); }
      else if (rec) simCloseRec(col);
      else simClose(col);
    }
    if (sum) storeSums(sum);
  }
  const count = recordCount();
  return records == 0 || count <= recordCapacity() ? count : -count;
}
