// The reference's handoff flow and its three scenarios, over the real HTTP API and database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, guest, login, type Client } from '../helpers/http.js';
import { startTestServer, type TestServer, payload } from '../helpers/server.js';

let server: TestServer;
let api: Client;
const tokens: Record<string, string> = {};

before(async () => {
  server = await startTestServer();
  api = client(server.url);
  for (const name of ['sarah', 'mike', 'john', 'emma']) tokens[name] = await login(api, name);
});
after(() => server.close());

const base = '/chat/hotel-abc/conversations';
const eventsFor = (convo: number, name: string) =>
  server.events.filter((e) => e.name === name && (e.data as { conversation_id?: number }).conversation_id === convo);

describe('the reference curl commands, verbatim', () => {
  it('answers "Test Staff Assignment" and "Test Message Send" on conversation 123 with the reference shapes', async () => {
    const own = await startTestServer();
    try {
      const api1 = client(own.url);
      const token = await login(api1, 'sarah');
      const g = await guest(api1, 101);
      assert.equal(g.conversation_id, 123, "the demo numbers room 101's chat as the reference does");
      const assign = await api1.call('POST', '/chat/hotel-abc/conversations/123/assign-staff/', { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(assign.status, 200);
      assert.deepEqual(assign.body, {
        conversation_id: 123,
        assigned_staff: { id: assign.body.assigned_staff.id, name: 'Sarah Jones', role: 'Receptionist', profile_image: null },
        sessions_updated: 1,
        room_number: 101,
        previous_staff: null,
        changed: true,
      });
      const send = await api1.call('POST', '/chat/hotel-abc/conversations/123/messages/send/', {
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        raw: '{"message": "Hello from staff"}',
      });
      assert.equal(send.status, 201);
      const m = send.body.message;
      assert.equal(m.conversation, 123);
      assert.equal(m.room_number, 101);
      assert.equal(m.sender_type, 'staff');
      assert.equal(m.staff_name, 'Sarah Jones');
      assert.equal(m.staff_display_name, 'Sarah Jones');
      assert.equal(m.staff_role_name, 'Receptionist');
      assert.deepEqual(m.staff_info, { id: m.staff, name: 'Sarah Jones', role: 'Receptionist', profile_image: null });
      assert.equal(m.message, 'Hello from staff');
      assert.equal(m.status, 'delivered');
      assert.match(m.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(send.body.staff_info, m.staff_info);
    } finally {
      await own.close();
    }
  });

  it('makes a staff sender the handler (auto-assignment)', async () => {
    const g = await guest(api, 104);
    const r = await api.post(`${base}/${g.conversation_id}/messages/send/`, tokens.mike, { message: 'Hello from staff' });
    assert.equal(r.status, 201);
    const list = await api.get(base + '/', tokens.sarah);
    assert.equal(list.body.find((c: any) => c.conversation_id === g.conversation_id).current_handler.name, 'Mike Thompson');
  });
});

describe('scenario 1: shift change', () => {
  it('hands the conversation from Sarah to Mike and keeps both in the history', async () => {
    const g = await guest(api, 101);
    const id = g.conversation_id;
    const first = await api.post(`${base}/${id}/assign-staff/`, tokens.sarah);
    assert.equal(first.body.assigned_staff.name, 'Sarah Jones');
    const second = await api.post(`${base}/${id}/assign-staff/`, tokens.mike);
    assert.equal(second.body.assigned_staff.name, 'Mike Thompson');
    assert.equal(second.body.previous_staff.name, 'Sarah Jones');
    assert.equal(second.body.changed, true);

    const history = await api.get(`${base}/${id}/assignments/`, tokens.emma);
    assert.equal(history.status, 200);
    assert.deepEqual(history.body.map((h: any) => [h.staff.name, h.previous_staff?.name ?? null, h.reason]), [
      ['Sarah Jones', null, 'opened'],
      ['Mike Thompson', 'Sarah Jones', 'opened'],
    ]);
    const guestEvents = eventsFor(id, 'staff-assigned').filter((e) => e.channel === 'private-hotel-abc-room-101-chat');
    assert.deepEqual(guestEvents.map((e) => payload(e).staff_name), ['Sarah Jones', 'Mike Thompson']);
    assert.deepEqual(Object.keys(guestEvents[1]!.data as object).sort(), ['conversation_id', 'profile_image', 'staff_id', 'staff_name', 'staff_role']);
    assert.equal(payload(guestEvents[1]!).staff_role, 'Night Receptionist');

    const validate = await api.get(`/chat/guest-session/${g.session_token}/validate/`);
    assert.equal(validate.body.current_staff_handler.name, 'Mike Thompson');
  });

  it('changes nothing and emits nothing when the current handler opens it again', async () => {
    const g = await guest(api, 102);
    await api.post(`${base}/${g.conversation_id}/assign-staff/`, tokens.john);
    const before = server.events.length;
    const again = await api.post(`${base}/${g.conversation_id}/assign-staff/`, tokens.john);
    assert.equal(again.body.changed, false);
    assert.equal(again.body.sessions_updated, 0);
    assert.equal(again.body.previous_staff.name, 'John Smith');
    assert.equal(server.events.length, before);
    const history = await api.get(`${base}/${g.conversation_id}/assignments/`, tokens.john);
    assert.equal(history.body.length, 1);
  });
});

describe('scenario 2: lunch cover', () => {
  it('releases the conversation when John, its handler, marks it unread; Emma takes it from nobody, and the badge stays until someone reads', async () => {
    const g = await guest(api, 103);
    const id = g.conversation_id;
    await api.post(`${base}/${id}/messages/send/`, g.session_token, { message: 'Can I get extra towels?' });
    await api.post(`${base}/${id}/assign-staff/`, tokens.john);
    await api.post(`${base}/${id}/mark-read/`, tokens.john);
    let badge = await api.get(`${base}/unread-count/`, tokens.emma);
    assert.equal(badge.body.rooms.some((r: any) => r.conversation_id === id), false);

    const unread = await api.post(`${base}/${id}/mark-unread/`, tokens.john);
    assert.equal(unread.status, 200);
    assert.equal(unread.body.has_unread, true);
    assert.equal(unread.body.conversation_id, id);
    assert.equal(unread.body.released, true, 'marked unread by its handler: released to the team');
    for (const who of ['emma', 'mike', 'sarah']) {
      badge = await api.get(`${base}/unread-count/`, tokens[who]);
      assert.deepEqual(badge.body.rooms.find((r: any) => r.conversation_id === id), { conversation_id: id, room_number: 103, unread_count: 1 });
    }
    // Once for the guest's message, once for the mark-unread; each on the conversation and the inbox.
    assert.deepEqual(eventsFor(id, 'conversation-unread').map((e) => payload(e).unread_count), [1, 1, 1, 1]);
    assert.equal(eventsFor(id, 'staff-released').length, 3, 'room, conversation and inbox hear that nobody handles it');
    const summary = (await api.get(`${base}/`, tokens.emma)).body.find((c: any) => c.conversation_id === id);
    assert.equal(summary.current_handler, null);
    assert.equal(summary.needs_cover, true);
    assert.equal(summary.handoff_note.note, 'Marked unread');

    const emma = await api.post(`${base}/${id}/assign-staff/`, tokens.emma);
    assert.equal(emma.body.assigned_staff.name, 'Emma Brown');
    assert.equal(emma.body.previous_staff, null, 'Emma takes it from nobody: no take-over');
    badge = await api.get(`${base}/unread-count/`, tokens.john);
    assert.ok(badge.body.rooms.some((r: any) => r.conversation_id === id), 'opening alone does not read it');

    await api.post(`${base}/${id}/mark-read/`, tokens.emma);
    badge = await api.get(`${base}/unread-count/`, tokens.john);
    assert.equal(badge.body.rooms.some((r: any) => r.conversation_id === id), false);
    const guestEvent = server.events.filter((e) => e.channel === 'private-hotel-abc-room-103-chat' && e.name === 'staff-assigned').at(-1);
    assert.equal(payload(guestEvent!).staff_name, 'Emma Brown');
  });
});

describe('scenario 3: three receptionists', () => {
  it('shows a guest message as unread to all three, assigns Sarah who clicks first, and clears the badge for all on one read', async () => {
    const fresh = await startTestServer();
    try {
      const api3 = client(fresh.url);
      const t = { sarah: await login(api3, 'sarah'), john: await login(api3, 'john'), mike: await login(api3, 'mike') };
      const g = await guest(api3, 101);
      const id = g.conversation_id;
      const sent = await api3.post(`${base}/${id}/messages/send/`, g.session_token, { message: 'Is breakfast included?' });
      assert.equal(sent.status, 201);
      const inbox = fresh.events.filter((e) => e.name === 'new-guest-message');
      assert.deepEqual(inbox.map((e) => e.channel), ['private-hotel-abc-staff-inbox']);

      for (const who of Object.values(t)) {
        const badge = await api3.get(`${base}/unread-count/`, who);
        assert.equal(badge.body.unread_count, 1);
        assert.deepEqual(badge.body.rooms, [{ conversation_id: id, room_number: 101, unread_count: 1 }]);
        const list = await api3.get(`${base}/`, who);
        const row = list.body.find((c: any) => c.conversation_id === id);
        assert.equal(row.has_unread, true);
        assert.equal(row.last_message, 'Is breakfast included?');
      }
      await api3.post(`${base}/${id}/assign-staff/`, t.sarah);
      for (const who of [t.john, t.mike]) {
        const msgs = await api3.get(`${base}/${id}/messages/`, who);
        assert.equal(msgs.status, 200);
        assert.equal(msgs.body[0].message, 'Is breakfast included?');
        const list = await api3.get(`${base}/`, who);
        assert.equal(list.body.find((c: any) => c.conversation_id === id).current_handler.name, 'Sarah Jones');
      }
      const read = await api3.post(`${base}/${id}/mark-read/`, t.mike);
      assert.equal(read.body.marked_as_read, 1);
      for (const who of Object.values(t)) {
        const badge = await api3.get(`${base}/unread-count/`, who);
        assert.equal(badge.body.unread_count, 0);
      }
      const msgs = await api3.get(`${base}/${id}/messages/`, g.session_token);
      assert.equal(msgs.body[0].read_by_staff, true);
      assert.equal(msgs.body[0].status, 'read');
      const byStaff = fresh.events.find((e) => e.name === 'messages-read-by-staff');
      assert.deepEqual(payload(byStaff!).message_ids, [msgs.body[0].id]);
      assert.equal(payload(byStaff!).staff_name, 'Mike Thompson');
      // the handler stays Sarah: reading is not handling
      const list = await api3.get(`${base}/`, t.john);
      assert.equal(list.body.find((c: any) => c.conversation_id === id).current_handler.name, 'Sarah Jones');
    } finally {
      await fresh.close();
    }
  });
});

describe('replying', () => {
  it('makes the replying staff member the handler, with reason "replied", before the message event', async () => {
    const g = await guest(api, 104);
    const id = g.conversation_id;
    await api.post(`${base}/${id}/assign-staff/`, tokens.sarah);
    const mark = server.events.length;
    await api.post(`${base}/${id}/messages/send/`, tokens.emma, { message: 'Emma here' });
    const names = server.events.slice(mark).filter((e) => e.channel === 'private-hotel-abc-room-104-chat').map((e) => e.name);
    assert.deepEqual(names, ['staff-assigned', 'new-message', 'new-staff-message']);
    const history = await api.get(`${base}/${id}/assignments/`, tokens.sarah);
    assert.deepEqual(history.body.at(-1).reason, 'replied');
    assert.equal(history.body.at(-1).staff.name, 'Emma Brown');
  });
});
