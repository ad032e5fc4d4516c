// Semantic checks of a `rules` strategy that its JSON Schema cannot express: {"param"} references name an existing
// param, indicator operands name a registered function with known parameters inside TA-Lib's ranges, known
// outputs and inputs (the registry's own messages, prefixed with the operand's path), non-empty all/any lists,
// rising/falling windows in range, and at least one entry condition. Structure (types, unknown fields, nesting
// and size limits) has already been checked against the schema.
import type { Condition, IndicatorOperand, Operand, RulesSpec } from '../../shared/backtest';
import { INDICATOR_NAMES, INDICATORS, IndicatorError, resolveIndicator } from '../indicators/registry';
import { PERIOD_MAX } from './defaults';
import { SpecError, join, show } from './schema-check';

/** Longest rising/falling window, in rows. */
export const MAX_TREND_ROWS = PERIOD_MAX;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws SpecError naming the first rules-specific violation of an (already schema-checked) rules spec at `path`. */
export function checkRulesSpec(spec: RulesSpec, path: string): void {
  const params = spec.params ?? {};
  for (const name of Object.keys(params)) {
    if (!PARAM_NAME.test(name)) fail(join(join(path, 'params'), name), 'param names must match [A-Za-z_][A-Za-z0-9_]*');
  }
  const rules = spec.rules;
  if (rules.entry_long === undefined && rules.entry_short === undefined) {
    fail(join(path, 'rules'), 'needs entry_long or entry_short (without an entry the strategy never trades)');
  }
  for (const key of ['entry_long', 'exit_long', 'entry_short', 'exit_short'] as const) {
    const c = rules[key];
    if (c !== undefined) checkCondition(c, join(join(path, 'rules'), key), params);
  }
}

function checkCondition(c: Condition, path: string, params: Readonly<Record<string, number>>): void {
  if ('all' in c || 'any' in c) {
    const key = 'all' in c ? 'all' : 'any';
    const list = 'all' in c ? c.all : c.any;
    if (list.length === 0) fail(join(path, key), 'must list at least one condition');
    list.forEach((sub, i) => checkCondition(sub, join(join(path, key), i), params));
    return;
  }
  if ('not' in c) return checkCondition(c.not, join(path, 'not'), params);
  checkOperand(c.left, join(path, 'left'), params);
  if (c.op === 'between') {
    checkOperand(c.lower, join(path, 'lower'), params);
    checkOperand(c.upper, join(path, 'upper'), params);
    const lo = constant(c.lower, params);
    const hi = constant(c.upper, params);
    if (lo !== undefined && hi !== undefined && hi < lo) fail(join(path, 'upper'), `must be ≥ lower (${lo}), got ${hi}`);
  } else if ('n' in c) {
    if (!Number.isInteger(c.n) || c.n < 1 || c.n > MAX_TREND_ROWS) {
      fail(join(path, 'n'), `must be an integer 1..${MAX_TREND_ROWS} (rows), got ${show(c.n)}`);
    }
  } else if ('right' in c) {
    checkOperand(c.right, join(path, 'right'), params);
  }
}

function checkOperand(o: Operand, path: string, params: Readonly<Record<string, number>>): void {
  if (typeof o === 'number') return;
  if ('param' in o) {
    lookupParam(o.param, join(path, 'param'), params);
    return;
  }
  if ('indicator' in o) checkIndicator(o, path, params);
}

/** The value of a strategy param, or a SpecError naming the reference and the params that exist. */
function lookupParam(name: string, path: string, params: Readonly<Record<string, number>>): number {
  if (!Object.prototype.hasOwnProperty.call(params, name)) {
    const names = Object.keys(params);
    fail(path, `unknown param ${show(name)}; valid: ${names.length ? names.join(', ') : '(none: the strategy has no params)'}`);
  }
  return params[name];
}

function checkIndicator(o: IndicatorOperand, path: string, params: Readonly<Record<string, number>>): void {
  const def = INDICATORS.get(o.indicator.trim().toUpperCase());
  if (def === undefined) {
    fail(join(path, 'indicator'), `unknown function ${show(o.indicator)}; valid: ${INDICATOR_NAMES.join(', ')}`);
  }
  const values: Record<string, number> = {};
  for (const [name, v] of Object.entries(o.params ?? {})) {
    const p = join(join(path, 'params'), name);
    const value = typeof v === 'number' ? v : lookupParam(v.param, join(p, 'param'), params);
    const from = typeof v === 'number' ? '' : ` (from param ${show(v.param)})`;
    registry(p, from, () => resolveIndicator({ fn: def.name, params: { [name]: value } }));
    values[name] = value;
  }
  for (const [name, v] of Object.entries(o.inputs ?? {})) {
    registry(join(join(path, 'inputs'), name), '', () => resolveIndicator({ fn: def.name, inputs: { [name]: v } }));
  }
  if (o.output !== undefined && !def.outputs.some((out) => out.name === o.output)) {
    fail(
      join(path, 'output'),
      `${def.name} has no output ${show(o.output)}; valid: ${def.outputs.map((out) => out.name).join(', ')}`,
    );
  }
  // Each field alone was fine; this catches rules that involve several of them together.
  registry(path, '', () => resolveIndicator({ fn: def.name, params: values, inputs: o.inputs }));
}

/** Runs a registry check and re-throws its IndicatorError as a SpecError at `path`. */
function registry(path: string, suffix: string, f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (e instanceof IndicatorError) fail(path, e.message + suffix);
    throw e;
  }
}

/** An operand's value when it is a constant or a param reference (known before any data), else undefined. */
function constant(o: Operand, params: Readonly<Record<string, number>>): number | undefined {
  if (typeof o === 'number') return o;
  if ('param' in o) return params[o.param];
  return undefined;
}

function fail(path: string, rule: string): never {
  throw new SpecError(path, rule);
}
