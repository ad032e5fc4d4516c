// Pairwise-complete covariance and correlation as pandas DataFrame.cov / DataFrame.corr (what PyPortfolioOpt 1.5.6's
// sample_cov and HRPOpt use): every pair over the rows where both are present, means over that overlap, ddof 1.
// Columns sharing a missing pattern are centred once and multiplied in 4×4 tiles (linalg.gramPanels); the result
// equals the per-pair formula up to summation order.
import { gramPanels } from './linalg';
import { rowCount, type ReturnTable } from './returns';

/** Columns of a return table, each contiguous (column-major copy). */
export function columns(ret: ReturnTable): Float64Array[] {
  const n = ret.assets.length;
  const T = rowCount(ret);
  return Array.from({ length: n }, (_, i) => {
    const c = new Float64Array(T);
    for (let t = 0; t < T; t++) c[t] = ret.r[t * n + i];
    return c;
  });
}

/** True when some value is NaN (a plain loop: several times faster than `some(Number.isNaN)` on large tables). */
function hasNaN(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== a[i]) return true;
  return false;
}

/** Columns with the same missing-value pattern: their member indices and the rows where they are present. */
interface MaskGroup {
  members: number[];
  valid: Uint8Array;
}

/** Groups the columns of a T×n row-major table by missing-value pattern (one group when nothing is missing). */
function maskGroups(r: Float64Array, T: number, n: number): MaskGroup[] {
  if (!hasNaN(r)) return [{ members: Array.from({ length: n }, (_, i) => i), valid: new Uint8Array(T).fill(1) }];
  const byKey = new Map<string, MaskGroup>();
  for (let i = 0; i < n; i++) {
    const valid = new Uint8Array(T);
    const edges: number[] = [];
    for (let t = 0; t < T; t++) {
      valid[t] = r[t * n + i] === r[t * n + i] ? 1 : 0;
      if (valid[t] !== (t > 0 ? valid[t - 1] : 0)) edges.push(t);
    }
    const key = edges.join(',');
    const g = byKey.get(key);
    if (g) g.members.push(i);
    else byKey.set(key, { members: [i], valid });
  }
  return [...byKey.values()];
}

/**
 * Centres each member column over `rows` (mean = row-ordered sum / count, as the pairwise loop) into 4-column
 * interleaved panels (see gramPanels; padding columns are 0); `ss` gets each centred column's row-ordered Σx².
 */
function centredPanels(r: Float64Array, n: number, members: readonly number[], rows: Int32Array): { P: Float64Array; ss: Float64Array } {
  const c = rows.length;
  const m = members.length;
  const P = new Float64Array(Math.ceil(m / 4) * 4 * c);
  const mean = new Float64Array(m);
  const ss = new Float64Array(m);
  // Row by row through the row-major table (each column's sums still run in row order).
  for (let q = 0; q < c; q++) {
    const rt = rows[q] * n;
    for (let k = 0; k < m; k++) mean[k] += r[rt + members[k]];
  }
  for (let k = 0; k < m; k++) mean[k] /= c;
  for (let q = 0; q < c; q++) {
    const rt = rows[q] * n;
    for (let k = 0; k < m; k++) {
      const x = r[rt + members[k]] - mean[k];
      P[(k >> 2) * 4 * c + 4 * q + (k & 3)] = x;
      ss[k] += x * x;
    }
  }
  return { P, ss };
}

/** One pair over its own overlap (rows where both are present): covariance (ddof 1) or Pearson correlation, NaN below 2 rows. */
function pairMoment(a: Float64Array, b: Float64Array, corr: boolean): number {
  const T = a.length;
  let ma = 0;
  let mb = 0;
  let c = 0;
  for (let t = 0; t < T; t++) {
    const x = a[t];
    const y = b[t];
    if (x === x && y === y) (ma += x), (mb += y), c++;
  }
  if (c < 2) return NaN;
  ma /= c;
  mb /= c;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let t = 0; t < T; t++) {
    const x = a[t];
    const y = b[t];
    if (!(x === x && y === y)) continue;
    const dx = x - ma;
    const dy = y - mb;
    sab += dx * dy;
    saa += dx * dx;
    sbb += dy * dy;
  }
  return corr ? sab / Math.sqrt(saa * sbb) : sab / (c - 1);
}

/**
 * Pairwise-complete covariance (ddof 1) or correlation (diagonal 1) for every pair over its own overlap. Columns
 * are grouped by missing pattern; for each pair of groups with enough pairs, all members are centred once over the
 * shared rows (the same means as the per-pair formula) and multiplied in 4×4 tiles (gramPanels); the remaining
 * pairs take the per-pair loop. Equal to the per-pair formula up to summation order.
 */
function pairwiseMoments(ret: ReturnTable, corr: boolean): Float64Array {
  const n = ret.assets.length;
  const T = rowCount(ret);
  const r = ret.r;
  const out = new Float64Array(n * n);
  const groups = maskGroups(r, T, n);
  let cols: Float64Array[] | undefined;
  for (let g = 0; g < groups.length; g++) {
    for (let h = g; h < groups.length; h++) {
      const A = groups[g].members;
      const B = groups[h].members;
      const va = groups[g].valid;
      const vb = groups[h].valid;
      const rows: number[] = [];
      for (let t = 0; t < T; t++) if (va[t] && vb[t]) rows.push(t);
      if (rows.length < 2 || A.length * B.length < 16) {
        cols ??= columns(ret);
        for (const i of A) for (const j of B) if (g !== h || j >= i) out[i * n + j] = out[j * n + i] = pairMoment(cols[i], cols[j], corr);
        continue;
      }
      const idx = Int32Array.from(rows);
      const pa = centredPanels(r, n, A, idx);
      const pb = g === h ? pa : centredPanels(r, n, B, idx);
      const ba = pa.P.length / (4 * idx.length);
      const bb = pb.P.length / (4 * idx.length);
      const G = new Float64Array(ba * 4 * bb * 4);
      gramPanels(pa.P, ba, pb.P, bb, idx.length, G, g === h);
      const nb = bb * 4;
      for (let a = 0; a < A.length; a++) {
        for (let b = g === h ? a : 0; b < B.length; b++) {
          const s = G[a * nb + b];
          out[A[a] * n + B[b]] = out[B[b] * n + A[a]] = corr ? s / Math.sqrt(pa.ss[a] * pb.ss[b]) : s / (idx.length - 1);
        }
      }
    }
  }
  if (corr) for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** Pairwise-complete covariance (ddof 1, each pair over its own overlap; NaN with < 2 shared rows): pandas DataFrame.cov. */
export function pairwiseCov(ret: ReturnTable): Float64Array {
  return pairwiseMoments(ret, false);
}

/** Σ(x − x̄)² of each member column over `rows` (mean over those rows), summed in row order. */
function centredSumSquares(r: Float64Array, n: number, members: readonly number[], rows: Int32Array): Float64Array {
  const c = rows.length;
  const mean = new Float64Array(members.length);
  const ss = new Float64Array(members.length);
  for (let q = 0; q < c; q++) for (let k = 0; k < members.length; k++) mean[k] += r[rows[q] * n + members[k]];
  for (let k = 0; k < members.length; k++) mean[k] /= c;
  for (let q = 0; q < c; q++) {
    for (let k = 0; k < members.length; k++) {
      const x = r[rows[q] * n + members[k]] - mean[k];
      ss[k] += x * x;
    }
  }
  return ss;
}

/**
 * Pairwise-complete correlation from the pairwise covariance of the same (ragged) table without a second O(n²T)
 * pass: ρᵢⱼ = covᵢⱼ/√(covᵢᵢcovⱼⱼ) · √(kᵢkⱼ), kᵢ = column i's variance over its own rows ÷ its variance over the
 * pair's overlap (1 when the pair shares the missing pattern); any positive scaling of `cov` cancels.
 */
function corrFromCov(ret: ReturnTable, cov: Float64Array): Float64Array {
  const n = ret.assets.length;
  const T = rowCount(ret);
  const groups = maskGroups(ret.r, T, n);
  const rowsOf = (va: Uint8Array, vb: Uint8Array) => {
    const rows: number[] = [];
    for (let t = 0; t < T; t++) if (va[t] && vb[t]) rows.push(t);
    return Int32Array.from(rows);
  };
  const ownVar = groups.map((g) => {
    const rows = rowsOf(g.valid, g.valid);
    return centredSumSquares(ret.r, n, g.members, rows).map((v) => v / (rows.length - 1));
  });
  const out = new Float64Array(n * n);
  for (let g = 0; g < groups.length; g++) {
    for (let h = g; h < groups.length; h++) {
      const A = groups[g].members;
      const B = groups[h].members;
      const rows = g === h ? null : rowsOf(groups[g].valid, groups[h].valid);
      const ka = new Float64Array(A.length).fill(1);
      const kb = new Float64Array(B.length).fill(1);
      if (rows && rows.length >= 2) {
        const sa = centredSumSquares(ret.r, n, A, rows);
        const sb = centredSumSquares(ret.r, n, B, rows);
        for (let a = 0; a < A.length; a++) ka[a] = ownVar[g][a] / (sa[a] / (rows.length - 1));
        for (let b = 0; b < B.length; b++) kb[b] = ownVar[h][b] / (sb[b] / (rows.length - 1));
      }
      for (let a = 0; a < A.length; a++) {
        for (let b = g === h ? a : 0; b < B.length; b++) {
          const i = A[a];
          const j = B[b];
          const rho = rows && rows.length < 2 ? NaN : (cov[i * n + j] / Math.sqrt(cov[i * n + i] * cov[j * n + j])) * Math.sqrt(ka[a] * kb[b]);
          out[i * n + j] = out[j * n + i] = rho;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/**
 * Pairwise-complete Pearson correlation: pandas DataFrame.corr (diagonal 1). Given `cov` (the pairwiseCov of the
 * same table, e.g. HRP's daily covariance) it is derived from it — one covariance pass serves both; otherwise one
 * blocked pass (complete data: via pairwiseCov).
 */
export function pairwiseCorr(ret: ReturnTable, cov?: Float64Array): Float64Array {
  const n = ret.assets.length;
  if (hasNaN(ret.r)) return cov ? corrFromCov(ret, cov) : pairwiseMoments(ret, true);
  const c = cov ?? pairwiseCov(ret);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 1 : c[i * n + j] / Math.sqrt(c[i * n + i] * c[j * n + j]);
  return out;
}
