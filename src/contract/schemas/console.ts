// The manager's console: staff listing and invitations, the invitation page, rooms with their stays.
import { Type, type Static } from 'typebox';
import type { IssuedLink } from '../../domain/console.js';
import type { RoomListing, StaffListing } from '../../domain/console-ports.js';
import { presentStaff } from '../presenters.js';
import { INVITE_PURPOSES } from '../../domain/console-ports.js';
import { Nullable, Staff } from './common.js';

const name = Type.String({ maxLength: 100 });
const time = Type.String({ format: 'date-time' });
export const InvitePurpose = Type.Enum(INVITE_PURPOSES);

export const ConsoleStaff = Type.Intersect([
  Staff,
  Type.Object({
    has_password: Type.Boolean({ description: 'False until an invited person has chosen a password' }),
    on_duty: Type.Boolean(),
    on_duty_since: Nullable(time),
    invite: Nullable(
      Type.Object({ purpose: InvitePurpose, created_at: time, expires_at: time, expired: Type.Boolean() }),
      { description: 'The newest link not used yet: an invitation or a password reset (its token is never shown again)' },
    ),
  }),
]);

export const InviteBody = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64 }),
    first_name: name,
    last_name: name,
    role: name,
    is_manager: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const LinkReply = Type.Object({
  staff: ConsoleStaff,
  purpose: InvitePurpose,
  token: Type.String({ description: 'Shown once: only its hash is stored' }),
  path: Type.String({ description: "The link's path on this server (/staff/#invite=…): the staff app opens it" }),
  expires_at: time,
});

export const InviteTokenBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export const InviteInfo = Type.Object({
  purpose: InvitePurpose,
  username: Type.String(),
  name: Type.String(),
  hotel_name: Type.String(),
  expires_at: time,
});
export const AcceptInviteBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const ConsoleRoom = Type.Object({
  room_number: Type.Integer(),
  stay: Nullable(
    Type.Object({ guest_name: Type.String(), checked_in_at: time, vip: Type.Boolean(), conversation_id: Nullable(Type.Integer()) }),
  ),
});
export const AddRoomBody = Type.Object({ room_number: Type.Integer({ minimum: 1, maximum: 99999 }) }, { additionalProperties: false });

// Presenters: the console's records as the wire shows them (the HTTP routes and the CLI both use these).
export function presentConsoleStaff(s: StaffListing, now: Date): Static<typeof ConsoleStaff> {
  return {
    ...presentStaff(s),
    has_password: s.hasPassword,
    on_duty: s.onDutySince !== null,
    on_duty_since: s.onDutySince?.toISOString() ?? null,
    invite: s.invite && {
      purpose: s.invite.purpose,
      created_at: s.invite.createdAt.toISOString(),
      expires_at: s.invite.expiresAt.toISOString(),
      expired: s.invite.expiresAt <= now,
    },
  };
}

/** The link opens the staff app's "choose your password" page; the token rides in the fragment, so no server log records it. */
export const invitePath = (token: string): string => `/staff/#invite=${token}`;

export function presentLink(l: IssuedLink, now: Date): Static<typeof LinkReply> {
  return { staff: presentConsoleStaff(l.staff, now), purpose: l.purpose, token: l.token, path: invitePath(l.token), expires_at: l.expiresAt.toISOString() };
}

export function presentRoom(r: RoomListing): Static<typeof ConsoleRoom> {
  return {
    room_number: r.number,
    stay: r.stay && { guest_name: r.stay.guestName, checked_in_at: r.stay.checkedInAt.toISOString(), vip: r.stay.vip, conversation_id: r.stay.conversationId },
  };
}
