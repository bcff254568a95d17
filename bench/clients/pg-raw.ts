// The raw database baseline of the send scenario: the same INSERT (a message) and UPDATE (the
// conversation's last activity) in one transaction, straight through `pg`, at the same
// concurrency, on the same tables. Nothing else: no auth, no lock, no read-back, no HTTP.
import pg from 'pg';
import { closedLoop, type LoopReport } from '../lib/closed-loop.js';
import { serve } from '../lib/ipc.js';

export interface PgRunSpec {
  databaseUrl: string;
  schema: string;
  concurrency: number;
  durationMs: number;
  maxTransactions: number;
  conversations: Array<{ id: number; hotelId: number }>;
}

async function run(spec: PgRunSpec): Promise<LoopReport> {
  const pool = new pg.Pool({ connectionString: spec.databaseUrl, max: spec.concurrency, options: `-c search_path=${spec.schema}` });
  // Connect every client first, so the timed loop measures transactions, not connection set-up.
  const clients = await Promise.all(Array.from({ length: spec.concurrency }, () => pool.connect()));
  const report = await closedLoop({ workers: spec.concurrency, durationMs: spec.durationMs, max: spec.maxTransactions, items: spec.conversations }, async (c, w, i) => {
    const client = clients[w]!;
    const at = new Date();
    try {
      await client.query('BEGIN');
      await client.query(
        `insert into messages (conversation_id, hotel_id, sender_type, staff_id, body, client_message_id, created_at, staff_read_at, guest_read_at)
         values ($1, $2, 'guest', null, $3, null, $4, null, null) returning id`,
        [c.id, c.hotelId, `raw baseline message ${w}.${i}`, at],
      );
      await client.query('update conversations set last_activity_at = $2 where id = $1', [c.id, at]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
  for (const c of clients) c.release();
  await pool.end();
  return report;
}

serve({ run });
