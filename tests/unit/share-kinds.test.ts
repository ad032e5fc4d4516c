// Share links of every kind (src/engine/share, payload version 2): a frozen version-1 backtest fragment made before
// version 2 existed still decodes to the identical link; sweep, walk-forward and portfolio links round-trip random
// valid requests exactly (fast-check); their validation uses the engine's validators and names the field; 10,000
// fuzzed fragments of the new kinds decode to a valid link or throw a ShareError, nothing else; the CLI's `share`
// encodes and decodes every kind, and a decoded sweep request runs to the same best combination as the original.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AnyShareLink, PortfolioShareLink, ShareSweepRequest, SweepShareLink, WalkForwardShareLink } from '../../src/shared/share';
import {
  base64UrlDecode,
  base64UrlEncode,
  canonicalJson,
  decodeAnyShareFragment,
  decodeShareFragment,
  encodeAnyShareLink,
  encodeShareLink,
  packPayload,
  ShareError,
  SHARE_VERSION,
  validateAnyShareLink,
} from '../../src/engine/share/index';
import { ENGINE_VERSION } from '../../src/engine/version';
import { runRequest, type CliContext } from '../../src/cli/commands';
import { LazyStoreResampler } from '../../src/cli/resampler';
import { createEngine } from '../../src/engine/index';
import { loadKernelsNode } from '../../src/kernels/node';
import { DEMO_SYMBOLS } from '../../src/sources/demo';

/** Made by `encodeShareLink` of the code before payload version 2 (commit c2bee65), for DEMO:ACME 1d. */
const V1_FRAGMENT =
  's=v1.XZDBboMwDIbfxWdADh1M4jZtPVZ7BOSCQzORhCVBW1f13edEPfXoz79___YNaP7aY-IZhhR2ruBMIcJwg8nvLsHQdqqvQJsQpYAWVV-jqvEFKrhQvAibte4nJsLuVam-7aWz0kPddrVq64OCeyWGTpulWJfBtkPEjK01MRrvckub3xxFVRAoMQzYICoZnk3gKRURrN4tY7z4kGRVNH_GFVfrZxmAjcPELo38vZt0FcU2SRZsOnGJq9k2Wng8b3JjJyD5bVx9LBc_hFiUKe9froVTIFsUutylJHVc_Q8MBxRpum55b7Q0TiFb3XNeSiTw43j6HN7eT0fJwW4xLiuxUQ0K0MHb559GfrwCAi_7SiEzv8tJ-dNsvdTJWNYSKSM1Z-Cfnv0P';
/** What that code decoded it to. */
const V1_LINK = {
  source: 'demo',
  data: 'DEMO:ACME',
  timeframe: '1d',
  adjusted: true,
  session: 'regular',
  config: {
    cash: 25000,
    commission: { fixed: 1, rate: 0.001 },
    direction: 'long_short',
    sizing: { mode: 'percent_equity', pct: 0.5 },
    slippage_bps: 5,
    stop_loss: { pct: 0.05 },
    strategy: { params: { fast: 10, slow: 30 }, type: 'sma_cross' },
  },
  engine: '0.1.0',
  bars: { hash: 'dff6ceaa05711626', count: 2516, first: '2016-01-04', last: '2025-12-31' },
  from: '2016-01-04',
  to: '2025-12-31',
};

const BARS = { hash: '0123456789abcdef', count: 2516, first: '2016-01-04', last: '2025-12-31' };
const DATA = { source: 'demo' as const, data: 'DEMO:ACME', timeframe: '1d' as const, adjusted: true, session: 'regular' as const, engine: ENGINE_VERSION, bars: BARS };
const SPACE = { type: 'sma_cross', params: { fast: { min: 5, max: 25, step: 5 }, slow: [30, 60] }, constraints: ['fast < slow'] };
const sweepLink = (sweep: ShareSweepRequest): SweepShareLink => ({ kind: 'sweep', ...DATA, sweep });
const portfolioLink = (over: Partial<PortfolioShareLink['optimize']> = {}): PortfolioShareLink => ({
  kind: 'portfolio',
  engine: ENGINE_VERSION,
  universe: { kind: 'demo', symbols: ['DEMO:ACME', 'DEMO:GLOBX', 'DEMO:SOLRS'] },
  optimize: {
    expected_returns: { method: 'mean_historical', compounding: true, span: 500 },
    risk_model: { method: 'sample_cov', shrinkage_target: 'constant_variance', span: 180, benchmark: 0.000079 },
    objective: { method: 'min_volatility', risk_free_rate: 0.02 },
    weight_bounds: [0, 1],
    l2_gamma: 0,
    frontier_points: 50,
    ...over,
  },
});
const shareError = (f: () => unknown): ShareError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ShareError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('version 1 links', () => {
  it('a frozen v1 backtest fragment decodes exactly as before version 2', () => {
    expect(SHARE_VERSION).toBe(2);
    expect(decodeShareFragment(V1_FRAGMENT)).toEqual(V1_LINK);
    expect(decodeAnyShareFragment(`https://x.org/app/#${V1_FRAGMENT}`)).toEqual({ kind: 'backtest', ...V1_LINK });
  });

  it('re-encodes as version 2 with kind "backtest" and decodes to the same link', () => {
    const f = encodeShareLink(decodeShareFragment(V1_FRAGMENT));
    expect(f.startsWith('s=v2.')).toBe(true);
    expect(decodeShareFragment(f)).toEqual(V1_LINK);
  });

  it('a v1 payload may not claim another kind, and decodeShareFragment refuses non-backtest links', () => {
    const sneaky = packPayload(1, canonicalJson({ ...V1_LINK, kind: 'sweep' }));
    expect(shareError(() => decodeAnyShareFragment(sneaky)).message).toMatch(/^kind: unknown field in a version 1 link/);
    const sweep = encodeAnyShareLink(sweepLink({ strategy: SPACE }));
    expect(shareError(() => decodeShareFragment(sweep)).message).toBe('this is a sweep link, not a backtest link');
  });
});

const paramSpace = fc.oneof(
  fc.integer({ min: 2, max: 200 }),
  fc.uniqueArray(fc.integer({ min: 2, max: 200 }), { minLength: 1, maxLength: 6 }),
  fc.record({ min: fc.integer({ min: 2, max: 20 }), span: fc.integer({ min: 0, max: 40 }), step: fc.integer({ min: 1, max: 10 }) }).map((r) => ({ min: r.min, max: r.min + r.span, step: r.step })),
);
const trading = fc.record(
  {
    direction: fc.constantFrom('long' as const, 'short' as const, 'long_short' as const),
    cash: fc.integer({ min: 100, max: 1e7 }),
    commission: fc.record({ rate: fc.constantFrom(0, 0.0005, 0.001) }),
    slippage_bps: fc.integer({ min: 0, max: 50 }),
  },
  { requiredKeys: [] },
);
const sweepReq = fc
  .record({
    period: paramSpace,
    k: fc.constantFrom(1, 1.5, 2, [1.5, 2.5]),
    trading,
    metric: fc.constantFrom(undefined, 'sharpe_ratio', 'total_return', 'sortino_ratio'),
    random: fc.option(fc.record({ max_tries: fc.integer({ min: 1, max: 50 }), seed: fc.integer({ min: -1000, max: 1000 }) }), { nil: undefined }),
  })
  .map((r): ShareSweepRequest => {
    const req: ShareSweepRequest = { ...r.trading, strategy: { type: 'bollinger_breakout', params: { period: r.period, k: r.k } } };
    if (r.metric !== undefined) req.metric = r.metric;
    if (r.random) Object.assign(req, { search: 'random', ...r.random });
    return req;
  });
const universe = fc.oneof(
  fc.uniqueArray(fc.constantFrom(...DEMO_SYMBOLS.map((s) => s.id)), { minLength: 2, maxLength: 8 }).map((symbols) => ({ kind: 'demo' as const, symbols })),
  fc.record({ kind: fc.constant('synthetic' as const), assets: fc.integer({ min: 2, max: 2000 }), days: fc.integer({ min: 30, max: 10000 }), seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }),
);
const portfolio = fc
  .record({
    universe,
    method: fc.constantFrom('max_sharpe' as const, 'min_volatility' as const, 'efficient_risk' as const, 'hrp' as const),
    rf: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
    lo: fc.option(fc.double({ min: -1, max: 0, noNaN: true }), { nil: null }),
    l2: fc.double({ min: 0, max: 10, noNaN: true }),
    points: fc.constantFrom(0, 2, 50, 500),
    risk: fc.constantFrom('sample_cov' as const, 'ledoit_wolf' as const, 'exp_cov' as const),
  })
  .map((r): PortfolioShareLink => {
    // JSON has no −0 (it reads back as 0), so the generated numbers are normalized with + 0.
    const l = portfolioLink({ objective: { method: r.method, risk_free_rate: r.rf + 0 }, weight_bounds: [r.lo === null ? null : r.lo + 0, 1], l2_gamma: r.l2 + 0, frontier_points: r.points });
    l.universe = r.universe;
    l.optimize.risk_model.method = r.risk;
    if (r.method === 'efficient_risk') l.optimize.objective.target_volatility = 0.15;
    return l;
  });

describe('round trips', () => {
  it('random sweep and walk-forward links decode to exactly what was encoded', () => {
    fc.assert(
      fc.property(sweepReq, fc.integer({ min: 20, max: 500 }), fc.integer({ min: 1, max: 200 }), (sweep, is, oos) => {
        const s = sweepLink(sweep);
        const f = encodeAnyShareLink(s);
        expect(f.startsWith('s=v2.')).toBe(true);
        expect(decodeAnyShareFragment(f)).toEqual(s);
        const wf: WalkForwardShareLink = { kind: 'walkforward', ...DATA, walkforward: { ...sweep, mode: 'anchored', in_sample: is, out_of_sample: oos } };
        expect(decodeAnyShareFragment(encodeAnyShareLink(wf))).toEqual(wf);
      }),
      { numRuns: 200 },
    );
  });

  it('random portfolio links decode to exactly what was encoded', () => {
    fc.assert(
      fc.property(portfolio, (p) => {
        const f = encodeAnyShareLink(p);
        expect(f.length).toBeLessThan(2000);
        expect(decodeAnyShareFragment(f)).toEqual(p);
      }),
      { numRuns: 300 },
    );
  });
});

describe('validation names the field', () => {
  it.each([
    [{ strategy: { ...SPACE, constraints: ['fast << slow'] } }, /^sweep\.strategy\.constraints\[0\]: /],
    [{ strategy: { type: 'sma_cross', params: { fast: [40], slow: 30 } } }, /^sweep\.strategy\.params\.fast: must be < slow \(30\), got 40/],
    [{ strategy: SPACE, metric: 'luck' }, /^sweep\.metric: must be one of total_return/],
    [{ strategy: SPACE, search: 'random' }, /^sweep\.max_tries: random search needs max_tries/],
    [{ strategy: SPACE, cash: -5 }, /^sweep\.cash: /],
    [{ strategy: SPACE, blocks: 3 }, /^sweep: blocks: must be an even integer/],
    [{ strategy: SPACE, bogus: 1 }, /^sweep\.bogus: /],
    [{ metric: 'sharpe_ratio' }, /^sweep\.strategy: missing/],
  ])('sweep %#', (sweep, message) => {
    expect(shareError(() => validateAnyShareLink(sweepLink(sweep as ShareSweepRequest))).message).toMatch(message);
  });

  it('walk-forward geometry and fields', () => {
    const wf = (w: object) => validateAnyShareLink({ kind: 'walkforward', ...DATA, walkforward: { strategy: SPACE, in_sample: 504, out_of_sample: 126, ...w } });
    expect(wf({}).kind).toBe('walkforward');
    expect(shareError(() => wf({ in_sample: 1 })).message).toMatch(/^walkforward\.in_sample: must be an integer number of bars in 2\.\./);
    expect(shareError(() => wf({ in_sample: 3000 })).message).toBe('walkforward.in_sample: must be < the number of bars (2516) to leave out-of-sample rows, got 3000');
    expect(shareError(() => wf({ mode: 'sideways' })).message).toMatch(/^walkforward\.mode: must be "rolling" or "anchored"/);
    expect(shareError(() => wf({ blocks: 4 })).message).toMatch(/^walkforward\.blocks: not used by walk-forward/);
    expect(shareError(() => wf({ start: '2017-01-03' })).message).toMatch(/^walkforward\.start: not used/);
  });

  it('portfolio universe and optimizer fields', () => {
    const p = portfolioLink();
    const bad = (patch: (l: PortfolioShareLink) => void) => {
      const l = JSON.parse(JSON.stringify(p)) as PortfolioShareLink;
      patch(l);
      return shareError(() => validateAnyShareLink(l)).message;
    };
    expect(bad((l) => (l.universe = { kind: 'demo', symbols: ['DEMO:ACME'] }))).toMatch(/^universe\.symbols: must be a list of 2\.\.64 demo symbols/);
    expect(bad((l) => (l.universe = { kind: 'demo', symbols: ['DEMO:ACME', 'DEMO:NOPE'] }))).toMatch(/^universe\.symbols\[1\]: must be a demo symbol/);
    expect(bad((l) => (l.universe = { kind: 'demo', symbols: ['DEMO:ACME', 'DEMO:ACME'] }))).toBe('universe.symbols: must not repeat a symbol');
    expect(bad((l) => (l.universe = { kind: 'synthetic', assets: 5000, days: 100, seed: 1 }))).toMatch(/^universe\.assets: must be an integer in \[2, 2000\]/);
    expect(bad((l) => ((l.optimize.objective as { method: string }).method = 'yolo'))).toMatch(/^optimize\.objective\.method: must be one of max_sharpe/);
    expect(bad((l) => (l.optimize.weight_bounds = [0.5, 0.2]))).toBe('optimize.weight_bounds: lower (0.5) must not exceed upper (0.2)');
    expect(bad((l) => (l.optimize.frontier_points = 1))).toMatch(/^optimize\.frontier_points: must be an integer in \[2, 500\], or 0/);
    expect(bad((l) => (l.optimize.objective = { method: 'efficient_risk', risk_free_rate: 0 }))).toMatch(/^optimize\.objective\.target_volatility: missing/);
    expect(bad((l) => (l.optimize.objective = { method: 'risk_parity', risk_free_rate: 0, risk_budget: { NOPE: 1 } }))).toMatch(/^optimize\.objective\.risk_budget\.NOPE: unknown name/);
    expect(bad((l) => (l.optimize.l2_gamma = 1e300))).toMatch(/^optimize\.l2_gamma: must be a number in \[0, 1e6\]/);
    expect(bad((l) => Object.assign(l.optimize, { prices: 'x.csv' }))).toMatch(/^optimize\.prices: unknown field/);
    expect(bad((l) => Object.assign(l, { bars: BARS }))).toMatch(/^bars: unknown field/);
    expect(bad((l) => ((l as unknown as { kind: string }).kind = 'report'))).toMatch(/^kind: must be one of backtest, sweep, walkforward, portfolio/);
  });
});

describe('fuzzing the new kinds', () => {
  it('10,000 fuzzed fragments: each either decodes to a valid link or throws a ShareError, nothing else', () => {
    const links: AnyShareLink[] = [
      sweepLink({ strategy: SPACE, metric: 'sortino_ratio', search: 'random', max_tries: 5, seed: 3, commission: { rate: 0.001 } }),
      { kind: 'walkforward', ...DATA, walkforward: { strategy: SPACE, mode: 'rolling', in_sample: 504, out_of_sample: 126, step: 63 } },
      portfolioLink({ objective: { method: 'risk_parity', risk_free_rate: 0.01, risk_budget: { ACME: 2 } }, sector_upper: { Technology: 0.4 } }),
    ];
    const seeds = links.map(encodeAnyShareLink);
    const jsons = links.map(canonicalJson);
    const mutation = fc.oneof(
      fc.record({ seed: fc.constantFrom(...seeds), at: fc.nat(), ch: fc.constantFrom(...'AZaz09-_.=v#%*~ \u00e9'), op: fc.constantFrom('set', 'insert', 'delete', 'truncate') }).map(({ seed, at, ch, op }) => {
        const i = at % seed.length;
        if (op === 'set') return seed.slice(0, i) + ch + seed.slice(i + 1);
        if (op === 'insert') return seed.slice(0, i) + ch + seed.slice(i);
        if (op === 'delete') return seed.slice(0, i) + seed.slice(i + 1);
        return seed.slice(0, i);
      }),
      fc.record({ seed: fc.constantFrom(...seeds), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }).map(({ seed, at, byte }) => {
        const bytes = base64UrlDecode(seed.slice(5)).slice();
        bytes[at % bytes.length] = byte;
        return 's=v2.' + base64UrlEncode(bytes);
      }),
      // the canonical JSON with one character replaced: wrong types, huge numbers, broken structure
      fc.record({ json: fc.constantFrom(...jsons), at: fc.nat(), ch: fc.constantFrom(...'{}[]",:0123456789-e.tfnul x') }).map(({ json, at, ch }) => {
        const i = at % json.length;
        return packPayload(2, json.slice(0, i) + ch + json.slice(i + 1));
      }),
      // a valid link with one field replaced by an arbitrary JSON value
      fc.record({ link: fc.constantFrom(...links), v: fc.jsonValue({ maxDepth: 4 }), at: fc.nat() }).map(({ link, v, at }) => {
        const o = JSON.parse(JSON.stringify(link)) as Record<string, unknown>;
        const inner = (o.sweep ?? o.walkforward ?? o.optimize) as Record<string, unknown>;
        const keys = Object.keys(inner);
        inner[keys[at % keys.length]] = v;
        return packPayload(2, JSON.stringify(o));
      }),
      fc.jsonValue({ maxDepth: 6 }).map((v) => packPayload(2, JSON.stringify(v))),
    );
    let decoded = 0;
    fc.assert(
      fc.property(mutation, (f) => {
        try {
          const l = decodeAnyShareFragment(f);
          expect(validateAnyShareLink(l)).toEqual(l);
          decoded++;
        } catch (e) {
          if (!(e instanceof ShareError)) throw e;
          expect(e.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 10_000 },
    );
    expect(decoded).toBeGreaterThan(0);
    expect(decoded).toBeLessThan(10_000);
  });
});

describe('CLI share of every kind', () => {
  let ctx: CliContext;
  let resampler: LazyStoreResampler;
  beforeAll(async () => {
    const engine = createEngine(await loadKernelsNode());
    resampler = new LazyStoreResampler();
    ctx = { engine: async () => engine, resampler };
  });
  afterAll(async () => resampler.close());

  it('a sweep request → fragment → the same request, which sweeps to the same best combination', async () => {
    const SW = { cmd: 'sweep', data: 'DEMO:HELIX', timeframe: '1d', from: '2018-01-02', to: '2022-12-30', strategy: SPACE, metric: 'sortino_ratio', commission: { rate: 0.001 } };
    const enc = await runRequest({ cmd: 'share', request: SW }, ctx);
    expect(enc.kind).toBe('sweep');
    expect(enc.fragment).toMatch(/^s=v2\.[A-Za-z0-9_-]+$/);
    const dec = await runRequest({ cmd: 'share', fragment: enc.fragment, verify: true }, ctx);
    expect(dec.kind).toBe('sweep');
    expect(dec.bars_match).toBe(true);
    const req = dec.request as Record<string, unknown>;
    expect(req.cmd).toBe('sweep');
    const a = await runRequest({ ...SW, workers: 0 }, ctx);
    const b = await runRequest({ ...req, workers: 0 }, ctx);
    expect(b.best).toEqual(a.best);
    expect(b.combinations).toBe(a.combinations);
  });

  it('walk-forward and portfolio requests, and errors naming the field', async () => {
    const WF = { cmd: 'walkforward', data: 'DEMO:ACME', timeframe: '1d', strategy: SPACE, in_sample: 504, out_of_sample: 126 };
    const wf = await runRequest({ cmd: 'share', request: WF }, ctx);
    const wfReq = (await runRequest({ cmd: 'share', fragment: wf.fragment }, ctx)).request;
    expect(wfReq).toEqual({ cmd: 'walkforward', data: 'DEMO:ACME', timeframe: '1d', strategy: SPACE, in_sample: 504, out_of_sample: 126 });
    const p = portfolioLink();
    const P = { cmd: 'portfolio', universe: p.universe, ...p.optimize };
    const pe = await runRequest({ cmd: 'share', request: P }, ctx);
    const pd = await runRequest({ cmd: 'share', fragment: pe.fragment, verify: true }, ctx);
    expect(pd.request).toEqual(P);
    const w = pd.weights as Record<string, number>;
    expect(Object.keys(w)).toEqual(['ACME', 'GLOBX', 'SOLRS']);
    expect(Object.values(w).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    const err = (r: object) => runRequest({ cmd: 'share', request: r }, ctx).then(() => 'no error', (e: Error) => e.message);
    expect(await err({ ...WF, top: 5 })).toMatch(/^share: unknown field request\.top; valid fields of a walkforward request/);
    expect(await err({ ...P, objective: { method: 'max_sharpe', risk_free_rate: 5 } })).toBe('share: optimize.objective.risk_free_rate: must be a fraction in (−1, 1), got 5');
    expect(await err({ cmd: 'report' })).toMatch(/^share: request\.cmd must be one of backtest, sweep, walkforward, portfolio/);
  });
});
