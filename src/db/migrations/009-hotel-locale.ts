import type { Kysely } from 'kysely';

// The hotel's time zone and the guest's language: placeholder, filled in by the i18n work.
export async function up(_db: Kysely<unknown>): Promise<void> {}
