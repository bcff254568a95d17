import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APP, Cleanup, connectClient, connected, RawClient, recorder, release, startNode, subscribed, waitFor } from '../helpers/realtime.js';
import type { TestNode } from '../helpers/realtime.js';

void describe('realtime connections', () => {
  let node: TestNode;
  const cleanup = new Cleanup();

  before(async () => {
    node = await startNode({ activityTimeout: 1, pongTimeout: 1 });
  });
  after(async () => {
    await cleanup.run();
    await node.close();
  });

  void it('greets a client with a Pusher socket id and the activity timeout', async () => {
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    const frame = await raw.next('pusher:connection_established');
    assert.equal(typeof frame.data, 'string', 'data is a JSON string inside the frame');
    const data = JSON.parse(frame.data as string) as { socket_id: string; activity_timeout: number };
    assert.match(data.socket_id, /^\d+\.\d+$/);
    assert.equal(data.activity_timeout, 1);

    const client = cleanup.client(connectClient(node));
    assert.match(await connected(client), /^\d+\.\d+$/);
  });

  void it('closes with 4001 when the app key is unknown', async () => {
    const raw = cleanup.add(new RawClient(node.port, '/app/not-our-key?protocol=7'), (c) => c.close());
    assert.equal(await raw.closed(), 4001);
    const error = raw.frames.find((f) => f.event === 'pusher:error');
    assert.deepEqual(error?.data, { code: 4001, message: 'App key not-our-key not found' });
  });

  void it('closes with 4007 when the protocol version is not supported', async () => {
    const raw = cleanup.add(new RawClient(node.port, `/app/${APP.key}?protocol=3`), (c) => c.close());
    assert.equal(await raw.closed(), 4007);
  });

  void it('answers pusher:ping with pusher:pong', async () => {
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    await raw.socketId();
    raw.send('pusher:ping', {});
    await raw.next('pusher:pong');
  });

  void it('pings a silent client and closes with 4201 when no pong comes back', async () => {
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    await raw.next('pusher:ping');
    assert.equal(await raw.closed(), 4201);
  });

  void it('keeps a silent client that answers its pings', async () => {
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    raw.ws.on('message', (data) => {
      if (String(data).includes('"pusher:ping"')) raw.send('pusher:pong', {});
    });
    await waitFor(() => raw.frames.filter((f) => f.event === 'pusher:ping').length >= 2, 'two server pings');
    assert.equal(raw.closeCode, null);
  });

  void it('keeps a pusher-js client connected across several activity timeouts', async () => {
    const client = cleanup.client(connectClient(node));
    const socketId = await connected(client);
    const news = await subscribed(client, 'keepalive');
    const seen = recorder(news);
    // Two activity timeouts later the client still holds the same connection and receives.
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    raw.ws.on('message', (data) => {
      if (String(data).includes('"pusher:ping"')) raw.send('pusher:pong', {});
    });
    await waitFor(() => raw.frames.filter((f) => f.event === 'pusher:ping').length >= 2, 'two activity timeouts');
    await node.realtime.publish(['keepalive'], 'tick', '{}');
    await waitFor(() => seen.some((s) => s.event === 'tick'), 'tick');
    assert.equal(client.connection.socket_id, socketId);
  });

  void it('refuses messages larger than the frame limit with pusher:error', async () => {
    const raw = cleanup.add(new RawClient(node.port), (c) => c.close());
    await raw.socketId();
    raw.send('client-big', 'x'.repeat(40 * 1024), 'private-x');
    const error = await raw.next('pusher:error');
    assert.match(String((error.data as { message: string }).message), /larger than/);
    assert.equal(raw.closeCode, null);
  });

  void it('closes every socket registered with a principal with 4009, and only those', async () => {
    const guest = cleanup.add(new RawClient(node.port), (c) => c.close());
    const other = cleanup.add(new RawClient(node.port), (c) => c.close());
    const client = cleanup.client(connectClient(node));
    await node.realtime.registerSocketPrincipals(await guest.socketId(), ['guest:1', 'stay:9']);
    await node.realtime.registerSocketPrincipals(await connected(client), ['guest:1']);
    await node.realtime.registerSocketPrincipals(await other.socketId(), ['guest:2']);

    await node.realtime.disconnectPrincipal('stay:9');
    assert.equal(await guest.closed(), 4009);
    await node.realtime.disconnectPrincipal('guest:1');
    // pusher-js treats 4009 as final: it does not reconnect.
    await waitFor(() => client.connection.state === 'disconnected', 'pusher-js to give up');
    assert.equal(other.closeCode, null);
    assert.equal(node.realtime.stats().connections >= 1, true);
  });

  void it('counts its connections and channels', async () => {
    const local = await startNode();
    try {
      const a = connectClient(local);
      const b = connectClient(local);
      await subscribed(a, 'one');
      await subscribed(b, 'one');
      await subscribed(b, 'two');
      const stats = local.realtime.stats();
      assert.deepEqual({ connections: stats.connections, channels: stats.channels }, { connections: 2, channels: 2 });
      assert.deepEqual(stats.webhooks, { sent: 0, failed: 0, dropped: 0 });
      assert.deepEqual(local.realtime.health(), { redis: 'disabled' });
      release(a);
      release(b);
      await waitFor(() => local.realtime.stats().connections === 0, 'both sockets to be gone');
      assert.deepEqual({ connections: local.realtime.stats().connections, channels: local.realtime.stats().channels }, { connections: 0, channels: 0 });
    } finally {
      await local.close();
    }
  });
});

void describe('realtime capacity and restarts', () => {
  void it('closes with 4100 when the node is at capacity', async () => {
    const node = await startNode({ maxConnections: 1 });
    const first = new RawClient(node.port);
    const second = new RawClient(node.port);
    try {
      await first.socketId();
      assert.equal(await second.closed(), 4100);
      assert.equal(first.closeCode, null);
    } finally {
      first.close();
      second.close();
      await node.close();
    }
  });

  void it('tells clients 4200 on a graceful close', async () => {
    const node = await startNode();
    const raw = new RawClient(node.port);
    try {
      await raw.socketId();
      await node.close();
      assert.equal(await raw.closed(), 4200);
      assert.deepEqual(raw.frames.find((f) => f.event === 'pusher:error')?.data, { code: 4200, message: 'Server is restarting, reconnect shortly' });
    } finally {
      raw.close();
    }
  });

  void it('lets pusher-js reconnect and resubscribe after a server restart', async () => {
    const first = await startNode();
    const port = first.port;
    const client = connectClient(first);
    let second: TestNode | null = null;
    try {
      const before = await connected(client);
      const channel = await subscribed(client, 'private-restart');
      const seen = recorder(channel);

      // The replacement binds the port as soon as the old one stops listening; the old one then
      // sends 4200, on which pusher-js reconnects at once (to the replacement).
      first.app.server.close();
      second = await startNode({ port });
      const node = second;
      await first.close();
      await waitFor(() => client.connection.state === 'connected' && client.connection.socket_id !== before, 'pusher-js to reconnect');
      await waitFor(async () => (await node.realtime.channelInfo('private-restart')).subscriptionCount === 1, 'resubscription');
      await node.realtime.publish(['private-restart'], 'after-restart', '{"ok":true}');
      await waitFor(() => seen.find((s) => s.event === 'after-restart'), 'the event after restart');
      assert.deepEqual(seen.find((s) => s.event === 'after-restart')?.data, { ok: true });
    } finally {
      release(client);
      await first.close();
      await second?.close();
    }
  });
});
