// Returns from a wide price table, as PyPortfolioOpt 1.5.6's expected_returns.returns_from_prices:
// `prices.pct_change(fill_method=None).dropna(how="all")` — simple returns per column, a return is missing (NaN)
// when either price is missing, so ragged starts keep their leading gaps; rows where every return is missing go.

/** Prices of n assets on T dates, row-major T×n, NaN where an asset has no price (yet). */
export interface PriceTable {
  dates: string[];
  assets: string[];
  /** Row-major T×n. */
  prices: Float64Array;
}

/** Per-period simple returns, row-major T×n, NaN where missing. */
export interface ReturnTable {
  dates: string[];
  assets: string[];
  /** Row-major T×n. */
  r: Float64Array;
}

/** Simple returns pₜ/pₜ₋₁ − 1 per column (NaN if either price is missing), all-missing rows dropped. */
export function returnsFromPrices(p: PriceTable): ReturnTable {
  const n = p.assets.length;
  const T = p.dates.length;
  if (p.prices.length !== n * T) throw new Error(`prices must hold ${T}×${n} values, got ${p.prices.length}`);
  const rows: number[] = [];
  const out = new Float64Array(Math.max(0, T - 1) * n);
  let k = 0;
  for (let t = 1; t < T; t++) {
    let any = false;
    for (let i = 0; i < n; i++) {
      const a = p.prices[(t - 1) * n + i];
      const b = p.prices[t * n + i];
      const v = b / a - 1;
      out[k * n + i] = v;
      if (!Number.isNaN(v)) any = true;
    }
    if (any) {
      rows.push(t);
      k++;
    }
  }
  return { dates: rows.map((t) => p.dates[t]), assets: p.assets.slice(), r: out.slice(0, k * n) };
}

/** Number of rows of a return table. */
export function rowCount(r: ReturnTable): number {
  return r.assets.length === 0 ? 0 : r.r.length / r.assets.length;
}

/** The last row's finite price of each column (the latest prices for discrete allocation). */
export function latestPrices(p: PriceTable): Float64Array {
  const n = p.assets.length;
  const T = p.dates.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    for (let t = T - 1; t >= 0; t--) {
      const v = p.prices[t * n + i];
      if (Number.isFinite(v)) {
        out[i] = v;
        break;
      }
    }
  }
  return out;
}
