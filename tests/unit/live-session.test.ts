// The live session (src/engine/live/index.ts) and its paper portfolio (paper.ts): bars appended per symbol in time
// order (late/repeated minutes and unknown symbols refused, never evaluated), the BUY/SELL signals it emits equal the
// batch signal rows of the same bars, and each entry goes through the risk manager's checkOrder — allowed with the
// default limits, reduced by a position cap, blocked by the drawdown stop — while exits are never blocked.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelsNode } from '../../src/kernels/node';
import type { Kernels } from '../../src/kernels/index';
import type { StrategySpec } from '../../src/shared/backtest';
import { signalRows, strategySignals } from '../../src/engine/strategy/index';
import { DEFAULT_RISK_LIMITS } from '../../src/engine/portfolio/risk-manager';
import { LiveSession, PaperPortfolio, parseStreamedBar, type StreamedBar } from '../../src/engine/live/index';
import { randomOhlcv } from './indicators/harness';

let k: Kernels;
beforeAll(async () => {
  k = await loadKernelsNode();
});

const T0 = Date.UTC(2024, 0, 2, 9, 30);
const SPEC: StrategySpec = { type: 'rsi_mean_reversion', params: { period: 3, lower: 45, upper: 55 } };

function streamed(symbol: string, n: number, seed: number): StreamedBar[] {
  const c = randomOhlcv(n, seed);
  return Array.from({ length: n }, (_, i) => ({ symbol, t: T0 + i * 60_000, o: c.open[i], h: c.high[i], l: c.low[i], c: c.close[i], v: c.volume[i] }));
}

describe('LiveSession', () => {
  it('emits exactly the batch signal rows of each symbol, interleaved symbols kept apart', () => {
    const a = streamed('AAPL', 300, 1);
    const m = streamed('MSFT', 300, 2);
    const s = new LiveSession(SPEC, ['AAPL', 'MSFT']);
    const got: Record<string, string[]> = { AAPL: [], MSFT: [] };
    for (let i = 0; i < 300; i++) {
      for (const b of [a[i], m[i]]) {
        const out = s.push(b);
        expect(out.accepted).toBe(true);
        if (out.accepted && out.signal) got[b.symbol].push(`${out.signal.ts}|${out.signal.type}|${out.signal.strength}`);
      }
    }
    for (const [sym, bars] of [['AAPL', a], ['MSFT', m]] as const) {
      const col = (key: 'o' | 'h' | 'l' | 'c' | 'v') => Float64Array.from(bars, (b) => b[key]);
      const ts = Float64Array.from(bars, (b) => b.t);
      const batch = strategySignals(k, SPEC, { ts, open: col('o'), high: col('h'), low: col('l'), close: col('c'), volume: col('v') });
      const want = signalRows(batch, { ts, close: col('c') }).map((r) => `${r.ts}|${r.type}|${r.strength}`);
      expect(want.length).toBeGreaterThan(20);
      expect(got[sym]).toEqual(want);
    }
    expect(s.symbols.map((x) => x.ts.length)).toEqual([300, 300]);
  });

  it('refuses repeated, late and unknown bars without evaluating them', () => {
    const s = new LiveSession(SPEC, ['AAPL']);
    const [b0, b1] = streamed('AAPL', 2, 3);
    expect(s.push(b1).accepted).toBe(true);
    expect(s.push(b1)).toEqual({ accepted: false, symbol: 'AAPL', reason: `bar at ${b1.t} is not after the last one (${b1.t})` });
    expect(s.push(b0).accepted).toBe(false);
    expect(s.push({ ...b0, symbol: 'ZZZ' })).toMatchObject({ accepted: false, reason: 'ZZZ is not one of this session\'s symbols' });
    expect(s.symbols[0].evaluator.bars).toBe(1);
  });

  it('validates the spec once, naming the field', () => {
    expect(() => new LiveSession({ type: 'rsi_mean_reversion', params: { lower: 80, upper: 70 } }, ['AAPL'])).toThrow(/strategy\.params\.lower/);
  });

  it('parseStreamedBar names the bad field', () => {
    expect(parseStreamedBar({ symbol: 'AAPL', t: 1, o: 1, h: 1, l: 1, c: 1, v: 1 })).toMatchObject({ symbol: 'AAPL' });
    expect(parseStreamedBar({ symbol: 'AAPL', t: 1, o: 1, h: 1, l: 1, c: 'x', v: 1 })).toBe('bar.c: must be a finite number, got "x"');
    expect(parseStreamedBar({ t: 1 })).toBe('bar.symbol: must be a non-empty string, got undefined');
    expect(parseStreamedBar(null)).toBe('bar: must be an object');
  });
});

describe('PaperPortfolio and the risk manager', () => {
  const EL = 1, XL = 2, ES = 4, XS = 8;

  it('with the default limits: an entry of 10 % of equity is allowed; the exit closes it, never blocked', () => {
    const p = new PaperPortfolio();
    const v = p.apply('AAPL', EL | XS, 100, T0);
    expect(v).toMatchObject({ kind: 'entry', allowed: true, requested: 100, units: 100, rule: null, text: 'allowed: 100 units long' });
    expect(p.units('AAPL')).toBe(100);
    p.mark('AAPL', 110);
    expect(p.equity).toBe(101_000);
    expect(p.apply('AAPL', XL | ES, 110, T0 + 60_000)).toMatchObject({ kind: 'entry', allowed: true, units: 91 }); // reversed into a short
    expect(p.units('AAPL')).toBe(-91);
    expect(p.apply('AAPL', XS, 120, T0 + 120_000)).toMatchObject({ kind: 'exit', allowed: true });
    expect(p.units('AAPL')).toBe(0);
    expect(p.apply('AAPL', XL, 120, T0 + 180_000)).toMatchObject({ kind: 'none', allowed: true });
  });

  it('a position cap reduces the order; the drawdown stop blocks entries but not exits', () => {
    const p = new PaperPortfolio(100_000, { ...DEFAULT_RISK_LIMITS, max_position_pct: 0.05, max_drawdown_stop: 0.02 });
    const v = p.apply('AAPL', EL, 100, T0);
    expect(v).toMatchObject({ kind: 'entry', allowed: true, requested: 100, units: 50, rule: 'max_position_pct' });
    expect(v.text).toBe('reduced by max_position_pct to 50 of 100 units long');
    p.mark('AAPL', 40); // equity 97 000 < peak 100 000 × 0.98
    const blocked = p.apply('MSFT', EL, 10, T0 + 60_000);
    expect(blocked).toMatchObject({ kind: 'entry', allowed: false, units: 0, rule: 'max_drawdown_stop' });
    expect(blocked.text).toMatch(/^blocked by max_drawdown_stop: equity 97000 < peak 100000/);
    expect(p.apply('AAPL', XL, 40, T0 + 120_000)).toMatchObject({ kind: 'exit', allowed: true });
  });

  it('rejects a bad price or cash naming the field', () => {
    expect(() => new PaperPortfolio(0)).toThrow('cash: must be a number > 0, got 0');
    expect(() => new PaperPortfolio().apply('AAPL', EL, Number.NaN, T0)).toThrow('price: must be a number > 0, got null');
  });
});
