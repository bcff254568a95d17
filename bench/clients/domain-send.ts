// The send path without HTTP: for each message the real token lookup (resolveActor) and the real
// domain command (sendMessage) through the real store (Kysely over pg), at the same concurrency
// as the HTTP senders. Nothing is published. What is left between this and the HTTP figure is
// Fastify, the route, presenting and publishing; between this and raw pg, the SQL and Kysely.
import { loadConfig } from '../../src/config.js';
import { resolveActor } from '../../src/domain/actor.js';
import { sendMessage } from '../../src/domain/messages.js';
import { systemClock, type Deps } from '../../src/domain/ports.js';
import { openStore } from '../../src/db/store.js';
import { closedLoop, type LoopReport } from '../lib/closed-loop.js';
import { serve } from '../lib/ipc.js';

export interface DomainRunSpec {
  databaseUrl: string;
  schema: string;
  hotel: string;
  concurrency: number;
  durationMs: number;
  maxMessages: number;
  conversations: Array<{ id: number; guestToken: string }>;
}

async function run(spec: DomainRunSpec): Promise<LoopReport> {
  // The server's own pool size (DATABASE_POOL_SIZE's default), as the HTTP path has.
  const { databasePoolSize } = loadConfig({});
  const { store } = await openStore({ databaseUrl: spec.databaseUrl, dataDir: 'memory://', schema: spec.schema, poolSize: databasePoolSize });
  const deps: Deps = {
    store,
    hasher: { hash: async () => '', verify: async () => false },
    live: { isStaffOnline: async () => false },
    clock: systemClock,
    settings: { staffTokenTtl: 3600, guestSessionTtl: 3600 },
  };
  const report = await closedLoop({ workers: spec.concurrency, durationMs: spec.durationMs, max: spec.maxMessages, items: spec.conversations }, async (c, w, i) => {
    const actor = await store.read((r) => resolveActor(r, c.guestToken));
    const id = `domain-${process.pid}-${w}-${i}`;
    await sendMessage(deps, actor, spec.hotel, c.id, { text: `${id} Good evening, could we get two extra towels, please?`, clientMessageId: id });
  });
  await store.close();
  return report;
}

serve({ run });
