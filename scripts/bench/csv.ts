// CSV import benchmark: parse 1M one-minute rows (ISO datetimes, OHLCV) with parseBarsCsv; median of 5 runs after warm-up.
import { parseBarsCsv } from '../../src/sources/csv';
import { timeMedian, table } from './stats';

const n = 1_000_000;
const lines = ['Datetime,Open,High,Low,Close,Volume'];
let t = Date.UTC(2020, 0, 2, 9, 30);
for (let i = 0; i < n; i++, t += 60_000) {
  const p = (100 + (i % 1000) / 100).toFixed(2);
  lines.push(`${new Date(t).toISOString().slice(0, 19).replace('T', ' ')},${p},${(+p + 0.5).toFixed(2)},${(+p - 0.5).toFixed(2)},${p},${1000 + (i % 777)}`);
}
const text = lines.join('\n');
const ms = timeMedian(() => parseBarsCsv(text, { symbol: 'X' }), 5, 1);
console.log(table(['CSV import', 'rows', 'MB', 'median', 'rows/s'], [
  ['parseBarsCsv', n.toLocaleString('en-US'), (text.length / 1e6).toFixed(1), `${ms.toFixed(0)} ms`, `${((n / ms) * 1000 / 1e6).toFixed(2)} M`],
]));

// Demo market: one symbol's 10 years of daily bars plus its 60 days of minutes (generated together; the last 60 daily
// bars are aggregated from the minutes). The first call also builds the shared market drivers.
const { demoBars, DEMO_SYMBOLS } = await import('../../src/sources/demo');
const t0 = performance.now();
demoBars(DEMO_SYMBOLS[0].id, '1d');
const first = performance.now() - t0;
const per: number[] = [];
for (const s of DEMO_SYMBOLS.slice(1)) {
  const t1 = performance.now();
  demoBars(s.id, '1d');
  per.push(performance.now() - t1);
}
per.sort((a, b) => a - b);
console.log('\n' + table(['demo market generation', 'first symbol (cold)', 'median of the other 19'], [
  ['daily + minute series of one symbol', `${first.toFixed(1)} ms`, `${per[per.length >> 1].toFixed(1)} ms`],
]));
