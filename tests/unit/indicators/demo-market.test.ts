// Every registered function, at TA-Lib's defaults, on real-looking data: the demo market's daily bars and its
// one-minute bars, compared with TA-Lib itself (same tolerance and lookback rules as every oracle test).
import { describe, it } from 'vitest';
import { INDICATOR_NAMES, INDICATORS } from '../../../src/engine/indicators/registry';
import { demoBars } from '../../../src/sources/demo';
import { expectMatchesTalib, type Ohlcv } from './harness';

const cols = (id: string, tf: '1d' | '1m'): Ohlcv => {
  const b = demoBars(id, tf);
  return { open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
};

describe('every function on the demo market matches TA-Lib', () => {
  const daily = cols('DEMO:ACME', '1d');
  const minutes = cols('DEMO:QBIT', '1m');
  for (const name of INDICATOR_NAMES) {
    // MAVP's second input is a per-bar period; map it explicitly (to volume, which MAVP clamps to its period range)
    // so TA-Lib and we read the same column.
    const inputs = INDICATORS.get(name)!.inputs.periods !== undefined ? { periods: 'volume' as const } : undefined;
    it(name, async () => {
      await expectMatchesTalib(name, daily, {}, inputs);
      await expectMatchesTalib(name, { open: minutes.open.slice(0, 3000), high: minutes.high.slice(0, 3000), low: minutes.low.slice(0, 3000), close: minutes.close.slice(0, 3000), volume: minutes.volume.slice(0, 3000) }, {}, inputs);
    });
  }
});
