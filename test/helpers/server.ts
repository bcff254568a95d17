// Starts the real Concierge (the same startServer as `npm start`) on port 0 with a fresh database:
// in-memory PGlite, or its own schema on the PostgreSQL of DATABASE_URL. Nodes of one cluster
// share a schema: give each the same `schema` (see newSchemaName). Schemas carry the run's id and
// are dropped by scripts/test.mjs after the whole run, never while other files run: Kysely's
// migrator lists every schema, and one dropped under it fails that listing.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import type { RealtimeEvent } from '../../src/contract/fan-out.js';
import type { Clock } from '../../src/domain/ports.js';
import type { Listener } from '../../src/events/dispatcher.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { after, before } from 'node:test';
import { client, type Client } from './http.js';

/** An event's payload, read field by field: its shape is what the tests assert. */
export type Payload = Record<string, any>;
export const payload = (e: RealtimeEvent): Payload => e.data as Payload;

export interface TestServer extends RunningServer {
  /** Every event handed to the publisher after commit, in order. */
  events: RealtimeEvent[];
}

export interface TestServerOptions {
  seed?: boolean;
  env?: Record<string, string>;
  presenceGraceMs?: number;
  /** The domain's clock (a TestClock reaches alert times at once). */
  clock?: Clock;
  /** How often the server looks for due desk alerts (ms). */
  alertPollMs?: number;
  /** How often the server looks for due hotel webhook deliveries (ms). */
  webhookPollMs?: number;
  /** More listeners of domain events (after realtime fan-out). */
  listeners?: Listener[];
  /** Overrides DATABASE_URL for this server. */
  databaseUrl?: string;
  /**
   * PostgreSQL only: work in this schema (created and migrated if missing) instead of a fresh one,
   * so several servers share one database like the nodes of a cluster.
   */
  schema?: string;
}

/** A schema name no other test uses. */
export const newSchemaName = (): string =>
  `test_${process.env.CONCIERGE_TEST_RUN ?? process.pid}_${randomBytes(6).toString('hex')}`;

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL ?? '';
  if (opts.schema !== undefined && !databaseUrl) throw new Error('startTestServer: `schema` needs a PostgreSQL databaseUrl');
  const schema = opts.schema ?? (databaseUrl ? newSchemaName() : undefined);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    DATABASE_URL: databaseUrl,
    SEED_DEMO: opts.seed === false ? '0' : '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...opts.env,
  });
  const events: RealtimeEvent[] = [];
  const server = await startServer(config, {
    logger: pino({ level: config.logLevel }),
    ...(schema && { schema }),
    onEvents: (e) => events.push(...e),
    ...(opts.listeners && { listeners: opts.listeners }),
    ...(opts.clock && { clock: opts.clock }),
    ...(opts.alertPollMs !== undefined && { alertPollMs: opts.alertPollMs }),
    ...(opts.webhookPollMs !== undefined && { webhookPollMs: opts.webhookPollMs }),
    presenceGraceMs: opts.presenceGraceMs ?? 300,
  });
  return { ...server, events };
}

/** One server for the whole test file: started before the first test, closed after the last. */
export function serverForFile(opts: TestServerOptions = {}): { server: TestServer; api: Client } {
  const ctx = {} as { server: TestServer; api: Client };
  before(async () => {
    ctx.server = await startTestServer(opts);
    ctx.api = client(ctx.server.url);
  });
  after(() => ctx.server.close());
  return ctx;
}
