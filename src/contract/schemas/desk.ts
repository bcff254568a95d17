// The shared front desk: duty, notes between staff, resolving, alerts, what the guest is told.
import { Type } from 'typebox';
import { ALERT_KINDS } from '../../domain/ports.js';
import { Nullable, StaffInfo } from './common.js';
import { TimeZone } from './guest-entry.js';

export const AlertKindSchema = Type.Enum(ALERT_KINDS, { description: 'cover: nobody handles it; reply: the guest waits for an answer' });
export const AlertAudience = Type.Union([Type.Literal('handler'), Type.Literal('on-duty'), Type.Literal('manager')]);

export const Note = Type.Object({
  id: Type.Integer(),
  conversation_id: Type.Integer(),
  author: StaffInfo,
  note: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
});
export const NoteBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 8000, description: '1–2,000 characters after trimming; staff only' }) }, { additionalProperties: false });

export const DutyBody = Type.Object(
  {
    on_duty: Type.Boolean(),
    note: Type.Optional(Type.String({ maxLength: 200, description: 'Clocking out: one handoff note for every conversation released' })),
    notes: Type.Optional(
      Type.Array(Type.Object({ conversation_id: Type.Integer({ minimum: 1 }), note: Type.String({ maxLength: 200 }) }, { additionalProperties: false }), {
        maxItems: 500,
        description: 'Clocking out: a handoff note per conversation',
      }),
    ),
  },
  { additionalProperties: false },
);

export const OnDutyMember = Type.Intersect([StaffInfo, Type.Object({ is_manager: Type.Boolean(), since: Type.String({ format: 'date-time' }) })]);

export const DutyReply = Type.Object({
  staff: StaffInfo,
  on_duty: Type.Boolean(),
  released: Type.Array(Type.Object({ conversation_id: Type.Integer(), room_number: Type.Integer(), note: Nullable(Type.String()) })),
});

export const RosterReply = Type.Object({ on_duty: Type.Array(OnDutyMember), me_on_duty: Type.Boolean() });

export const ResolveBody = Type.Object({ resolved: Type.Optional(Type.Boolean({ default: true })) }, { additionalProperties: false });
export const ResolveReply = Type.Object({ conversation_id: Type.Integer(), resolved: Type.Boolean(), resolved_at: Nullable(Type.String({ format: 'date-time' })) });

export const AlertLogEntry = Type.Object({ kind: AlertKindSchema, audience: Type.String(), waited_seconds: Type.Integer(), at: Type.String({ format: 'date-time' }) });

const minutes = (description: string) => Type.Integer({ minimum: 1, maximum: 240, description });
export const DeskSettings = Type.Object({
  cover_alert_minutes: minutes('A conversation nobody handles alerts everyone on duty after this long, then the managers after as long again'),
  reply_alert_minutes: minutes('A guest nobody answers alerts the handler after this long, then everyone on duty, then the managers'),
  vip_reply_alert_minutes: minutes('The same for a VIP stay'),
  time_zone: TimeZone,
});
export const DeskSettingsPatch = Type.Partial(DeskSettings, { additionalProperties: false });
export const VipBody = Type.Object({ vip: Type.Boolean() }, { additionalProperties: false });
export const VipReply = Type.Object({ room_number: Type.Integer(), vip: Type.Boolean() });

export const AvailabilityReply = Type.Object({
  on_duty_count: Type.Integer({ description: 'Staff on duty now' }),
  typical_reply_minutes: Nullable(Type.Integer({ description: 'Median minutes to a staff reply over the last week; null without any' })),
});
