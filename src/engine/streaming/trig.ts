// sin and cos exactly as the WASM kernels compute them, so streaming values stay bit-identical to the batch
// kernels: AssemblyScript's NativeMath (musl's __sin/__cos kernels and Cody–Waite argument reduction), which V8's
// Math.sin/cos differ from in the last bit for some arguments (it would flip HT_TRENDMODE on flat series), and the
// kernels' table of glibc's sin/cos on the Hilbert-DFT angles (assembly/libm.ts). Arguments beyond ±2^20·π/2 fall
// back to Math (never used).

const f64a = new Float64Array(1);
const u32a = new Uint32Array(f64a.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The high 32 bits of x's IEEE-754 representation. */
function hiWord(x: number): number {
  f64a[0] = x;
  return u32a[LE ? 1 : 0];
}

/** f64.nearest: round half to even. */
function nearest(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const PIO2_1 = 1.57079632673412561417e+00;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;
const INVPIO2 = 0.63661977236758134308;

/** AssemblyScript's rempio2 for |x| < 2^20·π/2: [n, y0, y1] with x ≈ n·π/2 + y0 + y1. */
function rempio2(x: number, ix: number, sign: boolean): [number, number, number] {
  if (ix < 0x4002d97c) {
    let z: number;
    let y0: number;
    let y1: number;
    if (!sign) {
      z = x - PIO2_1;
      if (ix !== 0x3ff921fb) {
        y0 = z - PIO2_1T;
        y1 = (z - y0) - PIO2_1T;
      } else {
        z -= PIO2_2;
        y0 = z - PIO2_2T;
        y1 = (z - y0) - PIO2_2T;
      }
      return [1, y0, y1];
    }
    z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      y0 = z + PIO2_1T;
      y1 = (z - y0) + PIO2_1T;
    } else {
      z += PIO2_2;
      y0 = z + PIO2_2T;
      y1 = (z - y0) + PIO2_2T;
    }
    return [-1, y0, y1];
  }
  const q = nearest(x * INVPIO2);
  let r = x - q * PIO2_1;
  let w = q * PIO2_1T;
  const j = ix >>> 20;
  let y0 = r - w;
  let i = j - ((hiWord(y0) >>> 20) & 0x7ff);
  if (i > 16) {
    let t = r;
    w = q * PIO2_2;
    r = t - w;
    w = q * PIO2_2T - ((t - r) - w);
    y0 = r - w;
    i = j - ((hiWord(y0) >>> 20) & 0x7ff);
    if (i > 49) {
      t = r;
      w = q * PIO2_3;
      r = t - w;
      w = q * PIO2_3T - ((t - r) - w);
      y0 = r - w;
    }
  }
  const y1 = (r - y0) - w;
  return [q, y0, y1];
}

function sinKern(x: number, y: number, iy: boolean): number {
  const S1 = -1.66666666666666324348e-01;
  const S2 = 8.33333333332248946124e-03;
  const S3 = -1.98412698298579493134e-04;
  const S4 = 2.75573137070700676789e-06;
  const S5 = -2.50507602534068634195e-08;
  const S6 = 1.58969099521155010221e-10;
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  if (!iy) return x + v * (S1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

function cosKern(x: number, y: number): number {
  const C1 = 4.16666666666666019037e-02;
  const C2 = -1.38888888888741095749e-03;
  const C3 = 2.48015872894767294178e-05;
  const C4 = -2.75573143513906633035e-07;
  const C5 = 2.08757232129817482790e-09;
  const C6 = -1.13596475577881948265e-11;
  const z = x * x;
  let w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + (z * r - x * y));
}

/** sin(x) bit-identical to the kernels' (AssemblyScript NativeMath.sin). */
export function wasmSin(x: number): number {
  const hi = hiWord(x);
  const sign = hi >>> 31 === 1;
  const ux = hi & 0x7fffffff;
  if (ux <= 0x3fe921fb) {
    if (ux < 0x3e500000) return x;
    return sinKern(x, 0.0, false);
  }
  if (ux >= 0x7ff00000) return x - x;
  if (ux >= 0x413921fb) return Math.sin(x);
  const [n, y0, y1] = rempio2(x, ux, sign);
  const v = n & 1 ? cosKern(y0, y1) : sinKern(y0, y1, true);
  return n & 2 ? -v : v;
}

/** cos(x) bit-identical to the kernels' (AssemblyScript NativeMath.cos). */
export function wasmCos(x: number): number {
  const hi = hiWord(x);
  const sign = hi >>> 31 === 1;
  const ux = hi & 0x7fffffff;
  if (ux <= 0x3fe921fb) {
    if (ux < 0x3e46a09e) return 1.0;
    return cosKern(x, 0);
  }
  if (ux >= 0x7ff00000) return x - x;
  if (ux >= 0x413921fb) return Math.cos(x);
  const [n, y0, y1] = rempio2(x, ux, sign);
  const v = n & 1 ? sinKern(y0, y1, true) : cosKern(y0, y1);
  return (n + 1) & 2 ? -v : v;
}

// glibc's sin/cos on TA-Lib's Hilbert-DFT angles (i·8·atan 1)/d, 1 ≤ d ≤ 50, 0 ≤ i < d — the same table as
// assembly/libm.ts (which explains why: TA-Lib's phase of a flat series is atan of the DFT's rounding noise):
// NativeMath's value, replaced by glibc 2.36's (x86-64 FMA build) on the angles below, as (angle bits, result bits).
const DFT_MAX = 50;
const SIN_FIX = [
  0x3fe4ccacafab2e26n, 0x3fe35d9650d47853n, 0x3fe9f18790ca8121n, 0x3fe73180a4b0d2ffn,
  0x4000c152382d7366n, 0x3febb67ae8584ca9n, 0x400129f05285f955n, 0x3feadc14e1d4278fn,
  0x4001475cc9eedf00n, 0x3fea9b66290ea1a5n, 0x400284d42324c2e9n, 0x3fe78b0cdee73e11n,
  0x40039da4f0991cf4n, 0x3fe45c191c43d4e9n, 0x400b4977458bd930n, 0xbfd106bf67cf5a0fn,
  0x400e6c81152a1ba3n, 0xbfe3a7a16b39441fn, 0x400ffcb43cb3dc4en, 0xbfe82f19bb3a28a3n,
  0x4010909431b89216n, 0xbfeaeb8c8764f0ban, 0x4010c152382d7365n, 0xbfebb67ae8584ca8n,
  0x40115a82dec15c17n, 0xbfedc9b7be64378fn, 0x40147a80ef53fed1n, 0xbfed6206beb6c24cn,
  0x40150ea22401c4ean, 0xbfeb3fba08c4fb1dn, 0x4015e91cbf9de5acn, 0xbfe7141727a4610bn,
  0x401646d8f36af96cn, 0xbfe4f49e7f77588bn, 0x4018961cd26f373fn, 0xbfc16de8a4564f00n,
];
const COS_FIX = [
  0x3fd17bd03a9ebb32n, 0x3feed037ea3d2dbbn, 0x3fee98ac6695c798n, 0x3fe2742a4a775cfbn,
  0x3ff197c987c952c4n, 0x3fdd0e2e2b44de01n, 0x3ffaf8c2cad287cen, 0xbfbd5be4997ab8f2n,
  0x40005616905f83b6n, 0xbfdd0e2e2b44ddffn, 0x4001a92d267518c5n, 0xbfe3073c27aafe0fn,
  0x4002ab87806d28d0n, 0xbfe61d2f6a9c57bfn, 0x4002fd3b0c77c70dn, 0xbfe704d4e6a54d39n,
  0x400310f3a10794f7n, 0xbfe73b5ae5db4e0en, 0x40037525ac97e0d9n, 0xbfe847bf1d5146ccn,
  0x400d276b38c9f6dfn, 0xbfec0ab44e81c058n, 0x400dbfbbc70254b9n, 0xbfead19e2535aa97n,
  0x400e28c731eb6950n, 0xbfe9e3779b97f4a9n, 0x400f2a232b0cdbc1n, 0xbfe753b603d2b818n,
  0x40131f6bc01d9cbfn, 0x3fb17855b599f3b9n, 0x40162d0aefffeb8dn, 0x3fe7a5f6075d487fn,
];

/** The (angle → result) pairs of a fix list as doubles. */
function fixMap(bits: bigint[]): Map<number, number> {
  const f = new Float64Array(new BigUint64Array(bits).buffer);
  const m = new Map<number, number>();
  for (let k = 0; k < f.length; k += 2) m.set(f[k], f[k + 1]);
  return m;
}

let dftSinTable: Float64Array | null = null;
let dftCosTable: Float64Array | null = null;

/** Fills both tables (index d·(d−1)/2 + i), as libm.ts's dftFill. */
function dftFill(): void {
  const sinFix = fixMap(SIN_FIX);
  const cosFix = fixMap(COS_FIX);
  const c = Math.atan(1) * 8.0;
  const s = new Float64Array((DFT_MAX * (DFT_MAX + 1)) / 2);
  const co = new Float64Array(s.length);
  let k = 0;
  for (let d = 1; d <= DFT_MAX; d++) {
    for (let i = 0; i < d; i++, k++) {
      const angle = (i * c) / d;
      s[k] = sinFix.get(angle) ?? wasmSin(angle);
      co[k] = cosFix.get(angle) ?? wasmCos(angle);
    }
  }
  dftSinTable = s;
  dftCosTable = co;
}

/** Checks 1 ≤ d ≤ 50 (an integer) for the DFT tables. */
function dftRow(d: number): number {
  if (!Number.isInteger(d) || d < 1 || d > DFT_MAX) throw new RangeError(`DFT length d must be an integer in 1..${DFT_MAX}, got ${d}`);
  if (dftSinTable === null) dftFill();
  return (d * (d - 1)) / 2;
}

/**
 * glibc's sin((i·8·atan 1)/d) for i = 0..d−1, 1 ≤ d ≤ 50: TA-Lib's std_sin of its Hilbert-DFT angles bit for bit,
 * as the kernels' table (assembly/libm.ts dftSinRow). A view; do not write to it.
 */
export function dftSinRow(d: number): Float64Array {
  const b = dftRow(d);
  return dftSinTable!.subarray(b, b + d);
}

/** glibc's cos((i·8·atan 1)/d) for i = 0..d−1, as dftSinRow (assembly/libm.ts dftCosRow). */
export function dftCosRow(d: number): Float64Array {
  const b = dftRow(d);
  return dftCosTable!.subarray(b, b + d);
}
