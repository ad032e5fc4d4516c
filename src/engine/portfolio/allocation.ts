// Discrete allocation into whole shares: PyPortfolioOpt 1.5.6's DiscreteAllocation.greedy_portfolio — round down
// at the target value, then buy one share at a time of the asset whose weight falls shortest of its target; with
// shorts, the long and the short books are allocated separately (shorts worth short_ratio × total value).

/** Whole-share allocation (zero positions removed) and the cash left over. */
export interface Allocation {
  allocation: Record<string, number>;
  leftover: number;
}

/** numpy.argmax semantics: the first NaN if any, else the first maximum. */
function argmax(a: Float64Array): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i])) return i;
    if (a[i] > a[best]) best = i;
  }
  return best;
}

/** DiscreteAllocation(weights, prices, total_value, short_ratio).greedy_portfolio() (reinvest=False). */
export function greedyPortfolio(
  weights: Readonly<Record<string, number>>,
  latestPrices: Readonly<Record<string, number>>,
  totalValue = 10000,
  shortRatio?: number | null,
): Allocation {
  const entries = Object.entries(weights);
  for (const [t, w] of entries) {
    if (typeof w !== 'number' || Number.isNaN(w)) throw new Error('weights should have no NaNs');
    const p = latestPrices[t];
    if (!Object.hasOwn(latestPrices, t) || typeof p !== 'number' || !Number.isFinite(p) || p <= 0)
      throw new Error(`latest_prices needs a positive price for ${JSON.stringify(t)}`);
  }
  if (!(totalValue > 0)) throw new Error('total_portfolio_value must be greater than zero');
  if (shortRatio != null && shortRatio < 0) throw new Error('short_ratio must be non-negative');
  // Python's list.sort(reverse=True) is stable for equal weights.
  const sorted = entries.map((e, i) => [e, i] as const).sort((a, b) => b[0][1] - a[0][1] || a[1] - b[1]).map((x) => x[0]);
  if (sorted.length && sorted[sorted.length - 1][1] < 0) {
    const ratio = shortRatio ?? sorted.filter(([, w]) => w < 0).reduce((a, [, w]) => a - w, 0);
    const longs = sorted.filter(([, w]) => w >= 0);
    const shorts = sorted.filter(([, w]) => w < 0).map(([t, w]) => [t, -w] as [string, number]);
    const lt = longs.reduce((a, [, w]) => a + w, 0);
    const st = shorts.reduce((a, [, w]) => a + w, 0);
    const l = longOnly(longs.map(([t, w]) => [t, w / lt]), latestPrices, totalValue);
    const s = longOnly(shorts.map(([t, w]) => [t, w / st]), latestPrices, totalValue * ratio);
    const allocation: Record<string, number> = { ...l.allocation };
    for (const [t, k] of Object.entries(s.allocation)) allocation[t] = -k;
    for (const t of Object.keys(allocation)) if (allocation[t] === 0) delete allocation[t];
    return { allocation, leftover: l.leftover + s.leftover };
  }
  return longOnly(sorted, latestPrices, totalValue);
}

function longOnly(w: readonly (readonly [string, number])[], prices: Readonly<Record<string, number>>, total: number): Allocation {
  const sorted = w.map((e, i) => [e, i] as const).sort((a, b) => b[0][1] - a[0][1] || a[1] - b[1]).map((x) => x[0]);
  let funds = total;
  const shares = new Float64Array(sorted.length);
  const px = sorted.map(([t]) => prices[t]);
  sorted.forEach(([, wt], i) => {
    const k = Math.trunc((wt * total) / px[i]);
    shares[i] = k;
    funds -= k * px[i];
  });
  const ideal = Float64Array.from(sorted, ([, wt]) => wt);
  for (let guard = 0; funds > 0 && guard < 10_000_000; guard++) {
    let held = 0;
    for (let i = 0; i < sorted.length; i++) held += px[i] * shares[i];
    const deficit = new Float64Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) deficit[i] = ideal[i] - (px[i] * shares[i]) / held; // 0/0 → NaN, as numpy
    let idx = argmax(deficit);
    let counter = 0;
    let stop = false;
    while (px[idx] > funds) {
      deficit[idx] = 0;
      idx = argmax(deficit);
      if (deficit[idx] < 0 || counter === 10) {
        stop = true;
        break;
      }
      counter++;
    }
    if (stop || deficit[idx] <= 0 || counter === 10) break;
    shares[idx] += 1;
    funds -= px[idx];
  }
  const allocation: Record<string, number> = {};
  sorted.forEach(([t], i) => {
    if (shares[i] !== 0) allocation[t] = shares[i];
  });
  return { allocation, leftover: funds };
}
