// Sending, paging, idempotency, read receipts and unread counts, through the real server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, guest, login, type Client } from '../helpers/http.js';
import { startTestServer, type TestServer, payload } from '../helpers/server.js';

let server: TestServer;
let api: Client;
let sarah: string;
let g: Awaited<ReturnType<typeof guest>>;
const base = '/chat/hotel-abc/conversations';

before(async () => {
  server = await startTestServer();
  api = client(server.url);
  sarah = await login(api, 'sarah');
  g = await guest(api, 101);
});
after(() => server.close());

describe('sending', () => {
  it('stores a guest message and answers 201 with the full Message shape', async () => {
    const r = await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, { message: '  Hi, the wifi is down  ', client_message_id: 'c-1' });
    assert.equal(r.status, 201);
    const m = r.body.message;
    assert.deepEqual(Object.keys(m).sort(), [
      'client_message_id', 'conversation', 'delivered_at', 'guest_name', 'guest_read_at', 'id', 'message', 'read_by_guest', 'read_by_staff', 'room',
      'room_number', 'sender_type', 'staff', 'staff_display_name', 'staff_info', 'staff_name', 'staff_read_at', 'staff_role_name', 'status', 'timestamp',
    ]);
    assert.equal(m.message, 'Hi, the wifi is down');
    assert.equal(m.sender_type, 'guest');
    assert.equal(m.guest_name, 'John Doe');
    assert.equal(m.staff, null);
    assert.equal(m.staff_info, null);
    assert.equal(m.client_message_id, 'c-1');
    assert.equal(r.body.staff_info, undefined);
    assert.equal(r.body.duplicate, false);
    const channels = server.events.filter((e) => payload(e).id === m.id).map((e) => `${e.name}@${e.channel}`);
    assert.deepEqual(channels.sort(), [
      'new-guest-message@private-hotel-abc-staff-inbox',
      'new-message@private-hotel-abc-conversation-' + g.conversation_id + '-chat',
      'new-message@private-hotel-abc-room-101-chat',
    ]);
  });

  it('returns the original message for a repeated client_message_id and creates nothing', async () => {
    const before = (await api.get(`${base}/${g.conversation_id}/messages/`, sarah)).body.length;
    const eventsBefore = server.events.length;
    const r = await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, { message: 'different text', client_message_id: 'c-1' });
    assert.equal(r.status, 201);
    assert.equal(r.body.duplicate, true);
    assert.equal(r.body.message.message, 'Hi, the wifi is down');
    assert.equal((await api.get(`${base}/${g.conversation_id}/messages/`, sarah)).body.length, before);
    assert.equal(server.events.length, eventsBefore);
  });

  it('sends a staff message to the handler channel of the guest and marks it read when the guest reads', async () => {
    await api.post(`${base}/${g.conversation_id}/assign-staff/`, sarah);
    const guestMsg = await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, { message: 'still there?' });
    const handlerId = (await api.get('/auth/me/', sarah)).body.id;
    assert.ok(server.events.some((e) => e.channel === `private-hotel-abc-staff-${handlerId}-chat` && payload(e).id === guestMsg.body.message.id));
    const staffMsg = await api.post(`${base}/${g.conversation_id}/messages/send/`, sarah, { message: 'Resetting the router now' });
    assert.equal(staffMsg.body.message.read_by_guest, false);
    const unread = await api.get(`/chat/guest-session/${g.session_token}/unread-count/`);
    assert.equal(unread.status, 200);
    assert.equal(unread.body.unread_count, 1);
    assert.equal(unread.body.latest_message.message, 'Resetting the router now');
    const read = await api.post(`${base}/${g.conversation_id}/mark-read/`, g.session_token);
    assert.deepEqual(read.body, { conversation_id: g.conversation_id, marked_as_read: 1, message_ids: [staffMsg.body.message.id] });
    const after = await api.get(`/chat/guest-session/${g.session_token}/unread-count/`);
    assert.equal(after.body.unread_count, 0);
    const receipt = server.events.find((e) => e.name === 'messages-read-by-guest');
    assert.equal(receipt!.channel, `private-hotel-abc-conversation-${g.conversation_id}-chat`);
    assert.deepEqual(payload(receipt!).message_ids, [staffMsg.body.message.id]);
    assert.equal(payload(receipt!).room_number, 101);
    const msgs = await api.get(`${base}/${g.conversation_id}/messages/`, sarah);
    const stored = msgs.body.find((m: any) => m.id === staffMsg.body.message.id);
    assert.equal(stored.read_by_guest, true);
    assert.equal(stored.status, 'read');
    assert.ok(stored.guest_read_at);
  });

  it('rejects empty, whitespace-only, over-long and wrongly typed messages with 400 and stores nothing', async () => {
    const count = async () => (await api.get(`${base}/${g.conversation_id}/messages/?limit=200`, sarah)).body.length;
    const before = await count();
    for (const body of [{ message: '' }, { message: '    ' }, { message: 'x'.repeat(4001) }, { message: 12345 }, { text: 'hi' }, { message: 'hi', extra: true }, []]) {
      const r = await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal(r.body.code, 'invalid_request');
      assert.equal(typeof r.body.error, 'string');
    }
    const ok = await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, { message: 'x'.repeat(4000) });
    assert.equal(ok.status, 201);
    assert.equal(await count(), before + 1);
  });

  it('answers malformed JSON with 400 and an oversized body with 413, as JSON', async () => {
    const bad = await api.call('POST', `${base}/${g.conversation_id}/messages/send/`, { token: g.session_token, raw: '{"message": "hi"' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, { error: 'The request body is not valid JSON.', code: 'invalid_request' });
    const huge = await api.call('POST', `${base}/${g.conversation_id}/messages/send/`, { token: g.session_token, raw: JSON.stringify({ message: 'x'.repeat(200_000) }) });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.code, 'too_large');
  });

  it('keeps emoji and markup exactly as sent', async () => {
    const text = '<script>alert(1)</script> 🛎️ Zimmer frei? 日本語';
    const r = await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, { message: text });
    assert.equal(r.body.message.message, text);
  });
});

describe('paging', () => {
  it('returns messages oldest first, limited, and pages backwards with before_id', async () => {
    const fresh = await guest(api, 102);
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await api.post(`${base}/${fresh.conversation_id}/messages/send/`, fresh.session_token, { message: `m${i}` })).body.message.id);
    }
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'ids increase in the order messages are stored');
    const last3 = await api.get(`${base}/${fresh.conversation_id}/messages/?limit=3`, sarah);
    assert.deepEqual(last3.body.map((m: any) => m.message), ['m4', 'm5', 'm6']);
    const prev = await api.get(`${base}/${fresh.conversation_id}/messages/?limit=3&before_id=${last3.body[0].id}`, sarah);
    assert.deepEqual(prev.body.map((m: any) => m.message), ['m1', 'm2', 'm3']);
    const all = await api.get(`${base}/${fresh.conversation_id}/messages/`, fresh.session_token);
    assert.equal(all.body.length, 7);
    for (const q of ['limit=0', 'limit=201', 'limit=abc', 'before_id=-1', 'other=1']) {
      const r = await api.get(`${base}/${fresh.conversation_id}/messages/?${q}`, sarah);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.code, 'invalid_request');
    }
  });
});

describe('conversation list', () => {
  it('lists every open conversation of a checked-in stay, most recent activity first, with unread counts', async () => {
    const list = await api.get(`${base}/`, sarah);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((c: any) => c.room_number).sort(), [101, 102, 103, 104, 105]);
    const times = list.body.map((c: any) => Date.parse(c.last_activity));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const quiet = list.body.find((c: any) => c.room_number === 103);
    assert.deepEqual(
      { ...quiet, conversation_id: 0, last_activity: '' },
      {
        conversation_id: 0, room_number: 103, guest_name: quiet.guest_name, last_message: null, last_message_time: null, last_activity: '', has_unread: false,
        unread_count: 0, current_handler: null, last_sender_type: null, last_sender: null, waiting_since: null, needs_cover: false, handoff_note: null,
        resolved: false, resolved_at: null, last_read: null, unread_by_me: false, vip: false,
      },
    );
    const room102 = list.body.find((c: any) => c.room_number === 102);
    assert.equal(room102.unread_count, 7);
    assert.equal(room102.last_message, 'm6');
    assert.equal(room102.last_sender_type, 'guest');
    assert.ok(room102.waiting_since <= room102.last_message_time, 'the guest waits since their first unanswered message');
    assert.equal(room102.unread_by_me, true);
  });

  it('answers 409 to mark-unread when the guest has not written yet', async () => {
    const quiet = (await api.get(`${base}/`, sarah)).body.find((c: any) => c.room_number === 103);
    const r = await api.post(`${base}/${quiet.conversation_id}/mark-unread/`, sarah);
    assert.equal(r.status, 409);
    assert.equal(r.body.code, 'conflict');
  });
});
