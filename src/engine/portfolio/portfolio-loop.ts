// The date loop of the portfolio backtest (docs/portfolio-backtest.md § Order of events): one shared cash account,
// sleeves processed in their given order within each phase of a date, entries sized from the shared equity and
// passed through the risk manager, books recorded per date for the P&L attribution.
import { checkOrder, drawdownBreached, portfolioHeat, rollingCorrelationAt, type OpenExposure, type RiskLimits, type RiskLogEntry } from './risk-manager';
import { entryFillPrice, maxUnits, requestedUnits, roundUnits, stopLevels } from '../backtest/mechanics';
import type { Account, Sleeve, SleeveOrder } from './sleeve';

/** A sleeve's per-date books: signed units, value (units × mark), P&L at raw prices and costs booked that date. */
export interface SleeveBooks {
  position: Float64Array;
  value: Float64Array;
  pnl: Float64Array;
  costs: Float64Array;
}

/** The loop's output before metrics. */
export interface PortfolioRun {
  equity: Float64Array;
  cash: Float64Array;
  books: SleeveBooks[];
  riskLog: RiskLogEntry[];
  /** Portfolio heat after each date's record (risk-manager.ts portfolioHeat of the open positions). */
  heat: Float64Array;
}

/** Runs the sleeves over the aligned dates `ts` against one account of `cash` under `risk`. */
export class PortfolioEngine {
  private readonly acct: Account;
  private peak: number;
  private readonly log: RiskLogEntry[] = [];
  /** Per symbol: close-to-close returns on the aligned dates (NaN where the symbol has no bar), built lazily. */
  private returnsBySymbol: Map<string, Float64Array> | null = null;
  /** Per sleeve: its row on each aligned date, −1 without a bar. */
  private readonly rowAt: Int32Array[];

  constructor(
    private readonly sleeves: Sleeve[],
    private readonly weights: (number | null)[],
    private readonly ts: Float64Array,
    cash: number,
    private readonly risk: RiskLimits,
  ) {
    this.acct = { cash };
    this.peak = cash;
    this.rowAt = sleeves.map((s) => {
      const r = new Int32Array(ts.length).fill(-1);
      s.dateOf.forEach((d, i) => (r[d] = i));
      return r;
    });
  }

  /** Equity now: cash plus every held position × its mark, summed in sleeve order (reference.ts's record for one). */
  private equityNow(): number {
    let e = this.acct.cash;
    for (const s of this.sleeves) if (s.pos !== null) e += s.units() * s.mark;
    return e;
  }

  private exposures(): OpenExposure[] {
    const out: OpenExposure[] = [];
    for (const s of this.sleeves) {
      const t = s.pos;
      if (t === null) continue;
      const value = s.units() * s.mark;
      const stop = s.currentStop();
      const risk = Number.isNaN(stop) ? Math.abs(value) : t.units * Math.max(0, t.dir * (s.mark - stop));
      out.push({ sleeve: s.name, symbol: s.symbol, value, risk });
    }
    return out;
  }

  private correlation(a: string, b: string, end: number): number {
    if (this.returnsBySymbol === null) {
      const m = new Map<string, Float64Array>();
      for (const s of this.sleeves) {
        if (m.has(s.symbol)) continue;
        const r = new Float64Array(this.ts.length).fill(NaN);
        const c = s.bars.close;
        for (let i = 1; i < c.length; i++) r[s.dateOf[i]] = c[i] / c[i - 1] - 1;
        m.set(s.symbol, r);
      }
      this.returnsBySymbol = m;
    }
    const w = this.risk.correlation_window;
    const m = this.returnsBySymbol;
    return rollingCorrelationAt(m.get(a) as Float64Array, m.get(b) as Float64Array, end, w, Math.ceil(w / 2));
  }

  /** Opens the entry leg of `o` for sleeve k at raw price p on its row i (date t): sizing, risk, rounding (§ 6). */
  private enter(k: number, o: SleeveOrder, p: number, i: number, t: number): void {
    const s = this.sleeves[k];
    const set = s.s;
    const dir = o.open as 1 | -1;
    const price = entryFillPrice(set, dir, p);
    const levels = stopLevels(set, s.series, s.bars.close, dir, price, o.signal);
    if (levels === null) return; // a stop the user asked for cannot be placed: no entry (§ 5)
    const E = this.equityNow();
    let gross = 0;
    for (const q of this.sleeves) if (q.pos !== null) gross += Math.abs(q.units() * q.mark);
    // No leverage: gross exposure after the entry stays within equity (one sleeve, flat: free = cash).
    const free = E - gross;
    const uMax = maxUnits(set, free, price);
    const w = this.weights[k];
    let u = w !== null ? (w * E) / price : requestedUnits(set, s.series, E, price, uMax, o.signal);
    if (u === null) return; // volatility_target without a positive σ: no entry
    if (u > uMax) u = uMax;
    const riskPerUnit = Number.isNaN(levels.stopLoss) && Number.isNaN(levels.trailDistance) ? NaN : Math.abs(price - stopOf(dir, levels));
    const d = checkOrder(
      { date: this.ts[t], sleeve: s.name, symbol: s.symbol, price, units: u, riskPerUnit },
      { equity: E, peak: this.peak, positions: this.exposures(), correlation: (a, b) => this.correlation(a, b, o.date) },
      this.risk,
    );
    this.log.push(...d.log);
    const units = roundUnits(set, d.units, price, free);
    if (units === null) {
      if (d.units > 0) {
        this.log.push({ date: this.ts[t], sleeve: s.name, rule: 'cash', requested: u, allowed: 0, detail: `free cash ${free} buys less than one unit step (${set.step}) at ${price}` });
      }
      return;
    }
    s.open(this.acct, dir, units, p, price, i, t, levels);
  }

  /** Runs every date; returns equity, cash, the sleeves' books and the risk log. */
  run(): PortfolioRun {
    const n = this.ts.length;
    const S = this.sleeves;
    const equity = new Float64Array(n);
    const cash = new Float64Array(n);
    const heat = new Float64Array(n);
    const books: SleeveBooks[] = S.map(() => ({ position: new Float64Array(n), value: new Float64Array(n), pnl: new Float64Array(n), costs: new Float64Array(n) }));
    const nextOpen = (s: Sleeve) => s.s.fill === 'next_open';
    for (let t = 0; t < n; t++) {
      const active: number[] = [];
      for (let k = 0; k < S.length; k++) {
        S[k].pnlToday = 0;
        S[k].costsToday = 0;
        if (this.rowAt[k][t] >= 0) active.push(k);
      }
      const O = (k: number) => S[k].bars.open[this.rowAt[k][t]];
      const C = (k: number) => S[k].bars.close[this.rowAt[k][t]];
      // 1a. Pending orders at the open: cancelled whole on an invalid row; closing legs first (they free cash).
      for (const k of active) {
        const s = S[k];
        if (s.pending !== null && !s.valid(this.rowAt[k][t])) s.pending = null;
        if (s.pending?.close && s.pos !== null) s.close(this.acct, O(k), this.rowAt[k][t], t, s.pending.reason);
      }
      // 1b. Then the opening legs, in sleeve order, sized from the shared equity.
      for (const k of active) {
        const s = S[k];
        const o = s.pending;
        s.pending = null;
        if (o !== null && o.open !== 0 && s.pos === null) this.enter(k, o, O(k), this.rowAt[k][t], t);
      }
      // 2. Stops of positions held at the open.
      for (const k of active) S[k].stopsAndExtremes(this.acct, this.rowAt[k][t], t);
      // 3. The close: marks, then decisions (or the drawdown flatten), exits before entries when filling now.
      for (const k of active) S[k].markClose(this.rowAt[k][t]);
      const flatten = this.risk.flatten_on_drawdown && drawdownBreached(this.equityNow(), this.peak, this.risk);
      const now: [number, SleeveOrder][] = [];
      for (const k of active) {
        const s = S[k];
        const i = this.rowAt[k][t];
        const last = i === s.bars.close.length - 1;
        if (i < s.firstBar || (nextOpen(s) && last)) continue;
        let order = s.decide(i, t);
        if (flatten && s.pos !== null) {
          this.log.push({ date: this.ts[t], sleeve: s.name, rule: 'flatten_on_drawdown', requested: s.pos.units, allowed: 0, detail: `equity ${this.equityNow()} < peak ${this.peak} × (1 − ${this.risk.max_drawdown_stop})` });
          order = { close: true, open: 0, signal: i, date: t, reason: 'risk_flatten' };
        }
        if (order === null) continue;
        if (last) order.open = 0; // fill at close on the last row: exits only
        if (nextOpen(s)) s.pending = order;
        else if (s.valid(i)) now.push([k, order]);
      }
      for (const [k, o] of now) if (o.close && S[k].pos !== null) S[k].close(this.acct, C(k), this.rowAt[k][t], t, o.reason);
      for (const [k, o] of now) if (o.open !== 0 && S[k].pos === null) this.enter(k, o, C(k), this.rowAt[k][t], t);
      // 4. A sleeve's last row closes what it still holds.
      for (const k of active) {
        const s = S[k];
        const i = this.rowAt[k][t];
        if (i === s.bars.close.length - 1 && s.pos !== null && s.valid(i)) s.close(this.acct, C(k), i, t, 'end');
      }
      // 5. The record.
      for (let k = 0; k < S.length; k++) {
        const s = S[k];
        const b = books[k];
        b.position[t] = s.units();
        b.value[t] = s.pos === null ? 0 : b.position[t] * s.mark;
        b.pnl[t] = s.pnlToday;
        b.costs[t] = s.costsToday;
      }
      cash[t] = this.acct.cash;
      equity[t] = this.equityNow();
      heat[t] = portfolioHeat(this.exposures(), equity[t]);
      if (equity[t] > this.peak) this.peak = equity[t];
    }
    return { equity, cash, books, riskLog: this.log, heat };
  }
}

/** The initial stop level a new position would exit at: the tighter of stop-loss and trailing. */
function stopOf(dir: 1 | -1, l: { stopLoss: number; trailDistance: number; reference: number }): number {
  const trail = Number.isNaN(l.trailDistance) ? NaN : l.reference - dir * l.trailDistance;
  if (Number.isNaN(l.stopLoss)) return trail;
  if (Number.isNaN(trail)) return l.stopLoss;
  return dir > 0 ? Math.max(l.stopLoss, trail) : Math.min(l.stopLoss, trail);
}
