import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { openNodeStore, connectNodeDuckDB } from '../../src/store/duckdb-node';
import { createStore, STAGING_TABLE, type SqlConnection, type Store } from '../../src/store/index';
import { arrowToBars, barsToArrowIPC, barsToArrowTable } from '../../src/store/arrow';
import { TABLE_NAMES } from '../../src/store/sql';
import type { Bars, Timeframe } from '../../src/shared/types';

/** One bar as [ts, open, high, low, close, volume]. */
type Row = [number, number, number, number, number, number];

const COLS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

function mkBars(symbol: string, timeframe: Timeframe, rows: Row[]): Bars {
  const col = (j: number) => Float64Array.from(rows, (r) => r[j]);
  return { symbol, timeframe, ts: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

function rowsOf(b: Bars): Row[] {
  return Array.from(b.ts, (_, i) => COLS.map((c) => b[c][i]) as Row);
}

/** Minute timestamp on a naive wall clock. */
const at = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

let store: Store;
let openMs = 0;
beforeAll(async () => {
  const t0 = performance.now();
  store = await openNodeStore();
  openMs = performance.now() - t0;
  console.log(`DuckDB-WASM (Node, eh) open + schema: ${openMs.toFixed(0)} ms`);
});
afterAll(async () => {
  await store?.close();
});

describe('schema', () => {
  it('creates every table and never autoloads extensions', async () => {
    const t = await store.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'");
    const names = t.getChild('table_name')!.toArray() as string[];
    for (const name of TABLE_NAMES) expect(names).toContain(name);
    const s = await store.query(
      "SELECT current_setting('autoload_known_extensions') AS a, current_setting('autoinstall_known_extensions') AS b",
    );
    expect(s.toArray()[0].toJSON()).toEqual({ a: false, b: false });
    const ext = await store.query('SELECT extension_name FROM duckdb_extensions() WHERE loaded ORDER BY 1');
    expect(ext.getChild('extension_name')!.toArray()).toEqual(['core_functions']);
  });

  it('fills uuid and current_timestamp defaults without icu, and enforces references', async () => {
    await store.query(`INSERT INTO strategies (name, strategy_type, parameters) VALUES ('s1', 'SMA_CROSS', '{"fast":10}')`);
    const t = await store.query(
      "SELECT CAST(id AS VARCHAR) AS id, is_active, epoch_ms(created_at) AS created FROM strategies WHERE name = 's1'",
    );
    const row = t.toArray()[0].toJSON();
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.is_active).toBe(false);
    // current_timestamp stored as the UTC wall clock: within a minute of now.
    expect(Math.abs(Number(row.created) - Date.now())).toBeLessThan(60_000);
    await store.query(
      `INSERT INTO strategy_performance (strategy_id, symbol, timeframe, backtest_start, backtest_end, sharpe_ratio)
       SELECT id, 'AAPL', '1d', DATE '2020-01-01', DATE '2020-12-31', 1.5 FROM strategies WHERE name = 's1'`,
    );
    await expect(
      store.query(
        `INSERT INTO strategy_signals (strategy_id, symbol, signal_type, ts) VALUES ('00000000-0000-4000-8000-000000000000', 'A', 'BUY', 0)`,
      ),
    ).rejects.toThrow(/foreign key/i);
  });
});

describe('arrow conversion', () => {
  it('writes Float64 columns and dictionary symbol/timeframe, and reads a single-chunk table without copying', () => {
    const b = mkBars("O'Neil", '1d', [[at(2024, 1, 2), 1, 2, 0.5, 1.5, NaN]]);
    const t = barsToArrowTable(b);
    expect(String(t.getChild('symbol')!.type)).toBe('Dictionary<Int32, Utf8>');
    expect(t.getChild('symbol')!.get(0)).toBe("O'Neil");
    expect(t.getChild('timeframe')!.get(0)).toBe('1d');
    const ipc = barsToArrowIPC(b);
    const back = arrowToBars(arrow.tableFromIPC(ipc), b.symbol, b.timeframe);
    expect(rowsOf(back)).toEqual(rowsOf(b));
    // Views, not copies: columns read from IPC bytes alias those bytes; a wrapped Float64Array is handed back.
    for (const c of COLS) expect(back[c].buffer).toBe(ipc.buffer);
    expect(arrowToBars(t, b.symbol, b.timeframe).close.buffer).toBe(b.close.buffer);
  });

  it('turns nulls and integer columns into Float64 with NaN, and names a missing or non-numeric column', () => {
    const t = new arrow.Table({
      ts: arrow.vectorFromArray([1n, 2n], new arrow.Int64()),
      open: arrow.vectorFromArray([1.5, null], new arrow.Float64()),
      high: arrow.vectorFromArray([1, 2], new arrow.Int32()),
      low: arrow.vectorFromArray([1, 2], new arrow.Float64()),
      close: arrow.vectorFromArray([1, 2], new arrow.Float64()),
      volume: arrow.vectorFromArray([null, 3], new arrow.Float64()),
    });
    const b = arrowToBars(t, 'X', '1m');
    expect(rowsOf(b)).toEqual([
      [1, 1.5, 1, 1, 1, NaN],
      [2, NaN, 2, 2, 2, 3],
    ]);
    expect(() => arrowToBars(t.select(['ts', 'open']), 'X', '1m')).toThrow(
      'Arrow table has no column "high" (columns: ts, open)',
    );
    const s = t.assign(new arrow.Table({ volume: arrow.vectorFromArray(['a', 'b']) }));
    expect(() => arrowToBars(s, 'X', '1m')).toThrow(/column "volume" has type Dictionary<Int32, Utf8>, expected a number type/);
  });

  it('rejects malformed bars naming the column and row', () => {
    const ok = mkBars('X', '1m', [
      [0, 1, 1, 1, 1, 1],
      [60_000, 1, 1, 1, 1, 1],
    ]);
    expect(() => barsToArrowIPC({ ...ok, ts: Float64Array.of(60_000, 0) })).toThrow(
      'bars.ts[1] = 0 is not after bars.ts[0] = 60000 (ts must be strictly increasing)',
    );
    expect(() => barsToArrowIPC({ ...ok, ts: Float64Array.of(0, 0.5) })).toThrow(
      'bars.ts[1] = 0.5 is not an integral epoch-ms timestamp',
    );
    expect(() => barsToArrowIPC({ ...ok, low: Float64Array.of(1) })).toThrow('bars.low has 1 rows but bars.ts has 2');
    expect(() => barsToArrowIPC({ ...ok, close: [1, 2] as unknown as Float64Array })).toThrow(
      'bars.close must be a Float64Array',
    );
    expect(() => barsToArrowIPC({ ...ok, timeframe: '2m' as Timeframe })).toThrow(/bars.timeframe must be one of .*got "2m"/);
  });
});

describe('insert and read back', () => {
  it('round-trips bars exactly, NaN and extreme values included', async () => {
    const rows: Row[] = [
      [at(1962, 1, 2), 7.7130977, 7.7130977, 7.6268, 7.6268, 387_200],
      [at(2024, 1, 2, 9, 30), 0.1 + 0.2, 1e300, -1e-300, Number.MIN_VALUE, NaN],
      [at(2024, 1, 2, 9, 31), NaN, 3, 1, 2, 0],
      [8_640_000_000_000_000, 1, 2, 0, 1, 2 ** 53 + 2],
    ];
    const b = mkBars('RT', '1m', rows);
    await store.insertBars(b);
    const got = await store.bars('RT', '1m');
    expect(got.symbol).toBe('RT');
    expect(got.timeframe).toBe('1m');
    for (const c of COLS) expect(got[c]).toBeInstanceOf(Float64Array);
    expect(rowsOf(got)).toEqual(rows); // toEqual compares NaN as equal, numbers exactly
    expect(await store.timeframes('RT')).toEqual(['1m']);
  });

  it('replaces a series instead of duplicating it, leaving other series alone', async () => {
    await store.insertBars(mkBars('REP', '1d', [[at(2024, 1, 2), 1, 1, 1, 1, 1]]));
    await store.insertBars(mkBars('REP', '1m', [[at(2024, 1, 2, 9, 30), 5, 5, 5, 5, 5]]));
    const second: Row[] = [
      [at(2024, 1, 2), 2, 2, 2, 2, 2],
      [at(2024, 1, 3), 3, 3, 3, 3, 3],
    ];
    await store.insertBars(mkBars('REP', '1d', second));
    await store.insertBars(mkBars('REP', '1d', second));
    expect(rowsOf(await store.bars('REP', '1d'))).toEqual(second);
    const n = await store.query("SELECT count(*)::INTEGER AS n FROM bars WHERE symbol = 'REP'");
    expect(n.getChild('n')!.get(0)).toBe(3);
    const left = await store.query(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = '${STAGING_TABLE}'`);
    expect(left.getChild('n')!.get(0)).toBe(0);
    await store.insertBars(mkBars('REP', '1d', []));
    expect(await store.timeframes('REP')).toEqual(['1m']);
  });

  it('serialises concurrent inserts of different series', async () => {
    const mk = (s: string) => mkBars(s, '1m', [[at(2024, 5, 1, 10), s.length, 9, 0, 1, 1]]);
    await Promise.all(['C1', 'C22', 'C333'].map((s) => store.insertBars(mk(s))));
    for (const s of ['C1', 'C22', 'C333']) expect((await store.bars(s, '1m')).open[0]).toBe(s.length);
  });

  it('stores symbols containing quotes and SQL safely', async () => {
    const nasty = ["O'Neil", "x'); DROP TABLE bars; --", 'we"ird\\sym'];
    for (const [i, s] of nasty.entries()) await store.insertBars(mkBars(s, '1d', [[at(2024, 1, 2), i, i, i, i, i]]));
    for (const [i, s] of nasty.entries()) {
      expect(rowsOf(await store.bars(s, '1d'))).toEqual([[at(2024, 1, 2), i, i, i, i, i]]);
      expect(await store.timeframes(s)).toEqual(['1d']);
    }
  });

  it('names what is wrong for unknown symbols, unreachable timeframes and bad arguments', async () => {
    await expect(store.bars('NOPE', '1d')).rejects.toThrow('no bars stored for symbol "NOPE"');
    await store.insertBars(mkBars('DONLY', '1d', [[at(2024, 1, 2), 1, 1, 1, 1, 1]]));
    await expect(store.bars('DONLY', '1h')).rejects.toThrow(
      'no 1h bars for symbol "DONLY": stored timeframes are 1d; 1h can be resampled from 1m only',
    );
    await expect(store.bars('DONLY', '1m')).rejects.toThrow(/1m is never resampled/);
    await expect(store.bars('DONLY', '4h' as Timeframe)).rejects.toThrow(/timeframe must be one of .*got "4h"/);
    await expect(store.bars('', '1d')).rejects.toThrow(/symbol must not be empty/);
    await expect(store.insertBars(mkBars('BAD', '1m', [[NaN, 1, 1, 1, 1, 1]]))).rejects.toThrow(/bars.ts\[0\] = NaN/);
    expect(await store.timeframes('NOPE')).toEqual([]);
  });
});

describe('resampling 1m bars (hand-computed)', () => {
  // Tuesday 2024-01-02 from 09:30, with gaps (09:36–09:43 and 09:46–09:58 missing), then Wednesday 09:30–09:31.
  const minutes: Row[] = [
    [at(2024, 1, 2, 9, 30), 10, 12, 9, 11, 100],
    [at(2024, 1, 2, 9, 31), 11, 13, 10, 12, 200],
    [at(2024, 1, 2, 9, 34), 12, 12.5, 8, 9, 300],
    [at(2024, 1, 2, 9, 35), 9, 10, 7, 8, 400],
    [at(2024, 1, 2, 9, 44), 8, 15, 8, 14, NaN],
    [at(2024, 1, 2, 9, 45), 14, 14, 13, 13.5, 600],
    [at(2024, 1, 2, 9, 59), 13.5, 16, 13, 15, 700],
    [at(2024, 1, 2, 10, 0), 15, 15.5, 14, 14.5, 800],
    [at(2024, 1, 2, 10, 1), 14.5, 17, 14, 16, 900],
    [at(2024, 1, 3, 9, 30), 20, 21, 19, 20.5, 1000],
    [at(2024, 1, 3, 9, 31), 20.5, 22, 20, 21, 1100],
  ];
  beforeAll(async () => {
    await store.insertBars(mkBars('MIN', '1m', minutes));
  });

  it('5m: clock-aligned buckets, empty 09:50 bucket absent, all-missing volume stays NaN', async () => {
    const b = await store.bars('MIN', '5m');
    expect(b.timeframe).toBe('5m');
    expect(rowsOf(b)).toEqual([
      [at(2024, 1, 2, 9, 30), 10, 13, 8, 9, 600],
      [at(2024, 1, 2, 9, 35), 9, 10, 7, 8, 400],
      [at(2024, 1, 2, 9, 40), 8, 15, 8, 14, NaN],
      [at(2024, 1, 2, 9, 45), 14, 14, 13, 13.5, 600],
      [at(2024, 1, 2, 9, 55), 13.5, 16, 13, 15, 700],
      [at(2024, 1, 2, 10, 0), 15, 17, 14, 16, 1700],
      [at(2024, 1, 3, 9, 30), 20, 22, 19, 21, 2100],
    ]);
  });

  it('15m: a missing volume is skipped in the sum', async () => {
    expect(rowsOf(await store.bars('MIN', '15m'))).toEqual([
      [at(2024, 1, 2, 9, 30), 10, 15, 7, 14, 1000],
      [at(2024, 1, 2, 9, 45), 14, 16, 13, 15, 1300],
      [at(2024, 1, 2, 10, 0), 15, 17, 14, 16, 1700],
      [at(2024, 1, 3, 9, 30), 20, 22, 19, 21, 2100],
    ]);
  });

  it('1h: the 09:30 session opens in the clock-hour 09:00 bucket (pandas resample("1h"))', async () => {
    expect(rowsOf(await store.bars('MIN', '1h'))).toEqual([
      [at(2024, 1, 2, 9), 10, 16, 7, 15, 2300],
      [at(2024, 1, 2, 10), 15, 17, 14, 16, 1700],
      [at(2024, 1, 3, 9), 20, 22, 19, 21, 2100],
    ]);
  });

  it('1d, 1w and 1mo from minutes', async () => {
    expect(rowsOf(await store.bars('MIN', '1d'))).toEqual([
      [at(2024, 1, 2), 10, 17, 7, 16, 4000],
      [at(2024, 1, 3), 20, 22, 19, 21, 2100],
    ]);
    // Tuesday and Wednesday both belong to the week of Monday 2024-01-01, which is also the month start.
    const whole: Row = [at(2024, 1, 1), 10, 22, 7, 21, 6100];
    expect(rowsOf(await store.bars('MIN', '1w'))).toEqual([whole]);
    expect(rowsOf(await store.bars('MIN', '1mo'))).toEqual([whole]);
  });

  it('open and close skip missing prices like pandas first()/last()', async () => {
    await store.insertBars(
      mkBars('GAPPY', '1m', [
        [at(2024, 1, 2, 9, 30), NaN, 5, 4, 4.5, 1],
        [at(2024, 1, 2, 9, 31), 4.6, NaN, NaN, 4.7, 1],
        [at(2024, 1, 2, 9, 32), 4.8, 4.9, 4.4, NaN, 1],
      ]),
    );
    expect(rowsOf(await store.bars('GAPPY', '5m'))).toEqual([[at(2024, 1, 2, 9, 30), 4.6, 5, 4, 4.7, 3]]);
  });

  it('prefers native rows over resampling', async () => {
    const native: Row[] = [[at(2024, 1, 2, 9, 30), 1, 2, 3, 4, 5]];
    await store.insertBars(mkBars('MIN', '5m', native));
    expect(rowsOf(await store.bars('MIN', '5m'))).toEqual(native);
    expect(await store.timeframes('MIN')).toEqual(['1m', '5m']);
    await store.insertBars(mkBars('MIN', '5m', []));
  });
});

describe('resampling 1d bars across a month end and week boundaries (hand-computed)', () => {
  const days: Row[] = [
    [at(2024, 1, 26), 100, 105, 99, 104, 10], // Fri
    [at(2024, 1, 29), 104, 108, 103, 107, 20], // Mon
    [at(2024, 1, 30), 107, 107, 101, 102, 30],
    [at(2024, 1, 31), 102, 103, 95, 96, 40], // month end
    [at(2024, 2, 1), 96, 99, 94, 98, 50],
    [at(2024, 2, 2), 98, 110, 97, 109, 60],
    [at(2024, 2, 4), 109, 109.5, 108.5, 109, 5], // Sunday: still the week of Mon 01-29
    [at(2024, 2, 5), 109, 111, 108, 110, 70], // Mon
    [at(2024, 2, 20), 120, 121, 118, 119, 80], // Tue; the week of 02-12 has no bar
  ];
  beforeAll(async () => {
    await store.insertBars(mkBars('DAY', '1d', days));
  });

  it('1w: Monday-start weeks labelled by their Monday, empty week absent', async () => {
    expect(rowsOf(await store.bars('DAY', '1w'))).toEqual([
      [at(2024, 1, 22), 100, 105, 99, 104, 10],
      [at(2024, 1, 29), 104, 110, 94, 109, 205],
      [at(2024, 2, 5), 109, 111, 108, 110, 70],
      [at(2024, 2, 19), 120, 121, 118, 119, 80],
    ]);
  });

  it('1mo: calendar months labelled by their first day', async () => {
    expect(rowsOf(await store.bars('DAY', '1mo'))).toEqual([
      [at(2024, 1, 1), 100, 108, 95, 96, 100],
      [at(2024, 2, 1), 96, 121, 94, 119, 265],
    ]);
  });

  it('handles days before 1970 (negative ts)', async () => {
    await store.insertBars(
      mkBars('OLD', '1d', [
        [at(1969, 12, 28), 1, 1, 1, 1, 1], // Sunday
        [at(1969, 12, 31), 2, 2, 2, 2, 2], // Wednesday
        [at(1970, 1, 1), 3, 3, 3, 3, 3], // Thursday
      ]),
    );
    expect(rowsOf(await store.bars('OLD', '1w'))).toEqual([
      [at(1969, 12, 22), 1, 1, 1, 1, 1],
      [at(1969, 12, 29), 2, 3, 2, 3, 5],
    ]);
    expect(rowsOf(await store.bars('OLD', '1mo'))).toEqual([
      [at(1969, 12, 1), 1, 2, 1, 2, 3],
      [at(1970, 1, 1), 3, 3, 3, 3, 3],
    ]);
  });

  it('prefers stored daily bars for weeks and months, and falls back to minutes', async () => {
    await store.insertBars(mkBars('BOTH', '1m', [[at(2024, 3, 5, 10), 2, 2, 2, 2, 2]]));
    expect(rowsOf(await store.bars('BOTH', '1w'))).toEqual([[at(2024, 3, 4), 2, 2, 2, 2, 2]]);
    await store.insertBars(mkBars('BOTH', '1d', [[at(2024, 3, 4), 1, 1, 1, 1, 1]]));
    expect(rowsOf(await store.bars('BOTH', '1w'))).toEqual([[at(2024, 3, 4), 1, 1, 1, 1, 1]]);
    expect(rowsOf(await store.bars('BOTH', '1mo'))).toEqual([[at(2024, 3, 1), 1, 1, 1, 1, 1]]);
    expect(rowsOf(await store.bars('BOTH', '1d'))).toEqual([[at(2024, 3, 4), 1, 1, 1, 1, 1]]);
  });
});

/** Independent reference: buckets from JS Date calendar fields, pandas-style aggregation skipping NaN. */
function referenceResample(rows: Row[], to: Timeframe): Row[] {
  const size: Record<string, number> = { '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000 };
  const bucketOf = (t: number): number => {
    const d = new Date(t);
    if (to === '1mo') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    if (to === '1w') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return Math.floor(t / size[to]) * size[to];
  };
  const groups = new Map<number, Row[]>();
  for (const r of rows) groups.set(bucketOf(r[0]), [...(groups.get(bucketOf(r[0])) ?? []), r]);
  const known = (xs: number[]) => xs.filter((x) => !Number.isNaN(x));
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, g]) => {
      const [opens, highs, lows, closes, vols] = [1, 2, 3, 4, 5].map((j) => known(g.map((r) => r[j])));
      return [
        k,
        opens.length ? opens[0] : NaN,
        highs.length ? Math.max(...highs) : NaN,
        lows.length ? Math.min(...lows) : NaN,
        closes.length ? closes[closes.length - 1] : NaN,
        vols.length ? vols.reduce((s, v) => s + v, 0) : NaN,
      ] as Row;
    });
}

describe('resampling matches an independent calendar reference', () => {
  it('on random minute series around 1970 and month/week ends', async () => {
    const price = fc.oneof(
      fc.constant(NaN),
      fc.integer({ min: 1, max: 1000 }).map((x) => x / 4),
    );
    const gen = fc.record({
      start: fc.constantFrom(at(1969, 12, 30, 23), at(2024, 1, 31, 23), at(2024, 2, 29, 22), at(2023, 12, 31, 23)),
      steps: fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 60 }),
      values: fc.array(fc.tuple(price, price, price, price, price), { minLength: 60, maxLength: 60 }),
    });
    await fc.assert(
      fc.asyncProperty(gen, async ({ start, steps, values }) => {
        let t = start;
        const rows: Row[] = steps.map((s, i) => {
          t += s * 60_000;
          return [t, ...values[i]] as Row;
        });
        await store.insertBars(mkBars('PROP', '1m', rows));
        for (const tf of ['5m', '15m', '1h', '1d', '1w', '1mo'] as const) {
          expect(rowsOf(await store.bars('PROP', tf))).toEqual(referenceResample(rows, tf));
        }
      }),
      { numRuns: 25, seed: 20240102 },
    );
  });
});

describe('store wiring', () => {
  it('opens lazily through one promise and rolls back a failed replace', async () => {
    let opened = 0;
    let failInsert = false;
    const s = createStore(async (): Promise<SqlConnection> => {
      opened++;
      const c = await connectNodeDuckDB();
      return {
        ...c,
        query: (sql) =>
          failInsert && sql.startsWith('INSERT INTO bars') ? Promise.reject(new Error('disk full')) : c.query(sql),
      };
    });
    expect(opened).toBe(0);
    await Promise.all([s.ready, s.timeframes('A'), s.ready]);
    expect(opened).toBe(1);
    const first: Row[] = [[at(2024, 1, 2), 1, 1, 1, 1, 1]];
    await s.insertBars(mkBars('A', '1d', first));
    failInsert = true;
    await expect(s.insertBars(mkBars('A', '1d', [[at(2024, 1, 3), 2, 2, 2, 2, 2]]))).rejects.toThrow('disk full');
    failInsert = false;
    expect(rowsOf(await s.bars('A', '1d'))).toEqual(first);
    await s.close();
    await expect(s.bars('A', '1d')).rejects.toThrow('store is closed');
    await expect(s.ready).rejects.toThrow('store is closed');
    await s.close();
    expect(opened).toBe(1);
  });

  it('reports a failed open from every call', async () => {
    const s = createStore(() => Promise.reject(new Error('wasm missing')));
    await expect(s.ready).rejects.toThrow('wasm missing');
    await expect(s.bars('A', '1d')).rejects.toThrow('wasm missing');
    await s.close();
  });
});

describe('timing (500k minute bars)', () => {
  it('inserts 500k rows and resamples them to 5m', async () => {
    const n = 500_000;
    const ts = new Float64Array(n);
    const open = new Float64Array(n);
    const high = new Float64Array(n);
    const low = new Float64Array(n);
    const close = new Float64Array(n);
    const volume = new Float64Array(n);
    const t0 = at(2020, 1, 1);
    for (let i = 0; i < n; i++) {
      ts[i] = t0 + i * 60_000;
      open[i] = 100 + Math.sin(i / 50);
      high[i] = open[i] + 1 + (i % 5);
      low[i] = open[i] - 1;
      close[i] = open[i] + 0.25;
      volume[i] = i;
    }
    const big: Bars = { symbol: 'BIG', timeframe: '1m', ts, open, high, low, close, volume };
    let t = performance.now();
    await store.insertBars(big);
    const insertMs = performance.now() - t;
    t = performance.now();
    const five = await store.bars('BIG', '5m');
    const resampleMs = performance.now() - t;
    t = performance.now();
    const back = await store.bars('BIG', '1m');
    const readMs = performance.now() - t;
    console.log(
      `500k 1m bars: insert ${insertMs.toFixed(0)} ms, resample to 5m ${resampleMs.toFixed(0)} ms, read back ${readMs.toFixed(0)} ms`,
    );
    expect(back.ts.length).toBe(n);
    expect(back.close[n - 1]).toBe(close[n - 1]);
    expect(five.ts.length).toBe(n / 5);
    // Bucket k holds minutes 5k..5k+4: high peaks at i%5 == 4, volume sums 25k+10.
    for (const k of [0, 1, 12_345, n / 5 - 1]) {
      expect(five.ts[k]).toBe(t0 + k * 300_000);
      expect(five.open[k]).toBe(open[5 * k]);
      expect(five.high[k]).toBe(Math.max(...Array.from(high.subarray(5 * k, 5 * k + 5))));
      expect(five.close[k]).toBe(close[5 * k + 4]);
      expect(five.volume[k]).toBe(25 * k + 10);
    }
  });
});
