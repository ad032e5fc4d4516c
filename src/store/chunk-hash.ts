// Hashes of cached bar chunks (src/store/bar-cache.ts). Both are 64-bit FNV-1a (Fowler–Noll–Vo, the
// IETF draft-eastlake-fnv reference values), computed synchronously in plain JS:
// - the checksum covers a chunk's stored Arrow IPC bytes and detects storage corruption (not an adversary, so
//   a cryptographic hash buys nothing; crypto.subtle would also make every read async and is missing outside
//   secure contexts, e.g. the app opened over plain http on a LAN address);
// - the content hash covers the bar VALUES (ts, open, high, low, close, volume per row as IEEE-754 doubles,
//   NaN canonicalised), so two copies of the same bars hash alike whatever their encoding, and a range of
//   bars fetched again can be compared with the cached copy to detect split adjustments changed upstream.
import type { Bars } from '../shared/types';

const PRIME_LO = 0x1b3; // FNV-64 prime is 2^40 + 0x1b3
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;

/** Running 64-bit FNV-1a state as two unsigned 32-bit halves. */
class Fnv64 {
  hi = OFFSET_HI;
  lo = OFFSET_LO;

  update(bytes: Uint8Array): void {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < bytes.length; i++) {
      lo ^= bytes[i];
      // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64: the low product may carry up to 2^41, split in 16-bit halves.
      const loLo = (lo & 0xffff) * PRIME_LO;
      const loHi = (lo >>> 16) * PRIME_LO + (loLo >>> 16);
      const newLo = ((loHi & 0xffff) << 16) | (loLo & 0xffff);
      hi = (Math.imul(hi, PRIME_LO) + (loHi >>> 16) + (lo << 8)) | 0;
      lo = newLo;
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

/** 64-bit FNV-1a of `bytes` as 16 lower-case hex digits (FNV-1a-64("a") = "af63dc4c8601ec8c"). */
export function fnv1a64(bytes: Uint8Array): string {
  const h = new Fnv64();
  h.update(bytes);
  return h.hex();
}

/**
 * Content hash of rows [start, end) of `bars`: FNV-1a-64 over each row's ts, open, high, low, close, volume as
 * little-endian doubles, every NaN written as the canonical quiet NaN. Independent of symbol, timeframe and
 * storage format, so equal values give equal hashes.
 */
export function barsContentHash(bars: Bars, start = 0, end = bars.ts.length): string {
  const row = new Float64Array(6);
  const bytes = new Uint8Array(row.buffer);
  const h = new Fnv64();
  const cols = [bars.ts, bars.open, bars.high, bars.low, bars.close, bars.volume];
  for (let i = start; i < end; i++) {
    for (let c = 0; c < 6; c++) {
      const v = cols[c][i];
      row[c] = v === v ? v : NaN;
    }
    h.update(bytes);
  }
  return h.hex();
}
