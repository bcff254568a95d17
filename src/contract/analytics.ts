// Presents the handoff analytics: the JSON of schemas/analytics.ts, and each table as CSV.
import type { Static } from 'typebox';
import type { Durations, StaffName } from '../domain/analytics-ports.js';
import type { HotelAnalytics } from '../domain/analytics.js';
import type { AnalyticsCsvReport, AnalyticsReply } from './schemas/analytics.js';

type Reply = Static<typeof AnalyticsReply>;

const tenth = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
const durations = (d: Durations) => ({ count: d.count, p50_seconds: tenth(d.p50), p90_seconds: tenth(d.p90), mean_seconds: tenth(d.mean) });
const staff = (s: StaffName) => ({ staff_id: s.staffId, name: `${s.firstName} ${s.lastName}`.trim() });

export function presentAnalytics(a: HotelAnalytics): Reply {
  return {
    hotel_slug: a.hotelSlug,
    from: a.from,
    to: a.to,
    time_zone: a.timeZone,
    first_response: {
      overall: { ...durations(a.firstResponse.overall), unanswered: a.firstResponse.overall.unanswered },
      by_day: a.firstResponse.byDay.map((d) => ({ day: d.day, ...durations(d), unanswered: d.unanswered })),
      by_staff: a.firstResponse.byStaff.map((s) => ({ ...staff(s), ...durations(s) })),
    },
    handoffs: {
      conversations: a.handoffs.conversations,
      handoffs: a.handoffs.handoffs,
      mean: a.handoffs.mean === null ? null : Math.round(a.handoffs.mean * 100) / 100,
      distribution: a.handoffs.distribution,
    },
    reply_after_handoff: {
      overall: { ...durations(a.replyAfterHandoff.overall), unanswered: a.replyAfterHandoff.overall.unanswered },
      by_kind: a.replyAfterHandoff.byKind.map((k) => ({ kind: k.kind, ...durations(k), unanswered: k.unanswered })),
    },
    orphaned: {
      released: a.orphaned.released,
      covered: a.orphaned.covered,
      wait: { ...durations(a.orphaned.wait), max_seconds: tenth(a.orphaned.wait.max) },
      by_staff: a.orphaned.byStaff.map((s) => ({ ...staff(s), released: s.released, covered: s.covered })),
      by_day: a.orphaned.byDay.map((d) => ({ day: d.day, released: d.released, covered: d.covered, p50_seconds: tenth(d.p50) })),
    },
    shift_changes: a.shiftChanges.map((c) => ({ at: c.at.toISOString(), ...staff(c), on_duty: c.onDuty, waiting: c.waiting, needs_cover: c.needsCover })),
    staff_load: a.staffLoad.map((s) => ({
      ...staff(s), role: s.role, is_active: s.isActive, conversations: s.conversations, messages: s.messages,
      handoffs_received: s.handoffsReceived, handoffs_given: s.handoffsGiven, alerts: s.alerts,
    })),
    alerts: a.alerts,
  };
}

type Cell = string | number | boolean | null;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text a spreadsheet
 * would run as a formula (starting with = + - @, or a tab or carriage return) gets a leading
 * apostrophe, so a staff name like "=HYPERLINK(…)" stays text.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csv = (header: string[], rows: Cell[][]): string => [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** One table of the reply as CSV. */
export function analyticsCsv(r: Reply, report: AnalyticsCsvReport): string {
  const d = ['count', 'p50_seconds', 'p90_seconds', 'mean_seconds'];
  const dv = (x: { count: number; p50_seconds: number | null; p90_seconds: number | null; mean_seconds: number | null }): Cell[] => [x.count, x.p50_seconds, x.p90_seconds, x.mean_seconds];
  switch (report) {
    case 'first-response-by-day':
      return csv(['day', ...d, 'unanswered'], r.first_response.by_day.map((x) => [x.day, ...dv(x), x.unanswered]));
    case 'first-response-by-staff':
      return csv(['staff_id', 'name', ...d], r.first_response.by_staff.map((x) => [x.staff_id, x.name, ...dv(x)]));
    case 'handoffs':
      return csv(['handoffs', 'conversations'], r.handoffs.distribution.map((x) => [x.handoffs, x.conversations]));
    case 'reply-after-handoff':
      return csv(['kind', ...d, 'unanswered'], [
        ['all', ...dv(r.reply_after_handoff.overall), r.reply_after_handoff.overall.unanswered],
        ...r.reply_after_handoff.by_kind.map((x): Cell[] => [x.kind, ...dv(x), x.unanswered]),
      ]);
    case 'orphaned-by-day':
      return csv(['day', 'released', 'covered', 'p50_seconds'], r.orphaned.by_day.map((x) => [x.day, x.released, x.covered, x.p50_seconds]));
    case 'orphaned-by-staff':
      return csv(['staff_id', 'name', 'released', 'covered'], r.orphaned.by_staff.map((x) => [x.staff_id, x.name, x.released, x.covered]));
    case 'shift-changes':
      return csv(['at', 'staff_id', 'name', 'on_duty', 'waiting', 'needs_cover'], r.shift_changes.map((x) => [x.at, x.staff_id, x.name, x.on_duty, x.waiting, x.needs_cover]));
    case 'staff-load':
      return csv(
        ['staff_id', 'name', 'role', 'is_active', 'conversations', 'messages', 'handoffs_received', 'handoffs_given', 'alerts'],
        r.staff_load.map((x) => [x.staff_id, x.name, x.role, x.is_active, x.conversations, x.messages, x.handoffs_received, x.handoffs_given, x.alerts]),
      );
  }
}
