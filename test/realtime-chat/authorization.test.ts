// Who may subscribe to which chat channel, decided by the real POST /pusher/auth/ from the bearer
// token pusher-js sends; and revocation that reaches live sockets at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  base, channelOf, Cleanup, client, connect, guestTab, HOTEL, signIn, staffOnDuty,
  type Client, type GuestTab, type Participant, type SignedIn,
} from '../helpers/chat.js';

const REVOKED = 4009;

let server: TestServer;
let api: Client;
const staff: Record<string, SignedIn> = {};
const cleanup = new Cleanup();

before(async () => {
  server = await startTestServer();
  api = client(server.url);
  for (const name of ['sarah', 'mike', 'manager', 'olga']) staff[name] = await signIn(api, name);
});
after(async () => {
  await cleanup.run();
  await server.close();
});

const who = (name: string): SignedIn => staff[name]!;
const as = async (name: string, token: string | null): Promise<Participant> => cleanup.participant(await connect(name, server.url, token));
const tab = async (room: number, opts: { pin?: string } = {}): Promise<GuestTab> => cleanup.participant(await guestTab(server.url, room, opts));

describe('subscription authorization', () => {
  it('lets a guest into their own room channel and no other channel', async () => {
    const g = await tab(101);
    assert.equal(g.session.pusher_channel, channelOf.room(101));
    const convo = g.session.conversation_id;
    for (const channel of [
      channelOf.room(102), channelOf.conversation(convo), channelOf.inbox(), channelOf.presence(),
      channelOf.staff(who('sarah').staff.id), channelOf.room(201, 'hotel-xyz'), channelOf.room(101, 'hotel-xyz'),
    ]) {
      assert.equal(await g.refused(channel), 403, channel);
    }
    assert.equal(g.state, 'connected', 'refusals leave the connection up');
  });

  it('lets staff into every channel of their hotel except a colleague\'s personal channel', async () => {
    const convo = (await api.get(`${base}/`, who('sarah').token)).body[0].conversation_id as number;
    const sarah = await as('sarah', who('sarah').token);
    for (const channel of [channelOf.room(101), channelOf.conversation(convo), channelOf.inbox(), channelOf.presence(), channelOf.staff(who('sarah').staff.id)]) {
      await sarah.subscribe(channel);
    }
    assert.equal(await sarah.refused(channelOf.staff(who('mike').staff.id)), 403);
    const members = await server.realtime.members(channelOf.presence());
    assert.deepEqual(members.map((m) => m.id), [String(who('sarah').staff.id)]);
    assert.deepEqual(members[0]!.info, { name: 'Sarah Jones', role: 'Receptionist', profile_image: null }, 'presence info comes from the server, not the client');
  });

  it('refuses staff of another hotel every channel of this one', async () => {
    const olga = await as('olga', who('olga').token);
    const convo = (await api.get(`${base}/`, who('sarah').token)).body[0].conversation_id as number;
    for (const channel of [channelOf.room(101), channelOf.conversation(convo), channelOf.inbox(), channelOf.presence(), channelOf.staff(who('sarah').staff.id)]) {
      assert.equal(await olga.refused(channel), 403, channel);
    }
    await olga.subscribe(channelOf.inbox('hotel-xyz'));
    await olga.subscribe(channelOf.room(201, 'hotel-xyz'));
  });

  it('refuses anonymous clients, unknown tokens and signed-out tokens with 401', async () => {
    const signedOut = await signIn(api, 'mike');
    assert.equal((await api.post('/auth/logout/', signedOut.token)).status, 204);
    for (const [name, token] of [['anonymous', null], ['forged', 'cst_not-a-real-token'], ['signed out', signedOut.token]] as const) {
      const p = await as(name, token);
      assert.equal(await p.refused(channelOf.room(101)), 401, `${name}: room`);
      assert.equal(await p.refused(channelOf.presence()), 401, `${name}: presence`);
      assert.equal(await p.refused(channelOf.inbox()), 401, `${name}: inbox`);
    }
  });
});

describe('revocation on live sockets', () => {
  it('closes every socket of a checked-out stay with 4009 at once, and no one else\'s', async () => {
    const first = await tab(104);
    const sameSession = cleanup.participant(await connect('guest 104, second tab', server.url, first.session.session_token));
    await sameSession.subscribe(first.session.pusher_channel);
    const otherDevice = await tab(104);
    const neighbour = await tab(103);
    const desk = cleanup.participant(await staffOnDuty(server.url, who('sarah'), [channelOf.room(104)]));

    const r = await api.post(`/admin/${HOTEL}/rooms/104/check-out/`, who('manager').token);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await Promise.all([first, sameSession, otherDevice].map((p) => p.closedWith(REVOKED)));

    assert.equal(neighbour.state, 'connected');
    assert.equal(desk.state, 'connected');
    await api.post(`${base}/${neighbour.session.conversation_id}/messages/send/`, neighbour.session.session_token, { message: 'still here' });
    await neighbour.expect(neighbour.session.pusher_channel, 'new-message');
    await desk.expect(channelOf.inbox(), 'new-guest-message', (d) => d.message === 'still here');
    const again = await as('guest 104 after check-out', first.session.session_token);
    assert.equal(await again.refused(first.session.pusher_channel), 401, 'the ended session cannot subscribe again');
  });

  it('closes the earlier guest\'s sockets when the room is checked in again', async () => {
    const earlier = await tab(105);
    const r = await api.post(`/admin/${HOTEL}/rooms/105/check-in/`, who('manager').token, { guest_name: 'Next Guest' });
    assert.equal(r.status, 201);
    await earlier.closedWith(REVOKED);
    const next = await tab(105, { pin: r.body.pin });
    assert.equal(next.session.pusher_channel, channelOf.room(105));
    assert.notEqual(next.session.conversation_id, earlier.session.conversation_id);
  });

  it('closes a deactivated staff member\'s sockets, on every token, and only theirs', async () => {
    const created = await api.post(`/admin/${HOTEL}/staff/`, who('manager').token, {
      username: 'temp', password: 'amber-kettle-9', first_name: 'Tim', last_name: 'Temp', role: 'Receptionist',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const tokens = [];
    for (let i = 0; i < 2; i += 1) {
      const r = await api.post('/auth/login/', undefined, { username: 'temp', password: 'amber-kettle-9' });
      tokens.push(r.body.token as string);
    }
    const desks = [];
    for (const token of tokens) desks.push(cleanup.participant(await staffOnDuty(server.url, { token, staff: created.body })));
    const colleague = cleanup.participant(await staffOnDuty(server.url, who('mike')));

    const r = await api.patch(`/admin/${HOTEL}/staff/${created.body.id}/`, who('manager').token, { is_active: false });
    assert.equal(r.status, 200);
    await Promise.all(desks.map((d) => d.closedWith(REVOKED)));
    assert.equal(colleague.state, 'connected');
    const again = await as('temp after deactivation', tokens[0]!);
    assert.equal(await again.refused(channelOf.inbox()), 401);
    assert.equal(await server.realtime.isMember(channelOf.presence(), String(created.body.id)), false, 'gone from the on-duty list');
  });

  it('closes the sockets of a token that signs out, and not those of the same person\'s other sign-in', async () => {
    const laptop = await signIn(api, 'sarah');
    const phone = await signIn(api, 'sarah');
    const onLaptop = cleanup.participant(await staffOnDuty(server.url, laptop));
    const onPhone = cleanup.participant(await staffOnDuty(server.url, phone));

    assert.equal((await api.post('/auth/logout/', laptop.token)).status, 204);
    await onLaptop.closedWith(REVOKED);
    assert.equal(onPhone.state, 'connected');
    const g = await tab(102);
    await api.post(`${base}/${g.session.conversation_id}/messages/send/`, g.session.session_token, { message: 'phone check' });
    await onPhone.expect(channelOf.inbox(), 'new-guest-message', (d) => d.message === 'phone check');
    assert.equal(await server.realtime.isMember(channelOf.presence(), String(phone.staff.id)), true, 'still on duty from the phone');
  });

  it('closes a staff member\'s sockets when a manager resets their password', async () => {
    const mike = await signIn(api, 'mike');
    const desk = cleanup.participant(await staffOnDuty(server.url, mike));
    const r = await api.patch(`/admin/${HOTEL}/staff/${mike.staff.id}/`, who('manager').token, { password: 'a-new-password-1' });
    assert.equal(r.status, 200);
    assert.equal((await api.get('/auth/me/', mike.token)).status, 401, 'the token has ended');
    await desk.closedWith(REVOKED, 2000);
  });
});
