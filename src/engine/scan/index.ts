// The scanner: one strategy over a universe of symbols, each symbol's current signal (its last bar) and its most
// recent BUY/SELL, sorted so the actionable and strongest come first. Pure over loaded bars: the caller (CLI,
// worker) loads each symbol's bars (or passes the load error's message); a symbol that fails is reported, never
// aborts the scan.
import type { Kernels } from '../../kernels/index';
import type { StrategySpec } from '../../shared/backtest';
import type { ScanInput, ScanResult, ScanRow } from '../../shared/engine-api';
import { resolveStrategyDefaults } from '../spec/defaults';
import { validateStrategy } from '../spec/validate';
import { signalType, strategySignals } from '../strategy/index';

/**
 * Validates `spec` once (throws naming the field), then evaluates each symbol's bars: the last bar's signal and the
 * latest BUY/SELL. Rows are sorted BUY/SELL before HOLD, then by strength (highest first), then by symbol.
 */
export function scanUniverse(
  kernels: Kernels,
  spec: StrategySpec,
  universe: readonly ScanInput[],
): ScanResult {
  const strategy = resolveStrategyDefaults(validateStrategy(spec));
  const signals: ScanRow[] = [];
  const failed: ScanResult['failed'] = [];
  for (const { symbol, bars } of universe) {
    if (typeof bars === 'string') {
      failed.push({ symbol, error: bars });
      continue;
    }
    const n = bars.close.length;
    if (n === 0) {
      failed.push({ symbol, error: 'no bars' });
      continue;
    }
    try {
      const s = strategySignals(kernels, strategy, bars);
      const last = n - 1;
      const type = signalType(s.flags[last]);
      let recent: ScanRow['last_signal'] = null;
      for (let i = last; i >= 0; i--) {
        const t = signalType(s.flags[i]);
        if (t !== 'HOLD') {
          recent = { signal: t, strength: s.strength[i], price: bars.close[i], time: bars.ts[i], bars_ago: last - i };
          break;
        }
      }
      signals.push({
        symbol,
        signal: type,
        strength: type === 'HOLD' ? 0 : s.strength[last],
        price: bars.close[last],
        time: bars.ts[last],
        last_signal: recent,
      });
    } catch (e) {
      failed.push({ symbol, error: (e as Error).message });
    }
  }
  signals.sort(
    (a, b) =>
      Number(b.signal !== 'HOLD') - Number(a.signal !== 'HOLD') || b.strength - a.strength || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
  );
  return { signals, failed };
}
