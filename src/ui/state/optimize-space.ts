// The parameter-space form as plain data (docs/optimize.md § Parameter spaces): per parameter of the backtest's
// current strategy a fixed value, a list or an inclusive range (min/max/step); constraints one per line ("fast <
// slow"); grid or seeded random search; a user-set cap on the trials. Pure conversion to a SweepRequest, and the
// complexity (free parameters, trials) computed the way expandSpace counts them, without building the specs.
import type { ColumnMetric } from '../../engine/backtest/columns';
import { parseConstraint, satisfies } from '../../engine/sweep/constraints';
import type { SweepRequest } from '../../engine/sweep/run';
import { MAX_COMBINATIONS, rangeValues, type ParamSpace, type ParamValue, type StrategySpace } from '../../engine/sweep/space';
import type { BacktestConfig, StrategySpec, StrategyType } from '../../shared/backtest';
import type { ParamField } from './backtest-config';

/** How one parameter is swept. Booleans: 'fixed' (value "true"/"false") or 'list' (both values). */
export type ParamMode = 'fixed' | 'list' | 'range';

/** One parameter's inputs as typed. */
export interface ParamSpaceInput {
  name: string;
  label: string;
  kind: 'integer' | 'real' | 'boolean';
  mode: ParamMode;
  /** Fixed value ("true"/"false" for booleans). */
  value: string;
  /** Comma-separated values. */
  list: string;
  min: string;
  max: string;
  step: string;
}

/** The whole form. */
export interface SpaceInputs {
  type: StrategyType;
  params: ParamSpaceInput[];
  /** The rules of a 'rules' strategy, passed through unchanged. */
  rules?: unknown;
  /** Constraints, one per line (";" also separates). */
  constraints: string;
  search: 'grid' | 'random';
  maxTries: string;
  seed: string;
  /** Most trials the user allows a sweep to run. */
  cap: string;
  /** Metric the best combination maximizes. */
  metric: ColumnMetric;
}

/** Trial cap the form starts with. */
export const DEFAULT_TRIAL_CAP = 10_000;
/** Grid points up to which the complexity counts constrained combinations exactly. */
export const EXACT_COUNT_LIMIT = 1_000_000;

/** Starting ranges [min, max, step] and constraints of the built-in strategies (small grids: quick first sweeps). */
const PRESETS: Partial<Record<StrategyType, { ranges: Record<string, [number, number, number]>; constraints: string[] }>> = {
  sma_cross: { ranges: { fast: [5, 25, 5], slow: [20, 60, 10] }, constraints: ['fast < slow'] },
  macd_momentum: { ranges: { fast: [8, 16, 4], slow: [20, 32, 6] }, constraints: ['fast < slow'] },
  rsi_mean_reversion: { ranges: { period: [7, 21, 7], lower: [20, 35, 5] }, constraints: ['lower < upper'] },
  bollinger_breakout: { ranges: { period: [10, 40, 10], k: [1.5, 2.5, 0.5] }, constraints: [] },
};

/**
 * The form for `spec` (the backtest panel's current strategy): presets for the built-ins' main parameters, other
 * parameters fixed at the spec's value; for 'rules', a range around each numeric value and "fast < slow" when both exist.
 */
export function defaultSpaceInputs(spec: StrategySpec, fields: readonly ParamField[] = []): SpaceInputs {
  const params = (spec.params ?? {}) as Record<string, ParamValue>;
  const preset = PRESETS[spec.type];
  const inputs: ParamSpaceInput[] = Object.entries(params).map(([name, v]) => {
    const f = fields.find((x) => x.name === name);
    const kind: ParamSpaceInput['kind'] =
      typeof v === 'boolean' ? 'boolean' : f?.kind === 'integer' || (f === undefined && Number.isInteger(v)) ? 'integer' : 'real';
    const base = {
      name,
      label: f?.label ?? name,
      kind,
      value: String(v),
      list: String(v),
      min: String(v),
      max: String(v),
      step: kind === 'integer' ? '1' : '0.5',
    };
    const r = preset?.ranges[name];
    if (r) return { ...base, mode: 'range', min: String(r[0]), max: String(r[1]), step: String(r[2]) };
    if (spec.type === 'rules' && typeof v === 'number' && kind === 'integer') {
      const step = Math.max(1, Math.round(v / 4));
      return { ...base, mode: 'range', min: String(Math.max(2, v - 2 * step)), max: String(v + 2 * step), step: String(step) };
    }
    return { ...base, mode: 'fixed' };
  });
  const names = inputs.map((p) => p.name);
  const constraints = preset?.constraints ?? (names.includes('fast') && names.includes('slow') ? ['fast < slow'] : []);
  return {
    type: spec.type,
    params: inputs,
    rules: spec.type === 'rules' ? (spec as { rules?: unknown }).rules : undefined,
    constraints: constraints.join('\n'),
    search: 'grid',
    maxTries: '500',
    seed: '1',
    cap: String(DEFAULT_TRIAL_CAP),
    metric: 'sharpe_ratio',
  };
}

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function num(text: string, field: string, integer = false): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new FieldError(field, `${field}: enter a number, got ${JSON.stringify(text)}`);
  if (integer && !Number.isInteger(v))
    throw new FieldError(field, `${field}: must be a whole number, got ${JSON.stringify(text)}`);
  return v;
}

function paramSpace(p: ParamSpaceInput): ParamSpace {
  const path = `strategy.params.${p.name}`;
  const integer = p.kind === 'integer';
  if (p.kind === 'boolean') {
    if (p.mode === 'fixed') return p.value === 'true';
    return [false, true];
  }
  if (p.mode === 'fixed') return num(p.value, path, integer);
  if (p.mode === 'list') {
    const parts = p.list
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (parts.length === 0) throw new FieldError(path, `${path}: list at least one value, e.g. "5, 10, 20"`);
    return parts.map((s, i) => num(s, `${path}[${i}]`, integer));
  }
  return {
    min: num(p.min, `${path}.min`, integer),
    max: num(p.max, `${path}.max`, integer),
    step: num(p.step, `${path}.step`, integer),
  };
}

/** The constraints field as a list of strings (one per line or ';'-separated, blanks skipped). */
export function constraintList(text: string): string[] {
  return text
    .split(/[\n;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The form's strategy space and search options, or the first bad field with a message naming it. */
export type SpaceBuild =
  | { ok: true; strategy: StrategySpace; search: Pick<SweepRequest, 'search' | 'max_tries' | 'seed'>; cap: number }
  | { ok: false; field: string; error: string };

/** Parses the form: numbers, lists and ranges (whole numbers for integer params), search options and the cap (1..MAX_COMBINATIONS). */
export function buildSpace(inputs: SpaceInputs): SpaceBuild {
  try {
    const params: Record<string, ParamSpace> = {};
    for (const p of inputs.params) params[p.name] = paramSpace(p);
    const strategy: StrategySpace = { type: inputs.type, params, constraints: constraintList(inputs.constraints) };
    if (inputs.type === 'rules') (strategy as { rules?: unknown }).rules = inputs.rules;
    const cap = num(inputs.cap, 'trial cap', true);
    if (cap < 1 || cap > MAX_COMBINATIONS)
      throw new FieldError('trial cap', `trial cap: must be in 1..${MAX_COMBINATIONS}, got ${cap}`);
    const seed = num(inputs.seed, 'seed', true);
    const search: Pick<SweepRequest, 'search' | 'max_tries' | 'seed'> =
      inputs.search === 'random'
        ? { search: 'random', max_tries: num(inputs.maxTries, 'max_tries', true), seed }
        : { search: 'grid' };
    return { ok: true, strategy, search, cap };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, field: e.field, error: e.message };
    throw e;
  }
}

/** The sweep request of a parsed form over the backtest panel's trading settings (`base` = its config without strategy). */
export function sweepRequest(
  b: Extract<SpaceBuild, { ok: true }>,
  base: Omit<BacktestConfig, 'strategy'>,
  metric: ColumnMetric,
): SweepRequest {
  return { ...base, strategy: b.strategy, ...b.search, metric };
}

/** The strategy's complexity: free parameters (more than one value), values per parameter, grid points and trials. */
export interface Complexity {
  free: string[];
  values: Record<string, number>;
  gridPoints: number;
  /** Combinations satisfying the constraints (exact when gridPoints ≤ EXACT_COUNT_LIMIT, else the grid points: an upper bound). */
  constrained: number;
  exact: boolean;
  /** Trials a sweep runs: the constrained grid, or min(max_tries, constrained) for random search. */
  trials: number;
}

/** Complexity of a parsed space, counted as expandSpace does (errors name the field, as expandSpace's). */
export function spaceComplexity(strategy: StrategySpace, search: Pick<SweepRequest, 'search' | 'max_tries'>): Complexity {
  const names = Object.keys(strategy.params ?? {});
  const values: ParamValue[][] = names.map((n) => {
    const s = strategy.params![n];
    if (Array.isArray(s)) return s;
    if (typeof s === 'object') return rangeValues(s, `strategy.params.${n}`);
    return [s];
  });
  const sizes = values.map((v) => v.length);
  const gridPoints = sizes.reduce((a, b) => a * b, 1);
  const numeric = values.map((vs) => vs.every((x) => typeof x === 'number'));
  const constraints = (strategy.constraints ?? []).map((c, i) =>
    parseConstraint(c, names, numeric, `strategy.constraints[${i}]`),
  );
  let constrained = gridPoints;
  const exact = gridPoints <= EXACT_COUNT_LIMIT;
  if (exact && constraints.length > 0) {
    constrained = 0;
    const combo: ParamValue[] = new Array(names.length);
    for (let k = 0; k < gridPoints; k++) {
      let r = k;
      for (let p = names.length - 1; p >= 0; p--) {
        combo[p] = values[p][r % sizes[p]];
        r = Math.floor(r / sizes[p]);
      }
      if (constraints.every((c) => satisfies(c, combo))) constrained++;
    }
  }
  const trials = search.search === 'random' ? Math.min(search.max_tries ?? constrained, constrained) : constrained;
  return {
    free: names.filter((_, p) => sizes[p] > 1),
    values: Object.fromEntries(names.map((n, p) => [n, sizes[p]])),
    gridPoints,
    constrained,
    exact,
    trials,
  };
}
