// The shared front desk through the real server and real pusher-js clients: duty, notes that
// never reach a guest, resolve, the alert ladder as events on the alerted staff's own channels,
// and who may call each endpoint.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { guest, login } from '../helpers/http.js';
import { TestClock } from '../helpers/domain.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { base, channelOf, Cleanup, client, guestTab, signIn, staffOnDuty, type Client } from '../helpers/chat.js';

const MIN = 60_000;
let server: TestServer;
let api: Client;
const clock = new TestClock(Date.now());
const cleanup = new Cleanup();
before(async () => {
  server = await startTestServer({ clock, alertPollMs: 3_600_000 });
  api = client(server.url);
});
after(async () => {
  await cleanup.run();
  await server.close();
});

describe('duty', () => {
  it('clocks in and out, tells the inbox, and a clock-out releases with the note Mike then sees', async () => {
    const [sarah, mike] = [await signIn(api, 'sarah'), await signIn(api, 'mike')];
    const mikeDesk = cleanup.participant(await staffOnDuty(server.url, mike));
    assert.equal((await api.post('/chat/hotel-abc/duty/', sarah.token, { on_duty: true })).status, 200);
    await mikeDesk.expect(channelOf.inbox(), 'staff-duty-changed', (d) => d.staff.name === 'Sarah Jones' && d.on_duty === true);
    const roster = await api.get('/chat/hotel-abc/duty/', mike.token);
    assert.deepEqual(roster.body.on_duty.map((s: any) => s.name), ['Sarah Jones']);
    assert.equal(roster.body.me_on_duty, false);

    const g = await guest(api, 102);
    await api.post(`${base}/${g.conversation_id}/assign-staff/`, sarah.token);
    const out = await api.post('/chat/hotel-abc/duty/', sarah.token, { on_duty: false, notes: [{ conversation_id: g.conversation_id, note: 'waiting for taxi confirmation' }] });
    assert.equal(out.status, 200);
    assert.deepEqual(out.body.released, [{ conversation_id: g.conversation_id, room_number: 102, note: 'waiting for taxi confirmation' }]);
    await mikeDesk.expect(channelOf.inbox(), 'staff-released', (d) => d.conversation_id === g.conversation_id && d.note === 'waiting for taxi confirmation');
    const row = (await api.get(`${base}/`, mike.token)).body.find((c: any) => c.conversation_id === g.conversation_id);
    assert.equal(row.needs_cover, true);
    assert.equal(row.handoff_note.note, 'waiting for taxi confirmation');
    assert.equal(row.handoff_note.by.name, 'Sarah Jones');
    const taken = await api.post(`${base}/${g.conversation_id}/assign-staff/`, mike.token);
    assert.equal(taken.body.previous_staff, null);
  });

  it('refuses bad duty input with 400 and changes nothing', async () => {
    const emma = await login(api, 'emma');
    for (const body of [{}, { on_duty: 'yes' }, { on_duty: false, note: 'x'.repeat(201) }, { on_duty: true, extra: 1 }, { on_duty: false, notes: [{ conversation_id: 0, note: 'x' }] }]) {
      assert.equal((await api.post('/chat/hotel-abc/duty/', emma, body)).status, 400, JSON.stringify(body).slice(0, 50));
    }
    assert.equal((await api.get('/chat/hotel-abc/duty/', emma)).body.me_on_duty, false);
  });
});

describe('notes between staff', () => {
  it('reach colleagues live and never the guest, on any channel or endpoint', async () => {
    const john = await signIn(api, 'john');
    const guestTab101 = cleanup.participant(await guestTab(server.url, 101));
    const id = guestTab101.session.conversation_id;
    const johnDesk = cleanup.participant(await staffOnDuty(server.url, john, [channelOf.conversation(id)]));
    const r = await api.post(`${base}/${id}/notes/`, john.token, { note: 'Guest is a regular: offer the late checkout <b>free</b>' });
    assert.equal(r.status, 201);
    assert.equal(r.body.author.name, 'John Smith');
    await johnDesk.expect(channelOf.conversation(id), 'internal-note-added', (d) => d.id === r.body.id);
    assert.deepEqual((await api.get(`${base}/${id}/notes/`, john.token)).body.map((n: any) => n.note), ['Guest is a regular: offer the late checkout <b>free</b>']);
    // The guest hears the next message but never the note.
    await api.post(`${base}/${id}/messages/send/`, john.token, { message: 'Hello from the desk' });
    await guestTab101.expect(channelOf.room(101), 'new-message', (d) => d.message === 'Hello from the desk');
    assert.ok(!JSON.stringify(guestTab101.log).includes('late checkout'));
    assert.equal((await api.get(`${base}/${id}/notes/`, guestTab101.session.session_token)).status, 403);
    assert.equal((await api.post(`${base}/${id}/notes/`, guestTab101.session.session_token, { note: 'I am staff' })).status, 403);
    const messages = await api.get(`${base}/${id}/messages/`, guestTab101.session.session_token);
    assert.ok(!JSON.stringify(messages.body).includes('late checkout'));
  });

  it('answers 400 to an empty, oversized or malformed note', async () => {
    const john = await login(api, 'john');
    const g = await guest(api, 103);
    for (const body of [{ note: '   ' }, { note: 'x'.repeat(2001) }, { note: 5 }, { text: 'x' }]) {
      assert.equal((await api.post(`${base}/${g.conversation_id}/notes/`, john, body)).status, 400, JSON.stringify(body).slice(0, 40));
    }
    assert.deepEqual((await api.get(`${base}/${g.conversation_id}/notes/`, john)).body, []);
  });
});

describe('resolve', () => {
  it('takes a conversation out of the queue until the guest writes again', async () => {
    const sarah = await login(api, 'sarah');
    const g = await guest(api, 104);
    await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, { message: 'Thanks, all good!' });
    const r = await api.post(`${base}/${g.conversation_id}/resolve/`, sarah);
    assert.equal(r.status, 200);
    assert.equal(r.body.resolved, true);
    const row = () => api.get(`${base}/`, sarah).then((x) => x.body.find((c: any) => c.conversation_id === g.conversation_id));
    assert.equal((await row()).resolved, true);
    await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, { message: 'One more thing…' });
    assert.equal((await row()).resolved, false, 'the guest wrote again');
    const events = server.events.filter((e) => e.name === 'conversation-resolved' && (e.data as any).conversation_id === g.conversation_id);
    assert.ok(events.length >= 2, 'conversation and inbox heard it');
  });
});

describe('alerts through the server', () => {
  it("alerts the handler on their own channel when the guest waits, then everyone on duty, and keeps the history", async () => {
    const emma = await signIn(api, 'emma');
    await api.post('/chat/hotel-abc/duty/', emma.token, { on_duty: true });
    const emmaDesk = cleanup.participant(await staffOnDuty(server.url, emma));
    const g = await guest(api, 105);
    await api.post(`${base}/${g.conversation_id}/assign-staff/`, emma.token);
    await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, { message: 'Room is too cold' });
    await server.alerts.tick();
    clock.advance(10 * MIN);
    await server.alerts.tick();
    const alert = await emmaDesk.expect(channelOf.staff(emma.staff.id), 'conversation-alert', (d) => d.conversation_id === g.conversation_id);
    assert.equal(alert.data.audience, 'handler');
    assert.equal(alert.data.kind, 'reply');
    assert.ok(alert.data.waited_seconds >= 600);
    const history = await api.get(`${base}/${g.conversation_id}/alerts/`, emma.token);
    assert.deepEqual(history.body.map((a: any) => a.audience), ['handler']);
    assert.equal((await api.get(`${base}/${g.conversation_id}/alerts/`, g.session_token)).status, 403);
  });
});

describe('alert times and VIP stays', () => {
  it('lets a manager set the hotel\'s alert times, and staff flag a stay VIP so its guest is answered sooner', async () => {
    const [manager, sarah] = [await login(api, 'manager'), await signIn(api, 'sarah')];
    assert.equal((await api.patch('/admin/hotel-abc/desk/settings/', sarah.token, { reply_alert_minutes: 5 })).status, 403, 'not a manager');
    for (const body of [{ reply_alert_minutes: 0 }, { reply_alert_minutes: 241 }, { reply_alert_minutes: 'soon' }, { other: 1 }]) {
      assert.equal((await api.patch('/admin/hotel-abc/desk/settings/', manager, body)).status, 400, JSON.stringify(body));
    }
    const set = await api.patch('/admin/hotel-abc/desk/settings/', manager, { vip_reply_alert_minutes: 2 });
    assert.deepEqual(set.body, { cover_alert_minutes: 5, reply_alert_minutes: 10, vip_reply_alert_minutes: 2, time_zone: 'UTC' });
    assert.deepEqual((await api.get('/chat/hotel-abc/desk/settings/', sarah.token)).body, set.body);

    const g = await guest(api, 103);
    assert.equal((await api.patch('/chat/hotel-abc/rooms/103/stay/', g.session_token, { vip: true })).status, 403, 'a guest cannot flag themselves');
    assert.equal((await api.patch('/chat/hotel-abc/rooms/110/stay/', sarah.token, { vip: true })).status, 404, 'an empty room');
    assert.deepEqual((await api.patch('/chat/hotel-abc/rooms/103/stay/', sarah.token, { vip: true })).body, { room_number: 103, vip: true });
    const desk = cleanup.participant(await staffOnDuty(server.url, sarah));
    await api.post(`${base}/${g.conversation_id}/assign-staff/`, sarah.token);
    await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, { message: 'The VIP needs a table for two' });
    await server.alerts.tick();
    clock.advance(2 * MIN);
    await server.alerts.tick();
    const alert = await desk.expect(channelOf.staff(sarah.staff.id), 'conversation-alert', (d) => d.conversation_id === g.conversation_id);
    assert.ok(alert.data.waited_seconds >= 120 && alert.data.waited_seconds < 600, 'two minutes, not ten');
    const row = (await api.get(`${base}/`, sarah.token)).body.find((c: any) => c.conversation_id === g.conversation_id);
    assert.equal(row.vip, true);
  });
});

describe('availability for the guest', () => {
  it('says how many are on duty and how fast the desk usually answers, to the hotel\'s guests and staff only', async () => {
    const g = await guest(api, 101);
    const r = await api.get('/chat/hotel-abc/desk/availability/', g.session_token);
    assert.equal(r.status, 200);
    assert.equal(typeof r.body.on_duty_count, 'number');
    assert.ok(r.body.typical_reply_minutes === null || r.body.typical_reply_minutes >= 1);
    assert.equal((await api.get('/chat/hotel-abc/desk/availability/')).status, 401);
    assert.equal((await api.get('/chat/hotel-xyz/desk/availability/', g.session_token)).status, 403);
    assert.equal((await api.get('/chat/hotel-abc/desk/availability/', await login(api, 'olga'))).status, 403);
  });
});

describe('who may use the desk endpoints', () => {
  it('staff of the hotel only: 401 without or with an ended sign-in, 403 to guests and other hotels, 404 for another hotel\'s conversation', async () => {
    const [g101, g102, gx] = [await guest(api, 101), await guest(api, 102), await guest(api, 201, 'hotel-xyz')];
    const [mike, olga] = [await login(api, 'mike'), await login(api, 'olga')];
    const out = await login(api, 'john');
    await api.post('/auth/logout/', out);
    const id = g101.conversation_id;
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/chat/hotel-abc/duty/'],
      ['POST', '/chat/hotel-abc/duty/', { on_duty: true }],
      ['GET', `${base}/${id}/notes/`],
      ['POST', `${base}/${id}/notes/`, { note: 'hello' }],
      ['POST', `${base}/${id}/resolve/`, { resolved: false }],
      ['GET', `${base}/${id}/alerts/`],
    ];
    for (const [method, path, body] of calls) {
      const as = (token?: string) => api.call(method, path, { token, body });
      assert.equal((await as()).status, 401, `${method} ${path} anonymous`);
      assert.equal((await as(out)).status, 401, `${method} ${path} signed out`);
      assert.equal((await as(g101.session_token)).status, 403, `${method} ${path} the right guest`);
      assert.equal((await as(g102.session_token)).status, 403, `${method} ${path} another room's guest`);
      assert.equal((await as(olga)).status, 403, `${method} ${path} another hotel's staff`);
      assert.ok([200, 201].includes((await as(mike)).status), `${method} ${path} staff`);
    }
    assert.equal((await api.get(`${base}/${gx.conversation_id}/notes/`, mike)).status, 404, "another hotel's conversation");
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => api.post(`${base}/${id}/notes/`, i % 2 ? g101.session_token : mike, { note: `burst ${i}` })));
    assert.equal(burst.filter((r) => r.status === 201).length, 15);
    assert.equal(burst.filter((r) => r.status === 403).length, 15);
  });
});
