// Pure data of the backtest panel: the form → BacktestConfig conversion (and its agreement with the engine's
// strategy parameter table), metric definitions and formatting, trade-table sorting, signal rows, trade markers.
// No DOM, no clock.
import { describe, expect, it } from 'vitest';
import {
  SIGNAL_ENTRY_LONG,
  SIGNAL_ENTRY_SHORT,
  SIGNAL_EXIT_LONG,
  SIGNAL_EXIT_SHORT,
  type Trade,
} from '../../src/shared/backtest';
import { createEngine } from '../../src/engine/index';
import { METRIC_NAMES } from '../../src/engine/metrics/index';
import { TRADE_METRIC_NAMES } from '../../src/engine/metrics/trades';
import { loadKernelsNode } from '../../src/kernels/node';
import { STRATEGY_PARAMS } from '../../src/engine/spec/defaults';
import {
  buildConfig,
  defaultParamInputs,
  defaultTradingInputs,
  SIZING_MODES,
  specLabel,
  STRATEGY_FORMS,
  FORM_TYPES,
  strategyForm,
} from '../../src/ui/state/backtest-config';
import {
  formatMetric,
  METRIC_INFO,
  metricDataValue,
  metricInfo,
  metricOrder,
  UNKNOWN_METRIC_DEFINITION,
} from '../../src/ui/components/backtest/metric-info';
import { nextSort, sortTrades, TRADE_COLUMNS } from '../../src/ui/components/backtest/trade-table';
import { flagNames, signalRows, signalType } from '../../src/ui/components/backtest/signal-rows';
import { tradeMarkerSeries } from '../../src/ui/charts/data/trade-markers';

describe('strategy form', () => {
  it('offers exactly the engine’s built-in strategies with its defaults, kinds and bounds (STRATEGY_PARAMS)', () => {
    expect(STRATEGY_FORMS.map((f) => f.type).sort()).toEqual(Object.keys(STRATEGY_PARAMS).sort());
    for (const form of STRATEGY_FORMS) {
      const engine = STRATEGY_PARAMS[form.type as keyof typeof STRATEGY_PARAMS];
      expect(form.fields.map((f) => f.name)).toEqual(engine.map((p) => p.name));
      form.fields.forEach((f, i) => {
        const p = engine[i];
        expect({ type: form.type, name: f.name, kind: f.kind, default: f.default, min: f.min, max: f.max }).toEqual({
          type: form.type,
          name: p.name,
          kind: p.kind,
          default: p.default,
          min: p.min,
          max: p.max,
        });
      });
    }
  });

  it('builds the default config: spec with every default, the engine’s trading defaults', () => {
    const r = buildConfig('sma_cross', defaultParamInputs('sma_cross'), defaultTradingInputs());
    expect(r).toEqual({
      ok: true,
      config: {
        strategy: { type: 'sma_cross', params: { fast: 10, slow: 30 } },
        direction: 'long',
        cash: 10000,
        fill: 'next_open',
        sizing: { mode: 'all_in' },
        fractional: false,
        commission: { rate: 0, fixed: 0 },
        slippage_bps: 0,
        spread: 0,
        stop_loss: null,
        take_profit: null,
        trailing_stop: null,
      },
    });
  });

  it('converts percent fields to fractions, keeps booleans, and sizes by mode', () => {
    const t = {
      ...defaultTradingInputs(),
      direction: 'long_short' as const,
      sizingMode: 'percent_equity' as const,
      sizingValue: '50',
      commissionRate: '0.1',
      spread: '0.05',
      stopLoss: '5',
      takeProfit: ' 12.5 ',
      trailingStop: '',
    };
    const params = { ...defaultParamInputs('macd_momentum'), zero_filter: true, signal: '7' };
    const r = buildConfig('macd_momentum', params, t);
    if (!r.ok) throw new Error(r.error);
    expect(r.config.strategy).toEqual({ type: 'macd_momentum', params: { fast: 12, slow: 26, signal: 7, zero_filter: true } });
    expect(r.config.sizing).toEqual({ mode: 'percent_equity', pct: 0.5 });
    expect(r.config.commission).toEqual({ rate: 0.001, fixed: 0 });
    expect(r.config.spread).toBe(0.0005);
    expect(r.config.stop_loss).toEqual({ pct: 0.05 });
    expect(r.config.take_profit).toEqual({ pct: 0.125 });
    expect(r.config.trailing_stop).toBeNull();
    for (const [mode, value, sizing] of [
      ['units', '100', { mode: 'units', units: 100 }],
      ['cash', '2500', { mode: 'cash', amount: 2500 }],
      ['volatility_target', '15', { mode: 'volatility_target', target: 0.15 }],
    ] as const) {
      const b = buildConfig('sma_cross', defaultParamInputs('sma_cross'), {
        ...defaultTradingInputs(),
        sizingMode: mode,
        sizingValue: value,
      });
      expect(b.ok && b.config.sizing).toEqual(sizing);
    }
  });

  it('names the field path of a value that is not a number (range rules are left to the engine)', () => {
    const bad = buildConfig('sma_cross', { fast: 'abc', slow: '30' }, defaultTradingInputs());
    expect(bad).toEqual({
      ok: false,
      field: 'strategy.params.fast',
      error: 'strategy.params.fast (Fast period): enter a number, got "abc"',
    });
    const empty = buildConfig('sma_cross', defaultParamInputs('sma_cross'), { ...defaultTradingInputs(), cash: '' });
    expect(empty.ok === false && empty.field).toBe('cash');
    const sizing = buildConfig('sma_cross', defaultParamInputs('sma_cross'), {
      ...defaultTradingInputs(),
      sizingMode: 'units',
      sizingValue: 'x',
    });
    expect(sizing.ok === false && sizing.field).toBe('sizing.units');
    const stop = buildConfig('sma_cross', defaultParamInputs('sma_cross'), { ...defaultTradingInputs(), stopLoss: '1e999' });
    expect(stop.ok === false && stop.field).toBe('stop_loss.pct');
    // fast ≥ slow is a number, so it passes here and the engine rejects it
    expect(buildConfig('sma_cross', { fast: '40', slow: '30' }, defaultTradingInputs()).ok).toBe(true);
  });

  it('builds configs the engine accepts for every strategy, sizing mode and cost setting', async () => {
    const engine = createEngine(await loadKernelsNode());
    const bars = engine.demoBars('DEMO:ACME', '1d');
    for (const form of FORM_TYPES) {
      const built = buildConfig(form.type, defaultParamInputs(form.type), defaultTradingInputs());
      if (!built.ok) throw new Error(built.error);
      expect(engine.backtest(built.config, bars).equity.length, form.type).toBe(bars.close.length);
    }
    // The rules editor: its example runs and trades; bad JSON or a bad rule is reported by path.
    const rules = buildConfig('rules', defaultParamInputs('rules'), defaultTradingInputs());
    expect(rules.ok && rules.config.strategy.type).toBe('rules');
    if (rules.ok) expect(engine.backtest(rules.config, bars).trades.length).toBeGreaterThan(0);
    const badJson = buildConfig('rules', { rules: '{"rules": ' }, defaultTradingInputs());
    expect(badJson.ok === false && badJson.field).toBe('strategy');
    const notObject = buildConfig('rules', { rules: '[1]' }, defaultTradingInputs());
    expect(notObject.ok === false && notObject.error).toMatch(/must be an object/);
    const badRule = buildConfig('rules', { rules: '{"rules":{"entry_long":{"op":">","left":{"indicator":"RSX"},"right":1}}}' }, defaultTradingInputs());
    expect(badRule.ok).toBe(true);
    if (badRule.ok) expect(() => engine.backtest(badRule.config, bars)).toThrow(/strategy\.rules\.entry_long\.left\.indicator/);
    for (const m of SIZING_MODES) {
      const t = {
        ...defaultTradingInputs(),
        direction: 'long_short' as const,
        sizingMode: m.mode,
        sizingValue: m.default,
        fractional: true,
      };
      const costs = {
        commissionRate: '0.1',
        commissionFixed: '1',
        slippageBps: '5',
        spread: '0.02',
        stopLoss: '8',
        takeProfit: '20',
        trailingStop: '10',
      };
      const built = buildConfig('sma_cross', defaultParamInputs('sma_cross'), { ...t, ...costs });
      if (!built.ok) throw new Error(built.error);
      expect(engine.backtest(built.config, bars).trades.length, m.mode).toBeGreaterThan(0);
    }
    // fast ≥ slow passes the form and is rejected by the engine with a message naming the field
    const bad = buildConfig('sma_cross', { fast: '40', slow: '30' }, defaultTradingInputs());
    if (!bad.ok) throw new Error(bad.error);
    expect(() => engine.backtest(bad.config, bars)).toThrow(/strategy\.params\.fast/);
  });

  it('labels runs from their specs and rejects unknown types', () => {
    expect(specLabel({ type: 'sma_cross', params: { fast: 10, slow: 30 } })).toBe('SMA(10,30)');
    expect(specLabel({ type: 'macd_momentum', params: { fast: 12, slow: 26, signal: 9, zero_filter: true } })).toBe(
      'MACD(12,26,9,zero)',
    );
    expect(specLabel({ type: 'macd_momentum', params: { fast: 12, slow: 26, signal: 9, zero_filter: false } })).toBe(
      'MACD(12,26,9)',
    );
    expect(specLabel({ type: 'bollinger_breakout' })).toBe('BB');
    expect(specLabel({ type: 'rules', rules: {} })).toBe('Rules');
    expect(() => strategyForm('nope' as never)).toThrow(/strategy type must be one of sma_cross, .*got "nope"/);
  });
});

describe('metric definitions and formatting', () => {
  it('defines every stat of a real engine backtest (docs/metrics.md, docs/semantics.md § 8, backtest totals)', async () => {
    const engine = createEngine(await loadKernelsNode());
    const bars = engine.demoBars('DEMO:ACME', '1d');
    const built = buildConfig('sma_cross', defaultParamInputs('sma_cross'), defaultTradingInputs());
    if (!built.ok) throw new Error(built.error);
    const stats = engine.backtest(built.config, bars).stats;
    const names = [...METRIC_NAMES, ...TRADE_METRIC_NAMES, 'final_equity', 'buy_hold_return'];
    expect(Object.keys(stats).sort()).toEqual([...names].sort());
    expect(Object.keys(METRIC_INFO).sort()).toEqual([...names].sort());
    for (const name of names) expect(METRIC_INFO[name].definition.length, name).toBeGreaterThan(20);
    // the card order starts with the headline numbers and lists every stat once
    expect(metricOrder(stats).slice(0, 5)).toEqual([
      'total_return',
      'cum_returns_final',
      'annual_return',
      'annual_volatility',
      'sharpe_ratio',
    ]);
    expect(new Set(metricOrder(stats)).size).toBe(names.length);
  });

  it('falls back to a generic definition for a key it does not know', () => {
    expect(metricInfo('turnover_ratio')).toEqual({ label: 'Turnover ratio', kind: 'ratio', definition: UNKNOWN_METRIC_DEFINITION });
  });

  it('orders cards known-first, then alphabetically', () => {
    expect(metricOrder({ zeta: 1, sharpe_ratio: 2, alpha_x: 3, total_return: 4, trades: 5 })).toEqual([
      'total_return',
      'sharpe_ratio',
      'trades',
      'alpha_x',
      'zeta',
    ]);
  });

  it('keeps full precision in data-value and formats by kind', () => {
    expect(metricDataValue(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(metricDataValue(NaN)).toBe('NaN');
    expect(metricDataValue(Infinity)).toBe('Infinity');
    expect(metricDataValue(-Infinity)).toBe('-Infinity');
    expect(Number(metricDataValue(1.2345678901234567))).toBe(1.2345678901234567);
    expect(formatMetric(0.123456, 'percent')).toBe('12.35%');
    expect(formatMetric(-0.00001, 'percent')).toBe('0.00%');
    expect(formatMetric(-0.25, 'percent')).toBe('-25.00%');
    expect(formatMetric(1.23456, 'ratio')).toBe('1.23');
    expect(formatMetric(0.012345, 'ratio')).toBe('0.0123');
    expect(formatMetric(0, 'ratio')).toBe('0.00');
    expect(formatMetric(-0.001, 'ratio')).toBe('-0.001');
    expect(formatMetric(12345678, 'ratio')).toBe('1.23e+7');
    expect(formatMetric(42, 'count')).toBe('42');
    expect(formatMetric(17, 'periods')).toBe('17');
    expect(formatMetric(1234567.891, 'currency')).toBe('1,234,567.89');
    expect(formatMetric(-8198.94, 'currency')).toBe('-8,198.94');
    expect(formatMetric(950, 'currency')).toBe('950.00');
    expect(formatMetric(NaN, 'ratio')).toBe('n/a');
    expect(formatMetric(Infinity, 'ratio')).toBe('∞');
    expect(formatMetric(-Infinity, 'percent')).toBe('−∞');
  });
});

const trade = (over: Partial<Trade>): Trade => ({
  entry_index: 0,
  exit_index: 1,
  entry_time: 0,
  exit_time: 86_400_000,
  direction: 'long',
  size: 1,
  entry_price: 10,
  exit_price: 11,
  pnl: 1,
  return_pct: 0.1,
  commission: 0,
  exit_reason: 'signal',
  mae: 0,
  mfe: 0.1,
  bars_held: 1,
  ...over,
});

describe('trade table', () => {
  it('has one column per Trade field', () => {
    expect(TRADE_COLUMNS.map((c) => c.key).sort()).toEqual(Object.keys(trade({})).sort());
    const t = trade({ entry_time: Date.UTC(2024, 0, 2), return_pct: -0.0123, exit_reason: 'take_profit', size: 2.5 });
    const cell = (k: keyof Trade) => TRADE_COLUMNS.find((c) => c.key === k)!.format(t, '1d');
    expect(cell('entry_time')).toBe('2024-01-02');
    expect(cell('return_pct')).toBe('-1.23%');
    expect(cell('exit_reason')).toBe('take profit');
    expect(cell('size')).toBe('2.5');
  });

  it('sorts numbers both ways with NaN last, strings by code unit, and is stable', () => {
    const ts = [
      trade({ entry_index: 0, pnl: 5, direction: 'short' }),
      trade({ entry_index: 1, pnl: NaN, direction: 'long' }),
      trade({ entry_index: 2, pnl: -3, direction: 'short' }),
      trade({ entry_index: 3, pnl: 5, direction: 'long' }),
    ];
    const ids = (a: Trade[]) => a.map((t) => t.entry_index);
    expect(ids(sortTrades(ts, 'pnl', 'asc'))).toEqual([2, 0, 3, 1]);
    expect(ids(sortTrades(ts, 'pnl', 'desc'))).toEqual([0, 3, 2, 1]);
    expect(ids(sortTrades(ts, 'direction', 'asc'))).toEqual([1, 3, 0, 2]);
    expect(ids(sortTrades(ts, 'direction', 'desc'))).toEqual([0, 2, 1, 3]);
    expect(ids(ts)).toEqual([0, 1, 2, 3]); // input untouched
  });

  it('flips direction on the same column and starts ascending on a new one', () => {
    expect(nextSort({ key: 'pnl', dir: 'asc' }, 'pnl')).toEqual({ key: 'pnl', dir: 'desc' });
    expect(nextSort({ key: 'pnl', dir: 'desc' }, 'pnl')).toEqual({ key: 'pnl', dir: 'asc' });
    expect(nextSort({ key: 'pnl', dir: 'desc' }, 'mae')).toEqual({ key: 'mae', dir: 'asc' });
  });
});

describe('signal rows', () => {
  it('classifies every flag combination: BUY = entry_long|exit_short, SELL = exit_long|entry_short, both/none HOLD', () => {
    for (let f = 0; f < 16; f++) {
      const buy = (f & SIGNAL_ENTRY_LONG) !== 0 || (f & SIGNAL_EXIT_SHORT) !== 0;
      const sell = (f & SIGNAL_EXIT_LONG) !== 0 || (f & SIGNAL_ENTRY_SHORT) !== 0;
      expect(signalType(f), `flags ${f}`).toBe(buy && !sell ? 'BUY' : sell && !buy ? 'SELL' : 'HOLD');
    }
    expect(flagNames(SIGNAL_ENTRY_LONG | SIGNAL_EXIT_SHORT)).toEqual(['entry_long', 'exit_short']);
  });

  it('lists the BUY/SELL rows with time, strength and close, skipping HOLD', () => {
    const flags = Uint8Array.from([
      0,
      SIGNAL_ENTRY_LONG,
      0,
      SIGNAL_EXIT_LONG | SIGNAL_ENTRY_SHORT,
      SIGNAL_ENTRY_LONG | SIGNAL_EXIT_LONG,
      SIGNAL_EXIT_SHORT,
    ]);
    const strength = Float64Array.from([0, 80, 0, 55, 10, 100]);
    const ts = [100, 200, 300, 400, 500, 600];
    const close = [1, 2, 3, 4, 5, 6];
    expect(signalRows({ flags, strength }, ts, close)).toEqual([
      { index: 1, ts: 200, type: 'BUY', strength: 80, price: 2, flags: ['entry_long'] },
      { index: 3, ts: 400, type: 'SELL', strength: 55, price: 4, flags: ['exit_long', 'entry_short'] },
      { index: 5, ts: 600, type: 'BUY', strength: 100, price: 6, flags: ['exit_short'] },
    ]);
  });
});

describe('trade markers', () => {
  it('puts ▲ (+100) at entry rows and ▼ (−100) at exit rows, in separate series for same-bar reversals', () => {
    const { entries, exits } = tradeMarkerSeries(
      [
        { entry_index: 1, exit_index: 3 },
        { entry_index: 3, exit_index: 5 },
        { entry_index: 6, exit_index: 9 }, // exit beyond the bars is dropped
      ],
      7,
    );
    expect(Array.from(entries)).toEqual([0, 100, 0, 100, 0, 0, 100]);
    expect(Array.from(exits)).toEqual([0, 0, 0, -100, 0, -100, 0]);
  });
});
