// portfolio_allocations persistence (src/store/portfolio-sql.ts): the builders as strings, then a round trip through
// the Node DuckDB store — exact doubles, NULL target as NaN, the foreign key to strategies, and rollback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeStore } from '../../src/store/duckdb-node';
import type { Store } from '../../src/store/index';
import { deleteAllocationsSql, insertAllocationsSql, listAllocations, listAllocationsSql, replaceAllocations } from '../../src/store/portfolio-sql';

const P = '11111111-2222-4333-8444-555555555555';
const S = '0b6f9a52-3c1e-4d5a-9f0e-2a7c1b3d4e5f';

describe('allocation SQL builders', () => {
  it('writes UUIDs, exact doubles, NULLs and timestamps', () => {
    expect(insertAllocationsSql(P, [
      { strategyId: S, allocationPct: 0.1 + 0.2, targetPct: 30, lastRebalance: Date.UTC(2024, 0, 2) },
      { strategyId: null, allocationPct: -5, targetPct: NaN, lastRebalance: null },
    ])).toBe(
      'INSERT INTO portfolio_allocations (portfolio_id, strategy_id, allocation_percentage, target_allocation, last_rebalance) VALUES ' +
        `(CAST('${P}' AS UUID), CAST('${S}' AS UUID), CAST('0.30000000000000004' AS DOUBLE), CAST('30' AS DOUBLE), epoch_ms(CAST(1704153600000 AS BIGINT))), ` +
        `(CAST('${P}' AS UUID), NULL, CAST('-5' AS DOUBLE), NULL, NULL)`,
    );
    expect(deleteAllocationsSql(P)).toBe(`DELETE FROM portfolio_allocations WHERE portfolio_id = CAST('${P}' AS UUID)`);
    expect(listAllocationsSql(P)).toMatch(/ORDER BY allocation_percentage DESC, strategy_id$/);
  });

  it('rejects bad ids and numbers naming the field', () => {
    const row = { strategyId: S, allocationPct: 1, targetPct: 1, lastRebalance: null };
    expect(() => insertAllocationsSql("x'; DROP TABLE bars; --", [row])).toThrow(/portfolio id must be a UUID/);
    expect(() => insertAllocationsSql(P, [{ ...row, strategyId: 'nope' }])).toThrow('rows[0].strategyId must be a UUID, got "nope"');
    expect(() => insertAllocationsSql(P, [row, { ...row, allocationPct: Infinity }])).toThrow('rows[1].allocationPct must be a finite percentage, got Infinity');
    expect(() => insertAllocationsSql(P, [{ ...row, lastRebalance: 1.5 }])).toThrow('rows[0].lastRebalance must be an integer epoch-ms time, got 1.5');
    expect(() => insertAllocationsSql(P, [])).toThrow('rows: need at least one allocation');
  });
});

describe('allocations in DuckDB', () => {
  let store: Store;
  let strategy: string;
  beforeAll(async () => {
    store = await openNodeStore();
    const t = await store.query("INSERT INTO strategies (name, strategy_type, parameters) VALUES ('s', 'SMA_CROSS', '{}') RETURNING CAST(id AS VARCHAR) AS id");
    strategy = String(t.toArray()[0].toJSON().id);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('replaces and reads back exactly; a failing replace keeps the old rows', async () => {
    const day = Date.UTC(2025, 5, 30);
    await replaceAllocations(store, P, [{ strategyId: strategy, allocationPct: 62.123456789012345, targetPct: 60, lastRebalance: day }]);
    await replaceAllocations(store, P, [
      { strategyId: strategy, allocationPct: 1 / 3, targetPct: NaN, lastRebalance: day },
      { strategyId: null, allocationPct: 66.5, targetPct: 66, lastRebalance: null },
    ]);
    const rows = await listAllocations(store, P);
    expect(rows.map(({ id: _i, ...r }) => r)).toEqual([
      { portfolioId: P, strategyId: null, allocationPct: 66.5, targetPct: 66, lastRebalance: null },
      { portfolioId: P, strategyId: strategy, allocationPct: 1 / 3, targetPct: NaN, lastRebalance: day },
    ]);
    // A strategy id that does not exist violates the foreign key: the transaction rolls back.
    await expect(replaceAllocations(store, P, [{ strategyId: S, allocationPct: 1, targetPct: 1, lastRebalance: null }])).rejects.toThrow();
    expect((await listAllocations(store, P)).length).toBe(2);
  });
});
