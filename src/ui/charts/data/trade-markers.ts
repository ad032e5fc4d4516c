// Trade entries and exits as marker series for the price chart. The chart already draws candlestick-pattern
// series as ▲ (positive code, below the low) and ▼ (negative code, above the high); trades reuse that path, so
// entries are ▲ and exits ▼ with no change to the chart. Two series, because a reversal exits and enters on one bar.
import type { Trade } from '../../../shared/backtest';

/** Chart labels of the two marker series (they appear in the price chart's data-indicators). */
export const TRADE_ENTRY_LABEL = 'Trade entries';
export const TRADE_EXIT_LABEL = 'Trade exits';

/** Per-bar marker codes for `n` bars: entries[i] = 100 where a trade was entered (▲), exits[i] = −100 where one exited (▼), else 0. */
export function tradeMarkerSeries(
  trades: readonly Pick<Trade, 'entry_index' | 'exit_index'>[],
  n: number,
): { entries: Float64Array; exits: Float64Array } {
  const entries = new Float64Array(n);
  const exits = new Float64Array(n);
  for (const t of trades) {
    if (t.entry_index >= 0 && t.entry_index < n) entries[t.entry_index] = 100;
    if (t.exit_index >= 0 && t.exit_index < n) exits[t.exit_index] = -100;
  }
  return { entries, exits };
}
