import type { Kysely } from 'kysely';

// Photos and files: placeholder, filled in by the attachments work.
export async function up(_db: Kysely<unknown>): Promise<void> {}
