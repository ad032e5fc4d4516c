// Backtest benchmarks that run the same code in Node and in Chromium (imports nothing Node-only): (1) one
// SMA(10,30) backtest end to end — validation, signals, WASM simulation, metrics — on 2,148 daily bars; (3) 504
// SMA-cross parameter pairs on the same bars in one multi-column call (shared-SMA signals, one kernel call,
// per-column metrics). Returns medians in ms; the caller prints them.
import { backtestColumns } from '../../src/engine/backtest/columns';
import { resolveBacktest, runBacktest } from '../../src/engine/backtest/index';
import { simulateOne } from '../../src/engine/backtest/simulate';
import { strategySignals } from '../../src/engine/strategy/index';
import type { Kernels } from '../../src/kernels/index';
import type { StrategySpec } from '../../src/shared/backtest';
import type { Bars } from '../../src/shared/types';
import { demoBars } from '../../src/sources/demo';
import { scanUniverse } from '../../src/engine/scan/index';

/** Bars of the benchmark: the first 2,148 daily bars of DEMO:ACME. */
export const BENCH_BARS = 2148;

/** The 504 pairs of case (3): fast 2..25 × slow 30, 38, …, 190. */
export function benchPairs(): StrategySpec[] {
  const specs: StrategySpec[] = [];
  for (let fast = 2; fast <= 25; fast++) for (let slow = 30; slow <= 190; slow += 8) specs.push({ type: 'sma_cross', params: { fast, slow } });
  return specs;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median ms of `fn` over `runs` timed calls after `warmup` untimed ones. */
function time(fn: () => void, runs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

/** Result of one benchmark run. */
export interface BacktestBench {
  /** Signals + simulation + trade list (no validation, no metrics). */
  simulate: number;
  /** runBacktest end to end: validation, signals, simulation, drawdown, benchmark, 40 metrics. */
  single: number;
  grid: number;
  /** engine scan of 500 symbols × 504 daily bars (RSI mean reversion), bars already loaded. */
  scan: number;
  pairs: number;
  bars: number;
  trades: number;
}

/** Runs cases (1) and (3) on loaded kernels; medians of 501/201 and 21 runs after warm-up. */
export function benchBacktest(kernels: Kernels): BacktestBench {
  const all = demoBars('DEMO:ACME', '1d');
  const cut = (a: Float64Array) => a.slice(0, BENCH_BARS);
  const bars: Bars = { ...all, ts: cut(all.ts), open: cut(all.open), high: cut(all.high), low: cut(all.low), close: cut(all.close), volume: cut(all.volume) };
  const config = { strategy: { type: 'sma_cross', params: { fast: 10, slow: 30 } } as StrategySpec };
  const trades = runBacktest(kernels, config, bars).trades.length;
  const single = time(() => runBacktest(kernels, config, bars), 201, 50);
  const resolved = resolveBacktest(config, bars);
  const simulate = time(() => {
    const s = strategySignals(kernels, resolved.config.strategy, bars);
    simulateOne(kernels, bars, s.flags, s.warmup, resolved.settings);
  }, 501, 100);
  const specs = benchPairs();
  const grid = time(() => backtestColumns(kernels, {}, specs, bars), 21, 5);
  const ids = ['DEMO:ACME', 'DEMO:QBIT', 'DEMO:VAULT', 'DEMO:HELIX', 'DEMO:RAILX'];
  const last = (b: Bars): Bars => {
    const c = (a: Float64Array) => a.slice(a.length - 504);
    return { ...b, ts: c(b.ts), open: c(b.open), high: c(b.high), low: c(b.low), close: c(b.close), volume: c(b.volume) };
  };
  const base = ids.map((id) => last(demoBars(id, '1d')));
  const universe = Array.from({ length: 500 }, (_, i) => ({ symbol: `S${i}`, bars: base[i % base.length] }));
  const scan = time(() => scanUniverse(kernels, { type: 'rsi_mean_reversion' }, universe), 7, 2);
  return { simulate, single, grid, scan, pairs: specs.length, bars: BENCH_BARS, trades };
}
