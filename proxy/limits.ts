/** The proxy's two rate controls: the global upstream budget (a queue) and the per-client limit. */

/** Time source and timer, injectable so tests can control them. */
export interface Clock {
  /** Current time in epoch ms. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock: Date.now and setTimeout (available on Node and Workers). */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** Outcome of asking the budget for a slot: wait `waitMs` then call, or refuse and retry after `retryAfterMs`. */
export type Reservation = { ok: true; waitMs: number } | { ok: false; retryAfterMs: number };

/**
 * Global upstream budget: at most `limit` upstream calls in ANY window of `windowMs` (+ `marginMs` of slack
 * for network jitter), the way Polygon counts (a sliding window per key). It is a token bucket in which each
 * spent token returns exactly one window after it was spent, so unlike a smoothly refilling bucket it can
 * never allow 2×limit across a window boundary. Callers reserve a future slot; a slot later than
 * `maxWaitMs` from now is refused so the caller can answer 429 with Retry-After.
 */
export class UpstreamBudget {
  private readonly slots: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly marginMs: number,
    private readonly maxWaitMs: number,
  ) {}

  /** Reserves the earliest slot that keeps every window within the limit, or refuses if it is too far away. */
  reserve(now: number): Reservation {
    const span = this.windowMs + this.marginMs;
    while (this.slots.length > 0 && this.slots[0] <= now - span) this.slots.shift();
    let at = now;
    if (this.slots.length >= this.limit) at = Math.max(now, this.slots[this.slots.length - this.limit] + span);
    const waitMs = at - now;
    if (waitMs > this.maxWaitMs) return { ok: false, retryAfterMs: waitMs };
    this.slots.push(at); // slots stay sorted: `at` is never earlier than the last reservation
    return { ok: true, waitMs };
  }
}

/** Per-client fixed-window counter: `limit` requests per `windowMs` per client id; bounded to `maxClients` ids. */
export class ClientLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxClients = 10_000,
  ) {}

  /** Counts one request; returns 0 when allowed, else the ms until the client's window resets. */
  hit(client: string, now: number): number {
    let w = this.windows.get(client);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size >= this.maxClients) this.prune(now);
      w = { start: now, count: 0 };
      this.windows.set(client, w);
    }
    w.count += 1;
    return w.count <= this.limit ? 0 : w.start + this.windowMs - now;
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    // Still full: forget the oldest entries (Map keeps insertion order) rather than grow without bound.
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxClients) break;
      this.windows.delete(k);
    }
  }
}
