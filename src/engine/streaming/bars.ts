// Streaming states of functions over several price series (volatility, range oscillators, volume, Wilder's
// directional movement). Inputs arrive per bar in C argument order (ATR: high, low, close), as the registry's
// resolved fields; operations mirror the kernels (assembly/volatility.ts, volume.ts, momentum-util.ts) in order.
import { ago, push, type Ring, ring } from './state';

/** A stream over several inputs and outputs: plain-data state, one update per bar. */
export interface Spec<S = unknown> {
  lb: number;
  init(): S;
  update(s: S, x: readonly number[]): number[];
}

/** TA_TRANGE's value from today's high/low and yesterday's close, compared in the kernel's order. */
function trueRange(hi: number, lo: number, cy: number): number {
  let greatest = hi - lo;
  const v2 = Math.abs(cy - hi);
  if (v2 > greatest) greatest = v2;
  const v3 = Math.abs(cy - lo);
  if (v3 > greatest) greatest = v3;
  return greatest;
}

interface AtrS { i: number; prevClose: number; total: number; prev: number }
/** TRANGE (period 0), ATR / NATR (normalize) as wilderAtr: SMA of the first `period` true ranges, then Wilder smoothing. */
export function atrSpec(period: number, normalize: boolean): Spec<AtrS> {
  const trange = period <= 1;
  return {
    lb: trange ? 1 : period,
    init: () => ({ i: 0, prevClose: 0, total: 0, prev: 0 }),
    update(s, [h, l, c]) {
      const i = s.i++;
      const tr = i === 0 ? NaN : trueRange(h, l, s.prevClose);
      s.prevClose = c;
      if (i === 0) return [NaN];
      if (trange) return [tr];
      if (i <= period) {
        s.total += tr;
        if (i < period) return [NaN];
        s.prev = s.total / period;
      } else {
        s.prev *= period - 1;
        s.prev += tr;
        s.prev /= period;
      }
      if (!normalize) return [s.prev];
      return [c > -1e-14 && c < 1e-14 ? 0.0 : (s.prev / c) * 100.0];
    },
  };
}

/** State of the highest-high/lowest-low scan: extremes with absolute indexes, WILLR's diff, the window. */
export interface ScanS { i: number; lowestIdx: number; highestIdx: number; lowest: number; highest: number; diff: number; h: Ring; l: Ring }
/**
 * TA-Lib's lazily rescanned highest high / lowest low (amortized O(1): a rescan only when the extreme leaves
 * the window). `win` bars back from today are in the window; `ties` true moves the extreme to a later equal
 * value (AROON), false keeps the earlier one on rescans (WILLR/STOCH). Returns whether either extreme was
 * updated (WILLR/STOCH recompute their lazy `diff` then).
 */
function scanStep(s: ScanS, win: number, ties: boolean, h: number, l: number): boolean {
  const today = s.i;
  push(s.h, h);
  push(s.l, l);
  const trailing = today - win;
  let changed = false;
  const low = (j: number) => ago(s.l, today - j);
  const high = (j: number) => ago(s.h, today - j);
  if (s.lowestIdx < trailing) {
    s.lowestIdx = trailing;
    s.lowest = low(trailing);
    for (let j = trailing + 1; j <= today; j++) {
      const t = low(j);
      if (ties ? t <= s.lowest : t < s.lowest) {
        s.lowestIdx = j;
        s.lowest = t;
      }
    }
    changed = true;
  } else if (l <= s.lowest) {
    s.lowestIdx = today;
    s.lowest = l;
    changed = true;
  }
  if (s.highestIdx < trailing) {
    s.highestIdx = trailing;
    s.highest = high(trailing);
    for (let j = trailing + 1; j <= today; j++) {
      const t = high(j);
      if (ties ? t >= s.highest : t > s.highest) {
        s.highestIdx = j;
        s.highest = t;
      }
    }
    changed = true;
  } else if (h >= s.highest) {
    s.highestIdx = today;
    s.highest = h;
    changed = true;
  }
  return changed;
}

function scanInit(win: number): ScanS {
  return { i: 0, lowestIdx: -1, highestIdx: -1, lowest: 0, highest: 0, diff: 0, h: ring(win + 1), l: ring(win + 1) };
}

/**
 * One bar of rangeScan (WILLR when `willr`, else the fast %K of STOCH/STOCHF): NaN before bar period − 1, then
 * (highest − close)/((highest − lowest)/−100) or (close − lowest)/((highest − lowest)/100), 0 where the range is 0.
 */
export function rangeStep(s: ScanS, period: number, willr: boolean, h: number, l: number, c: number): number {
  const lb = period - 1;
  if (s.i < lb) {
    push(s.h, h);
    push(s.l, l);
    s.i++;
    return NaN;
  }
  // The kernel recomputes diff after each of its two updates; the second one wins, from the same values.
  if (scanStep(s, lb, false, h, l)) s.diff = (s.highest - s.lowest) / (willr ? -100.0 : 100.0);
  s.i++;
  if (s.diff === 0.0) return 0.0;
  return willr ? (s.highest - c) / s.diff : (c - s.lowest) / s.diff;
}

/** A fresh rangeStep state for `period`. */
export function rangeInit(period: number): ScanS {
  return scanInit(period - 1);
}

/** WILLR as rangeScan(willr). */
export function willrSpec(period: number): Spec<ScanS> {
  return { lb: period - 1, init: () => rangeInit(period), update: (s, [h, l, c]) => [rangeStep(s, period, true, h, l, c)] };
}

/** AROON (down, up) / AROONOSC as aroonCore over the window [today − period, today], ties to the latest bar. */
export function aroonSpec(period: number, osc: boolean): Spec<ScanS> {
  const factor = 100.0 / period;
  return {
    lb: period,
    init: () => scanInit(period),
    update(s, [h, l]) {
      if (s.i < period) {
        push(s.h, h);
        push(s.l, l);
        s.i++;
        return osc ? [NaN] : [NaN, NaN];
      }
      scanStep(s, period, true, h, l);
      const today = s.i++;
      if (osc) return [factor * (s.highestIdx - s.lowestIdx)];
      return [factor * (period - (today - s.lowestIdx)), factor * (period - (today - s.highestIdx))];
    },
  };
}

/** MIDPRICE as the kernel: (highest high + lowest low)/2 by a full rescan of the window, O(period) per bar. */
export function midpriceSpec(period: number): Spec<{ h: Ring; l: Ring }> {
  const lb = period - 1;
  return {
    lb,
    init: () => ({ h: ring(period), l: ring(period) }),
    update(s, [h, l]) {
      push(s.h, h);
      push(s.l, l);
      if (s.h.n <= lb) return [NaN];
      let lowest = ago(s.l, lb);
      let highest = ago(s.h, lb);
      for (let k = lb - 1; k >= 0; k--) {
        const lo = ago(s.l, k);
        if (lo < lowest) lowest = lo;
        const hi = ago(s.h, k);
        if (hi > highest) highest = hi;
      }
      return [(highest + lowest) / 2.0];
    },
  };
}

interface CciS { i: number; slot: number; buf: number[] }
/** CCI as the kernel: typical prices in TA-Lib's circular buffer, both means summed in slot order, O(period) per bar. */
export function cciSpec(period: number): Spec<CciS> {
  const lb = period - 1;
  return {
    lb,
    init: () => ({ i: 0, slot: 0, buf: new Array<number>(period).fill(0) }),
    update(s, [h, l, c]) {
      const last = (h + l + c) / 3.0;
      s.buf[s.slot] = last;
      const i = s.i++;
      let out = NaN;
      if (i >= lb) {
        let avg = 0;
        for (let j = 0; j < period; j++) avg += s.buf[j];
        avg /= period;
        let dev = 0;
        for (let j = 0; j < period; j++) dev += Math.abs(s.buf[j] - avg);
        const t = last - avg;
        out = t !== 0.0 && dev !== 0.0 ? t / (0.015 * (dev / period)) : 0.0;
      }
      if (++s.slot > lb) s.slot = 0;
      return [out];
    },
  };
}

/** OBV as the kernel: starts at the first volume, ± each volume as the series rises or falls. */
export function obvSpec(): Spec<{ i: number; obv: number; prev: number }> {
  return {
    lb: 0,
    init: () => ({ i: 0, obv: 0, prev: 0 }),
    update(s, [x, v]) {
      if (s.i++ === 0) {
        s.obv = v;
        s.prev = x;
      }
      if (x > s.prev) s.obv += v;
      else if (x < s.prev) s.obv -= v;
      s.prev = x;
      return [s.obv];
    },
  };
}

/** Chaikin's money flow of one bar, as the kernels: ((c − l) − (h − c))/(h − l)·volume, 0 when h − l is not positive. */
function moneyFlow(h: number, l: number, c: number, v: number): number {
  const tmp = h - l;
  return tmp > 0.0 ? (((c - l) - (h - c)) / tmp) * v : 0.0;
}

/** AD as the kernel: running sum of the money flow (added only when the range is positive). */
export function adSpec(): Spec<{ acc: number }> {
  return {
    lb: 0,
    init: () => ({ acc: 0 }),
    update(s, [h, l, c, v]) {
      const tmp = h - l;
      if (tmp > 0.0) s.acc += (((c - l) - (h - c)) / tmp) * v;
      return [s.acc];
    },
  };
}

/** ADOSC as the kernel: fast and slow k·AD + (1 − k)·ema, both started at the first AD value. */
export function adoscSpec(fastPeriod: number, slowPeriod: number): Spec<{ i: number; acc: number; fast: number; slow: number }> {
  const lb = Math.max(fastPeriod, slowPeriod) - 1;
  const fastk = 2.0 / (fastPeriod + 1);
  const omf = 1.0 - fastk;
  const slowk = 2.0 / (slowPeriod + 1);
  const oms = 1.0 - slowk;
  return {
    lb,
    init: () => ({ i: 0, acc: 0, fast: 0, slow: 0 }),
    update(s, [h, l, c, v]) {
      s.acc += moneyFlow(h, l, c, v);
      const i = s.i++;
      if (i === 0) {
        s.fast = s.acc;
        s.slow = s.acc;
        return [lb === 0 ? s.fast - s.slow : NaN];
      }
      s.fast = fastk * s.acc + omf * s.fast;
      s.slow = slowk * s.acc + oms * s.slow;
      return [i >= lb ? s.fast - s.slow : NaN];
    },
  };
}

/** Price transforms (no state): AVGPRICE(o, h, l, c), MEDPRICE(h, l), TYPPRICE(h, l, c), WCLPRICE(h, l, c). */
export function priceSpec(kind: 'AVGPRICE' | 'MEDPRICE' | 'TYPPRICE' | 'WCLPRICE'): Spec<null> {
  const f: (x: readonly number[]) => number =
    kind === 'AVGPRICE' ? ([o, h, l, c]) => (h + l + c + o) / 4.0
      : kind === 'MEDPRICE' ? ([h, l]) => (h + l) / 2.0
        : kind === 'TYPPRICE' ? ([h, l, c]) => (h + l + c) / 3.0
          : ([h, l, c]) => (h + l + c * 2.0) / 4.0;
  return { lb: 0, init: () => null, update: (_s, x) => [f(x)] };
}

