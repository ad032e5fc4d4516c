// Saved portfolio allocations in `portfolio_allocations`: one row per sleeve (asset or strategy) with its allocation
// and target percentages and the last rebalance. `strategy_id` references `strategies`, so every sleeve has a
// strategies row: a saved backtest run's own row, a new row for an unsaved strategy, or one shared row per asset
// (strategy_type 'ASSET', created once per name). `portfolio_id` is the id of the portfolio's own strategies row
// (strategy_type 'PORTFOLIO': its name, the optimizer settings as `parameters`, the performance as
// `backtest_results`). Pure SQL builders below (tested as strings); saveAllocation/listAllocations run them.
import { inTransaction, type Store } from './index';
import { sqlDouble, sqlTimestamp, toJsonText } from './runs';
import { quoteLiteral } from './sql';

/** One sleeve of a saved allocation. */
export interface SleeveRecord {
  /** Display name: the asset symbol or the strategy's label. */
  name: string;
  kind: 'asset' | 'strategy';
  /** The sleeve's existing strategies row (a saved run); a new row is made when absent (strategies only). */
  strategyId?: string;
  /** strategies.strategy_type of a new strategy row (e.g. 'SMA_CROSS'). */
  strategyType?: string;
  /** strategies.parameters of a new row (JSON-able). */
  parameters?: unknown;
  /** Current allocation and target, percent of the portfolio (may be negative for shorts). */
  allocationPct: number;
  targetPct: number;
}

/** Everything saveAllocation writes. */
export interface AllocationRecord {
  /** UUID of the portfolio's strategies row (the caller makes it, e.g. crypto.randomUUID()). */
  portfolioId: string;
  name: string;
  /** The optimizer settings and a result summary, stored as JSON text. */
  settings: unknown;
  summary: unknown;
  sleeves: readonly SleeveRecord[];
  /** Epoch ms (timezone-naive) of the last rebalance, or null when none was simulated. */
  lastRebalanceMs: number | null;
  /** UUIDs for the new strategy rows of sleeves without strategyId (kind 'strategy'), in sleeve order. */
  newIds?: readonly string[];
}

/** One saved allocation as listAllocations returns it. */
export interface SavedAllocation {
  id: string;
  name: string;
  sleeves: number;
  createdMs: number;
  /** Sleeves by descending target: name and percentages. */
  rows: { name: string; allocationPct: number; targetPct: number }[];
}

/** Rows per INSERT of allocation rows. */
export const ALLOCATION_BATCH = 500;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `CAST('<uuid>' AS UUID)`, after checking `id` is a UUID's text (it is spliced into SQL). */
export function sqlUuid(id: string, what = 'id'): string {
  if (typeof id !== 'string' || !UUID_RE.test(id)) throw new TypeError(`${what} must be a UUID, got ${JSON.stringify(id)}`);
  return `CAST(${quoteLiteral(id)} AS UUID)`;
}

function checkName(s: unknown, what: string): asserts s is string {
  if (typeof s !== 'string' || s.trim() === '') throw new TypeError(`${what} must be a non-empty string, got ${JSON.stringify(s)}`);
}

function checkPct(x: number, what: string): void {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < -1000 || x > 1000) throw new RangeError(`${what} must be a percentage in [−1000, 1000], got ${x}`);
}

/** INSERT of the portfolio's own strategies row (strategy_type 'PORTFOLIO') with its given id. */
export function insertPortfolioSql(r: AllocationRecord): string {
  checkName(r.name, 'portfolio name');
  return (
    'INSERT INTO strategies (id, name, strategy_type, parameters, backtest_results, last_signal_date, is_active) VALUES (' +
    [sqlUuid(r.portfolioId, 'portfolio id'), quoteLiteral(r.name), "'PORTFOLIO'", quoteLiteral(toJsonText(r.settings ?? null)), quoteLiteral(toJsonText(r.summary ?? null)), r.lastRebalanceMs === null ? 'NULL' : sqlTimestamp(r.lastRebalanceMs, 'last rebalance'), 'false'].join(', ') +
    ')'
  );
}

/** One INSERT of the 'ASSET' strategies rows that do not exist yet for these names (null when there are none). */
export function insertAssetsSql(names: readonly string[]): string | null {
  const unique = [...new Set(names)];
  if (unique.length === 0) return null;
  unique.forEach((n, i) => checkName(n, `asset name ${i}`));
  const values = unique.map((n) => `(${quoteLiteral(n)}, ${quoteLiteral(toJsonText({ symbol: n }))})`).join(', ');
  return (
    `INSERT INTO strategies (name, strategy_type, parameters) SELECT v.name, 'ASSET', v.parameters FROM (VALUES ${values}) AS v(name, parameters) ` +
    "WHERE NOT EXISTS (SELECT 1 FROM strategies s WHERE s.strategy_type = 'ASSET' AND s.name = v.name)"
  );
}

/** INSERT of a new strategies row for a strategy sleeve, with the given id. */
export function insertSleeveStrategySql(id: string, s: SleeveRecord): string {
  checkName(s.name, 'sleeve name');
  checkName(s.strategyType, `strategy type of sleeve ${JSON.stringify(s.name)}`);
  return `INSERT INTO strategies (id, name, strategy_type, parameters) VALUES (${sqlUuid(id, 'sleeve strategy id')}, ${quoteLiteral(s.name)}, ${quoteLiteral(s.strategyType)}, ${quoteLiteral(toJsonText(s.parameters ?? null))})`;
}

/** The strategy id expression of a sleeve: its id, or the (oldest) 'ASSET' row of its name. */
function sleeveIdSql(s: SleeveRecord, id: string | undefined): string {
  if (id !== undefined) return sqlUuid(id, `strategy id of sleeve ${JSON.stringify(s.name)}`);
  if (s.kind !== 'asset') throw new TypeError(`sleeve ${JSON.stringify(s.name)} needs a strategy id`);
  return `(SELECT id FROM strategies WHERE strategy_type = 'ASSET' AND name = ${quoteLiteral(s.name)} ORDER BY created_at, id LIMIT 1)`;
}

/** INSERTs of the allocation rows (at most ALLOCATION_BATCH each); `ids[k]` is sleeve k's strategy id, if known. */
export function insertAllocationsSql(r: AllocationRecord, ids: readonly (string | undefined)[]): string[] {
  const p = sqlUuid(r.portfolioId, 'portfolio id');
  const last = r.lastRebalanceMs === null ? 'NULL' : sqlTimestamp(r.lastRebalanceMs, 'last rebalance');
  const out: string[] = [];
  for (let at = 0; at < r.sleeves.length; at += ALLOCATION_BATCH) {
    const rows = r.sleeves.slice(at, at + ALLOCATION_BATCH).map((s, k) => {
      checkName(s.name, `sleeves[${at + k}].name`);
      checkPct(s.allocationPct, `sleeves[${at + k}].allocationPct`);
      checkPct(s.targetPct, `sleeves[${at + k}].targetPct`);
      return `(${p}, ${sleeveIdSql(s, ids[at + k])}, ${sqlDouble(s.allocationPct)}, ${sqlDouble(s.targetPct)}, ${last})`;
    });
    out.push(`INSERT INTO portfolio_allocations (portfolio_id, strategy_id, allocation_percentage, target_allocation, last_rebalance) VALUES ${rows.join(', ')}`);
  }
  return out;
}

/** Every statement of a save, in order (portfolio row, asset rows, new strategy rows, allocation rows). */
export function saveAllocationSql(r: AllocationRecord): string[] {
  if (r.sleeves.length === 0) throw new RangeError('an allocation needs at least one sleeve');
  const fresh = r.sleeves.filter((s) => s.kind === 'strategy' && s.strategyId === undefined);
  if ((r.newIds?.length ?? 0) !== fresh.length) throw new RangeError(`newIds must hold one UUID per unsaved strategy sleeve (${fresh.length}), got ${r.newIds?.length ?? 0}`);
  let k = 0;
  const ids = r.sleeves.map((s) => s.strategyId ?? (s.kind === 'strategy' ? r.newIds![k++] : undefined));
  const out = [insertPortfolioSql(r)];
  const assets = insertAssetsSql(r.sleeves.filter((s) => s.kind === 'asset' && s.strategyId === undefined).map((s) => s.name));
  if (assets) out.push(assets);
  k = 0;
  r.sleeves.forEach((s) => s.kind === 'strategy' && s.strategyId === undefined && out.push(insertSleeveStrategySql(r.newIds![k++], s)));
  out.push(...insertAllocationsSql(r, ids));
  return out;
}

/** Saved allocations, newest first: one row per sleeve with the portfolio's id, name and creation time. */
export function listAllocationsSql(): string {
  return (
    'SELECT CAST(p.id AS VARCHAR) AS id, p.name AS portfolio, CAST(epoch_ms(p.created_at) AS DOUBLE) AS created_ms, ' +
    's.name AS sleeve, CAST(a.allocation_percentage AS DOUBLE) AS allocation_pct, CAST(a.target_allocation AS DOUBLE) AS target_pct ' +
    "FROM strategies p JOIN portfolio_allocations a ON a.portfolio_id = p.id LEFT JOIN strategies s ON s.id = a.strategy_id WHERE p.strategy_type = 'PORTFOLIO' " +
    'ORDER BY p.created_at DESC, p.id, a.target_allocation DESC, s.name'
  );
}


/** Writes an allocation in one transaction (every statement built first, so bad input writes nothing). */
export async function saveAllocation(store: Pick<Store, 'withConnection'>, r: AllocationRecord): Promise<void> {
  const sql = saveAllocationSql(r);
  await store.withConnection((conn) =>
    inTransaction(conn, async () => {
      for (const s of sql) await conn.query(s);
    }),
  );
}

/** Every saved allocation, newest first (listAllocationsSql grouped by portfolio). */
export async function listAllocations(store: Pick<Store, 'query'>): Promise<SavedAllocation[]> {
  const t = await store.query(listAllocationsSql());
  const out: SavedAllocation[] = [];
  for (const row of t.toArray()) {
    const o = row.toJSON() as Record<string, unknown>;
    const id = String(o.id);
    let p = out[out.length - 1];
    if (!p || p.id !== id) out.push((p = { id, name: String(o.portfolio), sleeves: 0, createdMs: Number(o.created_ms), rows: [] }));
    p.sleeves++;
    p.rows.push({ name: String(o.sleeve), allocationPct: Number(o.allocation_pct), targetPct: Number(o.target_pct) });
  }
  return out;
}
