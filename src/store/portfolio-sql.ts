// The `portfolio_allocations` table (src/store/sql.ts schema): one row per (portfolio, strategy) with the current
// allocation %, the target % and the last rebalance time. Pure SQL builders (tested as strings, literals quoted with
// sql.ts's quoteLiteral and runs.ts's exact DOUBLE literals), and a replace/list pair over the Store.
import { inTransaction, type SqlConnection, type Store } from './index';
import { quoteLiteral } from './sql';
import { sqlDouble, sqlTimestamp } from './runs';

/** One allocation row; percentages are of the portfolio's equity (12.5 = 12.5 %). */
export interface AllocationRow {
  /** The `strategies.id` of the sleeve's strategy (a UUID), or null for a sleeve without a stored strategy. */
  strategyId: string | null;
  /** Current allocation in %, finite (negative for a net short sleeve). */
  allocationPct: number;
  /** Target allocation in %, finite; NaN is stored as NULL (no target). */
  targetPct: number;
  /** Time of the last rebalance (epoch ms, timezone-naive), or null. */
  lastRebalance: number | null;
}

/** A stored allocation row read back. */
export interface StoredAllocation extends AllocationRow {
  id: string;
  portfolioId: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkUuid(id: unknown, what: string): asserts id is string {
  if (typeof id !== 'string' || !UUID_RE.test(id)) throw new TypeError(`${what} must be a UUID, got ${JSON.stringify(id)}`);
}

const uuid = (id: string) => `CAST(${quoteLiteral(id)} AS UUID)`;

/** INSERT of every row of portfolio `portfolioId` in one statement; throws naming `rows[k].<field>` on bad input. */
export function insertAllocationsSql(portfolioId: string, rows: readonly AllocationRow[]): string {
  checkUuid(portfolioId, 'portfolio id');
  if (rows.length === 0) throw new RangeError('rows: need at least one allocation');
  const values = rows.map((r, k) => {
    if (r.strategyId !== null) checkUuid(r.strategyId, `rows[${k}].strategyId`);
    if (!Number.isFinite(r.allocationPct)) throw new RangeError(`rows[${k}].allocationPct must be a finite percentage, got ${r.allocationPct}`);
    if (!Number.isFinite(r.targetPct) && !Number.isNaN(r.targetPct)) throw new RangeError(`rows[${k}].targetPct must be a finite percentage or NaN, got ${r.targetPct}`);
    const last = r.lastRebalance === null ? 'NULL' : sqlTimestamp(r.lastRebalance, `rows[${k}].lastRebalance`);
    return `(${uuid(portfolioId)}, ${r.strategyId === null ? 'NULL' : uuid(r.strategyId)}, ${sqlDouble(r.allocationPct)}, ${sqlDouble(r.targetPct)}, ${last})`;
  });
  return 'INSERT INTO portfolio_allocations (portfolio_id, strategy_id, allocation_percentage, target_allocation, last_rebalance) VALUES ' + values.join(', ');
}

/** DELETE of every row of portfolio `portfolioId`. */
export function deleteAllocationsSql(portfolioId: string): string {
  checkUuid(portfolioId, 'portfolio id');
  return `DELETE FROM portfolio_allocations WHERE portfolio_id = ${uuid(portfolioId)}`;
}

/** SELECT of portfolio `portfolioId`'s rows, largest allocation first; NULL target → NaN, times as epoch ms. */
export function listAllocationsSql(portfolioId: string): string {
  checkUuid(portfolioId, 'portfolio id');
  return (
    'SELECT CAST(id AS VARCHAR) AS id, CAST(portfolio_id AS VARCHAR) AS portfolio_id, CAST(strategy_id AS VARCHAR) AS strategy_id, ' +
    "CAST(allocation_percentage AS DOUBLE) AS allocation_pct, COALESCE(CAST(target_allocation AS DOUBLE), 'NaN'::DOUBLE) AS target_pct, " +
    'CAST(epoch_ms(last_rebalance) AS DOUBLE) AS last_rebalance ' +
    `FROM portfolio_allocations WHERE portfolio_id = ${uuid(portfolioId)} ORDER BY allocation_percentage DESC, strategy_id`
  );
}

/** Replaces portfolio `portfolioId`'s rows with `rows` in one transaction (a failed insert leaves the old rows). */
export async function replaceAllocations(store: Pick<Store, 'withConnection'>, portfolioId: string, rows: readonly AllocationRow[]): Promise<void> {
  const del = deleteAllocationsSql(portfolioId);
  const ins = insertAllocationsSql(portfolioId, rows);
  await store.withConnection((conn: SqlConnection) =>
    inTransaction(conn, async () => {
      await conn.query(del);
      await conn.query(ins);
    }),
  );
}

/** Portfolio `portfolioId`'s stored rows (listAllocationsSql). */
export async function listAllocations(store: Pick<Store, 'query'>, portfolioId: string): Promise<StoredAllocation[]> {
  const t = await store.query(listAllocationsSql(portfolioId));
  return t.toArray().map((row) => {
    const o = row.toJSON() as Record<string, unknown>;
    return {
      id: String(o.id),
      portfolioId: String(o.portfolio_id),
      strategyId: o.strategy_id === null ? null : String(o.strategy_id),
      allocationPct: Number(o.allocation_pct),
      targetPct: Number(o.target_pct),
      lastRebalance: o.last_rebalance === null ? null : Number(o.last_rebalance),
    };
  });
}
