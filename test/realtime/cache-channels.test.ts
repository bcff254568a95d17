// Cache channels (Pusher): pusher:cache_miss when nothing is cached, else the last event replayed
// to each later subscriber, right after subscription_succeeded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventCache } from '../../src/realtime/event-cache.js';
import { signChannelAuth } from '../../src/realtime/signature.js';
import { APP, Cleanup, connectClient, once, RawClient, sdk, signInRaw, startNode, subscribed } from '../helpers/realtime.js';
import type { TestNode } from '../helpers/realtime.js';
import { WebhookSink } from './webhook-sink.js';

void describe('realtime cache channels', () => {
  let node: TestNode;
  let sink: WebhookSink;
  const cleanup = new Cleanup();
  before(async () => {
    sink = await new WebhookSink().start();
    node = await startNode({ webhooks: { endpoints: [{ url: sink.url, events: ['cache_miss'] }], batchMs: 10 } });
  });
  after(async () => {
    await cleanup.run();
    await node.close();
    await sink.close();
  });

  async function subscriber(channel: string, userId = 'u1'): Promise<RawClient> {
    const c = cleanup.add(new RawClient(node.port), (r) => r.close());
    const socketId = await c.socketId();
    const member = channel.startsWith('presence-') ? { user_id: userId } : undefined;
    const auth = channel.startsWith('private-') || channel.startsWith('presence-') ? signChannelAuth(APP.key, APP.secret, socketId, channel, member) : {};
    c.send('pusher:subscribe', { channel, ...auth });
    await c.next('pusher_internal:subscription_succeeded');
    return c;
  }
  /** The frames on `channel` after subscription_succeeded, once one has come. */
  async function firstAfterSubscribe(c: RawClient, channel: string): Promise<{ event: string; data: unknown }> {
    const at = c.frames.findIndex((f) => f.event === 'pusher_internal:subscription_succeeded' && f.channel === channel);
    const next = await once<{ event: string; data: unknown }>((done) => {
      const check = (): void => {
        const found = c.frames.slice(at + 1).find((f) => f.channel === channel);
        if (found) done(found);
        else setTimeout(check, 5);
      };
      check();
    }, 'the frame after subscription_succeeded');
    return next;
  }

  void it('sends pusher:cache_miss, and a cache_miss webhook, when nothing is cached', async () => {
    const c = await subscriber('cache-score-1');
    assert.deepEqual(await firstAfterSubscribe(c, 'cache-score-1'), { event: 'pusher:cache_miss', channel: 'cache-score-1' });
    await once<void>((done) => {
      const check = (): void => (sink.events().some((e) => e.channel === 'cache-score-1') ? done() : void setTimeout(check, 5));
      check();
    }, 'the cache_miss webhook');
    assert.deepEqual(sink.events().filter((e) => e.channel === 'cache-score-1'), [{ name: 'cache_miss', channel: 'cache-score-1' }]);
  });

  void it('replays only the last published event to a later subscriber, on every kind of cache channel', async () => {
    for (const channel of ['cache-score-2', 'private-cache-score-2', 'presence-cache-score-2', 'private-encrypted-cache-score-2']) {
      // (The SDK would encrypt for private-encrypted-; the server caches whatever it relays.)
      await node.realtime.publish([channel], 'score', JSON.stringify({ home: 1 }));
      await node.realtime.publish([channel], 'score', JSON.stringify({ home: 2 }));
      const late = await subscriber(channel);
      const first = await firstAfterSubscribe(late, channel);
      assert.deepEqual({ event: first.event, data: JSON.parse(String(first.data)) as unknown }, { event: 'score', data: { home: 2 } }, channel);
    }
  });

  void it('does not cache client events or presence member events', async () => {
    const sender = cleanup.add(new RawClient(node.port), (r) => r.close());
    await signInRaw(sender, 'stay-1');
    const socketId = await sender.socketId();
    sender.send('pusher:subscribe', { channel: 'presence-cache-room', ...signChannelAuth(APP.key, APP.secret, socketId, 'presence-cache-room', { user_id: 'a' }) });
    await sender.next('pusher_internal:subscription_succeeded');
    const other = await subscriber('presence-cache-room', 'b');
    sender.send('client-typing', {}, 'presence-cache-room');
    await other.next('client-typing');
    const late = await subscriber('presence-cache-room', 'c');
    assert.deepEqual((await firstAfterSubscribe(late, 'presence-cache-room')).event, 'pusher:cache_miss');
  });

  void it('lets pusher-js bind pusher:cache_miss and receive the cached event like any other', async () => {
    const client = cleanup.client(connectClient(node));
    const missed = once<void>((done) => client.subscribe('cache-pjs').bind('pusher:cache_miss', () => done()), 'pusher:cache_miss');
    await missed;
    await sdk(node).trigger('cache-pjs-2', 'state', { on: true });
    const later = cleanup.client(connectClient(node));
    const channel = later.subscribe('cache-pjs-2');
    const state = once<unknown>((done) => channel.bind('state', (data: unknown) => done(data)), 'the cached state');
    assert.deepEqual(await state, { on: true });
    await subscribed(later, 'cache-pjs-2');
  });

  void it('keeps at most its bound of channels and forgets an event after its time', () => {
    let now = 0;
    const cache = new EventCache(1000, () => now, 2);
    cache.set('cache-a', { eventJson: '"e"', dataJson: '"1"' });
    cache.set('cache-b', { eventJson: '"e"', dataJson: '"2"' });
    cache.set('cache-a', { eventJson: '"e"', dataJson: '"3"' });
    cache.set('cache-c', { eventJson: '"e"', dataJson: '"4"' });
    assert.equal(cache.get('cache-b'), null, 'the least recently written goes first');
    assert.deepEqual(cache.get('cache-a'), { eventJson: '"e"', dataJson: '"3"' });
    now = 1000;
    assert.equal(cache.get('cache-c'), null);
  });
});
