// PBO by CSCV: hand-derived examples, a brute-force implementation of the CLI contract's definitions on small inputs,
// and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockBounds, pboFromMatrix } from '../../src/engine/overfit/pbo';

/** Sharpe = mean / sample std (ddof 1) of `xs`, computed two-pass; zero std: 0 for a zero mean, else ±∞. */
function sharpe(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  return sd > 0 ? m / sd : m === 0 ? 0 : m > 0 ? Infinity : -Infinity;
}

/** The contract's definitions, literally: every S/2-subset of blocks by bitmask, rows concatenated in order. */
function bruteForce(matrix: number[][], S: number): { pbo: number; logits: number[] } {
  const T = matrix.length;
  const N = matrix[0].length;
  const logits: number[] = [];
  for (let mask = 0; mask < 1 << S; mask++) {
    let bits = 0;
    for (let b = 0; b < S; b++) if (mask & (1 << b)) bits++;
    if (bits !== S / 2) continue;
    const rowsOf = (inIs: boolean) => {
      const rows: number[] = [];
      for (let b = 0; b < S; b++) if (Boolean(mask & (1 << b)) === inIs) {
        const [lo, hi] = blockBounds(T, S, b);
        for (let t = lo; t < hi; t++) rows.push(t);
      }
      return rows;
    };
    const is = rowsOf(true);
    const oos = rowsOf(false);
    const isSr = Array.from({ length: N }, (_, n) => sharpe(is.map((t) => matrix[t][n])));
    const oosSr = Array.from({ length: N }, (_, n) => sharpe(oos.map((t) => matrix[t][n])));
    let best = 0;
    for (let n = 1; n < N; n++) if (isSr[n] > isSr[best]) best = n;
    const rank = 1 + oosSr.filter((v) => v < oosSr[best]).length;
    const w = rank / (N + 1);
    logits.push(Math.log(w / (1 - w)));
  }
  return { pbo: logits.filter((l) => l <= 0).length / logits.length, logits };
}

describe('PBO (CSCV)', () => {
  it('hand example: the IS-best keeps its lead out of sample → PBO 0', () => {
    // S = 2, T = 4: block 0 = rows 0–1, block 1 = rows 2–3. Trial 0: [.01,.03 | −.01,−.03] → SR 1.414 | −1.414;
    // trial 1: [.01,.02 | 0,.02] → SR 2.121 | 0.707. IS {0}: best = trial 1, OOS 0.707 > −1.414 → rank 2, ω = 2/3,
    // λ = ln 2 > 0. IS {1}: best = trial 1 (0.707 > −1.414), OOS 2.121 > 1.414 → rank 2, λ = ln 2. PBO = 0/2.
    const r = pboFromMatrix([[0.01, 0.01], [0.03, 0.02], [-0.01, 0], [-0.03, 0.02]], 2);
    expect(r.pbo).toBe(0);
    expect(r.splits).toBe(2);
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(2), 15);
  });

  it('hand example: the IS-best is always the OOS worst → PBO 1', () => {
    // Trial 0: [.01,.02 | −.01,−.03] → SR 2.121 | −1.414; trial 1: [.01,.03 | 0,.02] → SR 1.414 | 0.707.
    // IS {0}: best = trial 0 (2.121), OOS −1.414 < 0.707 → rank 1, ω = 1/3, λ = −ln 2.
    // IS {1}: best = trial 1 (0.707), OOS 1.414 < 2.121 → rank 1, λ = −ln 2. PBO = 2/2.
    const r = pboFromMatrix([[0.01, 0.01], [0.02, 0.03], [-0.01, 0], [-0.03, 0.02]], 2);
    expect(r.pbo).toBe(1);
    for (const l of r.logits) expect(l).toBeCloseTo(-Math.log(2), 15);
  });

  it('ties: the first trial is the IS-best; equal OOS values are not "strictly below"', () => {
    // Both trials identical: IS tie → trial 0; OOS equal → rank 1, ω = 1/3 ≤ ½ → every split counts as overfit.
    const col = [0.01, 0.03, -0.01, 0.02, 0.0, 0.05];
    const r = pboFromMatrix(col.map((v) => [v, v]), 2);
    expect(r.pbo).toBe(1);
  });

  it('equals the brute force on random small inputs (S = 2, 4, 6, 8)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(2, 4, 6, 8),
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 1 << 30 }),
        (S, N, extra, seed) => {
          let s = seed;
          const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
          const T = 2 * S + extra;
          const matrix = Array.from({ length: T }, () => Array.from({ length: N }, () => 0.01 * rnd() + 0.001 * rnd()));
          const fast = pboFromMatrix(matrix, S);
          const slow = bruteForce(matrix, S);
          expect(fast.pbo).toBe(slow.pbo);
          const a = Array.from(fast.logits).sort((x, y) => x - y);
          const b = slow.logits.sort((x, y) => x - y);
          expect(a).toEqual(b);
          expect(fast.splits).toBe(b.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('C(16, 8) = 12,870 splits by default-sized blocks; PBO ∈ [0, 1]', () => {
    const matrix = Array.from({ length: 64 }, (_, t) => Array.from({ length: 3 }, (_, n) => Math.sin(t * (n + 1.3)) * 0.01));
    const r = pboFromMatrix(matrix, 16);
    expect(r.splits).toBe(12870);
    expect(r.pbo).toBeGreaterThanOrEqual(0);
    expect(r.pbo).toBeLessThanOrEqual(1);
  });

  it('properties: a trial dominating every block gives PBO 0; scaling a trial by c > 0 changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (seed, c) => {
        let s = seed;
        const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
        const m = Array.from({ length: 24 }, () => [rnd() * 0.01, rnd() * 0.01, 0.05 + rnd() * 1e-4, rnd() * 0.01]);
        if (pboFromMatrix(m, 6).pbo !== 0) return false;
        const scaled = m.map((row) => row.map((v, n) => (n === 1 ? v * c : v)));
        return pboFromMatrix(scaled, 6).pbo === pboFromMatrix(m, 6).pbo;
      }),
      { numRuns: 40 },
    );
  });

  it('rejects bad input naming the field', () => {
    expect(() => pboFromMatrix([[0.1, 0.2]], 2)).toThrow(/^blocks: 2 blocks need at least 4 periods/);
    expect(() => pboFromMatrix([[0.1], [0.2], [0.1], [0.3]], 2)).toThrow(/^returns_matrix\[0\]: must hold at least 2 trials/);
    expect(() => pboFromMatrix([[0.1, 0], [0.2, 0], [0.1], [0.3, 0]], 2)).toThrow(/^returns_matrix\[2\]: must be an array of 2 numbers/);
    expect(() => pboFromMatrix([[0.1, 0], [0.2, NaN], [0.1, 0], [0.3, 0]], 2)).toThrow(/^returns_matrix\[1\]\[1\]: must be a finite number/);
    expect(() => pboFromMatrix(Array(40).fill([0.1, 0.2]), 3)).toThrow(/^blocks: must be an even integer in 2..20, got 3/);
    expect(() => pboFromMatrix(Array(40).fill([0.1, 0.2]), 22)).toThrow(/^blocks: must be an even integer/);
  });
});
