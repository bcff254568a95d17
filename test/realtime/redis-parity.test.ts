// Pusher parity across two nodes sharing Redis: webhooks sent once, cache channels, presence
// limits and socket bindings decided cluster-wide, user events reaching any node.
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { createRedisAdapter } from '../../src/realtime/adapters/redis.js';
import type { RealtimeServerOptions } from '../../src/realtime/server.js';
import { signChannelAuth } from '../../src/realtime/signature.js';
import { APP, Cleanup, randomPrefix, RawClient, redisReason, REDIS_URL, sdk, signInRaw, startNode, testLogger, waitFor } from '../helpers/realtime.js';
import type { TestNode } from '../helpers/realtime.js';
import { WebhookSink } from './webhook-sink.js';

const skip = await redisReason();

void describe('Pusher parity over Redis', { skip: skip ?? false }, () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());
  after(() => cleanup.run());

  async function pair(options: Partial<RealtimeServerOptions> = {}): Promise<[TestNode, TestNode]> {
    const prefix = randomPrefix();
    const start = async (): Promise<TestNode> => {
      const logger = testLogger();
      const adapter = createRedisAdapter({ url: REDIS_URL, prefix, logger, heartbeatMs: 200, deadAfterMs: 1000 });
      return cleanup.add(await startNode({ adapter, logger, ...options }), (n) => n.close());
    };
    return [await start(), await start()];
  }
  const raw = (node: TestNode): RawClient => cleanup.add(new RawClient(node.port), (c) => c.close());
  async function join(c: RawClient, channel: string, userId = 'u'): Promise<string> {
    const socketId = await c.socketId();
    const member = channel.startsWith('presence-') ? { user_id: userId } : undefined;
    const auth = channel.startsWith('private-') || channel.startsWith('presence-') ? signChannelAuth(APP.key, APP.secret, socketId, channel, member) : {};
    c.send('pusher:subscribe', { channel, ...auth });
    const answer = await waitFor(() => c.frames.find((f) => f.channel === channel && (f.event === 'pusher_internal:subscription_succeeded' || f.event === 'pusher:subscription_error')), 'an answer');
    return answer.event;
  }

  void it('sends each webhook once across both nodes', async () => {
    const sink = cleanup.add(await new WebhookSink().start(), (s) => s.close());
    const [a, b] = await pair({ webhooks: { endpoints: [{ url: sink.url }], batchMs: 10 } });
    const onA = raw(a);
    const onB = raw(b);
    const sameUserOnB = raw(b);
    await join(onA, 'presence-desk', '1');
    await join(onB, 'presence-desk', '1');
    await join(sameUserOnB, 'presence-desk', '2');
    for (const c of [onA, onB, sameUserOnB]) c.close();
    await waitFor(() => sink.events().filter((e) => e.name === 'member_removed').length === 2 && sink.events().some((e) => e.name === 'channel_vacated'), 'everyone gone');
    const names = sink.events().map((e) => `${String(e.name)}${e.user_id === undefined ? '' : `:${String(e.user_id)}`}`).sort();
    assert.deepEqual(names, ['channel_occupied', 'channel_vacated', 'member_added:1', 'member_added:2', 'member_removed:1', 'member_removed:2']);
    assert.ok(sink.received.every((r) => r.valid));
  });

  void it('replays a cache channel\'s last event published on the other node, and misses when there is none', async () => {
    const [a, b] = await pair();
    const missing = raw(b);
    await join(missing, 'cache-clock');
    await missing.next('pusher:cache_miss');
    await sdk(a).trigger('cache-clock', 'tick', { t: 1 });
    await sdk(a).trigger('cache-clock', 'tick', { t: 2 });
    await waitFor(() => missing.frames.filter((f) => f.event === 'tick').length === 2, 'live ticks on b');
    const late = raw(b);
    await join(late, 'cache-clock');
    const replay = await late.next('tick');
    assert.deepEqual(JSON.parse(String(replay.data)), { t: 2 });
  });

  void it('holds the presence member limit cluster-wide under a burst from both nodes', async () => {
    const [a, b] = await pair({ limits: { maxPresenceMembers: 3 } });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => join(raw(i % 2 === 0 ? a : b), 'presence-crowd', `user-${i}`)));
    assert.equal(answers.filter((e) => e === 'pusher_internal:subscription_succeeded').length, 3);
    assert.equal((await a.realtime.members('presence-crowd')).length, 3);
    assert.equal((await b.realtime.channelInfo('presence-crowd')).userCount, 3);
  });

  void it('refuses to bind a socket on the other node to a second person', async () => {
    const [a, b] = await pair();
    const victim = raw(b);
    const socketId = await victim.socketId();
    assert.equal(await a.realtime.registerSocketPrincipals(socketId, ['staff:1', 'token:one']), true);
    assert.equal(await a.realtime.registerSocketPrincipals(socketId, ['staff:1', 'token:two']), true);
    assert.equal(await a.realtime.registerSocketPrincipals(socketId, ['staff:2', 'token:three']), false);
    assert.equal(await b.realtime.registerSocketPrincipals(socketId, ['stay:5', 'token:four']), false);
    await a.realtime.disconnectPrincipal('staff:2');
    await a.realtime.disconnectPrincipal('token:three');
    await b.realtime.disconnectPrincipal('stay:5');
    await a.realtime.disconnectPrincipal('token:two');
    assert.equal(await victim.closed(), 4009);
    assert.equal(victim.frames.filter((f) => f.event === 'pusher:error').length, 1);
  });

  void it('delivers a user event published on one node to the user\'s sockets on the other', async () => {
    const [a, b] = await pair();
    const tab = raw(b);
    await signInRaw(tab, 'staff-12');
    await sdk(a).sendToUser('staff-12', 'note', { n: 1 });
    assert.deepEqual(JSON.parse(String((await tab.next('note')).data)), { n: 1 });
  });
});
