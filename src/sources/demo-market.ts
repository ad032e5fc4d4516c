// The demo market's shared drivers: calendar, regimes, the market factor and the sector factors.
// Generated once from a fixed seed and cached, so each symbol only adds its own loadings and noise.
import { nyseTradingDays } from './calendar';
import { Rng, detExp, detLog, hashString } from './random';

/** Market regime kinds of the demo market: drift and long-run volatility of the market factor. */
export type RegimeKind = 'bull' | 'calm' | 'bear' | 'turbulent';

/** One regime period of the demo market, from its first to its last trading day (Date.UTC midnights). */
export interface DemoRegime {
  kind: RegimeKind;
  start: number;
  end: number;
}

/** Per trading day drivers shared by every demo symbol (arrays indexed by trading day). */
export interface MarketDrivers {
  /** Trading days, Date.UTC midnights, 2016-01-04 … 2025-12-31. */
  days: Float64Array;
  /** Diffusive market log return of each day (drift + GARCH innovation). */
  diffusive: Float64Array;
  /** Market-wide overnight jump (log), 0 on most days; realised at the open. */
  jump: Float64Array;
  /** Conditional daily volatility of the market factor (GARCH σ_t). */
  vol: Float64Array;
  /** Log of the day's market-wide volume level: busier when volatility is high (elasticity 0.6). */
  volumeLog: Float64Array;
  /** Mean daily variance of the market factor over the history, jumps included (calibrates correlations). */
  meanVar: number;
  /** Mean of (vol_t / MARKET_BASE_VOL)², the average variance scale of the sector factors. */
  meanVolScale2: number;
  regimes: DemoRegime[];
}

/** First calendar day of the demo's daily history (Date.UTC midnight): ten calendar years end 2025-12-31. */
export const DEMO_FIRST_DAY = Date.UTC(2016, 0, 1);
/** Last calendar day (and last trading day) of the demo's daily history, Date.UTC midnight. */
export const DEMO_LAST_DAY = Date.UTC(2025, 11, 31);

/** Reference daily volatility of the market factor (≈ 16 % a year), the unit symbol vols are set in. */
export const MARKET_BASE_VOL = 0.01;

const MARKET_SEED = 0x5eed_2016;

// Daily log drift and long-run daily vol per regime; bull ≈ +16 %/yr at 12 % vol, turbulent ≈ 38 % vol.
const REGIMES: Record<RegimeKind, { drift: number; vol: number; jumpProb: number }> = {
  bull: { drift: 0.0006, vol: 0.0075, jumpProb: 0.004 },
  calm: { drift: 0.0003, vol: 0.0095, jumpProb: 0.006 },
  bear: { drift: -0.0009, vol: 0.015, jumpProb: 0.015 },
  turbulent: { drift: -0.0004, vol: 0.024, jumpProb: 0.04 },
};

// GARCH(1,1) σ²_t = ω_t + α·ε²_{t−1} + β·σ²_{t−1} with ω_t = v²_regime·(1 − α − β): persistence 0.97
// (half-life ≈ 23 days), typical of equity indices (Bollerslev 1986; Engle 2001).
const M_ALPHA = 0.09;
const M_BETA = 0.88;

/** The regime schedule: lengths and successions drawn from the market seed, so dates are fixed. */
function regimeSchedule(rng: Rng, n: number): { kind: RegimeKind; from: number; to: number }[] {
  const out: { kind: RegimeKind; from: number; to: number }[] = [];
  let kind: RegimeKind = 'calm';
  for (let from = 0; from < n;) {
    const u = rng.uniform();
    const len =
      kind === 'bull' || kind === 'calm'
        ? 160 + Math.floor(u * 320)
        : kind === 'bear'
          ? 60 + Math.floor(u * 110)
          : 20 + Math.floor(u * 45);
    const to = Math.min(n, from + len) - 1;
    out.push({ kind, from, to });
    from = to + 1;
    const v = rng.uniform();
    if (kind === 'bull') kind = v < 0.3 ? 'bear' : v < 0.55 ? 'turbulent' : 'calm';
    else if (kind === 'calm') kind = v < 0.3 ? 'bear' : v < 0.5 ? 'turbulent' : 'bull';
    else if (kind === 'bear') kind = v < 0.4 ? 'turbulent' : 'calm';
    else kind = v < 0.6 ? 'bull' : 'calm';
  }
  return out;
}

let cached: MarketDrivers | null = null;

/** The demo market's shared drivers, generated on first use from a fixed seed and then cached. */
export function marketDrivers(): MarketDrivers {
  if (cached) return cached;
  const days = nyseTradingDays(DEMO_FIRST_DAY, DEMO_LAST_DAY);
  const n = days.length;
  const rng = new Rng(MARKET_SEED);
  const schedule = regimeSchedule(rng, n);
  const diffusive = new Float64Array(n);
  const jump = new Float64Array(n);
  const vol = new Float64Array(n);
  let s2 = REGIMES[schedule[0].kind].vol * REGIMES[schedule[0].kind].vol;
  let eps2 = s2;
  for (const seg of schedule) {
    const p = REGIMES[seg.kind];
    const omega = p.vol * p.vol * (1 - M_ALPHA - M_BETA);
    for (let t = seg.from; t <= seg.to; t++) {
      s2 = omega + M_ALPHA * eps2 + M_BETA * s2;
      const sd = Math.sqrt(s2);
      const eps = sd * rng.normal();
      eps2 = eps * eps;
      vol[t] = sd;
      diffusive[t] = p.drift + eps;
      // Market-wide overnight shocks (news, macro data), skewed down, bigger in stressed regimes.
      const u = rng.uniform();
      const z = rng.normal();
      if (u < p.jumpProb) {
        jump[t] = -0.004 + 0.018 * z * (p.vol / MARKET_BASE_VOL);
        eps2 += jump[t] * jump[t]; // a shock raises tomorrow's variance like any other innovation
      }
    }
  }
  const regimes = schedule.map((s) => ({ kind: s.kind, start: days[s.from], end: days[s.to] }));
  const volumeLog = new Float64Array(n);
  let sumVar = 0;
  for (let t = 0; t < n; t++) {
    volumeLog[t] = 0.6 * detLog(vol[t] / MARKET_BASE_VOL);
    sumVar += vol[t] * vol[t] + jump[t] * jump[t];
  }
  let sumScale = 0;
  for (let t = 0; t < n; t++) sumScale += (vol[t] * vol[t]) / (MARKET_BASE_VOL * MARKET_BASE_VOL);
  cached = { days, diffusive, jump, vol, volumeLog, meanVar: sumVar / n, meanVolScale2: sumScale / n, regimes };
  return cached;
}

const sectorCache = new Map<string, Float64Array>();

/** Daily sd of a sector factor when the market factor is at MARKET_BASE_VOL. */
export const SECTOR_BASE_VOL = 0.006;

/**
 * Daily log return of a sector factor (zero mean, sd 0.6 % scaled by market volatility), seeded by the
 * sector's name so it does not depend on which symbols were generated first; cached per sector.
 */
export function sectorFactor(sector: string): Float64Array {
  let f = sectorCache.get(sector);
  if (f) return f;
  const { vol } = marketDrivers();
  const rng = new Rng(MARKET_SEED ^ hashString(sector));
  f = new Float64Array(vol.length);
  for (let t = 0; t < f.length; t++) f[t] = SECTOR_BASE_VOL * (vol[t] / MARKET_BASE_VOL) * rng.normal();
  sectorCache.set(sector, f);
  return f;
}

/** Session shape tables for 390 one-minute bars: U-shaped variance and volume weights, each summing to 1. */
export interface SessionShape {
  /** Share of the session's variance falling in minute k. */
  varShare: Float64Array;
  /** √varShare[k]: minute k's sd as a fraction of the session's sd. */
  sdShare: Float64Array;
  /** Cumulative variance share up to and including minute k (last = 1). */
  cumVarShare: Float64Array;
  /** Share of the session's volume traded in minute k. */
  volShare: Float64Array;
}

/**
 * Intraday U shape (Wood, McInish & Ord 1985; Admati & Pfleiderer 1988): volatility and volume are
 * highest after the open, lowest around midday, rising into the close with a closing-auction spike.
 */
export function sessionShape(bars: number): SessionShape {
  const varShare = new Float64Array(bars);
  const cumVarShare = new Float64Array(bars);
  const volShare = new Float64Array(bars);
  let sv = 0;
  let sw = 0;
  for (let k = 0; k < bars; k++) {
    const fromOpen = k;
    const toClose = bars - 1 - k;
    const sd = 0.6 + 1.5 * detExp(-fromOpen / 18) + 0.5 * detExp(-toClose / 25);
    varShare[k] = sd * sd;
    volShare[k] = 0.45 + 2.2 * detExp(-fromOpen / 15) + 1.3 * detExp(-toClose / 20) + (toClose === 0 ? 4 : 0);
    sv += varShare[k];
    sw += volShare[k];
  }
  let c = 0;
  for (let k = 0; k < bars; k++) {
    varShare[k] /= sv;
    volShare[k] /= sw;
    c += varShare[k];
    cumVarShare[k] = c;
  }
  cumVarShare[bars - 1] = 1;
  const sdShare = varShare.map(Math.sqrt);
  return { varShare, sdShare, cumVarShare, volShare };
}
