// Export formats of a run, pure: trades as CSV (RFC 4180, one row per closed trade, CLI field names) and the whole
// result as JSON (typed arrays as plain arrays, NaN/±Infinity as null, which JSON cannot hold).
import type { BacktestConfig, BacktestResult, Trade } from '../../shared/backtest';

/** Trade columns in CSV order (the CLI's trade fields). */
export const TRADE_COLUMNS: readonly (keyof Trade)[] = [
  'entry_index',
  'exit_index',
  'entry_time',
  'exit_time',
  'direction',
  'size',
  'entry_price',
  'exit_price',
  'pnl',
  'return_pct',
  'commission',
  'exit_reason',
  'mae',
  'mfe',
  'bars_held',
];

const cell = (v: unknown): string => {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Trades as CSV with a header row (RFC 4180; times as ISO "2016-01-04T00:00:00"; NaN as empty). */
export function tradesCsv(trades: readonly Trade[]): string {
  const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString().slice(0, 19) : '');
  const rows = trades.map((t) =>
    TRADE_COLUMNS.map((k) => cell(k === 'entry_time' || k === 'exit_time' ? iso(t[k] as number) : t[k])).join(','),
  );
  return [TRADE_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** A JSON-safe copy: typed arrays → arrays, non-finite numbers → null. */
export function jsonSafe(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => jsonSafe(x));
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = jsonSafe(x);
    return out;
  }
  return v;
}

/** The whole run as JSON text: what ran (symbol, timeframe, config, engine), bar times and every result field. */
export function resultJson(run: { symbol: string; timeframe: string; engine: string; config: BacktestConfig; ts: Float64Array; result: BacktestResult; link?: string }): string {
  return JSON.stringify(
    jsonSafe({
      symbol: run.symbol,
      timeframe: run.timeframe,
      engine: run.engine,
      link: run.link,
      config: run.config,
      ts: run.ts,
      result: run.result,
    }),
  );
}
