import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as Comlink from 'comlink';
import { createEngine, ENGINE_VERSION } from '../../src/engine/index';
import { INDICATOR_NAMES, INDICATORS, indicatorMeta } from '../../src/engine/indicators/registry';
import { loadKernelsNode } from '../../src/kernels/node';
import type { Kernels } from '../../src/kernels/index';
import type { EngineApi } from '../../src/shared/engine-api';
import type { Bars } from '../../src/shared/types';

const talib = createRequire(import.meta.url)('talib') as {
  execute(o: Record<string, unknown>): { begIndex: number; nbElement: number; result: Record<string, number[]> };
};

/** TA-Lib's output laid out one value per input row, NaN before begIndex. */
function oracle(name: string, input: Float64Array, period: number): Float64Array {
  const out = new Float64Array(input.length).fill(NaN);
  const r = talib.execute({ name, startIdx: 0, endIdx: input.length - 1, inReal: Array.from(input), optInTimePeriod: period });
  for (let i = 0; i < r.nbElement; i++) out[r.begIndex + i] = r.result.outReal[i];
  return out;
}

let k: Kernels;
let engine: EngineApi;
let acme: Bars;
beforeAll(async () => {
  k = await loadKernelsNode();
  engine = createEngine(k);
  acme = engine.demoBars(engine.demoSymbols()[0].id, '1d');
});

describe('info', () => {
  it('version equals package.json; ABI, SIMD and memory come from the kernels', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const i = engine.info();
    expect(ENGINE_VERSION).toBe(pkg.version);
    expect(i).toEqual({ version: pkg.version, kernelAbi: k.abiVersion, simd: k.simd, wasmBytes: k.memoryBytes() });
    expect(i.kernelAbi).toBe(1);
    expect(i.wasmBytes % 65536).toBe(0);
  });
});

describe('demo data', () => {
  it('lists 20 DEMO: symbols, as copies', () => {
    const s = engine.demoSymbols();
    expect(s).toHaveLength(20);
    for (const x of s) expect(x.id).toMatch(/^DEMO:[A-Z]+$/);
    s[0].name = 'changed';
    expect(engine.demoSymbols()[0].name).not.toBe('changed');
  });

  it('demoBars gives both native timeframes and rejects bad ids and timeframes', () => {
    expect(acme.timeframe).toBe('1d');
    expect(acme.close.length).toBeGreaterThan(2000);
    const m = engine.demoBars(acme.symbol, '1m');
    expect(m.timeframe).toBe('1m');
    expect(() => engine.demoBars('DEMO:NOPE', '1d')).toThrow(/unknown demo symbol "DEMO:NOPE"; valid: DEMO:/);
    expect(() => engine.demoBars(acme.symbol, '5m' as '1m')).toThrow('demo bars are generated at 1d or 1m, got "5m"');
  });
});

describe('indicator', () => {
  it.each([
    ['SMA', 30],
    ['EMA', 30],
    ['SMA', 2],
    ['EMA', 200],
  ] as const)('%s %i on demo closes equals TA-Lib bit for bit', (fn, tp) => {
    const r = engine.indicator({ fn, params: { timeperiod: tp } }, acme);
    expect(r.fn).toBe(fn);
    expect(r.lookback).toBe(tp - 1);
    expect(Object.keys(r.outputs)).toEqual(['real']);
    expect(Array.from(r.outputs.real)).toEqual(Array.from(oracle(fn, acme.close, tp)));
  });

  it('defaults: timeperiod 30 over close; inputs remap the series', () => {
    const d = engine.indicator({ fn: 'sma' }, { close: acme.close });
    expect(d.fn).toBe('SMA');
    expect(Array.from(d.outputs.real)).toEqual(Array.from(oracle('SMA', acme.close, 30)));
    const o = engine.indicator({ fn: 'EMA', params: { timeperiod: 10 }, inputs: { real: 'open' } }, acme);
    expect(Array.from(o.outputs.real)).toEqual(Array.from(oracle('EMA', acme.open, 10)));
  });

  it('warm-up rows are NaN, exactly lookback of them', () => {
    const r = engine.indicator({ fn: 'EMA', params: { timeperiod: 50 } }, acme);
    const firstValid = r.outputs.real.findIndex((x) => !Number.isNaN(x));
    expect(firstValid).toBe(r.lookback);
  });

  it('short and empty series', () => {
    const short = engine.indicator({ fn: 'SMA', params: { timeperiod: 5 } }, { close: Float64Array.of(1, 2, 3) });
    expect(Array.from(short.outputs.real).every(Number.isNaN)).toBe(true);
    const empty = engine.indicator({ fn: 'SMA' }, { close: new Float64Array(0) });
    expect(empty.outputs.real).toHaveLength(0);
    expect(empty.lookback).toBe(29);
  });

  it('errors: validation, missing column, mismatched lengths', () => {
    expect(() => engine.indicator({ fn: 'SMA', params: { timeperiod: 1 } }, acme)).toThrow(
      'SMA timeperiod must be 2..100000, got 1',
    );
    expect(() => engine.indicator({ fn: 'XYZ' }, acme)).toThrow(
      `Unknown function "XYZ"; valid functions: ${INDICATOR_NAMES.join(', ')}`,
    );
    expect(() => engine.indicator({ fn: 'SMA', inputs: { real: 'high' } }, { close: acme.close })).toThrow(
      'SMA needs the high column, which was not given',
    );
    expect(() => engine.indicator({ fn: 'SMA' }, { close: [1, 2, 3] as unknown as Float64Array })).toThrow(
      'SMA: column close must be a Float64Array',
    );
  });

  it('leaves the caller’s columns untouched and the WASM heap the same size over 2,000 calls', () => {
    const before = Float64Array.from(acme.close);
    engine.indicator({ fn: 'EMA' }, acme);
    const bytes = k.memoryBytes();
    for (let i = 0; i < 2000; i++) engine.indicator({ fn: i % 2 ? 'SMA' : 'EMA', params: { timeperiod: 2 + (i % 90) } }, acme);
    expect(k.memoryBytes()).toBe(bytes);
    expect(Array.from(acme.close)).toEqual(Array.from(before));
  });
});

describe('overlays', () => {
  it('equal indicator() for every spec, in order', () => {
    const specs = [
      { fn: 'SMA', period: 20 },
      { fn: 'EMA', period: 50 },
      { fn: 'SMA', period: 200 },
    ] as const;
    const out = engine.overlays(acme.close, [...specs]);
    expect(out).toHaveLength(3);
    specs.forEach((s, i) => expect(Array.from(out[i])).toEqual(Array.from(oracle(s.fn, acme.close, s.period))));
    expect(out[0].buffer).not.toBe(out[1].buffer); // each result can be transferred on its own
  });

  it('validates every spec before computing; empty input gives empty outputs', () => {
    expect(() =>
      engine.overlays(acme.close, [
        { fn: 'SMA', period: 20 },
        { fn: 'EMA', period: 0 },
      ]),
    ).toThrow('EMA timeperiod must be 2..100000, got 0');
    expect(() => engine.overlays(acme.close, [{ fn: 'WMA' as 'SMA', period: 5 }])).toThrow(
      'overlay 0: fn must be "SMA" or "EMA", got "WMA"',
    );
    expect(engine.overlays(new Float64Array(0), [{ fn: 'SMA', period: 5 }])[0]).toHaveLength(0);
    expect(engine.overlays(acme.close, [])).toEqual([]);
  });
});

describe('functions', () => {
  it('plain metadata for every registered function, sorted', () => {
    const f = engine.functions();
    expect(f.map((x) => x.name)).toEqual(INDICATOR_NAMES);
    expect(f.map((x) => x.name)).toEqual([...INDICATORS.keys()].sort());
    expect(f).toEqual(INDICATOR_NAMES.map((n) => indicatorMeta(INDICATORS.get(n)!)));
    expect(structuredClone(f)).toEqual(f);
    // Copies: changing an answer does not change the registry.
    const bb = INDICATOR_NAMES.indexOf('BBANDS');
    (f[bb].params[0] as { default: number }).default = -1;
    (f[bb].outputs as unknown[]).length = 0;
    expect(engine.functions()[bb]).toEqual(indicatorMeta(INDICATORS.get('BBANDS')!));
    expect(engine.functions()[bb].params[0].default).toBe(5);
  });
});

describe('across a comlink channel (what the worker does)', () => {
  it('every method answers with clonable data', async () => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(engine, port1 as unknown as Comlink.Endpoint);
    const remote = Comlink.wrap<EngineApi>(port2 as unknown as Comlink.Endpoint);
    try {
      expect((await remote.info()).version).toBe(ENGINE_VERSION);
      expect(await remote.demoSymbols()).toHaveLength(20);
      expect((await remote.functions()).map((f) => f.name)).toEqual(INDICATOR_NAMES);
      const bars = await remote.demoBars(acme.symbol, '1d');
      expect(Array.from(bars.close)).toEqual(Array.from(acme.close));
      const r = await remote.indicator({ fn: 'SMA', params: { timeperiod: 10 } }, { close: acme.close });
      expect(Array.from(r.outputs.real)).toEqual(Array.from(oracle('SMA', acme.close, 10)));
      const [ov] = await remote.overlays(acme.close, [{ fn: 'EMA', period: 10 }]);
      expect(Array.from(ov)).toEqual(Array.from(oracle('EMA', acme.close, 10)));
      await expect(remote.indicator({ fn: 'NOPE' }, { close: acme.close })).rejects.toThrow('Unknown function "NOPE"');
    } finally {
      remote[Comlink.releaseProxy]();
      port1.close();
      port2.close();
    }
  });
});
