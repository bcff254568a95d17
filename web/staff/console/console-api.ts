// The console's calls: the administration routes (staff, rooms, check-in and out, desk settings)
// for one signed-in manager and hotel, and the invitation page's two calls (no sign-in).
import type { Static } from 'typebox';
import { request } from '../../shared/api.js';
import type { CheckInReply, CheckOutReply, LoginReply, Staff } from '../../shared/contract.js';
import type * as Schemas from '../../../src/contract/schemas/console.js';
import type * as Desk from '../../../src/contract/schemas/desk.js';

export type ConsoleStaff = Static<typeof Schemas.ConsoleStaff>;
export type ConsoleRoom = Static<typeof Schemas.ConsoleRoom>;
export type LinkReply = Static<typeof Schemas.LinkReply>;
export type InviteInfo = Static<typeof Schemas.InviteInfo>;
export type InviteBody = Static<typeof Schemas.InviteBody>;
export type DeskSettings = Static<typeof Desk.DeskSettings>;

export function describeInvite(token: string): Promise<InviteInfo> {
  return request<InviteInfo>('/auth/invite/', { method: 'POST', body: { token } });
}

export function acceptInvite(token: string, password: string): Promise<LoginReply> {
  return request<LoginReply>('/auth/invite/accept/', { method: 'POST', body: { token, password } });
}

export interface StaffPatch {
  role?: string;
  first_name?: string;
  last_name?: string;
  is_manager?: boolean;
  is_active?: boolean;
}

export class ConsoleApi {
  constructor(
    readonly token: string,
    readonly hotel: string,
  ) {}

  private admin(rest: string): string {
    return `/admin/${encodeURIComponent(this.hotel)}/${rest}`;
  }

  /** Any other path of the hotel's administration, for sections that follow the API as it grows. */
  call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', rest: string, body?: unknown): Promise<T> {
    return request<T>(this.admin(rest), { method, token: this.token, ...(body !== undefined && { body }) });
  }

  staff(): Promise<ConsoleStaff[]> {
    return request<ConsoleStaff[]>(this.admin('staff/'), { token: this.token });
  }

  invite(body: InviteBody): Promise<LinkReply> {
    return request<LinkReply>(this.admin('staff/invite/'), { method: 'POST', token: this.token, body });
  }

  updateStaff(id: number, body: StaffPatch): Promise<Staff> {
    return request<Staff>(this.admin(`staff/${id}/`), { method: 'PATCH', token: this.token, body });
  }

  resetPassword(id: number): Promise<LinkReply> {
    return request<LinkReply>(this.admin(`staff/${id}/reset-password/`), { method: 'POST', token: this.token });
  }

  rooms(): Promise<ConsoleRoom[]> {
    return request<ConsoleRoom[]>(this.admin('rooms/'), { token: this.token });
  }

  addRoom(roomNumber: number): Promise<ConsoleRoom> {
    return request<ConsoleRoom>(this.admin('rooms/'), { method: 'POST', token: this.token, body: { room_number: roomNumber } });
  }

  checkIn(roomNumber: number, guestName: string): Promise<CheckInReply> {
    return request<CheckInReply>(this.admin(`rooms/${roomNumber}/check-in/`), { method: 'POST', token: this.token, body: { guest_name: guestName } });
  }

  checkOut(roomNumber: number): Promise<CheckOutReply> {
    return request<CheckOutReply>(this.admin(`rooms/${roomNumber}/check-out/`), { method: 'POST', token: this.token });
  }

  deskSettings(): Promise<DeskSettings> {
    return request<DeskSettings>(`/chat/${encodeURIComponent(this.hotel)}/desk/settings/`, { token: this.token });
  }

  updateDeskSettings(body: Partial<DeskSettings>): Promise<DeskSettings> {
    return request<DeskSettings>(this.admin('desk/settings/'), { method: 'PATCH', token: this.token, body });
  }
}

/** The whole link, on the server the console runs on. */
export const absolute = (path: string): string => new URL(path, window.location.origin).href;

/** The link a guest opens (with the room's PIN) to chat with the desk. */
export const guestLink = (hotel: string, room: number): string => absolute(`/guest/${encodeURIComponent(hotel)}/${room}`);
