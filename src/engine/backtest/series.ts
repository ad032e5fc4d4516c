// Per-row series the simulator reads besides prices: ATR for ATR-multiple stops and the annualized volatility σ
// of volatility-target sizing (docs/semantics.md § 5–6). Values at row i use rows 0..i only.
import type { Kernels } from '../../kernels/index';
import type { Bars } from '../../shared/types';
import { resolveIndicator } from '../indicators/registry';
import { runIndicator } from '../indicators/run';

/** A series and the first row where it is valid. */
export interface ValidSeries {
  values: Float64Array;
  lookback: number;
}

/** TA-Lib ATR(period) of the bars (the registry's WASM kernel, equal to talib.ATR); throws naming `field`. */
export function atrSeries(kernels: Kernels, bars: Bars, period: number, field: string): ValidSeries {
  let r;
  try {
    r = resolveIndicator({ fn: 'ATR', params: { timeperiod: period } });
  } catch (e) {
    throw new Error(`${field}: ${(e as Error).message}`);
  }
  const [values] = runIndicator(kernels, r, [bars.high, bars.low, bars.close]);
  return { values, lookback: r.lookback };
}

/**
 * Annualized volatility per row: 'stdev' = sample std (ddof 1) of the last `window` close-to-close simple
 * returns × √ppy (pandas `pct_change().rolling(window).std()` × √ppy); 'atr' = ATR(window) / close × √ppy.
 */
export function sigmaSeries(
  kernels: Kernels,
  bars: Bars,
  method: 'stdev' | 'atr',
  window: number,
  periodsPerYear: number,
): ValidSeries {
  const ann = Math.sqrt(periodsPerYear);
  const n = bars.close.length;
  if (method === 'atr') {
    const atr = atrSeries(kernels, bars, window, 'sizing.window');
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = (atr.values[i] / bars.close[i]) * ann;
    return { values, lookback: atr.lookback };
  }
  if (!(Number.isInteger(window) && window >= 2 && window <= 100000)) {
    throw new Error(`sizing.window: must be an integer 2..100000, got ${window}`);
  }
  const c = bars.close;
  const values = new Float64Array(n).fill(NaN);
  for (let i = window; i < n; i++) {
    // Two passes over the window: exact enough to agree with pandas to rounding, O(window) per row.
    let mean = 0;
    for (let k = i - window + 1; k <= i; k++) mean += c[k] / c[k - 1] - 1;
    mean /= window;
    let ss = 0;
    for (let k = i - window + 1; k <= i; k++) {
      const d = c[k] / c[k - 1] - 1 - mean;
      ss += d * d;
    }
    values[i] = Math.sqrt(ss / (window - 1)) * ann;
  }
  return { values, lookback: window };
}
