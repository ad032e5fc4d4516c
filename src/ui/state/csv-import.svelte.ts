// The CSV import dialog as reactive state: text from a file, a drop or a paste; the detected layout (editable);
// a dry run listing row errors; and the import itself (all rows, or the valid rows only) into the bar cache.
import type { Timeframe } from '../../shared/types';
import type { CsvLayout, DateFormat, Delimiter } from '../../sources/csv-detect';
import type { RowError } from '../../sources/csv-import';
import type { SeriesId } from '../../store/cache-plan';
import { errorMessage } from '../perf';
import type { DataServices } from './data-services';

/** Row errors shown in the list (the count is always complete). */
export const SHOWN_ERRORS = 200;

/** A name for the imported series from a file name: letters, digits, '.', '-', '_' upper-cased, e.g. 'MYDATA'. */
export function importName(fileName: string): string {
  const base = fileName
    .replace(/\.[^.]*$/, '')
    .toUpperCase()
    .replace(/[^A-Z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return base.slice(0, 40) || 'IMPORTED';
}

/** State of the CSV import: the text, its layout, the dry-run result, and the import. */
export class CsvImportState {
  text = $state.raw<string | null>(null);
  fileName = $state('');
  name = $state('IMPORTED');
  layout = $state.raw<CsvLayout | null>(null);
  delimiter = $state<Delimiter>(',');
  decimal = $state<'.' | ','>('.');
  dateFormat = $state<DateFormat>('iso');
  columns = $state({ time: -1, open: -1, high: -1, low: -1, close: -1, volume: -1 });
  /** Timeframe: '' = inferred from the row spacing. */
  timeframe = $state<Timeframe | ''>('');
  validOnly = $state(false);
  errors = $state.raw<RowError[]>([]);
  rows = $state(0);
  validRows = $state(0);
  reversed = $state(false);
  /** A whole-file problem (no header, no valid row…). */
  problem = $state<string | null>(null);
  /** The outcome of the last import. */
  done = $state<string | null>(null);
  busy = $state(false);
  readonly #services: () => Promise<DataServices>;
  readonly #added: (s: SeriesId) => Promise<void>;

  constructor(services: () => Promise<DataServices>, added: (s: SeriesId) => Promise<void>) {
    this.#services = services;
    this.#added = added;
  }

  /** Takes CSV text (from a file, a drop or a paste), detects its layout and runs the dry run. */
  async load(text: string, fileName = 'pasted.csv'): Promise<void> {
    this.text = text;
    this.fileName = fileName;
    this.name = importName(fileName);
    this.done = null;
    this.problem = null;
    try {
      const svc = await this.#services();
      const l = svc.detectCsv(text);
      this.layout = l;
      this.delimiter = l.delimiter;
      this.decimal = l.decimal;
      this.dateFormat = l.dateFormat ?? 'iso';
      this.columns = { ...l.columns };
      if (l.missing.length) this.problem = `choose the columns: not found in the header: ${l.missing.join(', ')}`;
      if (l.dateFormat === null) this.problem = 'could not tell the date format from the first rows: choose it';
      await this.check();
    } catch (e) {
      this.layout = null;
      this.problem = errorMessage(e);
    }
  }

  /** Reads the file text with a browser File (picker or drop). */
  async loadFile(file: File): Promise<void> {
    await this.load(await file.text(), file.name);
  }

  /** Changes the delimiter: detection again for the header and preview with it. */
  async setDelimiter(d: Delimiter): Promise<void> {
    this.delimiter = d;
    await this.check();
  }

  /** The dry run: parses every row with the current layout and lists the row errors (nothing is stored). */
  async check(): Promise<void> {
    if (this.text === null) return;
    this.busy = true;
    try {
      const svc = await this.#services();
      const r = svc.importCsv(
        this.text,
        { delimiter: this.delimiter, decimal: this.decimal, dateFormat: this.dateFormat, columns: { ...this.columns } },
        this.name,
        this.timeframe || undefined,
      );
      this.errors = r.errors;
      this.rows = r.rows;
      this.validRows = r.bars.ts.length;
      this.reversed = r.reversed;
      this.problem = null;
    } catch (e) {
      this.errors = [];
      this.validRows = 0;
      this.problem = errorMessage(e);
    } finally {
      this.busy = false;
    }
  }

  /** Imports into the cache under source 'csv' (never evicted); with row errors only when validOnly is ticked. */
  async import(): Promise<void> {
    if (this.text === null) return;
    this.busy = true;
    this.done = null;
    try {
      const svc = await this.#services();
      const r = svc.importCsv(
        this.text,
        { delimiter: this.delimiter, decimal: this.decimal, dateFormat: this.dateFormat, columns: { ...this.columns } },
        this.name,
        this.timeframe || undefined,
      );
      this.errors = r.errors;
      if (r.errors.length > 0 && !this.validOnly) {
        this.problem = `${r.errors.length} row(s) have errors: fix the file, or tick "import valid rows only"`;
        return;
      }
      const series = await svc.importIntoCache(svc.cache, this.name, r.bars);
      this.done = `Imported ${r.bars.ts.length} bars as CSV:${this.name} ${r.bars.timeframe}${r.errors.length ? ` (${r.errors.length} invalid row(s) skipped)` : ''}`;
      this.problem = null;
      await this.#added(series);
    } catch (e) {
      this.problem = `Import failed: ${errorMessage(e)}`;
    } finally {
      this.busy = false;
    }
  }
}
