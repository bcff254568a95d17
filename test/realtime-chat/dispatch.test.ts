// What the dispatcher promises, forced rather than hoped for: events leave in commit order even
// when a listener is slow, nothing is published for a refused send, every guest session counts,
// and a revocation that lands while /pusher/auth/ is running still ends the socket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DomainEvent } from '../../src/domain/domain-events.js';
import type { Listener } from '../../src/events/dispatcher.js';
import { guest, login } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { base, Cleanup, client, connect, sleep, waitFor, type Client } from '../helpers/chat.js';

const REVOKED = 4009;

/** Holds the first hand-over of a handoff until released, then lets everything through (sign-ins pass: they are audited). */
function slowFirst(): Listener & { entered: Promise<void>; open(): void } {
  let enter: () => void = () => undefined;
  let open: () => void = () => undefined;
  const entered = new Promise<void>((r) => (enter = r));
  const gate = new Promise<void>((r) => (open = r));
  let first = true;
  return {
    name: 'slow-first',
    entered,
    open: () => open(),
    async handle(events) {
      if (!first || !events.some((e) => e.type === 'handler-changed')) return;
      first = false;
      enter();
      await gate;
    },
  };
}

function recorder(): Listener & { seen: DomainEvent[] } {
  const seen: DomainEvent[] = [];
  return { name: 'recorder', seen, handle: async (events) => void seen.push(...events) };
}

let server: TestServer;
let api: Client;
const slow = slowFirst();
const record = recorder();
const cleanup = new Cleanup();
before(async () => {
  server = await startTestServer({ listeners: [slow, record] });
  api = client(server.url);
});
after(async () => {
  await cleanup.run();
  await server.close();
});

describe('the dispatcher', () => {
  it('hands events on in commit order while an earlier hand-over is still running', async () => {
    const [sarah, mike] = [await login(api, 'sarah'), await login(api, 'mike')];
    const g = await guest(api, 101);
    const first = api.post(`${base}/${g.conversation_id}/assign-staff/`, sarah);
    await slow.entered; // Sarah's change is committed and stuck in the first listener
    const second = api.post(`${base}/${g.conversation_id}/assign-staff/`, mike);
    await sleep(300); // time enough for Mike's command to overtake, were it allowed to
    slow.open();
    assert.equal((await first).status, 200);
    assert.equal((await second).status, 200);
    const history = (await api.get(`${base}/${g.conversation_id}/assignments/`, sarah)).body as Array<{ staff: { name: string } }>;
    const handed = record.seen.flatMap((e) => (e.type === 'handler-changed' && e.conversation.id === g.conversation_id ? [e.to?.firstName] : []));
    assert.deepEqual(handed, ['Sarah', 'Mike']);
    assert.deepEqual(history.map((h) => h.staff.name.split(' ')[0]), handed);
    const published = server.events.filter((e) => e.name === 'staff-assigned' && e.channel.endsWith('-staff-inbox')).map((e) => (e.data as { staff: { name: string } }).staff.name);
    assert.deepEqual(published.slice(-2), ['Sarah Jones', 'Mike Thompson']);
  });

  it('counts every active guest session of the stay in sessions_updated', async () => {
    const [a, b] = [await guest(api, 104), await guest(api, 104)];
    assert.notEqual(a.session_token, b.session_token);
    const emma = await login(api, 'emma');
    const r = await api.post(`${base}/${a.conversation_id}/assign-staff/`, emma);
    assert.equal(r.body.sessions_updated, 2);
  });

  it("answers 409 to the handler's message into a checked-out stay, stores nothing and publishes nothing", async () => {
    const g = await guest(api, 103);
    const [john, manager] = [await login(api, 'john'), await login(api, 'manager')];
    assert.equal((await api.post(`${base}/${g.conversation_id}/messages/send/`, john, { message: 'Welcome!' })).status, 201, 'John is the handler now');
    assert.equal((await api.post('/admin/hotel-abc/rooms/103/check-out/', manager)).status, 200);
    const [events, domainEvents] = [server.events.length, record.seen.length];
    const r = await api.post(`${base}/${g.conversation_id}/messages/send/`, john, { message: 'One more thing' });
    assert.equal(r.status, 409);
    assert.equal(r.body.code, 'conflict');
    const messages = (await api.get(`${base}/${g.conversation_id}/messages/`, john)).body as Array<{ message: string }>;
    assert.deepEqual(messages.map((m) => m.message), ['Welcome!']);
    assert.equal(server.events.length, events, 'no realtime event');
    assert.equal(record.seen.length, domainEvents, 'no domain event');
  });
});

describe('/pusher/auth/ and a revocation in flight', () => {
  it('ends a socket whose token was revoked while its subscription was being signed', async () => {
    const token = await login(api, 'emma');
    const tab = cleanup.participant(await connect('emma', server.url, null));
    const original = server.realtime.registerSocketPrincipals.bind(server.realtime);
    // The logout commits and cuts Emma's sockets after the route checked her token but before
    // this socket is registered under it, so only the route's second look can catch it.
    server.realtime.registerSocketPrincipals = async (socketId, principals) => {
      server.realtime.registerSocketPrincipals = original;
      assert.equal((await api.post('/auth/logout/', token)).status, 204);
      return original(socketId, principals);
    };
    const r = await api.post('/pusher/auth/', token, { socket_id: tab.socketId, channel_name: 'private-hotel-abc-staff-inbox' });
    assert.equal(r.status, 401);
    await waitFor(() => tab.state !== 'connected', "Emma's socket to be closed");
    assert.ok(tab.errorCodes.includes(REVOKED) || tab.state !== 'connected');
  });
});
