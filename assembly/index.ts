// The whole kernel ABI: this file only re-exports. Pointers are byte offsets into the module's memory.
export { alloc, dealloc } from './memory';
export { ABI_VERSION, simdEnabled } from './info';
export { sma, smaLookback, ema, emaLookback } from './overlap';
