// The reference's three scenarios (docs/handoff.md) as the event sequences each
// participant's pusher-js client receives: the guest's tab and every staff member's dashboard.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  allSaw, base, channelOf, chatActions, Cleanup, client, guestTab, seq, signIn, sleep, staffOnDuty, waitFor,
  type Client, type GuestTab, type Participant, type SignedIn,
} from '../helpers/chat.js';

const GRACE_MS = 300;
let server: TestServer;
let api: Client;
const staff: Record<string, SignedIn> = {};
const cleanup = new Cleanup();

before(async () => {
  server = await startTestServer({ presenceGraceMs: GRACE_MS });
  api = client(server.url);
  for (const name of ['sarah', 'mike', 'john', 'emma']) staff[name] = await signIn(api, name);
});
after(async () => {
  await cleanup.run();
  await server.close();
});

const who = (name: string): SignedIn => staff[name]!;
async function onDuty(name: string, convo?: number): Promise<Participant> {
  return cleanup.participant(await staffOnDuty(server.url, who(name), convo === undefined ? [] : [channelOf.conversation(convo)]));
}
const { send, act } = chatActions(() => api);
/**
 * A participant's events without the unread counts: every guest message publishes one after its
 * message, so the last may still be on its way when a sequence is read. Counts are checked where
 * the scenario turns on them.
 */
const steps = (...args: Parameters<typeof seq>): string[] => seq(...args).filter((e) => !e.startsWith('conversation-unread'));

describe('scenario 1: shift change', () => {
  it('shows the guest Sarah, then Mike, once each, and both dashboards the handoff', async () => {
    const g = cleanup.participant(await guestTab(server.url, 101));
    const convo = g.session.conversation_id;
    const room = g.session.pusher_channel;
    const sarah = await onDuty('sarah', convo);
    const mike = await onDuty('mike', convo);

    // 8:00 AM: Sarah (day shift) opens the conversation and answers.
    await act(who('sarah').token, convo, 'assign-staff');
    await send(who('sarah').token, convo, 'Good morning!');
    // 3:00 PM: Mike (night shift) opens the same conversation.
    const r = await act(who('mike').token, convo, 'assign-staff');
    assert.equal(r.previous_staff.name, 'Sarah Jones');
    await g.expect(room, 'staff-assigned', (d) => d.staff_name === 'Mike Thompson');
    // Sarah goes home: she was no longer the handler, so the guest hears nothing of it.
    sarah.release();
    await waitFor(async () => !(await server.realtime.isMember(channelOf.presence(), String(who('sarah').staff.id))), 'Sarah to leave');
    await sleep(GRACE_MS + 200);
    await send(g.session.session_token, convo, 'Can I get a late checkout?');
    await allSaw('Can I get a late checkout?', [[g, room], [mike, channelOf.conversation(convo)], [mike, channelOf.staff(who('mike').staff.id)]]);

    assert.deepEqual(steps(g, room), [
      'staff-assigned Sarah Jones',
      'new-message staff: Good morning!',
      'new-staff-message staff: Good morning!',
      'staff-assigned Mike Thompson',
      'new-message guest: Can I get a late checkout?',
    ]);
    const header = g.seen({ event: 'staff-assigned' }).at(-1)!.data;
    assert.equal(`${header.staff_name} - ${header.staff_role}`, 'Mike Thompson - Night Receptionist', 'the reference\'s header line');
    const handoffs = ['staff-assigned Sarah Jones (was nobody, opened)', 'staff-assigned Mike Thompson (was Sarah Jones, opened)'];
    // new-staff-message on the inbox is an extension of the contract's table (ebd332e).
    const inbox = [handoffs[0], 'new-staff-message staff: Good morning!', handoffs[1]];
    assert.deepEqual(steps(sarah, channelOf.inbox(), convo), inbox);
    assert.deepEqual(steps(mike, channelOf.inbox(), convo), [...inbox, 'new-guest-message guest: Can I get a late checkout?']);
    assert.deepEqual(steps(mike, channelOf.conversation(convo)), [
      handoffs[0], 'new-message staff: Good morning!', 'message-delivered',
      handoffs[1], 'new-message guest: Can I get a late checkout?', 'message-delivered',
    ]);
    assert.deepEqual(steps(mike, channelOf.staff(who('mike').staff.id)), ['new-guest-message guest: Can I get a late checkout?']);
    assert.deepEqual(steps(sarah, channelOf.staff(who('sarah').staff.id)), []);
  });
});

describe('scenario 2: coverage during lunch', () => {
  it('shows the guest John, his absence, then Emma, and every desk the unread badge', async () => {
    const g = cleanup.participant(await guestTab(server.url, 102));
    const convo = g.session.conversation_id;
    const room = g.session.pusher_channel;
    const john = await onDuty('john', convo);
    const emma = await onDuty('emma', convo);

    // John is handling room 102.
    await act(who('john').token, convo, 'assign-staff');
    await send(g.session.session_token, convo, 'Could I get extra towels?');
    await john.expect(channelOf.staff(who('john').staff.id), 'new-guest-message');
    await act(who('john').token, convo, 'mark-read');
    // John goes to lunch: marks the conversation unread and leaves his desk. Marked unread by its
    // handler, it is released to the team: the guest hears that the front desk team has it.
    const unread = await act(who('john').token, convo, 'mark-unread');
    assert.equal(unread.has_unread, true);
    assert.equal(unread.released, true);
    await emma.expect(channelOf.inbox(), 'conversation-unread', (d) => d.conversation_id === convo && d.unread_count === 1);
    await g.expect(room, 'staff-released');
    john.release();
    // Emma clicks room 102: she is assigned, reads and answers.
    await act(who('emma').token, convo, 'assign-staff');
    await act(who('emma').token, convo, 'mark-read');
    await send(who('emma').token, convo, 'Towels are on the way!');
    await act(g.session.session_token, convo, 'mark-read');
    await send(g.session.session_token, convo, 'Thanks Emma');
    await allSaw('Thanks Emma', [[g, room], [emma, channelOf.conversation(convo)], [emma, channelOf.staff(who('emma').staff.id)]]);

    assert.deepEqual(steps(g, room), [
      'staff-assigned John Smith',
      'new-message guest: Could I get extra towels?',
      'messages-read-by-staff John Smith',
      'staff-released (was John Smith)',
      'staff-assigned Emma Brown',
      'messages-read-by-staff Emma Brown',
      'new-message staff: Towels are on the way!',
      'new-staff-message staff: Towels are on the way!',
      'new-message guest: Thanks Emma',
    ]);
    assert.equal(g.seen({ event: 'staff-assigned' }).at(-1)!.data.staff_role, 'Receptionist');
    assert.deepEqual(steps(emma, channelOf.inbox(), convo), [
      'staff-assigned John Smith (was nobody, opened)',
      'new-guest-message guest: Could I get extra towels?',
      'conversation-read 0',
      'staff-released (was John Smith: Marked unread)',
      'staff-assigned Emma Brown (was nobody, opened)',
      'conversation-read 0',
      'new-staff-message staff: Towels are on the way!',
      'new-guest-message guest: Thanks Emma',
    ]);
    assert.deepEqual(steps(emma, channelOf.conversation(convo)), [
      'staff-assigned John Smith (was nobody, opened)',
      'new-message guest: Could I get extra towels?', 'message-delivered',
      'conversation-read 0',
      'staff-released (was John Smith: Marked unread)',
      'staff-assigned Emma Brown (was nobody, opened)',
      'conversation-read 0',
      'new-message staff: Towels are on the way!', 'message-delivered',
      'messages-read-by-guest 1',
      'new-message guest: Thanks Emma', 'message-delivered',
    ]);
    assert.deepEqual(steps(john, channelOf.staff(who('john').staff.id)), ['new-guest-message guest: Could I get extra towels?']);
    assert.deepEqual(steps(emma, channelOf.staff(who('emma').staff.id)), ['new-guest-message guest: Thanks Emma']);
    assert.deepEqual(
      steps(john, channelOf.inbox(), convo),
      ['staff-assigned John Smith (was nobody, opened)', 'new-guest-message guest: Could I get extra towels?', 'conversation-read 0', 'staff-released (was John Smith: Marked unread)'],
      'John saw his own steps until he left',
    );
  });
});

describe('scenario 3: multiple receptionists', () => {
  it('notifies all three, shows Sarah to the guest, and lets John and Mike follow without taking over', async () => {
    const g: GuestTab = cleanup.participant(await guestTab(server.url, 103));
    const convo = g.session.conversation_id;
    const room = g.session.pusher_channel;
    const desks = { sarah: await onDuty('sarah'), john: await onDuty('john'), mike: await onDuty('mike') };

    // The guest writes: all three see the notification.
    await send(g.session.session_token, convo, 'Hello, is the restaurant open?');
    await allSaw('Hello, is the restaurant open?', Object.values(desks).map((p) => [p, channelOf.inbox()] as [Participant, string]));
    // Sarah clicks first; John and Mike open it to read along (no assign-staff: viewing only).
    await act(who('sarah').token, convo, 'assign-staff');
    for (const p of Object.values(desks)) await p.subscribe(channelOf.conversation(convo));
    const history = await api.get(`${base}/${convo}/messages/`, who('john').token);
    assert.equal(history.status, 200);
    assert.equal(history.body.length, 1);
    await send(who('sarah').token, convo, 'Yes, until 10 pm.');
    await send(g.session.session_token, convo, 'Great, thanks!');
    await allSaw('Great, thanks!', [
      [g, room],
      ...Object.values(desks).flatMap((p) => [[p, channelOf.inbox()], [p, channelOf.conversation(convo)]] as Array<[Participant, string]>),
      [desks.sarah, channelOf.staff(who('sarah').staff.id)],
    ]);

    assert.deepEqual(steps(g, room), [
      'new-message guest: Hello, is the restaurant open?',
      'staff-assigned Sarah Jones',
      'new-message staff: Yes, until 10 pm.',
      'new-staff-message staff: Yes, until 10 pm.',
      'new-message guest: Great, thanks!',
    ]);
    assert.equal(g.seen({ event: 'new-staff-message' })[0]!.data.staff_info.name, 'Sarah Jones', 'Sarah\'s name appears in the guest\'s chat');
    for (const [name, desk] of Object.entries(desks)) {
      assert.deepEqual(steps(desk, channelOf.inbox(), convo), [
        'new-guest-message guest: Hello, is the restaurant open?',
        'staff-assigned Sarah Jones (was nobody, opened)',
        'new-staff-message staff: Yes, until 10 pm.',
        'new-guest-message guest: Great, thanks!',
      ], `${name}'s inbox`);
      assert.deepEqual(steps(desk, channelOf.conversation(convo)), [
        'new-message staff: Yes, until 10 pm.', 'message-delivered', 'new-message guest: Great, thanks!', 'message-delivered',
      ], `${name} follows the conversation`);
      const personal = steps(desk, channelOf.staff(who(name).staff.id));
      assert.deepEqual(personal, name === 'sarah' ? ['new-guest-message guest: Great, thanks!'] : [], `${name}'s personal channel`);
    }
    const list = (await api.get(`${base}/`, who('mike').token)).body.find((c: any) => c.conversation_id === convo);
    assert.equal(list.current_handler.name, 'Sarah Jones', 'John and Mike know Sarah is handling it');
  });
});
