// The guest's calls: CONTRACT.md §3 (initialize, validate) and §4 with a session token.
import { ApiError, request } from '../shared/api.js';
import type { GuestSession, Message, SendReply } from '../shared/contract.js';
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
  return request<GuestSession>(
    `/chat/${encodeURIComponent(p.hotel)}/guest-session/room/${encodeURIComponent(p.room)}/initialize/`,
    { method: 'POST', body: sessionToken ? { pin, session_token: sessionToken } : { pin } },
  );
}

export type Validation = { valid: true; session: GuestSession } | { valid: false; reason: string };

export async function validate(token: string): Promise<Validation> {
  try {
    const reply = await request<Omit<GuestSession, 'session_token'>>(
      `/chat/guest-session/${encodeURIComponent(token)}/validate/`,
    );
    return { valid: true, session: { ...reply, session_token: token } };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 404 || err.status === 410)) {
      const body = err.body as { reason?: unknown } | null;
      return { valid: false, reason: typeof body?.reason === 'string' ? body.reason : err.code };
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
    return request<SendReply>(this.path('messages/send/'), { method: 'POST', token: this.token, body: { message, client_message_id: clientMessageId } });
  }

  markRead(): Promise<unknown> {
    return request<unknown>(this.path('mark-read/'), { method: 'POST', token: this.token });
  }
}
