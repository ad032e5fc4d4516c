// The committed JSON Schema (src/engine/spec/schema.generated.json) must equal what scripts/build-schema.ts generates
// from src/shared/backtest.ts now (regenerate: `npx tsx scripts/build-schema.ts`); it must use only keywords the
// validator's interpreter implements; field doc comments must reach `description`; and the built-in strategies'
// parameter table (src/engine/spec/defaults.ts) must agree with the types' fields and their documented defaults.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SCHEMA_PATH, generateSchema } from '../../scripts/build-schema';
import { SUPPORTED_KEYWORDS, type SchemaNode } from '../../src/engine/spec/schema-check';
import { STRATEGY_PARAMS } from '../../src/engine/spec/defaults';
import { SPEC_SCHEMA } from '../../src/engine/spec/validate';

const committed = JSON.parse(readFileSync(new URL(`../../${SCHEMA_PATH}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const defs = SPEC_SCHEMA.definitions;

/** Every keyword used anywhere in a schema (property names under `properties`/`definitions` are not keywords). */
function keywords(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => keywords(n, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      out.add(k);
      if (k === 'properties' || k === 'definitions') Object.values(v as object).forEach((n) => keywords(n, out));
      else if (k !== 'enum' && k !== 'const' && k !== 'required') keywords(v, out);
    }
  }
  return out;
}

describe('schema.generated.json', () => {
  it('equals the schema generated from src/shared/backtest.ts now (no drift)', () => {
    expect(committed, `stale: run \`npx tsx scripts/build-schema.ts\``).toEqual(generateSchema());
  }, 30_000);

  it('is the module the validator uses, rooted at BacktestConfig, with StrategySpec among its definitions', () => {
    expect(SPEC_SCHEMA).toEqual(committed);
    expect(committed.$ref).toBe('#/definitions/BacktestConfig');
    for (const name of ['BacktestConfig', 'StrategySpec', 'Condition', 'Operand', 'Sizing', 'StopSpec'])
      expect(defs[name], name).toBeDefined();
  });

  it('uses only keywords the validator implements', () => {
    const unsupported = [...keywords(committed)].filter((k) => !SUPPORTED_KEYWORDS.includes(k));
    expect(unsupported).toEqual([]);
  });

  it('carries the fields’ doc comments as descriptions', () => {
    const params = (type: string) => defs[type].properties!.params.properties!;
    expect(params('SmaCrossSpec').fast.description).toBe('Fast SMA period, 2..100000, < slow. Default 10.');
    expect(defs.BacktestConfig.properties!.cash.description).toBe('Starting cash, > 0. Default 10000.');
    expect(defs.IndicatorOperand.properties!.output.description).toMatch(/first output/);
    expect(defs.StrategySpec.description).toMatch(/declarative JSON spec/);
  });

  it('agrees with the built-in parameter table: same fields, kinds, and the documented default', () => {
    const specName: Record<string, string> = {
      sma_cross: 'SmaCrossSpec',
      rsi_mean_reversion: 'RsiMeanReversionSpec',
      macd_momentum: 'MacdMomentumSpec',
      bollinger_breakout: 'BollingerBreakoutSpec',
    };
    for (const [type, table] of Object.entries(STRATEGY_PARAMS)) {
      const props = defs[specName[type]].properties!.params.properties as Record<string, SchemaNode>;
      expect(Object.keys(props), type).toEqual(table.map((p) => p.name));
      for (const p of table) {
        expect(props[p.name].type, `${type}.${p.name}`).toBe(p.kind === 'boolean' ? 'boolean' : 'number');
        expect(props[p.name].description, `${type}.${p.name}`).toContain(`Default ${String(p.default)}.`);
        if (p.kind === 'integer') expect(props[p.name].description).toContain(`${p.min}..${p.max}`);
      }
    }
  });
});
