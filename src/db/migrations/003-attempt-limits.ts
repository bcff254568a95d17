import { sql, type Kysely } from 'kysely';

// Attempts are now reserved before they are judged, under new keys (per address, per target and
// address, per target). Old rows are at most one window old and counted under other names:
// they are dropped. The index on `at` lets the periodic sweep forget keys nobody uses again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from auth_attempts;
    create index auth_attempts_at on auth_attempts (at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index auth_attempts_at`.execute(db);
}
