// The guest's calls of the contract: initialize and validate a session, then chat with its token.
import { ApiError, request } from '../shared/api.js';
import { isRecord } from '../shared/checks.js';
import type { AvailabilityReply, GuestSession, InitializeReply, MarkReadReply, Message, SendBody, SendReply, ValidateReply } from '../shared/contract.js';
import { messagesPath } from '../shared/messages.js';

export interface Place {
  hotel: string;
  room: string;
}

/** `/guest/{hotel_slug}/{room_number}` → where this chat is. */
export function placeFromPath(pathname: string): Place | null {
  const match = /^\/guest\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1] || !match[2]) return null;
  return { hotel: decodeURIComponent(match[1]), room: decodeURIComponent(match[2]) };
}

const key = (p: Place): string => `concierge.guest.${p.hotel}.${p.room}`;

export function storedSession(p: Place): string | null {
  try {
    return localStorage.getItem(key(p));
  } catch {
    return null;
  }
}

export function storeSession(p: Place, token: string | null): void {
  try {
    if (token) localStorage.setItem(key(p), token);
    else localStorage.removeItem(key(p));
  } catch {
    // Private mode without storage: the session lasts until the tab closes.
  }
}

export function initialize(p: Place, pin: string, sessionToken: string | null): Promise<GuestSession> {
  return request<InitializeReply>(
    `/chat/${encodeURIComponent(p.hotel)}/guest-session/room/${encodeURIComponent(p.room)}/initialize/`,
    { method: 'POST', body: sessionToken ? { pin, session_token: sessionToken } : { pin } },
  );
}

/** What the link says before the PIN: the hotel's name and clock (GET …/guest-session/room/:room/). */
export interface Entry {
  hotel_slug: string;
  hotel_name: string;
  time_zone: string;
  room_number: number;
}

export type EntryCheck = { kind: 'ok'; entry: Entry } | { kind: 'no-hotel' } | { kind: 'no-room'; hotelName: string | null } | { kind: 'invalid' };

/** Whether the link's hotel and room exist. Network trouble throws (the caller retries). */
export async function checkEntry(p: Place): Promise<EntryCheck> {
  if (!/^[1-9][0-9]{0,4}$/.test(p.room)) return { kind: 'invalid' };
  try {
    return { kind: 'ok', entry: await request<Entry>(`/chat/${encodeURIComponent(p.hotel)}/guest-session/room/${encodeURIComponent(p.room)}/`) };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      const hotelName = isRecord(err.body) && typeof err.body.hotel_name === 'string' ? err.body.hotel_name : null;
      return hotelName === null ? { kind: 'no-hotel' } : { kind: 'no-room', hotelName };
    }
    if (err instanceof ApiError && err.status === 400) return { kind: 'invalid' };
    throw err;
  }
}

/** Tells the hotel which language the guest reads the chat in (kept on the stay for the staff). */
export function reportLanguage(session: GuestSession, language: string): Promise<unknown> {
  return request(`/chat/${encodeURIComponent(session.hotel_slug)}/guest-session/language/`, { method: 'POST', token: session.session_token, body: { language } });
}

export type Validation = { valid: true; session: GuestSession } | { valid: false; reason: string };

export async function validate(token: string): Promise<Validation> {
  try {
    const { valid: _valid, ...reply } = await request<ValidateReply>(`/chat/guest-session/${encodeURIComponent(token)}/validate/`);
    return { valid: true, session: { ...reply, session_token: token } };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 404 || err.status === 410)) {
      const reason = isRecord(err.body) ? err.body.reason : null;
      return { valid: false, reason: typeof reason === 'string' ? reason : err.code };
    }
    throw err;
  }
}

/** Whether a reason or error code says the stay is over (rather than a wrong or old PIN). */
export function meansCheckedOut(reason: string): boolean {
  return /check|stay|ended|closed|no_active|not_checked/i.test(reason);
}

export class GuestApi {
  constructor(readonly session: GuestSession) {}

  private get token(): string {
    return this.session.session_token;
  }

  private path(rest: string): string {
    return `/chat/${encodeURIComponent(this.session.hotel_slug)}/conversations/${this.session.conversation_id}/${rest}`;
  }

  messages(limit = 50, beforeId?: number): Promise<Message[]> {
    return request<Message[]>(messagesPath(this.session.hotel_slug, this.session.conversation_id, limit, beforeId), { token: this.token });
  }

  send(message: string, clientMessageId: string): Promise<SendReply> {
    const body: SendBody = { message, client_message_id: clientMessageId };
    return request<SendReply>(this.path('messages/send/'), { method: 'POST', token: this.token, body });
  }

  /** How the desk is staffed and how fast it usually answers. */
  availability(): Promise<AvailabilityReply> {
    return request<AvailabilityReply>(`/chat/${encodeURIComponent(this.session.hotel_slug)}/desk/availability/`, { token: this.token });
  }

  markRead(): Promise<MarkReadReply> {
    return request<MarkReadReply>(this.path('mark-read/'), { method: 'POST', token: this.token });
  }
}
