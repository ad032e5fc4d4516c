// The performance monitor of one kept backtest run (docs/portfolio.md § Portfolio backtest and monitor): its last
// 12 months are the out-of-sample period, compared with the run's earlier returns by monitor.ts (rolling Sharpe and
// drawdown against block-bootstrap bands, Page's CUSUM). Cheap enough for the main thread (1000 samples of a
// quarter's returns, a few ms); cached per result object.
import { periodReturns } from '../../engine/backtest/period';
import { DEFAULT_MONITOR_SETTINGS, monitorOutOfSample } from '../../engine/portfolio-study/monitor-oos';
import type { BacktestResult } from '../../shared/backtest';
import type { MonitorAnswer } from '../../shared/portfolio-api';

/** The badge's verdict: alert, ok, or unavailable with the reason. */
export type RunMonitor = { state: 'alert' | 'ok'; answer: MonitorAnswer } | { state: 'unavailable'; reason: string };

const cache = new WeakMap<BacktestResult, RunMonitor>();

/** The monitor of a run's returns over its metric period (start_row on, the first against the starting cash). */
export function runMonitor(ts: Float64Array, result: BacktestResult, cash: number): RunMonitor {
  const hit = cache.get(result);
  if (hit) return hit;
  let out: RunMonitor;
  try {
    const from = result.start_row;
    const answer = monitorOutOfSample(
      ts.subarray(from),
      periodReturns(result.equity, cash, from),
      result.periods_per_year,
      DEFAULT_MONITOR_SETTINGS,
    );
    out = { state: answer.alert_ts === null ? 'ok' : 'alert', answer };
  } catch (e) {
    out = { state: 'unavailable', reason: (e as Error).message };
  }
  cache.set(result, out);
  return out;
}
