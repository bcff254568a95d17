import { sql, type Kysely } from 'kysely';

// Running a hotel on it: per-hotel webhooks with a durable delivery queue (claimed with a lease,
// so several nodes deliver each once and a restart loses none), the audit log (rows can be
// added, never changed or removed: a trigger refuses it), and how long a stay's messages are
// kept after check-out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table hotel_webhooks (
      id integer generated always as identity primary key,
      hotel_id integer not null references hotels(id),
      url text not null,
      events text[] not null,
      secret text not null,
      active boolean not null default true,
      description text not null default '',
      created_at timestamptz not null
    );
    create index hotel_webhooks_hotel on hotel_webhooks (hotel_id) where active;
    create table webhook_deliveries (
      id bigint generated always as identity primary key,
      webhook_id integer not null references hotel_webhooks(id) on delete cascade,
      hotel_id integer not null references hotels(id),
      event_id text not null,
      event text not null,
      payload text not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      leased_until timestamptz,
      last_status integer,
      last_error text,
      created_at timestamptz not null,
      delivered_at timestamptz,
      unique (webhook_id, event_id)
    );
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
    create index webhook_deliveries_log on webhook_deliveries (webhook_id, id desc);
    create table audit_log (
      id bigint generated always as identity primary key,
      hotel_id integer references hotels(id),
      actor_kind text not null check (actor_kind in ('staff', 'guest', 'system')),
      actor_staff_id integer references staff(id),
      actor_name text not null,
      action text not null,
      target text,
      details jsonb not null default '{}',
      at timestamptz not null
    );
    create index audit_log_hotel on audit_log (hotel_id, id desc);
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the audit log is append-only'; end $$;
    create trigger audit_log_append_only before update or delete or truncate on audit_log
      for each statement execute function audit_log_is_append_only();
    alter table hotels add column retention_days integer not null default 30 check (retention_days between 1 and 3650);
    alter table hotels add column retention_mode text not null default 'purge' check (retention_mode in ('purge', 'anonymise'));
    alter table stays add column erased_at timestamptz;
    create index stays_retention on stays (hotel_id, checked_out_at) where checked_out_at is not null and erased_at is null;
  `.execute(db);
}
