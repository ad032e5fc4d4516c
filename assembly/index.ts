// The whole kernel ABI: this file only re-exports. Pointers are byte offsets into the module's memory.
// Each group file exports only kernels (and their lookbacks); shared internals live in non-exported helpers.
export { alloc, dealloc } from './memory';
export { ABI_VERSION, simdEnabled } from './info';
export * from './overlap';
export * from './ma';
export * from './momentum';
export * from './volatility';
export * from './volume';
export * from './price';
export * from './statistic';
export * from './cycle';
export * from './patterns';
export * from './patterns-more';
export * from './extra';
export * from './multi';
export * from './backtest';
