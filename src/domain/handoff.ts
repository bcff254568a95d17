// "Last one wins": the only place that decides who handles a conversation.
// Opening a conversation (assign-staff) and replying to it both come through applyHandoff,
// inside the transaction that holds the conversation's row lock, so concurrent calls take turns
// and the stored handler, the history and the events agree on one order.
// The one shortcut: a send by the guest or by the current handler, which decideHandoff would
// leave alone, is stored by a single statement that checks exactly that under the same row lock
// (messages.appendUnlessHandoff); any other reply falls back to the transaction that comes here.
import { requireOpen, requireStaffOf, loadConversation } from './access.js';
import type { Actor } from './actor.js';
import { handoffEvents, type HandoffChange, type RealtimeEvent } from './events.js';
import type { AssignmentReason, Conversation, Deps, Repos, StaffMember } from './ports.js';
import { staffInfo, staffInfoOrNull, type StaffInfo } from './views.js';

/** Pure rule: a change happens only when someone other than the current handler acts. */
export function decideHandoff(convo: Pick<Conversation, 'currentStaffId'>, staffId: number): boolean {
  return convo.currentStaffId !== staffId;
}

/** Records the change (handler, history row) on a row-locked conversation; null when nothing changes. */
export async function applyHandoff(
  tx: Repos,
  convo: Conversation,
  staff: StaffMember,
  reason: AssignmentReason,
  at: Date,
): Promise<HandoffChange | null> {
  if (!decideHandoff(convo, staff.id)) return null;
  const previous = convo.currentStaffId === null ? null : ((await tx.staff.findById(convo.hotelId, convo.currentStaffId)) ?? null);
  await tx.assignments.insert({ conversationId: convo.id, staffId: staff.id, previousStaffId: convo.currentStaffId, reason, at });
  await tx.conversations.setHandler(convo.id, staff.id, at);
  convo.currentStaffId = staff.id;
  return { conversationId: convo.id, staff, previous, reason, at };
}

export interface AssignResult {
  conversation: Conversation;
  assigned: StaffInfo;
  previous: StaffInfo | null;
  changed: boolean;
  sessionsUpdated: number;
}

export async function assignStaff(
  deps: Deps,
  actor: Actor | null,
  hotelSlug: string,
  conversationId: number,
): Promise<{ result: AssignResult; events: RealtimeEvent[] }> {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.transaction(async (tx) => {
    const convo = await loadConversation(tx, me, conversationId, { lock: true });
    requireOpen(convo);
    const before = convo.currentStaffId;
    const now = new Date();
    const change = await applyHandoff(tx, convo, me.staff, 'opened', now);
    const sessionsUpdated = change ? await tx.guestSessions.countActive(convo.stayId, now) : 0;
    const previous = change ? change.previous : before === null ? null : ((await tx.staff.findById(convo.hotelId, before)) ?? null);
    return {
      result: { conversation: convo, assigned: staffInfo(me.staff), previous: staffInfoOrNull(previous), changed: change !== null, sessionsUpdated },
      events: change ? handoffEvents(convo, change) : [],
    };
  });
}
