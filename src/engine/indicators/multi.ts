// Parameter grids: one registered function for many values of one parameter in a single pass (the sweep
// engine's building block). SMA, EMA and RSI over 'timeperiod' have dedicated kernels (assembly/multi.ts) that
// share the input load — and for RSI the bar-to-bar changes — across periods while keeping each period's TA-Lib
// operation order; every other function loops its single kernel over the values with the inputs copied into
// WASM memory once. Either way column j is bit-identical to the single request with values[j].
import type { F64Buffer, Kernels } from '../../kernels/index';
import type { IndicatorGridRequest } from '../../shared/engine-api';
import { IndicatorError, getIndicator, resolveIndicator, type ResolvedIndicator } from './registry';
import type { IndicatorDef } from './types';

/** A validated grid: the definition, the varying parameter, one resolved request per value (same order). */
export interface ResolvedGrid {
  def: IndicatorDef;
  param: string;
  values: number[];
  resolved: ResolvedIndicator[];
}

/** Output bytes of one multi-kernel call at most (a few columns more for tiny n); bounds the WASM heap. */
const CHUNK_BYTES = 64 * 1024 * 1024;

/** Multi-period kernels by function name; each takes (src, dst, n, periods, k[, tmp]) over 'timeperiod'. */
const MULTI_KERNELS: Readonly<Record<string, 'smaMulti' | 'emaMulti' | 'rsiMulti'>> = {
  SMA: 'smaMulti',
  EMA: 'emaMulti',
  RSI: 'rsiMulti',
};

/**
 * Validates a grid request: a known function, a parameter it has, a non-empty list of values each accepted by
 * the registry's own validation (an error names the value's index, e.g. "values[3]: RSI timeperiod must be
 * 2..100000, got 1"), fixed params that do not name the varying one, and known inputs.
 */
export function resolveGrid(req: IndicatorGridRequest): ResolvedGrid {
  if (typeof req !== 'object' || req === null) throw new IndicatorError(`grid request must be an object, got ${String(req)}`);
  const def = getIndicator(req.fn);
  const param = req.param;
  if (typeof param !== 'string' || !def.params.some((p) => p.name === param)) {
    const valid = def.params.length ? def.params.map((p) => p.name).join(', ') : '(none)';
    throw new IndicatorError(`${def.name} has no parameter ${JSON.stringify(param)} to vary; valid parameters: ${valid}`);
  }
  const values = req.values;
  if (!Array.isArray(values) || values.length === 0) {
    throw new IndicatorError(`${def.name} grid values must be a non-empty array of numbers for ${param}`);
  }
  const fixed = req.params ?? {};
  if (typeof fixed === 'object' && fixed !== null && Object.prototype.hasOwnProperty.call(fixed, param)) {
    throw new IndicatorError(`${def.name} grid: ${param} is the varying parameter and must not also be in params`);
  }
  // The fixed part is validated once with the default in place, so its errors are not blamed on a value.
  resolveIndicator({ fn: def.name, params: fixed, inputs: req.inputs });
  const resolved = values.map((v, j) => {
    try {
      return resolveIndicator({ fn: def.name, params: { ...fixed, [param]: v }, inputs: req.inputs });
    } catch (e) {
      if (e instanceof IndicatorError) throw new IndicatorError(`values[${j}]: ${e.message}`);
      throw e;
    }
  });
  return { def, param, values: [...values], resolved };
}

/**
 * Computes a resolved grid over `series` (one array per input field, all of length n); returns, per output
 * name, one Float64Array per value (views into one block, in values order), each equal to the single request.
 */
export function runGrid(kernels: Kernels, grid: ResolvedGrid, series: readonly Float64Array[]): Record<string, Float64Array[]> {
  const { def, resolved } = grid;
  const k = resolved.length;
  const n = series.length ? series[0].length : 0;
  const outputs: Record<string, Float64Array[]> = {};
  if (n === 0) {
    for (const o of def.outputs) outputs[o.name] = resolved.map(() => new Float64Array(0));
    return outputs;
  }
  const multi = grid.param === 'timeperiod' ? MULTI_KERNELS[def.name] : undefined;
  const owned: F64Buffer[] = [];
  const alloc = (len: number) => {
    const b = kernels.alloc(len);
    owned.push(b);
    return b;
  };
  try {
    const copies = new Map<Float64Array, F64Buffer>();
    const inputs = series.map((s) => {
      let b = copies.get(s);
      if (b === undefined) {
        b = alloc(n);
        b.view().set(s);
        copies.set(s, b);
      }
      return b;
    });
    // The result lives in one JS block; WASM only ever holds a chunk of columns, so the heap stays bounded.
    const m = def.outputs.length;
    const block = new Float64Array(n * k * m);
    if (multi !== undefined) {
      // Chunks of whole 4-period groups (the kernels' vector width), about CHUNK_BYTES of output each.
      const per = Math.max(4, Math.floor(CHUNK_BYTES / (8 * n) / 4) * 4);
      const chunk = Math.min(k, per);
      const periods = alloc(chunk);
      const dst = alloc(n * chunk);
      const tmp = multi === 'rsiMulti' ? alloc(2 * n) : null;
      const ex = kernels.exports;
      for (let j0 = 0; j0 < k; j0 += chunk) {
        const c = Math.min(chunk, k - j0);
        periods.view().set(resolved.slice(j0, j0 + c).map((r) => r.params.timeperiod));
        if (tmp !== null) ex.rsiMulti(inputs[0].ptr, dst.ptr, n, periods.ptr, c, tmp.ptr);
        else ex[multi as 'smaMulti' | 'emaMulti'](inputs[0].ptr, dst.ptr, n, periods.ptr, c);
        block.set(dst.view().subarray(0, n * c), j0 * n);
      }
    } else {
      // Generic: output o of value j at (j·m + o)·n.
      const outBufs = def.outputs.map(() => alloc(n));
      for (let j = 0; j < k; j++) {
        def.compute(kernels, inputs, resolved[j].params, outBufs);
        outBufs.forEach((b, o) => block.set(b.view(), (j * m + o) * n));
      }
    }
    def.outputs.forEach((o, oi) => {
      outputs[o.name] = resolved.map((_, j) => block.subarray((j * m + oi) * n, (j * m + oi + 1) * n));
    });
    return outputs;
  } finally {
    for (const b of owned) b.free();
  }
}
