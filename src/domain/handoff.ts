// "Last one wins": the only place that decides who handles a conversation. Three actions change
// it — a staff member opens the conversation, replies in it, or releases it to the team — and
// "nobody" is a state like any other. Every change is applied inside the transaction that holds
// the conversation's row lock, so concurrent calls take turns and the stored handler, the history
// and the events agree on one order.
//
// Derived for speed: a send that decideHandoff leaves alone (the guest writing, or the current
// handler replying, in an open conversation) is stored by a single statement that checks exactly
// sendChangesNothing's condition under the same row lock (messages.appendUnlessHandoff in
// db/repositories/message-repository.ts). Any other send takes the transaction that comes here.
// test/db/handoff-fast-path.test.ts holds the two together on every combination.
import { loadConversation, requireOpen, requireStaffOf } from './access.js';
import type { Actor } from './actor.js';
import type { ConversationRef, DomainEvent, Outcome } from './domain-events.js';
import { AppError } from './errors.js';
import type { Conversation, Deps, HandoffReason, Repos, StaffMember, StaffProfile } from './ports.js';

export type HandoffAction = 'open' | 'reply' | 'release';

export const MAX_RELEASE_NOTE = 200;

/** What an action does to the handler: nothing, or who handles it next (null: nobody). */
export type HandoffDecision =
  | { change: false }
  | { change: true; to: number; reason: Exclude<HandoffReason, 'released'> }
  | { change: true; to: null; reason: 'released' };

/**
 * The pure rule. Opening or replying makes the actor the handler unless they already are;
 * releasing leaves nobody, unless nobody handles it already. A closed conversation changes hands
 * no more (the callers refuse to act on it).
 */
export function decideHandoff(convo: Pick<Conversation, 'currentStaffId' | 'status'>, action: HandoffAction, staffId: number): HandoffDecision {
  if (convo.status !== 'open') return { change: false };
  if (action === 'release') return convo.currentStaffId === null ? { change: false } : { change: true, to: null, reason: 'released' };
  return convo.currentStaffId === staffId ? { change: false } : { change: true, to: staffId, reason: action === 'open' ? 'opened' : 'replied' };
}

/** Whether a send stores a message and changes nothing else: the fast path's condition. */
export function sendChangesNothing(convo: Pick<Conversation, 'currentStaffId' | 'status'>, sender: { staffId: number | null }): boolean {
  if (convo.status !== 'open') return false;
  return sender.staffId === null || !decideHandoff(convo, 'reply', sender.staffId).change;
}

export const conversationRef = (c: Conversation): ConversationRef => ({
  id: c.id,
  hotelId: c.hotelId,
  hotelSlug: c.hotelSlug,
  roomNumber: c.roomNumber,
  stayId: c.stayId,
  currentStaffId: c.currentStaffId,
});

/**
 * Applies an action to a row-locked conversation: the handler, a history row and the event.
 * Returns the event, or null when nothing changes. `actor` is who acts; for a release the new
 * handler is nobody.
 */
export async function applyHandoff(
  tx: Repos,
  convo: Conversation,
  action: HandoffAction,
  actor: StaffMember,
  at: Date,
  note: string | null = null,
): Promise<Extract<DomainEvent, { type: 'handler-changed' }> | null> {
  const decision = decideHandoff(convo, action, actor.id);
  if (!decision.change) return null;
  const from = await handlerProfile(tx, convo);
  await tx.assignments.insert({ conversationId: convo.id, staffId: decision.to, previousStaffId: convo.currentStaffId, reason: decision.reason, note, at });
  await tx.conversations.setHandler(convo.id, decision.to, at);
  // Nobody handling it starts the wait for cover (escalation.ts); someone taking it ends that wait.
  if (decision.to === null) await tx.desk.startAlert({ hotelId: convo.hotelId, conversationId: convo.id, kind: 'cover', at, restart: true });
  else await tx.desk.cancelAlerts(convo.id, ['cover']);
  convo.currentStaffId = decision.to;
  const base = { type: 'handler-changed', conversation: conversationRef(convo), from, note, at } as const;
  return decision.to === null ? { ...base, to: null, reason: decision.reason } : { ...base, to: actor, reason: decision.reason };
}

async function handlerProfile(tx: Repos, convo: Conversation): Promise<StaffProfile | null> {
  return convo.currentStaffId === null ? null : ((await tx.staff.findById(convo.hotelId, convo.currentStaffId)) ?? null);
}

export interface AssignResult {
  conversation: Conversation;
  assigned: StaffProfile;
  previous: StaffProfile | null;
  changed: boolean;
  /** Active guest sessions of the stay that now see the new handler (0 when nothing changed). */
  sessionsUpdated: number;
}

/** assign-staff: the caller opens the conversation and becomes its handler. */
export async function assignStaff(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number): Promise<Outcome<AssignResult>> {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.transaction(async (tx) => {
    const convo = await loadConversation(tx, me, conversationId, { lock: true });
    requireOpen(convo);
    const now = deps.clock.now();
    const before = await handlerProfile(tx, convo);
    const change = await applyHandoff(tx, convo, 'open', me.staff, now);
    const sessionsUpdated = change ? await tx.guestSessions.countActive(convo.stayId, now) : 0;
    return {
      result: { conversation: convo, assigned: me.staff, previous: before, changed: change !== null, sessionsUpdated },
      events: change ? [change] : [],
    };
  });
}

export interface ReleaseResult {
  conversation: Conversation;
  released: boolean;
  previous: StaffProfile | null;
  note: string | null;
  unreadCount: number;
}

/**
 * Release to the team: nobody handles the conversation now, and it is unread for everyone again
 * so it shows as waiting on every dashboard. Any staff member of the hotel may release (the
 * handler going on break, or a colleague freeing what an absent one holds).
 */
export async function releaseConversation(
  deps: Deps,
  actor: Actor | null,
  hotelSlug: string,
  conversationId: number,
  input: { reason?: string | undefined },
): Promise<Outcome<ReleaseResult>> {
  const me = requireStaffOf(actor, hotelSlug);
  const note = input.reason?.trim() || null;
  if (note !== null && note.length > MAX_RELEASE_NOTE) throw new AppError('invalid_request', `A reason may be at most ${MAX_RELEASE_NOTE} characters long.`);
  if (note?.includes('\u0000')) throw new AppError('invalid_request', 'The reason contains a NUL character (U+0000).');
  return deps.store.transaction(async (tx) => {
    const convo = await loadConversation(tx, me, conversationId, { lock: true });
    requireOpen(convo);
    const now = deps.clock.now();
    const previous = await handlerProfile(tx, convo);
    const change = await applyHandoff(tx, convo, 'release', me.staff, now, note);
    const events: DomainEvent[] = change ? [change] : [];
    const marked = change ? await tx.messages.markLatestGuestUnread(convo.id) : undefined;
    const unreadCount = await tx.messages.countUnreadGuest(convo.id);
    if (marked !== undefined) events.push({ type: 'unread-changed', conversation: conversationRef(convo), unreadCount });
    return { result: { conversation: convo, released: change !== null, previous, note, unreadCount }, events };
  });
}
