// argon2id for passwords and PINs (the native build ships inside its npm package).
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../domain/errors.js';
import type { SecretHasher } from '../domain/ports.js';

export interface HashingLimits {
  /** Hashes computed at once (each takes a thread of libuv's pool, 4 by default). */
  concurrency: number;
  /** Callers that may wait for a turn; the next ones get 503 at once. */
  queue: number;
}

/**
 * Every hash waits its turn, so a burst of sign-in attempts (each one argon2 verification,
 * ~50 ms of CPU) cannot take every core: past `concurrency + queue` callers, the rest are
 * refused at once instead of making everyone, the real staff member too, wait seconds.
 */
export function argon2Hasher(limits: HashingLimits = { concurrency: 4, queue: 64 }): SecretHasher {
  const turns = new Turns(limits);
  return {
    hash: (secret) => turns.run(() => hash(secret)),
    verify: (stored, secret) =>
      turns.run(async () => {
        try {
          return await verify(stored, secret);
        } catch {
          return false;
        }
      }),
  };
}

class Turns {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limits: HashingLimits) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.queue) {
        throw new AppError('unavailable', 'The server is busy checking other sign-ins. Please try again in a moment.', { retry_after: 1 });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so `running` never drops below the real count.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
