// Validation of strategy specs and backtest configs: first the structure against the JSON Schema generated from
// src/shared/backtest.ts (types, required and unknown fields, unions, nesting ≤ 32 conditions deep and ≤ 256 in
// all), then the rules the schema cannot express — ranges, integers, fast < slow, lower < upper, indicator names
// and parameters from the registry. Every message names the dotted path and the rule:
// `strategy.params.fast: must be < slow (30), got 40`. Inputs are never mutated; a clean copy is returned.
import type { BacktestConfig, Sizing, StopSpec, StrategySpec } from '../../shared/backtest';
import { parseIsoNaive } from '../backtest/period';
import { INDICATORS } from '../indicators/registry';
import { STRATEGY_DEFAULTS, STRATEGY_PARAMS, type StrategyParamInfo } from './defaults';
import { SpecError, checkAgainst, isPlainObject, join, show, type RefLimit, type SchemaNode } from './schema-check';
import SCHEMA from './schema.generated.json';
import { checkRulesSpec } from './validate-rules';

export { SpecError } from './schema-check';

/** The generated JSON Schema (draft-07): `$ref` BacktestConfig, every named type under `definitions`. */
export const SPEC_SCHEMA = SCHEMA as unknown as { definitions: Readonly<Record<string, SchemaNode>> };

/** Conditions may nest this deep (`not`/`all`/`any` levels) … */
export const MAX_CONDITION_DEPTH = 32;
/** … and a strategy may hold this many conditions in all. */
export const MAX_CONDITIONS = 256;

const LIMITS: Readonly<Record<string, RefLimit>> = {
  Condition: { depth: MAX_CONDITION_DEPTH, count: MAX_CONDITIONS, noun: 'conditions' },
};

/** Largest money amount or unit count accepted (keeps equity arithmetic far from overflow). */
const MAX_AMOUNT = 1e15;

/** Checks an untrusted strategy spec (parsed JSON or a UI object) and returns a validated copy; throws SpecError. */
export function validateStrategy(x: unknown, path = 'strategy'): StrategySpec {
  const spec = checkAgainst(SPEC_SCHEMA.definitions, 'StrategySpec', x, path, LIMITS) as StrategySpec;
  checkStrategySemantics(spec, path);
  return spec;
}

/** Checks an untrusted backtest config — the strategy and every trading field — and returns a validated copy. */
export function validateBacktestConfig(x: unknown): BacktestConfig {
  if (!isPlainObject(x))
    throw new SpecError('config', `must be an object like {"strategy": {"type": "sma_cross"}}, got ${show(x)}`);
  const c = checkAgainst(SPEC_SCHEMA.definitions, 'BacktestConfig', x, '', LIMITS) as BacktestConfig;
  checkStrategySemantics(c.strategy, 'strategy');
  if (c.cash !== undefined) range('cash', c.cash, { min: 0, minOpen: true, max: MAX_AMOUNT });
  if (c.sizing !== undefined) checkSizing(c.sizing);
  if (c.fractional_step !== undefined) range('fractional_step', c.fractional_step, { min: 0, minOpen: true, max: 1 });
  if (c.commission?.rate !== undefined) range('commission.rate', c.commission.rate, { min: 0, max: 1, maxOpen: true });
  if (c.commission?.fixed !== undefined) range('commission.fixed', c.commission.fixed, { min: 0, max: MAX_AMOUNT });
  if (c.slippage_bps !== undefined) range('slippage_bps', c.slippage_bps, { min: 0, max: 10000, maxOpen: true });
  if (c.spread !== undefined) range('spread', c.spread, { min: 0, max: 1, maxOpen: true });
  // A short opens at p × (1 − slip − spread): the sum must stay below 1 or the fill price is ≤ 0.
  if ((c.slippage_bps ?? 0) / 10000 + (c.spread ?? 0) >= 1) {
    throw new SpecError(
      'spread',
      `slippage_bps/10000 + spread must be < 1, got ${(c.slippage_bps ?? 0) / 10000 + (c.spread ?? 0)}`,
    );
  }
  for (const key of ['stop_loss', 'take_profit', 'trailing_stop'] as const) {
    const s = c[key];
    if (s !== undefined && s !== null) checkStop(key, s);
  }
  if (c.risk?.max_position_pct !== undefined) range('risk.max_position_pct', c.risk.max_position_pct, { min: 0, minOpen: true, max: 1 });
  if (c.risk?.max_drawdown_stop !== undefined) {
    range('risk.max_drawdown_stop', c.risk.max_drawdown_stop, { min: 0, minOpen: true, max: 1, maxOpen: true });
  }
  if (c.periods_per_year !== undefined) range('periods_per_year', c.periods_per_year, { min: 0, minOpen: true, max: 1e8 });
  if (c.risk_free !== undefined) range('risk_free', c.risk_free, { min: -1, minOpen: true, max: 1, maxOpen: true });
  if (typeof c.start === 'number' && (!Number.isInteger(c.start) || c.start < 0)) {
    throw new SpecError('start', `must be a row index (an integer ≥ 0) or an ISO date, got ${show(c.start)}`);
  }
  if (typeof c.start === 'string' && parseIsoNaive(c.start) === undefined) {
    throw new SpecError('start', `must be an ISO date (2020-01-02) or datetime (2020-01-02T09:30), got ${show(c.start)}`);
  }
  return c;
}

function checkStrategySemantics(spec: StrategySpec, path: string): void {
  if (spec.type === 'rules') return checkRulesSpec(spec, path);
  const given = (spec.params ?? {}) as Record<string, number | boolean | undefined>;
  const pp = join(path, 'params');
  for (const info of STRATEGY_PARAMS[spec.type]) {
    const v = given[info.name];
    if (typeof v === 'number') range(join(pp, info.name), v, info);
  }
  const eff = { ...STRATEGY_DEFAULTS[spec.type], ...given } as Record<string, number>;
  if (spec.type === 'sma_cross' || spec.type === 'macd_momentum') ordered(pp, given, eff, 'fast', 'slow');
  if (spec.type === 'rsi_mean_reversion') ordered(pp, given, eff, 'lower', 'upper');
}

/** `lo` < `hi`; blames `lo` when it was given (`fast: must be < slow (30), got 40`), else `hi`. */
function ordered(pp: string, given: Record<string, unknown>, eff: Record<string, number>, lo: string, hi: string): void {
  if (eff[lo] < eff[hi]) return;
  if (given[lo] !== undefined) throw new SpecError(join(pp, lo), `must be < ${hi} (${eff[hi]}), got ${eff[lo]}`);
  throw new SpecError(join(pp, hi), `must be > ${lo} (${eff[lo]}), got ${eff[hi]}`);
}

function checkSizing(s: Sizing): void {
  if (s.mode === 'percent_equity') range('sizing.pct', s.pct, { min: 0, minOpen: true, max: 1 });
  if (s.mode === 'units') range('sizing.units', s.units, { min: 0, minOpen: true, max: MAX_AMOUNT });
  if (s.mode === 'cash') range('sizing.amount', s.amount, { min: 0, minOpen: true, max: MAX_AMOUNT });
  if (s.mode === 'volatility_target') {
    range('sizing.target', s.target, { min: 0, minOpen: true, max: 10 });
    if (s.window !== undefined) range('sizing.window', s.window, { kind: 'integer', min: 2, max: 100000 });
  }
}

function checkStop(key: string, s: StopSpec): void {
  if ('pct' in s) return range(`${key}.pct`, s.pct, { min: 0, minOpen: true, max: 100 });
  range(`${key}.atr`, s.atr, { min: 0, minOpen: true, max: 1000 });
  if (s.atr_period !== undefined) {
    const p = INDICATORS.get('ATR')!.params.find((q) => q.name === 'timeperiod')!;
    range(`${key}.atr_period`, s.atr_period, { kind: 'integer', min: p.min, max: p.max });
  }
}

/** Checks integrality and bounds; messages `must be 2..100000` (integers) or `must be in (0, 1]` (reals). */
function range(path: string, v: number, r: Partial<StrategyParamInfo>): void {
  const { min = -Infinity, max = Infinity, minOpen = false, maxOpen = false } = r;
  if (r.kind === 'integer') {
    if (!Number.isInteger(v)) throw new SpecError(path, `must be an integer, got ${show(v)}`);
    if (v < min || v > max) throw new SpecError(path, `must be ${min}..${max}, got ${show(v)}`);
    return;
  }
  if ((minOpen ? v <= min : v < min) || (maxOpen ? v >= max : v > max)) {
    const interval = `${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`;
    throw new SpecError(path, `must be in ${interval}, got ${show(v)}`);
  }
}
