// The one description of the backtest kernel's memory layouts, imported by assembly/backtest.ts (AssemblyScript)
// and by src/engine/backtest/*.ts (TypeScript). Plain integer constants only, so both compilers read this file.
// Every block is an array of f64; a constant is the index of a field inside its block.

// Settings block (f64 × SET_FIELDS), shared by all columns of one call.
/** Bit set of allowed sides: DIR_ALLOW_LONG | DIR_ALLOW_SHORT. */
export const SET_DIRECTION = 0;
/** Starting cash. */
export const SET_CASH = 1;
/** FILL_NEXT_OPEN or FILL_CLOSE. */
export const SET_FILL = 2;
/** One of SIZE_*. */
export const SET_SIZING_MODE = 3;
/** pct / units / amount / target of the sizing mode (0 for all_in). */
export const SET_SIZING_VALUE = 4;
/** Unit step (1 = whole units). */
export const SET_STEP = 5;
/** Commission fraction of traded value. */
export const SET_COMMISSION_RATE = 6;
/** Commission per order in currency. */
export const SET_COMMISSION_FIXED = 7;
/** Slippage as a fraction. */
export const SET_SLIP = 8;
/** Spread as a fraction, paid on entry. */
export const SET_SPREAD = 9;
/** STOP_NONE / STOP_PCT / STOP_ATR for the stop-loss, take-profit and trailing stop, each followed by its value. */
export const SET_SL_KIND = 10;
export const SET_SL_VALUE = 11;
export const SET_TP_KIND = 12;
export const SET_TP_VALUE = 13;
export const SET_TS_KIND = 14;
export const SET_TS_VALUE = 15;
/** REF_FILL or REF_SIGNAL_CLOSE. */
export const SET_STOP_REFERENCE = 16;
/** Risk limit: largest entry as a fraction of equity, in (0, 1]; 0 = none. */
export const SET_MAX_POSITION_PCT = 17;
/** Risk limit: drawdown stop, a fraction in (0, 1): no entry while cash < peak × (1 − it); 0 = none. */
export const SET_MAX_DRAWDOWN_STOP = 18;
export const SET_FIELDS = 19;

export const DIR_ALLOW_LONG = 1;
export const DIR_ALLOW_SHORT = 2;
export const FILL_NEXT_OPEN = 0;
export const FILL_CLOSE = 1;
export const SIZE_ALL_IN = 0;
export const SIZE_PERCENT_EQUITY = 1;
export const SIZE_UNITS = 2;
export const SIZE_CASH = 3;
export const SIZE_VOLATILITY_TARGET = 4;
export const STOP_NONE = 0;
export const STOP_PCT = 1;
export const STOP_ATR = 2;
export const REF_FILL = 0;
export const REF_SIGNAL_CLOSE = 1;

// Trade record (f64 × REC_FIELDS), one per closed round trip, in column order then exit order.
export const REC_COLUMN = 0;
export const REC_ENTRY_INDEX = 1;
export const REC_EXIT_INDEX = 2;
/** +1 long, −1 short. */
export const REC_DIRECTION = 3;
export const REC_SIZE = 4;
export const REC_ENTRY_PRICE = 5;
export const REC_EXIT_PRICE = 6;
export const REC_PNL = 7;
export const REC_RETURN_PCT = 8;
/** Both orders' commissions. */
export const REC_COMMISSION = 9;
/** One of REASON_*. */
export const REC_REASON = 10;
export const REC_MAE = 11;
export const REC_MFE = 12;
export const REC_FIELDS = 13;

export const REASON_SIGNAL = 0;
export const REASON_STOP_LOSS = 1;
export const REASON_TAKE_PROFIT = 2;
export const REASON_TRAILING_STOP = 3;
export const REASON_END = 4;

// Per-column summary (f64 × SUM_FIELDS): enough for a sweep's trade metrics without trade records. Sums run over
// the column's trades in exit order; a win is pnl > 0, a loss pnl < 0.
export const SUM_FINAL_EQUITY = 0;
export const SUM_TRADES = 1;
export const SUM_WINS = 2;
export const SUM_LOSSES = 3;
/** Σ pnl of wins (≥ 0). */
export const SUM_GROSS_PROFIT = 4;
/** Σ pnl of losses (≤ 0). */
export const SUM_GROSS_LOSS = 5;
export const SUM_PNL = 6;
export const SUM_PNL_SQ = 7;
export const SUM_RETURN = 8;
/** Σ return_pct of wins. */
export const SUM_RETURN_WIN = 9;
/** Σ return_pct of losses. */
export const SUM_RETURN_LOSS = 10;
/** Highest / lowest return_pct (NaN with no trades). */
export const SUM_BEST_RETURN = 11;
export const SUM_WORST_RETURN = 12;
/** Longest run of consecutive losses (a trade with pnl ≥ 0 ends a run). */
export const SUM_MAX_CONSEC_LOSSES = 13;
/** Rows whose position after the row's fills is not zero, the last row also when only the `end` close flattened it. */
export const SUM_BARS_IN_POSITION = 14;
/** min over rows of equity[i] / max(cash, equity[0..i]) − 1 (≤ 0). */
export const SUM_MAX_DRAWDOWN = 15;
export const SUM_FIELDS = 16;
