// Strategy → signals: validates a spec, fills its defaults and dispatches to the built-in strategies or the rules
// evaluator; plus the per-row signal type (BUY/SELL/HOLD) and the rows of a signal history table.
import type { Kernels } from '../../kernels/index';
import {
  SIGNAL_ENTRY_LONG,
  SIGNAL_ENTRY_SHORT,
  SIGNAL_EXIT_LONG,
  SIGNAL_EXIT_SHORT,
  type SignalType,
  type StrategySignals,
  type StrategySpec,
} from '../../shared/backtest';
import { resolveStrategyDefaults } from '../spec/defaults';
import { validateStrategy } from '../spec/validate';
import { bollingerSignals, macdSignals, rsiSignals, smaCrossSignals } from './builtin';
import { rulesSignals } from './rules';
import { IndicatorCache, priceColumn, type StrategyBars } from './series';

export { smaCrossFlagsGrid, type SmaCrossGrid } from './grid';
export type { StrategyBars } from './series';

/**
 * A strategy's flags, strengths and warm-up over `bars` (docs/strategies.md); throws SpecError naming the bad
 * field of an invalid spec. Row i's flags depend on rows 0..i only; no flag is set before `warmup`.
 */
export function strategySignals(kernels: Kernels, spec: StrategySpec, bars: StrategyBars): StrategySignals {
  const s = resolveStrategyDefaults(validateStrategy(spec));
  const close = priceColumn(bars, 'close');
  const cache = new IndicatorCache(kernels, bars);
  switch (s.type) {
    case 'sma_cross':
      return smaCrossSignals(cache, s, close.length);
    case 'rsi_mean_reversion':
      return rsiSignals(cache, s, close.length);
    case 'macd_momentum':
      return macdSignals(cache, s, close);
    case 'bollinger_breakout':
      return bollingerSignals(cache, s, close);
    case 'rules':
      return rulesSignals(cache, s, bars);
  }
}

/** BUY when entry_long or exit_short is set, SELL when exit_long or entry_short is; both or neither: HOLD. */
export function signalType(flags: number): SignalType {
  const buy = (flags & (SIGNAL_ENTRY_LONG | SIGNAL_EXIT_SHORT)) !== 0;
  const sell = (flags & (SIGNAL_EXIT_LONG | SIGNAL_ENTRY_SHORT)) !== 0;
  return buy === sell ? 'HOLD' : buy ? 'BUY' : 'SELL';
}

/** One row of a signal history table. */
export interface SignalRow {
  /** Row index into the bars. */
  index: number;
  /** The bar's ts (epoch ms, timezone-naive). */
  ts: number;
  close: number;
  type: Exclude<SignalType, 'HOLD'>;
  /** 0–100. */
  strength: number;
  /** The raw SIGNAL_* bits. */
  flags: number;
}

/** The non-HOLD rows of `signals` in row order, with each bar's time and close. */
export function signalRows(signals: StrategySignals, bars: Pick<StrategyBars, 'close'> & { ts: Float64Array }): SignalRow[] {
  const rows: SignalRow[] = [];
  const { flags, strength } = signals;
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] === 0) continue;
    const type = signalType(flags[i]);
    if (type === 'HOLD') continue;
    rows.push({ index: i, ts: bars.ts[i], close: bars.close[i], type, strength: strength[i], flags: flags[i] });
  }
  return rows;
}
