import { sql, type Kysely } from 'kysely';

// "Nobody handles this" becomes a state the history can hold: a release is a row whose staff is
// null, with the releasing person's note.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table assignments alter column staff_id drop not null;
    alter table assignments add column note text;
    alter table assignments drop constraint assignments_reason_check;
    alter table assignments add constraint assignments_reason_check check (reason in ('opened', 'replied', 'released'));
    alter table assignments add constraint assignments_release_has_no_staff check ((reason = 'released') = (staff_id is null));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from assignments where reason = 'released';
    alter table assignments drop constraint assignments_release_has_no_staff;
    alter table assignments drop constraint assignments_reason_check;
    alter table assignments add constraint assignments_reason_check check (reason in ('opened', 'replied'));
    alter table assignments drop column note;
    alter table assignments alter column staff_id set not null;
  `.execute(db);
}
