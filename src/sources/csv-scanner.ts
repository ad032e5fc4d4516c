// RFC 4180 record scanner for CSV bar import, and the error type every CSV problem is reported with.

/** A CSV that cannot become bars; `row` is the 1-based data row and `column` the header name involved. */
export class CsvError extends Error {
  /** 1-based data row (the header excluded), or null for file- or header-level problems. */
  readonly row: number | null;
  /** Column name as written in the header, or null when the problem is not about one column. */
  readonly column: string | null;
  /** 1-based physical line where the offending record starts, or null for whole-file problems. */
  readonly line: number | null;

  constructor(message: string, row: number | null = null, column: string | null = null, line: number | null = null) {
    super(message);
    this.name = 'CsvError';
    this.row = row;
    this.column = column;
    this.line = line;
  }
}

/**
 * Scans RFC 4180 records. Fields of the current record are [start, end) offsets into the file text, or
 * into an unescaped copy for quoted fields (so unquoted cells, nearly all of them, are never copied).
 */
export class Scanner {
  pos = 0;
  line = 1;
  /** Number of fields in the current record. */
  n = 0;
  start = new Int32Array(16);
  end = new Int32Array(16);
  /** Whether field k of the current record was quoted; its text then lives in copies[k]. */
  quoted = new Uint8Array(16);
  copies: string[] = [];
  anyQuoted = false;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** Reads one record (fields up to an unquoted line break); returns the line it started on. */
  next(): number {
    const text = this.text;
    const len = text.length;
    const first = this.line;
    let pos = this.pos;
    let n = 0;
    this.anyQuoted = false;
    for (;;) {
      if (n === this.start.length) this.grow();
      if (text.charCodeAt(pos) === 34) {
        pos = this.quotedField(pos, n, first);
      } else {
        const s = pos;
        for (; pos < len; pos++) {
          const c = text.charCodeAt(pos);
          if (c === 44 || c === 10 || c === 13) break;
        }
        this.start[n] = s;
        this.end[n] = pos;
        this.quoted[n] = 0;
      }
      n++;
      const c = text.charCodeAt(pos); // NaN at the end of the text
      if (c === 44) {
        pos++;
        continue;
      }
      if (c === 13) pos += text.charCodeAt(pos + 1) === 10 ? 2 : 1;
      else if (c === 10) pos++;
      this.line++;
      break;
    }
    this.pos = pos;
    this.n = n;
    return first;
  }

  /** Reads the quoted field opening at `pos` into slot k; returns the position after its closing quote. */
  private quotedField(pos: number, k: number, first: number): number {
    const text = this.text;
    let value = '';
    let i = pos + 1;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q < 0) throw new CsvError(`line ${first}: a quoted field opened on this line is never closed`, null, null, first);
      for (let j = i; j < q; j++) {
        const c = text.charCodeAt(j);
        if (c === 10 || (c === 13 && text.charCodeAt(j + 1) !== 10)) this.line++;
      }
      value += text.slice(i, q);
      if (text.charCodeAt(q + 1) === 34) {
        value += '"'; // "" inside quotes is one literal quote (RFC 4180 §2.7)
        i = q + 2;
        continue;
      }
      pos = q + 1;
      break;
    }
    const c = text.charCodeAt(pos);
    if (pos < text.length && c !== 44 && c !== 10 && c !== 13) {
      throw new CsvError(
        `line ${this.line}: unexpected character ${JSON.stringify(text[pos])} after the closing quote of field ${k + 1}; ` +
          'a quoted field must end at a comma or line break',
        null,
        null,
        this.line,
      );
    }
    this.copies[k] = value;
    this.start[k] = 0;
    this.end[k] = value.length;
    this.quoted[k] = 1;
    this.anyQuoted = true;
    return pos;
  }

  private grow(): void {
    const m = this.start.length * 2;
    const s = new Int32Array(m);
    const e = new Int32Array(m);
    const q = new Uint8Array(m);
    s.set(this.start);
    e.set(this.end);
    q.set(this.quoted);
    this.start = s;
    this.end = e;
    this.quoted = q;
  }

  /** The string field k's offsets point into. */
  src(k: number): string {
    return this.anyQuoted && this.quoted[k] === 1 ? this.copies[k] : this.text;
  }

  /** The unescaped text of field k of the current record. */
  field(k: number): string {
    return this.src(k).slice(this.start[k], this.end[k]);
  }

  /** True when the current record is one empty or all-blank unquoted field (a blank line). */
  blank(): boolean {
    if (this.n !== 1 || this.quoted[0] === 1) return false;
    for (let i = this.start[0]; i < this.end[0]; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  /** True when field k is empty or only spaces/tabs. */
  blankField(k: number): boolean {
    const src = this.src(k);
    for (let i = this.start[k]; i < this.end[k]; i++) {
      const c = src.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }
}
