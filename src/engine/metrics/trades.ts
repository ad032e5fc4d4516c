// Trade statistics of a backtest: the definitions of docs/semantics.md § 8 (backtesting.py / Van Tharp
// conventions where a name comes from there). Plain TS over plain numbers, so a sweep can feed it from the
// kernel's compact records as easily as the UI from Trade objects.

/** The fields of a closed trade the statistics read. */
export interface TradeOutcome {
  pnl: number;
  return_pct: number;
}

/** The trade metric names, in output order. */
export const TRADE_METRIC_NAMES = [
  'trades',
  'win_rate',
  'profit_factor',
  'payoff_ratio',
  'expectancy',
  'avg_win',
  'avg_loss',
  'best_trade',
  'worst_trade',
  'max_consecutive_losses',
  'exposure',
  'kelly_criterion',
  'sqn',
] as const;

/** One trade metric's name. */
export type TradeMetricName = (typeof TRADE_METRIC_NAMES)[number];

/**
 * Trade metrics of closed trades in exit order (docs/semantics.md § 8): a win is pnl > 0, a loss pnl < 0; averages, best and
 * worst use return_pct; profit factor and SQN use pnl; `exposure` is passed in (rows in a position / rows).
 */
export function tradeMetrics(trades: readonly TradeOutcome[], exposure: number): Record<TradeMetricName, number> {
  const n = trades.length;
  let wins = 0;
  let losses = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let sumWin = 0;
  let sumLoss = 0;
  let sumRet = 0;
  let sumPnl = 0;
  let best = -Infinity;
  let worst = Infinity;
  let run = 0;
  let maxRun = 0;
  for (const t of trades) {
    const r = t.return_pct;
    sumRet += r;
    sumPnl += t.pnl;
    if (r > best) best = r;
    if (r < worst) worst = r;
    if (t.pnl > 0) {
      wins++;
      grossProfit += t.pnl;
      sumWin += r;
      run = 0;
    } else if (t.pnl < 0) {
      losses++;
      grossLoss += t.pnl;
      sumLoss += r;
      run++;
      if (run > maxRun) maxRun = run;
    } else {
      run = 0; // a break-even trade is neither a win nor a loss (backtesting.py's pl > 0 / pl < 0)
    }
  }
  if (n === 0) {
    return {
      trades: 0,
      win_rate: NaN,
      profit_factor: NaN,
      payoff_ratio: NaN,
      expectancy: NaN,
      avg_win: NaN,
      avg_loss: NaN,
      best_trade: NaN,
      worst_trade: NaN,
      max_consecutive_losses: NaN,
      exposure,
      kelly_criterion: NaN,
      sqn: NaN,
    };
  }
  const winRate = wins / n;
  const avgWin = wins > 0 ? sumWin / wins : NaN;
  const avgLoss = losses > 0 ? sumLoss / losses : NaN;
  // No losing trade: the factor is Infinity with profit, NaN with neither (0/0), as backtesting.py's division.
  const profitFactor = grossLoss === 0 ? (grossProfit > 0 ? Infinity : NaN) : grossProfit / -grossLoss;
  const payoff = avgWin / Math.abs(avgLoss);
  const meanPnl = sumPnl / n;
  let ss = 0;
  for (const t of trades) ss += (t.pnl - meanPnl) * (t.pnl - meanPnl);
  const sdPnl = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  return {
    trades: n,
    win_rate: winRate,
    profit_factor: profitFactor,
    payoff_ratio: payoff,
    expectancy: sumRet / n,
    avg_win: avgWin,
    avg_loss: avgLoss,
    best_trade: best,
    worst_trade: worst,
    max_consecutive_losses: maxRun,
    exposure,
    kelly_criterion: winRate - (1 - winRate) / payoff,
    sqn: (Math.sqrt(n) * meanPnl) / sdPnl,
  };
}
