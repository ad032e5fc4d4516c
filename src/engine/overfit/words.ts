// Plain-words summaries of the overfitting statistics, shown next to a sweep's best result (docs/optimize.md).

/** Inputs of the sentences: the trial count, the best trial's annualized Sharpe, its DSR and the sweep's PBO. */
export interface OverfitSummary {
  trials: number;
  /** Annualized Sharpe ratio of the selected (best) trial. */
  sharpe: number;
  /** Deflated Sharpe ratio of the selected trial (probability in [0, 1]). */
  dsr: number;
  /** Probability of backtest overfitting (CSCV), or NaN when not computed. */
  pbo?: number;
}

const pct = (p: number): string => {
  const x = p * 100;
  // Never print "0%" or "100%" for a probability strictly inside (0, 1).
  if (x > 0 && x < 1) return '<1%';
  if (x < 100 && x > 99) return '>99%';
  return `${Math.round(x)}%`;
};

/**
 * "With 504 trials, a Sharpe of 1.20 has a 31% chance of being luck." The percentage is 1 − DSR: the probability
 * (under the PSR's normal approximation) of a Sharpe at least this high if the strategy's true Sharpe were only
 * the expected maximum of `trials` skill-less trials — the p-value of the deflated Sharpe test. A second sentence
 * states the PBO when given.
 */
export function overfitSentence(s: OverfitSummary): string {
  const parts: string[] = [];
  if (Number.isFinite(s.sharpe) && Number.isFinite(s.dsr)) {
    const trials = `${s.trials.toLocaleString('en-US')} trial${s.trials === 1 ? '' : 's'}`;
    parts.push(`With ${trials}, a Sharpe of ${s.sharpe.toFixed(2)} has a ${pct(1 - s.dsr)} chance of being luck.`);
  } else {
    parts.push('The best Sharpe ratio is undefined (no variation in returns), so its chance of being luck cannot be measured.');
  }
  if (s.pbo !== undefined && Number.isFinite(s.pbo)) {
    parts.push(`In ${pct(s.pbo)} of in-sample/out-of-sample splits, the in-sample best fell in the bottom half out of sample (probability of backtest overfitting).`);
  }
  return parts.join(' ');
}
