// The staff calls of the desk day: quick replies, the stay panel, search and transcripts.
import { request } from '../shared/api.js';
import type { RenderedQuickReply, SearchReply, StayPanel, StayPatch } from '../../src/contract/desk-day-types.js';
import type { StaffApi } from './staff-api.js';

export class DeskDayApi {
  constructor(private readonly api: Pick<StaffApi, 'token' | 'hotel'>) {}

  private path(rest: string): string {
    return `/chat/${encodeURIComponent(this.api.hotel)}/${rest}`;
  }

  quickReplies(conversationId: number): Promise<RenderedQuickReply[]> {
    return request<RenderedQuickReply[]>(this.path(`conversations/${conversationId}/quick-replies/`), { token: this.api.token });
  }

  stay(conversationId: number): Promise<StayPanel> {
    return request<StayPanel>(this.path(`conversations/${conversationId}/stay/`), { token: this.api.token });
  }

  updateStay(conversationId: number, patch: StayPatch): Promise<StayPanel> {
    return request<StayPanel>(this.path(`conversations/${conversationId}/stay/`), { method: 'PATCH', token: this.api.token, body: patch });
  }

  search(q: string, signal?: AbortSignal): Promise<SearchReply> {
    return request<SearchReply>(this.path(`search/?q=${encodeURIComponent(q)}&limit=20`), { token: this.api.token, ...(signal && { signal }) });
  }

  transcriptPath(conversationId: number): string {
    return this.path(`conversations/${conversationId}/transcript/`);
  }
}
