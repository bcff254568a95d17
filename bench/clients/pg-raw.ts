// The raw database baseline of the send scenario: the same INSERT (a message) and UPDATE (the
// conversation's last activity) in one transaction, straight through `pg`, at the same
// concurrency, on the same tables. Nothing else: no auth, no lock, no read-back, no HTTP.
import pg from 'pg';
import { now } from '../lib/clock.js';
import { Histogram } from '../lib/histogram.js';
import { serve } from '../lib/ipc.js';

export interface PgRunSpec {
  databaseUrl: string;
  schema: string;
  concurrency: number;
  durationMs: number;
  maxTransactions: number;
  conversations: Array<{ id: number; hotelId: number }>;
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
