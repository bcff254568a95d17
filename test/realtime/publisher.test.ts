import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPusherAdapter } from '../../src/realtime/adapters/pusher.js';
import { createPublisher } from '../../src/realtime/publisher.js';
import { APP, connectClient, recorder, subscribed, testLogger, waitFor, nodeForSuite } from '../helpers/realtime.js';

void describe('publisher', () => {
  const suite = nodeForSuite();

  void it('serialises each event once and sends same name and data to all its channels in one publish, in order', async () => {
    const client = suite.cleanup.client(connectClient(suite.node));
    const room = recorder(await subscribed(client, 'private-hotel-abc-room-101-chat'));
    const inbox = recorder(await subscribed(client, 'private-hotel-abc-staff-inbox'));
    const calls: Array<{ channels: string[]; event: string; data: string }> = [];
    // Forwards to the real server, noting each call.
    const target = {
      publish: (channels: string[], event: string, data: string) => {
        calls.push({ channels, event, data });
        return suite.node.realtime.publish(channels, event, data);
      },
    };
    const message = { id: 1, text: 'Hello', at: new Date(0) };
    await createPublisher(target, testLogger()).publish([
      { channel: 'private-hotel-abc-room-101-chat', name: 'new-message', data: message },
      { channel: 'private-hotel-abc-staff-inbox', name: 'new-guest-message', data: message },
      { channel: 'private-hotel-abc-staff-inbox', name: 'new-message', data: message },
      { channel: 'private-hotel-abc-room-101-chat', name: 'messages-read', data: { ids: [1] } },
    ]);
    assert.deepEqual(calls, [
      { channels: ['private-hotel-abc-room-101-chat', 'private-hotel-abc-staff-inbox'], event: 'new-message', data: JSON.stringify(message) },
      { channels: ['private-hotel-abc-staff-inbox'], event: 'new-guest-message', data: JSON.stringify(message) },
      { channels: ['private-hotel-abc-room-101-chat'], event: 'messages-read', data: '{"ids":[1]}' },
    ]);
    await waitFor(() => room.length === 2 && inbox.length === 2, 'deliveries');
    assert.deepEqual(room.map((r) => r.event), ['new-message', 'messages-read']);
    assert.deepEqual(inbox.map((r) => r.event), ['new-message', 'new-guest-message']);
    assert.deepEqual(room[0]?.data, { id: 1, text: 'Hello', at: '1970-01-01T00:00:00.000Z' });
  });

  void it('logs a failed publish and carries on instead of throwing', async () => {
    const logger = testLogger();
    // An external service that is not there: every publish fails for real.
    const nowhere = createPusherAdapter({ ...APP, host: '127.0.0.1', port: 9, useTLS: false, timeoutMs: 1000 }, logger);
    const client = suite.cleanup.client(connectClient(suite.node));
    const seen = recorder(await subscribed(client, 'after-failure'));
    const targets = {
      publish: async (channels: string[], event: string, data: string) => {
        if (event === 'doomed') return nowhere.publish(channels, event, data);
        return suite.node.realtime.publish(channels, event, data);
      },
    };
    await createPublisher(targets, logger).publish([
      { channel: 'after-failure', name: 'doomed', data: {} },
      { channel: 'after-failure', name: 'survivor', data: { ok: true } },
    ]);
    assert.ok(logger.entries.some((e) => e.level === 'error' && e.msg === 'realtime: publish failed'));
    await waitFor(() => seen.length === 1, 'the second event');
    assert.deepEqual(seen, [{ event: 'survivor', data: { ok: true } }]);
  });
  void it('replaces data over 10 KB through the oversize callback on the built-in server too, per channel', async () => {
    const client = suite.cleanup.client(connectClient(suite.node));
    const a = recorder(await subscribed(client, 'private-oversize-a'));
    const b = recorder(await subscribed(client, 'private-oversize-b'));
    const big = { id: 9, message: '😀'.repeat(3000) };
    const small = { id: 10, message: 'short' };
    await createPublisher(suite.node.realtime, testLogger(), { oversize: ({ channel, data }) => ({ id: (data as { id: number }).id, fetch: true, channel }) }).publish([
      { channel: 'private-oversize-a', name: 'new-message', data: big },
      { channel: 'private-oversize-b', name: 'new-message', data: big },
      { channel: 'private-oversize-a', name: 'new-message', data: small },
    ]);
    await waitFor(() => a.length === 2 && b.length === 1, 'deliveries');
    assert.deepEqual(a, [{ event: 'new-message', data: { id: 9, fetch: true, channel: 'private-oversize-a' } }, { event: 'new-message', data: small }]);
    assert.deepEqual(b, [{ event: 'new-message', data: { id: 9, fetch: true, channel: 'private-oversize-b' } }]);
  });
});
