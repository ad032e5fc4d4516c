// A paper portfolio that follows live signals, so each live BUY/SELL can be put to the risk manager
// (portfolio/risk-manager.ts checkOrder, default limits) as the order it would become: entries are sized at a fixed
// fraction of equity and filled at the signal bar's close; exits close the whole position and are never blocked.
import { SIGNAL_ENTRY_LONG, SIGNAL_ENTRY_SHORT, SIGNAL_EXIT_LONG, SIGNAL_EXIT_SHORT } from '../../shared/backtest';
import { checkOrder, DEFAULT_RISK_LIMITS, type OpenExposure, type RiskLimits, type RiskRule } from '../portfolio/risk-manager';

/** The paper portfolio's starting cash. */
export const PAPER_CASH = 100_000;
/** Each entry asks for this fraction of equity (before the risk limits). */
export const PAPER_ENTRY_PCT = 0.1;

/** What the risk manager says about one live signal. */
export interface RiskVerdict {
  /** entry: an order was checked; exit: a position was closed (never blocked); none: nothing to trade. */
  kind: 'entry' | 'exit' | 'none';
  /** True unless an entry was cut to zero units. */
  allowed: boolean;
  /** Units asked for and allowed (entries; 0 otherwise). */
  requested: number;
  units: number;
  /** The rule that cut the order, when one did. */
  rule: RiskRule | null;
  /** One line for the UI, e.g. "allowed: 96 units" or "blocked by max_drawdown_stop: equity … < …". */
  text: string;
}

interface Position {
  units: number;
  mark: number;
}

/** Cash, marked positions and the equity peak of the paper portfolio. */
export class PaperPortfolio {
  #cash: number;
  #peak: number;
  readonly #positions = new Map<string, Position>();
  readonly #limits: RiskLimits;

  /** `cash` > 0 starting cash; `limits` the risk limits (default: DEFAULT_RISK_LIMITS). */
  constructor(cash = PAPER_CASH, limits: RiskLimits = DEFAULT_RISK_LIMITS) {
    if (!(Number.isFinite(cash) && cash > 0)) throw new RangeError(`cash: must be a number > 0, got ${JSON.stringify(cash)}`);
    this.#cash = cash;
    this.#peak = cash;
    this.#limits = limits;
  }

  /** Cash plus every position marked at its last price. */
  get equity(): number {
    let e = this.#cash;
    for (const p of this.#positions.values()) e += p.units * p.mark;
    return e;
  }

  /** Highest equity seen at any mark (starting cash included). */
  get peak(): number {
    return this.#peak;
  }

  /** Signed units held in `symbol` (0 when flat). */
  units(symbol: string): number {
    return this.#positions.get(symbol)?.units ?? 0;
  }

  /** Marks `symbol` at `price` (a new bar's close) and updates the peak. */
  mark(symbol: string, price: number): void {
    const p = this.#positions.get(symbol);
    if (p && Number.isFinite(price)) p.mark = price;
    this.#peak = Math.max(this.#peak, this.equity);
  }

  /**
   * Trades the SIGNAL_* `flags` of `symbol`'s bar closing at `price` (time `date`): exits first (never blocked),
   * then an entry of PAPER_ENTRY_PCT of equity through checkOrder with the limits. Returns the verdict.
   */
  apply(symbol: string, flags: number, price: number, date: number): RiskVerdict {
    if (!(Number.isFinite(price) && price > 0)) throw new RangeError(`price: must be a number > 0, got ${JSON.stringify(price)}`);
    this.mark(symbol, price);
    const held = this.units(symbol);
    const long = (flags & SIGNAL_ENTRY_LONG) !== 0;
    const short = (flags & SIGNAL_ENTRY_SHORT) !== 0;
    let exited = false;
    if ((held > 0 && (flags & SIGNAL_EXIT_LONG || short)) || (held < 0 && (flags & SIGNAL_EXIT_SHORT || long))) {
      this.#cash += held * price;
      this.#positions.delete(symbol);
      exited = true;
    }
    const side = long && this.units(symbol) <= 0 ? 1 : short && this.units(symbol) >= 0 ? -1 : 0;
    if (side === 0) {
      return exited
        ? { kind: 'exit', allowed: true, requested: 0, units: 0, rule: null, text: `exit: closed ${Math.abs(held)} units (exits are never blocked)` }
        : { kind: 'none', allowed: true, requested: 0, units: 0, rule: null, text: 'no position to change' };
    }
    const E = this.equity;
    const requested = Math.floor((PAPER_ENTRY_PCT * E) / price);
    const positions: OpenExposure[] = [...this.#positions].map(([s, p]) => ({ sleeve: s, symbol: s, value: p.units * p.mark, risk: Math.abs(p.units * p.mark) }));
    const decision = checkOrder(
      { date, sleeve: symbol, symbol, price, units: requested, riskPerUnit: NaN },
      { equity: E, peak: this.#peak, positions, correlation: (a, b) => (a === b ? 1 : NaN) },
      this.#limits,
    );
    const units = Math.floor(decision.units);
    const cut = decision.log[decision.log.length - 1];
    if (units > 0) {
      this.#positions.set(symbol, { units: side * units, mark: price });
      this.#cash -= side * units * price;
    }
    const what = side > 0 ? 'long' : 'short';
    const text =
      units <= 0
        ? `blocked by ${cut?.rule ?? 'cash'}${cut ? `: ${cut.detail}` : ''}`
        : cut
          ? `reduced by ${cut.rule} to ${units} of ${requested} units ${what}`
          : `allowed: ${units} units ${what}`;
    return { kind: 'entry', allowed: units > 0, requested, units, rule: cut?.rule ?? (units > 0 ? null : 'cash'), text };
  }
}
