// The portfolio backtest's form as plain data (docs/portfolio.md § Portfolio backtest and monitor): the risk
// manager's limits and the monitor's settings as typed text, their defaults (the engine's: a 15 % drawdown stop,
// ρ > 0.7 over 60 dates; the monitor's 5th percentile, 3 in a row, last 12 months), the sleeves' weights (the
// optimizer's or equal), and the pure conversion into the worker's request with a message naming the bad field.
import type { BacktestConfig } from '../../shared/backtest';
import type { MonitorSettings, OptimizeAnswer, PortfolioSleeveInput, RiskLimitsInput } from '../../shared/portfolio-api';
import type { Bars, Timeframe } from '../../shared/types';
import type { Parsed } from './portfolio-form';

/** The risk manager's limits, as typed: percentages of equity (empty = off), currency, and the correlation rule. */
export interface RiskInputs {
  maxPositionPct: string;
  maxNotional: string;
  maxHeatPct: string;
  drawdownStopPct: string;
  flatten: boolean;
  maxCorrelatedPct: string;
  correlationThreshold: string;
  correlationWindow: string;
}

/** The monitor's settings, as typed. */
export interface MonitorInputs {
  months: string;
  percentile: string;
  consecutive: string;
}

/** Where the sleeves' weights come from. */
export type WeightSource = 'optimizer' | 'equal';

/** The engine's defaults: only the 15 % drawdown stop on (no flatten); correlation ρ > 0.7 over 60 dates. */
export function defaultRiskInputs(): RiskInputs {
  return {
    maxPositionPct: '',
    maxNotional: '',
    maxHeatPct: '',
    drawdownStopPct: '15',
    flatten: false,
    maxCorrelatedPct: '',
    correlationThreshold: '0.7',
    correlationWindow: '60',
  };
}

/** The last 12 months out of sample, breach below the 5th percentile, alert after 3 breaches in a row. */
export function defaultMonitorInputs(): MonitorInputs {
  return { months: '12', percentile: '5', consecutive: '3' };
}

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function num(text: string, field: string, label: string, ok: (x: number) => boolean, range: string): number {
  const t = text.trim();
  const x = t === '' ? NaN : Number(t);
  if (!Number.isFinite(x) || !ok(x)) throw new FieldError(field, `${label} must be ${range}, got ${JSON.stringify(text)}`);
  return x;
}

/** An optional field: empty → null (the limit is off). */
function optional(text: string, field: string, label: string, ok: (x: number) => boolean, range: string): number | null {
  return text.trim() === '' ? null : num(text, field, label, ok, `empty (off) or ${range}`);
}

function parsed<T>(f: () => T): Parsed<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, field: e.field, error: e.message };
    throw e;
  }
}

/** The engine's RiskLimits of the form (percent fields → fractions), or the first bad field with its valid range. */
export function buildRiskLimits(f: RiskInputs): Parsed<RiskLimitsInput> {
  return parsed(() => {
    const pct = optional(
      f.maxPositionPct,
      'maxPositionPct',
      'max position',
      (x) => x > 0 && x <= 100,
      'a percentage in (0, 100]',
    );
    const heat = optional(f.maxHeatPct, 'maxHeatPct', 'max heat', (x) => x > 0, 'a percentage > 0');
    const dd = optional(
      f.drawdownStopPct,
      'drawdownStopPct',
      'drawdown stop',
      (x) => x > 0 && x < 100,
      'a percentage in (0, 100)',
    );
    const corr = optional(
      f.maxCorrelatedPct,
      'maxCorrelatedPct',
      'max correlated exposure',
      (x) => x > 0,
      'a percentage of equity > 0',
    );
    return {
      max_position_pct: pct === null ? null : pct / 100,
      max_position_notional: optional(f.maxNotional, 'maxNotional', 'max position notional', (x) => x > 0, 'an amount > 0'),
      max_heat: heat === null ? null : heat / 100,
      max_drawdown_stop: dd === null ? null : dd / 100,
      flatten_on_drawdown: f.flatten,
      max_correlated_exposure: corr === null ? null : corr / 100,
      correlation_threshold: num(
        f.correlationThreshold,
        'correlationThreshold',
        'correlation threshold',
        (x) => x >= -1 && x < 1,
        'a correlation in [−1, 1)',
      ),
      correlation_window: num(
        f.correlationWindow,
        'correlationWindow',
        'correlation window',
        (x) => Number.isInteger(x) && x >= 3 && x <= 100000,
        'an integer 3..100000 (dates)',
      ),
    };
  });
}

/** The monitor's settings of the form, or the first bad field with its valid range. */
export function buildMonitorSettings(f: MonitorInputs): Parsed<MonitorSettings> {
  return parsed(() => ({
    months: num(
      f.months,
      'months',
      'out-of-sample months',
      (x) => Number.isInteger(x) && x >= 1 && x <= 600,
      'an integer 1..600',
    ),
    percentile: num(f.percentile, 'percentile', 'breach percentile', (x) => x > 0 && x < 50, 'a percentile in (0, 50)'),
    consecutive: num(
      f.consecutive,
      'consecutive',
      'breaches in a row',
      (x) => Number.isInteger(x) && x >= 1 && x <= 1000,
      'an integer 1..1000',
    ),
  }));
}

/** A candidate sleeve: its name, the optimizer's asset name that stands for it, its bars and its config. */
export interface SleeveCandidate {
  name: string;
  /** The optimizer's asset name of this sleeve (its label for strategies, the symbol for demo assets). */
  asset: string;
  bars: Bars | { demo: string };
  config: BacktestConfig;
  timeframe: Timeframe;
}

/** Optimizer weights below this count as 0 (the optimizers' numerical zeros); such sleeves are left out. */
export const ZERO_WEIGHT = 1e-6;

/**
 * The sleeves with their weights: equal (1/n each), or the optimizer's weight of each candidate's asset name (zero
 * weights dropped; a missing name or a negative weight is an error naming the sleeve).
 */
export function weighSleeves(
  candidates: readonly SleeveCandidate[],
  source: WeightSource,
  result: Pick<OptimizeAnswer, 'assets' | 'weights'> | null,
): Parsed<PortfolioSleeveInput[]> {
  return parsed(() => {
    if (candidates.length === 0)
      throw new FieldError('sleeves', 'no sleeves: choose demo symbols, or generate/keep strategy runs');
    if (source === 'equal')
      return candidates.map((c) => ({ name: c.name, bars: c.bars, config: c.config, weight: 1 / candidates.length }));
    if (result === null)
      throw new FieldError('weights', 'no optimizer weights for this universe yet: press “Optimize” first, or choose equal weights');
    const out: PortfolioSleeveInput[] = [];
    for (const c of candidates) {
      const i = result.assets.indexOf(c.asset);
      if (i < 0)
        throw new FieldError(
          'weights',
          `the optimizer's result has no weight for ${JSON.stringify(c.asset)}: optimize the current universe again, or choose equal weights`,
        );
      const w = result.weights[i];
      if (w < -ZERO_WEIGHT)
        throw new FieldError(
          'weights',
          `${c.name} has weight ${(w * 100).toFixed(2)}%: the portfolio backtest takes long weights in (0, 100 %]; optimize with a lower bound ≥ 0`,
        );
      if (w > ZERO_WEIGHT) out.push({ name: c.name, bars: c.bars, config: c.config, weight: Math.min(1, w) });
    }
    if (out.length === 0) throw new FieldError('weights', 'every optimizer weight is 0');
    return out;
  });
}

/** The one bar size of the candidates, or an error naming the mix (the engine needs one bar size). */
export function commonTimeframe(candidates: readonly { name: string; timeframe: Timeframe }[]): Parsed<Timeframe> {
  return parsed(() => {
    const tfs = [...new Set(candidates.map((c) => c.timeframe))];
    if (tfs.length > 1)
      throw new FieldError(
        'sleeves',
        `the sleeves mix bar sizes (${tfs.join(', ')}): keep runs of one bar size, e.g. ${candidates.filter((c) => c.timeframe !== tfs[0]).map((c) => c.name)[0]} is ${candidates.find((c) => c.timeframe !== tfs[0])!.timeframe}`,
      );
    return tfs[0] ?? '1d';
  });
}
