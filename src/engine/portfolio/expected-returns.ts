// Expected annual returns as PyPortfolioOpt 1.5.6's expected_returns module: mean_historical_return,
// ema_historical_return and capm_return, each per column over its own non-missing returns.
import { rowCount, type ReturnTable } from './returns';

/**
 * (∏(1 + r))^(frequency/count) − 1 per column over its non-missing returns (compounding), else mean·frequency:
 * expected_returns.mean_historical_return.
 */
export function meanHistorical(ret: ReturnTable, compounding = true, frequency = 252): Float64Array {
  const n = ret.assets.length;
  const T = rowCount(ret);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let prod = 1;
    let sum = 0;
    let count = 0;
    for (let t = 0; t < T; t++) {
      const v = ret.r[t * n + i];
      if (Number.isNaN(v)) continue;
      prod *= 1 + v;
      sum += v;
      count++;
    }
    out[i] = compounding ? prod ** (frequency / count) - 1 : (sum / count) * frequency;
  }
  return out;
}

/**
 * Last value of pandas `Series.ewm(span).mean()` (adjust=True, ignore_na=False: weights decay across missing
 * values, leading missing values ignored); NaN if the series has no value.
 */
export function ewmMeanLast(x: ArrayLike<number>, span: number, stride = 1, offset = 0, count = x.length): number {
  const alpha = 2 / (span + 1);
  const oldWtFactor = 1 - alpha;
  let avg = NaN;
  let oldWt = 1;
  for (let k = 0; k < count; k++) {
    const cur = x[offset + k * stride];
    const obs = !Number.isNaN(cur);
    if (!Number.isNaN(avg)) {
      oldWt *= oldWtFactor;
      if (obs) {
        if (avg !== cur) avg = (oldWt * avg + cur) / (oldWt + 1);
        oldWt += 1;
      }
    } else if (obs) avg = cur;
  }
  return avg;
}

/** (1 + ewm mean)^frequency − 1 (compounding) or ewm mean·frequency: expected_returns.ema_historical_return. */
export function emaHistorical(ret: ReturnTable, span = 500, compounding = true, frequency = 252): Float64Array {
  if (!(span >= 1)) throw new Error(`span must be ≥ 1, got ${span}`);
  const n = ret.assets.length;
  const T = rowCount(ret);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = ewmMeanLast(ret.r, span, n, i, T);
    out[i] = compounding ? (1 + m) ** frequency - 1 : m * frequency;
  }
  return out;
}

/**
 * CAPM: rf + βᵢ·(E[Rₘ] − rf), βᵢ = cov(rᵢ, rₘ)/var(rₘ) (pairwise, ddof 1), market = the row mean of the available
 * returns unless market returns are given; E[Rₘ] compounded like mean_historical: expected_returns.capm_return.
 */
export function capm(
  ret: ReturnTable,
  riskFreeRate = 0,
  compounding = true,
  frequency = 252,
  marketReturns?: Float64Array,
): Float64Array {
  const n = ret.assets.length;
  const T = rowCount(ret);
  const mkt = marketReturns ?? new Float64Array(T);
  if (mkt.length !== T) throw new Error(`market returns must have ${T} values, got ${mkt.length}`);
  if (!marketReturns) {
    for (let t = 0; t < T; t++) {
      let s = 0;
      let c = 0;
      for (let i = 0; i < n; i++) {
        const v = ret.r[t * n + i];
        if (!Number.isNaN(v)) (s += v), c++;
      }
      mkt[t] = c ? s / c : NaN;
    }
  }
  const pairCov = (i: number): number => {
    let mx = 0;
    let my = 0;
    let c = 0;
    for (let t = 0; t < T; t++) {
      const x = i < 0 ? mkt[t] : ret.r[t * n + i];
      const y = mkt[t];
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      mx += x;
      my += y;
      c++;
    }
    mx /= c;
    my /= c;
    let s = 0;
    for (let t = 0; t < T; t++) {
      const x = i < 0 ? mkt[t] : ret.r[t * n + i];
      const y = mkt[t];
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      s += (x - mx) * (y - my);
    }
    return s / (c - 1);
  };
  const varM = pairCov(-1);
  let prod = 1;
  let sum = 0;
  let count = 0;
  for (let t = 0; t < T; t++) {
    if (Number.isNaN(mkt[t])) continue;
    prod *= 1 + mkt[t];
    sum += mkt[t];
    count++;
  }
  const mktMean = compounding ? prod ** (frequency / count) - 1 : (sum / count) * frequency;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = riskFreeRate + (pairCov(i) / varM) * (mktMean - riskFreeRate);
  return out;
}
