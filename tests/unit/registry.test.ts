import { describe, it, expect, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import { loadKernelsNode } from '../../src/kernels/node';
import type { Kernels } from '../../src/kernels/index';
import type { IndicatorDef } from '../../src/engine/indicators/types';
import {
  INDICATORS,
  INDICATOR_NAMES,
  IndicatorError,
  MA_TYPES,
  PRICE_FIELDS,
  buildRegistry,
  getIndicator,
  indicatorMeta,
  resolveIndicator,
} from '../../src/engine/indicators/registry';

const talib = createRequire(import.meta.url)('talib') as {
  explain(name: string): { name: string; group: string; hint: string; optInputs: { name: string; defaultValue: number }[] };
  functions: { name: string; group: string }[];
};

// TA-Lib functions the registry does not implement, each with the reason (none: all of TA-Lib 0.6's functions are
// registered). The registry must be exactly TA-Lib's list minus these: dropping any function fails this test.
const NOT_IMPLEMENTED: string[] = [];

const GROUPS = [
  'Cycle Indicators',
  'Math Operators',
  'Math Transform',
  'Momentum Indicators',
  'Overlap Studies',
  'Pattern Recognition',
  'Price Transform',
  'Statistic Functions',
  'Volatility Indicators',
  'Volume Indicators',
];

const fail = (req: Parameters<typeof resolveIndicator>[0]) => () => resolveIndicator(req);

describe('registry shape', () => {
  it('holds exactly TA-Lib’s functions minus the listed unimplemented ones, sorted names, keyed by name', () => {
    const talibNames = talib.functions.map((f) => f.name);
    expect(talibNames.length).toBeGreaterThan(150); // the oracle really is TA-Lib's whole list
    for (const n of NOT_IMPLEMENTED) expect(talibNames, `${n} is not a TA-Lib function`).toContain(n);
    const want = talibNames.filter((n) => !NOT_IMPLEMENTED.includes(n)).sort();
    expect(INDICATOR_NAMES).toEqual(want);
    expect(INDICATORS.size).toBe(want.length);
    for (const [k, d] of INDICATORS) expect(d.name).toBe(k);
  });

  it.each(['SMA', 'EMA'])('%s metadata matches TA-Lib (group, description, default)', (name) => {
    const d = getIndicator(name);
    const ta = talib.explain(name);
    expect(d.group).toBe(ta.group);
    expect(d.description).toBe(ta.hint);
    expect(d.inputs).toEqual({ real: 'close' });
    expect(d.params).toEqual([
      { name: 'timeperiod', default: ta.optInputs[0].defaultValue, min: 2, max: 100000, type: 'integer' },
    ]);
    expect(d.outputs).toEqual([{ name: 'real', kind: 'real' }]);
  });

  it('every definition is well formed', () => {
    for (const d of INDICATORS.values()) {
      expect(GROUPS).toContain(d.group);
      expect(d.description.length).toBeGreaterThan(0);
      expect(d.description).not.toContain('\n');
      for (const v of Object.values(d.inputs).flat()) expect(PRICE_FIELDS).toContain(v);
      for (const p of d.params) {
        expect(['integer', 'real', 'matype']).toContain(p.type);
        expect(p.min <= p.default && p.default <= p.max).toBe(true);
      }
      for (const o of d.outputs) expect(['real', 'integer']).toContain(o.kind);
      expect(typeof d.lookback).toBe('function');
      expect(typeof d.compute).toBe('function');
    }
  });

  it('indicatorMeta is plain data that survives structured cloning', () => {
    const m = indicatorMeta(getIndicator('SMA'));
    expect(structuredClone(m)).toEqual(m);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    expect(MA_TYPES).toHaveLength(9);
  });
});

describe('lookbacks', () => {
  let k: Kernels;
  beforeAll(async () => {
    k = await loadKernelsNode();
  });

  it.each([
    ['SMA', undefined, 29],
    ['EMA', undefined, 29],
    ['SMA', 2, 1],
    ['EMA', 10, 9],
    ['SMA', 100000, 99999],
  ] as const)('%s timeperiod %s → lookback %i', (fn, tp, want) => {
    const r = resolveIndicator({ fn, params: tp === undefined ? undefined : { timeperiod: tp } });
    expect(r.lookback).toBe(want);
    expect(r.params).toEqual({ timeperiod: tp ?? 30 });
  });

  it('equals the kernels’ own lookback exports over the whole valid range sample', () => {
    for (const tp of [2, 3, 7, 30, 500, 99999]) {
      expect(getIndicator('SMA').lookback({ timeperiod: tp })).toBe(k.exports.smaLookback(tp));
      expect(getIndicator('EMA').lookback({ timeperiod: tp })).toBe(k.exports.emaLookback(tp));
    }
  });
});

describe('validation messages', () => {
  it('unknown function lists valid names', () => {
    const all = INDICATOR_NAMES.join(', ');
    expect(INDICATOR_NAMES).toEqual(expect.arrayContaining(['ADX', 'BBANDS', 'CDLDOJI', 'EMA', 'MACD', 'SMA', 'WMA']));
    expect(fail({ fn: 'FOO' })).toThrow(new IndicatorError(`Unknown function "FOO"; valid functions: ${all}`));
    expect(fail({ fn: 42 })).toThrow('fn must be a function name like "SMA", got 42');
    expect(fail({ fn: '' })).toThrow('fn must be a function name like "SMA", got ""');
  });

  it('function names are case-insensitive, as in TA-Lib’s abstract API', () => {
    expect(resolveIndicator({ fn: 'sma' }).def.name).toBe('SMA');
    expect(resolveIndicator({ fn: ' Ema ' }).def.name).toBe('EMA');
  });

  it('out-of-range values', () => {
    expect(fail({ fn: 'SMA', params: { timeperiod: 1 } })).toThrow('SMA timeperiod must be 2..100000, got 1');
    expect(fail({ fn: 'EMA', params: { timeperiod: 100001 } })).toThrow('EMA timeperiod must be 2..100000, got 100001');
    expect(fail({ fn: 'SMA', params: { timeperiod: -Infinity } })).toThrow('SMA timeperiod must be an integer, got -Infinity');
  });

  it('non-integer and non-number values', () => {
    expect(fail({ fn: 'SMA', params: { timeperiod: 2.5 } })).toThrow('SMA timeperiod must be an integer, got 2.5');
    expect(fail({ fn: 'SMA', params: { timeperiod: '30' } })).toThrow('SMA timeperiod must be a number, got "30"');
    expect(fail({ fn: 'SMA', params: { timeperiod: NaN } })).toThrow('SMA timeperiod must be a number, got NaN');
    expect(fail({ fn: 'SMA', params: { timeperiod: null } })).toThrow('SMA timeperiod must be a number, got null');
  });

  it('unknown parameter lists the function’s parameters', () => {
    expect(fail({ fn: 'SMA', params: { period: 5 } })).toThrow('SMA has no parameter "period"; valid parameters: timeperiod');
    expect(fail({ fn: 'SMA', params: [5] })).toThrow('SMA params must be an object like {"timeperiod":30}, got [5]');
  });

  it('unknown input name and unknown price field', () => {
    expect(fail({ fn: 'SMA', inputs: { price: 'close' } })).toThrow('SMA has no input "price"; valid inputs: real');
    expect(fail({ fn: 'EMA', inputs: { real: 'adjclose' } })).toThrow(
      'EMA input real: unknown price field "adjclose"; valid price fields: open, high, low, close, volume',
    );
    expect(fail({ fn: 'EMA', inputs: { real: 1 } })).toThrow(
      'EMA input real must be a price field name (open, high, low, close, volume), got 1',
    );
    expect(fail({ fn: 'EMA', inputs: 'close' })).toThrow('EMA inputs must be an object like {"real":"close"}, got "close"');
  });

  it('input mapping picks the series; defaults apply when omitted', () => {
    expect(resolveIndicator({ fn: 'SMA' }).fields).toEqual(['close']);
    expect(resolveIndicator({ fn: 'SMA', inputs: { real: 'volume' } }).fields).toEqual(['volume']);
    expect(resolveIndicator({ fn: 'SMA', params: {}, inputs: {} }).params).toEqual({ timeperiod: 30 });
  });
});

// Shapes the registry must accept as it grows to all of TA-Lib: price inputs, real and matype parameters,
// integer outputs. compute is never called here.
const ATR_LIKE: IndicatorDef = {
  name: 'ATR',
  group: 'Volatility Indicators',
  description: 'Average True Range',
  inputs: { prices: ['high', 'low', 'close'] },
  params: [{ name: 'timeperiod', default: 14, min: 1, max: 100000, type: 'integer' }],
  outputs: [{ name: 'real', kind: 'real' }],
  lookback: (p) => p.timeperiod,
  compute: () => undefined,
};
const BBANDS_LIKE: IndicatorDef = {
  name: 'BBANDS',
  group: 'Overlap Studies',
  description: 'Bollinger Bands',
  inputs: { real: 'close' },
  params: [
    { name: 'timeperiod', default: 5, min: 2, max: 100000, type: 'integer' },
    { name: 'nbdevup', default: 2, min: -3e37, max: 3e37, type: 'real' },
    { name: 'matype', default: 0, min: 0, max: 8, type: 'matype' },
  ],
  outputs: [
    { name: 'upperband', kind: 'real' },
    { name: 'middleband', kind: 'real' },
    { name: 'lowerband', kind: 'real' },
  ],
  lookback: (p) => p.timeperiod - 1,
  compute: () => undefined,
};
const MINMAXINDEX_LIKE: IndicatorDef = {
  ...ATR_LIKE,
  name: 'MINMAXINDEX',
  group: 'Math Operators',
  inputs: { real: 'close' },
  outputs: [
    { name: 'minidx', kind: 'integer' },
    { name: 'maxidx', kind: 'integer' },
  ],
};

describe('registry growth shapes (price inputs, real and matype params)', () => {
  const reg = buildRegistry([ATR_LIKE, BBANDS_LIKE, MINMAXINDEX_LIKE]);
  const bad = (req: Parameters<typeof resolveIndicator>[0]) => () => resolveIndicator(req, reg);

  it('price inputs flatten in C order and can be remapped as a list', () => {
    expect(resolveIndicator({ fn: 'ATR' }, reg).fields).toEqual(['high', 'low', 'close']);
    expect(resolveIndicator({ fn: 'ATR', inputs: { prices: ['open', 'open', 'close'] } }, reg).fields).toEqual([
      'open',
      'open',
      'close',
    ]);
    expect(bad({ fn: 'ATR', inputs: { prices: 'close' } })).toThrow(
      'ATR input prices must be a list of 3 price fields like ["high","low","close"], got "close"',
    );
    expect(bad({ fn: 'ATR', inputs: { prices: ['high', 'low', 'adj'] } })).toThrow(
      'ATR input prices[2]: unknown price field "adj"; valid price fields: open, high, low, close, volume',
    );
  });

  it('real parameters accept fractions; matype lists the MA codes', () => {
    expect(resolveIndicator({ fn: 'BBANDS', params: { nbdevup: 1.5 } }, reg).params).toEqual({
      timeperiod: 5,
      nbdevup: 1.5,
      matype: 0,
    });
    expect(bad({ fn: 'BBANDS', params: { nbdevup: 4e37 } })).toThrow('BBANDS nbdevup must be -3e+37..3e+37, got 4e+37');
    expect(bad({ fn: 'BBANDS', params: { matype: 9 } })).toThrow(
      'BBANDS matype must be 0..8 (0=SMA, 1=EMA, 2=WMA, 3=DEMA, 4=TEMA, 5=TRIMA, 6=KAMA, 7=MAMA, 8=T3), got 9',
    );
    expect(bad({ fn: 'BBANDS', params: { matype: 1.5 } })).toThrow('BBANDS matype must be an integer, got 1.5');
    expect(bad({ fn: 'BBANDS', params: { nbdev: 2 } })).toThrow(
      'BBANDS has no parameter "nbdev"; valid parameters: timeperiod, nbdevup, matype',
    );
    expect(bad({ fn: 'SMA' })).toThrow('Unknown function "SMA"; valid functions: ATR, BBANDS, MINMAXINDEX');
  });

  it('integer outputs are declared as such', () => {
    expect(getIndicator('minmaxindex', reg).outputs.map((o) => o.kind)).toEqual(['integer', 'integer']);
  });

  it('malformed definitions are rejected when the registry is built', () => {
    expect(() => buildRegistry([ATR_LIKE, ATR_LIKE])).toThrow('indicator registry: ATR is defined twice');
    expect(() => buildRegistry([{ ...ATR_LIKE, name: 'atr' }])).toThrow('name must be TA-Lib upper case');
    expect(() => buildRegistry([{ ...ATR_LIKE, inputs: { real: 'adj' as never } }])).toThrow('unknown default price field adj');
    expect(() =>
      buildRegistry([{ ...ATR_LIKE, params: [{ name: 'timeperiod', default: 0, min: 1, max: 9, type: 'integer' }] }]),
    ).toThrow('parameter timeperiod: default 0 outside 1..9');
    expect(() => buildRegistry([{ ...ATR_LIKE, outputs: [] }])).toThrow('needs inputs and outputs');
  });
});
