// Two full Concierge nodes sharing one PostgreSQL schema and one Redis, as behind a load balancer:
// chat events, presence and revocation cross from one node to the other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import type { LocalSocket } from '../../src/realtime/adapters/adapter.js';
import { createAdapter } from '../../src/realtime/adapters/index.js';
import { newSchemaName, startTestServer, type TestServer } from '../helpers/server.js';
import { need, POSTGRES_URL, REDIS_URL } from '../helpers/services.js';
import {
  base, channelOf, Cleanup, client, connect, describeEvent, guestTab, HOTEL, signIn, sleep, staffOnDuty, waitFor,
  type Client, type SignedIn,
} from '../helpers/chat.js';

const available = (await need('postgres')) && (await need('redis'));
const GRACE_MS = 800;
const REVOKED = 4009;

/**
 * Redis pub/sub ignores database numbers, and Concierge's key prefix is not configurable, so the
 * cluster gets a Redis database of its own (names are scoped by it): one that is empty now.
 */
async function emptyRedisDatabase(): Promise<number> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await probe.connect();
  try {
    const candidates = Array.from({ length: 15 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    for (const db of candidates) {
      // A server configured with fewer databases refuses the higher numbers.
      const selected = await probe.select(db).then(() => true, () => false);
      if (selected && (await probe.dbsize()) === 0) return db;
    }
    throw new Error(`Every Redis database 1-15 at ${REDIS_URL} holds keys; the cluster test needs an empty one.`);
  } finally {
    probe.disconnect();
  }
}

function redisUrl(db: number): string {
  const u = new URL(REDIS_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

describe('many nodes over PostgreSQL and Redis', { skip: !available }, () => {
  const cleanup = new Cleanup();
  const schema = newSchemaName();
  let db = 0;
  let a: TestServer;
  let b: TestServer;
  let apiA: Client;
  let apiB: Client;
  const staff: Record<string, SignedIn> = {};
  const who = (name: string): SignedIn => staff[name]!;

  before(async () => {
    db = await emptyRedisDatabase();
    const env = { REDIS_URL: redisUrl(db) };
    // One after the other: the first migrates and seeds, the second finds it done.
    a = await startTestServer({ databaseUrl: POSTGRES_URL, schema, env, presenceGraceMs: GRACE_MS });
    b = await startTestServer({ databaseUrl: POSTGRES_URL, schema, env, presenceGraceMs: GRACE_MS, seed: false });
    apiA = client(a.url);
    apiB = client(b.url);
    await waitFor(() => a.realtime.health().redis === 'up' && b.realtime.health().redis === 'up', 'both nodes to join Redis');
    for (const name of ['sarah', 'mike', 'john', 'emma', 'manager']) staff[name] = await signIn(apiA, name);
  });
  after(async () => {
    await cleanup.run();
    await Promise.allSettled([a?.close(), b?.close()]);
  });

  it('shares one database: a session opened on A works on B', async () => {
    const r = await apiA.post(`/chat/${HOTEL}/guest-session/room/105/initialize/`, undefined, { pin: '1234' });
    const v = await apiB.get(`/chat/guest-session/${r.body.session_token}/validate/`);
    assert.equal(v.status, 200);
    assert.equal(v.body.conversation_id, r.body.conversation_id);
  });

  it('delivers what node A\'s HTTP API did to pusher-js clients on node B, and back', async () => {
    const g = cleanup.participant(await guestTab(b.url, 101));
    const convo = g.session.conversation_id;
    const desk = cleanup.participant(await staffOnDuty(a.url, who('sarah'), [channelOf.conversation(convo)]));
    const colleague = cleanup.participant(await staffOnDuty(b.url, who('mike')));

    const post = (api: Client, token: string, path: string, body?: unknown) => api.post(`${base}/${convo}/${path}/`, token, body);
    assert.equal((await post(apiA, who('sarah').token, 'assign-staff')).status, 200);
    const reply = await post(apiA, who('sarah').token, 'messages/send', { message: 'Hello from node A' });
    assert.equal(reply.status, 201);
    await post(apiB, g.session.session_token, 'messages/send', { message: 'Hello from node B' });
    await g.expect(g.session.pusher_channel, 'new-message', (d) => d.message === 'Hello from node B');
    await desk.expect(channelOf.staff(who('sarah').staff.id), 'new-guest-message');
    await colleague.expect(channelOf.inbox(), 'new-guest-message', (d) => d.message === 'Hello from node B');

    assert.deepEqual(g.seen().map(describeEvent), [
      'staff-assigned Sarah Jones',
      'new-message staff: Hello from node A',
      'new-staff-message staff: Hello from node A',
      'new-message guest: Hello from node B',
    ]);
    assert.deepEqual(g.seen({ event: 'new-staff-message' })[0]!.data, reply.body.message);
    // The guest's message also publishes its unread count; it may still be on its way here.
    assert.deepEqual(desk.seen({ channel: channelOf.conversation(convo) }).map((s) => s.event).filter((e) => e !== 'conversation-unread'), [
      'staff-assigned', 'new-message', 'message-delivered', 'new-message', 'message-delivered',
    ]);
    await desk.expect(channelOf.conversation(convo), 'conversation-unread', (d) => d.unread_count === 1);
    assert.deepEqual(colleague.seen({ channel: channelOf.inbox(), conversation: convo }).map(describeEvent).filter((e) => !e.startsWith('conversation-unread')), [
      'staff-assigned Sarah Jones (was nobody, opened)',
      'new-staff-message staff: Hello from node A', // an extension of the contract's table (ebd332e)
      'new-guest-message guest: Hello from node B',
    ]);
    assert.equal((await b.realtime.channelInfo(g.session.pusher_channel)).subscriptionCount, 1, 'B counts for the cluster');
    assert.equal((await a.realtime.channelInfo(g.session.pusher_channel)).subscriptionCount, 1, 'and so does A');
  });

  it('knows cluster-wide who is on duty, and tells the guest on B when the handler on A comes and goes', async () => {
    const emma = who('emma');
    const g = cleanup.participant(await guestTab(b.url, 102));
    const convo = g.session.conversation_id;
    const room = g.session.pusher_channel;
    // Emma took the conversation earlier and is not on duty now.
    await apiA.post(`${base}/${convo}/assign-staff/`, emma.token);
    await g.expect(room, 'staff-assigned');
    assert.equal(await b.realtime.isMember(channelOf.presence(), String(emma.staff.id)), false);

    const desk = await staffOnDuty(a.url, emma);
    const online = await g.expect(room, 'handler-presence', (d) => d.online === true);
    assert.deepEqual(online.data, { conversation_id: convo, staff_id: emma.staff.id, online: true });
    assert.equal(await b.realtime.isMember(channelOf.presence(), String(emma.staff.id)), true, 'B sees the member A holds');
    const onB = await apiB.post(`/chat/${HOTEL}/guest-session/room/102/initialize/`, undefined, { pin: '1234', session_token: g.session.session_token });
    assert.equal(onB.body.current_staff_handler.online, true, 'initialize on B reports the handler on A');
    const seenByB = cleanup.participant(await connect('sarah on B', b.url, who('sarah').token));
    const presence = await seenByB.subscribe(channelOf.presence());
    assert.ok(Object.keys((presence as unknown as { members: { members: object } }).members.members).includes(String(emma.staff.id)), 'B lists him');

    desk.release();
    const offline = await g.expect(room, 'handler-presence', (d) => d.online === false, GRACE_MS + 5000);
    assert.deepEqual(offline.data, { conversation_id: convo, staff_id: emma.staff.id, online: false });
    assert.equal(await b.realtime.isMember(channelOf.presence(), String(emma.staff.id)), false);
    assert.deepEqual(g.seen().map(describeEvent), ['staff-assigned Emma Brown', 'handler-presence online', 'handler-presence offline']);
  });

  it('closes the guest\'s sockets on node B, however authorized, when node A checks the room out', async () => {
    const g = cleanup.participant(await guestTab(b.url, 103));
    // A second device whose socket is on B while its HTTP calls (/pusher/auth/) reach A.
    const other = cleanup.participant(await connect('guest 103, phone', b.url, g.session.session_token, a.url));
    await other.subscribe(g.session.pusher_channel);
    const desk = cleanup.participant(await staffOnDuty(b.url, who('manager')));

    const r = await apiA.post(`/admin/${HOTEL}/rooms/103/check-out/`, who('manager').token);
    assert.equal(r.status, 200);
    await Promise.all([g.closedWith(REVOKED), other.closedWith(REVOKED)]);
    assert.equal(desk.state, 'connected');
  });

  it('closes a signed-out token\'s socket on node B when it signs out through node A', async () => {
    const laptop = await signIn(apiB, 'john');
    const desk = cleanup.participant(await staffOnDuty(b.url, laptop));
    assert.equal((await apiA.post('/auth/logout/', laptop.token)).status, 204);
    await desk.closedWith(REVOKED);
  });

  it('does not report a handler who reloads onto the other node within the grace', async () => {
    const john = who('john');
    const g = cleanup.participant(await guestTab(b.url, 104));
    const room = g.session.pusher_channel;
    const first = await staffOnDuty(a.url, john);
    await apiA.post(`${base}/${g.session.conversation_id}/assign-staff/`, john.token);
    await g.expect(room, 'staff-assigned');

    first.release(); // a page reload that the load balancer sends to the other node
    await waitFor(async () => !(await b.realtime.isMember(channelOf.presence(), String(john.staff.id))), 'the cluster to see him leave');
    cleanup.participant(await staffOnDuty(b.url, john));
    await sleep(GRACE_MS + 1000);
    await apiB.post(`${base}/${g.session.conversation_id}/messages/send/`, g.session.session_token, { message: 'still there?' });
    await g.expect(room, 'new-message');
    assert.equal(await a.realtime.isMember(channelOf.presence(), String(john.staff.id)), true);
    assert.deepEqual(g.seen().map(describeEvent).filter((e) => e !== 'handler-presence online'), ['staff-assigned John Smith', 'new-message guest: still there?']);
  });

  it('keeps deployments on different Redis databases of one server apart', async () => {
    const logger = pino({ level: 'silent' });
    const other = await emptyRedisDatabase();
    const adapter = (redisDb: number) => createAdapter(loadConfig({ REDIS_URL: redisUrl(redisDb), DATA_DIR: 'memory://' }), logger);
    const listener = adapter(other);
    const neighbour = adapter(other);
    const stranger = adapter(db);
    const frames: string[] = [];
    const socket: LocalSocket = { id: '1.1', sendFrame: (frame) => frames.push(String(frame)), close: () => undefined };
    try {
      for (const x of [listener, neighbour, stranger]) await x.start({ memberChanged: () => undefined });
      await waitFor(() => [listener, neighbour, stranger].every((x) => x.health() === 'up'), 'three adapters on Redis');
      listener.addSocket(socket);
      await listener.subscribe(socket, 'private-hotel-abc-room-101-chat');
      // Published in this order on one Redis server: a shared bus would deliver the first first.
      await stranger.publish(['private-hotel-abc-room-101-chat'], 'from-another-deployment', '{}');
      await neighbour.publish(['private-hotel-abc-room-101-chat'], 'from-this-deployment', '{}');
      await waitFor(() => frames.some((f) => f.includes('from-this-deployment')), 'the event of this deployment');
      assert.deepEqual(frames.map((f) => JSON.parse(f).event), ['from-this-deployment']);
    } finally {
      await Promise.allSettled([listener.close(), neighbour.close(), stranger.close()]);
    }
  });
});
