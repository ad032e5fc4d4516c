/** Version of the kernel ABI; bump when an exported signature changes. */
export const ABI_VERSION: i32 = 1;

/** Returns 1 when this module was compiled with SIMD enabled (it is a compile-time constant). */
export function simdEnabled(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}
