// The bar store: OHLCV series in DuckDB tables, read back as Float64Array columns, coarser timeframes resampled
// in SQL. All logic lives here over a two-method connection; duckdb-node.ts and duckdb-browser.ts differ only in
// how they open DuckDB.
import type * as arrow from 'apache-arrow';
import { TIMEFRAMES, type Bars, type Timeframe } from '../shared/types';
import { arrowToBars, barsToArrowIPC, validateBars } from './arrow';
import {
  RESAMPLE_SOURCES,
  SCHEMA_SQL,
  SETTINGS_SQL,
  checkSymbol,
  checkTimeframe,
  deleteBarsSql,
  replaceBarsSql,
  resampleSql,
  selectBarsSql,
  timeframesSql,
} from './sql';

/** Stored OHLCV series plus free SQL over the product tables. */
export interface Store {
  /** Settles once DuckDB is open and the schema exists; rejects with the open error. */
  readonly ready: Promise<void>;
  /** Replaces every stored row of (bars.symbol, bars.timeframe) with `bars`, atomically. */
  insertBars(bars: Bars): Promise<void>;
  /**
   * The series at `timeframe`: the stored rows when that timeframe is stored, else resampled from the first
   * stored timeframe of RESAMPLE_SOURCES[timeframe] (1m for intraday and 1d; 1d, then 1m, for 1w and 1mo),
   * else an Error naming what is stored.
   */
  bars(symbol: string, timeframe: Timeframe): Promise<Bars>;
  /** Timeframes stored natively for `symbol`, finest first ([] for an unknown symbol). */
  timeframes(symbol: string): Promise<Timeframe[]>;
  /** Runs any SQL on the store's database and returns the result table. */
  query(sql: string): Promise<arrow.Table>;
  /** Runs fn with exclusive use of the connection (no other store call interleaves); fn must not call the store. */
  withConnection<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T>;
  /** Closes the connection and the database; later calls reject. */
  close(): Promise<void>;
}

/** The minimal DuckDB connection the store needs; both DuckDB-WASM backends adapt to it. */
export interface SqlConnection {
  /** Runs one statement and returns its result (BIGINT/TIMESTAMP columns come back as BigInt). */
  query(sql: string): Promise<arrow.Table>;
  /**
   * Creates table `table` from Arrow IPC stream bytes. DuckDB-WASM may consume (empty or detach) `bytes`:
   * callers must not reuse them.
   */
  insertArrowIPC(bytes: Uint8Array, table: string): Promise<void>;
  /** Releases the connection and the database. */
  close(): Promise<void>;
}

/** Runs `body` inside one transaction on `conn`: COMMIT when it resolves, ROLLBACK (and rethrow) when it throws. */
export async function inTransaction<T>(conn: SqlConnection, body: () => Promise<T>): Promise<T> {
  await conn.query('BEGIN TRANSACTION');
  try {
    const out = await body();
    await conn.query('COMMIT');
    return out;
  } catch (e) {
    await conn.query('ROLLBACK');
    throw e;
  }
}

/** Name of the scratch table an insert goes through (dropped before and after each insert). */
export const STAGING_TABLE = '_bars_staging';

/**
 * A Store over a connection opened by `connect` on first use (one promise, shared by every call). Settings and
 * schema run before anything else; calls are serialised so a multi-statement insert is never interleaved.
 */
export function createStore(connect: () => Promise<SqlConnection>): Store {
  let opening: Promise<SqlConnection> | null = null;
  let closed = false;
  let tail: Promise<unknown> = Promise.resolve();

  const open = (): Promise<SqlConnection> => {
    opening ??= (async () => {
      const conn = await connect();
      for (const sql of [...SETTINGS_SQL, ...SCHEMA_SQL]) await conn.query(sql);
      return conn;
    })();
    return opening;
  };

  /** Runs `fn` after every earlier call has settled, with the open connection. */
  const exclusive = <T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('store is closed'));
    const run = tail.then(async () => fn(await open()));
    tail = run.catch(() => undefined);
    return run;
  };

  const storedTimeframes = async (conn: SqlConnection, symbol: string): Promise<Timeframe[]> => {
    const table = await conn.query(timeframesSql(symbol));
    const names = new Set<string>();
    for (const v of table.getChild('timeframe') ?? []) if (typeof v === 'string') names.add(v);
    return TIMEFRAMES.filter((tf) => names.has(tf));
  };

  return {
    get ready(): Promise<void> {
      if (closed) return Promise.reject(new Error('store is closed'));
      return open().then(() => undefined);
    },

    insertBars(bars: Bars): Promise<void> {
      try {
        validateBars(bars);
      } catch (e) {
        return Promise.reject(e);
      }
      const { symbol, timeframe } = bars;
      return exclusive(async (conn) => {
        if (bars.ts.length === 0) {
          await conn.query(deleteBarsSql(symbol, timeframe));
          return;
        }
        await conn.query(`DROP TABLE IF EXISTS ${STAGING_TABLE}`);
        try {
          await conn.insertArrowIPC(barsToArrowIPC(bars), STAGING_TABLE);
          await inTransaction(conn, async () => {
            for (const sql of replaceBarsSql(symbol, timeframe, STAGING_TABLE)) await conn.query(sql);
          });
        } finally {
          await conn.query(`DROP TABLE IF EXISTS ${STAGING_TABLE}`);
        }
      });
    },

    bars(symbol: string, timeframe: Timeframe): Promise<Bars> {
      try {
        checkSymbol(symbol);
        checkTimeframe(timeframe);
      } catch (e) {
        return Promise.reject(e);
      }
      return exclusive(async (conn) => {
        const stored = await storedTimeframes(conn, symbol);
        if (stored.includes(timeframe)) return arrowToBars(await conn.query(selectBarsSql(symbol, timeframe)), symbol, timeframe);
        const sources = RESAMPLE_SOURCES[timeframe];
        const from = sources.find((tf) => stored.includes(tf));
        if (from !== undefined) {
          return arrowToBars(await conn.query(resampleSql({ symbol, from, to: timeframe })), symbol, timeframe);
        }
        const what = JSON.stringify(symbol);
        if (stored.length === 0) throw new Error(`no bars stored for symbol ${what}`);
        const how = sources.length
          ? `${timeframe} can be resampled from ${sources.join(' or ')} only`
          : `${timeframe} is never resampled`;
        throw new Error(`no ${timeframe} bars for symbol ${what}: stored timeframes are ${stored.join(', ')}; ${how}`);
      });
    },

    timeframes(symbol: string): Promise<Timeframe[]> {
      try {
        checkSymbol(symbol);
      } catch (e) {
        return Promise.reject(e);
      }
      return exclusive((conn) => storedTimeframes(conn, symbol));
    },

    query(sql: string): Promise<arrow.Table> {
      if (typeof sql !== 'string') return Promise.reject(new TypeError(`sql must be a string, got ${typeof sql}`));
      return exclusive((conn) => conn.query(sql));
    },

    withConnection: (fn) => exclusive(fn),

    close(): Promise<void> {
      if (closed) return Promise.resolve();
      closed = true;
      // After every queued call; only a connection that was opened is released (never open one to close it).
      const run = tail.then(async () => {
        const conn = opening === null ? null : await opening.catch(() => null);
        if (conn !== null) await conn.close();
      });
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
