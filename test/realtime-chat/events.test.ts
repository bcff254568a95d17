// Every chat event of docs/realtime.md, as real pusher-js clients subscribed through the real
// /pusher/auth/ receive it from the full server: on exactly the listed channels, with the listed
// payloads, once per change.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  allSaw, base, channelOf, chatActions, Cleanup, client, guestTab, HOTEL, seq, signIn, sleep, staffOnDuty, waitFor,
  type Client, type GuestTab, type Participant, type Seen, type SignedIn,
} from '../helpers/chat.js';

const GRACE_MS = 1500;
/**
 * Inbox events the contract's table does not list, allowed here by name and only these until
 * docs/realtime.md lists them (or they go): since ebd332e ("Inbox hears colleagues' replies") a
 * staff message is also published on the inbox, and check-out announces `conversation-closed`.
 */
const INBOX_EXTENSIONS = ['new-staff-message', 'conversation-closed'];

let server: TestServer;
let api: Client;
let managerToken: string;
const staff: Record<string, SignedIn> = {};
/** Sarah and Mike stay on duty for the whole file; guests and conversation channels are per test. */
let sarah: Participant;
let mike: Participant;
const cleanup = new Cleanup();
/** Every participant of the file, for the closing check of the channel table. */
const everyone: Participant[] = [];
let nextRoom = 106;
/** PINs of the rooms checked in here. */
const pins = new Map<number, string>();

before(async () => {
  server = await startTestServer({ presenceGraceMs: GRACE_MS });
  api = client(server.url);
  for (const name of ['sarah', 'mike', 'john', 'emma', 'manager']) staff[name] = await signIn(api, name);
  managerToken = staff.manager!.token;
  sarah = track(await staffOnDuty(server.url, staff.sarah!));
  mike = track(await staffOnDuty(server.url, staff.mike!));
});
after(async () => {
  await cleanup.run();
  await server.close();
});

function track<T extends Participant>(p: T): T {
  everyone.push(p);
  return cleanup.participant(p);
}

/** A room checked in for this test alone, and its guest's tab. */
async function freshGuest(): Promise<GuestTab> {
  const room = nextRoom++;
  const r = await api.post(`/admin/${HOTEL}/rooms/${room}/check-in/`, managerToken, { guest_name: `Guest ${room}` });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  pins.set(room, r.body.pin);
  return track(await guestTab(server.url, room, { pin: r.body.pin }));
}

const { send, act: post } = chatActions(() => api);
const messageIs = (text: string) => (d: any) => d?.message === text;
const payloads = (p: Participant, channel: string, event: string, conversation?: number) =>
  p.seen({ channel, event, ...(conversation !== undefined && { conversation }) }).map((s) => s.data);

/** The guest sends a message; waits until each (participant, channel) pair has received it. */
async function marker(g: GuestTab, text: string, waiters: Array<[Participant, string]>): Promise<void> {
  await send(g.session.session_token, g.session.conversation_id, text);
  await allSaw(text, waiters);
}

describe('staff-assigned', () => {
  it('gives the guest the reference payload and staff the handoff, once per change', async () => {
    const g = await freshGuest();
    const convo = g.session.conversation_id;
    const room = g.session.room_number;
    const conv = channelOf.conversation(convo);
    await sarah.subscribe(conv);
    await mike.subscribe(conv);
    const s = staff.sarah!;
    const m = staff.mike!;

    await post(s.token, convo, 'assign-staff');
    await send(m.token, convo, 'Good evening, Mike here.');
    const again = await post(m.token, convo, 'assign-staff');
    assert.equal(again.changed, false);
    await marker(g, 'thanks', [[g, g.session.pusher_channel], [sarah, conv], [mike, conv], [sarah, channelOf.inbox()], [mike, channelOf.inbox()]]);

    assert.deepEqual(payloads(g, g.session.pusher_channel, 'staff-assigned'), [
      { staff_name: 'Sarah Jones', staff_role: 'Receptionist', conversation_id: convo, staff_id: s.staff.id, profile_image: null },
      { staff_name: 'Mike Thompson', staff_role: 'Night Receptionist', conversation_id: convo, staff_id: m.staff.id, profile_image: null },
    ]);
    const history = (await api.get(`${base}/${convo}/assignments/`, s.token)).body;
    const info = (who: SignedIn) => ({ id: who.staff.id, name: who.staff.name, role: who.staff.role, profile_image: null });
    const expected = [
      { conversation_id: convo, room_number: room, staff: info(s), previous_staff: null, reason: 'opened', assigned_at: history[0].assigned_at },
      { conversation_id: convo, room_number: room, staff: info(m), previous_staff: info(s), reason: 'replied', assigned_at: history[1].assigned_at },
    ];
    assert.equal(history.length, 2);
    for (const p of [sarah, mike]) {
      assert.deepEqual(payloads(p, conv, 'staff-assigned'), expected, `${p.name} on the conversation channel`);
      assert.deepEqual(payloads(p, channelOf.inbox(), 'staff-assigned', convo), expected, `${p.name} on the inbox`);
    }
  });

  it('orders concurrent openings as the handoff history does, one event per change and channel', async () => {
    const g = await freshGuest();
    const convo = g.session.conversation_id;
    const conv = channelOf.conversation(convo);
    await sarah.subscribe(conv);
    const names = ['sarah', 'mike', 'john', 'emma', 'sarah', 'mike'];
    await Promise.all(names.map((n) => post(staff[n]!.token, convo, 'assign-staff')));
    await marker(g, 'who is it now?', [[g, g.session.pusher_channel], [sarah, conv], [sarah, channelOf.inbox()]]);

    const history = (await api.get(`${base}/${convo}/assignments/`, staff.sarah!.token)).body as Array<{ staff: { id: number; name: string } }>;
    const guestSaw = payloads(g, g.session.pusher_channel, 'staff-assigned').map((d) => d.staff_id);
    assert.deepEqual(guestSaw, history.map((h) => h.staff.id), 'the guest sees the history, in order');
    assert.deepEqual(payloads(sarah, conv, 'staff-assigned').map((d) => d.staff.id), guestSaw);
    assert.deepEqual(payloads(sarah, channelOf.inbox(), 'staff-assigned', convo).map((d) => d.staff.id), guestSaw);
    const current = (await api.get(`${base}/`, staff.sarah!.token)).body.find((c: any) => c.conversation_id === convo).current_handler;
    assert.equal(current.id, guestSaw.at(-1));
  });

  it('falls back to "Hotel Staff" and "Staff" and carries the profile image, as the reference does', async () => {
    const created = await api.post(`/admin/${HOTEL}/staff/`, managerToken, {
      username: 'nameless', password: 'quiet-orchid-42', first_name: '', last_name: '', role: '', profile_image: 'https://example.com/n.jpg',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const nameless = await signIn(api, 'nameless', 'quiet-orchid-42');
    const g = await freshGuest();
    await send(nameless.token, g.session.conversation_id, 'Hello');
    const seen = await g.expect(g.session.pusher_channel, 'staff-assigned');
    assert.deepEqual(seen.data, {
      staff_name: 'Hotel Staff', staff_role: 'Staff', conversation_id: g.session.conversation_id, staff_id: created.body.id, profile_image: 'https://example.com/n.jpg',
    });
    const message = await g.expect(g.session.pusher_channel, 'new-staff-message');
    assert.deepEqual(message.data.staff_info, { id: created.body.id, name: 'Hotel Staff', role: 'Staff', profile_image: 'https://example.com/n.jpg' });
  });
});

describe('messages', () => {
  it('sends a staff message to the guest as new-message and new-staff-message, and to staff with message-delivered', async () => {
    const g = await freshGuest();
    const convo = g.session.conversation_id;
    const room = g.session.pusher_channel;
    const conv = channelOf.conversation(convo);
    await sarah.subscribe(conv);
    await sarah.subscribe(room);
    const message = await send(staff.sarah!.token, convo, 'Your towels are on their way.');
    await marker(g, 'thank you', [[g, room], [sarah, conv], [sarah, room]]);

    assert.deepEqual(seq(g, room), [
      'staff-assigned Sarah Jones',
      'new-message staff: Your towels are on their way.',
      'new-staff-message staff: Your towels are on their way.',
      'new-message guest: thank you',
    ]);
    assert.deepEqual(seq(sarah, room), seq(g, room), 'staff on the room channel see what the guest sees');
    const staffSide = sarah.seen({ channel: conv }).filter((s) => s.event !== 'staff-assigned');
    // The guest's "thank you" also moves the unread count (published with the count, checked elsewhere).
    assert.deepEqual(staffSide.map((s) => s.event).filter((e) => e !== 'conversation-unread'), ['new-message', 'message-delivered', 'new-message', 'message-delivered']);
    for (const event of ['new-message', 'new-staff-message']) {
      assert.deepEqual(payloads(g, room, event)[0], message, `${event} carries the Message the sender got back`);
    }
    assert.deepEqual(staffSide[0]!.data, message);
    assert.deepEqual(staffSide[1]!.data, { conversation_id: convo, message_id: message.id, delivered_at: message.delivered_at });
    assert.deepEqual(seq(sarah, channelOf.inbox(), convo).filter((e) => !e.startsWith('conversation-unread')), [
      'new-conversation',
      'staff-assigned Sarah Jones (was nobody, replied)',
      'new-staff-message staff: Your towels are on their way.', // an extension, see INBOX_EXTENSIONS
      'new-guest-message guest: thank you',
    ]);
    assert.deepEqual(payloads(sarah, channelOf.inbox(), 'new-staff-message', convo), [message]);
    assert.deepEqual(sarah.seen({ channel: channelOf.staff(staff.sarah!.staff.id), conversation: convo }).map((s) => s.event), ['new-guest-message']);
  });

  it('sends a guest message to the inbox, and to the personal channel of the handler alone', async () => {
    const g = await freshGuest();
    const convo = g.session.conversation_id;
    const room = g.session.pusher_channel;
    const conv = channelOf.conversation(convo);
    const sarahOwn = channelOf.staff(staff.sarah!.staff.id);
    const mikeOwn = channelOf.staff(staff.mike!.staff.id);
    await mike.subscribe(conv);
    const first = await send(g.session.session_token, convo, 'Is the pool open?');
    await mike.expect(channelOf.inbox(), 'new-guest-message', messageIs('Is the pool open?'));
    await post(staff.mike!.token, convo, 'assign-staff');
    await marker(g, 'And the spa?', [[g, room], [mike, conv], [mike, channelOf.inbox()], [sarah, channelOf.inbox()], [mike, mikeOwn]]);

    assert.deepEqual(seq(g, room), ['new-message guest: Is the pool open?', 'staff-assigned Mike Thompson', 'new-message guest: And the spa?']);
    assert.deepEqual(payloads(mike, channelOf.inbox(), 'new-guest-message', convo)[0], first);
    assert.deepEqual(payloads(g, room, 'new-message')[0], first);
    const unread = (e: string) => e.startsWith('conversation-unread');
    for (const p of [sarah, mike]) {
      assert.deepEqual(seq(p, channelOf.inbox(), convo).filter((e) => !unread(e)), [
        'new-conversation',
        'new-guest-message guest: Is the pool open?',
        'staff-assigned Mike Thompson (was nobody, opened)',
        'new-guest-message guest: And the spa?',
      ]);
      // Each guest message also publishes the conversation's new unread count.
      await p.expect(channelOf.inbox(), 'conversation-unread', (d) => d.conversation_id === convo && d.unread_count === 2);
      assert.deepEqual(seq(p, channelOf.inbox(), convo).filter(unread), ['conversation-unread 1', 'conversation-unread 2']);
    }
    assert.deepEqual(seq(mike, mikeOwn, convo), ['new-guest-message guest: And the spa?'], 'only once Mike handles it');
    assert.deepEqual(seq(sarah, sarahOwn, convo), [], 'not on a colleague\'s personal channel');
    assert.deepEqual(seq(mike, conv).filter((e) => !e.startsWith('staff-assigned') && !unread(e)), [
      'new-message guest: Is the pool open?', 'message-delivered', 'new-message guest: And the spa?', 'message-delivered',
    ]);
  });
});

describe('read receipts and unread badges', () => {
  it('tells the guest when staff read, and staff when the guest read', async () => {
    const g = await freshGuest();
    const convo = g.session.conversation_id;
    const room = g.session.pusher_channel;
    const conv = channelOf.conversation(convo);
    await sarah.subscribe(conv);
    await mike.subscribe(conv);
    const a = await send(g.session.session_token, convo, 'One');
    const b = await send(g.session.session_token, convo, 'Two');
    const read = await post(staff.sarah!.token, convo, 'mark-read');
    assert.equal(read.marked_as_read, 2);
    const reply = await send(staff.sarah!.token, convo, 'Three');
    const guestRead = await post(g.session.session_token, convo, 'mark-read');
    assert.equal(guestRead.marked_as_read, 1);
    await post(staff.sarah!.token, convo, 'mark-read'); // nothing new: no event
    await marker(g, 'Four', [[g, room], [sarah, conv], [mike, conv], [mike, channelOf.inbox()]]);

    const byStaff = payloads(g, room, 'messages-read-by-staff');
    assert.equal(byStaff.length, 1);
    assert.deepEqual(byStaff[0].message_ids, [a.id, b.id]);
    assert.equal(byStaff[0].staff_name, 'Sarah Jones');
    assert.match(byStaff[0].read_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    for (const p of [sarah, mike]) {
      const byGuest = payloads(p, conv, 'messages-read-by-guest');
      assert.equal(byGuest.length, 1, `${p.name} hears once that the guest read`);
      assert.deepEqual(byGuest[0].message_ids, [reply.id]);
      assert.equal(byGuest[0].room_number, g.session.room_number);
      assert.match(byGuest[0].read_at, /^\d{4}-\d\d-\d\dT/);
      const readEvent = { conversation_id: convo, room_number: g.session.room_number, unread_count: 0 };
      assert.deepEqual(payloads(p, conv, 'conversation-read'), [readEvent]);
      assert.deepEqual(payloads(p, channelOf.inbox(), 'conversation-read', convo), [readEvent]);
    }
    assert.deepEqual(g.seen({ event: 'messages-read-by-guest' }), [], 'the guest is not told of their own reading');
    assert.deepEqual(mike.seen({ channel: channelOf.inbox(), event: 'messages-read-by-guest' }), []);
  });

  it('marks a conversation unread again for every staff member', async () => {
    const g = await freshGuest();
    const convo = g.session.conversation_id;
    const conv = channelOf.conversation(convo);
    await sarah.subscribe(conv);
    await mike.subscribe(conv);
    await send(g.session.session_token, convo, 'Late checkout please');
    await post(staff.sarah!.token, convo, 'mark-read');
    const r = await post(staff.sarah!.token, convo, 'mark-unread');
    assert.equal(r.has_unread, true);
    await marker(g, 'for two hours', [[sarah, conv], [mike, conv], [sarah, channelOf.inbox()], [mike, channelOf.inbox()]]);

    // Every change of the count is published with it: the guest's message (1), mark-unread (1),
    // the guest's next message (2).
    const unread = (n: number) => ({ conversation_id: convo, room_number: g.session.room_number, unread_count: n });
    for (const p of [sarah, mike]) {
      await p.expect(conv, 'conversation-unread', (d) => d.unread_count === 2);
      await p.expect(channelOf.inbox(), 'conversation-unread', (d) => d.conversation_id === convo && d.unread_count === 2);
      assert.deepEqual(payloads(p, conv, 'conversation-unread'), [unread(1), unread(1), unread(2)], `${p.name} on the conversation channel`);
      assert.deepEqual(payloads(p, channelOf.inbox(), 'conversation-unread', convo), [unread(1), unread(1), unread(2)], `${p.name} on the inbox`);
      assert.deepEqual(seq(p, channelOf.inbox(), convo), [
        'new-conversation', 'new-guest-message guest: Late checkout please', 'conversation-unread 1', 'conversation-read 0', 'conversation-unread 1',
        'new-guest-message guest: for two hours', 'conversation-unread 2',
      ]);
    }
    const counts = (await api.get(`${base}/unread-count/`, staff.mike!.token)).body;
    assert.equal(counts.rooms.find((x: any) => x.conversation_id === convo).unread_count, 2);
  });
});

describe('new-conversation', () => {
  it('announces a check-in on the inbox with the conversation summary', async () => {
    const room = nextRoom++;
    const r = await api.post(`/admin/${HOTEL}/rooms/${room}/check-in/`, managerToken, { guest_name: 'Ada Lovelace' });
    assert.equal(r.status, 201);
    const seen = await mike.expect(channelOf.inbox(), 'new-conversation', (d) => d.conversation_id === r.body.conversation_id);
    const listed = (await api.get(`${base}/`, staff.mike!.token)).body.find((c: any) => c.conversation_id === r.body.conversation_id);
    // unread_by_me is the reader's own; a broadcast cannot know it, and says null.
    assert.equal(seen.data.unread_by_me, null);
    assert.deepEqual({ ...seen.data, unread_by_me: listed.unread_by_me }, listed);
    assert.equal(seen.data.room_number, room);
    assert.equal(seen.data.guest_name, 'Ada Lovelace');
    assert.equal(seen.data.current_handler, null);
    assert.equal(seen.data.unread_count, 0);
    assert.equal(sarah.seen({ event: 'new-conversation', conversation: r.body.conversation_id }).length, 1);
  });
});

describe('check-out', () => {
  it('tells the inbox that the conversation closed', async () => {
    const g = await freshGuest();
    const r = await api.post(`/admin/${HOTEL}/rooms/${g.session.room_number}/check-out/`, managerToken);
    assert.equal(r.status, 200);
    const closed = await mike.expect(channelOf.inbox(), 'conversation-closed', (d) => d.conversation_id === g.session.conversation_id);
    assert.deepEqual(closed.data, { room_number: g.session.room_number, conversation_id: g.session.conversation_id, checked_out: true });
    await g.closedWith(4009);
  });
});

describe('publishing after commit', () => {
  it('reports only what a client can already read back', async () => {
    const g = await freshGuest();
    const convo = g.session.conversation_id;
    const conv = channelOf.conversation(convo);
    const channel = await sarah.subscribe(conv);
    const checks: Array<Promise<string | null>> = [];
    const readBack = (what: string, path: string, found: (body: any) => boolean) =>
      checks.push(api.get(path, staff.sarah!.token).then((r) => (found(r.body) ? null : `${what} was not readable when its event arrived`)));
    channel.bind('new-message', (d: any) => readBack(`message ${d.id}`, `${base}/${convo}/messages/`, (b) => b.some((m: any) => m.id === d.id)));
    channel.bind('staff-assigned', (d: any) =>
      readBack(`handoff to ${d.staff.name}`, `${base}/${convo}/assignments/`, (b) => b.at(-1)?.assigned_at === d.assigned_at));
    channel.bind('conversation-unread', () => readBack('unread', `${base}/unread-count/`, (b) => b.rooms.some((x: any) => x.conversation_id === convo)));
    for (const name of ['sarah', 'mike', 'sarah']) {
      await post(staff[name]!.token, convo, 'assign-staff');
      await send(g.session.session_token, convo, `to ${name}`);
      await send(staff[name]!.token, convo, `from ${name}`);
    }
    await post(staff.sarah!.token, convo, 'mark-unread');
    await sarah.expect(conv, 'conversation-unread');
    await marker(g, 'done', [[sarah, conv]]);
    await sarah.expect(conv, 'conversation-unread', (d) => d.unread_count >= 1 && sarah.seen({ channel: conv, event: 'new-message' }).length >= 7);
    // 3 handoffs, 7 messages (the marker's included), and an unread change for each guest
    // message and the mark-unread (the marker's may still be on its way).
    assert.ok(checks.length >= 3 + 7 + 4, String(checks.length));
    assert.deepEqual((await Promise.all(checks)).filter((x) => x !== null), []);
  });
});

describe('handler-presence', () => {
  it('tells the guest when the handler goes away and comes back', async () => {
    const john = staff.john!;
    const g = await freshGuest();
    const convo = g.session.conversation_id;
    const room = g.session.pusher_channel;
    const other = await freshGuest();
    let desk = await staffOnDuty(server.url, john);
    await post(john.token, convo, 'assign-staff');
    assert.equal((await guestTab(server.url, g.session.room_number, { pin: pins.get(g.session.room_number)! }).then(track)).session.current_staff_handler?.online, true);

    desk.release();
    const away = await g.expect(room, 'handler-presence', (d) => d.online === false, GRACE_MS + 5000);
    assert.deepEqual(away.data, { conversation_id: convo, staff_id: john.staff.id, online: false });
    desk = track(await staffOnDuty(server.url, john));
    const back = await g.expect(room, 'handler-presence', (d) => d.online === true);
    assert.deepEqual(back.data, { conversation_id: convo, staff_id: john.staff.id, online: true });
    await marker(g, 'welcome back', [[g, room]]);
    await marker(other, 'unrelated', [[other, other.session.pusher_channel]]);

    assert.deepEqual(seq(g, room), ['staff-assigned John Smith', 'handler-presence offline', 'handler-presence online', 'new-message guest: welcome back']);
    assert.deepEqual(other.seen({ event: 'handler-presence' }), [], 'guests of other conversations hear nothing');
  });

  it('does not report a handler who reconnects within the grace', async () => {
    const emma = staff.emma!;
    const g = await freshGuest();
    const convo = g.session.conversation_id;
    const room = g.session.pusher_channel;
    const desk = await staffOnDuty(server.url, emma);
    await post(emma.token, convo, 'assign-staff');
    await g.expect(room, 'staff-assigned');

    desk.release(); // a page reload: the old socket goes, a new one joins at once
    await waitFor(async () => !(await server.realtime.isMember(channelOf.presence(), String(emma.staff.id))), 'the server to see her leave');
    track(await staffOnDuty(server.url, emma));
    await sleep(GRACE_MS + 500);
    await marker(g, 'still there?', [[g, room]]);
    assert.deepEqual(seq(g, room), ['staff-assigned Emma Brown', 'new-message guest: still there?']);
  });
});

describe('client-typing', () => {
  it('relays typing between the guest and staff on the room channel, never back to the sender', async () => {
    const g = await freshGuest();
    const room = g.session.pusher_channel;
    await sarah.subscribe(room);
    assert.equal(g.trigger(room, 'client-typing', { typing: true, sender: 'guest' }), true);
    const fromGuest = await sarah.expect(room, 'client-typing');
    assert.deepEqual(fromGuest.data, { typing: true, sender: 'guest' });
    assert.equal(sarah.trigger(room, 'client-typing', { typing: true, sender: 'Sarah Jones' }), true);
    const fromStaff = await g.expect(room, 'client-typing');
    assert.deepEqual(fromStaff.data, { typing: true, sender: 'Sarah Jones' });
    await marker(g, 'typed', [[g, room], [sarah, room]]);
    assert.deepEqual(seq(g, room), ['client-typing', 'new-message guest: typed']);
    assert.deepEqual(seq(sarah, room), ['client-typing', 'new-message guest: typed']);
  });
});

describe('the channel table of docs/realtime.md', () => {
  const table: Record<string, string[]> = {
    room: ['staff-assigned', 'staff-released', 'new-staff-message', 'new-message', 'messages-read-by-staff', 'handler-presence', 'client-typing'],
    conversation: ['new-message', 'message-delivered', 'staff-assigned', 'staff-released', 'conversation-unread', 'conversation-read', 'messages-read-by-guest'],
    inbox: ['new-guest-message', 'staff-assigned', 'staff-released', 'conversation-unread', 'conversation-read', 'new-conversation', ...INBOX_EXTENSIONS],
    staff: ['new-guest-message'],
  };
  const kindOf = (channel: string): string => {
    if (/^private-.+-room-\d+-chat$/.test(channel)) return 'room';
    if (/^private-.+-conversation-\d+-chat$/.test(channel)) return 'conversation';
    if (/^private-.+-staff-inbox$/.test(channel)) return 'inbox';
    if (/^private-.+-staff-\d+-chat$/.test(channel)) return 'staff';
    return `other (${channel})`;
  };

  it('had every event of this file on a channel listed for it, and every listed pair was seen', () => {
    const seen = new Set(everyone.flatMap((p) => p.log).map((s: Seen) => `${kindOf(s.channel)} ${s.event}`));
    const allowed = new Set(Object.entries(table).flatMap(([kind, events]) => events.map((e) => `${kind} ${e}`)));
    assert.deepEqual([...seen].filter((pair) => !allowed.has(pair)), [], 'events on channels the contract does not list for them');
    assert.deepEqual([...allowed].filter((pair) => !seen.has(pair)), [], 'listed pairs this file never saw');
  });
});
