import type { Kysely } from 'kysely';

// placeholder
export async function up(_db: Kysely<unknown>): Promise<void> {}
