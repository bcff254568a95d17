import type { Kysely } from 'kysely';

// What the manager's console needs beyond the admin API (invitations, rooms): placeholder, filled in by that work.
export async function up(_db: Kysely<unknown>): Promise<void> {}
