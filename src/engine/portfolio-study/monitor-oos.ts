// The performance monitor on a later out-of-sample period (docs/portfolio.md § Portfolio backtest and monitor): the
// last `months` calendar months of a return series play the "live" part, everything before it the backtest, and
// monitor.ts compares them (rolling Sharpe and max drawdown against circular-block-bootstrap bands, Page's CUSUM).
// Window and step scale with the bar size: a quarter and a month of periods, as monitor.ts's daily defaults (63, 21).
import type { MonitorAnswer, MonitorSettings } from '../../shared/portfolio-api';
import { percentileOfSorted } from '../metrics/stats';
import { monitorPerformance } from '../portfolio/monitor';

/** Percentiles of the bootstrap bands the panels draw (the 5th is monitor.ts's default breach threshold). */
export const BAND_PERCENTILES: readonly number[] = [5, 25, 50, 75, 95];

/** The defaults: the last 12 months are out of sample; monitor.ts's 5th percentile, 3 breaches in a row. */
export const DEFAULT_MONITOR_SETTINGS: Readonly<MonitorSettings> = { months: 12, percentile: 5, consecutive: 3 };

/** Rolling window and evaluation step for `periodsPerYear`: round(ppy/4) ≥ 2 and round(ppy/12) ≥ 1 (252 → 63, 21). */
export function monitorWindow(periodsPerYear: number): { window: number; step: number } {
  if (!(periodsPerYear > 0)) throw new RangeError(`periods_per_year: must be > 0, got ${periodsPerYear}`);
  return { window: Math.max(2, Math.round(periodsPerYear / 4)), step: Math.max(1, Math.round(periodsPerYear / 12)) };
}

/** First index whose time is after the last time minus `months` calendar months (UTC); ts.length when none. */
export function outOfSampleStart(ts: ArrayLike<number>, months: number): number {
  const n = ts.length;
  if (n === 0) return 0;
  const d = new Date(ts[n - 1]);
  d.setUTCMonth(d.getUTCMonth() - months);
  const cut = d.getTime();
  let i = n;
  while (i > 0 && ts[i - 1] > cut) i--;
  return i;
}

/** Index of the first non-zero finite return (periods before it: warm-up, nothing held yet); length when none. */
export function firstActive(returns: ArrayLike<number>): number {
  let i = 0;
  while (i < returns.length && !(Number.isFinite(returns[i]) && returns[i] !== 0)) i++;
  return i;
}

/** Throws a RangeError naming `monitor.<field>` and its range when a setting is out of range. */
export function validateMonitorSettings(s: MonitorSettings): void {
  if (!(Number.isInteger(s.months) && s.months >= 1 && s.months <= 600))
    throw new RangeError(`monitor.months: must be an integer 1..600, got ${JSON.stringify(s.months)}`);
  if (!(typeof s.percentile === 'number' && s.percentile > 0 && s.percentile < 50))
    throw new RangeError(`monitor.percentile: must be in (0, 50), got ${JSON.stringify(s.percentile)}`);
  if (!(Number.isInteger(s.consecutive) && s.consecutive >= 1 && s.consecutive <= 1000))
    throw new RangeError(`monitor.consecutive: must be an integer 1..1000, got ${JSON.stringify(s.consecutive)}`);
}

/**
 * Monitors returns[i] (the return into ts[i]): in-sample = from the first active period to the split, live = the
 * last `months` months; monitorPerformance (monitor.ts, rule 'any', 1000 samples, seed 1) with the bar size's
 * window and step; bands = BAND_PERCENTILES of the bootstrap distributions. Throws with the counts when a part is
 * shorter than the window.
 */
export function monitorOutOfSample(
  ts: ArrayLike<number>,
  returns: ArrayLike<number>,
  periodsPerYear: number,
  settings: MonitorSettings,
  samples = 1000,
): MonitorAnswer {
  validateMonitorSettings(settings);
  if (ts.length !== returns.length) throw new RangeError(`ts and returns differ in length (${ts.length} vs ${returns.length})`);
  const { window, step } = monitorWindow(periodsPerYear);
  const split = outOfSampleStart(ts, settings.months);
  const from = Math.min(firstActive(returns), split);
  const inSample = Float64Array.from({ length: split - from }, (_, i) => returns[from + i]);
  const live = Float64Array.from({ length: returns.length - split }, (_, i) => returns[split + i]);
  const need = `the monitor's window is ${window} periods (a quarter at ${periodsPerYear} a year)`;
  if (live.length < window)
    throw new RangeError(
      `the out-of-sample period (last ${settings.months} months) has ${live.length} periods; ${need}: choose more months`,
    );
  if (inSample.length < window)
    throw new RangeError(
      `the in-sample period before the last ${settings.months} months has ${inSample.length} active periods; ${need}: choose fewer months`,
    );
  const m = monitorPerformance(live, inSample, {
    window,
    step,
    samples,
    percentile: settings.percentile,
    consecutive: settings.consecutive,
    periods_per_year: periodsPerYear,
  });
  const at = (k: number | null) => (k === null ? null : ts[split + k]);
  return {
    in_sample: inSample.length,
    out_of_sample: live.length,
    split_ts: ts[split],
    window,
    step,
    periods_per_year: periodsPerYear,
    bands: {
      sharpe: BAND_PERCENTILES.map((q) => percentileOfSorted(m.bootstrap.sharpe, q)),
      max_drawdown: BAND_PERCENTILES.map((q) => percentileOfSorted(m.bootstrap.max_drawdown, q)),
    },
    thresholds: m.thresholds,
    evaluations: m.evaluations.map((e) => ({
      ts: ts[split + e.end],
      sharpe: e.sharpe,
      max_drawdown: e.max_drawdown,
      breach: e.breach,
    })),
    percentile_alert_ts: at(m.percentile_alert),
    cusum_alert_ts: at(m.cusum.alarms.length ? m.cusum.alarms[0] : null),
    alert_ts: at(m.alert),
    cusum_alarms: m.cusum.alarms.length,
    settings: { ...settings },
  };
}
