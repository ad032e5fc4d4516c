// The CLI as a user runs it: a child process per invocation (tsx start ≈ 0.5 s, so most cases go through
// one batch run). stdout must be pure JSON, one answer per request.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { LazyArray, jsonChunks, jsonNumber, toJson, writeJsonLine } from '../../src/cli/json';
import { COMMAND_NAMES } from '../../src/cli/commands';
import { INDICATOR_NAMES, INDICATORS, indicatorMeta } from '../../src/engine/indicators/registry';
import { expectSeriesMatch, pyOutput, randomOhlcv, runTalib, talib as oracle } from './indicators/harness';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'src/cli/main.ts');

const talib = createRequire(import.meta.url)('talib') as {
  execute(o: Record<string, unknown>): { begIndex: number; nbElement: number; result: Record<string, number[]> };
};

/** TA-Lib's output one value per row, in the CLI's JSON conventions (null warm-up and NaN, "Infinity" strings). */
function oracleJson(name: string, input: number[], period: number): (number | string | null)[] {
  const out: (number | string | null)[] = input.map(() => null);
  const r = talib.execute({ name, startIdx: 0, endIdx: input.length - 1, inReal: input, optInTimePeriod: period });
  for (let i = 0; i < r.nbElement; i++) {
    const v = r.result.outReal[i];
    out[r.begIndex + i] = Number.isNaN(v) ? null : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v;
  }
  return out;
}

function cli(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}) {
  // Without npm's variables unless a test sets them (the CLI reads INIT_CWD only under `npm run cli`).
  const { npm_lifecycle_event: _e, INIT_CWD: _i, ...env } = process.env;
  const r = spawnSync(TSX, [MAIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...env, ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every stdout line parsed as JSON (throws if any line is not JSON: stdout must be pure JSON). */
function jsonLines(stdout: string): Record<string, unknown>[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

// A small daily series: a deterministic wiggle, 60 rows from 2024-01-01.
const N = 60;
const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const closes = Array.from({ length: N }, (_, i) => 100 + 10 * Math.sin(i / 5) + i * 0.25);
const opens = closes.map((c, i) => c - 0.5 + (i % 3) * 0.3);
const csvRow = (i: number, o: number, c: number) => `${day(i)},${o},${Math.max(o, c) + 1},${Math.min(o, c) - 1},${c},${1000 + i}`;
const FIXTURE = ['date,open,high,low,close,volume', ...closes.map((c, i) => csvRow(i, opens[i], c))].join('\n') + '\n';
// Overflowing magnitudes make TA-Lib's running sums reach ±Infinity and then NaN (∞ − ∞).
// Prices near the float64 limit: TA-Lib's running sum overflows to +Infinity (CSV prices must be > 0, so
// -Infinity cannot come out of a valid file; the in-process JSON test covers it).
const HUGE = [1, 2, 1e308, 1.5e308, 1e308, 3, 4, 5];
const OVERFLOW = ['date,open,high,low,close,volume', ...HUGE.map((c, i) => `${day(i)},${c},${c},${c},${c},1`)].join('\n') + '\n';
// A 300-bar random walk for the TA-Lib comparisons: long enough for every default lookback used below, with real
// candle bodies so pattern functions fire. Numbers are written with String(), which reads back to the same float64.
const WALK = randomOhlcv(300, 7);
const WALK_CSV =
  [
    'date,open,high,low,close,volume',
    ...Array.from(WALK.close, (_, i) => [day(i), WALK.open[i], WALK.high[i], WALK.low[i], WALK.close[i], WALK.volume[i]].join(',')),
  ].join('\n') + '\n';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'alphastrat-cli-'));
  writeFileSync(join(dir, 'fixture.csv'), FIXTURE);
  writeFileSync(join(dir, 'overflow.csv'), OVERFLOW);
  writeFileSync(join(dir, 'walk.csv'), WALK_CSV);
  writeFileSync(join(dir, 'novolume.csv'), FIXTURE.replace(/,[^,\n]*$/gm, '')); // drop the volume column
  writeFileSync(
    join(dir, 'broken.csv'),
    'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,10\n2024-01-02,1,2,zero,1.5,10\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JSON output helper (in-process)', () => {
  it('numbers: NaN → null, ±Infinity → strings, -0 → 0, shortest round-trip decimals', () => {
    expect([NaN, Infinity, -Infinity, -0, 0.1, 1e21, 5e-324].map(jsonNumber)).toEqual([
      'null',
      '"Infinity"',
      '"-Infinity"',
      '0',
      '0.1',
      '1e+21',
      '5e-324',
    ]);
    const v = { a: Float64Array.of(1, NaN, -Infinity), b: [Infinity, 2], c: undefined, d: 'x"y', e: [undefined, null, true] };
    expect(toJson(v)).toBe('{"a":[1,null,"-Infinity"],"b":["Infinity",2],"d":"x\\"y","e":[null,null,true]}');
    expect(() => toJson({ f: () => 1 })).toThrow(TypeError);
  });

  it('big arrays stream in bounded chunks and join to the same JSON as JSON.stringify', () => {
    const xs = Float64Array.from({ length: 100_000 }, (_, i) => i / 7);
    const rows = new LazyArray(5000, (i) => ({ i, x: xs[i] }));
    const chunks = [...jsonChunks({ ok: true, xs, rows }, 4096)];
    expect(chunks.length).toBeGreaterThan(100);
    for (const c of chunks) expect(c.length).toBeLessThan(4096 + 64);
    const want = { ok: true, xs: Array.from(xs), rows: Array.from({ length: 5000 }, (_, i) => ({ i, x: xs[i] })) };
    expect(chunks.join('')).toBe(JSON.stringify(want));
  });

  it('writeJsonLine respects backpressure and ends with one newline', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const got: Buffer[] = [];
    const done = writeJsonLine(out, { xs: Float64Array.from({ length: 50_000 }, (_, i) => i) });
    // Nobody has read yet: a writer that respects backpressure stops after one ~64 KiB chunk instead of
    // queueing the whole ~290 KB answer.
    expect(out.writableLength).toBeLessThan(70_000);
    for await (const c of out) {
      got.push(c as Buffer);
      if (Buffer.concat(got).toString().endsWith('\n')) break;
    }
    await done;
    const text = Buffer.concat(got).toString();
    expect(text.length).toBeGreaterThan(200_000);
    expect(text.indexOf('\n')).toBe(text.length - 1);
    expect((JSON.parse(text) as { xs: number[] }).xs[49_999]).toBe(49_999);
  });
});

describe('single commands', () => {
  it('info prints one JSON object with ok, versions and the 20 demo symbols', () => {
    const r = cli(['info']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const [info] = jsonLines(r.stdout);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(info).toMatchObject({ ok: true, version: pkg.version, kernel_abi: 1, simd: true });
    expect(info.wasm_bytes).toBeGreaterThan(0);
    expect(info.demo_symbols).toHaveLength(20);
    for (const s of info.demo_symbols as string[]) expect(s).toMatch(/^DEMO:/);
  });

  it('indicator on a CSV equals TA-Lib (path relative to the caller’s directory under `npm run cli`)', () => {
    const env = { npm_lifecycle_event: 'cli', INIT_CWD: dir }; // as npm sets them; the script runs in the package root
    const r = cli(['indicator', '--data', 'fixture.csv', '--fn', 'SMA', '--params', '{"timeperiod":30}'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [a] = jsonLines(r.stdout);
    expect(a).toEqual({ ok: true, fn: 'SMA', lookback: 29, outputs: { real: oracleJson('SMA', closes, 30) } });
  });

  it('a failing request exits 1 with the message on stderr and nothing on stdout', () => {
    const r = cli(['indicator', '--data=DEMO:ACME', '--fn=SMA', '--params={"timeperiod":1}']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: SMA timeperiod must be 2..100000, got 1\n');
  });

  it('a bad command line exits 2; --help prints usage on stdout', () => {
    const bad = cli(['indicator', '--data', 'DEMO:ACME', '--period', '5']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain(
      'indicator: unknown flag --period; valid flags: --data, --timeframe, --resample, --fn, --params, --inputs',
    );
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`the ${INDICATOR_NAMES.length} TA-Lib functions`);
    for (const w of [
      'info',
      'indicators',
      'functions',
      'indicator',
      'bars',
      'batch',
      '--data',
      '--fn',
      '--params',
      '--inputs',
      '--resample',
      '--limit',
    ]) {
      expect(help.stdout).toContain(w);
    }
  });
});

describe('batch', () => {
  // Named requests; blank lines are interleaved to check they are skipped.
  const REQ = {
    info: '{"cmd":"info","id":1}',
    ema: '{"cmd":"indicator","data":"fixture.csv","fn":"EMA","params":{"timeperiod":10},"inputs":{"real":"open"}}',
    badJson: '{not json',
    badCmd: '{"cmd":"frobnicate"}',
    badFn: '{"cmd":"indicator","data":"fixture.csv","fn":"NOPE","id":"x"}',
    up: '{"cmd":"indicator","data":"overflow.csv","fn":"SMA","params":{"timeperiod":2}}',
    nanVolume: '{"cmd":"indicator","data":"novolume.csv","fn":"SMA","params":{"timeperiod":2},"inputs":{"real":"volume"}}',
    missing: '{"cmd":"indicator","data":"missing.csv","fn":"SMA"}',
    broken: '{"cmd":"indicator","data":"broken.csv","fn":"SMA"}',
    csvBars: '{"cmd":"bars","data":"fixture.csv","from":"2024-01-03","to":"2024-01-05"}',
    daily: '{"cmd":"bars","data":"DEMO:ACME","limit":2}',
    minute: '{"cmd":"bars","data":"DEMO:ACME","timeframe":"1m","limit":1}',
    weekly: '{"cmd":"bars","data":"DEMO:ACME","resample":"1w","limit":3}',
    weeklyFromMinutes: '{"cmd":"bars","data":"DEMO:ACME","resample":"1w","timeframe":"1m","limit":1}',
    weeklyAgain: '{"cmd":"bars","data":"DEMO:ACME","resample":"1w","limit":1}',
    allMinutes: '{"cmd":"bars","data":"DEMO:ACME","timeframe":"1m"}',
    indicators: '{"cmd":"indicators"}',
    functions: '{"cmd":"functions"}',
    rsi: '{"cmd":"indicator","data":"walk.csv","fn":"RSI"}',
    macd: '{"cmd":"indicator","data":"walk.csv","fn":"MACD","params":{"fastperiod":5,"slowperiod":13}}',
    bbands: '{"cmd":"indicator","data":"walk.csv","fn":"bbands","params":{"timeperiod":20,"nbdevup":1.5,"matype":1}}',
    atr: '{"cmd":"indicator","data":"walk.csv","fn":"ATR","params":{"timeperiod":10}}',
    beta: '{"cmd":"indicator","data":"walk.csv","fn":"BETA"}',
    betaRemap: '{"cmd":"indicator","data":"walk.csv","fn":"BETA","inputs":{"real0":"open","real1":"close"}}',
    engulfing: '{"cmd":"indicator","data":"walk.csv","fn":"CDLENGULFING"}',
    maxindex: '{"cmd":"indicator","data":"walk.csv","fn":"MAXINDEX","params":{"timeperiod":14}}',
    badParam: '{"cmd":"indicator","data":"walk.csv","fn":"MACD","params":{"period":9}}',
    badInput: '{"cmd":"indicator","data":"walk.csv","fn":"BETA","inputs":{"real":"open"}}',
    indicatorsField: '{"cmd":"indicators","fn":"SMA"}',
    help: '{"cmd":"help"}',
    array: '[1,2]',
    badField: '{"cmd":"bars","data":"DEMO:ACME","lmit":2}',
    noData: '{"cmd":"indicator","fn":"SMA"}',
    badFrom: '{"cmd":"bars","data":"DEMO:ACME","from":"yesterday"}',
  };
  const names = Object.keys(REQ) as (keyof typeof REQ)[];
  const input = names.map((n, i) => REQ[n] + (i % 4 === 1 ? '\n\n   ' : '')).join('\n') + '\n';
  const out = {} as Record<keyof typeof REQ, Record<string, unknown>>;
  const raw = {} as Record<keyof typeof REQ, string>;
  let lines: Record<string, unknown>[];
  let stderr: string;
  let code: number | null;
  beforeAll(() => {
    const r = cli(['batch'], { input, cwd: dir });
    lines = jsonLines(r.stdout);
    names.forEach((n, i) => (out[n] = lines[i]));
    r.stdout.split('\n').forEach((l, i) => i < names.length && (raw[names[i]] = l));
    stderr = r.stderr;
    code = r.code;
  });

  it('answers every non-blank line, in order, and exits 0 at EOF', () => {
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(lines).toHaveLength(names.length);
  });

  it('good lines answer like single commands, bad lines answer ok:false and the batch goes on', () => {
    expect(out.info).toMatchObject({ ok: true, id: 1, kernel_abi: 1 });
    expect(out.ema).toEqual({ ok: true, fn: 'EMA', lookback: 9, outputs: { real: oracleJson('EMA', opens, 10) } });
    expect(out.badJson.ok).toBe(false);
    expect(out.badJson.error).toMatch(/^invalid JSON: /);
    expect(out.badCmd).toEqual({
      ok: false,
      error: `unknown command "frobnicate"; valid commands: ${COMMAND_NAMES.join(', ')}`,
    });
    expect(COMMAND_NAMES.slice(0, 6)).toEqual(['info', 'indicators', 'functions', 'indicator', 'bars', 'metrics']);
    expect(COMMAND_NAMES).toEqual(expect.arrayContaining(['backtest', 'scan', 'fetch', 'help', 'batch']));
    expect(INDICATOR_NAMES.length).toBeGreaterThan(150);
    expect(out.badFn).toEqual({
      ok: false,
      id: 'x',
      error: `Unknown function "NOPE"; valid functions: ${INDICATOR_NAMES.join(', ')}`,
    });
    expect(out.badParam).toEqual({
      ok: false,
      error: 'MACD has no parameter "period"; valid parameters: fastperiod, slowperiod, signalperiod',
    });
    expect(out.badInput).toEqual({ ok: false, error: 'BETA has no input "real"; valid inputs: real0, real1' });
    expect(out.indicatorsField).toEqual({ ok: false, error: 'indicators: unknown field "fn"; valid fields: (none)' });
  });

  it('NaN → null and Infinity → "Infinity", as TA-Lib computes them', () => {
    const up = (out.up.outputs as { real: unknown[] }).real;
    expect(up).toEqual(oracleJson('SMA', HUGE, 2));
    expect(up).toContain('Infinity');
    expect(up[0]).toBe(null); // warm-up
    // A CSV without volume has NaN volumes: every SMA value is NaN → null, one per row.
    expect(out.nanVolume).toEqual({ ok: true, fn: 'SMA', lookback: 1, outputs: { real: closes.map(() => null) } });
  });

  it('file and CSV errors surface as the error', () => {
    expect(out.missing).toMatchObject({ ok: false });
    expect(out.missing.error).toContain('cannot read CSV file "missing.csv": no such file');
    expect(out.broken.ok).toBe(false);
    expect(out.broken.error).toMatch(/^broken\.csv: .*\blow\b.*"zero"/); // the parser's CsvError message, prefixed
  });

  it('bars: CSV with inclusive from/to, demo daily, demo minutes, weekly resampling', () => {
    expect(out.csvBars).toMatchObject({ ok: true, symbol: 'fixture', timeframe: '1d', count: 3 });
    const csvBars = out.csvBars.bars as Record<string, unknown>[];
    expect(csvBars.map((b) => b.t)).toEqual(['2024-01-03', '2024-01-04', '2024-01-05']);
    expect(csvBars[0]).toEqual({
      t: '2024-01-03',
      ts: Date.UTC(2024, 0, 3),
      open: opens[2],
      high: Math.max(opens[2], closes[2]) + 1,
      low: Math.min(opens[2], closes[2]) - 1,
      close: closes[2],
      volume: 1002,
    });

    expect(out.daily).toMatchObject({ ok: true, symbol: 'DEMO:ACME', timeframe: '1d', count: 2 });
    expect((out.daily.bars as { t: string }[])[0].t).toBe('2016-01-04');

    expect(out.minute).toMatchObject({ ok: true, timeframe: '1m', count: 1 });
    expect((out.minute.bars as { t: string }[])[0].t).toMatch(/^\d{4}-\d{2}-\d{2}T09:30:00$/);

    expect(out.weekly).toMatchObject({ ok: true, symbol: 'DEMO:ACME', timeframe: '1w', count: 3 });
    const w = out.weekly.bars as { t: string; ts: number; high: number }[];
    expect(w.map((b) => new Date(b.ts).getUTCDay())).toEqual([1, 1, 1]); // weeks start on Monday
    expect(w[0].t).toBe('2016-01-04');
    const daily = out.daily.bars as { high: number }[];
    expect(w[0].high).toBeGreaterThanOrEqual(Math.max(daily[0].high, daily[1].high));

    // Weekly bars from the minute series start in the minute series' first week, not in 2016.
    expect(out.weeklyFromMinutes).toMatchObject({ ok: true, timeframe: '1w', count: 1 });
    expect((out.weeklyFromMinutes.bars as { t: string }[])[0].t > '2025-01-01').toBe(true);
    // …and asking for daily-based weeks again does not pick up the minutes stored in between.
    expect((out.weeklyAgain.bars as { t: string }[])[0]).toEqual(w[0]);
  });

  it('large answers arrive whole (all minute bars of a demo symbol on one line)', () => {
    expect(out.allMinutes.ok).toBe(true);
    const bars = out.allMinutes.bars as { ts: number }[];
    expect(bars.length).toBe(out.allMinutes.count);
    expect(bars.length).toBeGreaterThan(10_000);
    expect(bars.every((b, i) => i === 0 || b.ts > bars[i - 1].ts)).toBe(true);
  });

  it('indicators lists every registered function’s metadata in a fixed key order; functions is an alias', () => {
    const list = out.indicators.indicators as Record<string, unknown>[];
    expect(out.indicators.ok).toBe(true);
    expect(list.map((f) => f.name)).toEqual(INDICATOR_NAMES);
    list.forEach((f, i) => {
      expect(f).toEqual(indicatorMeta(INDICATORS.get(INDICATOR_NAMES[i])!));
      expect(Object.keys(f)).toEqual(['name', 'group', 'inputs', 'params', 'outputs', 'description']);
      for (const p of f.params as object[]) expect(Object.keys(p)).toEqual(['name', 'default', 'min', 'max', 'type']);
      for (const o of f.outputs as object[]) expect(Object.keys(o)).toEqual(['name', 'kind']);
    });
    expect(list.find((f) => f.name === 'SMA')).toEqual({
      name: 'SMA',
      group: 'Overlap Studies',
      inputs: { real: 'close' },
      params: [{ name: 'timeperiod', default: 30, min: 2, max: 100000, type: 'integer' }],
      outputs: [{ name: 'real', kind: 'real' }],
      description: 'Simple Moving Average',
    });
    expect(list.find((f) => f.name === 'ATR')).toMatchObject({ inputs: { prices: ['high', 'low', 'close'] } });
    expect(list.find((f) => f.name === 'BETA')).toMatchObject({ inputs: { real0: 'high', real1: 'low' } });
    // The alias prints byte for byte the same answer.
    expect(raw.functions === raw.indicators, 'functions answer differs from indicators').toBe(true);
  });

  it('help returns the usage text', () => {
    expect(out.help.usage).toContain('Commands:');
    expect(out.help.usage).toContain('indicators');
  });

  /** The JSON conventions undone: null → NaN, "±Infinity" → ±Infinity. */
  const series = (xs: unknown): Float64Array =>
    Float64Array.from(xs as (number | string | null)[], (v) => (v === null ? NaN : typeof v === 'string' ? Number(v) : v));

  it.each([
    ['rsi', 'RSI', {}, undefined],
    ['macd', 'MACD', { fastperiod: 5, slowperiod: 13 }, undefined],
    ['bbands', 'BBANDS', { timeperiod: 20, nbdevup: 1.5, matype: 1 }, undefined],
    ['atr', 'ATR', { timeperiod: 10 }, undefined],
    ['beta', 'BETA', {}, { real0: 'high', real1: 'low' }],
    ['betaRemap', 'BETA', {}, { real0: 'open', real1: 'close' }],
    ['engulfing', 'CDLENGULFING', {}, undefined],
    ['maxindex', 'MAXINDEX', { timeperiod: 14 }, undefined],
  ] as const)('indicator %s (%s) on a CSV equals TA-Lib', (key, fn, params, fields) => {
    const a = out[key];
    const ref = runTalib(fn, WALK, params, fields);
    const ex = oracle.explain(fn);
    expect(a.ok).toBe(true);
    expect(a.fn).toBe(fn);
    expect(a.lookback).toBe(ref.begIndex);
    const outputs = a.outputs as Record<string, unknown[]>;
    expect(Object.keys(outputs)).toEqual(ex.outputs.map((o) => pyOutput(o.name)));
    for (const o of ex.outputs) {
      const name = pyOutput(o.name);
      expect(outputs[name]).toHaveLength(WALK.close.length);
      expectSeriesMatch(`${fn} ${name}`, series(outputs[name]), ref.outputs[name], o.type === 'integer' ? 'integer' : 'real');
    }
  });

  it('integer outputs are JSON integers; the pattern fires and the BETA remap changes the series', () => {
    for (const key of ['engulfing', 'maxindex'] as const) {
      const vals = Object.values(out[key].outputs as Record<string, unknown[]>).flat();
      expect(vals.filter((v) => v !== null).every((v) => Number.isInteger(v))).toBe(true);
      // No decimal point or exponent anywhere in the printed arrays.
      expect(raw[key].slice(raw[key].indexOf('"outputs"'))).toMatch(/^"outputs":\{"integer":\[(null|-?\d+)(,(null|-?\d+))*\]\}\}$/);
    }
    const codes = (out.engulfing.outputs as { integer: (number | null)[] }).integer;
    expect(codes.some((v) => v !== null && v > 0)).toBe(true);
    expect(codes.some((v) => v !== null && v < 0)).toBe(true);
    const beta = (out.beta.outputs as { real: unknown[] }).real;
    const remapped = (out.betaRemap.outputs as { real: unknown[] }).real;
    expect(remapped).not.toEqual(beta);
  });

  it('shape errors name the problem', () => {
    expect(out.array).toEqual({ ok: false, error: 'a request must be a JSON object like {"cmd":"info"}, got [1,2]' });
    expect(out.badField).toEqual({
      ok: false,
      error: 'bars: unknown field "lmit"; valid fields: data, timeframe, resample, from, to, limit',
    });
    expect(out.noData).toEqual({ ok: false, error: 'indicator needs "data" (a CSV path or DEMO:SYMBOL)' });
    expect(out.badFrom.error).toBe(
      'from must be an ISO date (2016-01-04), datetime (2016-01-04T09:30:00) or epoch ms, got "yesterday"',
    );
  });
});
