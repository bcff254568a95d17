import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createPusherAdapter } from '../../src/realtime/adapters/pusher.js';
import { createPublisher } from '../../src/realtime/publisher.js';
import { APP, Cleanup, connectClient, connected, recorder, startNode, subscribed, testLogger, waitFor } from '../helpers/realtime.js';
import type { TestNode } from '../helpers/realtime.js';

// One Concierge realtime server publishing to another one's Pusher HTTP API, as it would to
// hosted Pusher, Soketi or Reverb.
void describe('publishing to an external Pusher-compatible service', () => {
  let service: TestNode;
  let publishing: TestNode;
  const logger = testLogger();
  const requests: string[] = [];
  const cleanup = new Cleanup();

  before(async () => {
    service = await startNode();
    service.app.server.on('request', (req: IncomingMessage) => requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`));
    const adapter = createPusherAdapter({ ...APP, host: '127.0.0.1', port: service.port, useTLS: false }, logger);
    publishing = await startNode({ adapter, logger });
  });
  after(async () => {
    await cleanup.run();
    await publishing.close();
    await service.close();
  });

  void it('delivers published events to pusher-js clients of the service, in order', async () => {
    const client = cleanup.client(connectClient(service));
    const room = recorder(await subscribed(client, 'private-hotel-abc-room-101-chat'));
    const inbox = recorder(await subscribed(client, 'private-hotel-abc-staff-inbox'));
    const message = { id: 3, message: 'Towels please' };
    await createPublisher(publishing.realtime, logger).publish([
      { channel: 'private-hotel-abc-room-101-chat', name: 'new-message', data: message },
      { channel: 'private-hotel-abc-staff-inbox', name: 'new-message', data: message },
      { channel: 'private-hotel-abc-staff-inbox', name: 'conversation-unread', data: { unread_count: 1 } },
    ]);
    await waitFor(() => room.length === 1 && inbox.length === 2, 'deliveries');
    assert.deepEqual(room, [{ event: 'new-message', data: message }]);
    assert.deepEqual(inbox.map((e) => e.event), ['new-message', 'conversation-unread']);
  });

  void it('batches single-channel events published together, and keeps the excluded socket out', async () => {
    const client = cleanup.client(connectClient(service));
    const other = cleanup.client(connectClient(service));
    const seen = recorder(await subscribed(client, 'batched'));
    const seenByOther = recorder(await subscribed(other, 'batched'));
    requests.length = 0;
    const except = await connected(other);
    await Promise.all(Array.from({ length: 12 }, (_, i) => publishing.realtime.publish(['batched'], `e${i}`, String(i), except)));
    await waitFor(() => seen.length === 12, 'twelve events');
    assert.deepEqual(seen.map((s) => s.event), Array.from({ length: 12 }, (_, i) => `e${i}`));
    assert.deepEqual(requests, [`POST /apps/${APP.appId}/batch_events`, `POST /apps/${APP.appId}/batch_events`], 'ten, then two');
    await publishing.realtime.publish(['batched'], 'marker', '{}');
    await waitFor(() => seenByOther.length === 1, 'marker');
    assert.deepEqual(seenByOther.map((s) => s.event), ['marker']);
  });

  void it('drops an event over 10 KB with a warning instead of sending it', async () => {
    const client = cleanup.client(connectClient(service));
    const seen = recorder(await subscribed(client, 'sizes'));
    await publishing.realtime.publish(['sizes'], 'too-big', JSON.stringify('x'.repeat(10 * 1024)));
    await publishing.realtime.publish(['sizes'], 'fits', '{}');
    await waitFor(() => seen.length === 1, 'the small event');
    assert.deepEqual(seen.map((s) => s.event), ['fits']);
    const warning = logger.entries.find((e) => e.level === 'warn' && e.msg.includes('over the 10 KB limit'));
    assert.ok(warning, 'a warning names the dropped event');
    assert.equal((warning.data as { event?: string }).event, 'too-big');
  });

  void it('answers presence and channel queries from the service', async () => {
    const client = cleanup.client(connectClient(service, { user: { id: '7' } }));
    await subscribed(client, 'presence-hotel-abc-staff');
    assert.equal(await publishing.realtime.isMember('presence-hotel-abc-staff', '7'), true);
    assert.equal(await publishing.realtime.isMember('presence-hotel-abc-staff', '8'), false);
    assert.deepEqual((await publishing.realtime.members('presence-hotel-abc-staff')).map((m) => m.id), ['7']);
    assert.deepEqual(await publishing.realtime.channelInfo('presence-hotel-abc-staff'), { subscriptionCount: 1, userCount: 1 });
    const channels = await publishing.realtime.channels('presence-');
    assert.deepEqual(channels.get('presence-hotel-abc-staff'), { subscriptionCount: 1, userCount: 1 });
  });
  void it('sends the oversize replacement of an event over 10 KB, which the service accepts', async () => {
    const client = cleanup.client(connectClient(service));
    const room = recorder(await subscribed(client, 'private-hotel-abc-room-102-chat'));
    const message = { id: 4, message: '🛎️'.repeat(4000) };
    await createPublisher(publishing.realtime, logger, {
      oversize: ({ name, data }) => ({ id: (data as { id: number }).id, truncated: true, event: name }),
    }).publish([
      { channel: 'private-hotel-abc-room-102-chat', name: 'new-message', data: message },
      { channel: 'private-hotel-abc-room-102-chat', name: 'after', data: {} },
    ]);
    await waitFor(() => room.length === 2, 'both events');
    assert.deepEqual(room, [{ event: 'new-message', data: { id: 4, truncated: true, event: 'new-message' } }, { event: 'after', data: {} }]);
  });

  void it('without an oversize callback, logs an event over 10 KB that the service will not take', async () => {
    await createPublisher(publishing.realtime, logger).publish([{ channel: 'private-big', name: 'huge', data: { text: '字'.repeat(4000) } }]);
    assert.ok(logger.entries.some((e) => e.level === 'warn' && e.msg.startsWith('realtime: event data over 10 KB')));
  });
});
