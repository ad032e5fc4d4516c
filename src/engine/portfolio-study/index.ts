// The portfolio panels' computations, in one object the portfolio worker exposes (and tests call in-thread): it
// holds the current universe and caches its returns, estimates (per estimator settings) and correlation, so
// re-optimizing with another objective, rebalancing or allocating never re-sends or re-estimates the data.
// Conventions are the CLI's (src/cli/portfolio.ts, docs/portfolio.md), PyPortfolioOpt 1.5.6's.
import type {
  AllocateAnswer,
  FrontierPointOut,
  OptimizeAnswer,
  OptimizeRequest,
  PortfolioApi,
  RebalanceAnswer,
  RebalanceRequest,
  UniverseInput,
  UniverseSummary,
} from '../../shared/portfolio-api';
import {
  efficientFrontier,
  efficientReturn,
  efficientRisk,
  expectedReturns,
  fixNonPsd,
  greedyPortfolio,
  hrp,
  latestPrices,
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
  type MeanVariance,
  type ReturnTable,
} from '../portfolio/index';
import { compound, contributions, portfolioReturns, riskMetrics } from './analytics';
import { syntheticPrices } from './synthetic';
import { demoUniverse, seriesUniverse, type Universe } from './universe';

/** Rows per year of daily data: demo and synthetic universes, and series without a stated bar size. */
const DAILY = 252;

interface Loaded {
  u: Universe;
  /** Rows per year the estimates and risk figures annualize with (the series' bar size; daily: 252). */
  frequency: number;
  ret: ReturnTable;
  /** Row index in u of each return row. */
  retRow: Int32Array;
  daily: Float64Array | null;
  corr: { matrix: Float64Array; order: number[] } | null;
  estimates: Map<string, { mu: Float64Array; cov: Float64Array; fixed: boolean }>;
}

function need<T>(v: T | undefined, field: string, ok: (x: T) => boolean, range: string): T {
  if (v === undefined || !ok(v)) throw new Error(`${field} must be ${range}, got ${JSON.stringify(v)}`);
  return v;
}

const finite = (x: number) => typeof x === 'number' && Number.isFinite(x);

function out(p: { expected_return: number | null; volatility: number; sharpe_ratio: number | null }): FrontierPointOut {
  return { expected_return: p.expected_return ?? NaN, volatility: p.volatility, sharpe_ratio: p.sharpe_ratio ?? NaN };
}

/** Options of the mean-variance objectives from a request (bounds, L2, sector limits over the universe's sectors). */
export function efOptions(req: OptimizeRequest, u: Universe): EfOptions {
  const [lo, hi] = req.weight_bounds;
  if (lo !== null && !finite(lo)) throw new Error(`weight_bounds lower must be a number or empty, got ${lo}`);
  if (hi !== null && !finite(hi)) throw new Error(`weight_bounds upper must be a number or empty, got ${hi}`);
  if (lo !== null && hi !== null && lo > hi) throw new Error(`weight_bounds lower (${lo}) must not exceed upper (${hi})`);
  need(req.l2_gamma, 'l2_gamma', (x) => finite(x) && x >= 0, 'a number ≥ 0');
  const o: EfOptions = { weightBounds: [lo, hi] };
  if (req.l2_gamma > 0) o.l2Gamma = req.l2_gamma;
  if (req.sector_lower || req.sector_upper) {
    const mapper: Record<string, string> = {};
    u.assets.forEach((a, i) => u.sectors[i] !== null && (mapper[a] = u.sectors[i]!));
    const known = new Set(Object.values(mapper));
    for (const [k, lim] of [...Object.entries(req.sector_lower ?? {}), ...Object.entries(req.sector_upper ?? {})]) {
      if (!known.has(k)) throw new Error(`sector limits: unknown sector ${JSON.stringify(k)}; sectors: ${[...known].join(', ') || 'none (demo assets only)'}`);
      need(lim, `sector limit ${k}`, (x) => finite(x) && x >= -1 && x <= 1, 'a fraction in [−1, 1]');
    }
    o.sectors = { mapper, lower: req.sector_lower ?? {}, upper: req.sector_upper ?? {} };
  }
  return o;
}

/** The portfolio computations over one universe at a time (see the module comment). */
export function createPortfolioStudy(): PortfolioApi {
  let cur: Loaded | null = null;
  const loaded = (): Loaded => {
    if (!cur) throw new Error('no universe loaded: choose the assets or strategies first');
    return cur;
  };
  const dailyCov = (l: Loaded) => (l.daily ??= pairwiseCov(l.ret));
  const correlation = (l: Loaded) => {
    if (!l.corr) {
      const n = l.u.assets.length;
      const matrix = pairwiseCorr(l.ret, dailyCov(l));
      l.corr = { matrix, order: hrp(matrix, dailyCov(l), n).order };
    }
    return l.corr;
  };

  return {
    setUniverse(input: UniverseInput): UniverseSummary {
      const t0 = performance.now();
      let u: Universe;
      let frequency = DAILY;
      if (input.kind === 'demo') u = demoUniverse(input.symbols);
      else if (input.kind === 'series') {
        u = seriesUniverse(input.series);
        frequency = need(input.periods_per_year ?? DAILY, 'periods_per_year', (x) => finite(x) && x > 0, 'a number > 0');
      }
      else if (input.kind === 'synthetic') u = { ...syntheticPrices(input.assets, input.days, input.seed), sectors: [] };
      else throw new Error(`universe kind must be demo, series or synthetic, got ${JSON.stringify((input as { kind: unknown }).kind)}`);
      if (u.sectors.length === 0) u.sectors = u.assets.map(() => null);
      const ret = returnsFromPrices(u);
      if (ret.dates.length < 3) throw new Error(`the universe has ${ret.dates.length} return rows; at least 3 are needed`);
      const at = new Map(u.dates.map((d, i) => [d, i]));
      cur = { u, frequency, ret, retRow: Int32Array.from(ret.dates, (d) => at.get(d)!), daily: null, corr: null, estimates: new Map() };
      return { assets: u.assets.slice(), sectors: u.sectors.slice(), rows: u.dates.length, first: u.dates[0], last: u.dates[u.dates.length - 1], ms: performance.now() - t0, periods_per_year: frequency };
    },

    optimize(req: OptimizeRequest): OptimizeAnswer {
      const l = loaded();
      const t0 = performance.now();
      const { u, ret } = l;
      const freq = l.frequency;
      const n = u.assets.length;
      const o = req.objective;
      const rf = need(o.risk_free_rate, 'risk-free rate', finite, 'a finite number');
      const key = JSON.stringify([req.expected_returns, req.risk_model]);
      let est = l.estimates.get(key);
      if (!est) {
        const er = req.expected_returns;
        const rm = req.risk_model;
        need(er.span, 'expected returns span', (x) => finite(x) && x >= 1, 'a number ≥ 1');
        need(rm.span, 'risk model span', (x) => finite(x) && x >= 1, 'a number ≥ 1');
        need(rm.benchmark, 'semicovariance benchmark', finite, 'a finite number');
        // sample_cov is pairwiseCov × f then the PSD repair (risk_models.sample_cov): re-use the daily pairwise
        // covariance HRP and the correlation need, instead of computing the O(T·n²) sums twice.
        const cov = rm.method === 'sample_cov' ? fixNonPsd(dailyCov(l).map((v) => v * freq), u.assets.length) : riskMatrix(ret, { ...rm, frequency: freq });
        est = { mu: expectedReturns(ret, { ...er, frequency: freq, risk_free_rate: rf }), cov: cov.matrix, fixed: cov.fixed };
        l.estimates.set(key, est);
      }
      const t1 = performance.now();
      const mv: MeanVariance = { assets: u.assets, mu: est.mu, cov: est.cov };
      const opts = efOptions(req, u);
      const neutral = o.market_neutral === true;
      if (neutral && !['efficient_risk', 'efficient_return', 'max_quadratic_utility'].includes(o.method))
        throw new Error(`market neutral applies to efficient_risk, efficient_return and max_quadratic_utility, not ${o.method}`);
      const warnings = est.fixed ? ['The covariance matrix is non positive semidefinite. Amending eigenvalues.'] : [];
      let w: Float64Array;
      let perf = null as ReturnType<typeof portfolioPerformance> | null;
      switch (o.method) {
        case 'max_sharpe':
          w = maxSharpe(mv, rf, opts).weights;
          break;
        case 'min_volatility':
          w = minVolatility(mv, opts).weights;
          break;
        case 'efficient_risk':
          w = efficientRisk(mv, need(o.target_volatility, 'target volatility', (x) => finite(x) && x >= 0, 'a number ≥ 0'), neutral, opts).weights;
          break;
        case 'efficient_return':
          w = efficientReturn(mv, need(o.target_return, 'target return', finite, 'a finite number'), neutral, opts).weights;
          break;
        case 'max_quadratic_utility':
          w = maxQuadraticUtility(mv, need(o.risk_aversion, 'risk aversion', (x) => finite(x) && x > 0, 'a number > 0'), neutral, opts).weights;
          break;
        case 'hrp': {
          const c = correlation(l);
          const daily = dailyCov(l);
          w = hrp(c.matrix, daily, n).weights;
          // HRPOpt.portfolio_performance: arithmetic mean × frequency and sample covariance × frequency.
          const T = ret.r.length / n;
          const mu = new Float64Array(n);
          for (let i = 0; i < n; i++) {
            let s = 0;
            let k = 0;
            for (let t = 0; t < T; t++) {
              const v = ret.r[t * n + i];
              if (!Number.isNaN(v)) (s += v), k++;
            }
            mu[i] = (s / k) * freq;
          }
          perf = portfolioPerformance(w, mu, daily.map((v) => v * freq), rf);
          break;
        }
        case 'risk_parity': {
          const b = o.risk_budget;
          if (b) for (const k of Object.keys(b)) if (!u.assets.includes(k)) throw new Error(`risk budget: unknown asset ${JSON.stringify(k)}`);
          w = riskParity(est.cov, n, b ? u.assets.map((a) => b[a] ?? 1) : undefined).weights;
          break;
        }
        default:
          throw new Error(`objective must be max_sharpe, min_volatility, efficient_risk, efficient_return, max_quadratic_utility, hrp or risk_parity, got ${JSON.stringify(o.method)}`);
      }
      w = w.map((x) => x + 0); // −0 → 0
      perf ??= portfolioPerformance(w, est.mu, est.cov, rf);
      const t2 = performance.now();
      let frontier: FrontierPointOut[] = [];
      let minVol: FrontierPointOut | null = null;
      let maxSh: FrontierPointOut | null = null;
      if (req.frontier_points > 0) {
        need(req.frontier_points, 'frontier points', (x) => Number.isInteger(x) && x >= 2 && x <= 500, 'an integer in [2, 500]');
        try {
          const f = efficientFrontier(mv, req.frontier_points, rf, opts);
          frontier = f.points.map(out);
          minVol = out(f.min_volatility);
          maxSh = f.max_sharpe && out(f.max_sharpe);
          warnings.push(...f.warnings);
        } catch (e) {
          warnings.push(`frontier: ${(e as Error).message}`);
        }
      }
      const t3 = performance.now();
      const c = correlation(l);
      const corr = new Float32Array(n * n);
      c.order.forEach((i, a) => c.order.forEach((j, b) => (corr[a * n + b] = c.matrix[i * n + j])));
      const t4 = performance.now();
      const { port, equal } = portfolioReturns(ret, w);
      const equity = compound(port);
      const ts = new Float64Array(equity.length);
      ts[0] = u.ts[Math.max(0, l.retRow[0] - 1)];
      l.retRow.forEach((r, k) => (ts[k + 1] = u.ts[r]));
      return {
        assets: u.assets.slice(),
        weights: w,
        performance: perf,
        warnings,
        asset_points: u.assets.map((_, i) => ({ expected_return: est.mu[i], volatility: Math.sqrt(est.cov[i * n + i]) })),
        frontier,
        min_volatility: minVol,
        max_sharpe: maxSh,
        correlation: corr,
        order: c.order.slice(),
        risk: riskMetrics(port, equal, w, est.cov, freq),
        ts,
        equity,
        equal_weight: compound(equal),
        contributions: contributions(ret, w, equity),
        latest_prices: latestPrices(u),
        timings: { estimate_ms: t1 - t0, optimize_ms: t2 - t1, frontier_ms: t3 - t2, correlation_ms: t4 - t3, total_ms: performance.now() - t0 },
        periods_per_year: freq,
      };
    },

    rebalance(req: RebalanceRequest): RebalanceAnswer {
      const { u } = loaded();
      const n = u.assets.length;
      if (req.weights.length !== n) throw new Error(`weights must have one value per asset (${n}), got ${req.weights.length}`);
      const r = simulateRebalance(u, req.weights, req.rule, req.costs, req.initial_value);
      // Drifted weights at the last date: holdings bought at the last event's prices, valued at the latest prices.
      const last = r.events[r.events.length - 1];
      const price = (t: number, i: number) => {
        for (let k = t; k >= 0; k--) if (u.prices[k * n + i] > 0) return u.prices[k * n + i];
        return NaN;
      };
      const end = u.dates.length - 1;
      let cash = 1;
      for (let i = 0; i < n; i++) cash -= req.weights[i];
      const vals = Float64Array.from(req.weights, (w, i) => (w === 0 ? 0 : (w * price(end, i)) / price(last.index, i)));
      const total = vals.reduce((a, v) => a + v, cash);
      const start = u.dates.length - r.dates.length;
      return {
        ts: u.ts.slice(start),
        equity: Float64Array.from(r.equity),
        buy_and_hold: Float64Array.from(r.buy_and_hold),
        events: r.events.map((e) => ({ date: e.date, reason: e.reason, turnover: e.turnover, cost: e.cost, max_drift: e.max_drift })),
        total_cost: r.total_cost,
        buy_and_hold_cost: r.buy_and_hold_cost,
        final_weights: vals.map((v) => v / total),
      };
    },

    allocate(weights: Record<string, number>, totalValue: number, shortRatio: number | null): AllocateAnswer {
      const { u } = loaded();
      const lp = latestPrices(u);
      const prices: Record<string, number> = {};
      u.assets.forEach((a, i) => (prices[a] = lp[i]));
      // Zero weights need no price (a strategy sleeve with no value yet would otherwise fail the price check).
      const held = Object.fromEntries(Object.entries(weights).filter(([, w]) => w !== 0));
      return greedyPortfolio(held, prices, totalValue, shortRatio);
    },
  };
}
