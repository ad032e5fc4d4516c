// Probabilistic and deflated Sharpe ratios and the minimum track record length, in per-period Sharpe units
// (Bailey & López de Prado, "The Sharpe ratio efficient frontier", J. of Risk 15(2), 2012; "The deflated Sharpe
// ratio: correcting for selection bias, backtest overfitting and non-normality", J. of Portfolio Management
// 40(5), 2014). Kurtosis is RAW (Pearson: 3 for a normal distribution), as in the papers' formula
// σ̂(SR) = √((1 − γ₃·SR + (γ₄ − 1)/4 · SR²)/(T − 1)); passing excess kurtosis there is a common mistake.
import { EULER_GAMMA, normCdf, normInv } from './normal';

/** The √ term's radicand 1 − γ₃·SR + (γ₄ − 1)/4 · SR² (non-normality adjustment of the Sharpe's variance). */
function radicand(sr: number, skew: number, kurtosis: number): number {
  return 1 - skew * sr + ((kurtosis - 1) / 4) * sr * sr;
}

/**
 * Probabilistic Sharpe ratio PSR(SR*) = Φ((SR − SR*)·√(T − 1) / √(1 − γ₃·SR + (γ₄ − 1)/4·SR²)): the probability
 * that the true per-period Sharpe exceeds `benchmark` given the observed per-period `sharpe` over `observations`
 * periods with returns' skewness γ₃ and raw kurtosis γ₄ (Bailey & López de Prado 2012, eq. 11). NaN when undefined.
 */
export function probabilisticSharpe(sharpe: number, benchmark: number, observations: number, skew: number, kurtosis: number): number {
  const v = radicand(sharpe, skew, kurtosis);
  if (!(observations > 1) || !(v > 0)) return NaN;
  return normCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(v));
}

/**
 * Expected maximum of N per-period Sharpe ratios of skill-less trials whose Sharpes vary with variance V:
 * E[max SR] ≈ √V·((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))), γ the Euler–Mascheroni constant (Bailey & López de
 * Prado 2014, eq. 2; the false-strategy theorem). One trial (N = 1) has no selection bias: 0.
 */
export function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  if (!(Number.isInteger(trials) && trials >= 1) || !(sharpeVariance >= 0)) return NaN;
  if (trials === 1) return 0;
  return Math.sqrt(sharpeVariance) * ((1 - EULER_GAMMA) * normInv(1 - 1 / trials) + EULER_GAMMA * normInv(1 - 1 / (trials * Math.E)));
}

/** Inputs of the deflated Sharpe ratio (per-period units). */
export interface DeflatedSharpeInput {
  /** Per-period Sharpe of the selected trial. */
  sharpe: number;
  /** Number of trials N the selection was made from. */
  trials: number;
  /** Variance of the N trials' per-period Sharpe ratios. */
  sharpeVariance: number;
  /** Skewness γ₃ of the selected trial's returns. */
  skew: number;
  /** RAW kurtosis γ₄ of the selected trial's returns (3 for a normal distribution). */
  kurtosis: number;
  /** Number of returns T. */
  observations: number;
}

/** PSR against 0, DSR and the expected maximum Sharpe SR* it deflates by. */
export interface DeflatedSharpe {
  psr: number;
  dsr: number;
  expected_max_sharpe: number;
}

/** Deflated Sharpe ratio DSR = PSR(SR*) with SR* = expectedMaxSharpe(N, V), plus PSR(0) (Bailey & López de Prado 2014, eq. 3). */
export function deflatedSharpe(x: DeflatedSharpeInput): DeflatedSharpe {
  const sr0 = expectedMaxSharpe(x.trials, x.sharpeVariance);
  return {
    psr: probabilisticSharpe(x.sharpe, 0, x.observations, x.skew, x.kurtosis),
    dsr: probabilisticSharpe(x.sharpe, sr0, x.observations, x.skew, x.kurtosis),
    expected_max_sharpe: sr0,
  };
}

/**
 * Minimum track record length: the number of periods T at which PSR(benchmark) reaches `confidence`,
 * MinTRL = 1 + (1 − γ₃·SR + (γ₄ − 1)/4·SR²)·(Φ⁻¹(confidence)/(SR − SR*))² (Bailey & López de Prado 2012, eq. 20).
 * Infinity when the Sharpe does not exceed the benchmark.
 */
export function minTrackRecordLength(sharpe: number, benchmark: number, skew: number, kurtosis: number, confidence = 0.95): number {
  const v = radicand(sharpe, skew, kurtosis);
  if (!(confidence > 0 && confidence < 1) || !(v > 0) || Number.isNaN(sharpe) || Number.isNaN(benchmark)) return NaN;
  if (sharpe <= benchmark) return Infinity;
  return 1 + v * (normInv(confidence) / (sharpe - benchmark)) ** 2;
}
