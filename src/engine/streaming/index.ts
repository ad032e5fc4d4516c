// Incremental (streaming) indicators for live signals: createStream(fn, params) gives a state that takes one new
// bar at a time and returns exactly — bit for bit — the value the batch engine (the WASM kernels, equal to TA-Lib)
// computes at that bar. Plain TypeScript: a per-bar update is a handful of flops, a WASM call would dominate.
// The state is plain data: snapshot() is JSON-safe and restore() continues identically (e.g. in another worker).
// Cost per bar: O(1) (amortized where TA-Lib rescans a window when its extreme leaves: WILLR, STOCH*, AROON*,
// MAX/MIN…); O(period) where the batch kernel itself re-sums each window and bit-identity requires the same sums
// (CCI, LINEARREG*, TSF, MIDPOINT, MIDPRICE, IMI, AVGDEV); O(maxperiod − minperiod) for MAVP (every candidate
// period's MA advances); O(50) for HT_DCPHASE/HT_SINE/HT_TRENDMODE/HT_TRENDLINE (TA-Lib's DFT and trend sums). Pattern functions
// (CDL*) have no streaming state.
import type { PriceField } from '../../shared/types';
import { IndicatorError, resolveIndicator } from '../indicators/registry';
import type { ParamValues } from '../indicators/types';
import { adoscSpec, adSpec, aroonSpec, atrSpec, cciSpec, midpriceSpec, obvSpec, priceSpec, type Spec, willrSpec } from './bars';
import { emaNode, kamaNode, maNode, smaNode, t3Node, trimaNode, wmaNode, xemaNode } from './ma';
import {
  changeNode, gainLossNode, linregNode, macdStates, midpointNode, priceOscNode, stddevNode, varNode,
} from './single';
import { mamaInit, type MamaS, mamaStep } from './mama';
import { ago, decodeState, encodeState, type Node, push, type Ring, ring } from './state';
import { htSpecs } from './ht';
import { oscSpecs } from './osc';
import { statSpecs } from './stats';
import { dmSpecs, windowSpecs } from './wilder';

/** One bar of prices; only the fields the function reads must be numbers. */
export type StreamBar = Readonly<Partial<Record<PriceField, number>>>;

/** A JSON-safe copy of a stream: function, validated params, bars seen and the encoded state. */
export interface StreamSnapshot {
  fn: string;
  params: Record<string, number>;
  /** The price field each input series reads, in C argument order. */
  fields: PriceField[];
  bars: number;
  state: unknown;
}

/** An incremental indicator: feed bars in order, read the batch engine's value at each bar. */
export interface IndicatorStream {
  /** TA-Lib function name (upper case). */
  readonly fn: string;
  /** Validated parameters, defaults filled in. */
  readonly params: Readonly<Record<string, number>>;
  /** Bars before the first value, as the batch lookback (updates before it return NaN). */
  readonly lookback: number;
  /** Output names, TA-Lib Python names in registry order. */
  readonly outputs: readonly string[];
  /** Bars fed so far. */
  readonly bars: number;
  /** The price field each input series reads, in C argument order. */
  readonly fields: readonly PriceField[];
  /** Takes the next bar; returns every output at that bar (NaN during warm-up). */
  update(bar: StreamBar): Record<string, number>;
  /** The state as JSON-safe plain data. */
  snapshot(): StreamSnapshot;
  /** Replaces the state with a snapshot of the same function and params. */
  restore(snap: StreamSnapshot): void;
}

type Builder = (p: ParamValues, fn: string) => Spec;

/** A one-series node as a one-output spec. */
function one(node: Node): Spec {
  return { lb: node.lb, init: () => node.init(), update: (s, x) => [node.step(s, x[0])] };
}

interface BbS { ma: unknown; v: unknown; i: number; mid: Ring }
/**
 * BBANDS as the kernel: middle = TA_MA; σ from Σx² minus the SMA² for matype 0, TA_STDDEV's sums otherwise.
 * TA-Lib's quirk for MAMA with period > 33 kept: the bands start at period − 1 and pair bar i's σ with the MAMA
 * value of bar i − (period − 33), hence a ring of the last MA values.
 */
function bbandsSpec(p: ParamValues, fn: string): Spec<BbS> {
  const period = p.timeperiod;
  const ma = maNode(period, p.matype, fn);
  const lb = Math.max(ma.lb, period - 1);
  const lag = lb - ma.lb;
  const v: Node = p.matype === 0 ? sqNode(period) : varNode(period, lb - (period - 1));
  return {
    lb,
    init: () => ({ ma: ma.init(), v: v.init(), i: 0, mid: ring(lag + 1) }),
    update(s, [x]) {
      push(s.mid, ma.step(s.ma, x));
      let variance = v.step(s.v, x);
      if (s.i++ < lb) return [NaN, NaN, NaN];
      const m = ago(s.mid, lag);
      if (p.matype === 0) variance -= m * m;
      const sd = !(variance < 0.00000000000001) ? Math.sqrt(variance) : 0.0;
      return [m + sd * p.nbdevup, m, m - sd * p.nbdevdn];
    },
  };
}

/** INT_stddev_using_precalc_ma's Σx²/p over the window (the mean² is subtracted by the caller). */
function sqNode(period: number): Node<{ t: number; r: number[]; n: number }> {
  return {
    lb: period - 1,
    init: () => ({ t: 0, r: new Array<number>(period).fill(0), n: 0 }),
    step(s, x) {
      s.r[s.n % period] = x;
      const i = s.n++;
      s.t += x * x;
      if (i < period - 1) return NaN;
      const mean2 = s.t / period;
      const old = s.r[(i + 1) % period];
      s.t -= old * old;
      return mean2;
    },
  };
}

const BUILDERS: Record<string, Builder> = {
  SMA: (p) => one(smaNode(p.timeperiod)),
  EMA: (p) => one(emaNode(p.timeperiod)),
  WMA: (p) => one(wmaNode(p.timeperiod)),
  DEMA: (p) => one(xemaNode(p.timeperiod, 2)),
  TEMA: (p) => one(xemaNode(p.timeperiod, 3)),
  TRIMA: (p) => one(trimaNode(p.timeperiod)),
  KAMA: (p) => one(kamaNode(p.timeperiod)),
  T3: (p) => one(t3Node(p.timeperiod, p.vfactor)),
  MA: (p, fn) => one(maNode(p.timeperiod, p.matype, fn)),
  MAMA: (p): Spec<MamaS> => ({ lb: 32, init: mamaInit, update: (s, [x]) => mamaStep(s, x, p.fastlimit, p.slowlimit, 0) }),
  RSI: (p) => one(gainLossNode(p.timeperiod, false)),
  CMO: (p) => one(gainLossNode(p.timeperiod, true)),
  MOM: (p) => one(changeNode(p.timeperiod, 0)),
  ROC: (p) => one(changeNode(p.timeperiod, 1)),
  ROCP: (p) => one(changeNode(p.timeperiod, 2)),
  ROCR: (p) => one(changeNode(p.timeperiod, 3)),
  ROCR100: (p) => one(changeNode(p.timeperiod, 4)),
  MACD: (p) => macdStates(p.fastperiod, p.slowperiod, p.signalperiod),
  MACDFIX: (p) => macdStates(12, 26, p.signalperiod, 0.15, 0.075),
  APO: (p, fn) => one(priceOscNode(p.fastperiod, p.slowperiod, p.matype, false, fn)),
  PPO: (p, fn) => one(priceOscNode(p.fastperiod, p.slowperiod, p.matype, true, fn)),
  BBANDS: bbandsSpec,
  STDDEV: (p) => one(stddevNode(p.timeperiod, p.nbdev)),
  VAR: (p) => one(varNode(p.timeperiod)),
  ATR: (p) => atrSpec(p.timeperiod, false),
  NATR: (p) => atrSpec(p.timeperiod, true),
  TRANGE: () => atrSpec(0, false),
  WILLR: (p) => willrSpec(p.timeperiod),
  CCI: (p) => cciSpec(p.timeperiod),
  AROON: (p) => aroonSpec(p.timeperiod, false),
  AROONOSC: (p) => aroonSpec(p.timeperiod, true),
  OBV: () => obvSpec(),
  AD: () => adSpec(),
  ADOSC: (p) => adoscSpec(p.fastperiod, p.slowperiod),
  MIDPOINT: (p) => one(midpointNode(p.timeperiod)),
  MIDPRICE: (p) => midpriceSpec(p.timeperiod),
  AVGPRICE: () => priceSpec('AVGPRICE'),
  MEDPRICE: () => priceSpec('MEDPRICE'),
  TYPPRICE: () => priceSpec('TYPPRICE'),
  WCLPRICE: () => priceSpec('WCLPRICE'),
  LINEARREG: (p) => one(linregNode(p.timeperiod, 0)),
  LINEARREG_SLOPE: (p) => one(linregNode(p.timeperiod, 1)),
  LINEARREG_INTERCEPT: (p) => one(linregNode(p.timeperiod, 2)),
  LINEARREG_ANGLE: (p) => one(linregNode(p.timeperiod, 3)),
  TSF: (p) => one(linregNode(p.timeperiod, 4)),
  ...dmSpecs,
  ...oscSpecs,
  ...statSpecs,
  ...htSpecs,
  ...windowSpecs,
};

/** Names of the functions createStream supports, sorted. */
export function streamingFunctions(): string[] {
  return Object.keys(BUILDERS).sort();
}

/**
 * A streaming state for TA-Lib function `fn` with `params` (validated as the batch engine does; defaults
 * filled in) and optional `inputs` (input name → price field(s), as an IndicatorRequest's). Throws
 * IndicatorError for bad requests and "no streaming state for X yet" for unsupported ones.
 */
export function createStream(
  fn: string,
  params?: Record<string, number>,
  inputs?: Record<string, PriceField | PriceField[]>,
): IndicatorStream {
  const r = resolveIndicator({ fn, params, inputs });
  const name = r.def.name;
  const build = BUILDERS[name];
  if (build === undefined) {
    throw new IndicatorError(`no streaming state for ${name} yet; streaming functions: ${streamingFunctions().join(', ')}`);
  }
  const spec = build(r.params, name);
  const fields = r.fields;
  const outputs = r.def.outputs.map((o) => o.name);
  const paramsCopy: Record<string, number> = { ...r.params };
  let state = spec.init();
  let bars = 0;
  const x = new Array<number>(fields.length).fill(0);
  return {
    fn: name,
    params: paramsCopy,
    lookback: r.lookback,
    outputs,
    fields,
    get bars() {
      return bars;
    },
    update(bar: StreamBar): Record<string, number> {
      if (bar === null || typeof bar !== 'object') throw new IndicatorError(`${name} update: bar must be an object, got ${String(bar)}`);
      for (let k = 0; k < fields.length; k++) {
        const v = bar[fields[k]];
        if (typeof v !== 'number') {
          throw new IndicatorError(`${name} update: bar ${bars} field ${fields[k]} must be a number, got ${JSON.stringify(v)}`);
        }
        x[k] = v;
      }
      const values = spec.update(state, x);
      bars++;
      const out: Record<string, number> = {};
      for (let k = 0; k < outputs.length; k++) out[outputs[k]] = values[k];
      return out;
    },
    snapshot(): StreamSnapshot {
      return { fn: name, params: { ...paramsCopy }, fields: [...fields], bars, state: encodeState(state) };
    },
    restore(snap: StreamSnapshot): void {
      if (snap === null || typeof snap !== 'object' || snap.fn !== name) {
        throw new IndicatorError(`${name} restore: snapshot is for ${JSON.stringify(snap?.fn)}, not ${name}`);
      }
      for (const [k, v] of Object.entries(paramsCopy)) {
        if (!Object.is(snap.params?.[k], v)) {
          throw new IndicatorError(`${name} restore: snapshot has ${k} = ${JSON.stringify(snap.params?.[k])}, this stream ${v}`);
        }
      }
      if (!Array.isArray(snap.fields) || snap.fields.join() !== fields.join()) {
        throw new IndicatorError(`${name} restore: snapshot reads ${JSON.stringify(snap.fields)}, this stream ${JSON.stringify(fields)}`);
      }
      if (!Number.isInteger(snap.bars) || snap.bars < 0) throw new IndicatorError(`${name} restore: bad bar count ${JSON.stringify(snap.bars)}`);
      state = decodeState(snap.state);
      bars = snap.bars;
    },
  };
}

/** A new stream continuing from a snapshot (createStream with the snapshot's fn and params, then restore). */
export function restoreStream(snap: StreamSnapshot): IndicatorStream {
  const r = resolveIndicator({ fn: snap?.fn, params: snap?.params });
  // Inputs by name again, so a stream built with a non-default mapping comes back with it.
  const names = Object.entries(r.def.inputs);
  const inputs: Record<string, PriceField | PriceField[]> = {};
  let k = 0;
  for (const [n, dflt] of names) {
    if (typeof dflt === 'string') inputs[n] = snap.fields?.[k++] ?? dflt;
    else {
      inputs[n] = dflt.map((d) => snap.fields?.[k++] ?? d);
    }
  }
  const s = createStream(snap.fn, snap.params, inputs);
  s.restore(snap);
  return s;
}

