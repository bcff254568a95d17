// Who may call what: every endpoint against every kind of caller.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, guest, login, type Client } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let api: Client;
type Who = 'anonymous' | 'guest' | 'otherRoomGuest' | 'staff' | 'otherHotelStaff' | 'deactivated' | 'loggedOut' | 'manager' | 'checkedOutGuest';
const t = {} as Record<Who, string | undefined>;
let convo101: number;
let convo102: number;
let convoXyz: number;
let staffToEdit: number;

before(async () => {
  server = await startTestServer();
  api = client(server.url);
  t.anonymous = undefined;
  t.staff = await login(api, 'sarah');
  t.otherHotelStaff = await login(api, 'olga');
  t.manager = await login(api, 'manager');
  const g101 = await guest(api, 101);
  const g102 = await guest(api, 102);
  const gx = await guest(api, 201, 'hotel-xyz');
  const g105 = await guest(api, 105);
  t.guest = g101.session_token;
  t.otherRoomGuest = g102.session_token;
  convo101 = g101.conversation_id;
  convo102 = g102.conversation_id;
  convoXyz = gx.conversation_id;
  const temp = await api.post('/admin/hotel-abc/staff/', t.manager, { username: 'temp', password: 'amber-kettle-9', first_name: 'Tim', last_name: 'Temp', role: 'Porter' });
  assert.equal(temp.status, 201);
  t.deactivated = await login(api, 'temp', 'amber-kettle-9');
  assert.equal((await api.patch(`/admin/hotel-abc/staff/${temp.body.id}/`, t.manager, { is_active: false })).status, 200);
  t.loggedOut = await login(api, 'john');
  assert.equal((await api.post('/auth/logout/', t.loggedOut)).status, 204);
  t.checkedOutGuest = g105.session_token;
  assert.equal((await api.post('/admin/hotel-abc/rooms/105/check-out/', t.manager)).status, 200);
  staffToEdit = (await api.post('/admin/hotel-abc/staff/', t.manager, { username: 'edit-me', password: 'amber-kettle-9', first_name: 'E', last_name: 'M', role: 'Porter' })).body.id;
  await api.post(`/chat/hotel-abc/conversations/${convo101}/messages/send/`, t.guest, { message: 'hello' });
});
after(() => server.close());

type Row = [label: string, method: 'GET' | 'POST' | 'PATCH', path: () => string, body: unknown, expect: Partial<Record<Who, number>>];
const c = (id: () => number, rest: string) => () => `/chat/hotel-abc/conversations/${id()}/${rest}`;
const denyOutsiders = { anonymous: 401, deactivated: 401, loggedOut: 401, checkedOutGuest: 401, otherHotelStaff: 403 } as const;

const rows: Row[] = [
  ['list conversations', 'GET', () => '/chat/hotel-abc/conversations/', undefined, { ...denyOutsiders, guest: 403, otherRoomGuest: 403, staff: 200, manager: 200 }],
  ['unread count', 'GET', () => '/chat/hotel-abc/conversations/unread-count/', undefined, { ...denyOutsiders, guest: 403, staff: 200 }],
  ['read messages', 'GET', c(() => convo101, 'messages/'), undefined, { ...denyOutsiders, guest: 200, otherRoomGuest: 404, staff: 200 }],
  ['send a message', 'POST', c(() => convo101, 'messages/send/'), { message: 'hi' }, { ...denyOutsiders, guest: 201, otherRoomGuest: 404, staff: 201 }],
  ['assign staff', 'POST', c(() => convo102, 'assign-staff/'), undefined, { ...denyOutsiders, guest: 403, otherRoomGuest: 403, staff: 200 }],
  ['mark read', 'POST', c(() => convo101, 'mark-read/'), undefined, { ...denyOutsiders, guest: 200, otherRoomGuest: 404, staff: 200 }],
  ['mark unread', 'POST', c(() => convo101, 'mark-unread/'), undefined, { ...denyOutsiders, guest: 403, otherRoomGuest: 403, staff: 200 }],
  ['handoff history', 'GET', c(() => convo101, 'assignments/'), undefined, { ...denyOutsiders, guest: 403, staff: 200 }],
  ['another hotel\'s conversation under our path', 'GET', c(() => convoXyz, 'messages/'), undefined, { staff: 404, guest: 404, otherHotelStaff: 403 }],
  ['our conversation under another hotel\'s path', 'GET', () => `/chat/hotel-xyz/conversations/${convo101}/messages/`, undefined, { staff: 403, guest: 403, otherHotelStaff: 404 }],
  ['me', 'GET', () => '/auth/me/', undefined, { anonymous: 401, deactivated: 401, loggedOut: 401, guest: 403, staff: 200, otherHotelStaff: 200 }],
  ['logout', 'POST', () => '/auth/logout/', undefined, { anonymous: 401, deactivated: 401, loggedOut: 401, guest: 403 }],
  ['create staff', 'POST', () => '/admin/hotel-abc/staff/', { username: `x${Date.now()}`, password: 'long-enough-pw', first_name: 'A', last_name: 'B', role: 'C' },
    { ...denyOutsiders, guest: 403, staff: 403 }],
  ['edit staff', 'PATCH', () => `/admin/hotel-abc/staff/${staffToEdit}/`, { role: 'Bell Captain' }, { ...denyOutsiders, guest: 403, staff: 403, manager: 200 }],
  ['check in', 'POST', () => '/admin/hotel-abc/rooms/110/check-in/', { guest_name: 'Nobody' }, { ...denyOutsiders, guest: 403, staff: 403 }],
  ['check out', 'POST', () => '/admin/hotel-abc/rooms/104/check-out/', undefined, { ...denyOutsiders, guest: 403, staff: 403 }],
  ['sign a room channel', 'POST', () => '/pusher/auth/', { socket_id: '1.1', channel_name: 'private-hotel-abc-room-101-chat' },
    { anonymous: 401, deactivated: 401, loggedOut: 401, checkedOutGuest: 401, guest: 200, otherRoomGuest: 403, staff: 200, otherHotelStaff: 403 }],
  ['sign the staff inbox', 'POST', () => '/pusher/auth/', { socket_id: '1.1', channel_name: 'private-hotel-abc-staff-inbox' },
    { ...denyOutsiders, guest: 403, staff: 200 }],
  ['sign a conversation channel', 'POST', () => '/pusher/auth/', { socket_id: '1.1', channel_name: `private-hotel-abc-conversation-1-chat` },
    { ...denyOutsiders, guest: 403, staff: 200 }],
  ['sign in to the realtime server as oneself', 'POST', () => '/pusher/user-auth/', { socket_id: '1.1' },
    { anonymous: 401, deactivated: 401, loggedOut: 401, checkedOutGuest: 401, guest: 200, otherRoomGuest: 200, staff: 200, otherHotelStaff: 200 }],
  ['sign staff presence', 'POST', () => '/pusher/auth/', { socket_id: '1.1', channel_name: 'presence-hotel-abc-staff' }, { ...denyOutsiders, guest: 403, staff: 200 }],
];

describe('authorization matrix', () => {
  for (const [label, method, path, body, expect] of rows) {
    for (const [who, status] of Object.entries(expect) as Array<[Who, number]>) {
      it(`${label}: ${who} gets ${status}`, async () => {
        const r = await api.call(method, path(), { token: t[who], body });
        assert.equal(r.status, status, JSON.stringify(r.body));
        if (status >= 400) {
          assert.equal(typeof r.body.error, 'string');
          assert.equal(typeof r.body.code, 'string');
        }
      });
    }
  }

  it('refuses a staff member the personal channel of a colleague but signs their own', async () => {
    const me = (await api.get('/auth/me/', t.staff)).body.id;
    const own = await api.post('/pusher/auth/', t.staff, { socket_id: '1.2', channel_name: `private-hotel-abc-staff-${me}-chat` });
    assert.equal(own.status, 200);
    assert.match(own.body.auth, /^app-key:[0-9a-f]{64}$/);
    const other = await api.post('/pusher/auth/', t.staff, { socket_id: '1.2', channel_name: `private-hotel-abc-staff-${me + 1}-chat` });
    assert.equal(other.status, 403);
  });

  it('signs presence with the staff member as user', async () => {
    const r = await api.post('/pusher/auth/', t.staff, { socket_id: '3.4', channel_name: 'presence-hotel-abc-staff' });
    assert.deepEqual(JSON.parse(r.body.channel_data).user_info.name, 'Sarah Jones');
  });

  it('signs a guest in as their stay and staff as themselves, never as someone else', async () => {
    const g = await api.post('/pusher/user-auth/', t.guest, { socket_id: '5.6', user_data: '{"id":"staff-1"}' });
    assert.match(g.body.auth, /^app-key:[0-9a-f]{64}$/);
    assert.match(JSON.parse(g.body.user_data).id, /^stay-\d+$/);
    const s = await api.post('/pusher/user-auth/', t.staff, { socket_id: '5.6' });
    assert.equal(JSON.parse(s.body.user_data).id, `staff-${(await api.get('/auth/me/', t.staff)).body.id}`);
  });

  it('accepts the form-encoded body pusher-js sends', async () => {
    const r = await api.call('POST', '/pusher/auth/', {
      token: t.guest,
      raw: 'socket_id=12.34&channel_name=private-hotel-abc-room-101-chat',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(r.status, 200);
  });

  it('rejects guest-session calls with a staff token, a checked-out session or garbage', async () => {
    for (const token of [t.staff, t.checkedOutGuest, 'nonsense']) {
      const v = await api.get(`/chat/guest-session/${token}/validate/`);
      assert.equal(v.status, 401);
      assert.equal(v.body.valid, false);
      assert.equal(typeof v.body.reason, 'string');
      assert.equal((await api.get(`/chat/guest-session/${token}/unread-count/`)).status, 401);
    }
    assert.equal((await api.get(`/chat/guest-session/${t.guest}/validate/`)).status, 200);
  });
});
