// Saved backtest runs in the store's product tables: one `strategies` row (the spec and a JSON summary), one
// `strategy_performance` row (the headline metrics over the backtest window) and the run's BUY/SELL signals in
// `strategy_signals`, written in one transaction. SQL comes from pure builders below (tested as strings, literals
// quoted with sql.ts's quoteLiteral); saveRun/listRuns run them over the Store.
import type { BacktestConfig, StrategySpec } from '../shared/backtest';
import type { Timeframe } from '../shared/types';
import { inTransaction, type Store } from './index';
import { checkSymbol, checkTimeframe, quoteLiteral } from './sql';

/** One BUY/SELL signal of a run as `strategy_signals` holds it (HOLD rows are not stored). */
export interface StoredSignal {
  /** Bar time, epoch ms (timezone-naive, as Bars.ts). */
  ts: number;
  type: 'BUY' | 'SELL';
  /** 0–100. */
  strength: number;
  /** The bar's close. */
  price: number;
  /** Extra JSON-able detail (e.g. the flag names); stored as JSON text. */
  metadata?: Record<string, unknown>;
}

/** Everything saveRun writes about one backtest. */
export interface RunRecord {
  /** Display name of the strategy row, e.g. "SMA(10,30) DEMO:ACME 1d". */
  name: string;
  config: BacktestConfig;
  symbol: string;
  timeframe: Timeframe;
  /** Epoch ms of the first and last bar of the metric period (start_row … n-1). */
  startTs: number;
  endTs: number;
  /** BacktestResult.stats. */
  stats: Record<string, number>;
  /** Number of closed trades. */
  trades: number;
  /** Rows in the run and its first decision / metric rows (for the summary). */
  bars: number;
  firstBar: number;
  startRow: number;
  periodsPerYear: number;
  signals: readonly StoredSignal[];
  /** Default false. */
  isActive?: boolean;
}

/** A saved run as listRuns returns it; dates as ISO 'YYYY-MM-DD', metrics NaN where NULL. */
export interface SavedRun {
  id: string;
  name: string;
  strategyType: string;
  parameters: string;
  symbol: string;
  timeframe: string;
  backtestStart: string;
  backtestEnd: string;
  sharpeRatio: number;
  maxDrawdown: number;
  totalReturn: number;
  winRate: number;
  profitFactor: number;
  signals: number;
  /** created_at as epoch ms (UTC wall clock). */
  createdMs: number;
}

/** Rows per INSERT statement of signals. */
export const SIGNAL_BATCH = 500;

/** The `strategies.strategy_type` of a spec type: upper case as the schema comment lists ('SMA_CROSS', 'RULES' …). */
export function strategyTypeName(type: StrategySpec['type']): string {
  return type.toUpperCase();
}

/** A DOUBLE literal that round-trips exactly (parsed from JS's shortest text); NaN → NULL, ±Infinity kept. */
export function sqlDouble(x: number): string {
  if (typeof x !== 'number') throw new TypeError(`SQL number must be a number, got ${typeof x}`);
  if (Number.isNaN(x)) return 'NULL';
  return `CAST('${x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : String(x)}' AS DOUBLE)`;
}

/** Throws a RangeError naming `what` unless `ms` is a finite epoch-ms integer. */
function checkMs(ms: number, what: string): void {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`${what} must be an integer epoch-ms time, got ${ms}`);
}

/** A TIMESTAMP literal from timezone-naive epoch ms (core `epoch_ms`, no time zone involved). */
export function sqlTimestamp(ms: number, what = 'timestamp'): string {
  checkMs(ms, what);
  return `epoch_ms(CAST(${ms} AS BIGINT))`;
}

/** A DATE literal: the calendar day of timezone-naive epoch ms. */
export function sqlDate(ms: number, what = 'date'): string {
  return `CAST(${sqlTimestamp(ms, what)} AS DATE)`;
}

/** JSON text where NaN becomes null and ±Infinity the strings "Infinity"/"-Infinity" (as the CLI prints them). */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity') : v,
  );
}

/** The `backtest_results` summary: data window, rows, trade count, every stat, and the trading settings. */
export function runSummary(r: RunRecord): Record<string, unknown> {
  const { strategy: _strategy, ...settings } = r.config;
  return {
    symbol: r.symbol,
    timeframe: r.timeframe,
    start: new Date(r.startTs).toISOString(),
    end: new Date(r.endTs).toISOString(),
    bars: r.bars,
    first_bar: r.firstBar,
    start_row: r.startRow,
    periods_per_year: r.periodsPerYear,
    trades: r.trades,
    signals: r.signals.length,
    stats: r.stats,
    settings,
  };
}

/** INSERT of the run's `strategies` row, returning its id as text (column `id`). */
export function insertStrategySql(r: RunRecord): string {
  if (typeof r.name !== 'string' || r.name.trim() === '') throw new TypeError('run name must be a non-empty string');
  const last = r.signals.length ? r.signals[r.signals.length - 1].ts : null;
  return (
    'INSERT INTO strategies (name, strategy_type, parameters, backtest_results, last_signal_date, is_active) VALUES (' +
    [
      quoteLiteral(r.name),
      quoteLiteral(strategyTypeName(r.config.strategy.type)),
      quoteLiteral(toJsonText(r.config.strategy)),
      quoteLiteral(toJsonText(runSummary(r))),
      last === null ? 'NULL' : sqlTimestamp(last, 'last signal time'),
      r.isActive ? 'true' : 'false',
    ].join(', ') +
    ') RETURNING CAST(id AS VARCHAR) AS id'
  );
}

/** Checks a strategy id is a UUID's text (it is spliced into SQL). */
function checkId(id: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new TypeError(`strategy id must be a UUID, got ${JSON.stringify(id)}`);
  }
}

/** INSERT of the run's `strategy_performance` row for strategy `id` (NaN metrics stored as NULL). */
export function insertPerformanceSql(id: string, r: RunRecord): string {
  checkId(id);
  checkSymbol(r.symbol);
  checkTimeframe(r.timeframe);
  const s = (k: string) => sqlDouble(r.stats[k] ?? NaN);
  return (
    'INSERT INTO strategy_performance (strategy_id, symbol, timeframe, backtest_start, backtest_end, sharpe_ratio, ' +
    'max_drawdown, total_return, win_rate, profit_factor) VALUES (' +
    [
      `CAST(${quoteLiteral(id)} AS UUID)`,
      quoteLiteral(r.symbol),
      quoteLiteral(r.timeframe),
      sqlDate(r.startTs, 'backtest start'),
      sqlDate(r.endTs, 'backtest end'),
      s('sharpe_ratio'),
      s('max_drawdown'),
      s('total_return'),
      s('win_rate'),
      s('profit_factor'),
    ].join(', ') +
    ')'
  );
}

/** INSERTs of the signals of strategy `id`, at most SIGNAL_BATCH rows each ([] when there are none). */
export function insertSignalsSql(id: string, symbol: string, signals: readonly StoredSignal[]): string[] {
  checkId(id);
  checkSymbol(symbol);
  const out: string[] = [];
  for (let at = 0; at < signals.length; at += SIGNAL_BATCH) {
    const rows = signals.slice(at, at + SIGNAL_BATCH).map((g, k) => {
      if (g.type !== 'BUY' && g.type !== 'SELL')
        throw new TypeError(`signals[${at + k}].type must be BUY or SELL, got ${JSON.stringify(g.type)}`);
      checkMs(g.ts, `signals[${at + k}].ts`);
      const meta = g.metadata === undefined ? 'NULL' : quoteLiteral(toJsonText(g.metadata));
      return `(CAST(${quoteLiteral(id)} AS UUID), ${quoteLiteral(symbol)}, ${quoteLiteral(g.type)}, ${sqlDouble(g.strength)}, ${sqlDouble(g.price)}, ${g.ts}, ${meta})`;
    });
    out.push(
      'INSERT INTO strategy_signals (strategy_id, symbol, signal_type, signal_strength, price, ts, metadata) VALUES ' +
        rows.join(', '),
    );
  }
  return out;
}

/** Saved runs, newest first: strategy row, its performance row and the number of stored signals. */
export function listRunsSql(): string {
  const f = (c: string) => `COALESCE(CAST(p.${c} AS DOUBLE), 'NaN'::DOUBLE) AS ${c}`;
  return (
    'SELECT CAST(s.id AS VARCHAR) AS id, s.name, s.strategy_type, s.parameters, p.symbol, p.timeframe, ' +
    'CAST(p.backtest_start AS VARCHAR) AS backtest_start, CAST(p.backtest_end AS VARCHAR) AS backtest_end, ' +
    `${['sharpe_ratio', 'max_drawdown', 'total_return', 'win_rate', 'profit_factor'].map(f).join(', ')}, ` +
    'CAST((SELECT count(*) FROM strategy_signals g WHERE g.strategy_id = s.id) AS DOUBLE) AS signals, ' +
    'CAST(epoch_ms(s.created_at) AS DOUBLE) AS created_ms ' +
    'FROM strategies s JOIN strategy_performance p ON p.strategy_id = s.id ORDER BY s.created_at DESC, s.name'
  );
}


/** Writes a run (strategy, performance, signals) in one transaction; resolves with the new strategy id. */
export async function saveRun(store: Pick<Store, 'withConnection'>, r: RunRecord): Promise<string> {
  // Build every statement but the id-dependent ones first, so bad input fails before anything is written.
  const strategySql = insertStrategySql(r);
  insertPerformanceSql('00000000-0000-4000-8000-000000000000', r);
  insertSignalsSql('00000000-0000-4000-8000-000000000000', r.symbol, r.signals);
  return store.withConnection((conn) =>
    inTransaction(conn, async () => {
      const t = await conn.query(strategySql);
      const id = String(t.toArray()[0]?.toJSON().id ?? '');
      await conn.query(insertPerformanceSql(id, r));
      for (const sql of insertSignalsSql(id, r.symbol, r.signals)) await conn.query(sql);
      return id;
    }),
  );
}

/** Every saved run, newest first (listRunsSql). */
export async function listRuns(store: Pick<Store, 'query'>): Promise<SavedRun[]> {
  const t = await store.query(listRunsSql());
  return t.toArray().map((row) => {
    const o = row.toJSON() as Record<string, unknown>;
    const num = (k: string) => Number(o[k]);
    return {
      id: String(o.id),
      name: String(o.name),
      strategyType: String(o.strategy_type),
      parameters: String(o.parameters),
      symbol: String(o.symbol),
      timeframe: String(o.timeframe),
      backtestStart: String(o.backtest_start),
      backtestEnd: String(o.backtest_end),
      sharpeRatio: num('sharpe_ratio'),
      maxDrawdown: num('max_drawdown'),
      totalReturn: num('total_return'),
      winRate: num('win_rate'),
      profitFactor: num('profit_factor'),
      signals: num('signals'),
      createdMs: num('created_ms'),
    };
  });
}
