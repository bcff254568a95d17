// Staff sign-in, guest sessions and the limits on guessing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD, login } from '../helpers/http.js';
import { serverForFile, payload } from '../helpers/server.js';

const ctx = serverForFile();

describe('staff sign-in', () => {
  it('signs in with the demo password and returns a token and the Staff shape', async () => {
    const r = await ctx.api.post('/auth/login/', undefined, { username: 'sarah', password: DEMO_PASSWORD });
    assert.equal(r.status, 200);
    assert.match(r.body.token, /^cst_[A-Za-z0-9_-]{43}$/);
    const { id, ...rest } = r.body.staff;
    assert.equal(typeof id, 'number');
    assert.deepEqual(rest, {
      username: 'sarah', name: 'Sarah Jones', first_name: 'Sarah', last_name: 'Jones', role: 'Receptionist',
      profile_image: null, hotel_slug: 'hotel-abc', hotel_name: 'Hotel ABC', is_manager: false, is_active: true,
    });
    const me = await ctx.api.get('/auth/me/', r.body.token);
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 'sarah');
  });

  it('answers the same 401 for a wrong password and an unknown user', async () => {
    const wrong = await ctx.api.post('/auth/login/', undefined, { username: 'mike', password: 'nope' });
    const unknown = await ctx.api.post('/auth/login/', undefined, { username: 'nobody-here', password: 'nope' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
  });

  it('ends a token at once on logout', async () => {
    const token = await login(ctx.api, 'emma');
    assert.equal((await ctx.api.post('/auth/logout/', token)).status, 204);
    assert.equal((await ctx.api.get('/auth/me/', token)).status, 401);
    assert.equal((await ctx.api.get('/chat/hotel-abc/conversations/', token)).status, 401);
  });

  it('rate limits repeated failures for one username with 429 while the right password still fails', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await ctx.api.post('/auth/login/', undefined, { username: 'john', password: `bad-${i}` })).status, 401);
    const limited = await ctx.api.post('/auth/login/', undefined, { username: 'john', password: DEMO_PASSWORD });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await ctx.api.post('/auth/login/', undefined, { username: 'sarah', password: DEMO_PASSWORD })).status, 200, 'others are unaffected');
  });

  it('validates login bodies strictly', async () => {
    for (const body of [{}, { username: 'sarah' }, { username: 5, password: 'x' }, { username: 'sarah', password: DEMO_PASSWORD, admin: true }]) {
      const r = await ctx.api.post('/auth/login/', undefined, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.code, 'invalid_request');
    }
  });
});

describe('guest sessions', () => {
  it('initializes with the room PIN and returns the contract fields', async () => {
    const r = await ctx.api.post('/chat/hotel-abc/guest-session/room/101/initialize/', undefined, { pin: '1234' });
    assert.equal(r.status, 200);
    assert.match(r.body.session_token, /^cgs_/);
    assert.equal(r.body.room_number, 101);
    assert.equal(r.body.hotel_slug, 'hotel-abc');
    assert.equal(r.body.is_new_session, true);
    assert.equal(r.body.pusher_channel, 'private-hotel-abc-room-101-chat');
    assert.equal(r.body.current_staff_handler, null);
    assert.equal(typeof r.body.conversation_id, 'number');
    const again = await ctx.api.post('/chat/hotel-abc/guest-session/room/101/initialize/', undefined, { pin: '1234', session_token: r.body.session_token });
    assert.equal(again.body.is_new_session, false);
    assert.equal(again.body.session_token, r.body.session_token);
    const v = await ctx.api.get(`/chat/guest-session/${r.body.session_token}/validate/`);
    assert.deepEqual(
      { ...v.body },
      { valid: true, conversation_id: r.body.conversation_id, room_number: 101, hotel_slug: 'hotel-abc', hotel_name: 'Hotel ABC', pusher_channel: 'private-hotel-abc-room-101-chat', current_staff_handler: null, guest_name: 'John Doe' },
    );
  });

  it('answers an unknown hotel, an unknown room and a room without a guest exactly as a wrong PIN, so occupancy cannot be mapped', async () => {
    const wrong = await ctx.api.post('/chat/hotel-abc/guest-session/room/104/initialize/', undefined, { pin: '0000' });
    for (const path of ['/chat/no-such-hotel/guest-session/room/101/initialize/', '/chat/hotel-abc/guest-session/room/999/initialize/', '/chat/hotel-abc/guest-session/room/110/initialize/']) {
      const r = await ctx.api.post(path, undefined, { pin: '1234' });
      assert.equal(r.status, 401, path);
      assert.deepEqual(r.body, wrong.body, path);
    }
  });

  it('refuses a wrong PIN with 401 and, after 10 wrong PINs for the room, answers 429 even to the right one', async () => {
    const path = '/chat/hotel-abc/guest-session/room/103/initialize/';
    for (let i = 0; i < 10; i++) {
      const r = await ctx.api.post(path, undefined, { pin: '0000' });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, 'invalid_pin');
    }
    const limited = await ctx.api.post(path, undefined, { pin: '1234' });
    assert.equal(limited.status, 429);
    const otherRoom = await ctx.api.post('/chat/hotel-abc/guest-session/room/104/initialize/', undefined, { pin: '1234' });
    assert.equal(otherRoom.status, 200);
  });

  it('ends every session of the stay on check-out and gives the next guest a new PIN and conversation', async () => {
    const manager = await login(ctx.api, 'manager');
    const old = (await ctx.api.post('/chat/hotel-abc/guest-session/room/102/initialize/', undefined, { pin: '1234' })).body;
    const ci = await ctx.api.post('/admin/hotel-abc/rooms/102/check-in/', manager, { guest_name: 'Grace Hopper' });
    assert.equal(ci.status, 201);
    assert.match(ci.body.pin, /^\d{6}$/);
    assert.notEqual(ci.body.conversation_id, old.conversation_id);
    assert.equal(ci.body.guest_name, 'Grace Hopper');
    assert.equal((await ctx.api.get(`/chat/guest-session/${old.session_token}/validate/`)).status, 401);
    assert.equal((await ctx.api.post('/chat/hotel-abc/guest-session/room/102/initialize/', undefined, { pin: '1234' })).status, 401);
    const fresh = await ctx.api.post('/chat/hotel-abc/guest-session/room/102/initialize/', undefined, { pin: ci.body.pin });
    assert.equal(fresh.status, 200);
    assert.equal(fresh.body.conversation_id, ci.body.conversation_id);
    const sarah = await login(ctx.api, 'sarah');
    const oldMessages = await ctx.api.get(`/chat/hotel-abc/conversations/${old.conversation_id}/messages/`, sarah);
    assert.equal(oldMessages.status, 200, 'staff can still read a closed conversation');
    const send = await ctx.api.post(`/chat/hotel-abc/conversations/${old.conversation_id}/messages/send/`, sarah, { message: 'late' });
    assert.equal(send.status, 409);
    const list = await ctx.api.get('/chat/hotel-abc/conversations/', sarah);
    assert.ok(!list.body.some((c: any) => c.conversation_id === old.conversation_id));
    assert.ok(list.body.some((c: any) => c.conversation_id === ci.body.conversation_id && c.guest_name === 'Grace Hopper'));
    assert.ok(ctx.server.events.some((e) => e.name === 'new-conversation' && payload(e).conversation_id === ci.body.conversation_id));
  });
});
