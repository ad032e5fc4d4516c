// CSV import, part 1: splitting records with any delimiter, and detecting a file's layout — delimiter, decimal
// separator, which columns hold time/OHLC/volume, and the date format — from its first lines. The strict
// parser (csv.ts) knows only commas, header names Date/Datetime/Time/Timestamp/Open/High/Low/Close/Volume and
// ISO or epoch times; detection widens that to what spreadsheets and broker exports write.

/** Delimiters detection tries, in order of preference on ties. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
/** A field delimiter. */
export type Delimiter = (typeof DELIMITERS)[number];
/**
 * Time formats: ISO date/datetime, epoch seconds/ms, month/day/year (US), day/month/year (also with dots or
 * dashes), and compact YYYYMMDD. The date may be followed by a time HH:MM[:SS].
 */
export type DateFormat = 'iso' | 'epoch' | 'mdy' | 'dmy' | 'yyyymmdd';
/** Every DateFormat. */
export const DATE_FORMATS: readonly DateFormat[] = ['iso', 'epoch', 'mdy', 'dmy', 'yyyymmdd'];

/** Column indexes of the fields bars are made of; volume is −1 when absent. */
export interface CsvColumns {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** One record: its fields and the 1-based line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Splits `text` into records (RFC 4180 quoting with `""` escapes; LF, CRLF or CR line ends; BOM dropped;
 * blank lines skipped), stopping after `maxRecords`. An unclosed quote ends the file (its text is kept).
 */
export function splitRecords(text: string, delimiter: string, maxRecords = Infinity): CsvRecord[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out: CsvRecord[] = [];
  const d = delimiter.charCodeAt(0);
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n && out.length < maxRecords) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          const end = q < 0 ? n : q;
          for (let k = i; k < end; k++) if (text.charCodeAt(k) === 10) line++;
          field += text.slice(i, end);
          if (q < 0) {
            i = n;
            break;
          }
          if (text.charCodeAt(q + 1) === 34) {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      }
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === d || c === 10 || c === 13) break;
        j++;
      }
      field += text.slice(i, j);
      fields.push(field);
      field = '';
      i = j;
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      if (c === 13) i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
      else if (c === 10) i++;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0].trim() === '')) out.push({ fields, line: start });
  }
  return out;
}

const ALIASES: Record<keyof CsvColumns, string[]> = {
  time: [
    'date',
    'datetime',
    'time',
    'timestamp',
    '',
    'date/time',
    'day',
    'gmt time',
    'local time',
    'trade date',
    'datum',
    'fecha',
  ],
  open: ['open', 'o', 'open price', 'opening price'],
  high: ['high', 'h', 'high price'],
  low: ['low', 'l', 'low price'],
  close: ['close', 'c', 'close/last', 'last', 'close price', 'closing price', 'price', 'adj close', 'adj. close'],
  volume: ['volume', 'vol', 'vol.', 'v', 'shares'],
};

/** Column guess from header names (aliases in preference order, case-insensitive, '<' '>' of MetaStock headers removed). */
export function guessColumns(headers: readonly string[]): { columns: CsvColumns; missing: string[] } {
  const norm = headers.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/^<(.*)>$/, '$1'),
  );
  const pick = (names: string[]): number => {
    for (const name of names) {
      const k = norm.indexOf(name);
      if (k >= 0) return k;
    }
    return -1;
  };
  const columns: CsvColumns = {
    time: pick(ALIASES.time),
    open: pick(ALIASES.open),
    high: pick(ALIASES.high),
    low: pick(ALIASES.low),
    close: pick(ALIASES.close),
    volume: pick(ALIASES.volume),
  };
  const missing = (['time', 'open', 'high', 'low', 'close'] as const)
    .filter((k) => columns[k] < 0)
    .map((k) => (k === 'time' ? 'a time column (Date, Time, Timestamp…)' : k[0].toUpperCase() + k.slice(1)));
  return { columns, missing };
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:\d{2})?$/i;
const DMY_MDY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const COMPACT = /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

/** Date format of sample time values (see DateFormat), and whether day/month order was a guess (all parts ≤ 12). */
export function detectDateFormat(samples: readonly string[]): { format: DateFormat | null; ambiguous: boolean } {
  const vals = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (vals.length === 0) return { format: null, ambiguous: false };
  if (vals.every((v) => ISO.test(v))) return { format: 'iso', ambiguous: false };
  if (vals.every((v) => COMPACT.test(v))) return { format: 'yyyymmdd', ambiguous: false };
  if (vals.every((v) => /^[+-]?\d+(?:\.\d+)?$/.test(v))) return { format: 'epoch', ambiguous: false };
  const parts = vals.map((v) => DMY_MDY.exec(v));
  if (parts.every((m) => m !== null)) {
    if (parts.some((m) => Number(m![1]) > 12)) return { format: 'dmy', ambiguous: false };
    if (parts.some((m) => Number(m![2]) > 12)) return { format: 'mdy', ambiguous: false };
    // Undecidable from the values: dots are European (day first), slashes American (month first).
    return { format: vals[0].includes('.') ? 'dmy' : 'mdy', ambiguous: true };
  }
  return { format: null, ambiguous: false };
}

/** Everything detection found, for the import dialog to show and let the user change. */
export interface CsvLayout {
  delimiter: Delimiter;
  /** ',' when numbers use a decimal comma (only with ';', tab or '|' delimiters). */
  decimal: '.' | ',';
  headers: string[];
  columns: CsvColumns;
  /** Required columns not found in the header (empty when all were). */
  missing: string[];
  dateFormat: DateFormat | null;
  /** True when day/month order could not be told from the values. */
  dateAmbiguous: boolean;
  /** The first data records (up to 10) as text, for the preview. */
  preview: string[][];
}

/** Detects delimiter, decimal separator, columns and date format from the header and the first 50 records. */
export function detectCsv(text: string): CsvLayout {
  let best: { d: Delimiter; recs: CsvRecord[]; score: number } | null = null;
  for (const d of DELIMITERS) {
    const recs = splitRecords(text, d, 51);
    const width = recs[0]?.fields.length ?? 0;
    if (width < 2) continue;
    const consistent = recs.filter((r) => r.fields.length === width).length;
    const score = width * 1000 + consistent;
    if (best === null || score > best.score) best = { d, recs, score };
  }
  if (best === null) throw new Error('could not find a delimiter: expected a header row with fields separated by , ; tab or |');
  const [head, ...data] = best.recs;
  const headers = head.fields.map((h) => h.trim());
  const { columns, missing } = guessColumns(headers);
  const priceCells = data.flatMap((r) => [columns.open, columns.close].filter((k) => k >= 0).map((k) => r.fields[k] ?? ''));
  const decimal = best.d !== ',' && priceCells.some((v) => /^\s*[$€£]?\d+,\d+\s*$/.test(v)) ? ',' : '.';
  const { format, ambiguous } =
    columns.time >= 0 ? detectDateFormat(data.map((r) => r.fields[columns.time] ?? '')) : { format: null, ambiguous: false };
  return {
    delimiter: best.d,
    decimal,
    headers,
    columns,
    missing,
    dateFormat: format,
    dateAmbiguous: ambiguous,
    preview: data.slice(0, 10).map((r) => r.fields),
  };
}
