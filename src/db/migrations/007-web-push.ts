import type { Kysely } from 'kysely';

// Web push subscriptions and keys: placeholder, filled in by the push work.
export async function up(_db: Kysely<unknown>): Promise<void> {}
