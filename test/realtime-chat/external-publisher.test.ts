// External publisher mode: Concierge A publishes through the official `pusher` SDK to another
// service's Pusher HTTP API, here Concierge B's, as it would to hosted Pusher, Soketi or Reverb.
// Clients take their options from A, connect to B and are authorized by A.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { base, channelOf, Cleanup, client, describeEvent, guestTab, signIn, staffOnDuty, type Client } from '../helpers/chat.js';

const CREDENTIALS = { PUSHER_APP_ID: '777', PUSHER_KEY: 'shared-key', PUSHER_SECRET: 'shared-secret' };

const cleanup = new Cleanup();
let service: TestServer; // B: the Pusher-compatible service
let app: TestServer; // A: the Concierge publishing to it
let api: Client;

before(async () => {
  service = await startTestServer({ env: CREDENTIALS, seed: false });
  app = await startTestServer({ env: { ...CREDENTIALS, PUSHER_HOST: '127.0.0.1', PUSHER_PORT: String(service.port), PUSHER_USE_TLS: '0' } });
  api = client(app.url);
});
after(async () => {
  await cleanup.run();
  await app.close();
  await service.close();
});

describe('publishing to an external Pusher-compatible service', () => {
  it('names the service in GET /pusher/config/', async () => {
    const r = await api.get('/pusher/config/');
    assert.equal(r.status, 200);
    assert.equal(r.body.key, 'shared-key');
    assert.equal(r.body.wsHost, '127.0.0.1');
    assert.equal(r.body.wsPort, service.port);
    assert.equal(r.body.forceTLS, false);
    assert.deepEqual(r.body.channelAuthorization, { endpoint: '/pusher/auth/', transport: 'ajax' });
  });

  it('delivers the chat events of A to pusher-js clients connected to B', async () => {
    const sarah = await signIn(api, 'sarah');
    const g = cleanup.participant(await guestTab(app.url, 101));
    const desk = cleanup.participant(await staffOnDuty(app.url, sarah, [channelOf.conversation(g.session.conversation_id)]));
    for (const p of [g, desk]) {
      assert.equal((p.pusher.config as { wsPort?: number }).wsPort, service.port, `${p.name} is connected to B`);
    }
    assert.equal((await service.realtime.channelInfo(g.session.pusher_channel)).subscriptionCount, 1, 'B holds the guest\'s subscription');
    assert.equal((await app.realtime.channelInfo(g.session.pusher_channel)).subscriptionCount, 1, 'A asks B');

    const convo = g.session.conversation_id;
    const send = (token: string, message: string) => api.post(`${base}/${convo}/messages/send/`, token, { message });
    assert.equal((await api.post(`${base}/${convo}/assign-staff/`, sarah.token)).status, 200);
    assert.equal((await send(g.session.session_token, 'Hello from the guest')).status, 201);
    const reply = await send(sarah.token, 'Hello from Sarah');
    const last = await send(g.session.session_token, 'Thanks');
    assert.equal(last.status, 201);
    await g.expect(g.session.pusher_channel, 'new-message', (d) => d.message === 'Thanks');
    await desk.expect(channelOf.staff(sarah.staff.id), 'new-guest-message', (d) => d.message === 'Thanks');
    await desk.expect(channelOf.conversation(convo), 'message-delivered', (d) => d.message_id === last.body.message.id);

    assert.deepEqual(g.seen().map(describeEvent), [
      'staff-assigned Sarah Jones',
      'new-message guest: Hello from the guest',
      'new-message staff: Hello from Sarah',
      'new-staff-message staff: Hello from Sarah',
      'new-message guest: Thanks',
    ]);
    assert.deepEqual(g.seen({ event: 'new-staff-message' })[0]!.data, reply.body.message);
    assert.deepEqual(desk.seen({ channel: channelOf.staff(sarah.staff.id) }).map(describeEvent), [
      'new-guest-message guest: Hello from the guest',
      'new-guest-message guest: Thanks',
    ]);
    // Each guest message also publishes the new unread count (checked on its own below).
    assert.deepEqual(desk.seen({ channel: channelOf.conversation(convo) }).map((s) => s.event).filter((e) => e !== 'conversation-unread'), [
      'staff-assigned', 'new-message', 'message-delivered', 'new-message', 'message-delivered', 'new-message', 'message-delivered',
    ]);
    await desk.expect(channelOf.conversation(convo), 'conversation-unread', (d) => d.unread_count === 2);
  });

  it('answers whether the handler is on duty from the service\'s presence channel', async () => {
    const mike = await signIn(api, 'mike');
    const convo = (await client(app.url).post('/chat/hotel-abc/guest-session/room/102/initialize/', undefined, { pin: '1234' })).body.conversation_id;
    await api.post(`${base}/${convo}/assign-staff/`, mike.token);
    const offDuty = await client(app.url).post('/chat/hotel-abc/guest-session/room/102/initialize/', undefined, { pin: '1234' });
    assert.equal(offDuty.body.current_staff_handler.online, false);
    cleanup.participant(await staffOnDuty(app.url, mike));
    assert.ok((await service.realtime.members(channelOf.presence())).some((m) => m.id === String(mike.staff.id)), 'B holds the member');
    const onDuty = await client(app.url).post('/chat/hotel-abc/guest-session/room/102/initialize/', undefined, { pin: '1234' });
    assert.equal(onDuty.body.current_staff_handler.online, true);
  });

  // The guest's socket lives on the service; signed in as stay-{id}, check-out ends it there
  // through the service's POST /users/{id}/terminate_connections.
  it('takes the room channel from a checked-out guest connected to the service', async () => {
    const manager = await signIn(api, 'manager');
    const g = cleanup.participant(await guestTab(app.url, 104));
    assert.equal((await api.post('/admin/hotel-abc/rooms/104/check-out/', manager.token)).status, 200);
    await g.closedWith(4009, 2000);
  });
});
