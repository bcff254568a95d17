// Staff tokens and guest sessions end when their time is up (STAFF_TOKEN_TTL_SECONDS,
// GUEST_SESSION_TTL_SECONDS), for every kind of call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD } from '../helpers/http.js';
import { serverForFile } from '../helpers/server.js';

const ctx = serverForFile({ env: { STAFF_TOKEN_TTL_SECONDS: '1', GUEST_SESSION_TTL_SECONDS: '1' } });

/** Waits until the server's clock has passed `until` (the expiry it announced). */
const waitPast = (until: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now()) + 50));

describe('expiry', () => {
  it('stops accepting a staff token once its time is up', async () => {
    const r = await ctx.api.post('/auth/login/', undefined, { username: 'sarah', password: DEMO_PASSWORD });
    assert.equal(r.status, 200);
    const token = r.body.token as string;
    const expiresAt = Date.parse(r.body.expires_at);
    assert.equal((await ctx.api.get('/auth/me/', token)).status, 200, 'valid until then');
    await waitPast(expiresAt);
    assert.equal((await ctx.api.get('/auth/me/', token)).status, 401);
    assert.equal((await ctx.api.get('/chat/hotel-abc/conversations/', token)).status, 401);
    assert.equal((await ctx.api.post('/pusher/auth/', token, { socket_id: '1.1', channel_name: 'private-hotel-abc-inbox' })).status, 401);
  });

  it('stops accepting a guest session once its time is up, and the PIN gives a new one', async () => {
    const path = '/chat/hotel-abc/guest-session/room/101/initialize/';
    const r = await ctx.api.post(path, undefined, { pin: '1234' });
    const answered = Date.now();
    assert.equal(r.status, 200);
    const token = r.body.session_token as string;
    const messages = `/chat/hotel-abc/conversations/${r.body.conversation_id}/messages/`;
    assert.equal((await ctx.api.get(messages, token)).status, 200, 'valid until then');
    await waitPast(answered + 1000);
    assert.equal((await ctx.api.get(`/chat/guest-session/${token}/validate/`)).status, 401);
    assert.equal((await ctx.api.get(messages, token)).status, 401);
    assert.equal((await ctx.api.post(`${messages}send/`, token, { message: 'still there?' })).status, 401);
    const again = await ctx.api.post(path, undefined, { pin: '1234', session_token: token });
    assert.equal(again.status, 200);
    assert.equal(again.body.is_new_session, true);
    assert.notEqual(again.body.session_token, token);
  });
});
