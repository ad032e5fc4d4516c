// A link's settings back into the forms (docs/share.md § Opening a link): a backtest config into the backtest form
// (strategy type and parameters as typed, a rules strategy as the JSON editor's text, trading settings with fractions
// in percent) and an optimizer request into the portfolio form. Pure; the inverses of buildConfig and
// buildOptimizeRequest for everything those forms can express.
import type { BacktestConfig, StopSpec } from '../../shared/backtest';
import type { OptimizeRequest } from '../../shared/portfolio-api';
import { defaultTradingInputs, strategyForm, type FormStrategyType, type ParamInputs, type TradingInputs } from './backtest-config';
import { defaultPortfolioInputs, type PortfolioInputs } from './portfolio-form';

/** The backtest form's three parts. */
export interface FormValues {
  type: FormStrategyType;
  params: ParamInputs;
  trading: TradingInputs;
}

/**
 * A fraction as the percent text a person would type: x·100 to at most 12 significant digits (0.0007 → "0.07").
 * Building the form again gives x up to the last bit or two (0.07 / 100 is 0.0007000000000000001), the same as if it
 * had been typed; the link's own run uses the link's exact config.
 */
export function percentText(x: number): string {
  return String(Number((x * 100).toPrecision(12)));
}

function stopText(s: StopSpec | null | undefined): string {
  // ATR stops have no input in the form: it shows none (the run uses the link's config as is).
  return s === null || s === undefined || !('pct' in s) ? '' : percentText(s.pct);
}

/** The form values that build `config` (fields the form has no input for — start, fractional_step, ATR stops, risk limits — are left out). */
export function configToForm(config: BacktestConfig): FormValues {
  const spec = config.strategy;
  const type = spec.type as FormStrategyType;
  const params: ParamInputs = {};
  if (type === 'rules') {
    const { type: _t, ...rest } = spec as unknown as Record<string, unknown>;
    params.rules = JSON.stringify(rest, null, 2);
  } else {
    const given = (spec.params ?? {}) as Record<string, number | boolean | undefined>;
    for (const f of strategyForm(type).fields) {
      const v = given[f.name] ?? f.default;
      params[f.name] = typeof v === 'boolean' ? v : String(v);
    }
  }
  const t = defaultTradingInputs();
  if (config.direction !== undefined) t.direction = config.direction;
  if (config.cash !== undefined) t.cash = String(config.cash);
  if (config.fill !== undefined) t.fill = config.fill;
  if (config.fractional !== undefined) t.fractional = config.fractional;
  const s = config.sizing;
  if (s !== undefined) {
    t.sizingMode = s.mode;
    if (s.mode === 'percent_equity') t.sizingValue = percentText(s.pct);
    else if (s.mode === 'units') t.sizingValue = String(s.units);
    else if (s.mode === 'cash') t.sizingValue = String(s.amount);
    else if (s.mode === 'volatility_target') t.sizingValue = percentText(s.target);
  }
  if (config.commission?.rate !== undefined) t.commissionRate = percentText(config.commission.rate);
  if (config.commission?.fixed !== undefined) t.commissionFixed = String(config.commission.fixed);
  if (config.slippage_bps !== undefined) t.slippageBps = String(config.slippage_bps);
  if (config.spread !== undefined) t.spread = percentText(config.spread);
  t.stopLoss = stopText(config.stop_loss);
  t.takeProfit = stopText(config.take_profit);
  t.trailingStop = stopText(config.trailing_stop);
  return { type, params, trading: t };
}

/** The portfolio optimizer form showing `req` (fractions in percent; the run itself uses `req` as is). */
export function portfolioInputsOf(req: OptimizeRequest): PortfolioInputs {
  const f = defaultPortfolioInputs();
  const o = req.objective;
  f.estimator = req.expected_returns.method;
  f.compounding = req.expected_returns.compounding;
  f.erSpan = String(req.expected_returns.span);
  f.riskModel = req.risk_model.method;
  f.shrinkage = req.risk_model.shrinkage_target;
  f.covSpan = String(req.risk_model.span);
  f.benchmark = String(req.risk_model.benchmark);
  f.objective = o.method;
  f.riskFree = percentText(o.risk_free_rate);
  if (o.target_volatility !== undefined) f.targetVol = percentText(o.target_volatility);
  if (o.target_return !== undefined) f.targetReturn = percentText(o.target_return);
  if (o.risk_aversion !== undefined) f.riskAversion = String(o.risk_aversion);
  if (o.market_neutral !== undefined) f.marketNeutral = o.market_neutral;
  f.budgets = Object.entries(o.risk_budget ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
  const [lo, hi] = req.weight_bounds;
  f.lower = lo === null ? '' : percentText(lo);
  f.upper = hi === null ? '' : percentText(hi);
  f.l2Gamma = String(req.l2_gamma);
  const limits = [
    ...Object.entries(req.sector_upper ?? {}).map(([k, v]) => `${k}<=${percentText(v)}`),
    ...Object.entries(req.sector_lower ?? {}).map(([k, v]) => `${k}>=${percentText(v)}`),
  ];
  f.sectorLimits = limits.join(', ');
  f.frontierPoints = String(req.frontier_points);
  return f;
}
