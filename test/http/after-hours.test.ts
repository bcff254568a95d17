// After hours through the real server on a set clock: a guest message outside desk hours gets one
// automatic reply per closed period (a system message that changes neither the unread count nor
// the wait), in the guest's language, published like any message; the guest app can ask when the
// desk opens.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { channels } from '../../src/contract/channels.js';
import { channelOf, Cleanup, guestTab, signIn, staffOnDuty } from '../helpers/chat.js';
import { TestClock } from '../helpers/domain.js';
import { client, guest, type Client } from '../helpers/http.js';
import { OUTSIDERS, people, type People, type Who } from '../helpers/people.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

// Monday 30 November 2026, 23:30 UTC: Tuesday 00:30 in Berlin, where the desk opens at 07:00.
const clock = new TestClock(Date.parse('2026-11-30T23:30:00Z'));
const HOURS = { mon: { opens: '07:00', closes: '23:00' }, tue: { opens: '07:00', closes: '23:00' }, wed: { opens: '07:00', closes: '23:00' }, thu: { opens: '07:00', closes: '23:00' }, fri: { opens: '07:00', closes: '23:00' }, sat: { opens: '08:00', closes: '22:00' }, sun: null };
let server: TestServer;
let api: Client;
let p: People;
let manager: string;

const messagesOf = async (id: number, token: string) => (await api.get(`/chat/hotel-abc/conversations/${id}/messages/?limit=200`, token)).body as Array<{ sender_type: string; message: string; id: number }>;
const systemOf = async (id: number, token: string) => (await messagesOf(id, token)).filter((m) => m.sender_type === 'system');
const send = async (id: number, token: string, message: string) => {
  const r = await api.post(`/chat/hotel-abc/conversations/${id}/messages/send/`, token, { message });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
};
/** Checks a guest into the room and opens their chat. */
const arrive = async (room: number, name: string) => {
  const r = await api.post(`/admin/hotel-abc/rooms/${room}/check-in/`, manager, { guest_name: name });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return guest(api, room, 'hotel-abc', r.body.pin);
};
const summary = async (room: number) => ((await api.get('/chat/hotel-abc/conversations/', manager)).body as Array<{ room_number: number; unread_count: number; waiting_since: string | null }>).find((c) => c.room_number === room)!;

before(async () => {
  server = await startTestServer({ clock, alertPollMs: 3_600_000 });
  api = client(server.url);
  p = await people(api, 'ah');
  manager = p.tokens.manager!;
  assert.equal((await api.patch('/admin/hotel-abc/desk/settings/', manager, { time_zone: 'Europe/Berlin' })).status, 200);
  const s = await api.patch('/admin/hotel-abc/desk-day/settings/', manager, { desk_hours: HOURS, emergency_number: '+49 30 1234 5678' });
  assert.equal(s.status, 200, JSON.stringify(s.body));
});
const cleanup = new Cleanup();
after(async () => {
  await cleanup.run();
  await server.close();
});

describe('the automatic reply outside desk hours', () => {
  it('answers a burst of guest messages once, as a system message that leaves the unread count and the wait alone', async () => {
    const g = await guest(api, 105);
    const first = await send(g.conversation_id, g.session_token, 'Is the bar still open?');
    await waitFor(async () => (await systemOf(g.conversation_id, g.session_token)).length === 1, 'the automatic reply');
    await Promise.all(Array.from({ length: 8 }, (_, i) => send(g.conversation_id, g.session_token, `And another thing ${i}`)));
    // Each send queues its own check behind it on the conversation; one more send waits for them all.
    await send(g.conversation_id, g.session_token, 'Last one');
    const replies = await systemOf(g.conversation_id, g.session_token);
    assert.equal(replies.length, 1, 'one reply for the whole closed period');
    assert.equal(replies[0]!.message, 'Thank you for your message. Our front desk is closed right now; it opens Tuesday 07:00, and we will answer you then. In an emergency, please call +49 30 1234 5678.');
    const s = await summary(105);
    assert.equal(s.unread_count, 10, 'only the guest messages are unread');
    assert.equal(s.waiting_since, first.timestamp ?? first.message?.timestamp ?? s.waiting_since);
    assert.equal(new Date(s.waiting_since!).getTime(), clock.now().getTime(), 'the wait started with the first guest message and still runs');
    // Published like any message: to the guest's room and the conversation, never as a guest message to the inbox.
    const published = server.events.filter((e) => (e.data as { id?: number }).id === replies[0]!.id);
    assert.deepEqual(published.map((e) => `${e.name} ${e.channel}`).sort(), [
      `new-message ${channels.conversation('hotel-abc', g.conversation_id)}`,
      `new-message ${channels.room('hotel-abc', 105)}`,
    ]);
  });

  it('answers again in the next closed period, and not while the desk is open', async () => {
    const g = await arrive(106, 'Night Owl');
    await send(g.conversation_id, g.session_token, 'Night question');
    await waitFor(async () => (await systemOf(g.conversation_id, g.session_token)).length === 1, 'the first night reply');
    clock.advance(10 * 3600_000); // Tuesday 10:30 in Berlin: open
    await send(g.conversation_id, g.session_token, 'Morning question');
    await send(g.conversation_id, g.session_token, 'Another morning question');
    assert.equal((await systemOf(g.conversation_id, g.session_token)).length, 1, 'no reply while open');
    clock.advance(13 * 3600_000); // Tuesday 23:30: closed again until Wednesday 07:00
    await send(g.conversation_id, g.session_token, 'Late question');
    await waitFor(async () => (await systemOf(g.conversation_id, g.session_token)).length === 2, 'the second night reply');
    assert.match((await systemOf(g.conversation_id, g.session_token))[1]!.message, /opens Wednesday 07:00/);
  });

  it("replies in the guest's language, with the hotel's values filled", async () => {
    await api.patch('/admin/hotel-abc/desk-day/settings/', manager, {
      after_hours_texts: { en: 'Closed until {opens_at}. Emergency: {emergency_number}.', de: 'Hallo {guest_first_name}, die Rezeption öffnet {opens_at}. Notfall: {emergency_number}. {unknown_value}' },
    });
    const g = await arrive(107, 'Klaus Weber');
    assert.equal((await api.post('/chat/hotel-abc/guest-session/language/', g.session_token, { language: 'de' })).status, 200);
    await send(g.conversation_id, g.session_token, 'Hallo?');
    await waitFor(async () => (await systemOf(g.conversation_id, g.session_token)).length === 1, 'the German reply');
    const [reply] = await systemOf(g.conversation_id, g.session_token);
    assert.equal(reply!.message, 'Hallo Klaus, die Rezeption öffnet Mittwoch, 07:00. Notfall: +49 30 1234 5678. {unknown_value}');
    await api.patch('/admin/hotel-abc/desk-day/settings/', manager, { after_hours_texts: {} });
  });

  it('does not answer staff messages, nor any message when the hotel keeps no desk hours', async () => {
    const g = await arrive(108, 'Quiet Guest');
    await send(g.conversation_id, p.tokens.staff!, 'Good night from the desk');
    await send(g.conversation_id, p.tokens.staff!, 'Still here');
    assert.equal((await systemOf(g.conversation_id, g.session_token)).length, 0);
    await api.patch('/admin/hotel-abc/desk-day/settings/', manager, { desk_hours: null });
    await send(g.conversation_id, g.session_token, 'Hello?');
    await send(g.conversation_id, g.session_token, 'Anyone?');
    assert.equal((await systemOf(g.conversation_id, g.session_token)).length, 0);
    await api.patch('/admin/hotel-abc/desk-day/settings/', manager, { desk_hours: HOURS });
  });
});

describe('the automatic reply, as pusher-js clients hear it', () => {
  it("reaches the guest's tab as a new message, and never reaches the inbox as a guest message", async () => {
    const checkIn = await api.post('/admin/hotel-abc/rooms/109/check-in/', manager, { guest_name: 'Live Listener' });
    const tab = cleanup.participant(await guestTab(server.url, 109, { pin: checkIn.body.pin }));
    const desk = cleanup.participant(await staffOnDuty(server.url, await signIn(api, 'emma')));
    await send(tab.session.conversation_id, tab.session.session_token, 'Anyone at the desk?');
    const auto = await tab.expect(channelOf.room(109), 'new-message', (d) => d.sender_type === 'system');
    assert.match(auto.data.message, /front desk is closed right now/);
    await desk.expect(channelOf.inbox(), 'new-guest-message', (d) => d.message === 'Anyone at the desk?');
    // One more send: every check it queued has run and been published by the time it returns.
    await send(tab.session.conversation_id, tab.session.session_token, 'Hello?');
    await desk.expect(channelOf.inbox(), 'new-guest-message', (d) => d.message === 'Hello?');
    assert.equal(desk.seen({ event: 'new-guest-message' }).filter((e) => e.data.sender_type === 'system').length, 0);
    assert.equal(tab.seen({ event: 'new-message' }).filter((e) => e.data.sender_type === 'system').length, 1, 'once for the closed period');
  });
});

describe('when the desk opens, as the guest app asks', () => {
  it('says closed now and when it opens, on the hotel clock', async () => {
    const r = await api.get('/chat/hotel-abc/desk/hours/', p.tokens.guest);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.hours_set, true);
    assert.equal(r.body.open_now, false);
    // The clock stands at Tuesday 23:30 in Berlin now (the tests above moved it).
    assert.equal(r.body.opens_at, '2026-12-02T06:00:00.000Z');
    assert.equal(r.body.time_zone, 'Europe/Berlin');
    assert.equal(r.body.emergency_number, '+49 30 1234 5678');
    clock.advance(8 * 3600_000);
    const open = (await api.get('/chat/hotel-abc/desk/hours/', p.tokens.guest)).body;
    assert.equal(open.open_now, true);
    assert.equal(open.closes_at, '2026-12-02T22:00:00.000Z');
  });

  it('answers by who asks', async () => {
    const expect: Partial<Record<Who, number>> = { ...OUTSIDERS, guest: 200, otherRoomGuest: 200, staff: 200, manager: 200 };
    for (const [who, status] of Object.entries(expect)) {
      const r = await api.get('/chat/hotel-abc/desk/hours/', p.tokens[who as Who]);
      assert.equal(r.status, status, `${who} → ${r.status}`);
    }
  });

  it('refuses desk hours that make no sense, and keeps the ones set', async () => {
    const bad: unknown[] = [
      { desk_hours: { mon: { opens: '25:00', closes: '26:00' } } },
      { desk_hours: { mon: { opens: '10:00', closes: '09:00' } } },
      { desk_hours: { mon: { opens: '24:00', closes: '24:00' } } },
      { desk_hours: { funday: { opens: '10:00', closes: '11:00' } } },
      { desk_hours: { mon: null, tue: null } },
      { desk_hours: 'always' },
      { emergency_number: 'call <script>' },
      { default_language: '!!' },
      { after_hours_texts: { en: 'x'.repeat(1001) } },
      { placeholder_values: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`v${i}`, 'x'])) },
    ];
    for (const body of bad) {
      const r = await api.patch('/admin/hotel-abc/desk-day/settings/', manager, body);
      assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 60)} → ${r.status} ${JSON.stringify(r.body)}`);
      assert.equal(typeof r.body.error, 'string');
    }
    assert.deepEqual((await api.get('/admin/hotel-abc/desk-day/settings/', manager)).body.desk_hours, HOURS);
    assert.equal((await api.patch('/admin/hotel-abc/desk-day/settings/', p.tokens.staff, { desk_hours: null })).status, 403);
    assert.equal((await api.patch('/admin/hotel-xyz/desk-day/settings/', manager, { desk_hours: null })).status, 403);
    assert.equal((await api.patch('/admin/hotel-abc/desk-day/settings/', p.tokens.guest, { desk_hours: null })).status, 403);
  });
});
