import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EncodedFrame } from '../../src/realtime/frame.js';
import { connectClient, recorder, subscribed, waitFor, nodeForSuite } from '../helpers/realtime.js';

void describe('published frames, encoded once with their WebSocket header', () => {
  const suite = nodeForSuite();

  void it('encodes the three RFC 6455 payload length forms', () => {
    for (const [length, header] of [[125, 2], [126, 4], [65_535, 4], [65_536, 10]] as const) {
      const frame = new EncodedFrame('x'.repeat(length));
      assert.equal(frame.wire.length, header + length);
      assert.equal(frame.wire[0], 0x81);
      assert.equal(frame.payload.length, length);
      assert.equal(String(frame), 'x'.repeat(length));
    }
    assert.equal(new EncodedFrame('é€').payload.toString('utf8'), 'é€', 'lengths count UTF-8 bytes');
  });

  void it('delivers small, medium and large events intact and in order to every subscriber', async () => {
    const clients = [suite.cleanup.client(connectClient(suite.node)), suite.cleanup.client(connectClient(suite.node))];
    const seen = await Promise.all(clients.map(async (c) => recorder(await subscribed(c, 'frames'))));
    const sizes = [10, 200, 70_000];
    for (const size of sizes) await suite.node.realtime.publish(['frames'], 'sized', JSON.stringify({ text: 'ü'.repeat(size) }));
    await waitFor(() => seen.every((s) => s.length === sizes.length), 'every frame on every client');
    for (const s of seen) assert.deepEqual(s.map((e) => (e.data as { text: string }).text.length), sizes);
  });
});
