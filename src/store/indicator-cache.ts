// Indicator results cached in the store's `technical_indicators` table, keyed by (symbol, timeframe, function,
// canonical params, data version). The data version is a content hash of the bars, so a cached result is reused
// exactly as long as the bars it was computed from are unchanged, and a changed series simply misses.
import * as arrow from 'apache-arrow';
import type { Bars, Timeframe } from '../shared/types';
import { validateBars } from './arrow';
import type { SqlConnection, Store } from './index';
import {
  INDICATOR_STAGING_TABLE,
  indicatorKeyWhere,
  invalidateIndicatorsSql,
  replaceIndicatorSql,
  selectIndicatorCountsSql,
  selectIndicatorValuesSql,
  type IndicatorSqlKey,
} from './indicator-sql';
import { checkSymbol, checkTimeframe } from './sql';

/**
 * Canonical JSON of indicator parameters: keys sorted (UTF-16 code-unit order), numbers in JavaScript's shortest
 * round-trip form (ECMAScript Number::toString, as JSON.stringify), -0 written as 0. Rejects NaN, ±Infinity and
 * non-numbers with an Error naming the key, so two spellings of one parameter set always give one cache key.
 */
export function canonicalParams(params: Record<string, number>): string {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new TypeError(
      `params must be an object of numbers, got ${params === null ? 'null' : Array.isArray(params) ? 'an array' : typeof params}`,
    );
  }
  const parts: string[] = [];
  for (const k of Object.keys(params).sort()) {
    const v: unknown = params[k];
    if (typeof v !== 'number') throw new TypeError(`params.${k} must be a number, got ${typeof v}`);
    if (!Number.isFinite(v)) throw new RangeError(`params.${k} must be a finite number, got ${v}`);
    // JSON.stringify(-0) is already "0"; the explicit test documents the intent.
    parts.push(`${JSON.stringify(k)}:${JSON.stringify(Object.is(v, -0) ? 0 : v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * 64-bit FNV-1a (Fowler–Noll–Vo, offset basis 0xcbf29ce484222325, prime 0x100000001b3) of `chunks` read as one
 * byte string, as 16 lowercase hex digits; matches the published FNV-1a test vectors (fnv1a64("a") = af63dc4c8601ec8c).
 */
export function fnv1a64(...chunks: Uint8Array[]): string {
  // The 64-bit state in four 16-bit limbs (h0 lowest) so every product stays an exact integer below 2^53.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const bytes of chunks) {
    for (let i = 0, n = bytes.length; i < n; i++) {
      h0 ^= bytes[i];
      // h * (2^40 + 0x1b3) mod 2^64: limb k gets h_k*0x1b3 plus h_(k-2)*0x100 (the 2^40 term), then carries.
      const t0 = h0 * 0x1b3;
      const t1 = h1 * 0x1b3 + (t0 >>> 16);
      const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
      const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
      h3 = t3 & 0xffff;
    }
  }
  const hex = (x: number) => x.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/** fnv1a64 of no bytes: the offset basis (exported for tests and docs). */
export const FNV1A64_EMPTY = 'cbf29ce484222325';

/** The raw bytes of a Float64Array (a view, no copy). */
const bytesOf = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * Content version of a bar series: fnv1a64 over the bar count (8 bytes, little-endian) then the IEEE-754 bytes of
 * ts, open, high, low, close, volume in that order (platform byte order: little-endian on every JS engine we run).
 * Symbol and timeframe are not hashed (they are separate key fields). Any change confined to one byte, hence any
 * single-bit flip of one value, always changes it; see docs/indicator-cache.md for collision properties.
 */
export function dataVersion(bars: Bars): string {
  validateBars(bars);
  const header = new DataView(new ArrayBuffer(8));
  header.setFloat64(0, bars.ts.length, true);
  return fnv1a64(
    new Uint8Array(header.buffer),
    bytesOf(bars.ts),
    bytesOf(bars.open),
    bytesOf(bars.high),
    bytesOf(bars.low),
    bytesOf(bars.close),
    bytesOf(bars.volume),
  );
}

/** Identifies one cached indicator result. */
export interface IndicatorKey {
  symbol: string;
  timeframe: Timeframe;
  /** TA-Lib function name, e.g. 'RSI'. */
  fn: string;
  /** Parameters by TA-Lib Python name; key order does not matter (see canonicalParams). */
  params: Record<string, number>;
  /** dataVersion() of the bars the result was computed from. */
  dataVersion: string;
}

/** Indicator outputs by name, one value per bar, NaN during warm-up. */
export type IndicatorOutputs = Record<string, Float64Array>;

/** What a compute callback may return: the outputs themselves or an IndicatorResult-like `{ outputs }`. */
export type ComputedOutputs = IndicatorOutputs | { outputs: IndicatorOutputs };

/** Counters since the cache was created. */
export interface IndicatorCacheStats {
  /** get/getOrCompute lookups answered from the table. */
  hits: number;
  /** Lookups that found no usable entry (none stored, or its ts differ from the bars'). */
  misses: number;
  /** compute callbacks run by getOrCompute. */
  computes: number;
  /** getOrCompute calls that joined an in-flight call for the same key instead of starting their own. */
  coalesced: number;
  /** Rows written by put (one per output per bar). */
  rowsWritten: number;
  /** Rows deleted by invalidate. */
  rowsDeleted: number;
}

/**
 * What the cache needs from the store: its serialised SQL, and exclusive use of the connection for a write that
 * loads Arrow IPC and runs several statements in one transaction (no other store call may interleave). `fn` must
 * use only `conn`: calling the store from inside it would wait for itself.
 */
export type IndicatorStore = Pick<Store, 'query' | 'withConnection'>;

/** One Arrow column of dictionary-encoded strings: row r holds names[keys[r]]. */
function dictionaryUtf8(names: string[], keys: Int32Array): arrow.Vector {
  const type = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
  const dictionary = arrow.vectorFromArray(names, new arrow.Utf8());
  return arrow.makeVector(arrow.makeData({ type, length: keys.length, nullCount: 0, data: keys, dictionary }));
}

/** A null-free DOUBLE result column as a Float64Array (a view when the result is one chunk). */
function f64Column(table: arrow.Table, name: string): Float64Array {
  const col = table.getChild(name);
  if (col === null) throw new Error(`indicator cache query returned no column "${name}"`);
  const raw: unknown = col.toArray();
  if (raw instanceof Float64Array) return raw;
  return Float64Array.from(col as Iterable<number>, Number);
}

/** True when a and b hold the same numbers in the same order (ts values are integers: === is exact). */
function sameTs(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The outputs of a compute result, validated against `n` bars; errors name the function and output. */
function outputsOf(result: ComputedOutputs, n: number, fn: string): IndicatorOutputs {
  if (result === null || typeof result !== 'object')
    throw new TypeError(`compute for ${fn} returned ${result === null ? 'null' : typeof result}, expected outputs`);
  const maybe = (result as { outputs?: unknown }).outputs;
  const outputs = (
    maybe !== null && typeof maybe === 'object' && !(maybe instanceof Float64Array) ? maybe : result
  ) as IndicatorOutputs;
  checkOutputs(outputs, n, `compute for ${fn}`);
  return outputs;
}

/** Throws unless `outputs` maps non-empty names (no NUL) to Float64Arrays of n values. */
function checkOutputs(outputs: IndicatorOutputs, n: number, what: string): void {
  if (outputs === null || typeof outputs !== 'object') throw new TypeError(`${what}: outputs must be an object of Float64Arrays`);
  for (const [name, values] of Object.entries(outputs)) {
    if (name.length === 0 || name.includes('\u0000'))
      throw new TypeError(`${what}: output name ${JSON.stringify(name)} is empty or contains NUL`);
    if (!(values instanceof Float64Array)) throw new TypeError(`${what}: output "${name}" must be a Float64Array`);
    if (values.length !== n) throw new RangeError(`${what}: output "${name}" has ${values.length} values for ${n} bars`);
  }
}

/**
 * Indicator results stored in `technical_indicators`, one row per (output, bar). A lookup hits only when the
 * stored entry has a row for every bar ts; getOrCompute computes each key once, also under concurrent calls.
 */
export class IndicatorCache {
  private readonly store: IndicatorStore;
  private readonly inflight = new Map<string, Promise<IndicatorOutputs>>();
  private readonly counters: IndicatorCacheStats = {
    hits: 0,
    misses: 0,
    computes: 0,
    coalesced: 0,
    rowsWritten: 0,
    rowsDeleted: 0,
  };

  /** A cache over `store`'s `technical_indicators` table (the store creates the table). */
  constructor(store: IndicatorStore) {
    this.store = store;
  }

  /**
   * The cached outputs of `key`, each aligned with the stored ts, or null on a miss. With `ts`, also a miss
   * unless the stored rows are exactly one per element of `ts`. Warm-up values come back as NaN.
   */
  async get(key: IndicatorKey, ts?: Float64Array): Promise<IndicatorOutputs | null> {
    const sqlKey = toSqlKey(key);
    if (ts !== undefined && !(ts instanceof Float64Array)) throw new TypeError('ts must be a Float64Array');
    const found = await this.store.withConnection(async (conn) => {
      const counts = await conn.query(selectIndicatorCountsSql(sqlKey));
      if (counts.numRows === 0) return null;
      return { counts, values: await conn.query(selectIndicatorValuesSql(sqlKey)) };
    });
    const outputs = found === null ? null : splitOutputs(found.counts, found.values, ts);
    if (outputs === null) this.counters.misses++;
    else this.counters.hits++;
    return outputs;
  }

  /**
   * Stores `outputs` (each aligned with `ts`) as entry `key`, replacing any earlier rows of that key, through
   * one Arrow IPC load and one transaction. NaN is stored as NULL; ±Infinity as itself.
   */
  async put(key: IndicatorKey, ts: Float64Array, outputs: IndicatorOutputs): Promise<void> {
    const sqlKey = toSqlKey(key);
    if (!(ts instanceof Float64Array)) throw new TypeError('ts must be a Float64Array');
    for (let i = 0; i < ts.length; i++) {
      if (!Number.isSafeInteger(ts[i])) throw new RangeError(`ts[${i}] = ${ts[i]} is not an integral epoch-ms timestamp`);
      if (i > 0 && ts[i] <= ts[i - 1]) throw new RangeError(`ts[${i}] = ${ts[i]} is not after ts[${i - 1}] = ${ts[i - 1]}`);
    }
    checkOutputs(outputs, ts.length, `put ${key.fn}`);
    const names = Object.keys(outputs).sort();
    const n = ts.length;
    const rows = n * names.length;
    const keys = new Int32Array(rows);
    const tsCol = new Float64Array(rows);
    const valueCol = new Float64Array(rows);
    names.forEach((name, k) => {
      keys.fill(k, k * n, (k + 1) * n);
      tsCol.set(ts, k * n);
      valueCol.set(outputs[name], k * n);
    });
    const table = new arrow.Table({
      output: dictionaryUtf8(names, keys),
      ts: arrow.makeVector(tsCol),
      value: arrow.makeVector(valueCol),
    });
    // DuckDB-WASM may empty the IPC buffer it is given: it is built here and never reused.
    const ipc = rows === 0 ? null : arrow.tableToIPC(table, 'stream');
    await this.store.withConnection(async (conn) => {
      await conn.query(`DROP TABLE IF EXISTS ${INDICATOR_STAGING_TABLE}`);
      await conn.query('BEGIN TRANSACTION');
      try {
        if (ipc === null) {
          await conn.query(replaceIndicatorSql(sqlKey, INDICATOR_STAGING_TABLE)[0]);
        } else {
          await conn.insertArrowIPC(ipc, INDICATOR_STAGING_TABLE);
          for (const sql of replaceIndicatorSql(sqlKey, INDICATOR_STAGING_TABLE)) await conn.query(sql);
          await conn.query(`DROP TABLE ${INDICATOR_STAGING_TABLE}`);
        }
        await conn.query('COMMIT');
      } catch (e) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
    this.counters.rowsWritten += rows;
  }

  /**
   * Deletes every cached row of (symbol, timeframe), all functions and parameters, except those of data version
   * `keepVersion` when given; resolves to the number of rows deleted.
   */
  async invalidate(symbol: string, timeframe: Timeframe, keepVersion?: string): Promise<number> {
    const table = await this.store.query(invalidateIndicatorsSql(symbol, timeframe, keepVersion));
    const first = table.numRows > 0 ? table.getChildAt(0)?.get(0) : 0;
    const deleted = Number(first ?? 0);
    this.counters.rowsDeleted += deleted;
    return deleted;
  }

  /**
   * The outputs of `key` for `bars`: the cached entry when it has one row per bar, else `compute()` stored and
   * returned. `key.dataVersion` defaults to dataVersion(bars). Concurrent calls for one key share one lookup and
   * one compute; they receive the same arrays, which callers must not mutate.
   */
  getOrCompute(
    key: Omit<IndicatorKey, 'dataVersion'> & { dataVersion?: string },
    bars: Bars,
    compute: () => ComputedOutputs | Promise<ComputedOutputs>,
  ): Promise<IndicatorOutputs> {
    let full: IndicatorKey;
    let id: string;
    try {
      validateBars(bars);
      if (key === null || typeof key !== 'object') throw new TypeError('indicator cache key must be an object');
      if (key.symbol !== bars.symbol || key.timeframe !== bars.timeframe) {
        throw new Error(
          `key is for ${JSON.stringify(key.symbol)} ${key.timeframe} but bars are ${JSON.stringify(bars.symbol)} ${bars.timeframe}`,
        );
      }
      if (typeof compute !== 'function') throw new TypeError('compute must be a function');
      full = { ...key, dataVersion: key.dataVersion ?? dataVersion(bars) };
      const k = toSqlKey(full);
      id = [k.symbol, k.timeframe, k.fn, k.params, k.dataVersion].join('\u0000');
    } catch (e) {
      return Promise.reject(e);
    }
    const running = this.inflight.get(id);
    if (running !== undefined) {
      this.counters.coalesced++;
      return running;
    }
    const run = (async () => {
      const cached = await this.get(full, bars.ts);
      if (cached !== null) return cached;
      this.counters.computes++;
      const outputs = outputsOf(await compute(), bars.ts.length, full.fn);
      await this.put(full, bars.ts, outputs);
      return outputs;
    })();
    this.inflight.set(id, run);
    const done = () => {
      this.inflight.delete(id);
    };
    run.then(done, done);
    return run;
  }

  /** A snapshot of the counters since construction. */
  stats(): IndicatorCacheStats {
    return { ...this.counters };
  }
}

/** The stored form of `key` (params canonicalised); throws naming the bad field. */
function toSqlKey(key: IndicatorKey): IndicatorSqlKey {
  if (key === null || typeof key !== 'object') throw new TypeError('indicator cache key must be an object');
  checkSymbol(key.symbol);
  checkTimeframe(key.timeframe, 'key.timeframe');
  const sqlKey = {
    symbol: key.symbol,
    timeframe: key.timeframe,
    fn: key.fn,
    params: canonicalParams(key.params),
    dataVersion: key.dataVersion,
  };
  indicatorKeyWhere(sqlKey); // validates fn and dataVersion before any statement runs
  return sqlKey;
}

/**
 * Splits the value rows (ordered by output, ts) into one array per output using the per-output counts. Null (a
 * miss) unless every output has the same ts, equal to `expectTs` when given.
 */
function splitOutputs(counts: arrow.Table, values: arrow.Table, expectTs?: Float64Array): IndicatorOutputs | null {
  const names = counts.getChild('output');
  const ns = counts.getChild('n');
  if (names === null || ns === null) throw new Error('indicator cache count query returned unexpected columns');
  const ts = f64Column(values, 'ts');
  const value = f64Column(values, 'value');
  const out: IndicatorOutputs = {};
  let start = 0;
  let firstTs: Float64Array | null = null;
  for (let k = 0; k < counts.numRows; k++) {
    const n = Number(ns.get(k));
    const slice = ts.subarray(start, start + n);
    if (firstTs === null) {
      firstTs = slice;
      if (expectTs !== undefined && !sameTs(slice, expectTs)) return null;
    } else if (!sameTs(slice, firstTs)) {
      return null;
    }
    out[String(names.get(k))] = value.subarray(start, start + n);
    start += n;
  }
  return out;
}
