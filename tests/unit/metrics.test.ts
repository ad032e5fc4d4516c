// Performance metrics against hand computations (arithmetic in the comments), empyrical's edge-case conventions,
// properties (fast-check) and the CLI's `metrics` command through one batch run of the real CLI.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  METRIC_NAMES,
  alpha,
  alphaBeta,
  annualReturn,
  annualVolatility,
  beta,
  calmarRatio,
  capture,
  computeMetrics,
  conditionalValueAtRisk,
  cumReturns,
  cumReturnsFinal,
  downCapture,
  downsideRisk,
  excessSharpe,
  kurtosis,
  maxDrawdown,
  maxDrawdownDuration,
  nanmean,
  nanstd,
  omegaRatio,
  parseReturnSeries,
  percentile,
  rollingBeta,
  rollingMaxDrawdown,
  rollingSharpe,
  rollingVolatility,
  sharpeRatio,
  skew,
  sortinoRatio,
  stabilityOfTimeseries,
  tailRatio,
  upCapture,
  valueAtRisk,
} from '../../src/engine/metrics';

const close = (a: number, b: number, rel = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

// The golden series of the brief: r = [0.01, −0.02, 0.03], factor f = [0.02, −0.01, 0.01], 252 periods a year.
const R = [0.01, -0.02, 0.03];
const F = [0.02, -0.01, 0.01];

describe('golden case r = [0.01, -0.02, 0.03]', () => {
  // mean = 0.02/3 = 0.0066667; deviations 0.0033333, −0.0266667, 0.0233333; squares sum to 0.00126667;
  // sample variance 0.00126667/2 = 0.00063333; std = 0.0251661.
  const mean = 0.02 / 3;
  const sd = Math.sqrt(0.0038 / 3 / 2);

  it('cum_returns_final / total return: 1.01 × 0.98 × 1.03 − 1 = 0.019494', () => {
    close(cumReturnsFinal(R), 0.019494);
    expect(Array.from(cumReturns(R)).map((v) => +v.toFixed(10))).toEqual([0.01, -0.0102, 0.019494]);
  });

  it('annual_return: 1.019494^(252/3) − 1 = 4.0619', () => {
    close(annualReturn(R), 1.019494 ** 84 - 1, 1e-10);
    close(annualReturn(R), 4.06188916, 1e-8);
  });

  it('annual_volatility: 0.0251661 × √252 = 0.39950', () => {
    close(annualVolatility(R), sd * Math.sqrt(252));
    close(annualVolatility(R), 0.3994996871, 1e-9);
  });

  it('sharpe_ratio: 0.0066667 / 0.0251661 × √252 = 4.20526; risk_free 0.001 shifts the mean only', () => {
    close(sharpeRatio(R), (mean / sd) * Math.sqrt(252));
    close(sharpeRatio(R), 4.2052598643, 1e-9);
    close(sharpeRatio(R, 0.001), ((mean - 0.001) / sd) * Math.sqrt(252));
  });

  it('downside_risk: √((0 + 0.02² + 0)/3) × √252 = 0.011547 × 15.875 = 0.183303', () => {
    close(downsideRisk(R), Math.sqrt(0.0004 / 3) * Math.sqrt(252));
    // required 0.015 per period: clipped r − 0.015 = [−0.005, −0.035, 0] → √((25e-6 + 1225e-6)/3) × √252
    close(downsideRisk(R, 0.015), Math.sqrt(0.00125 / 3) * Math.sqrt(252));
  });

  it('sortino_ratio: 0.0066667 × 252 / 0.183303 = 9.16515', () => {
    close(sortinoRatio(R), (mean * 252) / (Math.sqrt(0.0004 / 3) * Math.sqrt(252)));
    close(sortinoRatio(R), 9.1651513899, 1e-9);
  });

  it('max_drawdown: wealth 100 → 101 → 98.98 → 101.9494; (98.98 − 101)/101 = −0.02', () => {
    close(maxDrawdown(R), -0.02);
  });

  it('max_drawdown_duration: peak after period 1, recovered at period 3 → 2 periods', () => {
    expect(maxDrawdownDuration(R)).toBe(2);
  });

  it('calmar_ratio: annual_return / 0.02', () => {
    close(calmarRatio(R), (1.019494 ** 84 - 1) / 0.02, 1e-10);
  });

  it('omega_ratio: threshold 0 → gains 0.01 + 0.03 = 0.04, losses 0.02 → 2', () => {
    close(omegaRatio(R), 2);
    // required 10 % a year → threshold 1.1^(1/252) − 1 = 0.000378; (0.04 − 2t)/(0.02 + t)
    const t = 1.1 ** (1 / 252) - 1;
    close(omegaRatio(R, 0, 0.1), (0.04 - 2 * t) / (0.02 + t));
  });

  it('tail_ratio: sorted [−0.02, 0.01, 0.03]; p95 at 1.9 → 0.03 − 0.02·0.1 = 0.028; p5 at 0.1 → −0.02 + 0.03·0.1 = −0.017', () => {
    close(percentile(R, 95), 0.028);
    close(percentile(R, 5), -0.017);
    close(tailRatio(R), 0.028 / 0.017);
  });

  it('value_at_risk = p5 = −0.017; conditional_value_at_risk: k = ⌊2 × 0.05⌋ + 1 = 1 → mean of [−0.02]', () => {
    close(valueAtRisk(R), -0.017);
    close(conditionalValueAtRisk(R), -0.02);
    // cutoff 0.5: k = ⌊2 × 0.5⌋ + 1 = 2 → (−0.02 + 0.01)/2
    close(conditionalValueAtRisk(R, 0.5), -0.005);
  });

  it('skew: m2 = 0.00126667/3, m3 = (0.0033³ − 0.0267³ + 0.0233³)/3 = −2.07407e-6 → −0.239063', () => {
    const d = R.map((r) => r - mean);
    const m2 = d.reduce((s, x) => s + x * x, 0) / 3;
    const m3 = d.reduce((s, x) => s + x ** 3, 0) / 3;
    close(skew(R), m3 / m2 ** 1.5);
    close(skew(R), -0.2390631469, 1e-8);
  });

  it('kurtosis (excess, biased): m4/m2² − 3 = 1.5 − 3 = −1.5', () => {
    close(kurtosis(R), -1.5, 1e-9);
  });

  it('stability_of_timeseries: cum log1p = [0.00995, −0.01025, 0.01931]; r² = sxy²/(sxx·syy) = 0.095884', () => {
    const y = [Math.log1p(0.01), Math.log1p(0.01) + Math.log1p(-0.02), Math.log1p(0.01) + Math.log1p(-0.02) + Math.log1p(0.03)];
    const my = (y[0] + y[1] + y[2]) / 3;
    const sxy = -1 * (y[0] - my) + 1 * (y[2] - my); // x − x̄ = −1, 0, 1
    const syy = y.reduce((s, v) => s + (v - my) ** 2, 0);
    close(stabilityOfTimeseries(R), (sxy * sxy) / (2 * syy));
    close(stabilityOfTimeseries(R), 0.0958842819, 1e-8);
  });

  it('beta vs f = [0.02, −0.01, 0.01]: cov = 5.6667e-4/3, var = 4.6667e-4/3 → 17/14', () => {
    // f − f̄ = [0.013333, −0.016667, 0.003333]; Σ(f − f̄)·r = 1.3333e-4 + 3.3333e-4 + 1e-4 = 5.6667e-4;
    // Σ(f − f̄)² = 1.7778e-4 + 2.7778e-4 + 1.1111e-5 = 4.6667e-4.
    close(beta(R, F), 17 / 14);
    close(beta(R, F, 0.003), 17 / 14); // a constant risk-free shift leaves cov and var unchanged
  });

  it('alpha: mean(r − β f) = 0.02/3 · (1 − 17/14) = −1/700 → (699/700)^252 − 1 = −0.30250', () => {
    close(alpha(R, F), (699 / 700) ** 252 - 1, 1e-9);
    const [a, b] = alphaBeta(R, F);
    close(a, alpha(R, F));
    close(b, 17 / 14);
  });

  it('excess_sharpe: active = [−0.01, −0.01, 0.02] has mean 0 → 0; with f = 0 it is mean/std, not annualized', () => {
    close(excessSharpe(R, F), 0, 1e-12);
    close(excessSharpe(R, [0, 0, 0]), mean / sd);
  });

  it('capture, up_capture (periods 1 and 3), down_capture (period 2)', () => {
    // factor: 1.02 × 0.99 × 1.01 = 1.019898
    close(capture(R, F), (1.019494 ** 84 - 1) / (1.019898 ** 84 - 1), 1e-9);
    // up: r = [0.01, 0.03] → 1.0403, f = [0.02, 0.01] → 1.0302, n = 2 → exponent 126
    close(upCapture(R, F), (1.0403 ** 126 - 1) / (1.0302 ** 126 - 1), 1e-9);
    // down: r = [−0.02], f = [−0.01], n = 1 → exponent 252
    close(downCapture(R, F), (0.98 ** 252 - 1) / (0.99 ** 252 - 1), 1e-9);
  });

  it('computeMetrics gathers the same numbers under empyrical names', () => {
    const m = computeMetrics(R, { factorReturns: F });
    expect(Object.keys(m)).toEqual([...METRIC_NAMES]);
    expect(m.total_return).toBe(m.cum_returns_final);
    expect(m.information_ratio).toBe(m.excess_sharpe);
    expect(m.sharpe_ratio).toBe(sharpeRatio(R));
    expect(m.beta).toBe(beta(R, F));
    const noFactor = computeMetrics(R);
    for (const k of ['alpha', 'beta', 'information_ratio', 'excess_sharpe', 'capture', 'up_capture', 'down_capture'] as const) {
      expect(noFactor[k]).toBeNaN();
    }
    expect(noFactor.sharpe_ratio).toBe(m.sharpe_ratio);
  });
});

// An outside oracle: these expected values were printed by numpy 2.4 / scipy 1.17 evaluating empyrical 0.5.5's
// formulas (np.nanprod, np.nanstd(ddof=1), np.percentile, np.partition, scipy.stats.skew/kurtosis/linregress, the
// beta_aligned residual form) on this seeded normal series (numpy default_rng(7), rounded to 6 decimals, with NaN at
// returns 5, 17, 30 and factor 9, 30); ppy 252, risk_free 0.0001, required_return 0.001, cutoff 0.1.
const FIX_R = [
  0.000525,
  0.006475,
  -0.004983,
  -0.017312,
  -0.008593,
  NaN,
  0.001703,
  0.027304,
  -0.009344,
  -0.011909,
  0.010297,
  0.007638,
  0.002608,
  -0.018109,
  -8.5e-5,
  0.014406,
  -0.026384,
  NaN,
  -0.037524,
  -0.025291,
  -0.036335,
  -0.004202,
  -0.024849,
  0.005925,
  0.003635,
  -0.003239,
  -0.049835,
  -0.010274,
  -0.00047,
  0.002766,
  NaN,
  -0.009055,
  -0.01907,
  -0.015677,
  0.021718,
  -0.015651,
  -0.00015,
  0.018188,
  -0.011172,
  -0.001734,
];
const FIX_F = [
  0.001472,
  0.00517,
  -0.015739,
  -0.011357,
  0.007573,
  -0.029005,
  0.009786,
  0.020306,
  -0.012956,
  NaN,
  0.01483,
  -0.006646,
  0.002571,
  -0.006909,
  -0.001947,
  0.016913,
  -0.019134,
  0.000616,
  -0.011882,
  -0.02446,
  -0.023403,
  -0.007574,
  -0.016122,
  -0.007724,
  -0.003249,
  -0.004229,
  -0.025897,
  0.00426,
  -0.013564,
  -0.00601,
  NaN,
  -0.026263,
  -0.017981,
  -0.011947,
  0.027773,
  -0.004062,
  -0.003377,
  0.009046,
  -0.010322,
  0.014021,
];
const FIX_EXPECTED = {
  cum_returns_final: -0.21637431381734706,
  annual_return: -0.7847790333007241,
  annual_volatility: 0.262112525051381,
  sharpe_ratio: -6.281938684494528,
  downside_risk: 0.261826680978911,
  sortino_ratio: -7.155018746778154,
  max_drawdown: -0.23004079215989168,
  calmar_ratio: -3.411477703290368,
  omega_ratio: 0.3349527261032538,
  tail_ratio: 0.5166134394960185,
  stability_of_timeseries: 0.8985909867515487,
  value_at_risk: -0.0257282,
  conditional_value_at_risk: -0.0375195,
  skew: -0.41158947424222314,
  kurtosis: 0.24199468324177964,
  beta: 0.9682434415143996,
  alpha: -0.39738712248405095,
  excess_sharpe: -0.1781039522174298,
  capture: 1.120235633423292,
  up_capture: 0.31555643371637215,
  down_capture: 0.9952777808945255,
};

describe('numpy/scipy oracle (series with NaN)', () => {
  it('every metric matches to 1e-12 relative', () => {
    const m = computeMetrics(FIX_R, { factorReturns: FIX_F, riskFree: 0.0001, requiredReturn: 0.001, cutoff: 0.1 });
    for (const [k, v] of Object.entries(FIX_EXPECTED)) close(m[k as keyof typeof m], v, 1e-12);
    expect(m.information_ratio).toBe(m.excess_sharpe);
    expect(m.total_return).toBe(m.cum_returns_final);
    expect(m.max_drawdown_duration).toBe(maxDrawdownDuration(FIX_R));
  });
});

describe('edge cases (empyrical conventions)', () => {
  it('empty input: every metric NaN', () => {
    const m = computeMetrics([], { factorReturns: [] });
    for (const k of METRIC_NAMES) expect(m[k], k).toBeNaN();
  });

  it('single value: totals defined, dispersion-based metrics NaN', () => {
    const m = computeMetrics([0.05]);
    close(m.cum_returns_final, 0.05);
    close(m.annual_return, 1.05 ** 252 - 1, 1e-9);
    expect(m.annual_volatility).toBeNaN();
    expect(m.sharpe_ratio).toBeNaN();
    expect(m.sortino_ratio).toBeNaN();
    expect(m.omega_ratio).toBeNaN();
    expect(m.stability_of_timeseries).toBeNaN();
    expect(m.max_drawdown).toBe(0);
    expect(m.calmar_ratio).toBeNaN(); // max_drawdown 0
    expect(m.max_drawdown_duration).toBe(0);
    close(m.value_at_risk, 0.05);
    close(m.conditional_value_at_risk, 0.05);
    expect(m.skew).toBeNaN(); // constant sample
    expect(maxDrawdownDuration([-0.1])).toBe(1); // never recovers: start (0) to the end (1)
    close(maxDrawdown([-0.1]), -0.1); // the starting wealth counts as a peak
  });

  it('constant series with an exact mean: zero std → sharpe ±Infinity, skew/kurtosis NaN, stability 1', () => {
    const c = [0.5, 0.5, 0.5, 0.5];
    expect(nanstd(c, 1)).toBe(0);
    expect(sharpeRatio(c)).toBe(Infinity);
    expect(sharpeRatio([-0.25, -0.25])).toBe(-Infinity);
    expect(sharpeRatio([0, 0, 0])).toBeNaN(); // 0/0
    expect(skew(c)).toBeNaN();
    expect(kurtosis(c)).toBeNaN();
    close(stabilityOfTimeseries(c), 1); // cumulative log returns are a straight line
    expect(stabilityOfTimeseries([0, 0, 0])).toBe(0); // flat: scipy's r = 0
    expect(annualVolatility(c)).toBe(0);
  });

  it('all returns above target: sortino +Infinity, omega NaN (no losses), max_drawdown 0, calmar NaN', () => {
    const up = [0.01, 0.02, 0.005];
    expect(downsideRisk(up)).toBe(0);
    expect(sortinoRatio(up)).toBe(Infinity);
    expect(omegaRatio(up)).toBeNaN();
    expect(maxDrawdown(up)).toBe(0);
    expect(calmarRatio(up)).toBeNaN();
    expect(maxDrawdownDuration(up)).toBe(0);
    expect(omegaRatio(up, 0, -1)).toBeNaN(); // required_return ≤ −1
  });

  it('all NaN: compounding sees zero returns, means see nothing', () => {
    const m = computeMetrics([NaN, NaN, NaN], { factorReturns: [0.01, 0.02, -0.01] });
    expect(m.cum_returns_final).toBe(0); // nanprod of nothing is 1 (empyrical)
    expect(m.annual_return).toBe(0);
    expect(m.max_drawdown).toBe(0);
    for (const k of [
      'annual_volatility',
      'sharpe_ratio',
      'sortino_ratio',
      'downside_risk',
      'tail_ratio',
      'value_at_risk',
      'conditional_value_at_risk',
      'skew',
      'kurtosis',
      'stability_of_timeseries',
      'beta',
      'alpha',
      'excess_sharpe',
    ] as const) {
      expect(m[k], k).toBeNaN();
    }
  });

  it('excess_sharpe with one valid pair: NaN tracking error counts as 0 → ±Infinity', () => {
    expect(excessSharpe([0.02, NaN], [0.01, 0.01])).toBe(Infinity);
  });

  it('beta is NaN for a (near-)constant factor', () => {
    expect(beta([0.01, 0.02, 0.03], [0.01, 0.01, 0.01])).toBeNaN();
  });

  it('a tail ratio with a zero 5th percentile is Infinity; all zeros NaN', () => {
    expect(tailRatio([0, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9])).toBe(
      Infinity,
    );
    expect(tailRatio([0, 0, 0])).toBeNaN();
  });

  it('up/down capture without such periods is NaN', () => {
    expect(downCapture([0.01, 0.02], [0.01, 0.03])).toBeNaN();
  });

  it('length mismatch and bad options throw naming the field', () => {
    expect(() => beta([0.01, 0.02], [0.01])).toThrow(/factor_returns must have the same length as returns \(2\), got 1/);
    expect(() => computeMetrics([0.01], { factorReturns: [] })).toThrow(/factor_returns/);
    expect(() => computeMetrics([0.01], { periodsPerYear: -1 })).toThrow(/periods_per_year must be a positive number/);
    expect(() => computeMetrics([0.01], { cutoff: 1 })).toThrow(/cutoff must be strictly between 0 and 1/);
    expect(() => computeMetrics([0.01], { riskFree: NaN })).toThrow(/risk_free/);
    expect(() => parseReturnSeries('returns', [0.1, 'x'])).toThrow('returns[1] must be a number or null, got "x"');
    expect(() => parseReturnSeries('factor_returns', 3)).toThrow(/^factor_returns must be an array/);
    expect(Array.from(parseReturnSeries('returns', [0.1, null]))).toEqual([0.1, NaN]);
  });
});

describe('rolling helpers', () => {
  const r = [0.01, -0.02, 0.03, 0.004, -0.011, 0.02];
  const f = [0.02, -0.01, 0.01, 0.002, -0.015, 0.01];
  it('each value is the metric of its window; n − window + 1 values', () => {
    const rs = rollingSharpe(r, 3);
    expect(rs).toHaveLength(4);
    for (let i = 0; i < 4; i++) {
      const w = r.slice(i, i + 3);
      expect(rs[i]).toBe(sharpeRatio(w));
      expect(rollingVolatility(r, 3)[i]).toBe(annualVolatility(w));
      expect(rollingMaxDrawdown(r, 3)[i]).toBe(maxDrawdown(w));
      expect(rollingBeta(r, f, 3)[i]).toBe(beta(w, f.slice(i, i + 3)));
    }
    expect(rollingSharpe(r, 7)).toHaveLength(0);
    expect(() => rollingSharpe(r, 0)).toThrow(/window must be a positive integer/);
  });
});

describe('properties', () => {
  const ret = fc.double({ min: -0.5, max: 0.5, noNaN: true });
  const series = fc.array(ret, { minLength: 3, maxLength: 60 });

  it('sharpe is invariant under positive scaling (risk_free 0)', () => {
    fc.assert(
      fc.property(series, fc.double({ min: 0.01, max: 100, noNaN: true }), (r, k) => {
        const s = sharpeRatio(r);
        fc.pre(Number.isFinite(s) && nanstd(r, 1) > 1e-9);
        close(sharpeRatio(r.map((x) => x * k)), s, 1e-8);
      }),
    );
  });

  it('max_drawdown ∈ [−1, 0] and duration ∈ [0, n]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { maxLength: 60 }), (r) => {
        const m = maxDrawdown(r);
        const d = maxDrawdownDuration(r);
        if (r.length === 0) {
          expect(m).toBeNaN();
          return;
        }
        expect(m).toBeGreaterThanOrEqual(-1);
        expect(m).toBeLessThanOrEqual(0);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(r.length);
        expect(d === 0).toBe(m === 0);
      }),
    );
  });

  it('NaN entries ignored ≡ removed for the mean/deviation/percentile metrics', () => {
    fc.assert(
      fc.property(series, fc.array(fc.nat(80), { minLength: 1, maxLength: 5 }), (r, at) => {
        const withNaN = [...r];
        for (const p of at) withNaN.splice(p % (withNaN.length + 1), 0, NaN);
        for (const fn of [
          (x: number[]) => annualVolatility(x),
          (x: number[]) => sharpeRatio(x),
          (x: number[]) => sortinoRatio(x),
          (x: number[]) => downsideRisk(x),
          (x: number[]) => tailRatio(x),
          (x: number[]) => valueAtRisk(x),
          (x: number[]) => conditionalValueAtRisk(x),
          (x: number[]) => skew(x),
          (x: number[]) => kurtosis(x),
          (x: number[]) => omegaRatio(x),
          (x: number[]) => stabilityOfTimeseries(x),
          (x: number[]) => cumReturnsFinal(x),
          (x: number[]) => maxDrawdown(x),
        ]) {
          const a = fn(withNaN);
          const b = fn(r);
          if (Number.isNaN(b)) expect(a).toBeNaN();
          else if (!Number.isFinite(b)) expect(a).toBe(b);
          else close(a, b, 1e-9);
        }
      }),
    );
  });

  it('beta of k·f + c against f is k; alpha of a zero-residual series is (1 + c)^ppy − 1', () => {
    fc.assert(
      fc.property(
        series,
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -0.01, max: 0.01, noNaN: true }),
        (f, k, c) => {
          fc.pre(nanstd(f, 0) > 1e-6);
          const r = f.map((x) => k * x + c);
          close(beta(r, f), k, 1e-7);
          close(alpha(r, f), (1 + c) ** 252 - 1, 1e-6);
        },
      ),
    );
  });

  it('VaR is monotone in cutoff and CVaR ≤ VaR', () => {
    fc.assert(
      fc.property(series, fc.double({ min: 0.01, max: 0.49, noNaN: true }), (r, q) => {
        expect(valueAtRisk(r, q)).toBeLessThanOrEqual(valueAtRisk(r, q + 0.5));
        expect(conditionalValueAtRisk(r, q)).toBeLessThanOrEqual(valueAtRisk(r, q) + 1e-12);
        close(nanmean(r), nanmean([...r, NaN]));
      }),
    );
  });
});

describe('CLI metrics command (one batch run)', () => {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));
  const REQ = {
    golden: '{"cmd":"metrics","returns":[0.01,-0.02,0.03],"factor_returns":[0.02,-0.01,0.01],"id":7}',
    nulls:
      '{"cmd":"metrics","returns":[0.01,null,-0.02,0.03],"periods_per_year":12,"risk_free":0.001,"required_return":0.05,"cutoff":0.25}',
    empty: '{"cmd":"metrics","returns":[]}',
    allUp: '{"cmd":"metrics","returns":[0.01,0.02,0.005]}',
    badReturns: '{"cmd":"metrics","returns":"0.01,0.02"}',
    badEntry: '{"cmd":"metrics","returns":[0.01,"x"]}',
    badLength: '{"cmd":"metrics","returns":[0.01,0.02],"factor_returns":[0.01]}',
    badPpy: '{"cmd":"metrics","returns":[0.01],"periods_per_year":-252}',
    badCutoff: '{"cmd":"metrics","returns":[0.01],"cutoff":1.5}',
    badRiskFree: '{"cmd":"metrics","returns":[0.01],"risk_free":"0"}',
    noReturns: '{"cmd":"metrics"}',
    badField: '{"cmd":"metrics","returns":[],"window":3}',
  };
  const names = Object.keys(REQ) as (keyof typeof REQ)[];
  const out = {} as Record<keyof typeof REQ, Record<string, unknown>>;
  let code: number | null;
  let stderr: string;
  beforeAll(() => {
    const { npm_lifecycle_event: _e, INIT_CWD: _i, ...env } = process.env;
    const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), 'batch'], {
      cwd: ROOT,
      env,
      input: names.map((n) => REQ[n]).join('\n') + '\n',
      encoding: 'utf8',
    });
    code = r.status;
    stderr = r.stderr;
    const lines = r.stdout.trimEnd().split('\n');
    names.forEach((n, i) => (out[n] = JSON.parse(lines[i]) as Record<string, unknown>));
  }, 60_000);

  /** What the CLI prints for a number: NaN → null, ±Infinity → strings. */
  const json = (x: number) => (Number.isNaN(x) ? null : Number.isFinite(x) ? x : x > 0 ? 'Infinity' : '-Infinity');
  const expected = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, json(v)]));

  it('answers every line and exits 0', () => {
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('prints computeMetrics under empyrical names, options passed through, null = NaN', () => {
    expect(out.golden).toEqual({ ok: true, id: 7, metrics: expected(computeMetrics(R, { factorReturns: F })) });
    expect(out.nulls).toEqual({
      ok: true,
      metrics: expected(
        computeMetrics([0.01, NaN, -0.02, 0.03], { periodsPerYear: 12, riskFree: 0.001, requiredReturn: 0.05, cutoff: 0.25 }),
      ),
    });
    expect((out.golden.metrics as Record<string, unknown>).beta).toBeCloseTo(17 / 14, 12);
  });

  it('empty returns: ok with every metric null; Infinity as a string', () => {
    expect(out.empty).toEqual({ ok: true, metrics: Object.fromEntries(METRIC_NAMES.map((k) => [k, null])) });
    expect((out.allUp.metrics as Record<string, unknown>).sortino_ratio).toBe('Infinity');
  });

  it('bad input answers ok:false naming the field', () => {
    expect(out.badReturns).toEqual({
      ok: false,
      error: 'returns must be an array of numbers (null for missing), got "0.01,0.02"',
    });
    expect(out.badEntry).toEqual({ ok: false, error: 'returns[1] must be a number or null, got "x"' });
    expect(out.badLength).toEqual({ ok: false, error: 'factor_returns must have the same length as returns (2), got 1' });
    expect(out.badPpy).toEqual({ ok: false, error: 'periods_per_year must be a positive number, got -252' });
    expect(out.badCutoff).toEqual({ ok: false, error: 'cutoff must be strictly between 0 and 1, got 1.5' });
    expect(out.badRiskFree).toEqual({ ok: false, error: 'risk_free must be a number, got "0"' });
    expect(out.noReturns).toEqual({ ok: false, error: 'metrics needs "returns" (an array of per-period returns)' });
    expect(out.badField.ok).toBe(false);
    expect(out.badField.error).toMatch(/^metrics: unknown field "window"; valid fields: returns, factor_returns/);
  });
});
