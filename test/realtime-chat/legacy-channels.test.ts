// LEGACY_PUBLIC_CHANNELS=1: guest events also go out on the reference's public `H-room-R-chat`,
// which the reference's frontend subscribes to without any authorization. Off by default.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  base, channelOf, Cleanup, client, connect, describeEvent, guestTab, signIn, staffOnDuty,
  type GuestTab, type Participant,
} from '../helpers/chat.js';

const cleanup = new Cleanup();
let legacy: TestServer;
let plain: TestServer;

before(async () => {
  [legacy, plain] = await Promise.all([startTestServer({ env: { LEGACY_PUBLIC_CHANNELS: '1' }, presenceGraceMs: 200 }), startTestServer({ presenceGraceMs: 200 })]);
});
after(async () => {
  await cleanup.run();
  await Promise.all([legacy.close(), plain.close()]);
});

/**
 * The same conversation on a server: the guest's tab, subscribed to both the private room channel
 * and the public one; staff hand off, answer, read; the handler leaves; the guest writes last.
 * Everything goes over one socket, so once the last event arrived privately, any public copy
 * published with it or before it has arrived too.
 */
async function conversation(server: TestServer, room: number): Promise<{ g: GuestTab; watcher: Participant; convo: number }> {
  const api = client(server.url);
  const sarah = await signIn(api, 'sarah');
  const mike = await signIn(api, 'mike');
  const g = cleanup.participant(await guestTab(server.url, room));
  const convo = g.session.conversation_id;
  await g.subscribe(channelOf.legacy(room));
  // Someone without any token, listening where the reference's staff channels would be public.
  const watcher = cleanup.participant(await connect('anonymous', server.url, null));
  for (const channel of [channelOf.legacy(room), `hotel-abc-conversation-${convo}-chat`, 'hotel-abc-staff-inbox', `hotel-abc-staff-${sarah.staff.id}-chat`]) {
    await watcher.subscribe(channel);
  }
  const desk = await staffOnDuty(server.url, sarah);
  const post = (token: string, path: string, body?: unknown) => api.post(`${base}/${convo}/${path}/`, token, body);
  await post(sarah.token, 'assign-staff');
  await post(g.session.session_token, 'messages/send', { message: 'Hi there' });
  await post(sarah.token, 'mark-read');
  await post(sarah.token, 'messages/send', { message: 'Hello from Sarah' });
  await post(g.session.session_token, 'mark-read');
  await post(mike.token, 'mark-unread'); // a colleague's mark-unread: Sarah keeps it (her own would release it)
  g.trigger(g.session.pusher_channel, 'client-typing', { typing: true });
  desk.release();
  await g.expect(g.session.pusher_channel, 'handler-presence');
  await post(mike.token, 'assign-staff');
  await post(g.session.session_token, 'messages/send', { message: 'Bye' });
  await g.expect(g.session.pusher_channel, 'new-message', (d) => d.message === 'Bye');
  await watcher.subscribe('marker'); // a round trip on the watcher's socket too
  return { g, watcher, convo };
}

describe('LEGACY_PUBLIC_CHANNELS=1', () => {
  it('publishes every guest event on the public room channel too, identically', async () => {
    const { g, watcher } = await conversation(legacy, 101);
    const privately = g.seen({ channel: channelOf.room(101) });
    const publicly = g.seen({ channel: channelOf.legacy(101) });
    assert.deepEqual(privately.map(describeEvent), [
      'staff-assigned Sarah Jones',
      'new-message guest: Hi there',
      'messages-read-by-staff Sarah Jones',
      'new-message staff: Hello from Sarah',
      'new-staff-message staff: Hello from Sarah',
      'handler-presence offline',
      'staff-assigned Mike Thompson',
      'new-message guest: Bye',
    ]);
    assert.deepEqual(publicly.map((s) => [s.event, s.data]), privately.map((s) => [s.event, s.data]));
    assert.deepEqual(Object.keys(publicly[0]!.data).sort(), ['conversation_id', 'profile_image', 'staff_id', 'staff_name', 'staff_role']);
    assert.deepEqual(watcher.seen({ channel: channelOf.legacy(101) }).map(describeEvent), privately.map(describeEvent), 'as the reference\'s frontend sees it, without a token');
    assert.deepEqual(watcher.seen().filter((s) => s.channel !== channelOf.legacy(101)), [], 'staff events stay private');
  });

  it('keeps the channel names in the initialize answer private', async () => {
    const r = await client(legacy.url).post('/chat/hotel-abc/guest-session/room/102/initialize/', undefined, { pin: '1234' });
    assert.equal(r.body.pusher_channel, channelOf.room(102));
  });
});

describe('without LEGACY_PUBLIC_CHANNELS', () => {
  it('publishes nothing on the public room channel', async () => {
    const { g, watcher } = await conversation(plain, 101);
    assert.equal(g.seen({ channel: channelOf.room(101) }).length, 8, 'the private channel had the whole conversation');
    assert.deepEqual(g.seen({ channel: channelOf.legacy(101) }), []);
    assert.deepEqual(watcher.seen(), []);
  });
});
