// Each conversation keeps its unread count and the start of the guest's wait (migration 005) so
// the inbox needs no aggregate over messages. Those two columns must always say what the messages
// themselves say: after every step of a long, seeded random day at the desk (guest messages,
// replies by the handler and by a colleague, reads, mark unread, release, open, retries), both
// are compared with a recount from the messages table, and with what the domain's events said.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { checkIn } from '../../src/domain/admin.js';
import { assignStaff, releaseConversation } from '../../src/domain/handoff.js';
import { listConversations } from '../../src/domain/inbox.js';
import { markRead, markUnread, sendMessage } from '../../src/domain/messages.js';
import type { StaffActor } from '../../src/domain/actor.js';
import { worldForFile } from '../helpers/domain.js';

/** A small seeded generator (mulberry32): the same day every run, and a failure names its step. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the unread count and the wait kept on each conversation', () => {
  const w = worldForFile();

  /** What the messages say, recounted the slow way. */
  async function recount(conversationId: number): Promise<{ unread: number; waitingSince: number | null }> {
    return w.deps.store.read(async (r) => {
      const messages = await r.messages.list(conversationId, 1000, null);
      const unread = messages.filter((m) => m.senderType === 'guest' && !m.readByStaff).length;
      let waitingSince: number | null = null;
      for (const m of messages) {
        if (m.senderType === 'staff') waitingSince = null;
        else if (m.senderType === 'guest' && waitingSince === null) waitingSince = m.createdAt.getTime();
      }
      return { unread, waitingSince };
    });
  }

  async function kept(staff: StaffActor, conversationId: number): Promise<{ unread: number; waitingSince: number | null; badge: number }> {
    const rows = await listConversations(w.deps, staff, 'hotel-abc');
    const row = rows.find((c) => c.conversationId === conversationId);
    assert.ok(row, 'the conversation is in the inbox');
    const badge = (await w.deps.store.read((r) => r.messages.unreadByConversation(staff.staff.hotelId))).find((b) => b.conversationId === conversationId);
    return { unread: row.unreadCount, waitingSince: row.waitingSince?.getTime() ?? null, badge: badge?.unreadCount ?? 0 };
  }

  it('agree with a recount from the messages after every step of a random day', async () => {
    const staff = [await w.staff('sarah'), await w.staff('mike'), await w.staff('emma')];
    const rooms = [110, 111, 112];
    const conversations: Array<{ id: number; guest: Awaited<ReturnType<typeof w.guest>> }> = [];
    for (const room of rooms) {
      const { result } = await checkIn(w.deps, { kind: 'system' }, 'hotel-abc', room, { guestName: `Guest ${room}` });
      conversations.push({ id: result.conversationId, guest: await w.guest('hotel-abc', room) });
    }
    const next = random(20261201);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const seen = new Set<string>();
    let lastReported = new Map<number, number>();
    for (let step = 0; step < 400; step++) {
      w.clock.advance(1000 + Math.floor(next() * 60_000));
      const convo = pick(conversations);
      const someone = pick(staff);
      const action = pick(['guest', 'guest', 'guest', 'reply', 'reply', 'read', 'unread', 'release', 'open', 'retry'] as const);
      let events: Array<{ type: string; unreadCount?: number | null }> = [];
      try {
        if (action === 'guest') events = (await sendMessage(w.deps, convo.guest, 'hotel-abc', convo.id, { text: `guest ${step}`, clientMessageId: `g-${step}` })).events;
        else if (action === 'retry') events = (await sendMessage(w.deps, convo.guest, 'hotel-abc', convo.id, { text: 'again', clientMessageId: `g-${step - 1}` })).events;
        else if (action === 'reply') events = (await sendMessage(w.deps, someone, 'hotel-abc', convo.id, { text: `staff ${step}`, clientMessageId: `s-${step}` })).events;
        else if (action === 'read') events = (await markRead(w.deps, someone, 'hotel-abc', convo.id)).events;
        else if (action === 'unread') events = (await markUnread(w.deps, someone, 'hotel-abc', convo.id)).events;
        else if (action === 'release') events = (await releaseConversation(w.deps, someone, 'hotel-abc', convo.id, {})).events;
        else events = (await assignStaff(w.deps, someone, 'hotel-abc', convo.id)).events;
      } catch (e) {
        // Mark unread before any guest message is a conflict, as it is for a user; nothing changed.
        if (!(action === 'unread' && e instanceof Error && /no guest message/.test(e.message))) throw e;
      }
      seen.add(action);
      for (const e of events) {
        if ((e.type === 'unread-changed' || e.type === 'message-stored') && typeof e.unreadCount === 'number') lastReported.set(convo.id, e.unreadCount);
      }
      const truth = await recount(convo.id);
      const columns = await kept(staff[0]!, convo.id);
      const label = `step ${step} (${action} on conversation ${convo.id})`;
      assert.equal(columns.unread, truth.unread, `${label}: unread count`);
      assert.equal(columns.badge, truth.unread, `${label}: the badge's count`);
      assert.equal(columns.waitingSince, truth.waitingSince, `${label}: waiting since`);
      if (events.some((e) => e.type === 'unread-changed' || (e.type === 'message-stored' && typeof e.unreadCount === 'number'))) {
        assert.equal(lastReported.get(convo.id), truth.unread, `${label}: the count the events published`);
      }
    }
    assert.deepEqual([...seen].sort(), ['guest', 'open', 'read', 'release', 'reply', 'retry', 'unread']);
    lastReported = new Map();
  });

  it('are filled in from the messages by the migration for conversations that existed before it', async () => {
    // Run the migration's backfill again over a conversation whose columns were wiped: it must
    // arrive at the same values as the statements that keep them.
    const sarah = await w.staff('sarah');
    const { result } = await checkIn(w.deps, { kind: 'system' }, 'hotel-abc', 113, { guestName: 'Before The Upgrade' });
    const guest = await w.guest('hotel-abc', 113);
    await sendMessage(w.deps, guest, 'hotel-abc', result.conversationId, { text: 'one' });
    w.clock.advance(5000);
    await sendMessage(w.deps, sarah, 'hotel-abc', result.conversationId, { text: 'answer' });
    w.clock.advance(5000);
    await sendMessage(w.deps, guest, 'hotel-abc', result.conversationId, { text: 'two' });
    w.clock.advance(5000);
    await sendMessage(w.deps, guest, 'hotel-abc', result.conversationId, { text: 'three' });
    const before = await kept(sarah, result.conversationId);
    const { up } = await import('../../src/db/migrations/005-inbox-counts.js');
    await w.db.transaction().execute(async (trx) => {
      await sql`alter table conversations drop column unread_count, drop column waiting_since`.execute(trx);
      await up(trx as unknown as Kysely<unknown>);
    });
    const after = await kept(sarah, result.conversationId);
    assert.deepEqual(after, before);
    assert.equal(after.unread, 3);
    assert.ok(after.waitingSince !== null);
  });
});
