// Price transforms (TA-Lib group "Price Transform"): per-bar averages of OHLC fields with no warm-up. Each
// kernel writes n f64 at `dst`, never allocates, and uses TA-Lib 0.6's operation order (bit-identical).

/** Lookback of the price transforms AVGPRICE, MEDPRICE, TYPPRICE and WCLPRICE: 0. */
export function priceTransformLookback(): i32 {
  return 0;
}

/** Average price, equal to TA_AVGPRICE: (high + low + close + open)/4, summed in that order. */
export function avgprice(open: usize, high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(dst + o, (load<f64>(high + o) + load<f64>(low + o) + load<f64>(close + o) + load<f64>(open + o)) / 4.0);
  }
}

/** Median price, equal to TA_MEDPRICE: (high + low)/2. */
export function medprice(high: usize, low: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(dst + o, (load<f64>(high + o) + load<f64>(low + o)) / 2.0);
  }
}

/** Typical price, equal to TA_TYPPRICE: (high + low + close)/3. */
export function typprice(high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(dst + o, (load<f64>(high + o) + load<f64>(low + o) + load<f64>(close + o)) / 3.0);
  }
}

/** Weighted close price, equal to TA_WCLPRICE: (high + low + 2·close)/4. */
export function wclprice(high: usize, low: usize, close: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(dst + o, (load<f64>(high + o) + load<f64>(low + o) + load<f64>(close + o) * 2.0) / 4.0);
  }
}
