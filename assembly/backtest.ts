// The backtest simulation kernel: many columns (one per parameter combination, vectorbt's layout) over shared
// OHLC bars in one call. It implements docs/semantics.md §§ 1–7 and equals src/engine/backtest/reference.ts —
// the same fills and the same floating-point operations in the same order, so results agree to the last bit
// (tests/unit/backtest-kernel.test.ts). Memory layouts (settings block, trade records, summaries) are defined once
// in ./backtest-layout.ts. Nothing is allocated: settings and the current column's state live in module globals.
import {
  SET_DIRECTION, SET_CASH, SET_FILL, SET_SIZING_MODE, SET_SIZING_VALUE, SET_STEP, SET_COMMISSION_RATE,
  SET_COMMISSION_FIXED, SET_SLIP, SET_SPREAD, SET_SL_KIND, SET_SL_VALUE, SET_TP_KIND, SET_TP_VALUE, SET_TS_KIND,
  SET_TS_VALUE, SET_STOP_REFERENCE, DIR_ALLOW_LONG, DIR_ALLOW_SHORT, FILL_CLOSE, SIZE_ALL_IN, SIZE_PERCENT_EQUITY,
  SIZE_UNITS, SIZE_CASH, STOP_NONE, STOP_PCT, REF_FILL,
  REC_COLUMN, REC_ENTRY_INDEX, REC_EXIT_INDEX, REC_DIRECTION, REC_SIZE, REC_ENTRY_PRICE, REC_EXIT_PRICE, REC_PNL,
  REC_RETURN_PCT, REC_COMMISSION, REC_REASON, REC_MAE, REC_MFE, REC_FIELDS,
  REASON_SIGNAL, REASON_STOP_LOSS, REASON_TAKE_PROFIT, REASON_TRAILING_STOP, REASON_END,
  SUM_FINAL_EQUITY, SUM_TRADES, SUM_WINS, SUM_LOSSES, SUM_GROSS_PROFIT, SUM_GROSS_LOSS, SUM_PNL, SUM_PNL_SQ,
  SUM_RETURN, SUM_RETURN_WIN, SUM_RETURN_LOSS, SUM_BEST_RETURN, SUM_WORST_RETURN, SUM_MAX_CONSEC_LOSSES,
  SUM_BARS_IN_POSITION, SUM_MAX_DRAWDOWN, SUM_FIELDS,
} from './backtest-layout';

// @ts-ignore: decorator
@inline
function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

// Settings of the current call (read once from the f64 block).
let gCash0: f64 = 0;
let gMode: i32 = 0;
let gValue: f64 = 0;
let gStep: f64 = 1;
let gRate: f64 = 0;
let gFixed: f64 = 0;
let gSlKind: i32 = 0;
let gSlValue: f64 = 0;
let gTpKind: i32 = 0;
let gTpValue: f64 = 0;
let gTsKind: i32 = 0;
let gTsValue: f64 = 0;
let gRefFill: bool = true;
let gClose: usize = 0;
let gAtrSl: usize = 0;
let gAtrTp: usize = 0;
let gAtrTs: usize = 0;
let gSigma: usize = 0;

// What `enter` hands back besides the units: the commission and the trade's stop levels (NaN = none).
let oComm: f64 = 0;
let oSl: f64 = 0;
let oTp: f64 = 0;
let oTd: f64 = 0;
let oRef: f64 = 0;

// Trade records and the current column's summary accumulators.
let gRecords: usize = 0;
let gCap: i32 = 0;
let gCount: i32 = 0;
let sTrades: f64 = 0, sWins: f64 = 0, sLosses: f64 = 0, sGrossProfit: f64 = 0, sGrossLoss: f64 = 0;
let sPnl: f64 = 0, sPnlSq: f64 = 0, sRet: f64 = 0, sRetWin: f64 = 0, sRetLoss: f64 = 0;
let sBest: f64 = 0, sWorst: f64 = 0, sConsec: f64 = 0, sMaxConsec: f64 = 0;

/** § 5 distance of one stop: value × reference, or value × ATR at the signal row. */
// @ts-ignore: decorator
@inline
function distance(kind: i32, value: f64, ref: f64, atr: usize, sig: i32): f64 {
  return kind == STOP_PCT ? value * ref : value * ld(atr, sig);
}

/**
 * § 6 sizing and § 5 stop levels of an entry in direction `dir` at fill price `price` (raw price `p`) with `cash`:
 * returns the units, or 0 when the entry is skipped; the commission and levels are left in oComm/oSl/oTp/oTd/oRef.
 */
// @ts-ignore: decorator
@inline
function enter(dir: f64, price: f64, cash: f64, sig: i32): f64 {
  const rate = gRate, fixed = gFixed, v = gValue;
  const uMax = (cash - fixed) / (price * (1 + rate));
  let u: f64;
  if (gMode == SIZE_ALL_IN) u = uMax;
  else if (gMode == SIZE_PERCENT_EQUITY) u = (v * cash) / price;
  else if (gMode == SIZE_UNITS) u = v;
  else if (gMode == SIZE_CASH) u = v / price;
  else {
    const sigma = ld(gSigma, sig);
    if (!(sigma > 0)) return 0;
    u = (cash * v) / (sigma * price);
  }
  if (u > uMax) u = uMax;
  // x / 1 and k × 1 are exact, so whole units skip both operations (the same values as the general path).
  const whole = gStep == 1;
  let k = Math.floor(whole ? u : u / gStep);
  u = whole ? k : k * gStep;
  if (u * price + (rate * u * price + fixed) > cash) {
    k -= 1;
    u = whole ? k : k * gStep;
  }
  if (!(k >= 1)) return 0;
  const R = gRefFill ? price : ld(gClose, sig);
  const sl = gSlKind == STOP_NONE ? NaN : R - dir * distance(gSlKind, gSlValue, R, gAtrSl, sig);
  const tp = gTpKind == STOP_NONE ? NaN : R + dir * distance(gTpKind, gTpValue, R, gAtrTp, sig);
  const td = gTsKind == STOP_NONE ? NaN : distance(gTsKind, gTsValue, R, gAtrTs, sig);
  if ((gSlKind != STOP_NONE && isNaN(sl)) || (gTpKind != STOP_NONE && isNaN(tp)) ||
      (gTsKind != STOP_NONE && (isNaN(td) || isNaN(R)))) return 0;
  oComm = rate * u * price + fixed;
  oSl = sl;
  oTp = tp;
  oTd = td;
  oRef = R;
  return u;
}

/** Records one closed trade (when capacity allows) and adds it to the column's summary (§ 7). */
// @ts-ignore: decorator
@inline
function emitTrade(col: i32, entryIdx: i32, exitIdx: i32, dir: f64, units: f64, pe: f64, px: f64,
                   commission: f64, reason: i32, maxHigh: f64, minLow: f64): void {
  const pnl = dir * units * (px - pe) - commission;
  let x = dir * (px / pe - 1);
  const ret = x - commission / (units * pe);
  let mae: f64 = 0, mfe: f64 = 0;
  if (x > mfe) mfe = x;
  if (x < mae) mae = x;
  if (maxHigh != -Infinity) {
    x = dir * (maxHigh / pe - 1);
    if (x > mfe) mfe = x;
    if (x < mae) mae = x;
  }
  if (minLow != Infinity) {
    x = dir * (minLow / pe - 1);
    if (x > mfe) mfe = x;
    if (x < mae) mae = x;
  }
  if (gCount < gCap) {
    const r = gRecords + (<usize>gCount * REC_FIELDS << 3);
    st(r, REC_COLUMN, <f64>col);
    st(r, REC_ENTRY_INDEX, <f64>entryIdx);
    st(r, REC_EXIT_INDEX, <f64>exitIdx);
    st(r, REC_DIRECTION, dir);
    st(r, REC_SIZE, units);
    st(r, REC_ENTRY_PRICE, pe);
    st(r, REC_EXIT_PRICE, px);
    st(r, REC_PNL, pnl);
    st(r, REC_RETURN_PCT, ret);
    st(r, REC_COMMISSION, commission);
    st(r, REC_REASON, <f64>reason);
    st(r, REC_MAE, mae);
    st(r, REC_MFE, mfe);
  }
  gCount++;
  sTrades += 1;
  if (pnl > 0) {
    sWins += 1; sGrossProfit += pnl; sRetWin += ret; sConsec = 0;
  } else if (pnl < 0) {
    sLosses += 1; sGrossLoss += pnl; sRetLoss += ret; sConsec += 1;
    if (sConsec > sMaxConsec) sMaxConsec = sConsec;
  } else {
    sConsec = 0;
  }
  sPnl += pnl;
  sPnlSq += pnl * pnl;
  sRet += ret;
  if (ret > sBest) sBest = ret;
  if (ret < sWorst) sWorst = ret;
}

// The current column: inputs, outputs and the simulation state (dir 0 = flat). State lives in globals so that the
// per-row event code (`row`) and the idle-row loop (`idle`) share it; V8 keeps a small loop without calls fast,
// while one big loop body holding every rare path spills its registers on every row.
let gCol: i32 = 0, gN: i32 = 0, gFirst: i32 = 0;
let gO: usize = 0, gH: usize = 0, gL: usize = 0, gFlags: usize = 0;
let gEq: usize = 0, gCashOut: usize = 0, gPosOut: usize = 0, gSum: usize = 0;
let gAllowLong = false, gAllowShort = false, gNextOpen = true, gHasStops = false;
let gSlip: f64 = 0, gSpread: f64 = 0;
let cash: f64 = 0, mark: f64 = NaN;
let dir: f64 = 0, units: f64 = 0, entryIdx: i32 = 0, pe: f64 = 0, eComm: f64 = 0;
let sl: f64 = NaN, tp: f64 = NaN, td: f64 = NaN, ext: f64 = 0, maxH: f64 = -Infinity, minL: f64 = Infinity;
// The order decided at the previous close (next_open) and the order executing now.
let pendClose = false, pendOpen: f64 = 0;
let ordClose = false, ordOpen: f64 = 0, ordPrice: f64 = 0, ordSig: i32 = 0, ordLive = false;
// Per-row summary accumulators.
let bars: f64 = 0, peak: f64 = 0, maxDD: f64 = 0;

/** Closes the position at raw price `p` in row `i` (§ 4 slippage and commission, § 7 trade). */
// @ts-ignore: decorator
@inline
function exitAt(p: f64, i: i32, reason: i32): void {
  const px = dir > 0 ? p * (1 - gSlip) : p * (1 + gSlip);
  const comm = gRate * units * px + gFixed;
  if (dir > 0) cash += units * px - comm;
  else cash -= units * px + comm;
  emitTrade(gCol, entryIdx, i, dir, units, pe, px, eComm + comm, reason, maxH, minL);
  dir = 0;
}

/** Executes the live order at its price in row `i`: the closing leg, then the opening leg (§ 2, § 6). */
// @ts-ignore: decorator
@inline
function execute(i: i32): void {
  ordLive = false;
  if (ordClose && dir != 0) exitAt(ordPrice, i, REASON_SIGNAL);
  if (ordOpen != 0 && dir == 0) {
    const price = ordOpen > 0 ? ordPrice * (1 + gSlip + gSpread) : ordPrice * (1 - gSlip - gSpread);
    const u = enter(ordOpen, price, cash, ordSig);
    if (u > 0) {
      if (ordOpen > 0) cash -= u * price + oComm;
      else cash += u * price - oComm;
      dir = ordOpen; units = u; entryIdx = i; pe = price; eComm = oComm;
      sl = oSl; tp = oTp; td = oTd; ext = oRef; maxH = -Infinity; minL = Infinity;
    }
  }
}

/** Writes row i's record (§ 3 step 4) and its summary terms. */
// @ts-ignore: decorator
@inline
function record(i: i32, c: f64): void {
  if (!isNaN(c)) mark = c;
  const signed = dir == 0 ? 0.0 : dir > 0 ? units : -units;
  const eq = dir == 0 ? cash : cash + signed * mark;
  if (gEq) st(gEq, i, eq);
  if (gCashOut) st(gCashOut, i, cash);
  if (gPosOut) st(gPosOut, i, signed);
  if (gSum) {
    if (dir != 0) bars += 1;
    if (eq > peak) peak = eq;
    const dd = eq / peak - 1;
    if (dd < maxDD) maxDD = dd;
  }
}

/** Row i in full, steps 1–5 of § 3. */
function row(i: i32): void {
  const o = ld(gO, i), c = ld(gClose, i);
  const valid = !isNaN(o) && !isNaN(c);
  const last = i == gN - 1;
  // Step 1: the order decided at row i − 1 fills at the open (cancelled whole on a NaN row).
  if (pendClose || pendOpen != 0) {
    if (valid) {
      ordClose = pendClose; ordOpen = pendOpen; ordPrice = o; ordSig = i - 1;
      execute(i);
    }
    pendClose = false; pendOpen = 0;
  }
  // Step 2: stops of the position held at the open, then the trailing extreme and the mae/mfe extremes.
  if (dir != 0) {
    const h = ld(gH, i), l = ld(gL, i);
    let exit: f64 = NaN, reason = REASON_STOP_LOSS;
    if (gHasStops && valid) {
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
    if (!isNaN(exit)) {
      exitAt(exit, i, reason);
    } else {
      if (dir > 0 && h > ext) ext = h;
      if (dir < 0 && l < ext) ext = l;
      if (h > maxH) maxH = h;
      if (l < minL) minL = l;
    }
  }
  // Step 3: the decision at the close (§ 2); with fill at close it executes now.
  if (i >= gFirst && !(gNextOpen && last)) {
    const f = <i32>load<u8>(gFlags + <usize>i);
    if (f != 0) {
      const el = gAllowLong && (f & 1) != 0;
      const es = gAllowShort && (f & 4) != 0;
      let dc = false, dop: f64 = 0;
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
      if (last) dop = 0;
      if (dc || dop != 0) {
        if (gNextOpen) { pendClose = dc; pendOpen = dop; }
        else if (valid) { ordClose = dc; ordOpen = dop; ordPrice = c; ordSig = i; execute(i); }
      }
    }
  }
  // Step 5 (row n − 1): the end close; then step 4, the record.
  if (last && dir != 0 && valid) exitAt(c, i, REASON_END);
  record(i, c);
}

/**
 * Rows from `i` on where nothing can happen — no pending order, no stops to check, not the last row, and no flag
 * bit in `mask` at or after first_bar — processed in a tight loop (row() gives the same results on them: only
 * the mae/mfe extremes and the record change). Returns the first row that needs row().
 */
function idle(i: i32, mask: i32): i32 {
  const end = gN - 1, first = gFirst, flags = gFlags, H = gH, L = gL, C = gClose;
  const held = dir != 0;
  while (i < end) {
    if (i >= first && (<i32>load<u8>(flags + <usize>i) & mask) != 0) break;
    if (held) {
      const h = ld(H, i), l = ld(L, i);
      if (h > maxH) maxH = h;
      if (l < minL) minL = l;
    }
    record(i, ld(C, i));
    i++;
  }
  return i;
}

/** Simulates the current column (§§ 1–7) into the outputs set in the globals. */
function runColumn(): void {
  cash = gCash0; mark = NaN;
  dir = 0; units = 0; entryIdx = 0; pe = 0; eComm = 0;
  sl = NaN; tp = NaN; td = NaN; ext = 0; maxH = -Infinity; minL = Infinity;
  pendClose = false; pendOpen = 0; ordLive = false;
  bars = 0; peak = gCash0; maxDD = 0;
  const flatMask = (gAllowLong ? 1 : 0) | (gAllowShort ? 4 : 0);
  const longMask = 2 | (gAllowShort ? 4 : 0);
  const shortMask = 8 | (gAllowLong ? 1 : 0);
  let i = 0;
  while (i < gN) {
    if (!pendClose && pendOpen == 0 && !(gHasStops && dir != 0)) {
      i = idle(i, dir == 0 ? flatMask : dir > 0 ? longMask : shortMask);
    }
    if (i < gN) row(i++);
  }
  if (gSum) {
    st(gSum, SUM_FINAL_EQUITY, gN > 0 ? (gEq ? ld(gEq, gN - 1) : lastEquity()) : gCash0);
    st(gSum, SUM_BARS_IN_POSITION, bars);
    st(gSum, SUM_MAX_DRAWDOWN, maxDD);
  }
}

/** Equity after the last row (the record's formula), for the summary when no equity output is written. */
function lastEquity(): f64 {
  return dir == 0 ? cash : cash + (dir > 0 ? units : -units) * mark;
}

function readSettings(s: usize): void {
  gCash0 = ld(s, SET_CASH);
  gMode = <i32>ld(s, SET_SIZING_MODE);
  gValue = ld(s, SET_SIZING_VALUE);
  gStep = ld(s, SET_STEP);
  gRate = ld(s, SET_COMMISSION_RATE);
  gFixed = ld(s, SET_COMMISSION_FIXED);
  gSlKind = <i32>ld(s, SET_SL_KIND);
  gSlValue = ld(s, SET_SL_VALUE);
  gTpKind = <i32>ld(s, SET_TP_KIND);
  gTpValue = ld(s, SET_TP_VALUE);
  gTsKind = <i32>ld(s, SET_TS_KIND);
  gTsValue = ld(s, SET_TS_VALUE);
  gRefFill = <i32>ld(s, SET_STOP_REFERENCE) == REF_FILL;
}

/**
 * Simulates `ncols` columns over shared bars (docs/semantics.md §§ 1–7, equal to reference.ts's simulateReference
 * per column): flags u8 column-major [col·n + i], firstBars i32 per column, settings f64 block, series pointers
 * (0 = absent); optional outputs (0 = skip) n×ncols equity/cash/position, trade records (capacity `recordCap`)
 * and summaries. Returns the number of trades (all written when `records` ≠ 0), or −(records needed) when
 * `recordCap` was too small (the other outputs are complete either way).
 */
export function backtestColumns(open: usize, high: usize, low: usize, close: usize, n: i32, flags: usize,
                                firstBars: usize, ncols: i32, settings: usize, atrStopLoss: usize,
                                atrTakeProfit: usize, atrTrailingStop: usize, sigma: usize, equity: usize,
                                cash: usize, position: usize, records: usize, recordCap: i32,
                                summary: usize): i32 {
  readSettings(settings);
  const d = <i32>ld(settings, SET_DIRECTION);
  gAllowLong = (d & DIR_ALLOW_LONG) != 0;
  gAllowShort = (d & DIR_ALLOW_SHORT) != 0;
  gNextOpen = <i32>ld(settings, SET_FILL) != FILL_CLOSE;
  gSlip = ld(settings, SET_SLIP);
  gSpread = ld(settings, SET_SPREAD);
  gHasStops = gSlKind != STOP_NONE || gTpKind != STOP_NONE || gTsKind != STOP_NONE;
  gO = open; gH = high; gL = low; gClose = close; gN = n;
  gAtrSl = atrStopLoss; gAtrTp = atrTakeProfit; gAtrTs = atrTrailingStop; gSigma = sigma;
  gRecords = records; gCap = records ? recordCap : 0; gCount = 0;
  for (let col = 0; col < ncols; col++) {
    sTrades = 0; sWins = 0; sLosses = 0; sGrossProfit = 0; sGrossLoss = 0; sPnl = 0; sPnlSq = 0;
    sRet = 0; sRetWin = 0; sRetLoss = 0; sBest = -Infinity; sWorst = Infinity; sConsec = 0; sMaxConsec = 0;
    const off = <usize>col * <usize>n;
    const colBytes = off << 3;
    const fb = load<i32>(firstBars + (<usize>col << 2));
    const sum = summary ? summary + (<usize>col * SUM_FIELDS << 3) : 0;
    gCol = col; gFlags = flags + off; gFirst = fb < 0 ? 0 : fb; gSum = sum;
    gEq = equity ? equity + colBytes : 0;
    gCashOut = cash ? cash + colBytes : 0;
    gPosOut = position ? position + colBytes : 0;
    runColumn();
    if (sum) {
      st(sum, SUM_TRADES, sTrades);
      st(sum, SUM_WINS, sWins);
      st(sum, SUM_LOSSES, sLosses);
      st(sum, SUM_GROSS_PROFIT, sGrossProfit);
      st(sum, SUM_GROSS_LOSS, sGrossLoss);
      st(sum, SUM_PNL, sPnl);
      st(sum, SUM_PNL_SQ, sPnlSq);
      st(sum, SUM_RETURN, sRet);
      st(sum, SUM_RETURN_WIN, sRetWin);
      st(sum, SUM_RETURN_LOSS, sRetLoss);
      st(sum, SUM_BEST_RETURN, sTrades > 0 ? sBest : NaN);
      st(sum, SUM_WORST_RETURN, sTrades > 0 ? sWorst : NaN);
      st(sum, SUM_MAX_CONSEC_LOSSES, sMaxConsec);
    }
  }
  return records == 0 || gCount <= gCap ? gCount : -gCount;
}
