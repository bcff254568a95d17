// Desk-day records as the contract's JSON (schemas/desk-day.ts).
import type { Static } from 'typebox';
import type { DeskDaySettings as Settings, QuickReply as Reply, StayDetails } from '../domain/desk-day-ports.js';
import type { DeskDaySettings, QuickReply, StayPanel } from './schemas/desk-day.js';

export const presentQuickReply = (q: Reply): Static<typeof QuickReply> => ({ id: q.id, shortcut: q.shortcut, title: q.title, texts: q.texts, updated_at: q.updatedAt.toISOString() });

export const presentDeskDaySettings = (s: Settings): Static<typeof DeskDaySettings> => ({
  default_language: s.defaultLanguage,
  placeholder_values: s.placeholderValues,
  desk_hours: s.deskHours,
  after_hours_texts: s.afterHoursTexts,
  emergency_number: s.emergencyNumber,
});

export function presentStay(s: StayDetails & { today: string; timeZone: string }): Static<typeof StayPanel> {
  return {
    room_number: s.roomNumber,
    guest_name: s.guestName,
    checked_in_at: s.checkedInAt.toISOString(),
    checked_out_at: s.checkedOutAt?.toISOString() ?? null,
    expected_departure: s.expectedDeparture,
    language: s.language,
    vip: s.vip,
    note: s.note,
    today: s.today,
    time_zone: s.timeZone,
  };
}
