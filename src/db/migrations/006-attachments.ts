import { sql, type Kysely } from 'kysely';

// Photos and files: one attachment per message, its bytes in file storage (src/storage/) under
// storage_key (and thumbnail_key for images). hotel_id and stay_id make "who may see it" and
// "erase the stay's files" single-table lookups. Deleting a message (retention's purge) takes its
// attachment row with it; the stored bytes go through domain/attachments.ts eraseStayAttachments,
// which retention calls first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table attachments (
      id integer generated always as identity primary key,
      message_id integer not null unique references messages(id) on delete cascade,
      conversation_id integer not null references conversations(id),
      hotel_id integer not null references hotels(id),
      stay_id integer not null references stays(id),
      kind text not null check (kind in ('image', 'file')),
      file_name text not null,
      content_type text not null,
      size integer not null check (size >= 0),
      width integer,
      height integer,
      storage_key text not null,
      thumbnail_key text,
      created_at timestamptz not null
    );
    create index attachments_stay on attachments (stay_id);
  `.execute(db);
}
