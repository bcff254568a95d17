// "Last one wins", release, and the history, through the domain commands on a set clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignStaff, decideHandoff, releaseConversation, sendChangesNothing } from '../../src/domain/handoff.js';
import { assignmentHistory } from '../../src/domain/inbox.js';
import { markUnread, sendMessage } from '../../src/domain/messages.js';
import type { DomainEvent } from '../../src/domain/domain-events.js';
import { worldForFile } from '../helpers/domain.js';

const ROOM_102 = 124;
const ROOM_103 = 125;
const ROOM_104 = 126;
const handlerChanges = (events: DomainEvent[]) => events.filter((e) => e.type === 'handler-changed');

describe('decideHandoff', () => {
  const open = (currentStaffId: number | null) => ({ currentStaffId, status: 'open' as const });
  it('makes whoever opens or replies the handler, unless they already are', () => {
    assert.deepEqual(decideHandoff(open(null), 'open', 1), { change: true, to: 1, reason: 'opened' });
    assert.deepEqual(decideHandoff(open(2), 'reply', 1), { change: true, to: 1, reason: 'replied' });
    assert.deepEqual(decideHandoff(open(1), 'open', 1), { change: false });
    assert.deepEqual(decideHandoff(open(1), 'reply', 1), { change: false });
  });
  it('leaves nobody handling a released conversation, and releasing nobody changes nothing', () => {
    assert.deepEqual(decideHandoff(open(1), 'release', 1), { change: true, to: null, reason: 'released' });
    assert.deepEqual(decideHandoff(open(2), 'release', 1), { change: true, to: null, reason: 'released' });
    assert.deepEqual(decideHandoff(open(null), 'release', 1), { change: false });
  });
  it('changes nothing in a closed conversation', () => {
    for (const action of ['open', 'reply', 'release'] as const) {
      assert.deepEqual(decideHandoff({ currentStaffId: 2, status: 'closed' }, action, 1), { change: false });
    }
  });
  it('lets the guest and the handler send without a decision, nobody into a closed stay', () => {
    assert.equal(sendChangesNothing(open(1), { staffId: null }), true);
    assert.equal(sendChangesNothing(open(null), { staffId: null }), true);
    assert.equal(sendChangesNothing(open(1), { staffId: 1 }), true);
    assert.equal(sendChangesNothing(open(1), { staffId: 2 }), false);
    assert.equal(sendChangesNothing(open(null), { staffId: 2 }), false);
    assert.equal(sendChangesNothing({ currentStaffId: 1, status: 'closed' }, { staffId: 1 }), false);
    assert.equal(sendChangesNothing({ currentStaffId: 1, status: 'closed' }, { staffId: null }), false);
  });
});

describe('handoff commands', () => {
  const w = worldForFile();

  it('hands over on open and on reply, with the time of the clock, and records each change once', async () => {
    const [sarah, mike] = [await w.staff('sarah'), await w.staff('mike')];
    const first = await assignStaff(w.deps, sarah, 'hotel-abc', ROOM_102);
    assert.equal(first.result.changed, true);
    assert.equal(first.result.previous, null);
    const [opened] = handlerChanges(first.events);
    assert.equal(opened?.type === 'handler-changed' && opened.at.toISOString(), w.clock.now().toISOString());
    assert.equal((await assignStaff(w.deps, sarah, 'hotel-abc', ROOM_102)).events.length, 0, 'opening again changes nothing');
    w.clock.advance(60_000);
    const reply = await sendMessage(w.deps, mike, 'hotel-abc', ROOM_102, { text: 'Mike here, on my way.' });
    const [replied] = handlerChanges(reply.events);
    assert.ok(replied?.type === 'handler-changed');
    assert.equal(replied.to?.id, mike.staff.id);
    assert.equal(replied.from?.id, sarah.staff.id);
    assert.equal(replied.reason, 'replied');
    assert.deepEqual(reply.events.map((e) => e.type), ['handler-changed', 'message-stored'], 'the handoff is told before the message');
    const history = await assignmentHistory(w.deps, sarah, 'hotel-abc', ROOM_102);
    assert.deepEqual(history.map((h) => [h.staff?.id, h.previousStaff?.id ?? null, h.reason]), [
      [sarah.staff.id, null, 'opened'],
      [mike.staff.id, sarah.staff.id, 'replied'],
    ]);
  });

  it('releases to nobody with a note, unread for everyone, and the next opener takes it', async () => {
    const [john, emma] = [await w.staff('john'), await w.staff('emma')];
    const guest = await w.guest('hotel-abc', 103);
    await sendMessage(w.deps, guest, 'hotel-abc', ROOM_103, { text: 'Can I get a late checkout?' });
    await sendMessage(w.deps, john, 'hotel-abc', ROOM_103, { text: 'Let me check.' });
    w.clock.advance(5_000);
    const released = await releaseConversation(w.deps, john, 'hotel-abc', ROOM_103, { reason: '  on break  ' });
    assert.equal(released.result.released, true);
    assert.equal(released.result.note, 'on break');
    assert.equal(released.result.unreadCount, 1, "the guest's latest message is unread again");
    assert.equal(released.result.conversation.currentStaffId, null);
    assert.deepEqual(released.events.map((e) => e.type), ['handler-changed', 'unread-changed']);
    const [change] = released.events;
    assert.ok(change?.type === 'handler-changed');
    assert.equal(change.to, null);
    assert.equal(change.from?.id, john.staff.id);
    assert.equal(change.note, 'on break');

    const again = await releaseConversation(w.deps, emma, 'hotel-abc', ROOM_103, {});
    assert.equal(again.result.released, false, 'nobody handles it: nothing to release');
    assert.equal(again.events.length, 0);

    const taken = await assignStaff(w.deps, emma, 'hotel-abc', ROOM_103);
    assert.equal(taken.result.changed, true);
    assert.equal(taken.result.previous, null, 'Emma takes it from nobody');
    const history = await assignmentHistory(w.deps, emma, 'hotel-abc', ROOM_103);
    assert.deepEqual(history.map((h) => [h.staff?.id ?? null, h.previousStaff?.id ?? null, h.reason, h.note]), [
      [john.staff.id, null, 'replied', null],
      [null, john.staff.id, 'released', 'on break'],
      [emma.staff.id, null, 'opened', null],
    ]);
  });

  it('refuses a release note that is too long or holds a NUL, and a guest or another hotel releasing', async () => {
    const sarah = await w.staff('sarah');
    await assert.rejects(releaseConversation(w.deps, sarah, 'hotel-abc', ROOM_104, { reason: 'x'.repeat(201) }), { code: 'invalid_request' });
    await assert.rejects(releaseConversation(w.deps, sarah, 'hotel-abc', ROOM_104, { reason: 'a\u0000b' }), { code: 'invalid_request' });
    await assert.rejects(releaseConversation(w.deps, await w.guest('hotel-abc', 104), 'hotel-abc', ROOM_104, {}), { code: 'forbidden' });
    await assert.rejects(releaseConversation(w.deps, await w.staff('olga'), 'hotel-abc', ROOM_104, {}), { code: 'forbidden' });
    await assert.rejects(releaseConversation(w.deps, null, 'hotel-abc', ROOM_104, {}), { code: 'not_authenticated' });
    await assert.rejects(releaseConversation(w.deps, sarah, 'hotel-abc', 999_999, {}), { code: 'not_found' });
  });

  it('marks unread without changing hands, unless the handler does it: then it is released', async () => {
    const [sarah, mike, guest] = [await w.staff('sarah'), await w.staff('mike'), await w.guest('hotel-abc', 104)];
    await sendMessage(w.deps, guest, 'hotel-abc', ROOM_104, { text: 'Hello?' });
    await assignStaff(w.deps, sarah, 'hotel-abc', ROOM_104);
    const byColleague = await markUnread(w.deps, mike, 'hotel-abc', ROOM_104);
    assert.deepEqual(byColleague.events.map((e) => e.type), ['unread-changed']);
    assert.equal(byColleague.result.released, false);
    assert.equal(byColleague.result.unreadCount, 1);
    const byHandler = await markUnread(w.deps, sarah, 'hotel-abc', ROOM_104);
    assert.deepEqual(byHandler.events.map((e) => e.type), ['handler-changed', 'unread-changed']);
    assert.equal(byHandler.result.released, true);
    const [release] = byHandler.events;
    assert.ok(release?.type === 'handler-changed' && release.to === null && release.note === 'Marked unread');
  });
});
