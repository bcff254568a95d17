// Web push through the real server: the subscribe API (who may, what is refused), and pushes
// posted by the real `web-push` library to a local push service that checks the VAPID signature
// and decrypts each payload with the keys of a subscription the test generated, as a browser does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PushOwner } from '../../src/domain/ports.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { updateStaff } from '../../src/domain/admin.js';
import { startWebPush } from '../../src/push/service.js';
import { KEEP_PER_OWNER, subscriptionProblem } from '../../src/push/subscriptions.js';
import webpush from 'web-push';
import pino from 'pino';
import { TestClock } from '../helpers/domain.js';
import { client, guest, login, type Client } from '../helpers/http.js';
import { startPushEndpoint, type FakeBrowser, type PushEndpoint } from '../helpers/push-endpoint.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const MIN = 60_000;
const clock = new TestClock(Date.now());
let server: TestServer;
let api: Client;
let push: PushEndpoint;
let manager: string;
let publicKey: string;

const base = '/chat/hotel-abc/push';
const subscribe = (audience: 'staff' | 'guest', token: string | undefined, b: FakeBrowser | object, hotel = 'hotel-abc') =>
  api.post(`/chat/${hotel}/push/${audience}/subscribe/`, token, 'subscription' in b ? (b as FakeBrowser).subscription : b);
/** How many subscriptions someone has (the count does not look at the hotel). */
const owned = (owner: { kind: 'staff'; staffId: number } | { kind: 'guest'; stayId: number }) =>
  server.deps.push!.subscriptions.countFor({ ...owner, hotelId: 0 } as PushOwner);
const pushesTo = (b: FakeBrowser) => push.deliveries.filter((d) => d.browser === b.id);
const staffId = async (token: string) => (await api.get('/auth/me/', token)).body.id as number;
const stayOf = async (room: number) =>
  Number((await server.deps.store.read((r) => r.rooms.find(1, room).then((x) => (x ? r.stays.findActive(x.id) : undefined))))?.id);
const onDuty = async (token: string, on: boolean) => assert.equal((await api.post('/chat/hotel-abc/duty/', token, { on_duty: on })).status, 200);
/** Checks a guest into an empty room of hotel-abc and opens their session. */
async function newGuest(room: number) {
  const r = await api.post(`/admin/hotel-abc/rooms/${room}/check-in/`, manager, { guest_name: `Guest ${room}` });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return guest(api, room, 'hotel-abc', r.body.pin);
}
/** Sends as the guest or staff member and waits until every push it caused has been answered. */
async function send(conversationId: number, token: string, message: string) {
  const r = await api.post(`/chat/hotel-abc/conversations/${conversationId}/messages/send/`, token, { message });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  await server.push.idle();
}

before(async () => {
  push = await startPushEndpoint();
  server = await startTestServer({ clock, alertPollMs: 3_600_000 });
  api = client(server.url);
  manager = await login(api, 'manager');
  publicKey = (await api.get(`${base}/public-key/`, manager)).body.public_key;
});
after(async () => {
  await push.close();
  await server.close();
});

describe('who may use the push endpoints', () => {
  type Who = 'anonymous' | 'guest' | 'otherRoomGuest' | 'staff' | 'otherHotelStaff' | 'otherHotelGuest' | 'deactivated' | 'loggedOut' | 'checkedOutGuest';
  const t = {} as Record<Who, string | undefined>;
  before(async () => {
    t.staff = await login(api, 'sarah');
    t.otherHotelStaff = await login(api, 'olga');
    t.guest = (await newGuest(111)).session_token;
    t.otherRoomGuest = (await guest(api, 102)).session_token;
    t.otherHotelGuest = (await guest(api, 201, 'hotel-xyz')).session_token;
    const temp = await api.post('/admin/hotel-abc/staff/', manager, { username: 'push-temp', password: 'amber-kettle-9', first_name: 'Tim', last_name: 'Temp', role: 'Porter' });
    t.deactivated = await login(api, 'push-temp', 'amber-kettle-9');
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${temp.body.id}/`, manager, { is_active: false })).status, 200);
    t.loggedOut = await login(api, 'john');
    assert.equal((await api.post('/auth/logout/', t.loggedOut)).status, 204);
    t.checkedOutGuest = (await newGuest(113)).session_token;
    assert.equal((await api.post('/admin/hotel-abc/rooms/113/check-out/', manager)).status, 200);
    t.anonymous = undefined;
  });

  const outsiders = { anonymous: 401, deactivated: 401, loggedOut: 401, checkedOutGuest: 401, otherHotelStaff: 403, otherHotelGuest: 403 } as const;
  const rows: Array<[string, 'GET' | 'POST', string, boolean, Partial<Record<Who, number>>]> = [
    ['the public key', 'GET', `${base}/public-key/`, false, { ...outsiders, guest: 200, otherRoomGuest: 200, staff: 200 }],
    ['subscribing as staff', 'POST', `${base}/staff/subscribe/`, true, { ...outsiders, guest: 403, otherRoomGuest: 403, staff: 201 }],
    ['unsubscribing as staff', 'POST', `${base}/staff/unsubscribe/`, false, { ...outsiders, guest: 403, otherRoomGuest: 403, staff: 200 }],
    ['subscribing as a guest', 'POST', `${base}/guest/subscribe/`, true, { ...outsiders, guest: 201, otherRoomGuest: 201, staff: 403 }],
    ['unsubscribing as a guest', 'POST', `${base}/guest/unsubscribe/`, false, { ...outsiders, guest: 200, otherRoomGuest: 200, staff: 403 }],
  ];
  for (const [label, method, path, isSubscribe, expect] of rows) {
    it(`answers ${label} by who asks`, async () => {
      for (const [who, status] of Object.entries(expect) as Array<[Who, number]>) {
        const b = push.browser();
        const body = method === 'GET' ? undefined : isSubscribe ? b.subscription : { endpoint: b.endpoint };
        const r = await api.call(method, path, { token: t[who], body });
        assert.equal(r.status, status, `${who}: ${JSON.stringify(r.body)}`);
        if (status >= 400) assert.equal(typeof r.body.code, 'string', `${who} gets a JSON error`);
      }
    });
  }

  it('stores nothing for a refused caller', async () => {
    const counts = async () => [
      await owned({ kind: 'staff', staffId: await staffId(t.staff!) }),
      await owned({ kind: 'staff', staffId: await staffId(t.otherHotelStaff!) }),
      await owned({ kind: 'guest', stayId: await stayOf(111) }),
    ];
    const before = await counts();
    const b = push.browser();
    for (const token of [t.anonymous, t.guest, t.otherHotelStaff, t.deactivated]) assert.ok((await subscribe('staff', token, b)).status >= 400);
    for (const token of [t.staff, t.otherHotelGuest, t.checkedOutGuest]) assert.ok((await subscribe('guest', token, b)).status >= 400);
    assert.equal((await subscribe('guest', t.guest, b, 'hotel-xyz')).status, 403, "a guest naming another hotel");
    assert.equal((await subscribe('staff', t.otherHotelStaff, b)).status, 403, "staff naming another hotel");
    assert.deepEqual(await counts(), before);
  });

  it('serves the same public key to staff and guests, a P-256 key the server signs with', async () => {
    const a = await api.get(`${base}/public-key/`, t.staff);
    const b = await api.get(`${base}/public-key/`, t.guest);
    assert.equal(a.body.public_key, b.body.public_key);
    assert.equal(Buffer.from(a.body.public_key, 'base64url').length, 65);
    assert.equal(a.body.service_worker, '/push-sw.js');
  });
});

describe('what a subscription must look like', () => {
  let staff: string;
  before(async () => {
    staff = await login(api, 'emma');
  });
  const good = () => push.browser().subscription;
  const bad: Array<[string, (s: ReturnType<typeof good>) => unknown]> = [
    ['an http endpoint', (s) => ({ ...s, endpoint: s.endpoint.replace('https:', 'http:') })],
    ['an endpoint that is no URL', (s) => ({ ...s, endpoint: 'not a url' })],
    ['a javascript: endpoint', (s) => ({ ...s, endpoint: 'javascript:alert(1)' })],
    ['an endpoint with a password', (s) => ({ ...s, endpoint: s.endpoint.replace('https://', 'https://u:p@') })],
    ['an endpoint on a private network', (s) => ({ ...s, endpoint: 'https://10.0.0.7/push/x' })],
    ['an endpoint on the link-local metadata address', (s) => ({ ...s, endpoint: 'https://169.254.169.254/latest' })],
    ['an oversized endpoint', (s) => ({ ...s, endpoint: `${s.endpoint}?${'a'.repeat(2100)}` })],
    ['a p256dh that is not a key', (s) => ({ ...s, keys: { ...s.keys, p256dh: Buffer.alloc(65, 1).toString('base64url') } })],
    ['a short auth secret', (s) => ({ ...s, keys: { ...s.keys, auth: Buffer.alloc(8).toString('base64url') } })],
    ['an oversized key', (s) => ({ ...s, keys: { ...s.keys, p256dh: 'A'.repeat(5000) } })],
    ['no keys', (s) => ({ endpoint: s.endpoint })],
    ['an extra field', (s) => ({ ...s, owner: 'staff:1' })],
    ['a string', () => 'https://example.com'],
  ];
  for (const [what, make] of bad) {
    it(`refuses ${what} with a 400 and stores nothing`, async () => {
      const before = await owned({ kind: 'staff', staffId: await staffId(staff) });
      const r = await api.post(`${base}/staff/subscribe/`, staff, make(good()));
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.code, 'invalid_request');
      assert.equal(await owned({ kind: 'staff', staffId: await staffId(staff) }), before);
    });
  }

  it('refuses a loopback push endpoint on a production server and accepts a public one', () => {
    const sub = good();
    const keys = { p256dh: sub.keys.p256dh, auth: sub.keys.auth };
    assert.match(subscriptionProblem({ endpoint: 'https://127.0.0.1:9/push/x', ...keys }, false) ?? '', /this machine/);
    assert.match(subscriptionProblem({ endpoint: 'https://localhost/push/x', ...keys }, false) ?? '', /this machine/);
    assert.match(subscriptionProblem({ endpoint: 'https://[::1]/push/x', ...keys }, false) ?? '', /this machine/);
    assert.match(subscriptionProblem({ endpoint: 'https://192.168.1.4/push/x', ...keys }, true) ?? '', /private/);
    assert.equal(subscriptionProblem({ endpoint: 'https://fcm.googleapis.com/fcm/send/abc', ...keys }, false), null);
    assert.equal(subscriptionProblem({ endpoint: 'https://127.0.0.1:9/push/x', ...keys }, true), null);
  });

  it('keeps one row when a burst subscribes the same browser at once', async () => {
    const b = push.browser();
    const me = await staffId(staff);
    const before = await owned({ kind: 'staff', staffId: me });
    const answers = await Promise.all(Array.from({ length: 20 }, () => subscribe('staff', staff, b)));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [201]);
    assert.equal(await owned({ kind: 'staff', staffId: me }), before + 1);
  });

  it('keeps only the newest subscriptions of one person when a burst subscribes many browsers', async () => {
    const emma = await staffId(staff);
    const answers = await Promise.all(Array.from({ length: 40 }, () => subscribe('staff', staff, push.browser())));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [201]);
    assert.equal(await owned({ kind: 'staff', staffId: emma }), KEEP_PER_OWNER.staff);
  });

  it("gives a browser to whoever subscribed it last, and leaves another person's subscription alone on unsubscribe", async () => {
    const b = push.browser();
    const mike = await login(api, 'mike');
    assert.equal((await subscribe('staff', staff, b)).status, 201);
    const r = await api.post(`${base}/staff/unsubscribe/`, mike, { endpoint: b.endpoint });
    assert.deepEqual(r.body, { removed: false }, 'not his');
    assert.equal((await subscribe('staff', mike, b)).status, 201, 'signed in on the same browser');
    assert.deepEqual((await api.post(`${base}/staff/unsubscribe/`, staff, { endpoint: b.endpoint })).body, { removed: false }, 'no longer hers');
    assert.deepEqual((await api.post(`${base}/staff/unsubscribe/`, mike, { endpoint: b.endpoint })).body, { removed: true });
  });
});

describe('pushes to the local push service', () => {
  let sarah: string;
  let john: string;
  let olga: string;
  before(async () => {
    [sarah, john, olga] = [await login(api, 'sarah'), await login(api, 'john'), await login(api, 'olga')];
    await onDuty(sarah, true);
    await onDuty(john, false);
    assert.equal((await api.post('/chat/hotel-xyz/duty/', olga, { on_duty: true })).status, 200);
  });

  it("pushes a guest's message to the hotel's staff on duty only, signed and encrypted for each browser", async () => {
    const [sarahsPhone, johnsPhone, olgasPhone] = [push.browser(), push.browser(), push.browser()];
    assert.equal((await subscribe('staff', sarah, sarahsPhone)).status, 201);
    assert.equal((await subscribe('staff', john, johnsPhone)).status, 201);
    assert.equal((await subscribe('staff', olga, olgasPhone, 'hotel-xyz')).status, 201);
    const g = await guest(api, 101);
    const text = `The air conditioning in my room makes a loud rattling noise all night long and I could not sleep at all, please send someone`;
    await send(g.conversation_id, g.session_token, text);

    assert.deepEqual(push.rejected, []);
    const [d] = pushesTo(sarahsPhone);
    assert.ok(d, 'Sarah (on duty) got it');
    assert.deepEqual(d.payload, { title: 'Room 101', body: `${[...text].slice(0, 100).join('')}…`, url: `/staff/conversations/${g.conversation_id}`, tag: `conversation-${g.conversation_id}` });
    assert.equal(d.vapidKey, publicKey, 'signed with the key browsers subscribe with');
    assert.equal(d.claims.aud, push.origin);
    assert.match(d.claims.sub, /^(mailto:|https:)/);
    assert.ok(d.claims.exp * 1000 > Date.now() && d.claims.exp * 1000 <= Date.now() + 24 * 3600_000);
    assert.equal(d.encoding, 'aes128gcm');
    assert.equal(d.urgency, 'high');
    assert.equal(pushesTo(johnsPhone).length, 0, 'John is off duty');
    assert.equal(push.posts(olgasPhone), 0, "Olga is another hotel's staff");
  });

  it('pushes a staff reply to the guest, with who replied and nothing more', async () => {
    const g = await guest(api, 103);
    const phone = push.browser();
    assert.equal((await subscribe('guest', g.session_token, phone)).status, 201);
    await send(g.conversation_id, g.session_token, 'Is breakfast included?');
    assert.equal(pushesTo(phone).length, 0, 'not for their own message');
    await send(g.conversation_id, sarah, 'Yes, from 7 to 10 in the garden room.');
    assert.deepEqual(pushesTo(phone).map((d) => d.payload), [{ title: 'Sarah Jones replied', body: 'Yes, from 7 to 10 in the garden room.', url: '/guest/hotel-abc/103', tag: 'front-desk' }]);
    assert.deepEqual(push.rejected, []);
  });

  it('pushes an escalation to the on-duty staff the desk alerts', async () => {
    const emma = await login(api, 'emma');
    await onDuty(emma, true);
    const emmasPhone = push.browser();
    assert.equal((await subscribe('staff', emma, emmasPhone)).status, 201);
    const g = await guest(api, 104);
    assert.equal((await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/assign-staff/`, emma)).status, 200);
    await send(g.conversation_id, g.session_token, 'Still waiting for towels');
    const before = pushesTo(emmasPhone).length;
    await server.alerts.tick();
    clock.advance(10 * MIN);
    await server.alerts.tick();
    const alert = await waitFor(() => pushesTo(emmasPhone).slice(before).find((d) => d.payload.url === `/staff/conversations/${g.conversation_id}`), 'the alert push');
    assert.equal(alert.payload.title, 'Room 104 is waiting for a reply');
    assert.match(alert.payload.body, /^Waiting \d+ min$/);
    assert.equal(alert.payload.url, `/staff/conversations/${g.conversation_id}`);
    await onDuty(emma, false);
  });

  it('stops pushing to a staff member who clocks out, and starts again when they clock in', async () => {
    const phone = push.browser();
    const mike = await login(api, 'mike');
    assert.equal((await subscribe('staff', mike, phone)).status, 201);
    const g = await newGuest(106);
    await send(g.conversation_id, g.session_token, 'one');
    assert.equal(pushesTo(phone).length, 0, 'never clocked in');
    await onDuty(mike, true);
    await send(g.conversation_id, g.session_token, 'two');
    assert.deepEqual(pushesTo(phone).map((d) => d.payload.body), ['two']);
    await onDuty(mike, false);
    await send(g.conversation_id, g.session_token, 'three');
    assert.deepEqual(pushesTo(phone).map((d) => d.payload.body), ['two']);
  });

  it('removes a subscription the push service answers 410 Gone for, and one it answers 404 for', async () => {
    const gone = push.browser();
    const unknown = push.browser();
    assert.equal((await subscribe('staff', sarah, gone)).status, 201);
    assert.equal((await subscribe('staff', sarah, unknown)).status, 201);
    push.answer(gone, 410);
    push.answer(unknown, 404);
    const me = await staffId(sarah);
    const before = await owned({ kind: 'staff', staffId: me });
    const g = await newGuest(107);
    await send(g.conversation_id, g.session_token, 'Hello?');
    assert.equal(push.posts(gone), 1);
    assert.equal(await owned({ kind: 'staff', staffId: me }), before - 2);
    await send(g.conversation_id, g.session_token, 'Hello again');
    assert.equal(push.posts(gone), 1, 'not posted to again');
  });

  it('keeps a subscription the push service fails with 500 for', async () => {
    const flaky = push.browser();
    assert.equal((await subscribe('staff', sarah, flaky)).status, 201);
    push.answer(flaky, 500);
    const me = await staffId(sarah);
    const before = await owned({ kind: 'staff', staffId: me });
    const g = await newGuest(108);
    await send(g.conversation_id, g.session_token, 'Hello?');
    assert.equal(push.posts(flaky), 1);
    assert.equal(await owned({ kind: 'staff', staffId: me }), before);
  });

  it("removes a guest's subscriptions at check-out", async () => {
    const g = await newGuest(114);
    const phone = push.browser();
    assert.equal((await subscribe('guest', g.session_token, phone)).status, 201);
    const stay = await stayOf(114);
    assert.equal(await owned({ kind: 'guest', stayId: stay }), 1);
    assert.equal((await api.post('/admin/hotel-abc/rooms/114/check-out/', manager)).status, 200);
    await server.push.idle();
    assert.equal(await owned({ kind: 'guest', stayId: stay }), 0);
  });

  it("removes a staff member's subscriptions when they are deactivated, and a session's when it signs out", async () => {
    const made = await api.post('/admin/hotel-abc/staff/', manager, { username: 'push-porter', password: 'amber-kettle-9', first_name: 'Paul', last_name: 'Porter', role: 'Porter' });
    const [desk, phone] = [await login(api, 'push-porter', 'amber-kettle-9'), await login(api, 'push-porter', 'amber-kettle-9')];
    assert.equal((await subscribe('staff', desk, push.browser())).status, 201);
    assert.equal((await subscribe('staff', phone, push.browser())).status, 201);
    assert.equal(await owned({ kind: 'staff', staffId: made.body.id }), 2);
    assert.equal((await api.post('/auth/logout/', phone)).status, 204);
    await server.push.idle();
    assert.equal(await owned({ kind: 'staff', staffId: made.body.id }), 1, "the phone's session signed out");
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${made.body.id}/`, manager, { is_active: false })).status, 200);
    await server.push.idle();
    assert.equal(await owned({ kind: 'staff', staffId: made.body.id }), 0);
  });

  it('sends nothing to an account deactivated where the push listener does not run (the command line), and sweeps it later', async () => {
    const made = await api.post('/admin/hotel-abc/staff/', manager, { username: 'push-night', password: 'amber-kettle-9', first_name: 'Nina', last_name: 'Night', role: 'Porter' });
    const nina = await login(api, 'push-night', 'amber-kettle-9');
    await onDuty(nina, true);
    const phone = push.browser();
    assert.equal((await subscribe('staff', nina, phone)).status, 201);
    // As `npx concierge` does it: the domain command, without this server's dispatcher.
    await updateStaff(server.deps, { kind: 'system' }, 'hotel-abc', made.body.id, { isActive: false });
    assert.equal(await owned({ kind: 'staff', staffId: made.body.id }), 1, 'nobody told the push listener');
    const g = await newGuest(115);
    await send(g.conversation_id, g.session_token, 'Is the pool open?');
    assert.equal(push.posts(phone), 0, 'an inactive account is not pushed to');
    assert.equal((await api.post('/admin/hotel-abc/rooms/115/check-out/', manager)).status, 200);
    await server.push.idle();
    assert.equal(await owned({ kind: 'staff', staffId: made.body.id }), 0, 'the next closed conversation sweeps it');
  });

  it('answers the guest at once while the push service does not answer at all', async () => {
    const stuck = push.browser();
    assert.equal((await subscribe('staff', sarah, stuck)).status, 201);
    push.answer(stuck, 0);
    const g = await newGuest(109);
    const started = Date.now();
    const r = await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'Anyone there?' });
    assert.equal(r.status, 201);
    await waitFor(() => push.posts(stuck) === 1, 'the push to reach the stuck service');
    const second = await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'Hello?' });
    assert.equal(second.status, 201);
    assert.ok(Date.now() - started < 5000, `sends took ${Date.now() - started} ms with a push service that never answers`);
  });
});

describe('the VAPID key pair', () => {
  it('is generated once and shared: services starting together on one database sign with the same key', async () => {
    const subscriptions = server.deps.push!.subscriptions;
    const logger = pino({ level: 'silent' });
    const nodes = await Promise.all([1, 2, 3].map(() => startWebPush({ subscriptions, vapid: null, subject: 'mailto:a@b.c', allowLoopback: true, logger })));
    assert.deepEqual(nodes.map((n) => n.port.publicKey), [publicKey, publicKey, publicKey]);
    await Promise.all(nodes.map((n) => n.close()));
  });

  it('comes from VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY when they are set, and both are needed', async () => {
    const keys = webpush.generateVAPIDKeys();
    const configured = await startTestServer({ seed: true, env: { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: 'https://hotel.example/contact' } });
    try {
      const other = client(configured.url);
      const r = await other.get(`${base}/public-key/`, await login(other, 'sarah'));
      assert.equal(r.body.public_key, keys.publicKey);
    } finally {
      await configured.close();
    }
    assert.throws(() => loadConfig({ VAPID_PUBLIC_KEY: keys.publicKey }), (e: unknown) => e instanceof ConfigError && /set together/.test(e.message));
    assert.throws(() => loadConfig({ VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: keys.privateKey }), /65 bytes/);
    assert.throws(() => loadConfig({ VAPID_SUBJECT: 'hotel@example.com' }), /VAPID_SUBJECT/);
  });
});
