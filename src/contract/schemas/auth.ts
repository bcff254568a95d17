import { Type } from 'typebox';
import { HandlerInfo, Staff } from './common.js';

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const LoginReply = Type.Object({ token: Type.String(), staff: Staff, expires_at: Type.String({ format: 'date-time' }) });

export const InitializeBody = Type.Object(
  {
    pin: Type.String({ minLength: 1, maxLength: 12 }),
    session_token: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const sessionFields = {
  conversation_id: Type.Integer(),
  room_number: Type.Integer(),
  hotel_slug: Type.String(),
  hotel_name: Type.String(),
  pusher_channel: Type.String(),
  current_staff_handler: HandlerInfo,
  guest_name: Type.String(),
};

export const InitializeReply = Type.Object({ session_token: Type.String(), is_new_session: Type.Boolean(), ...sessionFields });
export const ValidateReply = Type.Object({ valid: Type.Literal(true), ...sessionFields });
export const ValidateFailure = Type.Object({ valid: Type.Literal(false), reason: Type.String(), error: Type.String(), code: Type.String() });
export const SessionTokenParams = Type.Object({ session_token: Type.String({ minLength: 1, maxLength: 200 }) });
