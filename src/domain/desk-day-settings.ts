// A hotel's desk-day settings, set by its managers: the default language, the hotel's own
// placeholder values (the wifi password…), desk hours and the automatic reply outside them.
import { requireHotel, requireManagerOf } from './access.js';
import type { Actor } from './actor.js';
import { WEEKDAYS, type DeskDaySettings, type WeekHours } from './desk-day-ports.js';
import { HOURS_PATTERN, minuteOf } from './desk-hours.js';
import { AppError } from './errors.js';
import { canonicalLanguage } from './guest-entry.js';
import { BUILT_IN_PLACEHOLDERS, checkTexts, PLACEHOLDER_NAME, plainText } from './placeholders.js';
import type { Deps } from './ports.js';

export const MAX_PLACEHOLDER_VALUES = 30;
export const MAX_PLACEHOLDER_VALUE = 500;
export const MAX_AFTER_HOURS_TEXT = 1000;
const PHONE = /^[0-9+() ./-]{3,40}$/;

export async function getDeskDaySettings(deps: Deps, actor: Actor | null, hotelSlug: string): Promise<DeskDaySettings> {
  requireManagerOf(actor, hotelSlug);
  return deps.store.read(async (r) => r.deskDay.settings((await requireHotel(r, hotelSlug)).id));
}

export async function updateDeskDaySettings(deps: Deps, actor: Actor | null, hotelSlug: string, patch: Partial<DeskDaySettings>): Promise<DeskDaySettings> {
  requireManagerOf(actor, hotelSlug);
  const checked: Partial<DeskDaySettings> = {};
  if (patch.defaultLanguage !== undefined) checked.defaultLanguage = canonicalLanguage(patch.defaultLanguage);
  if (patch.placeholderValues !== undefined) checked.placeholderValues = checkValues(patch.placeholderValues);
  if (patch.deskHours !== undefined) checked.deskHours = patch.deskHours === null ? null : checkHours(patch.deskHours);
  if (patch.afterHoursTexts !== undefined) checked.afterHoursTexts = checkTexts(patch.afterHoursTexts, 'The automatic reply', { maxLength: MAX_AFTER_HOURS_TEXT, min: 0 });
  if (patch.emergencyNumber !== undefined) {
    const n = patch.emergencyNumber === null ? '' : patch.emergencyNumber.trim();
    if (n !== '' && !PHONE.test(n)) throw new AppError('invalid_request', 'emergency_number is a phone number: digits, spaces and + ( ) . / -, 3–40 characters.');
    checked.emergencyNumber = n === '' ? null : n;
  }
  return deps.store.transaction(async (tx) => {
    const hotel = await requireHotel(tx, hotelSlug);
    const next = { ...(await tx.deskDay.settings(hotel.id)), ...checked };
    await tx.deskDay.saveSettings(hotel.id, next, deps.clock.now());
    return next;
  });
}

function checkValues(values: Readonly<Record<string, string>>): Record<string, string> {
  const entries = Object.entries(values);
  if (entries.length > MAX_PLACEHOLDER_VALUES) throw new AppError('invalid_request', `A hotel has at most ${MAX_PLACEHOLDER_VALUES} placeholder values.`);
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (!PLACEHOLDER_NAME.test(name)) throw new AppError('invalid_request', `"${name.slice(0, 40)}" is not a placeholder name: lowercase letters, digits and _, starting with a letter.`);
    if ((BUILT_IN_PLACEHOLDERS as readonly string[]).includes(name)) throw new AppError('invalid_request', `{${name}} is filled by Concierge itself; choose another name.`);
    out[name] = plainText(value, `{${name}}`, MAX_PLACEHOLDER_VALUE);
  }
  return out;
}

function checkHours(hours: WeekHours): WeekHours {
  const out: WeekHours = {};
  for (const [day, h] of Object.entries(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) throw new AppError('invalid_request', `"${day.slice(0, 10)}" is not a weekday (sun, mon, … sat).`);
    if (h === null || h === undefined) {
      out[day as (typeof WEEKDAYS)[number]] = null;
      continue;
    }
    if (!HOURS_PATTERN.test(h.opens) || !HOURS_PATTERN.test(h.closes) || h.opens === '24:00' || minuteOf(h.opens) >= minuteOf(h.closes)) {
      throw new AppError('invalid_request', `Desk hours of ${day}: opens and closes are "HH:MM" (closes may be "24:00"), and it opens before it closes.`);
    }
    out[day as (typeof WEEKDAYS)[number]] = { opens: h.opens, closes: h.closes };
  }
  if (!Object.values(out).some((h) => h)) throw new AppError('invalid_request', 'Desk hours need at least one open day (or null: no desk hours).');
  return out;
}
