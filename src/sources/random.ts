// Seeded randomness and engine-independent exp/log for the demo market generator.
//
// ECMAScript leaves Math.exp/Math.log/Math.cos "implementation-approximated", so two JS engines may
// disagree in the last bit and a seeded generator built on them could differ between Chrome and
// Firefox. Everything here uses only +, −, ×, ÷ and √ (which IEEE 754 rounds exactly), Math.round,
// 32-bit integer ops, reads of a double's IEEE bits, and tables built from those at load time, so the
// same seed yields bit-identical numbers on every engine and machine. The demo generator (demo.ts,
// demo-market.ts) follows the same rule: no Math.exp/log/pow/sin anywhere on its path.

/** 32-bit FNV-1a hash of a string's UTF-16 code units (Fowler–Noll–Vo, variant 1a); used to seed per symbol. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** SplitMix32 step: maps any 32-bit seed to a well-mixed 32-bit word (used to fill xoshiro's state). */
function splitmix32(state: { s: number }): number {
  let z = (state.s = (state.s + 0x9e3779b9) | 0);
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Seeded PRNG: xoshiro128** (Blackman & Vigna, 2018) with uniform and standard-normal draws. */
export class Rng {
  // State in typed arrays: int32 words outside the 31-bit small-integer range would otherwise be boxed
  // as heap numbers by V8 on every store, making generation allocation-bound.
  private readonly s = new Int32Array(4);
  private readonly spare = new Float64Array([NaN]);

  constructor(seed: number) {
    const st = { s: seed | 0 };
    for (let i = 0; i < 4; i++) this.s[i] = splitmix32(st);
  }

  /** Next raw 32-bit output of xoshiro128** as an unsigned integer. */
  u32(): number {
    const s = this.s;
    const x = Math.imul(s[1], 5);
    const r = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 11) | (s[3] >>> 21);
    return r >>> 0;
  }

  /** Uniform draw in the open interval (0, 1), resolution 2^-32. */
  uniform(): number {
    return (this.u32() + 0.5) / 4294967296;
  }

  /** Fills `out` with uniform draws in (0, 1); the same stream as calling uniform() out.length times. */
  fillUniform(out: Float64Array): Float64Array {
    // xoshiro128** written out with the state in locals and no helper calls: an int32 returned from a
    // call V8 did not inline is boxed when it exceeds the 31-bit small-integer range.
    const st = this.s;
    let a = st[0];
    let b = st[1];
    let c = st[2];
    let d = st[3];
    for (let i = 0; i < out.length; i++) {
      const x = Math.imul(b, 5);
      const r = Math.imul((x << 7) | (x >>> 25), 9);
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      out[i] = ((r >>> 0) + 0.5) / 4294967296;
    }
    st[0] = a;
    st[1] = b;
    st[2] = c;
    st[3] = d;
    return out;
  }

  /**
   * Fills `out` with standard normal draws by Marsaglia's polar method, both values of each pair used
   * (a pending spare from normal() comes first). Bulk filling keeps callers' hot loops free of calls.
   */
  fillNormal(out: Float64Array): Float64Array {
    let i = 0;
    const n = out.length;
    const s0 = this.spare[0];
    if (n > 0 && s0 === s0) {
      out[i++] = s0;
      this.spare[0] = NaN;
    }
    const st = this.s;
    let a = st[0];
    let b = st[1];
    let c = st[2];
    let d = st[3];
    while (i < n) {
      // Two xoshiro128** steps written out (see fillUniform), mapped to (−1, 1).
      let x = Math.imul(b, 5);
      let r = Math.imul((x << 7) | (x >>> 25), 9);
      let t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      const u = (2 * ((r >>> 0) + 0.5)) / 4294967296 - 1;
      x = Math.imul(b, 5);
      r = Math.imul((x << 7) | (x >>> 25), 9);
      t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      const v = (2 * ((r >>> 0) + 0.5)) / 4294967296 - 1;
      const s = u * u + v * v;
      if (s >= 1) continue; // s > 0 always: u, v are odd multiples of 2^-32
      const f = Math.sqrt((-2 * detLog(s)) / s);
      out[i++] = u * f;
      if (i < n) out[i++] = v * f;
      else this.spare[0] = v * f;
    }
    st[0] = a;
    st[1] = b;
    st[2] = c;
    st[3] = d;
    return out;
  }

  /** Standard normal draw by Marsaglia's polar method (pairs are produced, the spare is kept). */
  normal(): number {
    const s0 = this.spare[0];
    if (s0 === s0) {
      this.spare[0] = NaN;
      return s0;
    }
    for (;;) {
      const u = (2 * (this.u32() + 0.5)) / 4294967296 - 1;
      const v = (2 * (this.u32() + 0.5)) / 4294967296 - 1;
      const s = u * u + v * v;
      if (s >= 1) continue;
      const f = Math.sqrt((-2 * detLog(s)) / s);
      this.spare[0] = v * f;
      return u * f;
    }
  }
}

// ln 2 split Cody–Waite style: LN2_HI has trailing zero bits, so k·LN2_HI is exact for small k.
const LN2_HI = 0.69314718036912381649;
const LN2_LO = 1.90821492927058770002e-10;
const LN2 = LN2_HI + LN2_LO;

/** 2^k for an integer k, by exact multiplications (powers of two are exactly representable). */
function pow2Slow(k: number): number {
  let r = 1;
  let b = k < 0 ? 0.5 : 2;
  let n = k < 0 ? -k : k;
  while (n > 0) {
    if (n & 1) r *= b;
    b *= b;
    n >>= 1;
  }
  return r;
}

// 2^k for |k| ≤ 64 from a table: the common case for prices and returns.
const POW2 = Float64Array.from({ length: 129 }, (_, i) => pow2Slow(i - 64));

function pow2(k: number): number {
  return k >= -64 && k <= 64 ? POW2[k + 64] : pow2Slow(k);
}

/** e^r for |r| ≤ 0.35 by its Taylor series to r^14 (error < 5e-18); builds the tables below. */
function expSeries(r: number): number {
  let p = 1;
  for (let n = 14; n >= 1; n--) p = 1 + (p * r) / n; // 1 + r(1 + r/2(1 + r/3(…)))
  return p;
}

/** ln m for m in [0.7, 1.42] by 2·atanh((m−1)/(m+1)) to t^23 (error < 1e-19); builds the tables below. */
function logSeries(m: number): number {
  const t = (m - 1) / (m + 1);
  const t2 = t * t;
  let p = 0;
  for (let n = 23; n >= 1; n -= 2) p = p * t2 + 1 / n;
  return 2 * t * p;
}

// exp: x = (32·h + j)·ln2/32 + r, |r| ≤ ln2/64, with 2^(j/32) tabulated (Tang 1989, ACM TOMS 15(2)).
const EXP_T = Float64Array.from({ length: 32 }, (_, j) => expSeries((j * LN2) / 32 - (j >= 16 ? LN2 : 0)) * (j >= 16 ? 2 : 1));
const INV_STEP = 32 / LN2;
const STEP_HI = LN2_HI / 32;
const STEP_LO = LN2_LO / 32;

/** e^x, relative error < 1e-15, using only exactly-rounded IEEE ops and fixed tables (bit-identical in every JS engine). */
export function detExp(x: number): number {
  if (x > 709.78) return Infinity;
  if (x < -745.2) return 0;
  const k = Math.round(x * INV_STEP);
  const r = x - k * STEP_HI - k * STEP_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  const h = k >> 5;
  // Split 2^h near the range ends so neither factor overflows or underflows on its own.
  return h > 1000 || h < -1000 ? EXP_T[k & 31] * p * pow2(h >> 1) * pow2(h - (h >> 1)) : EXP_T[k & 31] * p * pow2(h);
}

// log: x = 2^e·m, m in [1,2) read from the IEEE bits; m = F_j·(1 + r) with F_j = 1 + j/128, |r| < 1/128,
// ln F_j tabulated. For m ≥ 1.5 the pair (m/2, e+1) keeps the result accurate for x just below 1.
const LOG_F = Float64Array.from({ length: 128 }, (_, j) => (j < 64 ? logSeries(1 + j / 128) : logSeries((1 + j / 128) / 2)));
const INV_F = Float64Array.from({ length: 128 }, (_, j) => 1 / (1 + j / 128));
// Float64/Uint32 views on one buffer read the IEEE bits; HI is the index of the sign/exponent word on
// this platform's byte order, found once, so the same bits are read everywhere.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1;
const HI = U32[1] === 0x3ff00000 ? 1 : 0;

/** Natural log for x > 0 with absolute error < 1e-15·max(1, |ln x|), deterministic like detExp; NaN for x < 0. */
export function detLog(x: number): number {
  if (!(x > 0) || x === Infinity) return x === 0 ? -Infinity : x === Infinity ? Infinity : NaN;
  F64[0] = x;
  let hi = U32[HI];
  let e = (hi >>> 20) - 1023;
  if (hi >>> 20 === 0) {
    F64[0] = x * 18446744073709551616; // subnormal: scale by 2^64 first
    hi = U32[HI];
    e = (hi >>> 20) - 1087;
  }
  const j = (hi >>> 13) & 127;
  U32[HI] = (hi & 0xfffff) | 0x3ff00000;
  const m = F64[0];
  if (j >= 64) e += 1;
  const r = (m - (1 + j / 128)) * INV_F[j];
  // ln(1 + r) to r^7: truncation < 2.5e-16·r on 0 ≤ r < 1/128.
  const l = r * (1 - r * (0.5 - r * (1 / 3 - r * (0.25 - r * (0.2 - r * (1 / 6 - r / 7))))));
  return e * LN2_HI + (LOG_F[j] + (l + e * LN2_LO));
}
