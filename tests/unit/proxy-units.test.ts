/** Pure pieces of the proxy: budget scheduling on a fake clock, client limiter, LRU cache, TTL rules, validation, calendar. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResponseCache, TTL, ttlFor } from '../../proxy/cache';
import { readConfig } from '../../proxy/config';
import { ClientLimiter, UpstreamBudget } from '../../proxy/limits';
import { nyMidnightUtc, nyOffsetHours, parseRangeBound } from '../../proxy/time';
import { BadRequest, cleanQuery } from '../../proxy/validate';

describe('UpstreamBudget', () => {
  it('keeps every sliding window within the limit for any arrival pattern (fake clock)', () => {
    const b = new UpstreamBudget(5, 60_000, 1_000, 30_000);
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const starts: number[] = [];
    let now = 0, refused = 0;
    for (let i = 0; i < 2000; i++) {
      now += Math.floor(rnd() * 3000);
      const r = b.reserve(now);
      if (r.ok) {
        expect(r.waitMs).toBeLessThanOrEqual(30_000);
        starts.push(now + r.waitMs);
      } else {
        refused += 1;
        expect(r.retryAfterMs).toBeGreaterThan(30_000);
      }
    }
    starts.sort((x, y) => x - y);
    for (let i = 0; i + 5 < starts.length; i++) expect(starts[i + 5] - starts[i]).toBeGreaterThanOrEqual(61_000);
    expect(refused).toBeGreaterThan(0);
    expect(starts.length).toBeGreaterThan(100);
  });
  it('serves a burst of `limit` at once, then queues', () => {
    const b = new UpstreamBudget(2, 1000, 0, 5000);
    expect([b.reserve(0), b.reserve(0), b.reserve(0), b.reserve(0), b.reserve(0)]).toEqual([
      { ok: true, waitMs: 0 }, { ok: true, waitMs: 0 }, { ok: true, waitMs: 1000 }, { ok: true, waitMs: 1000 }, { ok: true, waitMs: 2000 },
    ]);
  });
});

describe('ClientLimiter', () => {
  it('counts per client and resets after the window', () => {
    const l = new ClientLimiter(2, 1000);
    expect([l.hit('a', 0), l.hit('a', 10), l.hit('a', 20), l.hit('b', 20)]).toEqual([0, 0, 980, 0]);
    expect(l.hit('a', 1000)).toBe(0);
  });
});

describe('ResponseCache', () => {
  const v = (body: string) => ({ status: 200, contentType: 'application/json', body });
  it('expires entries and evicts the least recently used beyond its size bound', () => {
    const c = new ResponseCache(1000); // each entry below costs 2·len(key) + 2·len(body) + 64 = 246 bytes
    c.set('a', v('x'.repeat(90)), 100, 0);
    c.set('b', v('y'.repeat(90)), 100, 0);
    expect(c.get('a', 50)?.body).toHaveLength(90); // a is now more recent than b
    c.set('c', v('z'.repeat(90)), 100, 50);
    c.set('d', v('w'.repeat(90)), 100, 50);
    expect(c.size).toBe(4);
    c.set('e', v('u'.repeat(90)), 100, 50);
    expect(c.byteSize).toBeLessThanOrEqual(1000);
    expect(c.get('b', 60)).toBeUndefined();
    expect(c.get('a', 60)).toBeDefined();
    c.set('big', v('x'.repeat(200)), 100, 60); // over a quarter of the bound: not cached
    expect(c.get('big', 61)).toBeUndefined();
    expect(c.get('a', 200)).toBeUndefined();
  });
});

describe('ttlFor', () => {
  const now = Date.UTC(2024, 5, 12, 18); // Wed 2024-06-12 14:00 New York
  const q = (s: string): URLSearchParams => new URLSearchParams(s);
  it('applies the caching rules', () => {
    expect(ttlFor('aggs', '2024-06-11', q('adjusted=false'), now)).toBe(TTL.closedRaw);
    expect(ttlFor('aggs', '2024-06-11', q(''), now)).toBe(TTL.closedAdjusted);
    expect(ttlFor('aggs', '2024-06-12', q('adjusted=false'), now)).toBe(TTL.live);
    expect(ttlFor('aggs', String(now - 60_000), q('adjusted=false'), now)).toBe(TTL.live);
    expect(ttlFor('aggs', '2030-01-01', q(''), now)).toBe(TTL.live);
    expect(ttlFor('grouped', '2024-06-12', q(''), now)).toBe(TTL.live);
    expect(ttlFor('grouped', '2024-06-10', q('adjusted=false'), now)).toBe(TTL.closedRaw);
    expect(ttlFor('tickers', null, q(''), now)).toBe(TTL.reference);
  });
});

describe('validation and config', () => {
  it('canonicalises, drops apiKey, and names bad parameters', () => {
    expect(cleanQuery('aggs', q('sort=asc&apiKey=k&adjusted=true')).toString()).toBe('adjusted=true&sort=asc');
    expect(() => cleanQuery('aggs', q('limit=abc'))).toThrow(new BadRequest('limit must be an integer 1..50000, got "abc"'));
    expect(() => cleanQuery('grouped', q('sort=asc'))).toThrow(/unknown query parameter "sort"/);
  });
  function q(s: string): URLSearchParams {
    return new URLSearchParams(s);
  }
  it('reads defaults and rejects malformed variables by name', () => {
    const c = readConfig({});
    expect(c).toMatchObject({ apiKey: '', baseUrl: 'https://api.polygon.io', port: 8787, budgetPerWindow: 5, allowedOrigins: [], maxQueueWaitMs: 30_000 });
    expect(readConfig({ ALLOWED_ORIGINS: ' http://a , http://b,', POLYGON_BASE_URL: 'http://127.0.0.1:9999/' }).allowedOrigins).toEqual(['http://a', 'http://b']);
    expect(() => readConfig({ UPSTREAM_BUDGET_PER_MIN: '0' })).toThrow(/UPSTREAM_BUDGET_PER_MIN/);
    expect(() => readConfig({ POLYGON_BASE_URL: 'ftp://x' })).toThrow(/POLYGON_BASE_URL/);
    expect(() => readConfig({ PROXY_PORT: '70000' })).toThrow(/PROXY_PORT/);
    expect(() => readConfig({ PROXY_PUBLIC_URL: 'not a url' })).toThrow(/PROXY_PUBLIC_URL/);
    expect(readConfig({ PROXY_PUBLIC_URL: 'https://md.example.com/x' }).publicUrl).toBe('https://md.example.com');
  });
});

describe('New York calendar', () => {
  it('matches Polygon’s daily-bar timestamps in winter and summer time', () => {
    expect(nyMidnightUtc(2020, 0, 2)).toBe(1577941200000); // 05:00Z
    expect(nyMidnightUtc(2020, 6, 1)).toBe(Date.UTC(2020, 6, 1, 4)); // 04:00Z
    expect(nyOffsetHours(Date.UTC(2024, 2, 10, 6, 59))).toBe(-5); // DST starts 2024-03-10 07:00Z
    expect(nyOffsetHours(Date.UTC(2024, 2, 10, 7))).toBe(-4);
    expect(nyOffsetHours(Date.UTC(2024, 10, 3, 5, 59))).toBe(-4); // ends 2024-11-03 06:00Z
    expect(nyOffsetHours(Date.UTC(2024, 10, 3, 6))).toBe(-5);
    expect(parseRangeBound('2020-01-02', 'to')).toBe(1578027600000 - 1);
    expect(parseRangeBound('1577941200000', 'from')).toBe(1577941200000);
    expect(parseRangeBound('2020-02-30', 'from')).toBeNull();
  });
});

describe('proxy import boundaries', () => {
  const root = resolve(import.meta.dirname, '../../proxy');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
  const specs = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
  it('the Workers-bound modules use no Node-only API', () => {
    const edge = files(root).filter((f) => !f.includes('fake-polygon') && !f.includes('fake-yahoo') && !f.endsWith('node.ts'));
    expect(edge.map((f) => relative(root, f)).sort()).toEqual(['app.ts', 'cache.ts', 'config.ts', 'limits.ts', 'sse.ts', 'stream.ts', 'time.ts', 'upstream.ts', 'validate.ts', 'worker.ts', 'yahoo.ts']);
    for (const f of edge) {
      for (const s of specs(f)) expect(s.startsWith('./') || s === 'hono', `${relative(root, f)} imports ${s}`).toBe(true);
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1'); // comments may mention them
      expect(code, relative(root, f)).not.toMatch(/\b(process|Buffer|require)\b|node:/);
    }
  });
  it('nothing under proxy/ imports app code other than src/shared', () => {
    for (const f of files(root)) {
      for (const s of specs(f)) {
        if (!s.startsWith('.')) continue;
        const target = resolve(dirname(f), s);
        expect(target.startsWith(root) || target.startsWith(resolve(root, '../src/shared')), `${relative(root, f)} imports ${s}`).toBe(true);
      }
    }
  });
});
