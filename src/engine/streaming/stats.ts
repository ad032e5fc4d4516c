// Streaming states of BETA, CORREL, ACCBANDS, IMI, AVGDEV, SAR/SAREXT and MAVP, following their kernels
// (assembly/statistic.ts, extra.ts, overlap.ts) operation by operation so each bar's value is bit-identical.
import type { ParamValues } from '../indicators/types';
import type { Spec } from './bars';
import { maFrom, maNode, smaNode } from './ma';
import { ago, isZero, type Node, push, type Ring, ring } from './state';

const ret = (now: number, last: number) => (!isZero(last) ? (now - last) / last : 0.0);

interface BetaS { i: number; lx: number; ly: number; rx: Ring; ry: Ring; sxx: number; sxy: number; sx: number; sy: number }
/** BETA as the kernel: running sums of one-bar returns over `period` returns; the leaving return recomputed = stored. */
function betaSpec(period: number): Spec<BetaS> {
  return {
    lb: period,
    init: () => ({ i: 0, lx: 0, ly: 0, rx: ring(period), ry: ring(period), sxx: 0, sxy: 0, sx: 0, sy: 0 }),
    update(s, [a, b]) {
      const i = s.i++;
      if (i === 0) {
        s.lx = a;
        s.ly = b;
        return [NaN];
      }
      const x = ret(a, s.lx);
      s.lx = a;
      const y = ret(b, s.ly);
      s.ly = b;
      push(s.rx, x);
      push(s.ry, y);
      s.sxx += x * x;
      s.sxy += x * y;
      s.sx += x;
      s.sy += y;
      if (i < period) return [NaN];
      const tx = ago(s.rx, period - 1);
      const ty = ago(s.ry, period - 1);
      const den = period * s.sxx - s.sx * s.sx;
      const out = !isZero(den) ? (period * s.sxy - s.sx * s.sy) / den : 0.0;
      s.sxx -= tx * tx;
      s.sxy -= tx * ty;
      s.sx -= tx;
      s.sy -= ty;
      return [out];
    },
  };
}

interface CorrelS { rx: Ring; ry: Ring; x: number; x2: number; xy: number; y: number; y2: number }
/** CORREL as the kernel: running Σx, Σx², Σxy, Σy, Σy² (the leaving pair subtracted before the new one is added). */
function correlSpec(period: number): Spec<CorrelS> {
  const lb = period - 1;
  return {
    lb,
    init: () => ({ rx: ring(period + 1), ry: ring(period + 1), x: 0, x2: 0, xy: 0, y: 0, y2: 0 }),
    update(s, [x, y]) {
      push(s.rx, x);
      push(s.ry, y);
      const today = s.rx.n - 1;
      if (today > lb) {
        const tx = ago(s.rx, period);
        const ty = ago(s.ry, period);
        s.x -= tx;
        s.x2 -= tx * tx;
        s.xy -= tx * ty;
        s.y -= ty;
        s.y2 -= ty * ty;
      }
      s.x += x;
      s.x2 += x * x;
      s.xy += x * y;
      s.y += y;
      s.y2 += y * y;
      if (today < lb) return [NaN];
      const tmp = (s.x2 - (s.x * s.x) / period) * (s.y2 - (s.y * s.y) / period);
      return [!(tmp < 1e-14) ? (s.xy - (s.x * s.y) / period) / Math.sqrt(tmp) : 0.0];
    },
  };
}

function accUpper(h: number, l: number): number {
  const s = h + l;
  return isZero(s) ? h : h * (1 + (4 * (h - l)) / s);
}
function accLower(h: number, l: number): number {
  const s = h + l;
  return isZero(s) ? l : l * (1 - (4 * (h - l)) / s);
}

interface AccS { mid: unknown; up: unknown; lo: unknown }
/** ACCBANDS as the kernel: SMA running sums of high·(1 + w), close and low·(1 − w). */
function accbandsSpec(period: number): Spec<AccS> {
  const sma: Node = smaNode(period);
  return {
    lb: period - 1,
    init: () => ({ mid: sma.init(), up: sma.init(), lo: sma.init() }),
    update(s, [h, l, c]) {
      const m = sma.step(s.mid, c);
      return [sma.step(s.up, accUpper(h, l)), m, sma.step(s.lo, accLower(h, l))];
    },
  };
}

/** IMI as the kernel: the window re-summed each bar, oldest first (O(period) per bar). */
function imiSpec(period: number): Spec<{ o: Ring; c: Ring }> {
  return {
    lb: period - 1,
    init: () => ({ o: ring(period), c: ring(period) }),
    update(s, [o, c]) {
      push(s.o, o);
      push(s.c, c);
      if (s.o.n < period) return [NaN];
      let up = 0;
      let down = 0;
      for (let k = period - 1; k >= 0; k--) {
        const cc = ago(s.c, k);
        const oo = ago(s.o, k);
        if (cc > oo) up += cc - oo;
        else down += oo - cc;
      }
      return [100.0 * (up / (up + down))];
    },
  };
}

/** AVGDEV as the kernel: sum and deviations newest first, the mean recomputed per term (O(period) per bar). */
function avgdevSpec(period: number): Spec<Ring> {
  return {
    lb: period - 1,
    init: () => ring(period),
    update(r, [x]) {
      push(r, x);
      if (r.n < period) return [NaN];
      let sum = 0;
      for (let k = 0; k < period; k++) sum += ago(r, k);
      let dev = 0;
      for (let k = 0; k < period; k++) dev += Math.abs(ago(r, k) - sum / period);
      return [dev / period];
    },
  };
}

interface SarS { i: number; isLong: boolean; afLong: number; afShort: number; ep: number; sar: number; nh: number; nl: number }
/** SAR / SAREXT (signed) as sarCore: Wilder's parabolic stop, first direction from bar 1's −DM vs +DM unless startValue ≠ 0. */
function sarSpec(startValue: number, offset: number, initLong: number, accLong: number, maxLong: number,
  initShort: number, accShort: number, maxShort: number, signed: boolean): Spec<SarS> {
  if (initLong > maxLong) initLong = maxLong;
  if (accLong > maxLong) accLong = maxLong;
  if (initShort > maxShort) initShort = maxShort;
  if (accShort > maxShort) accShort = maxShort;
  return {
    lb: 1,
    init: () => ({ i: 0, isLong: true, afLong: initLong, afShort: initShort, ep: 0, sar: 0, nh: 0, nl: 0 }),
    update(s, [h, l]) {
      const i = s.i++;
      if (i === 0) {
        s.nh = h;
        s.nl = l;
        return [NaN];
      }
      if (i === 1) {
        if (startValue === 0) {
          const diffP = h - s.nh;
          const diffM = s.nl - l;
          s.isLong = !(diffM > 0 && diffP < diffM);
          s.ep = s.isLong ? h : l;
          s.sar = s.isLong ? s.nl : s.nh;
        } else if (startValue > 0) {
          s.isLong = true;
          s.ep = h;
          s.sar = startValue;
        } else {
          s.isLong = false;
          s.ep = l;
          s.sar = Math.abs(startValue);
        }
        s.nl = l;
        s.nh = h;
      }
      const prevLow = s.nl;
      const prevHigh = s.nh;
      s.nl = l;
      s.nh = h;
      let out: number;
      if (s.isLong) {
        if (l <= s.sar) {
          s.isLong = false;
          s.sar = s.ep;
          if (s.sar < prevHigh) s.sar = prevHigh;
          if (s.sar < h) s.sar = h;
          if (offset !== 0.0) s.sar += s.sar * offset;
          out = signed ? -s.sar : s.sar;
          s.afShort = initShort;
          s.ep = l;
          s.sar = s.sar + s.afShort * (s.ep - s.sar);
          if (s.sar < prevHigh) s.sar = prevHigh;
          if (s.sar < h) s.sar = h;
        } else {
          out = s.sar;
          if (h > s.ep) {
            s.ep = h;
            s.afLong += accLong;
            if (s.afLong > maxLong) s.afLong = maxLong;
          }
          s.sar = s.sar + s.afLong * (s.ep - s.sar);
          if (s.sar > prevLow) s.sar = prevLow;
          if (s.sar > l) s.sar = l;
        }
      } else if (h >= s.sar) {
        s.isLong = true;
        s.sar = s.ep;
        if (s.sar > prevLow) s.sar = prevLow;
        if (s.sar > l) s.sar = l;
        if (offset !== 0.0) s.sar -= s.sar * offset;
        out = s.sar;
        s.afLong = initLong;
        s.ep = h;
        s.sar = s.sar + s.afLong * (s.ep - s.sar);
        if (s.sar > prevLow) s.sar = prevLow;
        if (s.sar > l) s.sar = l;
      } else {
        out = signed ? -s.sar : s.sar;
        if (l < s.ep) {
          s.ep = l;
          s.afShort += accShort;
          if (s.afShort > maxShort) s.afShort = maxShort;
        }
        s.sar = s.sar + s.afShort * (s.ep - s.sar);
        if (s.sar < prevHigh) s.sar = prevHigh;
        if (s.sar < h) s.sar = h;
      }
      return [out];
    },
  };
}

interface MavpS { i: number; ma: unknown[] }
/**
 * MAVP as the kernel: one TA_MA per period in [minPeriod, maxPeriod], each started at the MAVP lookback; bar i
 * takes the MA of its (truncated, clamped) period. O(maxPeriod − minPeriod) per bar: every candidate MA advances.
 */
function mavpSpec(p: ParamValues, fn: string): Spec<MavpS> {
  const { minperiod: lo, maxperiod: hi, matype } = p;
  const lb = maNode(hi, matype, fn).lb;
  const nodes: Node[] = [];
  for (let q = lo; q <= hi; q++) nodes.push(maFrom(q, matype, lb, fn));
  return {
    lb,
    init: () => ({ i: 0, ma: nodes.map((m) => m.init()) }),
    update(s, [x, per]) {
      const values = nodes.map((m, k) => m.step(s.ma[k], x));
      if (s.i++ < lb) return [NaN];
      let q = per > -2147483649.0 && per < 2147483648.0 ? Math.trunc(per) : -2147483648;
      if (q < lo) q = lo;
      else if (q > hi) q = hi;
      return [values[q - lo]];
    },
  };
}

/** Streaming specs of the statistic, band, SAR and MAVP functions, by TA-Lib name. */
export const statSpecs: Record<string, (p: ParamValues, fn: string) => Spec> = {
  BETA: (p) => betaSpec(p.timeperiod),
  CORREL: (p) => correlSpec(p.timeperiod),
  ACCBANDS: (p) => accbandsSpec(p.timeperiod),
  IMI: (p) => imiSpec(p.timeperiod),
  AVGDEV: (p) => avgdevSpec(p.timeperiod),
  SAR: (p) => sarSpec(0, 0, p.acceleration, p.acceleration, p.maximum, p.acceleration, p.acceleration, p.maximum, false),
  SAREXT: (p) =>
    sarSpec(p.startvalue, p.offsetonreverse, p.accelerationinitlong, p.accelerationlong, p.accelerationmaxlong,
      p.accelerationinitshort, p.accelerationshort, p.accelerationmaxshort, true),
  MAVP: mavpSpec,
};
