// The signal history as data: the rows of a strategy's signal arrays that set a flag, classified as the app shows
// signals (BUY / SELL; a row that is both or neither is HOLD and not listed). Pure; used by SignalHistory.svelte and
// by the backtest state when it saves a run's signals (src/store/runs.ts).
import {
  SIGNAL_ENTRY_LONG,
  SIGNAL_ENTRY_SHORT,
  SIGNAL_EXIT_LONG,
  SIGNAL_EXIT_SHORT,
  type SignalType,
  type StrategySignals,
} from '../../../shared/backtest';

/** One listed signal: row, bar time, BUY/SELL, strength 0–100, the close of that bar and the flag names set. */
export interface SignalRow {
  index: number;
  ts: number;
  type: Exclude<SignalType, 'HOLD'>;
  strength: number;
  price: number;
  flags: string[];
}

/** Flag bit → name, in bit order. */
export const FLAG_NAMES: readonly [number, string][] = [
  [SIGNAL_ENTRY_LONG, 'entry_long'],
  [SIGNAL_EXIT_LONG, 'exit_long'],
  [SIGNAL_ENTRY_SHORT, 'entry_short'],
  [SIGNAL_EXIT_SHORT, 'exit_short'],
];

/** BUY if entry_long or exit_short is set, SELL if exit_long or entry_short is set; both or neither → HOLD. */
export function signalType(flags: number): SignalType {
  const buy = (flags & (SIGNAL_ENTRY_LONG | SIGNAL_EXIT_SHORT)) !== 0;
  const sell = (flags & (SIGNAL_EXIT_LONG | SIGNAL_ENTRY_SHORT)) !== 0;
  return buy === sell ? 'HOLD' : buy ? 'BUY' : 'SELL';
}

/** The names of the flag bits set in `flags`, in bit order. */
export function flagNames(flags: number): string[] {
  return FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
}

/** Every row with a BUY or SELL signal, oldest first; `ts`/`close` are the bars' columns (same length as flags). */
export function signalRows(
  signals: Pick<StrategySignals, 'flags' | 'strength'>,
  ts: ArrayLike<number>,
  close: ArrayLike<number>,
): SignalRow[] {
  const n = Math.min(signals.flags.length, ts.length, close.length);
  const out: SignalRow[] = [];
  for (let i = 0; i < n; i++) {
    const f = signals.flags[i];
    if (f === 0) continue;
    const type = signalType(f);
    if (type === 'HOLD') continue;
    out.push({ index: i, ts: ts[i], type, strength: signals.strength[i], price: close[i], flags: flagNames(f) });
  }
  return out;
}
