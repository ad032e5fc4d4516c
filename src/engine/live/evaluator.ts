// The incremental signal evaluator of live trading: one minute bar in, that bar's flags and strength out, in O(1)
// per bar (the streaming indicator states of src/engine/streaming/), never recomputing history. For the four
// built-in strategies its output at row i equals strategySignals(spec, bars)[i] bit for bit (the streaming states
// equal the batch kernels, and the flag/strength formulas below are builtin.ts's, row by row).
import {
  SIGNAL_ENTRY_LONG as EL,
  SIGNAL_ENTRY_SHORT as ES,
  SIGNAL_EXIT_LONG as XL,
  SIGNAL_EXIT_SHORT as XS,
  type StrategySpec,
} from '../../shared/backtest';
import { resolveStrategyDefaults } from '../spec/defaults';
import { validateStrategy } from '../spec/validate';
import { MACD_GAP_FULL, SMA_GAP_FULL } from '../strategy/builtin';
import { strength } from '../strategy/series';
import { createStream, type IndicatorStream } from '../streaming/index';

/** One bar as the live stream delivers it (prices; only the close is read by the built-ins). */
export interface LiveBar {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** The evaluation of one new bar: its row index, SIGNAL_* flags and strength 0–100 (0 without a flag). */
export interface LiveStep {
  index: number;
  flags: number;
  strength: number;
}

/** The strategy types the live evaluator supports. */
export const LIVE_STRATEGY_TYPES = ['sma_cross', 'rsi_mean_reversion', 'macd_momentum', 'bollinger_breakout'] as const;

/** An incremental strategy: push bars in time order, read each bar's signal. */
export interface LiveEvaluator {
  /** The strategy's warm-up row (as StrategySignals.warmup): no flag before it. */
  readonly warmup: number;
  /** Bars pushed so far. */
  readonly bars: number;
  /** Evaluates the next bar; equal to strategySignals over all bars pushed so far, at the last row. */
  push(bar: LiveBar): LiveStep;
}

/** Per-bar rule of one strategy: the flags and raw strength at this row from the streams' outputs. */
type Rule = (c: number) => { flags: number; str: number };

/**
 * Builds the incremental evaluator of `spec` (validated as the batch engine does; throws SpecError naming the
 * field). Throws a RangeError for `rules` strategies, which have no incremental evaluator yet.
 */
export function createLiveEvaluator(spec: StrategySpec): LiveEvaluator {
  const s = resolveStrategyDefaults(validateStrategy(spec));
  let rule: Rule;
  let warmup: number;
  switch (s.type) {
    case 'sma_cross': {
      const { fast: pf = 10, slow: ps = 30 } = s.params ?? {};
      const f = createStream('SMA', { timeperiod: pf });
      const sl = createStream('SMA', { timeperiod: ps });
      warmup = Math.max(f.lookback, sl.lookback) + 1;
      let f0 = NaN;
      let s0 = NaN;
      rule = (c) => {
        const f1 = real(f, c);
        const s1 = real(sl, c);
        const flags = crossFlag(f0, s0, f1, s1);
        f0 = f1;
        s0 = s1;
        return { flags, str: flags === 0 ? 0 : (100 * Math.abs(f1 - s1)) / Math.abs(s1) / SMA_GAP_FULL };
      };
      break;
    }
    case 'rsi_mean_reversion': {
      const { period = 14, lower = 30, upper = 70 } = s.params ?? {};
      const r = createStream('RSI', { timeperiod: period });
      warmup = r.lookback;
      rule = (c) => {
        const v = real(r, c);
        if (v < lower) return { flags: EL | XS, str: (100 * (lower - v)) / lower };
        if (v > upper) return { flags: XL | ES, str: (100 * (v - upper)) / (100 - upper) };
        return { flags: 0, str: 0 };
      };
      break;
    }
    case 'macd_momentum': {
      const { fast = 12, slow = 26, signal = 9, zero_filter: zero = false } = s.params ?? {};
      const m = createStream('MACD', { fastperiod: fast, slowperiod: slow, signalperiod: signal });
      warmup = m.lookback + 1;
      let m0 = NaN;
      let g0 = NaN;
      rule = (c) => {
        const o = m.update({ close: c });
        const m1 = o.macd;
        const g1 = o.macdsignal;
        let flags = crossFlag(m0, g0, m1, g1);
        m0 = m1;
        g0 = g1;
        if (flags === 0) return { flags, str: 0 };
        if (zero && flags & EL && !(m1 > 0)) flags &= ~EL;
        if (zero && flags & ES && !(m1 < 0)) flags &= ~ES;
        return { flags, str: (100 * Math.abs(m1 - g1)) / Math.abs(c) / MACD_GAP_FULL };
      };
      break;
    }
    case 'bollinger_breakout': {
      const { period = 20, k = 2 } = s.params ?? {};
      const b = createStream('BBANDS', { timeperiod: period, nbdevup: k, nbdevdn: k, matype: 0 });
      warmup = b.lookback + 1;
      let p = NaN;
      let mid0 = NaN;
      let first = true;
      rule = (c) => {
        const o = b.update({ close: c });
        const up = o.upperband;
        const mid = o.middleband;
        const lo = o.lowerband;
        let f = 0;
        // Row 0 never flags in the batch loop (it starts at i = 1).
        if (!first) {
          if (c > up) f |= EL;
          else if (c < lo) f |= ES;
          if (p >= mid0 && c < mid) f |= XL;
          else if (p <= mid0 && c > mid) f |= XS;
        }
        first = false;
        p = c;
        mid0 = mid;
        if (f === 0) return { flags: 0, str: 0 };
        const beyond = f & EL ? c - up : f & ES ? lo - c : Math.abs(c - mid);
        return { flags: f, str: (100 * beyond) / (up - mid) };
      };
      break;
    }
    default:
      throw new RangeError(
        `strategy.type: live signals support ${LIVE_STRATEGY_TYPES.join(', ')}; got ${JSON.stringify(s.type)} (rules strategies have no incremental evaluator yet)`,
      );
  }
  let n = 0;
  return {
    warmup,
    get bars() {
      return n;
    },
    push(bar: LiveBar): LiveStep {
      if (bar === null || typeof bar !== 'object' || typeof bar.close !== 'number') {
        throw new RangeError(`bar ${n}: close must be a number, got ${JSON.stringify(bar?.close)}`);
      }
      const index = n++;
      const r = rule(bar.close);
      // As strategy/series.ts finish(): nothing before the warm-up row.
      if (index < warmup || r.flags === 0) return { index, flags: 0, strength: 0 };
      return { index, flags: r.flags, strength: strength(r.str) };
    },
  };
}

/** The single-output stream's value after feeding close `c`. */
function real(s: IndicatorStream, c: number): number {
  return s.update({ close: c }).real;
}

/** Flags of a strict cross of a over b between two rows (NaN anywhere: no cross), as builtin.ts. */
function crossFlag(a0: number, b0: number, a1: number, b1: number): number {
  if (a0 < b0 && a1 > b1) return EL | XS;
  if (a0 > b0 && a1 < b1) return XL | ES;
  return 0;
}
