// Transcripts through the real server: the guest downloads their own conversation and staff of the
// hotel export any of its conversations, as UTF-8 plain text with times on the hotel's clock,
// sender names and automatic replies marked; notes between staff never in it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClock } from '../helpers/domain.js';
import { client, type Client } from '../helpers/http.js';
import { OUTSIDERS, people, type People, type Who } from '../helpers/people.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const clock = new TestClock(Date.now());
let server: TestServer;
let api: Client;
let p: People;
let manager: string;
let sarah: string;
const path = (id: number) => `/chat/hotel-abc/conversations/${id}/transcript/`;
const download = async (id: number, token: string | undefined) => {
  const res = await fetch(server.url + path(id), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: await res.text() };
};
const berlin = (iso: string) => {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const x = Object.fromEntries(f.formatToParts(new Date(iso)).map((q) => [q.type, q.value]));
  return `${x.year}-${x.month}-${x.day} ${x.hour}:${x.minute}`;
};

before(async () => {
  server = await startTestServer({ clock, alertPollMs: 3_600_000 });
  api = client(server.url);
  p = await people(api, 'tr');
  manager = p.tokens.manager!;
  sarah = p.tokens.staff!;
  assert.equal((await api.patch('/admin/hotel-abc/desk/settings/', manager, { time_zone: 'Europe/Berlin' })).status, 200);
  // Desk hours of one minute, twelve hours away: the desk is closed now, whenever the test runs.
  const h = String((new Date(clock.now()).getUTCHours() + 12) % 24).padStart(2, '0');
  const day = { opens: `${h}:00`, closes: `${h}:01` };
  const hours = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };
  assert.equal((await api.patch('/admin/hotel-abc/desk-day/settings/', manager, { desk_hours: hours })).status, 200);
});
after(() => server.close());

describe('the transcript', () => {
  let guestSent: string;
  let staffSent: string;
  before(async () => {
    const g = await api.post(`/chat/hotel-abc/conversations/${p.conversationId}/messages/send/`, p.tokens.guest, { message: 'Grüß Gott! Ist das Frühstück inklusive? 🥐' });
    assert.equal(g.status, 201);
    guestSent = g.body.message.timestamp;
    const messages = async () => (await api.get(`/chat/hotel-abc/conversations/${p.conversationId}/messages/`, sarah)).body as Array<{ sender_type: string }>;
    await waitFor(async () => (await messages()).some((m) => m.sender_type === 'system'), 'the automatic reply');
    clock.advance(60_000);
    const s = await api.post(`/chat/hotel-abc/conversations/${p.conversationId}/messages/send/`, sarah, { message: 'Yes, from 7 to 10.\nIn the garden room.' });
    assert.equal(s.status, 201);
    staffSent = s.body.message.timestamp;
    assert.equal((await api.post(`/chat/hotel-abc/conversations/${p.conversationId}/notes/`, sarah, { note: 'Secret staff note' })).status, 201);
  });

  it('gives the guest their conversation as UTF-8 text with times on the hotel clock, names and the automatic reply marked', async () => {
    const t = await download(p.conversationId, p.tokens.guest);
    assert.equal(t.status, 200);
    assert.equal(t.type, 'text/plain; charset=utf-8');
    assert.match(t.disposition ?? '', /^attachment; filename="conversation-room-101-\d{4}-\d{2}-\d{2}\.txt"$/);
    const lines = t.text.split('\n');
    assert.equal(lines[0], 'Hotel ABC — conversation with the front desk');
    assert.equal(lines[1], 'Room 101 · John Doe');
    assert.match(lines[2]!, /^Times are Europe\/Berlin \(the hotel's clock\)\. Exported \d{4}-\d{2}-\d{2} \d{2}:\d{2}\.$/);
    assert.ok(t.text.includes(`[${berlin(guestSent)}] John Doe: Grüß Gott! Ist das Frühstück inklusive? 🥐\n`));
    assert.match(t.text, /\] \[Automatic reply\] Thank you for your message\. Our front desk is closed right now/);
    assert.ok(t.text.includes(`[${berlin(staffSent)}] Sarah Jones (Receptionist): Yes, from 7 to 10.\n    In the garden room.\n`));
    assert.ok(!t.text.includes('Secret staff note'), 'notes between staff are not in it');
  });

  it('lets staff of the hotel export the same text', async () => {
    const [forGuest, forStaff] = [await download(p.conversationId, p.tokens.guest), await download(p.conversationId, sarah)];
    assert.equal(forStaff.status, 200);
    assert.equal(forStaff.text.split('\n').slice(3).join('\n'), forGuest.text.split('\n').slice(3).join('\n'));
  });

  it('answers a burst of downloads', async () => {
    const all = await Promise.all(Array.from({ length: 20 }, (_, i) => download(p.conversationId, i % 2 ? sarah : p.tokens.guest)));
    assert.deepEqual([...new Set(all.map((a) => a.status))], [200]);
  });

  it('answers by who asks, and never for another hotel or another room', async () => {
    const expect: Partial<Record<Who, number>> = { ...OUTSIDERS, guest: 200, otherRoomGuest: 404, staff: 200, manager: 200 };
    for (const [who, status] of Object.entries(expect)) {
      const t = await download(p.conversationId, p.tokens[who as Who]);
      assert.equal(t.status, status, `${who} → ${t.status}`);
      if (status !== 200) assert.ok(!t.text.includes('Frühstück'), `${who} sees nothing of it`);
    }
    assert.equal((await download(p.otherHotelConversationId, sarah)).status, 404);
    assert.equal((await api.get('/chat/hotel-xyz/conversations/1/transcript/', sarah)).status, 403);
    assert.equal((await api.get('/chat/hotel-abc/conversations/abc/transcript/', sarah)).status, 400);
    assert.equal((await api.get('/chat/hotel-abc/conversations/99999999999/transcript/', sarah)).status, 400);
  });
});
