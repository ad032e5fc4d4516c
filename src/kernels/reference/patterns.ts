// Plain-TS references for the candlestick pattern kernels (assembly/patterns.ts): each pattern is written from its
// definition in TA-Lib 0.6's C source, with every candle average recomputed as a direct window sum (no running
// totals), so the kernels' table-driven period totals are checked against an independent formulation.

/** Open/high/low/close columns of equal length. */
export interface Candles {
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
}

type Range = 'body' | 'hl' | 'shadows';
/** TA-Lib 0.6's default candle settings (TA_CandleDefaultSettings): range type, averaging period, factor. */
export const CANDLE_SETTINGS = {
  BodyLong: ['body', 10, 1.0],
  BodyVeryLong: ['body', 10, 3.0],
  BodyShort: ['body', 10, 1.0],
  BodyDoji: ['hl', 10, 0.1],
  ShadowLong: ['body', 0, 1.0],
  ShadowVeryLong: ['body', 0, 2.0],
  ShadowShort: ['shadows', 10, 1.0],
  ShadowVeryShort: ['hl', 10, 0.1],
  Near: ['hl', 5, 0.2],
  Far: ['hl', 5, 0.6],
  Equal: ['hl', 5, 0.05],
} as const satisfies Record<string, readonly [Range, number, number]>;
type Setting = keyof typeof CANDLE_SETTINGS;

/** Candle measurements of one series: bodies, shadows, colours and the settings' averages over previous candles. */
function measure(c: Candles) {
  const body = (i: number) => Math.abs(c.close[i] - c.open[i]);
  const upper = (i: number) => c.high[i] - Math.max(c.close[i], c.open[i]);
  const lower = (i: number) => Math.min(c.close[i], c.open[i]) - c.low[i];
  const color = (i: number) => (c.close[i] >= c.open[i] ? 1 : -1);
  const range = (r: Range, i: number) => (r === 'body' ? body(i) : r === 'hl' ? c.high[i] - c.low[i] : upper(i) + lower(i));
  /** The setting's threshold for candle i: factor × mean range of the `period` candles before i (or i's own). */
  const avg = (s: Setting, i: number) => {
    const [r, p, f] = CANDLE_SETTINGS[s];
    let x = range(r, i);
    if (p > 0) {
      x = 0;
      for (let j = i - p; j < i; j++) x += range(r, j);
      x /= p;
    }
    return (f * x) / (r === 'shadows' ? 2 : 1);
  };
  const top = (i: number) => Math.max(c.open[i], c.close[i]);
  const bot = (i: number) => Math.min(c.open[i], c.close[i]);
  return { o: c.open, h: c.high, l: c.low, cl: c.close, body, upper, lower, color, avg, top, bot };
}
type M = ReturnType<typeof measure>;

/** One pattern: its lookback and its code at bar i ≥ lookback (penetration `pen` where the pattern takes one). */
type Rule = [lookback: number, code: (m: M, i: number, pen: number) => number];

const hammerShape = (m: M, i: number) =>
  m.body(i) < m.avg('BodyShort', i) && m.lower(i) > m.avg('ShadowLong', i) && m.upper(i) < m.avg('ShadowVeryShort', i);
const invertedShape = (m: M, i: number) =>
  m.body(i) < m.avg('BodyShort', i) && m.upper(i) > m.avg('ShadowLong', i) && m.lower(i) < m.avg('ShadowVeryShort', i);
const doji = (m: M, i: number) => m.body(i) <= m.avg('BodyDoji', i);

/** Harami (second body `small`: BodyShort, or BodyDoji for the cross): −color(first)·100 inside, ·80 sharing an end. */
function harami(m: M, i: number, small: Setting): number {
  if (!(m.body(i - 1) > m.avg('BodyLong', i - 1) && m.body(i) <= m.avg(small, i))) return 0;
  if (m.top(i) < m.top(i - 1) && m.bot(i) > m.bot(i - 1)) return -m.color(i - 1) * 100;
  return m.top(i) <= m.top(i - 1) && m.bot(i) >= m.bot(i - 1) ? -m.color(i - 1) * 80 : 0;
}
/** Morning star (star body ≤ `mid`): long black, star gapping down, white closing above close + body·pen → 100. */
const morning = (m: M, i: number, pen: number, mid: Setting) =>
  m.body(i - 2) > m.avg('BodyLong', i - 2) &&
  m.color(i - 2) === -1 &&
  m.body(i - 1) <= m.avg(mid, i - 1) &&
  m.top(i - 1) < m.bot(i - 2) &&
  m.body(i) > m.avg('BodyShort', i) &&
  m.color(i) === 1 &&
  m.cl[i] > m.cl[i - 2] + m.body(i - 2) * pen
    ? 100
    : 0;
/** Evening star: the mirror image of `morning` → −100. */
const evening = (m: M, i: number, pen: number, mid: Setting) =>
  m.body(i - 2) > m.avg('BodyLong', i - 2) &&
  m.color(i - 2) === 1 &&
  m.body(i - 1) <= m.avg(mid, i - 1) &&
  m.bot(i - 1) > m.top(i - 2) &&
  m.body(i) > m.avg('BodyShort', i) &&
  m.color(i) === -1 &&
  m.cl[i] < m.cl[i - 2] - m.body(i - 2) * pen
    ? -100
    : 0;

/** x within ±e of y, written as TA-Lib writes it (y − e ≤ x ≤ y + e; |x − y| ≤ e can round differently). */
const near = (x: number, y: number, e: number) => x <= y + e && x >= y - e;
/** Two opposite marubozu (long bodies, very short shadows) with a candle gap in the second one's direction. */
function kick(m: M, i: number): boolean {
  for (const j of [i - 1, i]) {
    const a = m.avg('ShadowVeryShort', j);
    if (!(m.body(j) > m.avg('BodyLong', j) && m.upper(j) < a && m.lower(j) < a)) return false;
  }
  const p = m.color(i - 1);
  return p === -m.color(i) && (p === -1 ? m.l[i] > m.h[i - 1] : m.h[i] < m.l[i - 1]);
}
/**
 * Hikkake setup at bar j: an inside bar (j−1 inside j−2; for the modified version j−2 also inside j−3 and closing
 * near its low/high) followed by a breakout bar j → 100 (bar j lower) or −100 (higher), else 0.
 */
function hikkakeSetup(m: M, j: number, modified: boolean): number {
  const { h, l, cl } = m;
  if (!(h[j - 1] < h[j - 2] && l[j - 1] > l[j - 2])) return 0;
  const bull = h[j] < h[j - 1] && l[j] < l[j - 1];
  const bear = h[j] > h[j - 1] && l[j] > l[j - 1];
  if (modified) {
    if (!(h[j - 2] < h[j - 3] && l[j - 2] > l[j - 3])) return 0;
    const a = m.avg('Near', j - 2);
    if (!((bull && cl[j - 2] <= l[j - 2] + a) || (bear && cl[j - 2] >= h[j - 2] - a))) return 0;
  }
  return bull || bear ? (h[j] < h[j - 1] ? 100 : -100) : 0;
}
/** Hikkake code at bar i: its setup, or ±200 if i is the first close beyond the inside bar within 3 bars of the last setup. */
function hikkakeCode(m: M, i: number, setup: (j: number) => number): number {
  const s = setup(i);
  if (s !== 0) return s;
  for (let j = i - 1; j >= i - 3; j--) {
    const sign = setup(j);
    if (sign === 0) continue;
    const breaks = (k: number) => (sign > 0 ? m.cl[k] > m.h[j - 1] : m.cl[k] < m.l[j - 1]);
    for (let k = j + 1; k < i; k++) if (breaks(k)) return 0; // already confirmed
    return breaks(i) ? 2 * sign : 0;
  }
  return 0;
}
/** Long black candle, then a white one opening below its low (in-neck, on-neck, thrusting). */
const blackThenLowOpen = (m: M, i: number) =>
  m.color(i - 1) === -1 && m.body(i - 1) > m.avg('BodyLong', i - 1) && m.color(i) === 1 && m.o[i] < m.l[i - 1];

/** The reference rules by TA-Lib function name. */
export const PATTERN_RULES: Readonly<Record<string, Rule>> = {
  CDLDOJI: [10, (m, i) => (doji(m, i) ? 100 : 0)],
  CDLDRAGONFLYDOJI: [
    10,
    (m, i) => (doji(m, i) && m.upper(i) < m.avg('ShadowVeryShort', i) && m.lower(i) > m.avg('ShadowVeryShort', i) ? 100 : 0),
  ],
  CDLGRAVESTONEDOJI: [
    10,
    (m, i) => (doji(m, i) && m.lower(i) < m.avg('ShadowVeryShort', i) && m.upper(i) > m.avg('ShadowVeryShort', i) ? 100 : 0),
  ],
  CDLHAMMER: [11, (m, i) => (hammerShape(m, i) && m.bot(i) <= m.l[i - 1] + m.avg('Near', i - 1) ? 100 : 0)],
  CDLHANGINGMAN: [11, (m, i) => (hammerShape(m, i) && m.bot(i) >= m.h[i - 1] - m.avg('Near', i - 1) ? -100 : 0)],
  CDLINVERTEDHAMMER: [11, (m, i) => (invertedShape(m, i) && m.top(i) < m.bot(i - 1) ? 100 : 0)],
  CDLSHOOTINGSTAR: [11, (m, i) => (invertedShape(m, i) && m.bot(i) > m.top(i - 1) ? -100 : 0)],
  CDLENGULFING: [
    2,
    (m, i) => {
      const { o, cl } = m;
      const c = m.color(i);
      const engulfs =
        c !== m.color(i - 1) &&
        m.top(i) >= m.top(i - 1) &&
        m.bot(i) <= m.bot(i - 1) &&
        (m.top(i) > m.top(i - 1) || m.bot(i) < m.bot(i - 1));
      if (!engulfs) return 0;
      return o[i] !== cl[i - 1] && cl[i] !== o[i - 1] ? c * 100 : c * 80;
    },
  ],
  CDLHARAMI: [11, (m, i) => harami(m, i, 'BodyShort')],
  CDLPIERCING: [
    11,
    (m, i) =>
      m.color(i - 1) === -1 &&
      m.body(i - 1) > m.avg('BodyLong', i - 1) &&
      m.color(i) === 1 &&
      m.body(i) > m.avg('BodyLong', i) &&
      m.o[i] < m.l[i - 1] &&
      m.cl[i] < m.o[i - 1] &&
      m.cl[i] > m.cl[i - 1] + m.body(i - 1) * 0.5
        ? 100
        : 0,
  ],
  CDLDARKCLOUDCOVER: [
    11,
    (m, i, pen) =>
      m.color(i - 1) === 1 &&
      m.body(i - 1) > m.avg('BodyLong', i - 1) &&
      m.color(i) === -1 &&
      m.o[i] > m.h[i - 1] &&
      m.cl[i] > m.o[i - 1] &&
      m.cl[i] < m.cl[i - 1] - m.body(i - 1) * pen
        ? -100
        : 0,
  ],
  CDLMORNINGSTAR: [12, (m, i, pen) => morning(m, i, pen, 'BodyShort')],
  CDLEVENINGSTAR: [12, (m, i, pen) => evening(m, i, pen, 'BodyShort')],
  CDLMORNINGDOJISTAR: [12, (m, i, pen) => morning(m, i, pen, 'BodyDoji')],
  CDLEVENINGDOJISTAR: [12, (m, i, pen) => evening(m, i, pen, 'BodyDoji')],
  CDLHARAMICROSS: [11, (m, i) => harami(m, i, 'BodyDoji')],
  CDLDOJISTAR: [
    11,
    (m, i) => {
      const c = m.color(i - 1);
      return m.body(i - 1) > m.avg('BodyLong', i - 1) &&
        doji(m, i) &&
        (c === 1 ? m.bot(i) > m.top(i - 1) : m.top(i) < m.bot(i - 1))
        ? -c * 100
        : 0;
    },
  ],
  CDLLONGLEGGEDDOJI: [10, (m, i) => (doji(m, i) && (m.lower(i) > m.body(i) || m.upper(i) > m.body(i)) ? 100 : 0)],
  CDLRICKSHAWMAN: [
    10,
    (m, i) => {
      const mid = m.l[i] + (m.h[i] - m.l[i]) / 2;
      return doji(m, i) &&
        m.lower(i) > m.body(i) &&
        m.upper(i) > m.body(i) &&
        m.bot(i) <= mid + m.avg('Near', i) &&
        m.top(i) >= mid - m.avg('Near', i)
        ? 100
        : 0;
    },
  ],
  CDLHIGHWAVE: [
    10,
    (m, i) =>
      m.body(i) < m.avg('BodyShort', i) && m.upper(i) > 2 * m.body(i) && m.lower(i) > 2 * m.body(i) ? m.color(i) * 100 : 0,
  ],
  CDLLONGLINE: [
    10,
    (m, i) =>
      m.body(i) > m.avg('BodyLong', i) && Math.max(m.upper(i), m.lower(i)) < m.avg('ShadowShort', i) ? m.color(i) * 100 : 0,
  ],
  CDLSHORTLINE: [
    10,
    (m, i) =>
      m.body(i) < m.avg('BodyShort', i) && Math.max(m.upper(i), m.lower(i)) < m.avg('ShadowShort', i) ? m.color(i) * 100 : 0,
  ],
  CDLBELTHOLD: [
    10,
    (m, i) => {
      const openSide = m.color(i) === 1 ? m.lower(i) : m.upper(i);
      return m.body(i) > m.avg('BodyLong', i) && openSide < m.avg('ShadowVeryShort', i) ? m.color(i) * 100 : 0;
    },
  ],
  CDLCLOSINGMARUBOZU: [
    10,
    (m, i) => {
      const closeSide = m.color(i) === 1 ? m.upper(i) : m.lower(i);
      return m.body(i) > m.avg('BodyLong', i) && closeSide < m.avg('ShadowVeryShort', i) ? m.color(i) * 100 : 0;
    },
  ],
  CDLTAKURI: [10, (m, i) => (doji(m, i) && m.upper(i) < m.avg('ShadowVeryShort', i) && m.lower(i) > 2 * m.body(i) ? 100 : 0)],
  CDLHOMINGPIGEON: [
    11,
    (m, i) =>
      m.color(i - 1) === -1 &&
      m.color(i) === -1 &&
      m.body(i - 1) > m.avg('BodyLong', i - 1) &&
      m.body(i) <= m.avg('BodyShort', i) &&
      m.o[i] < m.o[i - 1] &&
      m.cl[i] > m.cl[i - 1]
        ? 100
        : 0,
  ],
  CDLMATCHINGLOW: [
    6,
    (m, i) => (m.color(i - 1) === -1 && m.color(i) === -1 && near(m.cl[i], m.cl[i - 1], m.avg('Equal', i - 1)) ? 100 : 0),
  ],
  CDLINNECK: [
    11,
    (m, i) => (blackThenLowOpen(m, i) && m.cl[i] >= m.cl[i - 1] && m.cl[i] <= m.cl[i - 1] + m.avg('Equal', i - 1) ? -100 : 0),
  ],
  CDLONNECK: [11, (m, i) => (blackThenLowOpen(m, i) && near(m.cl[i], m.l[i - 1], m.avg('Equal', i - 1)) ? -100 : 0)],
  CDLTHRUSTING: [
    11,
    (m, i) =>
      blackThenLowOpen(m, i) && m.cl[i] > m.cl[i - 1] + m.avg('Equal', i - 1) && m.cl[i] <= m.cl[i - 1] + m.body(i - 1) * 0.5
        ? -100
        : 0,
  ],
  CDL3OUTSIDE: [
    3,
    (m, i) => {
      const c = m.color(i - 1);
      const engulf = c !== m.color(i - 2) && m.top(i - 1) > m.top(i - 2) && m.bot(i - 1) < m.bot(i - 2);
      return engulf && (c === 1 ? m.cl[i] > m.cl[i - 1] : m.cl[i] < m.cl[i - 1]) ? c * 100 : 0;
    },
  ],
  CDL3INSIDE: [
    12,
    (m, i) => {
      const c = m.color(i - 2);
      const inside =
        m.body(i - 2) > m.avg('BodyLong', i - 2) &&
        m.body(i - 1) <= m.avg('BodyShort', i - 1) &&
        m.top(i - 1) < m.top(i - 2) &&
        m.bot(i - 1) > m.bot(i - 2);
      return inside && m.color(i) === -c && (c === 1 ? m.cl[i] < m.o[i - 2] : m.cl[i] > m.o[i - 2]) ? -c * 100 : 0;
    },
  ],
  CDL2CROWS: [
    12,
    (m, i) =>
      m.color(i - 2) === 1 &&
      m.body(i - 2) > m.avg('BodyLong', i - 2) &&
      m.color(i - 1) === -1 &&
      m.bot(i - 1) > m.top(i - 2) &&
      m.color(i) === -1 &&
      m.o[i] < m.o[i - 1] &&
      m.o[i] > m.cl[i - 1] &&
      m.cl[i] > m.o[i - 2] &&
      m.cl[i] < m.cl[i - 2]
        ? -100
        : 0,
  ],
  CDLCOUNTERATTACK: [
    11,
    (m, i) =>
      m.color(i - 1) !== m.color(i) &&
      m.body(i - 1) > m.avg('BodyLong', i - 1) &&
      m.body(i) > m.avg('BodyLong', i) &&
      near(m.cl[i], m.cl[i - 1], m.avg('Equal', i - 1))
        ? m.color(i) * 100
        : 0,
  ],
  CDLKICKING: [11, (m, i) => (kick(m, i) ? m.color(i) * 100 : 0)],
  CDLKICKINGBYLENGTH: [11, (m, i) => (kick(m, i) ? m.color(m.body(i) > m.body(i - 1) ? i : i - 1) * 100 : 0)],
  CDLSEPARATINGLINES: [
    11,
    (m, i) => {
      const c = m.color(i);
      const openSide = c === 1 ? m.lower(i) : m.upper(i);
      return m.color(i - 1) === -c &&
        near(m.o[i], m.o[i - 1], m.avg('Equal', i - 1)) &&
        m.body(i) > m.avg('BodyLong', i) &&
        openSide < m.avg('ShadowVeryShort', i)
        ? c * 100
        : 0;
    },
  ],
  CDLGAPSIDESIDEWHITE: [
    7,
    (m, i) => {
      const up = m.bot(i - 1) > m.top(i - 2) && m.bot(i) > m.top(i - 2);
      const down = m.top(i - 1) < m.bot(i - 2) && m.top(i) < m.bot(i - 2);
      const a = m.avg('Near', i - 1);
      return (up || down) &&
        m.color(i - 1) === 1 &&
        m.color(i) === 1 &&
        m.body(i) >= m.body(i - 1) - a &&
        m.body(i) <= m.body(i - 1) + a &&
        m.o[i] >= m.o[i - 1] - m.avg('Equal', i - 1) &&
        m.o[i] <= m.o[i - 1] + m.avg('Equal', i - 1)
        ? m.bot(i - 1) > m.top(i - 2)
          ? 100
          : -100
        : 0;
    },
  ],
  CDLTASUKIGAP: [
    7,
    (m, i) => {
      const c = m.color(i - 1);
      if (m.color(i) !== -c || !(Math.abs(m.body(i - 1) - m.body(i)) < m.avg('Near', i - 1))) return 0;
      // The second candle opens inside the first body and closes beyond it, inside the gap.
      const opensInside = m.o[i] > m.bot(i - 1) && m.o[i] < m.top(i - 1);
      const hit =
        c === 1
          ? m.bot(i - 1) > m.top(i - 2) && opensInside && m.cl[i] < m.o[i - 1] && m.cl[i] > m.top(i - 2)
          : m.top(i - 1) < m.bot(i - 2) && opensInside && m.cl[i] > m.o[i - 1] && m.cl[i] < m.bot(i - 2);
      return hit ? c * 100 : 0;
    },
  ],
  CDLSTICKSANDWICH: [
    7,
    (m, i) =>
      m.color(i - 2) === -1 &&
      m.color(i - 1) === 1 &&
      m.color(i) === -1 &&
      m.l[i - 1] > m.cl[i - 2] &&
      near(m.cl[i], m.cl[i - 2], m.avg('Equal', i - 2))
        ? 100
        : 0,
  ],
  CDLIDENTICAL3CROWS: [
    12,
    (m, i) => {
      for (let k = 0; k < 3; k++) if (m.color(i - k) !== -1 || !(m.lower(i - k) < m.avg('ShadowVeryShort', i - k))) return 0;
      return m.cl[i - 2] > m.cl[i - 1] &&
        m.cl[i - 1] > m.cl[i] &&
        near(m.o[i - 1], m.cl[i - 2], m.avg('Equal', i - 2)) &&
        near(m.o[i], m.cl[i - 1], m.avg('Equal', i - 1))
        ? -100
        : 0;
    },
  ],
  CDLUPSIDEGAP2CROWS: [
    12,
    (m, i) =>
      m.color(i - 2) === 1 &&
      m.body(i - 2) > m.avg('BodyLong', i - 2) &&
      m.color(i - 1) === -1 &&
      m.body(i - 1) <= m.avg('BodyShort', i - 1) &&
      m.bot(i - 1) > m.top(i - 2) &&
      m.color(i) === -1 &&
      m.o[i] > m.o[i - 1] &&
      m.cl[i] < m.cl[i - 1] &&
      m.cl[i] > m.cl[i - 2]
        ? -100
        : 0,
  ],
  CDLXSIDEGAP3METHODS: [
    2,
    (m, i) => {
      const c = m.color(i - 2);
      const gap = c === 1 ? m.bot(i - 1) > m.top(i - 2) : m.top(i - 1) < m.bot(i - 2);
      return c === m.color(i - 1) &&
        m.color(i) === -c &&
        m.o[i] < m.top(i - 1) &&
        m.o[i] > m.bot(i - 1) &&
        m.cl[i] < m.top(i - 2) &&
        m.cl[i] > m.bot(i - 2) &&
        gap
        ? c * 100
        : 0;
    },
  ],
  CDL3LINESTRIKE: [
    8,
    (m, i) => {
      const c = m.color(i - 1);
      if (m.color(i - 3) !== c || m.color(i - 2) !== c || m.color(i) !== -c) return 0;
      for (const j of [i - 2, i - 1]) {
        // Each of the 2nd and 3rd opens within (or near) the previous body.
        const a = m.avg('Near', j - 1);
        if (!(m.o[j] >= m.bot(j - 1) - a && m.o[j] <= m.top(j - 1) + a)) return 0;
      }
      const steps =
        c === 1
          ? m.cl[i - 1] > m.cl[i - 2] && m.cl[i - 2] > m.cl[i - 3] && m.o[i] > m.cl[i - 1] && m.cl[i] < m.o[i - 3]
          : m.cl[i - 1] < m.cl[i - 2] && m.cl[i - 2] < m.cl[i - 3] && m.o[i] < m.cl[i - 1] && m.cl[i] > m.o[i - 3];
      return steps ? c * 100 : 0;
    },
  ],
  CDLABANDONEDBABY: [
    12,
    (m, i, pen) => {
      if (!(
        m.body(i - 2) > m.avg('BodyLong', i - 2) &&
        m.body(i - 1) <= m.avg('BodyDoji', i - 1) &&
        m.body(i) > m.avg('BodyShort', i)
      ))
        return 0;
      const c = m.color(i);
      if (m.color(i - 2) !== -c) return 0;
      const hit =
        c === -1
          ? m.cl[i] < m.cl[i - 2] - m.body(i - 2) * pen && m.l[i - 1] > m.h[i - 2] && m.h[i] < m.l[i - 1]
          : m.cl[i] > m.cl[i - 2] + m.body(i - 2) * pen && m.h[i - 1] < m.l[i - 2] && m.l[i] > m.h[i - 1];
      return hit ? c * 100 : 0;
    },
  ],
  CDLTRISTAR: [
    12,
    (m, i) => {
      const a = m.avg('BodyDoji', i - 2);
      if (!(m.body(i - 2) <= a && m.body(i - 1) <= a && m.body(i) <= a)) return 0;
      if (m.top(i - 1) < m.bot(i - 2) && m.bot(i) > m.bot(i - 1)) return 100;
      return m.bot(i - 1) > m.top(i - 2) && m.top(i) < m.top(i - 1) ? -100 : 0;
    },
  ],
  CDLUNIQUE3RIVER: [
    12,
    (m, i) =>
      m.body(i - 2) > m.avg('BodyLong', i - 2) &&
      m.color(i - 2) === -1 &&
      m.color(i - 1) === -1 &&
      m.cl[i - 1] > m.cl[i - 2] &&
      m.o[i - 1] <= m.o[i - 2] &&
      m.l[i - 1] < m.l[i - 2] &&
      m.body(i) < m.avg('BodyShort', i) &&
      m.color(i) === 1 &&
      m.o[i] > m.l[i - 1]
        ? 100
        : 0,
  ],
  CDLLADDERBOTTOM: [
    14,
    (m, i) => {
      for (let j = i - 4; j <= i - 1; j++) if (m.color(j) !== -1) return 0;
      for (let j = i - 3; j <= i - 2; j++) if (!(m.o[j - 1] > m.o[j] && m.cl[j - 1] > m.cl[j])) return 0;
      return m.upper(i - 1) > m.avg('ShadowVeryShort', i - 1) && m.color(i) === 1 && m.o[i] > m.o[i - 1] && m.cl[i] > m.h[i - 1]
        ? 100
        : 0;
    },
  ],
  CDLCONCEALBABYSWALL: [
    13,
    (m, i) => {
      for (let j = i - 3; j <= i; j++) if (m.color(j) !== -1) return 0;
      for (const j of [i - 3, i - 2]) if (!(Math.max(m.lower(j), m.upper(j)) < m.avg('ShadowVeryShort', j))) return 0;
      return m.top(i - 1) < m.bot(i - 2) &&
        m.upper(i - 1) > m.avg('ShadowVeryShort', i - 1) &&
        m.h[i - 1] > m.cl[i - 2] &&
        m.h[i] > m.h[i - 1] &&
        m.l[i] < m.l[i - 1]
        ? 100
        : 0;
    },
  ],
  CDLBREAKAWAY: [
    14,
    (m, i) => {
      const c = m.color(i - 4);
      if (!(m.body(i - 4) > m.avg('BodyLong', i - 4)) || m.color(i - 3) !== c || m.color(i - 1) !== c || m.color(i) !== -c)
        return 0;
      const s = c; // trend direction: highs and lows step the same way as the first candle
      const trend = (j: number) => s * (m.h[j] - m.h[j - 1]) > 0 && s * (m.l[j] - m.l[j - 1]) > 0;
      const gap = c === 1 ? m.bot(i - 3) > m.top(i - 4) : m.top(i - 3) < m.bot(i - 4);
      const inGap = c === 1 ? m.cl[i] < m.o[i - 3] && m.cl[i] > m.cl[i - 4] : m.cl[i] > m.o[i - 3] && m.cl[i] < m.cl[i - 4];
      return gap && trend(i - 2) && trend(i - 1) && inGap ? m.color(i) * 100 : 0;
    },
  ],
  CDLHIKKAKE: [5, (m, i) => hikkakeCode(m, i, (j) => hikkakeSetup(m, j, false))],
  CDLHIKKAKEMOD: [10, (m, i) => hikkakeCode(m, i, (j) => hikkakeSetup(m, j, true))],
  CDLSTALLEDPATTERN: [
    12,
    (m, i) =>
      m.color(i - 2) === 1 &&
      m.color(i - 1) === 1 &&
      m.color(i) === 1 &&
      m.cl[i] > m.cl[i - 1] &&
      m.cl[i - 1] > m.cl[i - 2] &&
      m.body(i - 2) > m.avg('BodyLong', i - 2) &&
      m.body(i - 1) > m.avg('BodyLong', i - 1) &&
      m.upper(i - 1) < m.avg('ShadowVeryShort', i - 1) &&
      m.o[i - 1] > m.o[i - 2] &&
      m.o[i - 1] <= m.cl[i - 2] + m.avg('Near', i - 2) &&
      m.body(i) < m.avg('BodyShort', i) &&
      m.o[i] >= m.cl[i - 1] - m.body(i) - m.avg('Near', i - 1)
        ? -100
        : 0,
  ],
  CDLADVANCEBLOCK: [
    12,
    (m, i) => {
      for (let j = i - 2; j <= i; j++) if (m.color(j) !== 1) return 0;
      for (let j = i - 1; j <= i; j++) {
        // Higher closes; each opens within/near the previous body.
        if (!(m.cl[j] > m.cl[j - 1] && m.o[j] > m.o[j - 1] && m.o[j] <= m.cl[j - 1] + m.avg('Near', j - 1))) return 0;
      }
      if (!(m.body(i - 2) > m.avg('BodyLong', i - 2) && m.upper(i - 2) < m.avg('ShadowShort', i - 2))) return 0;
      const [b2, b1, b0] = [m.body(i - 2), m.body(i - 1), m.body(i)];
      const weakens =
        (b1 < b2 - m.avg('Far', i - 2) && b0 < b1 + m.avg('Near', i - 1)) ||
        b0 < b1 - m.avg('Far', i - 1) ||
        (b0 < b1 && b1 < b2 && (m.upper(i) > m.avg('ShadowShort', i) || m.upper(i - 1) > m.avg('ShadowShort', i - 1))) ||
        (b0 < b1 && m.upper(i) > m.body(i));
      return weakens ? -100 : 0;
    },
  ],
  CDL3STARSINSOUTH: [
    12,
    (m, i) =>
      m.color(i - 2) === -1 &&
      m.color(i - 1) === -1 &&
      m.color(i) === -1 &&
      m.body(i - 2) > m.avg('BodyLong', i - 2) &&
      m.lower(i - 2) > m.body(i - 2) &&
      m.body(i - 1) < m.body(i - 2) &&
      m.o[i - 1] > m.cl[i - 2] &&
      m.o[i - 1] <= m.h[i - 2] &&
      m.l[i - 1] < m.cl[i - 2] &&
      m.l[i - 1] >= m.l[i - 2] &&
      m.lower(i - 1) > m.avg('ShadowVeryShort', i - 1) &&
      m.body(i) < m.avg('BodyShort', i) &&
      Math.max(m.lower(i), m.upper(i)) < m.avg('ShadowVeryShort', i) &&
      m.l[i] > m.l[i - 1] &&
      m.h[i] < m.h[i - 1]
        ? 100
        : 0,
  ],
  CDLMATHOLD: [
    14,
    (m, i, pen) => {
      if (!(m.body(i - 4) > m.avg('BodyLong', i - 4))) return 0;
      for (let j = i - 3; j <= i - 1; j++) if (!(m.body(j) < m.avg('BodyShort', j))) return 0;
      if (m.color(i - 4) !== 1 || m.color(i - 3) !== -1 || m.color(i) !== 1 || !(m.bot(i - 3) > m.top(i - 4))) return 0;
      const floor = m.cl[i - 4] - m.body(i - 4) * pen;
      for (const j of [i - 2, i - 1]) if (!(m.bot(j) < m.cl[i - 4] && m.bot(j) > floor)) return 0;
      return m.top(i - 2) < m.o[i - 3] &&
        m.top(i - 1) < m.top(i - 2) &&
        m.o[i] > m.cl[i - 1] &&
        m.cl[i] > Math.max(m.h[i - 3], m.h[i - 2], m.h[i - 1])
        ? 100
        : 0;
    },
  ],
  CDLRISEFALL3METHODS: [
    14,
    (m, i) => {
      const c = m.color(i - 4);
      if (!(m.body(i - 4) > m.avg('BodyLong', i - 4) && m.body(i) > m.avg('BodyLong', i))) return 0;
      for (let j = i - 3; j <= i - 1; j++) {
        // Small, opposite to the first, with part of the body inside the first candle's range.
        if (!(m.body(j) < m.avg('BodyShort', j)) || m.color(j) !== -c || !(m.bot(j) < m.h[i - 4] && m.top(j) > m.l[i - 4]))
          return 0;
      }
      const drift =
        c === 1
          ? m.cl[i - 2] < m.cl[i - 3] && m.cl[i - 1] < m.cl[i - 2] && m.o[i] > m.cl[i - 1] && m.cl[i] > m.cl[i - 4]
          : m.cl[i - 2] > m.cl[i - 3] && m.cl[i - 1] > m.cl[i - 2] && m.o[i] < m.cl[i - 1] && m.cl[i] < m.cl[i - 4];
      return m.color(i) === c && drift ? c * 100 : 0;
    },
  ],
  CDL3WHITESOLDIERS: [
    12,
    (m, i) => {
      for (let k = 0; k < 3; k++) if (m.color(i - k) !== 1 || !(m.upper(i - k) < m.avg('ShadowVeryShort', i - k))) return 0;
      for (let k = 1; k >= 0; k--) {
        const j = i - k; // candle j opens within/near candle j−1's body, closes higher, is not far shorter
        if (!(
          m.cl[j] > m.cl[j - 1] &&
          m.o[j] > m.o[j - 1] &&
          m.o[j] <= m.cl[j - 1] + m.avg('Near', j - 1) &&
          m.body(j) > m.body(j - 1) - m.avg('Far', j - 1)
        ))
          return 0;
      }
      return m.body(i) > m.avg('BodyShort', i) ? 100 : 0;
    },
  ],
  CDL3BLACKCROWS: [
    13,
    (m, i) => {
      if (m.color(i - 3) !== 1 || !(m.h[i - 3] > m.cl[i - 2])) return 0;
      for (let k = 0; k < 3; k++) if (m.color(i - k) !== -1 || !(m.lower(i - k) < m.avg('ShadowVeryShort', i - k))) return 0;
      for (let k = 1; k >= 0; k--) {
        const j = i - k; // opens within the previous black body and closes lower
        if (!(m.o[j] < m.o[j - 1] && m.o[j] > m.cl[j - 1] && m.cl[j - 1] > m.cl[j])) return 0;
      }
      return -100;
    },
  ],
  CDLMARUBOZU: [
    10,
    (m, i) =>
      m.body(i) > m.avg('BodyLong', i) && m.upper(i) < m.avg('ShadowVeryShort', i) && m.lower(i) < m.avg('ShadowVeryShort', i)
        ? m.color(i) * 100
        : 0,
  ],
  CDLSPINNINGTOP: [
    10,
    (m, i) => (m.body(i) < m.avg('BodyShort', i) && m.upper(i) > m.body(i) && m.lower(i) > m.body(i) ? m.color(i) * 100 : 0),
  ],
};

/** Reference codes of pattern `name` (a key of PATTERN_RULES) over `c`: NaN in the warm-up, then TA-Lib's codes. */
export function patternRef(name: string, c: Candles, penetration = 0): Float64Array {
  const [lookback, code] = PATTERN_RULES[name];
  const m = measure(c);
  const n = c.close.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = lookback; i < n; i++) out[i] = code(m, i, penetration);
  return out;
}
