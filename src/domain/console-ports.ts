// What the manager's console needs from storage (db/repositories/console-repository.ts implements it).
import type { StaffMember } from './ports.js';

/** An invitation (a new account) or a password reset: both are a one-time link to choose a password. */
export const INVITE_PURPOSES = ['invite', 'reset'] as const;
export type InvitePurpose = (typeof INVITE_PURPOSES)[number];

/** The newest link of a staff member not used yet (it may have expired). */
export interface OpenInvite {
  purpose: InvitePurpose;
  createdAt: Date;
  expiresAt: Date;
}

/** A staff member as the manager's list shows them. */
export interface StaffListing extends StaffMember {
  /** Whether the account has a password one can sign in with (an invited account has none yet). */
  hasPassword: boolean;
  /** On duty since then; null when off duty. */
  onDutySince: Date | null;
  invite: OpenInvite | null;
}

export interface RoomListing {
  number: number;
  /** The current stay, if a guest is checked in. */
  stay: { guestName: string; checkedInAt: Date; vip: boolean; conversationId: number | null } | null;
}

export interface ConsoleRepository {
  /** The hotel's staff, or only `staffId` when given. */
  listStaff(hotelId: number, staffId?: number): Promise<StaffListing[]>;
  listRooms(hotelId: number): Promise<RoomListing[]>;
  /** False when the hotel has that room already. */
  addRoom(hotelId: number, number: number): Promise<boolean>;
  openInvite(staffId: number): Promise<OpenInvite | undefined>;
  insertInvite(i: { hotelId: number; staffId: number; tokenHash: string; purpose: InvitePurpose; createdBy: number | null; at: Date; expiresAt: Date }): Promise<void>;
  /** Ends every unused link of this staff member (a new link, a deactivation or a new password replaces them). */
  closeInvites(staffId: number, at: Date): Promise<void>;
  /** The staff member an unused, unexpired link is for. */
  findInvite(tokenHash: string, now: Date): Promise<{ staff: StaffMember; purpose: InvitePurpose; expiresAt: Date } | undefined>;
  /** Marks the link used in one statement, so of two concurrent uses one wins; undefined when it was used or expired. */
  useInvite(tokenHash: string, now: Date): Promise<{ staffId: number; hotelId: number; purpose: InvitePurpose } | undefined>;
}
