// Pure SQL text builders for the bar store (DuckDB dialect). No DuckDB import: every builder is tested as a string.
//
// Constraints of the DuckDB-WASM build we ship (only `core_functions` is linked in; parquet/json/icu would be
// fetched over the network, and an icu load hangs): nothing here needs an extension. In particular no
// TIMESTAMPTZ arithmetic, time zones or strftime-with-zone. Bar times stay timezone-naive epoch milliseconds
// (BIGINT `ts`, see `Bars` in src/shared/types.ts), and every bucket is computed with integer arithmetic,
// except the month start, which uses `date_trunc` on a plain TIMESTAMP (core, no icu).
import { TIMEFRAMES, type Timeframe } from '../shared/types';

/** Session settings run before anything else: never try to fetch or load an extension we do not ship. */
export const SETTINGS_SQL: readonly string[] = [
  'SET GLOBAL autoinstall_known_extensions = false',
  'SET GLOBAL autoload_known_extensions = false',
];

/**
 * Schema of the store, one statement per entry, idempotent (`IF NOT EXISTS`). `bars` holds OHLCV rows keyed by
 * (symbol, timeframe, ts); the product tables are as specified for the app, JSON kept as VARCHAR text.
 * `gen_random_uuid()` and `current_timestamp` both work in the core-only WASM build: `current_timestamp` is a
 * TIMESTAMPTZ, and its implicit cast to the TIMESTAMP column needs no icu (it stores the UTC wall clock).
 */
export const SCHEMA_SQL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS bars (symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL,
  ts BIGINT NOT NULL, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE,
  PRIMARY KEY (symbol, timeframe, ts))`,
  `CREATE TABLE IF NOT EXISTS strategies (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), name VARCHAR NOT NULL,
  strategy_type VARCHAR NOT NULL,      -- 'SMA_CROSS','RSI_MEAN_REVERSION','MACD_MOMENTUM','BOLLINGER_BREAKOUT','RULES'
  parameters VARCHAR NOT NULL,         -- the strategy spec, JSON text
  backtest_results VARCHAR,            -- cached result summary, JSON text
  last_signal_date TIMESTAMP, is_active BOOLEAN DEFAULT false, created_at TIMESTAMP DEFAULT current_timestamp)`,
  `CREATE TABLE IF NOT EXISTS strategy_performance (id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  strategy_id UUID REFERENCES strategies(id), symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL,
  backtest_start DATE NOT NULL, backtest_end DATE NOT NULL, sharpe_ratio DOUBLE, max_drawdown DOUBLE,
  total_return DOUBLE, win_rate DOUBLE, profit_factor DOUBLE, created_at TIMESTAMP DEFAULT current_timestamp)`,
  `CREATE TABLE IF NOT EXISTS technical_indicators (symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL,
  indicator_type VARCHAR NOT NULL,     -- TA-Lib name, e.g. 'RSI'
  params VARCHAR NOT NULL,             -- canonical JSON of the parameters
  data_version VARCHAR NOT NULL,       -- hash of the bars it was computed from
  output VARCHAR NOT NULL,             -- output name, e.g. 'real', 'macdsignal'
  ts BIGINT NOT NULL, value DOUBLE,
  PRIMARY KEY (symbol, timeframe, indicator_type, params, data_version, output, ts))`,
  `CREATE TABLE IF NOT EXISTS strategy_signals (id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  strategy_id UUID REFERENCES strategies(id), symbol VARCHAR NOT NULL,
  signal_type VARCHAR NOT NULL,        -- 'BUY','SELL','HOLD'
  signal_strength DOUBLE, price DOUBLE, ts BIGINT NOT NULL, metadata VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS portfolio_allocations (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), portfolio_id UUID NOT NULL,
  strategy_id UUID REFERENCES strategies(id), allocation_percentage DOUBLE, target_allocation DOUBLE,
  last_rebalance TIMESTAMP, created_at TIMESTAMP DEFAULT current_timestamp)`,
];

/** Names of the tables SCHEMA_SQL creates, in creation order. */
export const TABLE_NAMES: readonly string[] = [
  'bars',
  'strategies',
  'strategy_performance',
  'technical_indicators',
  'strategy_signals',
  'portfolio_allocations',
];

/** The value columns of a bar row, in Bars/table order. */
export const BAR_VALUE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** Milliseconds in one bucket of each fixed-width timeframe ('1mo' has no fixed width). */
export const TIMEFRAME_MS: Readonly<Record<Exclude<Timeframe, '1mo'>, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
  '1w': 604_800_000,
};

/**
 * Which stored timeframes each timeframe can be resampled from, in order of preference (the store uses the first
 * one it holds). Intraday and daily targets come from 1m only. Weeks and months come from 1d when it is stored,
 * else from 1m (on consistent data both give the same bars: first/max/min/last/sum compose over day buckets).
 * 1d wins because native daily bars usually reach much further back than minute bars, and because a symbol's
 * weekly bars must not change when its minute bars happen to be inserted as well.
 */
export const RESAMPLE_SOURCES: Readonly<Record<Timeframe, readonly Timeframe[]>> = {
  '1m': [],
  '5m': ['1m'],
  '15m': ['1m'],
  '1h': ['1m'],
  '1d': ['1m'],
  '1w': ['1d', '1m'],
  '1mo': ['1d', '1m'],
};

/** 1969-12-29 00:00, the Monday before the epoch (1970-01-01 was a Thursday), as epoch ms: the week grid origin. */
export const MONDAY_EPOCH_MS = -259_200_000;

/** Throws a TypeError naming `what` unless `s` is a string DuckDB can hold (no NUL character). */
function checkText(s: unknown, what: string): asserts s is string {
  if (typeof s !== 'string') throw new TypeError(`${what} must be a string, got ${typeof s}`);
  if (s.includes('\u0000')) throw new TypeError(`${what} must not contain a NUL character: ${JSON.stringify(s)}`);
}

/** A DuckDB string literal for `s`: single quotes doubled (backslash is not an escape in standard literals). */
export function quoteLiteral(s: string): string {
  checkText(s, 'SQL literal');
  return `'${s.replaceAll("'", "''")}'`;
}

/** A DuckDB quoted identifier for `s`: double quotes doubled; empty names are rejected. */
export function quoteIdent(s: string): string {
  checkText(s, 'SQL identifier');
  if (s.length === 0) throw new TypeError('SQL identifier must not be empty');
  return `"${s.replaceAll('"', '""')}"`;
}

/** True when `tf` is one of the product's timeframes (a runtime guard for strings from users and files). */
export function isTimeframe(tf: unknown): tf is Timeframe {
  return typeof tf === 'string' && (TIMEFRAMES as readonly string[]).includes(tf);
}

/** Throws a TypeError unless `tf` is a known timeframe; `what` names the argument in the message. */
export function checkTimeframe(tf: unknown, what = 'timeframe'): asserts tf is Timeframe {
  if (!isTimeframe(tf)) throw new TypeError(`${what} must be one of ${TIMEFRAMES.join(', ')}; got ${JSON.stringify(tf)}`);
}

/** Throws a TypeError unless `symbol` is a non-empty string without NUL. */
export function checkSymbol(symbol: unknown): asserts symbol is string {
  checkText(symbol, 'symbol');
  if (symbol.length === 0) throw new TypeError('symbol must not be empty');
}

/** The WHERE clause selecting one series of `bars`. */
function seriesWhere(symbol: string, timeframe: Timeframe): string {
  checkSymbol(symbol);
  checkTimeframe(timeframe);
  return `symbol = ${quoteLiteral(symbol)} AND timeframe = ${quoteLiteral(timeframe)}`;
}

/** `expr` as DOUBLE with NULL turned into NaN, so the Arrow column is a null-free Float64 (a Float64Array view). */
function f64(expr: string): string {
  return `COALESCE(CAST(${expr} AS DOUBLE), 'NaN'::DOUBLE)`;
}

/**
 * Stored bars of one series as ts, open, high, low, close, volume, all DOUBLE (ts exact: epoch ms < 2^53), NULL
 * values as NaN, ordered by ts.
 */
export function selectBarsSql(symbol: string, timeframe: Timeframe): string {
  const cols = BAR_VALUE_COLUMNS.map((c) => `${f64(c)} AS ${c}`).join(', ');
  return `SELECT CAST(ts AS DOUBLE) AS ts, ${cols} FROM bars WHERE ${seriesWhere(symbol, timeframe)} ORDER BY ts`;
}

/** The stored timeframes of `symbol` (one VARCHAR column `timeframe`, unordered). */
export function timeframesSql(symbol: string): string {
  checkSymbol(symbol);
  return `SELECT DISTINCT timeframe FROM bars WHERE symbol = ${quoteLiteral(symbol)}`;
}

/** Floor of the BIGINT expression `x` to a multiple of `size` measured from `origin`, correct for negative x. */
function floorTo(x: string, size: number, origin = 0): string {
  const shifted = origin === 0 ? x : `(${x} - (${origin}))`;
  return `(${x} - (((${shifted} % ${size}) + ${size}) % ${size}))`;
}

/**
 * SQL for the start (epoch ms, BIGINT) of the `to` bucket holding the BIGINT epoch-ms expression `ts`:
 * - 5m/15m/1h/1d: clock-aligned, `ts - ts mod size` (floor, also before 1970). 1h is aligned to the clock hour
 *   like pandas `resample('1h')` (origin 'start_day'): a 09:30 session's 09:30–09:59 bars land in the 09:00
 *   bucket, which is what users compare against.
 * - 1w: Monday 00:00 starts a week, labelled by that Monday, = pandas `resample('W-MON', closed='left',
 *   label='left')` (pandas' plain 'W' is Sunday-ended and right-labelled; we do not follow it).
 * - 1mo: the first day of the calendar month 00:00 = pandas `resample('MS')`, via date_trunc on a naive TIMESTAMP.
 */
export function bucketSql(to: Timeframe, ts = 'ts'): string {
  checkTimeframe(to, 'target timeframe');
  if (to === '1mo') return `epoch_ms(date_trunc('month', epoch_ms(${ts})))`;
  if (to === '1w') return floorTo(ts, TIMEFRAME_MS['1w'], MONDAY_EPOCH_MS);
  return floorTo(ts, TIMEFRAME_MS[to]);
}

/** True when bars of timeframe `to` can be computed from stored bars of timeframe `from` (see RESAMPLE_SOURCES). */
export function canResample(from: Timeframe, to: Timeframe): boolean {
  return isTimeframe(to) && RESAMPLE_SOURCES[to].includes(from);
}

/** Arguments of resampleSql: which stored series to read and which timeframe to produce. */
export interface ResampleQuery {
  symbol: string;
  /** Stored timeframe to read. */
  from: Timeframe;
  /** Timeframe to produce; must be reachable from `from` (RESAMPLE_SOURCES). */
  to: Timeframe;
}

/**
 * Resamples a stored series in SQL; output columns as selectBarsSql (ts = bucket start). Per bucket
 * (pandas `resample(...).agg(open='first', high='max', low='min', close='last', volume='sum')`, NaN skipped):
 * open = open of the earliest bar whose open is known, close = close of the latest such bar, high = max,
 * low = min, volume = sum of known volumes (NaN when none is known, where pandas would give 0).
 * Buckets without any bar produce no row.
 */
export function resampleSql({ symbol, from, to }: ResampleQuery): string {
  const where = seriesWhere(symbol, from);
  checkTimeframe(to, 'target timeframe');
  if (!canResample(from, to)) {
    const srcs = RESAMPLE_SOURCES[to];
    throw new RangeError(
      `cannot resample ${from} bars to ${to}: ${to} ${srcs.length ? `comes from ${srcs.join(' or ')} only` : 'is never resampled'}`,
    );
  }
  return (
    `SELECT CAST(bucket AS DOUBLE) AS ts, ${f64('arg_min(open, t)')} AS open, ${f64('max(high)')} AS high, ` +
    `${f64('min(low)')} AS low, ${f64('arg_max(close, t)')} AS close, ${f64('sum(volume)')} AS volume ` +
    `FROM (SELECT ${bucketSql(to, 'ts')} AS bucket, ts AS t, open, high, low, close, volume FROM bars WHERE ${where}) ` +
    `GROUP BY bucket ORDER BY bucket`
  );
}

/** `x` unless it is NaN, then NULL: missing values are stored as NULL so aggregates skip them. */
function nanToNull(col: string): string {
  return `CASE WHEN isnan(${col}) THEN NULL ELSE ${col} END`;
}

/**
 * Statements that replace the stored series (symbol, timeframe) with the rows of `staging` (a table with DOUBLE
 * columns ts, open, high, low, close, volume, as written by barsToArrowIPC): delete, then insert with ts cast to
 * BIGINT and NaN stored as NULL. The caller wraps them in a transaction.
 */
export function replaceBarsSql(symbol: string, timeframe: Timeframe, staging: string): string[] {
  const where = seriesWhere(symbol, timeframe);
  const vals = BAR_VALUE_COLUMNS.map((c) => nanToNull(c)).join(', ');
  return [
    `DELETE FROM bars WHERE ${where}`,
    `INSERT INTO bars (symbol, timeframe, ts, ${BAR_VALUE_COLUMNS.join(', ')}) ` +
      `SELECT ${quoteLiteral(symbol)}, ${quoteLiteral(timeframe)}, CAST(ts AS BIGINT), ${vals} FROM ${quoteIdent(staging)}`,
  ];
}

/** Deletes the stored series (symbol, timeframe). */
export function deleteBarsSql(symbol: string, timeframe: Timeframe): string {
  return `DELETE FROM bars WHERE ${seriesWhere(symbol, timeframe)}`;
}
