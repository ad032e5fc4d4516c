// Parameter spaces of a sweep (docs/optimize.md § Parameter spaces): a strategy spec whose params may be ranges
// {"min","max","step"} (both ends included), lists [v, …] or fixed values, plus constraints between parameters, and
// a grid or seeded random search. expandSpace turns it into concrete StrategySpecs, each validated by
// src/engine/spec/validate.ts, in grid order: the params' key order, the first key varying slowest.
import type { RuleSet, StrategySpec, StrategyType } from '../../shared/backtest';
import { Rng } from '../../sources/random';
import { SpecError, isPlainObject } from '../spec/schema-check';
import { validateStrategy } from '../spec/validate';
import { parseConstraint, satisfies, type Constraint } from './constraints';

/** A parameter value of a concrete strategy. */
export type ParamValue = number | boolean;

/** An inclusive arithmetic range: min, min + step, …, up to max (included when it lies on the grid). */
export interface ParamRange {
  min: number;
  max: number;
  step: number;
}

/** One parameter's space: a fixed value, a list of values, or a range. */
export type ParamSpace = ParamValue | ParamValue[] | ParamRange;

/** A strategy spec whose params may be spaces, with constraints such as "fast < slow". */
export interface StrategySpace {
  type: StrategyType;
  params?: Record<string, ParamSpace>;
  /** Only for type 'rules'. */
  rules?: RuleSet;
  /** Comparisons between parameters (or a parameter and a number) every combination must satisfy. */
  constraints?: string[];
}

/** How combinations are drawn: every one (grid) or `max_tries` distinct ones at random, seeded. */
export interface SearchOptions {
  /** Default 'grid'. */
  search?: 'grid' | 'random';
  /** Random search: number of distinct combinations, 1..MAX_COMBINATIONS. Grid: an upper bound (error if exceeded). */
  max_tries?: number;
  /** Random search seed (integer). Default 1. */
  seed?: number;
}

/** The expanded space: parameter names (all, in key order), values per combination and the concrete specs. */
export interface ExpandedSpace {
  names: string[];
  /** Names of the parameters with more than one value (the free parameters). */
  free: string[];
  /** combos[k][p]: value of parameter names[p] in combination k. */
  combos: ParamValue[][];
  specs: StrategySpec[];
  /** Combinations satisfying the constraints before random sampling. */
  gridSize: number;
}

/** Most combinations a sweep may run. */
export const MAX_COMBINATIONS = 1_000_000;
/** Most raw grid points (before constraints) enumerated. */
export const MAX_GRID_POINTS = 5_000_000;
/** Most values one range or list may hold. */
export const MAX_VALUES_PER_PARAM = 100_000;

/** Decimal places of a number's shortest round-trip form (0.1 → 1, 1e-7 → 7, 5 → 0). */
function decimals(x: number): number {
  const s = String(Math.abs(x));
  const e = s.match(/e-(\d+)$/);
  if (e) return Number(e[1]) + (s.split('e')[0].split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

/**
 * Values of a range: min + k·step for k = 0, 1, … while ≤ max (max included when within 1e-9 steps of the grid),
 * each rounded to the decimals of min and step, so 0.1 steps give 0.3, never 0.30000000000000004.
 */
export function rangeValues(r: unknown, path: string): number[] {
  if (!isPlainObject(r)) throw new SpecError(path, `must be a number, a list or {"min","max","step"}, got ${JSON.stringify(r)}`);
  for (const k of Object.keys(r)) if (!['min', 'max', 'step'].includes(k)) throw new SpecError(`${path}.${k}`, 'unknown field; a range has min, max, step');
  for (const k of ['min', 'max', 'step'] as const) {
    if (typeof r[k] !== 'number' || !Number.isFinite(r[k])) throw new SpecError(`${path}.${k}`, `must be a finite number, got ${JSON.stringify(r[k])}`);
  }
  const { min, max, step } = r as unknown as ParamRange;
  if (!(step > 0)) throw new SpecError(`${path}.step`, `must be > 0, got ${step}`);
  if (max < min) throw new SpecError(`${path}.max`, `must be ≥ min (${min}), got ${max}`);
  const count = Math.floor((max - min) / step + 1e-9) + 1;
  if (count > MAX_VALUES_PER_PARAM) throw new SpecError(path, `holds ${count} values, at most ${MAX_VALUES_PER_PARAM}`);
  const d = Math.max(decimals(min), decimals(step));
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const v = min + k * step;
    out.push(d <= 15 ? Number(v.toFixed(d)) : v);
  }
  return out;
}

function paramValues(v: unknown, path: string): ParamValue[] {
  const scalar = (x: unknown, p: string): ParamValue => {
    if (typeof x === 'boolean') return x;
    if (typeof x === 'number' && Number.isFinite(x)) return x;
    throw new SpecError(p, `must be a finite number or a boolean, got ${JSON.stringify(x)}`);
  };
  if (Array.isArray(v)) {
    if (v.length === 0) throw new SpecError(path, 'must list at least one value');
    if (v.length > MAX_VALUES_PER_PARAM) throw new SpecError(path, `lists ${v.length} values, at most ${MAX_VALUES_PER_PARAM}`);
    const vals = v.map((x, i) => scalar(x, `${path}[${i}]`));
    if (new Set(vals).size !== vals.length) throw new SpecError(path, `lists a value twice: ${JSON.stringify(v)}`);
    return vals;
  }
  if (isPlainObject(v)) return rangeValues(v, path);
  return [scalar(v, path)];
}

/** Throws naming the field unless `o` is valid search options; returns them with defaults filled. */
export function resolveSearch(o: SearchOptions): Required<SearchOptions> & { max_tries: number } {
  const search = o.search ?? 'grid';
  if (search !== 'grid' && search !== 'random') throw new SpecError('search', `must be "grid" or "random", got ${JSON.stringify(search)}`);
  const maxTries = o.max_tries ?? (search === 'random' ? NaN : MAX_COMBINATIONS);
  if (search === 'random' && o.max_tries === undefined) throw new SpecError('max_tries', 'random search needs max_tries (how many combinations to draw)');
  if (!(Number.isInteger(maxTries) && maxTries >= 1 && maxTries <= MAX_COMBINATIONS)) {
    throw new SpecError('max_tries', `must be an integer in 1..${MAX_COMBINATIONS}, got ${JSON.stringify(o.max_tries)}`);
  }
  const seed = o.seed ?? 1;
  if (!(Number.isInteger(seed) && Math.abs(seed) <= 2 ** 31)) throw new SpecError('seed', `must be an integer in −2^31..2^31, got ${JSON.stringify(o.seed)}`);
  return { search, max_tries: maxTries, seed };
}

/** Uniform integer in [0, m) from 53 random bits. */
function randomIndex(rng: Rng, m: number): number {
  const hi = rng.u32() >>> 11; // 21 bits
  const lo = rng.u32(); // 32 bits
  return Math.floor(((hi * 4294967296 + lo) / 9007199254740992) * m);
}

/**
 * Expands a strategy space into concrete specs (docs/optimize.md): grid order (first param slowest), constraints
 * applied, random search drawing `max_tries` distinct combinations with xoshiro128** seeded by `seed` (then put
 * back in grid order). Every spec is validated; errors name the field path and, for a concrete combination, its values.
 */
export function expandSpace(space: unknown, options: SearchOptions = {}, path = 'strategy'): ExpandedSpace {
  if (!isPlainObject(space)) throw new SpecError(path, `must be a strategy spec like {"type":"sma_cross","params":{"fast":{"min":5,"max":20,"step":5}}}, got ${JSON.stringify(space)}`);
  const search = resolveSearch(options);
  for (const k of Object.keys(space)) if (!['type', 'params', 'rules', 'constraints'].includes(k)) throw new SpecError(`${path}.${k}`, 'unknown field; a strategy space has type, params, rules, constraints');
  const params = space.params ?? {};
  if (!isPlainObject(params)) throw new SpecError(`${path}.params`, `must be an object, got ${JSON.stringify(params)}`);
  const names = Object.keys(params);
  const values = names.map((n) => paramValues(params[n], `${path}.params.${n}`));
  const numeric = values.map((vs) => vs.every((x) => typeof x === 'number'));
  const rawConstraints = space.constraints ?? [];
  if (!Array.isArray(rawConstraints)) throw new SpecError(`${path}.constraints`, `must be an array of strings like "fast < slow", got ${JSON.stringify(rawConstraints)}`);
  const constraints: Constraint[] = rawConstraints.map((c, i) => parseConstraint(c, names, numeric, `${path}.constraints[${i}]`));
  const sizes = values.map((v) => v.length);
  const points = sizes.reduce((a, b) => a * b, 1);
  if (points > MAX_GRID_POINTS) throw new SpecError(`${path}.params`, `spans ${points} grid points, at most ${MAX_GRID_POINTS}; narrow the ranges or raise the steps`);
  // Enumerate the constrained grid as indices in grid order (mixed radix, last parameter fastest).
  const ok: number[] = [];
  const combo: ParamValue[] = new Array(names.length);
  for (let k = 0; k < points; k++) {
    let r = k;
    for (let p = names.length - 1; p >= 0; p--) {
      combo[p] = values[p][r % sizes[p]];
      r = Math.floor(r / sizes[p]);
    }
    if (constraints.every((c) => satisfies(c, combo))) ok.push(k);
  }
  if (ok.length === 0) throw new SpecError(`${path}.constraints`, `no combination of the parameter values satisfies ${JSON.stringify(rawConstraints)}`);
  let chosen = ok;
  if (search.search === 'random' && search.max_tries < ok.length) {
    // Partial Fisher–Yates: the first max_tries slots are a uniform sample without replacement.
    const pool = ok.slice();
    const rng = new Rng(search.seed);
    for (let i = 0; i < search.max_tries; i++) {
      const j = i + randomIndex(rng, pool.length - i);
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    chosen = pool.slice(0, search.max_tries).sort((a, b) => a - b);
  } else if (search.search === 'grid' && ok.length > search.max_tries) {
    throw new SpecError('max_tries', `the grid holds ${ok.length} combinations, more than max_tries ${search.max_tries}; use "search":"random" or narrow the space`);
  }
  if (chosen.length > MAX_COMBINATIONS) throw new SpecError(`${path}.params`, `gives ${chosen.length} combinations, at most ${MAX_COMBINATIONS}`);
  const combos = chosen.map((k) => {
    const c: ParamValue[] = new Array(names.length);
    let r = k;
    for (let p = names.length - 1; p >= 0; p--) {
      c[p] = values[p][r % sizes[p]];
      r = Math.floor(r / sizes[p]);
    }
    return c;
  });
  const specs = combos.map((c, k) => {
    const raw: Record<string, unknown> = { type: space.type, params: Object.fromEntries(names.map((n, p) => [n, c[p]])) };
    if (space.rules !== undefined) raw.rules = space.rules;
    if (names.length === 0 && space.type !== 'rules') delete raw.params;
    try {
      return validateStrategy(raw, path);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      const desc = names.map((n, p) => `${n}=${c[p]}`).join(', ');
      const hint = /must be </.test(e.rule) ? '; add a constraint such as "fast < slow" to skip such combinations' : '';
      throw new SpecError(e.path, `${e.rule} (combination ${k}: ${desc})${hint}`);
    }
  });
  return { names, free: names.filter((_, p) => sizes[p] > 1), combos, specs, gridSize: ok.length };
}
