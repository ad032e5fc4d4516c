// Kernel benchmark: WASM (data already in WASM memory) vs plain JS vs the `talib` npm binding (TA-Lib C via N-API),
// SMA(30) and EMA(30) on 1M and 10M values; median of 7 runs after 2 warm-ups. Prints a Markdown table.
import { createRequire } from 'node:module';
import { loadKernelsNode } from '../../src/kernels/node';
import { smaFastJs, emaFastJs } from '../../src/kernels/reference';
import { timeMedian, table } from './stats';

const talib = createRequire(import.meta.url)('talib') as { execute(o: Record<string, unknown>): unknown };

const k = await loadKernelsNode();
const rows: (string | number)[][] = [];
for (const n of [1_000_000, 10_000_000]) {
  const src = k.alloc(n);
  const dst = k.alloc(n);
  const x = src.view();
  let p = 100;
  for (let i = 0; i < n; i++) x[i] = p *= 1 + Math.sin(i * 12.9898) * 0.01;
  const js = Float64Array.from(x);
  const jsOut = new Float64Array(n);
  const plain = Array.from(js);
  for (const fn of ['sma', 'ema'] as const) {
    const wasm = timeMedian(() => k.exports[fn](src.ptr, dst.ptr, n, 30));
    const plainJs = timeMedian(() => (fn === 'sma' ? smaFastJs : emaFastJs)(js, 30, jsOut));
    const runs = n > 1_000_000 ? 5 : 7;
    const ta = timeMedian(() => talib.execute({ name: fn.toUpperCase(), startIdx: 0, endIdx: n - 1, inReal: plain, optInTimePeriod: 30 }), runs, 1);
    const ns = (ms: number) => ((ms * 1e6) / n).toFixed(2);
    rows.push([
      `${fn.toUpperCase()}(30)`, n.toLocaleString('en-US'),
      `${wasm.toFixed(2)} ms (${ns(wasm)} ns/el)`,
      `${plainJs.toFixed(2)} ms (${ns(plainJs)} ns/el)`,
      `${ta.toFixed(1)} ms (${ns(ta)} ns/el)`,
      `${(plainJs / wasm).toFixed(2)}×`, `${(ta / wasm).toFixed(1)}×`,
    ]);
  }
  src.free();
  dst.free();
}
console.log(table(['kernel', 'values', 'WASM', 'plain JS', 'talib npm (C + binding)', 'JS / WASM', 'talib / WASM'], rows));
console.log('\nWASM and plain JS time the kernel call only (data already in place); the talib npm figure includes its');
console.log('JS-array marshalling, which is what a JS caller of that binding pays.');
