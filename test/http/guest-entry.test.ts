// The guest link before the PIN (does the hotel and room exist, the hotel's name and clock), the
// guest's language on the stay, and the hotel's time zone in the desk settings: through the real
// server, with every kind of caller and hostile input.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ENTRY_LOOKUPS_PER_MINUTE } from '../../src/http/routes/guest-entry.js';
import { guest, login } from '../helpers/http.js';
import { serverForFile } from '../helpers/server.js';

const ctx = serverForFile();
const entry = (hotel: string, room: string) => `/chat/${hotel}/guest-session/room/${room}/`;

function assertJsonError(r: { status: number; body: unknown; headers: Headers }, status: number, code?: string): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.match(r.headers.get('content-type') ?? '', /application\/json/);
  const body = r.body as { error?: unknown; code?: unknown; stack?: unknown };
  assert.equal(typeof body.error, 'string');
  assert.equal(typeof body.code, 'string');
  if (code) assert.equal(body.code, code);
  assert.equal(body.stack, undefined);
}

describe('guest entry: GET /chat/:hotel/guest-session/room/:room/', () => {
  it("answers anyone with the hotel's name, time zone and the room, and nothing about the stay", async () => {
    const r = await ctx.api.get(entry('hotel-abc', '101'));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { hotel_slug: 'hotel-abc', hotel_name: 'Hotel ABC', time_zone: 'UTC', room_number: 101 });
  });

  it('answers the same for an empty room as for an occupied one (occupancy is not revealed)', async () => {
    await guest(ctx.api, 102);
    const occupied = await ctx.api.get(entry('hotel-abc', '102'));
    const empty = await ctx.api.get(entry('hotel-abc', '120'));
    assert.equal(occupied.status, 200);
    assert.equal(empty.status, 200);
    assert.deepEqual(Object.keys(occupied.body as object).sort(), Object.keys(empty.body as object).sort());
    assert.doesNotMatch(JSON.stringify(occupied.body), /Jane|John|Doe|pin|stay|guest_name/i);
  });

  it('answers the same with any token: staff, a guest, another hotel staff', async () => {
    const staff = await login(ctx.api, 'olga');
    const g = await guest(ctx.api, 103);
    for (const token of [staff, g.session_token, 'cgs_not-a-token']) {
      const r = await ctx.api.get(entry('hotel-abc', '103'), token);
      assert.equal(r.status, 200);
      assert.equal((r.body as { hotel_name: string }).hotel_name, 'Hotel ABC');
    }
  });

  it('says 404 in JSON for an unknown hotel and for a room the hotel does not have', async () => {
    assertJsonError(await ctx.api.get(entry('no-such-hotel', '101')), 404, 'not_found');
    const room = await ctx.api.get(entry('hotel-abc', '999'));
    assertJsonError(room, 404, 'not_found');
    assert.equal(room.body.hotel_name, 'Hotel ABC', 'the guest app names the hotel whose room is missing');
    // A room of the other hotel under this hotel's slug.
    assertJsonError(await ctx.api.get(entry('hotel-abc', '201')), 404, 'not_found');
    assert.equal((await ctx.api.get(entry('hotel-xyz', '201'))).status, 200);
  });

  it('refuses malformed hotels and rooms with a JSON 400 or 404, never a 500', async () => {
    const rooms = ['abc', '0', '-1', '1.5', '99999999999999999999', '1e3', '%F0%9F%9B%8E', '%D9%A1%D9%A0%D9%A1', "101'%20or%201=1", 'x'.repeat(250)];
    for (const room of rooms) {
      const r = await ctx.api.get(entry('hotel-abc', room));
      assert.ok(r.status === 400 || r.status === 404, `${room}: ${r.status}`);
      assertJsonError(r, r.status);
    }
    for (const hotel of ['Hotel-ABC', '%C3%BC-hotel', 'a'.repeat(61), '..']) {
      const r = await ctx.api.get(entry(hotel, '101'));
      assert.ok(r.status === 400 || r.status === 404, `${hotel}: ${r.status}`);
      assertJsonError(r, r.status);
    }
  });
});

describe("the guest's language: POST /chat/:hotel/guest-session/language/", () => {
  const path = '/chat/hotel-abc/guest-session/language/';
  let g104: string;
  before(async () => {
    g104 = (await guest(ctx.api, 104)).session_token;
  });

  it("stores the guest's language on their stay, in canonical spelling", async () => {
    const r = await ctx.api.post(path, g104, { language: 'pt-br' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { language: 'pt-BR' });
    assert.deepEqual((await ctx.api.post(path, g104, { language: 'ar' })).body, { language: 'ar' });
  });

  it('refuses anonymous, staff, logged-out staff, deactivated staff and another hotel', async () => {
    assertJsonError(await ctx.api.post(path, undefined, { language: 'de' }), 401);
    const sarah = await login(ctx.api, 'sarah');
    assertJsonError(await ctx.api.post(path, sarah, { language: 'de' }), 403, 'forbidden');
    const olga = await login(ctx.api, 'olga');
    assertJsonError(await ctx.api.post(path, olga, { language: 'de' }), 403);
    const john = await login(ctx.api, 'john');
    assert.equal((await ctx.api.post('/auth/logout/', john)).status, 204);
    assertJsonError(await ctx.api.post(path, john, { language: 'de' }), 401);
    const manager = await login(ctx.api, 'manager');
    const temp = await ctx.api.post('/admin/hotel-abc/staff/', manager, { username: 'lang-temp', password: 'amber-kettle-9', first_name: 'T', last_name: 'T', role: 'Porter' });
    const tempToken = await login(ctx.api, 'lang-temp', 'amber-kettle-9');
    assert.equal((await ctx.api.patch(`/admin/hotel-abc/staff/${temp.body.id}/`, manager, { is_active: false })).status, 200);
    assertJsonError(await ctx.api.post(path, tempToken, { language: 'de' }), 401);
    const xyzGuest = (await guest(ctx.api, 201, 'hotel-xyz')).session_token;
    assertJsonError(await ctx.api.post(path, xyzGuest, { language: 'de' }), 403);
  });

  it("refuses a checked-out guest's session", async () => {
    const g = (await guest(ctx.api, 105)).session_token;
    const manager = await login(ctx.api, 'manager');
    assert.equal((await ctx.api.post('/admin/hotel-abc/rooms/105/check-out/', manager)).status, 200);
    assertJsonError(await ctx.api.post(path, g, { language: 'de' }), 401);
  });

  it('refuses tags that are not languages, oversized bodies and extra fields', async () => {
    for (const language of ['', 'x', 'not a tag', '<script>', 'de_DE_x_!!', 'a'.repeat(36), 'en-'.repeat(5)]) {
      assertJsonError(await ctx.api.post(path, g104, { language }), 400, 'invalid_request');
    }
    assertJsonError(await ctx.api.post(path, g104, { language: 'de', pin: '1234' }), 400);
    assertJsonError(await ctx.api.post(path, g104, { language: 42 }), 400);
    assertJsonError(await ctx.api.call('POST', path, { token: g104, raw: '{"language":' }), 400);
    assert.deepEqual((await ctx.api.post(path, g104, { language: 'ja' })).body, { language: 'ja' }, 'the last good value stands');
  });

  it('takes a burst of concurrent changes, each answered, one of them kept', async () => {
    const tags = ['de', 'fr', 'es', 'it', 'pt', 'nl', 'ja', 'zh', 'ar', 'en'];
    const answers = await Promise.all(tags.map((language) => ctx.api.post(path, g104, { language })));
    assert.deepEqual(answers.map((a) => a.status), tags.map(() => 200));
    const last = await ctx.api.post(path, g104, { language: 'de-AT' });
    assert.deepEqual(last.body, { language: 'de-AT' });
  });
});

describe("the hotel's time zone in the desk settings", () => {
  it('is UTC by default and a manager sets it; the guest link then carries it', async () => {
    const manager = await login(ctx.api, 'manager');
    const sarah = await login(ctx.api, 'sarah');
    assert.equal((await ctx.api.get('/chat/hotel-abc/desk/settings/', sarah)).body.time_zone, 'UTC');
    const set = await ctx.api.patch('/admin/hotel-abc/desk/settings/', manager, { time_zone: 'asia/tokyo' });
    assert.equal(set.status, 200);
    assert.equal(set.body.time_zone, 'Asia/Tokyo', 'stored in canonical spelling');
    assert.equal(set.body.reply_alert_minutes, 10, 'the other settings are untouched');
    assert.equal((await ctx.api.get('/chat/hotel-abc/desk/settings/', sarah)).body.time_zone, 'Asia/Tokyo');
    assert.equal((await ctx.api.get(entry('hotel-abc', '101'))).body.time_zone, 'Asia/Tokyo');
    assert.equal((await ctx.api.get(entry('hotel-xyz', '201'))).body.time_zone, 'UTC', 'another hotel keeps its own');
  });

  it('refuses a zone Intl does not know, with nothing half-written', async () => {
    const manager = await login(ctx.api, 'manager');
    const before = (await ctx.api.get('/chat/hotel-abc/desk/settings/', manager)).body;
    for (const time_zone of ['Mars/Olympus_Mons', '', 'x'.repeat(65), '../../etc/passwd', 'Europe/Berlin; drop table hotels']) {
      assertJsonError(await ctx.api.patch('/admin/hotel-abc/desk/settings/', manager, { time_zone, reply_alert_minutes: 7 }), 400, 'invalid_request');
    }
    assert.deepEqual((await ctx.api.get('/chat/hotel-abc/desk/settings/', manager)).body, before);
  });

  it('takes concurrent changes one at a time: every answer is whole, the last write stands', async () => {
    const manager = await login(ctx.api, 'manager');
    const zones = ['Europe/Berlin', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Africa/Cairo'];
    const answers = await Promise.all(zones.map((time_zone) => ctx.api.patch('/admin/hotel-xyz/desk/settings/', manager, { time_zone })));
    // The manager is hotel-abc's: hotel-xyz refuses every one of them.
    assert.deepEqual(answers.map((a) => a.status), zones.map(() => 403));
    const mine = await Promise.all(zones.map((time_zone) => ctx.api.patch('/admin/hotel-abc/desk/settings/', manager, { time_zone })));
    assert.deepEqual(mine.map((a) => a.status), zones.map(() => 200));
    for (const [i, a] of mine.entries()) assert.equal(a.body.time_zone, zones[i]);
    const now = (await ctx.api.get('/chat/hotel-abc/desk/settings/', manager)).body.time_zone;
    assert.ok(zones.includes(now));
    assert.equal((await ctx.api.get(entry('hotel-xyz', '201'))).body.time_zone, 'UTC');
  });

  it('is set only by a manager of the hotel', async () => {
    const sarah = await login(ctx.api, 'sarah');
    const olga = await login(ctx.api, 'olga');
    const g = (await guest(ctx.api, 103)).session_token;
    assertJsonError(await ctx.api.patch('/admin/hotel-abc/desk/settings/', undefined, { time_zone: 'Pacific/Auckland' }), 401);
    assertJsonError(await ctx.api.patch('/admin/hotel-abc/desk/settings/', sarah, { time_zone: 'Pacific/Auckland' }), 403);
    assertJsonError(await ctx.api.patch('/admin/hotel-abc/desk/settings/', olga, { time_zone: 'Pacific/Auckland' }), 403);
    assertJsonError(await ctx.api.patch('/admin/hotel-abc/desk/settings/', g, { time_zone: 'Pacific/Auckland' }), 403);
    assert.notEqual((await ctx.api.get(entry('hotel-abc', '101'))).body.time_zone, 'Pacific/Auckland');
  });
});

// Last: it spends this address's look-ups.
describe('guest entry under a burst', () => {
  it('answers a concurrent burst correctly, then paces the address with a JSON 429 and Retry-After', async () => {
    const n = ENTRY_LOOKUPS_PER_MINUTE + 20;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => ctx.api.get(entry('hotel-abc', String(101 + (i % 20))))));
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    assert.equal(ok.length + limited.length, n, `statuses: ${[...new Set(answers.map((a) => a.status))].join(',')}`);
    assert.ok(limited.length >= 20, `${limited.length} paced`);
    for (const a of ok) assert.equal((a.body as { hotel_name: string }).hotel_name, 'Hotel ABC');
    for (const a of limited) {
      assertJsonError(a, 429, 'rate_limited');
      assert.ok(Number(a.headers.get('retry-after')) >= 1);
    }
  });
});
