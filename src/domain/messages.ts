// Sending and reading messages. A staff reply hands the conversation to its sender (handoff.ts).
import { conversationHotel, loadConversation, requireMemberOf, requireOpen, requireStaffOf } from './access.js';
import type { Actor, GuestActor, StaffActor } from './actor.js';
import type { DomainEvent, Outcome } from './domain-events.js';
import { AppError, notFound } from './errors.js';
import { applyHandoff, conversationRef } from './handoff.js';
import { withFileUrls } from './attachments.js';
import type { AttachmentRecord, Conversation, Deps, MessageRecord, NewAttachment, NewMessage, StaffProfile } from './ports.js';

export const MAX_MESSAGE_LENGTH = 4000;
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

/**
 * Text as PostgreSQL can keep it: a lone UTF-16 surrogate (half an emoji, cut by a client)
 * becomes U+FFFD, as UTF-8 encoding would make it anyway; NUL, which text columns cannot hold, is
 * refused.
 */
function storable(text: string): string {
  if (text.includes('\u0000')) throw new AppError('invalid_request', 'The message contains a NUL character (U+0000).');
  return text.toWellFormed();
}

export interface SendResult {
  conversation: Conversation;
  message: MessageRecord;
  /** The sender, when staff. */
  staff: StaffProfile | null;
  /** A retry of an earlier send (same client message id): the original, nothing new stored. */
  duplicate: boolean;
}

export async function sendMessage(
  deps: Deps,
  actor: Actor | null,
  hotelSlug: string,
  conversationId: number,
  input: { text: string; clientMessageId?: string | undefined; attachment?: NewAttachment | undefined },
): Promise<Outcome<SendResult>> {
  const me = requireMemberOf(actor, hotelSlug);
  const body = storable(input.text.trim());
  if (body.length === 0 && !input.attachment) throw new AppError('invalid_request', 'The message is empty.');
  if (body.length > MAX_MESSAGE_LENGTH) {
    throw new AppError('invalid_request', `A message may be at most ${MAX_MESSAGE_LENGTH} characters long.`);
  }
  const clientId = input.clientMessageId === undefined ? null : storable(input.clientMessageId);
  const draft: NewMessage = {
    conversationId,
    hotelId: conversationHotel(me, conversationId),
    senderType: me.kind,
    staffId: me.kind === 'staff' ? me.staff.id : null,
    body,
    clientMessageId: clientId,
    createdAt: deps.clock.now(),
  };
  // Most sends are a guest writing or the handler replying: nothing changes hands, so one
  // statement stores them (appendUnlessHandoff, derived from handoff.ts sendChangesNothing). A
  // handoff, a closed conversation or a retry takes the transaction below, which decides those.
  // A message with a file takes the transaction: its attachment row is written with it.
  const quick = input.attachment ? null : await deps.store.read((r) => r.messages.appendUnlessHandoff(draft));
  if (quick === undefined) throw notFound();
  if (quick !== null && quick.id !== null) return stored(me, quick.conversation, quick.id, draft, [], quick.unreadCount);
  return deps.store.transaction(async (tx) => {
    const convo = await loadConversation(tx, me, conversationId, { lock: true });
    const sender = me.kind === 'staff' ? me.staff : null;
    // A retry (same client message id) answers with the original and changes nothing — also
    // after the conversation closed. Looked up only when the insert says it is one.
    const original = async () => {
      const message = clientId === null ? undefined : await tx.messages.findByClientId(convo.id, clientId);
      return message && { result: { conversation: convo, message, staff: sender, duplicate: true }, events: [] };
    };
    if (convo.status !== 'open') {
      const retry = await original();
      if (retry) return retry;
      requireOpen(convo);
    }
    const message: NewMessage = { ...draft, createdAt: deps.clock.now() };
    const id = await tx.messages.insert(message);
    if (id === null) return (await original())!;
    const attachment = input.attachment ? await tx.attachments.insert(id, { conversationId: convo.id, hotelId: convo.hotelId, stayId: convo.stayId }, input.attachment, message.createdAt) : null;
    const handoff: DomainEvent[] = [];
    let unread: number | null = null;
    if (me.kind === 'staff') {
      const change = await applyHandoff(tx, convo, 'reply', me.staff, message.createdAt);
      if (change) handoff.push(change);
      await tx.desk.cancelAlerts(convo.id, ['reply']);
    } else {
      // As the fast path's statement does for the guest: back in the queue, and the wait starts.
      if (convo.resolvedAt !== null) await tx.desk.setResolved(convo.id, null);
      await tx.desk.startAlert({ hotelId: convo.hotelId, conversationId: convo.id, kind: 'reply', at: message.createdAt, restart: false });
      unread = await tx.messages.countUnreadGuest(convo.id);
    }
    return stored(me, convo, id, message, handoff, unread, attachment);
  });
}

/** The answer and events for a message just stored. Everything it shows is known: no read-back. */
function stored(
  me: StaffActor | GuestActor,
  convo: Conversation,
  id: number,
  draft: NewMessage,
  handoff: DomainEvent[],
  unreadCount: number | null,
  attachment: AttachmentRecord | null = null,
): Outcome<SendResult> {
  const message: MessageRecord = {
    id,
    conversationId: convo.id,
    roomId: convo.roomId,
    roomNumber: convo.roomNumber,
    senderType: me.kind,
    staff: me.kind === 'staff' ? me.staff : null,
    guestName: convo.guestName,
    body: draft.body,
    createdAt: draft.createdAt,
    readByStaff: false,
    staffReadAt: null,
    readByGuest: false,
    guestReadAt: null,
    clientMessageId: draft.clientMessageId,
    ...(attachment && { attachment }),
  };
  const sender = me.kind === 'staff' ? me.staff : null;
  return {
    result: { conversation: convo, message, staff: sender, duplicate: false },
    events: [...handoff, { type: 'message-stored', conversation: conversationRef(convo), message, unreadCount: me.kind === 'guest' ? unreadCount : null }],
  };
}

export async function listMessages(
  deps: Deps,
  actor: Actor | null,
  hotelSlug: string,
  conversationId: number,
  page: { limit?: number | undefined; beforeId?: number | undefined },
): Promise<MessageRecord[]> {
  const me = requireMemberOf(actor, hotelSlug);
  const limit = Math.min(page.limit ?? DEFAULT_PAGE, MAX_PAGE);
  return deps.store.read(async (r) => {
    const convo = await loadConversation(r, me, conversationId);
    return withFileUrls(deps, me, await r.messages.list(convo.id, limit, page.beforeId ?? null));
  });
}

export interface ReadResult {
  conversationId: number;
  messageIds: number[];
}

/** Staff read the guest's messages (for every colleague at once), or the guest read the staff's. */
export async function markRead(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number): Promise<Outcome<ReadResult>> {
  const me = requireMemberOf(actor, hotelSlug);
  return deps.store.transaction(async (tx) => {
    const convo = await loadConversation(tx, me, conversationId, { lock: true });
    const now = deps.clock.now();
    const ref = conversationRef(convo);
    const events: DomainEvent[] = [];
    let ids: number[];
    if (me.kind === 'staff') {
      ids = await tx.messages.markReadByStaff(convo.id, now);
      const latest = await tx.messages.latestMessageId(convo.id);
      if (latest !== null) await tx.staffReads.record(me.staff.id, convo.id, latest, now);
      if (ids.length > 0) {
        events.push({ type: 'read-by-staff', conversation: ref, messageIds: ids, reader: me.staff, at: now }, { type: 'unread-changed', conversation: ref, unreadCount: 0 });
      }
    } else {
      ids = await tx.messages.markReadByGuest(convo.id, now);
      if (ids.length > 0) events.push({ type: 'read-by-guest', conversation: ref, messageIds: ids, at: now });
    }
    return { result: { conversationId: convo.id, messageIds: ids }, events };
  });
}

/**
 * The reference's lunch cover: the conversation counts as unread again for every staff member.
 * Marked unread by its handler, it is also released: the handler is stepping away, and the next
 * person to open it takes it without being asked to take over.
 */
export async function markUnread(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number): Promise<Outcome<{ conversationId: number; unreadCount: number; released: boolean }>> {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.transaction(async (tx) => {
    const convo = await loadConversation(tx, me, conversationId, { lock: true });
    const id = await tx.messages.markLatestGuestUnread(convo.id);
    if (id === undefined) throw new AppError('conflict', 'There is no guest message to mark unread yet.');
    const events: DomainEvent[] = [];
    const release = convo.currentStaffId === me.staff.id ? await applyHandoff(tx, convo, 'release', me.staff, deps.clock.now(), 'Marked unread') : null;
    if (release) events.push(release);
    const unread = await tx.messages.countUnreadGuest(convo.id);
    events.push({ type: 'unread-changed', conversation: conversationRef(convo), unreadCount: unread });
    return { result: { conversationId: convo.id, unreadCount: unread, released: release !== null }, events };
  });
}
