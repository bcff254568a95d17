// Handoff analytics on the wire (docs/analytics.md defines every figure). Durations are seconds,
// rounded to a tenth; null when there is nothing to measure.
import { Type } from 'typebox';
import { Nullable } from './common.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description: "A calendar day on the hotel's clock, YYYY-MM-DD" });

export const AnalyticsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ ...Day, description: 'First day (inclusive); default: 29 days before `to`' })),
    to: Type.Optional(Type.String({ ...Day, description: "Last day (inclusive); default: today on the hotel's clock. At most 366 days in all" })),
  },
  { additionalProperties: false },
);

export const ANALYTICS_CSV_REPORTS = [
  'first-response-by-day', 'first-response-by-staff', 'handoffs', 'reply-after-handoff',
  'orphaned-by-day', 'orphaned-by-staff', 'shift-changes', 'staff-load',
] as const;
export type AnalyticsCsvReport = (typeof ANALYTICS_CSV_REPORTS)[number];

export const AnalyticsCsvQuery = Type.Object(
  {
    report: Type.Enum(ANALYTICS_CSV_REPORTS, { description: 'Which table to export' }),
    from: AnalyticsQuery.properties.from,
    to: AnalyticsQuery.properties.to,
  },
  { additionalProperties: false },
);

const seconds = (description: string) => Nullable(Type.Number(), { description });
const durationFields = {
  count: Type.Integer({ description: 'How many were measured' }),
  p50_seconds: seconds('Median'),
  p90_seconds: seconds('90th percentile (continuous)'),
  mean_seconds: seconds('Mean'),
};
export const Durations = Type.Object(durationFields);
const waitFields = { ...durationFields, unanswered: Type.Integer({ description: 'Not answered (yet)' }) };
const staffFields = { staff_id: Type.Integer(), name: Type.String() };

export const AnalyticsReply = Type.Object({
  hotel_slug: Type.String(),
  from: Day,
  to: Day,
  time_zone: Type.String({ description: 'The zone the days are counted in' }),
  first_response: Type.Object({
    overall: Type.Object(waitFields),
    by_day: Type.Array(Type.Object({ day: Day, ...waitFields })),
    by_staff: Type.Array(Type.Object({ ...staffFields, ...durationFields }), { description: 'By who sent the reply that ended the wait' }),
  }, { description: 'From a guest message that starts a wait to the first staff reply' }),
  handoffs: Type.Object({
    conversations: Type.Integer({ description: 'Conversations started in the window' }),
    handoffs: Type.Integer(),
    mean: Nullable(Type.Number()),
    distribution: Type.Array(Type.Object({ handoffs: Type.Integer(), conversations: Type.Integer() })),
  }, { description: 'How often a conversation left someone’s hands (taken over, or released)' }),
  reply_after_handoff: Type.Object({
    overall: Type.Object(waitFields),
    by_kind: Type.Array(Type.Object({ kind: Type.Union([Type.Literal('released'), Type.Literal('taken_over')]), ...waitFields })),
  }, { description: 'From a handoff to the next staff message in the conversation' }),
  orphaned: Type.Object({
    released: Type.Integer({ description: 'Conversations released by a clock-out' }),
    covered: Type.Integer({ description: 'Of those, taken by someone since' }),
    wait: Type.Object({ ...durationFields, max_seconds: seconds('Longest wait for cover') }),
    by_staff: Type.Array(Type.Object({ ...staffFields, released: Type.Integer(), covered: Type.Integer() }), { description: 'By who clocked out' }),
    by_day: Type.Array(Type.Object({ day: Day, released: Type.Integer(), covered: Type.Integer(), p50_seconds: seconds('Median wait for cover') })),
  }),
  shift_changes: Type.Array(Type.Object({
    at: Type.String({ format: 'date-time' }),
    ...staffFields,
    on_duty: Type.Boolean({ description: 'true: clocked in; false: clocked out' }),
    waiting: Type.Integer({ description: 'Conversations whose guest waited for an answer at that moment' }),
    needs_cover: Type.Integer({ description: 'Conversations released and not yet taken (this clock-out’s included)' }),
  })),
  staff_load: Type.Array(Type.Object({
    ...staffFields,
    role: Type.String(),
    is_active: Type.Boolean(),
    conversations: Type.Integer({ description: 'Conversations they wrote in' }),
    messages: Type.Integer({ description: 'Messages they sent' }),
    handoffs_received: Type.Integer({ description: 'Times they became the handler of a conversation someone had handled before' }),
    handoffs_given: Type.Integer({ description: 'Times a conversation left their hands' }),
    alerts: Type.Integer({ description: 'Reply alerts sent to them as the handler' }),
  })),
  alerts: Type.Array(Type.Object({ kind: Type.String(), audience: Type.String(), count: Type.Integer() }), { description: 'Desk alerts sent, by kind and audience' }),
});
