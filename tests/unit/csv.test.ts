import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Timeframe } from '../../src/shared/types';
import { CsvError, parseBarsCsv } from '../../src/sources/csv';
import { inferTimeframe, parseDecimal } from '../../src/sources/csv-values';

const H = 'Date,Open,High,Low,Close,Volume';
const csv = (...lines: string[]) => lines.join('\n') + '\n';
const parse = (text: string, timeframe?: Timeframe) =>
  parseBarsCsv(text, timeframe === undefined ? { symbol: 'T' } : { symbol: 'T', timeframe });

/** The CsvError thrown by parsing `text` (fails the test if it parses). */
function fail(text: string, timeframe?: Timeframe): CsvError {
  try {
    parse(text, timeframe);
  } catch (e) {
    expect(e).toBeInstanceOf(CsvError);
    return e as CsvError;
  }
  throw new Error('expected a CsvError');
}

/** Asserts the error's row, column, line and message. */
function expectCell(e: CsvError, row: number, column: string | null, message: RegExp, line = row + 1): void {
  expect(e.row).toBe(row);
  expect(e.column).toBe(column);
  expect(e.line).toBe(line);
  expect(e.message).toMatch(message);
  expect(e.message).toContain(`line ${line} (data row ${row})`);
  if (column !== null) expect(e.message).toContain(`column ${column === '' ? '""' : JSON.stringify(column)}`);
}

const D1 = Date.UTC(2024, 0, 2);
const D2 = Date.UTC(2024, 0, 3);

describe('accepted formats', () => {
  it('reads daily ISO dates with volume', () => {
    const b = parse(csv(H, '2024-01-02,10,11,9,10.5,1000', '2024-01-03,10.5,12,10,11.25,2500'));
    expect(b.symbol).toBe('T');
    expect(b.timeframe).toBe('1d');
    expect(Array.from(b.ts)).toEqual([D1, D2]);
    expect(Array.from(b.open)).toEqual([10, 10.5]);
    expect(Array.from(b.high)).toEqual([11, 12]);
    expect(Array.from(b.low)).toEqual([9, 10]);
    expect(Array.from(b.close)).toEqual([10.5, 11.25]);
    expect(Array.from(b.volume)).toEqual([1000, 2500]);
    for (const c of [b.ts, b.open, b.high, b.low, b.close, b.volume]) expect(c).toBeInstanceOf(Float64Array);
  });

  it('accepts an empty time header (pandas index), as in ,Open,High,Low,Close,Volume', () => {
    const b = parse(csv(',Open,High,Low,Close,Volume', '2024-01-02,1,2,0.5,1.5,10', '2024-01-03,1,2,0.5,1.5,10'));
    expect(Array.from(b.ts)).toEqual([D1, D2]);
  });

  it.each(['Date', 'datetime', 'TIME', 'Timestamp', ' date '])('accepts the time header %j', (h) => {
    expect(parse(csv(`${h},Open,High,Low,Close`, '2024-01-02,1,2,0.5,1.5', '2024-01-03,1,2,0.5,1.5')).ts[0]).toBe(D1);
  });

  it('takes the first time-like column when there are several', () => {
    const b = parse(
      csv('Time,Date,Open,High,Low,Close', '2024-01-02,2000-01-01,1,2,0.5,1.5', '2024-01-03,2000-01-01,1,2,0.5,1.5'),
    );
    expect(Array.from(b.ts)).toEqual([D1, D2]);
  });

  it('reads ISO datetimes with space or T, optional seconds, fractions, Z and offsets as naive wall clock', () => {
    const rows = [
      '2024-01-02 09:30:00',
      '2024-01-02T10:30',
      '2024-01-02 11:30:00.250',
      '2024-01-02T12:30:00Z',
      '2024-01-02T13:30:00+05:00',
      '2024-01-02 14:30:00-04:30',
      '2024-01-02T15:30:00.123456',
    ];
    const b = parse(csv(H, ...rows.map((t) => `${t},1,2,0.5,1.5,7`)));
    const at = (h: number, m: number, ms = 0) => Date.UTC(2024, 0, 2, h, m, 0, ms);
    expect(Array.from(b.ts)).toEqual([
      at(9, 30),
      at(10, 30),
      at(11, 30, 250),
      at(12, 30),
      at(13, 30),
      at(14, 30),
      at(15, 30, 123),
    ]);
    expect(b.timeframe).toBe('1h');
  });

  it('reads epoch seconds (< 1e11) and epoch milliseconds to the same instants', () => {
    const t0 = Date.UTC(2024, 0, 2, 14, 30);
    const secs = parse(
      csv(H, `${t0 / 1000},1,2,0.5,1.5,1`, `${t0 / 1000 + 60},1,2,0.5,1.5,1`, `${t0 / 1000 + 120.5},1,2,0.5,1.5,1`),
    );
    expect(Array.from(secs.ts)).toEqual([t0, t0 + 60_000, t0 + 120_500]);
    expect(secs.timeframe).toBe('1m');
    const ms = parse(csv(H, `${t0},1,2,0.5,1.5,1`, `${t0 + 60_000},1,2,0.5,1.5,1`));
    expect(Array.from(ms.ts)).toEqual([t0, t0 + 60_000]);
  });

  it('accepts any column order and case, ignores extra columns, volume optional', () => {
    const b = parse(
      csv('close,Extra,VOLUME,low,Timestamp,HIGH,open', '1.5,x,10,0.5,2024-01-02,2,1', '2.5,"y,z",20,1.5,2024-01-03,3,2'),
    );
    expect([b.open[1], b.high[1], b.low[1], b.close[1], b.volume[1], b.ts[1]]).toEqual([2, 3, 1.5, 2.5, 20, D2]);
    const nv = parse(csv('Date,Open,High,Low,Close', '2024-01-02,1,2,0.5,1.5', '2024-01-03,1,2,0.5,1.5'));
    expect(Array.from(nv.volume)).toEqual([NaN, NaN]);
    const empty = parse(csv(H, '2024-01-02,1,2,0.5,1.5,', '2024-01-03,1,2,0.5,1.5, '));
    expect(Array.from(empty.volume)).toEqual([NaN, NaN]);
  });

  it('handles RFC 4180 quoting: commas, escaped quotes and line breaks inside quotes', () => {
    const text = csv(
      'Date,Note,Open,High,Low,Close',
      '"2024-01-02","a, ""quoted""\nnote",1,2,0.5,"1.5"',
      '2024-01-03,plain,1,2,0.5,1.5',
    );
    const b = parse(text);
    expect(Array.from(b.close)).toEqual([1.5, 1.5]);
    // Line numbers count physical lines: the second record starts on line 4.
    const e = fail(text.replace('2024-01-03,plain,1,2,0.5,1.5', '2024-01-03,plain,1,2,0.5,abc'));
    expectCell(e, 2, 'Close', /"abc" is not a number/, 4);
  });

  it('accepts CRLF, a BOM, spaces around numbers, exponents and trailing blank lines', () => {
    const text = '\uFEFF' + [H, '2024-01-02, 1 ,2,5e-1,+1.5,1e3', '2024-01-03,1,2,0.5,1.5,10', '', '   ', ''].join('\r\n');
    const b = parse(text);
    expect(Array.from(b.low)).toEqual([0.5, 0.5]);
    expect(Array.from(b.open)).toEqual([1, 1]);
    expect(b.volume[0]).toBe(1000);
    expect(parse('Date,Open,High,Low,Close\r2024-01-02,1,2,0.5,1.5\r2024-01-03,1,2,0.5,1.5').ts.length).toBe(2);
    expect(parse(`${H}\n2024-01-02,1,2,0.5,1.5,1\n2024-01-03,1,2,0.5,1.5,1`).ts.length).toBe(2); // no final newline
  });

  it('parses the three real sample layouts (GOOG daily, EURUSD hourly, BTCUSD monthly)', () => {
    const goog = parse(
      csv(
        ',Open,High,Low,Close,Volume',
        '2004-08-19,100,104.06,95.96,100.34,22351900',
        '2004-08-20,101.01,109.08,100.5,108.31,11428600',
        '2004-08-23,110.75,113.48,109.05,109.4,9137200',
      ),
    );
    expect(goog.timeframe).toBe('1d');
    const fx = parse(
      csv(
        ',Open,High,Low,Close,Volume',
        '2017-04-19 09:00:00,1.0716,1.0722,1.07083,1.07219,1413',
        '2017-04-19 10:00:00,1.07214,1.07296,1.07214,1.0726,1241',
        '2017-04-19 11:00:00,1.07256,1.07299,1.0717,1.07192,1025',
      ),
    );
    expect(fx.timeframe).toBe('1h');
    expect(fx.low[0]).toBe(1.07083);
    const btc = parse(
      csv(
        ',Open,High,Low,Close,Volume',
        '2012-01-31,4.58,7.38,3.8,5.55,2012.25343589',
        '2012-02-29,5.55,6.5,3.8,4.99,4761.6090813',
        '2012-03-31,4.99,5.44,4.54,4.92,9049.62628191',
      ),
    );
    expect(btc.timeframe).toBe('1mo');
    expect(btc.volume[0]).toBe(2012.25343589);
  });
});

describe('timeframe', () => {
  const spaced = (start: number, steps: number[]) => {
    const ts = [start];
    for (const s of steps) ts.push(ts[ts.length - 1] + s);
    return Float64Array.from(ts);
  };
  const MIN = 60_000;
  const DAY = 86_400_000;

  it('infers 1m, 5m, 15m, 1h from the median spacing despite session gaps', () => {
    expect(inferTimeframe(spaced(0, [MIN, MIN, 17 * 60 * MIN, MIN, MIN]))).toBe('1m');
    expect(inferTimeframe(spaced(0, [5 * MIN, 5 * MIN, 5 * MIN, DAY]))).toBe('5m');
    expect(inferTimeframe(spaced(0, [15 * MIN, 15 * MIN, 3 * DAY]))).toBe('15m');
    expect(inferTimeframe(spaced(0, [60 * MIN, 60 * MIN, 60 * MIN, 2 * DAY, 60 * MIN]))).toBe('1h');
  });

  it('infers 1d with weekends, 1w, and 1mo from month ends', () => {
    expect(inferTimeframe(spaced(Date.UTC(2024, 0, 1), [DAY, DAY, DAY, DAY, 3 * DAY, DAY, DAY, DAY, DAY, 3 * DAY]))).toBe('1d');
    expect(inferTimeframe(spaced(0, [7 * DAY, 7 * DAY, 14 * DAY, 7 * DAY]))).toBe('1w');
    expect(inferTimeframe(spaced(Date.UTC(2023, 0, 31), [28 * DAY, 31 * DAY, 30 * DAY, 31 * DAY]))).toBe('1mo');
  });

  it('throws a clear error suggesting an explicit timeframe when spacing matches nothing', () => {
    const text = csv(H, '2024-01-02 00:00,1,2,0.5,1.5,1', '2024-01-02 02:00,1,2,0.5,1.5,1', '2024-01-02 04:00,1,2,0.5,1.5,1');
    const e = fail(text);
    expect(e.message).toMatch(/median spacing between rows is 2 h.*pass the timeframe explicitly/);
    expect(parse(text, '1h').timeframe).toBe('1h'); // an explicit timeframe is taken as given
    const one = csv(H, '2024-01-02,1,2,0.5,1.5,1');
    expect(fail(one).message).toMatch(/cannot infer the timeframe from 1 row; pass the timeframe/);
    expect(parse(one, '1d').ts.length).toBe(1);
  });

  it('rejects a timeframe outside the supported set', () => {
    expect(() => parse(csv(H, '2024-01-02,1,2,0.5,1.5,1'), '4h' as Timeframe)).toThrow(
      /timeframe must be one of 1m, 5m, 15m, 1h, 1d, 1w, 1mo, got "4h"/,
    );
  });
});

describe('malformed files', () => {
  it('rejects an empty file, a blank file and a header without rows', () => {
    for (const t of ['', '\uFEFF', '\n\n', '  \r\n']) {
      const e = fail(t);
      expect(e.message).toMatch(/empty file: expected a header row/);
      expect([e.row, e.column, e.line]).toEqual([null, null, null]);
    }
    const e = fail(`${H}\n`);
    expect(e.message).toMatch(/line 1: the file has a header but no data rows/);
  });

  it('names missing required columns and the headers it found', () => {
    const e = fail(csv('Date,Open,Close,Volume', '2024-01-02,1,1,1'));
    expect(e.message).toBe('line 1 (header): missing required columns High, Low; found "Date", "Open", "Close", "Volume"');
    expect([e.row, e.column, e.line]).toEqual([null, 'High, Low', 1]);
    const t = fail(csv('When,Open,High,Low,Close', '2024-01-02,1,2,0.5,1.5'));
    expect(t.message).toMatch(
      /missing required column a time column \(Date, Datetime, Time, Timestamp or an empty name\); found "When"/,
    );
  });

  it('rejects unparsable and impossible dates with row and column', () => {
    for (const bad of [
      '2024-13-01',
      '2023-02-29',
      '2024-01-02 24:00',
      '2024-01-02 10:61',
      '02/01/2024',
      'yesterday',
      '2024-01-02T10:00:00+5',
      '2024-01-02 10:00:00.',
    ]) {
      expectCell(fail(csv(H, '2024-01-01,1,2,0.5,1.5,1', `${bad},1,2,0.5,1.5,1`)), 2, 'Date', /cannot parse .* as a date\/time/);
    }
    expectCell(
      fail(csv(',Open,High,Low,Close', ',1,2,0.5,1.5')),
      1,
      '',
      /column "" \(the unnamed time column\): empty time value/,
    );
  });

  it('rejects mixing ISO dates and epoch numbers', () => {
    expectCell(
      fail(csv(H, '2024-01-02,1,2,0.5,1.5,1', '1704240000,1,2,0.5,1.5,1')),
      2,
      'Date',
      /is an epoch number but data row 1 is an ISO date/,
    );
  });

  it('rejects non-numeric, empty, non-finite and separated prices naming row and column', () => {
    expectCell(fail(csv(H, '2024-01-02,1,2,0.5,abc,1')), 1, 'Close', /"abc" is not a number/);
    expectCell(fail(csv(H, '2024-01-02,1,,0.5,1.5,1')), 1, 'High', /empty value, a number is required/);
    expectCell(
      fail(csv(H, '2024-01-02,"1,234.5",2000,0.5,1.5,1')),
      1,
      'Open',
      /"1,234.5" is not a number \(thousands separators are not allowed\)/,
    );
    for (const bad of ['Infinity', 'NaN', '0x10', '1e999', '1.2.3', '--1', '.']) {
      expectCell(fail(csv(H, `2024-01-02,1,2,${bad},1.5,1`)), 1, 'Low', /is not a number/);
    }
  });

  it('rejects zero or negative prices and negative or non-numeric volume', () => {
    expectCell(fail(csv(H, '2024-01-02,0,2,0.5,1.5,1')), 1, 'Open', /price 0 must be > 0/);
    expectCell(fail(csv(H, '2024-01-02,1,2,-0.5,1.5,1')), 1, 'Low', /price -0.5 must be > 0/);
    expectCell(fail(csv(H, '2024-01-02,1,2,0.5,1.5,-3')), 1, 'Volume', /volume -3 is negative/);
    expectCell(fail(csv(H, '2024-01-02,1,2,0.5,1.5,lots')), 1, 'Volume', /"lots" is not a number/);
  });

  it('rejects inconsistent OHLC naming the offending column', () => {
    const row = (o: number, h: number, l: number, c: number) =>
      fail(csv(H, '2024-01-01,1,2,0.5,1.5,1', `2024-01-02,${o},${h},${l},${c},1`));
    expectCell(row(1, 0.5, 0.6, 0.55), 2, 'High', /High 0.5 is below Low 0.6/);
    expectCell(row(2, 1.5, 0.5, 1), 2, 'High', /High 1.5 is below Open 2/);
    expectCell(row(1, 1.5, 0.5, 1.6), 2, 'High', /High 1.5 is below Close 1.6/);
    expectCell(row(1, 2, 1.1, 1.5), 2, 'Low', /Low 1.1 is above Open 1/);
    expectCell(row(1.5, 2, 1.1, 1), 2, 'Low', /Low 1.1 is above Close 1/);
  });

  it('rejects unsorted and duplicate timestamps, quoting both rows', () => {
    expectCell(
      fail(csv(H, '2024-01-03,1,2,0.5,1.5,1', '2024-01-02,1,2,0.5,1.5,1')),
      2,
      'Date',
      /"2024-01-02" is earlier than data row 1 \(line 2, "2024-01-03"\); rows must be sorted by time, oldest first/,
    );
    expectCell(
      fail(csv(H, '2024-01-02,1,2,0.5,1.5,1', '2024-01-03,1,2,0.5,1.5,1', '2024-01-03 00:00,1,2,0.5,1.5,1')),
      3,
      'Date',
      /"2024-01-03 00:00" repeats the timestamp of data row 2 \(line 3, "2024-01-03"\); timestamps must be unique/,
    );
  });

  it('rejects rows with the wrong number of fields', () => {
    expectCell(
      fail(csv(H, '2024-01-02,1,2,0.5,1.5,1', '2024-01-03,1,2,0.5,1.5')),
      2,
      null,
      /expected 6 fields as in the header, found 5/,
    );
    expectCell(fail(csv(H, '2024-01-02,1,2,0.5,1.5,1,extra')), 1, null, /expected 6 fields as in the header, found 7/);
  });

  it('rejects blank lines in the middle and broken quoting, with the line number', () => {
    const e = fail(csv(H, '2024-01-02,1,2,0.5,1.5,1', '', '2024-01-03,1,2,0.5,1.5,1'));
    expect(e.message).toBe('line 3 is blank; blank lines are only allowed at the end of the file');
    expect(e.line).toBe(3);
    const q = fail(csv(H, '2024-01-02,1,2,0.5,1.5,1', '2024-01-03,"1,2,0.5,1.5,1'));
    expect(q.message).toMatch(/line 3: a quoted field opened on this line is never closed/);
    const a = fail(csv(H, '2024-01-02,"1"x,2,0.5,1.5,1'));
    expect(a.message).toMatch(/line 2: unexpected character "x" after the closing quote of field 2/);
  });

  it('counts lines the same way with CRLF line ends', () => {
    const e = fail([H, '2024-01-02,1,2,0.5,1.5,1', '2024-01-03,1,2,0.5,x,1'].join('\r\n'));
    expectCell(e, 2, 'Close', /"x" is not a number/);
  });
});

describe('round trip (fast-check)', () => {
  const cents = fc.integer({ min: 1, max: 10_000_000 }).map((c) => c / 100);
  const anyPrice = fc.oneof(cents, fc.double({ min: 1e-6, max: 1e9, noNaN: true, noDefaultInfinity: true }));
  const bar = fc
    .tuple(
      anyPrice,
      anyPrice,
      anyPrice,
      anyPrice,
      fc.oneof(fc.constant(NaN), fc.integer({ min: 0, max: 1e12 }), fc.double({ min: 0, max: 1e9, noNaN: true })),
    )
    .map(([a, b, c, d, v]) => {
      const [l, o, cl, h] = [a, b, c, d].sort((x, y) => x - y);
      return { o, h, l, c: cl, v };
    });
  const file = fc.record({
    bars: fc.array(bar, { minLength: 1, maxLength: 40 }),
    steps: fc.array(fc.integer({ min: 1, max: 10 * 86_400 }), { minLength: 40, maxLength: 40 }),
    start: fc.integer({ min: 0, max: 1_500_000_000 }),
    timeFormat: fc.constantFrom('iso-space', 'iso-T', 'epoch-s', 'epoch-ms'),
    order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6], { minLength: 7, maxLength: 7 }),
    upper: fc.boolean(),
    volume: fc.boolean(),
    note: fc.boolean(),
    crlf: fc.boolean(),
    quoteAll: fc.boolean(),
  });

  it('formats random valid bars to CSV and parses them back equal', () => {
    fc.assert(
      fc.property(file, (f) => {
        const ts: number[] = [];
        let t = 946_684_800_000 + f.start * 1000; // from 2000-01-01, whole seconds
        for (let i = 0; i < f.bars.length; i++) ts.push((t += f.steps[i] * 1000));
        const names = ['Date', 'Open', 'High', 'Low', 'Close', 'Volume', 'Note'].map((n) =>
          f.upper ? n.toUpperCase() : n.toLowerCase(),
        );
        const cols = f.order.filter((k) => (k !== 5 || f.volume) && (k !== 6 || f.note));
        const time = (x: number) => {
          const s = new Date(x).toISOString().slice(0, 19);
          return f.timeFormat === 'iso-space'
            ? s.replace('T', ' ')
            : f.timeFormat === 'iso-T'
              ? s
              : f.timeFormat === 'epoch-s'
                ? String(x / 1000)
                : String(x);
        };
        const q = (s: string) => (f.quoteAll ? `"${s.replace(/"/g, '""')}"` : s);
        const lines = [cols.map((k) => q(names[k])).join(',')];
        f.bars.forEach((b, i) => {
          const cell = [
            time(ts[i]),
            String(b.o),
            String(b.h),
            String(b.l),
            String(b.c),
            Number.isNaN(b.v) ? '' : String(b.v),
            'a "note", here',
          ];
          lines.push(cols.map((k) => (k === 6 ? `"${cell[6].replace(/"/g, '""')}"` : q(cell[k]))).join(','));
        });
        const got = parseBarsCsv(lines.join(f.crlf ? '\r\n' : '\n'), { symbol: 'P', timeframe: '1m' });
        expect(Array.from(got.ts)).toEqual(ts);
        expect(Array.from(got.open)).toEqual(f.bars.map((b) => b.o));
        expect(Array.from(got.high)).toEqual(f.bars.map((b) => b.h));
        expect(Array.from(got.low)).toEqual(f.bars.map((b) => b.l));
        expect(Array.from(got.close)).toEqual(f.bars.map((b) => b.c));
        expect(Array.from(got.volume)).toEqual(f.bars.map((b) => (f.volume ? b.v : NaN)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads decimals exactly as Number() does', () => {
    const dec = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,20}$/), fc.option(fc.stringMatching(/^\d{0,20}$/)))
      .map(([s, i, f]) => `${s}${i}${f === null ? '' : `.${f}`}`);
    fc.assert(
      fc.property(dec, (s) => {
        expect(parseDecimal(s, 0, s.length)).toBe(Number(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('large input', () => {
  // Speed is measured by `npm run bench` (scripts/bench/csv.ts), not asserted here.
  it('parses 300,000 minute rows exactly', () => {
    const lines = [H];
    let t = Date.UTC(2020, 0, 2, 9, 30);
    for (let i = 0; i < 300_000; i++, t += 60_000) {
      const p = 100 + (i % 1000) / 100;
      lines.push(
        `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},${p},${p + 0.5},${p - 0.5},${p + 0.25},${1000 + i}`,
      );
    }
    const b = parse(lines.join('\n'));
    expect(b.ts.length).toBe(300_000);
    expect(b.timeframe).toBe('1m');
    expect(b.ts[299_999]).toBe(Date.UTC(2020, 0, 2, 9, 30) + 299_999 * 60_000);
    expect(b.close[123_456]).toBe(100 + (123_456 % 1000) / 100 + 0.25);
    expect(b.volume[299_999]).toBe(1000 + 299_999);
  });
});
