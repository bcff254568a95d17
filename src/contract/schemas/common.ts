// Shapes shared by several resources. Each is declared once and gives validation, types and OpenAPI.
import { Type, type TSchema } from 'typebox';

import { HANDOFF_REASONS, SENDER_TYPES } from '../../domain/ports.js';
import { Attachment } from './attachments.js';

export const Nullable = <T extends TSchema>(t: T, options: { description?: string } = {}) => Type.Union([t, Type.Null()], options);

/** Every union of the contract, declared once: the schemas below and the web apps' types use these. */
export const SenderType = Type.Enum(SENDER_TYPES);
export const HandoffReason = Type.Enum(HANDOFF_REASONS);
/** The reasons someone becomes the handler (a release makes nobody the handler). */
export const AssignReason = Type.Enum(HANDOFF_REASONS.filter((r): r is Exclude<(typeof HANDOFF_REASONS)[number], 'released'> => r !== 'released'));

export const ErrorReply = Type.Object(
  { error: Type.String({ description: 'A sentence for a person' }), code: Type.String({ description: 'A stable machine code' }) },
  { additionalProperties: true },
);

export const HotelSlug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 60 });
export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const HotelParams = Type.Object({ hotel_slug: HotelSlug });
export const ConversationParams = Type.Object({ hotel_slug: HotelSlug, conversation_id: Id });
export const RoomParams = Type.Object({ hotel_slug: HotelSlug, room_number: Type.Integer({ minimum: 1, maximum: 99999 }) });

export const StaffInfo = Type.Object(
  { id: Type.Integer(), name: Type.String(), role: Type.String(), profile_image: Nullable(Type.String()) },
  {},
);

export const Staff = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    name: Type.String(),
    first_name: Type.String(),
    last_name: Type.String(),
    role: Type.String(),
    profile_image: Nullable(Type.String()),
    hotel_slug: Type.String(),
    hotel_name: Type.String(),
    is_manager: Type.Boolean(),
    is_active: Type.Boolean(),
  },
  {},
);

export const Message = Type.Object(
  {
    id: Type.Integer(),
    conversation: Type.Integer(),
    room: Type.Integer(),
    room_number: Type.Integer(),
    sender_type: SenderType,
    staff: Nullable(Type.Integer()),
    staff_name: Nullable(Type.String()),
    staff_display_name: Nullable(Type.String()),
    staff_role_name: Nullable(Type.String()),
    staff_info: Nullable(StaffInfo),
    guest_name: Type.String(),
    message: Type.String(),
    timestamp: Type.String({ format: 'date-time' }),
    status: Type.Union([Type.Literal('delivered'), Type.Literal('read')]),
    read_by_staff: Type.Boolean(),
    read_by_guest: Type.Boolean(),
    staff_read_at: Nullable(Type.String({ format: 'date-time' })),
    guest_read_at: Nullable(Type.String({ format: 'date-time' })),
    delivered_at: Type.String({ format: 'date-time' }),
    client_message_id: Nullable(Type.String()),
    attachment: Type.Optional(Attachment),
  },
  {},
);

export const HandlerInfo = Nullable(Type.Intersect([StaffInfo, Type.Object({ online: Type.Boolean() })]));

/** The standard error answers every route may give, by status. */
export const errors = (...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 429 | 503>) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorReply]));
