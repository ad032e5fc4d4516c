// Normal CDF/inverse against mpmath/scipy values, and PSR, DSR, expected max Sharpe and MinTRL against worked examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EULER_GAMMA, deflatedSharpe, expectedMaxSharpe, minTrackRecordLength, normCdf, normInv, probabilisticSharpe } from '../../src/engine/overfit/index';
import { overfitSentence } from '../../src/engine/overfit/words';

const close = (got: number, want: number, tol: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol);

describe('normal distribution', () => {
  // Φ(x) from mpmath.ncdf at 30 digits.
  const CDF: [number, number][] = [
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145705],
    [1.96, 0.9750021048517796],
    [2.5, 0.9937903346742239],
    [-2.5, 0.006209665325776135],
    [-3, 0.0013498980316300945],
    [3.2, 0.9993128620620842],
    [-5, 2.866515718791939e-7],
    [-8, 6.220960574271784e-16],
    [-10, 7.619853024160526e-24],
    [-20, 2.7536241186062337e-89],
    [-37, 5.725571222524577e-300],
  ];
  it('Φ matches mpmath to 1e-12 relative (absolute near 1)', () => {
    for (const [x, p] of CDF) close(normCdf(x), p, 1e-12 * Math.min(1, p) + 1e-16);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(NaN)).toBeNaN();
  });
  // Φ⁻¹(p) from scipy.special.ndtri / mpmath.
  const INV: [number, number][] = [
    [0.5, 0],
    [0.9, 1.281551565544600467],
    [0.975, 1.9599639845400542],
    [0.995, 2.5758293035489008],
    [0.3, -0.5244005127080409],
    [0.02425, -1.972961051311885],
    [0.01, -2.3263478740408408],
    [0.001, -3.090232306167813],
    [0.9999, 3.719016485455709],
    [1e-10, -6.361340902404056],
    [1 - 1e-12, 7.0344869100478356],
    [1e-300, -37.0470962993612],
  ];
  it('Φ⁻¹ (Acklam + Halley) matches scipy to 1e-12', () => {
    for (const [p, x] of INV) close(normInv(p), x, 1e-12 * Math.max(1, Math.abs(x)));
    expect(normInv(0)).toBe(-Infinity);
    expect(normInv(1)).toBe(Infinity);
    expect(normInv(1.5)).toBeNaN();
  });
  it("Φ(Φ⁻¹(p)) = p to Φ's own accuracy (property)", () => {
    fc.assert(fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => Math.abs(normCdf(normInv(p)) - p) <= 5e-14 * p + 1e-15));
    // (Φ's series for |x| < 3 is accurate to ~1e-16 absolute, so near p = 1e-3 the relative error reaches ~4e-13.)
  });
  it('the Euler–Mascheroni constant', () => expect(EULER_GAMMA).toBe(0.5772156649015329));
});

describe('PSR, DSR, MinTRL', () => {
  it('PSR worked example: SR 0.1, T 101, normal returns', () => {
    // radicand = 1 − 0·0.1 + (3 − 1)/4 · 0.1² = 1.005; z = 0.1·√100/√1.005 = 0.9975093361076329; Φ(z) = 0.8407413278013518.
    close(probabilisticSharpe(0.1, 0, 101, 0, 3), 0.8407413278013518, 1e-13);
    // Passing EXCESS kurtosis (0) would give radicand 1 − 0.01/4 = 0.9975 and a different answer.
    expect(Math.abs(probabilisticSharpe(0.1, 0, 101, 0, 0) - 0.8407413278013518)).toBeGreaterThan(5e-4);
  });

  it('expected max Sharpe worked example: N 100, V 0.0004', () => {
    // √V = 0.02; Φ⁻¹(1 − 1/100) = 2.3263478740408408; Φ⁻¹(1 − 1/(100e)) = Φ⁻¹(0.9963212055882856) = 2.6802104449668875;
    // E = 0.02·((1 − γ)·2.3263478740408408 + γ·2.6802104449668875) = 0.050612057864033694.
    close(expectedMaxSharpe(100, 0.0004), 0.050612057864033694, 1e-13);
    expect(expectedMaxSharpe(1, 0.0004)).toBe(0);
    expect(expectedMaxSharpe(0, 0.0004)).toBeNaN();
  });

  it('DSR worked example: SR 0.1, N 100, V 0.0004, skew −0.5, raw kurtosis 6, T 101', () => {
    // radicand = 1 − (−0.5)(0.1) + (6 − 1)/4 · 0.01 = 1.0625;
    // DSR: z = (0.1 − 0.050612057864033694)·10/√1.0625 = 0.4791334166081934 → Φ = 0.6840781408506675;
    // PSR: z = 0.1·10/√1.0625 = 0.9701425001453319 → Φ = 0.8340122664586316.
    const d = deflatedSharpe({ sharpe: 0.1, trials: 100, sharpeVariance: 0.0004, skew: -0.5, kurtosis: 6, observations: 101 });
    close(d.dsr, 0.6840781408506675, 1e-13);
    close(d.psr, 0.8340122664586316, 1e-13);
    close(d.expected_max_sharpe, 0.050612057864033694, 1e-13);
  });

  it('MinTRL worked example and its defining property PSR(MinTRL) = confidence', () => {
    // 1 + 1.0625·(Φ⁻¹(0.95)/0.1)² = 1 + 1.0625·(1.6448536269514722/0.1)² = 288.46399199763766.
    close(minTrackRecordLength(0.1, 0, -0.5, 6), 288.46399199763766, 1e-9);
    expect(minTrackRecordLength(0.05, 0.1, 0, 3)).toBe(Infinity);
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.5, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 2, max: 10, noNaN: true }), (sr, sk, ku) => {
        const t = minTrackRecordLength(sr, 0, sk, ku, 0.9);
        return !Number.isFinite(t) || Math.abs(probabilisticSharpe(sr, 0, t, sk, ku) - 0.9) < 1e-12;
      }),
    );
  });

  it('properties: PSR(SR* = SR) = ½, monotone in SR, DSR ≤ PSR', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 2, max: 100000 }),
        fc.integer({ min: 10, max: 5000 }),
        (sr, dsr, trials, T) => {
          if (Math.abs(probabilisticSharpe(sr, sr, T, 0, 3) - 0.5) > 1e-15) return false;
          if (probabilisticSharpe(sr + dsr, 0, T, 0, 3) < probabilisticSharpe(sr, 0, T, 0, 3)) return false;
          const d = deflatedSharpe({ sharpe: sr, trials, sharpeVariance: 0.001, skew: 0, kurtosis: 3, observations: T });
          return d.dsr <= d.psr && d.expected_max_sharpe > 0;
        },
      ),
    );
  });

  it('undefined inputs give NaN, not a number', () => {
    expect(probabilisticSharpe(0.1, 0, 1, 0, 3)).toBeNaN();
    expect(probabilisticSharpe(2, 0, 100, 5, 1)).toBeNaN(); // radicand 1 − 10 + 0 < 0
  });

  it('plain words: 1 − DSR as a percentage', () => {
    expect(overfitSentence({ trials: 504, sharpe: 1.2, dsr: 0.69 })).toBe('With 504 trials, a Sharpe of 1.20 has a 31% chance of being luck.');
    expect(overfitSentence({ trials: 10000, sharpe: 2, dsr: 0.9999, pbo: 0.125 })).toBe(
      'With 10,000 trials, a Sharpe of 2.00 has a <1% chance of being luck. In 13% of in-sample/out-of-sample splits, the in-sample best fell in the bottom half out of sample (probability of backtest overfitting).',
    );
    expect(overfitSentence({ trials: 3, sharpe: NaN, dsr: NaN })).toMatch(/undefined/);
  });
});
