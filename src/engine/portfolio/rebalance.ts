// Rebalancing simulation over a price table: hold target weights, rebalance on a calendar (at the close of the
// first trading day of each new month / quarter / year) or when any weight drifts more than `threshold`
// (absolute weight, 0.05 = 5 percentage points) from its target, paying costs on every trade; compared with
// buy-and-hold of the same initial purchase. Fractional units; missing prices after the start are carried forward.
import type { PriceTable } from './returns';

/** When to rebalance. */
export type RebalanceRule =
  | { type: 'calendar'; frequency: 'monthly' | 'quarterly' | 'yearly' }
  | { type: 'threshold'; threshold: number }
  | { type: 'none' };

/** Costs: `rate` × traded value plus `fixed` currency per asset traded. */
export interface RebalanceCosts {
  rate: number;
  fixed: number;
}

/** One trade event: the initial purchase or a rebalance, with what it traded and cost. */
export interface RebalanceEvent {
  date: string;
  index: number;
  reason: 'initial' | 'calendar' | 'threshold';
  turnover: number;
  cost: number;
  max_drift: number;
  weights_before: Record<string, number>;
}

/** Equity of the rebalanced and the buy-and-hold portfolio on every date from the start, and the events. */
export interface RebalanceResult {
  dates: string[];
  equity: number[];
  buy_and_hold: number[];
  events: RebalanceEvent[];
  total_cost: number;
  buy_and_hold_cost: number;
}

function periodKey(date: string, f: 'monthly' | 'quarterly' | 'yearly'): string {
  const y = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  if (!Number.isFinite(m)) throw new Error(`rebalance: calendar rules need ISO dates (YYYY-MM-DD…), got ${JSON.stringify(date)}`);
  return f === 'yearly' ? y : f === 'quarterly' ? `${y}Q${Math.ceil(m / 3)}` : `${y}-${m}`;
}

/** Value after trading to weights w from holdings h at prices p, paying costs (fixed point of V = V₀ − cost(V)). */
function trade(h: Float64Array, p: Float64Array, w: Float64Array, cash: number, c: RebalanceCosts): { h: Float64Array; cash: number; cost: number; turnover: number } {
  const n = w.length;
  let v0 = cash;
  for (let i = 0; i < n; i++) v0 += h[i] * p[i];
  let v = v0;
  let cost = 0;
  let turnover = 0;
  for (let it = 0; it < 100; it++) {
    turnover = 0;
    let traded = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.abs(w[i] * v - h[i] * p[i]);
      turnover += d;
      if (d > 1e-9 * v0) traded++;
    }
    cost = c.rate * turnover + c.fixed * traded;
    const next = v0 - cost;
    if (Math.abs(next - v) <= 1e-13 * Math.abs(v0)) {
      v = next;
      break;
    }
    v = next;
  }
  if (!(v > 0)) throw new Error('rebalance: costs exceed the portfolio value');
  const nh = new Float64Array(n);
  let invested = 0;
  for (let i = 0; i < n; i++) {
    nh[i] = w[i] === 0 ? 0 : (w[i] * v) / p[i]; // an unweighted asset may have no price yet
    invested += w[i] * v;
  }
  return { h: nh, cash: v - invested, cost, turnover };
}

/** Simulates the rule on the price table from the first date every weighted asset has a price. */
export function simulateRebalance(
  prices: PriceTable,
  target: Float64Array,
  rule: RebalanceRule,
  costs: RebalanceCosts = { rate: 0, fixed: 0 },
  initialValue = 10000,
): RebalanceResult {
  const n = prices.assets.length;
  const T = prices.dates.length;
  if (target.length !== n) throw new Error(`weights must name every asset of the prices (${n})`);
  if (!(initialValue > 0)) throw new Error(`initial_value must be > 0, got ${initialValue}`);
  if (!(costs.rate >= 0) || !(costs.fixed >= 0)) throw new Error('costs.rate and costs.fixed must be ≥ 0');
  if (rule.type === 'threshold' && !(rule.threshold > 0)) throw new Error(`rule.threshold must be > 0, got ${rule.threshold}`);
  let start = -1;
  for (let t = 0; t < T && start < 0; t++) {
    let ok = true;
    for (let i = 0; i < n; i++) if (target[i] !== 0 && !(prices.prices[t * n + i] > 0)) ok = false;
    if (ok) start = t;
  }
  if (start < 0) throw new Error('rebalance: no date on which every weighted asset has a price');
  const last = new Float64Array(n);
  const px = (t: number): Float64Array => {
    for (let i = 0; i < n; i++) {
      const v = prices.prices[t * n + i];
      if (v > 0) last[i] = v;
    }
    return last;
  };
  const zero = new Float64Array(n);
  const init = trade(zero, px(start), target, initialValue, costs);
  let h = init.h;
  let cash = init.cash;
  const bh = init.h.slice();
  const bhCash = init.cash;
  const events: RebalanceEvent[] = [
    { date: prices.dates[start], index: start, reason: 'initial', turnover: init.turnover, cost: init.cost, max_drift: 0, weights_before: {} },
  ];
  const dates = [prices.dates[start]];
  const equity = [initialValue - init.cost];
  const buyHold = [initialValue - init.cost];
  let total = init.cost;
  for (let t = start + 1; t < T; t++) {
    const p = px(t);
    let v = cash;
    let vb = bhCash;
    for (let i = 0; i < n; i++) (v += h[i] * p[i]), (vb += bh[i] * p[i]);
    let drift = 0;
    const before: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const wi = (h[i] * p[i]) / v;
      before[prices.assets[i]] = wi;
      drift = Math.max(drift, Math.abs(wi - target[i]));
    }
    let reason: RebalanceEvent['reason'] | null = null;
    if (rule.type === 'calendar' && periodKey(prices.dates[t], rule.frequency) !== periodKey(prices.dates[t - 1], rule.frequency)) reason = 'calendar';
    if (rule.type === 'threshold' && drift > rule.threshold) reason = 'threshold';
    if (reason) {
      const r = trade(h, p, target, cash, costs);
      h = r.h;
      cash = r.cash;
      v -= r.cost;
      total += r.cost;
      events.push({ date: prices.dates[t], index: t, reason, turnover: r.turnover, cost: r.cost, max_drift: drift, weights_before: before });
    }
    dates.push(prices.dates[t]);
    equity.push(v);
    buyHold.push(vb);
  }
  return { dates, equity, buy_and_hold: buyHold, events, total_cost: total, buy_and_hold_cost: init.cost };
}
