// The four built-in strategies over TA-Lib indicators (docs/strategies.md): flags per row from rows 0..i only,
// a strength 0–100 on a documented scale, and the warm-up row. Specs arrive validated with defaults filled.
import {
  SIGNAL_ENTRY_LONG as EL,
  SIGNAL_ENTRY_SHORT as ES,
  SIGNAL_EXIT_LONG as XL,
  SIGNAL_EXIT_SHORT as XS,
  type BollingerBreakoutSpec,
  type MacdMomentumSpec,
  type RsiMeanReversionSpec,
  type SmaCrossSpec,
  type StrategySignals,
} from '../../shared/backtest';
import { finish, strength, type IndicatorCache } from './series';

/** An SMA gap of 1 % of the slow SMA scores 100. */
export const SMA_GAP_FULL = 0.01;
/** A MACD − signal gap of 0.1 % of the close scores 100. */
export const MACD_GAP_FULL = 0.001;

/**
 * SMA crossover: SMA(fast) crossing strictly above SMA(slow) (prev fast < prev slow, fast > slow) → entry_long +
 * exit_short; strictly below → exit_long + entry_short. Strength min(100, 100·|fast − slow| / slow / 1 %).
 * Warm-up: slow (SMA(slow)'s lookback slow − 1, plus the previous row).
 */
export function smaCrossSignals(cache: IndicatorCache, spec: SmaCrossSpec, n: number): StrategySignals {
  const { fast: pf = 10, slow: ps = 30 } = spec.params ?? {};
  const f = cache.get({ fn: 'SMA', params: { timeperiod: pf } });
  const s = cache.get({ fn: 'SMA', params: { timeperiod: ps } });
  const fast = f.outputs[0];
  const slow = s.outputs[0];
  const flags = new Uint8Array(n);
  const str = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const flag = crossFlag(fast[i - 1], slow[i - 1], fast[i], slow[i]);
    if (flag === 0) continue;
    flags[i] = flag;
    str[i] = strength((100 * Math.abs(fast[i] - slow[i])) / Math.abs(slow[i]) / SMA_GAP_FULL);
  }
  return finish(flags, str, Math.max(f.resolved.lookback, s.resolved.lookback) + 1);
}

/**
 * RSI mean reversion: RSI(period) < lower → entry_long + exit_short, strength min(100, 100·(lower − RSI)/lower);
 * RSI > upper → exit_long + entry_short, strength min(100, 100·(RSI − upper)/(100 − upper)). Warm-up: period.
 */
export function rsiSignals(cache: IndicatorCache, spec: RsiMeanReversionSpec, n: number): StrategySignals {
  const { period = 14, lower = 30, upper = 70 } = spec.params ?? {};
  const r = cache.get({ fn: 'RSI', params: { timeperiod: period } });
  const rsi = r.outputs[0];
  const flags = new Uint8Array(n);
  const str = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = rsi[i];
    if (v < lower) {
      flags[i] = EL | XS;
      str[i] = strength((100 * (lower - v)) / lower);
    } else if (v > upper) {
      flags[i] = XL | ES;
      str[i] = strength((100 * (v - upper)) / (100 - upper));
    }
  }
  return finish(flags, str, r.resolved.lookback);
}

/**
 * MACD momentum: MACD(fast, slow, signal) crossing strictly above its signal line → exit_short, plus entry_long
 * (when zero_filter, only if MACD > 0); strictly below → exit_long, plus entry_short (zero_filter: only if
 * MACD < 0). Strength min(100, 100·|MACD − signal| / close / 0.1 %). Warm-up: MACD's lookback + 1.
 */
export function macdSignals(cache: IndicatorCache, spec: MacdMomentumSpec, close: Float64Array): StrategySignals {
  const { fast = 12, slow = 26, signal = 9, zero_filter: zero = false } = spec.params ?? {};
  const m = cache.get({ fn: 'MACD', params: { fastperiod: fast, slowperiod: slow, signalperiod: signal } });
  const [macd, sig] = m.outputs;
  const n = close.length;
  const flags = new Uint8Array(n);
  const str = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    let flag = crossFlag(macd[i - 1], sig[i - 1], macd[i], sig[i]);
    if (flag === 0) continue;
    if (zero && flag & EL && !(macd[i] > 0)) flag &= ~EL;
    if (zero && flag & ES && !(macd[i] < 0)) flag &= ~ES;
    flags[i] = flag;
    str[i] = strength((100 * Math.abs(macd[i] - sig[i])) / Math.abs(close[i]) / MACD_GAP_FULL);
  }
  return finish(flags, str, m.resolved.lookback + 1);
}

/**
 * Bollinger breakout over BBANDS(period, k, k, SMA): close > upper → entry_long; close < lower → entry_short;
 * the close crossing back over the middle band exits — previous close ≥ previous middle and close < middle →
 * exit_long; previous close ≤ previous middle and close > middle → exit_short (a close exactly on the band
 * cannot skip an exit). Strength: how far the close lies beyond the band it broke (entries) or beyond the
 * middle band (exit-only rows), in band half-widths k·σ, × 100, capped at 100. Warm-up: period (the exit
 * reads the previous row).
 */
export function bollingerSignals(cache: IndicatorCache, spec: BollingerBreakoutSpec, close: Float64Array): StrategySignals {
  const { period = 20, k = 2 } = spec.params ?? {};
  const b = cache.get({ fn: 'BBANDS', params: { timeperiod: period, nbdevup: k, nbdevdn: k, matype: 0 } });
  const [up, mid, lo] = b.outputs;
  const n = close.length;
  const flags = new Uint8Array(n);
  const str = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const c = close[i];
    const p = close[i - 1];
    let f = 0;
    if (c > up[i]) f |= EL;
    else if (c < lo[i]) f |= ES;
    if (p >= mid[i - 1] && c < mid[i]) f |= XL;
    else if (p <= mid[i - 1] && c > mid[i]) f |= XS;
    if (f === 0) continue;
    flags[i] = f;
    const beyond = f & EL ? c - up[i] : f & ES ? lo[i] - c : Math.abs(c - mid[i]);
    str[i] = strength((100 * beyond) / (up[i] - mid[i]));
  }
  return finish(flags, str, b.resolved.lookback + 1);
}

/** Flags of a strict cross of a over b between two rows (NaN anywhere: no cross). */
function crossFlag(a0: number, b0: number, a1: number, b1: number): number {
  if (a0 < b0 && a1 > b1) return EL | XS;
  if (a0 > b0 && a1 < b1) return XL | ES;
  return 0;
}
