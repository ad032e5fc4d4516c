// Saved workspace (src/store/workspace.ts) over the in-memory backend: save/list/remove, export → import
// round trip, import never overwrites (identical items skipped, id clashes re-keyed), and every malformed file is
// rejected before anything is stored, naming the field. Also the keyboard-shortcut mapping (src/ui/components/shortcuts.ts).
import { describe, expect, it } from 'vitest';
import { memoryBackend, Workspace, WORKSPACE_FORMAT } from '../../src/store/workspace';
import { validateBacktestConfig } from '../../src/engine/spec/validate';
import { shortcutFor, stepSymbol } from '../../src/ui/components/shortcuts';

const clock = () => {
  let t = Date.UTC(2026, 0, 1);
  return () => new Date((t += 1000));
};
const sma = { strategy: { type: 'sma_cross', params: { fast: 5, slow: 20 } } };

describe('workspace', () => {
  it('saves, lists (oldest first) and removes items', async () => {
    const ws = new Workspace(memoryBackend(), clock());
    const a = await ws.save('strategies', 'A', sma);
    await ws.save('strategies', 'B', { strategy: { type: 'rsi_mean_reversion' } });
    await ws.save('watchlists', 'Tech', ['DEMO:QBIT', 'DEMO:NIMBL']);
    expect((await ws.list('strategies')).map((i) => i.name)).toEqual(['A', 'B']);
    expect(a.savedAt).toBe('2026-01-01T00:00:01.000Z');
    await ws.remove('strategies', a.id);
    expect((await ws.list('strategies')).map((i) => i.name)).toEqual(['B']);
    expect(await ws.list('watchlists')).toHaveLength(1);
  });

  it('exports and imports into another workspace; re-importing adds nothing; clashing ids get new ids', async () => {
    const src = new Workspace(memoryBackend(), clock());
    await src.save('strategies', 'A', sma);
    await src.save('runs', 'Run 1', { config: sma, stats: { sharpe_ratio: 0.4 } });
    const text = await src.exportJson();
    expect(JSON.parse(text).format).toBe(WORKSPACE_FORMAT);
    const dst = new Workspace(memoryBackend(), clock());
    const mine = await dst.save('strategies', 'Mine', sma);
    expect(await dst.importJson(text)).toEqual({ added: 2, skipped: 0 });
    expect(await dst.importJson(text)).toEqual({ added: 0, skipped: 2 });
    // a file whose item has the id of one of mine, with other content: mine stays, theirs is added under a new id
    const clash = JSON.parse(text);
    clash.items.strategies[0].id = mine.id;
    expect(await dst.importJson(JSON.stringify(clash))).toEqual({ added: 1, skipped: 1 });
    const list = await dst.list('strategies');
    expect(list.find((i) => i.id === mine.id)?.name).toBe('Mine');
    expect(list.map((i) => i.name).sort()).toEqual(['A', 'A', 'Mine']);
  });

  it('rejects malformed files before storing anything, naming the field', async () => {
    const ws = new Workspace(memoryBackend(), clock());
    const item = { id: 'x1', name: 'n', savedAt: '2026-01-01T00:00:00Z', data: sma };
    const file = (items: unknown, extra: object = {}) => JSON.stringify({ format: WORKSPACE_FORMAT, version: 1, items, ...extra });
    const validate = (kind: string, data: unknown) => void (kind === 'strategies' && validateBacktestConfig(data));
    const cases: [string, RegExp][] = [
      ['{', /not valid JSON/],
      [JSON.stringify({ format: 'other' }), /format must be "alphastrat-workspace"/],
      [file({}, { version: 2 }), /version must be 1, got 2/],
      [file({ notes: [] }), /items\.notes: unknown kind/],
      [file({ strategies: {} }), /items\.strategies: must be a list/],
      [file({ strategies: [{ ...item, id: '../x' }] }), /items\.strategies\[0\]\.id/],
      [file({ strategies: [{ ...item, savedAt: 'yesterday' }] }), /items\.strategies\[0\]\.savedAt/],
      [file({ strategies: [item, { ...item, id: 'x2', data: { strategy: { type: 'sma_cross', params: { fast: 50, slow: 20 } } } }] }), /items\.strategies\[1\]\.data: strategy\.params\.fast: must be < slow/],
    ];
    for (const [text, msg] of cases) await expect(ws.importJson(text, validate)).rejects.toThrow(msg);
    expect(await ws.list('strategies')).toEqual([]);
  });
});

describe('keyboard shortcuts', () => {
  const k = (key: string, o: Partial<Parameters<typeof shortcutFor>[0]> = {}) => shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, inField: false, ...o });
  it('maps Ctrl/Cmd+Enter, Escape, ] and [', () => {
    expect(k('Enter', { ctrlKey: true })).toBe('run');
    expect(k('Enter', { metaKey: true, inField: true })).toBe('run');
    expect(k('Enter')).toBeNull();
    expect(k('Escape', { inField: true })).toBe('cancel');
    expect(k(']')).toBe('next-symbol');
    expect(k('[')).toBe('previous-symbol');
    expect(k(']', { inField: true })).toBeNull();
    expect(k('[', { ctrlKey: true })).toBeNull();
  });
  it('steps through symbols with wrap-around', () => {
    expect(stepSymbol(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(stepSymbol(['a', 'b', 'c'], 'a', -1)).toBe('c');
    expect(stepSymbol(['a', 'b'], 'zz', 1)).toBe('a');
    expect(stepSymbol([], 'x', 1)).toBe('x');
  });
});
