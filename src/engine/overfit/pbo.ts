// Probability of backtest overfitting by combinatorially symmetric cross-validation (CSCV; Bailey, Borwein, López de
// Prado & Zhu, "The probability of backtest overfitting", J. of Computational Finance 20(4), 2017 / SSRN 2015).
// T periods × N trials of returns are cut into S contiguous blocks (block b holds rows ⌊b·T/S⌋ … ⌊(b+1)·T/S⌋ − 1, so
// sizes differ by at most one and every row is used). For each of the C(S, S/2) ways to pick S/2 blocks as the
// in-sample half (the rest, in order, is out-of-sample), every trial is scored on each half by its Sharpe ratio
// (mean / sample std, ddof 1; a half with zero std scores 0 if its mean is 0, else ±∞); the IS-best trial (the first
// in trial order on ties) gets the OOS rank 1 + #{trials strictly below it OOS} (rank 1 = worst), ω = rank/(N + 1),
// λ = ln(ω/(1 − ω)), and PBO is the share of splits with λ ≤ 0 (the IS-best landed in the OOS bottom half).
//
// Each trial's returns enter only through per-block sums, shifted by the trial's overall mean for accuracy, so a
// split's half is a sum of S/2 block sums. The splits come in complementary pairs (IS ↔ OOS swapped): a depth-first
// walk over the S/2-block subsets that contain block 0 visits each pair once, sharing partial sums along the path.

/** Per-trial, per-block sums of one returns matrix (trial-major: entry j·S + b is trial j, block b). */
export interface BlockStats {
  trials: number;
  blocks: number;
  /** Rows in each block (the same for every trial). */
  counts: Int32Array;
  /** Each trial's shift c_j (the mean of all its returns). */
  shift: Float64Array;
  /** Σ (r − c_j) over the block's rows. */
  sum: Float64Array;
  /** Σ (r − c_j)² over the block's rows. */
  sumSq: Float64Array;
}

/** The result of CSCV. */
export interface PboResult {
  /** Share of splits whose logit λ ≤ 0. */
  pbo: number;
  /** λ of every split, in the walk's order (complementary splits adjacent). */
  logits: Float64Array;
  splits: number;
  blocks: number;
  trials: number;
}

/** Largest supported number of blocks (C(20, 10) = 184,756 splits). */
export const MAX_PBO_BLOCKS = 20;

/** Row bounds of block b of S over T rows: [⌊b·T/S⌋, ⌊(b+1)·T/S⌋). */
export function blockBounds(rows: number, blocks: number, b: number): [number, number] {
  return [Math.floor((b * rows) / blocks), Math.floor(((b + 1) * rows) / blocks)];
}

/** Throws naming `field` unless `blocks` is an even integer in 2..MAX_PBO_BLOCKS with at least 2 rows per block. */
export function checkBlocks(blocks: unknown, rows: number, field = 'blocks'): number {
  if (!(typeof blocks === 'number' && Number.isInteger(blocks) && blocks >= 2 && blocks <= MAX_PBO_BLOCKS && blocks % 2 === 0)) {
    throw new RangeError(`${field}: must be an even integer in 2..${MAX_PBO_BLOCKS}, got ${JSON.stringify(blocks)}`);
  }
  if (rows < 2 * blocks) throw new RangeError(`${field}: ${blocks} blocks need at least ${2 * blocks} periods (2 per block), got ${rows}`);
  return blocks;
}

/** Block sums of trial j's returns `r` (rows = r.length) written into `out`. */
export function addTrialBlocks(out: BlockStats, j: number, r: ArrayLike<number>): void {
  const S = out.blocks;
  const rows = r.length;
  let total = 0;
  for (let t = 0; t < rows; t++) total += r[t];
  const c = total / rows;
  out.shift[j] = c;
  for (let b = 0; b < S; b++) {
    const [lo, hi] = blockBounds(rows, S, b);
    let s = 0;
    let q = 0;
    for (let t = lo; t < hi; t++) {
      const d = r[t] - c;
      s += d;
      q += d * d;
    }
    out.sum[j * S + b] = s;
    out.sumSq[j * S + b] = q;
  }
}

/** Empty BlockStats for `trials` trials over `rows` rows in `blocks` blocks. */
export function emptyBlockStats(trials: number, rows: number, blocks: number): BlockStats {
  const counts = new Int32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const [lo, hi] = blockBounds(rows, blocks, b);
    counts[b] = hi - lo;
  }
  return { trials, blocks, counts, shift: new Float64Array(trials), sum: new Float64Array(trials * blocks), sumSq: new Float64Array(trials * blocks) };
}

/** Block sums of a T × N returns matrix (matrix[t][n]); throws naming the bad cell. */
export function blockStatsOfMatrix(matrix: readonly (readonly number[])[], blocks: number): BlockStats {
  if (!Array.isArray(matrix) || matrix.length === 0) throw new RangeError('returns_matrix: must be a non-empty array of rows (periods), each an array of N trial returns');
  const T = matrix.length;
  const N = Array.isArray(matrix[0]) ? matrix[0].length : 0;
  if (N < 2) throw new RangeError(`returns_matrix[0]: must hold at least 2 trials, got ${JSON.stringify(matrix[0])?.slice(0, 80)}`);
  matrix.forEach((row, t) => {
    if (!Array.isArray(row) || row.length !== N) throw new RangeError(`returns_matrix[${t}]: must be an array of ${N} numbers like row 0`);
    row.forEach((v, n) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`returns_matrix[${t}][${n}]: must be a finite number, got ${JSON.stringify(v)}`);
    });
  });
  checkBlocks(blocks, T);
  const out = emptyBlockStats(N, T, blocks);
  const col = new Float64Array(T);
  for (let j = 0; j < N; j++) {
    for (let t = 0; t < T; t++) col[t] = matrix[t][j];
    addTrialBlocks(out, j, col);
  }
  return out;
}

/** Sharpe ratio (mean / sample std) of a half from its shifted sums; zero std → 0 for a zero mean, else ±∞. */
export function halfSharpe(n: number, s: number, q: number, c: number): number {
  const mean = s / n + c;
  const v = (q - (s * s) / n) / (n - 1);
  const sd = v > 0 ? Math.sqrt(v) : 0;
  if (sd > 0) return mean / sd;
  return mean === 0 ? 0 : mean > 0 ? Infinity : -Infinity;
}

/** The OOS rank (1 = worst) of the IS-best trial (first on ties by `is`) within `oos`. */
function splitRank(is: Float64Array, oos: Float64Array): number {
  const N = is.length;
  let best = 0;
  for (let j = 1; j < N; j++) if (is[j] > is[best]) best = j;
  const target = oos[best];
  let below = 0;
  for (let j = 0; j < N; j++) if (oos[j] < target) below++;
  return 1 + below;
}

/** PBO by CSCV over precomputed block sums (see the module comment for every definition). */
export function pboFromBlocks(st: BlockStats): PboResult {
  const { trials: N, blocks: S, counts } = st;
  if (N < 2) throw new RangeError(`trials: PBO needs at least 2 trials, got ${N}`);
  const half = S / 2;
  // Block-major copies for contiguous inner loops; totals per trial for the complement.
  const bs = Array.from({ length: S }, (_, b) => Float64Array.from({ length: N }, (_, j) => st.sum[j * S + b]));
  const bq = Array.from({ length: S }, (_, b) => Float64Array.from({ length: N }, (_, j) => st.sumSq[j * S + b]));
  const totS = new Float64Array(N);
  const totQ = new Float64Array(N);
  let totN = 0;
  for (let b = 0; b < S; b++) {
    totN += counts[b];
    for (let j = 0; j < N; j++) {
      totS[j] += bs[b][j];
      totQ[j] += bq[b][j];
    }
  }
  const accS = Array.from({ length: half + 1 }, () => new Float64Array(N));
  const accQ = Array.from({ length: half + 1 }, () => new Float64Array(N));
  const srA = new Float64Array(N);
  const srB = new Float64Array(N);
  const logits: number[] = [];
  let low = 0;
  const leaf = (nA: number): void => {
    const s = accS[half];
    const q = accQ[half];
    const nB = totN - nA;
    for (let j = 0; j < N; j++) {
      const c = st.shift[j];
      srA[j] = halfSharpe(nA, s[j], q[j], c);
      srB[j] = halfSharpe(nB, totS[j] - s[j], totQ[j] - q[j], c);
    }
    for (const rank of [splitRank(srA, srB), splitRank(srB, srA)]) {
      const w = rank / (N + 1);
      logits.push(Math.log(w / (1 - w)));
      // λ ≤ 0 ⇔ ω ≤ ½ ⇔ 2·rank ≤ N + 1, decided in integers.
      if (2 * rank <= N + 1) low++;
    }
  };
  const walk = (depth: number, from: number, nRows: number): void => {
    if (depth === half) return leaf(nRows);
    // Leave enough blocks for the remaining picks.
    for (let b = from; b <= S - (half - depth); b++) {
      const ps = accS[depth];
      const pq = accQ[depth];
      const ns = accS[depth + 1];
      const nq = accQ[depth + 1];
      const xs = bs[b];
      const xq = bq[b];
      for (let j = 0; j < N; j++) {
        ns[j] = ps[j] + xs[j];
        nq[j] = pq[j] + xq[j];
      }
      walk(depth + 1, b + 1, nRows + counts[b]);
      if (depth === 0) break; // block 0 is always in A: each complementary pair once
    }
  };
  walk(0, 0, 0);
  return { pbo: low / logits.length, logits: Float64Array.from(logits), splits: logits.length, blocks: S, trials: N };
}

/** PBO by CSCV of a T × N returns matrix (matrix[t][n], the CLI's `returns_matrix`) in `blocks` blocks. */
export function pboFromMatrix(matrix: readonly (readonly number[])[], blocks = 16): PboResult {
  return pboFromBlocks(blockStatsOfMatrix(matrix, blocks));
}
