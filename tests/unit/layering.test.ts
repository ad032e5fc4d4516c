// Data flows one way: a module may import only from its own layer or lower ones (see README, "Repository structure").
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const RANK: Record<string, number> = { shared: 0, kernels: 1, sources: 2, store: 3, engine: 4, ui: 5, app: 6, cli: 6, workers: 6 };
/** Packages that lower layers must not touch (UI and threading belong to ui/app/workers). */
const UI_ONLY = ['svelte', 'comlink', 'd3'];

function layerOf(file: string): string | null {
  const rel = relative(ROOT, file).split('/');
  if (rel[0] === 'workers') return 'workers';
  if (rel[0] === 'src' && rel[1] in RANK) return rel[1];
  return null;
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('layering', () => {
  const all = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'workers'))];
  it('finds the source files', () => expect(all.length).toBeGreaterThan(5));
  for (const file of all) {
    const from = layerOf(file);
    if (from === null) continue;
    it(`${relative(ROOT, file)} imports only same or lower layers`, () => {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(importRe)) {
        const spec = m[1] ?? m[2];
        if (spec.startsWith('.')) {
          const to = layerOf(resolve(dirname(file), spec));
          if (to !== null) expect(RANK[to] <= RANK[from] && to !== 'workers', `${from} → ${to} (${spec})`).toBe(true);
        } else if (RANK[from] < RANK.ui) {
          expect(UI_ONLY.some((p) => spec === p || spec.startsWith(p + '/')), `${from} imports ${spec}`).toBe(false);
        }
      }
    });
  }
});
