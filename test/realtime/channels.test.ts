import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PresenceChannel } from 'pusher-js';
import { signChannelAuth } from '../../src/realtime/signature.js';
import { APP, Cleanup, connectClient, connected, once, RawClient, recorder, release, startNode, subscribed, waitFor } from '../helpers/realtime.js';
import type { Client, TestNode } from '../helpers/realtime.js';

function subscriptionError(client: Client, name: string): Promise<{ type: string; error: string; status: number }> {
  const channel = client.subscribe(name);
  return once((done) => channel.bind('pusher:subscription_error', done), `subscription error on ${name}`);
}

void describe('realtime channels', () => {
  let node: TestNode;
  const cleanup = new Cleanup();
  const memberChanges: Array<[string, string, boolean, unknown]> = [];

  before(async () => {
    node = await startNode();
    node.realtime.onMemberChange((channel, userId, present, info) => memberChanges.push([channel, userId, present, info]));
  });
  after(async () => {
    await cleanup.run();
    await node.close();
  });

  void it('delivers a server event on a public channel to every subscriber, as the JSON it was published as', async () => {
    const a = cleanup.client(connectClient(node));
    const b = cleanup.client(connectClient(node));
    const seenA = recorder(await subscribed(a, 'news'));
    const seenB = recorder(await subscribed(b, 'news'));
    await node.realtime.publish(['news'], 'headline', JSON.stringify({ title: 'Pool open', n: 1 }));
    await waitFor(() => seenA.length > 0 && seenB.length > 0, 'both subscribers');
    assert.deepEqual(seenA, [{ event: 'headline', data: { title: 'Pool open', n: 1 } }]);
    assert.deepEqual(seenB, seenA);
  });

  void it('publishes one event to several channels and leaves out the excluded socket', async () => {
    const a = cleanup.client(connectClient(node));
    const b = cleanup.client(connectClient(node));
    const seenA = recorder(await subscribed(a, 'multi-1'));
    const seenB = recorder(await subscribed(b, 'multi-2'));
    const seenB1 = recorder(await subscribed(b, 'multi-1'));
    await node.realtime.publish(['multi-1', 'multi-2'], 'ping', '"x"', await connected(a));
    await node.realtime.publish(['multi-1'], 'marker', '1');
    await waitFor(() => seenA.length > 0 && seenB1.length > 1 && seenB.length > 0, 'deliveries');
    assert.deepEqual(seenA.map((s) => s.event), ['marker'], 'the excluded socket gets nothing of the first event');
    assert.deepEqual(seenB1.map((s) => s.event), ['ping', 'marker']);
    assert.deepEqual(seenB, [{ event: 'ping', data: 'x' }]);
  });

  void it('stops delivering after unsubscribe', async () => {
    const a = cleanup.client(connectClient(node));
    const seen = recorder(await subscribed(a, 'brief'));
    a.unsubscribe('brief');
    await waitFor(async () => (await node.realtime.channelInfo('brief')).subscriptionCount === 0, 'unsubscription');
    await node.realtime.publish(['brief'], 'late', '{}');
    const control = recorder(await subscribed(a, 'brief-control'));
    await node.realtime.publish(['brief-control'], 'marker', '{}');
    await waitFor(() => control.length > 0, 'marker');
    assert.deepEqual(seen, []);
  });

  void it('subscribes to a private channel signed by the app secret', async () => {
    const client = cleanup.client(connectClient(node));
    const seen = recorder(await subscribed(client, 'private-hotel-abc-room-101-chat'));
    await node.realtime.publish(['private-hotel-abc-room-101-chat'], 'new-message', '{"id":1}');
    await waitFor(() => seen.length > 0, 'event');
    assert.deepEqual(seen[0], { event: 'new-message', data: { id: 1 } });
  });

  void it('refuses a private channel signed with another secret (subscription_error 401)', async () => {
    const client = cleanup.client(connectClient(node, { secret: 'not-the-secret' }));
    const error = await subscriptionError(client, 'private-hotel-abc-staff-inbox');
    assert.equal(error.type, 'AuthError');
    assert.equal(error.status, 401);
    assert.equal((await node.realtime.channelInfo('private-hotel-abc-staff-inbox')).subscriptionCount, 0);
  });

  void it('refuses a private channel without auth, or with a signature for another socket', async () => {
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    await raw.socketId();
    raw.send('pusher:subscribe', { channel: 'private-a' });
    const forOtherSocket = signChannelAuth(APP.key, APP.secret, '1.2', 'private-b').auth;
    raw.send('pusher:subscribe', { channel: 'private-b', auth: forOtherSocket });
    await waitFor(() => raw.frames.filter((f) => f.event === 'pusher:subscription_error').length === 2, 'two refusals');
    const errors = raw.frames.filter((f) => f.event === 'pusher:subscription_error');
    assert.deepEqual(errors.map((e) => e.channel), ['private-a', 'private-b']);
    assert.deepEqual(errors.map((e) => (e.data as { status: number }).status), [401, 401]);
  });

  void it('refuses channel names that are too long or use other characters', async () => {
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    await raw.socketId();
    raw.send('pusher:subscribe', { channel: 'a'.repeat(201) });
    raw.send('pusher:subscribe', { channel: 'bad channel!' });
    raw.send('pusher:subscribe', { channel: 'a'.repeat(200) });
    await raw.next('pusher_internal:subscription_succeeded');
    const errors = raw.frames.filter((f) => f.event === 'pusher:subscription_error');
    assert.equal(errors.length, 2);
    assert.match((errors[0]?.data as { error: string }).error, /longer than 200/);
    assert.match((errors[1]?.data as { error: string }).error, /may only contain/);
  });

  void it('answers a presence subscription with the member list, and announces a user only on their first socket and last leave', async () => {
    const channelName = 'presence-hotel-abc-staff';
    const sarah = cleanup.client(connectClient(node, { user: { id: '1', info: { name: 'Sarah' } } }));
    const sarahChannel = (await subscribed(sarah, channelName)) as PresenceChannel;
    const seen = recorder(sarahChannel);
    assert.equal(sarahChannel.members.count, 1);
    assert.deepEqual(sarahChannel.members.me, { id: '1', info: { name: 'Sarah' } });

    const mikeTab1 = connectClient(node, { user: { id: '2', info: { name: 'Mike' } } });
    const mikeTab2 = connectClient(node, { user: { id: '2', info: { name: 'Mike' } } });
    try {
      await subscribed(mikeTab1, channelName);
      const second = (await subscribed(mikeTab2, channelName)) as PresenceChannel;
      const ids: string[] = [];
      second.members.each((m: { id: string }) => ids.push(m.id));
      assert.deepEqual(ids.sort(), ['1', '2']);
      assert.deepEqual(await node.realtime.members(channelName), [{ id: '1', info: { name: 'Sarah' } }, { id: '2', info: { name: 'Mike' } }]);
      assert.equal(await node.realtime.isMember(channelName, '2'), true);
      assert.deepEqual(await node.realtime.channelInfo(channelName), { subscriptionCount: 3, userCount: 2 });

      release(mikeTab1);
      await waitFor(async () => (await node.realtime.channelInfo(channelName)).subscriptionCount === 2, 'first tab gone');
      assert.equal(await node.realtime.isMember(channelName, '2'), true, 'still present through the second tab');
      release(mikeTab2);
      await waitFor(() => seen.some((s) => s.event === 'pusher:member_removed'), 'member_removed');
    } finally {
      release(mikeTab1);
      release(mikeTab2);
    }
    assert.deepEqual(seen.map((s) => s.event), ['pusher:member_added', 'pusher:member_removed']);
    assert.deepEqual(seen[0]?.data, { id: '2', info: { name: 'Mike' } });
    assert.equal(await node.realtime.isMember(channelName, '2'), false);
    assert.deepEqual(memberChanges.filter(([, user]) => user === '2'), [
      [channelName, '2', true, { name: 'Mike' }],
      [channelName, '2', false, { name: 'Mike' }],
    ]);
  });

  void it('refuses a presence subscription whose channel_data is not the signed one', async () => {
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    const socketId = await raw.socketId();
    const signed = signChannelAuth(APP.key, APP.secret, socketId, 'presence-x', { user_id: '1' });
    raw.send('pusher:subscribe', { channel: 'presence-x', auth: signed.auth, channel_data: JSON.stringify({ user_id: 'admin' }) });
    raw.send('pusher:subscribe', { channel: 'presence-y', auth: signChannelAuth(APP.key, APP.secret, socketId, 'presence-y').auth });
    await waitFor(() => raw.frames.filter((f) => f.event === 'pusher:subscription_error').length === 2, 'two refusals');
    assert.equal(await node.realtime.isMember('presence-x', 'admin'), false);
  });

  void it('lets a signed-in user join their own user channel only', async () => {
    const client = cleanup.client(connectClient(node, { user: { id: 'u-7' } }));
    await connected(client);
    client.signin();
    await waitFor(() => client.user.user_data !== null, 'signin');
    assert.deepEqual(client.user.user_data, { id: 'u-7' });
    await waitFor(async () => (await node.realtime.channelInfo('#server-to-user-u-7')).subscriptionCount === 1, 'user channel');

    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    await raw.socketId();
    raw.send('pusher:subscribe', { channel: '#server-to-user-u-7' });
    const error = await raw.next('pusher:subscription_error');
    assert.equal((error.data as { status: number }).status, 403);
  });
});
