// The rules composer's evaluator (docs/strategies.md § Rules): each Condition becomes one value per row in
// three-valued logic — true, false, or unknown where an operand is NaN or a comparison needs rows before the
// first — combined by all/any/not as Kleene logic (not unknown = unknown), and a rule fires only where it is
// true. Row i reads rows ≤ i only. Each distinct indicator is computed once per call (IndicatorCache).
import {
  SIGNAL_ENTRY_LONG,
  SIGNAL_ENTRY_SHORT,
  SIGNAL_EXIT_LONG,
  SIGNAL_EXIT_SHORT,
  type Condition,
  type Operand,
  type RulesSpec,
  type StrategySignals,
} from '../../shared/backtest';
import { IndicatorError } from '../indicators/registry';
import { finish, priceColumn, type IndicatorCache, type StrategyBars } from './series';
import { alignClosed, alignedLookback } from './timeframe';

/** Truth values per row: FALSE, TRUE, or UNKNOWN (an operand was NaN or not yet available). */
const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;

/** A condition's truth per row and its warm-up (first row where it can be known). */
interface Truth {
  v: Uint8Array;
  warmup: number;
}

/** An operand as a series and the rows its values need to warm up. */
interface Series {
  x: Float64Array;
  lookback: number;
}

const RULE_BITS = [
  ['entry_long', SIGNAL_ENTRY_LONG],
  ['exit_long', SIGNAL_EXIT_LONG],
  ['entry_short', SIGNAL_ENTRY_SHORT],
  ['exit_short', SIGNAL_EXIT_SHORT],
] as const;

/**
 * Signals of a `rules` strategy: a flag bit where its condition is true, strength 100 on every flagged row,
 * warm-up the latest warm-up of any condition (operand lookbacks, + 1 for crosses, + n for rising/falling n).
 */
export function rulesSignals(cache: IndicatorCache, spec: RulesSpec, bars: StrategyBars): StrategySignals {
  const n = bars.close.length;
  const params = spec.params ?? {};
  const constants = new Map<number, Float64Array>();
  const operand = (o: Operand): Series => {
    if (typeof o === 'number' || 'param' in o) {
      const value = typeof o === 'number' ? o : params[o.param];
      let x = constants.get(value);
      if (x === undefined) constants.set(value, (x = new Float64Array(n).fill(value)));
      return { x, lookback: 0 };
    }
    // A coarser timeframe: the same operand on the resampled bars, each value shown once its bar has closed.
    const higher = o.timeframe === undefined ? null : cache.higher(o.timeframe, `timeframe ${o.timeframe}`);
    if (higher !== null) {
      const inner = sameTimeframe(o, higher.cache, higher.cache.bars);
      return { x: alignClosed(inner.x, higher.bucketOf), lookback: alignedLookback(inner.lookback, higher.bucketOf) };
    }
    return sameTimeframe(o, cache, bars);
  };
  const sameTimeframe = (o: Exclude<Operand, number | { param: string }>, c: IndicatorCache, b: StrategyBars): Series => {
    if ('price' in o) return { x: priceColumn(b, o.price), lookback: 0 };
    const p: Record<string, number> = {};
    for (const [k, v] of Object.entries(o.params ?? {})) p[k] = typeof v === 'number' ? v : params[v.param];
    const ind = c.get({ fn: o.indicator, params: p, inputs: o.inputs });
    const outs = ind.resolved.def.outputs;
    const idx = o.output === undefined ? 0 : outs.findIndex((out) => out.name === o.output);
    if (idx < 0) throw new IndicatorError(`${ind.resolved.def.name} has no output ${JSON.stringify(o.output)}`);
    return { x: ind.outputs[idx], lookback: ind.resolved.lookback };
  };

  const evaluate = (c: Condition): Truth => {
    if ('all' in c || 'any' in c) {
      const all = 'all' in c;
      const parts = (all ? c.all : c.any).map(evaluate);
      const v = new Uint8Array(n);
      // all: false if any part is false, else unknown if any is unknown; any: the dual.
      const absorbing = all ? FALSE : TRUE;
      const neutral = all ? TRUE : FALSE;
      for (let i = 0; i < n; i++) {
        let r = neutral;
        for (const p of parts) {
          const t = p.v[i];
          if (t === absorbing) {
            r = absorbing;
            break;
          }
          if (t === UNKNOWN) r = UNKNOWN;
        }
        v[i] = r;
      }
      return { v, warmup: Math.max(...parts.map((p) => p.warmup)) };
    }
    if ('not' in c) {
      const inner = evaluate(c.not);
      const v = inner.v.map((t) => (t === UNKNOWN ? UNKNOWN : 1 - t));
      return { v, warmup: inner.warmup };
    }
    const a = operand(c.left);
    if (c.op === 'between') {
      const lo = operand(c.lower);
      const hi = operand(c.upper);
      return { v: between(a.x, lo.x, hi.x), warmup: Math.max(a.lookback, lo.lookback, hi.lookback) };
    }
    if ('n' in c) return { v: trend(a.x, c.n, c.op === 'rising'), warmup: a.lookback + c.n };
    const b = operand(c.right);
    const warmup = Math.max(a.lookback, b.lookback);
    if (c.op === '>') return { v: greater(a.x, b.x), warmup };
    if (c.op === '<') return { v: greater(b.x, a.x), warmup };
    return { v: crosses(c.op === 'crosses_above' ? a.x : b.x, c.op === 'crosses_above' ? b.x : a.x), warmup: warmup + 1 };
  };

  const flags = new Uint8Array(n);
  let warmup = 0;
  for (const [key, bit] of RULE_BITS) {
    const c = spec.rules[key];
    if (c === undefined) continue;
    const t = evaluate(c);
    warmup = Math.max(warmup, t.warmup);
    for (let i = 0; i < n; i++) if (t.v[i] === TRUE) flags[i] |= bit;
  }
  const str = new Float64Array(n);
  for (let i = 0; i < n; i++) if (flags[i] !== 0) str[i] = 100;
  return finish(flags, str, warmup);
}

/** x > y strictly per row; UNKNOWN where either is NaN. */
function greater(x: Float64Array, y: Float64Array): Uint8Array {
  const v = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) v[i] = x[i] !== x[i] || y[i] !== y[i] ? UNKNOWN : x[i] > y[i] ? TRUE : FALSE;
  return v;
}

/**
 * x crosses strictly above y at row i: x[i−1] < y[i−1] and x[i] > y[i] (crosses_below is crosses_above with the
 * operands swapped); UNKNOWN on row 0 and where any of the four values is NaN.
 */
function crosses(x: Float64Array, y: Float64Array): Uint8Array {
  const v = new Uint8Array(x.length);
  if (x.length > 0) v[0] = UNKNOWN;
  for (let i = 1; i < x.length; i++) {
    const a0 = x[i - 1],
      b0 = y[i - 1],
      a1 = x[i],
      b1 = y[i];
    v[i] = a0 !== a0 || b0 !== b0 || a1 !== a1 || b1 !== b1 ? UNKNOWN : a0 < b0 && a1 > b1 ? TRUE : FALSE;
  }
  return v;
}

/** lo ≤ x ≤ hi per row; UNKNOWN where any is NaN. */
function between(x: Float64Array, lo: Float64Array, hi: Float64Array): Uint8Array {
  const v = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    v[i] = x[i] !== x[i] || lo[i] !== lo[i] || hi[i] !== hi[i] ? UNKNOWN : lo[i] <= x[i] && x[i] <= hi[i] ? TRUE : FALSE;
  }
  return v;
}

/** rising (falling) n: x strictly increased (decreased) on each of the last n rows; UNKNOWN if any of x[i−n..i] is NaN. */
function trend(x: Float64Array, n: number, rising: boolean): Uint8Array {
  const v = new Uint8Array(x.length);
  let run = 0; // consecutive strict moves in the wanted direction ending at row i
  let lastNaN = -1;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) lastNaN = i;
    const moved = i > 0 && (rising ? x[i] > x[i - 1] : x[i] < x[i - 1]);
    run = moved ? run + 1 : 0;
    v[i] = i < n || lastNaN >= i - n ? UNKNOWN : run >= n ? TRUE : FALSE;
  }
  return v;
}
