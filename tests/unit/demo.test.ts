import { describe, it, expect } from 'vitest';
import type { Bars } from '../../src/shared/types';
import {
  DEMO_BARS_PER_SESSION,
  DEMO_LABEL,
  DEMO_MINUTE_DAYS,
  DEMO_SYMBOLS,
  demoBars,
  demoRegimes,
  isDemoId,
} from '../../src/sources/demo';
import { marketDrivers } from '../../src/sources/demo-market';
import { easterSunday, nyseHolidays, nyseTradingDays } from '../../src/sources/calendar';
import { Rng, detExp, detLog, hashString } from '../../src/sources/random';

const DAY = 86_400_000;
const ids = DEMO_SYMBOLS.map((s) => s.id);
const daily = new Map<string, Bars>(ids.map((id) => [id, demoBars(id, '1d')]));
const minute = new Map<string, Bars>(ids.map((id) => [id, demoBars(id, '1m')]));
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

function logReturns(close: Float64Array): Float64Array {
  const r = new Float64Array(close.length - 1);
  for (let i = 1; i < close.length; i++) r[i - 1] = Math.log(close[i] / close[i - 1]);
  return r;
}

function corr(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('demo symbols', () => {
  it('has 20 distinct DEMO: ids, names labelled synthetic, several sectors', () => {
    expect(DEMO_SYMBOLS).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    for (const s of DEMO_SYMBOLS) {
      expect(s.id).toMatch(/^DEMO:[A-Z]{3,5}$/);
      expect(s.name).toMatch(/\(synthetic\)$/);
      expect(s.sector.length).toBeGreaterThan(0);
    }
    expect(new Set(DEMO_SYMBOLS.map((s) => s.sector)).size).toBeGreaterThanOrEqual(6);
    expect(DEMO_LABEL).toBe('synthetic demo data');
  });

  it('isDemoId accepts exactly the full ids', () => {
    for (const id of ids) expect(isDemoId(id)).toBe(true);
    for (const bad of ['', 'ACME', 'DEMO:acme', 'demo:ACME', 'DEMO:NOPE', ' DEMO:ACME']) expect(isDemoId(bad)).toBe(false);
  });

  it('rejects unknown ids listing the valid ones, and non-native timeframes', () => {
    expect(() => demoBars('DEMO:NOPE', '1d')).toThrow(/Unknown demo symbol "DEMO:NOPE".*DEMO:ACME, .*DEMO:IRNVL/);
    expect(() => demoBars('DEMO:ACME', '5m' as '1m')).toThrow(/'1d' and '1m' only, got '5m'/);
  });
});

describe('determinism and caching', () => {
  it('returns equal data on every call, as fresh copies', () => {
    const a = demoBars('DEMO:GLOBX', '1d');
    const b = demoBars('DEMO:GLOBX', '1d');
    expect(b).toEqual(a);
    expect(b.close).not.toBe(a.close);
    expect(b.close.buffer).not.toBe(a.close.buffer);
    a.close[0] = -1;
    expect(demoBars('DEMO:GLOBX', '1d').close[0]).toBe(b.close[0]);
  });

  it('survives the caller transferring (detaching) the returned arrays', () => {
    const a = demoBars('DEMO:MEDIQ', '1m');
    const first = a.close[0];
    structuredClone(a.close, { transfer: [a.close.buffer] });
    expect(a.close.length).toBe(0); // detached
    expect(demoBars('DEMO:MEDIQ', '1m').close[0]).toBe(first);
  });

  it('matches hand-recorded golden values for DEMO:ACME', () => {
    // Recorded from this generator; any change to the model or seeds must update them knowingly.
    const d = daily.get('DEMO:ACME')!;
    const n = d.ts.length;
    expect(n).toBe(2516);
    expect([d.ts[0], d.open[0], d.high[0], d.low[0], d.close[0], d.volume[0]]).toEqual([
      Date.UTC(2016, 0, 4),
      84.13,
      84.67,
      83.18,
      83.72,
      3668499,
    ]);
    expect([d.ts[n - 1], d.open[n - 1], d.high[n - 1], d.low[n - 1], d.close[n - 1], d.volume[n - 1]]).toEqual([
      Date.UTC(2025, 11, 31),
      60.83,
      60.94,
      59.51,
      59.97,
      6412195,
    ]);
    const m = minute.get('DEMO:ACME')!;
    expect([m.ts[0], m.open[0], m.high[0], m.low[0], m.close[0], m.volume[0]]).toEqual([
      Date.UTC(2025, 9, 7, 9, 30),
      62.36,
      62.4,
      62.23,
      62.26,
      335443,
    ]);
    expect(daily.get('DEMO:QBIT')!.close[1000]).toBe(142.63);
  });
});

describe('bar validity (all 20 symbols, both timeframes)', () => {
  it('has valid OHLC in cents, positive integer volume, starting prices 20–400', () => {
    for (const id of ids) {
      for (const b of [daily.get(id)!, minute.get(id)!]) {
        expect(b.symbol).toBe(id);
        for (let i = 0; i < b.ts.length; i++) {
          const [o, h, l, c, v] = [b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i]];
          if (!(l > 0 && l <= Math.min(o, c) && h >= Math.max(o, c) && v > 0 && Number.isInteger(v))) {
            throw new Error(`${id} ${b.timeframe} bar ${i}: O=${o} H=${h} L=${l} C=${c} V=${v}`);
          }
          for (const p of [o, h, l, c])
            if (Math.round(p * 100) / 100 !== p) throw new Error(`${id} bar ${i}: ${p} is not in cents`);
        }
      }
      const first = daily.get(id)!.open[0];
      expect(first).toBeGreaterThanOrEqual(20);
      expect(first).toBeLessThanOrEqual(400);
    }
  });

  it('has no absurd daily moves (|log return| < 40 %)', () => {
    let worst = 0;
    for (const id of ids) for (const r of logReturns(daily.get(id)!.close)) worst = Math.max(worst, Math.abs(r));
    expect(worst).toBeLessThan(0.4);
  });
});

describe('calendar', () => {
  const d = daily.get('DEMO:ACME')!;
  const days = new Set(d.ts);

  it('has ~2515 daily bars, 2016-01-04 … 2025-12-31, midnight UTC, strictly ascending, no weekends', () => {
    expect(Math.abs(d.ts.length - 2515)).toBeLessThanOrEqual(5);
    expect(iso(d.ts[0])).toBe('2016-01-04');
    expect(iso(d.ts[d.ts.length - 1])).toBe('2025-12-31');
    for (let i = 0; i < d.ts.length; i++) {
      expect(d.ts[i] % DAY).toBe(0);
      const w = new Date(d.ts[i]).getUTCDay();
      if (w === 0 || w === 6) throw new Error(`weekend bar ${iso(d.ts[i])}`);
      if (i > 0 && !(d.ts[i] > d.ts[i - 1])) throw new Error(`not ascending at ${i}`);
    }
    for (const id of ids) expect(daily.get(id)!.ts).toEqual(d.ts);
  });

  it('skips NYSE holidays (with weekend observance) and keeps ordinary days', () => {
    const closed = [
      '2025-12-25',
      '2025-07-04',
      '2025-01-01',
      '2025-11-27',
      '2025-04-18',
      '2025-06-19',
      '2024-06-19',
      '2022-06-20',
      '2021-12-24',
      '2021-07-05',
      '2020-07-03',
      '2016-01-18',
      '2016-02-15',
      '2016-05-30',
      '2016-09-05',
    ];
    for (const s of closed) expect(days.has(Date.parse(s)), s).toBe(false);
    // A Saturday New Year (2022-01-01) is not observed on Friday 2021-12-31 (NYSE Rule 7.2).
    for (const s of ['2021-12-31', '2025-12-24', '2025-12-26', '2021-06-18', '2025-11-28'])
      expect(days.has(Date.parse(s)), s).toBe(true);
  });

  it('computes the official NYSE full-day holiday lists for 2024 and 2025', () => {
    expect(nyseHolidays(2024).map(iso)).toEqual([
      '2024-01-01',
      '2024-01-15',
      '2024-02-19',
      '2024-03-29',
      '2024-05-27',
      '2024-06-19',
      '2024-07-04',
      '2024-09-02',
      '2024-11-28',
      '2024-12-25',
    ]);
    expect(nyseHolidays(2025).map(iso)).toEqual([
      '2025-01-01',
      '2025-01-20',
      '2025-02-17',
      '2025-04-18',
      '2025-05-26',
      '2025-06-19',
      '2025-07-04',
      '2025-09-01',
      '2025-11-27',
      '2025-12-25',
    ]);
    expect(nyseHolidays(2021)).not.toContain(Date.UTC(2021, 5, 18)); // Juneteenth only from 2022
    expect(iso(easterSunday(2019))).toBe('2019-04-21');
    expect(iso(easterSunday(2038))).toBe('2038-04-25');
    expect(nyseTradingDays(Date.UTC(2025, 11, 22), Date.UTC(2025, 11, 28)).length).toBe(4);
  });
});

describe('minute bars', () => {
  it('cover the last 60 trading days, 390 bars 09:30–15:59 each', () => {
    const d = daily.get('DEMO:ACME')!;
    const m = minute.get('DEMO:ACME')!;
    expect(m.ts.length).toBe(DEMO_MINUTE_DAYS * DEMO_BARS_PER_SESSION);
    expect(m.ts.length).toBe(60 * 390);
    const first = d.ts.length - 60;
    for (let s = 0; s < 60; s++) {
      const day = new Date(d.ts[first + s]);
      for (let k = 0; k < 390; k++) {
        const want = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9, 30 + k);
        if (m.ts[s * 390 + k] !== want) throw new Error(`session ${s} bar ${k}: ${new Date(m.ts[s * 390 + k]).toISOString()}`);
      }
    }
    expect(new Date(m.ts[m.ts.length - 1]).toISOString()).toBe('2025-12-31T15:59:00.000Z');
  });

  it('aggregate exactly to the daily bars of those days (all symbols)', () => {
    for (const id of ids) {
      const d = daily.get(id)!;
      const m = minute.get(id)!;
      const first = d.ts.length - 60;
      for (let s = 0; s < 60; s++) {
        const a = s * 390;
        const t = first + s;
        let hi = -Infinity;
        let lo = Infinity;
        let vol = 0;
        for (let k = a; k < a + 390; k++) {
          hi = Math.max(hi, m.high[k]);
          lo = Math.min(lo, m.low[k]);
          vol += m.volume[k];
        }
        expect([d.open[t], d.high[t], d.low[t], d.close[t], d.volume[t]], `${id} ${iso(d.ts[t])}`).toEqual([
          m.open[a],
          hi,
          lo,
          m.close[a + 389],
          vol,
        ]);
      }
    }
  });

  it('have U-shaped intraday volume and volatility', () => {
    const m = minute.get('DEMO:HELIX')!;
    const vol = new Float64Array(390);
    const move = new Float64Array(390);
    for (let i = 0; i < m.ts.length; i++) {
      vol[i % 390] += m.volume[i];
      move[i % 390] += Math.abs(Math.log(m.close[i] / m.open[i]));
    }
    const mean = (x: Float64Array, a: number, b: number) => x.slice(a, b).reduce((s, v) => s + v, 0) / (b - a);
    for (const x of [vol, move]) {
      const mid = mean(x, 150, 240);
      expect(mean(x, 0, 15)).toBeGreaterThan(1.5 * mid);
      expect(mean(x, 375, 390)).toBeGreaterThan(1.2 * mid);
    }
  });
});

describe('market realism', () => {
  const returns = ids.map((id) => logReturns(daily.get(id)!.close));

  it('cross-correlations of daily log returns are in a plausible band', () => {
    const cs: number[] = [];
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) cs.push(corr(returns[i], returns[j]));
    cs.sort((a, b) => a - b);
    expect(cs[0]).toBeGreaterThan(0.15);
    expect(cs[cs.length - 1]).toBeLessThan(0.85);
    const median = cs[cs.length >> 1];
    expect(median).toBeGreaterThan(0.3);
    expect(median).toBeLessThan(0.7);
  });

  it('shows volatility clustering: lag-1 autocorrelation of |r| > 0.05 for every symbol', () => {
    for (const [i, r] of returns.entries()) {
      const a = r.map(Math.abs);
      expect(corr(a.subarray(1), a.subarray(0, a.length - 1)), ids[i]).toBeGreaterThan(0.05);
    }
  });

  it('has market betas spread over roughly 0.5–1.6', () => {
    const { diffusive, jump } = marketDrivers();
    const m = Float64Array.from(diffusive.subarray(1), (x, i) => x + jump[i + 1]);
    const betas = returns.map((r) => {
      let sxy = 0;
      let sxx = 0;
      for (let i = 0; i < r.length; i++) {
        sxy += r[i] * m[i];
        sxx += m[i] * m[i];
      }
      return sxy / sxx;
    });
    expect(Math.min(...betas)).toBeGreaterThan(0.35);
    expect(Math.min(...betas)).toBeLessThan(0.7);
    expect(Math.max(...betas)).toBeGreaterThan(1.4);
    expect(Math.max(...betas)).toBeLessThan(1.8);
  });

  it('has volume rising with |return| and overnight gaps, some of them big', () => {
    let big = 0;
    for (const [i, id] of ids.entries()) {
      const d = daily.get(id)!;
      expect(corr(returns[i].map(Math.abs), d.volume.subarray(1)), id).toBeGreaterThan(0.3);
      let gaps = 0;
      for (let t = 1; t < d.ts.length; t++) {
        const g = d.open[t] / d.close[t - 1] - 1;
        if (g !== 0) gaps++;
        if (Math.abs(g) > 0.05) big++;
      }
      expect(gaps / (d.ts.length - 1), id).toBeGreaterThan(0.5);
    }
    expect(big).toBeGreaterThan(20);
  });

  it('has fixed regimes including bear and turbulent periods, more volatile than bull ones', () => {
    const regimes = demoRegimes();
    expect(regimes.length).toBeGreaterThanOrEqual(5);
    const kinds = new Set(regimes.map((r) => r.kind));
    for (const k of ['bull', 'bear', 'turbulent'] as const) expect(kinds.has(k)).toBe(true);
    const d = daily.get('DEMO:ACME')!.ts;
    expect(regimes[0].start).toBe(d[0]);
    expect(regimes[regimes.length - 1].end).toBe(d[d.length - 1]);
    const index = returns[0].map((_, t) => returns.reduce((s, r) => s + r[t], 0) / returns.length);
    const sd = (kind: string) => {
      const xs: number[] = [];
      for (const r of regimes.filter((g) => g.kind === kind))
        for (let t = 1; t < d.length; t++) if (d[t] >= r.start && d[t] <= r.end) xs.push(index[t - 1]);
      return Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
    };
    expect(sd('turbulent')).toBeGreaterThan(1.5 * sd('bull'));
    expect(sd('bear')).toBeGreaterThan(sd('bull'));
  });
});

describe('deterministic math and PRNG', () => {
  it('detExp/detLog agree with Math.exp/Math.log to ~1 ulp', () => {
    const r = new Rng(42);
    let expErr = 0;
    let logErr = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = (r.uniform() - 0.5) * 1400;
      const e = Math.exp(x);
      if (e > 1e-300 && e < Infinity) expErr = Math.max(expErr, Math.abs(detExp(x) / e - 1));
      const y = Math.exp((r.uniform() - 0.5) * 1400);
      logErr = Math.max(logErr, Math.abs(detLog(y) - Math.log(y)) / Math.max(1, Math.abs(Math.log(y))));
    }
    expect(expErr).toBeLessThan(1e-15);
    expect(logErr).toBeLessThan(1e-15);
    expect(detExp(0)).toBe(1);
    expect(detLog(1)).toBe(0);
    expect(detLog(0)).toBe(-Infinity);
    expect(detLog(-1)).toBeNaN();
    expect(detExp(1000)).toBe(Infinity);
    expect(detExp(-1000)).toBe(0);
    expect(Math.abs(detLog(5e-324) - Math.log(5e-324))).toBeLessThan(1e-12);
  });

  it('Rng is seeded, reproducible, and its normals look standard', () => {
    expect(hashString('DEMO:ACME')).toBe(hashString('DEMO:ACME'));
    expect(hashString('DEMO:ACME')).not.toBe(hashString('DEMO:ACMF'));
    const a = new Rng(7);
    const b = new Rng(7);
    for (let i = 0; i < 100; i++) expect(a.u32()).toBe(b.u32());
    expect(new Rng(8).u32()).not.toBe(new Rng(7).u32());
    const z = new Rng(3).fillNormal(new Float64Array(200_000));
    let m1 = 0;
    let m2 = 0;
    for (const x of z) {
      m1 += x;
      m2 += x * x;
    }
    expect(Math.abs(m1 / z.length)).toBeLessThan(0.01);
    expect(Math.abs(m2 / z.length - 1)).toBeLessThan(0.01);
    const u = new Rng(3).fillUniform(new Float64Array(100_000));
    expect(Math.min(...u)).toBeGreaterThan(0);
    expect(Math.max(...u)).toBeLessThan(1);
  });

  it('bulk fills draw the same stream as one-at-a-time calls', () => {
    const a = new Rng(11);
    const b = new Rng(11);
    const z = a.fillNormal(new Float64Array(101));
    for (let i = 0; i < 101; i++) expect(b.normal()).toBe(z[i]);
    expect(a.normal()).toBe(b.normal()); // the odd spare carries over on both sides
    const u = a.fillUniform(new Float64Array(50));
    for (let i = 0; i < 50; i++) expect(b.uniform()).toBe(u[i]);
  });
});
