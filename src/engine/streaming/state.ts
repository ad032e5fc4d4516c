// Plain-data building blocks of the streaming states: a ring buffer of the last values, and the JSON encoding
// of a state (numbers that JSON cannot carry — NaN, ±Infinity, −0 — become tagged strings and come back).

/** The last `b.length` values of a series; `n` counts every value pushed (the bar index of the next one). */
export interface Ring {
  b: number[];
  n: number;
}

/** A ring remembering the last `size` values (size ≥ 1). */
export function ring(size: number): Ring {
  return { b: new Array<number>(Math.max(1, size)).fill(0), n: 0 };
}

/** Appends x (the newest value). */
export function push(r: Ring, x: number): void {
  r.b[r.n % r.b.length] = x;
  r.n++;
}

/** The value pushed k pushes ago (k = 0: the newest); k must be < the ring size and < the number pushed. */
export function ago(r: Ring, k: number): number {
  return r.b[(r.n - 1 - k) % r.b.length];
}

/** A scalar stream: one input value per bar in, one output value per bar out (NaN during warm-up). */
export interface Node<S = unknown> {
  /** Bars before the first value (TA-Lib's lookback). */
  lb: number;
  init(): S;
  // Method syntax on purpose: parameters are then bivariant, so a Node<SmaState> is a Node<unknown>.
  step(s: S, x: number): number;
}

const TAG = '\u0000num:';

/** A deep copy of a plain-data state that survives JSON.stringify (non-finite numbers and −0 tagged). */
export function encodeState(v: unknown): unknown {
  if (typeof v === 'number') {
    if (Number.isFinite(v) && !Object.is(v, -0)) return v;
    return TAG + (Object.is(v, -0) ? '-0' : String(v));
  }
  if (Array.isArray(v)) return v.map(encodeState);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeState(x)]));
  }
  return v;
}

/** The inverse of encodeState (also a deep copy, so a restored stream never shares arrays with the snapshot). */
export function decodeState(v: unknown): unknown {
  if (typeof v === 'string' && v.startsWith(TAG)) {
    const s = v.slice(TAG.length);
    return s === '-0' ? -0 : Number(s);
  }
  if (Array.isArray(v)) return v.map(decodeState);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeState(x)]));
  }
  return v;
}

/** TA_IS_ZERO: −1e-14 < v < 1e-14 (false for NaN). */
export function isZero(v: number): boolean {
  return -0.00000000000001 < v && v < 0.00000000000001;
}
