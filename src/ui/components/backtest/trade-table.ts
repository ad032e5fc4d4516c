// The trade table as data: one column per Trade field (src/shared/backtest.ts), their display formats, and a
// stable sort. Pure; the component only renders what these functions return.
import type { Trade } from '../../../shared/backtest';
import type { Timeframe } from '../../../shared/types';
import { formatPrice } from '../../charts/data/format';
import { formatBarTime } from '../../charts/data/time-ticks';

/** A sortable column: the Trade field it shows, its header, alignment and how a value is written. */
export interface TradeColumn {
  key: keyof Trade;
  label: string;
  numeric: boolean;
  format: (t: Trade, timeframe: Timeframe) => string;
}

/** Sort direction. */
export type SortDir = 'asc' | 'desc';

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : String(x));
const money = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : String(x));
const size = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(8))));

/** Every field of Trade, in table order. */
export const TRADE_COLUMNS: readonly TradeColumn[] = [
  { key: 'entry_index', label: 'Entry bar', numeric: true, format: (t) => String(t.entry_index) },
  { key: 'entry_time', label: 'Entry time', numeric: false, format: (t, tf) => formatBarTime(t.entry_time, tf) },
  { key: 'exit_index', label: 'Exit bar', numeric: true, format: (t) => String(t.exit_index) },
  { key: 'exit_time', label: 'Exit time', numeric: false, format: (t, tf) => formatBarTime(t.exit_time, tf) },
  { key: 'direction', label: 'Side', numeric: false, format: (t) => t.direction },
  { key: 'size', label: 'Size', numeric: true, format: (t) => size(t.size) },
  { key: 'entry_price', label: 'Entry price', numeric: true, format: (t) => formatPrice(t.entry_price) },
  { key: 'exit_price', label: 'Exit price', numeric: true, format: (t) => formatPrice(t.exit_price) },
  { key: 'pnl', label: 'P&L', numeric: true, format: (t) => money(t.pnl) },
  { key: 'return_pct', label: 'Return', numeric: true, format: (t) => pct(t.return_pct) },
  { key: 'commission', label: 'Commission', numeric: true, format: (t) => money(t.commission) },
  { key: 'exit_reason', label: 'Exit reason', numeric: false, format: (t) => t.exit_reason.replace('_', ' ') },
  { key: 'mae', label: 'MAE', numeric: true, format: (t) => pct(t.mae) },
  { key: 'mfe', label: 'MFE', numeric: true, format: (t) => pct(t.mfe) },
  { key: 'bars_held', label: 'Bars held', numeric: true, format: (t) => String(t.bars_held) },
];

/** Orders two field values: numbers numerically with NaN last, strings by code unit. */
function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const na = Number.isNaN(a);
    const nb = Number.isNaN(b);
    if (na || nb) return na === nb ? 0 : na ? 1 : -1;
    return a - b;
  }
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * The trades sorted by `key` (stable: equal values keep their original order, i.e. by entry); `desc` reverses the
 * order of values but still puts NaN last. Returns a new array; the input is not changed.
 */
export function sortTrades(trades: readonly Trade[], key: keyof Trade, dir: SortDir): Trade[] {
  const sign = dir === 'asc' ? 1 : -1;
  return trades
    .map((t, i) => ({ t, i }))
    .sort((x, y) => {
      const a = x.t[key];
      const b = y.t[key];
      const nan = typeof a === 'number' && typeof b === 'number' && (Number.isNaN(a) || Number.isNaN(b));
      const c = nan ? compare(a, b) : sign * compare(a, b);
      return c !== 0 ? c : x.i - y.i;
    })
    .map((x) => x.t);
}

/** The next sort after clicking column `key`: a new column sorts ascending, the same one flips direction. */
export function nextSort(current: { key: keyof Trade; dir: SortDir }, key: keyof Trade): { key: keyof Trade; dir: SortDir } {
  if (current.key !== key) return { key, dir: 'asc' };
  return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}
