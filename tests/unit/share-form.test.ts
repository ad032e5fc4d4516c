// Links back into the forms (src/ui/state/share-form.ts, share-space.ts): a backtest config fills the backtest form so
// that buildConfig gives the config back; a sweep request fills the sweep form so that buildSpace gives its space and
// search back; an optimizer request fills the portfolio form so that buildOptimizeRequest gives it back.
import { describe, expect, it } from 'vitest';
import type { BacktestConfig } from '../../src/shared/backtest';
import type { OptimizeRequest } from '../../src/shared/portfolio-api';
import { buildConfig, RULES_EXAMPLE } from '../../src/ui/state/backtest-config';
import { buildSpace } from '../../src/ui/state/optimize-space';
import { buildOptimizeRequest } from '../../src/ui/state/portfolio-form';
import { configToForm, percentText, portfolioInputsOf } from '../../src/ui/state/share-form';
import { spaceInputsOf, walkForwardInputsOf } from '../../src/ui/state/share-space';

describe('backtest form from a link', () => {
  it('percent text is what a person types', () => {
    expect(percentText(0.0007)).toBe('0.07');
    expect(percentText(0.05)).toBe('5');
    expect(percentText(0.123456)).toBe('12.3456');
  });

  it('a built-in strategy and every trading field come back through buildConfig', () => {
    const config: BacktestConfig = {
      strategy: { type: 'macd_momentum', params: { fast: 8, slow: 30, signal: 7, zero_filter: true } },
      direction: 'short',
      cash: 25000,
      fill: 'close',
      sizing: { mode: 'volatility_target', target: 0.15 },
      fractional: true,
      commission: { rate: 0.001, fixed: 1.5 },
      slippage_bps: 4,
      spread: 0.0002,
      stop_loss: { pct: 0.05 },
      take_profit: null,
      trailing_stop: { pct: 0.1 },
    };
    const f = configToForm(config);
    expect(f.type).toBe('macd_momentum');
    expect(f.params).toEqual({ fast: '8', slow: '30', signal: '7', zero_filter: true });
    expect(f.trading.commissionRate).toBe('0.1');
    const built = buildConfig(f.type, f.params, f.trading);
    expect(built.ok && built.config).toEqual(config);
  });

  it('a rules strategy goes to the JSON editor, which builds the same spec', () => {
    const spec = { type: 'rules' as const, ...JSON.parse(RULES_EXAMPLE) };
    const f = configToForm({ strategy: spec });
    expect(f.type).toBe('rules');
    expect(JSON.parse(f.params.rules as string)).toEqual(JSON.parse(RULES_EXAMPLE));
    const built = buildConfig(f.type, f.params, f.trading);
    expect(built.ok && built.config.strategy).toEqual(spec);
  });
});

describe('optimize forms from a link', () => {
  it('a sweep request fills the space form (fixed, list, range, constraints, random search)', () => {
    const strategy = { type: 'rsi_mean_reversion', params: { period: { min: 7, max: 21, step: 7 }, lower: [20, 25, 30], upper: 70 }, constraints: ['lower < upper'] };
    const inputs = spaceInputsOf({ strategy, search: 'random', max_tries: 5, seed: 9, metric: 'sortino_ratio' }, '10000');
    const b = buildSpace(inputs);
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.strategy).toEqual(strategy);
    expect(b.search).toEqual({ search: 'random', max_tries: 5, seed: 9 });
    expect(inputs.metric).toBe('sortino_ratio');
    expect(walkForwardInputsOf({ strategy, in_sample: 300, out_of_sample: 60, mode: 'anchored' })).toEqual({ mode: 'anchored', inSample: '300', outOfSample: '60', step: '', metric: 'sharpe_ratio' });
  });

  it('an optimizer request fills the portfolio form, which builds it back', () => {
    const req: OptimizeRequest = {
      expected_returns: { method: 'ema_historical', compounding: false, span: 250 },
      risk_model: { method: 'ledoit_wolf', shrinkage_target: 'single_factor', span: 120, benchmark: 0.0001 },
      objective: { method: 'efficient_risk', risk_free_rate: 0.03, target_volatility: 0.12, market_neutral: false },
      weight_bounds: [0.05, 0.4],
      l2_gamma: 0.5,
      sector_upper: { Technology: 0.4 },
      sector_lower: {},
      frontier_points: 30,
    };
    const built = buildOptimizeRequest(portfolioInputsOf(req), ['ACME', 'GLOBX'], ['Technology', 'Industrials']);
    expect(built.ok && built.value).toEqual(req);
  });
});
