// Laravel Echo (its `pusher` broadcaster over pusher-js) against the real Concierge: the options a
// Laravel front end sets (authEndpoint, bearerToken, userAuthentication, or its own authorizer),
// Echo's channel API (private, join, whisper, listenForWhisper, error) and the user channel of
// `pusher:signin`. Events come from real HTTP actions; nothing is mocked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Echo from 'laravel-echo';
import PusherServer from 'pusher';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { base, channelOf, client, HOTEL, signIn, type Client, type SignedIn } from '../helpers/chat.js';
import { Pusher, release, trackTransports, type PusherClient } from '../helpers/pusher-js.js';
import { sleep, waitFor } from '../helpers/wait.js';

type EchoClient = Echo<'pusher'>;

let server: TestServer;
let api: Client;
const staff: Record<string, SignedIn> = {};
const opened: EchoClient[] = [];

before(async () => {
  server = await startTestServer();
  api = client(server.url);
  for (const name of ['sarah', 'mike', 'olga']) staff[name] = await signIn(api, name);
});
after(async () => {
  for (const echo of opened) release(pusherOf(echo));
  await server.close();
});

const who = (name: string): SignedIn => staff[name]!;
const pusherOf = (echo: EchoClient): PusherClient => echo.connector.pusher as unknown as PusherClient;
/** Echo's channel names leave out the `private-` / `presence-` prefix it adds itself. */
const bare = (channel: string): string => channel.replace(/^(private|presence)-/, '');

/**
 * An Echo as a Laravel front end builds it: the connection options from GET /pusher/config/,
 * Concierge's auth endpoints, the caller's token as Echo's `bearerToken` (Echo puts it in both
 * endpoints' Authorization header).
 */
async function echoFor(token: string | null, extra: Record<string, unknown> = {}): Promise<EchoClient> {
  const config = (await api.get('/pusher/config/')).body as { key: string; wsHost: string; wsPort: number; forceTLS: boolean };
  const echo = new Echo<'pusher'>({
    broadcaster: 'pusher',
    Pusher: Pusher as never,
    key: config.key,
    cluster: 'mt1',
    wsHost: config.wsHost,
    wsPort: config.wsPort,
    forceTLS: config.forceTLS,
    enabledTransports: ['ws'],
    disableStats: true,
    authEndpoint: `${server.url}/pusher/auth/`,
    // Fresh header objects: without them Echo writes the bearer token into its shared defaults,
    // and every Echo of one process would send the last one's token.
    auth: { headers: {} },
    userAuthentication: { endpoint: `${server.url}/pusher/user-auth/`, headers: {} },
    bearerToken: token,
    ...extra,
  } as never);
  trackTransports(pusherOf(echo));
  opened.push(echo);
  await waitFor(() => echo.connectionStatus() === 'connected', 'Echo to connect');
  return echo;
}

interface EchoChannel {
  subscription: { subscribed: boolean };
  subscribed(cb: () => void): unknown;
  error(cb: (e: { status?: number; type?: string }) => void): unknown;
}

/** Resolves once Echo's channel is subscribed; rejects with the status its `error` callback gets. */
function subscribedOrError(channel: EchoChannel, what: string): Promise<void> {
  if (channel.subscription.subscribed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), 5000);
    channel.subscribed(() => {
      clearTimeout(timer);
      resolve();
    });
    channel.error((e) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`${what} refused (${e.status})`), { status: e.status }));
    });
  });
}

/** The status Echo's `error` callback receives; fails if the subscription succeeds instead. */
function refusal(channel: EchoChannel, what: string): Promise<{ status?: number; type?: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what} to be refused`)), 5000);
    channel.subscribed(() => {
      clearTimeout(timer);
      reject(new Error(`${what} was allowed`));
    });
    channel.error((e) => {
      clearTimeout(timer);
      resolve(e);
    });
  });
}

async function guestSession(room: number): Promise<{ session_token: string; conversation_id: number; pusher_channel: string }> {
  const r = await api.post(`/chat/${HOTEL}/guest-session/room/${room}/initialize/`, undefined, { pin: '1234' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function signedIn(echo: EchoClient): Promise<string> {
  echo.connector.signin();
  const user = pusherOf(echo).user;
  await user.signinDonePromise;
  const id = (user.user_data as { id?: string } | null)?.id;
  assert.ok(id, 'pusher:signin succeeded');
  return id;
}

describe('Laravel Echo (pusher broadcaster) against Concierge', () => {
  it('private channels: staff hear a guest\'s message on the inbox and the conversation channel', async () => {
    const guest = await guestSession(103);
    const convo = guest.conversation_id;
    const sarah = await echoFor(who('sarah').token);
    const inbox: unknown[] = [];
    const conversation: unknown[] = [];
    const namespaced: unknown[] = [];
    const inboxChannel = sarah.private(bare(channelOf.inbox()))
      .listen('.new-guest-message', (data: unknown) => inbox.push(data))
      // Without the leading '.', Echo listens for `App\Events\new-guest-message`: Laravel's
      // event-class convention, which Concierge's event names are not.
      .listen('new-guest-message', (data: unknown) => namespaced.push(data));
    const conversationChannel = sarah.private(bare(channelOf.conversation(convo))).listen('.new-message', (data: unknown) => conversation.push(data));
    await subscribedOrError(inboxChannel, 'the inbox');
    await subscribedOrError(conversationChannel, 'the conversation channel');
    // With an empty namespace Echo takes names as they are.
    const plain: unknown[] = [];
    const mike = await echoFor(who('mike').token, { namespace: '' });
    await subscribedOrError(mike.private(bare(channelOf.inbox())).listen('new-guest-message', (data: unknown) => plain.push(data)), 'Mike\'s inbox');

    const sent = await api.post(`${base}/${convo}/messages/send/`, guest.session_token, { message: 'Could I have a late check-out?' });
    assert.equal(sent.status, 201);
    await waitFor(() => inbox.length === 1 && conversation.length === 1 && plain.length === 1, 'the message on both channels');
    assert.deepEqual(plain[0], sent.body.message);
    assert.deepEqual(inbox[0], sent.body.message);
    assert.deepEqual(conversation[0], sent.body.message);
    assert.deepEqual(namespaced, [], 'an un-dotted name is namespaced by Echo and matches nothing');

    // A staff reply made over HTTP reaches an Echo listener on the conversation channel as well.
    const reply = await api.post(`${base}/${convo}/messages/send/`, who('sarah').token, { message: 'Of course, until 2 pm.' });
    assert.equal(reply.status, 201);
    await waitFor(() => conversation.length === 2, 'the reply');
    assert.deepEqual(conversation[1], reply.body.message);

    sarah.leave(bare(channelOf.conversation(convo)));
    await waitFor(() => pusherOf(sarah).channel(channelOf.conversation(convo)) === undefined, 'Echo to leave');
    await api.post(`${base}/${convo}/messages/send/`, guest.session_token, { message: 'Thanks!' });
    await waitFor(() => inbox.length === 2, 'the second guest message on the inbox');
    assert.equal(conversation.length, 2, 'nothing more on a channel Echo left');
  });

  it('presence channels: here, joining and leaving carry the members the server signed', async () => {
    const sarah = await echoFor(who('sarah').token);
    let here: unknown[] | null = null;
    const joined: unknown[] = [];
    const left: unknown[] = [];
    const presence = sarah.join(bare(channelOf.presence()))
      .here((members: unknown[]) => {
        here = members;
      })
      .joining((member: unknown) => joined.push(member))
      .leaving((member: unknown) => left.push(member));
    await subscribedOrError(presence, 'the presence channel');
    assert.deepEqual(await waitFor(() => here, 'here()'), [{ name: 'Sarah Jones', role: 'Receptionist', profile_image: null }]);

    const mike = await echoFor(who('mike').token);
    await subscribedOrError(mike.join(bare(channelOf.presence())), 'Mike\'s presence');
    await waitFor(() => joined.length === 1, 'joining()');
    assert.deepEqual(joined, [{ name: 'Mike Thompson', role: 'Night Receptionist', profile_image: null }]);
    assert.deepEqual((await server.realtime.members(channelOf.presence())).map((m) => m.id).sort(), [String(who('mike').staff.id), String(who('sarah').staff.id)].sort());

    mike.leave(bare(channelOf.presence()));
    await waitFor(() => left.length === 1, 'leaving()');
    assert.deepEqual(left, [{ name: 'Mike Thompson', role: 'Night Receptionist', profile_image: null }]);
    sarah.leave(bare(channelOf.presence()));
  });

  it('whisper: the typing whisper crosses the room channel with the sender as the server knows it', async () => {
    const guest = await guestSession(104);
    const room = bare(guest.pusher_channel);
    const sarah = await echoFor(who('sarah').token);
    const visitor = await echoFor(guest.session_token);
    const stayId = await signedIn(visitor);
    assert.match(stayId, /^stay-\d+$/);
    await signedIn(sarah);

    const heard: unknown[] = [];
    const senders: unknown[] = [];
    pusherOf(sarah).connection.bind('message', (m: { event?: string; user_id?: unknown }) => {
      if (m.event === 'client-typing') senders.push(m.user_id);
    });
    await subscribedOrError(sarah.private(room).listenForWhisper('typing', (data: unknown) => heard.push(data)), 'staff on the room');
    const guestRoom = visitor.private(room);
    await subscribedOrError(guestRoom, 'the guest\'s room');
    const guestHeard: unknown[] = [];
    guestRoom.listenForWhisper('typing', (data: unknown) => guestHeard.push(data));

    guestRoom.whisper('typing', { sender_type: 'guest', typing: true });
    await waitFor(() => heard.length === 1, 'the whisper');
    assert.deepEqual(heard, [{ sender_type: 'guest', typing: true }]);
    assert.deepEqual(senders, [stayId], 'the frame names the guest\'s signed-in identity, not anything in the data');

    sarah.private(room).whisper('typing', { sender_type: 'staff', typing: true, staff_id: who('sarah').staff.id, name: 'Sarah' });
    await waitFor(() => guestHeard.length === 1, 'the staff whisper at the guest');
    assert.deepEqual(guestHeard, [{ sender_type: 'staff', typing: true, staff_id: who('sarah').staff.id, name: 'Sarah' }]);
    await sleep(100);
    assert.equal(heard.length, 1, 'a whisper never comes back to its sender');
  });

  it('whisper on the presence channel (client-viewing) names the member', async () => {
    const sarah = await echoFor(who('sarah').token);
    const mike = await echoFor(who('mike').token);
    const seen: Array<{ data: unknown; user: unknown }> = [];
    pusherOf(mike).connection.bind('message', (m: { event?: string; data?: unknown; user_id?: unknown }) => {
      if (m.event === 'client-viewing') seen.push({ data: m.data, user: m.user_id });
    });
    const heard: unknown[] = [];
    await subscribedOrError(mike.join(bare(channelOf.presence())).listenForWhisper('viewing', (d: unknown) => heard.push(d)), 'Mike\'s presence');
    const sarahPresence = sarah.join(bare(channelOf.presence()));
    await subscribedOrError(sarahPresence, 'Sarah\'s presence');
    const viewing = { staff_id: who('sarah').staff.id, name: 'Sarah Jones', conversation_id: null, typing: false };
    sarahPresence.whisper('viewing', viewing);
    await waitFor(() => heard.length === 1, 'the viewing whisper');
    assert.deepEqual(heard, [viewing]);
    assert.equal(seen[0]?.user, String(who('sarah').staff.id));
    sarah.leave(bare(channelOf.presence()));
    mike.leave(bare(channelOf.presence()));
  });

  it('refuses a whisper on a private channel from an Echo that has not signed in', async () => {
    const guest = await guestSession(102);
    const room = bare(guest.pusher_channel);
    const sarah = await echoFor(who('sarah').token);
    const visitor = await echoFor(guest.session_token);
    const heard: unknown[] = [];
    await subscribedOrError(sarah.private(room).listenForWhisper('typing', (d: unknown) => heard.push(d)), 'staff on the room');
    const errors: string[] = [];
    pusherOf(visitor).connection.bind('error', (e: { type?: string; data?: { message?: string } }) => {
      if (e.type === 'PusherError') errors.push(e.data?.message ?? '');
    });
    const guestRoom = visitor.private(room);
    await subscribedOrError(guestRoom, 'the guest\'s room');
    guestRoom.whisper('typing', { sender_type: 'guest', typing: true });
    await waitFor(() => errors.length === 1, 'the refusal');
    assert.match(errors[0]!, /sign in/);
    await sleep(200);
    assert.deepEqual(heard, [], 'nothing was relayed');
    assert.equal(visitor.connectionStatus(), 'connected', 'the refusal leaves the connection up');
  });

  it('the user channel: after Echo signs in, events the back end sends to that user reach only them', async () => {
    const sarah = await echoFor(who('sarah').token);
    const mike = await echoFor(who('mike').token);
    const sarahId = await signedIn(sarah);
    await signedIn(mike);
    assert.equal(sarahId, `staff-${who('sarah').staff.id}`);
    const toSarah: unknown[] = [];
    const toMike: unknown[] = [];
    pusherOf(sarah).user.bind('shift-reminder', (d: unknown) => toSarah.push(d));
    pusherOf(mike).user.bind('shift-reminder', (d: unknown) => toMike.push(d));

    // The back end (here the official SDK, as a Laravel app's would) uses Concierge's HTTP API.
    const backEnd = new PusherServer({ appId: 'app-id', key: 'app-key', secret: 'app-secret', host: '127.0.0.1', port: String(server.port), useTLS: false });
    const answer = await backEnd.sendToUser(sarahId, 'shift-reminder', { starts_at: '07:00' });
    assert.equal(answer.status, 200);
    await waitFor(() => toSarah.length === 1, 'the user event');
    assert.deepEqual(toSarah, [{ starts_at: '07:00' }]);
    await sleep(200);
    assert.deepEqual(toMike, [], 'another user hears nothing');
  });

  it('a guest\'s Echo signs in as its stay and gets only its own room; a custom authorizer works too', async () => {
    const guest = await guestSession(105);
    // The authorizer option Laravel's docs show, calling Concierge's endpoint with fetch.
    const authorizer = (channel: { name: string }) => ({
      authorize: (socketId: string, callback: (err: Error | null, data: unknown) => void) => {
        fetch(`${server.url}/pusher/auth/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${guest.session_token}` },
          body: JSON.stringify({ socket_id: socketId, channel_name: channel.name }),
        }).then(async (r) => (r.ok ? callback(null, await r.json()) : callback(Object.assign(new Error(`status ${r.status}`), { status: r.status }), null)), (err: Error) => callback(err, null));
      },
    });
    const visitor = await echoFor(guest.session_token, { authorizer });
    await subscribedOrError(visitor.private(bare(guest.pusher_channel)), 'the guest\'s room');
    const other = await refusal(visitor.private(bare(channelOf.room(104))), 'another room');
    assert.equal(other.type, 'AuthError');
  });

  it('refusals reach Echo\'s error callback with the status', async () => {
    const olga = await echoFor(who('olga').token);
    for (const channel of [channelOf.inbox(), channelOf.room(101), channelOf.staff(who('sarah').staff.id)]) {
      assert.equal((await refusal(olga.private(bare(channel)), channel)).status, 403, `another hotel's staff: ${channel}`);
    }
    assert.equal((await refusal(olga.join(bare(channelOf.presence())), 'presence')).status, 403);
    await subscribedOrError(olga.private(bare(channelOf.inbox('hotel-xyz'))), 'Olga\'s own inbox');

    const guest = await guestSession(102);
    const visitor = await echoFor(guest.session_token);
    for (const channel of [channelOf.room(101), channelOf.inbox(), channelOf.conversation(guest.conversation_id)]) {
      assert.equal((await refusal(visitor.private(bare(channel)), channel)).status, 403, `a guest: ${channel}`);
    }
    assert.equal((await refusal(visitor.join(bare(channelOf.presence())), 'presence')).status, 403, 'a guest pretending to be staff');

    const anonymous = await echoFor(null);
    assert.equal((await refusal(anonymous.private(bare(channelOf.room(101))), 'anonymous')).status, 401);
    const signedOut = await signIn(api, 'mike');
    assert.equal((await api.post('/auth/logout/', signedOut.token)).status, 204);
    const stale = await echoFor(signedOut.token);
    assert.equal((await refusal(stale.private(bare(channelOf.inbox())), 'signed out')).status, 401);
    assert.equal(stale.connectionStatus(), 'connected', 'refusals leave the connection up');
  });
});
