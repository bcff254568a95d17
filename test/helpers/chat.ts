// Chat events as people see them: real pusher-js (Node build) clients configured from the real
// server's GET /pusher/config/, authorized through its POST /pusher/auth/ with a bearer token
// (pusher-js's own 'ajax' transport, as in a browser), recording what each one receives.
import assert from 'node:assert/strict';
import type { Channel } from 'pusher-js';
import { channels } from '../../src/contract/channels.js';
import { client, type Client } from './http.js';
import { Pusher, release, trackTransports, type PusherClient } from './pusher-js.js';
import { sleep, waitFor } from './wait.js';

export { sleep, waitFor };
export type { PusherClient };

export const HOTEL = 'hotel-abc';
export const base = `/chat/${HOTEL}/conversations`;
/** The contract's channel names (src/contract/channels.ts), with the demo hotel as default. */
export const channelOf = {
  room: (room: number, hotel = HOTEL) => channels.room(hotel, room),
  conversation: (id: number, hotel = HOTEL) => channels.conversation(hotel, id),
  inbox: (hotel = HOTEL) => channels.inbox(hotel),
  staff: (id: number, hotel = HOTEL) => channels.staff(hotel, id),
  presence: (hotel = HOTEL) => channels.presence(hotel),
  legacy: (room: number, hotel = HOTEL) => channels.legacyRoom(hotel, room),
};

/** One event as a client received it. */
export interface Seen {
  channel: string;
  event: string;
  data: any;
}

/** Someone with a pusher-js connection: a guest's browser tab or a staff member's dashboard. */
export class Participant {
  /** Every non-protocol event of every subscribed channel, in arrival order. */
  readonly log: Seen[] = [];
  /** pusher:error codes the server sent (4009 when access is revoked). */
  readonly errorCodes: number[] = [];

  constructor(readonly name: string, readonly pusher: PusherClient) {
    trackTransports(pusher);
    pusher.connection.bind('error', (err: { type?: string; data?: { code?: unknown } }) => {
      if (err.type === 'PusherError' && typeof err.data?.code === 'number') this.errorCodes.push(err.data.code);
    });
  }

  get state(): string {
    return this.pusher.connection.state;
  }

  get socketId(): string {
    return this.pusher.connection.socket_id;
  }

  async connected(timeoutMs = 5000): Promise<void> {
    await waitFor(() => this.state === 'connected', `${this.name} to connect`, timeoutMs);
  }

  /** Subscribes and resolves once the server confirmed; rejects with the refusal's status. */
  subscribe(name: string, timeoutMs = 5000): Promise<Channel> {
    const channel = this.bindChannel(name);
    if (channel.subscribed) return Promise.resolve(channel);
    return new Promise<Channel>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms: ${this.name} subscribing to ${name}`)), timeoutMs);
      channel.bind('pusher:subscription_succeeded', () => {
        clearTimeout(timer);
        resolve(channel);
      });
      channel.bind('pusher:subscription_error', (err: { status?: number }) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} was refused ${name} (status ${err.status})`));
      });
    });
  }

  /** Subscribes expecting a refusal; resolves with its HTTP status (from /pusher/auth/). */
  refused(name: string, timeoutMs = 5000): Promise<number> {
    const channel = this.bindChannel(name);
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms: ${this.name} subscribing to ${name}`)), timeoutMs);
      channel.bind('pusher:subscription_succeeded', () => {
        clearTimeout(timer);
        reject(new Error(`${this.name} was allowed into ${name}`));
      });
      channel.bind('pusher:subscription_error', (err: { status?: number }) => {
        clearTimeout(timer);
        this.pusher.unsubscribe(name);
        resolve(err.status ?? 0);
      });
    });
  }

  private bindChannel(name: string): Channel {
    const known = this.pusher.channel(name);
    if (known) return known;
    const channel = this.pusher.subscribe(name);
    channel.bind_global((event: string, data: unknown) => {
      if (!event.startsWith('pusher:') && !event.startsWith('pusher_internal:')) this.log.push({ channel: name, event, data });
    });
    return channel;
  }

  /** What arrived, optionally on one channel and/or of one event. */
  seen(filter: { channel?: string; event?: string; conversation?: number } = {}): Seen[] {
    return this.log.filter(
      (s) =>
        (filter.channel === undefined || s.channel === filter.channel) &&
        (filter.event === undefined || s.event === filter.event) &&
        (filter.conversation === undefined || conversationOf(s) === filter.conversation),
    );
  }

  /** Waits for the first received event matching `match`. */
  waitForEvent(match: (s: Seen) => boolean, what: string, timeoutMs = 5000): Promise<Seen> {
    return waitFor(() => this.log.find(match), `${this.name} to see ${what}`, timeoutMs);
  }

  /** Waits for `event` on `channel` whose data passes `where`. */
  expect(channel: string, event: string, where: (data: any) => boolean = () => true, timeoutMs = 5000): Promise<Seen> {
    return this.waitForEvent((s) => s.channel === channel && s.event === event && where(s.data), `${event} on ${channel}`, timeoutMs);
  }

  /** Waits until the server has closed this connection with `code` and pusher-js has given up. */
  async closedWith(code: number, timeoutMs = 5000): Promise<void> {
    await waitFor(() => this.errorCodes.includes(code) && this.state !== 'connected' && this.state !== 'connecting', `${this.name}'s socket to close with ${code}`, timeoutMs);
  }

  trigger(channel: string, event: string, data: unknown): boolean {
    const ch = this.pusher.channel(channel);
    if (!ch) throw new Error(`${this.name} is not subscribed to ${channel}`);
    return ch.trigger(event, data);
  }

  /** Disconnects, leaving no timer behind (see test/helpers/pusher-js.ts). */
  release(): void {
    release(this.pusher);
  }
}

export function conversationOf(s: Seen): number | undefined {
  const d = s.data as { conversation_id?: unknown; conversation?: unknown } | null;
  if (typeof d?.conversation_id === 'number') return d.conversation_id;
  if (typeof d?.conversation === 'number') return d.conversation;
  return undefined;
}

/** The chat calls these suites make through the real API, each asserting that it succeeded. */
export function chatActions(api: () => Client) {
  return {
    /** Sends a message; returns the stored message. */
    async send(token: string, convo: number, message: string) {
      const r = await api().post(`${base}/${convo}/messages/send/`, token, { message });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.message;
    },
    /** assign-staff, mark-read, mark-unread…; returns the answer. */
    async act(token: string, convo: number, action: string) {
      const r = await api().post(`${base}/${convo}/${action}/`, token);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    },
  };
}

/** What a participant saw on a channel (of one conversation), in readable form. */
export const seq = (p: Participant, channel: string, conversation?: number): string[] =>
  p.seen({ channel, ...(conversation !== undefined && { conversation }) }).map(describeEvent);

/** Waits until every (participant, channel) has received the message `text`. */
export async function allSaw(text: string, waiters: Array<[Participant, string]>): Promise<void> {
  await Promise.all(waiters.map(([p, channel]) => p.waitForEvent((s) => s.channel === channel && s.data?.message === text, `"${text}" on ${channel}`)));
}

/** A short, readable form of an event, for comparing whole sequences. */
export function describeEvent(s: Seen): string {
  const d = s.data;
  switch (s.event) {
    case 'staff-assigned':
      return 'staff_name' in d ? `staff-assigned ${d.staff_name}` : `staff-assigned ${d.staff.name} (was ${d.previous_staff?.name ?? 'nobody'}, ${d.reason})`;
    case 'new-message':
    case 'new-staff-message':
    case 'new-guest-message':
      return `${s.event} ${d.sender_type}: ${d.message}`;
    case 'conversation-unread':
    case 'conversation-read':
      return `${s.event} ${d.unread_count}`;
    case 'messages-read-by-staff':
      return `${s.event} ${d.staff_name}`;
    case 'messages-read-by-guest':
      return `${s.event} ${d.message_ids.length}`;
    case 'handler-presence':
      return `handler-presence ${d.online ? 'online' : 'offline'}`;
    case 'staff-released':
      return 'previous_staff_name' in d ? `staff-released (was ${d.previous_staff_name ?? 'nobody'})` : `staff-released (was ${d.previous_staff?.name ?? 'nobody'}: ${d.note ?? ''})`;
    default:
      return s.event;
  }
}

export interface PusherConfig {
  key: string;
  channelAuthorization: { endpoint: string; transport: 'ajax' | 'jsonp' };
  userAuthentication: { endpoint: string; transport: 'ajax' | 'jsonp' };
  [option: string]: unknown;
}

/**
 * Connects a pusher-js client exactly as a web app would: options from `configFrom`'s
 * GET /pusher/config/, and the relative auth endpoint resolved against the page's origin
 * (`authFrom`, by default the same server), sent the bearer token in the Authorization header.
 */
export async function connect(name: string, configFrom: string, token: string | null, authFrom = configFrom): Promise<Participant> {
  const answer = await fetch(`${configFrom}/pusher/config/`);
  if (answer.status !== 200) throw new Error(`GET /pusher/config/: ${answer.status}`);
  const config = (await answer.json()) as PusherConfig;
  const { key, channelAuthorization, userAuthentication, ...options } = config;
  const headers = token === null ? {} : { Authorization: `Bearer ${token}` };
  const pusher = new Pusher(key, {
    ...options,
    cluster: typeof options.cluster === 'string' ? options.cluster : 'mt1',
    channelAuthorization: { ...channelAuthorization, endpoint: new URL(channelAuthorization.endpoint, authFrom).href, headers },
    userAuthentication: { ...userAuthentication, endpoint: new URL(userAuthentication.endpoint, authFrom).href, headers },
  });
  // As the web apps do: signed in, the server can end this person's connections anywhere.
  if (token !== null) pusher.signin();
  const participant = new Participant(name, pusher);
  await participant.connected();
  return participant;
}

export interface SignedIn {
  token: string;
  staff: { id: number; name: string; role: string; profile_image: string | null; username: string };
}

export async function signIn(api: Client, username: string, password = 'demo-pass-1234'): Promise<SignedIn> {
  const r = await api.post('/auth/login/', undefined, { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return { token: r.body.token, staff: r.body.staff };
}

/** A staff member's dashboard: inbox, the hotel's presence channel and their personal channel. */
export async function staffOnDuty(configFrom: string, who: SignedIn, extra: string[] = []): Promise<Participant> {
  const p = await connect(who.staff.username, configFrom, who.token);
  for (const name of [channelOf.inbox(), channelOf.presence(), channelOf.staff(who.staff.id), ...extra]) await p.subscribe(name);
  return p;
}

/** A guest's chat tab: a session from the room's PIN, subscribed to the channel its answer names. */
export async function guestTab(url: string, room: number, opts: { pin?: string; configFrom?: string } = {}): Promise<GuestTab> {
  const r = await client(url).post(`/chat/${HOTEL}/guest-session/room/${room}/initialize/`, undefined, { pin: opts.pin ?? '1234' });
  if (r.status !== 200) throw new Error(`guest ${room}: ${r.status} ${JSON.stringify(r.body)}`);
  const session = r.body as GuestSession;
  const p = await connect(`guest ${room}`, opts.configFrom ?? url, session.session_token);
  await p.subscribe(session.pusher_channel);
  return Object.assign(p, { session });
}

export type GuestTab = Participant & { session: GuestSession };

export interface GuestSession {
  session_token: string;
  conversation_id: number;
  room_number: number;
  pusher_channel: string;
  current_staff_handler: { id: number; name: string; online: boolean } | null;
}

/** Tracks participants and servers so a test can close everything in `after`. */
export class Cleanup {
  private readonly steps: Array<() => unknown> = [];
  add<T>(resource: T, close: (r: T) => unknown): T {
    this.steps.push(() => close(resource));
    return resource;
  }
  participant<T extends Participant>(p: T): T {
    return this.add(p, (x) => x.release());
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch {
        // closing what is already closed
      }
    }
  }
}

export { client, type Client };
