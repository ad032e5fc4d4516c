// Validation of a share link's payload (docs/share.md): every field of ShareLink is checked by type and range,
// unknown fields are rejected, and the backtest config goes through the engine's own validateBacktestConfig, so
// nothing that came from a URL reaches the engine unvalidated. Errors are ShareErrors naming the field.
import type { ShareLink, ShareSession, ShareSource } from '../../shared/share';
import { TIMEFRAMES, type Timeframe } from '../../shared/types';
import { isDemoId } from '../../sources/demo';
import { parseIsoNaive } from '../backtest/period';
import { isPlainObject, show, SpecError } from '../spec/schema-check';
import { validateBacktestConfig } from '../spec/validate';

/** Why a link could not be made or opened: `kind` for programs, `message` (naming the field) for people. */
export class ShareError extends Error {
  readonly kind: 'format' | 'version' | 'too_long' | 'corrupt' | 'invalid';
  constructor(kind: ShareError['kind'], message: string) {
    super(message);
    this.name = 'ShareError';
    this.kind = kind;
  }
}

/** Valid values of ShareLink.source. */
export const SHARE_SOURCES: readonly ShareSource[] = ['demo', 'polygon', 'yahoo', 'csv'];
/** Valid values of ShareLink.session. */
export const SHARE_SESSIONS: readonly ShareSession[] = ['regular', 'extended'];
/** Longest `data` (symbol or CSV path) a link may name. */
export const MAX_DATA_LENGTH = 256;
/** Most rows a link's bars may claim. */
export const MAX_BAR_COUNT = 1e9;

const LINK_KEYS = ['source', 'data', 'timeframe', 'resample', 'from', 'to', 'adjusted', 'session', 'config', 'engine', 'bars'];
const BARS_KEYS = ['hash', 'count', 'first', 'last'];

/** A ShareError('invalid') naming `field` and the rule it broke. */
export const invalid = (field: string, rule: string): ShareError => new ShareError('invalid', `${field}: ${rule}`);

function oneOf<T extends string>(field: string, v: unknown, valid: readonly T[]): T {
  if (typeof v !== 'string' || !(valid as readonly string[]).includes(v)) {
    throw invalid(field, `must be one of ${valid.join(', ')}, got ${show(v)}`);
  }
  return v as T;
}

function isoTime(field: string, v: unknown): string {
  if (typeof v !== 'string' || v.length > 32 || parseIsoNaive(v) === undefined) {
    throw invalid(field, `must be an ISO date (2016-01-04) or datetime (2016-01-04T09:30:00), got ${show(v)}`);
  }
  return v;
}

/** Throws naming the first key of `o` not in `keys`. */
export function onlyKeys(field: string, o: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) throw invalid(field === '' ? k : `${field}.${k}`, `unknown field; valid fields: ${keys.join(', ')}`);
  }
}

/** Epoch ms of a link's `to` bound: a date-only bound includes its whole day (as the CLI's `to`). */
export function toBoundMs(to: string): number {
  const t = parseIsoNaive(to)!;
  return /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(to) ? t + 86_400_000 - 1 : t;
}

/** Checks an untrusted link payload (parsed JSON) field by field and returns a clean copy; throws ShareError. */
export function validateShareLink(x: unknown): ShareLink {
  if (!isPlainObject(x)) throw invalid('link', `must be an object, got ${show(x)}`);
  onlyKeys('', x, LINK_KEYS);
  return validateLinkFields(x, () => ({
    config: (() => {
      try {
        return validateBacktestConfig(x.config);
      } catch (e) {
        if (e instanceof SpecError) throw invalid(e.path === '(root)' || e.path === 'config' ? 'config' : `config.${e.path}`, e.rule);
        throw e;
      }
    })(),
  }));
}

/** Fields every bars-based link has (the backtest's without `config`), for the unknown-field check of other kinds. */
export const DATA_LINK_KEYS: readonly string[] = LINK_KEYS.filter((k) => k !== 'config');

/**
 * Checks the bars-based fields of a link — source, data, timeframe, adjusted, session, engine, bars, resample,
 * from, to — in that order, with `middle` (the kind's own request) checked after session; throws ShareError.
 */
export function validateLinkFields<T extends object>(x: Record<string, unknown>, middle: () => T): Omit<ShareLink, 'config'> & T {
  const source = oneOf('source', x.source, SHARE_SOURCES);
  const data = x.data;
  if (typeof data !== 'string' || data.length === 0 || data.length > MAX_DATA_LENGTH || /[\u0000-\u001f\u007f]/.test(data)) {
    throw invalid('data', `must be a symbol or file name of 1..${MAX_DATA_LENGTH} printable characters, got ${show(data)}`);
  }
  if (source === 'demo' && !isDemoId(data)) throw invalid('data', `must be a demo symbol like DEMO:ACME, got ${show(data)}`);
  const head = {
    source,
    data,
    timeframe: oneOf<Timeframe>('timeframe', x.timeframe, TIMEFRAMES),
    adjusted: (() => {
      if (typeof x.adjusted !== 'boolean') throw invalid('adjusted', `must be true or false, got ${show(x.adjusted)}`);
      return x.adjusted;
    })(),
    session: oneOf('session', x.session, SHARE_SESSIONS),
  };
  const own = middle();
  const link = { ...head, ...own, engine: validateEngine(x.engine), bars: validateBars(x.bars) } as Omit<ShareLink, 'config'> & T;
  if (x.resample !== undefined) link.resample = oneOf<Timeframe>('resample', x.resample, TIMEFRAMES);
  if (x.from !== undefined) link.from = isoTime('from', x.from);
  if (x.to !== undefined) link.to = isoTime('to', x.to);
  if (link.from !== undefined && link.to !== undefined && parseIsoNaive(link.from)! > toBoundMs(link.to)) {
    throw invalid('from', `must not be after to (${link.to}), got ${show(link.from)}`);
  }
  return link;
}

/** Checks a link's `engine` (a version like 0.1.0) and returns it; throws ShareError. */
export function validateEngine(v: unknown): string {
  if (typeof v !== 'string' || !/^\d{1,6}\.\d{1,6}\.\d{1,6}$/.test(v)) throw invalid('engine', `must be a version like 0.1.0, got ${show(v)}`);
  return v;
}

function validateBars(b: unknown): ShareLink['bars'] {
  if (!isPlainObject(b)) throw invalid('bars', `must be an object {hash, count, first, last}, got ${show(b)}`);
  onlyKeys('bars', b, BARS_KEYS);
  if (typeof b.hash !== 'string' || !/^[0-9a-f]{16}$/.test(b.hash)) {
    throw invalid('bars.hash', `must be 16 lowercase hex digits, got ${show(b.hash)}`);
  }
  if (typeof b.count !== 'number' || !Number.isInteger(b.count) || b.count < 1 || b.count > MAX_BAR_COUNT) {
    throw invalid('bars.count', `must be an integer 1..${MAX_BAR_COUNT}, got ${show(b.count)}`);
  }
  return { hash: b.hash, count: b.count, first: isoTime('bars.first', b.first), last: isoTime('bars.last', b.last) };
}
