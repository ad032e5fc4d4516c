// Shared pieces of signal generation: the bar columns a strategy reads, an indicator cache that computes each
// distinct (function, parameters, input columns) once per call, and the strength scale helper.
import type { Kernels } from '../../kernels/index';
import type { StrategySignals } from '../../shared/backtest';
import type { Bars, PriceField, Timeframe } from '../../shared/types';
import { isCoarser, resampleBars } from './timeframe';
import { IndicatorError, resolveIndicator, type ResolvedIndicator } from '../indicators/registry';
import { runIndicator } from '../indicators/run';

/**
 * The price columns a strategy may read (all Float64Array of one length); `ts` and `timeframe` are needed only by
 * higher-timeframe operands (and signal tables).
 */
export type StrategyBars = Pick<Bars, PriceField> & Partial<Pick<Bars, 'ts' | 'timeframe' | 'symbol'>>;

/** One computed indicator: every output in registry order, and its lookback (rows of NaN warm-up). */
export interface IndicatorValues {
  resolved: ResolvedIndicator;
  outputs: Float64Array[];
}

/** Computes indicators over one set of bars, each distinct function + parameters + input columns once. */
export class IndicatorCache {
  private readonly computed = new Map<string, IndicatorValues>();
  private readonly higherTf = new Map<Timeframe, { cache: IndicatorCache; bucketOf: Int32Array }>();
  constructor(
    private readonly kernels: Kernels,
    readonly bars: StrategyBars,
  ) {}

  /**
   * The cache of the bars resampled to `tf` (docs/strategies.md § Higher timeframes) and each traded row's bucket;
   * null when `tf` is the traded timeframe. Throws when the bars carry no ts/timeframe or `tf` is finer.
   */
  higher(tf: Timeframe, path: string): { cache: IndicatorCache; bucketOf: Int32Array } | null {
    const b = this.bars as Partial<Bars>;
    if (!(b.ts instanceof Float64Array) || b.timeframe === undefined) {
      throw new IndicatorError(`${path}: a timeframe operand needs bars with ts and timeframe`);
    }
    if (tf === b.timeframe) return null;
    if (!isCoarser(b.timeframe, tf)) {
      throw new IndicatorError(`${path}: must be coarser than the traded bars (${b.timeframe}), got ${JSON.stringify(tf)}`);
    }
    let h = this.higherTf.get(tf);
    if (h === undefined) {
      const r = resampleBars(b as Bars, tf);
      h = { cache: new IndicatorCache(this.kernels, r.bars), bucketOf: r.bucketOf };
      this.higherTf.set(tf, h);
    }
    return h;
  }

  /** Number of distinct indicators computed so far. */
  get size(): number {
    return this.computed.size;
  }

  /** The outputs of `fn(params)` over the mapped inputs (validated by the registry; defaults filled). */
  get(req: { fn: string; params?: Record<string, number>; inputs?: unknown }): IndicatorValues {
    const r = resolveIndicator(req);
    const key = `${r.def.name}|${JSON.stringify(r.params)}|${r.fields.join(',')}`;
    let v = this.computed.get(key);
    if (v === undefined) {
      const series = r.fields.map((f) => priceColumn(this.bars, f));
      v = { resolved: r, outputs: runIndicator(this.kernels, r, series) };
      this.computed.set(key, v);
    }
    return v;
  }
}

/** A price column checked to be a Float64Array as long as `close`; throws naming the column otherwise. */
export function priceColumn(bars: StrategyBars, field: PriceField): Float64Array {
  const c = bars[field];
  if (!(c instanceof Float64Array)) throw new IndicatorError(`bars.${field} must be a Float64Array`);
  if (!(bars.close instanceof Float64Array)) throw new IndicatorError('bars.close must be a Float64Array');
  if (c.length !== bars.close.length) {
    throw new IndicatorError(`bars.${field} has ${c.length} rows but bars.close has ${bars.close.length}`);
  }
  return c;
}

/** A strength on the 0–100 scale: clamps to [0, 100]; a non-finite ratio (e.g. over a zero-width band) is 100. */
export function strength(x: number): number {
  if (!(x < 100)) return 100;
  return x > 0 ? x : 0;
}

/** Clears flags and strengths before `warmup` (no signal before every input is valid) and returns the signals. */
export function finish(flags: Uint8Array, str: Float64Array, warmup: number): StrategySignals {
  const end = Math.min(warmup, flags.length);
  flags.fill(0, 0, end);
  str.fill(0, 0, end);
  for (let i = end; i < flags.length; i++) if (flags[i] === 0) str[i] = 0;
  return { flags, strength: str, warmup };
}
