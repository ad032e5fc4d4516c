// The fast path of CSV bar import: one pass over a plain record (no quotes, plain decimals, simple ISO
// or integer epoch times) that finds field ends and parses values at once. Anything unusual returns −1
// and the caller re-reads the record with the general RFC 4180 scanner, which also owns every error
// message; both paths yield identical values (same exact decimal fast path, same calendar arithmetic).
import { POW10, dayMs, daysInMonth } from './csv-values';

// A column's role is the FastRow.vals slot its value lands in, or ROLE_SKIP for columns bars ignore.
/** Role of a column the bars do not use. */
export const ROLE_SKIP = -1;
/** Slot of the bar's timestamp (epoch ms, naive). */
export const V_TIME = 0;
/** Slot of the time value's kind: 1 for an ISO date/datetime, 2 for an epoch number. */
export const V_KIND = 1;
/** Slot of the open price. */
export const V_OPEN = 2;
/** Slot of the high price. */
export const V_HIGH = 3;
/** Slot of the low price. */
export const V_LOW = 4;
/** Slot of the close price. */
export const V_CLOSE = 5;
/** Slot of the volume (NaN when the cell is empty or the file has no Volume column). */
export const V_VOLUME = 6;

/** Reusable state of the fast path: per-column roles and the last record's values. */
export interface FastRow {
  roles: Int8Array;
  vals: Float64Array;
  /** Date cache: the last y·10000 + m·100 + d seen and its epoch ms at midnight. */
  lastKey: number;
  lastDay: number;
}

/** Creates fast-path state for a header whose columns have the given roles (V_* index or ROLE_SKIP). */
export function fastRow(roles: Int8Array): FastRow {
  // NaN start: a file without a Volume column never writes that slot, and its bars must read NaN.
  return { roles, vals: new Float64Array(7).fill(NaN), lastKey: -1, lastDay: 0 };
}

function isEnd(c: number): boolean {
  return c === 10 || c === 13 || c !== c; // LF, CR, or NaN past the end of the text
}

/**
 * Parses the record at `pos` into r.vals when it is plain, returning the position after its line break;
 * returns −1 (nothing consumed) when the general scanner must handle it.
 */
export function fastRecord(text: string, pos: number, r: FastRow): number {
  const roles = r.roles;
  const vals = r.vals;
  const nf = roles.length;
  let i = pos;
  for (let k = 0; k < nf; k++) {
    const role = roles[k];
    let c = text.charCodeAt(i);
    if (role === V_TIME) {
      // YYYY-MM-DD[( |T)HH:MM[:SS]] or an unsigned integer epoch; anything else goes the slow way.
      if (text.charCodeAt(i + 4) === 45) {
        const y = d4(text, i);
        const mo = d2(text, i + 5);
        const d = d2(text, i + 8);
        if (y < 0 || mo < 1 || mo > 12 || text.charCodeAt(i + 7) !== 45 || d < 1 || d > daysInMonth(y, mo)) return -1;
        const key = y * 10000 + mo * 100 + d;
        if (key !== r.lastKey) {
          r.lastKey = key;
          r.lastDay = dayMs(y, mo, d);
        }
        let t = r.lastDay;
        i += 10;
        c = text.charCodeAt(i);
        if (c === 32 || c === 84) {
          const h = d2(text, i + 1);
          const mi = d2(text, i + 4);
          if (h < 0 || h > 23 || text.charCodeAt(i + 3) !== 58 || mi < 0 || mi > 59) return -1;
          t += h * 3_600_000 + mi * 60_000;
          i += 6;
          if (text.charCodeAt(i) === 58) {
            const s = d2(text, i + 1);
            if (s < 0 || s > 59) return -1;
            t += s * 1000;
            i += 3;
          }
          c = text.charCodeAt(i);
        }
        vals[V_TIME] = t;
        vals[V_KIND] = 1;
      } else {
        let m = 0;
        let digits = 0;
        for (; c >= 48 && c <= 57; c = text.charCodeAt(++i)) {
          m = m * 10 + (c - 48);
          digits++;
        }
        if (digits === 0 || digits > 15) return -1;
        vals[V_TIME] = m < 1e11 ? m * 1000 : m;
        vals[V_KIND] = 2;
      }
    } else if (role >= V_OPEN) {
      // Unsigned plain decimal of ≤ 15 digits: m / 10^k is exact-then-rounded, as Number() (Clinger).
      let m = 0;
      let digits = 0;
      let frac = -1;
      for (; ; c = text.charCodeAt(++i)) {
        if (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          digits++;
        } else if (c === 46 && frac < 0) frac = digits;
        else break;
      }
      if (digits === 0) {
        // An empty volume cell is allowed (NaN); an empty price, a sign or a lone '.' is not plain.
        if (role !== V_VOLUME || frac >= 0 || !(c === 44 || isEnd(c))) return -1;
        vals[V_VOLUME] = NaN;
      } else {
        if (digits > 15) return -1;
        const kf = frac < 0 ? 0 : digits - frac;
        vals[role] = kf === 0 ? m : m / POW10[kf];
      }
    } else {
      if (c === 34) return -1;
      while (!(c === 44 || isEnd(c))) c = text.charCodeAt(++i);
    }
    // The field must end exactly here: at a comma before the last field, at a line end after it.
    if (k < nf - 1) {
      if (c !== 44) return -1;
      i++;
    } else if (!isEnd(c)) return -1;
  }
  const c = text.charCodeAt(i);
  if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  return c === 10 ? i + 1 : i;
}

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function d4(s: string, i: number): number {
  const a = d2(s, i);
  const b = d2(s, i + 2);
  return a >= 0 && b >= 0 ? a * 100 + b : -1;
}
