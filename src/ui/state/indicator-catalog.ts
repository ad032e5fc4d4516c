// The indicator picker's list: the registry's functions grouped by TA-Lib group and filtered by a search text.
// Pure (no Svelte), so it is unit-tested.

import type { IndicatorMeta } from '../../shared/engine-api';

/**
 * TA-Lib's function groups in the order the picker lists them: price-scale studies first, then oscillators and
 * the other pane indicators, patterns, and the math groups last. Unknown groups follow, alphabetically.
 */
export const GROUP_ORDER: readonly string[] = [
  'Overlap Studies',
  'Momentum Indicators',
  'Volume Indicators',
  'Volatility Indicators',
  'Cycle Indicators',
  'Price Transform',
  'Statistic Functions',
  'Pattern Recognition',
  'Math Transform',
  'Math Operators',
];

/** One group of the picker: its TA-Lib name and its functions sorted by name. */
export interface CatalogGroup {
  group: string;
  items: IndicatorMeta[];
}

/**
 * Functions whose name or description contains every word of `query` (case-insensitive), grouped in
 * GROUP_ORDER; empty groups are left out. An empty query keeps everything.
 */
export function groupCatalog(catalog: readonly IndicatorMeta[], query: string): CatalogGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const byGroup = new Map<string, IndicatorMeta[]>();
  for (const m of catalog) {
    const text = `${m.name} ${m.description} ${m.group}`.toLowerCase();
    if (!words.every((w) => text.includes(w))) continue;
    const list = byGroup.get(m.group) ?? [];
    list.push(m);
    byGroup.set(m.group, list);
  }
  const rank = (g: string) => {
    const i = GROUP_ORDER.indexOf(g);
    return i < 0 ? GROUP_ORDER.length : i;
  };
  return [...byGroup.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((group) => ({ group, items: byGroup.get(group)!.sort((a, b) => a.name.localeCompare(b.name)) }));
}
