// The raw database baseline of the send scenario: the same INSERT (a message) and UPDATE (the
// conversation's last activity) in one transaction, straight through `pg`, at the same
// concurrency, on the same tables. Nothing else: no auth, no lock, no read-back, no HTTP.
//
// `fewer-trips` is the suggested shape of a guest send (see BENCHMARKS.md), measured the same
// way: the token lookup, BEGIN, the conversation row lock, one INSERT … ON CONFLICT DO NOTHING
// with the last-activity UPDATE in a CTE, COMMIT: five round trips where Concierge makes six
// (it looks the client_message_id up before inserting). `prepared` names those statements so
// PostgreSQL plans them once per connection.
import pg from 'pg';
import { hashToken } from '../../src/domain/actor.js';
import { now } from '../lib/clock.js';
import { Histogram } from '../lib/histogram.js';
import { serve } from '../lib/ipc.js';

export interface PgRunSpec {
  databaseUrl: string;
  schema: string;
  concurrency: number;
  durationMs: number;
  maxTransactions: number;
  conversations: Array<{ id: number; hotelId: number; guestToken?: string }>;
  mode?: 'minimal' | 'fewer-trips';
  prepared?: boolean;
}

const ACTOR = `select stays.id as id, gs.stay_id, gs.conversation_id, hotels.id as hotel_id, hotels.slug, rooms.number, gs.expires_at
  from guest_sessions gs join stays on stays.id = gs.stay_id join rooms on rooms.id = stays.room_id join hotels on hotels.id = stays.hotel_id
  where gs.token_hash = $1 and gs.ended_at is null and gs.expires_at > $2 and stays.checked_out_at is null`;
const LOCK = `select c.id, c.hotel_id, hotels.slug, c.room_id, rooms.number, c.stay_id, stays.guest_name, c.status, c.current_staff_id
  from conversations c join rooms on rooms.id = c.room_id join stays on stays.id = c.stay_id join hotels on hotels.id = c.hotel_id
  where c.hotel_id = $1 and c.id = $2 for update of c`;
const SEND = `with m as (
    insert into messages (conversation_id, hotel_id, sender_type, staff_id, body, client_message_id, created_at, staff_read_at, guest_read_at)
    values ($1, $2, 'guest', null, $3, $4, $5, null, null)
    on conflict (conversation_id, client_message_id) where client_message_id is not null do nothing
    returning id, created_at, read_by_staff, read_by_guest, client_message_id
  ), touched as (update conversations set last_activity_at = $5 where id = $1 and exists (select 1 from m))
  select * from m`;

async function fewerTrips(client: pg.PoolClient, c: { id: number; hotelId: number; guestToken?: string }, body: string, prepared: boolean): Promise<void> {
  const at = new Date();
  const q = (name: string, text: string, values: unknown[]) => client.query(prepared ? { name, text, values } : { text, values });
  const actor = await q('bench_actor', ACTOR, [hashToken(c.guestToken ?? ''), at]);
  if (actor.rowCount !== 1) throw new Error('no guest session for the token');
  await client.query('BEGIN');
  const convo = await q('bench_lock', LOCK, [c.hotelId, c.id]);
  if (convo.rowCount !== 1) throw new Error('no conversation');
  await q('bench_send', SEND, [c.id, c.hotelId, body, `${body.slice(0, 60)}`, at]);
  await client.query('COMMIT');
}

async function run(spec: PgRunSpec) {
  const pool = new pg.Pool({ connectionString: spec.databaseUrl, max: spec.concurrency, options: `-c search_path=${spec.schema}` });
  const latency = new Histogram();
  let done = 0;
  let errors = 0;
  let started = 0;
  const errorSamples: string[] = [];
  // Connect every client first, so the timed loop measures transactions, not connection set-up.
  const clients = await Promise.all(Array.from({ length: spec.concurrency }, () => pool.connect()));
  const t0 = now();
  const deadline = t0 + spec.durationMs;
  await Promise.all(clients.map(async (client, w) => {
    const mine = spec.conversations.filter((_, i) => i % spec.concurrency === w);
    const list = mine.length > 0 ? mine : spec.conversations;
    for (let i = 0; now() < deadline && started < spec.maxTransactions; i += 1) {
      started += 1;
      const c = list[i % list.length];
      if (c === undefined) break;
      const at = new Date();
      const begin = now();
      try {
        if (spec.mode === 'fewer-trips') {
          await fewerTrips(client, c, `raw ${process.pid}.${w}.${i} suggested-shape message`, spec.prepared === true);
          done += 1;
          latency.record(now() - begin);
          continue;
        }
        await client.query('BEGIN');
        await client.query(
          `insert into messages (conversation_id, hotel_id, sender_type, staff_id, body, client_message_id, created_at, staff_read_at, guest_read_at)
           values ($1, $2, 'guest', null, $3, null, $4, null, null) returning id`,
          [c.id, c.hotelId, `raw baseline message ${w}.${i}`, at],
        );
        await client.query('update conversations set last_activity_at = $2 where id = $1', [c.id, at]);
        await client.query('COMMIT');
        done += 1;
      } catch (err) {
        errors += 1;
        if (errorSamples.length < 3) errorSamples.push(err instanceof Error ? err.message : String(err));
        await client.query('ROLLBACK').catch(() => undefined);
      }
      latency.record(now() - begin);
    }
  }));
  const elapsedMs = now() - t0;
  for (const c of clients) c.release();
  await pool.end();
  return { transactions: done, errors, errorSamples, elapsedMs, latency: latency.toJSON() };
}

serve({ run });
