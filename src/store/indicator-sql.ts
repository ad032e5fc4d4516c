// Pure SQL text builders for the indicator cache (table `technical_indicators`, created by SCHEMA_SQL in sql.ts).
// No DuckDB import: every builder is tested as a string. Values are stored one row per (output, bar); warm-up NaN
// is stored as NULL (so aggregates skip it) and read back as NaN, so the value column becomes a null-free Float64
// Arrow column (a Float64Array view, no copy).
import type { Timeframe } from '../shared/types';
import { checkSymbol, checkTimeframe, quoteIdent, quoteLiteral } from './sql';

/** Name of the scratch table a cache write goes through (created from Arrow and dropped inside the write). */
export const INDICATOR_STAGING_TABLE = '_indicator_staging';

/** One cache entry's identity as stored: `params` is already canonical JSON text (see canonicalParams). */
export interface IndicatorSqlKey {
  symbol: string;
  timeframe: Timeframe;
  /** TA-Lib function name, stored in column `indicator_type`, e.g. 'RSI'. */
  fn: string;
  /** Canonical JSON of the parameters, e.g. '{"timeperiod":14}'. */
  params: string;
  /** Content hash of the bars the values were computed from (see dataVersion). */
  dataVersion: string;
}

/** Throws a TypeError naming `what` unless `s` is a non-empty string without NUL. */
function checkNonEmpty(s: unknown, what: string): asserts s is string {
  if (typeof s !== 'string') throw new TypeError(`${what} must be a string, got ${typeof s}`);
  if (s.length === 0) throw new TypeError(`${what} must not be empty`);
  if (s.includes('\u0000')) throw new TypeError(`${what} must not contain a NUL character: ${JSON.stringify(s)}`);
}

/** The WHERE clause selecting every output row of one cache entry; validates each key field. */
export function indicatorKeyWhere(key: IndicatorSqlKey): string {
  if (key === null || typeof key !== 'object') throw new TypeError('indicator cache key must be an object');
  checkSymbol(key.symbol);
  checkTimeframe(key.timeframe);
  checkNonEmpty(key.fn, 'key.fn');
  checkNonEmpty(key.params, 'key.params');
  checkNonEmpty(key.dataVersion, 'key.dataVersion');
  return (
    `symbol = ${quoteLiteral(key.symbol)} AND timeframe = ${quoteLiteral(key.timeframe)} AND ` +
    `indicator_type = ${quoteLiteral(key.fn)} AND params = ${quoteLiteral(key.params)} AND ` +
    `data_version = ${quoteLiteral(key.dataVersion)}`
  );
}

/** Row count per output of one entry: columns output VARCHAR, n BIGINT, ordered by output (as selectIndicatorValuesSql). */
export function selectIndicatorCountsSql(key: IndicatorSqlKey): string {
  return `SELECT output, count(*) AS n FROM technical_indicators WHERE ${indicatorKeyWhere(key)} GROUP BY output ORDER BY output`;
}

/**
 * Every value of one entry as DOUBLE columns ts (exact: epoch ms < 2^53) and value (NULL read back as NaN),
 * ordered by output then ts: output k's rows are the k-th slice given by selectIndicatorCountsSql's counts.
 */
export function selectIndicatorValuesSql(key: IndicatorSqlKey): string {
  return (
    `SELECT CAST(ts AS DOUBLE) AS ts, COALESCE(value, 'NaN'::DOUBLE) AS value FROM technical_indicators ` +
    `WHERE ${indicatorKeyWhere(key)} ORDER BY output, ts`
  );
}

/**
 * Statements that replace one entry with the rows of `staging` (columns output VARCHAR or dictionary, ts DOUBLE,
 * value DOUBLE): delete the entry, then insert with ts cast to BIGINT and NaN stored as NULL (±Infinity is kept).
 * The caller wraps them in a transaction.
 */
export function replaceIndicatorSql(key: IndicatorSqlKey, staging: string): string[] {
  const where = indicatorKeyWhere(key);
  const consts = [key.symbol, key.timeframe, key.fn, key.params, key.dataVersion].map(quoteLiteral).join(', ');
  return [
    `DELETE FROM technical_indicators WHERE ${where}`,
    `INSERT INTO technical_indicators (symbol, timeframe, indicator_type, params, data_version, output, ts, value) ` +
      `SELECT ${consts}, CAST(output AS VARCHAR), CAST(ts AS BIGINT), ` +
      `CASE WHEN isnan(value) THEN NULL ELSE value END FROM ${quoteIdent(staging)}`,
  ];
}

/**
 * Deletes every cached row of (symbol, timeframe), every function and parameter set, except rows whose
 * data_version is `keepVersion` when it is given. DuckDB answers with one BIGINT column `Count`.
 */
export function invalidateIndicatorsSql(symbol: string, timeframe: Timeframe, keepVersion?: string): string {
  checkSymbol(symbol);
  checkTimeframe(timeframe);
  let sql = `DELETE FROM technical_indicators WHERE symbol = ${quoteLiteral(symbol)} AND timeframe = ${quoteLiteral(timeframe)}`;
  if (keepVersion !== undefined) {
    checkNonEmpty(keepVersion, 'keepVersion');
    sql += ` AND data_version <> ${quoteLiteral(keepVersion)}`;
  }
  return sql;
}
