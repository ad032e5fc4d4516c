// The simulator's resolved settings: every default of BacktestConfig filled in, units converted (slippage as a
// fraction, the unit step explicit). Both simulators read exactly this (docs/semantics.md §§ 1–7); the WASM
// kernel receives it packed into the f64 block described by assembly/backtest-layout.ts.
import type { Direction, FillMode } from '../../shared/backtest';
import * as L from '../../../assembly/backtest-layout';

/** A stop distance: `pct` = value × reference price; `atr` = value × ATR at the signal row (series from the caller). */
export interface StopRule {
  /** 'pct': value is a fraction of the reference price (0.08 = 8 %); 'atr': value is a multiple of ATR. */
  kind: 'pct' | 'atr';
  /** The fraction or the ATR multiple, > 0 (0 is allowed and puts the level at the reference price). */
  value: number;
}

/** The sizing modes of docs/semantics.md § 6. */
export type SizingMode = 'all_in' | 'percent_equity' | 'units' | 'cash' | 'volatility_target';

/** Resolved trading settings of one backtest (shared by every column of a sweep). */
export interface SimSettings {
  /** Which sides may be traded; entries of a side that is not allowed are ignored. */
  direction: Direction;
  /** Starting cash in currency, > 0. */
  cash: number;
  /** Where an order decided at row i's close fills: O[i+1] ('next_open') or C[i] ('close'). */
  fill: FillMode;
  /** Sizing mode and its number: pct for percent_equity, units, amount for cash, target for volatility_target. */
  sizing: { mode: SizingMode; value: number };
  /** Unit step, > 0: 1 for whole units, fractional_step (default 1e-8) when fractional. */
  step: number;
  /** Commission as a fraction of traded value per order, 0 ≤ rate < 1. */
  commissionRate: number;
  /** Commission in currency per order, ≥ 0. */
  commissionFixed: number;
  /** Slippage as a fraction (slippage_bps / 10000), ≥ 0, against the trader on every fill. */
  slip: number;
  /** Spread as a fraction of price, ≥ 0, paid on entry only. */
  spread: number;
  /** Stop-loss distance, or null for none. */
  stopLoss: StopRule | null;
  /** Take-profit distance, or null for none. */
  takeProfit: StopRule | null;
  /** Trailing-stop distance (from the running peak/trough), or null for none. */
  trailingStop: StopRule | null;
  /** Stops are measured from the entry fill price ('fill') or the signal row's close ('signal_close'). */
  stopReference: 'fill' | 'signal_close';
  /** Risk limit (§ 6): entry units ≤ maxPositionPct × cash / fill price, a fraction in (0, 1]; null for none. */
  maxPositionPct: number | null;
  /** Risk limit (§ 6): no entry while cash < peak × (1 − maxDrawdownStop), a fraction in (0, 1); null for none. */
  maxDrawdownStop: number | null;
}

/** Per-row series the simulator reads, computed by the caller from rows 0..i only; absent when not needed. */
export interface SimSeries {
  /** ATR(stop_loss.atr_period) per row; required when stopLoss.kind is 'atr'. */
  atrStopLoss?: Float64Array;
  /** ATR(take_profit.atr_period) per row; required when takeProfit.kind is 'atr'. */
  atrTakeProfit?: Float64Array;
  /** ATR(trailing_stop.atr_period) per row; required when trailingStop.kind is 'atr'. */
  atrTrailingStop?: Float64Array;
  /** Annualized volatility σ per row; required for volatility_target sizing. */
  sigma?: Float64Array;
}

/** OHLC and time columns of the traded bars (equal lengths). */
export interface SimBars {
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

const SIZING_CODES: Readonly<Record<SizingMode, number>> = {
  all_in: L.SIZE_ALL_IN,
  percent_equity: L.SIZE_PERCENT_EQUITY,
  units: L.SIZE_UNITS,
  cash: L.SIZE_CASH,
  volatility_target: L.SIZE_VOLATILITY_TARGET,
};
const SIZING_MODES = Object.keys(SIZING_CODES) as SizingMode[];

function check(ok: boolean, field: string, range: string, got: unknown): void {
  if (!ok) throw new RangeError(`settings.${field}: must be ${range}, got ${String(got)}`);
}

function checkStop(rule: StopRule | null, field: string): void {
  if (rule === null) return;
  check(rule.kind === 'pct' || rule.kind === 'atr', `${field}.kind`, "'pct' or 'atr'", rule.kind);
  check(Number.isFinite(rule.value) && rule.value >= 0, `${field}.value`, 'a finite number ≥ 0', rule.value);
}

/** Throws a RangeError naming the field and its valid range when `s` is not a valid SimSettings. */
export function validateSimSettings(s: SimSettings): void {
  check(['long', 'short', 'long_short'].includes(s.direction), 'direction', "'long', 'short' or 'long_short'", s.direction);
  check(Number.isFinite(s.cash) && s.cash > 0, 'cash', 'a finite number > 0', s.cash);
  check(s.fill === 'next_open' || s.fill === 'close', 'fill', "'next_open' or 'close'", s.fill);
  check(SIZING_MODES.includes(s.sizing.mode), 'sizing.mode', SIZING_MODES.join(' | '), s.sizing.mode);
  if (s.sizing.mode !== 'all_in') {
    check(Number.isFinite(s.sizing.value) && s.sizing.value > 0, 'sizing.value', 'a finite number > 0', s.sizing.value);
  }
  check(Number.isFinite(s.step) && s.step > 0, 'step', 'a finite number > 0', s.step);
  check(s.commissionRate >= 0 && s.commissionRate < 1, 'commissionRate', '0 ≤ rate < 1', s.commissionRate);
  check(Number.isFinite(s.commissionFixed) && s.commissionFixed >= 0, 'commissionFixed', 'a finite number ≥ 0', s.commissionFixed);
  check(s.slip >= 0 && s.slip < 1, 'slip', '0 ≤ slip < 1', s.slip);
  check(s.spread >= 0 && s.spread < 1, 'spread', '0 ≤ spread < 1', s.spread);
  checkStop(s.stopLoss, 'stopLoss');
  checkStop(s.takeProfit, 'takeProfit');
  checkStop(s.trailingStop, 'trailingStop');
  check(s.stopReference === 'fill' || s.stopReference === 'signal_close', 'stopReference', "'fill' or 'signal_close'", s.stopReference);
  const pct = s.maxPositionPct, dd = s.maxDrawdownStop;
  check(pct === null || (pct > 0 && pct <= 1), 'maxPositionPct', 'null or in (0, 1]', pct);
  check(dd === null || (dd > 0 && dd < 1), 'maxDrawdownStop', 'null or in (0, 1)', dd);
}

function stopKind(rule: StopRule | null): number {
  return rule === null ? L.STOP_NONE : rule.kind === 'pct' ? L.STOP_PCT : L.STOP_ATR;
}

/** Packs validated settings into the kernel's f64 settings block (layout: assembly/backtest-layout.ts). */
export function encodeSimSettings(s: SimSettings, out: Float64Array = new Float64Array(L.SET_FIELDS)): Float64Array {
  out.fill(0);
  out[L.SET_DIRECTION] = (s.direction === 'short' ? 0 : L.DIR_ALLOW_LONG) | (s.direction === 'long' ? 0 : L.DIR_ALLOW_SHORT);
  out[L.SET_CASH] = s.cash;
  out[L.SET_FILL] = s.fill === 'close' ? L.FILL_CLOSE : L.FILL_NEXT_OPEN;
  out[L.SET_SIZING_MODE] = SIZING_CODES[s.sizing.mode];
  out[L.SET_SIZING_VALUE] = s.sizing.mode === 'all_in' ? 0 : s.sizing.value;
  out[L.SET_STEP] = s.step;
  out[L.SET_COMMISSION_RATE] = s.commissionRate;
  out[L.SET_COMMISSION_FIXED] = s.commissionFixed;
  out[L.SET_SLIP] = s.slip;
  out[L.SET_SPREAD] = s.spread;
  out[L.SET_SL_KIND] = stopKind(s.stopLoss);
  out[L.SET_SL_VALUE] = s.stopLoss?.value ?? 0;
  out[L.SET_TP_KIND] = stopKind(s.takeProfit);
  out[L.SET_TP_VALUE] = s.takeProfit?.value ?? 0;
  out[L.SET_TS_KIND] = stopKind(s.trailingStop);
  out[L.SET_TS_VALUE] = s.trailingStop?.value ?? 0;
  out[L.SET_STOP_REFERENCE] = s.stopReference === 'signal_close' ? L.REF_SIGNAL_CLOSE : L.REF_FILL;
  // 0 = none: both limits are > 0 when set.
  out[L.SET_MAX_POSITION_PCT] = s.maxPositionPct ?? 0;
  out[L.SET_MAX_DRAWDOWN_STOP] = s.maxDrawdownStop ?? 0;
  return out;
}

/** Per-column totals the kernel returns without trade records (layout: assembly/backtest-layout.ts, SUM_*). */
export interface ColumnSummary {
  /** equity[n−1] (the starting cash when there are no rows). */
  finalEquity: number;
  trades: number;
  /** Trades with pnl > 0. */
  wins: number;
  /** Trades with pnl < 0. */
  losses: number;
  /** Σ pnl of wins (≥ 0). */
  grossProfit: number;
  /** Σ pnl of losses (≤ 0). */
  grossLoss: number;
  /** Σ pnl and Σ pnl² over all trades (for sqn). */
  sumPnl: number;
  sumPnlSq: number;
  /** Σ return_pct over all trades, over wins and over losses. */
  sumReturn: number;
  sumReturnWin: number;
  sumReturnLoss: number;
  /** Highest and lowest return_pct (NaN with no trades). */
  bestReturn: number;
  worstReturn: number;
  /** Longest run of consecutive trades with pnl < 0. */
  maxConsecutiveLosses: number;
  /** Rows whose position after the row's fills is not zero, the last row also when only the `end` close flattened it. */
  barsInPosition: number;
  /** min over rows of equity[i] / max(cash, equity[0..i]) − 1 (≤ 0). */
  maxDrawdown: number;
}
