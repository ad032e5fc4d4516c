import { describe, it, expect } from 'vitest';
import {
  SCHEMA_SQL,
  SETTINGS_SQL,
  TABLE_NAMES,
  RESAMPLE_SOURCES,
  MONDAY_EPOCH_MS,
  bucketSql,
  canResample,
  deleteBarsSql,
  quoteIdent,
  quoteLiteral,
  replaceBarsSql,
  resampleSql,
  selectBarsSql,
  timeframesSql,
} from '../../src/store/sql';
import { TIMEFRAMES, type Timeframe } from '../../src/shared/types';

describe('quoting', () => {
  it('doubles single quotes in literals and keeps backslashes literal', () => {
    expect(quoteLiteral("O'Neil")).toBe("'O''Neil'");
    expect(quoteLiteral("''")).toBe("''''''");
    expect(quoteLiteral('a\\b')).toBe("'a\\b'");
    expect(quoteLiteral('')).toBe("''");
    expect(quoteLiteral("x'); DROP TABLE bars; --")).toBe("'x''); DROP TABLE bars; --'");
  });

  it('doubles double quotes in identifiers', () => {
    expect(quoteIdent('bars')).toBe('"bars"');
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
  });

  it('rejects NUL, non-strings and empty identifiers with a clear message', () => {
    expect(() => quoteLiteral('a\u0000b')).toThrow(/NUL/);
    expect(() => quoteIdent('')).toThrow(/empty/);
    expect(() => quoteLiteral(42 as unknown as string)).toThrow(/must be a string, got number/);
  });
});

describe('schema', () => {
  it('creates every product table idempotently, one statement each', () => {
    expect(SCHEMA_SQL).toHaveLength(TABLE_NAMES.length);
    SCHEMA_SQL.forEach((sql, i) => {
      expect(sql.startsWith(`CREATE TABLE IF NOT EXISTS ${TABLE_NAMES[i]} (`)).toBe(true);
      expect(sql).not.toContain(';');
    });
  });

  it('keys bars by (symbol, timeframe, ts) with BIGINT epoch-ms ts and DOUBLE values', () => {
    const bars = SCHEMA_SQL[0].replace(/\s+/g, ' ');
    expect(bars).toBe(
      'CREATE TABLE IF NOT EXISTS bars (symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL, ts BIGINT NOT NULL, ' +
        'open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, PRIMARY KEY (symbol, timeframe, ts))',
    );
  });

  it('keeps the product tables as specified (uuid defaults, JSON as VARCHAR, naive TIMESTAMPs)', () => {
    const all = SCHEMA_SQL.join('\n');
    expect(all.match(/id UUID PRIMARY KEY DEFAULT gen_random_uuid\(\)/g)).toHaveLength(4);
    expect(all.match(/created_at TIMESTAMP DEFAULT current_timestamp/g)).toHaveLength(3);
    expect(all).toContain('PRIMARY KEY (symbol, timeframe, indicator_type, params, data_version, output, ts)');
    expect(all.match(/REFERENCES strategies\(id\)/g)).toHaveLength(3);
    expect(all).not.toMatch(/TIMESTAMPTZ|WITH TIME ZONE/);
  });

  it('turns extension autoload and autoinstall off', () => {
    expect(SETTINGS_SQL).toEqual([
      'SET GLOBAL autoinstall_known_extensions = false',
      'SET GLOBAL autoload_known_extensions = false',
    ]);
  });
});

describe('selectBarsSql', () => {
  it('casts every column to DOUBLE, turns NULL into NaN, orders by ts and quotes the symbol', () => {
    expect(selectBarsSql("O'Neil", '1d')).toBe(
      "SELECT CAST(ts AS DOUBLE) AS ts, COALESCE(CAST(open AS DOUBLE), 'NaN'::DOUBLE) AS open, " +
        "COALESCE(CAST(high AS DOUBLE), 'NaN'::DOUBLE) AS high, COALESCE(CAST(low AS DOUBLE), 'NaN'::DOUBLE) AS low, " +
        "COALESCE(CAST(close AS DOUBLE), 'NaN'::DOUBLE) AS close, COALESCE(CAST(volume AS DOUBLE), 'NaN'::DOUBLE) AS volume " +
        "FROM bars WHERE symbol = 'O''Neil' AND timeframe = '1d' ORDER BY ts",
    );
  });

  it('rejects an unknown timeframe and an empty symbol, naming them', () => {
    expect(() => selectBarsSql('AAPL', '2h' as Timeframe)).toThrow(/timeframe must be one of 1m, .*; got "2h"/);
    expect(() => selectBarsSql('', '1d')).toThrow(/symbol must not be empty/);
  });

  it('lists stored timeframes of a quoted symbol', () => {
    expect(timeframesSql("a'b")).toBe("SELECT DISTINCT timeframe FROM bars WHERE symbol = 'a''b'");
  });
});

describe('bucketSql', () => {
  it('floors intraday and daily buckets on the clock grid, also for negative ts', () => {
    expect(bucketSql('5m')).toBe('(ts - (((ts % 300000) + 300000) % 300000))');
    expect(bucketSql('15m', 't')).toBe('(t - (((t % 900000) + 900000) % 900000))');
    expect(bucketSql('1h')).toBe('(ts - (((ts % 3600000) + 3600000) % 3600000))');
    expect(bucketSql('1d')).toBe('(ts - (((ts % 86400000) + 86400000) % 86400000))');
  });

  it('starts weeks on the Monday before the epoch and months with date_trunc on a naive TIMESTAMP', () => {
    expect(MONDAY_EPOCH_MS).toBe(Date.UTC(1969, 11, 29));
    expect(new Date(MONDAY_EPOCH_MS).getUTCDay()).toBe(1);
    expect(bucketSql('1w')).toBe('(ts - ((((ts - (-259200000)) % 604800000) + 604800000) % 604800000))');
    expect(bucketSql('1mo')).toBe("epoch_ms(date_trunc('month', epoch_ms(ts)))");
  });
});

describe('resampleSql', () => {
  it('aggregates first/max/min/last/sum per bucket with the selectBarsSql columns', () => {
    expect(resampleSql({ symbol: "O'Neil", from: '1m', to: '5m' })).toBe(
      "SELECT CAST(bucket AS DOUBLE) AS ts, COALESCE(CAST(arg_min(open, t) AS DOUBLE), 'NaN'::DOUBLE) AS open, " +
        "COALESCE(CAST(max(high) AS DOUBLE), 'NaN'::DOUBLE) AS high, COALESCE(CAST(min(low) AS DOUBLE), 'NaN'::DOUBLE) AS low, " +
        "COALESCE(CAST(arg_max(close, t) AS DOUBLE), 'NaN'::DOUBLE) AS close, " +
        "COALESCE(CAST(sum(volume) AS DOUBLE), 'NaN'::DOUBLE) AS volume " +
        'FROM (SELECT (ts - (((ts % 300000) + 300000) % 300000)) AS bucket, ts AS t, open, high, low, close, volume ' +
        "FROM bars WHERE symbol = 'O''Neil' AND timeframe = '1m') GROUP BY bucket ORDER BY bucket",
    );
  });

  it('reads the source timeframe and buckets by the target', () => {
    const sql = resampleSql({ symbol: 'X', from: '1d', to: '1mo' });
    expect(sql).toContain("timeframe = '1d'");
    expect(sql).toContain(`${bucketSql('1mo')} AS bucket`);
  });

  it('allows exactly the documented source/target pairs', () => {
    const allowed: string[] = [];
    for (const from of TIMEFRAMES) for (const to of TIMEFRAMES) if (canResample(from, to)) allowed.push(`${from}>${to}`);
    expect(allowed.sort()).toEqual(['1m>5m', '1m>15m', '1m>1h', '1m>1d', '1m>1w', '1m>1mo', '1d>1w', '1d>1mo'].sort());
    expect(RESAMPLE_SOURCES['1w']).toEqual(['1d', '1m']);
    expect(RESAMPLE_SOURCES['1mo']).toEqual(['1d', '1m']);
  });

  it('refuses impossible resamples with a message naming the allowed sources', () => {
    expect(() => resampleSql({ symbol: 'X', from: '5m', to: '1h' })).toThrow(
      'cannot resample 5m bars to 1h: 1h comes from 1m only',
    );
    expect(() => resampleSql({ symbol: 'X', from: '1d', to: '1d' })).toThrow(/1d comes from 1m only/);
    expect(() => resampleSql({ symbol: 'X', from: '1d', to: '1m' })).toThrow(/1m is never resampled/);
    expect(() => resampleSql({ symbol: 'X', from: '1m', to: '3m' as Timeframe })).toThrow(/target timeframe must be one of/);
  });
});

describe('replace and delete', () => {
  it('deletes then inserts the series from the staging table with NaN stored as NULL', () => {
    const [del, ins] = replaceBarsSql("O'Neil", '1m', 'stage"x');
    expect(del).toBe("DELETE FROM bars WHERE symbol = 'O''Neil' AND timeframe = '1m'");
    expect(ins).toBe(
      "INSERT INTO bars (symbol, timeframe, ts, open, high, low, close, volume) SELECT 'O''Neil', '1m', CAST(ts AS BIGINT), " +
        'CASE WHEN isnan(open) THEN NULL ELSE open END, CASE WHEN isnan(high) THEN NULL ELSE high END, ' +
        'CASE WHEN isnan(low) THEN NULL ELSE low END, CASE WHEN isnan(close) THEN NULL ELSE close END, ' +
        'CASE WHEN isnan(volume) THEN NULL ELSE volume END FROM "stage""x"',
    );
    expect(deleteBarsSql('A', '1d')).toBe("DELETE FROM bars WHERE symbol = 'A' AND timeframe = '1d'");
  });
});
