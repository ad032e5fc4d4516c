// The CLI's `share` and `report` commands (src/cli/share.ts) in-process over the Node engine: request → fragment →
// the same request back (and verify: the bars still hash the same), the link's backtest equals `backtest`'s, errors
// as messages naming the field, and `report` writes a self-contained tear sheet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRequest, type CliContext } from '../../src/cli/commands';
import { LazyStoreResampler } from '../../src/cli/resampler';
import { createEngine } from '../../src/engine/index';
import { loadKernelsNode } from '../../src/kernels/node';

let ctx: CliContext;
let resampler: LazyStoreResampler;
let dir: string;
beforeAll(async () => {
  const engine = createEngine(await loadKernelsNode());
  resampler = new LazyStoreResampler();
  ctx = { engine: async () => engine, resampler };
  dir = mkdtempSync(join(tmpdir(), 'alphastrat-report-'));
});
afterAll(async () => {
  await resampler.close();
  rmSync(dir, { recursive: true, force: true });
});

const REQ = { data: 'DEMO:HELIX', timeframe: '1w', from: '2018-01-01', to: '2023-12-31', strategy: { type: 'bollinger_breakout', params: { period: 20, k: 2 } }, direction: 'long_short', trailing_stop: { pct: 0.1 } };

describe('share', () => {
  it('encodes a request and decodes it back to the same backtest (same stats)', async () => {
    const enc = await runRequest({ cmd: 'share', request: REQ }, ctx);
    expect(enc.fragment).toMatch(/^s=v2\.[A-Za-z0-9_-]+$/);
    expect(enc.length).toBeLessThan(2000);
    const dec = await runRequest({ cmd: 'share', fragment: `#${enc.fragment}`, verify: true }, ctx);
    expect(dec.bars_match).toBe(true);
    expect(dec.engine_matches).toBe(true);
    const req = dec.request as Record<string, unknown>;
    // from/to become the first and last selected bar (weekly bars start on Mondays): the same rows
    expect(req.from).toBe('2018-01-01');
    expect(req.to).toBe('2023-12-25');
    const a = await runRequest({ cmd: 'backtest', ...REQ }, ctx);
    const b = await runRequest({ cmd: 'backtest', ...req }, ctx);
    expect(b.stats).toEqual(a.stats);
    expect(b.bars).toBe(a.bars);
  });

  it('answers errors naming the field', async () => {
    const err = (r: object) => runRequest({ cmd: 'share', ...r }, ctx).then(() => 'no error', (e: Error) => e.message);
    expect(await err({})).toMatch(/exactly one of "request" .* or "fragment"/);
    expect(await err({ request: REQ, fragment: 's=v1.x' })).toMatch(/exactly one of/);
    expect(await err({ request: { ...REQ, bogus: 1 } })).toMatch(/unknown field request\.bogus/);
    expect(await err({ request: { ...REQ, strategy: { type: 'sma_cross', params: { fast: 50, slow: 20 } } } })).toBe('share: config.strategy.params.fast: must be < slow (20), got 50');
    expect(await err({ fragment: 's=v1.AAAA' })).toMatch(/^share: the link is truncated/);
    expect(await err({ fragment: 's=v7.AAAA' })).toMatch(/^share: this link is version 7/);
    expect(await err({ fragment: 's=v1.x', source: 'demo' })).toMatch(/source applies to encoding/);
  });
});

describe('report', () => {
  it('writes one self-contained HTML tear sheet with every chart', async () => {
    const out = join(dir, 'report.html');
    const r = await runRequest({ cmd: 'report', ...REQ, out, title: 'Helix bands' }, ctx);
    expect(r.out).toBe(out);
    expect(r.charts).toHaveLength(10);
    const html = readFileSync(out, 'utf8');
    expect(r.bytes).toBe(Buffer.byteLength(html));
    expect(html).toContain('<h1>Helix bands</h1>');
    expect((html.match(/<svg /g) ?? []).length).toBe(10);
    expect(html).not.toMatch(/<script|\ssrc=|\shref=/);
    expect(html).toContain(`#${r.fragment as string}`);
    const bt = await runRequest({ cmd: 'backtest', ...REQ }, ctx);
    expect(r.stats).toEqual(bt.stats);
  });

  it('needs an .html out', async () => {
    await expect(runRequest({ cmd: 'report', ...REQ }, ctx)).rejects.toThrow(/out must be a file name ending in \.html/);
    await expect(runRequest({ cmd: 'report', ...REQ, out: 'x.pdf' }, ctx)).rejects.toThrow(/got "x\.pdf"/);
  });
});
