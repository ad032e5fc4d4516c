// Backtest simulation benchmark: 1000 bars × 1000 columns, entries on even rows and exits on odd rows (next_open,
// all_in, whole units: 500 round trips = 1000 orders per column, 1M orders in all). The WASM kernel
// (assembly/backtest.ts, inputs already in WASM memory) is timed with equity + trade records, equity + summary, and
// summary alone, against a plain-JS port of the per-row algorithm over the same typed arrays and the readable
// reference simulator (src/engine/backtest/reference.ts). Median of 7 runs after 2 warm-ups. The JS port's
// equity and records are checked bit-identical to the kernel's first (a mismatch aborts). Prints a Markdown table.
import { fileURLToPath } from 'node:url';
import { loadKernelsNode } from '../../src/kernels/node';
import { encodeSimSettings, type SimSettings } from '../../src/engine/backtest/settings';
import { simulateReference } from '../../src/engine/backtest/reference';
import * as L from '../../assembly/backtest-layout';
import { timeMedian, table } from './stats';

const N = 1000;
const K = 1000;

const SETTINGS: SimSettings = {
  direction: 'long', cash: 10_000, fill: 'next_open', sizing: { mode: 'all_in', value: 0 }, step: 1,
  commissionRate: 0, commissionFixed: 0, slip: 0, spread: 0, stopLoss: null, takeProfit: null, trailingStop: null,
  stopReference: 'fill', maxPositionPct: null, maxDrawdownStop: null,
};

/**
 * The kernel's per-row algorithm in plain JS (no stops, all_in sizing: the benchmark's settings), same operations
 * in the same order: equity column-major and trade records (layout of backtest-layout.ts) into typed arrays.
 */
function jsColumns(O: Float64Array, H: Float64Array, Lo: Float64Array, C: Float64Array, flags: Uint8Array,
  first: Int32Array, s: SimSettings, eqOut: Float64Array, rec: Float64Array): number {
  const n = O.length, rate = s.commissionRate, fixed = s.commissionFixed, slip = s.slip, spread = s.spread;
  let count = 0;
  for (let col = 0; col < first.length; col++) {
    let cash = s.cash, mark = NaN, dir = 0, units = 0, entryIdx = 0, pe = 0, eComm = 0;
    let maxH = -Infinity, minL = Infinity, pendClose = false, pendOpen = 0;
    const fo = col * n;
    const exitAt = (p: number, i: number, reason: number) => {
      const px = dir > 0 ? p * (1 - slip) : p * (1 + slip);
      const comm = rate * units * px + fixed;
      if (dir > 0) cash += units * px - comm;
      else cash -= units * px + comm;
      const commission = eComm + comm;
      let mae = 0, mfe = 0;
      for (const q of [px, maxH, minL]) {
        if (q === -Infinity || q === Infinity) continue;
        const x = dir * (q / pe - 1);
        if (x > mfe) mfe = x;
        if (x < mae) mae = x;
      }
      const r = count++ * L.REC_FIELDS;
      rec[r + L.REC_COLUMN] = col; rec[r + L.REC_ENTRY_INDEX] = entryIdx; rec[r + L.REC_EXIT_INDEX] = i;
      rec[r + L.REC_DIRECTION] = dir; rec[r + L.REC_SIZE] = units; rec[r + L.REC_ENTRY_PRICE] = pe;
      rec[r + L.REC_EXIT_PRICE] = px; rec[r + L.REC_PNL] = dir * units * (px - pe) - commission;
      rec[r + L.REC_RETURN_PCT] = dir * (px / pe - 1) - commission / (units * pe);
      rec[r + L.REC_COMMISSION] = commission; rec[r + L.REC_REASON] = reason; rec[r + L.REC_MAE] = mae; rec[r + L.REC_MFE] = mfe;
      dir = 0;
    };
    const execute = (close: boolean, open: number, p: number, i: number) => {
      if (close && dir !== 0) exitAt(p, i, L.REASON_SIGNAL);
      if (open === 0 || dir !== 0) return;
      const price = open > 0 ? p * (1 + slip + spread) : p * (1 - slip - spread);
      const uMax = (cash - fixed) / (price * (1 + rate));
      let k = Math.floor(uMax / s.step);
      let u = k * s.step;
      if (u * price + (rate * u * price + fixed) > cash) u = --k * s.step;
      if (!(k >= 1)) return;
      const comm = rate * u * price + fixed;
      if (open > 0) cash -= u * price + comm;
      else cash += u * price - comm;
      dir = open; units = u; entryIdx = i; pe = price; eComm = comm; maxH = -Infinity; minL = Infinity;
    };
    for (let i = 0; i < n; i++) {
      const o = O[i], c = C[i], valid = o === o && c === c, last = i === n - 1;
      if (pendClose || pendOpen !== 0) {
        if (valid) execute(pendClose, pendOpen, o, i);
        pendClose = false; pendOpen = 0;
      }
      if (dir !== 0) {
        if (H[i] > maxH) maxH = H[i];
        if (Lo[i] < minL) minL = Lo[i];
      }
      const f = flags[fo + i];
      if (i >= first[col] && !last && f !== 0) {
        const el = (f & 1) !== 0;
        if (dir === 0 && el) pendOpen = 1;
        else if (dir > 0 && (f & 2) !== 0) pendClose = true;
      }
      if (last && dir !== 0 && valid) exitAt(c, i, L.REASON_END);
      if (c === c) mark = c;
      eqOut[fo + i] = dir === 0 ? cash : cash + (dir > 0 ? units : -units) * mark;
    }
  }
  return count;
}

/** Runs the benchmark; returns the Markdown table and notes. */
export async function benchBacktestSim(): Promise<string> {
  const kern = await loadKernelsNode();
  const ex = kern.exports;
  const px = kern.alloc(4 * N);
  const set = kern.alloc(L.SET_FIELDS);
  const eq = kern.alloc(N * K);
  const sum = kern.alloc(K * L.SUM_FIELDS);
  const cap = (N / 2) * K;
  const rec = kern.alloc(cap * L.REC_FIELDS);
  const fl = ex.alloc(N * K) >>> 0;
  const fb = ex.alloc(4 * K) >>> 0;
  try {
    const v = px.view();
    let p = 100, s = 12345;
    const r = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < N; i++) {
      const o = p * (1 + (r() - 0.5) * 0.004);
      p = o * (1 + (r() - 0.5) * 0.02);
      v[i] = o; v[N + i] = Math.max(o, p) * (1 + r() * 0.005); v[2 * N + i] = Math.min(o, p) * (1 - r() * 0.005); v[3 * N + i] = p;
    }
    encodeSimSettings(SETTINGS, set.view());
    const flags = Uint8Array.from({ length: N * K }, (_, j) => (j % N) % 2 === 0 ? 1 : 2);
    const firstBars = new Int32Array(K);
    new Uint8Array(ex.memory.buffer, fl, N * K).set(flags);
    new Int32Array(ex.memory.buffer, fb, K).set(firstBars);
    const call = (recPtr: number, recCap: number, eqPtr = eq.ptr) =>
      ex.backtestColumns(px.ptr, px.ptr + 8 * N, px.ptr + 16 * N, px.ptr + 24 * N, N, fl, fb, K, set.ptr, 0, 0, 0, 0,
        eqPtr, 0, 0, recPtr, recCap, sum.ptr);

    // Exactness first: the JS port equals the kernel bit for bit (equity and every record).
    const O = v.slice(0, N), H = v.slice(N, 2 * N), Lo = v.slice(2 * N, 3 * N), C = v.slice(3 * N);
    const jsEq = new Float64Array(N * K);
    const jsRec = new Float64Array(cap * L.REC_FIELDS);
    const trades = call(rec.ptr, cap);
    const jsTrades = jsColumns(O, H, Lo, C, flags, firstBars, SETTINGS, jsEq, jsRec);
    if (trades !== cap || jsTrades !== cap) throw new Error(`expected ${cap} trades, kernel ${trades}, JS ${jsTrades}`);
    const same = (a: Float64Array, b: Float64Array, what: string) => {
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}[${i}]: kernel ${a[i]} ≠ JS ${b[i]}`);
    };
    same(eq.view(), jsEq, 'equity');
    same(rec.view(), jsRec, 'records');

    const withRecords = timeMedian(() => call(rec.ptr, cap));
    const summaryEquity = timeMedian(() => call(0, 0));
    const summaryOnly = timeMedian(() => call(0, 0, 0));
    const js = timeMedian(() => jsColumns(O, H, Lo, C, flags, firstBars, SETTINGS, jsEq, jsRec));
    const bars = { ts: new Float64Array(N), open: O, high: H, low: Lo, close: C };
    const ref = timeMedian(() => {
      for (let j = 0; j < K; j++) simulateReference(bars, flags.subarray(j * N, (j + 1) * N), 0, SETTINGS);
    }, 3, 1);
    const ns = (ms: number) => ((ms * 1e6) / (N * K)).toFixed(1);
    const row = (name: string, ms: number) => [name, `${ms.toFixed(1)} ms`, `${ns(ms)} ns`, `${(ms / withRecords).toFixed(2)}×`];
    return [
      table(['1000 bars × 1000 columns, 1M orders', 'median', 'per bar·column', 'vs WASM with records'], [
        row('WASM kernel, equity + trade records', withRecords),
        row('WASM kernel, equity + summary', summaryEquity),
        row('WASM kernel, summary only (no equity)', summaryOnly),
        row('plain JS, same algorithm, typed arrays', js),
        row('reference simulator (readable TS, objects)', ref),
      ]),
      '',
      'Inputs already in WASM memory; the JS port was checked bit-identical to the kernel (equity and all',
      `${cap.toLocaleString('en-US')} records) before timing. Every row fills an order, the worst case for the kernel;`,
      'with records it also writes 52 MB of trade records (13 f64 each) and 8 MB of equity, which memory bandwidth',
      'bounds (plain writes of 60 MB take ≈ 7 ms on a 2-core shared box).',
    ].join('\n');
  } finally {
    for (const b of [px, set, eq, sum, rec]) b.free();
    ex.dealloc(fl);
    ex.dealloc(fb);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await benchBacktestSim());
