// Fixture for realtime tests: a real Fastify server with the realtime server attached on port 0,
// real pusher-js (Node) clients, raw ws clients, the official pusher SDK. No mocks.
import { createConnection, createServer } from 'node:net';
import { after, before } from 'node:test';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Channel, Options as ClientOptions } from 'pusher-js';
import PusherServer from 'pusher';
import { WebSocket } from 'ws';
import { Redis } from 'ioredis';
import type { Adapter } from '../../src/realtime/adapters/adapter.js';
import { pusherHttpApi } from '../../src/realtime/http-api.js';
import type { Logger } from '../../src/realtime/logger.js';
import { createRealtimeServer } from '../../src/realtime/server.js';
import type { RealtimeServer, RealtimeServerOptions } from '../../src/realtime/server.js';
import { signChannelAuth, signUserAuth } from '../../src/realtime/signature.js';
import { Pusher as PusherClient, release, trackTransports, type PusherClient as Client } from './pusher-js.js';
import { sleep, waitFor } from './wait.js';

export { release, sleep, waitFor };
export type { Client };

export const APP = { appId: '4242', key: 'test-key', secret: 'test-secret' } as const;

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  data: object;
}

/** A pino-shaped logger that records entries (and prints nothing). */
export function testLogger(entries: LogEntry[] = []): Logger & { entries: LogEntry[] } {
  const make = (bindings: object): Logger & { entries: LogEntry[] } => {
    const at = (level: LogEntry['level']) => (a: object | string, b?: string): void => {
      entries.push(typeof a === 'string' ? { level, msg: a, data: bindings } : { level, msg: b ?? '', data: { ...bindings, ...a } });
    };
    return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => make({ ...bindings, ...more }) };
  };
  return make({});
}

export function once<T>(register: (done: (value: T) => void) => void, what: string, timeoutMs = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

export interface TestNode {
  app: FastifyInstance;
  realtime: RealtimeServer;
  port: number;
  url: string;
  logger: Logger & { entries: LogEntry[] };
  close(): Promise<void>;
}

export async function startNode(options: Partial<RealtimeServerOptions> & { adapter?: Adapter; port?: number } = {}): Promise<TestNode> {
  const logger = options.logger === undefined ? testLogger() : (options.logger as Logger & { entries: LogEntry[] });
  const realtime = createRealtimeServer({ ...APP, ...options, logger });
  await realtime.ready();
  // Same router settings as the app: channel names up to 200 characters fit in a path parameter.
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 300 } });
  await app.register(pusherHttpApi, { realtime, ...APP });
  realtime.attach(app.server);
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    app,
    realtime,
    port,
    url: `http://127.0.0.1:${port}`,
    logger,
    close() {
      closing ??= (async () => {
        await realtime.close();
        await app.close();
      })();
      return closing;
    },
  };
}

/** Presence identity per channel, used by the test authorizer. */
export interface ClientIdentity {
  user?: { id: string; info?: unknown };
  /** Signs with this secret instead of the app's (to test rejected signatures). */
  secret?: string;
}

export function connectClient(node: { port: number }, identity: ClientIdentity = {}, extra: Partial<ClientOptions> = {}): Client {
  return trackTransports(createClient(node, identity, extra));
}

function createClient(node: { port: number }, identity: ClientIdentity, extra: Partial<ClientOptions>): Client {
  const secret = identity.secret ?? APP.secret;
  return new PusherClient(APP.key, {
    cluster: 'mt1',
    wsHost: '127.0.0.1',
    wsPort: node.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    disableStats: true,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }: { socketId: string; channelName: string }, callback: (err: Error | null, data: { auth: string; channel_data?: string }) => void) => {
        const member = channelName.startsWith('presence-') ? { user_id: identity.user?.id ?? 'anonymous', user_info: identity.user?.info } : undefined;
        callback(null, signChannelAuth(APP.key, secret, socketId, channelName, member));
      },
    },
    userAuthentication: {
      customHandler: ({ socketId }: { socketId: string }, callback: (err: Error | null, data: { auth: string; user_data: string }) => void) => {
        callback(null, signUserAuth(APP.key, secret, socketId, { id: identity.user?.id ?? 'anonymous' }));
      },
    },
    ...extra,
  });
}

export function connected(client: Client, timeoutMs = 5000): Promise<string> {
  if (client.connection.state === 'connected') return Promise.resolve(client.connection.socket_id);
  return once<string>((done) => client.connection.bind('connected', () => done(client.connection.socket_id)), 'connection', timeoutMs);
}

/** pusher:signin as the client's identity (user id, default "anonymous"); resolves on signin_success. */
export async function signedIn(client: Client): Promise<void> {
  client.signin();
  await client.user.signinDonePromise;
  if (client.user.user_data === null) throw new Error('pusher-js signin failed');
}

/** pusher:signin for a raw client, as `userId`; resolves on signin_success. */
export async function signInRaw(raw: RawClient, userId: string): Promise<void> {
  const signed = signUserAuth(APP.key, APP.secret, await raw.socketId(), { id: userId });
  raw.send('pusher:signin', signed);
  await raw.next('pusher:signin_success');
}

export function subscribed(client: Client, name: string): Promise<Channel> {
  const channel = client.subscribe(name);
  if (channel.subscribed) return Promise.resolve(channel);
  return once<Channel>((done) => channel.bind('pusher:subscription_succeeded', () => done(channel)), `subscription to ${name}`);
}

/** Every event a channel receives, in order. */
export function recorder(channel: Channel): Array<{ event: string; data: unknown }> {
  const seen: Array<{ event: string; data: unknown }> = [];
  channel.bind_global((event: string, data: unknown) => {
    seen.push({ event, data });
  });
  return seen;
}

/** Tracks what a test opens, so it can all be closed in `after`/`finally`. */
export class Cleanup {
  private readonly steps: Array<() => unknown> = [];
  add<T>(resource: T, close: (r: T) => unknown): T {
    this.steps.push(() => close(resource));
    return resource;
  }
  client(client: Client): Client {
    return this.add(client, release);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch {
        // closing what is already closed
      }
    }
  }
}

/** One realtime node for a describe block, with a Cleanup run before it closes. */
export function nodeForSuite(): { readonly node: TestNode; readonly cleanup: Cleanup } {
  let node: TestNode | undefined;
  const cleanup = new Cleanup();
  before(async () => {
    node = await startNode();
  });
  after(async () => {
    await cleanup.run();
    await node?.close();
  });
  return {
    get node(): TestNode {
      if (!node) throw new Error('the node starts in before()');
      return node;
    },
    cleanup,
  };
}

/**
 * A raw POST through the SDK (signed as usual) with a body the SDK's own methods would refuse to
 * build. The SDK serialises `body` itself although its types say string.
 */
export function postRaw(client: PusherServer, path: string, body: object): Promise<unknown> {
  return client.post({ path, body: body as unknown as string });
}

export function sdk(node: { port: number }, secret: string = APP.secret): PusherServer {
  return new PusherServer({ appId: APP.appId, key: APP.key, secret, host: '127.0.0.1', port: String(node.port), useTLS: false });
}

/** A raw ws client that records every frame (for what pusher-js hides: pings, close codes). */
export class RawClient {
  readonly frames: Array<{ event: string; channel?: string; data: unknown; user_id?: string }> = [];
  closeCode: number | null = null;
  readonly ws: WebSocket;
  readonly opened: Promise<void>;

  constructor(port: number, path = `/app/${APP.key}?protocol=7&client=test&version=1`, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { event: string; channel?: string; data: unknown; user_id?: string };
      this.frames.push(frame);
    });
    this.ws.on('close', (code) => {
      this.closeCode = code;
    });
  }

  send(event: string, data: unknown, channel?: string): void {
    this.ws.send(JSON.stringify({ event, data, ...(channel !== undefined && { channel }) }));
  }

  next(event: string, timeoutMs = 5000): Promise<{ event: string; channel?: string; data: unknown; user_id?: string }> {
    return waitFor(() => this.frames.find((f) => f.event === event), `frame ${event}`, timeoutMs);
  }

  async socketId(): Promise<string> {
    const frame = await this.next('pusher:connection_established');
    return (JSON.parse(String(frame.data)) as { socket_id: string }).socket_id;
  }

  closed(timeoutMs = 5000): Promise<number> {
    return waitFor(() => this.closeCode, 'socket close', timeoutMs);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** CI may point the tests at another Redis; the default is the local one. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisTarget = new URL(REDIS_URL);

/**
 * Whether Redis tests can run. Skipping is only allowed outside CI: there a missing Redis fails
 * the suite instead of turning it green.
 */
export async function redisReason(): Promise<string | null> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  let cause = '';
  probe.on('error', (err: Error) => {
    cause = err.message;
  });
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch (err) {
    const reason = `Redis at ${REDIS_URL} is not reachable (${cause || (err instanceof Error ? err.message : String(err))})`;
    if (process.env.CI === 'true') throw new Error(`${reason}; CI must run the Redis tests`);
    console.log(`# skipping Redis tests: ${reason}`);
    return reason;
  } finally {
    probe.disconnect();
  }
}

export function randomPrefix(): string {
  return `concierge-test:${process.pid}:${Math.random().toString(36).slice(2, 10)}:`;
}

/** A TCP proxy to Redis (REDIS_URL's host and port) that a test can cut and restore, to simulate an outage. */
export class RedisProxy {
  private server: NetServer | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(port = 0): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(Number(redisTarget.port || 6379), redisTarget.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Refuses new connections and cuts the open ones. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
