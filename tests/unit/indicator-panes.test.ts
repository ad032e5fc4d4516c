// The indicator UI's pure parts: placement, labels, guides, pane extent/layout, histogram and pattern-marker
// geometry (src/ui/charts/data/indicator-panes.ts), the picker's grouping and search
// (src/ui/state/indicator-catalog.ts) and parameter validation (src/ui/state/indicator-params.ts), the last
// checked against the engine registry's own validation for all 156 functions.
import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3';
import type { IndicatorMeta, IndicatorParamMeta } from '../../src/shared/engine-api';
import {
  INDICATOR_NAMES,
  INDICATORS,
  indicatorMeta,
  MA_TYPES as ENGINE_MA_TYPES,
  resolveIndicator,
} from '../../src/engine/indicators/registry';
import { formatIndicatorValue } from '../../src/ui/charts/data/format';
import { chartLayout } from '../../src/ui/charts/data/layout';
import {
  countFinite,
  drawsAsDots,
  histogramBars,
  indicatorLabel,
  indicatorPlacement,
  isHistogramOutput,
  paneExtent,
  paneGuides,
  paneLayout,
  patternMarkers,
} from '../../src/ui/charts/data/indicator-panes';
import { GROUP_ORDER, groupCatalog } from '../../src/ui/state/indicator-catalog';
import { MA_TYPES, paramRange, parseParam, parseParams } from '../../src/ui/state/indicator-params';

const identity = (v: number) => v;
const ALL: IndicatorMeta[] = INDICATOR_NAMES.map((n) => indicatorMeta(INDICATORS.get(n)!));
const meta = (name: string) => ALL.find((m) => m.name === name)!;

describe('placement and labels', () => {
  it('overlap studies go on the price chart, patterns become markers, everything else gets a pane', () => {
    expect(indicatorPlacement(meta('BBANDS'))).toBe('price');
    expect(indicatorPlacement(meta('SAR'))).toBe('price');
    expect(indicatorPlacement(meta('MIDPOINT'))).toBe('price');
    expect(indicatorPlacement(meta('CDLENGULFING'))).toBe('pattern');
    for (const n of ['RSI', 'MACD', 'STOCH', 'ADX', 'OBV', 'ATR', 'ADD', 'SIN', 'HT_DCPERIOD', 'TYPPRICE', 'BETA']) {
      expect(indicatorPlacement(meta(n)), n).toBe('pane');
    }
    const count = (p: string) => ALL.filter((m) => indicatorPlacement(m) === p).length;
    const inGroup = (g: string) => ALL.filter((m) => m.group === g).length;
    expect(count('price')).toBe(inGroup('Overlap Studies'));
    expect(count('pattern')).toBe(inGroup('Pattern Recognition'));
    expect(count('pattern')).toBeGreaterThanOrEqual(61);
    expect(count('pane')).toBe(ALL.length - count('price') - count('pattern'));
  });

  it('SAR and SAREXT are dots; macdhist (MACD, MACDEXT, MACDFIX) is a histogram', () => {
    expect(drawsAsDots('SAR') && drawsAsDots('SAREXT')).toBe(true);
    expect(drawsAsDots('SMA')).toBe(false);
    for (const n of ['MACD', 'MACDEXT', 'MACDFIX']) {
      expect(
        meta(n)
          .outputs.map((o) => o.name)
          .filter(isHistogramOutput),
      ).toEqual(['macdhist']);
    }
    expect(isHistogramOutput('macd')).toBe(false);
  });

  it('labels list parameter values in registry order', () => {
    expect(indicatorLabel('BBANDS', [20, 2, 2, 0])).toBe('BBANDS(20,2,2,0)');
    expect(indicatorLabel('SAR', [0.02, 0.2])).toBe('SAR(0.02,0.2)');
    expect(indicatorLabel('CDLENGULFING', [])).toBe('CDLENGULFING');
  });

  it('oscillator guides', () => {
    expect(paneGuides('RSI')).toEqual([30, 70]);
    expect(paneGuides('STOCH')).toEqual([20, 80]);
    expect(paneGuides('WILLR')).toEqual([-80, -20]);
    expect(paneGuides('MACD')).toEqual([]);
  });
});

describe('pane scales and geometry', () => {
  it('countFinite skips the NaN warm-up and gaps', () => {
    expect(countFinite([NaN, NaN, 1, 2, NaN, 0])).toBe(3);
    expect(countFinite(new Float64Array(0))).toBe(0);
  });

  it('paneExtent fits the visible values, includes guides and zero, pads, and survives flat/empty input', () => {
    const rsi = [NaN, NaN, 40, 50, 60, 95];
    // bars 2..4 only: 40..60 widened to the 30/70 guides, span 40 padded by 8 % each side
    const [lo, hi] = paneExtent([rsi], 2, 5, [30, 70]);
    expect(lo).toBeCloseTo(30 - 3.2, 12);
    expect(hi).toBeCloseTo(70 + 3.2, 12);
    // the whole series reaches 95
    expect(paneExtent([rsi], 0, 6, [30, 70], 0)).toEqual([30, 95]);
    // two series and a histogram's zero line
    expect(
      paneExtent(
        [
          [1, 2],
          [3, 4],
        ],
        0,
        2,
        [0],
        0,
      ),
    ).toEqual([0, 4]);
    // flat and empty ranges still have a span
    expect(paneExtent([[5, 5, 5]], 0, 3)).toEqual([4.95, 5.05]);
    expect(paneExtent([[0, 0]], 0, 2)).toEqual([-0.5, 0.5]);
    expect(paneExtent([[NaN, NaN]], 0, 2)).toEqual([0, 1]);
    expect(paneExtent([], 0, 0, [20, 80], 0)).toEqual([20, 80]);
  });

  it('paneLayout shares the price chart plot span so bars line up', () => {
    for (const w of [400, 1234]) {
      const p = paneLayout(w, 130);
      const c = chartLayout(w, 600);
      expect([p.left, p.right]).toEqual([c.left, c.right]);
      expect(p.top).toBeLessThan(p.bottom);
      expect(p.bottom).toBeLessThanOrEqual(130);
    }
    const tiny = paneLayout(0, 0);
    expect(tiny.right).toBeGreaterThan(tiny.left);
    expect(tiny.bottom).toBeGreaterThan(tiny.top);
  });

  it('histogramBars run from zero to each finite value, one per group', () => {
    const y = scaleLinear().domain([-2, 2]).range([100, 0]); // zero at y = 50
    const bars = histogramBars([NaN, 1, -2, 0.5], { start: 0, end: 4 }, (i) => i * 10, y, 10);
    expect(bars).toHaveLength(3);
    expect(bars[0]).toEqual({ x: 10 - 3.5, width: 7, y0: 25, y1: 50, up: true });
    expect(bars[1]).toEqual({ x: 20 - 3.5, width: 7, y0: 50, y1: 100, up: false });
    expect(bars[2].up).toBe(true);
    // groups of 2 take the group's last value and sit at the group's centre
    const g = histogramBars([1, -1, 2, 2], { start: 0, end: 4 }, identity, identity, 1, 2);
    expect(g.map((b) => [b.x + b.width / 2, b.y0, b.y1, b.up])).toEqual([
      [0.5, -1, 0, false],
      [2.5, 0, 2, true],
    ]);
    expect(histogramBars([1, 2], { start: 1, end: 1 }, identity, identity, 1)).toEqual([]);
  });

  it('patternMarkers: ▲ at the low for positive codes, ▼ at the high for negative, none for 0/NaN or outside the range', () => {
    const codes = [0, 100, -100, NaN, 200, -200];
    const low = [1, 2, 3, 4, 5, 6];
    const high = [11, 12, 13, 14, 15, 16];
    const m = patternMarkers(
      codes,
      low,
      high,
      { start: 0, end: 5 },
      (i) => i * 10,
      (v) => -v,
    );
    expect(m).toEqual([
      { index: 1, x: 10, y: -2, up: true },
      { index: 2, x: 20, y: -13, up: false },
      { index: 4, x: 40, y: -5, up: true },
    ]);
    expect(patternMarkers(codes, low, high, { start: 5, end: 6 }, identity, identity)).toEqual([
      { index: 5, x: 5, y: 16, up: false },
    ]);
    // a hit on a bar without prices draws nothing
    expect(patternMarkers([100], [NaN], [NaN], { start: 0, end: 1 }, identity, identity)).toEqual([]);
  });
});

describe('pane legend values', () => {
  it('formatIndicatorValue: 4 significant digits, whole numbers from 1000, suffixes from a million, dash for NaN', () => {
    expect(formatIndicatorValue(54.32109)).toBe('54.32');
    expect(formatIndicatorValue(-0.0123456)).toBe('-0.01235');
    expect(formatIndicatorValue(100)).toBe('100');
    expect(formatIndicatorValue(0)).toBe('0');
    expect(formatIndicatorValue(12345.6)).toBe('12346');
    expect(formatIndicatorValue(-2_345_678)).toBe('-2.3M');
    expect(formatIndicatorValue(NaN)).toBe('—');
  });
});

describe('picker catalogue', () => {
  it('groups all functions in TA-Lib groups, overlap studies first and math last, names sorted', () => {
    const groups = groupCatalog(ALL, '');
    expect(groups.map((g) => g.group)).toEqual(GROUP_ORDER);
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(ALL.length);
    for (const g of groups) {
      expect(g.items.every((m) => m.group === g.group)).toBe(true);
      const names = g.items.map((m) => m.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    }
  });

  it('search matches every word in name, description or group, case-insensitively', () => {
    const rsi = groupCatalog(ALL, 'rsi').flatMap((g) => g.items);
    expect(rsi.map((m) => m.name)).toEqual(expect.arrayContaining(['RSI', 'STOCHRSI']));
    for (const m of rsi) expect(`${m.name} ${m.description}`.toLowerCase()).toContain('rsi');
    expect(rsi.length).toBeLessThan(6);
    const engulf = groupCatalog(ALL, '  Engulfing ');
    expect(engulf).toEqual([{ group: 'Pattern Recognition', items: [meta('CDLENGULFING')] }]);
    const bands = groupCatalog(ALL, 'bollinger bands');
    expect(bands.flatMap((g) => g.items.map((m) => m.name))).toEqual(['BBANDS']);
    expect(groupCatalog(ALL, 'no such thing')).toEqual([]);
    // an unknown group is listed after the known ones
    const odd = { ...meta('RSI'), name: 'ZZZ', group: 'Custom' };
    expect(groupCatalog([odd, meta('SMA')], '').map((g) => g.group)).toEqual(['Overlap Studies', 'Custom']);
  });
});

describe('parameter validation', () => {
  const period: IndicatorParamMeta = { name: 'timeperiod', default: 14, min: 2, max: 100000, type: 'integer' };
  const dev: IndicatorParamMeta = { name: 'nbdevup', default: 2, min: -3e37, max: 3e37, type: 'real' };
  const accel: IndicatorParamMeta = { name: 'acceleration', default: 0.02, min: 0, max: 3e37, type: 'real' };

  it('accepts numbers in range and says why anything else is rejected', () => {
    expect(parseParam('RSI', period, ' 14 ')).toEqual({ ok: true, value: 14 });
    expect(parseParam('RSI', period, '1')).toEqual({ ok: false, error: 'RSI timeperiod 1 is outside 2–100000' });
    expect(parseParam('RSI', period, '14.5')).toEqual({ ok: false, error: 'RSI timeperiod "14.5" is not a whole number' });
    expect(parseParam('RSI', period, 'abc')).toEqual({ ok: false, error: 'RSI timeperiod "abc" is not a number' });
    expect(parseParam('RSI', period, '')).toEqual({
      ok: false,
      error: 'RSI timeperiod is empty: enter a whole number (2–100000)',
    });
    expect(parseParam('BBANDS', dev, '-1.5')).toEqual({ ok: true, value: -1.5 });
    expect(parseParam('SAR', accel, '-0.1')).toEqual({ ok: false, error: 'SAR acceleration -0.1 is outside ≥ 0' });
    expect(parseParam('SAR', accel, 'Infinity').ok).toBe(false);
    expect(paramRange(dev)).toBe('any number');
  });

  it('parseParams collects values and per-field errors', () => {
    expect(parseParams('X', [period, dev], { timeperiod: '20', nbdevup: '2.5' })).toEqual({
      values: { timeperiod: 20, nbdevup: 2.5 },
      errors: {},
    });
    const bad = parseParams('X', [period, dev], { timeperiod: '0' });
    expect(Object.keys(bad.errors)).toEqual(['timeperiod', 'nbdevup']);
  });

  it('MA type names are the engine registry’s, in TA_MAType code order', () => {
    expect(MA_TYPES).toEqual(ENGINE_MA_TYPES);
  });

  // The form checks each field alone; rules across fields (MAVP minperiod ≤ maxperiod) are the engine's, whose
  // message the form then shows. So the UI may accept what the engine rejects, never the other way round.
  it('agrees with the engine registry at every bound of every parameter of all functions', () => {
    let checked = 0;
    const crossField: string[] = [];
    for (const m of ALL) {
      const defaults = parseParams(m.name, m.params, Object.fromEntries(m.params.map((p) => [p.name, String(p.default)])));
      expect(defaults.errors, m.name).toEqual({});
      expect(() => resolveIndicator({ fn: m.name, params: defaults.values }), m.name).not.toThrow();
      for (const p of m.params) {
        const candidates = [p.min, p.max, p.min - 1, p.max + 1, p.type === 'real' ? p.default : p.default + 0.5];
        for (const v of candidates) {
          if (!Number.isFinite(v)) continue;
          const ui = parseParam(m.name, p, String(v)).ok;
          let engine = true;
          try {
            resolveIndicator({ fn: m.name, params: { ...defaults.values, [p.name]: v } });
          } catch {
            engine = false;
          }
          if (!ui) expect(engine, `${m.name} ${p.name}=${v}: the engine accepts what the form rejects`).toBe(false);
          if (!ui) checked++;
          else if (!engine) crossField.push(`${m.name} ${p.name}=${v}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    // single-field bounds agree everywhere except MAVP's minperiod/maxperiod cross-check
    expect(crossField).toContain('MAVP minperiod=100000');
    expect(crossField.every((c) => c.startsWith('MAVP '))).toBe(true);
  });
});
