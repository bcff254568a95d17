// The audit log (each action once, managers only, never editable) and retention (exactly the
// stays that are due, in either mode, a dry run that changes nothing, a guest's export and
// erase), through the real server.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createStaff } from '../../src/domain/admin.js';
import { TestClock } from '../helpers/domain.js';
import { client, guest, login, type Client } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { phonePhoto, upload, uploadPath } from '../helpers/uploads.js';
import { waitFor } from '../helpers/wait.js';

const DAY = 86_400_000;

describe('the audit log', () => {
  let server: TestServer;
  let api: Client;
  let manager: string;
  const audit = async (token = manager) => (await api.get('/admin/hotel-abc/audit/?limit=200', token)).body as Array<{ id: number; action: string; actor: { kind: string; name: string; staff_id: number | null }; target: string | null; details: Record<string, unknown> }>;

  before(async () => {
    server = await startTestServer();
    api = client(server.url);
    manager = await login(api, 'manager');
  });
  after(() => server.close());

  it('records each staff and manager action once, with who did it', async () => {
    const sarah = await login(api, 'sarah');
    const sarahId = (await api.get('/auth/me/', sarah)).body.id as number;
    await api.post('/auth/logout/', sarah);
    await login(api, 'sarah');
    const created = await api.post('/admin/hotel-abc/staff/', manager, { username: 'newbie', password: 'amber-kettle-9', first_name: 'Nora', last_name: 'New', role: 'Receptionist' });
    assert.equal(created.status, 201);
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${created.body.id}/`, manager, { is_active: false })).status, 200);
    assert.equal((await api.post('/admin/hotel-abc/rooms/106/check-in/', manager, { guest_name: 'Audit Guest' })).status, 201);
    assert.equal((await api.post('/admin/hotel-abc/rooms/106/check-out/', manager)).status, 200);
    assert.equal((await api.call('PATCH', '/admin/hotel-abc/desk/settings/', { token: manager, body: { reply_alert_minutes: 7 } })).status, 200);
    assert.equal((await api.patch('/admin/hotel-abc/retention/', manager, { days: 45 })).status, 200);
    const stayId = (await api.get('/admin/hotel-abc/stays/?room=106', manager)).body[0].stay_id;
    assert.equal((await api.get(`/admin/hotel-abc/stays/${stayId}/export/`, manager)).status, 200);

    const log = await waitFor(async () => {
      const l = await audit();
      return l.some((e) => e.action === 'stay.exported') ? l : undefined;
    }, 'the export in the log');
    const count = (action: string, target?: string) => log.filter((e) => e.action === action && (target === undefined || e.target === target)).length;
    assert.equal(count('staff.signed-in', `staff ${sarahId}`), 2, 'both of Sarah\'s sign-ins');
    assert.equal(count('staff.signed-out', `staff ${sarahId}`), 1);
    assert.equal(count('staff.created', `staff ${created.body.id}`), 1);
    assert.equal(count('staff.deactivated', `staff ${created.body.id}`), 1);
    assert.equal(count('stay.checked-in', 'room 106'), 1);
    assert.equal(count('stay.checked-out', 'room 106'), 1);
    assert.equal(count('settings.desk-changed'), 1);
    assert.equal(count('retention.changed'), 1);
    assert.equal(count('stay.exported', `stay ${stayId}`), 1);
    const deactivation = log.find((e) => e.action === 'staff.deactivated')!;
    assert.equal(deactivation.actor.name, 'Maria Garcia');
    assert.equal(deactivation.actor.kind, 'staff');
    assert.equal(deactivation.details.username, 'newbie');
    assert.ok(!JSON.stringify(log).includes('amber-kettle-9'), 'no password in the log');
    assert.ok(log.every((e, i) => i === 0 || log[i - 1]!.id > e.id), 'newest first');
  });

  it('pages with before_id, shows only the hotel\'s own entries, and only to its managers', async () => {
    const page = (await api.get('/admin/hotel-abc/audit/?limit=2', manager)).body;
    assert.equal(page.length, 2);
    const next = (await api.get(`/admin/hotel-abc/audit/?limit=2&before_id=${page[1].id}`, manager)).body;
    assert.ok(next.every((e: { id: number }) => e.id < page[1].id));
    await createStaff(server.deps, { kind: 'system' }, 'hotel-xyz', { username: 'xboss', password: 'amber-kettle-9', firstName: 'X', lastName: 'Boss', role: 'Manager', isManager: true });
    const xboss = await login(api, 'xboss', 'amber-kettle-9');
    const theirs = (await api.get('/admin/hotel-xyz/audit/', xboss)).body;
    assert.ok(theirs.every((e: { target: string }) => e.target !== 'room 106'), 'hotel-abc\'s check-in is not in hotel-xyz\'s log');
    const g = await guest(api, 101);
    const refusals: Array<[string | undefined, number]> = [[undefined, 401], [g.session_token, 403], [await login(api, 'emma'), 403], [xboss, 403]];
    for (const [token, status] of refusals) assert.equal((await api.get('/admin/hotel-abc/audit/', token)).status, status);
    for (const q of ['?limit=0', '?limit=201', '?before_id=-1', '?limit=abc', '?extra=1']) assert.equal((await api.get(`/admin/hotel-abc/audit/${q}`, manager)).status, 400, q);
  });

  it('cannot be changed or removed, even from inside the database', async () => {
    for (const statement of [sql`update audit_log set action = 'nothing happened'`, sql`delete from audit_log`, sql`truncate audit_log`]) {
      // The server's own connection runs it, as any code of the server would.
      await assert.rejects(statement.execute(server.db), /append-only/);
    }
    assert.ok((await audit()).length > 5, 'all still there');
  });
});

describe('retention and a guest\'s data request', () => {
  const clock = new TestClock(Date.now());
  const filesDir = mkdtempSync(join(tmpdir(), 'concierge-retention-files-'));
  let server: TestServer;
  let api: Client;
  let manager: string;
  const stays = async (room: number) => (await api.get(`/admin/hotel-abc/stays/?room=${room}`, manager)).body as Array<{ stay_id: number; guest_name: string; erased_at: string | null; messages: number; checked_out_at: string | null }>;

  /** A stay in `room` with a guest message and a staff reply, checked out `daysAgo` days before now. */
  async function pastStay(room: number, name: string, daysAgo: number): Promise<number> {
    const checkIn = await api.post(`/admin/hotel-abc/rooms/${room}/check-in/`, manager, { guest_name: name });
    assert.equal(checkIn.status, 201);
    const pin = checkIn.body.pin as string;
    const g = await guest(api, room, 'hotel-abc', pin);
    await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: `I am ${name}, call me on +44 20 7946 0000` });
    await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, await login(api, 'sarah'), { message: `Of course, ${name}` });
    await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/notes/`, await login(api, 'sarah'), { note: `${name} is allergic to feathers` });
    clock.advance(-daysAgo * DAY);
    assert.equal((await api.post(`/admin/hotel-abc/rooms/${room}/check-out/`, manager)).status, 200);
    clock.advance(daysAgo * DAY);
    return (await stays(room))[0]!.stay_id;
  }

  before(async () => {
    server = await startTestServer({ clock, env: { FILES_DIR: filesDir } });
    api = client(server.url);
    manager = await login(api, 'manager');
  });
  after(async () => {
    await server.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('a dry run lists exactly the stays checked out longer ago than the setting, and changes nothing', async () => {
    const old = await pastStay(106, 'Olivia Old', 40);
    const recent = await pastStay(107, 'Rita Recent', 10);
    const run = await api.post('/admin/hotel-abc/retention/run/', manager, { dry_run: true });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.equal(run.body.dry_run, true);
    const ids = run.body.stays.map((s: { stay_id: number }) => s.stay_id);
    assert.ok(ids.includes(old), 'the 40-day-old stay is due (default 30 days)');
    assert.ok(!ids.includes(recent), 'the 10-day-old stay is not');
    assert.equal((await stays(106))[0]!.guest_name, 'Olivia Old', 'nothing erased');
    assert.equal((await stays(106))[0]!.messages, 2);
  });

  it('purges exactly the due stays: their messages, notes and the guest\'s name, and nothing of other stays', async () => {
    const before = { old: (await stays(106))[0]!, recent: (await stays(107))[0]! };
    const live = await guest(api, 101);
    await api.post(`/chat/hotel-abc/conversations/${live.conversation_id}/messages/send/`, live.session_token, { message: 'still here' });
    const run = await api.post('/admin/hotel-abc/retention/run/', manager, {});
    assert.equal(run.status, 200);
    assert.deepEqual(run.body.stays.map((s: { stay_id: number }) => s.stay_id), [before.old.stay_id]);
    const old = (await stays(106))[0]!;
    assert.equal(old.guest_name, '');
    assert.equal(old.messages, 0);
    assert.ok(old.erased_at);
    const exported = (await api.get(`/admin/hotel-abc/stays/${old.stay_id}/export/`, manager)).body;
    assert.deepEqual(exported.messages, []);
    assert.ok(!JSON.stringify(exported).includes('Olivia'));
    const recent = (await stays(107))[0]!;
    assert.equal(recent.guest_name, 'Rita Recent');
    assert.equal(recent.messages, 2);
    const liveMessages = await api.get(`/chat/hotel-abc/conversations/${live.conversation_id}/messages/`, live.session_token);
    assert.ok(liveMessages.body.some((m: { message: string }) => m.message === 'still here'), 'a checked-in guest keeps everything');
    // A second run (another node, or the timer) finds nothing more to do.
    assert.deepEqual((await api.post('/admin/hotel-abc/retention/run/', manager, {})).body.stays, []);
    assert.equal(await server.retention.tick(), 0);
  });

  it('anonymises instead when the hotel chooses to: the messages stay for the figures without their text', async () => {
    assert.equal((await api.patch('/admin/hotel-abc/retention/', manager, { days: 5, mode: 'anonymise' })).status, 200);
    const erased = await server.retention.tick();
    assert.equal(erased, 1, 'the 10-day-old stay is due at 5 days');
    const recent = (await stays(107))[0]!;
    assert.equal(recent.guest_name, '');
    assert.equal(recent.messages, 2, 'kept');
    const data = (await api.get(`/admin/hotel-abc/stays/${recent.stay_id}/export/`, manager)).body;
    assert.ok(data.messages.every((m: { text: string }) => m.text === ''));
    assert.ok(!JSON.stringify(data).includes('Rita'));
    assert.equal((await api.patch('/admin/hotel-abc/retention/', manager, { days: 30, mode: 'purge' })).status, 200);
  });

  it('exports everything held about one stay and erases it on request, once it is checked out', async () => {
    const id = await pastStay(108, 'Erin Erase', 1);
    const data = await api.get(`/admin/hotel-abc/stays/${id}/export/`, manager);
    assert.equal(data.status, 200);
    assert.match(String(data.headers.get('content-disposition')), /attachment; filename="stay-\d+\.json"/);
    assert.equal(data.body.stay.guest_name, 'Erin Erase');
    assert.deepEqual(data.body.messages.map((m: { sender_type: string }) => m.sender_type), ['guest', 'staff']);
    assert.equal(data.body.messages[1].staff_name, 'Sarah Jones');
    assert.ok(data.body.handoffs.length >= 1);
    const erased = await api.post(`/admin/hotel-abc/stays/${id}/erase/`, manager);
    assert.equal(erased.status, 200);
    assert.equal(erased.body.guest_name, '');
    assert.equal(erased.body.messages, 0);
    assert.equal((await api.post(`/admin/hotel-abc/stays/${id}/erase/`, manager)).status, 200, 'again: nothing more to do');
    // A photo the guest sent goes with the stay: the bytes and the row.
    const inn = await api.post('/admin/hotel-abc/rooms/110/check-in/', manager, { guest_name: 'Petra Photo' });
    const pg = await guest(api, 110, 'hotel-abc', inn.body.pin);
    const sent = await upload(server.url, uploadPath('hotel-abc', pg.conversation_id), pg.session_token, await phonePhoto(), 'image/jpeg', { caption: 'the lamp' });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const photoUrl = String(sent.body.message.attachment.url);
    assert.equal((await fetch(server.url + photoUrl)).status, 200);
    assert.equal((await api.post('/admin/hotel-abc/rooms/110/check-out/', manager)).status, 200);
    const photoStay = (await stays(110))[0]!.stay_id;
    const keys = (await sql<{ storage_key: string; thumbnail_key: string | null }>`select storage_key, thumbnail_key from attachments where stay_id = ${photoStay}`.execute(server.db)).rows
      .flatMap((k) => [k.storage_key, ...(k.thumbnail_key ? [k.thumbnail_key] : [])]);
    assert.equal(keys.length, 2, 'the photo and its thumbnail');
    assert.ok(keys.every((k) => existsSync(join(filesDir, k))), 'stored on disk');
    assert.equal((await api.post(`/admin/hotel-abc/stays/${photoStay}/erase/`, manager)).status, 200);
    assert.ok(keys.every((k) => !existsSync(join(filesDir, k))), 'and removed from the disk');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from attachments a join conversations c on c.id = a.conversation_id where c.stay_id = ${photoStay}`.execute(server.db);
    assert.equal(rows[0]!.n, 0, 'no attachment row left');
    assert.ok([403, 404, 410].includes((await fetch(server.url + photoUrl)).status), 'the photo is gone');
    const checkedIn = (await stays(101))[0]!;
    const refused = await api.post(`/admin/hotel-abc/stays/${checkedIn.stay_id}/erase/`, manager);
    assert.equal(refused.status, 409);
    assert.match(refused.body.error, /check out first/);
  });

  it('lets only the hotel\'s managers do any of it, and refuses bad input', async () => {
    await createStaff(server.deps, { kind: 'system' }, 'hotel-xyz', { username: 'xret', password: 'amber-kettle-9', firstName: 'X', lastName: 'Ret', role: 'Manager', isManager: true });
    const g = await guest(api, 101);
    const stayId = (await stays(106))[0]!.stay_id;
    const who: Array<[string, string | undefined, number]> = [
      ['anonymous', undefined, 401], ['guest', g.session_token, 403], ['receptionist', await login(api, 'emma'), 403], ['another hotel\'s manager', await login(api, 'xret', 'amber-kettle-9'), 403],
    ];
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/admin/hotel-abc/retention/'], ['PATCH', '/admin/hotel-abc/retention/', { days: 1 }], ['POST', '/admin/hotel-abc/retention/run/', { dry_run: true }],
      ['GET', '/admin/hotel-abc/stays/'], ['GET', `/admin/hotel-abc/stays/${stayId}/export/`], ['POST', `/admin/hotel-abc/stays/${stayId}/erase/`],
    ];
    for (const [name, token, status] of who) {
      for (const [method, path, body] of calls) assert.equal((await api.call(method, path, { token, body })).status, status, `${name} ${method} ${path}`);
    }
    for (const body of [{ days: 0 }, { days: 4000 }, { days: 1.5 }, { mode: 'shred' }, { days: '30' }, { extra: true }]) {
      assert.equal((await api.patch('/admin/hotel-abc/retention/', manager, body)).status, 400, JSON.stringify(body));
    }
    assert.equal((await api.get('/admin/hotel-abc/retention/', manager)).body.days, 30, 'unchanged');
    assert.equal((await api.get('/admin/hotel-xyz/stays/', manager)).status, 403);
    assert.equal((await api.get('/admin/hotel-abc/stays/999999/export/', manager)).status, 404);
    const xyzStay = (await api.get('/admin/hotel-xyz/stays/', await login(api, 'xret', 'amber-kettle-9'))).body[0].stay_id;
    assert.equal((await api.get(`/admin/hotel-abc/stays/${xyzStay}/export/`, manager)).status, 404, 'another hotel\'s stay is not found under this hotel');
    assert.equal((await api.post(`/admin/hotel-abc/stays/${xyzStay}/erase/`, manager)).status, 404);
    // A burst of runs at once erases each stay once.
    await pastStay(109, 'Burst Guest', 60);
    const runs = await Promise.all(Array.from({ length: 8 }, () => api.post('/admin/hotel-abc/retention/run/', manager, {})));
    assert.ok(runs.every((r) => r.status === 200));
    assert.equal(runs.flatMap((r) => r.body.stays).length, 1);
  });
});
