// Spec validation (src/engine/spec/validate.ts): good specs pass and come back as clean copies; every bad input —
// wrong types, out-of-range values, unknown fields, hostile nesting and sizes, NaN/Infinity, prototype-pollution
// keys — is rejected with a message naming the dotted path and the rule. Also the defaults table and
// resolveStrategyDefaults, and that every example in docs/strategies.md validates.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { StrategySpec } from '../../src/shared/backtest';
import {
  SPEC_SCHEMA,
  SpecError,
  validateBacktestConfig,
  validateStrategy,
  MAX_CONDITIONS,
  MAX_CONDITION_DEPTH,
} from '../../src/engine/spec/validate';
import { STRATEGY_DEFAULTS, resolveStrategyDefaults } from '../../src/engine/spec/defaults';

const sma = { type: 'sma_cross' };
const cfg = (extra: Record<string, unknown>) => ({ strategy: sma, ...extra });
const rules = (entry_long: unknown, params?: Record<string, unknown>) => ({ type: 'rules', params, rules: { entry_long } });
const gt = (left: unknown, right: unknown = 1) => ({ op: '>', left, right });

/** The message validation throws for x (fails the test if it does not throw a SpecError). */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
  return expect.fail('expected a SpecError, nothing was thrown');
}

describe('valid specs', () => {
  it('accepts every built-in with and without params, and returns a copy', () => {
    const specs: unknown[] = [
      { type: 'sma_cross' },
      { type: 'sma_cross', params: { fast: 2, slow: 100000 } },
      { type: 'rsi_mean_reversion', params: { period: 2, lower: 0.5, upper: 99.5 } },
      { type: 'macd_momentum', params: { fast: 5, slow: 35, signal: 5, zero_filter: true } },
      { type: 'bollinger_breakout', params: { period: 20, k: 0.1 } },
      rules(gt({ indicator: 'rsi', params: { timeperiod: { param: 'p' } }, output: 'real', inputs: { real: 'open' } }), {
        p: 10,
      }),
    ];
    for (const s of specs) {
      const before = JSON.stringify(s);
      const v = validateStrategy(s);
      expect(v).toEqual(JSON.parse(before));
      expect(v).not.toBe(s);
      expect(JSON.stringify(s)).toBe(before);
    }
  });

  it('accepts a full backtest config', () => {
    const c = {
      strategy: { type: 'rsi_mean_reversion' },
      direction: 'long_short',
      cash: 25000,
      fill: 'close',
      sizing: { mode: 'volatility_target', target: 0.15, method: 'atr', window: 14 },
      fractional: true,
      fractional_step: 0.001,
      commission: { rate: 0.001, fixed: 1 },
      slippage_bps: 5,
      spread: 0.0002,
      stop_loss: { pct: 0.08 },
      take_profit: { atr: 3, atr_period: 10 },
      trailing_stop: null,
      stop_reference: 'signal_close',
      risk: { max_position_pct: 0.25, max_drawdown_stop: 0.2 },
      periods_per_year: 252,
      risk_free: 0.0001,
      start: '2020-01-02',
    };
    expect(validateBacktestConfig(c)).toEqual(c);
    expect(validateBacktestConfig(cfg({ start: 10 })).start).toBe(10);
    expect(validateBacktestConfig(cfg({ sizing: { mode: 'percent_equity', pct: 1 } })).sizing).toEqual({
      mode: 'percent_equity',
      pct: 1,
    });
    // risk: every field optional, the bounds themselves (1 for the cap) valid, null and {} mean none.
    for (const risk of [{}, null, { max_position_pct: 1 }, { max_drawdown_stop: 0.999 }]) {
      expect(validateBacktestConfig(cfg({ risk })).risk).toEqual(risk);
    }
  });

  it(`allows ${MAX_CONDITION_DEPTH} nested levels and ${MAX_CONDITIONS} conditions`, () => {
    let deep: unknown = gt({ price: 'close' });
    for (let i = 1; i < MAX_CONDITION_DEPTH; i++) deep = { not: deep };
    expect(() => validateStrategy(rules(deep))).not.toThrow();
    const wide = { any: Array.from({ length: MAX_CONDITIONS - 1 }, () => gt({ price: 'close' })) };
    expect(() => validateStrategy(rules(wide))).not.toThrow();
  });
});

describe('bad inputs name the path and the rule', () => {
  let deep: unknown = gt({ price: 'close' });
  for (let i = 0; i < MAX_CONDITION_DEPTH; i++) deep = { not: deep };
  let hostile: unknown = gt({ price: 'close' });
  for (let i = 0; i < 200_000; i++) hostile = { all: [hostile] };
  const wide = { any: Array.from({ length: MAX_CONDITIONS }, () => gt({ price: 'close' })) };
  const huge = { any: Array.from({ length: 1_000_000 }, () => gt(1)) };

  // [what, call, expected message (exact, or a prefix ending in '…')]
  const STRATEGY_CASES: [string, unknown, string][] = [
    [
      'not an object',
      5,
      'strategy: must be {type: "sma_cross"}, {type: "rsi_mean_reversion"}, {type: "macd_momentum"}, {type: "bollinger_breakout"} or {type: "rules", rules}; got 5',
    ],
    [
      'an array',
      [],
      'strategy: must be {type: "sma_cross"}, {type: "rsi_mean_reversion"}, {type: "macd_momentum"}, {type: "bollinger_breakout"} or {type: "rules", rules}; got []',
    ],
    [
      'no type',
      { params: {} },
      'strategy.type: required; one of "sma_cross", "rsi_mean_reversion", "macd_momentum", "bollinger_breakout", "rules"',
    ],
    [
      'unknown type',
      { type: 'sma' },
      'strategy.type: must be one of "sma_cross", "rsi_mean_reversion", "macd_momentum", "bollinger_breakout", "rules"; got "sma"',
    ],
    ['fast ≥ slow', { type: 'sma_cross', params: { fast: 40 } }, 'strategy.params.fast: must be < slow (30), got 40'],
    ['slow ≤ default fast', { type: 'sma_cross', params: { slow: 5 } }, 'strategy.params.slow: must be > fast (10), got 5'],
    ['typo in a param', { type: 'sma_cross', params: { fsat: 5 } }, 'strategy.params.fsat: unknown field; valid: fast, slow'],
    ['typo at the top', { type: 'sma_cross', param: {} }, 'strategy.param: unknown field; valid: type, params'],
    [
      'number as string',
      { type: 'sma_cross', params: { fast: '10' } },
      'strategy.params.fast: must be a finite number, got "10"',
    ],
    ['fractional period', { type: 'sma_cross', params: { fast: 10.5 } }, 'strategy.params.fast: must be an integer, got 10.5'],
    [
      'period too small',
      { type: 'rsi_mean_reversion', params: { period: 1 } },
      'strategy.params.period: must be 2..100000, got 1',
    ],
    [
      'huge period',
      { type: 'bollinger_breakout', params: { period: 1e300 } },
      'strategy.params.period: must be 2..100000, got 1e+300',
    ],
    ['NaN (JS caller)', { type: 'sma_cross', params: { fast: NaN } }, 'strategy.params.fast: must be a finite number, got NaN'],
    [
      'Infinity (JS caller)',
      { type: 'bollinger_breakout', params: { k: Infinity } },
      'strategy.params.k: must be a finite number, got Infinity',
    ],
    [
      '"NaN" as JSON must spell it',
      JSON.parse('{"type":"bollinger_breakout","params":{"k":"NaN"}}'),
      'strategy.params.k: must be a finite number, got "NaN"',
    ],
    [
      '"Infinity" as a string',
      { type: 'rsi_mean_reversion', params: { upper: 'Infinity' } },
      'strategy.params.upper: must be a finite number, got "Infinity"',
    ],
    ['k = 0', { type: 'bollinger_breakout', params: { k: 0 } }, 'strategy.params.k: must be in (0, 100], got 0'],
    ['lower = 0', { type: 'rsi_mean_reversion', params: { lower: 0 } }, 'strategy.params.lower: must be in (0, 100), got 0'],
    [
      'lower ≥ upper',
      { type: 'rsi_mean_reversion', params: { lower: 80 } },
      'strategy.params.lower: must be < upper (70), got 80',
    ],
    [
      'boolean as string',
      { type: 'macd_momentum', params: { zero_filter: 'yes' } },
      'strategy.params.zero_filter: must be true or false, got "yes"',
    ],
    [
      'macd fast ≥ slow',
      { type: 'macd_momentum', params: { fast: 26, slow: 12 } },
      'strategy.params.fast: must be < slow (12), got 26',
    ],
    ['__proto__ key (JSON)', JSON.parse('{"type":"sma_cross","__proto__":{"polluted":1}}'), 'strategy.__proto__: forbidden key'],
    [
      '__proto__ in a record',
      JSON.parse('{"type":"rules","params":{"__proto__":1},"rules":{"entry_long":{"op":">","left":1,"right":0}}}'),
      'strategy.params.__proto__: forbidden key',
    ],
    ['constructor key', { type: 'sma_cross', params: { constructor: 1 } }, 'strategy.params.constructor: forbidden key'],
    ['non-plain object', { type: 'sma_cross', params: new Map() }, 'strategy.params: must be an object, got {}'],
    ['rules without rules', { type: 'rules' }, 'strategy.rules: required'],
    [
      'rules with only exits',
      { type: 'rules', rules: { exit_long: gt(1) } },
      'strategy.rules: needs entry_long or entry_short (without an entry the strategy never trades)',
    ],
    [
      'unknown rule name',
      { type: 'rules', rules: { entry_lnog: gt(1) } },
      'strategy.rules.entry_lnog: unknown field; valid: entry_long, exit_long, entry_short, exit_short',
    ],
    [
      'unknown function',
      rules({ all: [gt(1), gt(2), gt({ indicator: 'RSX' })] }),
      'strategy.rules.entry_long.all[2].left.indicator: unknown function "RSX"; valid: ACCBANDS, …',
    ],
    [
      'indicator param out of range',
      rules(gt({ indicator: 'RSI', params: { timeperiod: 1 } })),
      'strategy.rules.entry_long.left.params.timeperiod: RSI timeperiod must be 2..100000, got 1',
    ],
    [
      'range via a param ref',
      rules(gt({ indicator: 'RSI', params: { timeperiod: { param: 'p' } } }), { p: 0 }),
      'strategy.rules.entry_long.left.params.timeperiod: RSI timeperiod must be 2..100000, got 0 (from param "p")',
    ],
    [
      'unknown indicator param',
      rules(gt({ indicator: 'RSI', params: { period: 14 } })),
      'strategy.rules.entry_long.left.params.period: RSI has no parameter "period"; valid parameters: timeperiod',
    ],
    [
      'unknown output',
      rules(gt({ indicator: 'MACD', output: 'signal' })),
      'strategy.rules.entry_long.left.output: MACD has no output "signal"; valid: macd, macdsignal, macdhist',
    ],
    [
      'unknown input',
      rules(gt({ indicator: 'SMA', inputs: { price: 'close' } })),
      'strategy.rules.entry_long.left.inputs.price: SMA has no input "price"; valid inputs: real',
    ],
    [
      'bad price field in inputs',
      rules(gt({ indicator: 'SMA', inputs: { real: 'vwap' } })),
      'strategy.rules.entry_long.left.inputs.real: must be one of "open", "high", "low", "close", "volume"; got "vwap"',
    ],
    [
      'unknown param ref',
      rules(gt({ param: 'x' }), { y: 1 }),
      'strategy.rules.entry_long.left.param: unknown param "x"; valid: y',
    ],
    [
      'param ref without params',
      rules(gt(1, { param: 'x' })),
      'strategy.rules.entry_long.right.param: unknown param "x"; valid: (none: the strategy has no params)',
    ],
    ['param that is not a number', rules(gt(1), { x: '5' }), 'strategy.params.x: must be a finite number, got "5"'],
    ['bad param name', rules(gt(1), { 'a-b': 5 }), 'strategy.params.a-b: param names must match [A-Za-z_][A-Za-z0-9_]*'],
    [
      'unknown operator',
      rules({ op: '>=', left: 1, right: 2 }),
      'strategy.rules.entry_long.op: must be one of "crosses_above", "crosses_below", ">", "<", "between", "rising", "falling"; got ">="',
    ],
    [
      'between with right',
      rules({ op: 'between', left: 1, right: 2 }),
      'strategy.rules.entry_long.right: unknown field; valid: op, left, lower, upper',
    ],
    ['between missing upper', rules({ op: 'between', left: 1, lower: 2 }), 'strategy.rules.entry_long.upper: required'],
    [
      'between reversed bounds',
      rules({ op: 'between', left: { price: 'close' }, lower: 50, upper: 40 }),
      'strategy.rules.entry_long.upper: must be ≥ lower (50), got 40',
    ],
    [
      'rising n = 0',
      rules({ op: 'rising', left: { price: 'close' }, n: 0 }),
      'strategy.rules.entry_long.n: must be an integer 1..100000 (rows), got 0',
    ],
    [
      'rising n as a ref',
      rules({ op: 'rising', left: { price: 'close' }, n: { param: 'n' } }, { n: 3 }),
      'strategy.rules.entry_long.n: must be a finite number, got {"param":"n"}',
    ],
    [
      'misspelt operand',
      rules(gt({ indikator: 'RSI' })),
      'strategy.rules.entry_long.left: must be a finite number, {param}, {price} or {indicator}; got {"indikator":"RSI"}',
    ],
    [
      'unknown price',
      rules(gt({ price: 'vwap' })),
      'strategy.rules.entry_long.left.price: must be one of "open", "high", "low", "close", "volume"; got "vwap"',
    ],
    ['empty all', rules({ all: [] }), 'strategy.rules.entry_long.all: must list at least one condition'],
    ['all and any together', rules({ all: [gt(1)], any: [gt(1)] }), 'strategy.rules.entry_long.any: unknown field; valid: all'],
    [
      'condition not an object',
      rules('close > 10'),
      'strategy.rules.entry_long: must be {all}, {any}, {not}, {op, left, right}, {op: "between", left, lower, upper} or {op, left, n}; got "close > 10"',
    ],
    [
      'empty condition',
      rules({}),
      'strategy.rules.entry_long: must be {all}, {any}, {not}, {op, left, right}, {op: "between", left, lower, upper} or {op, left, n}; got {}',
    ],
    [
      'too deep',
      rules(deep),
      `strategy.rules.entry_long${'.not'.repeat(MAX_CONDITION_DEPTH)}: conditions nest deeper than 32 levels`,
    ],
    [
      'hostile depth (200,000 levels)',
      rules(hostile),
      `strategy.rules.entry_long${'.all[0]'.repeat(MAX_CONDITION_DEPTH)}: conditions nest deeper than 32 levels`,
    ],
    ['too many conditions', rules(wide), 'strategy.rules.entry_long.any[255]: more than 256 conditions in one spec'],
    ['a million conditions', rules(huge), 'strategy.rules.entry_long.any[255]: more than 256 conditions in one spec'],
  ];

  for (const [what, x, want] of STRATEGY_CASES) {
    it(`strategy: ${what}`, () => {
      const msg = messageOf(() => validateStrategy(x));
      if (want.endsWith('…')) expect(msg.startsWith(want.slice(0, -1)), msg.slice(0, 200)).toBe(true);
      else expect(msg).toBe(want);
    });
  }

  const CONFIG_CASES: [string, unknown, string][] = [
    ['config not an object', 'sma_cross', 'config: must be an object like {"strategy": {"type": "sma_cross"}}, got "sma_cross"'],
    ['config null', null, 'config: must be an object like {"strategy": {"type": "sma_cross"}}, got null'],
    ['no strategy', {}, 'strategy: required'],
    [
      'strategy errors keep their path',
      { strategy: { type: 'sma_cross', params: { fast: 40 } } },
      'strategy.params.fast: must be < slow (30), got 40',
    ],
    [
      'unknown field',
      cfg({ csah: 5 }),
      'csah: unknown field; valid: strategy, direction, cash, fill, sizing, fractional, fractional_step, commission, slippage_bps, spread, stop_loss, take_profit, trailing_stop, stop_reference, risk, periods_per_year, risk_free, start',
    ],
    ['bad direction', cfg({ direction: 'both' }), 'direction: must be one of "long", "short", "long_short"; got "both"'],
    ['cash 0', cfg({ cash: 0 }), 'cash: must be in (0, 1000000000000000], got 0'],
    ['cash huge', cfg({ cash: 1e300 }), 'cash: must be in (0, 1000000000000000], got 1e+300'],
    ['cash as string', cfg({ cash: '10000' }), 'cash: must be a finite number, got "10000"'],
    ['pct > 1', cfg({ sizing: { mode: 'percent_equity', pct: 1.5 } }), 'sizing.pct: must be in (0, 1], got 1.5'],
    ['pct missing', cfg({ sizing: { mode: 'percent_equity' } }), 'sizing.pct: required'],
    [
      'sizing without mode',
      cfg({ sizing: { pct: 0.5 } }),
      'sizing.mode: required; one of "all_in", "percent_equity", "units", "cash", "volatility_target"',
    ],
    [
      'unknown sizing mode',
      cfg({ sizing: { mode: 'kelly' } }),
      'sizing.mode: must be one of "all_in", "percent_equity", "units", "cash", "volatility_target"; got "kelly"',
    ],
    ['field of another mode', cfg({ sizing: { mode: 'units', pct: 0.5 } }), 'sizing.pct: unknown field; valid: mode, units'],
    ['negative units', cfg({ sizing: { mode: 'units', units: -1 } }), 'sizing.units: must be in (0, 1000000000000000], got -1'],
    [
      'vol window 1',
      cfg({ sizing: { mode: 'volatility_target', target: 0.1, window: 1 } }),
      'sizing.window: must be 2..100000, got 1',
    ],
    ['commission rate 1', cfg({ commission: { rate: 1 } }), 'commission.rate: must be in [0, 1), got 1'],
    ['negative fixed', cfg({ commission: { fixed: -1 } }), 'commission.fixed: must be in [0, 1000000000000000], got -1'],
    ['negative slippage', cfg({ slippage_bps: -5 }), 'slippage_bps: must be in [0, 10000), got -5'],
    [
      'slippage + spread ≥ 1',
      cfg({ slippage_bps: 6000, spread: 0.5 }),
      'spread: slippage_bps/10000 + spread must be < 1, got 1.1',
    ],
    ['stop pct as string', cfg({ stop_loss: { pct: '5%' } }), 'stop_loss.pct: must be a finite number, got "5%"'],
    ['stop with pct and atr', cfg({ stop_loss: { pct: 0.05, atr: 2 } }), 'stop_loss.atr: unknown field; valid: pct'],
    ['stop neither', cfg({ take_profit: {} }), 'take_profit: must be {pct}, {atr} or null; got {}'],
    ['atr period 0', cfg({ trailing_stop: { atr: 2, atr_period: 0 } }), 'trailing_stop.atr_period: must be 1..100000, got 0'],
    ['stop pct 0', cfg({ stop_loss: { pct: 0 } }), 'stop_loss.pct: must be in (0, 100], got 0'],
    ['bad stop reference', cfg({ stop_reference: 'open' }), 'stop_reference: must be one of "fill", "signal_close"; got "open"'],
    ['position cap > 1', cfg({ risk: { max_position_pct: 2 } }), 'risk.max_position_pct: must be in (0, 1], got 2'],
    ['position cap 0', cfg({ risk: { max_position_pct: 0 } }), 'risk.max_position_pct: must be in (0, 1], got 0'],
    ['drawdown stop 1', cfg({ risk: { max_drawdown_stop: 1 } }), 'risk.max_drawdown_stop: must be in (0, 1), got 1'],
    ['drawdown stop 0', cfg({ risk: { max_drawdown_stop: 0 } }), 'risk.max_drawdown_stop: must be in (0, 1), got 0'],
    ['drawdown stop as string', cfg({ risk: { max_drawdown_stop: '20%' } }), 'risk.max_drawdown_stop: must be a finite number, got "20%"'],
    ['unknown risk field', cfg({ risk: { max_dd: 0.2 } }), 'risk.max_dd: unknown field; valid: max_position_pct, max_drawdown_stop'],
    ['risk as number', cfg({ risk: 0.2 }), 'risk: must be {} or null; got 0.2'],
    ['fractional as number', cfg({ fractional: 1 }), 'fractional: must be true or false, got 1'],
    ['start negative', cfg({ start: -1 }), 'start: must be a row index (an integer ≥ 0) or an ISO date, got -1'],
    [
      'start not a date',
      cfg({ start: '2020-02-30' }),
      'start: must be an ISO date (2020-01-02) or datetime (2020-01-02T09:30), got "2020-02-30"',
    ],
    ['start as object', cfg({ start: { row: 5 } }), 'start: must be a finite number, a string or null, got {"row":5}'],
    ['periods_per_year 0', cfg({ periods_per_year: 0 }), 'periods_per_year: must be in (0, 100000000], got 0'],
    ['__proto__ at the top', JSON.parse('{"strategy":{"type":"sma_cross"},"__proto__":{"cash":1}}'), '__proto__: forbidden key'],
  ];

  for (const [what, x, want] of CONFIG_CASES) {
    it(`config: ${what}`, () => expect(messageOf(() => validateBacktestConfig(x))).toBe(want));
  }

  it('validation never pollutes Object.prototype', () => {
    expect(() => validateBacktestConfig(JSON.parse('{"strategy":{"type":"sma_cross"},"__proto__":{"polluted":true}}'))).toThrow(
      SpecError,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('SpecError carries the path and the rule separately', () => {
    try {
      validateStrategy({ type: 'sma_cross', params: { fast: 40 } });
      expect.fail('no error');
    } catch (e) {
      expect(e).toMatchObject({ name: 'SpecError', path: 'strategy.params.fast', rule: 'must be < slow (30), got 40' });
    }
  });
});

describe('defaults', () => {
  it('STRATEGY_DEFAULTS: sma_cross 10/30, rsi 14/30/70, macd 12/26/9/false, bollinger 20/2', () => {
    expect(STRATEGY_DEFAULTS).toEqual({
      sma_cross: { fast: 10, slow: 30 },
      rsi_mean_reversion: { period: 14, lower: 30, upper: 70 },
      macd_momentum: { fast: 12, slow: 26, signal: 9, zero_filter: false },
      bollinger_breakout: { period: 20, k: 2 },
    });
  });

  it('resolveStrategyDefaults fills every default and keeps given values', () => {
    expect(resolveStrategyDefaults({ type: 'sma_cross', params: { fast: 5 } })).toEqual({
      type: 'sma_cross',
      params: { fast: 5, slow: 30 },
    });
    expect(resolveStrategyDefaults({ type: 'macd_momentum' })).toEqual({
      type: 'macd_momentum',
      params: STRATEGY_DEFAULTS.macd_momentum,
    });
    const r: StrategySpec = {
      type: 'rules',
      rules: { entry_long: { not: { op: '>', left: { indicator: 'macd', params: { fastperiod: { param: 'f' } } }, right: 0 } } },
    };
    expect(resolveStrategyDefaults(r)).toEqual({
      type: 'rules',
      params: {},
      rules: {
        entry_long: {
          not: {
            op: '>',
            left: {
              indicator: 'MACD',
              params: { fastperiod: { param: 'f' }, slowperiod: 26, signalperiod: 9 },
              output: 'macd',
              inputs: { real: 'close' },
            },
            right: 0,
          },
        },
      },
    });
    // Resolved specs stay valid.
    for (const t of ['sma_cross', 'rsi_mean_reversion', 'macd_momentum', 'bollinger_breakout'] as const) {
      expect(() => validateStrategy(resolveStrategyDefaults({ type: t }))).not.toThrow();
    }
  });
});

describe('docs/strategies.md', () => {
  it('every ```json example is a valid strategy spec', () => {
    const md = readFileSync(new URL('../../docs/strategies.md', import.meta.url), 'utf8');
    const blocks = [...md.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as unknown);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const b of blocks) expect(() => validateStrategy(b), JSON.stringify(b).slice(0, 100)).not.toThrow();
    const kinds = blocks.map((b) => (b as { type: string }).type);
    expect(kinds.filter((t) => t === 'rules').length).toBeGreaterThanOrEqual(3);
  });

  it('documents every operator the schema allows', () => {
    const md = readFileSync(new URL('../../docs/strategies.md', import.meta.url), 'utf8');
    const branches = SPEC_SCHEMA.definitions.Condition.anyOf ?? [];
    const ops = branches.flatMap((b) => {
      const op = b.properties?.op;
      return op === undefined ? [] : op.const !== undefined ? [op.const] : (op.enum ?? []);
    });
    expect(ops.length).toBe(7);
    for (const op of ops) expect(md, `the grammar lists "${String(op)}"`).toContain(`"${String(op)}"`);
  });
});
