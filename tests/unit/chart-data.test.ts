// Pure chart data preparation (src/ui/charts/data): viewport maths (checked against d3-zoom itself), y fitting,
// candle/volume/line geometry, time ticks, layout, formatting and period validation. No DOM, no clock.
import { describe, expect, it } from 'vitest';
import { scaleLinear, zoomIdentity } from 'd3';
import { barGroupSize, candleShapes, linePoints, type OhlcvColumns } from '../../src/ui/charts/data/candles';
import { priceExtent, volumeMax } from '../../src/ui/charts/data/extent';
import { formatPrice, formatVolume } from '../../src/ui/charts/data/format';
import { chartLayout } from '../../src/ui/charts/data/layout';
import { overlayLabel, overlaysAttribute, parsePeriod } from '../../src/ui/charts/data/overlays';
import { formatBarTime, timeTicks } from '../../src/ui/charts/data/time-ticks';
import {
  barIndexAt,
  defaultDomain,
  domainForTransform,
  fullDomain,
  transformForDomain,
  visibleRange,
  zoomScaleExtent,
} from '../../src/ui/charts/data/viewport';

const identity = (v: number) => v;

function cols(rows: [o: number, h: number, l: number, c: number, v: number][]): OhlcvColumns {
  return {
    open: rows.map((r) => r[0]),
    high: rows.map((r) => r[1]),
    low: rows.map((r) => r[2]),
    close: rows.map((r) => r[3]),
    volume: rows.map((r) => r[4]),
  };
}

/** Trading-day-like timestamps: weekdays only from `start` (UTC midnight), n of them. */
function weekdays(start: number, n: number): number[] {
  const out: number[] = [];
  for (let t = start; out.length < n; t += 86_400_000) {
    const dow = new Date(t).getUTCDay();
    if (dow !== 0 && dow !== 6) out.push(t);
  }
  return out;
}

describe('viewport', () => {
  it('full and default domains', () => {
    expect(fullDomain(100)).toEqual([-0.5, 99.5]);
    expect(fullDomain(0)).toEqual([-0.5, 0.5]);
    expect(defaultDomain(2516, 250)).toEqual([2265.5, 2515.5]);
    expect(defaultDomain(40, 250)).toEqual([-0.5, 39.5]);
  });

  it('visible range counts bars that are partly inside the domain', () => {
    expect(visibleRange([-0.5, 9.5], 10)).toEqual({ start: 0, end: 10 });
    expect(visibleRange([2.4, 5.6], 10)).toEqual({ start: 2, end: 7 });
    expect(visibleRange([2.5, 5.5], 10)).toEqual({ start: 3, end: 6 });
    expect(visibleRange([-50, 3], 10)).toEqual({ start: 0, end: 4 });
    expect(visibleRange([8, 400], 10)).toEqual({ start: 8, end: 10 });
    expect(visibleRange([20, 30], 10)).toEqual({ start: 10, end: 10 });
    expect(visibleRange([0, 5], 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange([5, 5], 10)).toEqual({ start: 0, end: 0 });
  });

  it('transformForDomain is what d3-zoom rescaleX needs to show the target domain', () => {
    const full = fullDomain(2516);
    const range = [8, 1212] as const;
    const target = defaultDomain(2516, 250);
    const t = transformForDomain(full, range, target);
    const base = scaleLinear().domain(full).range(range);
    const shown = zoomIdentity.translate(t.x, 0).scale(t.k).rescaleX(base).domain();
    expect(shown[0]).toBeCloseTo(target[0], 9);
    expect(shown[1]).toBeCloseTo(target[1], 9);
    const back = domainForTransform(full, range, t);
    expect(back[0]).toBeCloseTo(target[0], 9);
    expect(back[1]).toBeCloseTo(target[1], 9);
  });

  it('domainForTransform agrees with d3 for an arbitrary transform', () => {
    const full = fullDomain(500);
    const range = [10, 810] as const;
    const t = { k: 3.7, x: -1234.5 };
    const d3Domain = zoomIdentity.translate(t.x, 0).scale(t.k).rescaleX(scaleLinear().domain(full).range(range)).domain();
    const ours = domainForTransform(full, range, t);
    expect(ours[0]).toBeCloseTo(d3Domain[0], 9);
    expect(ours[1]).toBeCloseTo(d3Domain[1], 9);
    expect(domainForTransform(full, range, { k: 1, x: 0 })).toEqual([-0.5, 499.5]);
  });

  it('zoom limits and bar under the pointer', () => {
    expect(zoomScaleExtent(2500, 10)).toEqual([1, 250]);
    expect(zoomScaleExtent(5, 10)).toEqual([1, 1]);
    expect(barIndexAt(3.49, 10)).toBe(3);
    expect(barIndexAt(3.5, 10)).toBe(4);
    expect(barIndexAt(-7, 10)).toBe(0);
    expect(barIndexAt(42, 10)).toBe(9);
    expect(barIndexAt(1, 0)).toBe(-1);
    expect(barIndexAt(NaN, 10)).toBe(-1);
  });
});

describe('extent', () => {
  const low = [10, 9, NaN, 12, 1];
  const high = [11, 14, NaN, 13, 100];

  it('fits low/high of visible bars only, skipping NaN, with padding', () => {
    expect(priceExtent(low, high, 0, 4, [], 0)).toEqual([9, 14]);
    const [lo, hi] = priceExtent(low, high, 0, 4)!;
    expect(lo).toBeCloseTo(9 - 0.25, 12);
    expect(hi).toBeCloseTo(14 + 0.25, 12);
    expect(priceExtent(low, high, 0, 5, [], 0)).toEqual([1, 100]);
  });

  it('widens to overlay lines in range, ignoring their NaN warm-up', () => {
    const line = [NaN, NaN, 20, 8.5, 500];
    expect(priceExtent(low, high, 0, 4, [line], 0)).toEqual([8.5, 20]);
  });

  it('a flat stretch still gets a span; nothing finite gives null', () => {
    expect(priceExtent([50, 50], [50, 50], 0, 2)).toEqual([49.75, 50.25]);
    expect(priceExtent([0], [0], 0, 1)).toEqual([-0.5, 0.5]);
    expect(priceExtent([NaN], [NaN], 0, 1)).toBeNull();
    expect(priceExtent(low, high, 2, 2)).toBeNull();
  });

  it('volume max over the range', () => {
    expect(volumeMax([5, NaN, 7, 100], 0, 3)).toBe(7);
    expect(volumeMax([NaN, NaN], 0, 2)).toBe(0);
    expect(volumeMax([Infinity, 3], 0, 2)).toBe(3);
    // Grouped as candles merge them: [0,1] [2,3] [4,5], groups overlapping the range count whole.
    expect(volumeMax([1, 2, 30, NaN, 4, 4], 1, 5, 2)).toBe(30);
    expect(volumeMax([1, 2, 3, 4, 5, 6], 3, 6, 3)).toBe(15);
  });
});

describe('candles', () => {
  it('group size keeps at least minPx per candle', () => {
    expect(barGroupSize(10)).toBe(1);
    expect(barGroupSize(2)).toBe(1);
    expect(barGroupSize(0.5)).toBe(4);
    expect(barGroupSize(0.03)).toBe(67);
    expect(barGroupSize(0)).toBe(1);
  });

  it('geometry of single bars with plain scales', () => {
    const c = cols([
      [10, 12, 9, 11, 100],
      [11, 11.5, 8, 8.5, 50],
    ]);
    const s = { x: (i: number) => 100 + i * 10, y: (p: number) => 200 - p * 10, v: (v: number) => 300 - v };
    const [a, b] = candleShapes(c, { start: 0, end: 2 }, s, 10);
    expect(a).toEqual({
      first: 0,
      last: 0,
      up: true,
      wickX: 100,
      wickTop: 80,
      wickBottom: 110,
      bodyX: 97,
      bodyWidth: 7,
      bodyTop: 90,
      bodyHeight: 10,
      volumeTop: 200,
      volumeHeight: 100,
    });
    expect(b.up).toBe(false);
    expect(b.bodyTop).toBe(90);
    expect(b.bodyHeight).toBe(25);
    expect(b.volumeHeight).toBe(50);
  });

  it('a doji keeps a 1-px body and a bar with a NaN price is skipped', () => {
    const c = cols([
      [10, 10, 10, 10, NaN],
      [NaN, 12, 9, 11, 5],
    ]);
    const shapes = candleShapes(c, { start: 0, end: 2 }, { x: identity, y: identity, v: (v) => 50 - v }, 1);
    expect(shapes).toHaveLength(1);
    expect(shapes[0].bodyHeight).toBe(1);
    expect(shapes[0].bodyWidth).toBe(1);
    expect(shapes[0].volumeHeight).toBe(0);
  });

  it('dense bars merge into OHLCV aggregates aligned to multiples of the group size', () => {
    const c = cols([
      [1, 5, 0.5, 2, 10],
      [2, 7, 1.5, 3, 20],
      [3, 4, 0.2, 1, 30],
      [1, 9, 1, 8, 40],
      [8, 8, 6, 7, 50],
    ]);
    const s = { x: identity, y: (p: number) => -10 * p, v: (v: number) => -v };
    const shapes = candleShapes(c, { start: 1, end: 5 }, s, 0.5, 2);
    expect(shapes.map((g) => [g.first, g.last])).toEqual([
      [0, 1],
      [2, 3],
      [4, 4],
    ]);
    // Group 0–1: open 1, high 7, low 0.5, close 3, volume 30 → up candle.
    expect(shapes[0]).toMatchObject({ up: true, wickTop: -70, wickBottom: -5, bodyTop: -30, bodyHeight: 20, volumeTop: -30 });
    // Group 2–3: open 3, high 9, low 0.2, close 8, volume 70.
    expect(shapes[1]).toMatchObject({ up: true, wickTop: -90, wickBottom: -2, bodyTop: -80, bodyHeight: 50, volumeTop: -70 });
    // Candles are centred on their group and one group wide (2 bars × 0.5 px → 1 px body).
    expect(shapes[1].wickX).toBe(3);
    expect(shapes[1].bodyWidth).toBe(1);
    expect(shapes[2].up).toBe(false);
  });

  it('line points break at NaN and extend one group past each edge', () => {
    const values = [NaN, NaN, 3, 4, 5, 6, 7, 8];
    const pts = Array.from(
      linePoints(
        values,
        { start: 3, end: 5 },
        (i) => i * 10,
        (v) => v * 2,
      ),
    );
    expect(pts).toEqual([20, 6, 30, 8, 40, 10, 50, 12]);
    const all = Array.from(linePoints(values, { start: 0, end: 8 }, identity, identity));
    expect(all.slice(0, 4)).toEqual([0, NaN, 1, NaN]);
    const grouped = Array.from(linePoints(values, { start: 0, end: 8 }, identity, identity, 3));
    // Groups [0,2], [3,5], [6,8): the last bar of each.
    expect(grouped).toEqual([2, 3, 5, 6, 7, 8]);
    expect(linePoints(values, { start: 8, end: 8 }, identity, identity).length).toBe(0);
  });
});

describe('time ticks', () => {
  it('daily bars over a year get month ticks, the new year labelled with its number', () => {
    const ts = weekdays(Date.UTC(2024, 9, 1), 200); // Oct 2024 … Jul 2025
    const ticks = timeTicks(ts, { start: 0, end: ts.length }, 12);
    expect(ticks.length).toBeGreaterThan(5);
    expect(ticks.length).toBeLessThanOrEqual(12);
    const labels = ticks.map((t) => t.label);
    expect(labels.slice(0, 4)).toEqual(['Nov', 'Dec', '2025', 'Feb']);
    for (const t of ticks) expect(new Date(ts[t.index]).getUTCMonth()).not.toBe(new Date(ts[t.index - 1]).getUTCMonth());
  });

  it('intraday bars get clock-time ticks and a date at each new session', () => {
    const ts: number[] = [];
    for (const day of [2, 3]) for (let m = 0; m < 390; m++) ts.push(Date.UTC(2025, 11, day, 9, 30 + m));
    const ticks = timeTicks(ts, { start: 0, end: ts.length }, 16);
    const labels = ticks.map((t) => t.label);
    expect(labels).toContain('Dec 3');
    expect(labels).toContain('12:00');
    expect(labels.every((l) => /^(\d\d:\d\d|Dec 3)$/.test(l))).toBe(true);
    expect(ticks.length).toBeLessThanOrEqual(16);
  });

  it('many years of bars fall back to year ticks; nothing for an empty range', () => {
    const ts = weekdays(Date.UTC(2016, 0, 4), 2500);
    const labels = timeTicks(ts, { start: 0, end: ts.length }, 6).map((t) => t.label);
    expect(labels).toEqual(['2018', '2020', '2022', '2024']);
    expect(timeTicks(ts, { start: 5, end: 5 }, 6)).toEqual([]);
  });

  it('formats a bar time for each timeframe (naive wall-clock, UTC getters)', () => {
    const t = Date.UTC(2025, 0, 2, 9, 35);
    expect(formatBarTime(t, '1m')).toBe('2025-01-02 09:35');
    expect(formatBarTime(t, '1h')).toBe('2025-01-02 09:35');
    expect(formatBarTime(t, '1d')).toBe('2025-01-02');
    expect(formatBarTime(t, '1w')).toBe('2025-01-02');
    expect(formatBarTime(t, '1mo')).toBe('2025-01');
    expect(formatBarTime(NaN, '1d')).toBe('—');
  });
});

describe('layout and formatting', () => {
  it('panes are ordered top to bottom inside the element', () => {
    const L = chartLayout(1200, 500);
    expect(L.left).toBeLessThan(L.right);
    expect(L.right).toBeLessThan(1200);
    expect(L.priceTop).toBeLessThan(L.priceBottom);
    expect(L.priceBottom).toBeLessThan(L.volumeTop);
    expect(L.volumeTop).toBeLessThan(L.volumeBottom);
    expect(L.volumeBottom).toBeLessThan(500);
    const tiny = chartLayout(0, 0);
    expect(tiny.right).toBeGreaterThan(tiny.left);
  });

  it('prices, volumes', () => {
    expect(formatPrice(123.456)).toBe('123.46');
    expect(formatPrice(0.012345)).toBe('0.01235');
    expect(formatPrice(NaN)).toBe('—');
    expect(formatVolume(1_234_567)).toBe('1.2M');
    expect(formatVolume(4_100)).toBe('4.1K');
    expect(formatVolume(2.5e9)).toBe('2.5B');
    expect(formatVolume(950)).toBe('950');
    expect(formatVolume(NaN)).toBe('—');
  });
});

describe('overlay specs', () => {
  it('labels in drawing order', () => {
    expect(overlayLabel({ fn: 'SMA', period: 20 })).toBe('SMA(20)');
    expect(
      overlaysAttribute([
        { fn: 'SMA', period: 20 },
        { fn: 'EMA', period: 50 },
      ]),
    ).toBe('SMA(20),EMA(50)');
    expect(overlaysAttribute([])).toBe('');
  });

  it('accepts whole periods 2..100000 and says what is wrong otherwise', () => {
    expect(parsePeriod('SMA', '35')).toEqual({ ok: true, period: 35 });
    expect(parsePeriod('EMA', ' 2 ')).toEqual({ ok: true, period: 2 });
    expect(parsePeriod('EMA', '100000')).toEqual({ ok: true, period: 100000 });
    for (const [text, why] of [
      ['1', /EMA period 1 is outside 2–100000/],
      ['100001', /outside/],
      ['', /empty/],
      ['12.5', /not a whole number/],
      ['-3', /not a whole number/],
      ['abc', /not a whole number/],
    ] as const) {
      const r = parsePeriod('EMA', text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(why);
    }
  });
});
