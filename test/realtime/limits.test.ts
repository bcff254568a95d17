// Socket limits through real sockets: connections per address and in total, subscriptions per
// socket, presence members per channel, sockets that never subscribe. Bursts, not sequences.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, describe, it } from 'node:test';
import type { LimitName } from '../../src/realtime/server.js';
import { signChannelAuth } from '../../src/realtime/signature.js';
import { APP, Cleanup, RawClient, startNode, waitFor } from '../helpers/realtime.js';
import type { TestNode } from '../helpers/realtime.js';

const byHeader = (req: IncomingMessage): string => String(req.headers['x-test-address'] ?? req.socket.remoteAddress);
const PATH = `/app/${APP.key}?protocol=7&client=test&version=1`;

void describe('realtime socket limits', () => {
  const cleanup = new Cleanup();
  after(() => cleanup.run());

  async function node(options: Parameters<typeof startNode>[0]): Promise<TestNode & { reached: LimitName[] }> {
    const reached: LimitName[] = [];
    const started = cleanup.add(await startNode({ clientAddress: byHeader, onLimitReached: (limit) => reached.push(limit), ...options }), (n) => n.close());
    return Object.assign(started, { reached });
  }
  const raw = (n: TestNode, address?: string): RawClient =>
    cleanup.add(new RawClient(n.port, PATH, address === undefined ? {} : { 'x-test-address': address }), (c) => c.close());

  /** Resolves with each client's fate: its socket id, or the code it was closed with. */
  const fates = (clients: RawClient[]): Promise<Array<string | number>> =>
    Promise.all(clients.map((c) => waitFor(() => c.closeCode ?? (c.frames.some((f) => f.event === 'pusher:connection_established') ? 'open' : undefined), 'connect or close')));

  void it('accepts a burst from one address only up to its limit, with 4100 for the rest, and counts them', async () => {
    const n = await node({ limits: { maxConnectionsPerAddress: 3 } });
    const burst = Array.from({ length: 10 }, () => raw(n, '203.0.113.5'));
    const results = await fates(burst);
    assert.equal(results.filter((r) => r === 'open').length, 3);
    assert.deepEqual(results.filter((r) => r !== 'open'), Array(7).fill(4100));
    const refusal = burst.find((c) => c.closeCode === 4100)?.frames.find((f) => f.event === 'pusher:error');
    assert.deepEqual(refusal?.data, { code: 4100, message: 'Too many connections from this address, retry later' });
    assert.equal(n.realtime.stats().limitsReached.connections_per_address, 7);
    assert.deepEqual(n.reached, Array(7).fill('connections_per_address'));

    // Another address is not affected; a freed slot can be taken again.
    await raw(n, '198.51.100.7').socketId();
    burst.find((c) => c.closeCode === null)?.close();
    await waitFor(async () => {
      const again = raw(n, '203.0.113.5');
      const [fate] = await fates([again]);
      return fate === 'open' ? true : undefined;
    }, 'a slot freed by a closed socket');
  });

  void it('does not count loopback clients per address (a proxy that was not declared)', async () => {
    const n = await node({ limits: { maxConnectionsPerAddress: 1 }, clientAddress: (req) => req.socket.remoteAddress ?? '' });
    const results = await fates([raw(n), raw(n), raw(n)]);
    assert.deepEqual(results, ['open', 'open', 'open']);
  });

  void it('closes connections beyond the total with 4100', async () => {
    const n = await node({ limits: { maxConnections: 2 } });
    const results = await fates(Array.from({ length: 5 }, (_, i) => raw(n, `192.0.2.${i}`)));
    assert.equal(results.filter((r) => r === 'open').length, 2);
    assert.equal(results.filter((r) => r === 4100).length, 3);
    assert.equal(n.realtime.stats().limitsReached.connections, 3);
  });

  void it('refuses subscriptions beyond the per-socket limit with LimitReached, and takes one again after an unsubscribe', async () => {
    const n = await node({ limits: { maxSubscriptionsPerSocket: 3 } });
    const c = raw(n);
    await c.socketId();
    // Malformed requests first: they neither count nor close the socket.
    c.send('pusher:subscribe', { channel: 42 });
    c.send('pusher:subscribe', {});
    c.send('pusher:subscribe', 'not an object');
    for (let i = 0; i < 6; i += 1) c.send('pusher:subscribe', { channel: `junk-${i}` });
    await waitFor(() => c.frames.filter((f) => f.event === 'pusher_internal:subscription_succeeded' || f.event === 'pusher:subscription_error').length === 6, 'six answers');
    const succeeded = c.frames.filter((f) => f.event === 'pusher_internal:subscription_succeeded').map((f) => f.channel);
    const refused = c.frames.filter((f) => f.event === 'pusher:subscription_error');
    assert.deepEqual(succeeded, ['junk-0', 'junk-1', 'junk-2']);
    assert.deepEqual(refused.map((f) => f.channel), ['junk-3', 'junk-4', 'junk-5']);
    assert.deepEqual(refused[0]?.data, { type: 'LimitReached', error: 'A connection may hold at most 3 subscriptions', status: 4100 });
    assert.equal(n.realtime.stats().limitsReached.subscriptions_per_socket, 3);
    assert.equal(n.realtime.stats().channels, 3);

    c.send('pusher:unsubscribe', { channel: 'junk-0' });
    c.send('pusher:subscribe', { channel: 'junk-9' });
    await waitFor(() => c.frames.find((f) => f.event === 'pusher_internal:subscription_succeeded' && f.channel === 'junk-9'), 'junk-9');
    assert.equal(c.closeCode, null);
  });

  void it('lets at most the limit of users into a presence channel, however many join at once, and a member\'s second socket in', async () => {
    const n = await node({ limits: { maxPresenceMembers: 3 } });
    const userOf = new Map<RawClient, string>();
    const join = async (userId: string): Promise<RawClient> => {
      const c = raw(n);
      userOf.set(c, userId);
      const socketId = await c.socketId();
      c.send('pusher:subscribe', { channel: 'presence-lobby', ...signChannelAuth(APP.key, APP.secret, socketId, 'presence-lobby', { user_id: userId }) });
      await waitFor(() => c.frames.find((f) => f.event === 'pusher_internal:subscription_succeeded' || f.event === 'pusher:subscription_error'), 'an answer');
      return c;
    };
    const joined = await Promise.all(['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map(join));
    const inside = joined.filter((c) => c.frames.some((f) => f.event === 'pusher_internal:subscription_succeeded'));
    const refused = joined.filter((c) => c.frames.some((f) => f.event === 'pusher:subscription_error'));
    assert.equal(inside.length, 3);
    assert.equal(refused.length, 3);
    assert.deepEqual(refused[0]?.frames.find((f) => f.event === 'pusher:subscription_error')?.data, {
      type: 'LimitReached', error: 'Presence channel presence-lobby is full (3 members)', status: 4100,
    });
    assert.equal((await n.realtime.members('presence-lobby')).length, 3);
    assert.equal((await n.realtime.channelInfo('presence-lobby')).subscriptionCount, 3, 'refused sockets are not subscribed');

    const member = (await n.realtime.members('presence-lobby'))[0]?.id ?? '';
    const secondTab = await join(member);
    assert.ok(secondTab.frames.some((f) => f.event === 'pusher_internal:subscription_succeeded'), 'a member\'s second socket adds nobody');

    // The member with two sockets stays; another one leaves.
    const leaving = inside.find((c) => userOf.get(c) !== member);
    assert.ok(leaving);
    leaving.close();
    await waitFor(async () => {
      const later = await join(`late-${Math.random()}`);
      return later.frames.some((f) => f.event === 'pusher_internal:subscription_succeeded') ? true : undefined;
    }, 'a place freed by a leaving member');
    assert.ok(n.realtime.stats().limitsReached.presence_members >= 3);
  });

  void it('closes a socket that answers pings but never subscribes with 4202, and keeps one that subscribed', async () => {
    const n = await node({ activityTimeout: 1, limits: { idleTimeoutMs: 300 } });
    const busy = raw(n);
    await busy.socketId();
    busy.send('pusher:subscribe', { channel: 'news' });
    await busy.next('pusher_internal:subscription_succeeded');
    const idle = raw(n);
    idle.ws.on('message', (data) => {
      if (String(data).includes('"pusher:ping"')) idle.send('pusher:pong', {});
    });
    assert.equal(await idle.closed(), 4202);
    assert.deepEqual(idle.frames.find((f) => f.event === 'pusher:error')?.data, { code: 4202, message: 'Closed after inactivity: no subscription' });
    assert.equal(busy.closeCode, null, 'the subscribed socket, older than the idle one, is still open');
    assert.equal(n.realtime.stats().limitsReached.idle_timeout, 1);

    // Leaving every channel starts the clock again.
    busy.send('pusher:unsubscribe', { channel: 'news' });
    assert.equal(await busy.closed(), 4202);
  });
});
