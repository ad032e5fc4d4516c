// The portfolio form as plain data: the inputs as typed text, their defaults (PyPortfolioOpt's), and the pure
// conversion into the worker's OptimizeRequest / RebalanceRequest, with a message naming the field and its valid
// range on bad input. Percent fields are typed in percent (5 = 5 %) and sent as fractions.
import type { OptimizeRequest, RebalanceRequest } from '../../shared/portfolio-api';

/** Objectives offered, in menu order, with their labels. */
export const OBJECTIVES: readonly { method: OptimizeRequest['objective']['method']; label: string }[] = [
  { method: 'max_sharpe', label: 'Max Sharpe' },
  { method: 'min_volatility', label: 'Min volatility' },
  { method: 'efficient_risk', label: 'Efficient risk (target volatility)' },
  { method: 'efficient_return', label: 'Efficient return (target return)' },
  { method: 'max_quadratic_utility', label: 'Max quadratic utility' },
  { method: 'hrp', label: 'Hierarchical risk parity (HRP)' },
  { method: 'risk_parity', label: 'Risk parity (risk budgets)' },
];

/** Expected-return estimators and risk models offered. */
export const ESTIMATORS = ['mean_historical', 'ema_historical', 'capm'] as const;
export const RISK_MODELS = ['sample_cov', 'semicovariance', 'exp_cov', 'ledoit_wolf'] as const;
export const SHRINKAGE_TARGETS = ['constant_variance', 'single_factor', 'constant_correlation'] as const;

/** Everything the optimizer form holds, as typed. */
export interface PortfolioInputs {
  estimator: (typeof ESTIMATORS)[number];
  compounding: boolean;
  erSpan: string;
  riskModel: (typeof RISK_MODELS)[number];
  shrinkage: (typeof SHRINKAGE_TARGETS)[number];
  covSpan: string;
  benchmark: string;
  objective: OptimizeRequest['objective']['method'];
  /** Percent. */
  riskFree: string;
  targetVol: string;
  targetReturn: string;
  riskAversion: string;
  marketNeutral: boolean;
  /** Percent; empty = None. */
  lower: string;
  upper: string;
  l2Gamma: string;
  /** "ACME=2, BOLT=1": risk budgets by name (others 1). */
  budgets: string;
  /** "Technology<=40, Energy>=5" in percent. */
  sectorLimits: string;
  frontierPoints: string;
}

/** PyPortfolioOpt's defaults (bounds (0, 1), rf 0.02 as the CLI example, span 500/180, benchmark 0.000079). */
export function defaultPortfolioInputs(): PortfolioInputs {
  return {
    estimator: 'mean_historical',
    compounding: true,
    erSpan: '500',
    riskModel: 'sample_cov',
    shrinkage: 'constant_variance',
    covSpan: '180',
    benchmark: '0.000079',
    objective: 'max_sharpe',
    riskFree: '2',
    targetVol: '15',
    targetReturn: '10',
    riskAversion: '1',
    marketNeutral: false,
    lower: '0',
    upper: '100',
    l2Gamma: '0',
    budgets: '',
    sectorLimits: '',
    frontierPoints: '50',
  };
}

/** Success with a value, or the field and message of the first bad input. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; field: string; error: string };

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function number(text: string, field: string, label: string, ok: (x: number) => boolean, range: string): number {
  const t = text.trim();
  const x = t === '' ? NaN : Number(t);
  if (!Number.isFinite(x) || !ok(x)) throw new FieldError(field, `${label} must be ${range}, got ${JSON.stringify(text)}`);
  return x;
}

/** "A=2, B=1.5" → {A: 2, B: 1.5}; names must be in `names` when given. */
export function parsePairs(text: string, field: string, label: string, names?: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(/[,;\n]/)) {
    if (part.trim() === '') continue;
    const m = /^\s*([^=<>]+?)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) throw new FieldError(field, `${label}: write NAME=value, got ${JSON.stringify(part.trim())}`);
    if (names && !names.includes(m[1])) throw new FieldError(field, `${label}: unknown name ${JSON.stringify(m[1])}`);
    out[m[1]] = number(m[2], field, `${label} ${m[1]}`, (x) => x > 0, 'a number > 0');
  }
  return out;
}

/** "Tech<=40, Energy>=5" (percent) → sector lower/upper fractions. */
export function parseSectorLimits(text: string, sectors: readonly string[]): { lower: Record<string, number>; upper: Record<string, number> } {
  const lower: Record<string, number> = {};
  const upper: Record<string, number> = {};
  for (const part of text.split(/[,;\n]/)) {
    if (part.trim() === '') continue;
    const m = /^\s*(.+?)\s*(<=|>=)\s*(\S+)\s*$/.exec(part);
    if (!m) throw new FieldError('sectorLimits', `sector limits: write Sector<=40 or Sector>=5 (percent), got ${JSON.stringify(part.trim())}`);
    if (!sectors.includes(m[1])) throw new FieldError('sectorLimits', `sector limits: unknown sector ${JSON.stringify(m[1])}; sectors: ${sectors.join(', ') || 'none (demo assets only)'}`);
    const v = number(m[3], 'sectorLimits', `sector limit ${m[1]}`, (x) => x >= 0 && x <= 100, 'a percentage in [0, 100]') / 100;
    (m[2] === '<=' ? upper : lower)[m[1]] = v;
  }
  return { lower, upper };
}

/** The worker request of the form, for a universe with these asset names and sectors. */
export function buildOptimizeRequest(f: PortfolioInputs, assets: readonly string[], sectors: readonly string[]): Parsed<OptimizeRequest> {
  try {
    const bound = (t: string, field: 'lower' | 'upper') => (t.trim() === '' ? null : number(t, field, `weight ${field} bound`, (x) => x >= -100 && x <= 100, 'a percentage in [−100, 100] or empty (None)') / 100);
    const lo = bound(f.lower, 'lower');
    const hi = bound(f.upper, 'upper');
    if (lo !== null && hi !== null && lo > hi) throw new FieldError('lower', `weight lower bound (${lo * 100}%) must not exceed the upper bound (${hi * 100}%)`);
    const objective: OptimizeRequest['objective'] = {
      method: f.objective,
      risk_free_rate: number(f.riskFree, 'riskFree', 'risk-free rate', (x) => x > -100 && x < 100, 'a percentage in (−100, 100)') / 100,
    };
    if (f.objective === 'efficient_risk') objective.target_volatility = number(f.targetVol, 'targetVol', 'target volatility', (x) => x > 0 && x < 1000, 'a percentage in (0, 1000)') / 100;
    if (f.objective === 'efficient_return') objective.target_return = number(f.targetReturn, 'targetReturn', 'target return', (x) => x > -100 && x < 1000, 'a percentage in (−100, 1000)') / 100;
    if (f.objective === 'max_quadratic_utility') objective.risk_aversion = number(f.riskAversion, 'riskAversion', 'risk aversion', (x) => x > 0, 'a number > 0');
    if (['efficient_risk', 'efficient_return', 'max_quadratic_utility'].includes(f.objective)) objective.market_neutral = f.marketNeutral;
    if (f.objective === 'risk_parity' && f.budgets.trim() !== '') objective.risk_budget = parsePairs(f.budgets, 'budgets', 'risk budgets', assets);
    const req: OptimizeRequest = {
      expected_returns: { method: f.estimator, compounding: f.compounding, span: number(f.erSpan, 'erSpan', 'expected-returns span', (x) => x >= 1, 'a number ≥ 1') },
      risk_model: {
        method: f.riskModel,
        shrinkage_target: f.shrinkage,
        span: number(f.covSpan, 'covSpan', 'covariance span', (x) => x >= 1, 'a number ≥ 1'),
        benchmark: number(f.benchmark, 'benchmark', 'semicovariance benchmark', (x) => x > -1 && x < 1, 'a daily return in (−1, 1)'),
      },
      objective,
      weight_bounds: [lo, hi],
      l2_gamma: number(f.l2Gamma, 'l2Gamma', 'L2 gamma', (x) => x >= 0, 'a number ≥ 0'),
      frontier_points: number(f.frontierPoints, 'frontierPoints', 'frontier points', (x) => Number.isInteger(x) && (x === 0 || (x >= 2 && x <= 500)), 'an integer in [2, 500], or 0 for none'),
    };
    if (f.sectorLimits.trim() !== '') {
      const s = parseSectorLimits(f.sectorLimits, sectors);
      req.sector_lower = s.lower;
      req.sector_upper = s.upper;
    }
    return { ok: true, value: req };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, field: e.field, error: e.message };
    throw e;
  }
}

/** The rebalancing form, as typed. */
export interface RebalanceInputs {
  rule: 'monthly' | 'quarterly' | 'yearly' | 'threshold' | 'none';
  /** Percentage points of drift that trigger a threshold rebalance. */
  threshold: string;
  /** Basis points of traded value. */
  costBps: string;
  /** Currency per asset traded. */
  fixedCost: string;
  initialValue: string;
}

/** Monthly rebalancing, 5 pp threshold, 10 bp costs, no fixed cost, 10 000 initial value. */
export function defaultRebalanceInputs(): RebalanceInputs {
  return { rule: 'monthly', threshold: '5', costBps: '10', fixedCost: '0', initialValue: '10000' };
}

/** The worker's rebalance request of the form for `weights`. */
export function buildRebalanceRequest(f: RebalanceInputs, weights: Float64Array): Parsed<RebalanceRequest> {
  try {
    const rule: RebalanceRequest['rule'] =
      f.rule === 'threshold'
        ? { type: 'threshold', threshold: number(f.threshold, 'threshold', 'drift threshold', (x) => x > 0 && x < 100, 'percentage points in (0, 100)') / 100 }
        : f.rule === 'none'
          ? { type: 'none' }
          : { type: 'calendar', frequency: f.rule };
    return {
      ok: true,
      value: {
        weights: weights.slice(),
        rule,
        costs: {
          rate: number(f.costBps, 'costBps', 'proportional cost', (x) => x >= 0 && x < 10_000, 'basis points in [0, 10000)') / 10_000,
          fixed: number(f.fixedCost, 'fixedCost', 'fixed cost', (x) => x >= 0, 'a number ≥ 0'),
        },
        initial_value: number(f.initialValue, 'initialValue', 'initial value', (x) => x > 0, 'a number > 0'),
      },
    };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, field: e.field, error: e.message };
    throw e;
  }
}
