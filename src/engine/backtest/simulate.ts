// The TS face of the backtest kernel (assembly/backtest.ts): copies bars, flags and series into WASM memory once,
// runs every column in one call, decodes equity columns, trades and summaries, and frees everything. Each column
// equals simulateReference (./reference.ts) with the same inputs.
import type { ExitReason, Trade } from '../../shared/backtest';
import type { Kernels } from '../../kernels/index';
import * as L from '../../../assembly/backtest-layout';
import { encodeSimSettings, validateSimSettings } from './settings';
import type { ColumnSummary, SimBars, SimSeries, SimSettings } from './settings';
import type { SimResult } from './reference';

/** Which outputs to produce; the per-column summary is always returned. */
export interface SimulateOptions {
  /** Per-column equity (default true). */
  equity?: boolean;
  /** Per-column cash and signed position (default false; meant for single-column runs). */
  cashPosition?: boolean;
  /** Trade records (default true). */
  trades?: boolean;
  /**
   * Zero-copy equity: called for each column with a view into WASM memory (valid only during the call, which must
   * not call the kernels), after the summaries are decoded; equity is then not copied out or returned.
   */
  visitEquity?: (column: number, equity: Float64Array, summary: ColumnSummary) => void;
}

/** Results of simulateColumns; per-column arrays are indexed by column. */
export interface ColumnsResult {
  /** equity[col][i]: subarrays of one copied n×ncols block; absent when not requested. */
  equity?: Float64Array[];
  cash?: Float64Array[];
  position?: Float64Array[];
  /** trades[col]: closed trades in exit order; absent when not requested. */
  trades?: Trade[][];
  summary: ColumnSummary[];
}

const REASONS: readonly ExitReason[] = ['signal', 'stop_loss', 'take_profit', 'trailing_stop', 'end'];

function checkSeries(name: keyof SimSeries, needed: boolean, series: SimSeries, n: number): Float64Array | null {
  const s = series[name];
  if (!needed) return null;
  if (s === undefined) throw new RangeError(`series.${name}: required by the settings, got none`);
  if (s.length !== n) throw new RangeError(`series.${name}: must have one value per bar (${n}), got ${s.length}`);
  return s;
}

/** Flattens and checks the flags: one Uint8Array per column, or one column-major block of ncols × n. */
function flatFlags(flags: Uint8Array[] | Uint8Array, n: number, ncols: number): Uint8Array {
  if (flags instanceof Uint8Array) {
    if (flags.length !== n * ncols) {
      throw new RangeError(`flags: must hold ncols × n = ${ncols} × ${n} values, got ${flags.length}`);
    }
    return flags;
  }
  if (flags.length !== ncols) throw new RangeError(`flags: must have one column per firstBars entry (${ncols}), got ${flags.length}`);
  const out = new Uint8Array(n * ncols);
  flags.forEach((f, j) => {
    if (f.length !== n) throw new RangeError(`flags[${j}]: must have one value per bar (${n}), got ${f.length}`);
    out.set(f, j * n);
  });
  return out;
}

/**
 * Simulates one column per entry of `firstBars` over shared bars in one kernel call (docs/semantics.md §§ 1–7;
 * each column equals simulateReference). Throws a RangeError naming the bad argument.
 */
export function simulateColumns(
  kernels: Kernels,
  bars: SimBars,
  flags: Uint8Array[] | Uint8Array,
  firstBars: ArrayLike<number>,
  settings: SimSettings,
  series: SimSeries = {},
  options: SimulateOptions = {},
): ColumnsResult {
  validateSimSettings(settings);
  const n = bars.close.length;
  for (const k of ['ts', 'open', 'high', 'low'] as const) {
    if (bars[k].length !== n) throw new RangeError(`bars.${k}: must have ${n} values like bars.close, got ${bars[k].length}`);
  }
  const ncols = firstBars.length;
  for (let j = 0; j < ncols; j++) {
    const fb = firstBars[j];
    if (!(Number.isInteger(fb) && fb >= 0 && fb <= 2 ** 31 - 1)) {
      throw new RangeError(`firstBars[${j}]: must be an integer ≥ 0, got ${fb}`);
    }
  }
  const fl = flatFlags(flags, n, ncols);
  const sers = [
    checkSeries('atrStopLoss', settings.stopLoss?.kind === 'atr', series, n),
    checkSeries('atrTakeProfit', settings.takeProfit?.kind === 'atr', series, n),
    checkSeries('atrTrailingStop', settings.trailingStop?.kind === 'atr', series, n),
    checkSeries('sigma', settings.sizing.mode === 'volatility_target', series, n),
  ];
  const wantEquity = options.equity ?? true;
  const wantCashPos = options.cashPosition ?? false;
  const wantTrades = options.trades ?? true;
  const ex = kernels.exports;
  const cells = n * ncols;

  const f64: { free(): void }[] = [];
  const raw: number[] = [];
  const take = <T extends { free(): void }>(b: T): T => (f64.push(b), b);
  const rawAlloc = (bytes: number): number => {
    const p = ex.alloc(Math.max(8, bytes)) >>> 0;
    if (p === 0) throw new Error(`kernels.wasm could not allocate ${bytes} bytes`);
    raw.push(p);
    return p;
  };
  try {
    const price = take(kernels.alloc(4 * n));
    const seriesBufs = sers.map((s) => (s === null ? null : take(kernels.alloc(n))));
    const set = take(kernels.alloc(L.SET_FIELDS));
    const eq = wantEquity ? take(kernels.alloc(cells)) : null;
    const cashB = wantCashPos ? take(kernels.alloc(cells)) : null;
    const posB = wantCashPos ? take(kernels.alloc(cells)) : null;
    const sum = take(kernels.alloc(ncols * L.SUM_FIELDS));
    const flagsPtr = rawAlloc(cells);
    const fbPtr = rawAlloc(4 * ncols);
    // Every allocation is done: views taken now stay valid until the record buffer grows below.
    new Uint8Array(ex.memory.buffer, flagsPtr, cells).set(fl);
    new Int32Array(ex.memory.buffer, fbPtr, ncols).set(Array.from(firstBars));
    const pv = price.view();
    pv.set(bars.open, 0);
    pv.set(bars.high, n);
    pv.set(bars.low, 2 * n);
    pv.set(bars.close, 3 * n);
    sers.forEach((s, k) => s !== null && seriesBufs[k]!.view().set(s));
    encodeSimSettings(settings, set.view());

    const run = (recPtr: number, cap: number): number =>
      ex.backtestColumns(
        price.ptr, price.ptr + 8 * n, price.ptr + 16 * n, price.ptr + 24 * n, n, flagsPtr, fbPtr, ncols, set.ptr,
        seriesBufs[0]?.ptr ?? 0, seriesBufs[1]?.ptr ?? 0, seriesBufs[2]?.ptr ?? 0, seriesBufs[3]?.ptr ?? 0,
        eq?.ptr ?? 0, cashB?.ptr ?? 0, posB?.ptr ?? 0, recPtr, cap, sum.ptr,
      );
    let trades: Trade[][] | undefined;
    if (wantTrades) {
      // A first guess of the record count; on overflow the kernel reports the exact need and we run again.
      let cap = Math.max(1, Math.min(cells, Math.max(4096, cells >> 4)));
      let rec = take(kernels.alloc(cap * L.REC_FIELDS));
      let got = run(rec.ptr, cap);
      if (got < 0) {
        rec.free();
        cap = -got;
        rec = take(kernels.alloc(cap * L.REC_FIELDS));
        got = run(rec.ptr, cap);
        if (got < 0) throw new Error(`backtestColumns needed ${-got} trade records after reporting ${cap}`);
      }
      trades = decodeTrades(rec.view(), got, ncols, bars.ts);
    } else {
      run(0, 0);
    }
    const columns = (b: { view(): Float64Array } | null) => {
      if (b === null) return undefined;
      const copy = b.view().slice(0, cells);
      return Array.from({ length: ncols }, (_, j) => copy.subarray(j * n, (j + 1) * n));
    };
    const summary = decodeSummary(sum.view(), ncols);
    if (options.visitEquity !== undefined && eq !== null) {
      const v = eq.view();
      for (let j = 0; j < ncols; j++) options.visitEquity(j, v.subarray(j * n, (j + 1) * n), summary[j]);
      return { cash: columns(cashB), position: columns(posB), trades, summary };
    }
    return {
      equity: columns(eq),
      cash: columns(cashB),
      position: columns(posB),
      trades,
      summary,
    };
  } finally {
    for (const b of f64) b.free();
    for (const p of raw) ex.dealloc(p);
  }
}

/** Trade objects (CLI field names) from `count` kernel records, grouped by column. */
function decodeTrades(rec: Float64Array, count: number, ncols: number, ts: Float64Array): Trade[][] {
  const out: Trade[][] = Array.from({ length: ncols }, () => []);
  for (let k = 0; k < count; k++) {
    const r = rec.subarray(k * L.REC_FIELDS, (k + 1) * L.REC_FIELDS);
    const entry = r[L.REC_ENTRY_INDEX];
    const exit = r[L.REC_EXIT_INDEX];
    out[r[L.REC_COLUMN]].push({
      entry_index: entry,
      exit_index: exit,
      entry_time: ts[entry],
      exit_time: ts[exit],
      direction: r[L.REC_DIRECTION] > 0 ? 'long' : 'short',
      size: r[L.REC_SIZE],
      entry_price: r[L.REC_ENTRY_PRICE],
      exit_price: r[L.REC_EXIT_PRICE],
      pnl: r[L.REC_PNL],
      return_pct: r[L.REC_RETURN_PCT],
      commission: r[L.REC_COMMISSION],
      exit_reason: REASONS[r[L.REC_REASON]],
      mae: r[L.REC_MAE],
      mfe: r[L.REC_MFE],
      bars_held: exit - entry,
    });
  }
  return out;
}

function decodeSummary(v: Float64Array, ncols: number): ColumnSummary[] {
  return Array.from({ length: ncols }, (_, j) => {
    const s = v.subarray(j * L.SUM_FIELDS, (j + 1) * L.SUM_FIELDS);
    return {
      finalEquity: s[L.SUM_FINAL_EQUITY], trades: s[L.SUM_TRADES], wins: s[L.SUM_WINS], losses: s[L.SUM_LOSSES],
      grossProfit: s[L.SUM_GROSS_PROFIT], grossLoss: s[L.SUM_GROSS_LOSS], sumPnl: s[L.SUM_PNL],
      sumPnlSq: s[L.SUM_PNL_SQ], sumReturn: s[L.SUM_RETURN], sumReturnWin: s[L.SUM_RETURN_WIN],
      sumReturnLoss: s[L.SUM_RETURN_LOSS], bestReturn: s[L.SUM_BEST_RETURN], worstReturn: s[L.SUM_WORST_RETURN],
      maxConsecutiveLosses: s[L.SUM_MAX_CONSEC_LOSSES], barsInPosition: s[L.SUM_BARS_IN_POSITION],
      maxDrawdown: s[L.SUM_MAX_DRAWDOWN],
    };
  });
}

/** One column through the kernel: equity, cash, signed position and trades, equal to simulateReference. */
export function simulateOne(
  kernels: Kernels,
  bars: SimBars,
  flags: Uint8Array,
  firstBar: number,
  settings: SimSettings,
  series: SimSeries = {},
): SimResult {
  const r = simulateColumns(kernels, bars, [flags], [firstBar], settings, series, { equity: true, cashPosition: true, trades: true });
  return { equity: r.equity![0], cash: r.cash![0], position: r.position![0], trades: r.trades![0] };
}
