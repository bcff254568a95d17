import type { Kysely } from 'kysely';

// Indexes for the handoff analytics: placeholder, filled in by that work.
export async function up(_db: Kysely<unknown>): Promise<void> {}
