// A small interpreter of the JSON Schema subset that ts-json-schema-generator emits for src/shared/backtest.ts
// ($ref, type, const, enum, properties, required, additionalProperties, items, anyOf, plus minimum/maximum and
// their exclusive forms should the types gain @minimum tags). It walks a value once, returns a clean copy (plain
// objects and arrays only, unknown fields rejected) and throws a SpecError naming the dotted path on the first
// violation. Unions are resolved by their discriminating field (`type`, `mode`, `op`) or, failing that, by the
// keys the value has, so a mistake is reported against the branch the author meant rather than as a list of
// every branch's complaints. Depth and size are bounded before anything can recurse without limit.

/** A spec rejected for bad input: `path` is the dotted field path, `rule` what it must satisfy and what it got. */
export class SpecError extends Error {
  override name = 'SpecError';
  constructor(
    readonly path: string,
    readonly rule: string,
  ) {
    super(`${path}: ${rule}`);
  }
}

/** The schema node shape this interpreter understands (draft-07 keywords as the generator writes them). */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  description?: string;
  $comment?: string;
}

/** Every keyword the interpreter implements; a test checks the generated schema uses no other. */
export const SUPPORTED_KEYWORDS: readonly string[] = [
  '$schema',
  '$comment',
  '$ref',
  'definitions',
  'description',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
];

/** Limits on one named definition (e.g. Condition): how deep it may nest and how often it may occur in one value. */
export interface RefLimit {
  depth: number;
  count: number;
  /** Noun for messages, e.g. 'conditions'. */
  noun: string;
}

/** Keys that could reach Object.prototype if a consumer copied them naively; rejected in every object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Hard cap on JSON nesting whatever the schema allows, so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 128;

/** Formats a rejected value for a message: numbers as JS prints them, everything else as (truncated) JSON. */
export function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint' || v === undefined) return String(v);
  if (typeof v === 'function' || typeof v === 'symbol') return typeof v;
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = Object.prototype.toString.call(v);
  }
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

/** `a.b` / `a[3]` path joining; the root path may be empty. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** True for `{}`-like objects (prototype Object.prototype or null), not arrays, typed arrays, dates or class instances. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Validates `value` against `definitions[name]` and returns a structural copy of it; throws SpecError at the
 * first violation, its path starting at `path` (e.g. 'strategy'). `limits` bound named definitions.
 */
export function checkAgainst(
  definitions: Readonly<Record<string, SchemaNode>>,
  name: string,
  value: unknown,
  path: string,
  limits: Readonly<Record<string, RefLimit>> = {},
): unknown {
  const active: Record<string, number> = {};
  const seen: Record<string, number> = {};
  const fail = (p: string, rule: string): never => {
    throw new SpecError(p === '' ? '(root)' : p, rule);
  };

  const deref = (s: SchemaNode): SchemaNode => {
    let node = s;
    for (let hops = 0; node.$ref !== undefined; hops++) {
      const target = definitions[node.$ref.replace('#/definitions/', '')];
      if (target === undefined || hops > 16) throw new Error(`schema: unresolvable $ref ${node.$ref}`);
      node = target;
    }
    return node;
  };

  const check = (schema: SchemaNode, v: unknown, p: string, depth: number): unknown => {
    if (depth > MAX_DEPTH) fail(p, `nested deeper than ${MAX_DEPTH} levels`);
    const ref = schema.$ref?.replace('#/definitions/', '');
    const limit = ref !== undefined ? limits[ref] : undefined;
    if (ref !== undefined && limit !== undefined) {
      active[ref] = (active[ref] ?? 0) + 1;
      seen[ref] = (seen[ref] ?? 0) + 1;
      if (active[ref] > limit.depth) fail(p, `${limit.noun} nest deeper than ${limit.depth} levels`);
      if (seen[ref] > limit.count) fail(p, `more than ${limit.count} ${limit.noun} in one spec`);
      try {
        return checkNode(deref(schema), v, p, depth);
      } finally {
        active[ref]--;
      }
    }
    return checkNode(deref(schema), v, p, depth);
  };

  const checkNode = (s: SchemaNode, v: unknown, p: string, depth: number): unknown => {
    if (s.anyOf !== undefined) return check(pickBranch(flatten(s.anyOf), v, p, depth), v, p, depth + 1);
    if (s.const !== undefined && v !== s.const) fail(p, `must be ${show(s.const)}, got ${show(v)}`);
    if (s.enum !== undefined && !s.enum.includes(v)) fail(p, `must be one of ${s.enum.map(show).join(', ')}; got ${show(v)}`);
    const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
    if (types.length > 0 && !types.some((t) => hasType(t, v))) fail(p, `must be ${typeWords(types)}, got ${show(v)}`);
    if (typeof v === 'number') checkRange(s, v, p);
    if (Array.isArray(v)) return v.map((item, i) => (s.items ? check(s.items, item, join(p, i), depth + 1) : item));
    if (isPlainObject(v)) return checkObject(s, v, p, depth);
    return v;
  };

  const checkRange = (s: SchemaNode, v: number, p: string): void => {
    if (s.minimum !== undefined && v < s.minimum) fail(p, `must be ≥ ${s.minimum}, got ${show(v)}`);
    if (s.maximum !== undefined && v > s.maximum) fail(p, `must be ≤ ${s.maximum}, got ${show(v)}`);
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) fail(p, `must be > ${s.exclusiveMinimum}, got ${show(v)}`);
    if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) fail(p, `must be < ${s.exclusiveMaximum}, got ${show(v)}`);
  };

  const checkObject = (s: SchemaNode, v: Record<string, unknown>, p: string, depth: number): Record<string, unknown> => {
    const props = s.properties ?? {};
    const out: Record<string, unknown> = {};
    const keys = Object.keys(v);
    for (const k of keys) {
      if (FORBIDDEN_KEYS.has(k)) fail(join(p, k), 'forbidden key');
      if (!Object.prototype.hasOwnProperty.call(props, k) && s.additionalProperties === false) {
        const valid = Object.keys(props);
        fail(join(p, k), `unknown field; valid: ${valid.length ? valid.join(', ') : '(none)'}`);
      }
    }
    for (const r of s.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(v, r) || v[r] === undefined) fail(join(p, r), 'required');
    }
    for (const k of keys) {
      if (v[k] === undefined) continue; // an explicit undefined (JS callers only) means absent, as in TypeScript
      const sub = Object.prototype.hasOwnProperty.call(props, k) ? props[k] : s.additionalProperties;
      out[k] = typeof sub === 'object' ? check(sub, v[k], join(p, k), depth + 1) : v[k];
    }
    return out;
  };

  /** The branch of a union the value is meant for; throws when none can be (the message lists the shapes). */
  const pickBranch = (branches: SchemaNode[], v: unknown, p: string, depth: number): SchemaNode => {
    const resolved = branches.map(deref);
    if (!isPlainObject(v)) {
      const fits = branches.filter((_, i) => typesOf(resolved[i]).some((t) => hasType(t, v)));
      for (const b of fits) {
        try {
          check(b, v, p, depth + 1); // primitives and arrays of primitives: cheap, shallow trials
          return b;
        } catch (e) {
          if (!(e instanceof SpecError) || fits.length === 1) throw e;
        }
      }
      return fail(p, `must be ${describeUnion(resolved)}; got ${show(v)}`);
    }
    const objects = resolved.filter((r) => typesOf(r).includes('object'));
    const disc = discriminator(objects);
    if (disc !== null && !Object.prototype.hasOwnProperty.call(v, disc)) {
      return fail(
        join(p, disc),
        `required; one of ${objects
          .flatMap((r) => allowedValues(r, disc))
          .map(show)
          .join(', ')}`,
      );
    }
    let best = -1;
    let bestScore = 0;
    const mismatched: string[] = [];
    resolved.forEach((r, i) => {
      if (!typesOf(r).includes('object')) return;
      const props = r.properties ?? {};
      let score = 0;
      for (const [k, ps] of Object.entries(props)) {
        const d = deref(ps);
        const discriminating = d.const !== undefined || d.enum !== undefined;
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        if (discriminating) {
          if (d.const !== undefined ? v[k] !== d.const : !d.enum!.includes(v[k])) {
            mismatched.push(k);
            return;
          }
          score += 1000;
        } else score += 1;
      }
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    if (best >= 0) return branches[best];
    if (mismatched.length > 0) {
      const key = mismatched[0];
      const allowed = [...new Set(objects.flatMap((r) => allowedValues(r, key)))];
      return fail(join(p, key), `must be one of ${allowed.map(show).join(', ')}; got ${show(v[key])}`);
    }
    // The only object shape, with every field optional (e.g. `risk`): `{}` fits it, and its own check names an
    // unknown field better than the list of shapes would.
    if (objects.length === 1 && (objects[0].required ?? []).length === 0) return branches[resolved.indexOf(objects[0])];
    return fail(p, `must be ${describeUnion(resolved)}; got ${show(v)}`);
  };

  /** Nested unions (a union member that is itself a union, e.g. StopSpec | null) as one flat list. */
  const flatten = (branches: SchemaNode[]): SchemaNode[] =>
    branches.flatMap((b) => {
      const d = deref(b);
      return d.anyOf !== undefined ? flatten(d.anyOf) : [b];
    });
  const typesOf = (s: SchemaNode): string[] => (s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);
  const allowedValues = (s: SchemaNode, key: string): unknown[] => {
    const ps = s.properties?.[key];
    if (ps === undefined) return [];
    const d = deref(ps);
    return d.const !== undefined ? [d.const] : (d.enum ?? []);
  };
  /** A property every object branch discriminates on (e.g. `type`), or null. */
  const discriminator = (objects: SchemaNode[]): string | null => {
    const first = objects[0]?.properties ?? {};
    for (const k of Object.keys(first)) {
      if (objects.every((o) => allowedValues(o, k).length > 0)) return k;
    }
    return null;
  };
  const describeUnion = (resolved: SchemaNode[]): string => {
    const shapes = resolved.map((r) => {
      const t = typesOf(r);
      if (t.includes('object')) {
        // Required keys; a discriminating constant shows its value: {type: "rules", rules}.
        const keys = (r.required ?? []).map((k) => {
          const c = allowedValues(r, k);
          return c.length === 1 ? `${k}: ${show(c[0])}` : k;
        });
        return `{${keys.join(', ')}}`;
      }
      return typeWords(t);
    });
    return shapes.length > 1 ? `${shapes.slice(0, -1).join(', ')} or ${shapes[shapes.length - 1]}` : shapes[0];
  };

  const root = definitions[name];
  if (root === undefined) throw new Error(`schema: no definition ${name}`);
  return check({ $ref: `#/definitions/${name}` }, value, path, 0);
}

function hasType(t: string, v: unknown): boolean {
  switch (t) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isPlainObject(v);
    default:
      throw new Error(`schema: unsupported type ${t}`);
  }
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a finite number',
  integer: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  null: 'null',
  array: 'an array',
  object: 'an object',
};

function typeWords(types: readonly string[]): string {
  const w = types.map((t) => TYPE_WORDS[t] ?? t);
  return w.length > 1 ? `${w.slice(0, -1).join(', ')} or ${w[w.length - 1]}` : w[0];
}
