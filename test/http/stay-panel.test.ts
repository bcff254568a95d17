// The stay beside the chat through the real server: staff read and change it from the
// conversation, managers (or a property-management system) by room and at check-in; the guest
// never sees any of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClock } from '../helpers/domain.js';
import { client, guest, type Client } from '../helpers/http.js';
import { OUTSIDERS, people, type People, type Who } from '../helpers/people.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Sign-in tokens expire on the real clock: the domain's starts at the real time and stays there.
const clock = new TestClock(Date.now());
let server: TestServer;
let api: Client;
let p: People;
let manager: string;
let sarah: string;
const stayPath = (id: number) => `/chat/hotel-abc/conversations/${id}/stay/`;

before(async () => {
  server = await startTestServer({ clock, alertPollMs: 3_600_000 });
  api = client(server.url);
  p = await people(api, 'sp');
  manager = p.tokens.manager!;
  sarah = p.tokens.staff!;
});
after(() => server.close());

describe('the stay beside the chat', () => {
  it('shows staff the stay, and lets them change name, departure, language, VIP and note', async () => {
    const r = await api.get(stayPath(p.conversationId), sarah);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.guest_name, 'John Doe');
    assert.equal(r.body.room_number, 101);
    assert.equal(r.body.expected_departure, null);
    assert.equal(r.body.today, clock.now().toISOString().slice(0, 10), "today on the hotel's calendar (UTC here)");
    const changed = await api.patch(stayPath(p.conversationId), sarah, { expected_departure: '2026-12-01', language: 'fr-ca', vip: true, note: '  Allergic to feathers — foam pillows  ' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.expected_departure, '2026-12-01');
    assert.equal(changed.body.language, 'fr-CA');
    assert.equal(changed.body.vip, true);
    assert.equal(changed.body.note, 'Allergic to feathers — foam pillows');
    assert.deepEqual((await api.get(stayPath(p.conversationId), p.tokens.staff)).body, changed.body);
    // The inbox sees the VIP flag too: it is the same stay.
    const inbox = (await api.get('/chat/hotel-abc/conversations/', sarah)).body.find((c: { room_number: number }) => c.room_number === 101);
    assert.equal(inbox.vip, true);
    const cleared = await api.patch(stayPath(p.conversationId), sarah, { note: '', expected_departure: null });
    assert.equal(cleared.body.note, null);
    assert.equal(cleared.body.expected_departure, null);
    assert.equal(cleared.body.language, 'fr-CA', 'fields not given stay as they are');
  });

  it('takes the stay from a check-in and from the admin API by room (a property-management system)', async () => {
    const r = await api.post('/admin/hotel-abc/rooms/110/check-in/', manager, { guest_name: 'Ada Lovelace', expected_departure: '2026-12-04', language: 'en-GB', vip: true, note: 'Booked via PMS' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const byRoom = await api.get('/admin/hotel-abc/rooms/110/stay/', manager);
    assert.equal(byRoom.status, 200);
    assert.deepEqual([byRoom.body.guest_name, byRoom.body.expected_departure, byRoom.body.language, byRoom.body.vip, byRoom.body.note], ['Ada Lovelace', '2026-12-04', 'en-GB', true, 'Booked via PMS']);
    const pms = await api.patch('/admin/hotel-abc/rooms/110/stay/', manager, { expected_departure: '2026-12-06', note: 'Extended two nights' });
    assert.equal(pms.status, 200);
    assert.equal((await api.get(stayPath(r.body.conversation_id), sarah)).body.note, 'Extended two nights');
    assert.equal((await api.patch('/admin/hotel-abc/rooms/111/stay/', manager, { note: 'x' })).status, 404, 'nobody in room 111');
    assert.equal((await api.patch('/admin/hotel-abc/rooms/9999/stay/', manager, { note: 'x' })).status, 404);
    assert.equal((await api.post('/admin/hotel-abc/rooms/111/check-in/', manager, { guest_name: 'Bad Date', expected_departure: '2026-02-30' })).status, 400);
    assert.equal((await api.get('/admin/hotel-abc/rooms/111/stay/', manager)).status, 404, 'a refused check-in stores nothing');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const before = (await api.get(stayPath(p.conversationId), sarah)).body;
    const bad: unknown[] = [
      { expected_departure: '2026-02-30' },
      { expected_departure: 'tomorrow' },
      { language: 'not a language' },
      { guest_name: '   ' },
      { note: 'x'.repeat(2001) },
      { note: 'nul \u0000' },
      { vip: 'yes' },
      { pin_hash: 'x' },
    ];
    for (const body of bad) {
      const r = await api.patch(stayPath(p.conversationId), sarah, body);
      assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 50)} → ${r.status}`);
      assert.equal(typeof r.body.error, 'string');
    }
    assert.equal((await api.call('PATCH', stayPath(p.conversationId), { token: sarah, raw: '{"note": ' })).status, 400);
    assert.deepEqual((await api.get(stayPath(p.conversationId), sarah)).body, before);
  });

  it('keeps the last of many concurrent changes whole', async () => {
    const notes = Array.from({ length: 20 }, (_, i) => `Note number ${i}`);
    const answers = await Promise.all(notes.map((note) => api.patch(stayPath(p.conversationId), sarah, { note })));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
    assert.ok(notes.includes((await api.get(stayPath(p.conversationId), sarah)).body.note));
  });

  it('refuses changes once the guest has checked out', async () => {
    const r = await api.post('/admin/hotel-abc/rooms/112/check-in/', manager, { guest_name: 'Short Stay' });
    assert.equal((await api.post('/admin/hotel-abc/rooms/112/check-out/', manager)).status, 200);
    assert.equal((await api.get(stayPath(r.body.conversation_id), sarah)).status, 200, 'history stays readable');
    assert.equal((await api.patch(stayPath(r.body.conversation_id), sarah, { note: 'late' })).status, 409);
  });
});

describe('the guest never sees the stay panel', () => {
  it('answers the guest nothing of it, in no reply and no event', async () => {
    const secret = 'Complained twice; comp a dessert';
    assert.equal((await api.patch(stayPath(p.conversationId), sarah, { note: secret, expected_departure: '2026-12-03' })).status, 200);
    const g = await guest(api, 101);
    const seen = [
      await api.get(stayPath(p.conversationId), g.session_token),
      await api.get(`/chat/guest-session/${g.session_token}/validate/`),
      await api.get(`/chat/hotel-abc/conversations/${p.conversationId}/messages/`, g.session_token),
      await api.post(`/chat/hotel-abc/conversations/${p.conversationId}/messages/send/`, g.session_token, { message: 'Hello' }),
    ];
    assert.equal(seen[0]!.status, 403);
    for (const r of seen) {
      const text = JSON.stringify(r.body);
      assert.ok(!text.includes('Complained') && !text.includes('2026-12-03'), text.slice(0, 200));
    }
    assert.ok(!JSON.stringify(g).includes('Complained'));
    assert.ok(!server.events.some((e) => JSON.stringify(e.data).includes('Complained')), 'no realtime event carries the note');
  });
});

describe('who may use the stay panel', () => {
  const staffOnly: Partial<Record<Who, number>> = { ...OUTSIDERS, guest: 403, otherRoomGuest: 403, staff: 200, manager: 200 };
  const managerOnly: Partial<Record<Who, number>> = { ...OUTSIDERS, guest: 403, otherRoomGuest: 403, staff: 403, manager: 200 };
  const rows: Array<[string, 'GET' | 'PATCH', () => string, Partial<Record<Who, number>>]> = [
    ['reading from the conversation', 'GET', () => stayPath(p.conversationId), staffOnly],
    ['changing from the conversation', 'PATCH', () => stayPath(p.conversationId), staffOnly],
    ['reading by room', 'GET', () => '/admin/hotel-abc/rooms/101/stay/', managerOnly],
    ['changing by room', 'PATCH', () => '/admin/hotel-abc/rooms/101/stay/', managerOnly],
  ];
  for (const [label, method, path, expect] of rows) {
    it(`answers ${label} by who asks`, async () => {
      for (const [who, status] of Object.entries(expect)) {
        const r = await api.call(method, path(), { token: p.tokens[who as Who], ...(method === 'PATCH' && { body: { vip: false } }) });
        assert.equal(r.status, status, `${who} → ${r.status} ${JSON.stringify(r.body)}`);
      }
    });
  }

  it("refuses another hotel's conversation and room", async () => {
    assert.equal((await api.get(stayPath(p.otherHotelConversationId), sarah)).status, 404);
    assert.equal((await api.patch(stayPath(p.otherHotelConversationId), sarah, { note: 'x' })).status, 404);
    assert.equal((await api.patch('/admin/hotel-xyz/rooms/201/stay/', manager, { note: 'x' })).status, 403);
    assert.equal((await api.get(stayPath(p.conversationId), p.tokens.otherHotelStaff)).status, 403);
  });
});
