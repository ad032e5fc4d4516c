// Helpers of the backtest kernel (./backtest.ts): the call's settings, § 6 sizing, § 5 stop levels and § 7 trade
// emission (record + summary sums). Not part of the ABI: assembly/index.ts re-exports ./backtest only.
// Every function performs the floating-point operations of src/engine/backtest/reference.ts in its order; where a
// shortcut skips an operation, the comment says why the skipped operation is exact (an identity such as x − 0 = x).
import {
  SET_DIRECTION, SET_CASH, SET_FILL, SET_SIZING_MODE, SET_SIZING_VALUE, SET_STEP, SET_COMMISSION_RATE,
  SET_COMMISSION_FIXED, SET_SLIP, SET_SPREAD, SET_SL_KIND, SET_SL_VALUE, SET_TP_KIND, SET_TP_VALUE, SET_TS_KIND,
  SET_TS_VALUE, SET_STOP_REFERENCE, SET_MAX_POSITION_PCT, SET_MAX_DRAWDOWN_STOP, DIR_ALLOW_LONG, DIR_ALLOW_SHORT,
  FILL_CLOSE, SIZE_ALL_IN, SIZE_PERCENT_EQUITY, SIZE_UNITS, SIZE_CASH, STOP_NONE, STOP_PCT, REF_FILL,
  REC_COLUMN, REC_ENTRY_INDEX, REC_EXIT_INDEX, REC_DIRECTION, REC_SIZE, REC_ENTRY_PRICE, REC_EXIT_PRICE, REC_PNL,
  REC_RETURN_PCT, REC_COMMISSION, REC_REASON, REC_MAE, REC_MFE, REC_FIELDS, REASON_END,
  SUM_TRADES, SUM_WINS, SUM_LOSSES, SUM_GROSS_PROFIT, SUM_GROSS_LOSS, SUM_PNL, SUM_PNL_SQ, SUM_RETURN,
  SUM_RETURN_WIN, SUM_RETURN_LOSS, SUM_BEST_RETURN, SUM_WORST_RETURN, SUM_MAX_CONSEC_LOSSES,
} from './backtest-layout';

// @ts-ignore: decorator
@inline
export function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
export function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** True when `x` is +0.0 exactly (not −0, not NaN): the costs for which the cost-free shortcuts are exact. */
// @ts-ignore: decorator
@inline
function isPlusZero(x: f64): bool {
  return reinterpret<u64>(x) == 0;
}

// Settings of the current call, read once. Prices are multiplied by the § 4 factors, computed once here with the
// reference's own expressions (1 + slip + spread evaluates as (1 + slip) + spread in both).
export let gCash0: f64 = 0;
export let gAllowLong = false, gAllowShort = false, gNextOpen = true;
export let gMode: i32 = 0;
export let gValue: f64 = 0;
export let gStep: f64 = 1;
export let gWhole = true;
export let gRate: f64 = 0, gRateMul: f64 = 1, gFixed: f64 = 0;
/** rate and fixed are +0: entries use uMax = cash / price and cash −= u × price (see sizeUnits). */
export let gNoCommission = true;
export let gLongIn: f64 = 1, gShortIn: f64 = 1, gLongOut: f64 = 1, gShortOut: f64 = 1;
export let gSlKind: i32 = 0, gTpKind: i32 = 0, gTsKind: i32 = 0;
export let gSlValue: f64 = 0, gTpValue: f64 = 0, gTsValue: f64 = 0;
export let gHasStops = false;
export let gRefFill = true;
/** § 6 risk limits: position cap as a fraction of equity (0 = none); drawdown stop x (0 = none) and 1 − x. */
export let gMaxPct: f64 = 0, gDdStop: f64 = 0, gDdFactor: f64 = 1;
// Series of the call: the close (signal-close stop reference), ATR per stop and σ (0 = absent).
export let gClose: usize = 0, gAtrSl: usize = 0, gAtrTp: usize = 0, gAtrTs: usize = 0, gSigma: usize = 0;

/** Sets the series of the call. */
export function setSeries(close: usize, atrSl: usize, atrTp: usize, atrTs: usize, sigma: usize): void {
  gClose = close; gAtrSl = atrSl; gAtrTp = atrTp; gAtrTs = atrTs; gSigma = sigma;
}

/** Reads the settings block (backtest-layout.ts SET_*) into the globals above. */
export function readSettings(s: usize): void {
  const d = <i32>ld(s, SET_DIRECTION);
  gAllowLong = (d & DIR_ALLOW_LONG) != 0;
  gAllowShort = (d & DIR_ALLOW_SHORT) != 0;
  gNextOpen = <i32>ld(s, SET_FILL) != FILL_CLOSE;
  gCash0 = ld(s, SET_CASH);
  gMode = <i32>ld(s, SET_SIZING_MODE);
  gValue = ld(s, SET_SIZING_VALUE);
  gStep = ld(s, SET_STEP);
  gWhole = gStep == 1;
  gRate = ld(s, SET_COMMISSION_RATE);
  gRateMul = 1 + gRate;
  gFixed = ld(s, SET_COMMISSION_FIXED);
  gNoCommission = isPlusZero(gRate) && isPlusZero(gFixed);
  const slip = ld(s, SET_SLIP), spread = ld(s, SET_SPREAD);
  gLongIn = 1 + slip + spread;
  gShortIn = 1 - slip - spread;
  gLongOut = 1 - slip;
  gShortOut = 1 + slip;
  gSlKind = <i32>ld(s, SET_SL_KIND);
  gSlValue = ld(s, SET_SL_VALUE);
  gTpKind = <i32>ld(s, SET_TP_KIND);
  gTpValue = ld(s, SET_TP_VALUE);
  gTsKind = <i32>ld(s, SET_TS_KIND);
  gTsValue = ld(s, SET_TS_VALUE);
  gHasStops = gSlKind != STOP_NONE || gTpKind != STOP_NONE || gTsKind != STOP_NONE;
  gRefFill = <i32>ld(s, SET_STOP_REFERENCE) == REF_FILL;
  gMaxPct = ld(s, SET_MAX_POSITION_PCT);
  gDdStop = ld(s, SET_MAX_DRAWDOWN_STOP);
  gDdFactor = 1 - gDdStop;
}

/**
 * § 6 units of an entry at fill price `price` with `cash` (flat, so equity = cash) for signal row `sig`, capped by
 * the risk limit max_position_pct, or 0 when the entry is skipped (insufficient cash, NaN or zero σ). `sigma` is
 * the σ series (volatility_target only).
 */
// @ts-ignore: decorator
@inline
function sizeUnits(price: f64, cash: f64, sig: i32, sigma: usize): f64 {
  const rate = gRate, fixed = gFixed, v = gValue, mode = gMode, step = gStep;
  // No commission: cash − (+0) = cash and price × 1 = price exactly, so the division's inputs are the reference's.
  const uMax = gNoCommission ? cash / price : (cash - fixed) / (price * gRateMul);
  let u: f64;
  if (mode == SIZE_ALL_IN) u = uMax;
  else if (mode == SIZE_PERCENT_EQUITY) u = (v * cash) / price;
  else if (mode == SIZE_UNITS) u = v;
  else if (mode == SIZE_CASH) u = v / price;
  else {
    const s = ld(sigma, sig);
    if (!(s > 0)) return 0;
    u = (cash * v) / (s * price);
  }
  if (u > uMax) u = uMax;
  if (gMaxPct > 0) {
    const cap = (gMaxPct * cash) / price;
    if (u > cap) u = cap;
  }
  // x / 1 and k × 1 are exact, so whole units skip both operations.
  let k: f64;
  if (gWhole) {
    k = Math.floor(u);
    u = k;
  } else {
    k = Math.floor(u / step);
    u = k * step;
  }
  const x = u * price;
  // With no commission and a finite x ≠ 0, rate × u × price + fixed is +0 and x + 0 = x.
  const over = gNoCommission && x > 0 && x < Infinity ? x > cash : x + (rate * u * price + fixed) > cash;
  if (over) {
    k -= 1;
    u = gWhole ? k : k * step;
  }
  if (!(k >= 1)) return 0;
  return u;
}

/** § 5 distance of one stop: value × reference, or value × ATR at the signal row. */
// @ts-ignore: decorator
@inline
function stopDistance(kind: i32, value: f64, ref: f64, atr: usize, sig: i32): f64 {
  return kind == STOP_PCT ? value * ref : value * ld(atr, sig);
}

// The stop levels of the entry openUnits accepted last (NaN = none) and its stop reference price.
export let oSl: f64 = NaN, oTp: f64 = NaN, oTd: f64 = NaN, oRef: f64 = 0;

/**
 * Units of an entry in direction `dir` at fill price `price` with `cash`, signal row `sig` (§ 6), or 0 when it is
 * skipped — when cash < peak × (1 − drawdown stop) (`peak`: the highest of the initial cash and the equity of
 * every earlier row), or when a configured stop level is not a number (§ 5); with STOPS the levels go to
 * oSl/oTp/oTd/oRef.
 */
// @ts-ignore: decorator
@inline
export function openUnits(STOPS: bool, dir: f64, price: f64, cash: f64, sig: i32, peak: f64): f64 {
  if (gDdStop > 0 && cash < peak * gDdFactor) return 0;
  const u = sizeUnits(price, cash, sig, gSigma);
  if (STOPS && u > 0) {
    const R = gRefFill ? price : ld(gClose, sig);
    const sl = gSlKind == STOP_NONE ? NaN : R - dir * stopDistance(gSlKind, gSlValue, R, gAtrSl, sig);
    const tp = gTpKind == STOP_NONE ? NaN : R + dir * stopDistance(gTpKind, gTpValue, R, gAtrTp, sig);
    const td = gTsKind == STOP_NONE ? NaN : stopDistance(gTsKind, gTsValue, R, gAtrTs, sig);
    if ((gSlKind != STOP_NONE && isNaN(sl)) || (gTpKind != STOP_NONE && isNaN(tp)) ||
        (gTsKind != STOP_NONE && (isNaN(td) || isNaN(R)))) return 0;
    oSl = sl; oTp = tp; oTd = td; oRef = R;
  }
  return u;
}

/**
 * Cash after buying (dir > 0) or short-selling x = u × price with commission comm (§ 4). Without commission and
 * with a finite x ≠ 0, comm is +0 and x + 0 = x − 0 = x, so the cash does not wait for comm.
 */
// @ts-ignore: decorator
@inline
export function entryCash(noComm: bool, cash: f64, dir: f64, x: f64, comm: f64): f64 {
  if (noComm && x > 0 && x < Infinity) return dir > 0 ? cash - x : cash + x;
  return dir > 0 ? cash - (x + comm) : cash + (x - comm);
}

// Trade records and the current column's summary sums (§ 7, SUM_*), in exit order.
let gRecords: usize = 0, gCap: i32 = 0, gCount: i32 = 0;
let sTrades: f64 = 0, sWins: f64 = 0, sLosses: f64 = 0, sGrossProfit: f64 = 0, sGrossLoss: f64 = 0;
let sPnl: f64 = 0, sPnlSq: f64 = 0, sRet: f64 = 0, sRetWin: f64 = 0, sRetLoss: f64 = 0;
let sBest: f64 = 0, sWorst: f64 = 0, sConsec: f64 = 0, sMaxConsec: f64 = 0;

/** Starts a call: where trade records go (0 = none) and how many fit. */
export function resetRecords(records: usize, cap: i32): void {
  gRecords = records;
  gCap = records ? cap : 0;
  gCount = 0;
}

/** Trades emitted so far in this call (records written or not). */
export function recordCount(): i32 {
  return gCount;
}

/** Record capacity of this call. */
export function recordCapacity(): i32 {
  return gCap;
}

/** Starts a column's summary sums. */
export function resetSums(): void {
  sTrades = 0; sWins = 0; sLosses = 0; sGrossProfit = 0; sGrossLoss = 0; sPnl = 0; sPnlSq = 0;
  sRet = 0; sRetWin = 0; sRetLoss = 0; sBest = -Infinity; sWorst = Infinity; sConsec = 0; sMaxConsec = 0;
}

/** Writes the column's trade sums into its summary block. */
export function storeSums(sum: usize): void {
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

/**
 * One closed trade (§ 7): its record when `rec` and capacity allow (mae/mfe from the exit price and the held
 * rows' extremes maxHigh/minLow, ±Infinity = none), and its terms in the summary sums.
 */
// @ts-ignore: decorator
@inline
export function emitTrade(rec: bool, col: i32, entryIdx: i32, exitIdx: i32, dir: f64, units: f64, pe: f64, px: f64,
                          commission: f64, reason: i32, maxHigh: f64, minLow: f64): void {
  const pnl = dir * units * (px - pe) - commission;
  let x = dir * (px / pe - 1);
  // commission / (units × pe) is ±0 or NaN when commission is +0; it is +0 (and x − 0 = x) when the divisor is a
  // finite positive number, so that case skips the division.
  const d = units * pe;
  const ret = isPlusZero(commission) && d > 0 && d < Infinity ? x : x - commission / d;
  if (rec) {
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

/** Closes a position at raw price `p` in row `i` (§ 4 slippage and commission, § 7 trade); returns the new cash. */
// @ts-ignore: decorator
@inline
export function closeAt(rec: bool, col: i32, cash: f64, p: f64, i: i32, reason: i32, dir: f64, units: f64,
                        entryIdx: i32, pe: f64, eComm: f64, maxHigh: f64, minLow: f64): f64 {
  const px = dir > 0 ? p * gLongOut : p * gShortOut;
  const comm = gRate * units * px + gFixed;
  const c = dir > 0 ? cash + (units * px - comm) : cash - (units * px + comm);
  emitTrade(rec, col, entryIdx, i, dir, units, pe, px, eComm + comm, reason, maxHigh, minLow);
  return c;
}

/** closeAt with reason `end`, as a call: it happens once per column, so the row loops need not inline it. */
export function closeAtEnd(rec: bool, col: i32, cash: f64, p: f64, i: i32, dir: f64, units: f64, entryIdx: i32,
                           pe: f64, eComm: f64, maxHigh: f64, minLow: f64): f64 {
  return closeAt(rec, col, cash, p, i, REASON_END, dir, units, entryIdx, pe, eComm, maxHigh, minLow);
}
