// Hierarchical risk parity as PyPortfolioOpt 1.5.6's HRPOpt.optimize (López de Prado 2016): distance
// √(clip((1 − ρ)/2, 0, 1)) from the pairwise correlation, single linkage (scipy's minimum-spanning-tree algorithm
// and labelling, so ties and child order match scipy), quasi-diagonal order = the tree's leaves in pre-order,
// recursive bisection of that ordered list with inverse-variance weights inside each half, on the DAILY covariance.

/** One scipy linkage row: the two merged cluster ids (smaller first), the distance and the new cluster's size. */
export type LinkageRow = [number, number, number, number];

/** scipy.cluster.hierarchy.linkage(squareform(dist), "single") for a full n×n distance matrix (row-major). */
export function singleLinkage(dist: Float64Array, n: number): LinkageRow[] {
  const rows: [number, number, number][] = [];
  const merged = new Uint8Array(n);
  const D = new Float64Array(n).fill(Infinity);
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    let best = Infinity;
    let y = -1;
    merged[x] = 1;
    for (let i = 0; i < n; i++) {
      if (merged[i]) continue;
      const d = dist[Math.min(x, i) * n + Math.max(x, i)];
      if (D[i] > d) D[i] = d;
      if (D[i] < best) {
        best = D[i];
        y = i;
      }
    }
    if (y < 0) throw new Error('HRP: distances must be finite (a pair of assets shares no returns?)');
    rows.push([x, y, D[y]]);
    x = y;
  }
  // Stable sort by distance (numpy argsort kind="mergesort"), then relabel with union–find as scipy's label().
  const order = rows.map((_, i) => i).sort((a, b) => rows[a][2] - rows[b][2] || a - b);
  const parent = new Int32Array(2 * n - 1).map((_, i) => i);
  const size = new Int32Array(2 * n - 1).fill(1);
  const find = (v: number): number => {
    let r = v;
    while (parent[r] !== r) r = parent[r];
    while (parent[v] !== r) {
      const nx = parent[v];
      parent[v] = r;
      v = nx;
    }
    return r;
  };
  return order.map((o, i) => {
    const a = find(rows[o][0]);
    const b = find(rows[o][1]);
    const id = n + i;
    parent[a] = id;
    parent[b] = id;
    size[id] = size[a] + size[b];
    return [Math.min(a, b), Math.max(a, b), rows[o][2], size[id]];
  });
}

/** Leaf ids of the linkage tree in pre-order (left = first id of each row): scipy to_tree(link).pre_order(). */
export function quasiDiagOrder(link: readonly LinkageRow[], n: number): number[] {
  if (n === 1) return [0];
  const out: number[] = [];
  const stack = [n + link.length - 1];
  while (stack.length) {
    const v = stack.pop()!;
    if (v < n) out.push(v);
    else {
      const [a, b] = link[v - n];
      stack.push(b, a);
    }
  }
  return out;
}

function clusterVar(cov: Float64Array, n: number, items: readonly number[]): number {
  const w = items.map((i) => 1 / cov[i * n + i]);
  const s = w.reduce((a, v) => a + v, 0);
  let v = 0;
  for (let a = 0; a < items.length; a++) for (let b = 0; b < items.length; b++) v += (w[a] / s) * cov[items[a] * n + items[b]] * (w[b] / s);
  return v;
}

/** HRPOpt._raw_hrp_allocation: recursive bisection of the ordered list, α = 1 − V₁/(V₁ + V₂) for the first half. */
export function hrpAllocation(cov: Float64Array, n: number, ordered: readonly number[]): Float64Array {
  const w = new Float64Array(n).fill(1);
  let clusters: number[][] = [ordered.slice()];
  while (clusters.length > 0) {
    const next: number[][] = [];
    for (const c of clusters) {
      if (c.length <= 1) continue;
      const h = c.length >> 1;
      next.push(c.slice(0, h), c.slice(h));
    }
    clusters = next;
    for (let i = 0; i < clusters.length; i += 2) {
      const v1 = clusterVar(cov, n, clusters[i]);
      const v2 = clusterVar(cov, n, clusters[i + 1]);
      const alpha = 1 - v1 / (v1 + v2);
      for (const j of clusters[i]) w[j] *= alpha;
      for (const j of clusters[i + 1]) w[j] *= 1 - alpha;
    }
  }
  return w;
}

/** HRP weights from a correlation and a covariance (both n×n): HRPOpt.optimize with linkage_method="single". */
export function hrp(corr: Float64Array, cov: Float64Array, n: number): { weights: Float64Array; order: number[]; linkage: LinkageRow[] } {
  const dist = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) dist[k] = Math.sqrt(Math.min(1, Math.max(0, (1 - corr[k]) / 2)));
  for (let i = 0; i < n; i++) dist[i * n + i] = 0;
  const linkage = singleLinkage(dist, n);
  const order = quasiDiagOrder(linkage, n);
  return { weights: hrpAllocation(cov, n, order), order, linkage };
}
