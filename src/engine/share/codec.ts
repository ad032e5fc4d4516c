// The share-link codec (docs/share.md): a ShareLink ⇄ the URL fragment `s=v1.<payload>`, where the payload is the
// link's canonical JSON (keys sorted, no whitespace), compressed with raw DEFLATE (RFC 1951, fflate) and written
// in base64url (RFC 4648 § 5, no padding). Decoding never trusts its input: the fragment's length, the version,
// the alphabet, the inflated size (zip bombs), UTF-8, JSON nesting and finally every field are checked, and every
// failure is a ShareError with a readable message. Old versions keep decoding through a chain of migrations.
import { deflateSync, Inflate } from 'fflate';
import type { AnyShareLink, ShareLink } from '../../shared/share';
import { isPlainObject } from '../spec/schema-check';
import { validateAnyShareLink } from './kinds';
import { invalid, ShareError, validateShareLink } from './link';

/** The payload version links are written in (2: a `kind` field; backtest, sweep, walkforward or portfolio). */
export const SHARE_VERSION = 2;
/** A typical link (a built-in strategy) stays under this many characters (docs/share.md § Size). */
export const TYPICAL_FRAGMENT_LENGTH = 2000;
/**
 * Longest fragment made or accepted. Browsers keep far longer URLs, but chat apps, mail clients and URL
 * shorteners truncate or reject links beyond a few thousand characters, and a truncated link must fail loudly.
 */
export const MAX_FRAGMENT_LENGTH = 8000;
/** Largest inflated payload accepted: caps a zip bomb's output long before memory matters. */
export const MAX_INFLATED_BYTES = 64 * 1024;
/** Deepest JSON nesting accepted (a rules strategy's 32 condition levels need about 70). */
export const MAX_JSON_DEPTH = 100;

/** Turns a payload of version k into one of version k + 1. */
export type Migration = (payload: unknown) => unknown;

/**
 * The migration chain: MIGRATIONS[k] upgrades version k to k + 1. Version 1 (the first published one) held one
 * backtest; version 2 names the link's `kind`, so a v1 payload becomes `{kind: "backtest", …v1}`. Anything that is
 * not an object passes through for the validator to reject with its usual message.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: (p) => {
    if (!isPlainObject(p)) return p;
    if ('kind' in p) throw invalid('kind', 'unknown field in a version 1 link (version 1 links are backtests)');
    return { kind: 'backtest', ...p };
  },
};

/** The validator of each payload version's final shape (1: a backtest link; 2: any kind). */
const VALIDATORS: Readonly<Record<number, (payload: unknown) => AnyShareLink>> = {
  1: (p) => ({ kind: 'backtest', ...validateShareLink(p) }),
  2: validateAnyShareLink,
};

/** Options of decodeShareFragment: the migration chain and current version (tests pass a fake chain). */
export interface DecodeOptions {
  migrations?: Readonly<Record<number, Migration>>;
  version?: number;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Bytes as base64url without padding (RFC 4648 § 5). */
export function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >>> 18] + B64[(n >>> 12) & 63] + B64[(n >>> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) out += B64[bytes[i] >>> 2] + B64[(bytes[i] & 3) << 4];
  if (rest === 2) {
    const n = (bytes[i] << 8) | bytes[i + 1];
    out += B64[n >>> 10] + B64[(n >>> 4) & 63] + B64[(n & 15) << 2];
  }
  return out;
}

/** base64url text (no padding) as bytes; throws ShareError on a character outside the alphabet or a bad length. */
export function base64UrlDecode(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new ShareError('corrupt', 'the link is truncated or damaged (impossible base64url length)');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) throw new ShareError('corrupt', `the link contains ${JSON.stringify(text[i])} at position ${i}, which base64url does not use`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** JSON with object keys sorted at every level and undefined members dropped: one text per value. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new ShareError('invalid', `cannot put the number ${v} in a link`);
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** The fragment (without '#') for a payload text at a version: `s=v<version>.<base64url(deflate-raw(text))>`. */
export function packPayload(version: number, text: string): string {
  const bytes = new TextEncoder().encode(text);
  return `s=v${version}.${base64UrlEncode(deflateSync(bytes, { level: 9, mem: 8 }))}`;
}

/**
 * The fragment (without '#') of a backtest link: validates it first (a link that would not open is never made), then
 * packs its canonical JSON; throws ShareError('too_long') beyond MAX_FRAGMENT_LENGTH, saying what made it long.
 */
export function encodeShareLink(link: ShareLink): string {
  return encodeAnyShareLink({ kind: 'backtest', ...link });
}

/** The fragment (without '#') of a link of any kind, validated first; throws ShareError('too_long') beyond the cap. */
export function encodeAnyShareLink(link: AnyShareLink): string {
  const clean = validateAnyShareLink(link);
  const fragment = packPayload(SHARE_VERSION, canonicalJson(clean));
  if (fragment.length > MAX_FRAGMENT_LENGTH) {
    const [what, part] =
      clean.kind === 'backtest'
        ? ['its strategy', clean.config.strategy]
        : clean.kind === 'sweep'
          ? ['its strategy space', clean.sweep.strategy]
          : clean.kind === 'walkforward'
            ? ['its strategy space', clean.walkforward.strategy]
            : ['its optimizer request', clean.optimize];
    throw new ShareError(
      'too_long',
      `the link would be ${fragment.length} characters, over the ${MAX_FRAGMENT_LENGTH}-character limit (chat and mail ` +
        `clients truncate longer links); ${what} alone is ${canonicalJson(part).length} characters of JSON: share the result as ` +
        `a JSON or HTML export instead`,
    );
  }
  return fragment;
}

/** The `s=…` part of a URL, a `#…` fragment or a bare fragment; throws ShareError('format') when there is none. */
export function fragmentOf(input: string): string {
  const hashAt = input.indexOf('#');
  const frag = hashAt >= 0 ? input.slice(hashAt + 1) : input;
  const part = frag.split('&').find((p) => p.startsWith('s='));
  if (part === undefined) throw new ShareError('format', 'not a share link: expected a fragment like #s=v1.…');
  return part;
}

/** Inflates raw DEFLATE data, stopping with ShareError as soon as the output passes `limit` bytes. */
export function inflateCapped(data: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size > limit) throw new ShareError('too_long', `the link inflates to more than ${limit} bytes; refusing to open it`);
    chunks.push(chunk);
    if (final) done = true;
  });
  try {
    // Small input pieces keep each output burst small (DEFLATE expands at most ~1032×), so the cap acts early.
    for (let i = 0; i < data.length; i += 256) inflater.push(data.subarray(i, i + 256), i + 256 >= data.length);
    if (data.length === 0) inflater.push(data, true);
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError('corrupt', 'the link is truncated or damaged (its compressed data does not decompress)');
  }
  if (!done) throw new ShareError('corrupt', 'the link is truncated (its compressed data ends early)');
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Deepest `[`/`{` nesting of a JSON text (brackets inside strings ignored). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/**
 * Decodes and validates a backtest share link (a URL, `#s=…` or `s=…`) of any version; a link of another kind is a
 * ShareError('invalid') naming its kind. Throws ShareError only.
 */
export function decodeShareFragment(input: string, options: DecodeOptions = {}): ShareLink {
  const link = decodeAnyShareFragment(input, options);
  if (link.kind !== 'backtest') throw new ShareError('invalid', `this is a ${link.kind} link, not a backtest link`);
  const out: Partial<typeof link> = { ...link };
  delete out.kind;
  return out as ShareLink;
}

/**
 * Decodes and validates a share link of any kind (a URL, `#s=…` or `s=…`): checks the length, version, alphabet,
 * inflated size, UTF-8, nesting and every field, upgrading old versions through the migration chain; throws
 * ShareError only.
 */
export function decodeAnyShareFragment(input: string, options: DecodeOptions = {}): AnyShareLink {
  const migrations = options.migrations ?? MIGRATIONS;
  const current = options.version ?? SHARE_VERSION;
  if (typeof input !== 'string') throw new ShareError('format', 'a share link must be text');
  if (input.length > MAX_FRAGMENT_LENGTH + 4096) {
    throw new ShareError('too_long', `the link is ${input.length} characters; share links are at most ${MAX_FRAGMENT_LENGTH}`);
  }
  const part = fragmentOf(input);
  if (part.length > MAX_FRAGMENT_LENGTH) {
    throw new ShareError('too_long', `the link is ${part.length} characters; share links are at most ${MAX_FRAGMENT_LENGTH}`);
  }
  const m = /^s=v(\d{1,6})\.(.*)$/s.exec(part);
  if (m === null) throw new ShareError('format', 'not a share link: expected s=v<version>.<data>');
  const version = Number(m[1]);
  if (version > current) {
    throw new ShareError('version', `this link is version ${version}, made by a newer AlphaStrat; this one reads versions up to ${current}`);
  }
  for (let k = version; k < current; k++) {
    if (migrations[k] === undefined) throw new ShareError('version', `unknown link version ${version} (this AlphaStrat reads versions 1..${current})`);
  }
  if (m[2].length === 0) throw new ShareError('corrupt', 'the link has no data after the version (truncated?)');
  const text = utf8(inflateCapped(base64UrlDecode(m[2]), MAX_INFLATED_BYTES));
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new ShareError('invalid', `the link's data is nested deeper than ${MAX_JSON_DEPTH} levels`);
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new ShareError('corrupt', 'the link is damaged (its data is not valid JSON)');
  }
  for (let k = version; k < current; k++) {
    try {
      payload = migrations[k](payload);
    } catch (e) {
      if (e instanceof ShareError) throw e;
      throw new ShareError('invalid', `cannot upgrade the link from version ${k} to ${k + 1}: ${(e as Error).message}`);
    }
  }
  const validate = VALIDATORS[current] ?? validateAnyShareLink;
  try {
    return validate(payload);
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError('invalid', `the link is invalid: ${(e as Error).message}`);
  }
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ShareError('corrupt', 'the link is damaged (its data is not UTF-8 text)');
  }
}
