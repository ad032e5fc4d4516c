// The built-in synthetic "demo market": 20 invented symbols with 10 years of daily bars and the last
// 60 sessions of 1-minute bars, generated deterministically from fixed seeds (no Math.random, no clock).
//
// Model per symbol, per trading day t (all log returns):
//   D_t = μ + β·m_t + λ·s_t + e_t          market factor m (GARCH + regimes), sector factor s, idio GARCH e
//   J_t = β·j_t + earnings/news jumps      realised overnight
//   gap_t = q·D_t + √(q(1−q)V_t)·z + J_t   the overnight part of a Brownian split of D (q = 0.2)
//   open_t = close_{t−1}·e^{gap_t},  close_t = close_{t−1}·e^{D_t + J_t}
// Daily high/low are drawn from the exact law of a Brownian bridge's max/min between open and close.
// For the last 60 sessions a 390-minute path with U-shaped variance is bridged from that day's open to
// its close and the daily bar is the aggregate of the minute bars, so both timeframes agree exactly.
// Two seeded streams per symbol (daily, intraday) keep the daily closes independent of minute detail.
import type { Bars, DemoSymbol } from '../shared/types';
import type { DemoRegime } from './demo-market';
import { MARKET_BASE_VOL, SECTOR_BASE_VOL, marketDrivers, sectorFactor, sessionShape } from './demo-market';
import { Rng, detExp, detLog, hashString } from './random';

/** Label shown wherever demo data is displayed: it is invented, not market history. */
export const DEMO_LABEL = 'synthetic demo data';

/** Number of trailing sessions that also have 1-minute bars. */
export const DEMO_MINUTE_DAYS = 60;

/** One-minute bars per regular session (09:30–15:59 bar starts, New York wall clock). */
export const DEMO_BARS_PER_SESSION = 390;

interface SymbolSpec extends DemoSymbol {
  /** Loading on the market factor. */
  beta: number;
  /** Close of the (notional) session before the first bar, in currency units: sets the price level. */
  price0: number;
}

// Invented tickers and companies; `beta` and `price0` are set by hand so the market has a spread of
// defensive (β ≈ 0.5) and aggressive (β ≈ 1.6) names priced from $20 to $400.
const TABLE: readonly [ticker: string, name: string, sector: string, beta: number, price0: number][] = [
  ['ACME', 'Acme Corp', 'Industrials', 1.0, 84],
  ['RAILX', 'Transcontinental Rail', 'Industrials', 0.9, 152],
  ['GLOBX', 'Globex Systems', 'Technology', 1.3, 215],
  ['NIMBL', 'Nimbleware', 'Technology', 1.45, 47],
  ['QBIT', 'Qubitron Semiconductors', 'Technology', 1.6, 96],
  ['CLDNX', 'Cloudnex Networks', 'Technology', 1.25, 33],
  ['MEDIQ', 'Mediquest Health', 'Health Care', 0.7, 128],
  ['HELIX', 'Helixgen Therapeutics', 'Health Care', 1.15, 61],
  ['CURAW', 'Curawell Pharma', 'Health Care', 0.6, 389],
  ['NRDGE', 'Northridge Energy', 'Energy', 1.1, 58],
  ['PETRV', 'Petrova Oil & Gas', 'Energy', 1.2, 24],
  ['SOLRS', 'Solaris Power & Light', 'Utilities', 0.5, 71],
  ['BNKRS', 'Bankrest Financial', 'Financials', 1.2, 42],
  ['VAULT', 'Vaultline Insurance', 'Financials', 0.85, 176],
  ['CRDTR', 'Creditor Payments', 'Financials', 1.05, 263],
  ['HRVST', 'Harvest Table Foods', 'Consumer Staples', 0.55, 52],
  ['BREWK', 'Copperkettle Brewing', 'Consumer Staples', 0.65, 118],
  ['RETLO', 'Retailio', 'Consumer Discretionary', 1.35, 29],
  ['AUTNX', 'Autonomix Motors', 'Consumer Discretionary', 1.55, 305],
  ['IRNVL', 'Ironvale Steel', 'Materials', 1.4, 37],
];

const SPECS: readonly SymbolSpec[] = TABLE.map(([t, name, sector, beta, price0]) =>
  Object.freeze({ id: `DEMO:${t}`, name: `${name} (synthetic)`, sector, beta, price0 }),
);

/** The 20 symbols of the synthetic demo market (ids `DEMO:XXXX`; names are labelled "(synthetic)"). */
export const DEMO_SYMBOLS: readonly DemoSymbol[] = Object.freeze(
  SPECS.map((s) => Object.freeze({ id: s.id, name: s.name, sector: s.sector })),
);

const SPEC_BY_ID = new Map(SPECS.map((s) => [s.id, s]));

/** True when `s` is exactly the full id of a demo symbol, e.g. 'DEMO:ACME' (case-sensitive). */
export function isDemoId(s: string): boolean {
  return SPEC_BY_ID.has(s);
}

const MINUTE_MS = 60_000;
const SESSION_OPEN_MIN = 9 * 60 + 30;
const OVERNIGHT_SHARE = 0.2; // share of a day's diffusive variance realised overnight (typical US large caps)
const I_ALPHA = 0.09; // idiosyncratic GARCH(1,1): persistence 0.97
const I_BETA = 0.88;
const EARNINGS_EVERY = 63; // sessions between quarterly reports
const NEWS_PROB = 0.004; // daily chance of an unscheduled idiosyncratic jump
const SHAPE = sessionShape(DEMO_BARS_PER_SESSION);

/** A price in cents, never below one cent (Math.round is exact, so this is deterministic). */
function cents(p: number): number {
  const c = Math.round(p * 100) / 100;
  return c < 0.01 ? 0.01 : c;
}

/** Columns under construction. */
interface Cols {
  ts: Float64Array;
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  v: Float64Array;
}

/** Six columns of n rows as views on one buffer: one allocation per series (callers get copies). */
function cols(n: number): Cols {
  const buf = new Float64Array(6 * n);
  const f = (i: number) => buf.subarray(i * n, (i + 1) * n);
  return { ts: f(0), o: f(1), h: f(2), l: f(3), c: f(4), v: f(5) };
}

// Draws per day of the daily stream, taken in bulk (see Rng.fillNormal on why).
const DAY_NORMALS = 4;
const DAY_UNIFORMS = 3;

/** Generates both native series of one symbol; the daily bars of the last 60 sessions aggregate the minutes. */
function generate(spec: SymbolSpec): { daily: Bars; minute: Bars } {
  const mkt = marketDrivers();
  const sector = sectorFactor(spec.sector);
  const n = mkt.days.length;
  const seed = hashString(spec.id);
  const rng = new Rng(seed);
  const irng = new Rng(seed ^ 0x1d7ada11); // intraday stream: minute detail never shifts the daily path
  const { beta } = spec;

  // Correlation with the market factor drawn in [0.62, 0.84], so pairwise correlations of daily returns
  // land around 0.3–0.7. The residual variance it implies is split: 25 % sector, 55 % idiosyncratic
  // GARCH, 15 % earnings jumps, 5 % unscheduled news jumps.
  const rho = 0.62 + 0.22 * rng.uniform();
  const residVar = beta * beta * mkt.meanVar * (1 / (rho * rho) - 1);
  const sectorLoad = Math.sqrt((0.25 * residVar) / (SECTOR_BASE_VOL * SECTOR_BASE_VOL * mkt.meanVolScale2));
  const idioLongVar = 0.55 * residVar;
  const earningsSd = Math.sqrt(0.15 * EARNINGS_EVERY * residVar);
  const newsSd = Math.sqrt((0.05 * residVar) / NEWS_PROB);
  const mu = (-0.03 + 0.09 * rng.uniform()) / 252; // idiosyncratic drift, −3 % … +6 % a year
  const earningsPhase = Math.floor(rng.uniform() * EARNINGS_EVERY);
  const baseVolume = (5e7 * detExp(3.5 * rng.uniform())) / spec.price0; // $50M … $1.7B traded a day
  const Z = rng.fillNormal(new Float64Array(DAY_NORMALS * n));
  const U = rng.fillUniform(new Float64Array(DAY_UNIFORMS * n));

  const D = cols(n);
  const M = cols(DEMO_MINUTE_DAYS * DEMO_BARS_PER_SESSION);
  const firstMinuteDay = n - DEMO_MINUTE_DAYS;
  let close = spec.price0;
  let s2 = idioLongVar;
  let e2 = idioLongVar;
  let volAr = 0; // AR(1) log-volume noise: busy and quiet spells
  for (let t = 0; t < n; t++) {
    const z = DAY_NORMALS * t;
    const u = DAY_UNIFORMS * t;
    s2 = idioLongVar * (1 - I_ALPHA - I_BETA) + I_ALPHA * e2 + I_BETA * s2;
    const e = Math.sqrt(s2) * Z[z];
    e2 = e * e;
    const diff = mu + beta * mkt.diffusive[t] + sectorLoad * sector[t] + e;
    const mv = beta * mkt.vol[t];
    const sv = sectorLoad * SECTOR_BASE_VOL * (mkt.vol[t] / MARKET_BASE_VOL);
    const V = mv * mv + sv * sv + s2;
    // Jumps land at the open: market shocks, scheduled earnings (the big gaps), rare unscheduled news.
    let jump = beta * mkt.jump[t];
    if ((t + earningsPhase) % EARNINGS_EVERY === 0) jump += earningsSd * Z[z + 1];
    else if (U[u] < NEWS_PROB) jump += newsSd * Z[z + 1];
    if (jump !== 0) e2 += jump * jump;
    const gap = OVERNIGHT_SHARE * diff + Math.sqrt(OVERNIGHT_SHARE * (1 - OVERNIGHT_SHARE) * V) * Z[z + 2] + jump;
    const open = close * detExp(gap);
    const x = diff + jump - gap; // open → close log return
    const intraVar = (1 - OVERNIGHT_SHARE) * V;
    volAr = 0.7 * volAr + 0.2 * Z[z + 3];
    const surprise = Math.min(Math.abs(diff + jump) / Math.sqrt(V), 8);
    const volume = baseVolume * detExp(volAr + mkt.volumeLog[t] + 0.35 * (surprise - 0.8));
    const next = open * detExp(x);

    D.ts[t] = mkt.days[t];
    if (t < firstMinuteDay) {
      // High/low from the exact law of a Brownian bridge's max and min: P(max > m) = e^{−2m(m−x)/v}.
      const hi = 0.5 * (x + Math.sqrt(x * x - 2 * intraVar * detLog(U[u + 1])));
      const lo = 0.5 * (x - Math.sqrt(x * x - 2 * intraVar * detLog(U[u + 2])));
      const o = cents(open);
      const c = cents(next);
      D.o[t] = o;
      D.c[t] = c;
      D.h[t] = Math.max(cents(open * detExp(hi)), o, c);
      D.l[t] = Math.min(cents(open * detExp(lo)), o, c);
      D.v[t] = Math.max(1, Math.round(volume));
    } else {
      const a = (t - firstMinuteDay) * DEMO_BARS_PER_SESSION;
      minuteSession(irng, M, a, mkt.days[t], open, next / open - 1, intraVar, volume);
      aggregateSession(M, a, D, t);
    }
    close = next;
  }
  const bars = (timeframe: '1d' | '1m', x: Cols): Bars => ({
    symbol: spec.id,
    timeframe,
    ts: x.ts,
    open: x.o,
    high: x.h,
    low: x.l,
    close: x.c,
    volume: x.v,
  });
  return { daily: bars('1d', D), minute: bars('1m', M) };
}

// Per-session scratch: the random walk, its normal draws and 5 uniforms per minute.
const W = new Float64Array(DEMO_BARS_PER_SESSION);
const ZM = new Float64Array(DEMO_BARS_PER_SESSION);
const UM = new Float64Array(5 * DEMO_BARS_PER_SESSION);

/**
 * Writes one session of 390 minute bars at index `at`: a random walk in simple-return space with U-shaped
 * variance (total v), Brownian-bridged so it ends exactly at the day's return `ret` from `open`, and
 * U-shaped volume around `volume` that rises with each minute's |move|.
 */
function minuteSession(rng: Rng, M: Cols, at: number, day: number, open: number, ret: number, v: number, volume: number): void {
  const { sdShare, cumVarShare, volShare } = SHAPE;
  const nb = DEMO_BARS_PER_SESSION;
  const { ts, o: mo, h: mh, l: ml, c: mc, v: mv } = M;
  rng.fillNormal(ZM);
  rng.fillUniform(UM);
  const sdDay = Math.sqrt(v);
  let w = 0;
  for (let k = 0; k < nb; k++) W[k] = w += sdShare[k] * sdDay * ZM[k];
  const miss = w - ret;
  let prev = 0;
  let prevClose = cents(open);
  // The loop calls nothing but Math builtins (cents is written out), so V8 keeps every double unboxed
  // whatever its inlining budget: this loop runs 23,400 times per symbol.
  for (let k = 0; k < nb; k++) {
    // Brownian bridge: remove the end-point miss in proportion to the variance elapsed.
    const cur = k === nb - 1 ? ret : W[k] - cumVarShare[k] * miss;
    const sd = sdShare[k] * sdDay;
    const i = at + k;
    const u = 5 * k;
    const o = prevClose;
    const c = Math.max(0.01, Math.round(open * (1 + cur) * 100) / 100);
    // Excursions beyond the bar's open/close: triangular on [0, 0.8·sd], mean 0.4 minute-sd a side
    // (uniform draws keep the 23,400-bar loop cheap; the shape of a 1-minute wick hardly matters).
    const hi = Math.round(open * (1 + Math.max(prev, cur) + 0.4 * sd * (UM[u] + UM[u + 1])) * 100) / 100;
    const lo = Math.round(open * (1 + Math.min(prev, cur) - 0.4 * sd * (UM[u + 2] + UM[u + 3])) * 100) / 100;
    const surprise = Math.min(Math.abs(cur - prev) / sd, 8);
    ts[i] = day + (SESSION_OPEN_MIN + k) * MINUTE_MS;
    mo[i] = o;
    mc[i] = c;
    mh[i] = Math.max(hi, o, c);
    ml[i] = Math.max(0.01, Math.min(lo, o, c));
    mv[i] = Math.max(1, Math.round(volume * volShare[k] * (0.6 + 0.8 * UM[u + 4]) * (0.75 + 0.3 * surprise)));
    prev = cur;
    prevClose = c;
  }
}

/** Daily bar t as the aggregate of minute bars [a, a+390): first open, max high, min low, last close, Σ volume. */
function aggregateSession(M: Cols, a: number, D: Cols, t: number): void {
  const b = a + DEMO_BARS_PER_SESSION;
  let hi = -Infinity;
  let lo = Infinity;
  let vol = 0;
  for (let k = a; k < b; k++) {
    if (M.h[k] > hi) hi = M.h[k];
    if (M.l[k] < lo) lo = M.l[k];
    vol += M.v[k];
  }
  D.o[t] = M.o[a];
  D.h[t] = hi;
  D.l[t] = lo;
  D.c[t] = M.c[b - 1];
  D.v[t] = vol;
}

const cache = new Map<string, Bars>();

/** Fresh copies of every column: callers may transfer (detach) the arrays across a worker. */
function copyBars(b: Bars): Bars {
  return {
    symbol: b.symbol,
    timeframe: b.timeframe,
    ts: b.ts.slice(),
    open: b.open.slice(),
    high: b.high.slice(),
    low: b.low.slice(),
    close: b.close.slice(),
    volume: b.volume.slice(),
  };
}

/**
 * Deterministic bars of a demo symbol: '1d' = every NYSE trading day 2016-01-04 … 2025-12-31 (ts = Date.UTC
 * midnight), '1m' = 390 bars a session for the last 60 sessions (ts = Date.UTC(y,m,d,9,30+k), New York wall
 * clock, naive). Prices in cents; the series is generated once and cached per (id, timeframe), and every call
 * returns a new Bars object with fresh copies of the cached columns (safe to mutate or transfer).
 */
export function demoBars(id: string, timeframe: '1d' | '1m'): Bars {
  const spec = SPEC_BY_ID.get(id);
  if (!spec) {
    throw new Error(`Unknown demo symbol "${id}"; valid ids are: ${SPECS.map((s) => s.id).join(', ')}`);
  }
  if (timeframe !== '1d' && timeframe !== '1m') {
    throw new Error(
      `Demo data has native timeframes '1d' and '1m' only, got '${String(timeframe)}' (resample '1m' or '1d' instead)`,
    );
  }
  let bars = cache.get(`${id}|${timeframe}`);
  if (!bars) {
    const g = generate(spec);
    cache.set(`${id}|1d`, g.daily);
    cache.set(`${id}|1m`, g.minute);
    bars = timeframe === '1d' ? g.daily : g.minute;
  }
  return copyBars(bars);
}

/** The demo market's regime periods (bull, calm, bear, turbulent), fixed by the market seed. */
export function demoRegimes(): DemoRegime[] {
  return marketDrivers().regimes.map((r) => ({ ...r }));
}
