// Quick replies through the real server: managers keep them (admin API), staff get them filled in
// for a conversation, in the guest's language, with unknown placeholders left visible.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, guest, login, type Client } from '../helpers/http.js';
import { OUTSIDERS, people, type People, type Who } from '../helpers/people.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ctx = {} as { server: TestServer; api: Client };
let p: People;
let manager: string;
let sarah: string;
const admin = '/admin/hotel-abc/quick-replies/';

before(async () => {
  ctx.server = await startTestServer();
  ctx.api = client(ctx.server.url);
  p = await people(ctx.api, 'qr');
  manager = p.tokens.manager!;
  sarah = p.tokens.staff!;
});
after(() => ctx.server.close());

describe('quick replies, as a manager keeps them', () => {
  it('adds, lists, changes and removes a reply, with its hotel values as settings', async () => {
    const { api } = ctx;
    const s = await api.patch('/admin/hotel-abc/desk-day/settings/', manager, { placeholder_values: { wifi_password: 'Sunny-Lobby-42' }, default_language: 'en' });
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.deepEqual(s.body.placeholder_values, { wifi_password: 'Sunny-Lobby-42' });
    const made = await api.post(admin, manager, {
      shortcut: 'wifi',
      title: 'Wifi password',
      texts: { en: 'Hi {guest_first_name}, the wifi password for room {room} is {wifi_password}. {staff_first_name}', de: 'Hallo {guest_first_name}, das WLAN-Passwort für Zimmer {room} ist {wifi_password}. {staff_first_name}' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.shortcut, 'wifi');
    const listed = await api.get(admin, manager);
    assert.deepEqual(listed.body.map((q: { shortcut: string }) => q.shortcut), ['wifi']);
    const changed = await api.patch(`${admin}${made.body.id}/`, manager, { title: 'The wifi' });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.title, 'The wifi');
    assert.equal(changed.body.texts.de.startsWith('Hallo'), true, 'texts kept when not given');
    const temp = await api.post(admin, manager, { shortcut: 'temp', title: 'Temporary', texts: { en: 'x' } });
    assert.equal((await api.call('DELETE', `${admin}${temp.body.id}/`, { token: manager })).status, 204);
    assert.equal((await api.call('DELETE', `${admin}${temp.body.id}/`, { token: manager })).status, 404);
    assert.deepEqual((await api.get(admin, manager)).body.map((q: { shortcut: string }) => q.shortcut), ['wifi']);
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    const { api } = ctx;
    const before = (await api.get(admin, manager)).body.length;
    const bad: Array<[unknown, number, string]> = [
      [{ shortcut: 'Wi Fi!', title: 'x', texts: { en: 'x' } }, 400, 'shortcut'],
      [{ shortcut: 'ok', title: 'x', texts: {} }, 400, 'languages'],
      [{ shortcut: 'ok', title: 'x', texts: { 'not a language!': 'x' } }, 400, 'language'],
      [{ shortcut: 'ok', title: 'x', texts: { en: '   ' } }, 400, 'empty'],
      [{ shortcut: 'ok', title: 'x', texts: { en: 'a'.repeat(2001) } }, 400, ''],
      [{ shortcut: 'ok', title: 'x', texts: { en: 'nul \u0000 here' } }, 400, 'NUL'],
      [{ shortcut: 'ok', title: 'x', texts: { en: 'x' }, is_admin: true }, 400, ''],
      [{ shortcut: 'wifi', title: 'Again', texts: { en: 'x' } }, 409, 'taken'],
    ];
    for (const [body, status, word] of bad) {
      const r = await api.post(admin, manager, body);
      assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 80)} → ${JSON.stringify(r.body)}`);
      assert.equal(typeof r.body.error, 'string');
      assert.match(r.body.error, new RegExp(word, 'i'));
    }
    const malformed = await api.call('POST', admin, { token: manager, raw: '{"shortcut": "x", ' });
    assert.equal(malformed.status, 400);
    const huge = await api.call('POST', admin, { token: manager, raw: JSON.stringify({ shortcut: 'big', title: 'x', texts: { en: 'x'.repeat(70_000) } }) });
    assert.equal(huge.status, 413);
    assert.equal((await api.get(admin, manager)).body.length, before);
    const builtIn = await api.patch('/admin/hotel-abc/desk-day/settings/', manager, { placeholder_values: { room: '999' } });
    assert.equal(builtIn.status, 400);
    assert.match(builtIn.body.error, /filled by Concierge/);
    assert.deepEqual((await api.get('/admin/hotel-abc/desk-day/settings/', manager)).body.placeholder_values, { wifi_password: 'Sunny-Lobby-42' });
  });

  it('gives one shortcut to exactly one of many managers adding it at once', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.api.post(admin, manager, { shortcut: 'towels', title: `Towels ${i}`, texts: { en: 'More towels are on the way.' } })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, ...Array(19).fill(409)]);
    assert.equal((await ctx.api.get(admin, manager)).body.filter((q: { shortcut: string }) => q.shortcut === 'towels').length, 1);
  });
});

describe('quick replies, filled in for a conversation', () => {
  const rendered = async (token: string, id = p.conversationId) => ctx.api.get(`/chat/hotel-abc/conversations/${id}/quick-replies/`, token);

  it("fills the guest's first name, the room, the hotel's values and the staff member's first name", async () => {
    const r = await rendered(sarah);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const wifi = r.body.find((q: { shortcut: string }) => q.shortcut === 'wifi');
    assert.equal(wifi.text, 'Hi John, the wifi password for room 101 is Sunny-Lobby-42. Sarah');
    assert.equal(wifi.language, 'en');
    assert.deepEqual(wifi.unfilled, []);
  });

  it("answers in the guest's language, else the hotel's default, else English", async () => {
    const { api } = ctx;
    const g = await guest(api, 103);
    assert.equal((await api.post('/chat/hotel-abc/guest-session/language/', g.session_token, { language: 'de-AT' })).status, 200);
    const german = (await rendered(sarah, g.conversation_id)).body.find((q: { shortcut: string }) => q.shortcut === 'wifi');
    assert.equal(german.language, 'de');
    assert.equal(german.text, 'Hallo Kenji, das WLAN-Passwort für Zimmer 103 ist Sunny-Lobby-42. Sarah');
    // Room 104's guest chose no language: the hotel's default (German now) applies.
    await api.patch('/admin/hotel-abc/desk-day/settings/', manager, { default_language: 'de' });
    const g104 = await guest(api, 104);
    assert.equal((await rendered(sarah, g104.conversation_id)).body.find((q: { shortcut: string }) => q.shortcut === 'wifi').language, 'de');
    // A language without a text, with a default without one either: English.
    await api.patch('/admin/hotel-abc/desk-day/settings/', manager, { default_language: 'fr' });
    assert.equal((await rendered(sarah, g104.conversation_id)).body.find((q: { shortcut: string }) => q.shortcut === 'wifi').language, 'en');
    await api.patch('/admin/hotel-abc/desk-day/settings/', manager, { default_language: 'en' });
  });

  it('leaves an unknown placeholder, or one without a value, visible in the text', async () => {
    const { api } = ctx;
    const made = await api.post(admin, manager, { shortcut: 'spa', title: 'Spa', texts: { en: 'The spa opens at {spa_hours}, {guest_first_name}. {Not a placeholder}' } });
    assert.equal(made.status, 201);
    const spa = (await rendered(sarah)).body.find((q: { shortcut: string }) => q.shortcut === 'spa');
    assert.equal(spa.text, 'The spa opens at {spa_hours}, John. {Not a placeholder}');
    assert.deepEqual(spa.unfilled, ['spa_hours']);
  });

  it("lists the hotel's replies as written for its staff", async () => {
    const r = await ctx.api.get('/chat/hotel-abc/quick-replies/', sarah);
    assert.equal(r.status, 200);
    assert.ok(r.body.some((q: { texts: Record<string, string> }) => q.texts.en?.includes('{wifi_password}')));
  });

  it("refuses another hotel's conversation, and a conversation that does not exist", async () => {
    assert.equal((await rendered(sarah, p.otherHotelConversationId)).status, 404);
    assert.equal((await rendered(sarah, 999999)).status, 404);
    assert.equal((await ctx.api.get('/chat/hotel-abc/conversations/abc/quick-replies/', sarah)).status, 400);
  });
});

describe('who may use quick replies', () => {
  const paths = () => ({
    staffList: '/chat/hotel-abc/quick-replies/',
    rendered: `/chat/hotel-abc/conversations/${p.conversationId}/quick-replies/`,
    adminList: admin,
    settings: '/admin/hotel-abc/desk-day/settings/',
  });
  const staffOnly: Partial<Record<Who, number>> = { ...OUTSIDERS, guest: 403, otherRoomGuest: 403, staff: 200, manager: 200 };
  const managerOnly: Partial<Record<Who, number>> = { ...OUTSIDERS, guest: 403, otherRoomGuest: 403, staff: 403, manager: 200 };
  const rows: Array<[string, 'GET' | 'POST' | 'PATCH' | 'DELETE', keyof ReturnType<typeof paths> | 'item', unknown, Partial<Record<Who, number>>]> = [
    ['the staff list', 'GET', 'staffList', undefined, staffOnly],
    ['the filled-in replies', 'GET', 'rendered', undefined, staffOnly],
    ['the admin list', 'GET', 'adminList', undefined, managerOnly],
    ['adding a reply', 'POST', 'adminList', { shortcut: 'probe-new', title: 'Probe', texts: { en: 'x' } }, { ...managerOnly, manager: 201 }],
    ['changing a reply', 'PATCH', 'item', { title: 'Probe 2' }, managerOnly],
    ['reading the settings', 'GET', 'settings', undefined, managerOnly],
    ['changing the settings', 'PATCH', 'settings', { emergency_number: '+49 30 1234567' }, managerOnly],
    ['removing a reply', 'DELETE', 'item', undefined, { ...managerOnly, manager: 204 }],
  ];
  for (const [label, method, which, body, expect] of rows) {
    it(`answers ${label} by who asks`, async () => {
      const { api } = ctx;
      let item = (await api.get(admin, manager)).body.find((q: { shortcut: string }) => q.shortcut === 'probe');
      item ??= (await api.post(admin, manager, { shortcut: 'probe', title: 'Probe', texts: { en: 'x' } })).body;
      const path = which === 'item' ? `${admin}${item.id}/` : paths()[which];
      // The manager asks last: a removal must not hide what the others would have got.
      const order = (Object.keys(expect) as Who[]).sort((a, b) => Number(a === 'manager') - Number(b === 'manager'));
      for (const who of order) {
        const r = await api.call(method, path, { token: p.tokens[who], ...(body !== undefined && { body }) });
        assert.equal(r.status, expect[who], `${who} → ${r.status} ${JSON.stringify(r.body)}`);
      }
    });
  }

  it('refuses a manager of this hotel on another hotel', async () => {
    assert.equal((await ctx.api.get('/admin/hotel-xyz/quick-replies/', manager)).status, 403);
    assert.equal((await ctx.api.post('/admin/hotel-xyz/quick-replies/', manager, { shortcut: 'x', title: 'x', texts: { en: 'x' } })).status, 403);
    assert.equal((await ctx.api.get('/chat/hotel-xyz/quick-replies/', sarah)).status, 403);
  });

  it('refuses a guest token sent as if it were staff, and a forged staff token', async () => {
    const { api } = ctx;
    const forged = `cst_${p.tokens.guest!.slice(4)}`;
    assert.equal((await api.get('/chat/hotel-abc/quick-replies/', forged)).status, 401);
    assert.equal((await api.post(admin, p.tokens.guest, { shortcut: 'guesty', title: 'x', texts: { en: 'x' } })).status, 403);
    assert.equal((await api.get('/chat/hotel-abc/quick-replies/', await login(api, 'emma'))).status, 200);
  });
});
