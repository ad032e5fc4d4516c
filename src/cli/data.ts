// Where the CLI's bars come from: `data` names a demo symbol (DEMO:ACME) or a CSV file; `timeframe` and
// `resample` pick the bar size, resampled in SQL through the DuckDB store, which opens only when needed.
import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { EngineApi } from '../shared/engine-api';
import { TIMEFRAMES, type Bars, type Timeframe } from '../shared/types';
import { CsvError, parseBarsCsv } from '../sources/csv';
import { isDemoId } from '../sources/demo';
import { RESAMPLE_SOURCES } from '../store/sql';

/** The data-selecting fields of a request, validated. */
export interface DataSpec {
  /** 'DEMO:SYMBOL' or a CSV path relative to the working directory. */
  data: string;
  /** Demo: native '1d' (default) or '1m', any other timeframe is resampled from the nearest of them.
   *  CSV: the file's bar size, passed to the parser (else it infers it). */
  timeframe?: Timeframe;
  /** Bar size to resample the loaded bars to (coarser than or equal to theirs). */
  resample?: Timeframe;
}

/** Turns fine bars into coarser ones (the CLI's lazily opened DuckDB store). */
export interface Resampler {
  resample(bars: Bars, to: Timeframe): Promise<Bars>;
}

/** Checks a `timeframe`/`resample` field: undefined or one of TIMEFRAMES. */
export function parseTimeframe(field: string, v: unknown): Timeframe | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(TIMEFRAMES as readonly string[]).includes(v)) {
    throw new Error(`${field} must be one of ${TIMEFRAMES.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as Timeframe;
}

/** True for bar sizes below one day (their `t` prints with a time of day). */
export function isIntraday(tf: Timeframe): boolean {
  return TIMEFRAMES.indexOf(tf) < TIMEFRAMES.indexOf('1d');
}

/** Loads the bars a DataSpec names: demo bars from the engine or a parsed CSV, then resampled if asked. */
export async function loadBars(spec: DataSpec, engine: EngineApi, resampler: Resampler): Promise<Bars> {
  let base: Bars;
  let target: Timeframe;
  if (spec.data.startsWith('DEMO:')) {
    if (!isDemoId(spec.data)) {
      const ids = engine.demoSymbols().map((s) => s.id);
      throw new Error(`unknown demo symbol ${JSON.stringify(spec.data)}; valid: ${ids.join(', ')}`);
    }
    target = spec.resample ?? spec.timeframe ?? '1d';
    const tf = spec.timeframe;
    const native: '1d' | '1m' = tf === '1d' || tf === '1m' ? tf : isIntraday(tf ?? target) ? '1m' : '1d';
    if (tf !== undefined && spec.resample !== undefined) checkCoarser(tf, spec.resample);
    base = engine.demoBars(spec.data, native);
  } else {
    base = readCsv(spec.data, spec.timeframe);
    target = spec.resample ?? base.timeframe;
  }
  if (target === base.timeframe) return base;
  checkCoarser(base.timeframe, target);
  if (!RESAMPLE_SOURCES[target].includes(base.timeframe)) {
    const from = RESAMPLE_SOURCES[target];
    throw new Error(
      `cannot resample ${base.timeframe} bars to ${target}: ${target} bars are made from ${from.join(' or ')} bars only`,
    );
  }
  return resampler.resample(base, target);
}

function checkCoarser(from: Timeframe, to: Timeframe): void {
  if (TIMEFRAMES.indexOf(to) < TIMEFRAMES.indexOf(from)) {
    throw new Error(`cannot resample ${from} bars to the finer ${to}`);
  }
}

function readCsv(path: string, timeframe: Timeframe | undefined): Bars {
  let text: string;
  try {
    text = readFileSync(resolve(workingDirectory(), path), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new Error(`cannot read CSV file ${JSON.stringify(path)}: ${why} (data must be DEMO:SYMBOL or a CSV path)`);
  }
  const symbol = basename(path, extname(path));
  try {
    return parseBarsCsv(text, timeframe === undefined ? { symbol } : { symbol, timeframe });
  } catch (e) {
    if (e instanceof CsvError) throw new Error(`${path}: ${e.message}`);
    throw e;
  }
}

/**
 * The directory relative CSV paths start from: where the user typed the command. `npm run cli` runs the
 * script in the package root and keeps the caller's directory in INIT_CWD; a direct `tsx` run has it as cwd.
 */
export function workingDirectory(): string {
  const env = process.env;
  return env.npm_lifecycle_event === 'cli' && env.INIT_CWD ? env.INIT_CWD : process.cwd();
}

/** Parses a `from`/`to` bound: epoch ms, or an ISO date / datetime read as exchange-local (timezone-naive). */
export function parseTimeBound(field: 'from' | 'to', v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const bad = () =>
    new Error(`${field} must be an ISO date (2016-01-04), datetime (2016-01-04T09:30:00) or epoch ms, got ${JSON.stringify(v)}`);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw bad();
    return v;
  }
  if (typeof v !== 'string') throw bad();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?Z?$/.exec(v.trim());
  if (m === null) throw bad();
  const [y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = m.slice(1);
  const t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms.padEnd(3, '0'));
  const back = new Date(t);
  // Date.UTC silently rolls 2016-02-30 into March: reject anything that does not read back the same.
  if (
    back.getUTCFullYear() !== +y ||
    back.getUTCMonth() !== +mo - 1 ||
    back.getUTCDate() !== +d ||
    +h > 23 ||
    +mi > 59 ||
    +s > 59
  )
    throw bad();
  // A date-only `to` includes its whole day.
  return field === 'to' && m[4] === undefined ? t + 86_400_000 - 1 : t;
}

/** Row indexes of `ts` with from ≤ ts ≤ to (bounds optional), at most `limit` of them, in row order. */
export function selectRows(ts: Float64Array, from?: number, to?: number, limit?: number): Int32Array {
  const max = limit ?? ts.length;
  const rows: number[] = [];
  for (let i = 0; i < ts.length && rows.length < max; i++) {
    const t = ts[i];
    if ((from === undefined || t >= from) && (to === undefined || t <= to)) rows.push(i);
  }
  return Int32Array.from(rows);
}

/** A bar's start as text: "2016-01-04" for daily and coarser bars, "2025-12-31T09:30:00" intraday. */
export function formatTs(ts: number, timeframe: Timeframe): string {
  const iso = new Date(ts).toISOString();
  return isIntraday(timeframe) ? iso.slice(0, 19) : iso.slice(0, 10);
}
