// A hotel's webhooks through the real server to a real local receiver: each event the issue
// names, signed (verified here from the secret the manager was shown once), retried after the
// receiver fails, kept across a restart, delivered once by two nodes sharing one database; and
// who may manage them.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createStaff } from '../../src/domain/admin.js';
import { TestClock } from '../helpers/domain.js';
import { client, guest, login, type Client } from '../helpers/http.js';
import { newSchemaName, startTestServer, type TestServer } from '../helpers/server.js';
import { need, POSTGRES_URL } from '../helpers/services.js';
import { waitFor } from '../helpers/wait.js';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; hotel: string; created_at: string; data: Record<string, any> };
}

/** A webhook receiver: records every POST; answers `failNext` requests with 500 first. */
class Receiver {
  readonly got: Received[] = [];
  failNext = 0;
  private server: Server | null = null;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        if (this.failNext > 0) {
          this.failNext -= 1;
          res.writeHead(500).end('down for maintenance');
          return;
        }
        this.got.push({ headers: req.headers, raw, body: JSON.parse(raw) as Received['body'] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hooks/concierge`;
  }
  of(type: string): Received[] {
    return this.got.filter((g) => g.body.type === type);
  }
  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/** What a receiver does with the secret: recompute the signature over "<t>.<raw body>" and compare in constant time. */
function verified(secret: string, r: Received, toleranceSeconds = 300, now = Date.now()): boolean {
  const header = String(r.headers['x-concierge-signature'] ?? '');
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(now / 1000 - t) > toleranceSeconds || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${r.raw}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const ALL = ['message.created', 'conversation.handoff', 'conversation.released', 'conversation.escalated', 'stay.checked_in', 'stay.checked_out'];
const ALLOW = { WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' };

describe('hotel webhooks', () => {
  const clock = new TestClock(Date.now());
  const receiver = new Receiver();
  let server: TestServer;
  let api: Client;
  let manager: string;
  let hook: { id: number; secret: string };

  before(async () => {
    await receiver.start();
    server = await startTestServer({ clock, env: ALLOW, alertPollMs: 3_600_000 });
    api = client(server.url);
    manager = await login(api, 'manager');
    const r = await api.post('/admin/hotel-abc/webhooks/', manager, { url: receiver.url, events: ALL, description: 'Front office PMS' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.match(r.body.secret, /^whsec_[A-Za-z0-9_-]{32}$/, 'the whole secret, once');
    hook = r.body;
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });

  it('shows the signing secret only when the webhook is created', async () => {
    const list = await api.get('/admin/hotel-abc/webhooks/', manager);
    assert.equal(list.status, 200);
    assert.equal(list.body.length, 1);
    assert.equal(list.body[0].secret, `…${hook.secret.slice(-4)}`);
    assert.deepEqual(list.body[0].events, ALL);
  });

  it('posts a signed message.created for a guest message, with the message as the API shows it', async () => {
    const g = await guest(api, 101);
    const sent = await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'The lamp is broken' });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const got = await waitFor(() => receiver.of('message.created').find((r) => r.body.data.message.message === 'The lamp is broken'), 'message.created');
    assert.ok(verified(hook.secret, got), 'the signature verifies with the secret');
    assert.ok(!verified(`${hook.secret}x`, got), 'and not with another secret');
    assert.equal(got.headers['x-concierge-event'], 'message.created');
    assert.equal(got.headers['x-concierge-delivery'], got.body.id);
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.body.hotel, 'hotel-abc');
    assert.equal(got.body.data.room_number, 101);
    assert.equal(got.body.data.message.id, sent.body.message.id);
    assert.equal(got.body.data.message.sender_type, 'guest');
  });

  it('posts conversation.handoff when staff take it, conversation.released with the note when they let go', async () => {
    const g = await guest(api, 102);
    const sarah = await login(api, 'sarah');
    assert.equal((await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/assign-staff/`, sarah)).status, 200);
    const taken = await waitFor(() => receiver.of('conversation.handoff').find((r) => r.body.data.conversation_id === g.conversation_id), 'handoff');
    assert.equal(taken.body.data.to.name, 'Sarah Jones');
    assert.equal(taken.body.data.reason, 'opened');
    assert.ok(verified(hook.secret, taken));
    const rel = await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/release/`, sarah, { reason: 'On break' });
    assert.equal(rel.status, 200, JSON.stringify(rel.body));
    const released = await waitFor(() => receiver.of('conversation.released').find((r) => r.body.data.conversation_id === g.conversation_id), 'released');
    assert.equal(released.body.data.from.name, 'Sarah Jones');
    assert.equal(released.body.data.note, 'On break');
  });

  it('posts stay.checked_in and stay.checked_out', async () => {
    const inn = await api.post('/admin/hotel-abc/rooms/106/check-in/', manager, { guest_name: 'Hook Guest' });
    assert.equal(inn.status, 201);
    const checkedIn = await waitFor(() => receiver.of('stay.checked_in').find((r) => r.body.data.room_number === 106), 'checked in');
    assert.equal(checkedIn.body.data.guest_name, 'Hook Guest');
    assert.equal(checkedIn.body.data.conversation_id, inn.body.conversation_id);
    assert.equal((await api.post('/admin/hotel-abc/rooms/106/check-out/', manager)).status, 200);
    const out = await waitFor(() => receiver.of('stay.checked_out').find((r) => r.body.data.room_number === 106), 'checked out');
    assert.equal(out.body.data.conversation_id, inn.body.conversation_id);
  });

  it('posts conversation.escalated when a guest waits too long', async () => {
    const emma = await login(api, 'emma');
    assert.equal((await api.post('/chat/hotel-abc/duty/', emma, { on_duty: true })).status, 200);
    const g = await guest(api, 103);
    assert.equal((await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'Anyone there?' })).status, 201);
    await server.alerts.tick();
    clock.advance(11 * 60_000);
    await server.alerts.tick();
    const up = await waitFor(() => receiver.of('conversation.escalated').find((r) => r.body.data.conversation_id === g.conversation_id), 'escalated');
    assert.equal(up.body.data.kind, 'reply');
    assert.ok(up.body.data.waited_seconds >= 600);
  });

  it('retries with back-off after the receiver fails, with the same delivery id, and logs every attempt', async () => {
    receiver.failNext = 2;
    const g = await guest(api, 104);
    const sent = await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'retry me' });
    assert.equal(sent.status, 201);
    const log = () => api.get(`/admin/hotel-abc/webhooks/${hook.id}/deliveries/`, manager);
    const first = await waitFor(async () => (await log()).body.find((d: any) => d.event === 'message.created' && d.attempts === 1 && d.status === 'pending'), 'first attempt failed');
    assert.equal(first.last_status, 500);
    assert.equal(Date.parse(first.next_attempt_at) - clock.now().getTime(), 10_000, 'the next try in 10 s');
    assert.equal(await server.webhooks.tick(), 0, 'not due yet');
    clock.advance(10_000);
    await server.webhooks.tick();
    const second = (await log()).body.find((d: any) => d.id === first.id);
    assert.equal(second.attempts, 2);
    assert.equal(second.status, 'pending');
    assert.equal(Date.parse(second.next_attempt_at) - clock.now().getTime(), 60_000, 'then in a minute');
    clock.advance(60_000);
    await server.webhooks.tick();
    const done = (await log()).body.find((d: any) => d.id === first.id);
    assert.equal(done.status, 'delivered');
    assert.equal(done.attempts, 3);
    const got = receiver.got.filter((r) => r.body.data.message?.message === 'retry me');
    assert.equal(got.length, 1, 'the receiver accepted it once');
    assert.equal(got[0]!.headers['x-concierge-delivery'], first.event_id);
    assert.ok(verified(hook.secret, got[0]!, 300, clock.now().getTime()));
  });

  it('gives up after the last retry and says so in the log', async () => {
    receiver.failNext = 100;
    try {
      const g = await guest(api, 105);
      assert.equal((await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'never arrives' })).status, 201);
      const log = () => api.get(`/admin/hotel-abc/webhooks/${hook.id}/deliveries/`, manager);
      const d = await waitFor(async () => (await log()).body.find((x: any) => x.status === 'pending' && x.attempts === 1 && x.event === 'message.created'), 'first failure');
      for (let i = 0; i < 6; i++) {
        clock.advance(6 * 3600_000);
        await server.webhooks.tick();
      }
      const last = (await log()).body.find((x: any) => x.id === d.id);
      assert.equal(last.status, 'failed');
      assert.equal(last.attempts, 7, 'the first try and six retries');
      assert.match(last.last_error, /500/);
    } finally {
      receiver.failNext = 0;
    }
  });

  it('says in words why a delivery failed when nothing answers', async () => {
    const gone = new Receiver();
    await gone.start();
    await gone.close(); // a port nothing listens on any more
    const down = await api.post('/admin/hotel-abc/webhooks/', manager, { url: gone.url, events: ['stay.checked_in'] });
    assert.equal(down.status, 201);
    try {
      assert.equal((await api.post('/admin/hotel-abc/rooms/107/check-in/', manager, { guest_name: 'Nobody Listens' })).status, 201);
      const d = await waitFor(async () => (await api.get(`/admin/hotel-abc/webhooks/${down.body.id}/deliveries/`, manager)).body.find((x: any) => x.attempts === 1), 'the failed attempt');
      assert.equal(d.status, 'pending');
      assert.equal(d.last_status, null);
      assert.match(d.last_error, /refused the connection \(ECONNREFUSED\)/);
    } finally {
      await api.call('DELETE', `/admin/hotel-abc/webhooks/${down.body.id}/`, { token: manager });
    }
  });

  it('sends nothing for events a webhook did not choose, and nothing once it is switched off or deleted', async () => {
    const other = new Receiver();
    await other.start();
    try {
      const r = await api.post('/admin/hotel-abc/webhooks/', manager, { url: other.url, events: ['stay.checked_out'] });
      assert.equal(r.status, 201);
      const g = await guest(api, 102);
      await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'only for the first hook' });
      await waitFor(() => receiver.got.find((x) => x.body.data.message?.message === 'only for the first hook'), 'first hook');
      assert.equal((await api.patch(`/admin/hotel-abc/webhooks/${hook.id}/`, manager, { active: false })).status, 200);
      await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'after switching off' });
      await api.post('/admin/hotel-abc/rooms/106/check-in/', manager, { guest_name: 'Second' });
      await api.post('/admin/hotel-abc/rooms/106/check-out/', manager);
      await waitFor(() => other.of('stay.checked_out')[0], 'the second hook got its event');
      await server.webhooks.tick();
      assert.equal(other.got.length, 1, 'only the event it chose');
      assert.equal(receiver.got.filter((x) => x.body.data.message?.message === 'after switching off').length, 0);
      const deleted = await api.call('DELETE', `/admin/hotel-abc/webhooks/${r.body.id}/`, { token: manager });
      assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
      assert.equal((await api.get(`/admin/hotel-abc/webhooks/${r.body.id}/deliveries/`, manager)).status, 404);
    } finally {
      assert.equal((await api.patch(`/admin/hotel-abc/webhooks/${hook.id}/`, manager, { active: true })).status, 200);
      await other.close();
    }
  });
});

describe('hotel webhooks: who may manage them, and bad input', () => {
  let server: TestServer;
  let strict: TestServer;
  let api: Client;
  const t: Record<string, string | undefined> = {};
  let hookId: number;

  before(async () => {
    server = await startTestServer({ env: ALLOW });
    strict = await startTestServer();
    api = client(server.url);
    t.manager = await login(api, 'manager');
    t.staff = await login(api, 'sarah');
    t.guest = (await guest(api, 101)).session_token;
    await createStaff(server.deps, { kind: 'system' }, 'hotel-xyz', { username: 'xmgr', password: 'amber-kettle-9', firstName: 'X', lastName: 'Manager', role: 'Manager', isManager: true });
    t.otherManager = await login(api, 'xmgr', 'amber-kettle-9');
    const temp = await api.post('/admin/hotel-abc/staff/', t.manager, { username: 'gone', password: 'amber-kettle-9', first_name: 'G', last_name: 'One', role: 'Manager', is_manager: true });
    t.deactivated = await login(api, 'gone', 'amber-kettle-9');
    await api.patch(`/admin/hotel-abc/staff/${temp.body.id}/`, t.manager, { is_active: false });
    const out = await api.post('/admin/hotel-abc/staff/', t.manager, { username: 'out', password: 'amber-kettle-9', first_name: 'O', last_name: 'Ut', role: 'Manager', is_manager: true });
    assert.equal(out.status, 201);
    t.loggedOut = await login(api, 'out', 'amber-kettle-9');
    await api.post('/auth/logout/', t.loggedOut);
    hookId = (await api.post('/admin/hotel-abc/webhooks/', t.manager, { url: 'http://127.0.0.1:9/x', events: ['message.created'] })).body.id;
  });
  after(async () => {
    await server.close();
    await strict.close();
  });

  const calls = (): Array<[string, string, unknown?]> => [
    ['GET', '/admin/hotel-abc/webhooks/'],
    ['POST', '/admin/hotel-abc/webhooks/', { url: 'http://127.0.0.1:9/y', events: ['message.created'] }],
    ['PATCH', `/admin/hotel-abc/webhooks/${hookId}/`, { description: 'x' }],
    ['GET', `/admin/hotel-abc/webhooks/${hookId}/deliveries/`],
    ['DELETE', `/admin/hotel-abc/webhooks/${hookId}/`],
  ];

  it('refuses everyone but the hotel\'s managers', async () => {
    const expect: Record<string, number> = { anonymous: 401, guest: 403, staff: 403, otherManager: 403, deactivated: 401, loggedOut: 401 };
    for (const [who, status] of Object.entries(expect)) {
      for (const [method, path, body] of calls()) {
        const r = await api.call(method, path, { token: t[who], body });
        assert.equal(r.status, status, `${who} ${method} ${path}: ${JSON.stringify(r.body)}`);
        assert.equal(typeof r.body.error, 'string', 'a JSON error');
        assert.ok(!JSON.stringify(r.body).includes('    at '), 'no stack trace');
      }
    }
    // Another hotel's manager does not see this hotel's webhook under their own hotel either.
    assert.equal((await api.get(`/admin/hotel-xyz/webhooks/${hookId}/deliveries/`, t.otherManager)).status, 404);
    assert.equal((await api.patch(`/admin/hotel-xyz/webhooks/${hookId}/`, t.otherManager, { active: false })).status, 404);
  });

  it('answers bad input with a clear 400 and stores nothing', async () => {
    const before = (await api.get('/admin/hotel-abc/webhooks/', t.manager)).body.length;
    const bad: Array<[unknown, RegExp]> = [
      [{ url: 'not a url', events: ['message.created'] }, /not a valid URL/],
      [{ url: 'ftp://example.com/x', events: ['message.created'] }, /https:\/\//],
      [{ url: 'https://user:pw@example.com/x', events: ['message.created'] }, /user name or password/],
      [{ url: `https://example.com/${'x'.repeat(2100)}`, events: ['message.created'] }, /url/i],
      [{ url: 'https://example.com/x', events: [] }, /events/],
      [{ url: 'https://example.com/x', events: ['message.deleted'] }, /events/],
      [{ url: 'https://example.com/x', events: ['message.created'], secret: 'mine' }, /secret|additional/i],
      [{ url: 'https://example.com/x', events: ['message.created'], description: 'd'.repeat(201) }, /description/],
    ];
    for (const [body, why] of bad) {
      const r = await api.post('/admin/hotel-abc/webhooks/', t.manager, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
      assert.match(JSON.stringify(r.body), why);
    }
    const malformed = await api.call('POST', '/admin/hotel-abc/webhooks/', { token: t.manager, raw: '{"url": "https://example.com", "events": [' });
    assert.equal(malformed.status, 400);
    assert.equal((await api.get('/admin/hotel-abc/webhooks/', t.manager)).body.length, before);
  });

  it('refuses private, loopback and link-local targets unless the operator allows them', async () => {
    const sapi = client(strict.url);
    const m = await login(sapi, 'manager');
    for (const url of ['http://127.0.0.1:8000/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://192.168.1.1/x']) {
      const r = await sapi.post('/admin/hotel-abc/webhooks/', m, { url, events: ['message.created'] });
      assert.equal(r.status, 400, url);
      assert.match(r.body.message ?? r.body.error, /private|loopback|WEBHOOKS_ALLOW_PRIVATE_URLS/);
    }
    assert.equal((await sapi.get('/admin/hotel-abc/webhooks/', m)).body.length, 0);
  });

  it('keeps a hotel to ten webhooks however many are created at once', async () => {
    const burst = await Promise.all(Array.from({ length: 25 }, (_, i) =>
      api.post('/admin/hotel-abc/webhooks/', t.manager, { url: `http://127.0.0.1:9/burst-${i}`, events: ['message.created'] })));
    const list = await api.get('/admin/hotel-abc/webhooks/', t.manager);
    assert.equal(list.body.length, 10);
    assert.deepEqual([...new Set(burst.map((r) => r.status))].sort(), [201, 409]);
    assert.equal(burst.filter((r) => r.status === 201).length, 10 - 1, 'ten with the one made before');
  });
});

describe('hotel webhooks across a restart and across two nodes', () => {
  it('a delivery queued before a restart is delivered after it (embedded database on disk)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concierge-hooks-'));
    const receiver = new Receiver();
    await receiver.start();
    const clock = new TestClock(Date.now());
    const env = { ...ALLOW, DATA_DIR: dir, DATABASE_URL: '' };
    const options = process.env.DATABASE_URL ? { schema: newSchemaName() } : { databaseUrl: '' };
    try {
      let server = await startTestServer({ clock, env, ...options });
      let api = client(server.url);
      const manager = await login(api, 'manager');
      const hook = (await api.post('/admin/hotel-abc/webhooks/', manager, { url: receiver.url, events: ['message.created'] })).body;
      receiver.failNext = 1;
      const g = await guest(api, 101);
      await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'before the restart' });
      await waitFor(async () => (await api.get(`/admin/hotel-abc/webhooks/${hook.id}/deliveries/`, manager)).body.find((d: any) => d.attempts === 1), 'first attempt failed');
      await server.close();
      server = await startTestServer({ clock, env, ...options, seed: false });
      api = client(server.url);
      clock.advance(10_000);
      await server.webhooks.tick();
      const got = receiver.got.filter((r) => r.body.data.message.message === 'before the restart');
      assert.equal(got.length, 1);
      assert.ok(verified(hook.secret, got[0]!, 300, clock.now().getTime()));
      await server.close();
    } finally {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two nodes sharing one PostgreSQL deliver each event once', async (t) => {
    if (!(await need('postgres'))) return t.skip('PostgreSQL is not available');
    const schema = newSchemaName();
    const receiver = new Receiver();
    await receiver.start();
    const a = await startTestServer({ databaseUrl: POSTGRES_URL, schema, env: ALLOW, webhookPollMs: 20 });
    const b = await startTestServer({ databaseUrl: POSTGRES_URL, schema, env: ALLOW, seed: false, webhookPollMs: 20 });
    try {
      const [apiA, apiB] = [client(a.url), client(b.url)];
      const manager = await login(apiA, 'manager');
      assert.equal((await apiA.post('/admin/hotel-abc/webhooks/', manager, { url: receiver.url, events: ['message.created'] })).status, 201);
      const g = await guest(apiA, 101);
      const sends = Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? apiA : apiB).post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: `both nodes ${i}` }));
      // Both nodes also sweep for due deliveries at once, over and over.
      const sweeps = Array.from({ length: 10 }, () => Promise.all([a.webhooks.tick(), b.webhooks.tick()]));
      await Promise.all([...sends, ...sweeps]);
      await waitFor(() => receiver.got.filter((r) => r.body.data.message.message.startsWith('both nodes')).length >= 40 || undefined, 'all 40 delivered', 15_000);
      await new Promise((r) => setTimeout(r, 300));
      await Promise.all([a.webhooks.tick(), b.webhooks.tick()]);
      const texts = receiver.got.map((r) => r.body.data.message.message).filter((m: string) => m.startsWith('both nodes'));
      assert.equal(texts.length, 40, 'each once');
      assert.equal(new Set(texts).size, 40);
      assert.equal(new Set(receiver.got.map((r) => r.headers['x-concierge-delivery'])).size, receiver.got.length, 'no delivery id twice');
    } finally {
      await a.close();
      await b.close();
      await receiver.close();
    }
  });
});
