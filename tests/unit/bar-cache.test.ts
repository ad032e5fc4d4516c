/** The bar cache's pure planning and its logic over the in-memory backend: hashes, month ranges, merging, checksums, eviction, migration. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BarCache, CacheFullError, concatBars, encodeChunk, isQuotaError } from '../../src/store/bar-cache';
import { memoryBackend } from '../../src/store/bar-cache-memory';
import {
  chooseEvictions,
  missingRanges,
  monthsBetween,
  dayNumber,
  seriesKey,
  seriesSymbolId,
  splitByMonth,
  type ChunkMeta,
  type SeriesId,
} from '../../src/store/cache-plan';
import { migrateV1Record } from '../../src/store/cache-schema';
import { barsContentHash, fnv1a64 } from '../../src/store/chunk-hash';
import type { Bars } from '../../src/shared/types';

const enc = (s: string) => new TextEncoder().encode(s);
const DAY = 86_400_000;

/** Daily bars on every weekday of [from, to], close = 100 + day index · step. */
function daily(symbol: string, from: string, to: string, step = 1): Bars {
  const ts: number[] = [];
  for (let d = dayNumber(from); d <= dayNumber(to); d++) if (![0, 6].includes(new Date(d * DAY).getUTCDay())) ts.push(d * DAY);
  const c = ts.map((t) => 100 + (t / DAY - 18000) * step);
  const f = (a: number[]) => Float64Array.from(a);
  return {
    symbol,
    timeframe: '1d',
    ts: f(ts),
    open: f(c),
    high: f(c.map((x) => x + 1)),
    low: f(c.map((x) => x - 1)),
    close: f(c),
    volume: f(c.map(() => 1000)),
  };
}

const AAPL: SeriesId = { source: 'polygon', symbol: 'AAPL', timeframe: '1d', adjusted: true };

describe('hashes', () => {
  it('fnv1a64 matches the FNV reference vectors', () => {
    expect(fnv1a64(enc(''))).toBe('cbf29ce484222325');
    expect(fnv1a64(enc('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64(enc('foobar'))).toBe('85944171f73967e8');
  });
  it('the content hash depends on values only, and on every value', () => {
    const a = daily('X', '2024-01-01', '2024-01-31');
    const b = { ...daily('Y', '2024-01-01', '2024-01-31'), timeframe: '1m' as const };
    expect(barsContentHash(a)).toBe(barsContentHash(b));
    const c = daily('X', '2024-01-01', '2024-01-31');
    c.close[5] += 1e-9;
    expect(barsContentHash(c)).not.toBe(barsContentHash(a));
    const n1 = daily('X', '2024-01-01', '2024-01-05');
    const n2 = daily('X', '2024-01-01', '2024-01-05');
    n1.volume[0] = NaN;
    n2.volume[0] = -NaN;
    expect(barsContentHash(n1)).toBe(barsContentHash(n2));
  });
});

describe('planning', () => {
  const meta = (month: string, coveredFrom: string, coveredTo: string) => ({ month, coveredFrom, coveredTo });
  it('lists months and keys', () => {
    expect(monthsBetween(dayNumber('2023-11-30'), dayNumber('2024-02-01'))).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(seriesKey(AAPL)).toBe('polygon|AAPL|1d|adj');
    expect(seriesSymbolId(AAPL)).toBe('POLYGON:AAPL');
    expect(seriesSymbolId({ ...AAPL, adjusted: false })).toBe('POLYGON.RAW:AAPL');
  });
  it('asks for everything when nothing is cached, merged into one range', () => {
    expect(missingRanges([], '2024-01-15', '2024-03-10')).toEqual([{ from: '2024-01-15', to: '2024-03-10' }]);
  });
  it('asks only for the days outside the cached coverage', () => {
    const metas = [meta('2024-01', '2024-01-01', '2024-01-31'), meta('2024-02', '2024-02-01', '2024-02-14')];
    expect(missingRanges(metas, '2024-01-10', '2024-03-05')).toEqual([{ from: '2024-02-15', to: '2024-03-05' }]);
    expect(missingRanges(metas, '2024-01-10', '2024-02-10')).toEqual([]);
    // a gap before the coverage and one after it
    expect(missingRanges([meta('2024-01', '2024-01-10', '2024-01-20')], '2024-01-01', '2024-01-31')).toEqual([
      { from: '2024-01-01', to: '2024-01-09' },
      { from: '2024-01-21', to: '2024-01-31' },
    ]);
  });
  it('widens a gap back over cached days by the overlap, never before the coverage', () => {
    const metas = [meta('2024-01', '2024-01-01', '2024-01-31')];
    expect(missingRanges(metas, '2024-01-01', '2024-02-10', 7)).toEqual([{ from: '2024-01-25', to: '2024-02-10' }]);
    expect(missingRanges([meta('2024-01', '2024-01-29', '2024-01-31')], '2024-01-29', '2024-02-10', 7)).toEqual([
      { from: '2024-01-29', to: '2024-02-10' },
    ]);
  });
  it('rejects bad dates naming the field', () => {
    expect(() => missingRanges([], '2024-02-30', '2024-03-01')).toThrow(/from must be a date YYYY-MM-DD, got "2024-02-30"/);
    expect(() => missingRanges([], '2024-03-02', '2024-03-01')).toThrow(/after/);
  });
  it('without overlap, the missing ranges are exactly the uncached requested days (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 90 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 27 }), fc.integer({ min: 0, max: 27 })), {
          maxLength: 4,
        }),
        (a, b, cs) => {
          const base = dayNumber('2024-01-01');
          const [lo, hi] = [Math.min(a, b) + base, Math.max(a, b) + base];
          const metas = new Map<string, { month: string; coveredFrom: string; coveredTo: string }>();
          for (const [m, x, y] of cs) {
            const month = `2024-0${m + 1}`;
            const first = dayNumber(`${month}-01`);
            const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
            metas.set(month, { month, coveredFrom: iso(first + Math.min(x, y)), coveredTo: iso(first + Math.max(x, y)) });
          }
          const covered = (d: number) =>
            [...metas.values()].some((m) => dayNumber(m.coveredFrom) <= d && d <= dayNumber(m.coveredTo));
          const ranges = missingRanges(
            [...metas.values()],
            new Date(lo * DAY).toISOString().slice(0, 10),
            new Date(hi * DAY).toISOString().slice(0, 10),
          );
          const inRanges = (d: number) => ranges.some((r) => dayNumber(r.from) <= d && d <= dayNumber(r.to));
          for (let d = lo; d <= hi; d++) expect(inRanges(d)).toBe(!covered(d));
          for (const r of ranges) for (let d = dayNumber(r.from); d <= dayNumber(r.to); d++) expect(covered(d)).toBe(false);
        },
      ),
    );
  });
  it('splits bars by month', () => {
    const b = daily('X', '2024-01-29', '2024-03-04');
    const parts = splitByMonth(b);
    expect(parts.map((p) => p.month)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(parts[0]).toMatchObject({ start: 0, end: 3 });
    expect(parts[2].end).toBe(b.ts.length);
  });
  it('evicts least recently used first, never CSV, pinned or protected chunks', () => {
    const m = (key: string, source: ChunkMeta['source'], series: string, lastUsedAt: number, bytes = 100) =>
      ({ key, source, series, lastUsedAt, fetchedAt: 0, bytes }) as ChunkMeta;
    const metas = [
      m('a', 'polygon', 's1', 5),
      m('b', 'csv', 's2', 1),
      m('c', 'yahoo', 's3', 2),
      m('d', 'polygon', 's4', 3),
      m('e', 'polygon', 's5', 4),
    ];
    const guard = { pinned: new Set(['s4']), protect: new Set(['s5']) };
    expect(chooseEvictions(metas, 150, guard).map((x) => x.key)).toEqual(['c', 'a']);
    expect(chooseEvictions(metas, 1, guard).map((x) => x.key)).toEqual(['c']);
    expect(chooseEvictions(metas, 1e9, guard).map((x) => x.key)).toEqual(['c', 'a']);
  });
});

describe('BarCache on the memory backend', () => {
  it('round-trips bars through month chunks with metadata', async () => {
    const cache = new BarCache(memoryBackend(), () => 1000);
    const bars = daily('AAPL', '2024-01-02', '2024-03-28');
    const w = await cache.write(AAPL, bars, { from: '2024-01-01', to: '2024-03-31' });
    expect(w.written.map((m) => m.month)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(w.written[1]).toMatchObject({
      rows: 21,
      coveredFrom: '2024-02-01',
      coveredTo: '2024-02-29',
      series: 'polygon|AAPL|1d|adj',
      fetchedAt: 1000,
    });
    const { bars: back, discarded } = await cache.read(AAPL);
    expect(discarded).toEqual([]);
    expect(back.symbol).toBe('POLYGON:AAPL');
    expect(Array.from(back.close)).toEqual(Array.from(bars.close));
    const part = (await cache.read(AAPL, { from: '2024-02-10', to: '2024-02-20' })).bars;
    expect(part.ts[0]).toBe(dayNumber('2024-02-12') * DAY);
    expect(part.ts.length).toBe(7);
    const [s] = await cache.list();
    expect(s).toMatchObject({ id: 'POLYGON:AAPL', months: 3, rows: bars.ts.length, from: '2024-01-01', to: '2024-03-31' });
  });

  it('merges touching coverage in a month and reports changed overlapping bars', async () => {
    const cache = new BarCache(memoryBackend());
    await cache.write(AAPL, daily('AAPL', '2024-01-01', '2024-01-15'), { from: '2024-01-01', to: '2024-01-15' });
    const same = await cache.write(AAPL, daily('AAPL', '2024-01-10', '2024-01-31'), { from: '2024-01-10', to: '2024-01-31' });
    expect(same.changedMonths).toEqual([]);
    expect((await cache.seriesMetas(AAPL))[0]).toMatchObject({ coveredFrom: '2024-01-01', coveredTo: '2024-01-31', rows: 23 });
    const split = await cache.write(AAPL, daily('AAPL', '2024-01-25', '2024-02-10', 0.25), {
      from: '2024-01-25',
      to: '2024-02-10',
    });
    expect(split.changedMonths).toEqual(['2024-01']);
  });

  it('discards a chunk whose bytes fail the checksum and never returns its bars', async () => {
    const backend = memoryBackend();
    const cache = new BarCache(backend);
    await cache.write(AAPL, daily('AAPL', '2024-01-01', '2024-02-29'), { from: '2024-01-01', to: '2024-02-29' });
    const key = 'polygon|AAPL|1d|adj|2024-01';
    const blob = backend.blobs.get(key)!;
    blob[blob.length - 20] ^= 0xff;
    const { bars, discarded } = await cache.read(AAPL);
    expect(discarded.map((m) => m.month)).toEqual(['2024-01']);
    expect(bars.ts[0]).toBe(dayNumber('2024-02-01') * DAY);
    expect(backend.blobs.has(key)).toBe(false);
    expect(missingRanges(await cache.seriesMetas(AAPL), '2024-01-01', '2024-02-29')).toEqual([
      { from: '2024-01-01', to: '2024-01-31' },
    ]);
  });

  it('on a quota error evicts LRU fetched chunks but keeps CSV imports, pins and the series written', async () => {
    let clock = 0;
    const one = encodeChunk(
      AAPL,
      '2024-01',
      daily('AAPL', '2024-01-01', '2024-01-31'),
      { from: '2024-01-01', to: '2024-01-31' },
      0,
    ).ipc.byteLength;
    const cache = new BarCache(memoryBackend(one * 4.5), () => ++clock);
    const csv: SeriesId = { source: 'csv', symbol: 'MINE', timeframe: '1d', adjusted: true };
    const msft: SeriesId = { ...AAPL, symbol: 'MSFT' };
    const ibm: SeriesId = { ...AAPL, symbol: 'IBM' };
    await cache.write(csv, daily('MINE', '2024-01-01', '2024-01-31'), { from: '2024-01-01', to: '2024-01-31' });
    await cache.write(msft, daily('MSFT', '2024-01-01', '2024-01-31'), { from: '2024-01-01', to: '2024-01-31' });
    await cache.write(ibm, daily('IBM', '2024-01-01', '2024-01-31'), { from: '2024-01-01', to: '2024-01-31' });
    await cache.pin([seriesKey(ibm)]);
    await cache.read(msft); // msft used after csv: csv is still older, but never a candidate
    const w = await cache.write(AAPL, daily('AAPL', '2024-01-01', '2024-02-29'), { from: '2024-01-01', to: '2024-02-29' });
    expect(w.evicted.map((m) => m.series)).toEqual(['polygon|MSFT|1d|adj']);
    const left = (await cache.list()).map((s) => s.id);
    expect(left).toEqual(['CSV:MINE', 'POLYGON:AAPL', 'POLYGON:IBM']);
    expect((await cache.read(csv)).bars.ts.length).toBe(23);
    // too big even after evicting every evictable chunk (AAPL): a clear error; CSV and pinned data intact
    const nvda = cache.write({ ...AAPL, symbol: 'NVDA' }, daily('NVDA', '2024-01-01', '2024-04-30'), {
      from: '2024-01-01',
      to: '2024-04-30',
    });
    await expect(nvda).rejects.toThrow(CacheFullError);
    await expect(nvda).rejects.toThrow(/imported CSV data, pinned series and this series are never evicted/);
    expect((await cache.list()).map((s) => s.id)).toEqual(['CSV:MINE', 'POLYGON:IBM']);
    expect((await cache.read(csv)).bars.ts.length).toBe(23);
  });

  it('a simulated quota error via beforePut is retried after eviction', async () => {
    const cache = new BarCache(memoryBackend());
    await cache.write({ ...AAPL, symbol: 'OLD' }, daily('OLD', '2024-01-01', '2024-01-31'), {
      from: '2024-01-01',
      to: '2024-01-31',
    });
    let fails = 1;
    cache.beforePut = () => {
      if (fails-- > 0) throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    };
    const w = await cache.write(AAPL, daily('AAPL', '2024-01-01', '2024-01-31'), { from: '2024-01-01', to: '2024-01-31' });
    expect(w.evicted.map((m) => m.symbol)).toEqual(['OLD']);
    expect(isQuotaError({ name: 'AbortError', cause: { name: 'QuotaExceededError' } })).toBe(true);
  });

  it('concatBars joins parts in order', () => {
    const a = daily('X', '2024-01-01', '2024-01-05');
    const b = daily('X', '2024-01-08', '2024-01-12');
    expect(Array.from(concatBars([a, b], 'Y', '1d').ts)).toEqual([...a.ts, ...b.ts]);
  });
});

describe('schema v1 → v2 migration', () => {
  const v1 = (over: Record<string, unknown> = {}) => {
    const { meta, ipc } = encodeChunk(
      AAPL,
      '2024-01',
      daily('AAPL', '2024-01-01', '2024-01-31'),
      { from: '2024-01-01', to: '2024-01-31' },
      77,
    );
    const { contentHash: _c, bytes: _b, lastUsedAt: _l, ...rest } = meta;
    return { rec: { ...rest, ipc: ipc.buffer.slice(ipc.byteOffset, ipc.byteOffset + ipc.byteLength), ...over }, meta };
  };
  it('moves a v1 record to meta + bytes with the missing fields computed', () => {
    const { rec, meta } = v1();
    const m = migrateV1Record(rec);
    expect(m).not.toBeNull();
    expect(m!.meta).toEqual({ ...meta, lastUsedAt: 77 });
    expect(m!.ipc.byteLength).toBe(meta.bytes);
  });
  it('drops malformed or corrupt v1 records', () => {
    expect(migrateV1Record(null)).toBeNull();
    expect(migrateV1Record(v1({ timeframe: '2d' }).rec)).toBeNull();
    expect(migrateV1Record(v1({ checksum: '0000000000000000' }).rec)).toBeNull();
    expect(migrateV1Record(v1({ rows: 3 }).rec)).toBeNull();
  });
});
