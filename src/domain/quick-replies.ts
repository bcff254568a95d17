// Quick replies: a hotel's canned answers, one text per language, with placeholders filled for
// the conversation at hand. Managers keep them; staff of the hotel use them. Filled here on the
// server, so the hotel's values and the stay's details never need to reach the browser raw.
import { loadConversation, requireHotel, requireManagerOf, requireStaffOf } from './access.js';
import type { Actor } from './actor.js';
import type { QuickReply, QuickReplyInput } from './desk-day-ports.js';
import { AppError, notFound } from './errors.js';
import { checkTexts, fillPlaceholders, pickText, plainText } from './placeholders.js';
import type { Deps } from './ports.js';

export const MAX_QUICK_REPLIES = 200;
export const MAX_QUICK_REPLY_TEXT = 2000;
const SHORTCUT = /^[a-z0-9][a-z0-9-]{0,39}$/;

export interface RenderedQuickReply {
  id: number;
  shortcut: string;
  title: string;
  language: string;
  text: string;
  unfilled: string[];
}

function checkInput(q: QuickReplyInput): QuickReplyInput {
  const shortcut = q.shortcut.trim().toLowerCase();
  if (!SHORTCUT.test(shortcut)) throw new AppError('invalid_request', 'A shortcut is 1–40 lowercase letters, digits or dashes (e.g. "wifi").');
  const title = plainText(q.title, 'The title', 80);
  if (title === '') throw new AppError('invalid_request', 'The title is empty.');
  return { shortcut, title, texts: checkTexts(q.texts, 'The reply', { maxLength: MAX_QUICK_REPLY_TEXT, min: 1 }) };
}

/** The hotel's quick replies as written (staff of the hotel). */
export async function listQuickReplies(deps: Deps, actor: Actor | null, hotelSlug: string): Promise<QuickReply[]> {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.read((r) => r.deskDay.quickReplies(me.staff.hotelId));
}

/** The same list for a manager (or the command line). */
export async function manageQuickReplies(deps: Deps, actor: Actor | null, hotelSlug: string): Promise<QuickReply[]> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.read(async (r) => r.deskDay.quickReplies((await requireHotel(r, hotelSlug)).id));
}

/** Every quick reply filled in for this conversation, in its guest's language (staff of the hotel). */
export async function renderQuickReplies(deps: Deps, actor: Actor | null, hotelSlug: string, conversationId: number): Promise<RenderedQuickReply[]> {
  const me = requireStaffOf(actor, hotelSlug);
  return deps.store.read(async (r) => {
    const convo = await loadConversation(r, me, conversationId);
    const [stay, settings, replies] = await Promise.all([
      r.deskDay.stayOfConversation(convo.hotelId, convo.id),
      r.deskDay.settings(convo.hotelId),
      r.deskDay.quickReplies(convo.hotelId),
    ]);
    const guestName = stay?.guestName ?? convo.guestName;
    const values: Record<string, string> = {
      ...settings.placeholderValues,
      guest_name: guestName,
      guest_first_name: guestName.trim().split(/\s+/)[0] ?? '',
      room: String(convo.roomNumber),
      staff_first_name: me.staff.firstName,
      staff_name: `${me.staff.firstName} ${me.staff.lastName}`.trim(),
      hotel_name: me.staff.hotelName,
      ...(settings.emergencyNumber && { emergency_number: settings.emergencyNumber }),
    };
    const wanted = [stay?.language, settings.defaultLanguage, 'en'];
    return replies.flatMap((q) => {
      const picked = pickText(q.texts, wanted);
      if (!picked) return [];
      const filled = fillPlaceholders(picked.text, values);
      return [{ id: q.id, shortcut: q.shortcut, title: q.title, language: picked.language, text: filled.text, unfilled: filled.unfilled }];
    });
  });
}

export async function createQuickReply(deps: Deps, actor: Actor | null, hotelSlug: string, input: QuickReplyInput): Promise<QuickReply> {
  requireManagerOf(actor, hotelSlug);
  const q = checkInput(input);
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    if ((await tx.deskDay.countQuickReplies(hotel.id)) >= MAX_QUICK_REPLIES) throw new AppError('conflict', `A hotel has at most ${MAX_QUICK_REPLIES} quick replies.`);
    const saved = await tx.deskDay.insertQuickReply(hotel.id, q, deps.clock.now());
    if (!saved) throw new AppError('conflict', `The shortcut "${q.shortcut}" is taken.`);
    return saved;
  });
}

export async function updateQuickReply(deps: Deps, actor: Actor | null, hotelSlug: string, id: number, input: Partial<QuickReplyInput>): Promise<QuickReply> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const current = (await tx.deskDay.quickReplies(hotel.id)).find((q) => q.id === id);
    if (!current) throw notFound('That quick reply');
    const q = checkInput({ shortcut: input.shortcut ?? current.shortcut, title: input.title ?? current.title, texts: input.texts ?? current.texts });
    const saved = await tx.deskDay.updateQuickReply(hotel.id, id, q, deps.clock.now());
    if (saved === 'taken') throw new AppError('conflict', `The shortcut "${q.shortcut}" is taken.`);
    if (!saved) throw notFound('That quick reply');
    return saved;
  });
}

export async function deleteQuickReply(deps: Deps, actor: Actor | null, hotelSlug: string, id: number): Promise<void> {
  requireManagerOf(actor, hotelSlug);
  const gone = await deps.store.transaction(async (tx) => tx.deskDay.deleteQuickReply((await requireHotel(tx, hotelSlug)).id, id));
  if (!gone) throw notFound('That quick reply');
}
