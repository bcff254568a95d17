// Composition: config → store → realtime → domain deps → HTTP, on one port. main.ts, the tests
// and the benchmarks all start Concierge through here, so they run the same thing.
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';
import { openStore } from './db/store.js';
import { argon2Hasher } from './db/password-hasher.js';
import { channels } from './contract/channels.js';
import type { RealtimeEvent } from './contract/fan-out.js';
import { principalOfPusherUser, pusherUserOfPrincipal } from './contract/identities.js';
import { systemClock, type Clock, type Deps } from './domain/ports.js';
import { auditLogListener } from './events/audit-log.js';
import { startAlertPoller, type AlertPoller } from './events/desk-alert-poller.js';
import { hotelWebhooksListener, startWebhookDelivery, type WebhookDelivery } from './events/hotel-webhooks.js';
import { startRetentionTimer, type RetentionTimer } from './events/retention-timer.js';
import { seedDemo } from './domain/seed.js';
import { createDispatcher, type Dispatcher, type Listener } from './events/dispatcher.js';
import { liveConnections } from './events/live-connections.js';
import { realtimeFanOut } from './events/realtime-fan-out.js';
import { webPushListener } from './events/web-push.js';
import { afterHoursListener } from './events/after-hours.js';
import { pushRepository } from './db/repositories/push-repository.js';
import { startWebPush, type PushService } from './push/service.js';
import { buildApp, type App } from './http/app.js';
import { createFiles } from './storage/index.js';
import { batchSizes } from './http/metrics.js';
import { watchHandlerPresence } from './presence-watch.js';
import { createAdapter } from './realtime/adapters/index.js';
import { trimOversized } from './contract/fan-out.js';
import { clientAddress } from './http/client-address.js';
import { realtimeLimitReached } from './http/metrics.js';
import { pusherHttpApi } from './realtime/http-api.js';
import { pusherWebhookReceiver } from './realtime/webhook-receiver.js';
import { WEBHOOK_EVENT_NAMES } from './realtime/webhooks.js';
import { createPublisher } from './realtime/publisher.js';
import { createRealtimeServer, type RealtimeServer } from './realtime/server.js';
import { signChannelAuth, signUserAuth } from './realtime/signature.js';

export interface ServerOptions {
  logger?: Logger;
  /** A PostgreSQL schema to use (tests isolate each file in its own). */
  schema?: string;
  /** Sees every realtime event after commit, before it is published (tests observe events here). */
  onEvents?: (events: readonly RealtimeEvent[]) => void;
  /** More listeners of domain events, after the built-in ones (tests observe or slow the dispatch here). */
  listeners?: readonly Listener[];
  /** How long a handler may be away before the guest is told (ms). */
  presenceGraceMs?: number;
  /** The domain's clock (tests set it by hand to reach alert times). */
  clock?: Clock;
  /** How often this node looks for due desk alerts (ms). */
  alertPollMs?: number;
  /** How often this node looks for due hotel webhook deliveries (ms; default WEBHOOKS_POLL_SECONDS). */
  webhookPollMs?: number;
  /** How often this node runs retention (ms; default RETENTION_INTERVAL_MINUTES). */
  retentionIntervalMs?: number;
}

export interface RunningServer {
  app: App;
  /** The database, for tools and tests that read or change tables directly. */
  db: Kysely<DB>;
  url: string;
  port: number;
  deps: Deps;
  dispatcher: Dispatcher;
  alerts: AlertPoller;
  webhooks: WebhookDelivery;
  retention: RetentionTimer;
  realtime: RealtimeServer;
  /** Web push delivery (tests wait for it to be idle). */
  push: PushService;
  close(): Promise<void>;
}

/**
 * The server's log, one JSON line per event on stdout. Written asynchronously: a synchronous
 * write per request line was the largest single cost of a send's HTTP request that a bare route
 * does not have; lines written meanwhile go out together. pino flushes what is left on exit.
 */
export function serverLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel }, pino.destination({ dest: 1, sync: false }));
}

export async function startServer(config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? serverLogger(config);
  const { store, db } = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    onBatch: (statement, callers) => batchSizes.observe({ statement }, callers),
    ...(opts.schema && { schema: opts.schema }),
  });
  const adapter = createAdapter(config, logger);
  const push = await startWebPush({
    subscriptions: pushRepository(db),
    vapid: config.webPush.vapid,
    subject: config.webPush.subject,
    allowLoopback: !config.production,
    logger: logger.child({ part: 'push' }),
  });
  push.submit({ kind: 'sweep' });
  const hooks = config.pusher.webhooks;
  const realtime = createRealtimeServer({
    appId: config.pusher.appId,
    key: config.pusher.key,
    secret: config.pusher.secret,
    logger: logger.child({ part: 'realtime' }),
    adapter,
    limits: config.realtimeLimits,
    clientAddress: (req) => clientAddress(req, config),
    onLimitReached: (limit) => realtimeLimitReached.inc({ limit }),
    ...(hooks && {
      webhooks: {
        endpoints: hooks.urls.map((url) => ({ url, events: WEBHOOK_EVENT_NAMES.filter((name) => hooks.events.includes(name)) })),
        batchMs: hooks.batchMs,
      },
    }),
  });
  /** Ends the sockets of these principals on every node, and their signed-in Pusher users. */
  async function disconnect(principals: readonly string[]): Promise<void> {
    await Promise.all(
      principals.map(async (principal) => {
        await realtime.disconnectPrincipal(principal);
        const user = pusherUserOfPrincipal(principal);
        if (user) await realtime.terminateUserConnections(user);
      }),
    );
  }
  const deps: Deps = {
    store,
    hasher: argon2Hasher(config.hashing),
    live: { isStaffOnline: (hotel, staffId) => realtime.isMember(channels.presence(hotel), String(staffId)) },
    clock: opts.clock ?? systemClock,
    settings: { staffTokenTtl: config.staffTokenTtl, guestSessionTtl: config.guestSessionTtl },
    push: push.port,
    files: createFiles(config.files).port,
  };
  const webhookDelivery = startWebhookDelivery(deps, logger, { pollMs: opts.webhookPollMs ?? config.hotelWebhooks.pollMs, allowPrivate: config.hotelWebhooks.allowPrivateUrls });
  // Revoked access is cut before anything is published, so a socket that just lost its rights
  // hears nothing more; then realtime fan-out; then any extra listener.
  const dispatcher = createDispatcher(
    [
      liveConnections({ disconnect }),
      realtimeFanOut(createPublisher(realtime, logger, { oversize: trimOversized }), {
        legacyPublicChannels: config.legacyPublicChannels,
        ...(opts.onEvents && { observe: opts.onEvents }),
      }),
      webPushListener(push),
      afterHoursListener(() => ({ deps, dispatcher }), logger),
      hotelWebhooksListener(deps, webhookDelivery),
      auditLogListener(deps),
      ...(opts.listeners ?? []),
    ],
    logger,
  );
  const presence = watchHandlerPresence(store, dispatcher, logger, opts.presenceGraceMs ?? 5000, (channel, userId) => realtime.isMember(channel, userId));
  realtime.onMemberChange((channel, userId, present) => presence.memberChanged(channel, userId, present));
  const alerts = startAlertPoller(deps, dispatcher, logger, opts.alertPollMs ?? 2000);
  const retention = startRetentionTimer(deps, dispatcher, logger, opts.retentionIntervalMs ?? config.retentionIntervalMs);

  if (config.seedDemo && (await seedDemo(deps))) logger.info('seeded the demo hotels (hotel-abc, hotel-xyz)');

  const app = await buildApp({
    deps,
    dispatcher,
    config,
    logger: logger.child({ part: 'http' }),
    realtime: {
      signChannel: (socketId, channel, channelData) => signChannelAuth(config.pusher.key, config.pusher.secret, socketId, channel, channelData),
      signUser: (socketId, userData) => signUserAuth(config.pusher.key, config.pusher.secret, socketId, userData),
      registerSocketPrincipals: (socketId, principals) => realtime.registerSocketPrincipals(socketId, principals),
      disconnect,
      health: () => realtime.health(),
    },
  });
  // Terminating a user's connections through the HTTP API (the CLI does, after deactivating,
  // re-keying or checking out) also ends that person's sockets that have not signed in yet.
  const api = {
    ...realtime,
    async terminateUserConnections(userId: string) {
      await realtime.terminateUserConnections(userId);
      const principal = principalOfPusherUser(userId);
      if (principal) await realtime.disconnectPrincipal(principal);
    },
  };
  await app.register(pusherHttpApi, { realtime: api, appId: config.pusher.appId, key: config.pusher.key, secret: config.pusher.secret });
  // On an external Pusher service, presence arrives as its webhooks: handler presence works there too.
  if (config.pusher.external) {
    await app.register(pusherWebhookReceiver, {
      key: config.pusher.key,
      secret: config.pusher.secret,
      onMemberChange: (channel, userId, present) => presence.memberChanged(channel, userId, present),
    });
  }
  realtime.attach(app.server);
  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | null = null;
  return {
    app,
    url: `http://${host}:${port}`,
    port,
    deps,
    dispatcher,
    db,
    alerts,
    webhooks: webhookDelivery,
    retention,
    realtime,
    push,
    close() {
      closing ??= (async () => {
        presence.close();
        await alerts.close();
        await retention.close();
        await webhookDelivery.close();
        await realtime.close();
        await app.close();
        await push.close();
        await store.close();
      })();
      return closing;
    },
  };
}
