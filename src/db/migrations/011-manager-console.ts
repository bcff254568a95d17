import { sql, type Kysely } from 'kysely';

// The manager's console: invitations. A manager invites a receptionist (or resets a password)
// and the server keeps only the link token's hash, when it expires and when it was used: a link
// works once, for a limited time, and a database leak yields no usable link. An invited account
// exists at once (the username is taken) but is inactive, with no usable password, until the
// invitation is accepted.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table staff_invites (
      id integer generated always as identity primary key,
      hotel_id integer not null references hotels(id),
      staff_id integer not null references staff(id),
      token_hash text not null unique,
      purpose text not null check (purpose in ('invite', 'reset')),
      created_by integer references staff(id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index staff_invites_staff on staff_invites (staff_id) where used_at is null;
  `.execute(db);
}
