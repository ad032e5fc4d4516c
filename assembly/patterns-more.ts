// Candlestick pattern kernels, part 2: TA-Lib's patterns beyond the 17 core ones (assembly/patterns.ts has those and
// explains the conventions: integer codes as f64, NaN warm-up, TA-Lib's default candle settings and running totals).
// Re-exported by assembly/index.ts: only kernels and lookbacks.
import {
  average,
  avgPeriod,
  begin,
  bodyGapDown,
  bodyGapUp,
  candleGapDown,
  candleGapUp,
  candleRangeHL,
  cl,
  cmax,
  cmin,
  color,
  hi,
  imax,
  lo,
  lowerShadow,
  op,
  put,
  realBody,
  step,
  total,
  upperShadow,
  BODY_DOJI,
  BODY_LONG,
  BODY_SHORT,
  EQUAL,
  FAR,
  NEAR,
  SHADOW_LONG,
  SHADOW_SHORT,
  SHADOW_VERY_LONG,
  SHADOW_VERY_SHORT,
} from './candle-util';

/** Lookback of CDLDOJISTAR: 11. */
export function cdldojistarLookback(): i32 {
  return imax(avgPeriod(BODY_LONG), avgPeriod(BODY_DOJI)) + 1;
}

/** Doji Star, equal to TA_CDLDOJISTAR: long body, then a doji gapping away in its direction → −color(i−1)·100. */
export function cdldojistar(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdldojistarLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 1, i);
  let bd = total(BODY_DOJI, 0, i);
  for (; i < n; i++) {
    const c = color(i - 1);
    const hit =
      realBody(i - 1) > average(BODY_LONG, bl, i - 1) &&
      realBody(i) <= average(BODY_DOJI, bd, i) &&
      ((c == 1 && bodyGapUp(i, i - 1)) || (c == -1 && bodyGapDown(i, i - 1)));
    put(dst, i, hit ? -c * 100 : 0);
    bl = step(bl, BODY_LONG, i, 1);
    bd = step(bd, BODY_DOJI, i, 0);
  }
}

// Single-candle shapes judged against up to three settings (s0, s1, s2) of the same candle.
const LONG_LEGGED_DOJI: i32 = 0;
const RICKSHAW_MAN: i32 = 1;
const HIGH_WAVE: i32 = 2;
const LONG_LINE: i32 = 3;
const SHORT_LINE: i32 = 4;
const BELT_HOLD: i32 = 5;
const CLOSING_MARUBOZU: i32 = 6;
const TAKURI: i32 = 7;

/** The code of single-candle shape `kind` at bar i, given the three settings' averages a0, a1, a2 for it. */
function shapeCode(kind: i32, i: i32, a0: f64, a1: f64, a2: f64): i32 {
  const rb = realBody(i);
  const up = upperShadow(i);
  const dn = lowerShadow(i);
  const c = color(i);
  switch (kind) {
    case LONG_LEGGED_DOJI:
      return rb <= a0 && (dn > a1 || up > a1) ? 100 : 0;
    case RICKSHAW_MAN: {
      // Body near the midpoint of the range: low + (high − low)/2 ± Near, in TA-Lib's order.
      const mid = lo(i) + candleRangeHL(i) / 2;
      return rb <= a0 && dn > a1 && up > a1 && cmin(op(i), cl(i)) <= mid + a2 && cmax(op(i), cl(i)) >= mid - a2 ? 100 : 0;
    }
    case HIGH_WAVE:
      return rb < a0 && up > a1 && dn > a1 ? c * 100 : 0;
    case LONG_LINE:
      return rb > a0 && up < a1 && dn < a1 ? c * 100 : 0;
    case SHORT_LINE:
      return rb < a0 && up < a1 && dn < a1 ? c * 100 : 0;
    case BELT_HOLD:
      return rb > a0 && ((c == 1 && dn < a1) || (c == -1 && up < a1)) ? c * 100 : 0;
    case CLOSING_MARUBOZU:
      return rb > a0 && ((c == 1 && up < a1) || (c == -1 && dn < a1)) ? c * 100 : 0;
    default:
      return rb <= a0 && up < a1 && dn > a2 ? 100 : 0; // TAKURI
  }
}

/** Lookback of a single-candle shape: the longest averaging period among its settings. */
function shapeLookback(s0: i32, s1: i32, s2: i32): i32 {
  return imax(imax(avgPeriod(s0), avgPeriod(s1)), avgPeriod(s2));
}

/** Runs single-candle shape `kind` with one period total per setting (each updated after the bar, as in TA-Lib). */
function shape(
  open: usize,
  high: usize,
  low: usize,
  close: usize,
  dst: usize,
  n: i32,
  kind: i32,
  s0: i32,
  s1: i32,
  s2: i32,
): void {
  let i = begin(open, high, low, close, dst, n, shapeLookback(s0, s1, s2));
  if (i < 0) return;
  let t0 = total(s0, 0, i),
    t1 = total(s1, 0, i),
    t2 = total(s2, 0, i);
  for (; i < n; i++) {
    put(dst, i, shapeCode(kind, i, average(s0, t0, i), average(s1, t1, i), average(s2, t2, i)));
    t0 = step(t0, s0, i, 0);
    t1 = step(t1, s1, i, 0);
    t2 = step(t2, s2, i, 0);
  }
}

/** Lookback of CDLLONGLEGGEDDOJI: 10. */
export function cdllongleggeddojiLookback(): i32 {
  return shapeLookback(BODY_DOJI, SHADOW_LONG, SHADOW_LONG);
}
/** Long Legged Doji, equal to TA_CDLLONGLEGGEDDOJI: doji with a long upper or lower shadow → 100. */
export function cdllongleggeddoji(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  shape(open, high, low, close, dst, n, LONG_LEGGED_DOJI, BODY_DOJI, SHADOW_LONG, SHADOW_LONG);
}

/** Lookback of CDLRICKSHAWMAN: 10. */
export function cdlrickshawmanLookback(): i32 {
  return shapeLookback(BODY_DOJI, SHADOW_LONG, NEAR);
}
/** Rickshaw Man, equal to TA_CDLRICKSHAWMAN: doji with two long shadows and the body near the range's midpoint → 100. */
export function cdlrickshawman(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  shape(open, high, low, close, dst, n, RICKSHAW_MAN, BODY_DOJI, SHADOW_LONG, NEAR);
}

/** Lookback of CDLHIGHWAVE: 10. */
export function cdlhighwaveLookback(): i32 {
  return shapeLookback(BODY_SHORT, SHADOW_VERY_LONG, SHADOW_VERY_LONG);
}
/** High-Wave Candle, equal to TA_CDLHIGHWAVE: short body with very long shadows on both sides → color·100. */
export function cdlhighwave(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  shape(open, high, low, close, dst, n, HIGH_WAVE, BODY_SHORT, SHADOW_VERY_LONG, SHADOW_VERY_LONG);
}

/** Lookback of CDLLONGLINE: 10. */
export function cdllonglineLookback(): i32 {
  return shapeLookback(BODY_LONG, SHADOW_SHORT, SHADOW_SHORT);
}
/** Long Line Candle, equal to TA_CDLLONGLINE: long body with short shadows → color·100. */
export function cdllongline(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  shape(open, high, low, close, dst, n, LONG_LINE, BODY_LONG, SHADOW_SHORT, SHADOW_SHORT);
}

/** Lookback of CDLSHORTLINE: 10. */
export function cdlshortlineLookback(): i32 {
  return shapeLookback(BODY_SHORT, SHADOW_SHORT, SHADOW_SHORT);
}
/** Short Line Candle, equal to TA_CDLSHORTLINE: short body with short shadows → color·100. */
export function cdlshortline(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  shape(open, high, low, close, dst, n, SHORT_LINE, BODY_SHORT, SHADOW_SHORT, SHADOW_SHORT);
}

/** Lookback of CDLBELTHOLD: 10. */
export function cdlbeltholdLookback(): i32 {
  return shapeLookback(BODY_LONG, SHADOW_VERY_SHORT, SHADOW_VERY_SHORT);
}
/** Belt-hold, equal to TA_CDLBELTHOLD: long body opening on its extreme (very short shadow on the open side) → color·100. */
export function cdlbelthold(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  shape(open, high, low, close, dst, n, BELT_HOLD, BODY_LONG, SHADOW_VERY_SHORT, SHADOW_VERY_SHORT);
}

/** Lookback of CDLCLOSINGMARUBOZU: 10. */
export function cdlclosingmarubozuLookback(): i32 {
  return shapeLookback(BODY_LONG, SHADOW_VERY_SHORT, SHADOW_VERY_SHORT);
}
/** Closing Marubozu, equal to TA_CDLCLOSINGMARUBOZU: long body closing on its extreme → color·100. */
export function cdlclosingmarubozu(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  shape(open, high, low, close, dst, n, CLOSING_MARUBOZU, BODY_LONG, SHADOW_VERY_SHORT, SHADOW_VERY_SHORT);
}

/** Lookback of CDLTAKURI: 10. */
export function cdltakuriLookback(): i32 {
  return shapeLookback(BODY_DOJI, SHADOW_VERY_SHORT, SHADOW_VERY_LONG);
}
/** Takuri, equal to TA_CDLTAKURI: doji with a very short upper shadow and a very long lower shadow → 100. */
export function cdltakuri(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  shape(open, high, low, close, dst, n, TAKURI, BODY_DOJI, SHADOW_VERY_SHORT, SHADOW_VERY_LONG);
}

/** Lookback of CDLHOMINGPIGEON: 11. */
export function cdlhomingpigeonLookback(): i32 {
  return imax(avgPeriod(BODY_LONG), avgPeriod(BODY_SHORT)) + 1;
}

/** Homing Pigeon, equal to TA_CDLHOMINGPIGEON: long black, then a short black body inside it → 100. */
export function cdlhomingpigeon(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlhomingpigeonLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 1, i);
  let bs = total(BODY_SHORT, 0, i);
  for (; i < n; i++) {
    const hit =
      color(i - 1) == -1 &&
      color(i) == -1 &&
      realBody(i - 1) > average(BODY_LONG, bl, i - 1) &&
      realBody(i) <= average(BODY_SHORT, bs, i) &&
      op(i) < op(i - 1) &&
      cl(i) > cl(i - 1);
    put(dst, i, hit ? 100 : 0);
    bl = step(bl, BODY_LONG, i, 1);
    bs = step(bs, BODY_SHORT, i, 0);
  }
}

/** Lookback of CDLMATCHINGLOW: 6. */
export function cdlmatchinglowLookback(): i32 {
  return avgPeriod(EQUAL) + 1;
}

/** Matching Low, equal to TA_CDLMATCHINGLOW: two black candles with closes equal within Equal → 100. */
export function cdlmatchinglow(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlmatchinglowLookback());
  if (i < 0) return;
  let eq = total(EQUAL, 1, i);
  for (; i < n; i++) {
    const e = average(EQUAL, eq, i - 1);
    const hit = color(i - 1) == -1 && color(i) == -1 && cl(i) <= cl(i - 1) + e && cl(i) >= cl(i - 1) - e;
    put(dst, i, hit ? 100 : 0);
    eq = step(eq, EQUAL, i, 1);
  }
}

/** Lookback of CDLINNECK, CDLONNECK and CDLTHRUSTING: 11. */
export function cdlinneckLookback(): i32 {
  return imax(avgPeriod(EQUAL), avgPeriod(BODY_LONG)) + 1;
}

// Kinds of the "long black, then white opening below its low" family, by where the white candle closes.
const IN_NECK: i32 = 0;
const ON_NECK: i32 = 1;
const THRUSTING: i32 = 2;

/** Shared body of in-neck, on-neck and thrusting: long black, white opening below its low, closing per `kind` → −100. */
function neck(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, kind: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlinneckLookback());
  if (i < 0) return;
  let eq = total(EQUAL, 1, i);
  let bl = total(BODY_LONG, 1, i);
  for (; i < n; i++) {
    let hit = color(i - 1) == -1 && realBody(i - 1) > average(BODY_LONG, bl, i - 1) && color(i) == 1 && op(i) < lo(i - 1);
    if (hit) {
      const e = average(EQUAL, eq, i - 1);
      if (kind == IN_NECK) hit = cl(i) <= cl(i - 1) + e && cl(i) >= cl(i - 1);
      else if (kind == ON_NECK) hit = cl(i) <= lo(i - 1) + e && cl(i) >= lo(i - 1) - e;
      else hit = cl(i) > cl(i - 1) + e && cl(i) <= cl(i - 1) + realBody(i - 1) * 0.5;
    }
    put(dst, i, hit ? -100 : 0);
    eq = step(eq, EQUAL, i, 1);
    bl = step(bl, BODY_LONG, i, 1);
  }
}

/** In-Neck Pattern, equal to TA_CDLINNECK: the white candle closes at, or slightly into, the black close → −100. */
export function cdlinneck(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  neck(open, high, low, close, dst, n, IN_NECK);
}

/** Lookback of CDLONNECK: 11. */
export function cdlonneckLookback(): i32 {
  return cdlinneckLookback();
}

/** On-Neck Pattern, equal to TA_CDLONNECK: the white candle closes at the black candle's low (within Equal) → −100. */
export function cdlonneck(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  neck(open, high, low, close, dst, n, ON_NECK);
}

/** Lookback of CDLTHRUSTING: 11. */
export function cdlthrustingLookback(): i32 {
  return cdlinneckLookback();
}

/** Thrusting Pattern, equal to TA_CDLTHRUSTING: the white candle closes into the black body, under its midpoint → −100. */
export function cdlthrusting(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  neck(open, high, low, close, dst, n, THRUSTING);
}

/** Lookback of CDL3OUTSIDE: 3. */
export function cdl3outsideLookback(): i32 {
  return 3;
}

/** Three Outside Up/Down, equal to TA_CDL3OUTSIDE: an engulfing pair confirmed by a third close beyond it → color(i−1)·100. */
export function cdl3outside(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdl3outsideLookback());
  if (i < 0) return;
  for (; i < n; i++) {
    const hit =
      (color(i - 1) == 1 && color(i - 2) == -1 && cl(i - 1) > op(i - 2) && op(i - 1) < cl(i - 2) && cl(i) > cl(i - 1)) ||
      (color(i - 1) == -1 && color(i - 2) == 1 && op(i - 1) > cl(i - 2) && cl(i - 1) < op(i - 2) && cl(i) < cl(i - 1));
    put(dst, i, hit ? color(i - 1) * 100 : 0);
  }
}

/** Lookback of CDL3INSIDE: 12. */
export function cdl3insideLookback(): i32 {
  return imax(avgPeriod(BODY_LONG), avgPeriod(BODY_SHORT)) + 2;
}

/** Three Inside Up/Down, equal to TA_CDL3INSIDE: a harami confirmed by a third candle closing beyond the first open. */
export function cdl3inside(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdl3insideLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 2, i);
  let bs = total(BODY_SHORT, 1, i);
  for (; i < n; i++) {
    const c2 = color(i - 2);
    const hit =
      realBody(i - 2) > average(BODY_LONG, bl, i - 2) &&
      realBody(i - 1) <= average(BODY_SHORT, bs, i - 1) &&
      cmax(cl(i - 1), op(i - 1)) < cmax(cl(i - 2), op(i - 2)) &&
      cmin(cl(i - 1), op(i - 1)) > cmin(cl(i - 2), op(i - 2)) &&
      ((c2 == 1 && color(i) == -1 && cl(i) < op(i - 2)) || (c2 == -1 && color(i) == 1 && cl(i) > op(i - 2)));
    put(dst, i, hit ? -c2 * 100 : 0);
    bl = step(bl, BODY_LONG, i, 2);
    bs = step(bs, BODY_SHORT, i, 1);
  }
}

/** Lookback of CDL2CROWS: 12. */
export function cdl2crowsLookback(): i32 {
  return avgPeriod(BODY_LONG) + 2;
}

/**
 * Two Crows, equal to TA_CDL2CROWS: long white, a black body gapping up, then a black opening within the second body
 * and closing within the first → −100.
 */
export function cdl2crows(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdl2crowsLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 2, i);
  for (; i < n; i++) {
    const hit =
      color(i - 2) == 1 &&
      realBody(i - 2) > average(BODY_LONG, bl, i - 2) &&
      color(i - 1) == -1 &&
      bodyGapUp(i - 1, i - 2) &&
      color(i) == -1 &&
      op(i) < op(i - 1) &&
      op(i) > cl(i - 1) &&
      cl(i) > op(i - 2) &&
      cl(i) < cl(i - 2);
    put(dst, i, hit ? -100 : 0);
    bl = step(bl, BODY_LONG, i, 2);
  }
}

/** Lookback of CDLCOUNTERATTACK: 11. */
export function cdlcounterattackLookback(): i32 {
  return imax(avgPeriod(EQUAL), avgPeriod(BODY_LONG)) + 1;
}

/** Counterattack, equal to TA_CDLCOUNTERATTACK: two long opposite candles with equal closes → color(i)·100. */
export function cdlcounterattack(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlcounterattackLookback());
  if (i < 0) return;
  let eq = total(EQUAL, 1, i);
  let bl1 = total(BODY_LONG, 1, i);
  let bl0 = total(BODY_LONG, 0, i);
  for (; i < n; i++) {
    const e = average(EQUAL, eq, i - 1);
    const hit =
      color(i - 1) == -color(i) &&
      realBody(i - 1) > average(BODY_LONG, bl1, i - 1) &&
      realBody(i) > average(BODY_LONG, bl0, i) &&
      cl(i) <= cl(i - 1) + e &&
      cl(i) >= cl(i - 1) - e;
    put(dst, i, hit ? color(i) * 100 : 0);
    eq = step(eq, EQUAL, i, 1);
    bl1 = step(bl1, BODY_LONG, i, 1);
    bl0 = step(bl0, BODY_LONG, i, 0);
  }
}

/** Lookback of CDLKICKING and CDLKICKINGBYLENGTH: 11. */
export function cdlkickingLookback(): i32 {
  return imax(avgPeriod(SHADOW_VERY_SHORT), avgPeriod(BODY_LONG)) + 1;
}

/** Shared body of the kicking patterns: two opposite marubozu with a candle gap; `byLength` picks the longer's colour. */
function kicking(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, byLength: bool): void {
  let i = begin(open, high, low, close, dst, n, cdlkickingLookback());
  if (i < 0) return;
  let svs1 = total(SHADOW_VERY_SHORT, 1, i),
    svs0 = total(SHADOW_VERY_SHORT, 0, i);
  let bl1 = total(BODY_LONG, 1, i),
    bl0 = total(BODY_LONG, 0, i);
  for (; i < n; i++) {
    const a1 = average(SHADOW_VERY_SHORT, svs1, i - 1);
    const a0 = average(SHADOW_VERY_SHORT, svs0, i);
    const p = color(i - 1);
    const hit =
      p == -color(i) &&
      realBody(i - 1) > average(BODY_LONG, bl1, i - 1) &&
      upperShadow(i - 1) < a1 &&
      lowerShadow(i - 1) < a1 &&
      realBody(i) > average(BODY_LONG, bl0, i) &&
      upperShadow(i) < a0 &&
      lowerShadow(i) < a0 &&
      ((p == -1 && candleGapUp(i, i - 1)) || (p == 1 && candleGapDown(i, i - 1)));
    const c = byLength ? color(realBody(i) > realBody(i - 1) ? i : i - 1) : color(i);
    put(dst, i, hit ? c * 100 : 0);
    bl1 = step(bl1, BODY_LONG, i, 1);
    svs1 = step(svs1, SHADOW_VERY_SHORT, i, 1);
    bl0 = step(bl0, BODY_LONG, i, 0);
    svs0 = step(svs0, SHADOW_VERY_SHORT, i, 0);
  }
}

/** Kicking, equal to TA_CDLKICKING: opposite marubozu separated by a gap → color(i)·100. */
export function cdlkicking(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  kicking(open, high, low, close, dst, n, false);
}

/** Lookback of CDLKICKINGBYLENGTH: 11. */
export function cdlkickingbylengthLookback(): i32 {
  return cdlkickingLookback();
}

/** Kicking by length, equal to TA_CDLKICKINGBYLENGTH: as CDLKICKING, signed by the longer marubozu's colour. */
export function cdlkickingbylength(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  kicking(open, high, low, close, dst, n, true);
}

/** Lookback of CDLSEPARATINGLINES: 11. */
export function cdlseparatinglinesLookback(): i32 {
  return imax(imax(avgPeriod(SHADOW_VERY_SHORT), avgPeriod(BODY_LONG)), avgPeriod(EQUAL)) + 1;
}

/** Separating Lines, equal to TA_CDLSEPARATINGLINES: opposite candles with equal opens, the second a belt hold → color·100. */
export function cdlseparatinglines(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlseparatinglinesLookback());
  if (i < 0) return;
  let svs = total(SHADOW_VERY_SHORT, 0, i),
    bl = total(BODY_LONG, 0, i),
    eq = total(EQUAL, 1, i);
  for (; i < n; i++) {
    const e = average(EQUAL, eq, i - 1);
    const a = average(SHADOW_VERY_SHORT, svs, i);
    const c = color(i);
    const hit =
      color(i - 1) == -c &&
      op(i) <= op(i - 1) + e &&
      op(i) >= op(i - 1) - e &&
      realBody(i) > average(BODY_LONG, bl, i) &&
      ((c == 1 && lowerShadow(i) < a) || (c == -1 && upperShadow(i) < a));
    put(dst, i, hit ? c * 100 : 0);
    svs = step(svs, SHADOW_VERY_SHORT, i, 0);
    bl = step(bl, BODY_LONG, i, 0);
    eq = step(eq, EQUAL, i, 1);
  }
}

/** Lookback of CDLGAPSIDESIDEWHITE: 7. */
export function cdlgapsidesidewhiteLookback(): i32 {
  return imax(avgPeriod(NEAR), avgPeriod(EQUAL)) + 2;
}

/**
 * Up/Down-gap side-by-side white lines, equal to TA_CDLGAPSIDESIDEWHITE: two similar white candles with equal opens,
 * both gapping away from the candle before → 100 (gap up) or −100 (gap down).
 */
export function cdlgapsidesidewhite(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlgapsidesidewhiteLookback());
  if (i < 0) return;
  let near = total(NEAR, 1, i),
    eq = total(EQUAL, 1, i);
  for (; i < n; i++) {
    const a = average(NEAR, near, i - 1);
    const e = average(EQUAL, eq, i - 1);
    const up = bodyGapUp(i - 1, i - 2);
    const hit =
      ((up && bodyGapUp(i, i - 2)) || (bodyGapDown(i - 1, i - 2) && bodyGapDown(i, i - 2))) &&
      color(i - 1) == 1 &&
      color(i) == 1 &&
      realBody(i) >= realBody(i - 1) - a &&
      realBody(i) <= realBody(i - 1) + a &&
      op(i) >= op(i - 1) - e &&
      op(i) <= op(i - 1) + e;
    put(dst, i, hit ? (up ? 100 : -100) : 0);
    near = step(near, NEAR, i, 1);
    eq = step(eq, EQUAL, i, 1);
  }
}

/** Lookback of CDLTASUKIGAP: 7. */
export function cdltasukigapLookback(): i32 {
  return avgPeriod(NEAR) + 2;
}

/** Tasuki Gap, equal to TA_CDLTASUKIGAP: a gap, then two near-equal opposite bodies, the second inside the gap → color(i−1)·100. */
export function cdltasukigap(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdltasukigapLookback());
  if (i < 0) return;
  let near = total(NEAR, 1, i);
  for (; i < n; i++) {
    const a = average(NEAR, near, i - 1);
    const same = Math.abs(realBody(i - 1) - realBody(i)) < a;
    const hit =
      (bodyGapUp(i - 1, i - 2) &&
        color(i - 1) == 1 &&
        color(i) == -1 &&
        op(i) < cl(i - 1) &&
        op(i) > op(i - 1) &&
        cl(i) < op(i - 1) &&
        cl(i) > cmax(cl(i - 2), op(i - 2)) &&
        same) ||
      (bodyGapDown(i - 1, i - 2) &&
        color(i - 1) == -1 &&
        color(i) == 1 &&
        op(i) < op(i - 1) &&
        op(i) > cl(i - 1) &&
        cl(i) > op(i - 1) &&
        cl(i) < cmin(cl(i - 2), op(i - 2)) &&
        same);
    put(dst, i, hit ? color(i - 1) * 100 : 0);
    near = step(near, NEAR, i, 1);
  }
}

/** Lookback of CDLSTICKSANDWICH: 7. */
export function cdlsticksandwichLookback(): i32 {
  return avgPeriod(EQUAL) + 2;
}

/** Stick Sandwich, equal to TA_CDLSTICKSANDWICH: black, white above its close, black closing equal to the first → 100. */
export function cdlsticksandwich(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlsticksandwichLookback());
  if (i < 0) return;
  let eq = total(EQUAL, 2, i);
  for (; i < n; i++) {
    const e = average(EQUAL, eq, i - 2);
    const hit =
      color(i - 2) == -1 &&
      color(i - 1) == 1 &&
      color(i) == -1 &&
      lo(i - 1) > cl(i - 2) &&
      cl(i) <= cl(i - 2) + e &&
      cl(i) >= cl(i - 2) - e;
    put(dst, i, hit ? 100 : 0);
    eq = step(eq, EQUAL, i, 2);
  }
}

/** Lookback of CDLIDENTICAL3CROWS: 12. */
export function cdlidentical3crowsLookback(): i32 {
  return imax(avgPeriod(SHADOW_VERY_SHORT), avgPeriod(EQUAL)) + 2;
}

/**
 * Identical Three Crows, equal to TA_CDLIDENTICAL3CROWS: three declining black candles with very short lower shadows,
 * each opening at (within Equal of) the previous close → −100.
 */
export function cdlidentical3crows(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlidentical3crowsLookback());
  if (i < 0) return;
  let svs2 = total(SHADOW_VERY_SHORT, 2, i),
    svs1 = total(SHADOW_VERY_SHORT, 1, i),
    svs0 = total(SHADOW_VERY_SHORT, 0, i);
  let eq2 = total(EQUAL, 2, i),
    eq1 = total(EQUAL, 1, i);
  for (; i < n; i++) {
    const e2 = average(EQUAL, eq2, i - 2);
    const e1 = average(EQUAL, eq1, i - 1);
    const hit =
      color(i - 2) == -1 &&
      lowerShadow(i - 2) < average(SHADOW_VERY_SHORT, svs2, i - 2) &&
      color(i - 1) == -1 &&
      lowerShadow(i - 1) < average(SHADOW_VERY_SHORT, svs1, i - 1) &&
      color(i) == -1 &&
      lowerShadow(i) < average(SHADOW_VERY_SHORT, svs0, i) &&
      cl(i - 2) > cl(i - 1) &&
      cl(i - 1) > cl(i) &&
      op(i - 1) <= cl(i - 2) + e2 &&
      op(i - 1) >= cl(i - 2) - e2 &&
      op(i) <= cl(i - 1) + e1 &&
      op(i) >= cl(i - 1) - e1;
    put(dst, i, hit ? -100 : 0);
    svs2 = step(svs2, SHADOW_VERY_SHORT, i, 2);
    svs1 = step(svs1, SHADOW_VERY_SHORT, i, 1);
    svs0 = step(svs0, SHADOW_VERY_SHORT, i, 0);
    eq2 = step(eq2, EQUAL, i, 2);
    eq1 = step(eq1, EQUAL, i, 1);
  }
}

/** Lookback of CDLUPSIDEGAP2CROWS: 12. */
export function cdlupsidegap2crowsLookback(): i32 {
  return imax(avgPeriod(BODY_LONG), avgPeriod(BODY_SHORT)) + 2;
}

/**
 * Upside Gap Two Crows, equal to TA_CDLUPSIDEGAP2CROWS: long white, a short black gapping up, then a black engulfing it
 * and closing above the first close → −100.
 */
export function cdlupsidegap2crows(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlupsidegap2crowsLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 2, i),
    bs = total(BODY_SHORT, 1, i);
  for (; i < n; i++) {
    const hit =
      color(i - 2) == 1 &&
      realBody(i - 2) > average(BODY_LONG, bl, i - 2) &&
      color(i - 1) == -1 &&
      realBody(i - 1) <= average(BODY_SHORT, bs, i - 1) &&
      bodyGapUp(i - 1, i - 2) &&
      color(i) == -1 &&
      op(i) > op(i - 1) &&
      cl(i) < cl(i - 1) &&
      cl(i) > cl(i - 2);
    put(dst, i, hit ? -100 : 0);
    bl = step(bl, BODY_LONG, i, 2);
    bs = step(bs, BODY_SHORT, i, 1);
  }
}

/** Lookback of CDLXSIDEGAP3METHODS: 2. */
export function cdlxsidegap3methodsLookback(): i32 {
  return 2;
}

/**
 * Upside/Downside Gap Three Methods, equal to TA_CDLXSIDEGAP3METHODS: two same-colour candles with a body gap, then an
 * opposite candle opening in the second body and closing in the first → color(i−2)·100.
 */
export function cdlxsidegap3methods(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlxsidegap3methodsLookback());
  if (i < 0) return;
  for (; i < n; i++) {
    const c2 = color(i - 2);
    const hit =
      c2 == color(i - 1) &&
      color(i - 1) == -color(i) &&
      op(i) < cmax(cl(i - 1), op(i - 1)) &&
      op(i) > cmin(cl(i - 1), op(i - 1)) &&
      cl(i) < cmax(cl(i - 2), op(i - 2)) &&
      cl(i) > cmin(cl(i - 2), op(i - 2)) &&
      ((c2 == 1 && bodyGapUp(i - 1, i - 2)) || (c2 == -1 && bodyGapDown(i - 1, i - 2)));
    put(dst, i, hit ? c2 * 100 : 0);
  }
}

/** Lookback of CDL3LINESTRIKE: 8. */
export function cdl3linestrikeLookback(): i32 {
  return avgPeriod(NEAR) + 3;
}

/**
 * Three-Line Strike, equal to TA_CDL3LINESTRIKE: three same-colour candles stepping on (each opening near the previous
 * body), then an opposite candle opening beyond the third close and closing beyond the first open → color(i−1)·100.
 */
export function cdl3linestrike(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdl3linestrikeLookback());
  if (i < 0) return;
  let near3 = total(NEAR, 3, i),
    near2 = total(NEAR, 2, i);
  for (; i < n; i++) {
    const c = color(i - 1);
    const a3 = average(NEAR, near3, i - 3);
    const a2 = average(NEAR, near2, i - 2);
    const hit =
      color(i - 3) == color(i - 2) &&
      color(i - 2) == c &&
      color(i) == -c &&
      op(i - 2) >= cmin(op(i - 3), cl(i - 3)) - a3 &&
      op(i - 2) <= cmax(op(i - 3), cl(i - 3)) + a3 &&
      op(i - 1) >= cmin(op(i - 2), cl(i - 2)) - a2 &&
      op(i - 1) <= cmax(op(i - 2), cl(i - 2)) + a2 &&
      ((c == 1 && cl(i - 1) > cl(i - 2) && cl(i - 2) > cl(i - 3) && op(i) > cl(i - 1) && cl(i) < op(i - 3)) ||
        (c == -1 && cl(i - 1) < cl(i - 2) && cl(i - 2) < cl(i - 3) && op(i) < cl(i - 1) && cl(i) > op(i - 3)));
    put(dst, i, hit ? c * 100 : 0);
    near3 = step(near3, NEAR, i, 3);
    near2 = step(near2, NEAR, i, 2);
  }
}

/** Lookback of CDLABANDONEDBABY: 12 (the penetration does not change it). */
export function cdlabandonedbabyLookback(): i32 {
  return imax(imax(avgPeriod(BODY_LONG), avgPeriod(BODY_DOJI)), avgPeriod(BODY_SHORT)) + 2;
}

/**
 * Abandoned Baby, equal to TA_CDLABANDONEDBABY: long candle, a doji with candle gaps on both sides, then an opposite
 * candle closing beyond first close ∓ body·penetration → color(i)·100.
 */
export function cdlabandonedbaby(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, penetration: f64): void {
  let i = begin(open, high, low, close, dst, n, cdlabandonedbabyLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 2, i),
    bd = total(BODY_DOJI, 1, i),
    bs = total(BODY_SHORT, 0, i);
  for (; i < n; i++) {
    const hit =
      realBody(i - 2) > average(BODY_LONG, bl, i - 2) &&
      realBody(i - 1) <= average(BODY_DOJI, bd, i - 1) &&
      realBody(i) > average(BODY_SHORT, bs, i) &&
      ((color(i - 2) == 1 &&
        color(i) == -1 &&
        cl(i) < cl(i - 2) - realBody(i - 2) * penetration &&
        candleGapUp(i - 1, i - 2) &&
        candleGapDown(i, i - 1)) ||
        (color(i - 2) == -1 &&
          color(i) == 1 &&
          cl(i) > cl(i - 2) + realBody(i - 2) * penetration &&
          candleGapDown(i - 1, i - 2) &&
          candleGapUp(i, i - 1)));
    put(dst, i, hit ? color(i) * 100 : 0);
    bl = step(bl, BODY_LONG, i, 2);
    bd = step(bd, BODY_DOJI, i, 1);
    bs = step(bs, BODY_SHORT, i, 0);
  }
}

/** Lookback of CDLTRISTAR: 12. */
export function cdltristarLookback(): i32 {
  return avgPeriod(BODY_DOJI) + 2;
}

/**
 * Tristar Pattern, equal to TA_CDLTRISTAR: three dojis (all judged against the first one's average), the middle one
 * gapping → −100 (gap up, third not higher) or 100 (gap down, third not lower).
 */
export function cdltristar(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdltristarLookback());
  if (i < 0) return;
  let bd = total(BODY_DOJI, 2, i);
  for (; i < n; i++) {
    const a = average(BODY_DOJI, bd, i - 2);
    let v = 0;
    if (realBody(i - 2) <= a && realBody(i - 1) <= a && realBody(i) <= a) {
      if (bodyGapUp(i - 1, i - 2) && cmax(op(i), cl(i)) < cmax(op(i - 1), cl(i - 1))) v = -100;
      if (bodyGapDown(i - 1, i - 2) && cmin(op(i), cl(i)) > cmin(op(i - 1), cl(i - 1))) v = 100;
    }
    put(dst, i, v);
    bd = step(bd, BODY_DOJI, i, 2);
  }
}

/** Lookback of CDLUNIQUE3RIVER: 12. */
export function cdlunique3riverLookback(): i32 {
  return imax(avgPeriod(BODY_LONG), avgPeriod(BODY_SHORT)) + 2;
}

/**
 * Unique 3 River, equal to TA_CDLUNIQUE3RIVER: long black, a black harami with a lower low, then a short white opening
 * above that low → 100.
 */
export function cdlunique3river(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlunique3riverLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 2, i),
    bs = total(BODY_SHORT, 0, i);
  for (; i < n; i++) {
    const hit =
      realBody(i - 2) > average(BODY_LONG, bl, i - 2) &&
      color(i - 2) == -1 &&
      color(i - 1) == -1 &&
      cl(i - 1) > cl(i - 2) &&
      op(i - 1) <= op(i - 2) &&
      lo(i - 1) < lo(i - 2) &&
      realBody(i) < average(BODY_SHORT, bs, i) &&
      color(i) == 1 &&
      op(i) > lo(i - 1);
    put(dst, i, hit ? 100 : 0);
    bl = step(bl, BODY_LONG, i, 2);
    bs = step(bs, BODY_SHORT, i, 0);
  }
}

/** Lookback of CDLLADDERBOTTOM: 14. */
export function cdlladderbottomLookback(): i32 {
  return avgPeriod(SHADOW_VERY_SHORT) + 4;
}

/**
 * Ladder Bottom, equal to TA_CDLLADDERBOTTOM: three black candles with lower opens and closes, a black one with an upper
 * shadow, then a white opening above its open and closing above its high → 100.
 */
export function cdlladderbottom(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlladderbottomLookback());
  if (i < 0) return;
  let svs = total(SHADOW_VERY_SHORT, 1, i);
  for (; i < n; i++) {
    const hit =
      color(i - 4) == -1 &&
      color(i - 3) == -1 &&
      color(i - 2) == -1 &&
      op(i - 4) > op(i - 3) &&
      op(i - 3) > op(i - 2) &&
      cl(i - 4) > cl(i - 3) &&
      cl(i - 3) > cl(i - 2) &&
      color(i - 1) == -1 &&
      upperShadow(i - 1) > average(SHADOW_VERY_SHORT, svs, i - 1) &&
      color(i) == 1 &&
      op(i) > op(i - 1) &&
      cl(i) > hi(i - 1);
    put(dst, i, hit ? 100 : 0);
    svs = step(svs, SHADOW_VERY_SHORT, i, 1);
  }
}

/** Lookback of CDLCONCEALBABYSWALL: 13. */
export function cdlconcealbabyswallLookback(): i32 {
  return avgPeriod(SHADOW_VERY_SHORT) + 3;
}

/**
 * Concealing Baby Swallow, equal to TA_CDLCONCEALBABYSWALL: two black marubozu, a black gapping down with an upper
 * shadow into the prior body, then a black engulfing it shadows included → 100.
 */
export function cdlconcealbabyswall(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlconcealbabyswallLookback());
  if (i < 0) return;
  let s3 = total(SHADOW_VERY_SHORT, 3, i),
    s2 = total(SHADOW_VERY_SHORT, 2, i),
    s1 = total(SHADOW_VERY_SHORT, 1, i);
  for (; i < n; i++) {
    const a3 = average(SHADOW_VERY_SHORT, s3, i - 3);
    const a2 = average(SHADOW_VERY_SHORT, s2, i - 2);
    const hit =
      color(i - 3) == -1 &&
      color(i - 2) == -1 &&
      color(i - 1) == -1 &&
      color(i) == -1 &&
      lowerShadow(i - 3) < a3 &&
      upperShadow(i - 3) < a3 &&
      lowerShadow(i - 2) < a2 &&
      upperShadow(i - 2) < a2 &&
      bodyGapDown(i - 1, i - 2) &&
      upperShadow(i - 1) > average(SHADOW_VERY_SHORT, s1, i - 1) &&
      hi(i - 1) > cl(i - 2) &&
      hi(i) > hi(i - 1) &&
      lo(i) < lo(i - 1);
    put(dst, i, hit ? 100 : 0);
    s3 = step(s3, SHADOW_VERY_SHORT, i, 3);
    s2 = step(s2, SHADOW_VERY_SHORT, i, 2);
    s1 = step(s1, SHADOW_VERY_SHORT, i, 1);
  }
}

/** Lookback of CDLBREAKAWAY: 14. */
export function cdlbreakawayLookback(): i32 {
  return avgPeriod(BODY_LONG) + 4;
}

/**
 * Breakaway, equal to TA_CDLBREAKAWAY: a long candle, a gap in its direction, two more candles trending on, then an
 * opposite candle closing inside the gap → color(i)·100.
 */
export function cdlbreakaway(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlbreakawayLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 4, i);
  for (; i < n; i++) {
    const c4 = color(i - 4);
    const hit =
      realBody(i - 4) > average(BODY_LONG, bl, i - 4) &&
      c4 == color(i - 3) &&
      color(i - 3) == color(i - 1) &&
      color(i - 1) == -color(i) &&
      ((c4 == -1 &&
        bodyGapDown(i - 3, i - 4) &&
        hi(i - 2) < hi(i - 3) &&
        lo(i - 2) < lo(i - 3) &&
        hi(i - 1) < hi(i - 2) &&
        lo(i - 1) < lo(i - 2) &&
        cl(i) > op(i - 3) &&
        cl(i) < cl(i - 4)) ||
        (c4 == 1 &&
          bodyGapUp(i - 3, i - 4) &&
          hi(i - 2) > hi(i - 3) &&
          lo(i - 2) > lo(i - 3) &&
          hi(i - 1) > hi(i - 2) &&
          lo(i - 1) > lo(i - 2) &&
          cl(i) < op(i - 3) &&
          cl(i) > cl(i - 4)));
    put(dst, i, hit ? color(i) * 100 : 0);
    bl = step(bl, BODY_LONG, i, 4);
  }
}

/** Lookback of CDLHIKKAKE: 5. */
export function cdlhikkakeLookback(): i32 {
  return 5;
}

/**
 * Shared state machine of TA_CDLHIKKAKE (modified = false) and TA_CDLHIKKAKEMOD: an inside bar, then a false breakout
 * → ±100; a close beyond the inside bar within 3 bars confirms it → ±200. The state is warmed up from 3 bars before
 * the first output, as TA-Lib does; the modified version also needs three nested bars and the second closing near its
 * low (bull) or high (bear), judged with the Near average of that bar.
 */
function hikkake(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, modified: bool): void {
  const start = begin(open, high, low, close, dst, n, modified ? cdlhikkakemodLookback() : cdlhikkakeLookback());
  if (start < 0) return;
  let near = modified ? total(NEAR, 2, start - 3) : 0.0;
  let patternIdx = 0;
  let patternResult = 0;
  for (let i = start - 3; i < n; i++) {
    let setup = hi(i - 1) < hi(i - 2) && lo(i - 1) > lo(i - 2);
    const bull = hi(i) < hi(i - 1) && lo(i) < lo(i - 1);
    const bear = hi(i) > hi(i - 1) && lo(i) > lo(i - 1);
    if (modified) {
      const a = average(NEAR, near, i - 2);
      setup =
        hi(i - 2) < hi(i - 3) &&
        lo(i - 2) > lo(i - 3) &&
        setup &&
        ((bull && cl(i - 2) <= lo(i - 2) + a) || (bear && cl(i - 2) >= hi(i - 2) - a));
    } else {
      setup = setup && (bull || bear);
    }
    let v = 0;
    if (setup) {
      patternResult = 100 * (hi(i) < hi(i - 1) ? 1 : -1);
      patternIdx = i;
      v = patternResult;
    } else if (
      i <= patternIdx + 3 &&
      ((patternResult > 0 && cl(i) > hi(patternIdx - 1)) || (patternResult < 0 && cl(i) < lo(patternIdx - 1)))
    ) {
      v = patternResult + 100 * (patternResult > 0 ? 1 : -1);
      patternIdx = 0;
    }
    if (i >= start) put(dst, i, v);
    if (modified) near = step(near, NEAR, i, 2);
  }
}

/** Hikkake Pattern, equal to TA_CDLHIKKAKE: ±100 on the false breakout of an inside bar, ±200 on its confirmation. */
export function cdlhikkake(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  hikkake(open, high, low, close, dst, n, false);
}

/** Lookback of CDLHIKKAKEMOD: 10 (max(1, Near period) + 5). */
export function cdlhikkakemodLookback(): i32 {
  return imax(1, avgPeriod(NEAR)) + 5;
}

/** Modified Hikkake Pattern, equal to TA_CDLHIKKAKEMOD: ±100 on the setup, ±200 on its confirmation. */
export function cdlhikkakemod(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  hikkake(open, high, low, close, dst, n, true);
}

/** Lookback of CDLSTALLEDPATTERN: 12. */
export function cdlstalledpatternLookback(): i32 {
  return imax(imax(avgPeriod(BODY_LONG), avgPeriod(BODY_SHORT)), imax(avgPeriod(SHADOW_VERY_SHORT), avgPeriod(NEAR))) + 2;
}

/**
 * Stalled Pattern, equal to TA_CDLSTALLEDPATTERN: two long white candles with higher closes, then a small white body
 * riding on the second's shoulder → −100.
 */
export function cdlstalledpattern(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlstalledpatternLookback());
  if (i < 0) return;
  let bl2 = total(BODY_LONG, 2, i),
    bl1 = total(BODY_LONG, 1, i),
    bs = total(BODY_SHORT, 0, i);
  let svs = total(SHADOW_VERY_SHORT, 1, i),
    near2 = total(NEAR, 2, i),
    near1 = total(NEAR, 1, i);
  for (; i < n; i++) {
    const hit =
      color(i - 2) == 1 &&
      color(i - 1) == 1 &&
      color(i) == 1 &&
      cl(i) > cl(i - 1) &&
      cl(i - 1) > cl(i - 2) &&
      realBody(i - 2) > average(BODY_LONG, bl2, i - 2) &&
      realBody(i - 1) > average(BODY_LONG, bl1, i - 1) &&
      upperShadow(i - 1) < average(SHADOW_VERY_SHORT, svs, i - 1) &&
      op(i - 1) > op(i - 2) &&
      op(i - 1) <= cl(i - 2) + average(NEAR, near2, i - 2) &&
      realBody(i) < average(BODY_SHORT, bs, i) &&
      op(i) >= cl(i - 1) - realBody(i) - average(NEAR, near1, i - 1);
    put(dst, i, hit ? -100 : 0);
    bl2 = step(bl2, BODY_LONG, i, 2);
    near2 = step(near2, NEAR, i, 2);
    bl1 = step(bl1, BODY_LONG, i, 1);
    near1 = step(near1, NEAR, i, 1);
    bs = step(bs, BODY_SHORT, i, 0);
    svs = step(svs, SHADOW_VERY_SHORT, i, 1);
  }
}

/** Lookback of CDLADVANCEBLOCK: 12. */
export function cdladvanceblockLookback(): i32 {
  return (
    imax(
      imax(imax(avgPeriod(SHADOW_LONG), avgPeriod(SHADOW_SHORT)), imax(avgPeriod(FAR), avgPeriod(NEAR))),
      avgPeriod(BODY_LONG),
    ) + 2
  );
}

/**
 * Advance Block, equal to TA_CDLADVANCEBLOCK: three white candles stepping up whose advance weakens (shrinking bodies,
 * growing upper shadows, per TA-Lib's four alternatives) → −100.
 */
export function cdladvanceblock(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdladvanceblockLookback());
  if (i < 0) return;
  let ss2 = total(SHADOW_SHORT, 2, i),
    ss1 = total(SHADOW_SHORT, 1, i),
    ss0 = total(SHADOW_SHORT, 0, i);
  let sl1 = total(SHADOW_LONG, 1, i),
    sl0 = total(SHADOW_LONG, 0, i);
  let near2 = total(NEAR, 2, i),
    near1 = total(NEAR, 1, i),
    far2 = total(FAR, 2, i),
    far1 = total(FAR, 1, i);
  let bl = total(BODY_LONG, 2, i);
  for (; i < n; i++) {
    const rb2 = realBody(i - 2),
      rb1 = realBody(i - 1),
      rb0 = realBody(i);
    const hit =
      color(i - 2) == 1 &&
      color(i - 1) == 1 &&
      color(i) == 1 &&
      cl(i) > cl(i - 1) &&
      cl(i - 1) > cl(i - 2) &&
      op(i - 1) > op(i - 2) &&
      op(i - 1) <= cl(i - 2) + average(NEAR, near2, i - 2) &&
      op(i) > op(i - 1) &&
      op(i) <= cl(i - 1) + average(NEAR, near1, i - 1) &&
      rb2 > average(BODY_LONG, bl, i - 2) &&
      upperShadow(i - 2) < average(SHADOW_SHORT, ss2, i - 2) &&
      ((rb1 < rb2 - average(FAR, far2, i - 2) && rb0 < rb1 + average(NEAR, near1, i - 1)) ||
        rb0 < rb1 - average(FAR, far1, i - 1) ||
        (rb0 < rb1 &&
          rb1 < rb2 &&
          (upperShadow(i) > average(SHADOW_SHORT, ss0, i) || upperShadow(i - 1) > average(SHADOW_SHORT, ss1, i - 1))) ||
        (rb0 < rb1 && upperShadow(i) > average(SHADOW_LONG, sl0, i)));
    put(dst, i, hit ? -100 : 0);
    ss2 = step(ss2, SHADOW_SHORT, i, 2);
    ss1 = step(ss1, SHADOW_SHORT, i, 1);
    ss0 = step(ss0, SHADOW_SHORT, i, 0);
    sl1 = step(sl1, SHADOW_LONG, i, 1);
    sl0 = step(sl0, SHADOW_LONG, i, 0);
    far2 = step(far2, FAR, i, 2);
    near2 = step(near2, NEAR, i, 2);
    far1 = step(far1, FAR, i, 1);
    near1 = step(near1, NEAR, i, 1);
    bl = step(bl, BODY_LONG, i, 2);
  }
}

/** Lookback of CDL3STARSINSOUTH: 12. */
export function cdl3starsinsouthLookback(): i32 {
  return imax(imax(avgPeriod(SHADOW_VERY_SHORT), avgPeriod(SHADOW_LONG)), imax(avgPeriod(BODY_LONG), avgPeriod(BODY_SHORT))) + 2;
}

/**
 * Three Stars In The South, equal to TA_CDL3STARSINSOUTH: a long black with a long lower shadow, a smaller black
 * trading lower but holding its low, then a small black marubozu inside the second's range → 100.
 */
export function cdl3starsinsouth(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdl3starsinsouthLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 2, i),
    sl = total(SHADOW_LONG, 2, i);
  let svs1 = total(SHADOW_VERY_SHORT, 1, i),
    svs0 = total(SHADOW_VERY_SHORT, 0, i),
    bs = total(BODY_SHORT, 0, i);
  for (; i < n; i++) {
    const a0 = average(SHADOW_VERY_SHORT, svs0, i);
    const hit =
      color(i - 2) == -1 &&
      color(i - 1) == -1 &&
      color(i) == -1 &&
      realBody(i - 2) > average(BODY_LONG, bl, i - 2) &&
      lowerShadow(i - 2) > average(SHADOW_LONG, sl, i - 2) &&
      realBody(i - 1) < realBody(i - 2) &&
      op(i - 1) > cl(i - 2) &&
      op(i - 1) <= hi(i - 2) &&
      lo(i - 1) < cl(i - 2) &&
      lo(i - 1) >= lo(i - 2) &&
      lowerShadow(i - 1) > average(SHADOW_VERY_SHORT, svs1, i - 1) &&
      realBody(i) < average(BODY_SHORT, bs, i) &&
      lowerShadow(i) < a0 &&
      upperShadow(i) < a0 &&
      lo(i) > lo(i - 1) &&
      hi(i) < hi(i - 1);
    put(dst, i, hit ? 100 : 0);
    bl = step(bl, BODY_LONG, i, 2);
    sl = step(sl, SHADOW_LONG, i, 2);
    svs1 = step(svs1, SHADOW_VERY_SHORT, i, 1);
    svs0 = step(svs0, SHADOW_VERY_SHORT, i, 0);
    bs = step(bs, BODY_SHORT, i, 0);
  }
}

/** Lookback of CDLMATHOLD: 14 (the penetration does not change it). */
export function cdlmatholdLookback(): i32 {
  return imax(avgPeriod(BODY_SHORT), avgPeriod(BODY_LONG)) + 4;
}

/**
 * Mat Hold, equal to TA_CDLMATHOLD: long white, a small black gapping up, two more small falling candles holding inside
 * the first body (penetrating less than `penetration` of it), then a white closing above their highs → 100.
 */
export function cdlmathold(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, penetration: f64): void {
  let i = begin(open, high, low, close, dst, n, cdlmatholdLookback());
  if (i < 0) return;
  let b3 = total(BODY_SHORT, 3, i),
    b2 = total(BODY_SHORT, 2, i),
    b1 = total(BODY_SHORT, 1, i),
    b4 = total(BODY_LONG, 4, i);
  for (; i < n; i++) {
    const floor = cl(i - 4) - realBody(i - 4) * penetration;
    const hit =
      realBody(i - 4) > average(BODY_LONG, b4, i - 4) &&
      realBody(i - 3) < average(BODY_SHORT, b3, i - 3) &&
      realBody(i - 2) < average(BODY_SHORT, b2, i - 2) &&
      realBody(i - 1) < average(BODY_SHORT, b1, i - 1) &&
      color(i - 4) == 1 &&
      color(i - 3) == -1 &&
      color(i) == 1 &&
      bodyGapUp(i - 3, i - 4) &&
      cmin(op(i - 2), cl(i - 2)) < cl(i - 4) &&
      cmin(op(i - 1), cl(i - 1)) < cl(i - 4) &&
      cmin(op(i - 2), cl(i - 2)) > floor &&
      cmin(op(i - 1), cl(i - 1)) > floor &&
      cmax(cl(i - 2), op(i - 2)) < op(i - 3) &&
      cmax(cl(i - 1), op(i - 1)) < cmax(cl(i - 2), op(i - 2)) &&
      op(i) > cl(i - 1) &&
      cl(i) > cmax(cmax(hi(i - 3), hi(i - 2)), hi(i - 1));
    put(dst, i, hit ? 100 : 0);
    b4 = step(b4, BODY_LONG, i, 4);
    b3 = step(b3, BODY_SHORT, i, 3);
    b2 = step(b2, BODY_SHORT, i, 2);
    b1 = step(b1, BODY_SHORT, i, 1);
  }
}

/** Lookback of CDLRISEFALL3METHODS: 14. */
export function cdlrisefall3methodsLookback(): i32 {
  return imax(avgPeriod(BODY_SHORT), avgPeriod(BODY_LONG)) + 4;
}

/**
 * Rising/Falling Three Methods, equal to TA_CDLRISEFALL3METHODS: a long candle, three small opposite candles drifting
 * against it inside its range, then a long candle of the first colour closing beyond the first close → color(i−4)·100.
 */
export function cdlrisefall3methods(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlrisefall3methodsLookback());
  if (i < 0) return;
  let b3 = total(BODY_SHORT, 3, i),
    b2 = total(BODY_SHORT, 2, i),
    b1 = total(BODY_SHORT, 1, i);
  let b4 = total(BODY_LONG, 4, i),
    b0 = total(BODY_LONG, 0, i);
  for (; i < n; i++) {
    const c = <f64>color(i - 4);
    let hit =
      realBody(i - 4) > average(BODY_LONG, b4, i - 4) &&
      realBody(i - 3) < average(BODY_SHORT, b3, i - 3) &&
      realBody(i - 2) < average(BODY_SHORT, b2, i - 2) &&
      realBody(i - 1) < average(BODY_SHORT, b1, i - 1) &&
      realBody(i) > average(BODY_LONG, b0, i) &&
      color(i - 4) == -color(i - 3) &&
      color(i - 3) == color(i - 2) &&
      color(i - 2) == color(i - 1) &&
      color(i - 1) == -color(i);
    for (let j = i - 3; hit && j <= i - 1; j++) hit = cmin(op(j), cl(j)) < hi(i - 4) && cmax(op(j), cl(j)) > lo(i - 4);
    hit =
      hit &&
      cl(i - 2) * c < cl(i - 3) * c &&
      cl(i - 1) * c < cl(i - 2) * c &&
      op(i) * c > cl(i - 1) * c &&
      cl(i) * c > cl(i - 4) * c;
    put(dst, i, hit ? 100 * color(i - 4) : 0);
    b4 = step(b4, BODY_LONG, i, 4);
    b3 = step(b3, BODY_SHORT, i, 3);
    b2 = step(b2, BODY_SHORT, i, 2);
    b1 = step(b1, BODY_SHORT, i, 1);
    b0 = step(b0, BODY_LONG, i, 0);
  }
}
