// The one indicator registry: every TA-Lib function the engine knows, keyed by its TA-Lib name, plus the
// validation that turns a loose request (from JSON, a CLI flag or the UI) into checked parameters.
// Adding a function = adding a definition to a group module and listing that module in GROUPS.
import type { IndicatorMeta, IndicatorParamMeta } from '../../shared/engine-api';
import type { PriceField } from '../../shared/types';
import { CYCLE_INDICATORS } from './cycle';
import { EXTRA_INDICATORS } from './extra';
import { MATH_FUNCTIONS } from './math';
import { MOMENTUM_INDICATORS } from './momentum';
import { MOMENTUM_MA_INDICATORS } from './momentum-ma';
import { OVERLAP_STUDIES } from './overlap';
import { PATTERN_RECOGNITION } from './patterns';
import { PRICE_TRANSFORM } from './price';
import { STATISTIC_FUNCTIONS } from './statistic';
import { VOLATILITY_INDICATORS } from './volatility';
import { VOLUME_INDICATORS } from './volume';
import type { IndicatorDef, ParamValues } from './types';

export type { IndicatorDef, ParamValues } from './types';

/** Price columns an input may be mapped to, in OHLCV order. */
export const PRICE_FIELDS: readonly PriceField[] = ['open', 'high', 'low', 'close', 'volume'];

/** TA_MAType codes in order (0=SMA … 8=T3), the values of a 'matype' parameter. */
export const MA_TYPES: readonly string[] = ['SMA', 'EMA', 'WMA', 'DEMA', 'TEMA', 'TRIMA', 'KAMA', 'MAMA', 'T3'];

/** A request rejected for bad input (unknown name, out-of-range value…); the message says what and where. */
export class IndicatorError extends Error {
  override name = 'IndicatorError';
}

// Every group module contributes one list; the order here does not matter (lookups are by name).
const GROUPS: readonly (readonly IndicatorDef[])[] = [
  OVERLAP_STUDIES,
  MOMENTUM_INDICATORS,
  MOMENTUM_MA_INDICATORS,
  VOLUME_INDICATORS,
  VOLATILITY_INDICATORS,
  PRICE_TRANSFORM,
  STATISTIC_FUNCTIONS,
  CYCLE_INDICATORS,
  PATTERN_RECOGNITION,
  MATH_FUNCTIONS,
  EXTRA_INDICATORS,
];

/** All registered functions by TA-Lib name (upper case), e.g. INDICATORS.get('SMA'). */
export const INDICATORS: ReadonlyMap<string, IndicatorDef> = buildRegistry(GROUPS.flat());

/** Registered function names, sorted (the list error messages show). */
export const INDICATOR_NAMES: readonly string[] = [...INDICATORS.keys()].sort();

/** A request after validation: the definition, complete parameters, the price field of every input series. */
export interface ResolvedIndicator {
  def: IndicatorDef;
  params: ParamValues;
  /** One price field per input series in C argument order (price inputs flattened). */
  fields: PriceField[];
  lookback: number;
}

/** Looks a function up by name, case-insensitively as TA-Lib's abstract API does; throws listing valid names. */
export function getIndicator(fn: unknown, registry: ReadonlyMap<string, IndicatorDef> = INDICATORS): IndicatorDef {
  if (typeof fn !== 'string' || fn.trim() === '') {
    throw new IndicatorError(`fn must be a function name like "SMA", got ${show(fn)}`);
  }
  const def = registry.get(fn.trim().toUpperCase());
  if (def === undefined) {
    const names = registry === INDICATORS ? INDICATOR_NAMES : [...registry.keys()].sort();
    throw new IndicatorError(`Unknown function ${show(fn)}; valid functions: ${names.join(', ')}`);
  }
  return def;
}

/** The plain-data part of a definition (no functions), safe to send across a worker or print as JSON. */
export function indicatorMeta(def: IndicatorDef): IndicatorMeta {
  return {
    name: def.name,
    group: def.group,
    description: def.description,
    inputs: Object.fromEntries(Object.entries(def.inputs).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]])),
    params: def.params.map((p) => ({ ...p })),
    outputs: def.outputs.map((o) => ({ ...o })),
  };
}

/**
 * Validates a request `{ fn, params?, inputs? }` against the registry: known function, known parameter
 * names, numbers of the right type inside TA-Lib's ranges, known input names mapped to price fields.
 * Missing parameters and inputs take TA-Lib's defaults.
 */
export function resolveIndicator(
  req: { fn: unknown; params?: unknown; inputs?: unknown },
  registry: ReadonlyMap<string, IndicatorDef> = INDICATORS,
): ResolvedIndicator {
  const def = getIndicator(req.fn, registry);
  const params = resolveParams(def, req.params);
  const fields = resolveInputs(def, req.inputs);
  return { def, params, fields, lookback: def.lookback(params) };
}

function resolveParams(def: IndicatorDef, given: unknown): ParamValues {
  const out: Record<string, number> = {};
  for (const p of def.params) out[p.name] = p.default;
  if (given === undefined || given === null) return out;
  if (!isPlainObject(given)) {
    throw new IndicatorError(`${def.name} params must be an object like ${example(def)}, got ${show(given)}`);
  }
  for (const [name, value] of Object.entries(given)) {
    const spec = def.params.find((p) => p.name === name);
    if (spec === undefined) {
      const valid = def.params.length ? def.params.map((p) => p.name).join(', ') : '(none)';
      throw new IndicatorError(`${def.name} has no parameter ${show(name)}; valid parameters: ${valid}`);
    }
    out[name] = checkParam(def.name, spec, value);
  }
  return out;
}

function checkParam(fn: string, spec: IndicatorParamMeta, value: unknown): number {
  const what = `${fn} ${spec.name}`;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new IndicatorError(`${what} must be a number, got ${show(value)}`);
  if (spec.type !== 'real' && !Number.isInteger(value)) {
    throw new IndicatorError(`${what} must be an integer, got ${show(value)}`);
  }
  if (value < spec.min || value > spec.max) {
    const codes = spec.type === 'matype' ? ` (${MA_TYPES.map((m, i) => `${i}=${m}`).join(', ')})` : '';
    throw new IndicatorError(`${what} must be ${spec.min}..${spec.max}${codes}, got ${show(value)}`);
  }
  return value;
}

function resolveInputs(def: IndicatorDef, given: unknown): PriceField[] {
  const map: Record<string, PriceField | readonly PriceField[]> = { ...def.inputs };
  if (given !== undefined && given !== null) {
    if (!isPlainObject(given)) {
      throw new IndicatorError(`${def.name} inputs must be an object like ${JSON.stringify(def.inputs)}, got ${show(given)}`);
    }
    for (const [name, value] of Object.entries(given)) {
      const dflt = def.inputs[name];
      if (dflt === undefined) {
        throw new IndicatorError(`${def.name} has no input ${show(name)}; valid inputs: ${Object.keys(def.inputs).join(', ')}`);
      }
      map[name] = typeof dflt === 'string' ? checkField(def.name, name, value) : checkFieldList(def.name, name, dflt, value);
    }
  }
  return Object.values(map).flatMap((v) => (typeof v === 'string' ? [v] : [...v]));
}

function checkField(fn: string, input: string, value: unknown): PriceField {
  if (typeof value !== 'string') {
    throw new IndicatorError(`${fn} input ${input} must be a price field name (${PRICE_FIELDS.join(', ')}), got ${show(value)}`);
  }
  if (!(PRICE_FIELDS as readonly string[]).includes(value)) {
    throw new IndicatorError(
      `${fn} input ${input}: unknown price field ${show(value)}; valid price fields: ${PRICE_FIELDS.join(', ')}`,
    );
  }
  return value as PriceField;
}

function checkFieldList(fn: string, input: string, dflt: readonly PriceField[], value: unknown): PriceField[] {
  if (!Array.isArray(value) || value.length !== dflt.length) {
    throw new IndicatorError(
      `${fn} input ${input} must be a list of ${dflt.length} price fields like ${JSON.stringify(dflt)}, got ${show(value)}`,
    );
  }
  return value.map((v, i) => checkField(fn, `${input}[${i}]`, v));
}

/**
 * A name → definition map after checking every definition (upper-case unique names, known default price
 * fields, defaults inside their ranges); INDICATORS is built with it at load, so a malformed addition fails
 * every test instead of one request.
 */
export function buildRegistry(defs: readonly IndicatorDef[]): Map<string, IndicatorDef> {
  const map = new Map<string, IndicatorDef>();
  for (const d of defs) {
    const bad = (why: string) => new Error(`indicator registry: ${d.name} ${why}`);
    if (!/^[A-Z][A-Z0-9_]*$/.test(d.name)) throw bad('name must be TA-Lib upper case');
    if (map.has(d.name)) throw bad('is defined twice');
    if (Object.keys(d.inputs).length === 0 || d.outputs.length === 0) throw bad('needs inputs and outputs');
    for (const v of Object.values(d.inputs).flat()) {
      if (!(PRICE_FIELDS as readonly string[]).includes(v)) throw bad(`has unknown default price field ${v}`);
    }
    for (const p of d.params) {
      const integral = p.type !== 'real';
      if (!(p.min <= p.default && p.default <= p.max) || (integral && !Number.isInteger(p.default))) {
        throw bad(`parameter ${p.name}: default ${p.default} outside ${p.min}..${p.max}`);
      }
    }
    map.set(d.name, d);
  }
  return map;
}

function example(def: IndicatorDef): string {
  return JSON.stringify(Object.fromEntries(def.params.map((p) => [p.name, p.default])));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** How a rejected value is quoted in messages: strings and objects as JSON, numbers as JS prints them. */
function show(v: unknown): string {
  if (typeof v === 'number' || v === undefined || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
