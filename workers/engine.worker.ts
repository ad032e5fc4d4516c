// Thin comlink shell around the engine. expose() runs synchronously at module top level, so no message can
// arrive before the handler exists; every method waits for the one kernel-loading promise.
import * as Comlink from 'comlink';
import wasmUrl from '../build/kernels.wasm?url';
import { createEngine } from '../src/engine/index';
import { instantiateKernels } from '../src/kernels/index';
import type { EngineApi, EngineWorkerApi } from '../src/shared/engine-api';

const engine: Promise<EngineApi> = fetch(wasmUrl)
  .then((r) => r.arrayBuffer())
  .then(instantiateKernels)
  .then(createEngine);

/** Transfers (not copies) the buffers of `arrays`, each buffer once. */
const moved = <T>(value: T, arrays: Float64Array[]): T => Comlink.transfer(value, [...new Set(arrays.map((a) => a.buffer))]);

const api: EngineWorkerApi = {
  info: async () => (await engine).info(),
  functions: async () => (await engine).functions(),
  demoSymbols: async () => (await engine).demoSymbols(),
  demoBars: async (id, tf) => {
    const b = (await engine).demoBars(id, tf); // fresh column copies: safe to transfer
    return moved(b, [b.ts, b.open, b.high, b.low, b.close, b.volume]);
  },
  indicator: async (req, columns) => {
    const r = (await engine).indicator(req, columns);
    return moved(r, Object.values(r.outputs));
  },
  overlays: async (close, specs) => {
    const out = (await engine).overlays(close, specs);
    return moved(out, out);
  },
  indicatorGrid: async (req, columns) => {
    const r = (await engine).indicatorGrid(req, columns); // columns are views of one fresh block per output set
    return moved(r, Object.values(r.outputs).flat());
  },
  strategySignals: async (spec, bars) => {
    const s = (await engine).strategySignals(spec, bars);
    return Comlink.transfer(s, [s.flags.buffer, s.strength.buffer]);
  },
  backtest: async (config, bars) => {
    const r = (await engine).backtest(config, bars);
    const arrays = [r.equity, r.cash, r.position, r.drawdown, r.benchmark, r.signals.strength];
    return Comlink.transfer(r, [...new Set([...arrays.map((a) => a.buffer), r.signals.flags.buffer])]);
  },
  scan: async (spec, universe) => (await engine).scan(spec, universe),
};

Comlink.expose(api);
