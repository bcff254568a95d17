import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, afterEach, describe, it } from 'node:test';
import type { PresenceChannel } from 'pusher-js';
import { createRedisAdapter } from '../../src/realtime/adapters/redis.js';
import {
  Cleanup, connectClient, connected, once, randomPrefix, RawClient, recorder, redisReason, REDIS_URL, RedisProxy, release, sdk, startNode,
  subscribed, testLogger, waitFor,
} from '../helpers/realtime.js';
import type { TestNode } from '../helpers/realtime.js';

const skip = await redisReason();
const HEARTBEAT = { heartbeatMs: 200, deadAfterMs: 1000 };

async function redisNode(prefix: string, url = REDIS_URL): Promise<TestNode> {
  const logger = testLogger();
  const adapter = createRedisAdapter({ url, prefix, logger, ...HEARTBEAT });
  return startNode({ adapter, logger });
}

/** A node in a child process (test/realtime/fixtures/node.ts) that the test can SIGKILL. */
async function childNode(prefix: string): Promise<{ port: number; process: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/node.ts', import.meta.url))], {
    env: { ...process.env, REDIS_URL, REALTIME_PREFIX: prefix, REALTIME_HEARTBEAT_MS: String(HEARTBEAT.heartbeatMs), REALTIME_DEAD_AFTER_MS: String(HEARTBEAT.deadAfterMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const port = await once<number>((done) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\d+)/.exec(output);
      if (ready) done(Number(ready[1]));
    });
  }, 'the child node to start', 20000);
  return { port, process: child };
}

void describe('realtime over Redis', { skip: skip ?? false }, () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());
  after(() => cleanup.run());

  async function cluster(count: number): Promise<TestNode[]> {
    const prefix = randomPrefix();
    const nodes: TestNode[] = [];
    for (let i = 0; i < count; i += 1) nodes.push(cleanup.add(await redisNode(prefix), (n) => n.close()));
    return nodes;
  }

  void it('delivers an event published on one node to subscribers on another, minus the excluded socket', async () => {
    const [a, b] = await cluster(2);
    assert.ok(a && b);
    assert.deepEqual(a.realtime.health(), { redis: 'up' });
    const onB = cleanup.client(connectClient(b));
    const alsoOnB = cleanup.client(connectClient(b));
    const seen = recorder(await subscribed(onB, 'private-cross'));
    const seenToo = recorder(await subscribed(alsoOnB, 'private-cross'));
    await a.realtime.publish(['private-cross'], 'from-a', '{"n":1}', await connected(alsoOnB));
    await sdk(a).trigger('private-cross', 'from-a-http', { n: 2 });
    await waitFor(() => seen.length === 2 && seenToo.length === 1, 'deliveries on node b');
    assert.deepEqual(seen, [{ event: 'from-a', data: { n: 1 } }, { event: 'from-a-http', data: { n: 2 } }]);
    assert.deepEqual(seenToo.map((s) => s.event), ['from-a-http']);
  });

  void it('relays client events between sockets on different nodes', async () => {
    const [a, b] = await cluster(2);
    assert.ok(a && b);
    const sender = cleanup.client(connectClient(a, { user: { id: 's' } }));
    const receiver = cleanup.client(connectClient(b, { user: { id: 'r' } }));
    await subscribed(sender, 'presence-typing');
    const channel = await subscribed(receiver, 'presence-typing');
    const got = once<[unknown, unknown]>((done) => channel.bind('client-typing', (data: unknown, meta: unknown) => done([data, meta])), 'client-typing');
    sender.channel('presence-typing').trigger('client-typing', { typing: true });
    assert.deepEqual(await got, [{ typing: true }, { user_id: 's' }]);
  });

  void it('keeps presence cluster-wide: one member list, and a user announced once although on both nodes', async () => {
    const [a, b] = await cluster(2);
    assert.ok(a && b);
    const changes: string[] = [];
    for (const [name, node] of [['a', a], ['b', b]] as const) {
      node.realtime.onMemberChange((_channel, userId, present) => changes.push(`${name}:${userId}:${present ? 'joined' : 'left'}`));
    }
    const channelName = 'presence-hotel-abc-staff';
    const sarah = cleanup.client(connectClient(a, { user: { id: '1', info: { name: 'Sarah' } } }));
    const seen = recorder(await subscribed(sarah, channelName));
    const mikeOnA = connectClient(a, { user: { id: '2', info: { name: 'Mike' } } });
    const mikeOnB = connectClient(b, { user: { id: '2', info: { name: 'Mike' } } });
    try {
      await subscribed(mikeOnA, channelName);
      const mikeChannel = (await subscribed(mikeOnB, channelName)) as PresenceChannel;
      assert.equal(mikeChannel.members.count, 2, 'the member list on node b includes sarah from node a');
      for (const node of [a, b]) {
        const members = await node.realtime.members(channelName);
        assert.deepEqual(members.map((m) => m.id).sort(), ['1', '2']);
        assert.equal(await node.realtime.isMember(channelName, '2'), true);
        assert.deepEqual(await node.realtime.channelInfo(channelName), { subscriptionCount: 3, userCount: 2 });
      }
      release(mikeOnA);
      await waitFor(async () => (await b.realtime.channelInfo(channelName)).subscriptionCount === 2, 'mike to leave node a');
      assert.equal(await b.realtime.isMember(channelName, '2'), true, 'mike is still present on node b');
      release(mikeOnB);
      await waitFor(() => seen.some((s) => s.event === 'pusher:member_removed'), 'member_removed');
    } finally {
      release(mikeOnA);
      release(mikeOnB);
    }
    assert.deepEqual(seen.map((s) => s.event), ['pusher:member_added', 'pusher:member_removed']);
    assert.deepEqual(changes.filter((c) => c.includes(':2:')), ['a:2:joined', 'b:2:left']);
  });

  void it('answers HTTP API channel queries for the whole cluster', async () => {
    const [a, b] = await cluster(2);
    assert.ok(a && b);
    const one = cleanup.client(connectClient(a, { user: { id: 'x' } }));
    const two = cleanup.client(connectClient(b, { user: { id: 'y' } }));
    await subscribed(one, 'presence-q');
    await subscribed(two, 'presence-q');
    await subscribed(two, 'public-q');
    await waitFor(async () => (await a.realtime.channelInfo('public-q')).subscriptionCount === 1, 'counts to reach redis');
    const channels = await (await sdk(a).get({ path: '/channels', params: { filter_by_prefix: 'presence-', info: 'user_count' } })).json();
    assert.deepEqual(channels, { channels: { 'presence-q': { user_count: 2 } } });
    const info = await (await sdk(a).get({ path: '/channels/presence-q', params: { info: 'subscription_count,user_count' } })).json();
    assert.deepEqual(info, { occupied: true, subscription_count: 2, user_count: 2 });
    const users = (await (await sdk(a).get({ path: '/channels/presence-q/users' })).json()) as { users: Array<{ id: string }> };
    assert.deepEqual(users.users.map((u) => u.id).sort(), ['x', 'y']);
    const all = (await (await sdk(b).get({ path: '/channels' })).json()) as { channels: Record<string, unknown> };
    assert.deepEqual(Object.keys(all.channels).sort(), ['presence-q', 'public-q']);
  });

  void it('closes sockets of a principal or a signed-in user on whichever node they are', async () => {
    const [a, b] = await cluster(2);
    assert.ok(a && b);
    const guest = cleanup.add(new RawClient(b.port), (c) => c.close());
    await a.realtime.registerSocketPrincipals(await guest.socketId(), ['guest:101']);
    await a.realtime.disconnectPrincipal('guest:101');
    assert.equal(await guest.closed(), 4009);

    const user = cleanup.client(connectClient(b, { user: { id: 'u-1' } }));
    await connected(user);
    user.signin();
    await waitFor(() => user.user.user_data !== null, 'signin');
    await sdk(a).terminateUserConnections('u-1');
    await waitFor(() => user.connection.state === 'disconnected', 'termination across nodes');
  });

  void it('removes the members of a killed node within seconds', async () => {
    const prefix = randomPrefix();
    const a = cleanup.add(await redisNode(prefix), (n) => n.close());
    const b = cleanup.add(await redisNode(prefix), (n) => n.close());
    const removals: string[] = [];
    a.realtime.onMemberChange((_c, userId, present) => present || removals.push(`a:${userId}`));
    b.realtime.onMemberChange((_c, userId, present) => present || removals.push(`b:${userId}`));
    const child = await childNode(prefix);
    cleanup.add(child.process, (p) => p.kill('SIGKILL'));
    const ghost = cleanup.client(connectClient({ port: child.port }, { user: { id: 'ghost' } }));
    await subscribed(ghost, 'presence-lobby');
    await subscribed(ghost, 'lobby');
    const watcher = cleanup.client(connectClient(a, { user: { id: 'watcher' } }));
    const seen = recorder(await subscribed(watcher, 'presence-lobby'));
    assert.equal(await a.realtime.isMember('presence-lobby', 'ghost'), true);

    child.process.kill('SIGKILL');
    await waitFor(() => seen.some((s) => s.event === 'pusher:member_removed'), 'the dead node\'s member to be removed', 10000);
    assert.deepEqual(seen.find((s) => s.event === 'pusher:member_removed')?.data, { id: 'ghost', info: null });
    assert.equal(await b.realtime.isMember('presence-lobby', 'ghost'), false);
    assert.deepEqual(await b.realtime.channelInfo('lobby'), { subscriptionCount: 0 });
    assert.equal(removals.length, 1, `removed once cluster-wide (${removals.join(', ')})`);
  });

  void it('delivers locally while Redis is away, then resumes cluster mode by itself', async () => {
    const proxy = new RedisProxy();
    await proxy.start();
    cleanup.add(proxy, (p) => p.stop());
    const prefix = randomPrefix();
    const url = `redis://127.0.0.1:${proxy.port}`;
    const a = cleanup.add(await redisNode(prefix, url), (n) => n.close());
    const b = cleanup.add(await redisNode(prefix, url), (n) => n.close());
    const onA = cleanup.client(connectClient(a, { user: { id: 'a-user' } }));
    const onB = cleanup.client(connectClient(b, { user: { id: 'b-user' } }));
    const seenA = recorder(await subscribed(onA, 'news'));
    const seenB = recorder(await subscribed(onB, 'news'));

    await proxy.stop();
    await waitFor(() => a.realtime.health().redis === 'down' && b.realtime.health().redis === 'down', 'both nodes to notice the outage');
    await a.realtime.publish(['news'], 'during-outage', '{}');
    await waitFor(() => seenA.length === 1, 'local delivery during the outage');
    const presence = (await subscribed(onA, 'presence-outage')) as PresenceChannel;
    assert.equal(presence.members.count, 1, 'presence still works on the node');
    assert.deepEqual(await a.realtime.channelInfo('news'), { subscriptionCount: 1 }, 'queries answer locally');

    await proxy.start(proxy.port);
    await waitFor(() => a.realtime.health().redis === 'up' && b.realtime.health().redis === 'up', 'both nodes to reconnect', 10000);
    await a.realtime.publish(['news'], 'after-outage', '{}');
    await waitFor(() => seenA.length === 2 && seenB.length === 1, 'cluster delivery again');
    assert.deepEqual(seenB.map((s) => s.event), ['after-outage']);
    assert.equal(await b.realtime.isMember('presence-outage', 'a-user'), true, 'a member who joined during the outage is registered again');
    assert.deepEqual(await b.realtime.channelInfo('news'), { subscriptionCount: 2 });
    const warnings = a.logger.entries.filter((e) => e.level === 'warn' && e.msg.startsWith('realtime: redis unavailable'));
    assert.equal(warnings.length, 1, 'the outage is logged once');
  });
});
