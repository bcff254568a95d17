// Message search through the real server: PostgreSQL full-text search (also on PGlite), only the
// caller's hotel, open conversations for staff and recently closed ones for managers, matches as
// plain-text pieces, and any input a person (or an attacker) types answered sensibly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClock } from '../helpers/domain.js';
import { client, guest, type Client } from '../helpers/http.js';
import { OUTSIDERS, people, type People, type Who } from '../helpers/people.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const clock = new TestClock(Date.now());
let server: TestServer;
let api: Client;
let p: People;
let manager: string;
let sarah: string;
type Result = { message_id: number; conversation_id: number; room_number: number; conversation_open: boolean; snippet: Array<{ text: string; hit: boolean }> };
const search = async (q: string, token = sarah) => api.get(`/chat/hotel-abc/search/?q=${encodeURIComponent(q)}`, token);
const found = async (q: string, token = sarah) => {
  const r = await search(q, token);
  assert.equal(r.status, 200, `${q.slice(0, 40)} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body.results as Result[];
};
const say = async (conversationId: number, token: string, message: string) => {
  const r = await api.post(`/chat/hotel-abc/conversations/${conversationId}/messages/send/`, token, { message });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.message.id as number;
};
let towelsId: number;

before(async () => {
  server = await startTestServer({ clock, alertPollMs: 3_600_000, env: { SEND_LIMIT_PER_MINUTE: '1000' } });
  api = client(server.url);
  p = await people(api, 'se');
  manager = p.tokens.manager!;
  sarah = p.tokens.staff!;
  towelsId = await say(p.conversationId, p.tokens.guest!, 'Could I have more Towels please? The pool ones are wet.');
  for (let i = 0; i < 60; i++) await say(p.conversationId, i % 2 ? sarah : p.tokens.guest!, `Later message number ${i}`);
  await say(p.otherRoomConversationId, p.tokens.otherRoomGuest!, '¿Dónde está la piscina? Y necesito almohadas 🛏️');
  await say(p.otherRoomConversationId, p.tokens.otherRoomGuest!, '<img src=x onerror=alert(1)> extra pillows, and "quotes" & stuff');
  const xyz = await api.post(`/chat/hotel-xyz/conversations/${p.otherHotelConversationId}/messages/send/`, p.tokens.otherHotelGuest, { message: 'Towels for hotel xyz' });
  assert.equal(xyz.status, 201);
});
after(() => server.close());

describe('searching messages', () => {
  it('finds a word in an old message, with the match marked as a plain-text piece', async () => {
    const results = await found('towels');
    assert.equal(results.length, 1, 'only hotel-abc, whatever the case');
    const [r] = results;
    assert.equal(r!.message_id, towelsId);
    assert.equal(r!.conversation_id, p.conversationId);
    assert.equal(r!.room_number, 101);
    assert.equal(r!.conversation_open, true);
    assert.deepEqual(r!.snippet.filter((s) => s.hit).map((s) => s.text), ['Towels']);
    assert.equal(r!.snippet.map((s) => s.text).join(''), 'Could I have more Towels please? The pool ones are wet.');
  });

  it('takes web-search syntax: phrases, exclusions and or', async () => {
    assert.equal((await found('"more towels"')).length, 1);
    assert.equal((await found('"towels more"')).length, 0);
    assert.equal((await found('towels -pool')).length, 0);
    assert.equal((await found('towels or almohadas')).length, 2);
    assert.deepEqual((await found('piscina')).map((r) => r.room_number), [102]);
  });

  it('answers any text as a search, never as an error: tsquery syntax, quotes, markup, unicode', async () => {
    for (const q of ["'&|!():*<->", '"unclosed', 'a & b | !c', '\\', "O'Brien", '🛏️', '漢字テスト', 'x'.repeat(200), '%', '_']) {
      await found(q);
    }
    const markup = await found('onerror');
    assert.equal(markup.length, 1);
    assert.ok(markup[0]!.snippet.map((s) => s.text).join('').includes('<img src=x onerror=alert(1)>'), 'markup comes back as the text it is');
    assert.deepEqual(await found('zebra'), [], 'no message has the word: no result, no error');
  });

  it('refuses an empty, oversized or malformed search with a clear error', async () => {
    for (const q of ['', '   ', 'x'.repeat(201), 'x'.repeat(10 * 1024), 'nul\u0000byte']) {
      const r = await search(q);
      assert.equal(r.status, 400, `${JSON.stringify(q.slice(0, 20))} → ${r.status}`);
      assert.equal(typeof r.body.error, 'string');
    }
    assert.equal((await api.get('/chat/hotel-abc/search/', sarah)).status, 400);
    assert.equal((await api.get('/chat/hotel-abc/search/?q=towels&limit=0', sarah)).status, 400);
    assert.equal((await api.get('/chat/hotel-abc/search/?q=towels&limit=9999', sarah)).status, 400);
    assert.equal((await api.get('/chat/hotel-abc/search/?q=towels&drop=1', sarah)).status, 400);
    assert.equal((await api.get('/chat/hotel-abc/search/?q=towels&q=pool', sarah)).status, 400);
  });

  it('answers a burst of concurrent searches', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => search(i % 2 ? 'towels' : 'pillows')));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
  });

  it('shows closed conversations to managers for 30 days, and never to other staff', async () => {
    const checkIn = await api.post('/admin/hotel-abc/rooms/115/check-in/', manager, { guest_name: 'Gone Guest' });
    const g = await guest(api, 115, 'hotel-abc', checkIn.body.pin);
    await say(g.conversation_id, g.session_token, 'I left my umbrella in the lobby');
    assert.equal((await api.post('/admin/hotel-abc/rooms/115/check-out/', manager)).status, 200);
    assert.deepEqual(await found('umbrella'), [], 'staff: open conversations only');
    const forManager = await found('umbrella', manager);
    assert.equal(forManager.length, 1);
    assert.equal(forManager[0]!.conversation_open, false);
    clock.advance(31 * 86_400_000);
    assert.deepEqual(await found('umbrella', manager), [], 'after 30 days it is gone from search');
  });
});

describe('who may search', () => {
  it('answers by who asks', async () => {
    const expect: Partial<Record<Who, number>> = { ...OUTSIDERS, guest: 403, otherRoomGuest: 403, staff: 200, manager: 200 };
    for (const [who, status] of Object.entries(expect)) {
      const r = await api.get('/chat/hotel-abc/search/?q=towels', p.tokens[who as Who]);
      assert.equal(r.status, status, `${who} → ${r.status}`);
    }
  });

  it("never searches another hotel's messages, whoever asks", async () => {
    const olga = p.tokens.otherHotelStaff!;
    const xyz = await api.get('/chat/hotel-xyz/search/?q=towels', olga);
    assert.equal(xyz.status, 200);
    assert.deepEqual(xyz.body.results.map((r: Result) => r.room_number), [201]);
    assert.equal((await api.get('/chat/hotel-xyz/search/?q=towels', sarah)).status, 403);
    assert.equal((await api.get('/chat/hotel-xyz/search/?q=towels', p.tokens.guest)).status, 403);
  });
});
