// The send path without HTTP: for each message the real token lookup (resolveActor) and the real
// domain command (sendMessage) through the real store (Kysely over pg), at the same concurrency
// as the HTTP senders. Nothing is published. What is left between this and the HTTP figure is
// Fastify, the route, presenting and publishing; between this and raw pg, the SQL and Kysely.
import { loadConfig } from '../../src/config.js';
import { resolveActor } from '../../src/domain/actor.js';
import { sendMessage } from '../../src/domain/messages.js';
import type { Deps } from '../../src/domain/ports.js';
import { openStore } from '../../src/db/store.js';
import { now } from '../lib/clock.js';
import { Histogram } from '../lib/histogram.js';
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

async function run(spec: DomainRunSpec) {
  // The server's own pool size (DATABASE_POOL_SIZE's default), as the HTTP path has.
  const { databasePoolSize } = loadConfig({});
  const { store } = await openStore({ databaseUrl: spec.databaseUrl, dataDir: 'memory://', schema: spec.schema, poolSize: databasePoolSize });
  const deps: Deps = {
    store,
    hasher: { hash: async () => '', verify: async () => false },
    publisher: { publish: async () => undefined },
    live: { disconnect: async () => undefined, isStaffOnline: async () => false },
    settings: { staffTokenTtl: 3600, guestSessionTtl: 3600 },
  };
  const latency = new Histogram();
  let done = 0;
  let started = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const t0 = now();
  const deadline = t0 + spec.durationMs;
  await Promise.all(Array.from({ length: spec.concurrency }, async (_, w) => {
    const mine = spec.conversations.filter((_c, i) => i % spec.concurrency === w);
    const list = mine.length > 0 ? mine : spec.conversations;
    for (let i = 0; now() < deadline && started < spec.maxMessages; i += 1) {
      started += 1;
      const c = list[i % list.length];
      if (c === undefined) break;
      const begin = now();
      try {
        const actor = await store.read((r) => resolveActor(r, c.guestToken));
        const id = `domain-${process.pid}-${w}-${i}`;
        await sendMessage(deps, actor, spec.hotel, c.id, { message: `${id} Good evening, could we get two extra towels, please?`, client_message_id: id });
        done += 1;
      } catch (err) {
        errors += 1;
        if (errorSamples.length < 3) errorSamples.push(err instanceof Error ? err.message : String(err));
      }
      latency.record(now() - begin);
    }
  }));
  const elapsedMs = now() - t0;
  await store.close();
  return { transactions: done, errors, errorSamples, elapsedMs, latency: latency.toJSON() };
}

serve({ run });
