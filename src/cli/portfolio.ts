// The portfolio commands of the CLI (docs/cli.md, docs/portfolio.md): optimize, frontier, allocate, rebalance.
// Every field is validated with a message naming it and its valid values.
import { readFileSync } from 'node:fs';
import {
  efficientFrontier,
  efficientReturn,
  efficientRisk,
  expectedReturns,
  greedyPortfolio,
  hrp,
  maxQuadraticUtility,
  maxSharpe,
  minVolatility,
  pairwiseCorr,
  pairwiseCov,
  portfolioPerformance,
  returnsFromPrices,
  riskMatrix,
  riskParity,
  simulateRebalance,
  type EfOptions,
  type ExpectedReturnsSpec,
  type FrontierPoint,
  type MeanVariance,
  type PriceTable,
  type RebalanceRule,
  type RiskModelSpec,
  type WeightBounds,
} from '../engine/portfolio/index';
import { parseWidePricesCsv } from '../sources/wide-csv';

type Req = Record<string, unknown>;
type Answer = Record<string, unknown>;

const OBJECTIVES = ['max_sharpe', 'min_volatility', 'efficient_risk', 'efficient_return', 'max_quadratic_utility', 'hrp', 'risk_parity'] as const;
const OBJECTIVE_FIELDS = ['method', 'risk_free_rate', 'target_volatility', 'target_return', 'risk_aversion', 'market_neutral', 'risk_budget'];
const ER_FIELDS = ['method', 'compounding', 'frequency', 'span', 'risk_free_rate'];
const RM_FIELDS = ['method', 'shrinkage_target', 'span', 'benchmark', 'frequency'];
const MV_FIELDS = ['prices', 'expected_returns', 'risk_model', 'objective', 'weight_bounds', 'l2_gamma', 'sector_mapper', 'sector_lower', 'sector_upper', 'transaction_cost'];

function obj(v: unknown, field: string, allowed: readonly string[]): Req {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${field} must be an object, got ${JSON.stringify(v)}`);
  for (const k of Object.keys(v)) if (!allowed.includes(k)) throw new Error(`${field}: unknown field ${JSON.stringify(k)}; valid fields: ${allowed.join(', ')}`);
  return v as Req;
}

function num(v: unknown, field: string, def?: number, check?: (x: number) => boolean, range = 'a finite number'): number {
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'number' || !Number.isFinite(v) || (check && !check(v))) throw new Error(`${field} must be ${range}, got ${JSON.stringify(v)}`);
  return v;
}

function bool(v: unknown, field: string, def: boolean): boolean {
  if (v === undefined) return def;
  if (typeof v !== 'boolean') throw new Error(`${field} must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

function numMap(v: unknown, field: string): Record<string, number> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${field} must be an object of numbers, got ${JSON.stringify(v)}`);
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${field}.${k} must be a finite number, got ${JSON.stringify(x)}`);
  return v as Record<string, number>;
}

function loadPrices(v: unknown): PriceTable {
  if (typeof v !== 'string' || v === '') throw new Error(`prices must be the path of a CSV (date column then one column per asset), got ${JSON.stringify(v)}`);
  let text: string;
  try {
    text = readFileSync(v, 'utf8');
  } catch (e) {
    throw new Error(`prices: cannot read ${JSON.stringify(v)}: ${(e as Error).message}`);
  }
  return parseWidePricesCsv(text);
}

function weightBounds(v: unknown): WeightBounds {
  if (v === undefined) return [0, 1];
  const pair = (x: unknown, f: string): [number | null, number | null] => {
    if (!Array.isArray(x) || x.length !== 2 || !x.every((e) => e === null || (typeof e === 'number' && Number.isFinite(e))))
      throw new Error(`${f} must be a pair [lower, upper] of numbers or null, got ${JSON.stringify(x)}`);
    return [x[0] as number | null, x[1] as number | null];
  };
  return pair(v, 'weight_bounds');
}

function weightsVector(v: unknown, assets: readonly string[], field: string): Float64Array {
  const m = numMap(v, field);
  for (const k of Object.keys(m)) if (!assets.includes(k)) throw new Error(`${field}: unknown asset ${JSON.stringify(k)}; assets: ${assets.join(', ')}`);
  return Float64Array.from(assets, (a) => m[a] ?? 0);
}

interface Inputs {
  prices: PriceTable;
  mv: MeanVariance;
  options: EfOptions;
  objective: Req;
  rf: number;
  frequency: number;
  warnings: string[];
}

function inputs(req: Req, cmd: string): Inputs {
  const prices = loadPrices(req.prices);
  const ret = returnsFromPrices(prices);
  const er = obj(req.expected_returns ?? { method: 'mean_historical' }, 'expected_returns', ER_FIELDS);
  const erMethod = er.method ?? 'mean_historical';
  if (!['mean_historical', 'ema_historical', 'capm'].includes(erMethod as string))
    throw new Error(`expected_returns.method must be mean_historical, ema_historical or capm, got ${JSON.stringify(erMethod)}`);
  const frequency = num(er.frequency, 'expected_returns.frequency', 252, (x) => x > 0, 'a number > 0');
  const erSpec: ExpectedReturnsSpec = {
    method: erMethod as ExpectedReturnsSpec['method'],
    compounding: bool(er.compounding, 'expected_returns.compounding', true),
    frequency,
    span: num(er.span, 'expected_returns.span', 500, (x) => x >= 1, 'a number ≥ 1'),
    risk_free_rate: num(er.risk_free_rate, 'expected_returns.risk_free_rate', 0),
  };
  const rm = obj(req.risk_model ?? { method: 'sample_cov' }, 'risk_model', RM_FIELDS);
  const rmMethod = rm.method ?? 'sample_cov';
  if (!['sample_cov', 'semicovariance', 'exp_cov', 'ledoit_wolf'].includes(rmMethod as string))
    throw new Error(`risk_model.method must be sample_cov, semicovariance, exp_cov or ledoit_wolf, got ${JSON.stringify(rmMethod)}`);
  const target = rm.shrinkage_target ?? 'constant_variance';
  if (!['constant_variance', 'single_factor', 'constant_correlation'].includes(target as string))
    throw new Error(`risk_model.shrinkage_target must be constant_variance, single_factor or constant_correlation, got ${JSON.stringify(target)}`);
  const rmSpec: RiskModelSpec = {
    method: rmMethod as RiskModelSpec['method'],
    shrinkage_target: target as RiskModelSpec['shrinkage_target'],
    span: num(rm.span, 'risk_model.span', 180, (x) => x >= 1, 'a number ≥ 1'),
    benchmark: num(rm.benchmark, 'risk_model.benchmark', 0.000079),
    frequency: num(rm.frequency, 'risk_model.frequency', frequency, (x) => x > 0, 'a number > 0'),
  };
  const objective = obj(req.objective ?? { method: cmd === 'frontier' ? 'max_sharpe' : 'max_sharpe' }, 'objective', OBJECTIVE_FIELDS);
  const rf = num(objective.risk_free_rate, 'objective.risk_free_rate', 0);
  const cov = riskMatrix(ret, rmSpec);
  const warnings: string[] = [];
  if (cov.fixed) warnings.push('The covariance matrix is non positive semidefinite. Amending eigenvalues.');
  const mv: MeanVariance = { assets: prices.assets, mu: expectedReturns(ret, erSpec), cov: cov.matrix };
  const options: EfOptions = { weightBounds: weightBounds(req.weight_bounds) };
  const l2 = num(req.l2_gamma, 'l2_gamma', 0, (x) => x >= 0, 'a number ≥ 0');
  if (l2 > 0) options.l2Gamma = l2;
  if (req.sector_mapper !== undefined || req.sector_lower !== undefined || req.sector_upper !== undefined) {
    const mapper = req.sector_mapper;
    if (typeof mapper !== 'object' || mapper === null || Array.isArray(mapper) || !Object.values(mapper).every((s) => typeof s === 'string'))
      throw new Error(`sector_mapper must be an object {asset: sector name}, got ${JSON.stringify(mapper)}`);
    options.sectors = {
      mapper: mapper as Record<string, string>,
      lower: req.sector_lower === undefined ? {} : numMap(req.sector_lower, 'sector_lower'),
      upper: req.sector_upper === undefined ? {} : numMap(req.sector_upper, 'sector_upper'),
    };
  }
  if (req.transaction_cost !== undefined) {
    const tc = obj(req.transaction_cost, 'transaction_cost', ['w_prev', 'k']);
    options.transactionCost = { wPrev: weightsVector(tc.w_prev, prices.assets, 'transaction_cost.w_prev'), k: num(tc.k, 'transaction_cost.k', 0.001, (x) => x >= 0, 'a number ≥ 0') };
  }
  return { prices, mv, options, objective, rf, frequency, warnings };
}

function named(assets: readonly string[], w: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  assets.forEach((a, i) => (out[a] = w[i] + 0));
  return out;
}

function answer(inp: Inputs, w: Float64Array, warnings: string[], mu = inp.mv.mu, cov = inp.mv.cov): Answer {
  const all = [...inp.warnings, ...warnings];
  return { weights: named(inp.mv.assets, w), performance: portfolioPerformance(w, mu, cov, inp.rf), ...(all.length ? { warnings: all } : {}) };
}

/** The `optimize` command: weights and performance of one objective. */
export function runOptimize(req: Req): Answer {
  const inp = inputs(req, 'optimize');
  const o = inp.objective;
  const method = o.method ?? 'max_sharpe';
  if (!OBJECTIVES.includes(method as (typeof OBJECTIVES)[number]))
    throw new Error(`objective.method must be one of ${OBJECTIVES.join(', ')}, got ${JSON.stringify(method)}`);
  const neutral = bool(o.market_neutral, 'objective.market_neutral', false);
  if (neutral && !['efficient_risk', 'efficient_return', 'max_quadratic_utility'].includes(method as string))
    throw new Error(`objective.market_neutral applies to efficient_risk, efficient_return and max_quadratic_utility, not ${method}`);
  const { mv, options } = inp;
  const n = mv.assets.length;
  switch (method) {
    case 'max_sharpe': {
      const r = maxSharpe(mv, inp.rf, options);
      return answer(inp, r.weights, r.warnings);
    }
    case 'min_volatility': {
      const r = minVolatility(mv, options);
      return answer(inp, r.weights, r.warnings);
    }
    case 'efficient_risk': {
      const r = efficientRisk(mv, num(o.target_volatility, 'objective.target_volatility', undefined, (x) => x >= 0, 'a number ≥ 0'), neutral, options);
      return answer(inp, r.weights, r.warnings);
    }
    case 'efficient_return': {
      const r = efficientReturn(mv, num(o.target_return, 'objective.target_return'), neutral, options);
      return answer(inp, r.weights, r.warnings);
    }
    case 'max_quadratic_utility': {
      const r = maxQuadraticUtility(mv, num(o.risk_aversion, 'objective.risk_aversion', 1, (x) => x > 0, 'a number > 0'), neutral, options);
      return answer(inp, r.weights, r.warnings);
    }
    case 'hrp': {
      const ret = returnsFromPrices(inp.prices);
      const daily = pairwiseCov(ret);
      const h = hrp(pairwiseCorr(ret, daily), daily, n);
      // HRPOpt.portfolio_performance: arithmetic mean × frequency and sample covariance × frequency.
      const mu = new Float64Array(n);
      const T = ret.r.length / n;
      for (let i = 0; i < n; i++) {
        let s = 0;
        let c = 0;
        for (let t = 0; t < T; t++) {
          const v = ret.r[t * n + i];
          if (!Number.isNaN(v)) (s += v), c++;
        }
        mu[i] = (s / c) * inp.frequency;
      }
      return answer(inp, h.weights, [], mu, daily.map((v) => v * inp.frequency));
    }
    default: {
      const budget = o.risk_budget === undefined ? undefined : weightsVector(o.risk_budget, mv.assets, 'objective.risk_budget');
      const r = riskParity(mv.cov, n, budget);
      return answer(inp, r.weights, []);
    }
  }
}

function pointOut(assets: readonly string[], p: FrontierPoint): Answer {
  return { ...p, weights: named(assets, p.weights) };
}

/** The `frontier` command: `points` efficient portfolios, each asset, the min-volatility and max-Sharpe points. */
export function runFrontier(req: Req): Answer {
  const inp = inputs(req, 'frontier');
  const points = num(req.points, 'points', 50, (x) => Number.isInteger(x) && x >= 2 && x <= 10000, 'an integer in [2, 10000]');
  const neutral = bool(inp.objective.market_neutral, 'objective.market_neutral', false);
  const f = efficientFrontier(inp.mv, points, inp.rf, inp.options, neutral);
  const a = inp.mv.assets;
  const warnings = [...inp.warnings, ...f.warnings];
  return {
    frontier: f.points.map((p) => pointOut(a, p)),
    assets: f.assets,
    min_volatility: pointOut(a, f.min_volatility),
    max_sharpe: f.max_sharpe ? pointOut(a, f.max_sharpe) : null,
    ...(warnings.length ? { warnings } : {}),
  };
}

/** The `allocate` command: whole shares at latest prices (greedy_portfolio). */
export function runAllocate(req: Req): Answer {
  const weights = numMap(req.weights, 'weights');
  const prices = numMap(req.latest_prices, 'latest_prices');
  const total = num(req.total_value, 'total_value', 10000, (x) => x > 0, 'a number > 0');
  const sr = req.short_ratio === undefined || req.short_ratio === null ? undefined : num(req.short_ratio, 'short_ratio', undefined, (x) => x >= 0, 'a number ≥ 0');
  return { ...greedyPortfolio(weights, prices, total, sr) };
}

/** The `rebalance` command: equity with the rule vs buy-and-hold, and the rebalance events with their costs. */
export function runRebalance(req: Req): Answer {
  const prices = loadPrices(req.prices);
  const w = weightsVector(req.weights, prices.assets, 'weights');
  const ruleIn = obj(req.rule ?? { type: 'calendar', frequency: 'monthly' }, 'rule', ['type', 'frequency', 'threshold']);
  let rule: RebalanceRule;
  if (ruleIn.type === 'calendar') {
    if (!['monthly', 'quarterly', 'yearly'].includes(ruleIn.frequency as string))
      throw new Error(`rule.frequency must be monthly, quarterly or yearly, got ${JSON.stringify(ruleIn.frequency)}`);
    rule = { type: 'calendar', frequency: ruleIn.frequency as 'monthly' };
  } else if (ruleIn.type === 'threshold') {
    rule = { type: 'threshold', threshold: num(ruleIn.threshold, 'rule.threshold', undefined, (x) => x > 0 && x < 1, 'a fraction in (0, 1)') };
  } else if (ruleIn.type === 'none') rule = { type: 'none' };
  else throw new Error(`rule.type must be calendar, threshold or none, got ${JSON.stringify(ruleIn.type)}`);
  const c = obj(req.costs ?? {}, 'costs', ['rate', 'fixed']);
  const costs = { rate: num(c.rate, 'costs.rate', 0, (x) => x >= 0 && x < 1, 'a fraction in [0, 1)'), fixed: num(c.fixed, 'costs.fixed', 0, (x) => x >= 0, 'a number ≥ 0') };
  const initial = num(req.initial_value, 'initial_value', 10000, (x) => x > 0, 'a number > 0');
  return { ...simulateRebalance(prices, w, rule, costs, initial) };
}

/** Field lists of the portfolio commands (for the CLI's unknown-field check). */
export const PORTFOLIO_FIELDS = {
  optimize: MV_FIELDS,
  frontier: [...MV_FIELDS, 'points'],
  allocate: ['weights', 'latest_prices', 'total_value', 'short_ratio'],
  rebalance: ['weights', 'prices', 'rule', 'costs', 'initial_value'],
} as const;
