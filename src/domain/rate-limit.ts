// Failed PIN and login attempts, counted in the database so every node shares one count.
import { AppError } from './errors.js';
import type { Store } from './ports.js';

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

export const WINDOW_15_MIN = 15 * 60 * 1000;

export async function refuseIfLimited(store: Store, limits: Limit[], now = new Date()): Promise<void> {
  for (const limit of limits) {
    const count = await store.read((r) => r.attempts.countSince(limit.key, new Date(now.getTime() - limit.windowMs)));
    if (count >= limit.max) {
      throw new AppError('rate_limited', 'Too many failed attempts. Please wait 15 minutes and try again.', {
        retry_after: Math.ceil(limit.windowMs / 1000),
      });
    }
  }
}

/** Recorded outside the refused call's transaction, so the rollback of that call keeps the count. */
export async function recordFailure(store: Store, limits: Limit[], now = new Date()): Promise<void> {
  await store.transaction(async (tx) => {
    for (const limit of limits) await tx.attempts.record(limit.key, now, new Date(now.getTime() - limit.windowMs));
  });
}
