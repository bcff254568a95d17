// The webhook receiver (for the hosted path) fed by a real Pusher-protocol server's webhooks:
// the built-in server here, posting member_added / member_removed as Pusher does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { hmacSha256Hex } from '../../src/realtime/signature.js';
import { pusherWebhookReceiver } from '../../src/realtime/webhook-receiver.js';
import { APP, Cleanup, connectClient, release, startNode, subscribed, waitFor } from '../helpers/realtime.js';
import type { TestNode } from '../helpers/realtime.js';

void describe('pusher webhook receiver', () => {
  let receiver: FastifyInstance;
  let url = '';
  let service: TestNode;
  const changes: Array<[string, string, boolean]> = [];
  const cleanup = new Cleanup();

  before(async () => {
    receiver = Fastify({ logger: false });
    await receiver.register(pusherWebhookReceiver, { key: APP.key, secret: APP.secret, onMemberChange: (channel, userId, present) => changes.push([channel, userId, present]) });
    await receiver.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/pusher/webhooks`;
    service = await startNode({ webhooks: { endpoints: [{ url }], batchMs: 10 } });
  });
  after(async () => {
    await cleanup.run();
    await service.close();
    await receiver.close();
  });

  const post = (body: string, headers: Record<string, string>): Promise<Response> =>
    fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });

  void it('reports members joining and leaving the service\'s presence channels', async () => {
    const client = connectClient(service, { user: { id: '17' } });
    await subscribed(client, 'presence-hotel-abc-staff');
    await waitFor(() => changes.length === 1, 'member_added');
    release(client);
    await waitFor(() => changes.length === 2, 'member_removed');
    assert.deepEqual(changes, [['presence-hotel-abc-staff', '17', true], ['presence-hotel-abc-staff', '17', false]]);
  });

  void it('refuses a forged, unsigned or foreign-key webhook with 401, and reports nothing', async () => {
    const before = changes.length;
    const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'member_removed', channel: 'presence-hotel-abc-staff', user_id: '1' }] });
    assert.equal((await post(body, { 'X-Pusher-Key': APP.key, 'X-Pusher-Signature': hmacSha256Hex('wrong-secret', body) })).status, 401);
    assert.equal((await post(body, { 'X-Pusher-Key': APP.key })).status, 401);
    assert.equal((await post(body, { 'X-Pusher-Key': 'other-key', 'X-Pusher-Signature': hmacSha256Hex(APP.secret, body) })).status, 401);
    assert.equal((await post(`${body} `, { 'X-Pusher-Key': APP.key, 'X-Pusher-Signature': hmacSha256Hex(APP.secret, body) })).status, 401, 'the signature covers the exact bytes');
    assert.equal(changes.length, before);
  });

  void it('answers 400 to a signed body that is not a webhook, and ignores events it does not use', async () => {
    const signed = (body: string): Record<string, string> => ({ 'X-Pusher-Key': APP.key, 'X-Pusher-Signature': hmacSha256Hex(APP.secret, body) });
    assert.equal((await post('not json', signed('not json'))).status, 400);
    assert.equal((await post('{"events":3}', signed('{"events":3}'))).status, 400);
    const other = JSON.stringify({ time_ms: 1, events: [{ name: 'channel_occupied', channel: 'x' }, { name: 'member_added', channel: 'presence-x' }, 7] });
    const before = changes.length;
    assert.equal((await post(other, signed(other))).status, 200);
    assert.equal(changes.length, before);
  });
});
