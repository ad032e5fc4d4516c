// CSV bar import: RFC 4180 text with a header row → Bars, with errors that name the line, row and column.
//
// Positions in messages: "line L (data row R)". L is the 1-based physical line of the file where the
// record starts (the header is normally line 1); R is the 1-based record number after the header. Both
// are given because quoted fields may span lines. Columns are named as the file's header spells them.
import { TIMEFRAMES, type Bars, type Timeframe } from '../shared/types';
import * as fast from './csv-fast';
import { CsvError, Scanner } from './csv-scanner';
import { inferTimeframe, parseDecimal, parseTime, type TimeKind } from './csv-values';

export { CsvError };

// Module-local copies of the fast path's API: some loaders (tsx, vitest) turn every use of an imported
// binding into a getter call, which costs ~2× in the per-row loop below.
const { ROLE_SKIP, V_CLOSE, V_HIGH, V_KIND, V_LOW, V_OPEN, V_TIME, V_VOLUME, fastRecord, fastRow } = fast;

/** Options of parseBarsCsv: the symbol to label the bars with and, optionally, their timeframe. */
export interface CsvOptions {
  symbol: string;
  /** Bar size; inferred from the median spacing of the timestamps when absent. */
  timeframe?: Timeframe;
}

const TIME_HEADERS = new Set(['', 'date', 'datetime', 'time', 'timestamp']);
const PRICE_HEADERS = ['open', 'high', 'low', 'close'] as const;

/** Growable Float64Array column. */
class Column {
  data = new Float64Array(1024);
  push(i: number, v: number): void {
    if (i === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[i] = v;
  }
  take(n: number): Float64Array {
    return this.data.length === n ? this.data : this.data.slice(0, n);
  }
}

/**
 * Parses OHLCV bars from CSV text (RFC 4180; LF or CRLF; BOM and trailing blank lines ignored). Header
 * names are matched case-insensitively after trimming: the time column is the first one named '', Date,
 * Datetime, Time or Timestamp; Open, High, Low, Close are required, Volume optional (NaN when absent or
 * empty), others ignored; the first of duplicate names is used. Time values: see parseTime (ISO dates
 * and datetimes read as naive wall clock, offsets ignored; epoch s if < 1e11 else ms). Rows must be in
 * strictly ascending time with valid positive OHLC; anything else throws a CsvError naming line, row and
 * column.
 */
export function parseBarsCsv(text: string, opts: CsvOptions): Bars {
  if (opts.timeframe !== undefined && !TIMEFRAMES.includes(opts.timeframe)) {
    throw new Error(`timeframe must be one of ${TIMEFRAMES.join(', ')}, got ${JSON.stringify(opts.timeframe)}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new CsvError('empty file: expected a header row such as Date,Open,High,Low,Close,Volume');
  const sc = new Scanner(text);
  const headerLine = sc.next();
  const headers: string[] = [];
  for (let k = 0; k < sc.n; k++) headers.push(sc.field(k));
  const cols = mapHeaders(headers, headerLine);
  const roles = new Int8Array(headers.length).fill(ROLE_SKIP);
  roles[cols.time] = V_TIME;
  roles[cols.open] = V_OPEN;
  roles[cols.high] = V_HIGH;
  roles[cols.low] = V_LOW;
  roles[cols.close] = V_CLOSE;
  if (cols.volume >= 0) roles[cols.volume] = V_VOLUME;
  const fr = fastRow(roles);
  const vals = fr.vals;
  const st: SlowState = { sc, headers, cols, line: 0, row: 0, prevT: -Infinity, prevLine: 0, prevStart: 0, firstKind: 0 };
  const out = {
    ts: new Column(),
    open: new Column(),
    high: new Column(),
    low: new Column(),
    close: new Column(),
    volume: new Column(),
  };
  let pos = sc.pos;
  let line = sc.line;
  let n = 0;
  while (pos < text.length) {
    const recStart = pos;
    const p = fastRecord(text, pos, fr);
    const t = vals[V_TIME];
    const o = vals[V_OPEN];
    const h = vals[V_HIGH];
    const l = vals[V_LOW];
    const c = vals[V_CLOSE];
    const v = vals[V_VOLUME];
    const kind = vals[V_KIND];
    // A plain record that passes every check is taken as is; anything else is re-read by the general
    // scanner, which either accepts it (quotes, spaces, exponents…) or throws the precise error.
    const ok =
      p >= 0 &&
      t > st.prevT &&
      (kind === st.firstKind || st.firstKind === 0) &&
      o > 0 &&
      h > 0 &&
      l > 0 &&
      c > 0 &&
      h >= l &&
      h >= o &&
      h >= c &&
      l <= o &&
      l <= c &&
      !(v < 0);
    st.row = n + 1;
    st.line = line;
    if (ok) {
      pos = p;
      line++;
    } else {
      sc.pos = pos;
      sc.line = line;
      sc.next();
      if (sc.blank()) {
        if (text.slice(sc.pos).trim() === '') break;
        throw new CsvError(`line ${line} is blank; blank lines are only allowed at the end of the file`, null, null, line);
      }
      slowRecord(st, vals);
      pos = sc.pos;
      line = sc.line;
    }
    if (st.firstKind === 0) st.firstKind = vals[V_KIND];
    out.ts.push(n, vals[V_TIME]);
    out.open.push(n, vals[V_OPEN]);
    out.high.push(n, vals[V_HIGH]);
    out.low.push(n, vals[V_LOW]);
    out.close.push(n, vals[V_CLOSE]);
    out.volume.push(n, vals[V_VOLUME]);
    n++;
    st.prevT = vals[V_TIME];
    st.prevLine = st.line;
    st.prevStart = recStart;
  }
  if (n === 0) throw new CsvError(`line ${headerLine}: the file has a header but no data rows`, null, null, headerLine);
  const ts = out.ts.take(n);
  let timeframe = opts.timeframe;
  if (timeframe === undefined) {
    const tf = inferTimeframe(ts);
    if (!TIMEFRAMES.includes(tf as Timeframe)) {
      throw new CsvError(`${tf}; pass the timeframe explicitly (one of ${TIMEFRAMES.join(', ')})`);
    }
    timeframe = tf as Timeframe;
  }
  return {
    symbol: opts.symbol,
    timeframe,
    ts,
    open: out.open.take(n),
    high: out.high.take(n),
    low: out.low.take(n),
    close: out.close.take(n),
    volume: out.volume.take(n),
  };
}

/** What the general path needs to check a record and word its errors. */
interface SlowState {
  sc: Scanner;
  headers: string[];
  cols: Cols;
  /** Line and 1-based data row of the record being read. */
  line: number;
  row: number;
  prevT: number;
  prevLine: number;
  /** Offset where the previous record starts (re-read only to quote its time in a message). */
  prevStart: number;
  /** Time kind of data row 1 as V_KIND codes (1 ISO, 2 epoch), 0 before it. */
  firstKind: number;
}

/** Parses and checks the record the scanner has just read into vals (V_* slots), or throws a CsvError. */
function slowRecord(st: SlowState, vals: Float64Array): void {
  const { sc, cols, line, row } = st;
  const nf = st.headers.length;
  if (sc.n !== nf) {
    throw new CsvError(`line ${line} (data row ${row}): expected ${nf} fields as in the header, found ${sc.n}`, row, null, line);
  }
  const ti = cols.time;
  const kind: { kind: TimeKind } = { kind: 'iso' };
  const t = parseTime(sc.src(ti), sc.start[ti], sc.end[ti], kind);
  if (t !== t) throw timeError(st, ti);
  const k = kind.kind === 'iso' ? 1 : 2;
  if (st.firstKind !== 0 && k !== st.firstKind) throw kindError(st, ti, k);
  if (t <= st.prevT) throw orderError(st, ti, t === st.prevT);
  const price = (col: number): number => {
    const v = parseDecimal(sc.src(col), sc.start[col], sc.end[col]);
    if (!(v > 0 && v < Infinity)) throw v <= 0 ? cellError(st, col, `price ${v} must be > 0`) : numberError(st, col);
    return v;
  };
  const o = price(cols.open);
  const h = price(cols.high);
  const l = price(cols.low);
  const c = price(cols.close);
  if (h < l) throw cellError(st, cols.high, `High ${h} is below Low ${l}`);
  if (h < o || h < c) throw cellError(st, cols.high, `High ${h} is below ${h < o ? `Open ${o}` : `Close ${c}`}`);
  if (l > o || l > c) throw cellError(st, cols.low, `Low ${l} is above ${l > o ? `Open ${o}` : `Close ${c}`}`);
  let v = NaN;
  const vi = cols.volume;
  if (vi >= 0 && !sc.blankField(vi)) {
    v = parseDecimal(sc.src(vi), sc.start[vi], sc.end[vi]);
    if (!(v >= 0 && v < Infinity)) throw v < 0 ? cellError(st, vi, `volume ${v} is negative`) : numberError(st, vi);
  }
  vals[V_TIME] = t;
  vals[V_KIND] = k;
  vals[V_OPEN] = o;
  vals[V_HIGH] = h;
  vals[V_LOW] = l;
  vals[V_CLOSE] = c;
  vals[V_VOLUME] = v;
}

function cellError(st: SlowState, k: number, what: string): CsvError {
  const { line, row, headers } = st;
  return new CsvError(`line ${line} (data row ${row}), column ${label(headers[k])}: ${what}`, row, headers[k], line);
}

function numberError(st: SlowState, k: number): CsvError {
  const raw = st.sc.field(k);
  if (raw.trim() === '') return cellError(st, k, 'empty value, a number is required');
  const hint = raw.includes(',') ? ' (thousands separators are not allowed)' : '';
  return cellError(st, k, `${JSON.stringify(raw)} is not a number${hint}`);
}

function timeError(st: SlowState, k: number): CsvError {
  const raw = st.sc.field(k);
  return cellError(
    st,
    k,
    raw.trim() === ''
      ? 'empty time value'
      : `cannot parse ${JSON.stringify(raw)} as a date/time (expected YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or epoch seconds/ms)`,
  );
}

function kindError(st: SlowState, k: number, got: number): CsvError {
  const name = (x: number) => (x === 1 ? 'an ISO date' : 'an epoch number');
  return cellError(
    st,
    k,
    `${JSON.stringify(st.sc.field(k))} is ${name(got)} but data row 1 is ${name(st.firstKind)}; use one kind throughout`,
  );
}

function orderError(st: SlowState, k: number, same: boolean): CsvError {
  const cur = JSON.stringify(st.sc.field(k).trim());
  const prev = new Scanner(st.sc.text);
  prev.pos = st.prevStart;
  prev.next();
  const before = `data row ${st.row - 1} (line ${st.prevLine}, ${JSON.stringify(prev.field(k).trim())})`;
  return cellError(
    st,
    k,
    same
      ? `${cur} repeats the timestamp of ${before}; timestamps must be unique`
      : `${cur} is earlier than ${before}; rows must be sorted by time, oldest first`,
  );
}

/** A header name for messages: quoted, or a description for the empty (index-like) time header. */
function label(h: string): string {
  return h.trim() === '' ? '"" (the unnamed time column)' : JSON.stringify(h);
}

/** Column indexes of the fields bars are made of; volume is −1 when the file has none. */
interface Cols {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Column indexes of time/OHLC (required) and volume (−1 when absent); throws naming what is missing. */
function mapHeaders(headers: string[], line: number): Cols {
  const norm = headers.map((h) => h.trim().toLowerCase());
  const first = (name: string) => norm.indexOf(name);
  const time = norm.findIndex((h) => TIME_HEADERS.has(h));
  const missing: string[] = [];
  if (time < 0) missing.push('a time column (Date, Datetime, Time, Timestamp or an empty name)');
  for (const p of PRICE_HEADERS) if (first(p) < 0) missing.push(p[0].toUpperCase() + p.slice(1));
  if (missing.length > 0) {
    const found = headers.map((h) => JSON.stringify(h)).join(', ');
    throw new CsvError(
      `line ${line} (header): missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; found ${found}`,
      null,
      missing.join(', '),
      line,
    );
  }
  return { time, open: first('open'), high: first('high'), low: first('low'), close: first('close'), volume: first('volume') };
}
