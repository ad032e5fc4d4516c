/** CSV import: layout detection, date formats, row-level errors with "import valid rows only", agreement with the strict parser. */
import { describe, expect, it } from 'vitest';
import { detectCsv, detectDateFormat, splitRecords } from '../../src/sources/csv-detect';
import { importCsv, parseNumberCell, parseTimeCell } from '../../src/sources/csv-import';
import { parseBarsCsv } from '../../src/sources/csv';

const layoutOf = (text: string) => {
  const d = detectCsv(text);
  return { delimiter: d.delimiter, decimal: d.decimal, columns: d.columns, dateFormat: d.dateFormat! };
};

describe('detection', () => {
  it('finds delimiter, decimal comma, columns and a day-first date format', () => {
    const text =
      'Datum;Open;High;Low;Close;Volume\n02.01.2024;10,5;11;10;10,8;1.200\n03.01.2024;10,8;11,2;10,1;11;900\n25.01.2024;11;11,5;10,9;11,1;1000\n';
    const d = detectCsv(text);
    expect(d).toMatchObject({
      delimiter: ';',
      decimal: ',',
      dateFormat: 'dmy',
      dateAmbiguous: false,
      missing: [],
      columns: { time: 0, volume: 5 },
    });
    expect(d.preview[0]).toEqual(['02.01.2024', '10,5', '11', '10', '10,8', '1.200']);
  });
  it('reads tab- and pipe-separated files, quoted fields and MetaStock headers', () => {
    expect(detectCsv('<DATE>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\n20240102\t1\t2\t0.5\t1.5\n').columns).toEqual({
      time: 0,
      open: 1,
      high: 2,
      low: 3,
      close: 4,
      volume: -1,
    });
    expect(detectCsv('date|open|high|low|close|vol\n2024-01-02|1|2|0.5|1.5|7\n')).toMatchObject({
      delimiter: '|',
      dateFormat: 'iso',
      columns: { volume: 5 },
    });
    expect(splitRecords('a,"b,""c"""\r\n\r\n1,"x\ny"\n', ',')).toEqual([
      { fields: ['a', 'b,"c"'], line: 1 },
      { fields: ['1', 'x\ny'], line: 3 },
    ]);
  });
  it('tells month-first from day-first when a value decides, and flags a guess', () => {
    expect(detectDateFormat(['01/02/2024', '01/13/2024'])).toEqual({ format: 'mdy', ambiguous: false });
    expect(detectDateFormat(['13/01/2024'])).toEqual({ format: 'dmy', ambiguous: false });
    expect(detectDateFormat(['01/02/2024'])).toEqual({ format: 'mdy', ambiguous: true });
    expect(detectDateFormat(['1704153600', '1704240000'])).toEqual({ format: 'epoch', ambiguous: false });
    expect(detectDateFormat(['yesterday'])).toEqual({ format: null, ambiguous: false });
  });
  it('parses cells by format', () => {
    expect(parseTimeCell('01/13/2024 09:30', 'mdy')).toBe(Date.UTC(2024, 0, 13, 9, 30));
    expect(parseTimeCell('13.01.2024', 'dmy')).toBe(Date.UTC(2024, 0, 13));
    expect(parseTimeCell('20240229', 'yyyymmdd')).toBe(Date.UTC(2024, 1, 29));
    expect(parseTimeCell('20230229', 'yyyymmdd')).toBeNaN();
    expect(parseTimeCell('2024-01-13', 'epoch')).toBeNaN();
    expect(parseNumberCell('$1,234.5'.replace(',', ''), '.')).toBe(1234.5);
    expect(parseNumberCell('1.234,5', ',')).toBe(1234.5);
    expect(parseNumberCell('1,234.5', '.')).toBeNaN();
  });
});

describe('importCsv', () => {
  const rows = Array.from({ length: 130 }, (_, i) => {
    const d = new Date(Date.UTC(2023, 0, 2) + i * 86_400_000).toISOString().slice(0, 10);
    return `${d},10,11,9,10.5,100`;
  });
  it('lists every bad row and imports the valid ones', () => {
    const bad = [...rows];
    bad[117] = bad[117].replace(',10,11,9,', ',10,8,9,'); // row 118: High 8 < Low 9
    bad[3] = bad[3].replace(',10.5,', ',abc,');
    bad[50] = bad[49]; // row 51 repeats row 50's time
    const text = `Date,Open,High,Low,Close,Volume\n${bad.join('\n')}\n`;
    expect(() => parseBarsCsv(text, { symbol: 'X' })).toThrow(/data row 4/);
    const r = importCsv(text, layoutOf(text), 'X');
    expect(r.errors.map((e) => e.message)).toEqual([
      'row 4 (line 5): Close "abc" is not a number',
      'row 51 (line 52): time repeats the time of row 50',
      'row 118 (line 119): High 8 < Low 9',
    ]);
    expect(r.rows).toBe(130);
    expect(r.bars.ts.length).toBe(127);
    expect(r.bars.timeframe).toBe('1d');
  });
  it('equals the strict parser on a clean file (which it delegates to)', () => {
    const text = `Date,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`;
    const a = importCsv(text, layoutOf(text), 'X');
    const b = parseBarsCsv(text, { symbol: 'X' });
    expect(a.errors).toEqual([]);
    expect(Array.from(a.bars.ts)).toEqual(Array.from(b.ts));
    // the lenient reader alone (a layout the strict parser cannot read) gives the same bars
    const semi = text.replace(/,/g, ';');
    const c = importCsv(semi, layoutOf(semi), 'X');
    expect(Array.from(c.bars.close)).toEqual(Array.from(b.close));
    expect(Array.from(c.bars.volume)).toEqual(Array.from(b.volume));
  });
  it('reverses a newest-first export with US dates and $ prices (Nasdaq style)', () => {
    const text =
      'Date,Close/Last,Volume,Open,High,Low\n01/05/2024,$181.18,62303300,$181.99,$182.76,$180.17\n01/04/2024,$181.91,71983570,$182.15,$183.09,$180.88\n01/03/2024,$184.25,58414460,$184.22,$185.88,$183.43\n';
    const r = importCsv(text, layoutOf(text), 'AAPL', '1d');
    expect(r.reversed).toBe(true);
    expect(r.errors).toEqual([]);
    expect(Array.from(r.bars.close)).toEqual([184.25, 181.91, 181.18]);
    expect(r.bars.ts[0]).toBe(Date.UTC(2024, 0, 3));
  });
  it('whole-file problems throw naming what to do', () => {
    const text = 'Date,Open,High,Low,Close\n2024-01-02,1,0.5,0.7,1\n';
    expect(() => importCsv(text, layoutOf(text), 'X')).toThrow(/no valid rows: row 1 \(line 2\): High 0.5 < Low 0.7/);
    expect(() => importCsv(text, { ...layoutOf(text), columns: { ...layoutOf(text).columns, close: -1 } }, 'X')).toThrow(
      /choose the close column/,
    );
  });
});
