import type { Kysely } from 'kysely';

// Per-hotel webhooks with their delivery queue, the audit log and retention settings: placeholder, filled in by that work.
export async function up(_db: Kysely<unknown>): Promise<void> {}
