// TA-Lib group "Pattern Recognition": definitions backed by the kernels in assembly/patterns.ts.
// Every pattern reads open/high/low/close, outputs TA-Lib's integer code (100/−100, ±80 for weaker variants, 0) and
// uses TA-Lib 0.6's default candle settings (BodyLong/BodyShort/BodyDoji… averaged over the previous 5 or 10 candles).
// NaN inputs behave as in TA-Lib: every comparison with a NaN is false (so a NaN candle counts as black, close ≥ open
// being false), and the candle averages a NaN enters stay NaN afterwards, so conditions using them are false from then on.
import type { IndicatorParamMeta } from '../../shared/engine-api';
import type { KernelExports } from '../../kernels/index';
import type { IndicatorDef } from './types';

const GROUP = 'Pattern Recognition';
const OHLC = { prices: ['open', 'high', 'low', 'close'] } as const;
const INTEGER = [{ name: 'integer', kind: 'integer' }] as const;

/** TA-Lib's optInPenetration: a fraction of the first candle's body, valid 0..3e37 (TA_REAL_MAX), default 0.3 or 0.5. */
const penetration = (dflt: number): IndicatorParamMeta => ({
  name: 'penetration',
  default: dflt,
  min: 0,
  max: 3e37,
  type: 'real',
});

type PatternKernel = (open: number, high: number, low: number, close: number, dst: number, n: number) => void;
type PenetrationKernel = (
  open: number,
  high: number,
  low: number,
  close: number,
  dst: number,
  n: number,
  penetration: number,
) => void;

/** A pattern without parameters; `kernel` picks the export, `lookback` is TA_<NAME>_Lookback (constant). */
function pattern(name: string, description: string, lookback: number, kernel: (e: KernelExports) => PatternKernel): IndicatorDef {
  return {
    name,
    group: GROUP,
    description,
    inputs: OHLC,
    params: [],
    outputs: INTEGER,
    lookback: () => lookback,
    compute(k, [o, h, l, c], _p, [dst]) {
      kernel(k.exports)(o.ptr, h.ptr, l.ptr, c.ptr, dst.ptr, dst.length);
    },
  };
}

/** A pattern with TA-Lib's penetration parameter (the lookback does not depend on it). */
function penetrationPattern(
  name: string,
  description: string,
  lookback: number,
  dflt: number,
  kernel: (e: KernelExports) => PenetrationKernel,
): IndicatorDef {
  return {
    name,
    group: GROUP,
    description,
    inputs: OHLC,
    params: [penetration(dflt)],
    outputs: INTEGER,
    lookback: () => lookback,
    compute(k, [o, h, l, c], p, [dst]) {
      kernel(k.exports)(o.ptr, h.ptr, l.ptr, c.ptr, dst.ptr, dst.length, p.penetration);
    },
  };
}

/** Pattern Recognition definitions; outputs equal TA-Lib's functions of the same name exactly. */
export const PATTERN_RECOGNITION: readonly IndicatorDef[] = [
  pattern('CDL3BLACKCROWS', 'Three Black Crows', 13, (e) => e.cdl3blackcrows),
  pattern('CDL3WHITESOLDIERS', 'Three Advancing White Soldiers', 12, (e) => e.cdl3whitesoldiers),
  penetrationPattern('CDLDARKCLOUDCOVER', 'Dark Cloud Cover', 11, 0.5, (e) => e.cdldarkcloudcover),
  pattern('CDLDOJI', 'Doji', 10, (e) => e.cdldoji),
  pattern('CDLDRAGONFLYDOJI', 'Dragonfly Doji', 10, (e) => e.cdldragonflydoji),
  pattern('CDLENGULFING', 'Engulfing Pattern', 2, (e) => e.cdlengulfing),
  penetrationPattern('CDLEVENINGSTAR', 'Evening Star', 12, 0.3, (e) => e.cdleveningstar),
  pattern('CDLGRAVESTONEDOJI', 'Gravestone Doji', 10, (e) => e.cdlgravestonedoji),
  pattern('CDLHAMMER', 'Hammer', 11, (e) => e.cdlhammer),
  pattern('CDLHANGINGMAN', 'Hanging Man', 11, (e) => e.cdlhangingman),
  pattern('CDLHARAMI', 'Harami Pattern', 11, (e) => e.cdlharami),
  pattern('CDLINVERTEDHAMMER', 'Inverted Hammer', 11, (e) => e.cdlinvertedhammer),
  pattern('CDLMARUBOZU', 'Marubozu', 10, (e) => e.cdlmarubozu),
  penetrationPattern('CDLMORNINGSTAR', 'Morning Star', 12, 0.3, (e) => e.cdlmorningstar),
  pattern('CDLPIERCING', 'Piercing Pattern', 11, (e) => e.cdlpiercing),
  pattern('CDLSHOOTINGSTAR', 'Shooting Star', 11, (e) => e.cdlshootingstar),
  pattern('CDLSPINNINGTOP', 'Spinning Top', 10, (e) => e.cdlspinningtop),
  pattern('CDLBELTHOLD', 'Belt-hold', 10, (e) => e.cdlbelthold),
  pattern('CDLCLOSINGMARUBOZU', 'Closing Marubozu', 10, (e) => e.cdlclosingmarubozu),
  pattern('CDLDOJISTAR', 'Doji Star', 11, (e) => e.cdldojistar),
  penetrationPattern('CDLEVENINGDOJISTAR', 'Evening Doji Star', 12, 0.3, (e) => e.cdleveningdojistar),
  pattern('CDLHARAMICROSS', 'Harami Cross Pattern', 11, (e) => e.cdlharamicross),
  pattern('CDLHIGHWAVE', 'High-Wave Candle', 10, (e) => e.cdlhighwave),
  pattern('CDLLONGLEGGEDDOJI', 'Long Legged Doji', 10, (e) => e.cdllongleggeddoji),
  pattern('CDLLONGLINE', 'Long Line Candle', 10, (e) => e.cdllongline),
  penetrationPattern('CDLMORNINGDOJISTAR', 'Morning Doji Star', 12, 0.3, (e) => e.cdlmorningdojistar),
  pattern('CDLRICKSHAWMAN', 'Rickshaw Man', 10, (e) => e.cdlrickshawman),
  pattern('CDLSHORTLINE', 'Short Line Candle', 10, (e) => e.cdlshortline),
  pattern('CDL2CROWS', 'Two Crows', 12, (e) => e.cdl2crows),
  pattern('CDL3INSIDE', 'Three Inside Up/Down', 12, (e) => e.cdl3inside),
  pattern('CDL3OUTSIDE', 'Three Outside Up/Down', 3, (e) => e.cdl3outside),
  pattern('CDLCOUNTERATTACK', 'Counterattack', 11, (e) => e.cdlcounterattack),
  pattern('CDLHOMINGPIGEON', 'Homing Pigeon', 11, (e) => e.cdlhomingpigeon),
  pattern('CDLINNECK', 'In-Neck Pattern', 11, (e) => e.cdlinneck),
  pattern('CDLMATCHINGLOW', 'Matching Low', 6, (e) => e.cdlmatchinglow),
  pattern('CDLONNECK', 'On-Neck Pattern', 11, (e) => e.cdlonneck),
  pattern('CDLTHRUSTING', 'Thrusting Pattern', 11, (e) => e.cdlthrusting),
  pattern('CDLGAPSIDESIDEWHITE', 'Up/Down-gap side-by-side white lines', 7, (e) => e.cdlgapsidesidewhite),
  pattern('CDLIDENTICAL3CROWS', 'Identical Three Crows', 12, (e) => e.cdlidentical3crows),
  pattern('CDLKICKING', 'Kicking', 11, (e) => e.cdlkicking),
  pattern('CDLKICKINGBYLENGTH', 'Kicking - bull/bear determined by the longer marubozu', 11, (e) => e.cdlkickingbylength),
  pattern('CDLSEPARATINGLINES', 'Separating Lines', 11, (e) => e.cdlseparatinglines),
  pattern('CDLSTICKSANDWICH', 'Stick Sandwich', 7, (e) => e.cdlsticksandwich),
  pattern('CDLTASUKIGAP', 'Tasuki Gap', 7, (e) => e.cdltasukigap),
  pattern('CDLUPSIDEGAP2CROWS', 'Upside Gap Two Crows', 12, (e) => e.cdlupsidegap2crows),
  pattern('CDLXSIDEGAP3METHODS', 'Upside/Downside Gap Three Methods', 2, (e) => e.cdlxsidegap3methods),
  pattern('CDL3LINESTRIKE', 'Three-Line Strike', 8, (e) => e.cdl3linestrike),
  penetrationPattern('CDLABANDONEDBABY', 'Abandoned Baby', 12, 0.3, (e) => e.cdlabandonedbaby),
  pattern('CDLBREAKAWAY', 'Breakaway', 14, (e) => e.cdlbreakaway),
  pattern('CDLCONCEALBABYSWALL', 'Concealing Baby Swallow', 13, (e) => e.cdlconcealbabyswall),
  pattern('CDLLADDERBOTTOM', 'Ladder Bottom', 14, (e) => e.cdlladderbottom),
  pattern('CDLTRISTAR', 'Tristar Pattern', 12, (e) => e.cdltristar),
  pattern('CDLUNIQUE3RIVER', 'Unique 3 River', 12, (e) => e.cdlunique3river),
  pattern('CDLADVANCEBLOCK', 'Advance Block', 12, (e) => e.cdladvanceblock),
  pattern('CDLHIKKAKE', 'Hikkake Pattern', 5, (e) => e.cdlhikkake),
  pattern('CDLHIKKAKEMOD', 'Modified Hikkake Pattern', 10, (e) => e.cdlhikkakemod),
  pattern('CDLSTALLEDPATTERN', 'Stalled Pattern', 12, (e) => e.cdlstalledpattern),
  pattern('CDL3STARSINSOUTH', 'Three Stars In The South', 12, (e) => e.cdl3starsinsouth),
  penetrationPattern('CDLMATHOLD', 'Mat Hold', 14, 0.5, (e) => e.cdlmathold),
  pattern('CDLRISEFALL3METHODS', 'Rising/Falling Three Methods', 14, (e) => e.cdlrisefall3methods),
  pattern('CDLTAKURI', 'Takuri (Dragonfly Doji with very long lower shadow)', 10, (e) => e.cdltakuri),
];
