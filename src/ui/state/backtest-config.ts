// The backtest form as plain data: which fields each built-in strategy has (defaults and bounds as the spec types
// in src/shared/backtest.ts document them), the trading settings as typed text, and the pure conversion of both
// into a BacktestConfig. Range rules (fast < slow, 0 < pct ≤ 1 …) are the engine's: it validates every config
// field and its message, naming the field path, is what the form shows. Here only "is this a number" is checked.
import type { BacktestConfig, Direction, FillMode, Sizing, StopSpec, StrategySpec } from '../../shared/backtest';

/** The strategy types the form offers; `rules` is edited as JSON (docs/strategies.md § rules). */
export type FormStrategyType = 'sma_cross' | 'rsi_mean_reversion' | 'macd_momentum' | 'bollinger_breakout' | 'rules';

/** One strategy parameter field: its spec name, label, kind, default and the bounds the spec type documents. */
export interface ParamField {
  name: string;
  label: string;
  /** 'json': a text area holding the `{"params":…,"rules":…}` of a rules strategy. */
  kind: 'integer' | 'real' | 'boolean' | 'json';
  default: number | boolean | string;
  /** Inclusive bounds for the input's min/max attributes (the engine enforces the exact rule, e.g. fast < slow). */
  min?: number;
  max?: number;
  /** Short rule shown beside the field, from the spec type's doc comment. */
  hint: string;
}

/** A strategy type as the form presents it. */
export interface StrategyForm {
  type: FormStrategyType;
  label: string;
  description: string;
  fields: readonly ParamField[];
}

const PERIOD = { min: 2, max: 100_000 } as const;

/** The form of every offered strategy type, in menu order; defaults equal the spec types' documented defaults. */
export const STRATEGY_FORMS: readonly StrategyForm[] = [
  {
    type: 'sma_cross',
    label: 'SMA crossover',
    description: 'Long when SMA(fast) crosses above SMA(slow); exit (or short) on the opposite cross.',
    fields: [
      { name: 'fast', label: 'Fast period', kind: 'integer', default: 10, ...PERIOD, hint: '2–100000, < slow' },
      { name: 'slow', label: 'Slow period', kind: 'integer', default: 30, ...PERIOD, hint: '2–100000, > fast' },
    ],
  },
  {
    type: 'rsi_mean_reversion',
    label: 'RSI mean reversion',
    description: 'Long when RSI falls below the lower threshold, exit above the upper one; shorts mirrored.',
    fields: [
      { name: 'period', label: 'RSI period', kind: 'integer', default: 14, ...PERIOD, hint: '2–100000' },
      { name: 'lower', label: 'Lower threshold', kind: 'real', default: 30, min: 0, max: 100, hint: '0 < lower < upper' },
      { name: 'upper', label: 'Upper threshold', kind: 'real', default: 70, min: 0, max: 100, hint: 'lower < upper < 100' },
    ],
  },
  {
    type: 'macd_momentum',
    label: 'MACD momentum',
    description: 'Long when MACD crosses above its signal line, exit on the opposite cross.',
    fields: [
      { name: 'fast', label: 'Fast EMA', kind: 'integer', default: 12, ...PERIOD, hint: '2–100000, < slow' },
      { name: 'slow', label: 'Slow EMA', kind: 'integer', default: 26, ...PERIOD, hint: '2–100000' },
      { name: 'signal', label: 'Signal EMA', kind: 'integer', default: 9, ...PERIOD, hint: '2–100000' },
      { name: 'zero_filter', label: 'Zero filter', kind: 'boolean', default: false, hint: 'enter long only above zero' },
    ],
  },
  {
    type: 'bollinger_breakout',
    label: 'Bollinger breakout',
    description: 'Long above the upper band, short below the lower band, exit at the middle band.',
    fields: [
      { name: 'period', label: 'Band period', kind: 'integer', default: 20, ...PERIOD, hint: '2–100000' },
      { name: 'k', label: 'Width (σ)', kind: 'real', default: 2, min: 0, max: 100, hint: '0 < k ≤ 100 standard deviations' },
    ],
  },
];

/** The starting text of the rules editor: an EMA trend entry with an RSI exit, its periods as sweepable params. */
export const RULES_EXAMPLE = JSON.stringify(
  {
    params: { fast: 8, slow: 21 },
    rules: {
      entry_long: {
        op: 'crosses_above',
        left: { indicator: 'EMA', params: { timeperiod: { param: 'fast' } } },
        right: { indicator: 'EMA', params: { timeperiod: { param: 'slow' } } },
      },
      exit_long: { any: [{ op: '>', left: { indicator: 'RSI' }, right: 75 }, { op: 'crosses_below', left: { price: 'close' }, right: { indicator: 'EMA', params: { timeperiod: { param: 'slow' } } } }] },
    },
  },
  null,
  2,
);

/** The rules form: one JSON field (its own form type so the built-ins' table stays STRATEGY_PARAMS'). */
export const RULES_FORM: StrategyForm = {
  type: 'rules',
  label: 'Rules (JSON)',
  description: 'Conditions over any indicator or price, combined with all/any/not, for each entry and exit (see docs/strategies.md).',
  fields: [{ name: 'rules', label: 'Spec', kind: 'json', default: RULES_EXAMPLE, hint: '{"params": {…}, "rules": {"entry_long": …}}' }],
};

/** Every strategy type of the form's menu: the built-ins, then the rules editor. */
export const FORM_TYPES: readonly StrategyForm[] = [...STRATEGY_FORMS, RULES_FORM];

/** The form of `type` (throws for a type the form does not offer). */
export function strategyForm(type: FormStrategyType): StrategyForm {
  const f = FORM_TYPES.find((s) => s.type === type);
  if (!f)
    throw new RangeError(
      `strategy type must be one of ${FORM_TYPES.map((s) => s.type).join(', ')}; got ${JSON.stringify(type)}`,
    );
  return f;
}

/** Field values of a strategy form: typed text for numbers (as in the inputs), booleans for checkboxes. */
export type ParamInputs = Record<string, string | boolean>;

/** The inputs of `type` filled with its defaults. */
export function defaultParamInputs(type: FormStrategyType): ParamInputs {
  const out: ParamInputs = {};
  for (const f of strategyForm(type).fields) out[f.name] = typeof f.default === 'boolean' ? f.default : String(f.default);
  return out;
}

/** How entries are sized, as the form's select offers it. */
export type SizingMode = Sizing['mode'];

/** The sizing modes with the label, unit and default of their number (none for all_in). */
export const SIZING_MODES: readonly { mode: SizingMode; label: string; unit: string; default: string }[] = [
  { mode: 'all_in', label: 'All in', unit: '', default: '' },
  { mode: 'percent_equity', label: '% of equity', unit: '%', default: '50' },
  { mode: 'units', label: 'Fixed units', unit: 'units', default: '100' },
  { mode: 'cash', label: 'Fixed cash', unit: 'cash', default: '5000' },
  { mode: 'volatility_target', label: 'Volatility target', unit: '% p.a.', default: '15' },
];

/** The trading settings as typed text; percent fields are in percent (5 = 5 %), converted to fractions on build. */
export interface TradingInputs {
  direction: Direction;
  cash: string;
  fill: FillMode;
  sizingMode: SizingMode;
  /** pct (%), units, amount or target (% p.a.) depending on sizingMode; unused for all_in. */
  sizingValue: string;
  fractional: boolean;
  /** Commission rate in % of traded value. */
  commissionRate: string;
  /** Commission per order in currency. */
  commissionFixed: string;
  slippageBps: string;
  /** Spread in % of price. */
  spread: string;
  /** Stops in % of the reference price; empty = no stop. */
  stopLoss: string;
  takeProfit: string;
  trailingStop: string;
}

/** The trading inputs typed as numbers (text in the form). */
export type TradingNumberKey =
  | 'cash'
  | 'sizingValue'
  | 'commissionRate'
  | 'commissionFixed'
  | 'slippageBps'
  | 'spread'
  | 'stopLoss'
  | 'takeProfit'
  | 'trailingStop';

/** Trading defaults: the engine's defaults (long, 10000 cash, next open, all in, no costs, no stops). */
export function defaultTradingInputs(): TradingInputs {
  return {
    direction: 'long',
    cash: '10000',
    fill: 'next_open',
    sizingMode: 'all_in',
    sizingValue: '',
    fractional: false,
    commissionRate: '0',
    commissionFixed: '0',
    slippageBps: '0',
    spread: '0',
    stopLoss: '',
    takeProfit: '',
    trailingStop: '',
  };
}

/** buildConfig's answer: the config, or the first field that is not a number with a message naming it. */
export type BuildResult = { ok: true; config: BacktestConfig } | { ok: false; field: string; error: string };

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** `text` as a finite number; throws a FieldError naming `field` (its config path) when it is not one. */
function num(text: string, field: string, label: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new FieldError(field, `${field} (${label}): enter a number, got ${JSON.stringify(text)}`);
  return v;
}

/** A percent field as a fraction, or `fallback` when the field is empty. */
function pct<T>(text: string, field: string, label: string, fallback: T): number | T {
  return text.trim() === '' ? fallback : num(text, field, label) / 100;
}

function stop(text: string, field: string, label: string): StopSpec | null {
  const f = pct(text, `${field}.pct`, label, null);
  return f === null ? null : { pct: f };
}

function sizing(t: TradingInputs): Sizing {
  const v = (field: string, label: string) => num(t.sizingValue, `sizing.${field}`, label);
  switch (t.sizingMode) {
    case 'all_in':
      return { mode: 'all_in' };
    case 'percent_equity':
      return { mode: 'percent_equity', pct: v('pct', '% of equity') / 100 };
    case 'units':
      return { mode: 'units', units: v('units', 'units') };
    case 'cash':
      return { mode: 'cash', amount: v('amount', 'cash per entry') };
    case 'volatility_target':
      return { mode: 'volatility_target', target: v('target', 'volatility target %') / 100 };
  }
}

/** The strategy spec of a form: numbers parsed, booleans as given, only the type's own fields. */
export function buildSpec(type: FormStrategyType, inputs: ParamInputs): StrategySpec {
  if (type === 'rules') return rulesSpec(String(inputs.rules ?? RULES_EXAMPLE));
  const params: Record<string, number | boolean> = {};
  for (const f of strategyForm(type).fields) {
    const raw = inputs[f.name] ?? f.default;
    if (f.kind === 'boolean') params[f.name] = raw === true;
    else params[f.name] = num(typeof raw === 'string' ? raw : String(raw), `strategy.params.${f.name}`, f.label);
  }
  return { type, params } as StrategySpec;
}

/** The rules editor's text as a spec: JSON of an object; the engine validates the rest and names the path. */
function rulesSpec(text: string): StrategySpec {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new FieldError('strategy', `strategy (rules JSON): ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new FieldError('strategy', 'strategy (rules JSON): must be an object like {"params": {…}, "rules": {"entry_long": …}}');
  }
  return { ...(v as object), type: 'rules' } as StrategySpec;
}

/**
 * The BacktestConfig of the form (field names as src/shared/backtest.ts): percent fields divided by 100, empty
 * stops null, whole units unless fractional. Only unparsable numbers are reported here, by config path.
 */
export function buildConfig(type: FormStrategyType, params: ParamInputs, t: TradingInputs): BuildResult {
  try {
    const config: BacktestConfig = {
      strategy: buildSpec(type, params),
      direction: t.direction,
      cash: num(t.cash, 'cash', 'starting cash'),
      fill: t.fill,
      sizing: sizing(t),
      fractional: t.fractional,
      commission: {
        rate: num(t.commissionRate, 'commission.rate', 'commission %') / 100,
        fixed: num(t.commissionFixed, 'commission.fixed', 'commission per order'),
      },
      slippage_bps: num(t.slippageBps, 'slippage_bps', 'slippage bps'),
      spread: num(t.spread, 'spread', 'spread %') / 100,
      stop_loss: stop(t.stopLoss, 'stop_loss', 'stop-loss %'),
      take_profit: stop(t.takeProfit, 'take_profit', 'take-profit %'),
      trailing_stop: stop(t.trailingStop, 'trailing_stop', 'trailing stop %'),
    };
    return { ok: true, config };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, field: e.field, error: e.message };
    throw e;
  }
}

const SHORT_NAMES: Record<StrategySpec['type'], string> = {
  sma_cross: 'SMA',
  rsi_mean_reversion: 'RSI',
  macd_momentum: 'MACD',
  bollinger_breakout: 'BB',
  rules: 'Rules',
};

/** A short run label such as "SMA(10,30)", "RSI(14,30,70)" or "MACD(12,26,9,zero)" from a spec's parameters. */
export function specLabel(spec: StrategySpec): string {
  const name = SHORT_NAMES[spec.type];
  if (spec.type === 'rules') return name;
  const p = (spec.params ?? {}) as Record<string, number | boolean | undefined>;
  const parts = Object.entries(p)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? k.replace(/_filter$/, '') : String(v)));
  return parts.length ? `${name}(${parts.join(',')})` : name;
}
