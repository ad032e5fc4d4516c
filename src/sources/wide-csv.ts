// Wide price CSVs for the portfolio engine: a header `date,<asset>,<asset>,…`, then one row per date with one
// price per asset; an empty cell means "no price (yet)" (ragged histories). Errors name the line and column.
import { parseDecimal, parseTime, type TimeKind } from './csv-values';

/** Prices of n assets on T dates (row-major T×n, NaN = no price), dates as written in the file. */
export interface WidePrices {
  dates: string[];
  assets: string[];
  prices: Float64Array;
}

function splitRow(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Parses a wide price CSV (LF or CRLF, BOM and blank lines ignored): the first column holds dates (ISO date or
 * datetime, or epoch numbers), strictly ascending; each other column one asset, a positive price or empty.
 */
export function parseWidePricesCsv(text: string): WidePrices {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  let li = 0;
  while (li < lines.length && lines[li].trim() === '') li++;
  if (li === lines.length) throw new Error('prices CSV is empty: expected a header like date,AAA,BBB');
  const header = splitRow(lines[li]).map((h) => h.trim());
  const assets = header.slice(1);
  if (assets.length === 0) throw new Error(`prices CSV line ${li + 1}: expected a date column then one column per asset`);
  const seen = new Set<string>();
  assets.forEach((a, k) => {
    if (a === '') throw new Error(`prices CSV line ${li + 1}: column ${k + 2} has an empty asset name`);
    if (seen.has(a)) throw new Error(`prices CSV line ${li + 1}: duplicate asset column ${JSON.stringify(a)}`);
    seen.add(a);
  });
  const n = assets.length;
  const dates: string[] = [];
  const values: number[] = [];
  let prevTs = -Infinity;
  const kind = { kind: 'iso' as TimeKind };
  for (let l = li + 1; l < lines.length; l++) {
    if (lines[l].trim() === '') continue;
    const cells = splitRow(lines[l]);
    if (cells.length !== n + 1) throw new Error(`prices CSV line ${l + 1}: expected ${n + 1} cells, got ${cells.length}`);
    const d = cells[0].trim();
    const ts = parseTime(d, 0, d.length, kind);
    if (!Number.isFinite(ts)) throw new Error(`prices CSV line ${l + 1}, column ${JSON.stringify(header[0])}: unparsable date ${JSON.stringify(d)}`);
    if (!(ts > prevTs)) throw new Error(`prices CSV line ${l + 1}: dates must be strictly ascending (${JSON.stringify(d)})`);
    prevTs = ts;
    dates.push(d);
    for (let i = 1; i <= n; i++) {
      const c = cells[i];
      if (c.trim() === '') {
        values.push(NaN);
        continue;
      }
      const v = parseDecimal(c, 0, c.length);
      if (!(v > 0) || !Number.isFinite(v))
        throw new Error(`prices CSV line ${l + 1}, column ${JSON.stringify(assets[i - 1])}: price must be a positive number or empty, got ${JSON.stringify(c)}`);
      values.push(v);
    }
  }
  if (dates.length < 2) throw new Error('prices CSV needs at least 2 dated rows');
  return { dates, assets, prices: Float64Array.from(values) };
}
