// Streaming moving averages: one state per TA-Lib MA core (assembly/ma-util.ts), updated one value at a time
// with exactly the kernel's floating-point operations in the kernel's order, so each output is bit-identical
// to the batch value at the same bar. All O(1) per value (TRIMA's seeding is one O(period) pass at bar lb).
import { mamaNode } from './mama';
import { ago, isZero, type Node, push, type Ring, ring } from './state';

interface SmaS { i: number; total: number; r: Ring }
/** SMA(period) as smaCore: running sum, the value leaving the window subtracted after the division's operand is taken. */
export function smaNode(period: number): Node<SmaS> {
  const lb = period - 1;
  return {
    lb,
    init: () => ({ i: 0, total: 0, r: ring(period) }),
    step(s, x) {
      push(s.r, x);
      s.total += x;
      if (s.i++ < lb) return NaN;
      const t = s.total;
      s.total -= ago(s.r, lb);
      return t / period;
    },
  };
}

interface EmaS { i: number; prev: number }
/** EMA(period, k) as emaCore: seeded with the mean of the first `period` values, then (x − ema)·k + ema. */
export function emaNode(period: number, k = 2.0 / (period + 1)): Node<EmaS> {
  return {
    lb: period - 1,
    init: () => ({ i: 0, prev: 0 }),
    step(s, x) {
      if (s.i < period) {
        s.prev += x;
        if (++s.i < period) return NaN;
        s.prev = s.prev / period;
        return s.prev;
      }
      s.prev = (x - s.prev) * k + s.prev;
      return s.prev;
    },
  };
}

interface WmaS { i: number; sub: number; sum: number; trailing: number; r: Ring }
/** WMA(period) as wmaCore (TA_WMA's running sum and running "sub"); the divider in 32-bit integer arithmetic. */
export function wmaNode(period: number): Node<WmaS> {
  const lb = period - 1;
  const divider = Math.imul(period, period + 1) >> 1;
  return {
    lb,
    init: () => ({ i: 0, sub: 0, sum: 0, trailing: 0, r: ring(period) }),
    step(s, x) {
      push(s.r, x);
      if (s.i < lb) {
        s.sub += x;
        s.sum += x * (s.i + 1);
        s.i++;
        return NaN;
      }
      s.sub += x;
      s.sub -= s.trailing;
      s.sum += x * period;
      s.trailing = ago(s.r, lb);
      const out = s.sum / divider;
      s.sum -= s.sub;
      return out;
    },
  };
}

interface XemaS { i: number; s1: number; s2: number; s3: number; e1: number; e2: number; e3: number }
/**
 * DEMA (depth 2) / TEMA (depth 3) as demaCore/temaCore: EMA number d is seeded with the mean of the first
 * `period` values of EMA number d − 1 (bars ((d−1)·lb, d·lb]), the cascade advancing together once seeded.
 */
export function xemaNode(period: number, depth: 2 | 3): Node<XemaS> {
  const lb = period - 1;
  const k = 2.0 / (period + 1);
  const out = (s: XemaS) => (depth === 2 ? 2.0 * s.e1 - s.e2 : s.e3 + (3.0 * s.e1 - 3.0 * s.e2));
  return {
    lb: depth * lb,
    init: () => ({ i: 0, s1: 0, s2: 0, s3: 0, e1: 0, e2: 0, e3: 0 }),
    step(s, x) {
      const i = s.i++;
      if (i < period) {
        s.s1 += x;
        if (i === lb) {
          s.e1 = s.s1 / period;
          s.s2 = s.e1;
        }
        return NaN;
      }
      s.e1 = (x - s.e1) * k + s.e1;
      if (i <= 2 * lb) {
        s.s2 += s.e1;
        if (i < 2 * lb) return NaN;
        s.e2 = s.s2 / period;
        s.s3 = s.e2;
        return depth === 2 ? out(s) : NaN;
      }
      s.e2 = (s.e1 - s.e2) * k + s.e2;
      if (depth === 2) return out(s);
      if (i <= 3 * lb) {
        s.s3 += s.e2;
        if (i < 3 * lb) return NaN;
        s.e3 = s.s3 / period;
        return out(s);
      }
      s.e3 = (s.e2 - s.e3) * k + s.e3;
      return out(s);
    },
  };
}

interface TrimaS { i: number; num: number; sub: number; add: number; temp: number; r: Ring }
/** TRIMA(period) as trimaCore: TA-Lib's numerator with its two running halves; seeded at bar lb in one pass. */
export function trimaNode(period: number): Node<TrimaS> {
  const lb = period - 1;
  const odd = (period & 1) === 1;
  const half = period >> 1;
  // TA-Lib's int products (they wrap in 32 bits for huge periods, as in the kernel).
  const factor = 1.0 / (odd ? Math.imul(half + 1, half + 1) : Math.imul(half, half + 1));
  return {
    lb,
    init: () => ({ i: 0, num: 0, sub: 0, add: 0, temp: 0, r: ring(period) }),
    step(s, x) {
      push(s.r, x);
      const i = s.i++;
      if (i < lb) return NaN;
      const v = (j: number) => ago(s.r, i - j); // x at absolute index j, i − lb ≤ j ≤ i
      if (i === lb) {
        let middle = odd ? half : half - 1;
        for (let j = middle; j >= 0; j--) {
          s.sub += v(j);
          s.num += s.sub;
        }
        middle++;
        for (let j = middle; j <= lb; j++) {
          s.add += v(j);
          s.num += s.add;
        }
        s.temp = v(0);
        return s.num * factor;
      }
      s.num -= s.sub;
      s.sub -= s.temp;
      s.temp = v(i - half);
      s.sub += s.temp;
      if (odd) {
        s.num += s.add;
        s.add -= s.temp;
      } else {
        s.add -= s.temp;
        s.num += s.add;
      }
      s.temp = x;
      s.add += s.temp;
      s.num += s.temp;
      s.temp = v(i - lb);
      return s.num * factor;
    },
  };
}

interface KamaS { i: number; sum: number; prev: number; trailing: number; r: Ring }
/** KAMA(period) as kamaCore: running Σ|Δx| over the window, efficiency ratio, fast 2/3 and slow 2/31 constants. */
export function kamaNode(period: number): Node<KamaS> {
  const constMax = 2.0 / (30.0 + 1.0);
  const constDiff = 2.0 / (2.0 + 1.0) - constMax;
  const ratio = (sum: number, roc: number) => {
    let t = sum <= roc || isZero(sum) ? 1.0 : Math.abs(roc / sum);
    t = t * constDiff + constMax;
    return t * t;
  };
  return {
    lb: period,
    init: () => ({ i: 0, sum: 0, prev: 0, trailing: 0, r: ring(period + 1) }),
    step(s, x) {
      push(s.r, x);
      const i = s.i++;
      if (i === 0) return NaN;
      const before = ago(s.r, 1);
      if (i < period) {
        let t = before;
        t -= x;
        s.sum += Math.abs(t);
        return NaN;
      }
      const t2 = ago(s.r, period);
      if (i === period) {
        let t = before;
        t -= x;
        s.sum += Math.abs(t);
        s.prev = before;
      } else {
        s.sum -= Math.abs(s.trailing - t2);
        s.sum += Math.abs(x - before);
      }
      s.trailing = t2;
      const t = ratio(s.sum, x - t2);
      s.prev = (x - s.prev) * t + s.prev;
      return s.prev;
    },
  };
}

interface T3S { i: number; phase: number; cnt: number; t: number; e: number[] }
/** T3(period, vFactor) as t3Core: six EMAs (k·x + (1 − k)·e), each seeded with the mean of the previous one's first values. */
export function t3Node(period: number, vFactor: number): Node<T3S> {
  const lb = 6 * (period - 1);
  const k = 2.0 / (period + 1.0);
  const omk = 1.0 - k;
  const v2 = vFactor * vFactor;
  const c1 = -(v2 * vFactor);
  const c2 = 3.0 * (v2 - c1);
  const c3 = -6.0 * v2 - 3.0 * (vFactor - c1);
  const c4 = 1.0 + 3.0 * vFactor - c1 + 3.0 * v2;
  const out = (e: number[]) => c1 * e[5] + c2 * e[4] + c3 * e[3] + c4 * e[2];
  return {
    lb,
    init: () => ({ i: 0, phase: 0, cnt: 0, t: 0, e: [0, 0, 0, 0, 0, 0] }),
    step(s, x) {
      const e = s.e;
      if (s.phase === 6) {
        e[0] = k * x + omk * e[0];
        for (let d = 1; d < 6; d++) e[d] = k * e[d - 1] + omk * e[d];
        return out(e);
      }
      if (s.phase === 0) {
        s.t += x;
        if (++s.cnt < period) return NaN;
      } else {
        e[0] = k * x + omk * e[0];
        for (let d = 1; d < s.phase; d++) e[d] = k * e[d - 1] + omk * e[d];
        s.t += e[s.phase - 1];
        if (++s.cnt < period - 1) return NaN;
      }
      // Phase complete: seed the next EMA; phases of length period − 1 = 0 complete at once.
      do {
        e[s.phase] = s.t / period;
        s.t = e[s.phase];
        s.phase++;
        s.cnt = 0;
      } while (s.phase < 6 && period === 1);
      return s.phase === 6 ? out(e) : NaN;
    },
  };
}

/** Passes its input through (TA_MA with period 1 copies the input). */
export function identityNode(): Node<null> {
  return { lb: 0, init: () => null, step: (_s, x) => x };
}

/**
 * TA_MA(period, matype) as a stream (maAt with start 0); `base` is the absolute index of the first value fed
 * (only MAMA depends on it: its Hilbert branch alternates by index parity).
 */
export function maNode(period: number, matype: number, fn = 'MA', base = 0): Node {
  if (period <= 1) return identityNode();
  switch (matype) {
    case 0: return smaNode(period);
    case 1: return emaNode(period);
    case 2: return wmaNode(period);
    case 3: return xemaNode(period, 2);
    case 4: return xemaNode(period, 3);
    case 5: return trimaNode(period);
    case 6: return kamaNode(period);
    case 7: return mamaNode(base);
    case 8: return t3Node(period, 0.7);
    default: throw new Error(`${fn}: unknown matype ${matype}`);
  }
}

/**
 * TA_MA started at bar `start` as maAt does: with start beyond the MA's lookback, the MA is fed from bar
 * start − lookback (an EMA is then seeded there); NaN before max(start, lookback).
 */
export function maFrom(period: number, matype: number, start: number, fn = 'MA'): Node {
  const lb = maNode(period, matype, fn).lb;
  const delay = Math.max(start, lb) - lb;
  return delayed(maNode(period, matype, fn, delay), delay);
}

interface DelayS { i: number; inner: unknown }
/** `node` fed from bar `delay` on (NaN before, and NaN until its own lookback after that). */
export function delayed(node: Node, delay: number): Node<DelayS> {
  return {
    lb: node.lb + delay,
    init: () => ({ i: 0, inner: node.init() }),
    step(s, x) {
      if (s.i < delay) {
        s.i++;
        return NaN;
      }
      return node.step(s.inner, x);
    },
  };
}
