// Guessing limits under concurrency: every attempt is counted before it is judged, so a burst
// never gets more guesses judged than the budget, and the real guest or staff member trying from
// their own address is not locked out by someone guessing from elsewhere (docs/security.md).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, DEMO_PASSWORD, login, type Answer, type Client } from '../helpers/http.js';
import { newSchemaName, serverForFile, startTestServer, type TestServer } from '../helpers/server.js';
import { need, POSTGRES_URL } from '../helpers/services.js';

// TRUST_PROXY=1 lets each request name its address in X-Forwarded-For, as a proxy would.
const LIMITS = {
  TRUST_PROXY: '1',
  PIN_LIMIT_PER_ROOM_AND_ADDRESS: '5',
  PIN_LIMIT_PER_ROOM: '8',
  PIN_LIMIT_PER_ADDRESS: '40',
  LOGIN_LIMIT_PER_USER_AND_ADDRESS: '5',
  LOGIN_LIMIT_PER_USER: '8',
  LOGIN_LIMIT_PER_ADDRESS: '8',
  HASH_QUEUE: '1000',
};

const pinPath = (room: number, hotel = 'hotel-abc') => `/chat/${hotel}/guest-session/room/${room}/initialize/`;
const from = (address: string) => ({ 'x-forwarded-for': address });
const pin = (api: Client, room: number, body: Record<string, string>, address: string, hotel?: string) =>
  api.call('POST', pinPath(room, hotel), { body, headers: from(address) });
const signIn = (api: Client, username: string, password: string, address: string) =>
  api.call('POST', '/auth/login/', { body: { username, password }, headers: from(address) });

/** How many answers were judged (not refused by a limit), after checking every refusal is a proper 429. */
function judged(answers: Answer[]): number {
  for (const a of answers.filter((x) => x.status === 429)) {
    assert.equal(a.body.code, 'rate_limited');
    assert.ok(Number(a.headers.get('retry-after')) >= 1, 'a 429 says when to come back');
  }
  return answers.filter((a) => a.status !== 429).length;
}

const ctx = serverForFile({ env: LIMITS });

describe('PIN attempts', () => {
  it('judges no more guesses than the budget when 24 wrong PINs arrive at once from one address', async () => {
    const answers = await Promise.all(Array.from({ length: 24 }, () => pin(ctx.api, 101, { pin: '0000' }, '10.1.0.1')));
    assert.equal(judged(answers), 5);
    assert.ok(answers.every((a) => a.status === 401 || a.status === 429));
    assert.equal((await pin(ctx.api, 101, { pin: '1234' }, '10.1.0.1')).status, 429, 'this address has spent its budget for the room');
  });

  it('judges no more guesses than the room’s ceiling when they come from 16 addresses at once', async () => {
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => pin(ctx.api, 102, { pin: '0000' }, `10.2.0.${i + 1}`)));
    assert.equal(judged(answers), 8);
  });

  it('lets the real guest in with the right PIN while an attacker guesses from elsewhere', async () => {
    const attack = Promise.all(Array.from({ length: 16 }, () => pin(ctx.api, 103, { pin: '9999' }, '10.3.0.66')));
    const guest = await pin(ctx.api, 103, { pin: '1234' }, '10.3.0.7');
    assert.equal(guest.status, 200);
    assert.equal(judged(await attack), 5);
    const later = await pin(ctx.api, 103, { pin: '1234' }, '10.3.0.8');
    assert.equal(later.status, 200, 'the room is not locked for other addresses');
  });

  it('never limits a guest who already holds a session of the stay, even when the room’s ceiling is reached', async () => {
    const held = (await pin(ctx.api, 104, { pin: '1234' }, '10.4.0.1')).body.session_token as string;
    await Promise.all(Array.from({ length: 12 }, (_, i) => pin(ctx.api, 104, { pin: '0000' }, `10.4.1.${i + 1}`)));
    assert.equal((await pin(ctx.api, 104, { pin: '1234' }, '10.4.2.1')).status, 429, 'a new device waits for the window');
    const again = await pin(ctx.api, 104, { pin: '1234', session_token: held }, '10.4.2.1');
    assert.equal(again.status, 200);
    assert.equal(again.body.session_token, held);
    assert.equal(again.body.is_new_session, false);
  });

  it('gives a new session to a PIN sign-in that sends a valid session of another room', async () => {
    const other = (await pin(ctx.api, 105, { pin: '1234' }, '10.5.0.1')).body.session_token as string;
    const manager = await login(ctx.api, 'manager');
    const stay = await ctx.api.post('/admin/hotel-abc/rooms/111/check-in/', manager, { guest_name: 'Ada Lovelace' });
    assert.equal(stay.status, 201);
    const r = await pin(ctx.api, 111, { pin: stay.body.pin, session_token: other }, '10.5.0.1');
    assert.equal(r.status, 200);
    assert.equal(r.body.is_new_session, true);
    assert.notEqual(r.body.session_token, other);
    assert.equal(r.body.room_number, 111);
    const v = await ctx.api.get(`/chat/guest-session/${r.body.session_token}/validate/`);
    assert.equal(v.body.room_number, 111);
  });

  it('answers an unknown hotel, a missing room, an empty room and a wrong PIN alike', async () => {
    const answers = [
      await pin(ctx.api, 101, { pin: '0000' }, '10.6.0.1', 'no-such-hotel'),
      await pin(ctx.api, 999, { pin: '0000' }, '10.6.0.2'),
      await pin(ctx.api, 115, { pin: '0000' }, '10.6.0.3'),
      await pin(ctx.api, 106, { pin: '0000' }, '10.6.0.4'),
    ];
    const manager = await login(ctx.api, 'manager');
    assert.equal((await ctx.api.post('/admin/hotel-abc/rooms/106/check-in/', manager, { guest_name: 'Occupant' })).status, 201);
    answers.push(await pin(ctx.api, 106, { pin: '0000' }, '10.6.0.5'));
    for (const a of answers) assert.deepEqual({ status: a.status, body: a.body }, { status: 401, body: answers[0]!.body });
    // Each is counted the same way too: the limit does not tell them apart either.
    const limited = await Promise.all(Array.from({ length: 8 }, () => pin(ctx.api, 998, { pin: '0000' }, '10.6.1.1')));
    assert.equal(judged(limited), 5);
  });
});

describe('staff sign-in attempts', () => {
  it('judges no more passwords than the budget when 23 wrong ones and the right one arrive at once', async () => {
    const wrong = Array.from({ length: 23 }, (_, i) => signIn(ctx.api, 'john', `wrong-${i}`, '10.7.0.1'));
    const answers = await Promise.all([...wrong, signIn(ctx.api, 'john', DEMO_PASSWORD, '10.7.0.1')]);
    assert.ok(judged(answers) <= 5, `judged ${judged(answers)}`);
    assert.equal((await signIn(ctx.api, 'john', DEMO_PASSWORD, '10.7.0.1')).status, 429);
  });

  it('lets the staff member sign in from their own address while someone guesses their password elsewhere', async () => {
    const attack = Promise.all(Array.from({ length: 12 }, (_, i) => signIn(ctx.api, 'emma', `guess-${i}`, '10.8.0.66')));
    assert.equal((await signIn(ctx.api, 'emma', DEMO_PASSWORD, '10.8.0.5')).status, 200);
    assert.equal(judged(await attack), 5);
    assert.equal((await signIn(ctx.api, 'emma', DEMO_PASSWORD, '10.8.0.6')).status, 200);
  });

  it('limits failures per address across usernames, and only that address', async () => {
    for (let i = 0; i < 8; i++) assert.equal((await signIn(ctx.api, `nobody-${i}`, 'x-wrong-pass', '10.9.0.1')).status, 401);
    const limited = await signIn(ctx.api, 'sarah', DEMO_PASSWORD, '10.9.0.1');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await signIn(ctx.api, 'sarah', DEMO_PASSWORD, '10.9.0.2')).status, 200);
  });

  it('believes X-Forwarded-For only from a trusted proxy: without TRUST_PROXY every request is the socket’s address', async () => {
    const server = await startTestServer({ env: { LOGIN_LIMIT_PER_ADDRESS: '3' } });
    try {
      const api = client(server.url);
      for (let i = 0; i < 3; i++) assert.equal((await signIn(api, `user-${i}`, 'wrong-password', `10.10.0.${i}`)).status, 401);
      assert.equal((await signIn(api, 'sarah', DEMO_PASSWORD, '10.10.0.99')).status, 429, 'a rotated X-Forwarded-For does not buy a new budget');
    } finally {
      await server.close();
    }
  });
});

describe('attempt limits on two nodes sharing one PostgreSQL', () => {
  let nodes: TestServer[] = [];
  let ok = false;
  before(async () => {
    ok = await need('postgres');
    if (!ok) return;
    const schema = newSchemaName();
    const a = await startTestServer({ env: LIMITS, databaseUrl: POSTGRES_URL, schema });
    const b = await startTestServer({ env: LIMITS, databaseUrl: POSTGRES_URL, schema, seed: false });
    nodes = [a, b];
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.close()));
  });

  it('judges no more PIN guesses than the budget when a burst is spread over both nodes', async (t) => {
    if (!ok) return t.skip('PostgreSQL is not available');
    const apis = nodes.map((n) => client(n.url));
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => pin(apis[i % 2]!, 101, { pin: '0000' }, '10.11.0.1')));
    assert.equal(judged(answers), 5);
    const spread = await Promise.all(Array.from({ length: 16 }, (_, i) => pin(apis[i % 2]!, 102, { pin: '0000' }, `10.11.1.${i}`)));
    assert.equal(judged(spread), 8);
    assert.equal((await pin(apis[1]!, 103, { pin: '1234' }, '10.11.2.1')).status, 200, 'the real guest gets in on either node');
  });

  it('judges no more passwords than the budget when a burst is spread over both nodes', async (t) => {
    if (!ok) return t.skip('PostgreSQL is not available');
    const apis = nodes.map((n) => client(n.url));
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => signIn(apis[i % 2]!, 'mike', `wrong-${i}`, '10.12.0.1')));
    assert.equal(judged(answers), 5);
  });
});
