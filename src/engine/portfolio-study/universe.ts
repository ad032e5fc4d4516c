// The price table a portfolio study works on: demo symbols' daily closes, or value series (strategies' equity
// curves) aligned on the union of their times (a series has NaN where it has no value yet: a ragged start, which
// returnsFromPrices keeps as leading gaps), each with its epoch-ms times and ISO date labels.
import { DEMO_SYMBOLS, demoBars } from '../../sources/demo';
import type { SeriesInput } from '../../shared/portfolio-api';
import type { PriceTable } from '../portfolio/returns';

/** A price table plus the epoch-ms time of each row and each asset's sector (null when unknown). */
export interface Universe extends PriceTable {
  ts: Float64Array;
  sectors: (string | null)[];
}

/** ISO label of a timezone-naive epoch-ms time: 'YYYY-MM-DD' at midnight, else 'YYYY-MM-DDTHH:MM'. */
export function isoLabel(ms: number): string {
  const s = new Date(ms).toISOString();
  return ms % 86_400_000 === 0 ? s.slice(0, 10) : s.slice(0, 16);
}

/** Daily closes of the given demo symbols (every symbol shares the demo market's trading days). */
export function demoUniverse(symbols: readonly string[]): Universe {
  if (symbols.length < 2) throw new Error(`choose at least 2 assets, got ${symbols.length}`);
  if (new Set(symbols).size !== symbols.length) throw new Error('assets must not repeat');
  return seriesUniverse(
    symbols.map((id) => {
      const b = demoBars(id, '1d');
      return { name: id.replace(/^DEMO:/, ''), ts: b.ts, values: b.close };
    }),
    symbols.map((id) => DEMO_SYMBOLS.find((s) => s.id === id)?.sector ?? null),
  );
}

/** Aligns value series on the sorted union of their times; NaN where a series has no value at a time. */
export function seriesUniverse(series: readonly SeriesInput[], sectors?: (string | null)[]): Universe {
  if (series.length < 2) throw new Error(`choose at least 2 series, got ${series.length}`);
  const names = series.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error(`series names must be unique, got ${names.join(', ')}`);
  const all = new Set<number>();
  series.forEach((s, k) => {
    if (s.ts.length !== s.values.length) throw new Error(`series ${JSON.stringify(s.name)}: ts and values differ in length`);
    if (s.ts.length < 2) throw new Error(`series ${JSON.stringify(s.name)} needs at least 2 values`);
    for (let i = 0; i < s.ts.length; i++) {
      if (!Number.isFinite(s.ts[i]) || (i > 0 && !(s.ts[i] > s.ts[i - 1]))) throw new Error(`series ${JSON.stringify(s.name)}: times must be finite and ascending (row ${i})`);
      const v = s.values[i];
      if (!Number.isNaN(v) && !(v > 0)) throw new Error(`series ${JSON.stringify(s.name)}: values must be > 0 (row ${i}: ${v}); series ${k}`);
      all.add(s.ts[i]);
    }
  });
  const ts = Float64Array.from(all).sort();
  const row = new Map<number, number>();
  ts.forEach((t, i) => row.set(t, i));
  const n = series.length;
  const prices = new Float64Array(ts.length * n).fill(NaN);
  series.forEach((s, j) => {
    for (let i = 0; i < s.ts.length; i++) prices[row.get(s.ts[i])! * n + j] = s.values[i];
  });
  return { ts, dates: Array.from(ts, isoLabel), assets: names, prices, sectors: sectors ?? names.map(() => null) };
}
