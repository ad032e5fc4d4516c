// The sweep's results as a columnar table — one row per combination: its index in grid order, its parameters and
// every COLUMN_METRICS value — ready for DuckDB as Arrow IPC bytes (the UI inserts them with insertArrowFromIPCStream)
// or as plain columns. Rows are in combination order; a cancelled sweep's table holds the completed batches only.
import * as arrow from 'apache-arrow';
import { COLUMN_METRICS, type ColumnMetric } from '../backtest/columns';
import type { ParamValue } from './space';

/** Column-oriented sweep results. */
export interface SweepTable {
  /** Parameter names in the space's key order. */
  names: string[];
  /** 'boolean' parameters are stored as 1/0 in `params` and become Arrow Bool columns. */
  kinds: ('number' | 'boolean')[];
  /** Combination index (grid order) of each row, ascending. */
  combo: Int32Array;
  /** params[p][row]: value of parameter names[p]. */
  params: Float64Array[];
  metrics: Record<ColumnMetric, Float64Array>;
}

/** The column name of parameter `name` in the Arrow/DuckDB table: the name itself, or `param_<name>` if it collides with `combo` or a metric. */
export function paramColumn(name: string): string {
  return name === 'combo' || (COLUMN_METRICS as readonly string[]).includes(name) ? `param_${name}` : name;
}

/** Builds a SweepTable from combinations (rows `rows` of `combos`) and metric columns aligned with `rows`. */
export function sweepTable(names: string[], combos: readonly ParamValue[][], rows: Int32Array, metrics: Record<ColumnMetric, Float64Array>): SweepTable {
  const kinds = names.map((_, p) => (combos.length > 0 && typeof combos[0][p] === 'boolean' ? 'boolean' : 'number')) as SweepTable['kinds'];
  const params = names.map((_, p) => Float64Array.from(rows, (k) => Number(combos[k][p])));
  return { names, kinds, combo: rows, params, metrics };
}

/** Row `r` of the table as {params, stats} (the CLI's result entries). */
export function tableRow(t: SweepTable, r: number): { params: Record<string, ParamValue>; stats: Record<string, number> } {
  const params: Record<string, ParamValue> = {};
  t.names.forEach((n, p) => (params[n] = t.kinds[p] === 'boolean' ? t.params[p][r] === 1 : t.params[p][r]));
  const stats: Record<string, number> = {};
  for (const m of COLUMN_METRICS) stats[m] = t.metrics[m][r];
  return { params, stats };
}

/** The table as plain columns keyed by column name (combo, parameters, metrics). */
export function sweepColumns(t: SweepTable): Record<string, Int32Array | Float64Array | boolean[]> {
  const out: Record<string, Int32Array | Float64Array | boolean[]> = { combo: t.combo };
  t.names.forEach((n, p) => (out[paramColumn(n)] = t.kinds[p] === 'boolean' ? Array.from(t.params[p], (v) => v === 1) : t.params[p]));
  for (const m of COLUMN_METRICS) out[m] = t.metrics[m];
  return out;
}

/** The table as Arrow IPC stream bytes (Int32 combo, Float64/Bool params, Float64 metrics; NaN stays NaN). */
export function sweepTableToArrowIPC(t: SweepTable): Uint8Array {
  const cols = sweepColumns(t);
  const vectors: Record<string, arrow.Vector> = {};
  for (const [k, v] of Object.entries(cols)) vectors[k] = Array.isArray(v) ? arrow.vectorFromArray(v, new arrow.Bool()) : arrow.makeVector(v);
  return arrow.tableToIPC(new arrow.Table(vectors), 'stream');
}
