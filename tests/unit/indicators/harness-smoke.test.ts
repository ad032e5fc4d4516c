import { describe, it } from 'vitest';
import { adversarialOhlcv, expectMatchesTalib, randomOhlcv } from './harness';

describe('oracle harness', () => {
  it('SMA and EMA match TA-Lib through the engine on random and adversarial data', async () => {
    for (const fn of ['SMA', 'EMA']) {
      for (const p of [2, 9, 30, 400]) await expectMatchesTalib(fn, randomOhlcv(500, p), { timeperiod: p });
      for (const cols of Object.values(adversarialOhlcv())) await expectMatchesTalib(fn, cols, { timeperiod: 14 }, { real: 'open' });
    }
  });
});
