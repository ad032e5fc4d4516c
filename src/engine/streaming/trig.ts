// sin and cos exactly as the WASM kernels compute them: AssemblyScript's NativeMath (musl's __sin/__cos kernels
// and Cody–Waite argument reduction). V8's Math.sin/cos differ from it in the last bit for some arguments (e.g.
// 10 of the 1275 DFT angles HT_TRENDMODE uses), which flips HT_TRENDMODE on flat series; these ports keep the
// streaming values bit-identical to the batch kernels. Arguments beyond ±2^20·π/2 fall back to Math (never used).

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
