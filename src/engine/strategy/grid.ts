// The sweep fast path for sma_cross: every distinct SMA period of a list of (fast, slow) pairs is computed once
// with the multi-period SMA kernel (indicators/multi.ts, bit-identical to single SMA calls), then one flags column
// per pair is written into one block. Column j equals strategySignals(sma_cross fast_j/slow_j).flags.
import type { Kernels } from '../../kernels/index';
import { SIGNAL_ENTRY_LONG, SIGNAL_ENTRY_SHORT, SIGNAL_EXIT_LONG, SIGNAL_EXIT_SHORT } from '../../shared/backtest';
import { resolveGrid, runGrid } from '../indicators/multi';
import { SpecError } from '../spec/schema-check';
import { PERIOD_MAX, PERIOD_MIN } from '../spec/defaults';
import { validateStrategy } from '../spec/validate';

/** Flags of many sma_cross pairs: column j (rows j·n … j·n + n − 1 of `flags`) belongs to pairs[j]. */
export interface SmaCrossGrid {
  /** Rows per column. */
  n: number;
  /** Column-major flag bytes, n per pair (SIGNAL_* bits), 0 before each pair's warm-up. */
  flags: Uint8Array;
  /** warmups[j]: first row pair j may act on (its slow period). */
  warmups: Int32Array;
}

const UP = SIGNAL_ENTRY_LONG | SIGNAL_EXIT_SHORT;
const DOWN = SIGNAL_EXIT_LONG | SIGNAL_ENTRY_SHORT;

/**
 * sma_cross flags for every [fast, slow] pair over `close` — each pair validated as a spec (errors name
 * `pairs[j]`), each distinct period's SMA computed once — equal to strategySignals per pair.
 */
export function smaCrossFlagsGrid(
  kernels: Kernels,
  close: Float64Array,
  pairs: readonly (readonly [number, number])[],
): SmaCrossGrid {
  if (!(close instanceof Float64Array)) throw new SpecError('close', 'must be a Float64Array');
  if (!Array.isArray(pairs) || pairs.length === 0)
    throw new SpecError('pairs', 'must be a non-empty array of [fast, slow] pairs');
  pairs.forEach((p, j) => {
    if (!Array.isArray(p) || p.length !== 2)
      throw new SpecError(`pairs[${j}]`, `must be a [fast, slow] pair, got ${JSON.stringify(p)}`);
    // The full validator only for pairs the cheap check cannot vouch for (it names the problem).
    if (!isValidSmaPair(p[0], p[1])) validateStrategy({ type: 'sma_cross', params: { fast: p[0], slow: p[1] } }, `pairs[${j}]`);
  });
  const n = close.length;
  const periods = [...new Set(pairs.flat())].sort((a, b) => a - b);
  const grid = resolveGrid({ fn: 'SMA', param: 'timeperiod', values: periods });
  const sma = runGrid(kernels, grid, [close]).real;
  const column = new Map(periods.map((p, j) => [p, sma[j]]));
  const lookback = new Map(periods.map((p, j) => [p, grid.resolved[j].lookback]));
  const flags = new Uint8Array(n * pairs.length);
  const warmups = new Int32Array(pairs.length);
  pairs.forEach(([pf, ps], j) => {
    const fast = column.get(pf)!;
    const slow = column.get(ps)!;
    const warmup = Math.max(lookback.get(pf)!, lookback.get(ps)!) + 1;
    warmups[j] = warmup;
    const base = j * n;
    for (let i = Math.max(1, warmup); i < n; i++) {
      const f0 = fast[i - 1];
      const s0 = slow[i - 1];
      const f1 = fast[i];
      const s1 = slow[i];
      if (f0 < s0 && f1 > s1) flags[base + i] = UP;
      else if (f0 > s0 && f1 < s1) flags[base + i] = DOWN;
    }
  });
  return { n, flags, warmups };
}

/** True when fast/slow are what validateStrategy accepts for sma_cross: integers 2..100000 with fast < slow. */
export function isValidSmaPair(fast: unknown, slow: unknown): boolean {
  return (
    typeof fast === 'number' &&
    typeof slow === 'number' &&
    Number.isInteger(fast) &&
    Number.isInteger(slow) &&
    fast >= PERIOD_MIN &&
    slow <= PERIOD_MAX &&
    fast < slow
  );
}
