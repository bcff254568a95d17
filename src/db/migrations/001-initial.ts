import { sql, type Kysely } from 'kysely';

// Every lookup the API makes has an index; every row is reachable from its hotel.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table hotels (
      id integer generated always as identity primary key,
      slug text not null unique,
      name text not null,
      created_at timestamptz not null default now()
    );
    create table staff (
      id integer generated always as identity primary key,
      hotel_id integer not null references hotels(id),
      username text not null unique,
      password_hash text not null,
      first_name text not null default '',
      last_name text not null default '',
      role text not null default '',
      profile_image text,
      is_manager boolean not null default false,
      is_active boolean not null default true,
      created_at timestamptz not null default now()
    );
    create index staff_hotel on staff (hotel_id);
    create table staff_tokens (
      token_hash text primary key,
      staff_id integer not null references staff(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index staff_tokens_staff on staff_tokens (staff_id) where revoked_at is null;
    create table rooms (
      id integer generated always as identity primary key,
      hotel_id integer not null references hotels(id),
      number integer not null,
      unique (hotel_id, number)
    );
    create table stays (
      id integer generated always as identity primary key,
      hotel_id integer not null references hotels(id),
      room_id integer not null references rooms(id),
      guest_name text not null,
      pin_hash text not null,
      checked_in_at timestamptz not null,
      checked_out_at timestamptz
    );
    create unique index stays_one_active_per_room on stays (room_id) where checked_out_at is null;
    create table conversations (
      id integer generated always as identity primary key,
      hotel_id integer not null references hotels(id),
      room_id integer not null references rooms(id),
      stay_id integer not null unique references stays(id),
      status text not null default 'open' check (status in ('open', 'closed')),
      current_staff_id integer references staff(id),
      handler_assigned_at timestamptz,
      created_at timestamptz not null,
      last_activity_at timestamptz not null,
      closed_at timestamptz
    );
    create index conversations_hotel_open on conversations (hotel_id, last_activity_at desc) where status = 'open';
    create index conversations_handler on conversations (current_staff_id) where status = 'open';
    create table guest_sessions (
      token_hash text primary key,
      stay_id integer not null references stays(id),
      conversation_id integer not null references conversations(id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      ended_at timestamptz
    );
    create index guest_sessions_stay on guest_sessions (stay_id) where ended_at is null;
    create table messages (
      id integer generated always as identity primary key,
      conversation_id integer not null references conversations(id),
      hotel_id integer not null references hotels(id),
      sender_type text not null check (sender_type in ('guest', 'staff', 'system')),
      staff_id integer references staff(id),
      body text not null,
      client_message_id text,
      created_at timestamptz not null,
      read_by_staff boolean not null default false,
      staff_read_at timestamptz,
      read_by_guest boolean not null default false,
      guest_read_at timestamptz
    );
    create index messages_conversation on messages (conversation_id, id);
    create unique index messages_client_id on messages (conversation_id, client_message_id) where client_message_id is not null;
    create index messages_unread_guest on messages (hotel_id, conversation_id) where sender_type = 'guest' and not read_by_staff;
    create index messages_unread_staff on messages (conversation_id) where sender_type = 'staff' and not read_by_guest;
    create table assignments (
      id integer generated always as identity primary key,
      conversation_id integer not null references conversations(id),
      staff_id integer not null references staff(id),
      previous_staff_id integer references staff(id),
      reason text not null check (reason in ('opened', 'replied')),
      assigned_at timestamptz not null
    );
    create index assignments_conversation on assignments (conversation_id, id);
    create table staff_reads (
      staff_id integer not null references staff(id),
      conversation_id integer not null references conversations(id),
      last_read_message_id integer not null,
      read_at timestamptz not null,
      primary key (conversation_id, staff_id)
    );
    create table auth_attempts (
      id integer generated always as identity primary key,
      key text not null,
      at timestamptz not null
    );
    create index auth_attempts_key on auth_attempts (key, at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table auth_attempts, staff_reads, assignments, messages, guest_sessions, conversations, stays, rooms, staff_tokens, staff, hotels`.execute(db);
}
