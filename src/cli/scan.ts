// The `scan` command (docs/cli.md § scan): one strategy over a universe of DEMO:… ids and CSV paths, each
// symbol's current signal sorted by strength.
import type { StrategySpec } from '../shared/backtest';
import type { EngineApi } from '../shared/engine-api';
import type { Bars, Timeframe } from '../shared/types';
import { formatTs, loadBars, type Resampler } from './data';

/** Largest universe one request may scan. */
export const MAX_UNIVERSE = 10_000;

/** Runs a scan request: loads every symbol (failures reported per symbol), evaluates the strategy on each. */
export async function runScan(
  req: Record<string, unknown>,
  timeframe: Timeframe | undefined,
  engine: EngineApi,
  resampler: Resampler,
): Promise<Record<string, unknown>> {
  const u = req.universe;
  if (!Array.isArray(u) || u.length === 0 || !u.every((s) => typeof s === 'string' && s !== '')) {
    throw new Error('universe must be a non-empty array of symbols (DEMO:… ids or CSV paths), e.g. ["DEMO:ACME","DEMO:QBIT"]');
  }
  if (u.length > MAX_UNIVERSE) throw new Error(`universe: at most ${MAX_UNIVERSE} symbols, got ${u.length}`);
  if (req.strategy === undefined) throw new Error('scan needs "strategy" (e.g. {"type":"rsi_mean_reversion"})');
  const universe: { symbol: string; bars: Bars | string }[] = [];
  for (const symbol of new Set(u as string[])) {
    try {
      universe.push({ symbol, bars: await loadBars({ data: symbol, timeframe }, engine, resampler) });
    } catch (e) {
      universe.push({ symbol, bars: (e as Error).message });
    }
  }
  const { signals, failed } = engine.scan(req.strategy as StrategySpec, universe);
  const tf = (s: string) => universe.find((x) => x.symbol === s)?.bars;
  const time = (symbol: string, t: number) => {
    const b = tf(symbol);
    return formatTs(t, typeof b === 'object' ? b.timeframe : '1d');
  };
  return {
    signals: signals.map((r) => ({
      symbol: r.symbol,
      signal: r.signal,
      strength: r.strength,
      price: r.price,
      time: time(r.symbol, r.time),
      last_signal: r.last_signal && { ...r.last_signal, time: time(r.symbol, r.last_signal.time) },
    })),
    failed,
  };
}
