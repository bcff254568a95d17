// Photos and files in a conversation: who may upload, who may see a file (checked again at every
// fetch of a signed URL), and erasing a stay's files. The bytes themselves are the storage's
// (src/storage/); an upload is a message (messages.ts sendMessage with an attachment): stored and
// announced like any other, and a staff upload is a staff reply (it hands the conversation over).
import { loadConversation, requireMemberOf, requireOpen } from './access.js';
import type { Actor, GuestActor, StaffActor } from './actor.js';
import { AppError, forbidden, notFound } from './errors.js';
import type { AttachmentRecord, Conversation, Deps, FileViewer, MessageRecord, StoredAttachment } from './ports.js';

/** The viewer a signed URL is made for: the caller's session. */
export const viewerOf = (me: StaffActor | GuestActor): FileViewer => ({ kind: me.kind, tokenHash: me.tokenHash });

function files(deps: Deps): NonNullable<Deps['files']> {
  if (!deps.files) throw new AppError('unavailable', 'File storage is not set up on this server.');
  return deps.files;
}

/**
 * Before any byte is read: the caller may write in this conversation (staff of its hotel, or its
 * stay's guest) and it is open. Returns where the file will belong.
 */
export async function checkUpload(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number): Promise<{ me: StaffActor | GuestActor; conversation: Conversation }> {
  const me = requireMemberOf(actor, hotelSlug);
  files(deps);
  const conversation = await deps.store.read((r) => loadConversation(r, me, conversationId));
  requireOpen(conversation);
  return { me, conversation };
}

/** Fills in the viewer's signed URLs of every attachment among `messages`. */
export function withFileUrls(deps: Deps, me: StaffActor | GuestActor, messages: MessageRecord[]): MessageRecord[] {
  const f = deps.files;
  if (!f) return messages;
  const now = deps.clock.now();
  const viewer = viewerOf(me);
  return messages.map((m) => (m.attachment ? { ...m, attachment: { ...m.attachment, urls: f.urls(viewer, m.attachment, now) } } : m));
}

/** Whether this session may see this attachment now: staff of its hotel, or its stay's guest. */
function maySee(me: StaffActor | GuestActor, a: StoredAttachment): boolean {
  return me.kind === 'staff' ? me.staff.hotelId === a.hotelId : me.session.stayId === a.stayId;
}

/** Fresh signed URLs for one attachment (the apps ask when a realtime message brings one). */
export async function attachmentLinks(deps: Deps, actor: Actor | null, hotelSlug: string, attachmentId: number): Promise<AttachmentRecord> {
  const me = requireMemberOf(actor, hotelSlug);
  const f = files(deps);
  const a = await deps.store.read((r) => r.attachments.find(attachmentId));
  if (!a) throw notFound('That file');
  if (!maySee(me, a)) throw forbidden('You may not see that file.');
  const { messageId: _m, conversationId: _c, hotelId: _h, stayId: _s, storageKey: _k, thumbnailKey: _t, ...record } = a;
  return { ...record, urls: f.urls(viewerOf(me), record, deps.clock.now()) };
}

/**
 * A signed URL's fetch: the signature was valid; now the session it was made for must still be
 * signed in (a checked-out guest, a deactivated or signed-out staff member is refused) and may
 * see the file.
 */
export async function openAttachment(deps: Deps, viewer: FileViewer, attachmentId: number): Promise<StoredAttachment> {
  const now = deps.clock.now();
  const found = await deps.store.read(async (r) => {
    const a = await r.attachments.find(attachmentId);
    if (viewer.kind === 'staff') {
      const staff = await r.staffTokens.findStaff(viewer.tokenHash, now);
      return { a, me: staff ? ({ kind: 'staff', staff, tokenHash: viewer.tokenHash } as const) : null };
    }
    const session = await r.guestSessions.findActive(viewer.tokenHash, now);
    return { a, me: session ? ({ kind: 'guest', session, tokenHash: viewer.tokenHash } as const) : null };
  });
  if (!found.me) throw forbidden('This link is no longer valid: sign in again.');
  if (!found.a) throw notFound('That file');
  if (!maySee(found.me, found.a)) throw forbidden('You may not see that file.');
  return found.a;
}

/**
 * Erases a stay's files: the stored bytes first, then the rows, so a failure leaves nothing
 * readable behind and can be retried. Called with the stay's data (retention).
 */
export async function eraseStayAttachments(deps: Deps, stayId: number): Promise<{ erased: number }> {
  const f = files(deps);
  const rows = await deps.store.read((r) => r.attachments.forStay(stayId));
  if (rows.length === 0) return { erased: 0 };
  await f.remove(rows.flatMap((a) => (a.thumbnailKey ? [a.storageKey, a.thumbnailKey] : [a.storageKey])));
  const erased = await deps.store.transaction((tx) => tx.attachments.deleteForStay(stayId));
  return { erased };
}
