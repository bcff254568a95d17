// The staff calls of the contract (sign-in and chat), bound to one signed-in token and hotel.
import { request } from '../shared/api.js';
import type {
  AlertLogEntry,
  AssignReply,
  Assignment,
  DutyBody,
  DutyReply,
  Note,
  ResolveBody,
  ResolveReply,
  RosterReply,
  ConversationSummary,
  LoginReply,
  MarkReadReply,
  MarkUnreadReply,
  Message,
  ReleaseBody,
  ReleaseReply,
  SendBody,
  SendReply,
  Staff,
} from '../shared/contract.js';
import { messagesPath } from '../shared/messages.js';

export function login(username: string, password: string): Promise<LoginReply> {
  return request<LoginReply>('/auth/login/', { method: 'POST', body: { username, password } });
}

export function me(token: string): Promise<Staff> {
  return request<Staff>('/auth/me/', { token });
}

export function logout(token: string): Promise<void> {
  return request<void>('/auth/logout/', { method: 'POST', token, timeoutMs: 5_000 });
}

export class StaffApi {
  constructor(
    readonly token: string,
    readonly hotel: string,
  ) {}

  private path(rest: string): string {
    return `/chat/${encodeURIComponent(this.hotel)}/${rest}`;
  }

  conversations(): Promise<ConversationSummary[]> {
    return request<ConversationSummary[]>(this.path('conversations/'), { token: this.token });
  }

  messages(conversationId: number, limit = 50, beforeId?: number): Promise<Message[]> {
    return request<Message[]>(messagesPath(this.hotel, conversationId, limit, beforeId), { token: this.token });
  }

  assign(conversationId: number): Promise<AssignReply> {
    return request<AssignReply>(this.path(`conversations/${conversationId}/assign-staff/`), { method: 'POST', token: this.token });
  }

  send(conversationId: number, message: string, clientMessageId: string): Promise<SendReply> {
    const body: SendBody = { message, client_message_id: clientMessageId };
    return request<SendReply>(this.path(`conversations/${conversationId}/messages/send/`), { method: 'POST', token: this.token, body });
  }

  markRead(conversationId: number): Promise<MarkReadReply> {
    return request<MarkReadReply>(this.path(`conversations/${conversationId}/mark-read/`), { method: 'POST', token: this.token });
  }

  markUnread(conversationId: number): Promise<MarkUnreadReply> {
    return request<MarkUnreadReply>(this.path(`conversations/${conversationId}/mark-unread/`), { method: 'POST', token: this.token });
  }

  /** Hands the conversation back to the team; `reason` (optional, ≤ 200 characters) is for colleagues only. */
  release(conversationId: number, reason: string): Promise<ReleaseReply> {
    const trimmed = reason.trim();
    const body: ReleaseBody = trimmed ? { reason: trimmed } : {};
    return request<ReleaseReply>(this.path(`conversations/${conversationId}/release/`), { method: 'POST', token: this.token, body });
  }

  assignments(conversationId: number): Promise<Assignment[]> {
    return request<Assignment[]>(this.path(`conversations/${conversationId}/assignments/`), { token: this.token });
  }

  /** Who is on duty, and whether I am. */
  roster(): Promise<RosterReply> {
    return request<RosterReply>(this.path('duty/'), { token: this.token });
  }

  /** Clock in or out; clocking out releases what I handle, each with its handoff note. */
  setDuty(body: DutyBody): Promise<DutyReply> {
    return request<DutyReply>(this.path('duty/'), { method: 'POST', token: this.token, body });
  }

  notes(conversationId: number): Promise<Note[]> {
    return request<Note[]>(this.path(`conversations/${conversationId}/notes/`), { token: this.token });
  }

  addNote(conversationId: number, note: string): Promise<Note> {
    return request<Note>(this.path(`conversations/${conversationId}/notes/`), { method: 'POST', token: this.token, body: { note } });
  }

  resolve(conversationId: number, resolved: boolean): Promise<ResolveReply> {
    const body: ResolveBody = { resolved };
    return request<ResolveReply>(this.path(`conversations/${conversationId}/resolve/`), { method: 'POST', token: this.token, body });
  }

  alerts(conversationId: number): Promise<AlertLogEntry[]> {
    return request<AlertLogEntry[]>(this.path(`conversations/${conversationId}/alerts/`), { token: this.token });
  }
}
