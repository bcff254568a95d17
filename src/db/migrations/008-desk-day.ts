import { sql, type Kysely } from 'kysely';

// A front desk's whole day: quick replies with per-hotel placeholder values, desk hours with the
// automatic reply outside them (one per closed period, claimed by a row so two nodes or two quick
// messages never send it twice), what staff keep about a stay (expected departure, a note), and a
// full-text index on message text for search. 'simple' keeps words as written, whatever the
// language: guests write in many, and no stemming dictionary fits them all.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table desk_day_settings (
      hotel_id integer primary key references hotels(id) on delete cascade,
      default_language text not null default 'en' check (length(default_language) between 2 and 35),
      placeholder_values jsonb not null default '{}',
      desk_hours jsonb,
      after_hours_texts jsonb not null default '{}',
      emergency_number text check (length(emergency_number) <= 40),
      updated_at timestamptz not null
    );
    create table quick_replies (
      id integer generated always as identity primary key,
      hotel_id integer not null references hotels(id) on delete cascade,
      shortcut text not null check (length(shortcut) between 1 and 40),
      title text not null check (length(title) between 1 and 80),
      texts jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (hotel_id, shortcut)
    );
    create table after_hours_replies (
      conversation_id integer not null references conversations(id) on delete cascade,
      opens_at timestamptz not null,
      at timestamptz not null,
      primary key (conversation_id, opens_at)
    );
    alter table stays add column expected_departure date;
    alter table stays add column note text check (length(note) <= 2000);
    create index messages_body_search on messages using gin (to_tsvector('simple', body));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index messages_body_search;
    alter table stays drop column note, drop column expected_departure;
    drop table after_hours_replies, quick_replies, desk_day_settings;
  `.execute(db);
}
