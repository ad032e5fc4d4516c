// The TS face of build/kernels.wasm: instantiate once, hand out Float64Array views on WASM memory.
// Platform-neutral: callers supply the module bytes (see ./node.ts for Node, workers/ for the browser).
import type { instantiate } from './abi.generated';

/** The raw exports of kernels.wasm, typed by the compiler-generated ABI file. */
export type KernelExports = Awaited<ReturnType<typeof instantiate>>;

/** A block of n float64 values inside WASM memory; `view()` is always valid, even after memory growth. */
export interface F64Buffer {
  readonly ptr: number;
  readonly length: number;
  /** A Float64Array over this block; re-created whenever memory.buffer has been replaced by growth. */
  view(): Float64Array;
  free(): void;
}

/** Names of the single-input, single-period moving-average kernels exported by the module. */
export type PeriodKernel = 'sma' | 'ema';

/** The loaded kernel module: raw exports plus safe buffer helpers. */
export interface Kernels {
  readonly exports: KernelExports;
  readonly abiVersion: number;
  readonly simd: boolean;
  /** Allocates a Float64 block of n values in WASM memory (uninitialised). */
  alloc(n: number): F64Buffer;
  /**
   * Runs a period kernel on `input` and writes into `out` (allocated when omitted), copying through a
   * reused scratch arena; output equals the TA-Lib function of the same name.
   */
  run(fn: PeriodKernel, input: Float64Array, period: number, out?: Float64Array): Float64Array;
  /** Bytes of WASM linear memory now (for heap-budget checks). */
  memoryBytes(): number;
}

/** Instantiates kernels.wasm from its bytes or a compiled module; the result is reusable for the process. */
export async function instantiateKernels(source: BufferSource | WebAssembly.Module): Promise<Kernels> {
  const module = source instanceof WebAssembly.Module ? source : await WebAssembly.compile(source);
  const instance = await WebAssembly.instantiate(module, {
    env: {
      abort(_msg: number, _file: number, line: number, col: number) {
        throw new Error(`kernels.wasm aborted at ${line}:${col}`);
      },
    },
  });
  const ex = instance.exports as unknown as KernelExports;
  return wrap(ex);
}

function wrap(ex: KernelExports): Kernels {
  const memory = ex.memory;
  const alloc = (n: number): F64Buffer => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`buffer length must be a non-negative integer, got ${n}`);
    const ptr = ex.alloc(Math.max(8, n * 8)) >>> 0;
    if (ptr === 0 || ptr % 8 !== 0) throw new Error('kernels.wasm could not allocate ' + n * 8 + ' bytes');
    let cache: Float64Array | null = null;
    let freed = false;
    return {
      ptr,
      length: n,
      view() {
        if (freed) throw new Error('F64Buffer used after free()');
        if (cache === null || cache.buffer !== memory.buffer) cache = new Float64Array(memory.buffer, ptr, n);
        return cache;
      },
      free() {
        if (!freed) ex.dealloc(ptr);
        freed = true;
        cache = null;
      },
    };
  };

  // One scratch pair, grown on demand, so `run` allocates nothing after the first call of a given size.
  let scratchIn: F64Buffer | null = null;
  let scratchOut: F64Buffer | null = null;
  const scratch = (n: number): [F64Buffer, F64Buffer] => {
    if (scratchIn === null || scratchIn.length < n) {
      scratchIn?.free();
      scratchOut?.free();
      scratchIn = alloc(n);
      scratchOut = alloc(n);
    }
    return [scratchIn, scratchOut as F64Buffer];
  };

  return {
    exports: ex,
    abiVersion: ex.ABI_VERSION.value,
    simd: ex.simdEnabled() === 1,
    alloc,
    run(fn, input, period, out) {
      if (!Number.isInteger(period) || period < 1) throw new RangeError(`${fn} period must be an integer ≥ 1, got ${period}`);
      const n = input.length;
      const dst = out ?? new Float64Array(n);
      if (dst.length !== n) throw new RangeError(`output length ${dst.length} differs from input length ${n}`);
      if (n === 0) return dst;
      const [a, b] = scratch(n);
      a.view().set(input);
      ex[fn](a.ptr, b.ptr, n, period);
      dst.set(b.view().subarray(0, n));
      return dst;
    },
    memoryBytes: () => memory.buffer.byteLength,
  };
}
