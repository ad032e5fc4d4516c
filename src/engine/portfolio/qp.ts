// Our convex QP solver: a primal active-set method (Nocedal & Wright, Numerical Optimization, 2nd ed., §16.5)
//   minimize ½xᵀHx + cᵀx  subject to  A_eq·x = b_eq,  G·x ≤ h,  lb ≤ x ≤ ub
// with H symmetric positive definite on every free subspace (callers add a tiny ridge to zero-curvature
// variables). Bounds are handled by fixing variables (the free block's Cholesky factor is updated in O(n_free²)
// when a variable is fixed or released); general rows enter the working set through a Schur complement. A phase 1
// (one artificial variable t ≥ 0 that absorbs the starting point's violations, minimized) finds a feasible start
// when the given one is not. Warm starts (a feasible x0) make parametric sweeps such as the frontier cheap.
// `kktResiduals` measures the solution against the first-order conditions; tests hold them to 1e-10.

/** A convex QP: ½xᵀHx + cᵀx with equality rows, `≤` rows and bounds (±Infinity = none). */
export interface QpProblem {
  n: number;
  /** Row-major n×n symmetric matrix. */
  H: Float64Array;
  c: Float64Array;
  aEq: Float64Array[];
  bEq: number[];
  /** Rows of G·x ≤ h. */
  g: Float64Array[];
  h: number[];
  lb: Float64Array;
  ub: Float64Array;
  /** Set when H is diagonal (phase 1): factorizations are then O(n). */
  diagonal?: boolean;
}

/** A solution with its multipliers: Hx + c + A_eqᵀ·yEq + Gᵀ·yIneq − zLower + zUpper = 0, yIneq, zLower, zUpper ≥ 0. */
export interface QpSolution {
  x: Float64Array;
  yEq: Float64Array;
  yIneq: Float64Array;
  zLower: Float64Array;
  zUpper: Float64Array;
  objective: number;
  iterations: number;
}

/** Thrown when the constraints admit no point (phase 1 ends with a positive violation). */
export class InfeasibleError extends Error {}

const BOUND_TOL = 1e-12;

/** Solves a convex QP by the primal active-set method; x0 (optional) warm-starts it when feasible. */
export function solveQp(p: QpProblem, x0?: Float64Array): QpSolution {
  validate(p);
  let start = x0 ? clip(p, Float64Array.from(x0)) : defaultStart(p);
  if (maxViolation(p, start) > 1e-11 * (1 + maxAbs(start))) start = phase1(p, start);
  const s = new ActiveSet(p, start);
  return s.run();
}

/** Max-abs KKT residuals of a solution: stationarity, primal feasibility, dual sign, complementarity. */
export function kktResiduals(p: QpProblem, s: QpSolution): {
  stationarity: number;
  primal: number;
  dual: number;
  complementarity: number;
} {
  const { n } = p;
  const grad = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = p.c[i];
    for (let j = 0; j < n; j++) v += p.H[i * n + j] * s.x[j];
    grad[i] = v - s.zLower[i] + s.zUpper[i];
  }
  p.aEq.forEach((r, k) => addScaled(grad, r, s.yEq[k]));
  p.g.forEach((r, k) => addScaled(grad, r, s.yIneq[k]));
  let comp = 0;
  let dual = 0;
  p.g.forEach((r, k) => {
    comp = Math.max(comp, Math.abs(s.yIneq[k] * (p.h[k] - dot(r, s.x))));
    dual = Math.max(dual, -s.yIneq[k]);
  });
  for (let i = 0; i < n; i++) {
    if (s.zLower[i] !== 0) comp = Math.max(comp, Math.abs(s.zLower[i] * (s.x[i] - p.lb[i])));
    if (s.zUpper[i] !== 0) comp = Math.max(comp, Math.abs(s.zUpper[i] * (p.ub[i] - s.x[i])));
    dual = Math.max(dual, -s.zLower[i], -s.zUpper[i]);
  }
  return { stationarity: maxAbs(grad), primal: maxViolation(p, s.x), dual: Math.max(0, dual), complementarity: comp };
}

/** Largest violation of any constraint of p at x (0 when feasible). */
export function maxViolation(p: QpProblem, x: Float64Array): number {
  let v = 0;
  for (let i = 0; i < p.n; i++) v = Math.max(v, p.lb[i] - x[i], x[i] - p.ub[i]);
  p.aEq.forEach((r, k) => (v = Math.max(v, Math.abs(dot(r, x) - p.bEq[k]))));
  p.g.forEach((r, k) => (v = Math.max(v, dot(r, x) - p.h[k])));
  return Math.max(0, v);
}

function validate(p: QpProblem): void {
  const { n } = p;
  if (p.H.length !== n * n || p.c.length !== n || p.lb.length !== n || p.ub.length !== n)
    throw new Error(`QP: H must be ${n}×${n} and c, lb, ub of length ${n}`);
  if (p.aEq.length !== p.bEq.length || p.g.length !== p.h.length) throw new Error('QP: row and right-hand-side counts differ');
  for (let i = 0; i < n; i++) if (p.lb[i] > p.ub[i]) throw new InfeasibleError(`QP: lower bound ${p.lb[i]} above upper bound ${p.ub[i]} for variable ${i}`);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function addScaled(out: Float64Array, a: ArrayLike<number>, k: number): void {
  if (k === 0) return;
  for (let i = 0; i < out.length; i++) out[i] += k * a[i];
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function clip(p: QpProblem, x: Float64Array): Float64Array {
  for (let i = 0; i < p.n; i++) x[i] = Math.min(p.ub[i], Math.max(p.lb[i], x[i]));
  return x;
}

function defaultStart(p: QpProblem): Float64Array {
  return clip(p, new Float64Array(p.n));
}

/** A feasible point near x0: minimizes t + ε/2·(‖x − x0‖² + t²) over constraints relaxed by t·(x0's violation). */
function phase1(p: QpProblem, x0: Float64Array): Float64Array {
  const n = p.n;
  const m = n + 1;
  const cur = x0;
  for (const eps of [1e-9, 1e-13]) {
    const H = new Float64Array(m * m);
    for (let i = 0; i < m; i++) H[i * m + i] = eps;
    const c = new Float64Array(m);
    for (let i = 0; i < n; i++) c[i] = -eps * x0[i];
    c[n] = 1;
    const ext = (r: Float64Array, t: number): Float64Array => {
      const e = new Float64Array(m);
      e.set(r);
      e[n] = t;
      return e;
    };
    const aEq = p.aEq.map((r, k) => ext(r, p.bEq[k] - dot(r, cur)));
    const g = p.g.map((r, k) => ext(r, -Math.max(0, dot(r, cur) - p.h[k])));
    const lb = new Float64Array(m);
    lb.set(p.lb);
    lb[n] = 0;
    const ub = new Float64Array(m);
    ub.set(p.ub);
    ub[n] = Infinity;
    const aux: QpProblem = { n: m, H, c, aEq, bEq: p.bEq.slice(), g, h: p.h.slice(), lb, ub, diagonal: true };
    const start = new Float64Array(m);
    start.set(cur);
    start[n] = 1;
    const sol = new ActiveSet(aux, start).run();
    if (sol.x[n] <= 1e-12) return clip(p, sol.x.slice(0, n));
  }
  throw new InfeasibleError('the constraints admit no portfolio (no point satisfies the bounds and constraints together)');
}

/** The working-set iteration over one problem from one feasible start. */
class ActiveSet {
  private readonly n: number;
  private readonly x: Float64Array;
  private readonly grad: Float64Array;
  /** 0 free, −1 fixed at lb, +1 fixed at ub. */
  private readonly state: Int8Array;
  private readonly free: Int32Array;
  private nf = 0;
  private readonly L: Float64Array;
  private readonly rows: Float64Array[];
  private readonly rhs: number[];
  private readonly mEq: number;
  private working: number[] = [];
  private readonly scratch: Float64Array;
  private readonly pF: Float64Array;
  private lambda = new Float64Array(0);
  private readonly rowNorm: number[];
  /** Rows found redundant at the current point: they may not block again until the point moves. */
  private readonly redundant = new Set<number>();
  private readonly redundantVars = new Set<number>();
  private lastFixed = -1;

  constructor(
    private readonly p: QpProblem,
    x0: Float64Array,
  ) {
    const n = (this.n = p.n);
    this.x = Float64Array.from(x0);
    this.rows = [...p.aEq, ...p.g];
    this.rhs = [...p.bEq, ...p.h];
    this.mEq = p.aEq.length;
    this.rowNorm = this.rows.map((r) => maxAbs(r));
    this.state = new Int8Array(n);
    this.free = new Int32Array(n);
    this.L = new Float64Array(n * n);
    this.scratch = new Float64Array(n);
    this.pF = new Float64Array(n);
    this.grad = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let v = p.c[i];
      const ri = i * n;
      for (let j = 0; j < n; j++) v += p.H[ri + j] * this.x[j];
      this.grad[i] = v;
    }
    this.initialWorkingSet();
    this.factor();
  }

  /** Bounds active at x fixed, equality rows and independent active inequality rows in the working set. */
  private initialWorkingSet(): void {
    const { p, n, x } = this;
    for (let i = 0; i < n; i++) {
      const tol = BOUND_TOL * (1 + Math.abs(x[i]));
      if (x[i] - p.lb[i] <= tol) {
        x[i] = p.lb[i];
        this.state[i] = -1;
      } else if (p.ub[i] - x[i] <= tol) {
        x[i] = p.ub[i];
        this.state[i] = 1;
      }
    }
    const basis: Float64Array[] = [];
    for (let k = 0; k < this.mEq; k++) {
      while (!this.tryAddToBasis(basis, this.rows[k])) {
        // Dependent on the fixed bounds: release the fixed variable with the largest coefficient in this row.
        let best = -1;
        let bestAbs = 0;
        for (let i = 0; i < n; i++) {
          if (this.state[i] !== 0 && Math.abs(this.rows[k][i]) > bestAbs) {
            bestAbs = Math.abs(this.rows[k][i]);
            best = i;
          }
        }
        if (best < 0) throw new Error('QP: the equality constraints are linearly dependent');
        this.state[best] = 0;
        this.rebuildBasis(basis, k);
      }
      this.working.push(k);
    }
    for (let k = this.mEq; k < this.rows.length; k++) {
      const slack = this.rhs[k] - dot(this.rows[k], x);
      if (slack <= 1e-12 * (1 + Math.abs(this.rhs[k])) && this.tryAddToBasis(basis, this.rows[k])) this.working.push(k);
    }
    this.nf = 0;
    for (let i = 0; i < n; i++) if (this.state[i] === 0) this.free[this.nf++] = i;
    this.recomputeGrad();
  }

  private rebuildBasis(basis: Float64Array[], upTo: number): void {
    basis.length = 0;
    for (const k of this.working) this.tryAddToBasis(basis, this.rows[k]);
    void upTo;
  }

  /** Gram–Schmidt of the row restricted to free variables against the basis; adds it when independent. */
  private tryAddToBasis(basis: Float64Array[], row: Float64Array): boolean {
    const v = new Float64Array(this.n);
    let norm0 = 0;
    for (let i = 0; i < this.n; i++) if (this.state[i] === 0) (v[i] = row[i]), (norm0 += row[i] * row[i]);
    for (let pass = 0; pass < 2; pass++) for (const q of basis) addScaled(v, q, -dot(q, v));
    const norm = Math.sqrt(dot(v, v));
    if (!(norm > 1e-9 * Math.sqrt(norm0)) || norm0 === 0) return false;
    for (let i = 0; i < this.n; i++) v[i] /= norm;
    basis.push(v);
    return true;
  }

  private recomputeGrad(): void {
    const { p, n } = this;
    for (let i = 0; i < n; i++) {
      let v = p.c[i];
      const ri = i * n;
      for (let j = 0; j < n; j++) v += p.H[ri + j] * this.x[j];
      this.grad[i] = v;
    }
  }

  /** Cholesky factor of H over the free set, from scratch. */
  private factor(): void {
    const { n, L, free, nf } = this;
    const H = this.p.H;
    L.fill(0);
    for (let a = 0; a < nf; a++) {
      const ia = free[a];
      if (this.p.diagonal) {
        const d = H[ia * n + ia];
        if (!(d > 0)) throw new Error('QP: Hessian not positive definite on the free variables');
        L[a * n + a] = Math.sqrt(d);
        continue;
      }
      for (let b = 0; b <= a; b++) {
        const ib = free[b];
        let s = H[ia * n + ib];
        for (let k = 0; k < b; k++) s -= L[a * n + k] * L[b * n + k];
        if (a === b) {
          if (!(s > 1e-14 * Math.abs(H[ia * n + ia]))) throw new Error('QP: Hessian not positive definite on the free variables');
          L[a * n + a] = Math.sqrt(s);
        } else L[a * n + b] = s / L[b * n + b];
      }
    }
  }

  /** Releases variable j: appends it to the free set and its row to the Cholesky factor. */
  private release(j: number): void {
    const { n, L, free } = this;
    const H = this.p.H;
    const k = this.nf;
    let d = H[j * n + j];
    for (let q = 0; q < k; q++) {
      let s = this.p.diagonal ? 0 : H[free[q] * n + j];
      for (let t = 0; t < q; t++) s -= L[q * n + t] * L[k * n + t];
      const v = s / L[q * n + q];
      L[k * n + q] = v;
      d -= v * v;
    }
    if (!(d > 1e-14 * Math.abs(H[j * n + j]))) throw new Error('QP: Hessian not positive definite on the free variables');
    L[k * n + k] = Math.sqrt(d);
    free[k] = j;
    this.nf = k + 1;
    this.state[j] = 0;
  }

  /** Fixes the free variable at position k of the free set; Givens rotations restore the triangular factor. */
  private fixAt(k: number, side: -1 | 1): void {
    const { n, L, free } = this;
    const nf = this.nf;
    const j = free[k];
    this.lastFixed = j;
    for (let i = k; i < nf - 1; i++) {
      const src = (i + 1) * n;
      const dst = i * n;
      for (let c = 0; c <= i + 1; c++) L[dst + c] = L[src + c];
    }
    for (let c = 0; c < nf; c++) L[(nf - 1) * n + c] = 0;
    for (let i = k; i < nf - 1; i++) {
      const a = L[i * n + i];
      const b = L[i * n + i + 1];
      if (b === 0) continue;
      const r = Math.hypot(a, b);
      const cs = a / r;
      const sn = b / r;
      for (let t = i; t < nf - 1; t++) {
        const u = L[t * n + i];
        const v = L[t * n + i + 1];
        L[t * n + i] = cs * u + sn * v;
        L[t * n + i + 1] = -sn * u + cs * v;
      }
    }
    for (let t = 0; t < nf; t++) L[t * n + nf - 1] = 0;
    for (let i = k; i < nf - 1; i++) free[i] = free[i + 1];
    this.nf = nf - 1;
    this.state[j] = side;
    this.x[j] = side < 0 ? this.p.lb[j] : this.p.ub[j];
  }

  /** In place forward solve L·y = b over the free block (b indexed by free position). */
  private forward(b: Float64Array): void {
    const { n, L } = this;
    for (let i = 0; i < this.nf; i++) {
      let s = b[i];
      const ri = i * n;
      for (let k = 0; k < i; k++) s -= L[ri + k] * b[k];
      b[i] = s / L[ri + i];
    }
  }

  private backward(b: Float64Array): void {
    const { n, L } = this;
    for (let i = this.nf - 1; i >= 0; i--) {
      let s = b[i];
      for (let k = i + 1; k < this.nf; k++) s -= L[k * n + i] * b[k];
      b[i] = s / L[i * n + i];
    }
  }

  /** Newton step of the equality-constrained subproblem on the working set: fills pF (by free position) and lambda. */
  private eqpStep(): void {
    const { nf, free } = this;
    const m = this.working.length;
    const Y: Float64Array[] = [];
    for (const w of this.working) {
      const y = new Float64Array(nf);
      const r = this.rows[w];
      for (let a = 0; a < nf; a++) y[a] = r[free[a]];
      this.forward(y);
      Y.push(y);
    }
    const u = this.pF;
    for (let a = 0; a < nf; a++) u[a] = this.grad[free[a]];
    this.forward(u);
    const lam = new Float64Array(m);
    if (m > 0) {
      const S = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let a = 0; a < nf; a++) s += Y[i][a] * Y[j][a];
          S[i * m + j] = S[j * m + i] = s;
        }
        let s = 0;
        for (let a = 0; a < nf; a++) s += Y[i][a] * u[a];
        lam[i] = -s;
      }
      if (!solveSmallSpd(S, m, lam)) {
        // Degenerate vertex: the newest inequality row is (numerically) a combination of the others; it is
        // redundant in the working set, so drop it and solve again.
        let k = this.working.length - 1;
        while (k >= 0 && this.working[k] < this.mEq) k--;
        if (k < 0) {
          // The bound fixed last made the equality rows dependent on the free variables (a degenerate tie):
          // free it again and keep it from blocking until the point moves.
          const j = this.lastFixed;
          if (j < 0 || this.state[j] === 0) throw new Error('QP: the equality constraints are linearly dependent on the free variables');
          this.redundantVars.add(j);
          this.release(j);
          this.eqpStep();
          return;
        }
        this.redundant.add(this.working[k]);
        this.working.splice(k, 1);
        this.eqpStep();
        return;
      }
    }
    for (let i = 0; i < m; i++) for (let a = 0; a < nf; a++) u[a] += lam[i] * Y[i][a];
    this.backward(u);
    for (let a = 0; a < nf; a++) u[a] = -u[a];
    this.lambda = lam;
  }

  run(): QpSolution {
    const { n, p, x, free } = this;
    const maxIter = 20 * (n + this.rows.length) + 200;
    let it = 0;
    for (; it < maxIter; it++) {
      this.eqpStep();
      const nf = this.nf;
      const pF = this.pF;
      let pInf = 0;
      for (let a = 0; a < nf; a++) pInf = Math.max(pInf, Math.abs(pF[a]));
      if (pInf > 1e-15 * (1 + maxAbs(x))) {
        let alpha = 1;
        let block = -1;
        let blockKind = 0; // 1 bound (position in free set), 2 row
        let blockSide: -1 | 1 = -1;
        for (let a = 0; a < nf; a++) {
          const j = free[a];
          const d = pF[a];
          if (this.redundantVars.has(j)) continue;
          if (d < 0 && p.lb[j] > -Infinity) {
            const t = Math.max(0, (p.lb[j] - x[j]) / d);
            if (t < alpha) (alpha = t), (block = a), (blockKind = 1), (blockSide = -1);
          } else if (d > 0 && p.ub[j] < Infinity) {
            const t = Math.max(0, (p.ub[j] - x[j]) / d);
            if (t < alpha) (alpha = t), (block = a), (blockKind = 1), (blockSide = 1);
          }
        }
        for (let k = this.mEq; k < this.rows.length; k++) {
          if (this.working.includes(k) || this.redundant.has(k)) continue;
          const r = this.rows[k];
          let ap = 0;
          let rn = 0;
          for (let a = 0; a < nf; a++) (ap += r[free[a]] * pF[a]), (rn = Math.max(rn, Math.abs(r[free[a]])));
          // A row whose free part is negligible is (numerically) a combination of fixed bounds: it cannot block.
          if (rn > 1e-9 * this.rowNorm[k] && ap > 1e-13 * pInf * rn) {
            const t = Math.max(0, (this.rhs[k] - dot(r, x)) / ap);
            if (t < alpha) (alpha = t), (block = k), (blockKind = 2);
          }
        }
        for (let a = 0; a < nf; a++) x[free[a]] += alpha * pF[a];
        this.updateGrad(alpha);
        if (alpha * pInf > 1e-14 * (1 + maxAbs(x))) (this.redundant.clear(), this.redundantVars.clear());
        if (block >= 0) {
          if (blockKind === 1) this.fixAt(block, blockSide);
          else this.working.push(block);
          continue;
        }
      }
      // At the subproblem's minimizer: every inequality multiplier must have the right sign.
      const drop = this.worstMultiplier();
      if (drop === null) return this.solution(it);
      this.redundant.clear();
      this.redundantVars.clear();
      if (drop.kind === 'row') this.working.splice(drop.index, 1);
      else this.release(drop.index);
    }
    throw new Error(`QP: no convergence in ${maxIter} active-set iterations (degenerate problem?)`);
  }

  private updateGrad(alpha: number): void {
    const { n, free, nf } = this;
    const H = this.p.H;
    if (alpha === 0) return;
    if (this.p.diagonal) {
      for (let a = 0; a < nf; a++) this.grad[free[a]] += alpha * H[free[a] * n + free[a]] * this.pF[a];
      return;
    }
    for (let a = 0; a < nf; a++) this.scratch[a] = alpha * this.pF[a];
    for (let i = 0; i < n; i++) {
      let s = 0;
      const ri = i * n;
      for (let a = 0; a < nf; a++) s += H[ri + free[a]] * this.scratch[a];
      this.grad[i] += s;
    }
  }

  /** Bound multipliers r_j = (∇f + A_Wᵀλ)_j of the fixed variables. */
  private reducedCosts(): Float64Array {
    const r = Float64Array.from(this.grad);
    this.working.forEach((w, i) => addScaled(r, this.rows[w], this.lambda[i]));
    return r;
  }

  private worstMultiplier(): { kind: 'row' | 'var'; index: number } | null {
    const tol = 1e-12 * (1 + maxAbs(this.grad));
    let worst = -tol;
    let kind: 'row' | 'var' = 'row';
    let index = -1;
    for (let i = 0; i < this.working.length; i++) {
      if (this.working[i] >= this.mEq && this.lambda[i] < worst) (worst = this.lambda[i]), (kind = 'row'), (index = i);
    }
    const r = this.reducedCosts();
    for (let j = 0; j < this.n; j++) {
      const s = this.state[j];
      if (s === 0 || this.p.lb[j] === this.p.ub[j]) continue;
      const mult = s < 0 ? r[j] : -r[j];
      if (mult < worst) (worst = mult), (kind = 'var'), (index = j);
    }
    return index < 0 ? null : { kind, index };
  }

  private solution(iterations: number): QpSolution {
    const { p, n, x } = this;
    // One refinement pass: re-solve at the final working set and apply the (tiny) correction.
    const before = this.working.length;
    this.eqpStep();
    let pInf = 0;
    for (let a = 0; a < this.nf; a++) pInf = Math.max(pInf, Math.abs(this.pF[a]));
    if (this.working.length === before && pInf <= 1e-9 * (1 + maxAbs(x))) {
      for (let a = 0; a < this.nf; a++) x[this.free[a]] += this.pF[a];
      this.recomputeGrad();
      this.eqpStep();
    }
    const yEq = new Float64Array(this.mEq);
    const yIneq = new Float64Array(p.g.length);
    this.working.forEach((w, i) => {
      if (w < this.mEq) yEq[w] = this.lambda[i];
      else yIneq[w - this.mEq] = Math.max(0, this.lambda[i]);
    });
    const r = this.reducedCosts();
    const zLower = new Float64Array(n);
    const zUpper = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      if (this.state[j] < 0) zLower[j] = Math.max(0, r[j]);
      else if (this.state[j] > 0) zUpper[j] = Math.max(0, -r[j]);
      if (this.state[j] !== 0 && p.lb[j] === p.ub[j]) (zLower[j] = Math.max(0, r[j])), (zUpper[j] = Math.max(0, -r[j]));
    }
    let obj = 0;
    for (let i = 0; i < n; i++) obj += x[i] * (0.5 * (this.grad[i] - p.c[i]) + p.c[i]);
    return { x: Float64Array.from(x), yEq, yIneq, zLower, zUpper, objective: obj, iterations };
  }
}

/** Solves S·v = b in place for a small symmetric positive definite S (m×m); false when S is (nearly) singular. */
function solveSmallSpd(S: Float64Array, m: number, b: Float64Array): boolean {
  let dmax = 0;
  for (let j = 0; j < m; j++) dmax = Math.max(dmax, S[j * m + j]);
  for (let j = 0; j < m; j++) {
    let d = S[j * m + j];
    for (let k = 0; k < j; k++) d -= S[j * m + k] * S[j * m + k];
    if (!(d > 1e-13 * dmax)) return false;
    const djj = Math.sqrt(d);
    S[j * m + j] = djj;
    for (let i = j + 1; i < m; i++) {
      let s = S[i * m + j];
      for (let k = 0; k < j; k++) s -= S[i * m + k] * S[j * m + k];
      S[i * m + j] = s / djj;
    }
  }
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= S[i * m + k] * b[k];
    b[i] = s / S[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < m; k++) s -= S[k * m + i] * b[k];
    b[i] = s / S[i * m + i];
  }
  return true;
}
