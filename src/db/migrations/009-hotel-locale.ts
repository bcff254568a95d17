import { sql, type Kysely } from 'kysely';

// The hotel's time zone (an IANA name; guests see times on the hotel's clock) and the language a
// guest chose in the guest app, kept on the stay so staff can see it. 'UTC' until a manager sets
// the zone: the server's own zone is whatever the host happens to run, a poor guess for a hotel.
// The column on stays is "if not exists": the stay panel work may add the same column.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table hotels add column time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64);
    alter table stays add column if not exists language text check (length(language) between 2 and 35);
  `.execute(db);
}
