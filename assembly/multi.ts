// One indicator for many periods in a single call (the sweep engine's grids). Every kernel reads n f64 at `src`,
// k periods at `periods` (f64 holding integers), and writes a column-major n×k block at `dst`: column j, at
// dst + j·n·8, is bit-identical to the single-period kernel (sma/ema/rsi) for periods[j].
//
// Why this is faster and still exact: each period keeps TA-Lib's own running state and operation order (a
// running sum for SMA, the EMA recursion, Wilder's gain/loss smoothing for RSI); only lane-wise IEEE operations
// are used, so a lane computes exactly what the scalar kernel computes. Periods are processed four at a time
// (two f64x2 vectors): the input value of a bar is loaded once and broadcast to all four, and the four
// independent dependency chains (RSI's is mul → add → div, latency-bound) overlap. Each lane first runs its own
// warm-up scalar up to the group's largest lookback, then the vector loop takes over.
import { fillNaN, isZero } from './momentum-util';

// @ts-ignore: decorator
@inline
function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

// @ts-ignore: decorator
@inline
function periodAt(periods: usize, j: i32): i32 {
  return <i32>load<f64>(periods + (<usize>j << 3));
}

// @ts-ignore: decorator
@inline
function column(dst: usize, n: i32, j: i32): usize {
  return dst + ((<usize>j * <usize>n) << 3);
}

// @ts-ignore: decorator
@inline
function pair(a: f64, b: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(a), 1, b);
}

// @ts-ignore: decorator
@inline
function lane0(v: v128): f64 {
  return f64x2.extract_lane(v, 0);
}

// @ts-ignore: decorator
@inline
function lane1(v: v128): f64 {
  return f64x2.extract_lane(v, 1);
}

function max4(a: i32, b: i32, c: i32, d: i32): i32 {
  const x = a > b ? a : b;
  const y = c > d ? c : d;
  return x > y ? x : y;
}

// Per-lane running state handed from a scalar warm-up to the vector loop (AssemblyScript returns one value).
let stateA: f64 = 0.0;
let stateB: f64 = 0.0;

// ---------------------------------------------------------------------------------------------------------
// SMA: TA_INT_SMA's running sum — add x[i], emit total/p, subtract x[i − p + 1].

/** Scalar SMA of one column up to bar `to` inclusive (NaN warm-up); leaves the running total in stateA. */
function smaLead(src: usize, col: usize, n: i32, period: i32, to: i32): void {
  const lb = period - 1;
  if (n <= lb) { fillNaN(col, 0, n); return; }
  fillNaN(col, 0, lb);
  const p = <f64>period;
  let total: f64 = 0;
  for (let i = 0; i < lb; i++) total += ld(src, i);
  const end = to < n - 1 ? to : n - 1;
  for (let i = lb; i <= end; i++) {
    total += ld(src, i);
    const t = total;
    total -= ld(src, i - lb);
    st(col, i, t / p);
  }
  stateA = total;
}

function smaGroup(src: usize, dst: usize, n: i32, periods: usize, j: i32): void {
  const p0 = periodAt(periods, j), p1 = periodAt(periods, j + 1), p2 = periodAt(periods, j + 2), p3 = periodAt(periods, j + 3);
  const c0 = column(dst, n, j), c1 = column(dst, n, j + 1), c2 = column(dst, n, j + 2), c3 = column(dst, n, j + 3);
  const s = max4(p0, p1, p2, p3) - 1;
  smaLead(src, c0, n, p0, s); const t0 = stateA;
  smaLead(src, c1, n, p1, s); const t1 = stateA;
  smaLead(src, c2, n, p2, s); const t2 = stateA;
  smaLead(src, c3, n, p3, s); const t3 = stateA;
  if (n <= s + 1) return;
  let ta = pair(t0, t1), tb = pair(t2, t3);
  const pa = pair(<f64>p0, <f64>p1), pb = pair(<f64>p2, <f64>p3);
  const l0 = p0 - 1, l1 = p1 - 1, l2 = p2 - 1, l3 = p3 - 1;
  for (let i = s + 1; i < n; i++) {
    const x = f64x2.splat(ld(src, i));
    ta = f64x2.add(ta, x);
    tb = f64x2.add(tb, x);
    const oa = f64x2.div(ta, pa), ob = f64x2.div(tb, pb);
    ta = f64x2.sub(ta, pair(ld(src, i - l0), ld(src, i - l1)));
    tb = f64x2.sub(tb, pair(ld(src, i - l2), ld(src, i - l3)));
    st(c0, i, lane0(oa)); st(c1, i, lane1(oa)); st(c2, i, lane0(ob)); st(c3, i, lane1(ob));
  }
}

/**
 * SMA for k periods at once: column j of the n×k block at `dst` equals `sma(src, ·, n, periods[j])` bit for bit
 * (TA_SMA). `periods`: k f64 values, each an integer ≥ 1. src must not overlap dst.
 */
export function smaMulti(src: usize, dst: usize, n: i32, periods: usize, k: i32): void {
  let j = 0;
  for (; j + 4 <= k; j += 4) smaGroup(src, dst, n, periods, j);
  for (; j < k; j++) smaLead(src, column(dst, n, j), n, periodAt(periods, j), n - 1);
}

// ---------------------------------------------------------------------------------------------------------
// EMA: seed with the mean of the first p values, then ema = (x − ema)·k + ema with k = 2/(p + 1).

/** Scalar EMA of one column up to bar `to` inclusive (NaN warm-up); leaves the last value in stateA. */
function emaLead(src: usize, col: usize, n: i32, period: i32, to: i32): void {
  const lb = period - 1;
  if (n <= lb) { fillNaN(col, 0, n); return; }
  const k: f64 = 2.0 / <f64>(period + 1);
  let seed: f64 = 0;
  for (let i = 0; i < period; i++) seed += ld(src, i);
  let prev = seed / <f64>period;
  fillNaN(col, 0, lb);
  st(col, lb, prev);
  const end = to < n - 1 ? to : n - 1;
  for (let i = period; i <= end; i++) {
    prev = (ld(src, i) - prev) * k + prev;
    st(col, i, prev);
  }
  stateA = prev;
}

// @ts-ignore: decorator
@inline
function emaK(period: i32): f64 {
  return 2.0 / <f64>(period + 1);
}

function emaGroup(src: usize, dst: usize, n: i32, periods: usize, j: i32): void {
  const p0 = periodAt(periods, j), p1 = periodAt(periods, j + 1), p2 = periodAt(periods, j + 2), p3 = periodAt(periods, j + 3);
  const c0 = column(dst, n, j), c1 = column(dst, n, j + 1), c2 = column(dst, n, j + 2), c3 = column(dst, n, j + 3);
  const s = max4(p0, p1, p2, p3) - 1;
  emaLead(src, c0, n, p0, s); const e0 = stateA;
  emaLead(src, c1, n, p1, s); const e1 = stateA;
  emaLead(src, c2, n, p2, s); const e2 = stateA;
  emaLead(src, c3, n, p3, s); const e3 = stateA;
  if (n <= s + 1) return;
  let ea = pair(e0, e1), eb = pair(e2, e3);
  const ka = pair(emaK(p0), emaK(p1)), kb = pair(emaK(p2), emaK(p3));
  for (let i = s + 1; i < n; i++) {
    const x = f64x2.splat(ld(src, i));
    ea = f64x2.add(f64x2.mul(f64x2.sub(x, ea), ka), ea);
    eb = f64x2.add(f64x2.mul(f64x2.sub(x, eb), kb), eb);
    st(c0, i, lane0(ea)); st(c1, i, lane1(ea)); st(c2, i, lane0(eb)); st(c3, i, lane1(eb));
  }
}

/**
 * EMA for k periods at once: column j of the n×k block at `dst` equals `ema(src, ·, n, periods[j])` bit for bit
 * (TA_EMA, default compatibility). `periods`: k f64 values, each an integer ≥ 1. src must not overlap dst.
 */
export function emaMulti(src: usize, dst: usize, n: i32, periods: usize, k: i32): void {
  let j = 0;
  for (; j + 4 <= k; j += 4) emaGroup(src, dst, n, periods, j);
  for (; j < k; j++) emaLead(src, column(dst, n, j), n, periodAt(periods, j), n - 1);
}

// ---------------------------------------------------------------------------------------------------------
// RSI: the bar-to-bar changes d[i] = x[i] − x[i − 1] are computed and split into gain and loss once for all
// periods (TA_RSI computes the same difference and takes the same branch inside each call); each period then
// runs TA_RSI's Wilder smoothing on them. Where TA_RSI skips the add of the side that did not move, we add a +0,
// which is exact: the smoothed gain and loss are never −0, and x + (+0) = x for every other x, NaN and ±∞ included.

/** 100·g/(g + l), 0 where g + l is within TA_EPSILON of 0 (TA_RSI's output step). */
// @ts-ignore: decorator
@inline
function rsiValue(g: f64, l: f64): f64 {
  const sum = g + l;
  return isZero(sum) ? 0.0 : 100.0 * (g / sum);
}

/**
 * Scalar TA_RSI of one column up to bar `to` inclusive, reading the gains at `d` and losses at d + n·8; leaves the smoothed gain in
 * stateA and loss in stateB. Period 1 copies the input, as TA-Lib does.
 */
function rsiLead(src: usize, d: usize, col: usize, n: i32, period: i32, to: i32): void {
  if (n <= period) { fillNaN(col, 0, n); return; }
  fillNaN(col, 0, period);
  const end = to < n - 1 ? to : n - 1;
  if (period == 1) {
    for (let i = 1; i <= end; i++) st(col, i, ld(src, i));
    return;
  }
  const p = <f64>period;
  const p1 = <f64>(period - 1);
  let g: f64 = 0.0;
  let l: f64 = 0.0;
  const dn = d + (<usize>n << 3);
  for (let i = 1; i <= period; i++) {
    l -= ld(dn, i);
    g += ld(d, i);
  }
  l /= p;
  g /= p;
  st(col, period, rsiValue(g, l));
  for (let i = period + 1; i <= end; i++) {
    l *= p1;
    g *= p1;
    l -= ld(dn, i);
    g += ld(d, i);
    l /= p;
    g /= p;
    st(col, i, rsiValue(g, l));
  }
  stateA = g;
  stateB = l;
}

/** Lane-wise rsiValue: the same IEEE operations per lane, 0 selected where |g + l| < TA_EPSILON. */
// @ts-ignore: decorator
@inline
function rsiValues(g: v128, l: v128): v128 {
  const sum = f64x2.add(g, l);
  const v = f64x2.mul(f64x2.splat(100.0), f64x2.div(g, sum));
  const zero = v128.and(f64x2.gt(sum, f64x2.splat(-0.00000000000001)), f64x2.lt(sum, f64x2.splat(0.00000000000001)));
  return v128.bitselect(f64x2.splat(0.0), v, zero);
}

function rsiGroup(src: usize, d: usize, dst: usize, n: i32, periods: usize, j: i32): void {
  const p0 = periodAt(periods, j), p1 = periodAt(periods, j + 1), p2 = periodAt(periods, j + 2), p3 = periodAt(periods, j + 3);
  const c0 = column(dst, n, j), c1 = column(dst, n, j + 1), c2 = column(dst, n, j + 2), c3 = column(dst, n, j + 3);
  const s = max4(p0, p1, p2, p3);
  rsiLead(src, d, c0, n, p0, s); const g0 = stateA, l0 = stateB;
  rsiLead(src, d, c1, n, p1, s); const g1 = stateA, l1 = stateB;
  rsiLead(src, d, c2, n, p2, s); const g2 = stateA, l2 = stateB;
  rsiLead(src, d, c3, n, p3, s); const g3 = stateA, l3 = stateB;
  if (n <= s + 1) return;
  let ga = pair(g0, g1), la = pair(l0, l1), gb = pair(g2, g3), lb = pair(l2, l3);
  const pa = pair(<f64>p0, <f64>p1), pb = pair(<f64>p2, <f64>p3);
  const qa = pair(<f64>(p0 - 1), <f64>(p1 - 1)), qb = pair(<f64>(p2 - 1), <f64>(p3 - 1));
  for (let i = s + 1; i < n; i++) {
    // Branch-free: adding the shared +0 of the side that did not move is exact (g, l are never −0), and
    // the per-bar branch the scalar kernel takes is the bar's alone, so every lane sees the same operations.
    const up = f64x2.splat(ld(d, i)), dn = f64x2.splat(ld(d + (<usize>n << 3), i));
    la = f64x2.sub(f64x2.mul(la, qa), dn); ga = f64x2.add(f64x2.mul(ga, qa), up);
    lb = f64x2.sub(f64x2.mul(lb, qb), dn); gb = f64x2.add(f64x2.mul(gb, qb), up);
    la = f64x2.div(la, pa); ga = f64x2.div(ga, pa);
    lb = f64x2.div(lb, pb); gb = f64x2.div(gb, pb);
    const oa = rsiValues(ga, la), ob = rsiValues(gb, lb);
    st(c0, i, lane0(oa)); st(c1, i, lane1(oa)); st(c2, i, lane0(ob)); st(c3, i, lane1(ob));
  }
}

/**
 * RSI for k periods at once: column j of the n×k block at `dst` equals `rsi(src, ·, n, periods[j])` bit for bit
 * (TA_RSI, default compatibility). `periods`: k f64 values, each an integer ≥ 1. `tmp`: scratch of 2·n f64 (the
 * shared gains and losses). src must not overlap dst or tmp.
 */
export function rsiMulti(src: usize, dst: usize, n: i32, periods: usize, k: i32, tmp: usize): void {
  if (n <= 0) return;
  // One pass of gains/losses for all periods: tmp[i] = the change if it is not negative (a gain, NaN included,
  // as TA_RSI's else-branch) else +0; tmp[n + i] = the change if negative (a loss, subtracted) else +0.
  const dn = tmp + (<usize>n << 3);
  st(tmp, 0, 0.0);
  st(dn, 0, 0.0);
  for (let i = 1; i < n; i++) {
    const t = ld(src, i) - ld(src, i - 1);
    st(tmp, i, t < 0 ? 0.0 : t);
    st(dn, i, t < 0 ? t : 0.0);
  }
  let j = 0;
  for (; j + 4 <= k; j += 4) {
    // Period 1 is a copy, not a Wilder recursion: such groups stay scalar.
    if (periodAt(periods, j) >= 2 && periodAt(periods, j + 1) >= 2 && periodAt(periods, j + 2) >= 2 && periodAt(periods, j + 3) >= 2) {
      rsiGroup(src, tmp, dst, n, periods, j);
    } else {
      for (let m = j; m < j + 4; m++) rsiLead(src, tmp, column(dst, n, m), n, periodAt(periods, m), n - 1);
    }
  }
  for (; j < k; j++) rsiLead(src, tmp, column(dst, n, j), n, periodAt(periods, j), n - 1);
}
