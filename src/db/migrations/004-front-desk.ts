import { sql, type Kysely } from 'kysely';

// The shared front desk: who is on duty, per-hotel alert times, notes between staff, resolved
// conversations, and the alerts that are due (claimed by whichever node polls first; they live
// here, not in a process's timers, so a restart or a second node neither loses nor repeats one).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table staff_duty (
      staff_id integer primary key references staff(id),
      hotel_id integer not null references hotels(id),
      on_duty boolean not null,
      changed_at timestamptz not null
    );
    create index staff_duty_hotel on staff_duty (hotel_id) where on_duty;
    alter table hotels add column cover_alert_minutes integer not null default 5 check (cover_alert_minutes between 1 and 240);
    alter table hotels add column reply_alert_minutes integer not null default 10 check (reply_alert_minutes between 1 and 240);
    alter table hotels add column vip_reply_alert_minutes integer not null default 3 check (vip_reply_alert_minutes between 1 and 240);
    alter table stays add column vip boolean not null default false;
    alter table conversations add column resolved_at timestamptz;
    create table conversation_notes (
      id integer generated always as identity primary key,
      conversation_id integer not null references conversations(id),
      hotel_id integer not null references hotels(id),
      staff_id integer not null references staff(id),
      body text not null,
      created_at timestamptz not null
    );
    create index conversation_notes_conversation on conversation_notes (conversation_id, id);
    create table desk_alerts (
      id integer generated always as identity primary key,
      hotel_id integer not null references hotels(id),
      conversation_id integer not null references conversations(id),
      kind text not null check (kind in ('cover', 'reply')),
      step integer not null,
      started_at timestamptz not null,
      due_at timestamptz not null,
      unique (conversation_id, kind)
    );
    create index desk_alerts_due on desk_alerts (due_at);
    create table desk_alert_log (
      id integer generated always as identity primary key,
      conversation_id integer not null references conversations(id),
      kind text not null,
      audience text not null,
      waited_seconds integer not null,
      at timestamptz not null
    );
    create index desk_alert_log_conversation on desk_alert_log (conversation_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table desk_alert_log, desk_alerts, conversation_notes, staff_duty;
    alter table conversations drop column resolved_at;
    alter table stays drop column vip;
    alter table hotels drop column cover_alert_minutes, drop column reply_alert_minutes, drop column vip_reply_alert_minutes;
  `.execute(db);
}
