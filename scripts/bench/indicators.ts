// Indicator benchmark: SMA(30) EMA(30) RSI(14) MACD(12,26,9) BBANDS(20,2,2) ATR(14) STOCH(14,3,3) on 1M and 10M bars.
// Peers in the same run: TA-Lib's C kernels with no JS in the way (../shared/tools/talib-c-bench, built against the static
// library the `talib` npm package compiles; skipped with a note when that folder is absent), the `talib` binding itself, and the
// pure-JS libraries @ixjb94/indicators, indicatorts, technicalindicators, trading-signals (1M only: they take seconds at 10M).
// Ours: the registry's compute() on series already in WASM memory (what the engine and worker call). Median of 5 runs after warm-up.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadKernelsNode } from '../../src/kernels/node';
import { resolveIndicator } from '../../src/engine/indicators/registry';
import { timeMedian, table } from './stats';

const require = createRequire(import.meta.url);
const CASES = [
  { fn: 'SMA', params: { timeperiod: 30 } },
  { fn: 'EMA', params: { timeperiod: 30 } },
  { fn: 'RSI', params: { timeperiod: 14 } },
  { fn: 'MACD', params: { fastperiod: 12, slowperiod: 26, signalperiod: 9 } },
  { fn: 'BBANDS', params: { timeperiod: 20, nbdevup: 2, nbdevdn: 2, matype: 0 } },
  { fn: 'ATR', params: { timeperiod: 14 } },
  { fn: 'STOCH', params: { fastk_period: 14, slowk_period: 3, slowk_matype: 0, slowd_period: 3, slowd_matype: 0 } },
] as const;
type Name = (typeof CASES)[number]['fn'];
interface Cols { close: Float64Array; high: Float64Array; low: Float64Array }

function series(n: number): Cols {
  const close = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n);
  let p = 100, s = 12345;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < n; i++) {
    p *= 1 + (r() - 0.5) * 0.02;
    close[i] = p;
    high[i] = p * (1 + r() * 0.01);
    low[i] = p * (1 - r() * 0.01);
  }
  return { close, high, low };
}

/** TA-Lib C timings (ms) by indicator name, or null when the shared timing tool is not there. */
function talibC(cols: Cols, n: number): Record<string, number> | null {
  const src = '../shared/tools/talib-c-bench/bench_talib.c';
  const lib = 'node_modules/talib/src/lib';
  if (!existsSync(src) || !existsSync(`${lib}/lib/libta_libc_csr.a`)) return null;
  mkdirSync('.bench', { recursive: true });
  const exe = '.bench/bench_talib';
  if (!existsSync(exe)) execFileSync('gcc', ['-O2', `-I${lib}/include`, src, `${lib}/lib/libta_libc_csr.a`, '-lm', '-o', exe]);
  const data = new Float64Array(3 * n);
  data.set(cols.close, 0);
  data.set(cols.high, n);
  data.set(cols.low, 2 * n);
  writeFileSync('.bench/data.f64', new Uint8Array(data.buffer));
  const out = execFileSync(exe, ['.bench/data.f64', String(n)], { encoding: 'utf8' });
  return Object.fromEntries(out.trim().split('\n').map((l) => JSON.parse(l)).map((j) => [j.ind, j.median_ms]));
}

const k = await loadKernelsNode();
const talib = require('talib') as { execute(o: Record<string, unknown>): unknown };
const ix = new (require('@ixjb94/indicators').IndicatorsSync)();
const its = require('indicatorts');
const ti = require('technicalindicators');
const ts = await import('trading-signals');

/** Pure-JS peers per indicator: name → run over plain arrays. */
function jsPeers(c: { close: number[]; high: number[]; low: number[] }): Record<Name, Record<string, () => unknown>> {
  const { close, high, low } = c;
  const hlc = close.map((x, i) => ({ high: high[i], low: low[i], close: x }));
  const stream = (make: () => { update(v: never, r: boolean): unknown }, vals: unknown[]) => () => {
    const ind = make();
    for (const v of vals) ind.update(v as never, false);
  };
  return {
    SMA: { '@ixjb94/indicators': () => ix.sma(close, 30), indicatorts: () => its.sma(close, { period: 30 }), technicalindicators: () => ti.SMA.calculate({ period: 30, values: close }), 'trading-signals': stream(() => new ts.SMA(30), close) },
    EMA: { '@ixjb94/indicators': () => ix.ema(close, 30), indicatorts: () => its.ema(close, { period: 30 }), technicalindicators: () => ti.EMA.calculate({ period: 30, values: close }), 'trading-signals': stream(() => new ts.EMA(30), close) },
    RSI: { '@ixjb94/indicators': () => ix.rsi(close, 14), indicatorts: () => its.rsi(close, { period: 14 }), technicalindicators: () => ti.RSI.calculate({ period: 14, values: close }), 'trading-signals': stream(() => new ts.RSI(14), close) },
    MACD: { '@ixjb94/indicators': () => ix.macd(close, 12, 26, 9), indicatorts: () => its.macd(close, { fast: 12, slow: 26, signal: 9 }), technicalindicators: () => ti.MACD.calculate({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false }), 'trading-signals': stream(() => new ts.MACD(new ts.EMA(12), new ts.EMA(26), new ts.EMA(9)), close) },
    BBANDS: { '@ixjb94/indicators': () => ix.bbands(close, 20, 2), indicatorts: () => its.bb(close, { period: 20 }), technicalindicators: () => ti.BollingerBands.calculate({ period: 20, values: close, stdDev: 2 }), 'trading-signals': stream(() => new ts.BollingerBands(20, 2), close) },
    ATR: { '@ixjb94/indicators': () => ix.atr(high, low, close, 14), indicatorts: () => its.atr(high, low, close, { period: 14 }), technicalindicators: () => ti.ATR.calculate({ high, low, close, period: 14 }), 'trading-signals': stream(() => new ts.ATR(14), hlc) },
    STOCH: { '@ixjb94/indicators': () => ix.stoch(high, low, close, 14, 3, 3), indicatorts: () => its.stoch(high, low, close, { kPeriod: 14, dPeriod: 3 }), technicalindicators: () => ti.Stochastic.calculate({ high, low, close, period: 14, signalPeriod: 3 }), 'trading-signals': stream(() => new ts.StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 }), hlc) },
  };
}

const rows: (string | number)[][] = [];
const notes: string[] = [];
for (const n of [1_000_000, 10_000_000]) {
  const cols = series(n);
  const c = talibC(cols, n);
  if (c === null && n === 1_000_000) notes.push('TA-Lib C column empty: ../shared/tools/talib-c-bench is not present on this machine.');
  // Our inputs live in WASM memory once; outputs (up to 3) and STOCH's scratch are allocated by compute itself when needed.
  const bufs = { close: k.alloc(n), high: k.alloc(n), low: k.alloc(n) };
  bufs.close.view().set(cols.close);
  bufs.high.view().set(cols.high);
  bufs.low.view().set(cols.low);
  const outs = [k.alloc(n), k.alloc(n), k.alloc(n)];
  const plain = n === 1_000_000 ? { close: Array.from(cols.close), high: Array.from(cols.high), low: Array.from(cols.low) } : null;
  const peers = plain ? jsPeers(plain) : null;
  for (const cs of CASES) {
    const r = resolveIndicator({ fn: cs.fn, params: { ...cs.params } });
    const inputs = r.fields.map((f) => bufs[f as keyof typeof bufs]);
    const o = outs.slice(0, r.def.outputs.length);
    const ours = timeMedian(() => r.def.compute(k, inputs, r.params, o), 5, 2);
    const ns = (ms: number) => ((ms * 1e6) / n).toFixed(2);
    let binding = NaN;
    let bestJs = Infinity;
    let bestJsName = '—';
    if (plain && peers) {
      const args: Record<string, unknown> = { name: cs.fn, startIdx: 0, endIdx: n - 1, inReal: plain.close, close: plain.close, high: plain.high, low: plain.low };
      const opt: Record<string, string> = { timeperiod: 'optInTimePeriod', fastperiod: 'optInFastPeriod', slowperiod: 'optInSlowPeriod', signalperiod: 'optInSignalPeriod', nbdevup: 'optInNbDevUp', nbdevdn: 'optInNbDevDn', matype: 'optInMAType', fastk_period: 'optInFastK_Period', slowk_period: 'optInSlowK_Period', slowk_matype: 'optInSlowK_MAType', slowd_period: 'optInSlowD_Period', slowd_matype: 'optInSlowD_MAType' };
      for (const [p, v] of Object.entries(cs.params)) args[opt[p]] = v;
      binding = timeMedian(() => talib.execute(args), 3, 1);
      for (const [name, run] of Object.entries(peers[cs.fn])) {
        try {
          const t = timeMedian(run, 3, 1);
          if (t < bestJs) { bestJs = t; bestJsName = name; }
        } catch (e) {
          notes.push(`${name} ${cs.fn}: ${(e as Error).message}`);
        }
      }
    }
    const cMs = c?.[cs.fn];
    rows.push([
      `${cs.fn}`, n.toLocaleString('en-US'), `${ours.toFixed(2)} ms (${ns(ours)})`,
      cMs === undefined ? '—' : `${cMs.toFixed(2)} ms (${ns(cMs)})`,
      cMs === undefined ? '—' : `${(ours / cMs).toFixed(2)}×`,
      Number.isNaN(binding) ? '—' : `${binding.toFixed(0)} ms`,
      bestJs === Infinity ? '—' : `${bestJs.toFixed(1)} ms (${bestJsName})`,
      bestJs === Infinity ? '—' : `${(bestJs / ours).toFixed(1)}×`,
    ]);
  }
  for (const b of [...Object.values(bufs), ...outs]) b.free();
}
console.log(table(['indicator', 'bars', 'ours: WASM (ns/bar)', 'TA-Lib C, no JS (ns/bar)', 'ours / C time', 'talib npm binding', 'fastest pure JS', 'JS / ours'], rows));
console.log('\n"ours / C time" ≤ 1.00 means our WASM is at least as fast as TA-Lib\'s C kernel. Pure-JS peers and the binding run at 1M only.');
for (const note of notes) console.log(`- ${note}`);
