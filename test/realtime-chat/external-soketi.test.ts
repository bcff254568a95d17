// The external-service path against a second, independent Pusher-compatible server: Soketi 1.6
// (bench/peers/soketi, installed on demand as `npm run bench` does; .ci/run installs it from the
// lock file). Concierge publishes through PUSHER_HOST/PUSHER_PORT, pusher-js clients connect to
// Soketi with the options of Concierge's GET /pusher/config/ and are authorized by Concierge, and
// Soketi posts its presence webhooks to Concierge's POST /pusher/webhooks. The same product
// behaviour as the built-in server: replies reach the guest, handler presence, long messages.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import PusherServer from 'pusher';
import { freePort } from '../../bench/lib/net.js';
import { installSoketi, soketiProblem, startSoketi, type RunningSoketi } from '../../bench/lib/soketi.js';
import { hmacSha256Hex } from '../../src/realtime/signature.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { base, channelOf, Cleanup, client, guestTab, signIn, sleep, staffOnDuty, type Client } from '../helpers/chat.js';

const APP = { id: 'concierge-soketi-test', key: 'soketi-test-key', secret: 'soketi-test-secret-0123456789' } as const;
const GRACE_MS = 300;

/** Soketi installed and loadable; on a developer machine installed now if missing; required under CI. */
async function soketiAvailable(): Promise<boolean> {
  const ci = process.env.CI === 'true';
  let problem = soketiProblem();
  if (problem === 'not installed' && !ci) problem = installSoketi((line) => process.stdout.write(`# ${line}\n`));
  if (problem === null) return true;
  if (ci) throw new Error(`Soketi is required under CI=true (.ci/run installs it: cd bench/peers/soketi && npm ci --ignore-scripts) but: ${problem}`);
  process.stdout.write(`# SKIPPED: Soketi is not available on this machine: ${problem}\n`);
  return false;
}
const available = await soketiAvailable();

const logFile = join(tmpdir(), `concierge-soketi-test-${process.pid}.log`);
const cleanup = new Cleanup();
let soketi: RunningSoketi;
let app: TestServer;
let api: Client;
/** The back end's view of Soketi: its own HTTP API, through the official SDK. */
let soketiApi: PusherServer;

before(async () => {
  if (!available) return;
  // Soketi needs Concierge's webhook URL at start, and Concierge needs Soketi's port.
  const conciergePort = await freePort();
  soketi = await startSoketi(logFile, (config) => ({
    ...config,
    'appManager.array.apps': [{
      ...APP,
      enabled: true,
      enableClientMessages: true,
      enableUserAuthentication: true,
      maxConnections: -1,
      maxBackendEventsPerSecond: -1,
      maxClientEventsPerSecond: -1,
      maxReadRequestsPerSecond: -1,
      // Hosted Pusher's limit; Soketi's own default is 100 KB.
      maxEventPayloadInKb: 10,
      webhooks: [{
        url: `http://127.0.0.1:${conciergePort}/pusher/webhooks`,
        event_types: ['member_added', 'member_removed', 'channel_occupied', 'channel_vacated'],
      }],
    }],
  }));
  app = await startTestServer({
    presenceGraceMs: GRACE_MS,
    env: {
      PORT: String(conciergePort),
      PUSHER_APP_ID: APP.id,
      PUSHER_KEY: APP.key,
      PUSHER_SECRET: APP.secret,
      PUSHER_HOST: '127.0.0.1',
      PUSHER_PORT: String(soketi.port),
      PUSHER_USE_TLS: '0',
    },
  });
  api = client(app.url);
  soketiApi = new PusherServer({ appId: APP.id, key: APP.key, secret: APP.secret, host: '127.0.0.1', port: String(soketi.port), useTLS: false });
});
after(async () => {
  if (!available) return;
  await cleanup.run();
  await app?.close();
  await soketi?.stop();
  rmSync(logFile, { force: true });
});

async function soketiChannel(name: string): Promise<{ occupied: boolean; subscription_count?: number; user_count?: number }> {
  const info = name.startsWith('presence-') ? 'user_count' : 'subscription_count';
  const r = await soketiApi.get({ path: `/channels/${name}`, params: { info } });
  return (await r.json()) as { occupied: boolean };
}

const handlerPresence = (convo: number) => app.events.filter((e) => e.name === 'handler-presence' && (e.data as { conversation_id: number }).conversation_id === convo);

/** 4,000 characters (UTF-16 units, as the server counts them) of Japanese and emoji: over 11 KB as JSON. */
function longMessage(): string {
  const text = 'お湯が出ません🛁'.repeat(444) + 'ありがと';
  assert.equal(text.length, 4000);
  assert.ok(Buffer.byteLength(JSON.stringify({ message: text }), 'utf8') > 10 * 1024);
  return text;
}

describe('Concierge on Soketi (PUSHER_HOST)', { skip: !available }, () => {
  it('a guest connected to Soketi hears a staff reply sent over Concierge\'s HTTP API', async () => {
    const config = (await api.get('/pusher/config/')).body;
    assert.equal(config.wsHost, '127.0.0.1');
    assert.equal(config.wsPort, soketi.port);
    const sarah = await signIn(api, 'sarah');
    const g = cleanup.participant(await guestTab(app.url, 101));
    assert.equal((g.pusher.config as { wsPort?: number }).wsPort, soketi.port, 'the guest is connected to Soketi');
    assert.deepEqual(await soketiChannel(g.session.pusher_channel), { occupied: true, subscription_count: 1 }, 'Soketi holds the guest\'s subscription');

    const convo = g.session.conversation_id;
    const asked = await api.post(`${base}/${convo}/messages/send/`, g.session.session_token, { message: 'Is breakfast included?' });
    assert.equal(asked.status, 201);
    const reply = await api.post(`${base}/${convo}/messages/send/`, sarah.token, { message: 'Yes, from 7 to 10 in the lobby.' });
    assert.equal(reply.status, 201);
    const heard = await g.expect(g.session.pusher_channel, 'new-staff-message', (d) => d.id === reply.body.message.id);
    assert.deepEqual(heard.data, reply.body.message);
    await g.expect(g.session.pusher_channel, 'staff-assigned', (d) => d.staff_id === sarah.staff.id);
  });

  it('handler presence: Soketi\'s member_added and member_removed webhooks reach the guest', async () => {
    const sarah = await signIn(api, 'sarah');
    const g = cleanup.participant(await guestTab(app.url, 102));
    const convo = g.session.conversation_id;
    assert.equal((await api.post(`${base}/${convo}/assign-staff/`, sarah.token)).status, 200);
    const before = await api.post('/chat/hotel-abc/guest-session/room/102/initialize/', undefined, { pin: '1234' });
    assert.equal(before.body.current_staff_handler.online, false, 'Sarah is not on Soketi\'s presence channel yet');

    // Sarah's dashboard joins the hotel's presence channel on Soketi (authorized by Concierge);
    // Concierge has no socket of its own here: only Soketi's webhook can tell it.
    const desk = await staffOnDuty(app.url, sarah);
    assert.equal((await soketiChannel(channelOf.presence())).user_count, 1);
    const online = await g.expect(g.session.pusher_channel, 'handler-presence', (d) => d.online === true);
    assert.deepEqual(online.data, { conversation_id: convo, staff_id: sarah.staff.id, online: true });
    const during = await api.post('/chat/hotel-abc/guest-session/room/102/initialize/', undefined, { pin: '1234' });
    assert.equal(during.body.current_staff_handler.online, true, 'asked from Soketi\'s users API');

    desk.release();
    const offline = await g.expect(g.session.pusher_channel, 'handler-presence', (d) => d.online === false, 5000 + GRACE_MS);
    assert.deepEqual(offline.data, { conversation_id: convo, staff_id: sarah.staff.id, online: false });
    assert.deepEqual(handlerPresence(convo).map((e) => (e.data as { online: boolean }).online), [true, false], 'one event each way');
  });

  it('a 4,000-character message in Japanese and emoji arrives trimmed with truncated: true and is fetched whole', async () => {
    const sarah = await signIn(api, 'sarah');
    const g = cleanup.participant(await guestTab(app.url, 103));
    const convo = g.session.conversation_id;
    const desk = cleanup.participant(await staffOnDuty(app.url, sarah, [channelOf.conversation(convo)]));
    const text = longMessage();
    const sent = await api.post(`${base}/${convo}/messages/send/`, g.session.session_token, { message: text });
    assert.equal(sent.status, 201);
    const stored = sent.body.message;
    assert.equal(stored.message, text);

    const expected = { ...stored, message: [...text].slice(0, 500).join(''), truncated: true };
    for (const [who, channel, event] of [
      [g, g.session.pusher_channel, 'new-message'],
      [desk, channelOf.inbox(), 'new-guest-message'],
      [desk, channelOf.conversation(convo), 'new-message'],
    ] as const) {
      const heard = await who.expect(channel, event, (d) => d.id === stored.id);
      assert.deepEqual(heard.data, expected, `${event} on ${channel}`);
    }
    // The events after it still arrive, in order: nothing was refused along the way.
    await desk.expect(channelOf.conversation(convo), 'message-delivered', (d) => d.message_id === stored.id);

    // The whole message, over HTTP, for staff and for the guest.
    for (const token of [sarah.token, g.session.session_token]) {
      const r = await api.get(`${base}/${convo}/messages/?before_id=${stored.id + 1}&limit=1`, token);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, [stored]);
    }
    // Untrimmed, Soketi (like hosted Pusher) refuses it; Soketi 1.6 says so in the body of a 200.
    const untrimmed = await soketiApi.trigger(channelOf.conversation(convo), 'new-message', stored);
    assert.deepEqual(await untrimmed.json(), { error: 'The event data should be less than 10 KB.', code: 413 });
  });

  it('refuses a forged webhook, and acts on a genuine one', async () => {
    const mike = await signIn(api, 'mike');
    const g = cleanup.participant(await guestTab(app.url, 104));
    const convo = g.session.conversation_id;
    assert.equal((await api.post(`${base}/${convo}/assign-staff/`, mike.token)).status, 200);
    const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'member_added', channel: channelOf.presence(), user_id: String(mike.staff.id) }] });
    const post = (headers: Record<string, string>, raw = body) => api.call('POST', '/pusher/webhooks', { raw, headers: { 'content-type': 'application/json', ...headers } });

    const forged: Array<Record<string, string>> = [
      { 'x-pusher-key': APP.key, 'x-pusher-signature': hmacSha256Hex('not-the-secret', body) },
      { 'x-pusher-key': 'another-key', 'x-pusher-signature': hmacSha256Hex(APP.secret, body) },
      { 'x-pusher-key': APP.key },
      {},
    ];
    for (const headers of forged) {
      const r = await post(headers);
      assert.equal(r.status, 401, JSON.stringify(headers));
      assert.equal(r.body.code, 'not_authenticated');
    }
    // Signed for another body: the signature covers the exact bytes.
    assert.equal((await post({ 'x-pusher-key': APP.key, 'x-pusher-signature': hmacSha256Hex(APP.secret, body) }, `${body} `)).status, 401);
    const malformed = '{"events": "no"}';
    const bad = await post({ 'x-pusher-key': APP.key, 'x-pusher-signature': hmacSha256Hex(APP.secret, malformed) }, malformed);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'invalid_request');
    await sleep(GRACE_MS);
    assert.deepEqual(handlerPresence(convo), [], 'nothing came of the refused webhooks');
    assert.ok(!g.seen({ event: 'handler-presence' }).length, 'the guest heard nothing');

    const genuine = await post({ 'x-pusher-key': APP.key, 'x-pusher-signature': hmacSha256Hex(APP.secret, body) });
    assert.equal(genuine.status, 200);
    await g.expect(g.session.pusher_channel, 'handler-presence', (d) => d.online === true && d.staff_id === mike.staff.id);
    // Mike is not really on Soketi: when a genuine member_removed's grace ends, Soketi is asked and says so.
    const removed = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'member_removed', channel: channelOf.presence(), user_id: String(mike.staff.id) }] });
    assert.equal((await post({ 'x-pusher-key': APP.key, 'x-pusher-signature': hmacSha256Hex(APP.secret, removed) }, removed)).status, 200);
    await g.expect(g.session.pusher_channel, 'handler-presence', (d) => d.online === false, 5000 + GRACE_MS);
  });

  it('a burst of concurrent forged webhooks is refused without effect', async () => {
    const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'member_added', channel: channelOf.presence(), user_id: '1' }] });
    const before = app.events.length;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      api.call('POST', '/pusher/webhooks', { raw: body, headers: { 'x-pusher-key': APP.key, 'x-pusher-signature': hmacSha256Hex(`guess-${i}`, body) } })));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [401]);
    await sleep(GRACE_MS);
    assert.equal(app.events.length, before);
    assert.equal((await api.get('/healthz')).status, 200);
  });
});
