// Every registered function's metadata against TA-Lib's own abstract API (`talib.explain`): group, description,
// inputs, parameters, outputs, and the lookback formula against the first valid index TA-Lib reports.
import { describe, it, expect } from 'vitest';
import { INDICATOR_NAMES, getIndicator } from '../../../src/engine/indicators/registry';
import type { IndicatorParamMeta } from '../../../src/shared/engine-api';
import type { PriceField } from '../../../src/shared/types';
import { pyInput, pyOutput, pyParam, randomOhlcv, runTalib, talib } from './harness';

// TA-Lib's optional-input types → ours: integer_list is only ever a TA_MAType code (checked below).
const PARAM_TYPE: Record<string, IndicatorParamMeta['type']> = {
  integer_range: 'integer',
  real_range: 'real',
  integer_list: 'matype',
};

describe.each(INDICATOR_NAMES)('%s metadata equals talib.explain', (name) => {
  const def = getIndicator(name);
  const ex = talib.explain(name);

  it('name, group and description (TA-Lib’s hint)', () => {
    expect(ex.name).toBe(name);
    expect(def.group).toBe(ex.group);
    // TA-Lib's table has a stray trailing space in one hint (CDL3LINESTRIKE "Three-Line Strike "); descriptions
    // are single trimmed lines, so they equal the hint without surrounding whitespace.
    expect(def.description).toBe(ex.hint.trim());
    expect(def.description).toBe(def.description.trim());
  });

  it('inputs: same names in C order; price inputs list the same fields', () => {
    expect(Object.keys(def.inputs)).toEqual(ex.inputs.map(pyInput));
    for (const inp of ex.inputs) {
      const ours = def.inputs[pyInput(inp)];
      if (inp.type === 'price') expect(ours, inp.name).toEqual(Object.values(inp.flags ?? {}));
      else expect(typeof ours, inp.name).toBe('string');
    }
  });

  it('params: same names in order, same defaults, matching types', () => {
    expect(def.params.map((p) => p.name)).toEqual(ex.optInputs.map((o) => pyParam(o.name)));
    expect(def.params.map((p) => p.default)).toEqual(ex.optInputs.map((o) => o.defaultValue));
    expect(def.params.map((p) => p.type)).toEqual(ex.optInputs.map((o) => PARAM_TYPE[o.type]));
    for (const p of def.params.filter((q) => q.type === 'matype')) {
      expect(p.name).toMatch(/matype$/);
      expect({ min: p.min, max: p.max }, p.name).toEqual({ min: 0, max: 8 }); // TA_MAType 0=SMA … 8=T3
    }
  });

  it('outputs: same Python names and kinds in order', () => {
    expect(def.outputs).toEqual(ex.outputs.map((o) => ({ name: pyOutput(o.name), kind: o.type })));
  });
});

describe('lookback(defaults) equals TA-Lib’s begIndex on a 2,000-bar random walk', () => {
  const cols = randomOhlcv(2000, 20261125);

  it.each(INDICATOR_NAMES)('%s', (name) => {
    const def = getIndicator(name);
    const defaults = Object.fromEntries(def.params.map((p) => [p.name, p.default]));
    // Series inputs read the registry's default fields, so both sides see the same data.
    const fields: Record<string, PriceField> = {};
    for (const [k, v] of Object.entries(def.inputs)) if (typeof v === 'string') fields[k] = v;
    const ref = runTalib(name, cols, defaults, fields);
    expect(ref.begIndex).toBeLessThan(2000); // TA-Lib produced values, so begIndex is its real lookback
    expect(def.lookback(defaults)).toBe(ref.begIndex);
  });
});
