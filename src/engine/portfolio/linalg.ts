// Dense linear algebra for the portfolio engine: row-major n×n Float64Array matrices, Cholesky factorization
// (LAPACK dpotrf's lower form) and the symmetric eigen-decomposition (Householder tridiagonalization + implicit
// QL, the EISPACK tred2/tql2 pair as in JAMA) used by the PSD repair. Plain loops, no allocation inside loops.

/** Lower Cholesky factor L (row-major n×n, L·Lᵀ = A) of a symmetric matrix, or null if A is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= l[rj + k] * l[rj + k];
    if (!(d > 0)) return null;
    const djj = Math.sqrt(d);
    l[rj + j] = djj;
    // Four rows at a time share each load of row j (same operations per entry as one row at a time).
    let i = j + 1;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = a[r0 + j];
      let s1 = a[r1 + j];
      let s2 = a[r2 + j];
      let s3 = a[r3 + j];
      for (let k = 0; k < j; k++) {
        const y = l[rj + k];
        (s0 -= l[r0 + k] * y), (s1 -= l[r1 + k] * y), (s2 -= l[r2 + k] * y), (s3 -= l[r3 + k] * y);
      }
      (l[r0 + j] = s0 / djj), (l[r1 + j] = s1 / djj), (l[r2 + j] = s2 / djj), (l[r3 + j] = s3 / djj);
    }
    for (; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s / djj;
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b in place (b becomes x) for a lower Cholesky factor L (row-major n×n). */
export function cholSolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= l[ri + k] * b[k];
    b[i] = s / l[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
  return b;
}

/** True when A + 1e-16·I has a Cholesky factor: PyPortfolioOpt's `_is_positive_semidefinite` test. */
export function isPositiveSemidefinite(a: Float64Array, n: number): boolean {
  const b = Float64Array.from(a);
  for (let i = 0; i < n; i++) b[i * n + i] += 1e-16;
  return cholesky(b, n) !== null;
}

/**
 * Eigen-decomposition of a symmetric matrix: values ascending and the matching orthonormal eigenvectors as the
 * columns of `vectors` (row-major n×n). EISPACK tred2 + tql2 (as ported in JAMA), like numpy.linalg.eigh's result.
 */
export function eigSym(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(v, d, e, n);
  tql2(v, d, e, n);
  return { values: d, vectors: v };
}

function tred2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0;
  }
  if (n > 0) V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

function tql2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      do {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            h = V[k * n + i + 1];
            V[k * n + i + 1] = s * V[k * n + i] + c * h;
            V[k * n + i] = c * V[k * n + i] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  // Sort eigenvalues (and vectors) ascending.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const t = V[j * n + i];
        V[j * n + i] = V[j * n + k];
        V[j * n + k] = t;
      }
    }
  }
}

/** y = A·x for a row-major n×n matrix. */
export function matVec(a: Float64Array, n: number, x: ArrayLike<number>, out = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const ri = i * n;
    for (let j = 0; j < n; j++) s += a[ri + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** xᵀ·A·x for a row-major n×n matrix. */
export function quadForm(a: Float64Array, n: number, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    let t = 0;
    const ri = i * n;
    for (let j = 0; j < n; j++) t += a[ri + j] * x[j];
    s += xi * t;
  }
  return s;
}

/** Rows per pass of `gramPanels`: 4 columns × 512 rows × 8 bytes = 16 KB per panel slice, so slices stay in cache. */
const GRAM_CHUNK = 512;

/**
 * out += PᵀQ for column panels of `len` rows: P holds 4·blocksA columns and Q 4·blocksB columns, each stored as
 * 4-column blocks with rows interleaved (column k, row t at (k >> 2)·4·len + 4t + (k & 3)); out is (4·blocksA)×(4·blocksB)
 * row-major. 4×4 register tiles over row chunks (BLAS-3 style blocking, plain loops). With `upper` (P = Q) only
 * tiles on or above the block diagonal are accumulated. Each entry is the sum over t of P[·,t]·Q[·,t] in ascending t
 * within a chunk, chunks added in order (so it differs from a plain dot product only in the last bits).
 */
export function gramPanels(P: Float64Array, blocksA: number, Q: Float64Array, blocksB: number, len: number, out: Float64Array, upper: boolean): void {
  const nb = blocksB * 4;
  for (let t0 = 0; t0 < len; t0 += GRAM_CHUNK) {
    const t1 = Math.min(len, t0 + GRAM_CHUNK);
    for (let A = 0; A < blocksA; A++) {
      const pa = A * 4 * len;
      const end = pa + 4 * t1;
      for (let B = upper ? A : 0; B < blocksB; B++) {
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (let p = pa + 4 * t0, q = B * 4 * len + 4 * t0; p < end; p += 4, q += 4) {
          const y0 = Q[q];
          const y1 = Q[q + 1];
          const y2 = Q[q + 2];
          const y3 = Q[q + 3];
          let x = P[p];
          (s00 += x * y0), (s01 += x * y1), (s02 += x * y2), (s03 += x * y3);
          x = P[p + 1];
          (s10 += x * y0), (s11 += x * y1), (s12 += x * y2), (s13 += x * y3);
          x = P[p + 2];
          (s20 += x * y0), (s21 += x * y1), (s22 += x * y2), (s23 += x * y3);
          x = P[p + 3];
          (s30 += x * y0), (s31 += x * y1), (s32 += x * y2), (s33 += x * y3);
        }
        let o = A * 4 * nb + B * 4;
        (out[o] += s00), (out[o + 1] += s01), (out[o + 2] += s02), (out[o + 3] += s03);
        o += nb;
        (out[o] += s10), (out[o + 1] += s11), (out[o + 2] += s12), (out[o + 3] += s13);
        o += nb;
        (out[o] += s20), (out[o + 1] += s21), (out[o + 2] += s22), (out[o + 3] += s23);
        o += nb;
        (out[o] += s30), (out[o + 1] += s31), (out[o + 2] += s32), (out[o + 3] += s33);
      }
    }
  }
}
