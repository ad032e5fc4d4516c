// STOCH with both smoothings SMA (TA-Lib's default, the common case) in one pass. NOT re-exported by
// assembly/index.ts. TA_STOCH makes three passes (fast %K into a buffer, TA_MA on it, TA_MA on that); here each
// fast %K feeds the slow-%K running sum as soon as it exists, and each slow %K the slow-%D sum, with exactly
// TA_INT_SMA's operations in its order (total += x; out = total/period; total −= x[−period+1]), so every value is
// bit-identical to the three-pass kernel. Fast %K lives in a small ring (cache-hot), the trailing slow %K is read
// back from the output just written.
import { ld, st } from './momentum-util';

/**
 * Fast %K of TA_STOCH's scan (rangeScan's comparisons and lazily updated `diff`), kept in a ring of the last
 * slowKPeriod values at `fastK`, slow %K = SMA(fast %K, slowKPeriod) into `slowK` and slow %D = SMA(slow %K, slowDPeriod) into
 * `slowD` from their own first bars. Needs slowKPeriod ≥ 2, slowDPeriod ≥ 2 and n > the STOCH lookback;
 * the caller fills the warm-up slots.
 */
export function stochSmaFused(high: usize, low: usize, close: usize, fastK: usize, slowK: usize, slowD: usize,
  n: i32, fastKPeriod: i32, slowKPeriod: i32, slowDPeriod: i32): void {
  const lbK = fastKPeriod - 1;
  const lbKS = lbK + slowKPeriod - 1;
  const lbD = lbKS + slowDPeriod - 1;
  const pK = <f64>slowKPeriod;
  const pD = <f64>slowDPeriod;
  const trailD = slowDPeriod - 1;
  let totK: f64 = 0;
  let totD: f64 = 0;
  let lowestIdx = -1;
  let highestIdx = -1;
  let diff: f64 = 0.0;
  let highest: f64 = 0.0;
  let lowest: f64 = 0.0;
  let trailingIdx = 0;
  let pos = 0; // fast %K ring slot of this bar (the ring holds the last slowKPeriod values)
  for (let today = lbK; today < n; today++) {
    let tmp = ld(low, today);
    if (lowestIdx < trailingIdx) {
      lowestIdx = trailingIdx;
      lowest = ld(low, lowestIdx);
      for (let i = lowestIdx + 1; i <= today; i++) {
        tmp = ld(low, i);
        if (tmp < lowest) {
          lowestIdx = i;
          lowest = tmp;
        }
      }
      diff = (highest - lowest) / 100.0;
    } else if (tmp <= lowest) {
      lowestIdx = today;
      lowest = tmp;
      diff = (highest - lowest) / 100.0;
    }
    tmp = ld(high, today);
    if (highestIdx < trailingIdx) {
      highestIdx = trailingIdx;
      highest = ld(high, highestIdx);
      for (let i = highestIdx + 1; i <= today; i++) {
        tmp = ld(high, i);
        if (tmp > highest) {
          highestIdx = i;
          highest = tmp;
        }
      }
      diff = (highest - lowest) / 100.0;
    } else if (tmp >= highest) {
      highestIdx = today;
      highest = tmp;
      diff = (highest - lowest) / 100.0;
    }
    const k = diff != 0.0 ? (ld(close, today) - lowest) / diff : 0.0;
    st(fastK, pos, k);
    pos = pos + 1 == slowKPeriod ? 0 : pos + 1;
    trailingIdx++;
    // Slow %K: TA_INT_SMA over fast %K (its first period − 1 values only summed); the value leaving the
    // window is the oldest in the ring, the slot after this bar's.
    totK += k;
    if (today < lbKS) continue;
    const tk = totK;
    totK -= ld(fastK, pos);
    const sk = tk / pK;
    st(slowK, today, sk);
    // Slow %D: TA_INT_SMA over slow %K.
    totD += sk;
    if (today < lbD) continue;
    const td = totD;
    totD -= ld(slowK, today - trailD);
    st(slowD, today, td / pD);
  }
}
