// The risk manager as a pure function (src/engine/portfolio/risk-manager.ts): each rule on constructed orders,
// the order rules apply in, the log's numbers, the rolling correlation against a direct computation, and parsing.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RISK_LIMITS,
  checkOrder,
  parseRiskLimits,
  portfolioHeat,
  rollingCorrelationAt,
  type OrderRequest,
  type RiskContext,
  type RiskLimits,
} from '../../src/engine/portfolio/risk-manager';

const none: RiskLimits = { ...DEFAULT_RISK_LIMITS, max_drawdown_stop: null };
const order = (o: Partial<OrderRequest> = {}): OrderRequest => ({ date: 1, sleeve: 'B', symbol: 'Y', price: 50, units: 100, riskPerUnit: NaN, ...o });
const ctx = (o: Partial<RiskContext> = {}): RiskContext => ({
  equity: 10000,
  peak: 10000,
  positions: [{ sleeve: 'A', symbol: 'X', value: 3000, risk: 300 }],
  correlation: () => 0.9,
  ...o,
});

describe('checkOrder', () => {
  it('passes an order no rule touches', () => {
    expect(checkOrder(order(), ctx(), none)).toEqual({ units: 100, log: [] });
  });

  it('blocks every entry below the drawdown stop, and not exactly at it', () => {
    const l = { ...none, max_drawdown_stop: 0.15 };
    const d = checkOrder(order(), ctx({ equity: 8499, peak: 10000 }), l);
    expect(d.units).toBe(0);
    expect(d.log).toEqual([{ date: 1, sleeve: 'B', rule: 'max_drawdown_stop', requested: 100, allowed: 0, detail: 'equity 8499 < peak 10000 × (1 − 0.15) = 8500' }]);
    expect(checkOrder(order(), ctx({ equity: 8500, peak: 10000 }), l).units).toBe(100);
  });

  it('caps by % of equity, then by notional, logging each cut', () => {
    const d = checkOrder(order(), ctx(), { ...none, max_position_pct: 0.4, max_position_notional: 1000 });
    expect(d.units).toBe(20);
    expect(d.log.map((e) => [e.rule, e.requested, e.allowed])).toEqual([['max_position_pct', 100, 80], ['max_position_notional', 80, 20]]);
  });

  it('counts positions correlated above the threshold (and the same symbol always)', () => {
    const l = { ...none, max_correlated_exposure: 0.5 };
    // 0.5 × 10000 − 3000 correlated = 2000 → 40 units at 50.
    expect(checkOrder(order(), ctx(), l).units).toBe(40);
    expect(checkOrder(order(), ctx({ correlation: () => 0.7 }), l).units).toBe(100); // ρ must exceed 0.7
    expect(checkOrder(order(), ctx({ correlation: () => NaN }), l).units).toBe(100); // unknown ρ: not counted
    expect(checkOrder(order({ symbol: 'X' }), ctx({ correlation: () => NaN }), l).units).toBe(40); // same symbol
    const short = ctx({ positions: [{ sleeve: 'A', symbol: 'X', value: -6000, risk: 0 }] });
    const d = checkOrder(order(), short, l); // |−6000| > 5000: blocked
    expect(d.units).toBe(0);
    expect(d.log[0].detail).toBe('(0.5 × equity 10000 − correlated 6000 [A (ρ 0.9)]) / price 50');
  });

  it('limits heat: stop distance × units, or the full value without a stop', () => {
    const l = { ...none, max_heat: 0.06 };
    expect(portfolioHeat(ctx().positions, 10000)).toBe(0.03);
    // 600 − 300 open = 300 of room; 2.5 per unit → 120 ≥ 100 passes; 5 per unit → 60.
    expect(checkOrder(order({ riskPerUnit: 2.5 }), ctx(), l).units).toBe(100);
    expect(checkOrder(order({ riskPerUnit: 5 }), ctx(), l).units).toBe(60);
    expect(checkOrder(order(), ctx(), l).units).toBe(6); // no stop: 50 per unit
    expect(checkOrder(order({ riskPerUnit: 5 }), ctx({ positions: [{ sleeve: 'A', symbol: 'X', value: 9000, risk: 9000 }] }), l).units).toBe(0);
  });
});

describe('rollingCorrelationAt', () => {
  it('is Pearson over the window rows where both are finite, NaN below min periods', () => {
    const a = [NaN, 1, 2, 3, 4, 5, 7];
    const b = [9, 2, 1, 4, 3, NaN, 8];
    // Window rows 2..6 minus row 5: a = 2,3,4,7; b = 1,4,3,8.
    const xa = [2, 3, 4, 7], xb = [1, 4, 3, 8];
    const ma = 4, mb = 4;
    const num = xa.reduce((s, v, i) => s + (v - ma) * (xb[i] - mb), 0);
    const den = Math.sqrt(xa.reduce((s, v) => s + (v - ma) ** 2, 0) * xb.reduce((s, v) => s + (v - mb) ** 2, 0));
    expect(rollingCorrelationAt(a, b, 6, 5, 3)).toBeCloseTo(num / den, 14);
    expect(rollingCorrelationAt(a, b, 6, 5, 5)).toBeNaN();
    expect(rollingCorrelationAt([1, 1, 1], [1, 2, 3], 2, 3, 2)).toBeNaN();
  });
});

describe('parseRiskLimits', () => {
  it('fills defaults, turns everything off with null and names bad fields', () => {
    expect(parseRiskLimits(undefined).max_drawdown_stop).toBe(0.15);
    expect(parseRiskLimits(null).max_drawdown_stop).toBeNull();
    expect(parseRiskLimits({ max_heat: 0.1 })).toEqual({ ...DEFAULT_RISK_LIMITS, max_heat: 0.1 });
    expect(() => parseRiskLimits({ max_position_pct: 2 })).toThrow('risk.max_position_pct: must be null or in (0, 1], got 2');
    expect(() => parseRiskLimits({ heat: 1 })).toThrow('risk: unknown field "heat"');
    expect(() => parseRiskLimits({ correlation_window: 2.5 })).toThrow('risk.correlation_window: must be an integer 3..100000, got 2.5');
    expect(() => parseRiskLimits([])).toThrow('risk: must be an object or null');
  });
});
