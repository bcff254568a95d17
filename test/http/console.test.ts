// The manager's console over HTTP: staff listing, invitations and reset links, rooms with their
// stays; who may call each route, and what a burst, a wrong hotel or bad input gets.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { consoleCommand } from '../../src/cli/console-commands.js';
import { createStaff } from '../../src/domain/admin.js';
import { TestClock } from '../helpers/domain.js';
import { client, guest, login, type Client } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const PASSWORD = 'amber-harbour-42';
let server: TestServer;
let api: Client;
let manager: string;
const clock = new TestClock(Date.now());

before(async () => {
  server = await startTestServer({ clock });
  api = client(server.url);
  manager = await login(api, 'manager');
  // A manager of the other demo hotel (the demo has none).
  await createStaff(server.deps, { kind: 'system' }, 'hotel-xyz', { username: 'xavier', password: PASSWORD, firstName: 'Xavier', lastName: 'Roux', role: 'Manager', isManager: true });
});
after(() => server.close());

let invited = 0;
async function invite(username = `new-${++invited}`, extra: Record<string, unknown> = {}) {
  const r = await api.post('/admin/hotel-abc/staff/invite/', manager, { username, first_name: 'Nina', last_name: 'Park', role: 'Receptionist', ...extra });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { staff: { id: number; username: string; is_active: boolean; has_password: boolean; invite: { purpose: string; expired: boolean } | null }; token: string; path: string; purpose: string };
}
const accept = (token: string, password = PASSWORD) => api.post('/auth/invite/accept/', undefined, { token, password });
const staffList = async () => (await api.get('/admin/hotel-abc/staff/', manager)).body as Array<Record<string, any>>;

describe('who may use the console', () => {
  const routes = (staffId: number): Array<[string, string, unknown?]> => [
    ['GET', '/admin/hotel-abc/staff/'],
    ['POST', '/admin/hotel-abc/staff/invite/', { username: 'intruder', first_name: 'I', last_name: 'N', role: 'Spy' }],
    ['POST', `/admin/hotel-abc/staff/${staffId}/reset-password/`],
    ['GET', '/admin/hotel-abc/rooms/'],
    ['POST', '/admin/hotel-abc/rooms/', { room_number: 777 }],
  ];

  it('refuses anonymous callers (401), a guest, a receptionist and a manager of another hotel (403)', async () => {
    const sarahId = (await api.get('/auth/me/', await login(api, 'sarah'))).body.id as number;
    const callers: Array<[string, string | undefined, number]> = [
      ['anonymous', undefined, 401],
      ['a guest', (await guest(api, 101)).session_token, 403],
      ['a receptionist', await login(api, 'sarah'), 403],
      ["another hotel's staff", await login(api, 'olga'), 403],
      ["another hotel's manager", await login(api, 'xavier', PASSWORD), 403],
      ['a forged token', 'cst_not-a-real-token', 401],
    ];
    for (const [who, token, status] of callers) {
      for (const [method, path, body] of routes(sarahId)) {
        const r = await api.call(method, path, { token, body });
        assert.equal(r.status, status, `${who}: ${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
        assert.equal(typeof r.body.error, 'string');
      }
    }
    // Nothing was written by any of them.
    assert.equal((await staffList()).some((s) => s.username === 'intruder'), false);
    assert.equal((await api.get('/admin/hotel-abc/rooms/', manager)).body.some((r: any) => r.room_number === 777), false);
    assert.equal((await api.post('/auth/login/', undefined, { username: 'sarah', password: 'demo-pass-1234' })).status, 200, 'sarah keeps her password');
  });

  it('refuses a manager who signed out or was deactivated (401), and answers 403 for a hotel that is not theirs', async () => {
    const second = await api.post('/admin/hotel-abc/staff/', manager, { username: 'deputy', password: PASSWORD, first_name: 'Dana', last_name: 'Ives', role: 'Deputy Manager', is_manager: true });
    const out = await login(api, 'deputy', PASSWORD);
    assert.equal((await api.post('/auth/logout/', out)).status, 204);
    const off = await login(api, 'deputy', PASSWORD);
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${second.body.id}/`, manager, { is_active: false })).status, 200);
    for (const token of [out, off]) {
      for (const [method, path, body] of routes(second.body.id)) {
        assert.equal((await api.call(method, path, { token, body })).status, 401, `${method} ${path}`);
      }
    }
    for (const path of ['/admin/hotel-xyz/staff/', '/admin/hotel-xyz/rooms/', '/admin/no-such-hotel/staff/']) {
      assert.equal((await api.get(path, manager)).status, 403, path);
    }
    assert.equal((await api.post('/admin/hotel-xyz/staff/invite/', manager, { username: 'wrong-hotel', first_name: 'W', last_name: 'H', role: 'R' })).status, 403);
    const olgaId = (await api.get('/auth/me/', await login(api, 'olga'))).body.id;
    assert.equal((await api.post(`/admin/hotel-abc/staff/${olgaId}/reset-password/`, manager)).status, 404, "another hotel's staff member is not found");
    assert.equal((await api.post('/auth/login/', undefined, { username: 'olga', password: 'demo-pass-1234' })).status, 200, 'olga keeps her password');
  });

  it('does not let a manager deactivate themselves or drop their own manager role', async () => {
    const me = (await api.get('/auth/me/', manager)).body.id;
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${me}/`, manager, { is_active: false })).status, 409);
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${me}/`, manager, { is_manager: false })).status, 409);
    assert.equal((await api.get('/auth/me/', manager)).body.is_manager, true);
  });
});

describe('invitations', () => {
  it('creates an inactive account without a password; the link signs the person in once, with a password of their choosing', async () => {
    const inv = await invite('nina');
    assert.equal(inv.purpose, 'invite');
    assert.match(inv.token, /^cin_[A-Za-z0-9_-]{43}$/);
    assert.equal(inv.path, `/staff/#invite=${inv.token}`);
    assert.equal(inv.staff.is_active, false);
    assert.equal(inv.staff.has_password, false);
    assert.equal(inv.staff.invite?.purpose, 'invite');
    const listed = (await staffList()).find((s) => s.username === 'nina');
    assert.deepEqual([listed?.is_active, listed?.invite?.purpose, listed?.invite?.expired], [false, 'invite', false]);
    assert.equal('token' in (listed?.invite ?? {}), false, 'the list never shows a link again');
    // No password signs in before the invitation is accepted.
    for (const password of ['', '!no-password', PASSWORD]) {
      assert.equal((await api.post('/auth/login/', undefined, { username: 'nina', password: password || 'x' })).status, 401);
    }
    const info = await api.post('/auth/invite/', undefined, { token: inv.token });
    assert.equal(info.status, 200);
    assert.deepEqual([info.body.username, info.body.name, info.body.hotel_name, info.body.purpose], ['nina', 'Nina Park', 'Hotel ABC', 'invite']);
    // The password policy applies, and a refused password leaves the link usable.
    for (const weak of ['short', 'nina-nina-nina', 'password123!', '1234567890123']) {
      const r = await accept(inv.token, weak);
      assert.equal(r.status, 400, weak);
      assert.match(r.body.error, /Choose another password/);
    }
    const ok = await accept(inv.token);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.match(ok.body.token, /^cst_/);
    assert.equal(ok.body.staff.username, 'nina');
    assert.equal(ok.body.staff.is_active, true);
    assert.equal((await api.get('/auth/me/', ok.body.token)).body.username, 'nina');
    assert.equal((await api.get('/chat/hotel-abc/conversations/', ok.body.token)).status, 200);
    assert.equal((await api.post('/auth/login/', undefined, { username: 'nina', password: PASSWORD })).status, 200);
    const after = (await staffList()).find((s) => s.username === 'nina');
    assert.deepEqual([after?.is_active, after?.has_password, after?.invite], [true, true, null]);
    // Used once: the same link is refused, with the same answer as a link that never existed.
    const again = await accept(inv.token, 'another-good-pass-9');
    assert.equal(again.status, 404);
    assert.match(again.body.error, /no longer valid/);
    assert.equal((await api.post('/auth/invite/', undefined, { token: inv.token })).status, 404);
    assert.equal((await api.post('/auth/login/', undefined, { username: 'nina', password: 'another-good-pass-9' })).status, 401);
  });

  it('lets exactly one of a burst of invitations for one username through', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => api.post('/admin/hotel-abc/staff/invite/', manager, { username: 'rush', first_name: `Rush ${i}`, last_name: 'Hour', role: 'Receptionist' })),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, ...Array(11).fill(409)]);
    assert.equal((await staffList()).filter((s) => s.username === 'rush').length, 1);
    // A username another hotel uses is refused the same way, without saying whose it is.
    const taken = await api.post('/admin/hotel-abc/staff/invite/', manager, { username: 'olga', first_name: 'O', last_name: 'N', role: 'R' });
    assert.equal(taken.status, 409);
  });

  it('lets one of two concurrent acceptances of a link win', async () => {
    const inv = await invite();
    const [a, b] = await Promise.all([accept(inv.token, 'first-choice-pass-1'), accept(inv.token, 'second-choice-pass-2')]);
    assert.deepEqual([a.status, b.status].sort(), [200, 404]);
    const winner = a.status === 200 ? 'first-choice-pass-1' : 'second-choice-pass-2';
    assert.equal((await api.post('/auth/login/', undefined, { username: inv.staff.username, password: winner })).status, 200);
  });

  it('refuses malformed, oversized and unknown input with 400, and unknown links with 404, writing nothing', async () => {
    const bad: unknown[] = [
      { username: 'x', first_name: 'A', last_name: 'B', role: 'R' },
      { username: 'Has Spaces', first_name: 'A', last_name: 'B', role: 'R' },
      { username: 'a'.repeat(65), first_name: 'A', last_name: 'B', role: 'R' },
      { username: 'longname', first_name: 'A'.repeat(101), last_name: 'B', role: 'R' },
      { username: 'nul-name', first_name: 'A\u0000', last_name: 'B', role: 'R' },
      { username: 'noname', first_name: ' ', last_name: '', role: 'R' },
      { username: 'extra', first_name: 'A', last_name: 'B', role: 'R', password: 'sneaky-password-1' },
      { username: 'typed', first_name: 1, last_name: 'B', role: 'R' },
      {},
    ];
    for (const body of bad) {
      const r = await api.post('/admin/hotel-abc/staff/invite/', manager, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.code, 'invalid_request');
    }
    const raw = await api.call('POST', '/admin/hotel-abc/staff/invite/', { token: manager, raw: '{"username": "broken"' });
    assert.equal(raw.status, 400);
    const huge = await api.call('POST', '/admin/hotel-abc/staff/invite/', { token: manager, raw: JSON.stringify({ username: 'huge', first_name: 'x'.repeat(70_000), last_name: '', role: '' }) });
    assert.equal(huge.status, 413);
    const names = (await staffList()).map((s) => s.username);
    for (const u of ['x', 'longname', 'nul-name', 'noname', 'extra', 'typed', 'huge', 'broken']) assert.equal(names.includes(u), false, u);

    for (const token of ['cin_made-up', 'cst_staff-token-shape', 'x'.repeat(200)]) {
      assert.equal((await api.post('/auth/invite/', undefined, { token })).status, 404, token);
      assert.equal((await accept(token)).status, 404, token);
    }
    assert.equal((await api.post('/auth/invite/', undefined, { token: 'x'.repeat(201) })).status, 400);
    assert.equal((await api.post('/auth/invite/accept/', undefined, { token: 'cin_x' })).status, 400);
    assert.equal((await api.post('/auth/invite/accept/', undefined, { token: 'cin_x', password: PASSWORD, admin: true })).status, 400);
    assert.equal((await api.post('/auth/invite/accept/', undefined, { token: 'cin_x', password: 'p'.repeat(201) })).status, 400);
  });

  it('ends an invitation when the manager deactivates the account before it is accepted', async () => {
    const inv = await invite();
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${inv.staff.id}/`, manager, { is_active: false })).status, 200);
    assert.equal((await accept(inv.token)).status, 404);
    assert.equal((await api.post('/auth/login/', undefined, { username: inv.staff.username, password: PASSWORD })).status, 401);
  });
});

describe('password resets', () => {
  it('ends the old password and every session at once, and the link sets a new one', async () => {
    const created = await api.post('/admin/hotel-abc/staff/', manager, { username: 'ruth', password: PASSWORD, first_name: 'Ruth', last_name: 'Lee', role: 'Receptionist' });
    const session = await login(api, 'ruth', PASSWORD);
    const first = await api.post(`/admin/hotel-abc/staff/${created.body.id}/reset-password/`, manager);
    assert.equal(first.status, 201);
    assert.equal(first.body.purpose, 'reset');
    assert.equal(first.body.staff.has_password, false);
    assert.equal(first.body.staff.is_active, true);
    assert.equal((await api.get('/auth/me/', session)).status, 401);
    assert.equal((await api.post('/auth/login/', undefined, { username: 'ruth', password: PASSWORD })).status, 401);
    // A second reset replaces the first link.
    const second = await api.post(`/admin/hotel-abc/staff/${created.body.id}/reset-password/`, manager);
    assert.equal((await accept(first.body.token, 'brand-new-secret-7')).status, 404);
    const done = await accept(second.body.token, 'brand-new-secret-7');
    assert.equal(done.status, 200);
    assert.equal((await api.post('/auth/login/', undefined, { username: 'ruth', password: 'brand-new-secret-7' })).status, 200);
  });

  it('refuses to reset a deactivated account (409), and a reset link never reactivates one', async () => {
    const created = await api.post('/admin/hotel-abc/staff/', manager, { username: 'tom', password: PASSWORD, first_name: 'Tom', last_name: 'Ng', role: 'Porter' });
    const link = await api.post(`/admin/hotel-abc/staff/${created.body.id}/reset-password/`, manager);
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${created.body.id}/`, manager, { is_active: false })).status, 200);
    assert.equal((await api.post(`/admin/hotel-abc/staff/${created.body.id}/reset-password/`, manager)).status, 409);
    assert.equal((await accept(link.body.token, 'tom-new-secret-77')).status, 404);
    const tom = (await staffList()).find((s) => s.username === 'tom');
    assert.equal(tom?.is_active, false);
    assert.equal((await api.post('/admin/hotel-abc/staff/999999/reset-password/', manager)).status, 404);
  });

  it('gives a person whose invitation expired a fresh invitation', async () => {
    const inv = await invite();
    const again = await api.post(`/admin/hotel-abc/staff/${inv.staff.id}/reset-password/`, manager);
    assert.equal(again.status, 201);
    assert.equal(again.body.purpose, 'invite');
    assert.equal((await accept(inv.token)).status, 404, 'the older link is replaced');
    assert.equal((await accept(again.body.token)).status, 200);
  });
});

describe('the staff list', () => {
  it('shows who is on duty, managers and deactivated accounts, for this hotel only', async () => {
    const sarah = await login(api, 'sarah');
    assert.equal((await api.post('/chat/hotel-abc/duty/', sarah, { on_duty: true })).status, 200);
    const list = await staffList();
    const byName = new Map(list.map((s) => [s.username, s]));
    assert.equal(byName.get('sarah')?.on_duty, true);
    assert.equal(typeof byName.get('sarah')?.on_duty_since, 'string');
    assert.equal(byName.get('john')?.on_duty, false);
    assert.equal(byName.get('john')?.on_duty_since, null);
    assert.equal(byName.get('manager')?.is_manager, true);
    assert.equal(byName.has('olga'), false);
    assert.equal(byName.has('xavier'), false);
    for (const s of list) assert.equal('password_hash' in s || 'passwordHash' in s, false);
    assert.equal((await api.post('/chat/hotel-abc/duty/', sarah, { on_duty: false })).status, 200);
  });
});

describe('rooms', () => {
  it('lists each room with its current stay, adds rooms, and follows check-in and check-out', async () => {
    const rooms = (await api.get('/admin/hotel-abc/rooms/', manager)).body as Array<Record<string, any>>;
    assert.equal(rooms.length, 20);
    assert.deepEqual(rooms.map((r) => r.room_number), Array.from({ length: 20 }, (_, i) => 101 + i));
    assert.equal(rooms[0]!.stay.guest_name, 'John Doe');
    assert.equal(rooms[0]!.stay.vip, false);
    assert.equal(typeof rooms[0]!.stay.conversation_id, 'number');
    assert.equal(rooms[10]!.stay, null);

    const added = await api.post('/admin/hotel-abc/rooms/', manager, { room_number: 121 });
    assert.equal(added.status, 201);
    assert.deepEqual(added.body, { room_number: 121, stay: null });
    assert.equal((await api.post('/admin/hotel-abc/rooms/', manager, { room_number: 121 })).status, 409);
    for (const room_number of [0, -1, 100000, 1.5, '122', null]) {
      assert.equal((await api.post('/admin/hotel-abc/rooms/', manager, { room_number })).status, 400, String(room_number));
    }
    assert.equal((await api.post('/admin/hotel-abc/rooms/', manager, { room_number: 123, floor: 1 })).status, 400);

    const ci = await api.post('/admin/hotel-abc/rooms/121/check-in/', manager, { guest_name: 'Grace Hopper' });
    assert.equal(ci.status, 201);
    await api.patch('/chat/hotel-abc/rooms/121/stay/', manager, { vip: true });
    const in121 = (await api.get('/admin/hotel-abc/rooms/', manager)).body.find((r: any) => r.room_number === 121);
    assert.equal(in121.stay.guest_name, 'Grace Hopper');
    assert.equal(in121.stay.vip, true);
    assert.equal(in121.stay.conversation_id, ci.body.conversation_id);
    assert.equal((await api.post('/admin/hotel-abc/rooms/121/check-out/', manager)).status, 200);
    const out121 = (await api.get('/admin/hotel-abc/rooms/', manager)).body.find((r: any) => r.room_number === 121);
    assert.equal(out121.stay, null);
  });

  it('adds a room once when many ask at the same time', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.post('/admin/hotel-abc/rooms/', manager, { room_number: 130 })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, ...Array(9).fill(409)]);
    const rooms = (await api.get('/admin/hotel-abc/rooms/', manager)).body as Array<{ room_number: number }>;
    assert.equal(rooms.filter((r) => r.room_number === 130).length, 1);
  });
});

describe('the audit log', () => {
  it('records each invitation, acceptance, reset and new room once, never the link or the password', async () => {
    const inv = await invite('audited');
    assert.equal((await accept(inv.token)).status, 200);
    const reset = await api.post(`/admin/hotel-abc/staff/${inv.staff.id}/reset-password/`, manager);
    assert.equal((await accept(reset.body.token, 'second-secret-pass')).status, 200);
    assert.equal((await api.post('/admin/hotel-abc/rooms/', manager, { room_number: 150 })).status, 201);
    const log = (await api.get('/admin/hotel-abc/audit/?limit=200', manager)).body as Array<{ action: string; target: string | null; actor: { name: string }; details: object }>;
    const mine = log.filter((e) => e.target === `staff ${inv.staff.id}` || e.target === 'room 150');
    assert.deepEqual(mine.map((e) => [e.action, e.actor.name]).reverse(), [
      ['staff.invited', 'Maria Garcia'],
      ['staff.invitation-accepted', 'Nina Park'],
      ['staff.password-reset', 'Maria Garcia'],
      ['staff.password-chosen', 'Nina Park'],
      ['room.added', 'Maria Garcia'],
    ]);
    const text = JSON.stringify(mine);
    for (const secret of [inv.token, reset.body.token, PASSWORD, 'second-secret-pass']) assert.equal(text.includes(secret), false);
  });
});

describe('expiry', () => {
  it('refuses a link after 72 hours', async () => {
    const inv = await invite();
    clock.advance(72 * 3600_000 + 1000);
    assert.equal((await api.post('/auth/invite/', undefined, { token: inv.token })).status, 404);
    assert.equal((await accept(inv.token)).status, 404);
    const listed = (await staffList()).find((s) => s.id === inv.staff.id);
    assert.equal(listed?.invite?.expired, true);
  });
});

describe('the command line', () => {
  it('invites, resets, lists staff and adds rooms through the same domain calls as HTTP', async () => {
    const cli = (command: string, flags: Record<string, string | boolean>) => consoleCommand(server.deps, server.dispatcher, command, { hotel: 'hotel-abc', ...flags }) as Promise<any>;
    const inv = await cli('staff invite', { username: 'cli-new', first: 'Cli', last: 'New', role: 'Receptionist' });
    assert.match(inv.path, /^\/staff\/#invite=cin_/);
    assert.equal(inv.staff.is_active, false);
    const again = await cli('staff reset-password', { id: String(inv.staff.id) });
    assert.equal(again.purpose, 'invite');
    assert.equal((await accept(inv.token)).status, 404);
    const listed = (await cli('staff list', {})).find((s: any) => s.username === 'cli-new');
    assert.deepEqual([listed.is_active, listed.invite.purpose], [false, 'invite']);
    assert.deepEqual(await cli('room add', { room: '140' }), { room_number: 140, stay: null });
    assert.equal((await cli('room list', {})).some((r: any) => r.room_number === 140), true);
    await assert.rejects(cli('room add', { room: '140' }), /exists already/);
    await assert.rejects(cli('room add', { room: 'x' }), /--room must be/);
    assert.equal((await accept(again.token)).status, 200);
  });

  it('routes the console commands of `concierge`', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concierge-console-cli-'));
    const env = { ...process.env, DATA_DIR: dir, SEED_DEMO: '0', PORT: '1', DATABASE_URL: '' };
    try {
      const help = await run(process.execPath, ['bin/concierge.mjs', '--help'], { env });
      assert.match(help.stdout, /staff invite --hotel/);
      assert.match(help.stdout, /room add --hotel/);
      // A fresh database has no hotel: the command reaches the domain, which says so (exit code 2).
      await assert.rejects(run(process.execPath, ['bin/concierge.mjs', 'staff', 'list', '--hotel', 'nowhere'], { env }), (err: any) => err.code === 2 && /Hotel "nowhere" does not exist/.test(err.stderr));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
