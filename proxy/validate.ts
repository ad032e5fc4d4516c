/**
 * Allow-lists for every path segment and query parameter the proxy forwards. Anything not listed is refused
 * with a 400 naming the parameter, except `apiKey`, which is silently dropped (the proxy's own key is used).
 */
import { parseIsoDate, parseRangeBound } from './time';

/** Polygon ticker: optional market prefix (`X:`, `C:`, `I:`, `O:`), then letters, digits, `.` and `-`. */
export const TICKER_RE = /^(?:[A-Z]{1,2}:)?[A-Za-z0-9][A-Za-z0-9.-]{0,39}$/;
/** Opaque Polygon pagination cursor: base64/base64url text. */
const CURSOR_RE = /^[A-Za-z0-9_\-+/=.~%]{1,4096}$/;
/** Aggregate window units Polygon accepts. */
export const TIMESPANS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
const MARKETS = ['stocks', 'crypto', 'fx', 'otc', 'indices'];
const TICKER_SORTS = ['ticker', 'name', 'market', 'locale', 'primary_exchange', 'type', 'currency_name', 'cik', 'composite_figi', 'share_class_figi', 'last_updated_utc'];

/** A validation failure: HTTP 400 with `message` naming the offending parameter. */
export class BadRequest extends Error {}

type Rule = (value: string, name: string) => void;

const oneOf = (values: readonly string[]): Rule => (v, name) => {
  if (!values.includes(v)) throw new BadRequest(`${name} must be one of ${values.join('|')}, got "${v}"`);
};
const bool = oneOf(['true', 'false']);
const intRange = (lo: number, hi: number): Rule => (v, name) => {
  if (!/^\d{1,9}$/.test(v) || Number(v) < lo || Number(v) > hi) throw new BadRequest(`${name} must be an integer ${lo}..${hi}, got "${v}"`);
};
const pattern = (re: RegExp, what: string): Rule => (v, name) => {
  if (!re.test(v)) throw new BadRequest(`${name} must be ${what}, got "${v.slice(0, 64)}"`);
};
const isoDate: Rule = (v, name) => {
  if (parseIsoDate(v) === null) throw new BadRequest(`${name} must be a date YYYY-MM-DD, got "${v.slice(0, 64)}"`);
};
const ticker = pattern(TICKER_RE, 'a ticker like AAPL or X:BTCUSD');
const cursor = pattern(CURSOR_RE, 'an opaque pagination cursor');

const AGGS_QUERY: Record<string, Rule> = { adjusted: bool, sort: oneOf(['asc', 'desc']), limit: intRange(1, 50_000), cursor };
const GROUPED_QUERY: Record<string, Rule> = { adjusted: bool, include_otc: bool };
const TICKERS_QUERY: Record<string, Rule> = {
  ticker, 'ticker.gt': ticker, 'ticker.gte': ticker, 'ticker.lt': ticker, 'ticker.lte': ticker,
  type: pattern(/^[A-Z]{1,12}$/, 'a type code like CS or ETF'),
  market: oneOf(MARKETS),
  exchange: pattern(/^[A-Z]{1,8}$/, 'a MIC exchange code like XNAS'),
  search: pattern(/^[A-Za-z0-9 .,&'\-]{1,100}$/, 'up to 100 letters, digits, spaces or .,&\'-'),
  active: bool, sort: oneOf(TICKER_SORTS), order: oneOf(['asc', 'desc']), limit: intRange(1, 1000), cursor, date: isoDate,
};
const DETAILS_QUERY: Record<string, Rule> = { date: isoDate };

/** Yahoo chart intervals (fake-yahoo.md), finest first. */
export const YAHOO_INTERVALS = ['1m', '2m', '5m', '15m', '30m', '60m', '90m', '1h', '1d', '5d', '1wk', '1mo', '3mo'] as const;
/** Yahoo chart ranges relative to now. */
export const YAHOO_RANGES = ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'] as const;
/** Yahoo symbol: letters, digits and `^ = . -` (`AAPL`, `BRK-B`, `^GSPC`, `EURUSD=X`, `SAP.DE`). */
export const YAHOO_SYMBOL_RE = /^[A-Za-z0-9^][A-Za-z0-9^=.-]{0,24}$/;
const unixSeconds = pattern(/^\d{1,11}$/, 'Unix seconds (an integer)');
const YAHOO_QUERY: Record<string, Rule> = {
  period1: unixSeconds, period2: unixSeconds, range: oneOf(YAHOO_RANGES), interval: oneOf(YAHOO_INTERVALS), includePrePost: bool,
  events: pattern(/^(div|split|splits|capitalGains?)([|,](div|split|splits|capitalGains?)){0,3}$/, 'div, split or capitalGains joined by | (e.g. div|split)'),
};

/** Query rules by route name. */
export type RouteName = 'aggs' | 'grouped' | 'tickers' | 'details' | 'yahoo';
const QUERY_RULES: Record<RouteName, Record<string, Rule>> = { aggs: AGGS_QUERY, grouped: GROUPED_QUERY, tickers: TICKERS_QUERY, details: DETAILS_QUERY, yahoo: YAHOO_QUERY };

/**
 * Validates a request's query string for `route` and returns the forwardable parameters in a canonical
 * (sorted) order, so equal requests share one cache/coalescing key. Drops `apiKey`; throws BadRequest
 * on an unknown, repeated or malformed parameter.
 */
export function cleanQuery(route: RouteName, search: URLSearchParams): URLSearchParams {
  const rules = QUERY_RULES[route];
  const out = new URLSearchParams();
  const seen = new Set<string>();
  for (const [name, value] of search) {
    if (name === 'apiKey' || name === 'apikey') continue;
    // Own properties only: `__proto__` or `constructor` must not find Object.prototype's members.
    const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
    if (!rule) throw new BadRequest(`unknown query parameter "${name.slice(0, 64)}"; allowed: ${Object.keys(rules).join(', ')}`);
    if (seen.has(name)) throw new BadRequest(`query parameter "${name}" given more than once`);
    seen.add(name);
    rule(value, name);
    out.append(name, value);
  }
  out.sort();
  return out;
}

/** Validates the aggregates path segments; throws BadRequest naming the bad segment. */
export function checkAggsPath(p: { ticker: string; multiplier: string; timespan: string; from: string; to: string }): void {
  ticker(p.ticker, 'ticker');
  intRange(1, 100_000)(p.multiplier, 'multiplier');
  oneOf(TIMESPANS)(p.timespan, 'timespan');
  const from = parseRangeBound(p.from, 'from');
  if (from === null) throw new BadRequest(`from must be YYYY-MM-DD or Unix ms, got "${p.from.slice(0, 64)}"`);
  const to = parseRangeBound(p.to, 'to');
  if (to === null) throw new BadRequest(`to must be YYYY-MM-DD or Unix ms, got "${p.to.slice(0, 64)}"`);
  if (from > to) throw new BadRequest(`from (${p.from}) is after to (${p.to})`);
}

/** Validates a grouped-daily date segment. */
export function checkDate(v: string, name: string): void {
  isoDate(v, name);
}

/** Validates a ticker path segment. */
export function checkTicker(v: string): void {
  ticker(v, 'ticker');
}

/** Validates a Yahoo chart symbol segment. */
export function checkYahooSymbol(v: string): void {
  pattern(YAHOO_SYMBOL_RE, 'a Yahoo symbol like AAPL, BRK-B, ^GSPC or EURUSD=X')(v, 'symbol');
}

/** Cross-field rules of a cleaned Yahoo chart query: `range` xor `period1` (with optional `period2` > `period1`). */
export function checkYahooQuery(q: URLSearchParams): void {
  const p1 = q.get('period1'), p2 = q.get('period2'), range = q.get('range');
  if (range !== null && (p1 !== null || p2 !== null)) throw new BadRequest('give either range or period1/period2, not both');
  if (p2 !== null && p1 === null) throw new BadRequest('period2 needs period1');
  if (range === null && p1 === null) throw new BadRequest('period1 (Unix seconds) or range is required');
  if (p1 !== null && p2 !== null && Number(p1) >= Number(p2)) throw new BadRequest(`period1 (${p1}) must be before period2 (${p2})`);
}
