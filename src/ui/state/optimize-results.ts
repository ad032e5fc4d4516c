// Query answers of a sweep table as plain rows (pure): the heatmap cells of sweepHeatmapSql and the rows of
// sweepTopSql, read from an Arrow table through the few members this needs (so tests pass plain objects). DuckDB
// gives BIGINT counts as BigInt and NULL aggregates (a cell whose metric is NaN everywhere) as null: both become
// numbers here (null → NaN).
import type { HeatCell } from '../charts/data/heatmap';

/** The part of an apache-arrow Table these readers use. */
export interface ColumnTable {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  getChild(name: string): { get(i: number): unknown } | null;
}

/** A value from DuckDB as a number: BigInt and numbers as is, booleans 1/0, null/undefined NaN. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return NaN;
}

function column(t: ColumnTable, name: string): { get(i: number): unknown } {
  const c = t.getChild(name);
  if (c === null)
    throw new Error(
      `query answer has no column ${JSON.stringify(name)} (columns: ${t.schema.fields.map((f) => f.name).join(', ')})`,
    );
  return c;
}

/** The heatmap cells of a sweepHeatmapSql answer (columns x, y, value, n). */
export function heatCells(t: ColumnTable): HeatCell[] {
  const [x, y, value, n] = ['x', 'y', 'value', 'n'].map((c) => column(t, c));
  return Array.from({ length: t.numRows }, (_, i) => ({
    x: toNumber(x.get(i)),
    y: toNumber(y.get(i)),
    value: toNumber(value.get(i)),
    n: toNumber(n.get(i)),
  }));
}

/** One row of the top-N table: its combination index and every column as a number. */
export interface TopRow {
  combo: number;
  values: Record<string, number>;
}

/** The rows of a sweepTopSql answer, every column read as a number. */
export function topRows(t: ColumnTable): TopRow[] {
  const names = t.schema.fields.map((f) => f.name);
  const cols = names.map((c) => column(t, c));
  const combo = column(t, 'combo');
  return Array.from({ length: t.numRows }, (_, i) => ({
    combo: toNumber(combo.get(i)),
    values: Object.fromEntries(names.map((nm, j) => [nm, toNumber(cols[j].get(i))])),
  }));
}

/** Milliseconds as "840 ms" below 10 s, else "12.3 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Seconds left as "3 s", "2 min 5 s" ("–" when unknown). */
export function formatEta(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '–';
  const r = Math.round(s);
  return r < 60 ? `${r} s` : `${Math.floor(r / 60)} min ${r % 60} s`;
}

/** Combinations per second, rounded: "12,345/s". */
export function formatRate(rate: number): string {
  return Number.isFinite(rate) ? `${Math.round(rate).toLocaleString('en-US')}/s` : '–';
}
