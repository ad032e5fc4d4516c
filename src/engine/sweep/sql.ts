// SQL over a sweep table in DuckDB (columns as sweepColumns names them): a heatmap of two parameters × one metric,
// the other parameters fixed or aggregated, and a top-N ranking. Pure string builders, tested as strings. NaN
// metrics (e.g. a Sharpe ratio without trades) are left out of aggregates and sorted last.
import { quoteIdent } from '../../store/sql';
import { COLUMN_METRICS, type ColumnMetric } from '../backtest/columns';
import { paramColumn } from './table';

/** How non-fixed, non-axis parameters are collapsed into one heatmap cell. */
export type HeatmapAggregate = 'max' | 'mean' | 'min';

/** A heatmap query: `x` and `y` parameters, the `metric` shown, parameters held `fixed`, the rest aggregated. */
export interface HeatmapQuery {
  table: string;
  x: string;
  y: string;
  metric: ColumnMetric;
  fixed?: Record<string, number | boolean>;
  aggregate?: HeatmapAggregate;
}

/** A top-N query: the `n` best rows by `metric` (highest first unless `ascending`), optionally with some parameters fixed. */
export interface TopQuery {
  table: string;
  metric: ColumnMetric;
  n: number;
  ascending?: boolean;
  fixed?: Record<string, number | boolean>;
}

function checkMetric(m: string): void {
  if (!(COLUMN_METRICS as readonly string[]).includes(m)) throw new RangeError(`metric: must be one of ${COLUMN_METRICS.join(', ')}, got ${JSON.stringify(m)}`);
}

function literal(field: string, v: unknown): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new RangeError(`${field}: must be a finite number or a boolean, got ${JSON.stringify(v)}`);
}

function where(fixed: Record<string, number | boolean> | undefined, extra: string[] = []): string {
  const conds = [...extra, ...Object.entries(fixed ?? {}).map(([k, v]) => `${quoteIdent(paramColumn(k))} = ${literal(`fixed.${k}`, v)}`)];
  return conds.length ? ` WHERE ${conds.join(' AND ')}` : '';
}

/** SELECT x, y, value (aggregate of the metric over the other parameters, NaN excluded) and n (rows) per (x, y) cell. */
export function sweepHeatmapSql(q: HeatmapQuery): string {
  checkMetric(q.metric);
  if (q.x === q.y) throw new RangeError(`y: must differ from x (${JSON.stringify(q.x)})`);
  for (const k of Object.keys(q.fixed ?? {})) if (k === q.x || k === q.y) throw new RangeError(`fixed.${k}: is a heatmap axis and cannot be fixed`);
  const agg = q.aggregate ?? 'max';
  const fn = { max: 'max', mean: 'avg', min: 'min' }[agg];
  if (fn === undefined) throw new RangeError(`aggregate: must be max, mean or min, got ${JSON.stringify(agg)}`);
  const x = quoteIdent(paramColumn(q.x));
  const y = quoteIdent(paramColumn(q.y));
  const m = quoteIdent(q.metric);
  return (
    `SELECT ${x} AS x, ${y} AS y, ${fn}(${m}) FILTER (WHERE NOT isnan(${m})) AS value, count(*) AS n ` +
    `FROM ${quoteIdent(q.table)}${where(q.fixed)} GROUP BY ${x}, ${y} ORDER BY ${x}, ${y}`
  );
}

/** SELECT * of the n best rows by the metric (NaN last, ties by combination order). */
export function sweepTopSql(q: TopQuery): string {
  checkMetric(q.metric);
  if (!(Number.isInteger(q.n) && q.n >= 1)) throw new RangeError(`n: must be a positive integer, got ${JSON.stringify(q.n)}`);
  const m = quoteIdent(q.metric);
  return `SELECT * FROM ${quoteIdent(q.table)}${where(q.fixed)} ORDER BY isnan(${m}), ${m} ${q.ascending ? 'ASC' : 'DESC'}, "combo" LIMIT ${q.n}`;
}
