import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PresenceChannel } from 'pusher-js';
import { signApiRequest } from '../../src/realtime/http-api-auth.js';
import { APP, connectClient, connected, once, postRaw, recorder, sdk, subscribed, waitFor, nodeForSuite } from '../helpers/realtime.js';

/** Resolves with the status and JSON body of an SDK request that failed. */
async function failure(request: Promise<unknown>): Promise<{ status: number; body: { error: string; code: string } }> {
  try {
    await request;
  } catch (err) {
    const { status, body } = err as { status?: number; body?: string };
    return { status: status ?? 0, body: JSON.parse(body ?? '{}') as { error: string; code: string } };
  }
  throw new Error('the request was expected to fail');
}

async function json(response: Response): Promise<unknown> {
  return response.json() as Promise<unknown>;
}

void describe('Pusher HTTP API', () => {
  const suite = nodeForSuite();

  void it('publishes an event from the official SDK to pusher-js subscribers, leaving out socket_id', async () => {
    const a = suite.cleanup.client(connectClient(suite.node));
    const b = suite.cleanup.client(connectClient(suite.node));
    const seenA = recorder(await subscribed(a, 'private-sdk'));
    const seenB = recorder(await subscribed(b, 'private-sdk'));
    const response = await sdk(suite.node).trigger('private-sdk', 'new-message', { id: 7, text: 'Hi' });
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response as unknown as Response), {});
    await sdk(suite.node).trigger('private-sdk', 'second', 'plain text', { socket_id: await connected(a) });
    await waitFor(() => seenB.length === 2, 'both events on b');
    assert.deepEqual(seenB, [{ event: 'new-message', data: { id: 7, text: 'Hi' } }, { event: 'second', data: 'plain text' }]);
    assert.deepEqual(seenA.map((s) => s.event), ['new-message']);
  });

  void it('answers channel attributes when a publish asks for info', async () => {
    const a = suite.cleanup.client(connectClient(suite.node, { user: { id: '1' } }));
    const b = suite.cleanup.client(connectClient(suite.node, { user: { id: '1' } }));
    await subscribed(a, 'presence-info');
    await subscribed(b, 'presence-info');
    const response = await sdk(suite.node).trigger(['presence-info'], 'x', {}, { info: 'subscription_count,user_count' });
    assert.deepEqual(await json(response as unknown as Response), { channels: { 'presence-info': { subscription_count: 2, user_count: 1 } } });
    const refused = await failure(sdk(suite.node).trigger(['news', 'presence-info'], 'x', {}, { info: 'user_count' }));
    assert.equal(refused.status, 400);
  });

  void it('publishes a batch in order, with info for the events that ask', async () => {
    const client = suite.cleanup.client(connectClient(suite.node));
    const seen = recorder(await subscribed(client, 'batch-1'));
    const response = await sdk(suite.node).triggerBatch([
      { channel: 'batch-1', name: 'one', data: { n: 1 } },
      { channel: 'batch-2', name: 'two', data: { n: 2 }, info: 'subscription_count' },
      { channel: 'batch-1', name: 'three', data: { n: 3 }, info: 'subscription_count' },
    ]);
    assert.deepEqual(await json(response as unknown as Response), { batch: [{}, { subscription_count: 0 }, { subscription_count: 1 }] });
    await waitFor(() => seen.length === 2, 'two events');
    assert.deepEqual(seen.map((s) => s.event), ['one', 'three']);
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ channel: 'batch-1', name: `e${i}`, data: {} }));
    assert.equal((await failure(sdk(suite.node).triggerBatch(tooMany))).status, 400);
  });

  void it('lists occupied channels, filtered by prefix, with user counts for presence', async () => {
    const a = suite.cleanup.client(connectClient(suite.node, { user: { id: 'a' } }));
    const b = suite.cleanup.client(connectClient(suite.node, { user: { id: 'b' } }));
    await subscribed(a, 'presence-list-1');
    await subscribed(b, 'presence-list-1');
    await subscribed(b, 'presence-list-2');
    await subscribed(a, 'list-public');
    const all = (await json((await sdk(suite.node).get({ path: '/channels' })) as unknown as Response)) as { channels: Record<string, unknown> };
    assert.deepEqual(all.channels['list-public'], {});
    assert.ok('presence-list-2' in all.channels);
    const presence = await sdk(suite.node).get({ path: '/channels', params: { filter_by_prefix: 'presence-list-', info: 'user_count' } });
    assert.deepEqual(await json(presence as unknown as Response), { channels: { 'presence-list-1': { user_count: 2 }, 'presence-list-2': { user_count: 1 } } });
    assert.equal((await failure(sdk(suite.node).get({ path: '/channels', params: { info: 'user_count' } }))).status, 400);
  });

  void it('describes one channel: occupied, subscription_count and user_count', async () => {
    const a = suite.cleanup.client(connectClient(suite.node, { user: { id: 'a' } }));
    const b = suite.cleanup.client(connectClient(suite.node, { user: { id: 'a' } }));
    await subscribed(a, 'presence-one');
    await subscribed(b, 'presence-one');
    const described = await sdk(suite.node).get({ path: '/channels/presence-one', params: { info: 'user_count,subscription_count' } });
    assert.deepEqual(await json(described as unknown as Response), { occupied: true, subscription_count: 2, user_count: 1 });
    const empty = await sdk(suite.node).get({ path: '/channels/nobody-here' });
    assert.deepEqual(await json(empty as unknown as Response), { occupied: false });
    assert.equal((await failure(sdk(suite.node).get({ path: '/channels/public-x', params: { info: 'user_count' } }))).status, 400);
  });

  void it('lists the users of a presence channel, and only of presence channels', async () => {
    const a = suite.cleanup.client(connectClient(suite.node, { user: { id: '10', info: { name: 'A' } } }));
    const b = suite.cleanup.client(connectClient(suite.node, { user: { id: '11' } }));
    await subscribed(a, 'presence-users');
    const channel = (await subscribed(b, 'presence-users')) as PresenceChannel;
    assert.equal(channel.members.count, 2);
    const users = await sdk(suite.node).get({ path: '/channels/presence-users/users' });
    const listed = (await json(users as unknown as Response)) as { users: Array<{ id: string }> };
    assert.deepEqual(listed.users.map((u) => u.id).sort(), ['10', '11']);
    assert.equal((await failure(sdk(suite.node).get({ path: '/channels/private-x/users' }))).status, 400);
  });

  void it('sends an event to a signed-in user on their user channel', async () => {
    const client = suite.cleanup.client(connectClient(suite.node, { user: { id: 'guest-5' } }));
    await connected(client);
    client.signin();
    await waitFor(async () => (await suite.node.realtime.channelInfo('#server-to-user-guest-5')).subscriptionCount === 1, 'the user channel');
    const got = once<unknown>((done) => client.user.bind('checkout-reminder', done), 'the user event');
    await sdk(suite.node).sendToUser('guest-5', 'checkout-reminder', { at: '11:00' });
    assert.deepEqual(await got, { at: '11:00' });
  });

  void it("terminates a signed-in user's connections with 4009", async () => {
    const client = suite.cleanup.client(connectClient(suite.node, { user: { id: 'leaver' } }));
    const bystander = suite.cleanup.client(connectClient(suite.node, { user: { id: 'stayer' } }));
    await connected(client);
    await connected(bystander);
    client.signin();
    bystander.signin();
    await waitFor(() => client.user.user_data !== null && bystander.user.user_data !== null, 'signins');
    const response = await sdk(suite.node).terminateUserConnections('leaver');
    assert.equal(response.status, 200);
    await waitFor(() => client.connection.state === 'disconnected', 'the connection to close');
    assert.equal(bystander.connection.state, 'connected');
  });

  void it('answers 401 to a wrong secret, an unknown key, a stale timestamp and a body that does not match body_md5', async () => {
    const wrongSecret = await failure(sdk(suite.node, 'wrong-secret').trigger('news', 'x', {}));
    assert.deepEqual(wrongSecret, { status: 401, body: { error: 'Invalid signature', code: 'not_authenticated' } });

    const body = JSON.stringify({ name: 'x', data: '{}', channel: 'news' });
    const post = (query: string, sent = body): Promise<Response> =>
      fetch(`${suite.node.url}/apps/${APP.appId}/events?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sent });
    const path = `/apps/${APP.appId}/events`;

    const unknownKey = await post(signApiRequest({ key: 'other', secret: APP.secret }, { method: 'POST', path, body }));
    assert.equal(unknownKey.status, 401);
    const stale = await post(signApiRequest(APP, { method: 'POST', path, body, timestamp: Math.floor(Date.now() / 1000) - 700 }));
    assert.equal(stale.status, 401);
    assert.match(((await json(stale)) as { error: string }).error, /auth_timestamp/);
    const tampered = await post(signApiRequest(APP, { method: 'POST', path, body }), body.replace('news', 'other'));
    assert.deepEqual(await json(tampered), { error: 'body_md5 does not match the body', code: 'not_authenticated' });
    const fine = await post(signApiRequest(APP, { method: 'POST', path, body, timestamp: Math.floor(Date.now() / 1000) - 500 }));
    assert.equal(fine.status, 200);

    const unsignedGet = await fetch(`${suite.node.url}/apps/${APP.appId}/channels`);
    assert.equal(unsignedGet.status, 401);
  });

  void it('answers 413 to event data over 10 KB and to bodies over the request limit', async () => {
    const big = await failure(sdk(suite.node).trigger('news', 'x', 'y'.repeat(10 * 1024 + 1)));
    assert.deepEqual(big, { status: 413, body: { error: 'Event data is larger than 10240 bytes', code: 'too_large' } });
    const batch = await failure(sdk(suite.node).triggerBatch([{ channel: 'news', name: 'a', data: 'z'.repeat(11 * 1024) }]));
    assert.equal(batch.status, 413);
    const huge = JSON.stringify({ name: 'x', data: 'h'.repeat(1024 * 1024), channel: 'news' });
    const path = `/apps/${APP.appId}/events`;
    const response = await fetch(`${suite.node.url}${path}?${signApiRequest(APP, { method: 'POST', path, body: huge })}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: huge,
    });
    assert.equal(response.status, 413);
    assert.equal(((await json(response)) as { code: string }).code, 'too_large');
  });

  void it('answers 400 to invalid input and 404 to another app id', async () => {
    const client = sdk(suite.node);
    const missingChannels = await failure(postRaw(client, '/events', { name: 'x', data: '{}' }));
    assert.deepEqual(missingChannels, { status: 400, body: { error: 'channels or channel is required', code: 'invalid_request' } });
    const badChannel = await failure(postRaw(client, '/events', { name: 'x', data: '{}', channels: ['bad name'] }));
    assert.equal(badChannel.status, 400);
    const notString = await failure(postRaw(client, '/events', { name: 'x', data: { a: 1 }, channel: 'news' }));
    assert.equal(notString.status, 400);
    const tooMany = await failure(postRaw(client, '/events', { name: 'x', data: '{}', channels: Array.from({ length: 101 }, (_, i) => `c${i}`) }));
    assert.equal(tooMany.status, 400);
    const badSocket = await failure(postRaw(client, '/events', { name: 'x', data: '{}', channel: 'news', socket_id: 'abc' }));
    assert.equal(badSocket.status, 400);

    const path = '/apps/999/channels';
    const otherApp = await fetch(`${suite.node.url}${path}?${signApiRequest(APP, { method: 'GET', path })}`);
    assert.equal(otherApp.status, 404);
    assert.deepEqual(await json(otherApp), { error: 'Unknown app 999', code: 'not_found' });
  });
});
