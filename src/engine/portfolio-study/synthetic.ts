// A synthetic universe for scale tests and demos: daily prices of n assets from a seeded factor model
// rᵢₜ = αᵢ + Σₖ βᵢₖ·fₖₜ + σᵢ·εᵢₜ (3 factors: a market factor with βᵢ₁ ∈ [0.5, 1.5] and two style factors with
// β ~ N(0, 0.5²); factor returns N(0, 1 %²) daily; αᵢ ∈ [2, 6] bp a day; σᵢ ∈ [0.5 %, 2 %]), the model of
// scripts/bench/portfolio.ts, on consecutive business days (Mon–Fri) from 2016-01-04, starting at 100.
import type { PriceTable } from '../portfolio/returns';

/** Largest synthetic universe accepted (assets) and longest history (days). */
export const SYNTHETIC_MAX_ASSETS = 2000;
export const SYNTHETIC_MAX_DAYS = 10_000;

/** mulberry32: a small seeded uniform generator on [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `days` business days (Mon–Fri, no holidays) from 2016-01-04 as epoch ms at UTC midnight. */
export function businessDays(days: number): Float64Array {
  const out = new Float64Array(days);
  let t = Date.UTC(2016, 0, 4);
  for (let k = 0; k < days; ) {
    const dow = new Date(t).getUTCDay();
    if (dow !== 0 && dow !== 6) out[k++] = t;
    t += 86_400_000;
  }
  return out;
}

/** Seeded factor-model prices of `assets` assets (named S000…) over `days` business days; plus their times. */
export function syntheticPrices(assets: number, days: number, seed: number): PriceTable & { ts: Float64Array } {
  if (!Number.isInteger(assets) || assets < 2 || assets > SYNTHETIC_MAX_ASSETS)
    throw new Error(`synthetic assets must be an integer in [2, ${SYNTHETIC_MAX_ASSETS}], got ${assets}`);
  if (!Number.isInteger(days) || days < 30 || days > SYNTHETIC_MAX_DAYS)
    throw new Error(`synthetic days must be an integer in [30, ${SYNTHETIC_MAX_DAYS}], got ${days}`);
  if (!Number.isInteger(seed)) throw new Error(`synthetic seed must be an integer, got ${seed}`);
  const u = mulberry32(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const K = 3;
  const beta = new Float64Array(assets * K);
  const alpha = new Float64Array(assets);
  const idio = new Float64Array(assets);
  for (let i = 0; i < assets; i++) {
    beta[i * K] = 0.5 + u();
    for (let k = 1; k < K; k++) beta[i * K + k] = 0.5 * g();
    alpha[i] = 0.0002 + 0.0004 * u();
    idio[i] = 0.005 + 0.015 * u();
  }
  const prices = new Float64Array(days * assets);
  prices.fill(100, 0, assets);
  const f = new Float64Array(K);
  for (let t = 1; t < days; t++) {
    for (let k = 0; k < K; k++) f[k] = 0.01 * g();
    for (let i = 0; i < assets; i++) {
      let r = alpha[i] + idio[i] * g();
      for (let k = 0; k < K; k++) r += beta[i * K + k] * f[k];
      prices[t * assets + i] = prices[(t - 1) * assets + i] * Math.max(0.01, 1 + r);
    }
  }
  const ts = businessDays(days);
  const width = String(assets - 1).length;
  return {
    ts,
    dates: Array.from(ts, (t) => new Date(t).toISOString().slice(0, 10)),
    assets: Array.from({ length: assets }, (_, i) => `S${String(i).padStart(Math.max(3, width), '0')}`),
    prices,
  };
}
