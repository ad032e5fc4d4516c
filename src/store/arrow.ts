// Bars <-> Apache Arrow. The wire format between sources, the store and DuckDB is an Arrow IPC *stream* with
// DOUBLE columns ts, open, high, low, close, volume plus dictionary-encoded symbol and timeframe.
//
// Nothing here uses `instanceof` on Arrow classes: under tsx the app's ESM apache-arrow and the CJS copy that
// DuckDB's Node build requires are two module instances, and tables from either must work.
import * as arrow from 'apache-arrow';
import { TIMEFRAMES, type Bars, type Timeframe } from '../shared/types';

/** Numeric columns of a bars table, in order. */
export const BAR_COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Name of one numeric bars column. */
export type BarColumn = (typeof BAR_COLUMNS)[number];

/** A column of n copies of `value`, dictionary-encoded (one dictionary entry, n Int32 zero keys). */
function constantUtf8(value: string, n: number): arrow.Vector {
  const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
  const dictionary = arrow.vectorFromArray([value], new arrow.Utf8());
  return arrow.makeVector(arrow.makeData({ type, length: n, nullCount: 0, data: new Int32Array(n), dictionary }));
}

/**
 * Checks that `bars` is a well-formed series: known timeframe, non-empty symbol, six Float64Array columns of one
 * length, ts integral epoch ms strictly increasing. Throws an Error naming the column and row that is wrong.
 */
export function validateBars(bars: Bars): void {
  if (bars === null || typeof bars !== 'object') throw new TypeError('bars must be an object');
  if (typeof bars.symbol !== 'string' || bars.symbol.length === 0) throw new TypeError('bars.symbol must be a non-empty string');
  if (bars.symbol.includes('\u0000')) throw new TypeError(`bars.symbol must not contain a NUL character`);
  if (!(TIMEFRAMES as readonly string[]).includes(bars.timeframe)) {
    throw new TypeError(`bars.timeframe must be one of ${TIMEFRAMES.join(', ')}; got ${JSON.stringify(bars.timeframe)}`);
  }
  const n = bars.ts instanceof Float64Array ? bars.ts.length : -1;
  for (const c of BAR_COLUMNS) {
    const col: unknown = bars[c];
    if (!(col instanceof Float64Array)) throw new TypeError(`bars.${c} must be a Float64Array`);
    if (col.length !== n) throw new RangeError(`bars.${c} has ${col.length} rows but bars.ts has ${n}`);
  }
  const ts = bars.ts;
  for (let i = 0; i < n; i++) {
    const t = ts[i];
    if (!Number.isSafeInteger(t)) throw new RangeError(`bars.ts[${i}] = ${t} is not an integral epoch-ms timestamp`);
    if (i > 0 && t <= ts[i - 1]) {
      throw new RangeError(`bars.ts[${i}] = ${t} is not after bars.ts[${i - 1}] = ${ts[i - 1]} (ts must be strictly increasing)`);
    }
  }
}

/** An Arrow table of `bars`: symbol and timeframe as Dictionary<Utf8>, the six numeric columns as Float64 (no copy). */
export function barsToArrowTable(bars: Bars): arrow.Table {
  validateBars(bars);
  const n = bars.ts.length;
  const cols: Record<string, arrow.Vector> = {
    symbol: constantUtf8(bars.symbol, n),
    timeframe: constantUtf8(bars.timeframe, n),
  };
  for (const c of BAR_COLUMNS) cols[c] = arrow.makeVector(bars[c]);
  return new arrow.Table(cols);
}

/** Arrow IPC stream bytes of barsToArrowTable(bars), ready for DuckDB's insertArrowFromIPCStream. */
export function barsToArrowIPC(bars: Bars): Uint8Array {
  return arrow.tableToIPC(barsToArrowTable(bars), 'stream');
}

/**
 * One numeric column as a Float64Array. A null-free single-chunk Float64 column is returned as a view on the
 * Arrow buffer (no copy); other numeric columns (several chunks, nulls, ints, BigInt) are copied, nulls as NaN.
 */
function columnToF64(table: arrow.Table, name: string): Float64Array {
  const col = table.getChild(name);
  if (col === null) {
    const have = table.schema.fields.map((f) => f.name).join(', ');
    throw new Error(`Arrow table has no column "${name}" (columns: ${have || 'none'})`);
  }
  if (!arrow.DataType.isFloat(col.type) && !arrow.DataType.isInt(col.type)) {
    throw new TypeError(`Arrow column "${name}" has type ${String(col.type)}, expected a number type`);
  }
  if (col.nullCount === 0) {
    const raw: unknown = col.toArray();
    if (raw instanceof Float64Array) return raw;
  }
  const out = new Float64Array(col.length);
  let i = 0;
  for (const v of col as Iterable<number | bigint | null>) out[i++] = v === null ? NaN : Number(v);
  return out;
}

/**
 * Bars from an Arrow table with numeric columns ts, open, high, low, close, volume (e.g. selectBarsSql's
 * result). Columns are zero-copy views where the table allows it (see columnToF64).
 */
export function arrowToBars(table: arrow.Table, symbol: string, timeframe: Timeframe): Bars {
  const c = (name: BarColumn) => columnToF64(table, name);
  return {
    symbol,
    timeframe,
    ts: c('ts'),
    open: c('open'),
    high: c('high'),
    low: c('low'),
    close: c('close'),
    volume: c('volume'),
  };
}
