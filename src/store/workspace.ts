// Saved workspaces (docs/share.md § Workspace): strategies, runs, portfolios and watchlists the user keeps, in
// IndexedDB (idb) behind a tiny backend interface that tests swap for an in-memory one, with export to and import
// from one JSON file. Import adds and never overwrites: an item whose id exists with other content gets a new id.
import type { IDBPDatabase } from 'idb';

/** The kinds of saved things, one IndexedDB object store each. */
export const WORKSPACE_KINDS = ['strategies', 'runs', 'portfolios', 'watchlists'] as const;
export type WorkspaceKind = (typeof WORKSPACE_KINDS)[number];

/** One saved thing: `data` is plain JSON (a BacktestConfig for a strategy, config + stats for a run, …). */
export interface WorkspaceItem {
  id: string;
  kind: WorkspaceKind;
  name: string;
  /** ISO time it was saved. */
  savedAt: string;
  data: unknown;
}

/** Where items live: IndexedDB in the page, memory in tests. */
export interface WorkspaceBackend {
  all(kind: WorkspaceKind): Promise<WorkspaceItem[]>;
  put(item: WorkspaceItem): Promise<void>;
  delete(kind: WorkspaceKind, id: string): Promise<void>;
}

/** The export file's `format` and `version`. */
export const WORKSPACE_FORMAT = 'alphastrat-workspace';
export const WORKSPACE_VERSION = 1;
/** Largest import file accepted, characters. */
export const MAX_IMPORT_CHARS = 50_000_000;

/** A backend in memory (tests, and the page when IndexedDB is unavailable). */
export function memoryBackend(): WorkspaceBackend {
  const maps = new Map<WorkspaceKind, Map<string, WorkspaceItem>>(WORKSPACE_KINDS.map((k) => [k, new Map()]));
  return {
    all: async (kind) => [...maps.get(kind)!.values()].map((i) => structuredClone(i)),
    put: async (item) => void maps.get(item.kind)!.set(item.id, structuredClone(item)),
    delete: async (kind, id) => void maps.get(kind)!.delete(id),
  };
}

/** The IndexedDB backend: database 'alphastrat-workspace', one object store per kind keyed by id. */
export async function idbBackend(): Promise<WorkspaceBackend> {
  const { openDB } = await import('idb');
  const db: IDBPDatabase = await openDB('alphastrat-workspace', 1, {
    upgrade(d) {
      for (const k of WORKSPACE_KINDS) if (!d.objectStoreNames.contains(k)) d.createObjectStore(k, { keyPath: 'id' });
    },
  });
  return {
    all: async (kind) => (await db.getAll(kind)) as WorkspaceItem[],
    put: async (item) => void (await db.put(item.kind, item)),
    delete: async (kind, id) => db.delete(kind, id),
  };
}

/** Checks a `data` value of `kind` before it is stored (the UI passes the engine's spec validation). */
export type ItemValidator = (kind: WorkspaceKind, data: unknown) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A new random id (time-ordered prefix, random suffix). */
export function newItemId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Saved items over a backend, with JSON export/import. */
export class Workspace {
  readonly #backend: WorkspaceBackend;
  readonly #now: () => Date;

  constructor(backend: WorkspaceBackend, now: () => Date = () => new Date()) {
    this.#backend = backend;
    this.#now = now;
  }

  /** Saves `data` under `name` as a new item and returns it. */
  async save(kind: WorkspaceKind, name: string, data: unknown): Promise<WorkspaceItem> {
    const item: WorkspaceItem = { id: newItemId(), kind, name, savedAt: this.#now().toISOString(), data: JSON.parse(JSON.stringify(data)) };
    await this.#backend.put(item);
    return item;
  }

  /** Items of one kind, oldest first. */
  async list(kind: WorkspaceKind): Promise<WorkspaceItem[]> {
    return (await this.#backend.all(kind)).sort((a, b) => a.savedAt.localeCompare(b.savedAt) || a.id.localeCompare(b.id));
  }

  /** Deletes one item. */
  remove(kind: WorkspaceKind, id: string): Promise<void> {
    return this.#backend.delete(kind, id);
  }

  /** Every item as the export file's JSON text: {format, version, exported, items: {strategies: […], …}}. */
  async exportJson(): Promise<string> {
    const items: Record<string, WorkspaceItem[]> = {};
    for (const k of WORKSPACE_KINDS) items[k] = await this.list(k);
    return JSON.stringify({ format: WORKSPACE_FORMAT, version: WORKSPACE_VERSION, exported: this.#now().toISOString(), items }, null, 1);
  }

  /**
   * Adds the items of an export file; throws naming the bad field before storing anything. Identical items already
   * present are skipped; an item whose id is taken by other content is stored under a new id (nothing is overwritten).
   */
  async importJson(text: string, validate?: ItemValidator): Promise<{ added: number; skipped: number }> {
    if (text.length > MAX_IMPORT_CHARS) throw new Error(`workspace file: larger than ${MAX_IMPORT_CHARS} characters`);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new Error('workspace file: not valid JSON');
    }
    if (!isObject(doc) || doc.format !== WORKSPACE_FORMAT) throw new Error(`workspace file: format must be "${WORKSPACE_FORMAT}"`);
    if (doc.version !== WORKSPACE_VERSION) throw new Error(`workspace file: version must be ${WORKSPACE_VERSION}, got ${JSON.stringify(doc.version)}`);
    if (!isObject(doc.items)) throw new Error('workspace file: items must be an object of lists');
    const incoming: WorkspaceItem[] = [];
    for (const [kind, list] of Object.entries(doc.items)) {
      if (!(WORKSPACE_KINDS as readonly string[]).includes(kind)) throw new Error(`workspace file: items.${kind}: unknown kind; valid: ${WORKSPACE_KINDS.join(', ')}`);
      if (!Array.isArray(list)) throw new Error(`workspace file: items.${kind}: must be a list`);
      list.forEach((x, i) => incoming.push(checkItem(x, kind as WorkspaceKind, `items.${kind}[${i}]`, validate)));
    }
    let added = 0;
    let skipped = 0;
    for (const kind of WORKSPACE_KINDS) {
      const existing = new Map((await this.#backend.all(kind)).map((i) => [i.id, JSON.stringify(i)]));
      for (const item of incoming.filter((i) => i.kind === kind)) {
        const same = existing.get(item.id);
        if (same === JSON.stringify(item)) {
          skipped++;
          continue;
        }
        const stored = same === undefined ? item : { ...item, id: newItemId() };
        await this.#backend.put(stored);
        existing.set(stored.id, JSON.stringify(stored));
        added++;
      }
    }
    return { added, skipped };
  }
}

function checkItem(x: unknown, kind: WorkspaceKind, path: string, validate?: ItemValidator): WorkspaceItem {
  if (!isObject(x)) throw new Error(`workspace file: ${path}: must be an object {id, name, savedAt, data}`);
  if (typeof x.id !== 'string' || !/^[\w.:-]{1,64}$/.test(x.id)) throw new Error(`workspace file: ${path}.id: must be 1..64 letters, digits or .:_-`);
  if (typeof x.name !== 'string' || x.name.length > 200) throw new Error(`workspace file: ${path}.name: must be text of at most 200 characters`);
  if (typeof x.savedAt !== 'string' || Number.isNaN(Date.parse(x.savedAt))) throw new Error(`workspace file: ${path}.savedAt: must be an ISO time`);
  if (x.kind !== undefined && x.kind !== kind) throw new Error(`workspace file: ${path}.kind: must be "${kind}" (the list it is in)`);
  if (x.data === undefined) throw new Error(`workspace file: ${path}.data: missing`);
  try {
    validate?.(kind, x.data);
  } catch (e) {
    throw new Error(`workspace file: ${path}.data: ${(e as Error).message}`);
  }
  return { id: x.id, kind, name: x.name, savedAt: x.savedAt, data: x.data };
}
