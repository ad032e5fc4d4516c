// CSV import, part 2: a lenient read of a whole file with a chosen layout (csv-detect.ts) that keeps going past
// bad rows and lists each one ("row 118 (line 119): High 10.2 < Low 10.5"), so the user can import the valid
// rows only. Files in the strict parser's own layout go through parseBarsCsv (csv.ts) first, and the lenient
// reader only runs when that finds a problem. The row checks are the strict parser's: time parses and
// increases, prices finite and > 0, High ≥ Low, High ≥ Open/Close, Low ≤ Open/Close, volume ≥ 0 or empty.
import { TIMEFRAMES, type Bars, type Timeframe } from '../shared/types';
import { CsvError, parseBarsCsv } from './csv';
import { detectCsv, splitRecords, type CsvColumns, type CsvLayout, type DateFormat } from './csv-detect';
import { dayMs, daysInMonth, inferTimeframe, parseTime, type TimeKind } from './csv-values';

/** One rejected data row: 1-based data row (header excluded), its line, and why. */
export interface RowError {
  row: number;
  line: number;
  message: string;
}

/** The result of importCsv: bars of the valid rows, every row error, and counts. */
export interface CsvImportResult {
  bars: Bars;
  errors: RowError[];
  /** Data rows read (valid + rejected). */
  rows: number;
  /** True when the file was newest-first and was reversed. */
  reversed: boolean;
}

/** The layout fields importCsv needs (a CsvLayout from detectCsv, possibly edited by the user). */
export type ImportLayout = Pick<CsvLayout, 'delimiter' | 'decimal' | 'columns'> & { dateFormat: DateFormat };

/** A price/volume cell as a number (currency sign and spaces stripped; decimal comma when `decimal` is ','); NaN if not a number. */
export function parseNumberCell(raw: string, decimal: '.' | ','): number {
  let s = raw.trim().replace(/^[$€£]/, '');
  if (decimal === ',') s = s.replace(/\./g, '').replace(',', '.');
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN;
}

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** A time cell in `format` as timezone-naive epoch ms (Bars.ts convention); NaN if it does not parse. */
export function parseTimeCell(raw: string, format: DateFormat): number {
  const v = raw.trim();
  if (format === 'iso' || format === 'epoch') {
    const out: { kind: TimeKind } = { kind: 'iso' };
    const t = parseTime(v, 0, v.length, out);
    return out.kind === format ? t : NaN;
  }
  let y: number, m: number, d: number, rest: string;
  if (format === 'yyyymmdd') {
    if (!/^\d{8}$/.test(v)) return NaN;
    [y, m, d, rest] = [Number(v.slice(0, 4)), Number(v.slice(4, 6)), Number(v.slice(6, 8)), ''];
  } else {
    const p = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](.+))?$/.exec(v);
    if (p === null) return NaN;
    [d, m] = format === 'dmy' ? [Number(p[1]), Number(p[2])] : [Number(p[2]), Number(p[1])];
    y = Number(p[3]);
    rest = p[4] ?? '';
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  let t = dayMs(y, m, d);
  if (rest !== '') {
    const hm = TIME_OF_DAY.exec(rest);
    if (hm === null || Number(hm[1]) > 23 || Number(hm[2]) > 59 || Number(hm[3] ?? 0) > 59) return NaN;
    t += Number(hm[1]) * 3_600_000 + Number(hm[2]) * 60_000 + Number(hm[3] ?? 0) * 1000;
  }
  return t;
}

/** True when parseBarsCsv reads this layout exactly as the lenient reader would. */
function strictLayout(text: string, l: ImportLayout): boolean {
  if (l.delimiter !== ',' || l.decimal !== '.' || (l.dateFormat !== 'iso' && l.dateFormat !== 'epoch')) return false;
  const d = detectCsv(text);
  const same = (Object.keys(l.columns) as (keyof CsvColumns)[]).every((k) => d.columns[k] === l.columns[k]);
  // The strict parser recognises only its own header names: require those at the chosen columns.
  const names = d.headers.map((h) => h.trim().toLowerCase());
  const std =
    ['date', 'datetime', 'time', 'timestamp', ''].includes(names[l.columns.time]) &&
    ['open', 'high', 'low', 'close'].every((n) => names[l.columns[n as 'open']] === n);
  return same && std && (l.columns.volume < 0 ? !names.includes('volume') : names[l.columns.volume] === 'volume');
}

interface Parsed {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  row: number;
  line: number;
}

/** Why a record is not a valid bar, or null (fills `out` when valid). */
function checkRecord(f: string[], width: number, l: ImportLayout, headers: string[], out: Parsed): string | null {
  if (f.length !== width) return `expected ${width} fields as in the header, found ${f.length}`;
  const c = l.columns;
  const t = parseTimeCell(f[c.time], l.dateFormat);
  if (!Number.isFinite(t)) return `${headers[c.time] || 'time'} ${JSON.stringify(f[c.time])} is not a ${l.dateFormat} date/time`;
  const price = (k: number): number | string => {
    const v = parseNumberCell(f[k], l.decimal);
    if (Number.isNaN(v)) return `${headers[k]} ${JSON.stringify(f[k])} is not a number`;
    if (!(v > 0 && v < Infinity)) return `${headers[k]} ${v} must be > 0`;
    return v;
  };
  const ps = [price(c.open), price(c.high), price(c.low), price(c.close)];
  const bad = ps.find((p) => typeof p === 'string');
  if (bad !== undefined) return bad as string;
  const [o, h, lo, cl] = ps as number[];
  if (h < lo) return `High ${h} < Low ${lo}`;
  if (h < o || h < cl) return h < o ? `High ${h} < Open ${o}` : `High ${h} < Close ${cl}`;
  if (lo > o || lo > cl) return lo > o ? `Low ${lo} > Open ${o}` : `Low ${lo} > Close ${cl}`;
  let v = NaN;
  if (c.volume >= 0 && f[c.volume].trim() !== '') {
    v = parseNumberCell(f[c.volume], l.decimal);
    if (!(v >= 0 && v < Infinity)) return `${headers[c.volume]} ${JSON.stringify(f[c.volume])} is not a volume ≥ 0`;
  }
  Object.assign(out, { t, o, h, l: lo, c: cl, v });
  return null;
}

/**
 * Reads every data row of `text` with `layout`: valid rows become bars named `symbol` (timeframe given or
 * inferred from the spacing), every other row is listed in `errors`. A newest-first file is reversed; a row
 * whose time does not increase on the previous valid row is an error. Throws a CsvError only for whole-file
 * problems (no header, no valid row, no timeframe).
 */
export function importCsv(text: string, layout: ImportLayout, symbol: string, timeframe?: Timeframe): CsvImportResult {
  if (timeframe !== undefined && !TIMEFRAMES.includes(timeframe))
    throw new CsvError(`timeframe must be one of ${TIMEFRAMES.join(', ')}, got ${JSON.stringify(timeframe)}`);
  const c = layout.columns;
  for (const k of ['time', 'open', 'high', 'low', 'close'] as const)
    if (!(c[k] >= 0)) throw new CsvError(`choose the ${k} column`);
  if (strictLayout(text, layout)) {
    try {
      const bars = parseBarsCsv(text, { symbol, timeframe });
      return { bars, errors: [], rows: bars.ts.length, reversed: false };
    } catch (e) {
      if (!(e instanceof CsvError) || e.row === null) throw e;
    }
  }
  const [head, ...recs] = splitRecords(text, layout.delimiter);
  if (head === undefined) throw new CsvError('empty file: expected a header row such as Date,Open,High,Low,Close,Volume');
  const headers = head.fields.map((h) => h.trim());
  const width = headers.length;
  if (Math.max(c.time, c.open, c.high, c.low, c.close, c.volume) >= width)
    throw new CsvError(`a chosen column is beyond the header's ${width} columns`);
  const errors: RowError[] = [];
  const good: Parsed[] = [];
  recs.forEach((r, i) => {
    const p = { row: i + 1, line: r.line } as Parsed;
    const why = checkRecord(r.fields, width, layout, headers, p);
    if (why === null) good.push(p);
    else errors.push({ row: i + 1, line: r.line, message: `row ${i + 1} (line ${r.line}): ${why}` });
  });
  const reversed = good.length > 1 && good[0].t > good[good.length - 1].t;
  if (reversed) good.reverse();
  const kept: Parsed[] = [];
  for (const p of good) {
    const prev = kept[kept.length - 1];
    if (prev !== undefined && p.t <= prev.t) {
      const what = p.t === prev.t ? 'repeats the time of' : reversed ? 'is out of order (newest first) after' : 'is earlier than';
      errors.push({ row: p.row, line: p.line, message: `row ${p.row} (line ${p.line}): time ${what} row ${prev.row}` });
    } else kept.push(p);
  }
  errors.sort((a, b) => a.row - b.row);
  if (kept.length === 0) throw new CsvError(`no valid rows: ${errors[0]?.message ?? 'the file has a header but no data rows'}`);
  const col = (k: keyof Parsed): Float64Array => Float64Array.from(kept, (p) => p[k]);
  const ts = col('t');
  let tf = timeframe;
  if (tf === undefined) {
    const inferred = inferTimeframe(ts);
    if (!TIMEFRAMES.includes(inferred as Timeframe)) throw new CsvError(`${inferred}; choose the timeframe`);
    tf = inferred as Timeframe;
  }
  return {
    bars: { symbol, timeframe: tf, ts, open: col('o'), high: col('h'), low: col('l'), close: col('c'), volume: col('v') },
    errors,
    rows: recs.length,
    reversed,
  };
}
