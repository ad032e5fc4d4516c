// Candlestick pattern kernels ("Pattern Recognition"), re-exported by assembly/index.ts: only kernels and lookbacks.
// Each reads n open/high/low/close values and writes n f64 holding TA-Lib's integer code (100 / −100 bullish /
// bearish, ±80 for weaker variants, ±200 for a confirmed hikkake, 0 for none), NaN in the warm-up [0, lookback).
// Comparisons use TA-Lib 0.6's default candle settings and "period totals" (assembly/candle-util.ts), updated in the
// C source's order, so codes equal TA-Lib's exactly. A NaN in a candle makes every comparison on it false (so it
// counts as black) and, as in TA-Lib, poisons the running totals it enters: later averages are NaN and the
// conditions using them stay false.
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

/** Lookback of CDLDOJI: 10 (TA_CDLDOJI_Lookback). */
export function cdldojiLookback(): i32 {
  return avgPeriod(BODY_DOJI);
}

/** Doji, equal to TA_CDLDOJI: 100 where the real body ≤ 10% of the average high−low range of the 10 previous candles. */
export function cdldoji(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdldojiLookback());
  if (i < 0) return;
  let bd = total(BODY_DOJI, 0, i);
  for (; i < n; i++) {
    put(dst, i, realBody(i) <= average(BODY_DOJI, bd, i) ? 100 : 0);
    bd = step(bd, BODY_DOJI, i, 0);
  }
}

/** Lookback of CDLDRAGONFLYDOJI and CDLGRAVESTONEDOJI: 10. */
export function cdldragonflydojiLookback(): i32 {
  return imax(avgPeriod(BODY_DOJI), avgPeriod(SHADOW_VERY_SHORT));
}

/** Shared body of the dragonfly (dragonfly = true) and gravestone dojis: a doji with one very short shadow. */
function dojiShadow(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, dragonfly: bool): void {
  let i = begin(open, high, low, close, dst, n, cdldragonflydojiLookback());
  if (i < 0) return;
  let bd = total(BODY_DOJI, 0, i);
  let svs = total(SHADOW_VERY_SHORT, 0, i);
  for (; i < n; i++) {
    const a = average(SHADOW_VERY_SHORT, svs, i);
    const short = dragonfly ? upperShadow(i) : lowerShadow(i);
    const long = dragonfly ? lowerShadow(i) : upperShadow(i);
    put(dst, i, realBody(i) <= average(BODY_DOJI, bd, i) && short < a && long > a ? 100 : 0);
    bd = step(bd, BODY_DOJI, i, 0);
    svs = step(svs, SHADOW_VERY_SHORT, i, 0);
  }
}

/** Dragonfly Doji, equal to TA_CDLDRAGONFLYDOJI: doji, very short upper shadow, lower shadow not very short → 100. */
export function cdldragonflydoji(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  dojiShadow(open, high, low, close, dst, n, true);
}

/** Lookback of CDLGRAVESTONEDOJI: 10. */
export function cdlgravestonedojiLookback(): i32 {
  return cdldragonflydojiLookback();
}

/** Gravestone Doji, equal to TA_CDLGRAVESTONEDOJI: doji, very short lower shadow, upper shadow not very short → 100. */
export function cdlgravestonedoji(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  dojiShadow(open, high, low, close, dst, n, false);
}

/** Lookback of CDLHAMMER and CDLHANGINGMAN: 11 (max of BodyShort, ShadowLong, ShadowVeryShort, Near periods + 1). */
export function cdlhammerLookback(): i32 {
  return imax(imax(imax(avgPeriod(BODY_SHORT), avgPeriod(SHADOW_LONG)), avgPeriod(SHADOW_VERY_SHORT)), avgPeriod(NEAR)) + 1;
}

/** Shared body of hammer (bull) and hanging man: small body, long lower shadow, near the prior candle's low/high. */
function hammerLike(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, bull: bool): void {
  let i = begin(open, high, low, close, dst, n, cdlhammerLookback());
  if (i < 0) return;
  let bs = total(BODY_SHORT, 0, i);
  let sl = total(SHADOW_LONG, 0, i);
  let svs = total(SHADOW_VERY_SHORT, 0, i);
  let near = total(NEAR, 1, i);
  for (; i < n; i++) {
    let hit =
      realBody(i) < average(BODY_SHORT, bs, i) &&
      lowerShadow(i) > average(SHADOW_LONG, sl, i) &&
      upperShadow(i) < average(SHADOW_VERY_SHORT, svs, i);
    if (hit) {
      const bottom = cmin(cl(i), op(i));
      hit = bull ? bottom <= lo(i - 1) + average(NEAR, near, i - 1) : bottom >= hi(i - 1) - average(NEAR, near, i - 1);
    }
    put(dst, i, hit ? (bull ? 100 : -100) : 0);
    bs = step(bs, BODY_SHORT, i, 0);
    sl = step(sl, SHADOW_LONG, i, 0);
    svs = step(svs, SHADOW_VERY_SHORT, i, 0);
    near = step(near, NEAR, i, 1);
  }
}

/** Hammer, equal to TA_CDLHAMMER: small body, long lower shadow, very short upper shadow, body near the prior low → 100. */
export function cdlhammer(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  hammerLike(open, high, low, close, dst, n, true);
}

/** Lookback of CDLHANGINGMAN: 11. */
export function cdlhangingmanLookback(): i32 {
  return cdlhammerLookback();
}

/** Hanging Man, equal to TA_CDLHANGINGMAN: hammer shape with the body near the prior candle's high → −100. */
export function cdlhangingman(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  hammerLike(open, high, low, close, dst, n, false);
}

/** Lookback of CDLINVERTEDHAMMER and CDLSHOOTINGSTAR: 11. */
export function cdlinvertedhammerLookback(): i32 {
  return imax(imax(avgPeriod(BODY_SHORT), avgPeriod(SHADOW_LONG)), avgPeriod(SHADOW_VERY_SHORT)) + 1;
}

/** Shared body of the inverted hammer (gap down, 100) and shooting star (gap up, −100). */
function invertedLike(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, bull: bool): void {
  let i = begin(open, high, low, close, dst, n, cdlinvertedhammerLookback());
  if (i < 0) return;
  let bs = total(BODY_SHORT, 0, i);
  let sl = total(SHADOW_LONG, 0, i);
  let svs = total(SHADOW_VERY_SHORT, 0, i);
  for (; i < n; i++) {
    const hit =
      realBody(i) < average(BODY_SHORT, bs, i) &&
      upperShadow(i) > average(SHADOW_LONG, sl, i) &&
      lowerShadow(i) < average(SHADOW_VERY_SHORT, svs, i) &&
      (bull ? bodyGapDown(i, i - 1) : bodyGapUp(i, i - 1));
    put(dst, i, hit ? (bull ? 100 : -100) : 0);
    bs = step(bs, BODY_SHORT, i, 0);
    sl = step(sl, SHADOW_LONG, i, 0);
    svs = step(svs, SHADOW_VERY_SHORT, i, 0);
  }
}

/** Inverted Hammer, equal to TA_CDLINVERTEDHAMMER: small body, long upper shadow, body gapping down → 100. */
export function cdlinvertedhammer(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  invertedLike(open, high, low, close, dst, n, true);
}

/** Lookback of CDLSHOOTINGSTAR: 11. */
export function cdlshootingstarLookback(): i32 {
  return cdlinvertedhammerLookback();
}

/** Shooting Star, equal to TA_CDLSHOOTINGSTAR: small body, long upper shadow, body gapping up → −100. */
export function cdlshootingstar(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  invertedLike(open, high, low, close, dst, n, false);
}

/** Lookback of CDLENGULFING: 2 (TA_CDLENGULFING_Lookback in TA-Lib 0.6). */
export function cdlengulfingLookback(): i32 {
  return 2;
}

/**
 * Engulfing Pattern, equal to TA_CDLENGULFING (0.6): the body of candle i engulfs the opposite-coloured body before
 * it → ±100, or ±80 when the bodies share an end (open[i] == close[i−1] or close[i] == open[i−1]).
 */
export function cdlengulfing(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlengulfingLookback());
  if (i < 0) return;
  for (; i < n; i++) {
    const c = color(i);
    const p = color(i - 1);
    const hit =
      (c == 1 && p == -1 && ((cl(i) >= op(i - 1) && op(i) < cl(i - 1)) || (cl(i) > op(i - 1) && op(i) <= cl(i - 1)))) ||
      (c == -1 && p == 1 && ((op(i) >= cl(i - 1) && cl(i) < op(i - 1)) || (op(i) > cl(i - 1) && cl(i) <= op(i - 1))));
    put(dst, i, hit ? (op(i) != cl(i - 1) && cl(i) != op(i - 1) ? c * 100 : c * 80) : 0);
  }
}

/** Lookback of CDLHARAMI: 11. */
export function cdlharamiLookback(): i32 {
  return imax(avgPeriod(BODY_LONG), avgPeriod(BODY_SHORT)) + 1;
}

/**
 * Harami Pattern, equal to TA_CDLHARAMI: a long body then a short one inside it → −color(i−1)·100, or ·80 when one
 * end of the bodies matches.
 */
export function cdlharami(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  harami(open, high, low, close, dst, n, BODY_SHORT);
}

/** Lookback of CDLHARAMICROSS: 11. */
export function cdlharamicrossLookback(): i32 {
  return imax(avgPeriod(BODY_LONG), avgPeriod(BODY_DOJI)) + 1;
}

/** Harami Cross Pattern, equal to TA_CDLHARAMICROSS: CDLHARAMI with a doji as the second candle. */
export function cdlharamicross(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  harami(open, high, low, close, dst, n, BODY_DOJI);
}

/** Shared body of harami (second candle `small` = BodyShort) and harami cross (BodyDoji). */
function harami(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, small: i32): void {
  let i = begin(open, high, low, close, dst, n, imax(avgPeriod(BODY_LONG), avgPeriod(small)) + 1);
  if (i < 0) return;
  let bl = total(BODY_LONG, 1, i);
  let bs = total(small, 0, i);
  for (; i < n; i++) {
    let v = 0;
    if (realBody(i - 1) > average(BODY_LONG, bl, i - 1) && realBody(i) <= average(small, bs, i)) {
      const top = cmax(cl(i), op(i)),
        bot = cmin(cl(i), op(i));
      const ptop = cmax(cl(i - 1), op(i - 1)),
        pbot = cmin(cl(i - 1), op(i - 1));
      if (top < ptop && bot > pbot) v = -color(i - 1) * 100;
      else if (top <= ptop && bot >= pbot) v = -color(i - 1) * 80;
    }
    put(dst, i, v);
    bl = step(bl, BODY_LONG, i, 1);
    bs = step(bs, small, i, 0);
  }
}

/** Lookback of CDLPIERCING: 11. */
export function cdlpiercingLookback(): i32 {
  return avgPeriod(BODY_LONG) + 1;
}

/**
 * Piercing Pattern, equal to TA_CDLPIERCING: long black, then long white opening below its low and closing above its
 * body midpoint but below its open → 100.
 */
export function cdlpiercing(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlpiercingLookback());
  if (i < 0) return;
  let bl1 = total(BODY_LONG, 1, i);
  let bl0 = total(BODY_LONG, 0, i);
  for (; i < n; i++) {
    const hit =
      color(i - 1) == -1 &&
      realBody(i - 1) > average(BODY_LONG, bl1, i - 1) &&
      color(i) == 1 &&
      realBody(i) > average(BODY_LONG, bl0, i) &&
      op(i) < lo(i - 1) &&
      cl(i) < op(i - 1) &&
      cl(i) > cl(i - 1) + realBody(i - 1) * 0.5;
    put(dst, i, hit ? 100 : 0);
    bl1 = step(bl1, BODY_LONG, i, 1);
    bl0 = step(bl0, BODY_LONG, i, 0);
  }
}

/** Lookback of CDLDARKCLOUDCOVER: 11 (the penetration does not change it). */
export function cdldarkcloudcoverLookback(): i32 {
  return avgPeriod(BODY_LONG) + 1;
}

/**
 * Dark Cloud Cover, equal to TA_CDLDARKCLOUDCOVER: long white, then black opening above its high and closing within
 * its body below close − body·penetration → −100.
 */
export function cdldarkcloudcover(
  open: usize,
  high: usize,
  low: usize,
  close: usize,
  dst: usize,
  n: i32,
  penetration: f64,
): void {
  let i = begin(open, high, low, close, dst, n, cdldarkcloudcoverLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 1, i);
  for (; i < n; i++) {
    const hit =
      color(i - 1) == 1 &&
      realBody(i - 1) > average(BODY_LONG, bl, i - 1) &&
      color(i) == -1 &&
      op(i) > hi(i - 1) &&
      cl(i) > op(i - 1) &&
      cl(i) < cl(i - 1) - realBody(i - 1) * penetration;
    put(dst, i, hit ? -100 : 0);
    bl = step(bl, BODY_LONG, i, 1);
  }
}

/** Lookback of CDLMORNINGSTAR and CDLEVENINGSTAR: 12. */
export function cdlmorningstarLookback(): i32 {
  return imax(avgPeriod(BODY_LONG), avgPeriod(BODY_SHORT)) + 2;
}

/**
 * Shared body of the morning (bull) and evening stars: long body, a star (body ≤ the `mid` setting: BodyShort, or
 * BodyDoji for the doji stars) gapping away, then a reversal candle closing well into the first body.
 */
function star(
  open: usize,
  high: usize,
  low: usize,
  close: usize,
  dst: usize,
  n: i32,
  penetration: f64,
  bull: bool,
  mid: i32,
): void {
  let i = begin(open, high, low, close, dst, n, imax(imax(avgPeriod(BODY_LONG), avgPeriod(mid)), avgPeriod(BODY_SHORT)) + 2);
  if (i < 0) return;
  let bl = total(BODY_LONG, 2, i);
  let bs = total(mid, 1, i);
  let bs2 = total(BODY_SHORT, 0, i);
  const first = bull ? -1 : 1;
  for (; i < n; i++) {
    const hit =
      realBody(i - 2) > average(BODY_LONG, bl, i - 2) &&
      color(i - 2) == first &&
      realBody(i - 1) <= average(mid, bs, i - 1) &&
      (bull ? bodyGapDown(i - 1, i - 2) : bodyGapUp(i - 1, i - 2)) &&
      realBody(i) > average(BODY_SHORT, bs2, i) &&
      color(i) == -first &&
      (bull ? cl(i) > cl(i - 2) + realBody(i - 2) * penetration : cl(i) < cl(i - 2) - realBody(i - 2) * penetration);
    put(dst, i, hit ? -first * 100 : 0);
    bl = step(bl, BODY_LONG, i, 2);
    bs = step(bs, mid, i, 1);
    bs2 = step(bs2, BODY_SHORT, i, 0);
  }
}

/** Morning Star, equal to TA_CDLMORNINGSTAR (penetration default 0.3) → 100. */
export function cdlmorningstar(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, penetration: f64): void {
  star(open, high, low, close, dst, n, penetration, true, BODY_SHORT);
}

/** Lookback of CDLEVENINGSTAR: 12. */
export function cdleveningstarLookback(): i32 {
  return cdlmorningstarLookback();
}

/** Evening Star, equal to TA_CDLEVENINGSTAR (penetration default 0.3) → −100. */
export function cdleveningstar(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32, penetration: f64): void {
  star(open, high, low, close, dst, n, penetration, false, BODY_SHORT);
}

/** Lookback of CDL3WHITESOLDIERS: 12. */
export function cdl3whitesoldiersLookback(): i32 {
  return imax(imax(avgPeriod(SHADOW_VERY_SHORT), avgPeriod(BODY_SHORT)), imax(avgPeriod(FAR), avgPeriod(NEAR))) + 2;
}

/**
 * Three Advancing White Soldiers, equal to TA_CDL3WHITESOLDIERS: three white candles with very short upper shadows,
 * higher closes, each opening within/near the previous body, not far shorter, the last not short → 100.
 */
export function cdl3whitesoldiers(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdl3whitesoldiersLookback());
  if (i < 0) return;
  let svs2 = total(SHADOW_VERY_SHORT, 2, i),
    svs1 = total(SHADOW_VERY_SHORT, 1, i),
    svs0 = total(SHADOW_VERY_SHORT, 0, i);
  let near2 = total(NEAR, 2, i),
    near1 = total(NEAR, 1, i);
  let far2 = total(FAR, 2, i),
    far1 = total(FAR, 1, i);
  let bs = total(BODY_SHORT, 0, i);
  for (; i < n; i++) {
    const hit =
      color(i - 2) == 1 &&
      upperShadow(i - 2) < average(SHADOW_VERY_SHORT, svs2, i - 2) &&
      color(i - 1) == 1 &&
      upperShadow(i - 1) < average(SHADOW_VERY_SHORT, svs1, i - 1) &&
      color(i) == 1 &&
      upperShadow(i) < average(SHADOW_VERY_SHORT, svs0, i) &&
      cl(i) > cl(i - 1) &&
      cl(i - 1) > cl(i - 2) &&
      op(i - 1) > op(i - 2) &&
      op(i - 1) <= cl(i - 2) + average(NEAR, near2, i - 2) &&
      op(i) > op(i - 1) &&
      op(i) <= cl(i - 1) + average(NEAR, near1, i - 1) &&
      realBody(i - 1) > realBody(i - 2) - average(FAR, far2, i - 2) &&
      realBody(i) > realBody(i - 1) - average(FAR, far1, i - 1) &&
      realBody(i) > average(BODY_SHORT, bs, i);
    put(dst, i, hit ? 100 : 0);
    svs2 = step(svs2, SHADOW_VERY_SHORT, i, 2);
    svs1 = step(svs1, SHADOW_VERY_SHORT, i, 1);
    svs0 = step(svs0, SHADOW_VERY_SHORT, i, 0);
    far2 = step(far2, FAR, i, 2);
    near2 = step(near2, NEAR, i, 2);
    far1 = step(far1, FAR, i, 1);
    near1 = step(near1, NEAR, i, 1);
    bs = step(bs, BODY_SHORT, i, 0);
  }
}

/** Lookback of CDL3BLACKCROWS: 13. */
export function cdl3blackcrowsLookback(): i32 {
  return avgPeriod(SHADOW_VERY_SHORT) + 3;
}

/**
 * Three Black Crows, equal to TA_CDL3BLACKCROWS: a white candle, then three declining black candles with very short
 * lower shadows, each opening within the previous body, the first closing under the white candle's high → −100.
 */
export function cdl3blackcrows(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdl3blackcrowsLookback());
  if (i < 0) return;
  let svs2 = total(SHADOW_VERY_SHORT, 2, i),
    svs1 = total(SHADOW_VERY_SHORT, 1, i),
    svs0 = total(SHADOW_VERY_SHORT, 0, i);
  for (; i < n; i++) {
    const hit =
      color(i - 3) == 1 &&
      color(i - 2) == -1 &&
      lowerShadow(i - 2) < average(SHADOW_VERY_SHORT, svs2, i - 2) &&
      color(i - 1) == -1 &&
      lowerShadow(i - 1) < average(SHADOW_VERY_SHORT, svs1, i - 1) &&
      color(i) == -1 &&
      lowerShadow(i) < average(SHADOW_VERY_SHORT, svs0, i) &&
      op(i - 1) < op(i - 2) &&
      op(i - 1) > cl(i - 2) &&
      op(i) < op(i - 1) &&
      op(i) > cl(i - 1) &&
      hi(i - 3) > cl(i - 2) &&
      cl(i - 2) > cl(i - 1) &&
      cl(i - 1) > cl(i);
    put(dst, i, hit ? -100 : 0);
    svs2 = step(svs2, SHADOW_VERY_SHORT, i, 2);
    svs1 = step(svs1, SHADOW_VERY_SHORT, i, 1);
    svs0 = step(svs0, SHADOW_VERY_SHORT, i, 0);
  }
}

/** Lookback of CDLMARUBOZU: 10. */
export function cdlmarubozuLookback(): i32 {
  return imax(avgPeriod(BODY_LONG), avgPeriod(SHADOW_VERY_SHORT));
}

/** Marubozu, equal to TA_CDLMARUBOZU: long body with very short upper and lower shadows → color·100. */
export function cdlmarubozu(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlmarubozuLookback());
  if (i < 0) return;
  let bl = total(BODY_LONG, 0, i);
  let svs = total(SHADOW_VERY_SHORT, 0, i);
  for (; i < n; i++) {
    const a = average(SHADOW_VERY_SHORT, svs, i);
    const hit = realBody(i) > average(BODY_LONG, bl, i) && upperShadow(i) < a && lowerShadow(i) < a;
    put(dst, i, hit ? color(i) * 100 : 0);
    bl = step(bl, BODY_LONG, i, 0);
    svs = step(svs, SHADOW_VERY_SHORT, i, 0);
  }
}

/** Lookback of CDLSPINNINGTOP: 10. */
export function cdlspinningtopLookback(): i32 {
  return avgPeriod(BODY_SHORT);
}

/** Spinning Top, equal to TA_CDLSPINNINGTOP: short body with both shadows longer than the body → color·100. */
export function cdlspinningtop(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  let i = begin(open, high, low, close, dst, n, cdlspinningtopLookback());
  if (i < 0) return;
  let bs = total(BODY_SHORT, 0, i);
  for (; i < n; i++) {
    const rb = realBody(i);
    const hit = rb < average(BODY_SHORT, bs, i) && upperShadow(i) > rb && lowerShadow(i) > rb;
    put(dst, i, hit ? color(i) * 100 : 0);
    bs = step(bs, BODY_SHORT, i, 0);
  }
}

/** Lookback of CDLMORNINGDOJISTAR and CDLEVENINGDOJISTAR: 12. */
export function cdlmorningdojistarLookback(): i32 {
  return imax(imax(avgPeriod(BODY_LONG), avgPeriod(BODY_DOJI)), avgPeriod(BODY_SHORT)) + 2;
}

/** Morning Doji Star, equal to TA_CDLMORNINGDOJISTAR: CDLMORNINGSTAR with a doji star → 100. */
export function cdlmorningdojistar(
  open: usize,
  high: usize,
  low: usize,
  close: usize,
  dst: usize,
  n: i32,
  penetration: f64,
): void {
  star(open, high, low, close, dst, n, penetration, true, BODY_DOJI);
}

/** Lookback of CDLEVENINGDOJISTAR: 12. */
export function cdleveningdojistarLookback(): i32 {
  return cdlmorningdojistarLookback();
}

/** Evening Doji Star, equal to TA_CDLEVENINGDOJISTAR: CDLEVENINGSTAR with a doji star → −100. */
export function cdleveningdojistar(
  open: usize,
  high: usize,
  low: usize,
  close: usize,
  dst: usize,
  n: i32,
  penetration: f64,
): void {
  star(open, high, low, close, dst, n, penetration, false, BODY_DOJI);
}
