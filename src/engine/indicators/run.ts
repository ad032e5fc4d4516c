// Runs a validated indicator through the WASM kernels: each distinct input series is copied into WASM
// memory once, every output is written there by the kernels and copied out once, and all blocks are
// freed before returning, so repeated calls leave the WASM heap where it was.
import type { F64Buffer, Kernels } from '../../kernels/index';
import type { ResolvedIndicator } from './registry';

/**
 * Computes `r` over `series` (one array per entry of `r.fields`, all of length n) and returns one
 * Float64Array per output, NaN in the warm-up rows; values equal TA-Lib's function of the same name.
 */
export function runIndicator(kernels: Kernels, r: ResolvedIndicator, series: readonly Float64Array[]): Float64Array[] {
  const n = series.length ? series[0].length : 0;
  if (n === 0) return r.def.outputs.map(() => new Float64Array(0));
  const owned: F64Buffer[] = [];
  try {
    // The same array mapped to two inputs (e.g. close twice) is copied in once.
    const copies = new Map<Float64Array, F64Buffer>();
    const inputs = series.map((s) => {
      let b = copies.get(s);
      if (b === undefined) {
        b = kernels.alloc(n);
        owned.push(b);
        b.view().set(s);
        copies.set(s, b);
      }
      return b;
    });
    const outputs = r.def.outputs.map(() => {
      const b = kernels.alloc(n);
      owned.push(b);
      return b;
    });
    r.def.compute(kernels, inputs, r.params, outputs);
    // view() after every allocation: memory growth during alloc replaces memory.buffer.
    return outputs.map((b) => b.view().slice());
  } finally {
    for (const b of owned) b.free();
  }
}
