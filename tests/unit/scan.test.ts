// The scanner: each symbol's current signal equals its strategy signals at the last bar, sorted actionable-first by
// strength; load failures and bad specs are reported clearly; the CLI command answers the contract.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index';
import { signalType } from '../../src/engine/strategy/index';
import { loadKernelsNode } from '../../src/kernels/node';
import type { StrategySpec } from '../../src/shared/backtest';
import type { EngineApi } from '../../src/shared/engine-api';

let engine: EngineApi;
beforeAll(async () => {
  engine = createEngine(await loadKernelsNode());
});

const RSI: StrategySpec = { type: 'rsi_mean_reversion', params: { lower: 45, upper: 55 } };

describe('engine.scan', () => {
  it("reports each symbol's last-bar signal and latest BUY/SELL, sorted BUY/SELL first by strength", () => {
    const ids = engine.demoSymbols().map((s) => s.id);
    const universe = ids.map((symbol) => ({ symbol, bars: engine.demoBars(symbol, '1d') }));
    const { signals, failed } = engine.scan(RSI, universe);
    expect(failed).toEqual([]);
    expect(signals).toHaveLength(ids.length);
    for (const row of signals) {
      const bars = universe.find((u) => u.symbol === row.symbol)!.bars;
      const s = engine.strategySignals(RSI, bars);
      const last = bars.close.length - 1;
      expect(row.signal).toBe(signalType(s.flags[last]));
      expect(row.price).toBe(bars.close[last]);
      expect(row.time).toBe(bars.ts[last]);
      expect(row.strength).toBe(row.signal === 'HOLD' ? 0 : s.strength[last]);
      let k = last;
      while (k >= 0 && signalType(s.flags[k]) === 'HOLD') k--;
      expect(row.last_signal?.bars_ago).toBe(last - k);
    }
    const actionable = signals.map((r) => r.signal !== 'HOLD');
    expect(actionable).toEqual([...actionable].sort((a, b) => Number(b) - Number(a)));
    for (let i = 1; i < signals.length; i++) {
      if (signals[i].signal !== 'HOLD' && signals[i - 1].signal !== 'HOLD') expect(signals[i - 1].strength).toBeGreaterThanOrEqual(signals[i].strength);
    }
  });

  it('reports symbols that failed to load or have no bars, and rejects a bad spec before scanning', () => {
    const acme = engine.demoBars('DEMO:ACME', '1d');
    const empty = { ...acme, ts: new Float64Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0) };
    const r = engine.scan(RSI, [
      { symbol: 'DEMO:ACME', bars: acme },
      { symbol: 'X', bars: 'cannot read CSV file "x.csv": no such file' },
      { symbol: 'E', bars: empty },
    ]);
    expect(r.signals.map((s) => s.symbol)).toEqual(['DEMO:ACME']);
    expect(r.failed).toEqual([
      { symbol: 'X', error: 'cannot read CSV file "x.csv": no such file' },
      { symbol: 'E', error: 'no bars' },
    ]);
    expect(() => engine.scan({ type: 'rsi_mean_reversion', params: { lower: 80, upper: 20 } }, [])).toThrow(/strategy\.params\.lower: must be < upper/);
  });
});

describe('CLI scan', () => {
  it('answers {ok, signals:[{symbol, signal, strength, price, time}], failed}', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'scan', '--universe', '["DEMO:ACME","DEMO:QBIT","DEMO:NOPE"]', '--strategy', JSON.stringify(RSI)], { encoding: 'utf8' });
    const a = JSON.parse(out);
    expect(a.ok).toBe(true);
    expect(a.signals.map((s: { symbol: string }) => s.symbol).sort()).toEqual(['DEMO:ACME', 'DEMO:QBIT']);
    for (const s of a.signals) {
      expect(Object.keys(s)).toEqual(['symbol', 'signal', 'strength', 'price', 'time', 'last_signal']);
      expect(s.time).toBe('2025-12-31');
    }
    expect(a.failed).toHaveLength(1);
    expect(a.failed[0].symbol).toBe('DEMO:NOPE');
    expect(a.failed[0].error).toMatch(/unknown demo symbol/);
  });
});
