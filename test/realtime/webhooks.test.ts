// Webhooks from the built-in server to a real HTTP endpoint, checked with the official `pusher`
// SDK's webhook verification.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { WebhookOptions } from '../../src/realtime/server.js';
import { signChannelAuth } from '../../src/realtime/signature.js';
import { APP, Cleanup, RawClient, signInRaw, startNode, waitFor } from '../helpers/realtime.js';
import type { TestNode } from '../helpers/realtime.js';
import { WebhookSink } from './webhook-sink.js';

void describe('realtime webhooks', () => {
  const cleanup = new Cleanup();
  after(() => cleanup.run());

  async function setUp(options: Partial<WebhookOptions> = {}, endpoint: Partial<WebhookOptions['endpoints'][number]> = {}): Promise<{ node: TestNode; sink: WebhookSink }> {
    const sink = cleanup.add(await new WebhookSink().start(), (s) => s.close());
    const node = cleanup.add(
      await startNode({ webhooks: { endpoints: [{ url: sink.url, ...endpoint }], batchMs: 20, retryBaseMs: 10, ...options } }),
      (n) => n.close(),
    );
    return { node, sink };
  }
  const raw = (node: TestNode): RawClient => cleanup.add(new RawClient(node.port), (c) => c.close());
  async function join(c: RawClient, channel: string, userId?: string): Promise<void> {
    const socketId = await c.socketId();
    const member = channel.startsWith('presence-') ? { user_id: userId ?? 'u' } : undefined;
    const auth = channel.startsWith('private-') || channel.startsWith('presence-') ? signChannelAuth(APP.key, APP.secret, socketId, channel, member) : {};
    c.send('pusher:subscribe', { channel, ...auth });
    await c.next('pusher_internal:subscription_succeeded');
  }

  void it('posts channel_occupied and channel_vacated, signed so the pusher SDK accepts them', async () => {
    const { node, sink } = await setUp();
    const a = raw(node);
    const b = raw(node);
    await join(a, 'news');
    await join(b, 'news');
    await waitFor(() => sink.events().some((e) => e.name === 'channel_occupied'), 'channel_occupied');
    a.close();
    b.close();
    await waitFor(() => sink.events().some((e) => e.name === 'channel_vacated'), 'channel_vacated');
    assert.deepEqual(sink.events(), [{ name: 'channel_occupied', channel: 'news' }, { name: 'channel_vacated', channel: 'news' }]);
    for (const request of sink.received) {
      assert.equal(request.valid, true);
      assert.equal(request.headers['x-pusher-key'], APP.key);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(typeof (JSON.parse(request.rawBody) as { time_ms: unknown }).time_ms, 'number');
    }
  });

  void it('posts member_added and member_removed once per user, not per socket', async () => {
    const { node, sink } = await setUp({}, { events: ['member_added', 'member_removed'] });
    const tab1 = raw(node);
    const tab2 = raw(node);
    await join(tab1, 'presence-desk', '7');
    await join(tab2, 'presence-desk', '7');
    tab1.close();
    await waitFor(async () => (await node.realtime.channelInfo('presence-desk')).subscriptionCount === 1, 'one tab left');
    tab2.close();
    await waitFor(() => sink.events().some((e) => e.name === 'member_removed'), 'member_removed');
    assert.deepEqual(sink.events(), [
      { name: 'member_added', channel: 'presence-desk', user_id: '7' },
      { name: 'member_removed', channel: 'presence-desk', user_id: '7' },
    ]);
  });

  void it('posts client events with the sender\'s socket and user, and only the events an endpoint asked for', async () => {
    const { node, sink } = await setUp({}, { events: ['client_event'] });
    const sender = raw(node);
    await signInRaw(sender, 'stay-3');
    await join(sender, 'private-room-3');
    const listener = raw(node);
    await join(listener, 'private-room-3');
    sender.send('client-typing', { typing: true }, 'private-room-3');
    await waitFor(() => sink.events().length > 0, 'client_event');
    assert.deepEqual(sink.events(), [{
      name: 'client_event', channel: 'private-room-3', event: 'client-typing', data: '{"typing":true}', socket_id: await sender.socketId(), user_id: 'stay-3',
    }]);
  });

  void it('batches the events of a short window into one request', async () => {
    const { node, sink } = await setUp({ batchMs: 200 }, { events: ['channel_occupied'] });
    const c = raw(node);
    await c.socketId();
    for (let i = 0; i < 20; i += 1) c.send('pusher:subscribe', { channel: `batch-${i}` });
    await waitFor(() => sink.events().length === 20, 'twenty events');
    assert.ok(sink.received.length < 20, `fewer requests than events (got ${sink.received.length})`);
  });

  void it('retries a failing endpoint with back-off until it answers', async () => {
    const { node, sink } = await setUp({ maxAttempts: 5 });
    sink.failFirst = [500, 503, 429];
    await join(raw(node), 'retried');
    await waitFor(() => sink.events().length > 0, 'the delivery after three failures');
    assert.equal(sink.attempts, 4);
    assert.deepEqual(sink.events(), [{ name: 'channel_occupied', channel: 'retried' }]);
    // The sink records before it answers: the sender counts once the answer is back.
    await waitFor(() => node.realtime.stats().webhooks.sent === 1, 'the delivery counted');
  });

  void it('gives up after maxAttempts and on a 4xx, and counts it', async () => {
    const { node, sink } = await setUp({ maxAttempts: 2 });
    sink.failFirst = [500, 500, 404];
    await join(raw(node), 'lost-1');
    await waitFor(() => node.realtime.stats().webhooks.failed === 1, 'the first batch given up');
    await join(raw(node), 'lost-2');
    await waitFor(() => node.realtime.stats().webhooks.failed === 2, 'the 404 given up at once');
    assert.equal(sink.attempts, 3);
    await join(raw(node), 'kept');
    await waitFor(() => sink.events().length === 1, 'later events still go');
  });

  void it('never holds up delivery, even when the endpoint hangs', async () => {
    const { node, sink } = await setUp({ timeoutMs: 60_000 });
    sink.hang = true;
    const listener = raw(node);
    await join(listener, 'live');
    for (let i = 0; i < 50; i += 1) await join(raw(node), `noise-${i}`);
    await node.realtime.publish(['live'], 'still-flowing', '{}');
    await listener.next('still-flowing');
    await waitFor(() => sink.attempts >= 1, 'the hanging request');
  });
});
