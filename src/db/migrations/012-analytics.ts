import { sql, type Kysely } from 'kysely';

// Handoff analytics (docs/analytics.md). staff_duty holds only who is on duty now; the reports
// need every clock-in and clock-out, so duty_log keeps them, written in the transaction that
// changes staff_duty. The indexes serve the reports' range scans per hotel (the bench's
// EXPLAIN ANALYZE plans show each in use): conversations overlapping a date range, a hotel's
// staff messages by time (index-only), the handoff history by time, and clock events by time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table duty_log (
      id bigserial primary key,
      hotel_id integer not null references hotels(id),
      staff_id integer not null references staff(id),
      on_duty boolean not null,
      at timestamptz not null
    );
    create index duty_log_hotel_at on duty_log (hotel_id, at);
    create index duty_log_staff_at on duty_log (staff_id, at) where not on_duty;
    create index conversations_hotel_created on conversations (hotel_id, created_at);
    create index messages_hotel_staff_created on messages (hotel_id, created_at) include (conversation_id, staff_id) where sender_type = 'staff';
    create index assignments_conversation_at on assignments (conversation_id, assigned_at);
  `.execute(db);
}
