// The performance monitor (docs/portfolio-backtest.md § Performance monitor): live (paper, or later out-of-sample)
// returns of a strategy against its backtest. Rolling Sharpe and max drawdown over `window` periods are compared
// with their distribution over circular-block-bootstrap samples of the backtest returns (seeded), and a one-sided
// Page CUSUM watches the mean. Pure functions: no clock, no randomness but the seeded generator.
import { Rng } from '../../sources/random';
import { maxDrawdown, sharpeRatio } from '../metrics/returns';
import { percentileOfSorted } from '../metrics/stats';

/** Settings of the monitor; defaults in DEFAULT_MONITOR. */
export interface MonitorOptions {
  /** Periods in each rolling window (and in each bootstrap sample), integer ≥ 2. Default 63 (a quarter). */
  window: number;
  /** Periods between evaluations of the rolling statistics, integer ≥ 1. Default 21 (a month). */
  step: number;
  /** Bootstrap samples, integer 100..100000. Default 1000. */
  samples: number;
  /** Block length of the circular block bootstrap, integer ≥ 1. Default 10. */
  block_length: number;
  /** Seed of the bootstrap's xoshiro128** generator. Default 1. */
  seed: number;
  /** Lower percentile of the bootstrap distribution that counts as a breach, in (0, 50). Default 5. */
  percentile: number;
  /** Consecutive breached evaluations that raise the percentile alert, integer ≥ 1. Default 3. */
  consecutive: number;
  /** Page's CUSUM reference value k (in backtest standard deviations), ≥ 0. Default 0.5. */
  cusum_k: number;
  /** Page's CUSUM decision interval h (in standard deviations), > 0. Default 8. */
  cusum_h: number;
  /** Which alarms raise the alert: either one, both, or only one kind. Default 'any'. */
  rule: 'any' | 'all' | 'percentile' | 'cusum';
  periods_per_year: number;
  risk_free: number;
}

/** The defaults (docs/portfolio-backtest.md explains the choice of k and h). */
export const DEFAULT_MONITOR: Readonly<MonitorOptions> = {
  window: 63,
  step: 21,
  samples: 1000,
  block_length: 10,
  seed: 1,
  percentile: 5,
  consecutive: 3,
  cusum_k: 0.5,
  cusum_h: 8,
  rule: 'any',
  periods_per_year: 252,
  risk_free: 0,
};

/** One evaluation of the rolling statistics over live[end − window + 1 .. end]. */
export interface Evaluation {
  end: number;
  sharpe: number;
  max_drawdown: number;
  /** Sharpe below its bootstrap percentile, or max drawdown below (deeper than) its percentile. */
  breach: boolean;
}

/** The monitor's verdict and everything behind it. */
export interface MonitorResult {
  options: MonitorOptions;
  /** Sorted bootstrap distributions of the window's Sharpe ratio and max drawdown. */
  bootstrap: { sharpe: Float64Array; max_drawdown: Float64Array };
  /** The percentile thresholds the live statistics are compared with. */
  thresholds: { sharpe: number; max_drawdown: number };
  evaluations: Evaluation[];
  /** Live index at which `consecutive` breaches in a row were first reached, or null. */
  percentile_alert: number | null;
  cusum: CusumResult;
  /** Live index of the alert under `rule`, or null. */
  alert: number | null;
}

/** Page's CUSUM path and alarms. */
export interface CusumResult {
  /** S_t of each period (at an alarm the value that crossed h; the next period starts from 0). */
  stat: Float64Array;
  /** Periods where S_t exceeded h (S is reset to 0 after each). */
  alarms: number[];
  mean: number;
  std: number;
}

const intIn = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;

/** Fills the defaults and throws a RangeError naming `monitor.<field>` and its range for a bad value. */
export function resolveMonitorOptions(o: Partial<MonitorOptions> = {}): MonitorOptions {
  const r = { ...DEFAULT_MONITOR, ...o };
  const bad = (f: string, range: string) => new RangeError(`monitor.${f}: must be ${range}, got ${JSON.stringify((r as Record<string, unknown>)[f])}`);
  if (!intIn(r.window, 2, 1e6)) throw bad('window', 'an integer ≥ 2');
  if (!intIn(r.step, 1, 1e6)) throw bad('step', 'an integer ≥ 1');
  if (!intIn(r.samples, 100, 100000)) throw bad('samples', 'an integer 100..100000');
  if (!intIn(r.block_length, 1, 1e6)) throw bad('block_length', 'an integer ≥ 1');
  if (!Number.isInteger(r.seed)) throw bad('seed', 'an integer');
  if (!(r.percentile > 0 && r.percentile < 50)) throw bad('percentile', 'in (0, 50)');
  if (!intIn(r.consecutive, 1, 1e6)) throw bad('consecutive', 'an integer ≥ 1');
  if (!(Number.isFinite(r.cusum_k) && r.cusum_k >= 0)) throw bad('cusum_k', 'a number ≥ 0');
  if (!(Number.isFinite(r.cusum_h) && r.cusum_h > 0)) throw bad('cusum_h', 'a number > 0');
  if (!['any', 'all', 'percentile', 'cusum'].includes(r.rule)) throw bad('rule', "'any', 'all', 'percentile' or 'cusum'");
  if (!(r.periods_per_year > 0)) throw bad('periods_per_year', 'a number > 0');
  if (!Number.isFinite(r.risk_free)) throw bad('risk_free', 'a finite number');
  return r;
}

/**
 * Circular block bootstrap (Politis & Romano 1992): `samples` series of `length` values, each the concatenation of
 * blocks of `blockLength` consecutive returns starting at uniform positions, wrapping past the end. Seeded.
 */
export function blockBootstrap(returns: ArrayLike<number>, length: number, samples: number, blockLength: number, seed: number): Float64Array[] {
  const n = returns.length;
  if (n < 2) throw new RangeError(`backtest returns: need at least 2 values, got ${n}`);
  const rng = new Rng(seed);
  const out: Float64Array[] = [];
  for (let s = 0; s < samples; s++) {
    const x = new Float64Array(length);
    for (let j = 0; j < length; ) {
      const start = Math.min(n - 1, Math.floor(rng.uniform() * n));
      for (let b = 0; b < blockLength && j < length; b++, j++) x[j] = returns[(start + b) % n];
    }
    out.push(x);
  }
  return out;
}

/**
 * One-sided lower Page CUSUM on standardized returns: S_t = max(0, S_{t−1} + (μ − r_t)/σ − k), an alarm when
 * S_t > h, then S restarts at 0 (Page 1954; Montgomery, Introduction to Statistical Quality Control § 9.1).
 */
export function pageCusum(live: ArrayLike<number>, mean: number, std: number, k: number, h: number): CusumResult {
  if (!(std > 0)) throw new RangeError(`backtest returns: standard deviation must be > 0, got ${std}`);
  const stat = new Float64Array(live.length);
  const alarms: number[] = [];
  let S = 0;
  for (let t = 0; t < live.length; t++) {
    const z = (mean - live[t]) / std;
    if (Number.isFinite(z)) S = Math.max(0, S + z - k);
    stat[t] = S;
    if (S > h) {
      alarms.push(t);
      S = 0;
    }
  }
  return { stat, alarms, mean, std };
}

/** Mean and sample standard deviation (ddof 1) of the finite values. */
function meanStd(x: ArrayLike<number>): { mean: number; std: number } {
  let n = 0, s = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) { n++; s += x[i]; }
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) ss += (x[i] - mean) ** 2;
  return { mean, std: Math.sqrt(ss / (n - 1)) };
}

/**
 * Compares `live` returns with `backtest` returns (docs/portfolio-backtest.md § Performance monitor): rolling
 * Sharpe and max drawdown every `step` periods against their block-bootstrap percentile, the `consecutive`-breach
 * alert, Page's CUSUM, and the combined alert under `rule`.
 */
export function monitorPerformance(live: ArrayLike<number>, backtest: ArrayLike<number>, options: Partial<MonitorOptions> = {}): MonitorResult {
  const o = resolveMonitorOptions(options);
  const bt = Float64Array.from(backtest).filter(Number.isFinite);
  if (bt.length < o.window) throw new RangeError(`backtest returns: need at least window (${o.window}) values, got ${bt.length}`);
  const boots = blockBootstrap(bt, o.window, o.samples, o.block_length, o.seed);
  const sharpe = Float64Array.from(boots, (x) => sharpeRatio(x, o.risk_free, o.periods_per_year)).filter((v) => !Number.isNaN(v)).sort();
  const mdd = Float64Array.from(boots, (x) => maxDrawdown(x)).sort();
  const thresholds = { sharpe: percentileOfSorted(sharpe, o.percentile), max_drawdown: percentileOfSorted(mdd, o.percentile) };
  const evaluations: Evaluation[] = [];
  let run = 0;
  let percentileAlert: number | null = null;
  const L = Float64Array.from(live);
  for (let end = o.window - 1; end < L.length; end += o.step) {
    const w = L.subarray(end - o.window + 1, end + 1);
    const s = sharpeRatio(w, o.risk_free, o.periods_per_year);
    const d = maxDrawdown(w);
    const breach = s < thresholds.sharpe || d < thresholds.max_drawdown;
    evaluations.push({ end, sharpe: s, max_drawdown: d, breach });
    run = breach ? run + 1 : 0;
    if (run >= o.consecutive && percentileAlert === null) percentileAlert = end;
  }
  const { mean, std } = meanStd(bt);
  const cusum = pageCusum(live, mean, std, o.cusum_k, o.cusum_h);
  const c = cusum.alarms.length ? cusum.alarms[0] : null;
  const alert =
    o.rule === 'percentile' ? percentileAlert
    : o.rule === 'cusum' ? c
    : o.rule === 'all' ? (percentileAlert === null || c === null ? null : Math.max(percentileAlert, c))
    : percentileAlert === null ? c : c === null ? percentileAlert : Math.min(percentileAlert, c);
  return { options: o, bootstrap: { sharpe, max_drawdown: mdd }, thresholds, evaluations, percentile_alert: percentileAlert, cusum, alert };
}
