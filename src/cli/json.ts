// JSON output of the CLI: one serializer with the product's number conventions (NaN → null, ±Infinity →
// "Infinity"/"-Infinity" strings), producing bounded chunks so a million-row answer streams to stdout with
// backpressure instead of being built as one giant string.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** An array serialized lazily: `length` items made by `item(i)` on demand (big row sets never materialize). */
export class LazyArray<T = unknown> {
  constructor(
    readonly length: number,
    readonly item: (i: number) => T,
  ) {}
}

/** One number as JSON text: shortest round-trip decimal; NaN → null; ±Infinity → "Infinity" / "-Infinity". */
export function jsonNumber(x: number): string {
  if (Number.isFinite(x)) return String(x === 0 ? 0 : x); // -0 prints as 0, as JSON.stringify does
  if (Number.isNaN(x)) return 'null';
  return x > 0 ? '"Infinity"' : '"-Infinity"';
}

// Containers at least this long are written element by element with chunk checks; shorter ones in one go.
const STREAM_MIN = 256;

/**
 * Serializes `value` as compact JSON in chunks of about `chunkChars` characters. Handles plain objects,
 * arrays, typed arrays (Float64Array and friends), LazyArray, strings, numbers (conventions of jsonNumber),
 * booleans and null; undefined object fields are omitted and undefined array items become null, as in
 * JSON.stringify. Throws TypeError on anything else (functions, bigint, symbols).
 */
export function* jsonChunks(value: unknown, chunkChars = 1 << 16): Generator<string> {
  let buf = '';
  function* walk(v: unknown): Generator<string> {
    if (isSequence(v) && v.length >= STREAM_MIN) {
      buf += '[';
      const get = v instanceof LazyArray ? v.item : (i: number) => (v as ArrayLike<unknown>)[i];
      for (let i = 0; i < v.length; i++) {
        if (i > 0) buf += ',';
        const el = get(i);
        if (isBig(el)) yield* walk(el);
        else buf += small(el, true);
        if (buf.length >= chunkChars) {
          yield buf;
          buf = '';
        }
      }
      buf += ']';
    } else if (isPlainObject(v) && Object.values(v).some(isBig)) {
      buf += '{';
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined) continue;
        buf += (first ? '' : ',') + JSON.stringify(k) + ':';
        first = false;
        if (isBig(x)) yield* walk(x);
        else buf += small(x, false);
      }
      buf += '}';
    } else {
      buf += small(v, true);
    }
  }
  yield* walk(value);
  if (buf.length > 0) yield buf;
}

/** `value` as one compact JSON string (jsonChunks joined). */
export function toJson(value: unknown): string {
  let s = '';
  for (const c of jsonChunks(value)) s += c;
  return s;
}

/**
 * Writes `value` as one JSON line to `out`, waiting for 'drain' whenever the stream's buffer is full, and
 * resolves once the final newline has been handed to the OS (so exiting afterwards loses nothing).
 */
export async function writeJsonLine(out: Writable, value: unknown): Promise<void> {
  for (const chunk of jsonChunks(value)) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  await new Promise<void>((resolve, reject) => out.write('\n', (err) => (err ? reject(err) : resolve())));
}

function small(v: unknown, inArray: boolean): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return jsonNumber(v);
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      if (inArray) return 'null';
      break;
    case 'object': {
      if (isSequence(v)) {
        const get = v instanceof LazyArray ? v.item : (i: number) => (v as ArrayLike<unknown>)[i];
        const parts: string[] = [];
        for (let i = 0; i < v.length; i++) parts.push(small(get(i), true));
        return '[' + parts.join(',') + ']';
      }
      if (isPlainObject(v)) {
        const parts: string[] = [];
        for (const [k, x] of Object.entries(v)) if (x !== undefined) parts.push(JSON.stringify(k) + ':' + small(x, false));
        return '{' + parts.join(',') + '}';
      }
    }
  }
  throw new TypeError(
    `cannot serialize a ${typeof v === 'object' ? ((v as object).constructor?.name ?? 'object') : typeof v} as JSON`,
  );
}

function isSequence(v: unknown): v is ArrayLike<unknown> | LazyArray {
  return Array.isArray(v) || v instanceof LazyArray || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function isBig(v: unknown): boolean {
  if (isSequence(v)) return v.length >= STREAM_MIN;
  return isPlainObject(v) && Object.values(v).some(isBig);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
