// The built-in strategies' parameters in one table — default, kind and valid range — read by validation
// (validate.ts), by resolveStrategyDefaults and by the UI's forms. docs/strategies.md lists the same values.
import type { IndicatorOperand, Operand, StrategySpec, StrategyType } from '../../shared/backtest';
import { INDICATORS } from '../indicators/registry';

/** One parameter of a built-in strategy: its default and its valid range (bounds inclusive unless marked open). */
export interface StrategyParamInfo {
  name: string;
  default: number | boolean;
  kind: 'integer' | 'real' | 'boolean';
  /** Lower bound; `minOpen` makes it exclusive. Absent for booleans. */
  min?: number;
  minOpen?: boolean;
  /** Upper bound; `maxOpen` makes it exclusive. */
  max?: number;
  maxOpen?: boolean;
}

/** Built-in strategy types (every StrategyType but 'rules'). */
export type BuiltinStrategyType = Exclude<StrategyType, 'rules'>;

/** TA-Lib's period range for SMA/EMA/RSI/BBANDS time periods (and the strategies' periods). */
export const PERIOD_MIN = 2;
export const PERIOD_MAX = 100000;

const period = (name: string, dflt: number): StrategyParamInfo => ({
  name,
  default: dflt,
  kind: 'integer',
  min: PERIOD_MIN,
  max: PERIOD_MAX,
});

/** Parameters per built-in strategy, in form order. Pairwise rules (fast < slow, lower < upper) live in validate.ts. */
export const STRATEGY_PARAMS: Readonly<Record<BuiltinStrategyType, readonly StrategyParamInfo[]>> = {
  sma_cross: [period('fast', 10), period('slow', 30)],
  rsi_mean_reversion: [
    period('period', 14),
    { name: 'lower', default: 30, kind: 'real', min: 0, minOpen: true, max: 100, maxOpen: true },
    { name: 'upper', default: 70, kind: 'real', min: 0, minOpen: true, max: 100, maxOpen: true },
  ],
  macd_momentum: [
    period('fast', 12),
    period('slow', 26),
    period('signal', 9),
    { name: 'zero_filter', default: false, kind: 'boolean' },
  ],
  bollinger_breakout: [period('period', 20), { name: 'k', default: 2, kind: 'real', min: 0, minOpen: true, max: 100 }],
};

/** Default params per built-in strategy: sma_cross 10/30, rsi 14/30/70, macd 12/26/9/false, bollinger 20/2. */
export const STRATEGY_DEFAULTS: Readonly<Record<BuiltinStrategyType, Readonly<Record<string, number | boolean>>>> =
  Object.fromEntries(
    Object.entries(STRATEGY_PARAMS).map(([type, ps]) => [type, Object.fromEntries(ps.map((p) => [p.name, p.default]))]),
  ) as Record<BuiltinStrategyType, Record<string, number | boolean>>;

/**
 * The spec with every default filled: built-ins get all their params; `rules` gets `params: {}` when absent and
 * each indicator operand its upper-case name, every TA-Lib parameter default, its output name and its input
 * mapping, so two spellings of the same strategy resolve to the same JSON. Expects a validated spec.
 */
export function resolveStrategyDefaults(spec: StrategySpec): StrategySpec {
  if (spec.type === 'rules') {
    const fill = (c: unknown): unknown => {
      if (Array.isArray(c)) return c.map(fill);
      if (typeof c !== 'object' || c === null) return c;
      const o = c as Record<string, unknown>;
      if (typeof o.indicator === 'string') return fillIndicator(o as unknown as IndicatorOperand);
      return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fill(v)]));
    };
    return { type: 'rules', params: { ...(spec.params ?? {}) }, rules: fill(spec.rules) as typeof spec.rules };
  }
  return { type: spec.type, params: { ...STRATEGY_DEFAULTS[spec.type], ...(spec.params ?? {}) } } as StrategySpec;
}

function fillIndicator(op: IndicatorOperand): Operand {
  const def = INDICATORS.get(op.indicator.trim().toUpperCase());
  if (def === undefined) return { ...op };
  const params: Record<string, number | { param: string }> = {};
  for (const p of def.params) {
    const given = op.params?.[p.name];
    params[p.name] = given === undefined ? p.default : typeof given === 'number' ? given : { param: given.param };
  }
  const inputs: NonNullable<IndicatorOperand['inputs']> = {};
  for (const [name, dflt] of Object.entries(def.inputs)) {
    const v = op.inputs?.[name] ?? dflt;
    inputs[name] = typeof v === 'string' ? v : [...v];
  }
  const filled: IndicatorOperand = { indicator: def.name, params, output: op.output ?? def.outputs[0].name, inputs };
  if (op.timeframe !== undefined) filled.timeframe = op.timeframe;
  return filled;
}
