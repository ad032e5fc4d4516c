// Raw buffers for the host: the TS side allocates input/output arrays here and reads them through
// Float64Array views on memory.buffer (no copies through generated bindings).

/** Allocates `bytes` bytes (8-byte aligned) outside the GC; returns the pointer. Pair with `dealloc`. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees a block returned by `alloc`. */
export function dealloc(ptr: usize): void {
  heap.free(ptr);
}
