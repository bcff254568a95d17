// Release to the team, end to end: the HTTP answer, the history, what every pusher-js client
// hears, who may do it, and what bad input and a burst get.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { guest, login } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { base, channelOf, Cleanup, client, guestTab, signIn, staffOnDuty, waitFor, type Client, type GuestTab, type Participant } from '../helpers/chat.js';

let server: TestServer;
let api: Client;
const cleanup = new Cleanup();
before(async () => {
  server = await startTestServer();
  api = client(server.url);
});
after(async () => {
  await cleanup.run();
  await server.close();
});

const release = (id: number, token: string | undefined, body?: unknown) => api.post(`${base}/${id}/release/`, token, body);

describe('release to the team', () => {
  let john: Awaited<ReturnType<typeof signIn>>;
  let emma: Awaited<ReturnType<typeof signIn>>;
  let emmaDesk: Participant;
  let guest102: GuestTab;
  before(async () => {
    [john, emma] = [await signIn(api, 'john'), await signIn(api, 'emma')];
    guest102 = cleanup.participant(await guestTab(server.url, 102));
    emmaDesk = cleanup.participant(await staffOnDuty(server.url, emma, [channelOf.conversation(guest102.session.conversation_id)]));
  });

  it('leaves nobody handling it, unread for everyone, told to the guest without the reason and to staff with it', async () => {
    const id = guest102.session.conversation_id;
    assert.equal((await api.post(`${base}/${id}/messages/send/`, guest102.session.session_token, { message: 'Could I get a taxi at 6?' })).status, 201);
    assert.equal((await api.post(`${base}/${id}/messages/send/`, john.token, { message: 'Of course, booking it now.' })).status, 201);
    assert.equal((await api.post(`${base}/${id}/mark-read/`, john.token)).status, 200);

    const r = await release(id, john.token, { reason: 'On break' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      conversation_id: id,
      room_number: 102,
      released: true,
      previous_staff: { id: john.staff.id, name: 'John Smith', role: 'Receptionist', profile_image: null },
      reason: 'On break',
      has_unread: true,
      unread_count: 1,
    });

    const toGuest = await guest102.expect(channelOf.room(102), 'staff-released');
    assert.deepEqual(Object.keys(toGuest.data).sort(), ['conversation_id', 'previous_staff_id', 'previous_staff_name', 'released_at']);
    assert.equal(toGuest.data.previous_staff_name, 'John Smith');
    assert.ok(!JSON.stringify(guest102.log).includes('On break'), 'the reason is for colleagues only');
    const onInbox = await emmaDesk.expect(channelOf.inbox(), 'staff-released', (d) => d.conversation_id === id);
    assert.equal(onInbox.data.note, 'On break');
    assert.equal(onInbox.data.previous_staff.name, 'John Smith');
    await emmaDesk.expect(channelOf.conversation(id), 'staff-released');
    await emmaDesk.expect(channelOf.inbox(), 'conversation-unread', (d) => d.conversation_id === id && d.unread_count === 1);
    assert.equal(emmaDesk.seen({ event: 'staff-assigned', conversation: id }).filter((s) => s.data.staff === null).length, 0, 'staff-assigned never carries nobody');

    const inbox = (await api.get(`${base}/`, emma.token)).body as Array<{ conversation_id: number; current_handler: unknown; unread_count: number }>;
    const row = inbox.find((c) => c.conversation_id === id);
    assert.equal(row?.current_handler, null);
    assert.equal(row?.unread_count, 1);
    const g = await api.get(`/chat/guest-session/${guest102.session.session_token}/validate/`);
    assert.equal(g.body.current_staff_handler, null);

    const history = (await api.get(`${base}/${id}/assignments/`, emma.token)).body as Array<Record<string, any>>;
    assert.deepEqual(history.map((h) => [h.staff?.name ?? null, h.previous_staff?.name ?? null, h.reason, h.note]), [
      ['John Smith', null, 'replied', null],
      [null, 'John Smith', 'released', 'On break'],
    ]);
  });

  it('lets the next person open it from nobody, and John take it back when he returns', async () => {
    const id = guest102.session.conversation_id;
    const taken = await api.post(`${base}/${id}/assign-staff/`, emma.token);
    assert.equal(taken.status, 200);
    assert.equal(taken.body.changed, true);
    assert.equal(taken.body.previous_staff, null);
    await guest102.expect(channelOf.room(102), 'staff-assigned', (d) => d.staff_name === 'Emma Brown');
    const back = await api.post(`${base}/${id}/assign-staff/`, john.token);
    assert.equal(back.body.previous_staff.name, 'Emma Brown');
  });

  it('changes nothing when nobody handles it, and refuses a checked-out stay with 409', async () => {
    const g = await guest(api, 105);
    const first = await release(g.conversation_id, emma.token);
    assert.equal(first.status, 200);
    assert.equal(first.body.released, false);
    const manager = await login(api, 'manager');
    await api.post(`${base}/${g.conversation_id}/assign-staff/`, emma.token);
    assert.equal((await api.post('/admin/hotel-abc/rooms/105/check-out/', manager)).status, 200);
    const mark = server.events.length;
    const closed = await release(g.conversation_id, emma.token);
    assert.equal(closed.status, 409);
    assert.equal(server.events.length, mark, 'nothing published');
    const history = (await api.get(`${base}/${g.conversation_id}/assignments/`, emma.token)).body as unknown[];
    assert.equal(history.length, 1, 'nothing recorded');
  });

  it('answers 400 to a bad reason and stores nothing', async () => {
    const g = await guest(api, 104);
    await api.post(`${base}/${g.conversation_id}/assign-staff/`, john.token);
    for (const body of [{ reason: 'x'.repeat(201) }, { reason: 12 }, { reason: 'ok', extra: true }, { reason: 'nul\u0000here' }]) {
      const r = await release(g.conversation_id, john.token, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 40));
      assert.equal(r.body.code, 'invalid_request');
    }
    const raw = await api.call('POST', `${base}/${g.conversation_id}/release/`, { token: john.token, raw: '{"reason": ' });
    assert.equal(raw.status, 400);
    const history = (await api.get(`${base}/${g.conversation_id}/assignments/`, john.token)).body as Array<{ reason: string }>;
    assert.deepEqual(history.map((h) => h.reason), ['opened'], 'no release was recorded');
  });

  it('agrees with the history under a burst of releases and openings: one event per change, in history order', async () => {
    const g = await guest(api, 103);
    const id = g.conversation_id;
    const tokens = [john.token, emma.token, await login(api, 'sarah'), await login(api, 'mike')];
    const mark = server.events.length;
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? release(id, tokens[i % 4]) : api.post(`${base}/${id}/assign-staff/`, tokens[i % 4]))),
    );
    assert.ok(answers.every((a) => a.status === 200), JSON.stringify(answers.map((a) => a.status)));
    const history = (await api.get(`${base}/${id}/assignments/`, john.token)).body as Array<{ staff: { id: number } | null; reason: string }>;
    const seen = server.events
      .slice(mark)
      .filter((e) => e.channel === channelOf.inbox() && (e.name === 'staff-released' || e.name === 'staff-assigned') && (e.data as { conversation_id: number }).conversation_id === id)
      .map((e) => (e.name === 'staff-released' ? 'nobody' : String((e.data as { staff: { id: number } }).staff.id)));
    assert.deepEqual(seen, history.map((h) => (h.staff === null ? 'nobody' : String(h.staff.id))));
    assert.equal(answers.filter((a) => a.body.released === true || a.body.changed === true).length, history.length);
  });
});

describe('who may release', () => {
  it('staff of the hotel only: 401 anonymous or signed out or deactivated, 403 guests and other hotels, 404 another hotel\'s id', async () => {
    const g101 = await guest(api, 101);
    const g102 = await guest(api, 102);
    const id = g101.conversation_id;
    const olga = await login(api, 'olga');
    const manager = await login(api, 'manager');
    const emmaToken = await login(api, 'emma');
    assert.equal((await release(id, undefined)).status, 401);
    assert.equal((await release(id, 'cst_not-a-token')).status, 401);
    assert.equal((await release(id, g101.session_token)).status, 403, 'the right guest is not staff');
    assert.equal((await release(id, g102.session_token)).status, 403, "another room's guest");
    assert.equal((await release(id, olga)).status, 403, "another hotel's staff on this hotel's path");
    const xyz = await guest(api, 201, 'hotel-xyz');
    assert.equal((await api.post(`/chat/hotel-abc/conversations/${xyz.conversation_id}/release/`, emmaToken)).status, 404, "another hotel's conversation");
    assert.equal((await release(id, emmaToken)).status, 200);

    const out = await login(api, 'sarah');
    assert.equal((await api.post('/auth/logout/', out)).status, 204);
    assert.equal((await release(id, out)).status, 401, 'signed out');
    const john = await signIn(api, 'john');
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${john.staff.id}/`, manager, { is_active: false })).status, 200);
    assert.equal((await release(id, john.token)).status, 401, 'deactivated');
    await api.patch(`/admin/hotel-abc/staff/${john.staff.id}/`, manager, { is_active: true });
  });

  it('survives a burst of concurrent anonymous and guest calls with 401/403 and changes nothing', async () => {
    const g = await guest(api, 101);
    const sarah = await login(api, 'sarah');
    await api.post(`${base}/${g.conversation_id}/assign-staff/`, sarah);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => release(g.conversation_id, i % 2 ? g.session_token : undefined)));
    assert.deepEqual([...new Set(answers.map((a) => a.status))].sort(), [401, 403]);
    const summary = ((await api.get(`${base}/`, sarah)).body as Array<{ conversation_id: number; current_handler: { name: string } | null }>).find((c) => c.conversation_id === g.conversation_id);
    assert.equal(summary?.current_handler?.name, 'Sarah Jones');
  });
});

// Keep the reference to waitFor used so a failing wait shows what it waited for.
void waitFor;
