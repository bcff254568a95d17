// The alert ladder on a set clock: who is told when nobody answers a guest or takes a released
// conversation, each step once, and what stops it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setDuty } from '../../src/domain/duty.js';
import { dueAt, fireDueAlerts, stepMinutes } from '../../src/domain/escalation.js';
import { assignStaff, releaseConversation } from '../../src/domain/handoff.js';
import { sendMessage } from '../../src/domain/messages.js';
import type { DomainEvent } from '../../src/domain/domain-events.js';
import { worldForFile } from '../helpers/domain.js';

const MIN = 60_000;
const ROOM_101 = 123;
const ROOM_102 = 124;
const ROOM_103 = 125;
const alerts = (events: DomainEvent[]) => events.flatMap((e) => (e.type === 'desk-alert' ? [{ audience: e.audience, staff: e.staffIds, kind: e.kind, waited: e.waitedSeconds, conversation: e.conversation.id }] : []));

describe('ladder timing', () => {
  const settings = { coverAlertMinutes: 5, replyAlertMinutes: 10, vipReplyAlertMinutes: 3 };
  it('waits the hotel\'s minutes per step, less for a VIP stay, and cover times for cover', () => {
    const start = new Date('2026-11-30T22:00:00Z');
    assert.equal(stepMinutes('reply', settings, false), 10);
    assert.equal(stepMinutes('reply', settings, true), 3);
    assert.equal(stepMinutes('cover', settings, true), 5);
    assert.equal(dueAt('reply', 0, start, settings, false).toISOString(), '2026-11-30T22:10:00.000Z');
    assert.equal(dueAt('reply', 2, start, settings, false).toISOString(), '2026-11-30T22:30:00.000Z');
    assert.equal(dueAt('cover', 1, start, settings, false).toISOString(), '2026-11-30T22:10:00.000Z');
  });
});

describe('the alert ladder', () => {
  const w = worldForFile();

  it('tells the handler, then everyone on duty, then the managers, each once, about a guest nobody answers', async () => {
    const [sarah, mike, guest] = [await w.staff('sarah'), await w.staff('mike'), await w.guest('hotel-abc', 101)];
    const managerId = (await w.staff('manager')).staff.id;
    await setDuty(w.deps, sarah, 'hotel-abc', { onDuty: true });
    await setDuty(w.deps, mike, 'hotel-abc', { onDuty: true });
    await assignStaff(w.deps, sarah, 'hotel-abc', ROOM_101);
    await sendMessage(w.deps, guest, 'hotel-abc', ROOM_101, { text: 'Is the pool open?' });
    assert.deepEqual(alerts(await fireDueAlerts(w.deps)), [], 'the wait is scheduled, nothing is due yet');
    w.clock.advance(9 * MIN);
    assert.deepEqual(alerts(await fireDueAlerts(w.deps)), []);
    w.clock.advance(1 * MIN);
    assert.deepEqual(alerts(await fireDueAlerts(w.deps)), [{ audience: 'handler', staff: [sarah.staff.id], kind: 'reply', waited: 600, conversation: ROOM_101 }]);
    assert.deepEqual(alerts(await fireDueAlerts(w.deps)), [], 'once');
    w.clock.advance(10 * MIN);
    assert.deepEqual(alerts(await fireDueAlerts(w.deps)), [{ audience: 'on-duty', staff: [sarah.staff.id, mike.staff.id], kind: 'reply', waited: 1200, conversation: ROOM_101 }]);
    w.clock.advance(10 * MIN);
    assert.deepEqual(alerts(await fireDueAlerts(w.deps)), [{ audience: 'manager', staff: [managerId], kind: 'reply', waited: 1800, conversation: ROOM_101 }], 'no manager on duty: every manager');
    w.clock.advance(60 * MIN);
    assert.deepEqual(alerts(await fireDueAlerts(w.deps)), [], 'the ladder has ended');
    const log = await w.deps.store.read((r) => r.desk.alertLog(ROOM_101));
    assert.deepEqual(log.map((l) => l.audience), ['handler', 'on-duty', 'manager']);
  });

  it('stops at a staff reply, and a new guest message starts a new wait', async () => {
    const [sarah, guest] = [await w.staff('sarah'), await w.guest('hotel-abc', 102)];
    await assignStaff(w.deps, sarah, 'hotel-abc', ROOM_102);
    await sendMessage(w.deps, guest, 'hotel-abc', ROOM_102, { text: 'Towels, please.' });
    await fireDueAlerts(w.deps);
    w.clock.advance(10 * MIN);
    assert.equal(alerts(await fireDueAlerts(w.deps)).filter((a) => a.conversation === ROOM_102).length, 1);
    await sendMessage(w.deps, sarah, 'hotel-abc', ROOM_102, { text: 'On their way.' });
    w.clock.advance(60 * MIN);
    assert.deepEqual(alerts(await fireDueAlerts(w.deps)).filter((a) => a.conversation === ROOM_102), [], 'the reply stopped the ladder');
    await sendMessage(w.deps, guest, 'hotel-abc', ROOM_102, { text: 'And a bathrobe?' });
    await fireDueAlerts(w.deps);
    w.clock.advance(10 * MIN);
    assert.deepEqual(alerts(await fireDueAlerts(w.deps)).filter((a) => a.conversation === ROOM_102).map((a) => a.waited), [600]);
  });

  it('calls for cover when a released conversation is not taken, and stops when someone takes it', async () => {
    const [john, emma, guest] = [await w.staff('john'), await w.staff('emma'), await w.guest('hotel-abc', 103)];
    await setDuty(w.deps, emma, 'hotel-abc', { onDuty: true });
    await assignStaff(w.deps, john, 'hotel-abc', ROOM_103);
    await releaseConversation(w.deps, john, 'hotel-abc', ROOM_103, { reason: 'lunch' });
    await fireDueAlerts(w.deps);
    w.clock.advance(5 * MIN);
    const first = alerts(await fireDueAlerts(w.deps)).filter((a) => a.conversation === ROOM_103);
    assert.equal(first.length, 1);
    assert.equal(first[0]?.kind, 'cover');
    assert.equal(first[0]?.audience, 'on-duty');
    assert.ok(first[0]?.staff.includes(emma.staff.id));
    await assignStaff(w.deps, emma, 'hotel-abc', ROOM_103);
    w.clock.advance(60 * MIN);
    assert.deepEqual(alerts(await fireDueAlerts(w.deps)).filter((a) => a.conversation === ROOM_103 && a.kind === 'cover'), []);
    void guest;
  });

  it('fires a due step once however many pollers run at the same moment', async () => {
    const [mike, guest] = [await w.staff('mike'), await w.guest('hotel-abc', 104)];
    await assignStaff(w.deps, mike, 'hotel-abc', 126);
    await sendMessage(w.deps, guest, 'hotel-abc', 126, { text: 'Hello?' });
    await fireDueAlerts(w.deps);
    w.clock.advance(10 * MIN);
    const results = await Promise.all(Array.from({ length: 5 }, () => fireDueAlerts(w.deps)));
    assert.equal(results.flatMap(alerts).filter((a) => a.conversation === 126).length, 1);
  });

  it('releases what a person handles when they clock out, each with its note', async () => {
    const [sarah] = [await w.staff('sarah')];
    await assignStaff(w.deps, sarah, 'hotel-abc', 127);
    const out = await setDuty(w.deps, sarah, 'hotel-abc', { onDuty: false, note: 'all quiet', notes: [{ conversationId: 127, note: 'waiting for taxi confirmation' }] });
    const released = out.result.released.map((r) => [r.conversationId, r.note]);
    assert.ok(released.some(([id, note]) => id === 127 && note === 'waiting for taxi confirmation'));
    assert.ok(released.filter(([id]) => id !== 127).every(([, note]) => note === 'all quiet'), 'the others get the note for all');
    assert.deepEqual(out.events.map((e) => e.type), ['duty-changed', ...out.result.released.map(() => 'handler-changed')]);
    const [summary] = await w.deps.store.read((r) => r.conversations.listSummaries(sarah.staff.hotelId, [127]));
    assert.equal(summary?.needsCover, true);
    assert.equal(summary?.handoffNote?.text, 'waiting for taxi confirmation');
    assert.equal(summary?.handoffNote?.by?.id, sarah.staff.id);
  });
});
