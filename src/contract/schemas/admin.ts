import { Type } from 'typebox';
import { Nullable } from './common.js';
import { CheckInStayFields } from './desk-day.js';

const name = Type.String({ maxLength: 100 });

export const CreateStaffBody = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64 }),
    password: Type.String({ minLength: 10, maxLength: 200 }),
    first_name: name,
    last_name: name,
    role: name,
    profile_image: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    is_manager: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdateStaffBody = Type.Object(
  {
    password: Type.Optional(Type.String({ minLength: 10, maxLength: 200 })),
    first_name: Type.Optional(name),
    last_name: Type.Optional(name),
    role: Type.Optional(name),
    profile_image: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    is_manager: Type.Optional(Type.Boolean()),
    is_active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const CheckInBody = Type.Object({ guest_name: Type.String({ minLength: 1, maxLength: 120 }), ...CheckInStayFields }, { additionalProperties: false });
export const CheckInReply = Type.Object({ room_number: Type.Integer(), guest_name: Type.String(), pin: Type.String(), conversation_id: Type.Integer() });
export const CheckOutReply = Type.Object({ room_number: Type.Integer(), conversation_id: Nullable(Type.Integer()), checked_out: Type.Boolean() });
