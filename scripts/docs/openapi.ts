// The OpenAPI document of the real Fastify app: the same buildApp and Pusher HTTP API plugin as
// src/server.ts, so every route, schema and tag is the one that serves requests.
//
// It is built without a database on purpose: starting the embedded PGlite (WebAssembly, initdb,
// migrations) takes most of a startServer and far longer on a busy machine, and nothing of the
// document depends on data. A route that touched the store while the app is only being built
// would fail loudly here (`storeless` throws), never quietly change the document.
import pino from 'pino';
import { argon2Hasher } from '../../src/db/password-hasher.js';
import { loadConfig } from '../../src/config.js';
import type { Deps, Store } from '../../src/domain/ports.js';
import { systemClock } from '../../src/domain/ports.js';
import { createDispatcher } from '../../src/events/dispatcher.js';
import { buildApp } from '../../src/http/app.js';
import { pusherHttpApi } from '../../src/realtime/http-api.js';
import { createRealtimeServer } from '../../src/realtime/server.js';
import { isJson, type Json } from './schema-fields.js';

const storeless: Store = {
  transaction: () => Promise.reject(new Error('docs: the OpenAPI document is built without a database')),
  read: () => Promise.reject(new Error('docs: the OpenAPI document is built without a database')),
  ping: () => Promise.reject(new Error('docs: no database')),
  close: () => Promise.resolve(),
};

export async function buildOpenApi(): Promise<Json> {
  // Every setting explicit, so the document does not depend on the caller's environment or .env
  // (EXPOSE_* on: what a development server shows; production hides /docs, not the routes).
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory://', SEED_DEMO: '0', LOG_LEVEL: 'silent', EXPOSE_API_DOCS: '1', EXPOSE_METRICS: '1' });
  const logger = pino({ level: 'silent' });
  const { appId, key, secret } = config.pusher;
  const realtime = createRealtimeServer({ appId, key, secret, logger });
  const deps: Deps = {
    store: storeless,
    hasher: argon2Hasher(),
    live: { isStaffOnline: () => Promise.resolve(false) },
    clock: systemClock,
    settings: { staffTokenTtl: config.staffTokenTtl, guestSessionTtl: config.guestSessionTtl },
  };
  const app = await buildApp({
    deps,
    config,
    dispatcher: createDispatcher([], logger),
    logger,
    realtime: {
      signChannel: () => ({ auth: '' }),
      signUser: () => ({ auth: '', user_data: '' }),
      registerSocketPrincipals: () => Promise.resolve(true),
      disconnect: () => Promise.resolve(),
      health: () => realtime.health(),
    },
  });
  try {
    await app.register(pusherHttpApi, { realtime, appId, key, secret });
    await app.ready();
    // A round trip through JSON drops undefined members, so the file and the check compare alike.
    const doc: unknown = JSON.parse(JSON.stringify(app.swagger()));
    if (!isJson(doc) || !isJson(doc.paths)) throw new Error('docs: app.swagger() returned no paths');
    return doc;
  } finally {
    await app.close();
    await realtime.close();
  }
}
