import { sql, type Kysely } from 'kysely';

// The inbox without a per-conversation aggregate: each conversation keeps how many guest messages
// no staff member has read, and since when the guest has been waiting for a reply (the first
// guest message after the last staff message; a system message neither starts nor ends a wait).
// Kept by the statements that write messages (db/repositories/message-repository.ts) and
// checked against the messages themselves by test/db/inbox-counts.test.ts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table conversations add column unread_count integer not null default 0 check (unread_count >= 0);
    alter table conversations add column waiting_since timestamptz;
    update conversations c set unread_count = u.n
    from (
      select conversation_id, count(*)::int as n from messages
      where sender_type = 'guest' and not read_by_staff group by conversation_id
    ) u
    where u.conversation_id = c.id;
    update conversations c set waiting_since = w.since
    from (
      select g.conversation_id, min(g.created_at) as since
      from messages g
      left join (
        select conversation_id, max(id) as last_staff from messages where sender_type = 'staff' group by conversation_id
      ) s on s.conversation_id = g.conversation_id
      where g.sender_type = 'guest' and g.id > coalesce(s.last_staff, 0)
      group by g.conversation_id
    ) w
    where w.conversation_id = c.id;
  `.execute(db);
}
