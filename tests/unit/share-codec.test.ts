// Share links (src/engine/share): encode → decode round-trips random valid links exactly (fast-check); the
// migration chain upgrades a fake v0 payload; malformed, truncated, oversized and hostile links (wrong types,
// huge numbers, deep nesting, unknown versions, zip bombs) fail with a ShareError naming the problem; 10,000
// fuzzed fragments never throw anything else; the bars hash is FNV-1a 64 and matches a byte-level reference.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import type { BacktestConfig, StopSpec } from '../../src/shared/backtest';
import type { ShareLink } from '../../src/shared/share';
import {
  base64UrlDecode,
  base64UrlEncode,
  barsHash,
  canonicalJson,
  decodeShareFragment,
  encodeShareLink,
  fnv1a64,
  jsonDepth,
  linkToRequest,
  makeShareLink,
  MAX_FRAGMENT_LENGTH,
  packPayload,
  ShareError,
  sliceByRange,
  TYPICAL_FRAGMENT_LENGTH,
  validateShareLink,
} from '../../src/engine/share/index';
import { demoBars, DEMO_SYMBOLS } from '../../src/sources/demo';
import { ENGINE_VERSION } from '../../src/engine/version';

const BARS = { hash: '0123456789abcdef', count: 2516, first: '2016-01-04', last: '2025-12-31' };
const base = (config: BacktestConfig = { strategy: { type: 'sma_cross' } }): ShareLink => ({
  source: 'demo',
  data: 'DEMO:ACME',
  timeframe: '1d',
  adjusted: true,
  session: 'regular',
  config,
  engine: ENGINE_VERSION,
  bars: BARS,
});

/** The ShareError a call throws (fails the test when it throws something else or nothing). */
function shareError(f: () => unknown): ShareError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ShareError);
    return e as ShareError;
  }
  throw new Error('expected a ShareError');
}

const pos = (min: number, max: number) => fc.double({ min, max, noNaN: true, minExcluded: true });
const period = fc.integer({ min: 2, max: 500 });
const stop: fc.Arbitrary<StopSpec> = fc.oneof(
  pos(0, 1).map((pct) => ({ pct })),
  fc.record({ atr: pos(0, 10), atr_period: fc.integer({ min: 1, max: 100 }) }, { requiredKeys: ['atr'] }),
);
const strategy = fc.oneof(
  fc.tuple(period, period).filter(([a, b]) => a < b).map(([fast, slow]) => ({ type: 'sma_cross' as const, params: { fast, slow } })),
  fc.record({ period, lower: fc.integer({ min: 1, max: 49 }), upper: fc.integer({ min: 51, max: 99 }) }).map((params) => ({ type: 'rsi_mean_reversion' as const, params })),
  fc.record({ fast: fc.integer({ min: 2, max: 20 }), slow: fc.integer({ min: 21, max: 60 }), signal: period, zero_filter: fc.boolean() }).map((params) => ({ type: 'macd_momentum' as const, params })),
  fc.record({ period, k: pos(0, 5) }).map((params) => ({ type: 'bollinger_breakout' as const, params })),
  fc.record({ p: fc.integer({ min: 2, max: 100 }), lo: fc.integer({ min: 1, max: 99 }) }).map((params) => ({
    type: 'rules' as const,
    params,
    rules: {
      entry_long: { all: [{ op: '<' as const, left: { indicator: 'RSI', params: { timeperiod: { param: 'p' } } }, right: { param: 'lo' } }, { op: 'rising' as const, left: { price: 'close' as const }, n: 3 }] },
      exit_long: { not: { op: '>' as const, left: { price: 'close' as const }, right: { indicator: 'SMA', params: { timeperiod: 50 } } } },
    },
  })),
);
const config: fc.Arbitrary<BacktestConfig> = fc.record(
  {
    strategy,
    direction: fc.constantFrom('long' as const, 'short' as const, 'long_short' as const),
    cash: pos(0, 1e9),
    fill: fc.constantFrom('next_open' as const, 'close' as const),
    sizing: fc.oneof(
      fc.constant({ mode: 'all_in' as const }),
      pos(0, 1).map((pct) => ({ mode: 'percent_equity' as const, pct })),
      pos(0, 1e6).map((units) => ({ mode: 'units' as const, units })),
      fc.record({ target: pos(0, 2), window: fc.integer({ min: 2, max: 300 }) }).map((v) => ({ mode: 'volatility_target' as const, ...v })),
    ),
    fractional: fc.boolean(),
    commission: fc.record({ rate: fc.double({ min: 0, max: 0.05, noNaN: true }), fixed: fc.integer({ min: 0, max: 20 }) }),
    slippage_bps: fc.integer({ min: 0, max: 100 }),
    spread: fc.double({ min: 0, max: 0.01, noNaN: true }),
    stop_loss: fc.option(stop, { nil: null }),
    take_profit: stop,
    trailing_stop: stop,
    stop_reference: fc.constantFrom('fill' as const, 'signal_close' as const),
    start: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constant('2018-06-01')),
  },
  { requiredKeys: ['strategy'] },
);
const link: fc.Arbitrary<ShareLink> = fc
  .record({
    data: fc.constantFrom(...DEMO_SYMBOLS.map((s) => s.id)),
    timeframe: fc.constantFrom('1m' as const, '1d' as const, '1w' as const, '1h' as const),
    adjusted: fc.boolean(),
    session: fc.constantFrom('regular' as const, 'extended' as const),
    config,
    hash: fc.stringMatching(/^[0-9a-f]{16}$/),
    count: fc.integer({ min: 1, max: 1e6 }),
    range: fc.option(fc.constant({ from: '2017-01-03', to: '2024-12-31' }), { nil: undefined }),
  })
  .map((r) => ({
    source: 'demo' as const,
    data: r.data,
    timeframe: r.timeframe,
    ...r.range,
    adjusted: r.adjusted,
    session: r.session,
    config: r.config,
    engine: ENGINE_VERSION,
    bars: { hash: r.hash, count: r.count, first: '2016-01-04', last: '2025-12-31' },
  }));

describe('share codec', () => {
  it('round-trips random valid links exactly, under the size caps', () => {
    fc.assert(
      fc.property(link, (l) => {
        const f = encodeShareLink(l);
        expect(f.startsWith('s=v2.')).toBe(true);
        expect(f.length).toBeLessThanOrEqual(MAX_FRAGMENT_LENGTH);
        expect(decodeShareFragment(f)).toEqual(l);
        expect(decodeShareFragment(`https://example.org/app/#${f}`)).toEqual(l);
      }),
      { numRuns: 300 },
    );
  });

  it('is canonical: key order does not change the fragment', () => {
    const a = base({ strategy: { type: 'sma_cross', params: { fast: 5, slow: 20 } }, cash: 5000 });
    const b = JSON.parse(JSON.stringify({ ...a, config: { cash: 5000, strategy: { params: { slow: 20, fast: 5 }, type: 'sma_cross' } } }));
    expect(encodeShareLink(b)).toBe(encodeShareLink(a));
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: undefined }] })).toBe('{"a":[2,{"d":3}],"b":1}');
  });

  it('keeps typical links small: a built-in strategy with a real bars hash', () => {
    const bars = demoBars('DEMO:ACME', '1d');
    const l = makeShareLink({ source: 'demo', data: 'DEMO:ACME', timeframe: '1d' }, { strategy: { type: 'sma_cross', params: { fast: 10, slow: 30 } } }, bars);
    const f = encodeShareLink(l);
    expect(f.length).toBeLessThan(400);
    expect(f.length).toBeLessThanOrEqual(TYPICAL_FRAGMENT_LENGTH);
    expect(linkToRequest(decodeShareFragment(f))).toEqual({ data: 'DEMO:ACME', timeframe: '1d', strategy: { type: 'sma_cross', params: { fast: 10, slow: 30 } } });
  });

  it('refuses to make a link beyond 8,000 characters and says why', () => {
    // 1,000 named parameters with pseudo-random values: valid, but far too long for a link.
    const params = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`p${(i * 7919) % 100003}`, ((i * 104729) % 99991) / 7]));
    const e = shareError(() => encodeShareLink(base({ strategy: { type: 'rules', params, rules: { entry_long: { op: '>', left: { price: 'close' }, right: 1 } } } })));
    expect(e.kind).toBe('too_long');
    expect(e.message).toMatch(/over the 8000-character limit .* strategy alone is \d+ characters/);
  });

  it('never encodes an invalid link', () => {
    expect(shareError(() => encodeShareLink(base({ strategy: { type: 'sma_cross', params: { fast: 40, slow: 30 } } }))).message).toBe(
      'config.strategy.params.fast: must be < slow (30), got 40',
    );
  });
});

describe('migrations', () => {
  // A fake version 0: {sym, tf, spec, hash} → version 1.
  const v0to1 = (p: unknown) => {
    const o = p as { sym: string; tf: string; spec: unknown; hash: string; n: number };
    return { ...base(), data: o.sym, timeframe: o.tf, config: { strategy: o.spec }, bars: { ...BARS, hash: o.hash, count: o.n } };
  };
  const v0 = packPayload(0, JSON.stringify({ sym: 'DEMO:QBIT', tf: '1w', spec: { type: 'rsi_mean_reversion' }, hash: 'ffffffffffffffff', n: 520 }));

  it('upgrades a v0 payload through the chain to a valid v1 link', () => {
    const l = decodeShareFragment(v0, { migrations: { 0: v0to1 }, version: 1 });
    expect(l.data).toBe('DEMO:QBIT');
    expect(l.timeframe).toBe('1w');
    expect(l.config).toEqual({ strategy: { type: 'rsi_mean_reversion' } });
    expect(l.bars.count).toBe(520);
  });

  it('chains several steps in order (v0 → v1 → v2)', () => {
    const seen: number[] = [];
    const l = decodeShareFragment(v0, {
      version: 2,
      migrations: {
        0: (p) => (seen.push(0), v0to1(p)),
        1: (p) => (seen.push(1), { ...(p as object), kind: 'backtest', session: 'extended' }),
      },
    });
    expect(seen).toEqual([0, 1]);
    expect(l.session).toBe('extended');
  });

  it('validates what a migration returns, and reports a failing migration', () => {
    expect(shareError(() => decodeShareFragment(v0, { migrations: { 0: () => ({ ...base(), timeframe: '2d' }) }, version: 1 })).message).toMatch(/^timeframe: must be one of/);
    expect(shareError(() => decodeShareFragment(v0, { migrations: { 0: () => { throw new Error('no sym'); } }, version: 1 })).message).toBe(
      'cannot upgrade the link from version 0 to 1: no sym',
    );
  });

  it('rejects versions without a migration path, and newer versions', () => {
    expect(shareError(() => decodeShareFragment(v0)).message).toMatch(/unknown link version 0/);
    const v9 = packPayload(9, canonicalJson(base()));
    const e = shareError(() => decodeShareFragment(v9));
    expect(e.kind).toBe('version');
    expect(e.message).toMatch(/version 9, made by a newer AlphaStrat/);
  });
});

describe('hostile and broken links', () => {
  const good = encodeShareLink(base());
  const hostile = (payload: unknown) => packPayload(1, typeof payload === 'string' ? payload : JSON.stringify(payload));

  it.each([
    ['', /not a share link/],
    ['#x=1', /not a share link/],
    ['s=1.abc', /expected s=v<version>/],
    ['s=v1.', /no data after the version/],
    ['s=v1.ab*d', /contains "\*" at position 2/],
    ['s=v1.a', /impossible base64url length/],
  ])('%j → a clear message', (input, msg) => {
    expect(shareError(() => decodeShareFragment(input)).message).toMatch(msg);
  });

  it('truncated links fail (never half-decode)', () => {
    for (let cut = 6; cut < good.length; cut++) {
      const e = shareError(() => decodeShareFragment(good.slice(0, cut)));
      expect(['corrupt', 'invalid']).toContain(e.kind);
    }
  });

  it('oversized links and zip bombs are refused before parsing', () => {
    expect(shareError(() => decodeShareFragment('s=v1.' + 'A'.repeat(MAX_FRAGMENT_LENGTH))).kind).toBe('too_long');
    const bomb = 's=v1.' + base64UrlEncode(deflateSync(new Uint8Array(5_000_000).fill(32), { level: 9 }));
    expect(bomb.length).toBeLessThan(MAX_FRAGMENT_LENGTH);
    const e = shareError(() => decodeShareFragment(bomb));
    expect(e.message).toMatch(/inflates to more than 65536 bytes/);
  });

  it('wrong types, huge numbers, unknown fields and prototype keys name the field', () => {
    const cases: [unknown, RegExp][] = [
      [[1, 2], /^link: must be an object/],
      [{ ...base(), data: 42 }, /^data: must be a symbol/],
      [{ ...base(), data: 'DEMO:NOPE' }, /^data: must be a demo symbol/],
      [{ ...base(), source: 'ftp' }, /^source: must be one of demo, polygon, yahoo, csv/],
      [{ ...base(), adjusted: 'yes' }, /^adjusted: must be true or false/],
      [{ ...base(), extra: 1 }, /^extra: unknown field/],
      [{ ...base(), bars: { ...BARS, count: 1e300 } }, /^bars\.count: must be an integer/],
      [{ ...base(), bars: { ...BARS, hash: 'XYZ' } }, /^bars\.hash: must be 16 lowercase hex digits/],
      [{ ...base(), from: '2016-02-30' }, /^from: must be an ISO date/],
      [{ ...base(), from: '2020-01-01', to: '2019-01-01' }, /^from: must not be after to/],
      [{ ...base(), config: { strategy: { type: 'sma_cross', params: { fast: 1e308 } } } }, /^config\.strategy\.params\.fast: must be 2\.\.100000/],
      [{ ...base(), config: { strategy: { type: 'sma_cross' }, cash: 1e300 } }, /^config\.cash: must be in/],
      [{ ...base(), engine: '1.0' }, /^engine: must be a version/],
    ];
    for (const [payload, msg] of cases) expect(shareError(() => decodeShareFragment(hostile(payload))).message).toMatch(msg);
    // 1e999 parses to Infinity: rejected as not a finite number
    const inf = canonicalJson(base()).replace('"count":2516', '"count":1e999');
    expect(shareError(() => decodeShareFragment(hostile(inf))).message).toMatch(/^bars\.count/);
    const proto = canonicalJson(base()).replace('"sma_cross"}', '"sma_cross","__proto__":{"x":1}}');
    expect(shareError(() => decodeShareFragment(hostile(proto))).kind).toBe('invalid');
  });

  it('deep nesting stops before JSON.parse, deep conditions stop at the validator', () => {
    expect(shareError(() => decodeShareFragment(hostile('['.repeat(5000) + ']'.repeat(5000)))).message).toMatch(/nested deeper than 100 levels/);
    let cond: unknown = { op: '>', left: 1, right: 0 };
    for (let i = 0; i < 40; i++) cond = { not: cond };
    const e = shareError(() => decodeShareFragment(hostile({ ...base(), config: { strategy: { type: 'rules', rules: { entry_long: cond } } } })));
    expect(e.message).toMatch(/^config\.strategy\.rules\.entry_long/);
    expect(jsonDepth('{"a":"[[[[","b":[{}]}')).toBe(3);
  });

  it('non-JSON and non-UTF-8 payloads are reported as damaged', () => {
    expect(shareError(() => decodeShareFragment(hostile('{"source":'))).message).toMatch(/not valid JSON/);
    const bad = 's=v1.' + base64UrlEncode(deflateSync(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])));
    expect(shareError(() => decodeShareFragment(bad)).message).toMatch(/not UTF-8/);
  });

  it('10,000 fuzzed fragments: each either decodes to a valid link or throws a ShareError, nothing else', () => {
    const seeds = [good, encodeShareLink(base({ strategy: { type: 'rules', params: { p: 3 }, rules: { entry_long: { op: "rising", left: { indicator: "SMA", params: { timeperiod: { param: "p" } } }, n: 2 } } } }))];
    const json = canonicalJson(base());
    const mutation = fc.oneof(
      // text-level edits of a valid fragment
      fc.record({ seed: fc.constantFrom(...seeds), at: fc.nat(), ch: fc.constantFrom(...'AZaz09-_.=v#%*~ \u00e9\ud83d'), op: fc.constantFrom('set', 'insert', 'delete', 'truncate', 'swap') }).map(({ seed, at, ch, op }) => {
        const i = at % seed.length;
        if (op === 'set') return seed.slice(0, i) + ch + seed.slice(i + 1);
        if (op === 'insert') return seed.slice(0, i) + ch + seed.slice(i);
        if (op === 'delete') return seed.slice(0, i) + seed.slice(i + 1);
        if (op === 'truncate') return seed.slice(0, i);
        return seed.slice(0, 5) + seed.slice(i) + seed.slice(5, i);
      }),
      // byte-level edits of the compressed payload (valid base64url, damaged DEFLATE)
      fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }).map(({ at, byte }) => {
        const bytes = base64UrlDecode(good.slice(5)).slice();
        bytes[at % bytes.length] = byte;
        return 's=v1.' + base64UrlEncode(bytes);
      }),
      // well-compressed but hostile JSON: a character of the canonical JSON replaced
      fc.record({ at: fc.nat(), ch: fc.constantFrom(...'{}[]",:0123456789-e.tfnul x') }).map(({ at, ch }) => {
        const i = at % json.length;
        return packPayload(1, json.slice(0, i) + ch + json.slice(i + 1));
      }),
      // arbitrary JSON values
      fc.jsonValue({ maxDepth: 6 }).map((v) => packPayload(1, JSON.stringify(v))),
      fc.string({ maxLength: 200 }),
    );
    let decoded = 0;
    fc.assert(
      fc.property(mutation, (f) => {
        try {
          const l = decodeShareFragment(f);
          expect(validateShareLink(l)).toEqual(l);
          decoded++;
        } catch (e) {
          if (!(e instanceof ShareError)) throw e;
          expect(e.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 10_000 },
    );
    expect(decoded).toBeLessThan(10_000);
  });
});

describe('bars hash', () => {
  it('is FNV-1a 64 (reference vectors)', () => {
    expect(fnv1a64(new Uint8Array())).toBe('cbf29ce484222325');
    expect(fnv1a64(new TextEncoder().encode('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64(new TextEncoder().encode('foobar'))).toBe('85944171f73967e8');
  });

  it('equals FNV-1a 64 over the concatenated Float64 column bytes (little-endian), NaN canonicalised', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 40 }), (xs) => {
        const col = Float64Array.from(xs);
        const cols = { ts: col, open: col.map((v) => v * 2), high: col, low: col, close: col, volume: col };
        const canon = (c: Float64Array) => new Uint8Array(c.map((v) => (Number.isNaN(v) ? NaN : v)).buffer);
        const all = [cols.ts, cols.open, cols.high, cols.low, cols.close, cols.volume].map(canon);
        const bytes = new Uint8Array(all.reduce((n, a) => n + a.length, 0));
        let o = 0;
        for (const a of all) (bytes.set(a, o), (o += a.length));
        expect(barsHash(cols)).toBe(fnv1a64(bytes));
      }),
    );
    const quiet = new Float64Array([NaN]);
    const payload = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer); // a NaN with payload bits
    expect(Number.isNaN(payload[0])).toBe(true);
    const cols = (v: Float64Array) => ({ ts: v, open: v, high: v, low: v, close: v, volume: v });
    expect(barsHash(cols(payload))).toBe(barsHash(cols(quiet)));
  });

  it('pins the demo market: DEMO:ACME 1d hashes the same on every machine', () => {
    const bars = demoBars('DEMO:ACME', '1d');
    expect(barsHash(bars)).toBe('dff6ceaa05711626');
    const cut = sliceByRange(bars, '2017-01-03', '2017-12-29');
    expect(cut.ts.length).toBe(251);
    expect(barsHash(cut)).not.toBe(barsHash(bars));
    const changed = { ...bars, close: bars.close.slice() };
    changed.close[100] += 1e-9;
    expect(barsHash(changed)).not.toBe(barsHash(bars));
  });
});
