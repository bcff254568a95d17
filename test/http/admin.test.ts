// Administration over HTTP and with `npx concierge`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { client, guest, login, type Client } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
let server: TestServer;
let api: Client;
let manager: string;

before(async () => {
  server = await startTestServer();
  api = client(server.url);
  manager = await login(api, 'manager');
});
after(() => server.close());

describe('staff administration', () => {
  it('creates a staff member who can sign in at once, and refuses a taken username with 409', async () => {
    const body = { username: 'lena', password: 'north-lantern-7', first_name: 'Lena', last_name: 'Berg', role: 'Concierge', profile_image: 'https://example.com/l.jpg' };
    const r = await api.post('/admin/hotel-abc/staff/', manager, body);
    assert.equal(r.status, 201);
    assert.equal(r.body.name, 'Lena Berg');
    assert.equal(r.body.profile_image, 'https://example.com/l.jpg');
    assert.equal(r.body.hotel_slug, 'hotel-abc');
    assert.equal(r.body.is_manager, false);
    const token = await login(api, 'lena', 'north-lantern-7');
    assert.equal((await api.get('/auth/me/', token)).body.role, 'Concierge');
    const again = await api.post('/admin/hotel-abc/staff/', manager, body);
    assert.equal(again.status, 409);
    const weak = await api.post('/admin/hotel-abc/staff/', manager, { ...body, username: 'weak', password: 'short' });
    assert.equal(weak.status, 400);
  });

  it('shows "Hotel Staff" and "Staff" for a profile without names or role', async () => {
    const r = await api.post('/admin/hotel-abc/staff/', manager, { username: 'anon', password: 'north-lantern-7', first_name: '', last_name: '', role: '' });
    assert.equal(r.body.name, 'Hotel Staff');
    const token = await login(api, 'anon', 'north-lantern-7');
    const g = await guest(api, 104);
    const sent = await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, token, { message: 'hi' });
    assert.deepEqual(sent.body.staff_info, { id: r.body.id, name: 'Hotel Staff', role: 'Staff', profile_image: null });
  });

  it('ends every token of a deactivated staff member at once, and lets them back after reactivation', async () => {
    const created = await api.post('/admin/hotel-abc/staff/', manager, { username: 'paul', password: 'north-lantern-7', first_name: 'Paul', last_name: 'Kim', role: 'Receptionist' });
    const a = await login(api, 'paul', 'north-lantern-7');
    const b = await login(api, 'paul', 'north-lantern-7');
    const off = await api.patch(`/admin/hotel-abc/staff/${created.body.id}/`, manager, { is_active: false });
    assert.equal(off.status, 200);
    assert.equal(off.body.is_active, false);
    for (const token of [a, b]) assert.equal((await api.get('/chat/hotel-abc/conversations/', token)).status, 401);
    assert.equal((await api.post('/auth/login/', undefined, { username: 'paul', password: 'north-lantern-7' })).status, 401);
    await api.patch(`/admin/hotel-abc/staff/${created.body.id}/`, manager, { is_active: true });
    assert.equal((await api.post('/auth/login/', undefined, { username: 'paul', password: 'north-lantern-7' })).status, 200);
  });

  it('answers 404 for staff of another hotel and 400 for unknown fields', async () => {
    const olga = await login(api, 'olga');
    const olgaId = (await api.get('/auth/me/', olga)).body.id;
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${olgaId}/`, manager, { role: 'Spy' })).status, 404);
    assert.equal((await api.patch(`/admin/hotel-abc/staff/1/`, manager, { salary: 1 })).status, 400);
    assert.equal((await api.get('/auth/me/', olga)).body.role, 'Receptionist');
  });
});

describe('stays', () => {
  it('checks a guest in and out: the conversation closes and its sessions end', async () => {
    const ci = await api.post('/admin/hotel-abc/rooms/115/check-in/', manager, { guest_name: 'Ada Lovelace' });
    assert.equal(ci.status, 201);
    assert.deepEqual(Object.keys(ci.body).sort(), ['conversation_id', 'guest_name', 'pin', 'room_number']);
    const g = await guest(api, 115, 'hotel-abc', ci.body.pin);
    const out = await api.post('/admin/hotel-abc/rooms/115/check-out/', manager);
    assert.equal(out.status, 200);
    assert.equal(out.body.conversation_id, ci.body.conversation_id);
    assert.equal((await api.get(`/chat/guest-session/${g.session_token}/validate/`)).status, 401);
    assert.equal((await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'hi' })).status, 401);
    assert.equal((await api.post('/admin/hotel-abc/rooms/115/check-out/', manager)).status, 409);
    assert.equal((await api.post('/admin/hotel-abc/rooms/999/check-in/', manager, { guest_name: 'X' })).status, 404);
    assert.equal((await api.post('/admin/no-hotel/rooms/101/check-in/', manager, { guest_name: 'X' })).status, 403);
  });
});

describe('the command line', () => {
  it('creates a hotel, staff and a stay with the same rules as HTTP', { timeout: 110_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concierge-cli-'));
    const env = { ...process.env, DATA_DIR: dir, SEED_DEMO: '0', PORT: '1', DATABASE_URL: '' };
    const cli = (...args: string[]) => run(process.execPath, ['bin/concierge.mjs', ...args], { env });
    try {
      const help = await cli('--help');
      assert.match(help.stdout, /check-in --hotel/);
      await cli('hotel', 'create', 'cli-inn', 'CLI Inn', '--rooms', '1-3');
      const staff = JSON.parse((await cli('staff', 'create', '--hotel', 'cli-inn', '--username', 'cli-user', '--password', 'cli-long-password', '--first', 'Cli', '--last', 'User', '--role', 'Receptionist')).stdout);
      assert.equal(staff.name, 'Cli User');
      const stay = JSON.parse((await cli('check-in', '--hotel', 'cli-inn', '--room', '2', '--guest', 'Guest Two')).stdout);
      assert.equal(stay.room_number, 2);
      assert.match(stay.pin, /^\d{6}$/);
      const off = JSON.parse((await cli('staff', 'deactivate', '--hotel', 'cli-inn', '--id', String(staff.id))).stdout);
      assert.equal(off.is_active, false);
      const out = JSON.parse((await cli('check-out', '--hotel', 'cli-inn', '--room', '2')).stdout);
      assert.equal(out.checked_out, true);
      await assert.rejects(cli('check-out', '--hotel', 'cli-inn', '--room', '2'), (err: any) => err.code === 2 && /no guest checked in/.test(err.stderr));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
