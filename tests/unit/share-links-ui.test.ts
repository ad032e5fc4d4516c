// The Optimize and Portfolio sections' "Copy link" (src/ui/state/share-links.ts, docs/share.md § Making links in the
// page): a link built from the request the forms produce, over the bars a sweep ran on, decodes to the same request,
// its bars fingerprint is that of exactly those bars, its from/to select exactly them from the full series, and the
// decoded sweep expands to the same combinations; walk-forward and portfolio links likewise; a portfolio of strategy
// sleeves has no link and says why; a request the engine would refuse gives no link (ShareError naming the field).
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeAnyShareFragment, fragmentOf, shareBars, ShareError, sliceByRange, validateAnyShareLink } from '../../src/engine/share/index';
import { prepareSweep, type SweepRequest } from '../../src/engine/sweep/run';
import { createEngine } from '../../src/engine/index';
import { ENGINE_VERSION } from '../../src/engine/version';
import { loadKernelsNode } from '../../src/kernels/node';
import type { OptimizeRequest } from '../../src/shared/portfolio-api';
import type { ShareSweepRequest, ShareWalkForwardRequest } from '../../src/shared/share';
import type { Bars } from '../../src/shared/types';
import { buildConfig, defaultTradingInputs, strategyForm } from '../../src/ui/state/backtest-config';
import { buildSpace, defaultSpaceInputs, sweepRequest } from '../../src/ui/state/optimize-space';
import { barsLinkInfo, linkSourceOf, portfolioShareLink, shareUrl, sweepShareLink, walkForwardShareLink } from '../../src/ui/state/share-links';

const BASE = 'http://127.0.0.1:4395/?x=1#s=v2.old';
let full: Bars;
let bars: Bars;

/** The sweep request OptimizeState.run makes from the default forms (sma_cross, default trading settings). */
function formSweepRequest(): SweepRequest {
  const form = strategyForm('sma_cross');
  const params = Object.fromEntries(form.fields.map((f) => [f.name, typeof f.default === 'boolean' ? f.default : String(f.default)]));
  const t = defaultTradingInputs();
  t.commissionRate = '0.1';
  const built = buildConfig('sma_cross', params, t);
  if (!built.ok) throw new Error(built.error);
  const space = buildSpace({ ...defaultSpaceInputs(built.config.strategy, form.fields), constraints: 'fast < slow' });
  if (!space.ok) throw new Error(space.error);
  const { strategy: _s, ...base } = built.config;
  return sweepRequest(space, base, 'sortino_ratio');
}

beforeAll(async () => {
  full = createEngine(await loadKernelsNode()).demoBars('DEMO:HELIX', '1d');
  bars = sliceByRange(full, '2018-01-02', '2023-12-29');
});

describe('share links of the Optimize and Portfolio sections', () => {
  it('names the source as ShareState.linkFor does', () => {
    expect(linkSourceOf('DEMO:ACME', 'anything')).toBe('demo');
    expect(linkSourceOf('AAPL', 'Yahoo Finance (proxy)')).toBe('yahoo');
    expect(linkSourceOf('trades.csv', 'CSV import')).toBe('csv');
    expect(linkSourceOf('AAPL', 'Polygon.io')).toBe('polygon');
  });

  it('a sweep link decodes to the same request over the same bars', () => {
    const req = formSweepRequest();
    expect(req.strategy.constraints).toEqual(['fast < slow']);
    const url = shareUrl(BASE, sweepShareLink(req as unknown as ShareSweepRequest, bars, 'synthetic demo data'));
    expect(url.startsWith('http://127.0.0.1:4395/?x=1#s=v2.')).toBe(true);
    expect(url).not.toContain('old');
    const link = decodeAnyShareFragment(fragmentOf(url));
    if (link.kind !== 'sweep') throw new Error(`kind ${link.kind}`);
    expect(link.sweep).toEqual(JSON.parse(JSON.stringify(req)));
    expect(validateAnyShareLink(link)).toEqual(link);
    expect(link).toMatchObject({ source: 'demo', data: 'DEMO:HELIX', timeframe: '1d', from: '2018-01-02', to: '2023-12-29', engine: ENGINE_VERSION });
    // the link's range selects exactly the bars the sweep ran on, and their fingerprint is the link's
    const again = sliceByRange(full, link.from, link.to);
    expect(shareBars(again)).toEqual(link.bars);
    expect(link.bars).toEqual(shareBars(bars));
    expect(link.bars.count).toBeLessThan(full.ts.length);
    // the decoded request expands to the same combinations with the same settings
    const a = prepareSweep(req, bars);
    const b = prepareSweep(link.sweep, again);
    expect(b.space.combos).toEqual(a.space.combos);
    expect(b.setup).toEqual(a.setup);
    expect(b.metric).toBe('sortino_ratio');
  });

  it('a walk-forward link decodes to the same request (undefined members dropped)', () => {
    const sweep = formSweepRequest();
    const { start: _s, blocks: _b, ...rest } = sweep;
    const req: ShareWalkForwardRequest = { ...(rest as unknown as ShareWalkForwardRequest), mode: 'anchored', in_sample: 504, out_of_sample: 126, step: undefined };
    const link = decodeAnyShareFragment(fragmentOf(shareUrl(BASE, walkForwardShareLink(req, bars, 'synthetic demo data'))));
    if (link.kind !== 'walkforward') throw new Error(`kind ${link.kind}`);
    expect('step' in link.walkforward).toBe(false);
    expect(link.walkforward).toEqual(JSON.parse(JSON.stringify(req)));
    expect(link.bars).toEqual(shareBars(bars));
  });

  it('a walk-forward link whose in-sample window covers the bars is refused, naming the field', () => {
    const req = { strategy: { type: 'sma_cross', params: { fast: [5, 10], slow: 30 } }, in_sample: bars.ts.length, out_of_sample: 10 };
    expect(() => shareUrl(BASE, walkForwardShareLink(req, bars, 'synthetic demo data'))).toThrow(/walkforward\.in_sample/);
  });

  it('a sweep request the engine refuses gives no link', () => {
    const req = { strategy: { type: 'sma_cross', params: { fast: [5, 10], slow: 30 } }, metric: 'luck' } as unknown as ShareSweepRequest;
    let err: unknown;
    try {
      shareUrl(BASE, sweepShareLink(req, bars, 'synthetic demo data'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShareError);
    expect(String(err)).toContain('sweep.metric');
  });

  const OPT: OptimizeRequest = {
    expected_returns: { method: 'mean_historical', compounding: true, span: 500 },
    risk_model: { method: 'ledoit_wolf', shrinkage_target: 'constant_variance', span: 180, benchmark: 0.000079 },
    objective: { method: 'min_volatility', risk_free_rate: 0.02 },
    weight_bounds: [0, 0.4],
    l2_gamma: 0,
    frontier_points: 20,
  };

  it('a portfolio link decodes to the same universe and optimizer request', () => {
    for (const universe of [
      { kind: 'demo' as const, symbols: ['DEMO:ACME', 'DEMO:GLOBX', 'DEMO:MEDIQ'] },
      { kind: 'synthetic' as const, assets: 40, days: 500, seed: 7 },
    ]) {
      const link = decodeAnyShareFragment(fragmentOf(shareUrl(BASE, portfolioShareLink(universe, OPT))));
      expect(link).toEqual({ kind: 'portfolio', engine: ENGINE_VERSION, universe, optimize: OPT });
    }
  });

  it('a portfolio of strategy sleeves has no link and says why', () => {
    expect(() => portfolioShareLink(null, OPT)).toThrow(/strategy runs kept in this browser/);
  });

  it('refuses empty bars', () => {
    expect(() => barsLinkInfo({ ...bars, ts: new Float64Array(0) }, 'synthetic demo data')).toThrow(/no bars/);
  });
});
