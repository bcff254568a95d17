// Events to a user (sendToUser, HTTP API /users/{id}/events via #server-to-user-{id}) reach every
// socket signed in as that user from signin_success on, subscribed to the user channel or not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectClient, connected, nodeForSuite, once, RawClient, sdk, signInRaw } from '../helpers/realtime.js';

void describe('realtime user events', () => {
  const suite = nodeForSuite();
  const { cleanup } = suite;

  void it('delivers to a signed-in socket that has not (yet) joined #server-to-user-{id}, and to all of the user\'s sockets', async () => {
    const tabs = [0, 1].map(() => cleanup.add(new RawClient(suite.node.port), (c) => c.close()));
    for (const tab of tabs) await signInRaw(tab, 'stay-41');
    const stranger = cleanup.add(new RawClient(suite.node.port), (c) => c.close());
    await signInRaw(stranger, 'stay-42');
    await sdk(suite.node).sendToUser('stay-41', 'checkout-reminder', { at: '11:00' });
    for (const tab of tabs) {
      const frame = await tab.next('checkout-reminder');
      assert.equal(frame.channel, '#server-to-user-stay-41');
      assert.deepEqual(JSON.parse(String(frame.data)), { at: '11:00' });
    }
    await sdk(suite.node).sendToUser('stay-42', 'marker', {});
    await stranger.next('marker');
    assert.equal(stranger.frames.some((f) => f.event === 'checkout-reminder'), false);
  });

  void it('does not lose an event sent the moment pusher-js gets signin_success', async () => {
    const client = cleanup.client(connectClient(suite.node, { user: { id: 'staff-43' } }));
    await connected(client);
    const received = once<unknown>((done) => client.user.bind('shift-note', (data: unknown) => done(data)), 'the user event');
    client.connection.bind('message', (m: { event: string }) => {
      if (m.event === 'pusher:signin_success') void sdk(suite.node).sendToUser('staff-43', 'shift-note', { n: 1 });
    });
    client.signin();
    assert.deepEqual(await received, { n: 1 });
  });

  void it('stops delivering to a socket once it is gone, and keeps a user channel pusher-js unsubscribes from while signed in', async () => {
    const tab = cleanup.add(new RawClient(suite.node.port), (c) => c.close());
    await signInRaw(tab, 'stay-44');
    tab.send('pusher:subscribe', { channel: '#server-to-user-stay-44' });
    await tab.next('pusher_internal:subscription_succeeded');
    tab.send('pusher:unsubscribe', { channel: '#server-to-user-stay-44' });
    await sdk(suite.node).sendToUser('stay-44', 'still-mine', {});
    await tab.next('still-mine');
    tab.close();
    await once<void>((done) => {
      const check = async (): Promise<void> => ((await suite.node.realtime.channelInfo('#server-to-user-stay-44')).subscriptionCount === 0 ? done() : void setTimeout(() => void check(), 5));
      void check();
    }, 'the user channel to empty');
  });
});
