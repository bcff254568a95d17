import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signChannelAuth } from '../../src/realtime/signature.js';
import { APP, Cleanup, connectClient, once, RawClient, recorder, signedIn, signInRaw, startNode, subscribed, waitFor } from '../helpers/realtime.js';
import type { TestNode } from '../helpers/realtime.js';

void describe('realtime client events', () => {
  let node: TestNode;
  const cleanup = new Cleanup();

  before(async () => {
    node = await startNode({ clientEventsPerSecond: 5 });
  });
  after(async () => {
    await cleanup.run();
    await node.close();
  });

  async function subscribedRaw(channel: string, member?: { user_id: string }, userId = 'stay-1'): Promise<RawClient> {
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    const socketId = await raw.socketId();
    await signInRaw(raw, userId);
    const signed = signChannelAuth(APP.key, APP.secret, socketId, channel, member);
    raw.send('pusher:subscribe', { channel, ...signed });
    await raw.next('pusher_internal:subscription_succeeded');
    return raw;
  }

  void it('relays a client event to the other subscribers of a private channel, not back to the sender', async () => {
    const sender = cleanup.client(connectClient(node, { user: { id: 'stay-7' } }));
    const receiver = cleanup.client(connectClient(node));
    await signedIn(sender);
    const mine = recorder(await subscribed(sender, 'private-hotel-abc-room-101-chat'));
    const theirs = recorder(await subscribed(receiver, 'private-hotel-abc-room-101-chat'));
    sender.channel('private-hotel-abc-room-101-chat').trigger('client-typing', { typing: true });
    await waitFor(() => theirs.length > 0, 'the client event');
    assert.deepEqual(theirs, [{ event: 'client-typing', data: { typing: true } }]);
    await node.realtime.publish(['private-hotel-abc-room-101-chat'], 'marker', '{}');
    await waitFor(() => mine.length > 0, 'marker');
    assert.deepEqual(mine.map((m) => m.event), ['marker'], 'the sender does not get its own event');
  });

  void it('names the sender of a client event on a presence channel', async () => {
    const sender = cleanup.client(connectClient(node, { user: { id: '5' } }));
    const receiver = cleanup.client(connectClient(node, { user: { id: '6' } }));
    await subscribed(sender, 'presence-room');
    const channel = await subscribed(receiver, 'presence-room');
    const received = once<[unknown, unknown]>((done) => channel.bind('client-wave', (data: unknown, metadata: unknown) => done([data, metadata])), 'client-wave');
    sender.channel('presence-room').trigger('client-wave', 'hello');
    assert.deepEqual(await received, ['hello', { user_id: '5' }]);
  });

  void it('rejects client events on public channels and from sockets that are not subscribed', async () => {
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    await raw.socketId();
    raw.send('pusher:subscribe', { channel: 'public-one' });
    await raw.next('pusher_internal:subscription_succeeded');
    const listener = await subscribedRaw('private-guarded');
    raw.send('client-x', {}, 'public-one');
    raw.send('client-x', {}, 'private-guarded');
    await waitFor(() => raw.frames.filter((f) => f.event === 'pusher:error').length === 2, 'two errors');
    const messages = raw.frames.filter((f) => f.event === 'pusher:error').map((f) => (f.data as { message: string }).message);
    assert.match(messages[0] ?? '', /only supported on private and presence channels/);
    assert.match(messages[1] ?? '', /subscribe to private-guarded first/);
    assert.equal(listener.frames.some((f) => f.event === 'client-x'), false);
  });

  void it('rejects client event data over 10 KB and event names over 200 characters', async () => {
    const sender = await subscribedRaw('private-limits');
    const listener = await subscribedRaw('private-limits');
    sender.send('client-big', { text: 'x'.repeat(10 * 1024) }, 'private-limits');
    sender.send(`client-${'n'.repeat(200)}`, {}, 'private-limits');
    sender.send('client-small', { text: 'ok' }, 'private-limits');
    await listener.next('client-small');
    const messages = sender.frames.filter((f) => f.event === 'pusher:error').map((f) => (f.data as { message: string }).message);
    assert.equal(messages.length, 2);
    assert.match(messages[0] ?? '', /larger than 10240 bytes/);
    assert.match(messages[1] ?? '', /longer than 200 characters/);
    assert.deepEqual(listener.frames.filter((f) => f.event.startsWith('client-')).map((f) => f.event), ['client-small']);
  });

  void it('rate limits client events per connection with pusher:error 4301', async () => {
    const sender = await subscribedRaw('private-chatty');
    const listener = await subscribedRaw('private-chatty');
    for (let i = 0; i < 12; i += 1) sender.send('client-n', { i }, 'private-chatty');
    const error = await sender.next('pusher:error');
    assert.equal((error.data as { code: number }).code, 4301);
    sender.send('pusher:ping', {});
    await sender.next('pusher:pong');
    const relayed = listener.frames.filter((f) => f.event === 'client-n').length;
    assert.ok(relayed >= 5 && relayed < 12, `between the burst allowance and all (got ${relayed})`);
    assert.equal(sender.closeCode, null, 'the connection stays open');
  });
});
