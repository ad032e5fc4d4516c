// Validation of the link kinds beyond a single backtest (docs/share.md § Kinds): a sweep and a walk-forward request go
// through the engine's own checks — expandSpace (the space, constraints, search and seed, every combination's spec)
// and validateBacktestConfig (the trading settings) exactly as prepareSweep/walkForward and the CLI run them — and a
// portfolio's universe and optimizer request are checked field by field with the ranges of the portfolio form and
// the CLI's `optimize`. Nothing from a URL reaches a worker unvalidated; errors are ShareErrors naming the field.
import type { OptimizeRequest } from '../../shared/portfolio-api';
import type {
  AnyShareLink,
  PortfolioShareLink,
  ShareSweepRequest,
  ShareUniverse,
  ShareWalkForwardRequest,
  SweepShareLink,
  WalkForwardShareLink,
} from '../../shared/share';
import { isDemoId } from '../../sources/demo';
import { COLUMN_METRICS } from '../backtest/columns';
import { checkBlocks } from '../overfit/pbo';
import { isPlainObject, show, SpecError } from '../spec/schema-check';
import { validateBacktestConfig } from '../spec/validate';
import { expandSpace } from '../sweep/space';
import { DATA_LINK_KEYS, invalid, MAX_BAR_COUNT, onlyKeys, validateEngine, validateLinkFields, validateShareLink } from './link';

/** Valid values of a payload's `kind`. */
export const SHARE_KINDS = ['backtest', 'sweep', 'walkforward', 'portfolio'] as const;
/** Fields of a sweep request besides the trading settings (SWEEP_FIELDS of src/engine/sweep/run.ts plus strategy). */
const SWEEP_OWN = ['strategy', 'metric', 'search', 'max_tries', 'seed', 'blocks'];
/** Fields of a walk-forward request besides the sweep's (WALKFORWARD_FIELDS). */
const WF_OWN = ['mode', 'in_sample', 'out_of_sample', 'step'];
/** Most demo symbols a portfolio link may list (the demo market has 20). */
export const MAX_UNIVERSE_SYMBOLS = 64;

/** Re-throws a SpecError of a request's validator as a ShareError under `field`. */
function under<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SpecError) throw invalid(e.path === '(root)' || e.path === '' ? field : `${field}.${e.path}`, e.rule);
    if (e instanceof RangeError) throw invalid(field, e.message);
    throw e;
  }
}

/**
 * Checks a sweep (or, with `walkforward`, a walk-forward) request from a link over `rows` bars, with the engine's
 * validators (expandSpace, validateBacktestConfig, checkBlocks); returns a clean copy; throws ShareError naming the field.
 */
export function validateSweepShare(x: unknown, field: string, rows: number, walkforward = false): ShareSweepRequest {
  if (!isPlainObject(x)) throw invalid(field, `must be a sweep request object with a "strategy" space, got ${show(x)}`);
  const own = walkforward ? [...SWEEP_OWN, ...WF_OWN] : SWEEP_OWN;
  const base: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (!own.includes(k)) base[k] = v;
  if (walkforward) {
    for (const k of ['start', 'blocks']) if (x[k] !== undefined) throw invalid(`${field}.${k}`, 'not used by walk-forward (each window sets its own start; PBO belongs to sweep)');
  }
  if (x.strategy === undefined) throw invalid(`${field}.strategy`, 'missing: a strategy space like {"type":"sma_cross","params":{"fast":[5,10],"slow":30}}');
  if (x.metric !== undefined && !(COLUMN_METRICS as readonly unknown[]).includes(x.metric)) {
    throw invalid(`${field}.metric`, `must be one of ${COLUMN_METRICS.join(', ')}, got ${show(x.metric)}`);
  }
  const search = { search: x.search as 'grid' | 'random' | undefined, max_tries: x.max_tries as number | undefined, seed: x.seed as number | undefined };
  const space = under(field, () => expandSpace(x.strategy, search));
  under(field, () => validateBacktestConfig({ ...base, strategy: space.specs[0] }));
  if (!walkforward && x.blocks !== undefined) under(field, () => checkBlocks(x.blocks, rows));
  return JSON.parse(JSON.stringify(x)) as ShareSweepRequest;
}

function barsInt(field: string, v: unknown, min: number, max: number): number {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) throw invalid(field, `must be an integer number of bars in ${min}..${max}, got ${show(v)}`);
  return v;
}

/** Checks a walk-forward request from a link over `rows` bars (the window geometry, then the sweep part). */
export function validateWalkForwardShare(x: unknown, field: string, rows: number): ShareWalkForwardRequest {
  if (!isPlainObject(x)) throw invalid(field, `must be a walk-forward request object, got ${show(x)}`);
  if (x.mode !== undefined && x.mode !== 'rolling' && x.mode !== 'anchored') throw invalid(`${field}.mode`, `must be "rolling" or "anchored", got ${show(x.mode)}`);
  const inSample = barsInt(`${field}.in_sample`, x.in_sample, 2, MAX_BAR_COUNT);
  barsInt(`${field}.out_of_sample`, x.out_of_sample, 1, MAX_BAR_COUNT);
  if (x.step !== undefined) barsInt(`${field}.step`, x.step, 1, MAX_BAR_COUNT);
  if (inSample >= rows) throw invalid(`${field}.in_sample`, `must be < the number of bars (${rows}) to leave out-of-sample rows, got ${inSample}`);
  return validateSweepShare(x, field, rows, true) as ShareWalkForwardRequest;
}

const ESTIMATORS = ['mean_historical', 'ema_historical', 'capm'] as const;
const RISK_MODELS = ['sample_cov', 'semicovariance', 'exp_cov', 'ledoit_wolf'] as const;
const TARGETS = ['constant_variance', 'single_factor', 'constant_correlation'] as const;
const OBJECTIVES = ['max_sharpe', 'min_volatility', 'efficient_risk', 'efficient_return', 'max_quadratic_utility', 'hrp', 'risk_parity'] as const;
const NEUTRAL_OBJECTIVES: readonly string[] = ['efficient_risk', 'efficient_return', 'max_quadratic_utility'];

function oneOf<T extends string>(field: string, v: unknown, valid: readonly T[]): T {
  if (typeof v !== 'string' || !(valid as readonly string[]).includes(v)) throw invalid(field, `must be one of ${valid.join(', ')}, got ${show(v)}`);
  return v as T;
}

function real(field: string, v: unknown, ok: (x: number) => boolean, range: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw invalid(field, `must be ${range}, got ${show(v)}`);
  return v;
}

function obj(field: string, v: unknown, keys: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(v)) throw invalid(field, `must be an object, got ${show(v)}`);
  onlyKeys(field, v, keys);
  return v;
}

function fractions(field: string, v: unknown, lo: number, names?: readonly string[]): Record<string, number> {
  if (!isPlainObject(v)) throw invalid(field, `must be an object of names to numbers, got ${show(v)}`);
  const o = v;
  const out: Record<string, number> = {};
  const keys = Object.keys(o);
  if (keys.length > MAX_UNIVERSE_SYMBOLS) throw invalid(field, `names at most ${MAX_UNIVERSE_SYMBOLS} entries, got ${keys.length}`);
  for (const k of keys) {
    if (k.length === 0 || k.length > 64 || k === '__proto__') throw invalid(field, `names must be 1..64 characters (not __proto__), got ${show(k)}`);
    if (names && !names.includes(k)) throw invalid(`${field}.${k}`, `unknown name; names: ${names.join(', ')}`);
    out[k] = real(`${field}.${k}`, o[k], (x) => (lo === 0 ? x > 0 && x <= 1e6 : x >= 0 && x <= 1), lo === 0 ? 'a number in (0, 1e6]' : 'a fraction in [0, 1]');
  }
  return out;
}

/** Checks a portfolio link's universe: 2..64 distinct demo symbols, or synthetic assets 2..2000, days 30..10000, seed 0..2^31−1. */
export function validateUniverse(v: unknown): ShareUniverse {
  if (!isPlainObject(v)) throw invalid('universe', `must be {"kind":"demo","symbols":[…]} or {"kind":"synthetic","assets","days","seed"}, got ${show(v)}`);
  if (v.kind === 'demo') {
    onlyKeys('universe', v, ['kind', 'symbols']);
    const s = v.symbols;
    if (!Array.isArray(s) || s.length < 2 || s.length > MAX_UNIVERSE_SYMBOLS) throw invalid('universe.symbols', `must be a list of 2..${MAX_UNIVERSE_SYMBOLS} demo symbols, got ${show(s)}`);
    s.forEach((id, i) => {
      if (typeof id !== 'string' || !isDemoId(id)) throw invalid(`universe.symbols[${i}]`, `must be a demo symbol like DEMO:ACME, got ${show(id)}`);
    });
    if (new Set(s).size !== s.length) throw invalid('universe.symbols', 'must not repeat a symbol');
    return { kind: 'demo', symbols: (s as string[]).slice() };
  }
  if (v.kind === 'synthetic') {
    onlyKeys('universe', v, ['kind', 'assets', 'days', 'seed']);
    const int = (f: string, lo: number, hi: number) => real(`universe.${f}`, v[f], (x) => Number.isInteger(x) && x >= lo && x <= hi, `an integer in [${lo}, ${hi}]`);
    return { kind: 'synthetic', assets: int('assets', 2, 2000), days: int('days', 30, 10000), seed: int('seed', 0, 2 ** 31 - 1) };
  }
  throw invalid('universe.kind', `must be one of demo, synthetic, got ${show(v.kind)}`);
}

/** The asset names a universe's optimizer sees (demo: symbols without DEMO:; synthetic: unknown until generated). */
function assetNames(u: ShareUniverse): string[] | undefined {
  return u.kind === 'demo' ? u.symbols.map((s) => s.replace(/^DEMO:/, '')) : undefined;
}

/**
 * Checks an optimizer request (OptimizeRequest) with the portfolio form's and the CLI `optimize`'s ranges
 * (docs/portfolio.md); the worker checks sector names against the universe again. Returns a clean copy.
 */
export function validateOptimizeShare(v: unknown, universe: ShareUniverse): OptimizeRequest {
  const o = obj('optimize', v, ['expected_returns', 'risk_model', 'objective', 'weight_bounds', 'l2_gamma', 'sector_lower', 'sector_upper', 'frontier_points']);
  const er = obj('optimize.expected_returns', o.expected_returns, ['method', 'compounding', 'span']);
  if (typeof er.compounding !== 'boolean') throw invalid('optimize.expected_returns.compounding', `must be true or false, got ${show(er.compounding)}`);
  const rm = obj('optimize.risk_model', o.risk_model, ['method', 'shrinkage_target', 'span', 'benchmark']);
  const ob = obj('optimize.objective', o.objective, ['method', 'risk_free_rate', 'target_volatility', 'target_return', 'risk_aversion', 'market_neutral', 'risk_budget']);
  const method = oneOf('optimize.objective.method', ob.method, OBJECTIVES);
  const objective: OptimizeRequest['objective'] = {
    method,
    risk_free_rate: real('optimize.objective.risk_free_rate', ob.risk_free_rate, (x) => x > -1 && x < 1, 'a fraction in (−1, 1)'),
  };
  if (ob.target_volatility !== undefined) objective.target_volatility = real('optimize.objective.target_volatility', ob.target_volatility, (x) => x > 0 && x < 10, 'a fraction in (0, 10)');
  if (ob.target_return !== undefined) objective.target_return = real('optimize.objective.target_return', ob.target_return, (x) => x > -1 && x < 10, 'a fraction in (−1, 10)');
  if (ob.risk_aversion !== undefined) objective.risk_aversion = real('optimize.objective.risk_aversion', ob.risk_aversion, (x) => x > 0 && x <= 1e6, 'a number in (0, 1e6]');
  if (method === 'efficient_risk' && objective.target_volatility === undefined) throw invalid('optimize.objective.target_volatility', 'missing: efficient_risk needs a target volatility');
  if (method === 'efficient_return' && objective.target_return === undefined) throw invalid('optimize.objective.target_return', 'missing: efficient_return needs a target return');
  if (ob.market_neutral !== undefined) {
    if (typeof ob.market_neutral !== 'boolean') throw invalid('optimize.objective.market_neutral', `must be true or false, got ${show(ob.market_neutral)}`);
    if (!NEUTRAL_OBJECTIVES.includes(method)) throw invalid('optimize.objective.market_neutral', `applies to ${NEUTRAL_OBJECTIVES.join(', ')}, not ${method}`);
    objective.market_neutral = ob.market_neutral;
  }
  if (ob.risk_budget !== undefined) objective.risk_budget = fractions('optimize.objective.risk_budget', ob.risk_budget, 0, assetNames(universe));
  const wb = o.weight_bounds;
  if (!Array.isArray(wb) || wb.length !== 2) throw invalid('optimize.weight_bounds', `must be a pair [lower, upper] of fractions or null, got ${show(wb)}`);
  const bound = (x: unknown, i: number) => (x === null ? null : real(`optimize.weight_bounds[${i}]`, x, (y) => y >= -1 && y <= 1, 'a fraction in [−1, 1] or null'));
  const lo = bound(wb[0], 0);
  const hi = bound(wb[1], 1);
  if (lo !== null && hi !== null && lo > hi) throw invalid('optimize.weight_bounds', `lower (${lo}) must not exceed upper (${hi})`);
  const req: OptimizeRequest = {
    expected_returns: {
      method: oneOf('optimize.expected_returns.method', er.method, ESTIMATORS),
      compounding: er.compounding,
      span: real('optimize.expected_returns.span', er.span, (x) => x >= 1 && x <= 1e6, 'a number in [1, 1e6]'),
    },
    risk_model: {
      method: oneOf('optimize.risk_model.method', rm.method, RISK_MODELS),
      shrinkage_target: oneOf('optimize.risk_model.shrinkage_target', rm.shrinkage_target, TARGETS),
      span: real('optimize.risk_model.span', rm.span, (x) => x >= 1 && x <= 1e6, 'a number in [1, 1e6]'),
      benchmark: real('optimize.risk_model.benchmark', rm.benchmark, (x) => x > -1 && x < 1, 'a daily return in (−1, 1)'),
    },
    objective,
    weight_bounds: [lo, hi],
    l2_gamma: real('optimize.l2_gamma', o.l2_gamma, (x) => x >= 0 && x <= 1e6, 'a number in [0, 1e6]'),
    frontier_points: real('optimize.frontier_points', o.frontier_points, (x) => Number.isInteger(x) && (x === 0 || (x >= 2 && x <= 500)), 'an integer in [2, 500], or 0 for none'),
  };
  if (o.sector_lower !== undefined) req.sector_lower = fractions('optimize.sector_lower', o.sector_lower, 1);
  if (o.sector_upper !== undefined) req.sector_upper = fractions('optimize.sector_upper', o.sector_upper, 1);
  return req;
}

/** Checks an untrusted payload of version 2 (any kind) and returns a clean copy; throws ShareError naming the field. */
export function validateAnyShareLink(x: unknown): AnyShareLink {
  if (!isPlainObject(x)) throw invalid('link', `must be an object, got ${show(x)}`);
  const kind = x.kind;
  if (typeof kind !== 'string' || !(SHARE_KINDS as readonly string[]).includes(kind)) throw invalid('kind', `must be one of ${SHARE_KINDS.join(', ')}, got ${show(kind)}`);
  if (kind === 'backtest') {
    const rest = { ...x };
    delete rest.kind;
    return { kind: 'backtest', ...validateShareLink(rest) };
  }
  if (kind === 'portfolio') {
    onlyKeys('', x, ['kind', 'engine', 'universe', 'optimize']);
    const universe = validateUniverse(x.universe);
    const link: PortfolioShareLink = { kind: 'portfolio', engine: validateEngine(x.engine), universe, optimize: validateOptimizeShare(x.optimize, universe) };
    return link;
  }
  onlyKeys('', x, ['kind', ...DATA_LINK_KEYS, kind]);
  // Rows for the request's row checks; a bad count is reported by the bars check (after the request's).
  const c = isPlainObject(x.bars) ? x.bars.count : undefined;
  const count = typeof c === 'number' && Number.isInteger(c) && c >= 1 && c <= MAX_BAR_COUNT ? c : MAX_BAR_COUNT;
  if (kind === 'sweep') {
    const l = validateLinkFields(x, () => ({ sweep: validateSweepShare(x.sweep, 'sweep', count) }));
    return { kind: 'sweep', ...l } as SweepShareLink;
  }
  const l = validateLinkFields(x, () => ({ walkforward: validateWalkForwardShare(x.walkforward, 'walkforward', count) }));
  return { kind: 'walkforward', ...l } as WalkForwardShareLink;
}
