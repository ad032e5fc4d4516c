import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { connectNodeDuckDB } from '../../src/store/duckdb-node';
import { createStore, type Store } from '../../src/store/index';
import {
  FNV1A64_EMPTY,
  IndicatorCache,
  canonicalParams,
  dataVersion,
  fnv1a64,
  type IndicatorKey,
  type IndicatorOutputs,
  type IndicatorStore,
} from '../../src/store/indicator-cache';
import {
  INDICATOR_STAGING_TABLE,
  invalidateIndicatorsSql,
  replaceIndicatorSql,
  selectIndicatorCountsSql,
  selectIndicatorValuesSql,
} from '../../src/store/indicator-sql';
import type { Bars, Timeframe } from '../../src/shared/types';

/** A seeded random-walk series of n daily bars (deterministic: mulberry32). */
function walk(symbol: string, n: number, seed = 1, timeframe: Timeframe = '1d'): Bars {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const b: Bars = {
    symbol,
    timeframe,
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let px = 100;
  for (let i = 0; i < n; i++) {
    b.ts[i] = Date.UTC(2000, 0, 1) + i * 86_400_000;
    b.open[i] = px;
    px *= 1 + (rnd() - 0.5) * 0.04;
    b.close[i] = px;
    b.high[i] = Math.max(b.open[i], px) * (1 + rnd() * 0.01);
    b.low[i] = Math.min(b.open[i], px) * (1 - rnd() * 0.01);
    b.volume[i] = Math.round(1e6 * (0.5 + rnd()));
  }
  return b;
}

/** Plain SMA with NaN warm-up: the test's "indicator" (the cache does not care what it caches). */
function sma(x: Float64Array, period: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    sum += x[i];
    if (i >= period) sum -= x[i - period];
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}

function cloneBars(b: Bars): Bars {
  return {
    ...b,
    ts: b.ts.slice(),
    open: b.open.slice(),
    high: b.high.slice(),
    low: b.low.slice(),
    close: b.close.slice(),
    volume: b.volume.slice(),
  };
}

/** Bit-exact equality of two Float64Arrays (distinguishes -0/0, compares NaN by being NaN); reports the first difference. */
function expectSameBits(got: Float64Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  let bad = -1;
  for (let i = 0; i < want.length && bad < 0; i++) {
    if (Number.isNaN(want[i]) ? !Number.isNaN(got[i]) : !Object.is(got[i], want[i])) bad = i;
  }
  expect(bad < 0 ? 'same' : `index ${bad}: got ${got[bad]}, want ${want[bad]}`).toBe('same');
}

// The real Store: its withConnection queue is shared by the cache's queries and its Arrow writes.
let store: Store;
let db: IndicatorStore;
beforeAll(async () => {
  store = createStore(connectNodeDuckDB);
  await store.ready;
  db = store;
});
afterAll(async () => {
  await store?.close();
});

async function rowCount(where = 'true'): Promise<number> {
  const t = await db.query(`SELECT count(*) AS n FROM technical_indicators WHERE ${where}`);
  return Number(t.getChild('n')?.get(0));
}

describe('canonicalParams', () => {
  it('sorts keys and is insensitive to insertion order', () => {
    expect(canonicalParams({ slowperiod: 26, fastperiod: 12, signalperiod: 9 })).toBe(
      '{"fastperiod":12,"signalperiod":9,"slowperiod":26}',
    );
    expect(canonicalParams({ b: 1, a: 2 })).toBe(canonicalParams({ a: 2, b: 1 }));
    expect(canonicalParams({})).toBe('{}');
  });
  it('writes shortest round-trip numbers and -0 as 0', () => {
    expect(canonicalParams({ x: 0.1 + 0.2, y: -0, z: 1e21, w: 2.0 })).toBe('{"w":2,"x":0.30000000000000004,"y":0,"z":1e+21}');
    const p = { v: 5e-324, u: 1.7976931348623157e308 };
    expect(JSON.parse(canonicalParams(p))).toEqual(p);
  });
  it('rejects NaN, Infinity, non-numbers and non-objects, naming the key', () => {
    expect(() => canonicalParams({ timeperiod: NaN })).toThrow(/params\.timeperiod must be a finite number, got NaN/);
    expect(() => canonicalParams({ nbdevup: Infinity })).toThrow(/params\.nbdevup .*Infinity/);
    expect(() => canonicalParams({ k: '3' as unknown as number })).toThrow(/params\.k must be a number, got string/);
    expect(() => canonicalParams(null as unknown as Record<string, number>)).toThrow(/params must be an object/);
    expect(() => canonicalParams([1] as unknown as Record<string, number>)).toThrow(/an array/);
  });
});

describe('fnv1a64 / dataVersion', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv1a64()).toBe(FNV1A64_EMPTY);
    expect(fnv1a64(enc(''))).toBe('cbf29ce484222325');
    expect(fnv1a64(enc('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64(enc('foobar'))).toBe('85944171f73967e8');
    // Chunking does not matter: the chunks are one byte string.
    expect(fnv1a64(enc('foo'), enc('bar'))).toBe('85944171f73967e8');
  });
  it('is deterministic and changes when any single bit of any value flips', () => {
    const bars = walk('DEMO:ACME', 64, 7);
    const v0 = dataVersion(bars);
    expect(v0).toMatch(/^[0-9a-f]{16}$/);
    expect(dataVersion(cloneBars(bars))).toBe(v0);
    const seen = new Set([v0]);
    for (const col of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) {
      for (const row of [0, 31, 63]) {
        for (let bit = 0; bit < 64; bit++) {
          const b = cloneBars(bars);
          const bytes = new Uint8Array(b[col].buffer, b[col].byteOffset + row * 8, 8);
          bytes[bit >> 3] ^= 1 << (bit & 7);
          // dataVersion validates bars; a flipped ts bit may break ordering, so hash the raw columns for ts.
          const v = col === 'ts' ? hashRaw(b) : dataVersion(b);
          expect(v, `${col}[${row}] bit ${bit}`).not.toBe(v0);
          seen.add(v);
        }
      }
    }
    expect(seen.size).toBe(1 + 6 * 3 * 64);
  });
  it('distinguishes lengths and rejects malformed bars', () => {
    const bars = walk('DEMO:ACME', 10);
    const shorter = {
      ...bars,
      ts: bars.ts.subarray(0, 9),
      open: bars.open.subarray(0, 9),
      high: bars.high.subarray(0, 9),
      low: bars.low.subarray(0, 9),
      close: bars.close.subarray(0, 9),
      volume: bars.volume.subarray(0, 9),
    };
    expect(dataVersion(shorter)).not.toBe(dataVersion(bars));
    expect(() => dataVersion({ ...bars, close: new Float64Array(3) })).toThrow(/bars\.close has 3 rows/);
  });
});

/** The same bytes dataVersion hashes, without its validation (for ts bit flips that break ordering). */
function hashRaw(b: Bars): string {
  const header = new DataView(new ArrayBuffer(8));
  header.setFloat64(0, b.ts.length, true);
  const v = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return fnv1a64(new Uint8Array(header.buffer), v(b.ts), v(b.open), v(b.high), v(b.low), v(b.close), v(b.volume));
}

describe('indicator SQL builders', () => {
  const key = { symbol: "O'Brien & Co", timeframe: '1d' as const, fn: 'SMA', params: '{"timeperiod":3}', dataVersion: 'abc' };
  it('quote every key field and cast on the way in and out', () => {
    const where = `symbol = 'O''Brien & Co' AND timeframe = '1d' AND indicator_type = 'SMA' AND params = '{"timeperiod":3}' AND data_version = 'abc'`;
    expect(selectIndicatorCountsSql(key)).toBe(
      `SELECT output, count(*) AS n FROM technical_indicators WHERE ${where} GROUP BY output ORDER BY output`,
    );
    expect(selectIndicatorValuesSql(key)).toBe(
      `SELECT CAST(ts AS DOUBLE) AS ts, COALESCE(value, 'NaN'::DOUBLE) AS value FROM technical_indicators WHERE ${where} ORDER BY output, ts`,
    );
    expect(replaceIndicatorSql(key, INDICATOR_STAGING_TABLE)).toEqual([
      `DELETE FROM technical_indicators WHERE ${where}`,
      `INSERT INTO technical_indicators (symbol, timeframe, indicator_type, params, data_version, output, ts, value) ` +
        `SELECT 'O''Brien & Co', '1d', 'SMA', '{"timeperiod":3}', 'abc', CAST(output AS VARCHAR), CAST(ts AS BIGINT), ` +
        `CASE WHEN isnan(value) THEN NULL ELSE value END FROM "_indicator_staging"`,
    ]);
    expect(invalidateIndicatorsSql('A', '1m')).toBe(`DELETE FROM technical_indicators WHERE symbol = 'A' AND timeframe = '1m'`);
    expect(invalidateIndicatorsSql('A', '1m', "v'1")).toBe(
      `DELETE FROM technical_indicators WHERE symbol = 'A' AND timeframe = '1m' AND data_version <> 'v''1'`,
    );
  });
  it('reject bad key fields by name', () => {
    expect(() => selectIndicatorCountsSql({ ...key, symbol: '' })).toThrow(/symbol must not be empty/);
    expect(() => selectIndicatorCountsSql({ ...key, timeframe: '2d' as Timeframe })).toThrow(/timeframe must be one of/);
    expect(() => selectIndicatorCountsSql({ ...key, fn: '' })).toThrow(/key\.fn must not be empty/);
    expect(() => selectIndicatorCountsSql({ ...key, dataVersion: 'a\u0000b' })).toThrow(
      /key\.dataVersion must not contain a NUL/,
    );
    expect(() => invalidateIndicatorsSql('A', '1d', '')).toThrow(/keepVersion must not be empty/);
  });
});

describe('IndicatorCache on DuckDB-WASM', () => {
  it('miss → compute → hit, computing once, exact round trip with NaN warm-up', async () => {
    const cache = new IndicatorCache(db);
    const bars = walk('CACHE:A', 300, 11);
    const want = sma(bars.close, 20);
    let calls = 0;
    const compute = () => {
      calls++;
      return { fn: 'SMA', lookback: 19, outputs: { real: want } };
    };
    const key = { symbol: bars.symbol, timeframe: bars.timeframe, fn: 'SMA', params: { timeperiod: 20 } };
    const first = await cache.getOrCompute(key, bars, compute);
    expect(first.real).toBe(want);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 1, computes: 1, rowsWritten: 300 });
    const second = await cache.getOrCompute(key, bars, compute);
    expect(calls).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, computes: 1 });
    expect(Object.keys(second)).toEqual(['real']);
    expect(second.real).not.toBe(want);
    expectSameBits(second.real, want);
    // Warm-up NaNs are stored as NULL, not as NaN.
    const nulls = await rowCount(`symbol = 'CACHE:A' AND value IS NULL`);
    expect(nulls).toBe(19);
    expect(await rowCount(`symbol = 'CACHE:A' AND isnan(value)`)).toBe(0);
    // A fresh cache object over the same table hits too (the table is the cache, not the object).
    const other = new IndicatorCache(db);
    const third = await other.getOrCompute(key, bars, () => {
      throw new Error('must not compute');
    });
    expectSameBits(third.real, want);
  });

  it('round-trips several outputs with ±Infinity, -0, subnormals and extremes bit-exactly', async () => {
    const cache = new IndicatorCache(db);
    const bars = walk('CACHE:B', 8, 3);
    const upper = Float64Array.from([NaN, NaN, Infinity, -Infinity, -0, 5e-324, 1.7976931348623157e308, 0.1 + 0.2]);
    const lower = Float64Array.from([NaN, 1, 2, 3, -Infinity, Infinity, Number.MIN_VALUE, -1e-300]);
    const key: IndicatorKey = {
      symbol: 'CACHE:B',
      timeframe: '1d',
      fn: 'BBANDS',
      params: { timeperiod: 5, nbdevup: 2, nbdevdn: 2 },
      dataVersion: dataVersion(bars),
    };
    await cache.put(key, bars.ts, { upperband: upper, lowerband: lower });
    const got = await cache.get(key, bars.ts);
    expect(got).not.toBeNull();
    expect(Object.keys(got!).sort()).toEqual(['lowerband', 'upperband']);
    expectSameBits(got!.upperband, upper);
    expectSameBits(got!.lowerband, lower);
    // DuckDB holds the infinities as DOUBLE values, not NULL.
    expect(await rowCount(`symbol = 'CACHE:B' AND isinf(value)`)).toBe(4);
    expect(await rowCount(`symbol = 'CACHE:B' AND value IS NULL`)).toBe(3);
  });

  it('misses when bars change (one value → new data version) and when the cached ts differ from the bars', async () => {
    const cache = new IndicatorCache(db);
    const bars = walk('CACHE:C', 100, 5);
    let calls = 0;
    const compute = (b: Bars) => () => {
      calls++;
      return { real: sma(b.close, 10) };
    };
    const key = { symbol: 'CACHE:C', timeframe: '1d' as const, fn: 'SMA', params: { timeperiod: 10 } };
    await cache.getOrCompute(key, bars, compute(bars));
    const changed = cloneBars(bars);
    changed.close[50] = changed.close[50] + 0.01;
    expect(dataVersion(changed)).not.toBe(dataVersion(bars));
    const out = await cache.getOrCompute(key, changed, compute(changed));
    expect(calls).toBe(2);
    expectSameBits(out.real, sma(changed.close, 10));
    // Both versions are stored until invalidated.
    expect(await rowCount(`symbol = 'CACHE:C'`)).toBe(200);

    // Same key (data version forced) but other timestamps: a miss, never misaligned values.
    const shifted = cloneBars(bars);
    for (let i = 0; i < shifted.ts.length; i++) shifted.ts[i] += 60_000;
    const forced = { ...key, dataVersion: dataVersion(bars) };
    expect(await cache.get(forced, shifted.ts)).toBeNull();
    expect(await cache.get(forced, bars.ts.subarray(1))).toBeNull();
    expect(await cache.get(forced, bars.ts)).not.toBeNull();
    await cache.getOrCompute(forced, shifted, compute(shifted));
    expect(calls).toBe(3);
  });

  it('invalidate removes other data versions only, of that symbol and timeframe only', async () => {
    const cache = new IndicatorCache(db);
    const v1 = walk('CACHE:D', 50, 1);
    const v2 = cloneBars(v1);
    v2.volume[49] += 1;
    const weekly = walk('CACHE:D', 50, 1, '1w');
    const base = { symbol: 'CACHE:D', fn: 'SMA', params: { timeperiod: 5 } };
    for (const b of [v1, v2, weekly]) {
      await cache.getOrCompute({ ...base, timeframe: b.timeframe }, b, () => ({ real: sma(b.close, 5) }));
      await cache.getOrCompute({ ...base, fn: 'EMA', timeframe: b.timeframe }, b, () => ({ real: sma(b.close, 5) }));
    }
    expect(await rowCount(`symbol = 'CACHE:D'`)).toBe(300);
    const deleted = await cache.invalidate('CACHE:D', '1d', dataVersion(v2));
    expect(deleted).toBe(100);
    expect(cache.stats().rowsDeleted).toBe(100);
    expect(await cache.get({ ...base, timeframe: '1d', dataVersion: dataVersion(v1) })).toBeNull();
    expect(await cache.get({ ...base, timeframe: '1d', dataVersion: dataVersion(v2) }, v2.ts)).not.toBeNull();
    expect(await cache.get({ ...base, timeframe: '1w', dataVersion: dataVersion(weekly) }, weekly.ts)).not.toBeNull();
    // Without keepVersion every version of the series goes; nothing left to delete afterwards.
    expect(await cache.invalidate('CACHE:D', '1d')).toBe(100);
    expect(await cache.invalidate('CACHE:D', '1d')).toBe(0);
    expect(await rowCount(`symbol = 'CACHE:D'`)).toBe(100);
  });

  it('keys on params regardless of key order, and on the parameter values', async () => {
    const cache = new IndicatorCache(db);
    const bars = walk('CACHE:E', 40, 9);
    let calls = 0;
    const compute = () => {
      calls++;
      return { macd: sma(bars.close, 3), macdsignal: sma(bars.close, 4), macdhist: sma(bars.close, 5) };
    };
    const k = (params: Record<string, number>) => ({ symbol: 'CACHE:E', timeframe: '1d' as const, fn: 'MACD', params });
    await cache.getOrCompute(k({ fastperiod: 12, slowperiod: 26, signalperiod: 9 }), bars, compute);
    await cache.getOrCompute(k({ signalperiod: 9, slowperiod: 26, fastperiod: 12 }), bars, compute);
    expect(calls).toBe(1);
    await cache.getOrCompute(k({ signalperiod: 9, slowperiod: 26, fastperiod: 13 }), bars, compute);
    expect(calls).toBe(2);
  });

  it('keeps two symbols independent, including a symbol with quotes', async () => {
    const cache = new IndicatorCache(db);
    const a = walk('X:O\'NEIL "Q"', 30, 21);
    const b = walk('X:PLAIN', 30, 21); // same values, so the same data version: only the symbol differs
    expect(dataVersion(a)).toBe(dataVersion(b));
    const key = (s: string) => ({ symbol: s, timeframe: '1d' as const, fn: 'SMA', params: { timeperiod: 3 } });
    const outA = Float64Array.from(a.close, (x) => x * 2);
    const outB = Float64Array.from(b.close, (x) => x * 3);
    await cache.getOrCompute(key(a.symbol), a, () => ({ real: outA }));
    await cache.getOrCompute(key(b.symbol), b, () => ({ real: outB }));
    const gotA = await cache.getOrCompute(key(a.symbol), a, () => ({ real: new Float64Array(30) }));
    const gotB = await cache.getOrCompute(key(b.symbol), b, () => ({ real: new Float64Array(30) }));
    expectSameBits(gotA.real, outA);
    expectSameBits(gotB.real, outB);
    expect(await cache.invalidate(a.symbol, '1d')).toBe(30);
    expect(await rowCount(`symbol = 'X:PLAIN'`)).toBe(30);
    expect(cache.stats()).toMatchObject({ computes: 2, hits: 2 });
  });

  it('coalesces concurrent getOrCompute calls for one key into one compute', async () => {
    const cache = new IndicatorCache(db);
    const bars = walk('CACHE:F', 500, 4);
    let calls = 0;
    const compute = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      return { real: sma(bars.close, 7) };
    };
    const key = { symbol: 'CACHE:F', timeframe: '1d' as const, fn: 'SMA', params: { timeperiod: 7 } };
    const results = await Promise.all(Array.from({ length: 8 }, () => cache.getOrCompute(key, bars, compute)));
    expect(calls).toBe(1);
    expect(cache.stats()).toMatchObject({ computes: 1, coalesced: 7, misses: 1 });
    for (const r of results) expect(r).toBe(results[0]);
    // Once settled, the next call is a plain hit, not a coalesced one.
    await cache.getOrCompute(key, bars, compute);
    expect(cache.stats()).toMatchObject({ computes: 1, coalesced: 7, hits: 1 });
    expect(await rowCount(`symbol = 'CACHE:F'`)).toBe(500);
  });

  it('a failing compute stores nothing, rejects every waiter, and the next call retries', async () => {
    const cache = new IndicatorCache(db);
    const bars = walk('CACHE:G', 20, 2);
    const key = { symbol: 'CACHE:G', timeframe: '1d' as const, fn: 'SMA', params: { timeperiod: 2 } };
    const bad = async () => {
      throw new Error('kernel exploded');
    };
    const [r1, r2] = await Promise.allSettled([cache.getOrCompute(key, bars, bad), cache.getOrCompute(key, bars, bad)]);
    expect(r1.status === 'rejected' && String(r1.reason)).toMatch(/kernel exploded/);
    expect(r2.status === 'rejected' && String(r2.reason)).toMatch(/kernel exploded/);
    expect(await rowCount(`symbol = 'CACHE:G'`)).toBe(0);
    await expect(cache.getOrCompute(key, bars, () => ({ real: new Float64Array(19) }))).rejects.toThrow(
      /compute for SMA: output "real" has 19 values for 20 bars/,
    );
    const ok = await cache.getOrCompute(key, bars, () => ({ real: sma(bars.close, 2) }));
    expectSameBits(ok.real, sma(bars.close, 2));
  });

  it('rejects bad input with clear messages and leaves the table unchanged', async () => {
    const cache = new IndicatorCache(db);
    const bars = walk('CACHE:H', 10, 2);
    const key: IndicatorKey = {
      symbol: 'CACHE:H',
      timeframe: '1d',
      fn: 'SMA',
      params: { timeperiod: 2 },
      dataVersion: dataVersion(bars),
    };
    const ok: IndicatorOutputs = { real: new Float64Array(10) };
    await expect(cache.getOrCompute({ ...key, symbol: 'OTHER' }, bars, () => ok)).rejects.toThrow(
      /key is for "OTHER" 1d but bars are "CACHE:H" 1d/,
    );
    await expect(cache.put({ ...key, params: { timeperiod: NaN } }, bars.ts, ok)).rejects.toThrow(/params\.timeperiod/);
    await expect(cache.put(key, Float64Array.from([2, 1]), { real: new Float64Array(2) })).rejects.toThrow(
      /ts\[1\] = 1 is not after ts\[0\] = 2/,
    );
    await expect(cache.put(key, bars.ts, { real: [1, 2] as unknown as Float64Array })).rejects.toThrow(
      /output "real" must be a Float64Array/,
    );
    await expect(cache.put(key, bars.ts, { '': new Float64Array(10) })).rejects.toThrow(/output name "" is empty/);
    await expect(cache.get({ ...key, timeframe: '3d' as Timeframe })).rejects.toThrow(/key\.timeframe must be one of/);
    await expect(cache.put({ ...key, fn: '' }, bars.ts, ok)).rejects.toThrow(/key\.fn must not be empty/);
    await expect(cache.get({ ...key, dataVersion: 42 as unknown as string })).rejects.toThrow(
      /key\.dataVersion must be a string, got number/,
    );
    await expect(cache.invalidate('', '1d')).rejects.toThrow(/symbol must not be empty/);
    expect(await rowCount(`symbol = 'CACHE:H'`)).toBe(0);
    // The store still works after the rejections (no transaction left open, no staging table left behind).
    await cache.put(key, bars.ts, ok);
    expect(await rowCount(`symbol = 'CACHE:H'`)).toBe(10);
    const staging = await db.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = '${INDICATOR_STAGING_TABLE}'`);
    expect(Number(staging.getChild('n')?.get(0))).toBe(0);
  });

  it('rolls back a failed write: the earlier entry survives intact', async () => {
    const cache = new IndicatorCache(db);
    const bars = walk('CACHE:I', 10, 8);
    const key: IndicatorKey = {
      symbol: 'CACHE:I',
      timeframe: '1d',
      fn: 'SMA',
      params: { timeperiod: 2 },
      dataVersion: dataVersion(bars),
    };
    const first = sma(bars.close, 2);
    await cache.put(key, bars.ts, { real: first });
    // A connection whose INSERT fails after the DELETE ran inside the transaction.
    const failing: IndicatorStore = {
      query: db.query,
      withConnection: (fn) =>
        db.withConnection((conn) =>
          fn({
            ...conn,
            query: (sql) =>
              sql.startsWith('INSERT INTO technical_indicators') ? Promise.reject(new Error('disk full')) : conn.query(sql),
          }),
        ),
    };
    await expect(new IndicatorCache(failing).put(key, bars.ts, { real: new Float64Array(10) })).rejects.toThrow(/disk full/);
    const got = await cache.get(key, bars.ts);
    expectSameBits(got!.real, first);
  });

  it('round-trips a 100k-bar series (time reported, not asserted)', async () => {
    const cache = new IndicatorCache(db);
    const bars = walk('CACHE:BIG', 100_000, 99);
    const outputs = { macd: sma(bars.close, 12), macdsignal: sma(bars.close, 26), macdhist: sma(bars.close, 9) };
    const key = {
      symbol: 'CACHE:BIG',
      timeframe: '1d' as const,
      fn: 'MACD',
      params: { fastperiod: 12, slowperiod: 26, signalperiod: 9 },
    };
    const t0 = performance.now();
    const version = dataVersion(bars);
    const t1 = performance.now();
    await cache.getOrCompute({ ...key, dataVersion: version }, bars, () => outputs);
    const t2 = performance.now();
    const got = await cache.getOrCompute({ ...key, dataVersion: version }, bars, () => {
      throw new Error('must hit');
    });
    const t3 = performance.now();
    for (const name of Object.keys(outputs) as (keyof typeof outputs)[]) expectSameBits(got[name], outputs[name]);
    console.log(
      `indicator cache, 100k bars × 3 outputs: dataVersion ${(t1 - t0).toFixed(1)} ms, ` +
        `miss+put ${(t2 - t1).toFixed(0)} ms, hit ${(t3 - t2).toFixed(0)} ms`,
    );
  });
});
