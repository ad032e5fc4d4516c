// What the RiskMetrics and PortfolioPerformance panels show of a weight vector, from the universe's daily simple
// returns: the portfolio's returns with the weights held constant (a missing return counts as 0: that sleeve is
// flat), its equity, the equal-weight portfolio's equity (the mean of each row's available returns), historical
// VaR/CVaR, max drawdown, beta, and each asset's P&L contribution cᵢ = Σₜ wᵢ·rᵢₜ·Eₜ₋₁ (Σᵢ cᵢ = E_T − 1 exactly).
import type { RiskMetricsOut } from '../../shared/portfolio-api';
import { riskContributions } from '../portfolio/risk-parity';
import type { ReturnTable } from '../portfolio/returns';

/** numpy.quantile(x, q) with the default linear interpolation, over a sorted copy. */
export function quantile(x: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(x).sort();
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
}

/** Portfolio returns Σᵢ wᵢrᵢₜ (missing rᵢₜ = 0) and equal-weight returns (mean of the available rᵢₜ) per row. */
export function portfolioReturns(ret: ReturnTable, w: ArrayLike<number>): { port: Float64Array; equal: Float64Array } {
  const n = ret.assets.length;
  const T = n === 0 ? 0 : ret.r.length / n;
  const port = new Float64Array(T);
  const equal = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let p = 0;
    let e = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const r = ret.r[t * n + i];
      if (Number.isNaN(r)) continue;
      p += w[i] * r;
      e += r;
      c++;
    }
    port[t] = p;
    equal[t] = c ? e / c : 0;
  }
  return { port, equal };
}

/** Compounded equity starting at 1: [1, (1+r₀), (1+r₀)(1+r₁), …] (one more value than returns). */
export function compound(r: ArrayLike<number>): Float64Array {
  const e = new Float64Array(r.length + 1);
  e[0] = 1;
  for (let t = 0; t < r.length; t++) e[t + 1] = e[t] * (1 + r[t]);
  return e;
}

/** Largest peak-to-trough fall of an equity curve, as a negative fraction (0 when it never falls). */
export function maxDrawdown(equity: ArrayLike<number>): number {
  let peak = -Infinity;
  let dd = 0;
  for (let i = 0; i < equity.length; i++) {
    peak = Math.max(peak, equity[i]);
    dd = Math.min(dd, equity[i] / peak - 1);
  }
  return dd;
}

function meanStd(x: ArrayLike<number>): { mean: number; std: number } {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - m) ** 2;
  return { mean: m, std: Math.sqrt(v / (x.length - 1)) };
}

/** Each asset's P&L contribution Σₜ wᵢ·rᵢₜ·Eₜ₋₁ (missing returns 0), summing to the final equity − 1. */
export function contributions(ret: ReturnTable, w: ArrayLike<number>, equity: ArrayLike<number>): Float64Array {
  const n = ret.assets.length;
  const out = new Float64Array(n);
  const T = n === 0 ? 0 : ret.r.length / n;
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) {
      const r = ret.r[t * n + i];
      if (!Number.isNaN(r)) out[i] += w[i] * r * equity[t];
    }
  }
  return out;
}

/**
 * Risk metrics of the daily portfolio returns `port` (frequency f rows a year): √f·std (ddof 1), historical 95 %
 * VaR = −quantile(r, 0.05) and CVaR = −mean(r ≤ that quantile), max drawdown, geometric annual return, beta
 * cov(port, equal)/var(equal) (ddof 1), and the risk contributions wᵢ(Σw)ᵢ/(wᵀΣw) under `cov`.
 */
export function riskMetrics(port: Float64Array, equal: Float64Array, w: ArrayLike<number>, cov: Float64Array, f = 252): RiskMetricsOut {
  const n = w.length;
  const { mean: mp, std } = meanStd(port);
  const { mean: me, std: se } = meanStd(equal);
  let c = 0;
  for (let t = 0; t < port.length; t++) c += (port[t] - mp) * (equal[t] - me);
  c /= port.length - 1;
  const q = quantile(port, 0.05);
  let tail = 0;
  let k = 0;
  for (const r of port)
    if (r <= q) {
      tail += r;
      k++;
    }
  const eq = compound(port);
  return {
    annual_volatility: std * Math.sqrt(f),
    var_95: -q,
    cvar_95: k ? -tail / k : NaN,
    max_drawdown: maxDrawdown(eq),
    beta_equal_weight: c / (se * se),
    annual_return: port.length ? eq[eq.length - 1] ** (f / port.length) - 1 : NaN,
    risk_contributions: riskContributions(cov, n, w),
  };
}
