import { sql, type Kysely } from 'kysely';

// Web push: the browsers that asked to be told (one row per push endpoint, owned by a staff
// member or by a guest's stay), and the server's VAPID key pair when none is configured, kept
// here so every node signs with the same key and a self-hosted install needs no setup.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table push_subscriptions (
      id integer generated always as identity primary key,
      hotel_id integer not null references hotels(id),
      staff_id integer references staff(id) on delete cascade,
      stay_id integer references stays(id) on delete cascade,
      endpoint text not null unique check (length(endpoint) <= 2048),
      p256dh text not null check (length(p256dh) <= 128),
      auth text not null check (length(auth) <= 64),
      token_hash text not null,
      created_at timestamptz not null,
      check ((staff_id is null) <> (stay_id is null))
    );
    create index push_subscriptions_staff on push_subscriptions (staff_id) where staff_id is not null;
    create index push_subscriptions_stay on push_subscriptions (stay_id) where stay_id is not null;
    create index push_subscriptions_token on push_subscriptions (token_hash);
    create table push_vapid_keys (
      id integer primary key check (id = 1),
      public_key text not null,
      private_key text not null,
      created_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table push_vapid_keys, push_subscriptions`.execute(db);
}
