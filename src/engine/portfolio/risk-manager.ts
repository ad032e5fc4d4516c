// The portfolio risk manager (docs/portfolio-backtest.md § Risk manager): hard limits checked on every entry
// order — drawdown stop, position size (% of equity and notional), correlated exposure, portfolio heat — as a pure
// function the portfolio backtest and the live-signal path both call. Exits are never blocked. Every blocked or
// reduced order yields a log entry naming the rule and its numbers.

/** The limits; null turns a limit off. Fractions are of the portfolio's equity at the order's moment. */
export interface RiskLimits {
  /** Largest position as a fraction of equity, in (0, 1]: units ≤ pct × equity / price. */
  max_position_pct: number | null;
  /** Largest position in currency, > 0: units ≤ notional / price. */
  max_position_notional: number | null;
  /** Largest portfolio heat, > 0: Σ currency at risk / equity, a position without a stop risking its full value. */
  max_heat: number | null;
  /** Drawdown stop in (0, 1): no entry while equity < peak × (1 − x). Default 0.15. */
  max_drawdown_stop: number | null;
  /** With the drawdown stop breached at a close, also close every open position (decided at that close). */
  flatten_on_drawdown: boolean;
  /** Largest correlated exposure, > 0: Σ |value| / equity of the order and the positions correlated with it. */
  max_correlated_exposure: number | null;
  /** A position counts as correlated when ρ > this, in [−1, 1). Default 0.7. */
  correlation_threshold: number;
  /** Rows (aligned dates) of returns in the rolling correlation, integer 3..100000. Default 60. */
  correlation_window: number;
}

/** The defaults: only the 15 % drawdown stop is on; the correlation rule reads ρ > 0.7 over 60 dates. */
export const DEFAULT_RISK_LIMITS: Readonly<RiskLimits> = {
  max_position_pct: null,
  max_position_notional: null,
  max_heat: null,
  max_drawdown_stop: 0.15,
  flatten_on_drawdown: false,
  max_correlated_exposure: null,
  correlation_threshold: 0.7,
  correlation_window: 60,
};

/** The rule that blocked or reduced an order ('cash': fewer than one unit step affordable). */
export type RiskRule = 'max_drawdown_stop' | 'max_position_pct' | 'max_position_notional' | 'max_correlated_exposure' | 'max_heat' | 'flatten_on_drawdown' | 'cash';

/** One blocked or reduced order: `requested` and `allowed` in units (allowed 0 = blocked). */
export interface RiskLogEntry {
  /** Time of the fill (epoch ms, as Bars.ts). */
  date: number;
  sleeve: string;
  rule: RiskRule;
  requested: number;
  allowed: number;
  /** The numbers the rule compared, in words. */
  detail: string;
}

/** An open position as the risk manager sees it. */
export interface OpenExposure {
  sleeve: string;
  symbol: string;
  /** Signed value in currency: units × mark (negative for a short). */
  value: number;
  /** Currency at risk, ≥ 0: units × max(0, distance from the mark to the stop), or |value| without a stop. */
  risk: number;
}

/** An entry order before the limits: units wanted at `price`, and the loss per unit if its stop is hit. */
export interface OrderRequest {
  date: number;
  sleeve: string;
  symbol: string;
  /** Expected fill price, > 0. */
  price: number;
  /** Units wanted (≥ 0, after sizing and the cash cap). */
  units: number;
  /** |price − initial stop level|; NaN without a stop (the full price is at risk). */
  riskPerUnit: number;
}

/** The portfolio at the order's moment. */
export interface RiskContext {
  /** Equity now: cash plus open positions marked at their last price. */
  equity: number;
  /** Highest of the initial cash and the recorded equity of every earlier date. */
  peak: number;
  positions: readonly OpenExposure[];
  /** Rolling correlation of two symbols' returns ending at the decision (NaN when unknown); same symbol → 1. */
  correlation(a: string, b: string): number;
}

/** The order's allowed units (before rounding to the unit step) and the log of every rule that cut it. */
export interface RiskDecision {
  units: number;
  log: RiskLogEntry[];
}

const fmt = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : String(x));

/** Throws a RangeError naming `field` (prefixed) and the valid range when `limits` are out of range. */
export function validateRiskLimits(l: RiskLimits, prefix = 'risk'): void {
  const bad = (f: string, range: string, v: unknown) => new RangeError(`${prefix}.${f}: must be ${range}, got ${JSON.stringify(v)}`);
  const optional = (f: keyof RiskLimits, ok: (x: number) => boolean, range: string) => {
    const v = l[f];
    if (v !== null && !(typeof v === 'number' && Number.isFinite(v) && ok(v))) throw bad(f, `null or ${range}`, v);
  };
  optional('max_position_pct', (x) => x > 0 && x <= 1, 'in (0, 1]');
  optional('max_position_notional', (x) => x > 0, 'a number > 0');
  optional('max_heat', (x) => x > 0, 'a number > 0');
  optional('max_drawdown_stop', (x) => x > 0 && x < 1, 'in (0, 1)');
  optional('max_correlated_exposure', (x) => x > 0, 'a number > 0');
  if (typeof l.flatten_on_drawdown !== 'boolean') throw bad('flatten_on_drawdown', 'true or false', l.flatten_on_drawdown);
  const t = l.correlation_threshold;
  if (!(typeof t === 'number' && t >= -1 && t < 1)) throw bad('correlation_threshold', 'in [-1, 1)', t);
  const w = l.correlation_window;
  if (!(Number.isInteger(w) && w >= 3 && w <= 100000)) throw bad('correlation_window', 'an integer 3..100000', w);
}

/** Parses a JSON `risk` object over the defaults (null → every limit off); throws naming the bad field. */
export function parseRiskLimits(v: unknown, prefix = 'risk'): RiskLimits {
  if (v === null) return { ...DEFAULT_RISK_LIMITS, max_drawdown_stop: null };
  if (v === undefined) return { ...DEFAULT_RISK_LIMITS };
  if (typeof v !== 'object' || Array.isArray(v)) throw new RangeError(`${prefix}: must be an object or null, got ${JSON.stringify(v)}`);
  const keys = Object.keys(DEFAULT_RISK_LIMITS);
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) throw new RangeError(`${prefix}: unknown field ${JSON.stringify(k)}; valid fields: ${keys.join(', ')}`);
  }
  const l = { ...DEFAULT_RISK_LIMITS, ...(v as Partial<RiskLimits>) };
  validateRiskLimits(l, prefix);
  return l;
}

/** Whether the drawdown stop is breached: equity < peak × (1 − x) (exactly at the bound it is not). */
export function drawdownBreached(equity: number, peak: number, limits: RiskLimits): boolean {
  return limits.max_drawdown_stop !== null && equity < peak * (1 - limits.max_drawdown_stop);
}

/** Portfolio heat: Σ risk of the open positions / equity (docs/portfolio-backtest.md § heat). */
export function portfolioHeat(positions: readonly OpenExposure[], equity: number): number {
  let s = 0;
  for (const p of positions) s += p.risk;
  return s / equity;
}

/**
 * Applies the limits to one entry order, in this order: drawdown stop (block), max_position_pct,
 * max_position_notional, max_correlated_exposure, max_heat (each reduces, or blocks at ≤ 0 units). Each rule's
 * cap is min(units so far, cap); a rule that cuts the order logs {rule, requested (units before it), allowed}.
 */
export function checkOrder(order: OrderRequest, ctx: RiskContext, limits: RiskLimits): RiskDecision {
  const log: RiskLogEntry[] = [];
  const { equity: E, peak } = ctx;
  const P = order.price;
  let u = order.units;
  const cut = (rule: RiskRule, cap: number, detail: string): boolean => {
    const allowed = cap > 0 ? cap : 0;
    if (allowed >= u) return false;
    log.push({ date: order.date, sleeve: order.sleeve, rule, requested: u, allowed, detail });
    u = allowed;
    return u === 0;
  };
  if (drawdownBreached(E, peak, limits)) {
    const x = limits.max_drawdown_stop as number;
    cut('max_drawdown_stop', 0, `equity ${fmt(E)} < peak ${fmt(peak)} × (1 − ${x}) = ${fmt(peak * (1 - x))}`);
    return { units: 0, log };
  }
  if (limits.max_position_pct !== null) {
    const p = limits.max_position_pct;
    if (cut('max_position_pct', (p * E) / P, `${p} × equity ${fmt(E)} / price ${fmt(P)}`)) return { units: 0, log };
  }
  if (limits.max_position_notional !== null) {
    const m = limits.max_position_notional;
    if (cut('max_position_notional', m / P, `notional ${fmt(m)} / price ${fmt(P)}`)) return { units: 0, log };
  }
  if (limits.max_correlated_exposure !== null) {
    const m = limits.max_correlated_exposure;
    let held = 0;
    const names: string[] = [];
    for (const p of ctx.positions) {
      const rho = p.symbol === order.symbol ? 1 : ctx.correlation(order.symbol, p.symbol);
      if (rho > limits.correlation_threshold) {
        held += Math.abs(p.value);
        names.push(`${p.sleeve} (ρ ${fmt(rho)})`);
      }
    }
    const detail = `(${m} × equity ${fmt(E)} − correlated ${fmt(held)} [${names.join(', ')}]) / price ${fmt(P)}`;
    if (cut('max_correlated_exposure', (m * E - held) / P, detail)) return { units: 0, log };
  }
  if (limits.max_heat !== null) {
    const h = limits.max_heat;
    const open = portfolioHeat(ctx.positions, E) * E;
    const per = Number.isNaN(order.riskPerUnit) ? P : order.riskPerUnit;
    const cap = per > 0 ? (h * E - open) / per : h * E - open >= 0 ? Infinity : 0;
    const detail = `(${h} × equity ${fmt(E)} − open risk ${fmt(open)}) / risk per unit ${fmt(per)}`;
    if (cut('max_heat', cap, detail)) return { units: 0, log };
  }
  return { units: u, log };
}

/**
 * Pearson correlation of two return columns over rows end−window+1..end where both are finite (pandas
 * `rolling(window, min_periods).corr` on the pair); NaN with fewer than `minPeriods` pairs or zero variance.
 */
export function rollingCorrelationAt(a: ArrayLike<number>, b: ArrayLike<number>, end: number, window: number, minPeriods: number): number {
  let n = 0, sa = 0, sb = 0;
  const lo = Math.max(0, end - window + 1);
  for (let i = lo; i <= end; i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      n++;
      sa += a[i];
      sb += b[i];
    }
  }
  if (n < Math.max(2, minPeriods)) return NaN;
  const ma = sa / n, mb = sb / n;
  let cab = 0, caa = 0, cbb = 0;
  for (let i = lo; i <= end; i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      const da = a[i] - ma, db = b[i] - mb;
      cab += da * db;
      caa += da * da;
      cbb += db * db;
    }
  }
  return caa > 0 && cbb > 0 ? cab / Math.sqrt(caa * cbb) : NaN;
}
