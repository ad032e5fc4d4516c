// Streaming states of one-series functions (momentum, statistics, MA oscillators): each mirrors its kernel's
// floating-point operations and order (assembly/momentum-util.ts, statistic.ts, overlap.ts, ma.ts), so the
// value of every bar is bit-identical to the batch kernel's at that bar.
import { delayed, emaNode, maNode } from './ma';
import { ago, isZero, type Node, push, type Ring, ring } from './state';

interface GainLossS { i: number; prevValue: number; gain: number; loss: number }
/** RSI (cmo false) / CMO (cmo true) as gainLoss: Wilder-smoothed gain and loss seeded with the mean of the first `period` changes. */
export function gainLossNode(period: number, cmo: boolean): Node<GainLossS> {
  const p1 = period - 1;
  return {
    lb: period,
    init: () => ({ i: 0, prevValue: 0, gain: 0, loss: 0 }),
    step(s, x) {
      const i = s.i++;
      if (i === 0) {
        s.prevValue = x;
        return NaN;
      }
      if (period === 1) return x; // TA-Lib copies its input for period 1.
      const t2 = x - s.prevValue;
      s.prevValue = x;
      if (i > period) {
        s.loss *= p1;
        s.gain *= p1;
      }
      if (t2 < 0) s.loss -= t2;
      else s.gain += t2;
      if (i < period) return NaN;
      s.loss /= period;
      s.gain /= period;
      const sum = s.gain + s.loss;
      if (isZero(sum)) return 0.0;
      return cmo ? 100.0 * ((s.gain - s.loss) / sum) : 100.0 * (s.gain / sum);
    },
  };
}

/** MOM (0), ROC (1), ROCP (2), ROCR (3), ROCR100 (4) as the kernels' `change`: x against x[i − period]. */
export function changeNode(period: number, kind: number): Node<Ring> {
  return {
    lb: period,
    init: () => ring(period + 1),
    step(r, x) {
      push(r, x);
      if (r.n <= period) return NaN;
      const prev = ago(r, period);
      if (kind === 0) return x - prev;
      if (prev === 0.0) return 0.0;
      if (kind === 1) return (x / prev - 1.0) * 100.0;
      if (kind === 2) return (x - prev) / prev;
      if (kind === 3) return x / prev;
      return (x / prev) * 100.0;
    },
  };
}

interface VarS { i: number; t1: number; t2: number; r: Ring }
/**
 * TA_INT_VAR's running Σx and Σx² over `period` values, started at bar `start` (BBANDS starts them at its own
 * lookback − (period − 1)); returns the population variance Σx²/p − (Σx/p)², NaN before bar start + period − 1.
 */
export function varNode(period: number, start = 0): Node<VarS> {
  const lb = start + period - 1;
  return {
    lb,
    init: () => ({ i: 0, t1: 0, t2: 0, r: ring(period) }),
    step(s, x) {
      const i = s.i++;
      if (i < start) return NaN;
      push(s.r, x);
      s.t1 += x;
      s.t2 += x * x;
      if (i < lb) return NaN;
      const mean1 = s.t1 / period;
      const mean2 = s.t2 / period;
      const t = ago(s.r, period - 1);
      s.t1 -= t;
      s.t2 -= t * t;
      return mean2 - mean1 * mean1;
    },
  };
}

/** TA_STDDEV: √variance·nbDev (the multiply skipped when nbDev is 1, as the kernel), 0 where the variance is below 1e-14. */
export function sdOf(v: number, nbDev: number): number {
  // A NaN variance takes the first branch (the comparison is false), as in the kernel.
  if (!(v < 1e-14)) return nbDev !== 1.0 ? Math.sqrt(v) * nbDev : Math.sqrt(v);
  return 0.0;
}

/** STDDEV(period, nbDev) over varNode. */
export function stddevNode(period: number, nbDev: number): Node<VarS> {
  const v = varNode(period);
  // Warm-up NaNs pass through sdOf unchanged.
  return { lb: v.lb, init: v.init, step: (s, x) => sdOf(v.step(s, x), nbDev) };
}

/**
 * LINEARREG (0), SLOPE (1), INTERCEPT (2), ANGLE (3), TSF (4) as linregCore: O(period) per bar (the kernel
 * re-sums the window each bar, newest term last, and so must the stream to give the same bits).
 */
export function linregNode(period: number, kind: number): Node<Ring> {
  const lb = period - 1;
  const sumX = Math.imul(period, period - 1) * 0.5;
  const sumXSqr = Math.floor((Math.imul(Math.imul(period, period - 1), 2 * period - 1) >>> 0) / 6);
  const divisor = sumX * sumX - period * sumXSqr;
  return {
    lb,
    init: () => ring(period),
    step(r, x) {
      push(r, x);
      if (r.n <= lb) return NaN;
      let sumXY = 0;
      let sumY = 0;
      for (let i = period - 1; i >= 0; i--) {
        const t = ago(r, i);
        sumY += t;
        sumXY += i * t;
      }
      const m = (period * sumXY - sumX * sumY) / divisor;
      if (kind === 1) return m;
      if (kind === 3) return Math.atan(m) * (180.0 / 3.14159265358979323846);
      const b = (sumY - m * sumX) / period;
      if (kind === 2) return b;
      if (kind === 0) return b + m * (period - 1);
      return b + m * period;
    },
  };
}

/** MIDPOINT(period) as the kernel: (highest + lowest)/2 of a full rescan of the window, O(period) per bar. */
export function midpointNode(period: number): Node<Ring> {
  const lb = period - 1;
  return {
    lb,
    init: () => ring(period),
    step(r, x) {
      push(r, x);
      if (r.n <= lb) return NaN;
      let lowest = ago(r, lb);
      let highest = lowest;
      for (let k = lb - 1; k >= 0; k--) {
        const t = ago(r, k);
        if (t < lowest) lowest = t;
        else if (t > highest) highest = t;
      }
      return (highest + lowest) / 2.0;
    },
  };
}

interface TwoS { i: number; a: unknown; b: unknown }
/**
 * APO (percent false) / PPO as priceOscillator: TA_MA(fast) − TA_MA(slow) (periods swapped when slow < fast),
 * both from bar 0; PPO divides by the slow MA (0 where it is within 1e-14 of 0) and multiplies by 100.
 */
export function priceOscNode(fast: number, slow: number, matype: number, percent: boolean, fn: string): Node<TwoS> {
  if (slow < fast) [fast, slow] = [slow, fast];
  const f = maNode(fast, matype, fn);
  const sl = maNode(slow, matype, fn);
  return {
    lb: sl.lb,
    init: () => ({ i: 0, a: f.init(), b: sl.init() }),
    step(s, x) {
      const fv = f.step(s.a, x);
      const sv = sl.step(s.b, x);
      if (s.i++ < sl.lb) return NaN;
      if (percent) return !isZero(sv) ? ((fv - sv) / sv) * 100.0 : 0.0;
      return fv - sv;
    },
  };
}

interface MacdS { slow: unknown; fast: unknown; signal: unknown; i: number }
/**
 * MACD as macdCore: slow EMA from bar 0, fast EMA from bar slowLb − fastLb (so both seed at the slow lookback),
 * signal = EMA(signalPeriod) of macd from bar slowLb; NaN until slowLb + signalPeriod − 1. Outputs macd, signal, hist.
 */
export function macdStates(fastPeriod: number, slowPeriod: number, signalPeriod: number, kFast?: number, kSlow?: number) {
  if (slowPeriod < fastPeriod) [fastPeriod, slowPeriod] = [slowPeriod, fastPeriod];
  const slowLb = slowPeriod - 1;
  const slow = emaNode(slowPeriod, kSlow ?? 2.0 / (slowPeriod + 1));
  const fast = delayed(emaNode(fastPeriod, kFast ?? 2.0 / (fastPeriod + 1)), slowLb - (fastPeriod - 1));
  const signal = emaNode(signalPeriod);
  return macdFrom(fast, slow, signal, slowLb);
}

/** The MACD combinator: macd = fast − slow from bar `start`, signal of macd, hist = macd − signal. */
export function macdFrom(fast: Node, slow: Node, signal: Node, start: number) {
  const total = start + signal.lb;
  return {
    lb: total,
    init: (): MacdS => ({ slow: slow.init(), fast: fast.init(), signal: signal.init(), i: 0 }),
    update(s: MacdS, x: readonly number[]): number[] {
      const sv = slow.step(s.slow, x[0]);
      const fv = fast.step(s.fast, x[0]);
      const i = s.i++;
      if (i < start) return [NaN, NaN, NaN];
      const m = fv - sv;
      const sig = signal.step(s.signal, m);
      if (i < total) return [NaN, NaN, NaN];
      return [m, sig, m - sig];
    },
  };
}

