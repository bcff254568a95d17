// Guessing limits (PINs, passwords) counted in the database so every node shares one count, and
// the in-memory token bucket that paces message sends. See docs/security.md, "Limits".
import { AppError } from './errors.js';
import type { Clock, Store } from './ports.js';

/** Failures allowed per sliding window, by source, by source and target, and by target. */
export interface AttemptLimits {
  readonly windowMs: number;
  readonly loginPerAddress: number;
  readonly loginPerUserAndAddress: number;
  readonly loginPerUser: number;
  readonly pinPerAddress: number;
  readonly pinPerRoomAndAddress: number;
  readonly pinPerRoom: number;
}

export interface Budget {
  key: string;
  max: number;
}

/** An attempt counted before it is judged; see reserveAttempt. */
export interface Reservation {
  /** The guess was right: it does not count, and the caller's own failures on this target are forgotten. */
  succeeded(): Promise<void>;
  /** The guess was never judged (the hasher was busy, the database failed): it does not count. */
  cancel(): Promise<void>;
}

/**
 * Counts one attempt under every budget before the slow verification runs, atomically: N
 * concurrent guesses, on one node or many, never get more than `max` judged per window. Throws
 * 429 when any budget is spent, with Retry-After saying when its oldest failure leaves the window.
 * `pairKey` is the caller's own budget on the target, cleared by a success.
 */
export async function reserveAttempt(store: Store, clock: Clock, windowMs: number, budgets: Budget[], pairKey: string): Promise<Reservation> {
  const now = clock.now();
  const since = new Date(now.getTime() - windowMs);
  const outcome = await store.read((r) => r.attempts.reserve(budgets, since, now));
  if ('refused' in outcome) {
    const retryAfter = Math.max(1, Math.ceil((outcome.oldest.getTime() + windowMs - now.getTime()) / 1000));
    throw new AppError('rate_limited', `Too many failed attempts. Please try again in ${describeWait(retryAfter)}.`, { retry_after: retryAfter });
  }
  const ids = outcome.ids;
  return {
    succeeded: () => store.read((r) => r.attempts.release(ids, pairKey)),
    cancel: () => store.read((r) => r.attempts.release(ids, null)),
  };
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * The part of an address one budget covers: an IPv4 address, or the /64 of an IPv6 one (one
 * subscriber gets a whole /64, so counting single IPv6 addresses would let one attacker rotate).
 */
export function addressBudget(address: string): string {
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('%')[0]!.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * A token bucket per key: `capacity` at once, refilled at `capacity` per minute. In memory, per
 * node: it paces a sender, it is not a security boundary (the attempt limits above are).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly clock: Clock,
    /** Buckets kept at most; the least recently used go first (a full bucket is the default anyway). */
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token; returns 0 when it had one, or the seconds until it will. */
  take(key: string): number {
    const now = this.clock.now().getTime();
    const perMs = this.capacity / 60_000;
    const b = this.buckets.get(key);
    const tokens = b ? Math.min(this.capacity, b.tokens + (now - b.at) * perMs) : this.capacity;
    this.buckets.delete(key);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      this.evict();
      return 0;
    }
    this.buckets.set(key, { tokens, at: now });
    return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
  }

  private evict(): void {
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) return;
      this.buckets.delete(oldest);
    }
  }
}
