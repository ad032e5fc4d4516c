// Content hash of bars for share links: FNV-1a 64 (http://www.isthe.com/chongo/tech/comp/fnv/, the 64-bit
// FNV-1a variant) over the little-endian bytes of the six Float64 columns, in the order ts, open, high, low,
// close, volume. Synchronous, pure TypeScript: Node and every browser give the same 16 hex digits. Every NaN is
// hashed as the canonical quiet NaN (0x7ff8000000000000) because NaN payload bits may differ between engines.
import type { Bars } from '../../shared/types';

const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
// The 64-bit FNV prime is 2^40 + 0x1b3: h × prime = h × 0x1b3 + (h << 40).
const PRIME_LOW = 0x1b3;
const TWO_32 = 4294967296;

/** An FNV-1a 64 state as two unsigned 32-bit halves. */
interface Fnv {
  hi: number;
  lo: number;
}

function fnvByte(s: Fnv, byte: number): void {
  const lo = (s.lo ^ byte) >>> 0;
  const prodLo = lo * PRIME_LOW; // < 2^41: exact in a double
  const carry = Math.floor(prodLo / TWO_32);
  s.hi = (Math.imul(s.hi, PRIME_LOW) + carry + (lo << 8)) >>> 0;
  s.lo = prodLo >>> 0;
}

function fnvWord(s: Fnv, w: number): void {
  fnvByte(s, w & 0xff);
  fnvByte(s, (w >>> 8) & 0xff);
  fnvByte(s, (w >>> 16) & 0xff);
  fnvByte(s, w >>> 24);
}

const hex = (s: Fnv): string => s.hi.toString(16).padStart(8, '0') + s.lo.toString(16).padStart(8, '0');

/** FNV-1a 64 of a byte array as 16 lowercase hex digits (the reference's test vector: "a" → af63dc4c8601ec8c). */
export function fnv1a64(bytes: Uint8Array): string {
  const s: Fnv = { hi: OFFSET_HI, lo: OFFSET_LO };
  for (let i = 0; i < bytes.length; i++) fnvByte(s, bytes[i]);
  return hex(s);
}

// One value's two 32-bit halves, little-endian, independent of the platform's byte order.
const scratch = new DataView(new ArrayBuffer(8));

/** The order in which bar columns are hashed. */
export const HASHED_COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * FNV-1a 64 of the bars' columns as little-endian IEEE-754 doubles (ts, open, high, low, close, volume; NaN
 * canonicalised), 16 hex digits: equal to fnv1a64 over the concatenated Float64Array bytes on a little-endian machine.
 */
export function barsHash(bars: Pick<Bars, (typeof HASHED_COLUMNS)[number]>): string {
  const s: Fnv = { hi: OFFSET_HI, lo: OFFSET_LO };
  for (const k of HASHED_COLUMNS) {
    const col = bars[k];
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v !== v) {
        fnvWord(s, 0);
        fnvWord(s, 0x7ff80000);
        continue;
      }
      scratch.setFloat64(0, v, true);
      fnvWord(s, scratch.getUint32(0, true));
      fnvWord(s, scratch.getUint32(4, true));
    }
  }
  return hex(s);
}
