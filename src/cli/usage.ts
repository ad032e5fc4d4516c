// The usage text printed by `--help` / `help` (and returned by {"cmd":"help"} in batch mode).
import { INDICATOR_NAMES } from '../engine/indicators/registry';

/** Usage of the CLI: commands, flags, conventions and examples (docs/cli.md has the long form). */
export const USAGE = `AlphaStrat CLI: TA-Lib-exact indicators, bars and performance metrics as JSON.

Usage:
  npm run --silent cli -- <command> [--field value | --field=value ...]
  npm run --silent cli -- batch < requests.jsonl
  npm run --silent cli -- --help

Commands:
  info        version, kernel ABI, SIMD flag, WASM memory bytes, the 20 demo symbol ids
  indicators  the ${INDICATOR_NAMES.length} TA-Lib functions the engine computes, each with name, group,
              inputs, params (name, default, min, max, type), outputs (name, kind), description;
              "functions" is an alias (same answer)
  indicator   one TA-Lib function over a data series
                --data (required)  --fn (required)  --params  --inputs  --timeframe  --resample
  bars        OHLCV bars of a data series
                --data (required)  --timeframe  --resample  --from  --to  --limit
  metrics     empyrical performance metrics of a return series (docs/metrics.md)
                --returns (required)  --factor_returns  --periods_per_year  --risk_free
                --required_return  --cutoff
  backtest    one strategy backtest over a data series (docs/semantics.md, docs/strategies.md)
                --data (required)  --strategy (required)  --timeframe  --resample  --from  --to
                --direction  --cash  --fill  --sizing  --fractional  --fractional_step
                --commission  --slippage_bps  --spread  --stop_loss  --take_profit
                --trailing_stop  --stop_reference  --risk  --periods_per_year  --risk_free  --start
              answers stats (empyrical + trade metrics), trades, equity (one value per bar)
  scan        one strategy over a universe: each symbol's last-bar signal, BUY/SELL first by strength
                --universe (required)  --strategy (required)  --timeframe
              answers {"signals":[{"symbol","signal","strength","price","time","last_signal"}],"failed":[...]}
  fetch       bars of one symbol through the market-data proxy (docs/proxy.md), every page followed:
                --symbol (required)  --from (required)  --to (required)  --proxy  --source
                --multiplier  --timespan  --adjusted
              answers {"bars":[{"t","o","h","l","c","v"},...]}, t = bar start as exchange-local
              epoch ms read as UTC (like ts of bars); v null when missing
  sweep       every combination of a strategy space (ranges {"min","max","step"}, lists, constraints
              like "fast < slow"; docs/optimize.md): backtest fields plus --metric --search
              --max_tries --seed --blocks --top --workers; answers all results, top, best,
              dsr, psr, pbo and a plain-words summary
  walkforward rolling/anchored walk-forward: sweep fields plus --mode --in_sample --out_of_sample
              --step; answers windows, stitched equity, metrics, efficiency
  overfit     --returns_matrix [--blocks] → pbo; or --sharpe --trials --sharpe_variance --skew
              --kurtosis (raw) --observations → psr, dsr, expected_max_sharpe
  optimize    portfolio weights from a wide prices CSV (docs/portfolio.md): --prices (required)
                --expected_returns --risk_model --objective --weight_bounds --l2_gamma
                --sector_mapper --sector_lower --sector_upper --transaction_cost
              objective.method max_sharpe|min_volatility|efficient_risk|efficient_return|
              max_quadratic_utility|hrp|risk_parity; answers weights, performance
  frontier    optimize's fields plus --points (50): the efficient frontier, each asset, the
              min-volatility and max-Sharpe portfolios
  allocate    whole shares at latest prices (greedy): --weights --latest_prices --total_value
                --short_ratio; answers allocation, leftover
  rebalance   calendar/threshold rebalancing vs buy-and-hold: --weights --prices --rule --costs
                --initial_value; answers dates, equity, buy_and_hold, events (with costs)
  portfolio_backtest  several strategies/symbols over one shared cash account
              (docs/portfolio-backtest.md): --sleeves [{"data","strategy","weight" or "sizing",
                "direction","stop_loss","take_profit","trailing_stop","stop_reference","name"}]
                --cash (100000) --risk {max_position_pct, max_position_notional, max_heat,
                max_drawdown_stop (0.15), flatten_on_drawdown, max_correlated_exposure,
                correlation_threshold (0.7), correlation_window (60)} and backtest's cost fields;
              answers stats, equity, cash, sleeves (attribution, trades), risk_log
  share       a backtest request <-> its share link (docs/share.md):
                --request {…backtest fields…}  [--source --adjusted --session]
                  answers {"fragment":"s=v1.…","length","bars":{hash,count,first,last}}
                --fragment "s=v1.…"  [--verify true]
                  answers {"request":{…},"link":{…},"engine_matches"[,"bars_match","bars_now"]}
  report      a backtest request plus --out report.html [--title]: writes the tear sheet as one
              self-contained HTML file; answers out, bytes, charts, fragment, stats
  batch       one JSON request per stdin line, e.g. {"cmd":"indicator","data":"DEMO:ACME","fn":"SMA"};
              one JSON answer per line, in order; a bad line answers {"ok":false,"error":"..."}
  help        this text

Fields (flags and batch lines take the same fields; a flag value that parses as JSON is
that JSON value, anything else is a string):
  data        DEMO:SYMBOL (see info) or a CSV file path relative to the working directory
  fn          TA-Lib function name, case-insensitive, e.g. SMA, RSI, MACD, ATR, CDLENGULFING
              (see indicators)
  params      object of TA-Lib Python parameter names, e.g. {"timeperiod":14} or
              {"fastperiod":12,"slowperiod":26,"signalperiod":9}; missing ones take TA-Lib's defaults;
              matype parameters are TA_MAType codes 0=SMA 1=EMA 2=WMA 3=DEMA 4=TEMA 5=TRIMA
              6=KAMA 7=MAMA 8=T3
  inputs      object mapping the function's inputs to price fields (open, high, low, close, volume):
              a series input takes one field, e.g. {"real":"open"} or BETA's
              {"real0":"open","real1":"close"}; a price input takes a list, e.g. ATR's
              {"prices":["high","low","close"]}; missing ones take TA-Lib's defaults (see indicators)
  timeframe   demo: 1d (default) or 1m generated natively, others (5m 15m 1h 1w 1mo) resampled
              from the nearest of them; CSV: the file's bar size (else inferred)
  resample    5m, 15m, 1h, 1d, 1w or 1mo: resample the loaded bars (via DuckDB)
  from, to    inclusive bounds: ISO date 2016-01-04, datetime 2016-01-04T09:30:00 or epoch ms;
              a date-only "to" includes its whole day; fetch: dates YYYY-MM-DD only
  limit       at most this many bars (the first ones in range)
  returns     metrics: JSON array of per-period simple returns (0.01 = +1 %), null = missing
  factor_returns  metrics: benchmark returns, same length (alpha, beta, excess_sharpe, captures)
  periods_per_year, risk_free, required_return, cutoff
              metrics: 252, 0 (per period), 0 (per period; annual for omega), 0.05 by default
  strategy    backtest: {"type":"sma_cross","params":{"fast":10,"slow":30}}; types sma_cross,
              rsi_mean_reversion, macd_momentum, bollinger_breakout, rules (docs/strategies.md)
  universe    scan: JSON array of DEMO:… ids and CSV paths
  direction   backtest: long (default), short or long_short
  cash        backtest: starting cash, default 10000
  fill        backtest: next_open (default) or close
  sizing      backtest: {"mode":"all_in"} (default), {"mode":"percent_equity","pct":0.5},
              {"mode":"units","units":10}, {"mode":"cash","amount":1000},
              {"mode":"volatility_target","target":0.15,"method":"stdev","window":20}
  fractional, fractional_step
              backtest: fractional units (default false) in steps of fractional_step (1e-8)
  commission  backtest: {"rate":0.001,"fixed":1}: fraction of traded value + currency per order
  slippage_bps, spread
              backtest: slippage in basis points on every fill; spread fraction paid on entry
  stop_loss, take_profit, trailing_stop
              backtest: {"pct":0.08} (a fraction) or {"atr":2,"atr_period":14}; null = none
  stop_reference  backtest: fill (default) or signal_close
  risk        backtest: {"max_position_pct":0.25,"max_drawdown_stop":0.2}: entry cap, drawdown stop
  start       backtest: first decision row (index) or date; earlier rows only warm up
  periods_per_year, risk_free
              backtest: default from the bar size (252 daily) and 0 per period
  proxy       fetch: the proxy's URL, default http://127.0.0.1:8787
  source      fetch: polygon (default) or yahoo (the keyless, best-effort backup; split-adjusted only)
  symbol      fetch: a ticker, e.g. AAPL (polygon: also X:BTCUSD; yahoo: also ^GSPC, SAP.DE)
  multiplier, timespan
              fetch: bar size, default 1 day; timespan second|minute|hour|day|week|month|quarter|year
              (yahoo: 1/2/5/15/30/60/90 minute, 1 hour, 1/5 day, 1 week, 1/3 month, 1 quarter)
  adjusted    fetch: split-adjusted prices (default true)
  id          any JSON value, echoed in the answer (useful in batch mode)

Output: one JSON object per request on stdout, {"ok":true,...}. Numbers: NaN -> null,
+/-Infinity -> "Infinity"/"-Infinity". indicator answers one array per output, named as TA-Lib's
Python wrapper names them (real; macd, macdsignal, macdhist; upperband, middleband, lowerband; ...),
one value per input row, null in the warm-up; integer outputs (candlestick pattern codes such as
-100/0/100, MAXINDEX and other indexes) are printed as integers.
Errors: single command -> message on stderr, nothing on stdout, exit 1 (2 for a bad command line);
batch -> {"ok":false,"error":"..."} for that line, exit 0 at end of input.

Examples:
  npm run --silent cli -- info
  npm run --silent cli -- indicators
  npm run --silent cli -- indicator --data DEMO:ACME --fn SMA --params '{"timeperiod":30}'
  npm run --silent cli -- indicator --data DEMO:ACME --fn MACD --params '{"signalperiod":5}'
  npm run --silent cli -- indicator --data DEMO:ACME --fn BETA --inputs '{"real0":"open","real1":"close"}'
  npm run --silent cli -- indicator --data prices.csv --fn EMA --params '{"timeperiod":10}' --inputs '{"real":"open"}'
  npm run --silent cli -- bars --data DEMO:ACME --resample 1w --from 2024-01-01 --limit 5
  npm run --silent cli -- metrics --returns '[0.01,-0.02,0.03]'
  npm run --silent cli -- backtest --data DEMO:ACME --strategy '{"type":"sma_cross","params":{"fast":10,"slow":30}}'
  npm run --silent cli -- backtest --data DEMO:ACME --strategy '{"type":"rsi_mean_reversion"}' --direction long_short --commission '{"rate":0.001}' --stop_loss '{"pct":0.08}'
  npm run --silent cli -- fetch --symbol AAPL --from 2024-01-02 --to 2024-12-31
  printf '%s\\n' '{"cmd":"info"}' '{"cmd":"bars","data":"DEMO:ACME","limit":2}' | npm run --silent cli -- batch
`;
