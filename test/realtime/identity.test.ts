// Who a socket is: the person /pusher/auth/ bound it to, and the user it signed in as, which
// names it in its client events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signChannelAuth, signUserAuth } from '../../src/realtime/signature.js';
import { APP, connectClient, nodeForSuite, once, RawClient, signedIn, signInRaw, subscribed } from '../helpers/realtime.js';

void describe('realtime socket identity', () => {
  const suite = nodeForSuite();
  const { cleanup } = suite;

  const raw = (): RawClient => cleanup.add(new RawClient(suite.node.port), (c) => c.close());
  async function onPrivate(channel: string, userId?: string): Promise<RawClient> {
    const c = raw();
    const socketId = await c.socketId();
    if (userId !== undefined) await signInRaw(c, userId);
    c.send('pusher:subscribe', { channel, ...signChannelAuth(APP.key, APP.secret, socketId, channel) });
    await c.next('pusher_internal:subscription_succeeded');
    return c;
  }

  void it('binds a socket to the first person registered on it and refuses another, while the same person may re-authorize', async () => {
    const victim = raw();
    const socketId = await victim.socketId();
    assert.equal(await suite.node.realtime.registerSocketPrincipals(socketId, ['staff:1', 'token:aaa']), true);
    assert.equal(await suite.node.realtime.registerSocketPrincipals(socketId, ['staff:1', 'token:bbb']), true, 'a new sign-in of the same person');
    assert.equal(await suite.node.realtime.registerSocketPrincipals(socketId, ['staff:2', 'token:ccc']), false);
    assert.equal(await suite.node.realtime.registerSocketPrincipals(socketId, ['stay:1', 'token:ddd']), false, 'a guest is another person too');

    // The colleague's logout (or the guest's check-out) does not reach the socket.
    await suite.node.realtime.disconnectPrincipal('staff:2');
    await suite.node.realtime.disconnectPrincipal('token:ccc');
    await suite.node.realtime.disconnectPrincipal('stay:1');
    await suite.node.realtime.disconnectPrincipal('token:bbb');
    assert.equal(await victim.closed(), 4009, 'its own person\'s token still closes it');
    assert.equal(victim.frames.filter((f) => f.event === 'pusher:error').length, 1);
  });

  void it('accepts principals without a person, and an unknown socket id, as before', async () => {
    const c = raw();
    const socketId = await c.socketId();
    assert.equal(await suite.node.realtime.registerSocketPrincipals(socketId, ['guest:1']), true);
    assert.equal(await suite.node.realtime.registerSocketPrincipals(socketId, ['stay:4', 'token:x']), true);
    assert.equal(await suite.node.realtime.registerSocketPrincipals('1.1', ['staff:9']), true, 'a socket not on this node is not judged here');
  });

  void it('adds the signed-in user as user_id to client events on private channels, whatever the sender claims', async () => {
    const sender = await onPrivate('private-room-1', 'stay-11');
    const receiver = await onPrivate('private-room-1');
    sender.ws.send(JSON.stringify({ event: 'client-typing', channel: 'private-room-1', data: { name: 'Sarah (staff)' }, user_id: 'staff-1' }));
    const frame = await receiver.next('client-typing');
    assert.equal(frame.user_id, 'stay-11');
    assert.deepEqual(JSON.parse(String(frame.data)), { name: 'Sarah (staff)' });
  });

  void it('refuses client events on private channels from a socket that has not signed in', async () => {
    const sender = await onPrivate('private-room-2');
    const receiver = await onPrivate('private-room-2', 'staff-3');
    sender.send('client-typing', { typing: true }, 'private-room-2');
    const error = await sender.next('pusher:error');
    assert.match(String((error.data as { message: string }).message), /sign in \(pusher:signin\) before sending client events/);
    receiver.send('client-typing', { typing: true }, 'private-room-2');
    await sender.next('client-typing');
    assert.equal(receiver.frames.some((f) => f.event === 'client-typing'), false);
    assert.equal(sender.closeCode, null);
  });

  void it('keeps the presence member as user_id on presence channels, as Pusher does', async () => {
    const a = raw();
    const b = raw();
    for (const [c, id] of [[a, '5'], [b, '6']] as const) {
      const socketId = await c.socketId();
      await signInRaw(c, `staff-${id}`);
      c.send('pusher:subscribe', { channel: 'presence-desk', ...signChannelAuth(APP.key, APP.secret, socketId, 'presence-desk', { user_id: id }) });
      await c.next('pusher_internal:subscription_succeeded');
    }
    a.send('client-wave', {}, 'presence-desk');
    assert.equal((await b.next('client-wave')).user_id, '5');
  });

  void it('exposes user_id to pusher-js apps on the connection\'s message event', async () => {
    const sender = cleanup.client(connectClient(suite.node, { user: { id: 'staff-8' } }));
    const receiver = cleanup.client(connectClient(suite.node));
    await signedIn(sender);
    await subscribed(sender, 'private-desk-9');
    await subscribed(receiver, 'private-desk-9');
    const seen = once<{ event: string; user_id?: string }>((done) => receiver.connection.bind('message', (m: { event: string; user_id?: string }) => {
      if (m.event === 'client-typing') done(m);
    }), 'the client event');
    sender.channel('private-desk-9').trigger('client-typing', { typing: true });
    assert.equal((await seen).user_id, 'staff-8');
  });

  void it('refuses a second sign-in as another user on the same socket', async () => {
    const c = raw();
    await signInRaw(c, 'stay-20');
    c.send('pusher:signin', signUserAuth(APP.key, APP.secret, await c.socketId(), { id: 'staff-1' }));
    const error = await c.next('pusher:error');
    assert.match(String((error.data as { message: string }).message), /signed in as another user/);
    assert.equal(c.frames.filter((f) => f.event === 'pusher:signin_success').length, 1);
    assert.equal(c.closeCode, null);
  });
});
