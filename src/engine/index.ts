// The engine, in-thread: pure functions over loaded kernels. workers/engine.worker.ts exposes the same
// object through comlink; the CLI and the unit tests call it directly.
import type { Kernels } from '../kernels/index';
import type { EngineApi, ScanInput, ScanResult, IndicatorGridRequest, IndicatorGridResult, IndicatorMeta, OverlaySpec } from '../shared/engine-api';
import type { BacktestConfig, BacktestResult, StrategySignals, StrategySpec } from '../shared/backtest';
import type { Bars, DemoSymbol, EngineInfo, IndicatorRequest, IndicatorResult, PriceField, Timeframe } from '../shared/types';
import { DEMO_SYMBOLS, demoBars, isDemoId } from '../sources/demo';
import { INDICATOR_NAMES, INDICATORS, IndicatorError, indicatorMeta, resolveIndicator } from './indicators/registry';
import { resolveGrid, runGrid } from './indicators/multi';
import { runIndicator } from './indicators/run';
import { checkBars, runBacktest } from './backtest/index';
import { scanUniverse } from './scan/index';
import { validateStrategy } from './spec/validate';
import { resolveStrategyDefaults } from './spec/defaults';
import { strategySignals } from './strategy/index';
import { ENGINE_VERSION } from './version';

export { ENGINE_VERSION } from './version';
export { IndicatorError } from './indicators/registry';

/** Price columns handed to `indicator`; only the ones the function reads need to be present. */
export type PriceColumns = Partial<Pick<Bars, PriceField>>;

/** Builds the engine over loaded kernels; stateless apart from the kernels' WASM heap. */
export function createEngine(kernels: Kernels): EngineApi {
  return {
    info(): EngineInfo {
      return {
        version: ENGINE_VERSION,
        kernelAbi: kernels.abiVersion,
        simd: kernels.simd,
        wasmBytes: kernels.memoryBytes(),
      };
    },

    functions(): IndicatorMeta[] {
      return INDICATOR_NAMES.map((name) => indicatorMeta(INDICATORS.get(name)!));
    },

    demoSymbols(): DemoSymbol[] {
      return DEMO_SYMBOLS.map((s) => ({ ...s }));
    },

    demoBars(id: string, timeframe: Extract<Timeframe, '1d' | '1m'>): Bars {
      if (!isDemoId(id)) {
        throw new Error(`unknown demo symbol ${JSON.stringify(id)}; valid: ${DEMO_SYMBOLS.map((s) => s.id).join(', ')}`);
      }
      if (timeframe !== '1d' && timeframe !== '1m') {
        throw new Error(`demo bars are generated at 1d or 1m, got ${JSON.stringify(timeframe)}`);
      }
      return demoBars(id, timeframe);
    },

    indicator(req: IndicatorRequest, columns: PriceColumns): IndicatorResult {
      const r = resolveIndicator(req);
      const series = r.fields.map((f) => column(r.def.name, f, columns));
      checkLengths(r.fields, series);
      const values = runIndicator(kernels, r, series);
      const outputs: Record<string, Float64Array> = {};
      r.def.outputs.forEach((o, i) => (outputs[o.name] = values[i]));
      return { fn: r.def.name, lookback: r.lookback, outputs };
    },

    overlays(close: Float64Array, specs: OverlaySpec[]): Float64Array[] {
      if (!(close instanceof Float64Array)) throw new IndicatorError('overlays: close must be a Float64Array');
      // Validate everything before computing anything, so one bad spec fails the whole call cleanly.
      const resolved = specs.map((s, i) => {
        if (typeof s !== 'object' || s === null || (s.fn !== 'SMA' && s.fn !== 'EMA')) {
          throw new IndicatorError(`overlay ${i}: fn must be "SMA" or "EMA", got ${JSON.stringify(s?.fn)}`);
        }
        return resolveIndicator({ fn: s.fn, params: { timeperiod: s.period } });
      });
      const n = close.length;
      if (n === 0) return specs.map(() => new Float64Array(0));
      // close goes into WASM memory once; every overlay reads it there and writes one reused block.
      const src = kernels.alloc(n);
      const dst = kernels.alloc(n);
      try {
        src.view().set(close);
        return resolved.map((r) => {
          r.def.compute(kernels, [src], r.params, [dst]);
          return dst.view().slice();
        });
      } finally {
        dst.free();
        src.free();
      }
    },

    indicatorGrid(req: IndicatorGridRequest, columns: PriceColumns): IndicatorGridResult {
      const grid = resolveGrid(req);
      const fields = grid.resolved[0].fields;
      const series = fields.map((f) => column(grid.def.name, f, columns));
      checkLengths(fields, series);
      return {
        fn: grid.def.name,
        param: grid.param,
        values: grid.values,
        lookbacks: grid.resolved.map((r) => r.lookback),
        outputs: runGrid(kernels, grid, series),
      };
    },

    strategySignals(spec: StrategySpec, bars: Bars): StrategySignals {
      checkBars(bars);
      return strategySignals(kernels, resolveStrategyDefaults(validateStrategy(spec)), bars);
    },

    backtest(config: BacktestConfig, bars: Bars): BacktestResult {
      return runBacktest(kernels, config, bars);
    },

    scan(spec: StrategySpec, universe: ScanInput[]): ScanResult {
      return scanUniverse(kernels, spec, universe);
    },
  };
}

function column(fn: string, field: PriceField, columns: PriceColumns): Float64Array {
  const c = columns[field];
  if (c === undefined) throw new IndicatorError(`${fn} needs the ${field} column, which was not given`);
  if (!(c instanceof Float64Array)) throw new IndicatorError(`${fn}: column ${field} must be a Float64Array`);
  return c;
}

function checkLengths(fields: readonly PriceField[], series: readonly Float64Array[]): void {
  for (let i = 1; i < series.length; i++) {
    if (series[i].length !== series[0].length) {
      throw new IndicatorError(
        `columns differ in length: ${fields[0]} has ${series[0].length} rows, ${fields[i]} has ${series[i].length}`,
      );
    }
  }
}
