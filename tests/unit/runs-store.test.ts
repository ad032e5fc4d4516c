// Saved backtest runs (src/store/runs.ts): the SQL builders as strings, then saveRun/listRuns on the Node DuckDB
// store — exact round trip of awkward numbers and quotes, NaN → NULL, Infinity kept, dates, signals, rollback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestConfig } from '../../src/shared/backtest';
import { openNodeStore } from '../../src/store/duckdb-node';
import type { Store } from '../../src/store/index';
import {
  insertPerformanceSql,
  insertSignalsSql,
  insertStrategySql,
  listRuns,
  listRunsSql,
  runSummary,
  saveRun,
  SIGNAL_BATCH,
  sqlDate,
  sqlDouble,
  sqlTimestamp,
  strategyTypeName,
  toJsonText,
  type RunRecord,
  type StoredSignal,
} from '../../src/store/runs';

const UUID = '0b6f9a52-3c1e-4d5a-9f0e-2a7c1b3d4e5f';
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

const config: BacktestConfig = {
  strategy: { type: 'sma_cross', params: { fast: 10, slow: 30 } },
  direction: 'long',
  cash: 10000,
  commission: { rate: 0.001, fixed: 0 },
  stop_loss: { pct: 0.05 },
};

function record(over: Partial<RunRecord> = {}): RunRecord {
  return {
    name: 'SMA(10,30) · O\'Neil "quoted" 1d',
    config,
    symbol: 'DEMO:ACME',
    timeframe: '1d',
    startTs: day(2016, 1, 4),
    endTs: day(2025, 12, 31),
    stats: {
      sharpe_ratio: 0.1 + 0.2,
      max_drawdown: -0.123456789012345678,
      total_return: 1e-7,
      win_rate: NaN,
      profit_factor: Infinity,
      trades: 3,
    },
    trades: 3,
    bars: 2515,
    firstBar: 30,
    startRow: 0,
    periodsPerYear: 252,
    signals: [
      { ts: day(2016, 3, 1), type: 'BUY', strength: 80, price: 10.5, metadata: { flags: ['entry_long'], row: 40 } },
      { ts: day(2016, 4, 1), type: 'SELL', strength: 12.25, price: 11.75 },
    ],
    ...over,
  };
}

describe('run SQL builders', () => {
  it('writes type names, doubles, dates and JSON as the schema expects', () => {
    expect(strategyTypeName('sma_cross')).toBe('SMA_CROSS');
    expect(strategyTypeName('rsi_mean_reversion')).toBe('RSI_MEAN_REVERSION');
    expect(sqlDouble(0.30000000000000004)).toBe("CAST('0.30000000000000004' AS DOUBLE)");
    expect(sqlDouble(NaN)).toBe('NULL');
    expect(sqlDouble(Infinity)).toBe("CAST('Infinity' AS DOUBLE)");
    expect(sqlDouble(-Infinity)).toBe("CAST('-Infinity' AS DOUBLE)");
    expect(() => sqlDouble('1' as never)).toThrow('SQL number must be a number, got string');
    expect(sqlTimestamp(day(2024, 1, 2))).toBe('epoch_ms(CAST(1704153600000 AS BIGINT))');
    expect(sqlDate(day(2024, 1, 2))).toBe('CAST(epoch_ms(CAST(1704153600000 AS BIGINT)) AS DATE)');
    expect(() => sqlDate(1.5, 'backtest start')).toThrow('backtest start must be an integer epoch-ms time, got 1.5');
    expect(toJsonText({ a: NaN, b: Infinity, c: -Infinity, d: [1, NaN] })).toBe(
      '{"a":null,"b":"Infinity","c":"-Infinity","d":[1,null]}',
    );
  });

  it('quotes every string literal (single quotes doubled) and returns the new id', () => {
    const sql = insertStrategySql(record());
    expect(sql).toBe(
      'INSERT INTO strategies (name, strategy_type, parameters, backtest_results, last_signal_date, is_active) VALUES (' +
        `'SMA(10,30) · O''Neil "quoted" 1d', 'SMA_CROSS', '{"type":"sma_cross","params":{"fast":10,"slow":30}}', ` +
        `'${toJsonText(runSummary(record())).replaceAll("'", "''")}', epoch_ms(CAST(${day(2016, 4, 1)} AS BIGINT)), false` +
        ') RETURNING CAST(id AS VARCHAR) AS id',
    );
    expect(insertStrategySql(record({ signals: [], isActive: true }))).toMatch(/, NULL, true\) RETURNING/);
    expect(() => insertStrategySql(record({ name: '  ' }))).toThrow('run name must be a non-empty string');
  });

  it('summarises the run without repeating the strategy', () => {
    const s = runSummary(record());
    expect(s).toMatchObject({
      symbol: 'DEMO:ACME',
      timeframe: '1d',
      start: '2016-01-04T00:00:00.000Z',
      trades: 3,
      signals: 2,
      bars: 2515,
    });
    expect(s.settings).toEqual({
      direction: 'long',
      cash: 10000,
      commission: { rate: 0.001, fixed: 0 },
      stop_loss: { pct: 0.05 },
    });
  });

  it('builds the performance row with NULL for NaN metrics', () => {
    expect(insertPerformanceSql(UUID, record())).toBe(
      'INSERT INTO strategy_performance (strategy_id, symbol, timeframe, backtest_start, backtest_end, sharpe_ratio, ' +
        'max_drawdown, total_return, win_rate, profit_factor) VALUES (' +
        `CAST('${UUID}' AS UUID), 'DEMO:ACME', '1d', CAST(epoch_ms(CAST(${day(2016, 1, 4)} AS BIGINT)) AS DATE), ` +
        `CAST(epoch_ms(CAST(${day(2025, 12, 31)} AS BIGINT)) AS DATE), CAST('0.30000000000000004' AS DOUBLE), ` +
        `CAST('-0.12345678901234568' AS DOUBLE), CAST('1e-7' AS DOUBLE), NULL, CAST('Infinity' AS DOUBLE))`,
    );
    expect(() => insertPerformanceSql("x'; DROP TABLE bars; --", record())).toThrow(/strategy id must be a UUID/);
    expect(() => insertPerformanceSql(UUID, record({ timeframe: '2d' as never }))).toThrow(/timeframe must be one of/);
  });

  it('batches signals, quotes metadata and rejects HOLD or fractional times', () => {
    const sigs: StoredSignal[] = Array.from({ length: SIGNAL_BATCH + 3 }, (_, i) => ({
      ts: i,
      type: i % 2 ? 'SELL' : 'BUY',
      strength: i,
      price: 1,
    }));
    const sqls = insertSignalsSql(UUID, 'DEMO:ACME', sigs);
    expect(sqls.length).toBe(2);
    expect(sqls[1]).toBe(
      'INSERT INTO strategy_signals (strategy_id, symbol, signal_type, signal_strength, price, ts, metadata) VALUES ' +
        [500, 501, 502]
          .map(
            (i) =>
              `(CAST('${UUID}' AS UUID), 'DEMO:ACME', '${i % 2 ? 'SELL' : 'BUY'}', CAST('${i}' AS DOUBLE), CAST('1' AS DOUBLE), ${i}, NULL)`,
          )
          .join(', '),
    );
    expect(insertSignalsSql(UUID, 'X', [{ ts: 1, type: 'BUY', strength: 1, price: 1, metadata: { note: "it's" } }])[0]).toContain(
      `'{"note":"it''s"}')`,
    );
    expect(insertSignalsSql(UUID, 'X', [])).toEqual([]);
    expect(() => insertSignalsSql(UUID, 'X', [{ ts: 1, type: 'HOLD' as never, strength: 0, price: 1 }])).toThrow(
      'signals[0].type must be BUY or SELL, got "HOLD"',
    );
    expect(() => insertSignalsSql(UUID, 'X', [{ ts: 0.5, type: 'BUY', strength: 0, price: 1 }])).toThrow(
      'signals[0].ts must be an integer epoch-ms time, got 0.5',
    );
  });

  it('lists runs newest first with NULL metrics as NaN', () => {
    const sql = listRunsSql();
    expect(sql).toContain("COALESCE(CAST(p.sharpe_ratio AS DOUBLE), 'NaN'::DOUBLE) AS sharpe_ratio");
    expect(sql).toMatch(/ORDER BY s\.created_at DESC, s\.name$/);
  });
});

describe('runs in DuckDB', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openNodeStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('saves a run and reads every value back exactly', async () => {
    const id = await saveRun(store, record());
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const s = (
      await store.query(
        `SELECT name, strategy_type, parameters, backtest_results, epoch_ms(last_signal_date) AS last, is_active FROM strategies WHERE id = '${id}'`,
      )
    )
      .toArray()[0]
      .toJSON();
    expect(s.name).toBe(record().name);
    expect(s.strategy_type).toBe('SMA_CROSS');
    expect(JSON.parse(s.parameters)).toEqual(config.strategy);
    const summary = JSON.parse(s.backtest_results);
    expect(summary.stats).toEqual({
      sharpe_ratio: 0.30000000000000004,
      max_drawdown: -0.12345678901234568,
      total_return: 1e-7,
      win_rate: null,
      profit_factor: 'Infinity',
      trades: 3,
    });
    expect(Number(s.last)).toBe(day(2016, 4, 1));
    expect(s.is_active).toBe(false);

    const p = (
      await store.query(
        `SELECT symbol, timeframe, CAST(backtest_start AS VARCHAR) AS b0, CAST(backtest_end AS VARCHAR) AS b1, sharpe_ratio, max_drawdown, total_return, win_rate, profit_factor FROM strategy_performance WHERE strategy_id = '${id}'`,
      )
    )
      .toArray()[0]
      .toJSON();
    expect(p).toEqual({
      symbol: 'DEMO:ACME',
      timeframe: '1d',
      b0: '2016-01-04',
      b1: '2025-12-31',
      sharpe_ratio: 0.30000000000000004,
      max_drawdown: -0.12345678901234568,
      total_return: 1e-7,
      win_rate: null,
      profit_factor: Infinity,
    });

    const g = (
      await store.query(
        `SELECT signal_type, signal_strength, price, CAST(ts AS DOUBLE) AS ts, metadata FROM strategy_signals WHERE strategy_id = '${id}' ORDER BY ts`,
      )
    )
      .toArray()
      .map((r) => r.toJSON());
    expect(g).toEqual([
      {
        signal_type: 'BUY',
        signal_strength: 80,
        price: 10.5,
        ts: day(2016, 3, 1),
        metadata: '{"flags":["entry_long"],"row":40}',
      },
      { signal_type: 'SELL', signal_strength: 12.25, price: 11.75, ts: day(2016, 4, 1), metadata: null },
    ]);
  });

  it('writes more signals than one batch', async () => {
    const signals: StoredSignal[] = Array.from({ length: SIGNAL_BATCH * 2 + 7 }, (_, i) => ({
      ts: day(2020, 1, 1) + i * 60_000,
      type: 'BUY',
      strength: 50,
      price: 1 + i,
    }));
    const id = await saveRun(store, record({ name: 'many signals', signals }));
    const t = (
      await store.query(`SELECT CAST(count(*) AS DOUBLE) AS n, sum(price) AS s FROM strategy_signals WHERE strategy_id = '${id}'`)
    )
      .toArray()[0]
      .toJSON();
    expect(t).toEqual({ n: signals.length, s: signals.reduce((a, g) => a + g.price, 0) });
  });

  it('lists saved runs with their metrics and signal counts', async () => {
    const runs = await listRuns(store);
    const first = runs.find((r) => r.name === record().name)!;
    expect(first).toMatchObject({
      strategyType: 'SMA_CROSS',
      symbol: 'DEMO:ACME',
      timeframe: '1d',
      backtestStart: '2016-01-04',
      backtestEnd: '2025-12-31',
      sharpeRatio: 0.30000000000000004,
      profitFactor: Infinity,
      signals: 2,
    });
    expect(first.winRate).toBeNaN();
    expect(Math.abs(first.createdMs - Date.now())).toBeLessThan(10 * 60_000);
    expect(runs.find((r) => r.name === 'many signals')!.signals).toBe(SIGNAL_BATCH * 2 + 7);
  });

  it('rejects bad input before writing, and rolls back when a statement fails mid-way (one transaction)', async () => {
    const count = async () =>
      (
        await store.query(
          "SELECT (SELECT count(*) FROM strategies WHERE name LIKE 'rolled back%')::DOUBLE + (SELECT count(*) FROM strategy_performance WHERE symbol = 'DEMO:ROLL')::DOUBLE AS n",
        )
      )
        .toArray()[0]
        .toJSON().n;
    const bad = record({ name: 'rolled back 1', signals: [{ ts: 1, type: 'BUY', strength: 'x' as never, price: 1 }] });
    await expect(saveRun(store, bad)).rejects.toThrow('SQL number must be a number, got string');
    // The signals insert fails after the strategy and performance rows were written inside the transaction.
    const failing: Pick<Store, 'withConnection'> = {
      withConnection: (fn) =>
        store.withConnection((c) =>
          fn({
            ...c,
            query: (sql) =>
              sql.startsWith('INSERT INTO strategy_signals') ? Promise.reject(new Error('disk full')) : c.query(sql),
          }),
        ),
    };
    await expect(saveRun(failing, record({ name: 'rolled back 2', symbol: 'DEMO:ROLL' }))).rejects.toThrow('disk full');
    expect(await count()).toBe(0);
    // the same record saves normally afterwards (no transaction left open)
    await saveRun(store, record({ name: 'rolled back 3', symbol: 'DEMO:ROLL' }));
    expect(await count()).toBe(2);
  });
});
