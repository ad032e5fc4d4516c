// Validation of the indicator parameter form: text typed into a field → a number inside the registry's bounds.
// Pure (no Svelte), so it is unit-tested; the engine validates again and its message is shown if it rejects.

import type { IndicatorParamMeta } from '../../shared/engine-api';

/** TA_MAType codes 0…8 in order, as TA-Lib names them (the options of a 'matype' select). */
export const MA_TYPES: readonly string[] = ['SMA', 'EMA', 'WMA', 'DEMA', 'TEMA', 'TRIMA', 'KAMA', 'MAMA', 'T3'];

/** Outcome of parsing one parameter field. */
export type ParamParse = { ok: true; value: number } | { ok: false; error: string };

// Registry bounds such as ±3e37 stand for "unbounded" (TA_REAL_MIN/MAX); show them as such.
const UNBOUNDED = 1e30;

/** The accepted range of a parameter as text, e.g. "2–100000", "≥ 0" or "any number". */
export function paramRange(p: IndicatorParamMeta): string {
  const lo = p.min > -UNBOUNDED;
  const hi = p.max < UNBOUNDED;
  if (lo && hi) return `${p.min}–${p.max}`;
  if (lo) return `≥ ${p.min}`;
  if (hi) return `≤ ${p.max}`;
  return 'any number';
}

/** Parses the text of parameter `p` of function `fn`: a number (whole for integer/matype) within [min, max], else why not. */
export function parseParam(fn: string, p: IndicatorParamMeta, text: string): ParamParse {
  const t = text.trim();
  const what = `${fn} ${p.name}`;
  if (t === '')
    return {
      ok: false,
      error: `${what} is empty: enter ${p.type === 'real' ? 'a number' : 'a whole number'} (${paramRange(p)})`,
    };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, error: `${what} "${t}" is not a number` };
  if (p.type !== 'real' && !Number.isInteger(value)) return { ok: false, error: `${what} "${t}" is not a whole number` };
  if (value < p.min || value > p.max) return { ok: false, error: `${what} ${value} is outside ${paramRange(p)}` };
  return { ok: true, value };
}

/** Parses every field of a form; `values` holds all parameters when `errors` is empty. */
export function parseParams(
  fn: string,
  params: readonly IndicatorParamMeta[],
  texts: Readonly<Record<string, string>>,
): { values: Record<string, number>; errors: Record<string, string> } {
  const values: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const p of params) {
    const r = parseParam(fn, p, texts[p.name] ?? '');
    if (r.ok) values[p.name] = r.value;
    else errors[p.name] = r.error;
  }
  return { values, errors };
}
